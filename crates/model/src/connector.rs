//! Connectors: the catalog, a sub-account's added connectors, and the requests that manage them.

use crate::string_enum::string_enum;
use crate::ConfigValues;
use serde::{Deserialize, Serialize};

string_enum! {
    /// What kind of data a connector moves, grouped.
    DataTypeCategory {
        AudienceActivation => "audience activation",
        IdentityManagement => "identity management",
        Reporting => "reporting",
        DataStore => "data store",
        CampaignManagement => "campaign management",
        Events => "events",
    }
}

string_enum! {
    /// What kind of platform a connector talks to.
    PlatformType {
        SocialMedia => "Social Media Platform",
        Crm => "CRM Platform",
        Dsp => "Demand-Side Platform (DSP)",
        CloudStorage => "Cloud Storage Provider",
        MediaManagement => "Media Management System",
        IdentityManagement => "Identity Management",
        Ssp => "Supply-Side Platform (SSP)",
        Cdp => "Customer Data Platform (CDP)",
        ECommerce => "E-Commerce Platform",
        DataProvider => "Data Provider",
    }
}

string_enum! {
    /// Which end of a connection a connector can be.
    SupportedType {
        Source => "Source",
        Destination => "Destination",
    }
}

impl SupportedType {
    /// The role a compatible counterpart plays.
    pub fn counterpart(&self) -> SupportedType {
        match self {
            SupportedType::Source => SupportedType::Destination,
            SupportedType::Destination => SupportedType::Source,
            SupportedType::Other(s) => SupportedType::Other(s.clone()),
        }
    }
}

/// A catalog item: `GET /es/v2/connectors/all` and `GET /es/v2/connectors/<id>`.
/// `description` and `transfer` are this server's additions (the docs list them for added
/// connectors only); they default when a server leaves them out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogConnector {
    pub data_type: String,
    pub data_type_category: DataTypeCategory,
    #[serde(default)]
    pub doc_url: String,
    #[serde(default)]
    pub platform_id: String,
    pub connector_id: String,
    #[serde(default)]
    pub integrated: bool,
    #[serde(default)]
    pub logo: String,
    pub name: String,
    #[serde(default)]
    pub overview_url: String,
    pub platform_type: PlatformType,
    #[serde(default)]
    pub status: i64,
    pub supported_type: SupportedType,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub transfer: bool,
    /// How it signs in and its release stage, as this server's catalog sends them (`CatalogItem`);
    /// absent from a server without the authorization extensions. The server leaves these empty
    /// and answers its `ConnectorAuth` beside them, so a key is never sent twice. The scopes are
    /// read as `ConnectorAuth` where they are needed (setup), not with every catalog card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_type: Option<crate::AuthType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_status: Option<crate::ReleaseStatus>,
}

/// A connector as a sub-account sees it: `GET /es/v2/connectors` (added) and
/// `GET /es/v2/connectors/supported/<id>/<type>` (which documents no `editable`/`env`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountConnector {
    #[serde(default)]
    pub configured: bool,
    pub connector_id: String,
    pub data_type: String,
    pub data_type_category: DataTypeCategory,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub dest_connections: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
    #[serde(default)]
    pub platform_id: String,
    #[serde(default)]
    pub logo: String,
    pub name: String,
    pub platform_type: PlatformType,
    #[serde(default)]
    pub src_connections: u64,
    pub supported_type: SupportedType,
    #[serde(default)]
    pub transfer: bool,
    /// Extension: on supported-connector lists, whether this sub-account has added it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrated: Option<bool>,
}

/// `POST /es/v2/connectors`: all listed ids are added, or none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddConnectors {
    pub connector_ids: Vec<String>,
}

/// What `POST /es/v2/connectors` answers: the ids it added, and those that already were.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddConnectorsResult {
    /// Absent where the API answers `{}`, as the docs show.
    #[serde(default)]
    pub connector_ids: Vec<String>,
    #[serde(default)]
    pub already_added: Vec<String>,
}

/// The letters a logo shows when there is no image: "The Trade Desk" → "TD", "meta" → "M",
/// "(Amazon) DSP" → "AD", and a short acronym whole ("DV360", "ID5"). "The" and "of" are
/// skipped unless nothing else is left; empty when the name has no letter or digit.
pub fn logo_initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | '(' | ')'))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    let significant: Vec<&str> =
        words.iter().copied().filter(|w| !w.eq_ignore_ascii_case("the") && !w.eq_ignore_ascii_case("of")).collect();
    let words = if significant.is_empty() { words } else { significant };
    let initial = |w: &str| w.chars().find(|c| c.is_alphanumeric()).into_iter().flat_map(char::to_uppercase).collect::<String>();
    match words.as_slice() {
        [] => String::new(),
        [one] if one.chars().count() <= 5 && one.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) => one.to_string(),
        [one] => initial(one),
        [a, b, ..] => initial(a) + &initial(b),
    }
}

