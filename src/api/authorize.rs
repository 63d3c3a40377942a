//! Connector authorization (this server's extension): starting an OAuth attempt for an added
//! catalog connector or a custom connector, and asking how it ended; custom connectors
//! (`/es/v2/custom-connectors`, snake_case as their contract documents).

use super::{call, json_body, page, ApiError, Client, ListQuery, Page};
use crate::url::encode_component;
use gloo_net::http::Method;
use madconnect_model::{
    AuthorizationStarted, AuthorizationStatus, AuthorizeRequest, CustomAuthorizeRequest, CustomConnector, DisconnectRequest,
    NewCustomConnector,
};
use serde::de::IgnoredAny;

/// Which kind of connector an attempt authorizes: the two have their own endpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Catalog(String),
    Custom(String),
}

/// An attempt under way: its state and where the provider's consent page is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub state: String,
    pub url: String,
}

/// Starts an attempt. `return_to` is the console path the provider comes back to when the
/// popup was blocked.
pub async fn start(client: &Client, target: &Target, scopes: Option<Vec<String>>, return_to: Option<String>) -> Result<Started, ApiError> {
    let q = client.scoped(Vec::new())?;
    match target {
        Target::Catalog(id) => {
            let path = format!("/es/v2/connectors/authorize/{}", encode_component(id));
            let body = json_body(&AuthorizeRequest { scopes, return_to })?;
            let s: AuthorizationStarted = call(client, Method::POST, &path, &q, Some(body)).await?.response;
            Ok(Started { state: s.state, url: s.auth_request.authorization_endpoint })
        }
        Target::Custom(id) => {
            let path = format!("/es/v2/custom-connectors/{}/authorize", encode_component(id));
            let body = json_body(&CustomAuthorizeRequest { scopes, return_to })?;
            let c: CustomConnector = call(client, Method::POST, &path, &q, Some(body)).await?.response;
            // The custom-connector contract answers the connector; the state is in its URL.
            let url = c.auth_request.map(|r| r.authorization_endpoint).unwrap_or_default();
            let state = crate::url::query_param(&url, "state").unwrap_or_default();
            if state.is_empty() {
                return Err(ApiError::invalid(crate::i18n::t("The server did not say where to authorize this connector.")));
            }
            Ok(Started { state, url })
        }
    }
}

/// How the attempt started with `state` stands.
pub async fn status(client: &Client, target: &Target, state: &str) -> Result<AuthorizationStatus, ApiError> {
    let path = match target {
        Target::Catalog(id) => format!("/es/v2/connectors/authorize/{}/status", encode_component(id)),
        Target::Custom(id) => format!("/es/v2/custom-connectors/{}/authorize/status", encode_component(id)),
    };
    let q = client.scoped(vec![("state", state.to_string())])?;
    Ok(call(client, Method::GET, &path, &q, None).await?.response)
}

fn custom_path(id: &str, rest: &str) -> String {
    format!("/es/v2/custom-connectors/{}{rest}", encode_component(id))
}

/// The sub-account's custom connectors, one page.
pub async fn list_custom(client: &Client, query: &ListQuery) -> Result<Page<CustomConnector>, ApiError> {
    super::capabilities::unless_known_absent(&client.base)?;
    let mut rest = Vec::new();
    query.to_query(&mut rest);
    let q = client.scoped(rest)?;
    Ok(page(call(client, Method::GET, "/es/v2/custom-connectors", &q, None).await?))
}

/// Creates a custom connector; the request (and the client secret in it) is consumed.
pub async fn create_custom(client: &Client, new: NewCustomConnector) -> Result<CustomConnector, ApiError> {
    let q = client.scoped(Vec::new())?;
    let body = json_body(&new)?;
    drop(new);
    Ok(call(client, Method::POST, "/es/v2/custom-connectors", &q, Some(body)).await?.response)
}

pub async fn disconnect_custom(client: &Client, id: &str, reason: Option<String>) -> Result<CustomConnector, ApiError> {
    let q = client.scoped(Vec::new())?;
    let body = json_body(&DisconnectRequest { reason })?;
    Ok(call(client, Method::POST, &custom_path(id, "/disconnect"), &q, Some(body)).await?.response)
}

pub async fn remove_custom(client: &Client, id: &str) -> Result<(), ApiError> {
    let q = client.scoped(Vec::new())?;
    call::<IgnoredAny>(client, Method::DELETE, &custom_path(id, ""), &q, None).await?;
    Ok(())
}
