//! Connector authorization: how a catalog connector authenticates (the Apideck catalog's
//! `auth_type`, `oauth_scopes`, `status`), the OAuth authorization flow's wire types, and custom
//! OAuth connectors with their metadata rule.

use crate::string_enum::string_enum;
use crate::{CatalogConnector, FieldErrors};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

string_enum! {
    /// How a connector authenticates (Apideck `auth_type`).
    AuthType {
        OAuth2 => "oauth2",
        ApiKey => "apiKey",
        Basic => "basic",
        Custom => "custom",
        None => "none",
    }
}

string_enum! {
    /// A connector's release stage (Apideck `status`); `live` and `beta` are callable.
    ReleaseStatus {
        Live => "live",
        Beta => "beta",
        EarlyAccess => "early-access",
        Development => "development",
        Considering => "considering",
    }
}

/// One OAuth scope a connector can ask for; `default` ones are asked for unless others are chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OAuthScope {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub default: bool,
}

/// The authorization extensions of a catalog item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorAuth {
    pub auth_type: AuthType,
    #[serde(default)]
    pub oauth_scopes: Vec<OAuthScope>,
    pub release_status: ReleaseStatus,
}

impl ConnectorAuth {
    /// The scopes asked for when none are chosen.
    pub fn default_scopes(&self) -> Vec<String> {
        self.oauth_scopes.iter().filter(|s| s.default).map(|s| s.id.clone()).collect()
    }
}

/// A catalog item as `GET /es/v2/connectors/all` answers it: the documented fields plus the
/// authorization extensions, side by side in one object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogItem {
    #[serde(flatten)]
    pub connector: CatalogConnector,
    #[serde(flatten)]
    pub auth: ConnectorAuth,
}

string_enum! {
    /// Where an authorization attempt stands.
    AuthorizationOutcome {
        Pending => "pending",
        Authorized => "authorized",
        Denied => "denied",
        Error => "error",
    }
}

/// `POST /es/v2/connectors/authorize/<id>`: optional scopes (default: the connector's defaults)
/// and the console path to come back to when the popup was blocked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthorizeRequest {
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    #[serde(default)]
    pub return_to: Option<String>,
}

/// Where to send the person: the full authorization URL, and the grant it starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthRequest {
    pub authorization_endpoint: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// What starting an authorization answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationStarted {
    pub state: String,
    pub auth_request: AuthRequest,
}

/// `GET .../authorize/<id>/status?state=`: the outcome of one attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationStatus {
    pub state: String,
    pub outcome: AuthorizationOutcome,
    #[serde(default)]
    pub reason: Option<String>,
    /// Whether the provider's answer for this state arrived more than once (the later ones are
    /// refused).
    #[serde(default)]
    pub replayed: bool,
}

/// The message the callback page posts to the console window that opened it.
pub const OAUTH_MESSAGE_TYPE: &str = "madconnect.oauth";

/// A `returnTo` path: same-origin and relative (`/...`, never `//host` or `/\host`), no control
/// characters, at most 512 characters.
pub fn validate_return_to(path: &str) -> Result<(), String> {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && path.len() <= 512
        && !path.chars().any(|c| c.is_control() || c == '\\');
    if ok {
        Ok(())
    } else {
        Err("returnTo must be a path on this site starting with a single \"/\"".into())
    }
}

string_enum! {
    /// A custom connector's state.
    CustomConnectorState {
        Created => "created",
        AuthRequired => "auth_required",
        Connected => "connected",
        Disconnected => "disconnected",
    }
}

/// Up to 16 string pairs attached to an object.
pub type Metadata = BTreeMap<String, String>;

pub const METADATA_MAX_PAIRS: usize = 16;
pub const METADATA_MAX_KEY_CHARS: usize = 64;
pub const METADATA_MAX_VALUE_CHARS: usize = 512;