/// `POST /es/v2/connectors/configure/<id>` takes either documented body:
/// `{"secretConfig": {...}}` or `{"name": "...", "configurations": {...}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConfigureConnector {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_config: Option<ConfigValues>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configurations: Option<ConfigValues>,
}

impl ConfigureConnector {
    /// The submitted values, whichever documented spelling carried them.
    pub fn values(&self) -> Option<&ConfigValues> {
        self.secret_config.as_ref().or(self.configurations.as_ref())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigureResult {
    pub configuration_id: String,
    pub secret_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn docs_sample_catalog_item_parses_and_round_trips() {
        let raw = json!({"dataType": "audiences", "dataTypeCategory": "audience activation",
            "docUrl": "https://example.com/doc", "platformId": "P1", "connectorId": "STzkunJCh3EvKZi0",
            "integrated": true, "logo": "https://example.com/logo.png", "name": "Meta",
            "overviewUrl": "https://example.com/overview", "platformType": "Social Media Platform",
            "status": 0, "supportedType": "Destination", "description": "", "transfer": false});
        let c: CatalogConnector = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(c.data_type_category, DataTypeCategory::AudienceActivation);
        assert_eq!(c.platform_type, PlatformType::SocialMedia);
        assert_eq!(c.supported_type, SupportedType::Destination);
        assert_eq!(serde_json::to_value(&c).unwrap(), raw);
    }

    #[test]
    fn docs_sample_added_connector_parses() {
        let raw = json!({"configured": true, "connectorId": "string", "dataType": "string",
            "dataTypeCategory": "string", "description": "string", "destConnections": 0,
            "editable": true, "env": "string", "platformId": "string", "logo": "string",
            "name": "string", "platformType": "string", "srcConnections": 0,
            "supportedType": "string", "transfer": true});
        let c: AccountConnector = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(c.data_type_category, DataTypeCategory::Other("string".into()));
        assert_eq!(serde_json::to_value(&c).unwrap(), raw);
    }

    #[test]
    fn enums_parse_ignoring_case_and_keep_unknown_values() {
        assert_eq!(SupportedType::parse("SOURCE"), SupportedType::Source);
        assert_eq!(SupportedType::parse("destination"), SupportedType::Destination);
        assert_eq!(PlatformType::parse("crm platform"), PlatformType::Crm);
        assert_eq!(PlatformType::parse("Quantum"), PlatformType::Other("Quantum".into()));
        assert_eq!(PlatformType::ALL.len(), 10);
        assert_eq!(DataTypeCategory::ALL.len(), 6);
    }

    #[test]
    fn both_documented_configure_bodies_parse() {
        let a: ConfigureConnector = serde_json::from_value(json!({"secretConfig": {"key1": "value1"}})).unwrap();
        assert_eq!(a.values().unwrap()["key1"], "value1");
        let b: ConfigureConnector = serde_json::from_value(json!({"name": "Sample Configuration",
            "configurations": {"clientId": "12345678"}}))
        .unwrap();
        assert_eq!(b.values().unwrap()["clientId"], "12345678");
        assert!(serde_json::from_value::<ConfigureConnector>(json!({"secret": {}})).is_err());
    }

    #[test]
    fn logo_initials_are_the_same_on_both_sides() {
        assert_eq!(logo_initials("The Trade Desk"), "TD");
        assert_eq!(logo_initials("Google Ads"), "GA");
        assert_eq!(logo_initials("Meta"), "M");
        assert_eq!(logo_initials("meta"), "M");
        assert_eq!(logo_initials("DV360"), "DV360");
        assert_eq!(logo_initials("ID5"), "ID5");
        assert_eq!(logo_initials("  (Amazon) DSP"), "AD");
        assert_eq!(logo_initials("Bank of America"), "BA");
        assert_eq!(logo_initials("The"), "T");
        assert_eq!(logo_initials("& co"), "C");
        assert_eq!(logo_initials(""), "");
    }

    #[test]
    fn add_connectors_result_reads_what_the_server_writes() {
        let r = AddConnectorsResult { connector_ids: vec!["a".into()], already_added: vec!["b".into()] };
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v, json!({"connectorIds": ["a"], "alreadyAdded": ["b"]}));
        assert_eq!(serde_json::from_value::<AddConnectorsResult>(json!({"connectorIds": []})).unwrap(), AddConnectorsResult::default());
    }

    #[test]
    fn add_connectors_rejects_unknown_fields() {
        assert!(serde_json::from_value::<AddConnectors>(json!({"connectorIds": ["a"], "x": 1})).is_err());
        let a: AddConnectors = serde_json::from_value(json!({"connectorIds": ["STWkG5hhS3EvG5D0"]})).unwrap();
        assert_eq!(a.connector_ids, vec!["STWkG5hhS3EvG5D0"]);
    }
}
