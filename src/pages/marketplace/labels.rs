//! How a connector signs in and its release stage, as words a person reads (never colour alone).

use crate::i18n::{t, tf};
use madconnect_model::{AuthType, CatalogConnector, ReleaseStatus};

/// The sign-in a connector asks for: "Sign in with Meta Ads", "API key", ...; empty when the
/// server does not say.
pub fn auth_label(c: &CatalogConnector) -> String {
    match &c.auth_type {
        Some(AuthType::OAuth2) => tf("Sign in with {name}", &[("name", &c.name)]),
        Some(other) => auth_type_label(other.as_str()),
        None => String::new(),
    }
}

/// An `authType` value as the marketplace facet names it.
pub fn auth_type_label(value: &str) -> String {
    match AuthType::parse(value) {
        AuthType::OAuth2 => t("Sign in with the provider"),
        AuthType::ApiKey => t("API key"),
        AuthType::Basic => t("Username and password"),
        AuthType::Custom => t("Custom"),
        AuthType::None => t("No sign-in"),
        AuthType::Other(s) => s,
    }
}

/// A release stage worth pointing out ("Beta", "Early access"); empty for live connectors.
pub fn release_label(c: &CatalogConnector) -> String {
    match &c.release_status {
        Some(ReleaseStatus::Beta) => t("Beta"),
        Some(ReleaseStatus::EarlyAccess) => t("Early access"),
        Some(ReleaseStatus::Development) | Some(ReleaseStatus::Considering) => t("In development"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connector(auth: Option<&str>, release: Option<&str>) -> CatalogConnector {
        serde_json::from_value(serde_json::json!({
            "dataType": "audiences", "dataTypeCategory": "reporting", "connectorId": "C1", "name": "Meta Ads",
            "platformType": "Data Provider", "supportedType": "Source", "authType": auth, "releaseStatus": release,
        }))
        .unwrap()
    }

    #[test]
    fn each_auth_type_has_words_and_oauth_names_the_provider() {
        assert_eq!(auth_label(&connector(Some("oauth2"), None)), "Sign in with Meta Ads");
        assert_eq!(auth_label(&connector(Some("apiKey"), None)), "API key");
        assert_eq!(auth_label(&connector(Some("basic"), None)), "Username and password");
        assert_eq!(auth_label(&connector(Some("custom"), None)), "Custom");
        assert_eq!(auth_label(&connector(Some("none"), None)), "No sign-in");
        assert_eq!(auth_label(&connector(None, None)), "", "a server without the extension says nothing");
        assert_eq!(auth_type_label("oauth2"), "Sign in with the provider");
    }

    #[test]
    fn only_stages_before_live_get_a_badge() {
        assert_eq!(release_label(&connector(None, Some("beta"))), "Beta");
        assert_eq!(release_label(&connector(None, Some("early-access"))), "Early access");
        assert_eq!(release_label(&connector(None, Some("live"))), "");
        assert_eq!(release_label(&connector(None, None)), "");
    }
}