/// The metadata rule: at most 16 pairs, keys 1–64 characters, values at most 512. Errors are keyed
/// `metadata` (too many pairs) or `metadata.<key>` (that pair), so the message names the key.
pub fn validate_metadata(metadata: &Metadata) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if metadata.len() > METADATA_MAX_PAIRS {
        errors.insert(
            "metadata".into(),
            vec![format!("metadata holds at most {METADATA_MAX_PAIRS} key-value pairs (got {})", metadata.len())],
        );
    }
    for (key, value) in metadata {
        let mut msgs = Vec::new();
        let key_chars = key.chars().count();
        if key.trim().is_empty() {
            msgs.push("metadata keys must not be empty".to_string());
        } else if key_chars > METADATA_MAX_KEY_CHARS {
            msgs.push(format!("metadata key \"{key}\" is {key_chars} characters; the limit is {METADATA_MAX_KEY_CHARS}"));
        }
        let value_chars = value.chars().count();
        if value_chars > METADATA_MAX_VALUE_CHARS {
            msgs.push(format!("metadata value of \"{key}\" is {value_chars} characters; the limit is {METADATA_MAX_VALUE_CHARS}"));
        }
        if !msgs.is_empty() {
            errors.insert(format!("metadata.{key}"), msgs);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// `POST /es/v2/custom-connectors`: the create body, as documented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCustomConnector {
    pub url: String,
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub client_secret: Option<String>,
    #[serde(default)]
    pub metadata: Metadata,
    #[serde(default = "yes")]
    pub match_preset: bool,
}

fn yes() -> bool {
    true
}

/// `PATCH /es/v2/custom-connectors/<id>`: the metadata, replaced whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomConnectorUpdate {
    pub metadata: Metadata,
}

/// `POST /es/v2/custom-connectors/<id>/disconnect`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisconnectRequest {
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /es/v2/custom-connectors/<id>/authorize`: optional scopes and return path.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomAuthorizeRequest {
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    #[serde(default)]
    pub return_to: Option<String>,
}

/// The documented `AuthorizationCodeRequest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorizationCodeRequest {
    pub authorization_endpoint: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// A custom connector as answered (never its secret or tokens).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomConnector {
    pub id: String,
    pub url: String,
    pub client_id: Option<String>,
    pub metadata: Metadata,
    pub match_preset: bool,
    pub state: CustomConnectorState,
    pub auth_request: Option<AuthorizationCodeRequest>,
    pub disconnect_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub created_by: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(n: usize) -> Metadata {
        (0..n).map(|i| (format!("k{i}"), "v".to_string())).collect()
    }

    #[test]
    fn sixteen_pairs_pass_and_seventeen_fail_on_metadata() {
        assert!(validate_metadata(&pairs(16)).is_ok());
        let e = validate_metadata(&pairs(17)).unwrap_err();
        assert_eq!(e.keys().collect::<Vec<_>>(), ["metadata"]);
        assert!(e["metadata"][0].contains("16"), "{e:?}");
    }

    #[test]
    fn a_long_key_is_named() {
        let key = "k".repeat(65);
        let mut m = pairs(1);
        m.insert(key.clone(), "v".into());
        let e = validate_metadata(&m).unwrap_err();
        assert_eq!(e.keys().collect::<Vec<_>>(), [&format!("metadata.{key}")]);
        assert!(e[&format!("metadata.{key}")][0].contains("64"));
        let mut ok = Metadata::new();
        ok.insert("k".repeat(64), "v".repeat(512));
        assert!(validate_metadata(&ok).is_ok(), "the limits themselves are allowed");
    }

    #[test]
    fn a_long_value_names_its_key() {
        let mut m = Metadata::new();
        m.insert("campaign".into(), "é".repeat(513));
        let e = validate_metadata(&m).unwrap_err();
        assert!(e["metadata.campaign"][0].contains("512"), "{e:?}");
    }

    #[test]
    fn empty_keys_fail() {
        let mut m = Metadata::new();
        m.insert(" ".into(), "v".into());
        assert!(validate_metadata(&m).is_err());
    }

    #[test]
    fn return_to_is_a_same_origin_path() {
        assert!(validate_return_to("/connectors?x=1").is_ok());
        for bad in ["https://evil.example/", "//evil.example", "/\\evil.example", "connectors", "/a\nb", ""] {
            assert!(validate_return_to(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn documented_create_body_and_answer_round_trip() {
        let body: NewCustomConnector =
            serde_json::from_str(r#"{"url": "https://x.example", "client_id": null, "client_secret": null, "metadata": {}}"#).unwrap();
        assert!(body.match_preset, "match_preset defaults to true");
        assert!(serde_json::from_str::<NewCustomConnector>(r#"{"url": "u", "extra": 1}"#).is_err());
        assert_eq!(CustomConnectorState::parse("auth_required"), CustomConnectorState::AuthRequired);
        assert_eq!(serde_json::to_value(AuthType::ApiKey).unwrap(), "apiKey");
        assert_eq!(ReleaseStatus::parse("early-access"), ReleaseStatus::EarlyAccess);
    }
}
