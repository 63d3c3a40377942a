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

#[cfg(test)]
mod tests {
    use super::*;

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
