//! Connections: a pipe from a source connector to a destination connector.

use crate::{ConfigValues, ConnectionStatus};
use serde::{Deserialize, Serialize};

/// One end of a connection as the list and detail responses show it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorRef {
    #[serde(default)]
    pub configured: bool,
    pub connector_id: String,
    #[serde(default)]
    pub connector_logo: String,
    #[serde(default)]
    pub connector_name: String,
}

/// `GET /es/v2/connections` items and `GET /es/v2/connections/<id>`.
///
/// Extensions (absent from list items): `deletedTime` while deleted, and on the detail response
/// the non-secret `srcConnectionConfig` / `destConnectionConfig` values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub account_id: String,
    pub created_time: i64,
    #[serde(default)]
    pub deleted: bool,
    pub dest: ConnectorRef,
    #[serde(default)]
    pub editable: bool,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub env: String,
    pub id: String,
    #[serde(default)]
    pub monthly_volume: u64,
    pub name: String,
    pub src: ConnectorRef,
    pub status: ConnectionStatus,
    #[serde(default)]
    pub total_volume: u64,
    #[serde(default)]
    pub updated_time: i64,
    #[serde(default)]
    pub used_volume: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src_connection_config: Option<ConfigValues>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dest_connection_config: Option<ConfigValues>,
}

/// `POST /es/v2/connections`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewConnection {
    #[serde(default)]
    pub dest_configuration_id: Option<String>,
    #[serde(default)]
    pub dest_connection_config: ConfigValues,
    pub dest_connector_id: String,
    pub name: String,
    #[serde(default)]
    pub src_configuration_id: Option<String>,
    #[serde(default)]
    pub src_connection_config: ConfigValues,
    pub src_connector_id: String,
}

/// `PUT /es/v2/connections/<id>`: name and configs only. The connector ids are accepted so that a
/// request that tries to change them gets a clear 422 instead of a generic unknown-field error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConnectionUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src_connection_config: Option<ConfigValues>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dest_connection_config: Option<ConfigValues>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src_connector_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dest_connector_id: Option<String>,
}

/// The longest connection name the server accepts.
pub const MAX_CONNECTION_NAME: usize = 100;

/// The name rule both sides apply: required, at most 100 characters, no control characters or
/// bidirectional overrides (they make a name display as something else), and at least one
/// visible character.
pub fn validate_connection_name(name: &str) -> Result<(), String> {
    let n = name.trim().chars().count();
    if n == 0 {
        return Err("Connection name is required".into());
    }
    if n > MAX_CONNECTION_NAME {
        return Err(format!("Connection name must be at most {MAX_CONNECTION_NAME} characters (it has {n})"));
    }
    if name.chars().any(char::is_control) {
        return Err("Connection name must not contain control characters such as line breaks or tabs".into());
    }
    if name.chars().any(is_bidi_control) {
        return Err("Connection name must not contain text-direction override characters".into());
    }
    if name.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err("Connection name must contain visible characters".into());
    }
    Ok(())
}

/// What two names are compared by for "unique ignoring case": Unicode case folded (upper then
/// lower, so `Straße` meets `STRASSE` and `Éclair` meets `éclair`), invisible characters dropped
/// and the ends trimmed.
pub fn connection_name_key(name: &str) -> String {
    let visible: String = name.trim().chars().filter(|c| !is_invisible(*c)).collect();
    visible.to_uppercase().to_lowercase()
}

/// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that render as nothing: zero-width spaces and joiners, direction marks, the
/// byte-order mark, soft hyphen, variation selectors, fillers, tags and blank braille.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn docs_sample_connection_round_trips() {
        let raw = json!({"accountId": "string", "createdTime": 0, "deleted": true,
            "dest": {"configured": true, "connectorId": "string", "connectorLogo": "string", "connectorName": "string"},
            "editable": true, "enabled": true, "env": "string", "id": "string", "monthlyVolume": 0,
            "name": "string",
            "src": {"configured": true, "connectorId": "string", "connectorLogo": "string", "connectorName": "string"},
            "status": "In-progress", "totalVolume": 0, "updatedTime": 0, "usedVolume": 0});
        let c: Connection = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(c.status, ConnectionStatus::InProgress);
        assert_eq!(serde_json::to_value(&c).unwrap(), raw);
    }

    #[test]
    fn docs_sample_create_body_parses() {
        let raw = json!({"destConfigurationId": null,
            "destConnectionConfig": {"advertiserId": "12345", "audienceSource": "USER_PROVIDED_ONLY"},
            "destConnectorId": "13a4e0ca00af0011", "name": "Sample Connection", "srcConfigurationId": null,
            "srcConnectionConfig": {"bucketURI": "s3://snowflake-native-app-test/connectors/sample-csv"},
            "srcConnectorId": "STWkG5hhS3EvG511"});
        let n: NewConnection = serde_json::from_value(raw).unwrap();
        assert_eq!(n.name, "Sample Connection");
        assert_eq!(n.dest_connection_config["advertiserId"], "12345");
    }

    #[test]
    fn docs_sample_update_body_parses_and_unknown_fields_are_refused() {
        let u: ConnectionUpdate = serde_json::from_value(json!({"name": "Sample Connection",
            "srcConnectionConfig": {"bucketURI": "s3://x"}, "destConnectionConfig": {"advertiserId": "123456"}}))
        .unwrap();
        assert_eq!(u.name.as_deref(), Some("Sample Connection"));
        assert!(serde_json::from_value::<ConnectionUpdate>(json!({"nme": "x"})).is_err());
    }

    #[test]
    fn connection_name_rule() {
        assert!(validate_connection_name("  ").unwrap_err().contains("required"));
        assert!(validate_connection_name(&"x".repeat(101)).unwrap_err().contains("100"));
        assert!(validate_connection_name(&"é".repeat(100)).is_ok());
        assert!(validate_connection_name("Ads \u{1F680} — Q3 (EU)").is_ok());
        assert!(validate_connection_name("نقل البيانات").is_ok());
    }

    #[test]
    fn names_that_display_as_something_else_are_refused() {
        assert!(validate_connection_name("line\nbreak").unwrap_err().contains("control"));
        assert!(validate_connection_name("tab\there").unwrap_err().contains("control"));
        assert!(validate_connection_name("bell\u{7}").unwrap_err().contains("control"));
        assert!(validate_connection_name("invoice\u{202E}fdp.exe").unwrap_err().contains("direction"));
        assert!(validate_connection_name("a\u{2066}b").unwrap_err().contains("direction"));
        assert!(validate_connection_name("\u{200B}\u{200B}").unwrap_err().contains("visible"));
        assert!(validate_connection_name(" \u{FEFF}\u{2060} ").unwrap_err().contains("visible"));
        assert!(validate_connection_name("\u{3164}").unwrap_err().contains("visible"));
    }

    #[test]
    fn name_keys_ignore_case_across_scripts() {
        assert_eq!(connection_name_key("Éclair"), connection_name_key("éclair"));
        assert_eq!(connection_name_key("STRASSE"), connection_name_key("Straße"));
        assert_eq!(connection_name_key("ΣΊΣΥΦΟΣ"), connection_name_key("σίσυφος"));
        assert_eq!(connection_name_key(" Daily\u{200B} sync "), connection_name_key("daily sync"));
        assert_ne!(connection_name_key("Daily sync"), connection_name_key("Daily sync 2"));
    }
}
