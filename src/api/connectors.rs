//! Connectors: the catalog, a sub-account's added connectors, their configuration and removal.

use super::{call, json_body, page, ApiError, Client, ListQuery, Page};
use crate::url::encode_component;
use gloo_net::http::Method;
use madconnect_model::{
    AccountConnector, AddConnectors, AddConnectorsResult, CatalogConnector, ConfigValues, ConfigureConnector, ConfigureResult,
    ConnectorConfiguration, SupportedType,
};
use serde::de::IgnoredAny;

/// `GET /es/v2/connectors/all` parameters: paging, search, and this server's exact filters (the
/// model's, read by the server with the same struct).
pub use madconnect_model::CatalogParams as CatalogQuery;

/// The catalog. With a sub-account chosen, each item's `integrated` says whether it was added.
pub async fn catalog(client: &Client, query: &CatalogQuery) -> Result<Page<CatalogConnector>, ApiError> {
    let q = client.maybe_scoped(query.to_query());
    Ok(page(call(client, Method::GET, "/es/v2/connectors/all", &q, None).await?))
}

pub async fn get(client: &Client, connector_id: &str) -> Result<CatalogConnector, ApiError> {
    let path = format!("/es/v2/connectors/{}", encode_component(connector_id));
    let q = client.maybe_scoped(Vec::new());
    Ok(call(client, Method::GET, &path, &q, None).await?.response)
}

/// How a catalog connector signs in, with its OAuth scopes: the same answer as [`get`], read for
/// this server's authorization extension only.
pub async fn auth(client: &Client, connector_id: &str) -> Result<madconnect_model::ConnectorAuth, ApiError> {
    let path = format!("/es/v2/connectors/{}", encode_component(connector_id));
    let q = client.maybe_scoped(Vec::new());
    Ok(call(client, Method::GET, &path, &q, None).await?.response)
}

/// Adds every id to the sub-account, or none (the server refuses the whole list on any bad id).
pub async fn add(client: &Client, connector_ids: &[String]) -> Result<AddConnectorsResult, ApiError> {
    let q = client.scoped(Vec::new())?;
    let body = json_body(&AddConnectors { connector_ids: connector_ids.to_vec() })?;
    Ok(call(client, Method::POST, "/es/v2/connectors", &q, Some(body)).await?.response)
}

/// The sub-account's added connectors.
pub async fn list_added(client: &Client, query: &ListQuery) -> Result<Page<AccountConnector>, ApiError> {
    let mut rest = Vec::new();
    query.to_query(&mut rest);
    let q = client.scoped(rest)?;
    Ok(page(call(client, Method::GET, "/es/v2/connectors", &q, None).await?))
}

/// The counterparts compatible with `connector_id` playing `role` (a source lists destinations,
/// a destination lists sources).
pub async fn supported(client: &Client, connector_id: &str, role: SupportedType) -> Result<Vec<AccountConnector>, ApiError> {
    let path =
        format!("/es/v2/connectors/supported/{}/{}", encode_component(connector_id), encode_component(&role.as_str().to_ascii_lowercase()));
    let q = client.scoped(Vec::new())?;
    Ok(call(client, Method::GET, &path, &q, None).await?.response)
}

/// Field metadata for the secret form and the connection settings.
pub async fn configuration(client: &Client, connector_id: &str) -> Result<ConnectorConfiguration, ApiError> {
    let path = format!("/es/v2/connectors/configuration/{}", encode_component(connector_id));
    let q = client.scoped(Vec::new())?;
    Ok(call(client, Method::GET, &path, &q, None).await?.response)
}

/// Saves the secret configuration (`{"secretConfig": {...}}`). A blank password keeps the stored one.
pub async fn configure(client: &Client, connector_id: &str, values: ConfigValues) -> Result<ConfigureResult, ApiError> {
    let path = format!("/es/v2/connectors/configure/{}", encode_component(connector_id));
    let q = client.scoped(Vec::new())?;
    let body = json_body(&ConfigureConnector { secret_config: Some(values), ..Default::default() })?;
    Ok(call(client, Method::POST, &path, &q, Some(body)).await?.response)
}

/// Removes a connector from the sub-account (409 while connections use it).
pub async fn remove(client: &Client, connector_id: &str) -> Result<(), ApiError> {
    let path = format!("/es/v2/connectors/{}", encode_component(connector_id));
    let q = client.scoped(Vec::new())?;
    call::<IgnoredAny>(client, Method::DELETE, &path, &q, None).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use madconnect_model::{DataTypeCategory, PlatformType};

    #[test]
    fn catalog_query_sends_only_set_parameters_in_documented_spelling() {
        let q = CatalogQuery {
            list: ListQuery { q: Some("  meta ".into()), size: Some(24), offset: Some(48) },
            data_type_category: Some(DataTypeCategory::AudienceActivation),
            platform_type: Some(PlatformType::Dsp),
            supported_type: Some(SupportedType::Destination),
        };
        let p = q.to_query();
        let encoded = crate::url::encode_query(p.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(
            encoded,
            "q=meta&size=24&offset=48&dataTypeCategory=audience%20activation&platformType=Demand-Side%20Platform%20%28DSP%29&supportedType=Destination"
        );
        assert!(CatalogQuery::default().to_query().is_empty());
        let blank = CatalogQuery { list: ListQuery { q: Some("   ".into()), ..Default::default() }, ..Default::default() };
        assert!(blank.to_query().is_empty(), "a blank search is no search");
    }

    #[test]
    fn account_scoped_calls_need_an_account() {
        let c = Client::new("", None, None);
        assert_eq!(c.scoped(Vec::new()).unwrap_err().message, "Choose a sub-account first.");
        let c = Client::new("https://h/", None, Some("A1".into()));
        assert_eq!(c.base, "https://h");
        assert_eq!(c.scoped(vec![("q", "x".into())]).unwrap(), vec![("accountId", "A1".to_string()), ("q", "x".to_string())]);
        assert!(!format!("{:?}", Client::new("", Some("tok-123".into()), None)).contains("tok-123"));
    }
}
