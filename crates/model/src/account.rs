//! Sub-accounts of an organization.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountEnv {
    pub host: String,
    pub id: String,
    pub name: String,
}

/// `GET /es/v2/accounts/<id>`. `connections` is a string in the docs, and stays one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    #[serde(default)]
    pub connections: String,
    #[serde(default)]
    pub created_time: i64,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub env: AccountEnv,
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub updated_time: i64,
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub user_email: String,
    #[serde(default)]
    pub volume: u64,
}

/// The part of an `Account` a person picks it by: read from the same JSON, every other field
/// skipped (the console's switcher needs no more, and each field read is code in the browser).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: String,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_reads_an_account_and_skips_the_rest() {
        let json = r#"{"connections":"3","createdTime":1,"enabled":true,"env":{},"id":"A1","name":"Brand A","volume":9}"#;
        let s: AccountSummary = serde_json::from_str(json).unwrap();
        assert_eq!(s, AccountSummary { id: "A1".into(), name: "Brand A".into() });
    }

    #[test]
    fn docs_sample_account_round_trips() {
        let raw = serde_json::json!({"connections": "string", "createdTime": 0, "enabled": true,
            "env": {"host": "string", "id": "string", "name": "string"},
            "id": "string", "name": "string", "updatedTime": 0,
            "userId": "string", "userEmail": "string", "volume": 0});
        let a: Account = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(serde_json::to_value(&a).unwrap(), raw);
    }
}
