//! OAuth 2.0 client-credentials token exchange.

use serde::{Deserialize, Serialize};

/// `POST /es/v2/oauth/client-token` body. The secret is a server-side credential: never stored.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientTokenRequest {
    pub client_id: String,
    pub client_secret: String,
}

// Hand-written so a secret can never reach a log through `{:?}`.
impl std::fmt::Debug for ClientTokenRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientTokenRequest").field("client_id", &self.client_id).field("client_secret", &"<redacted>").finish()
    }
}

/// The token response; `expiry` is the lifetime in seconds.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientToken {
    pub access_token: String,
    pub token_type: String,
    pub expiry: u64,
}

impl std::fmt::Debug for ClientToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientToken")
            .field("access_token", &"<redacted>")
            .field("token_type", &self.token_type)
            .field("expiry", &self.expiry)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_sample_token_request_parses() {
        let raw = r#"{"clientId": "sv1bF0b1dJ1e4chd", "clientSecret": "B3dbXd61f122Of3db9dP0Hd6d547da02"}"#;
        let req: ClientTokenRequest = serde_json::from_str(raw).unwrap();
        assert_eq!(req.client_id, "sv1bF0b1dJ1e4chd");
        assert!(!format!("{req:?}").contains("B3db"), "Debug must not print the secret");
    }

    #[test]
    fn token_response_uses_documented_names() {
        let t = ClientToken { access_token: "abc".into(), token_type: "Bearer".into(), expiry: 86400 };
        let v = serde_json::to_value(&t).unwrap();
        assert_eq!(v, serde_json::json!({"accessToken": "abc", "tokenType": "Bearer", "expiry": 86400}));
    }
}
