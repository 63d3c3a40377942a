//! The `{statusCode, statusMessage, response}` envelope every es/v2 response uses.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field key → the messages that say what is wrong with it.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// Every response. `statusCode` is 0 on success and equals the HTTP status on failure.
/// `total` is this server's extension on list responses, so a client can page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    pub status_code: u16,
    #[serde(default)]
    pub status_message: String,
    pub response: T,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
}

impl<T> Envelope<T> {
    pub fn ok(response: T) -> Self {
        Envelope { status_code: 0, status_message: "OK".into(), response, total: None }
    }

    pub fn page(response: T, total: u64) -> Self {
        Envelope { total: Some(total), ..Envelope::ok(response) }
    }
}

/// The `response` of a validation failure: `{"errors": {"<field>": ["message", ...]}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ValidationErrors {
    #[serde(default)]
    pub errors: FieldErrors,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_sample_envelope_round_trips() {
        let raw = r#"{"statusCode":0,"statusMessage":"string","response":{}}"#;
        let env: Envelope<serde_json::Value> = serde_json::from_str(raw).unwrap();
        assert_eq!(env.status_code, 0);
        assert_eq!(serde_json::to_string(&env).unwrap(), raw);
    }

    #[test]
    fn list_envelope_carries_total() {
        let env = Envelope::page(vec![1, 2], 7);
        let v = serde_json::to_value(&env).unwrap();
        assert_eq!(v["total"], 7);
        assert_eq!(v["response"], serde_json::json!([1, 2]));
    }
}
