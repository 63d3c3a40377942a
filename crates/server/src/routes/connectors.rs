//! Connectors: the catalog, adding connectors to a sub-account, their configuration (secrets
//! sealed at rest), supported counterparts and removal.

use crate::crypto::new_id;
use crate::db::connectors::{self as db_connectors, secret_name, Added, CatalogFilter, Configuration, ConnectorFull};
use crate::db::search::Keyword;
use crate::db::{connections as db_connections, now};
use crate::error::{AppError, Result};
use crate::extract::{ApiJson, ApiPath, Params};
use crate::routes::scope::{done, CatalogScope, InAccount, Scope};
use crate::store;
use crate::AppState;
use axum::routing::{get, post};
use axum::{Json, Router};
use madconnect_model::validate::validate_config;
use madconnect_model::{
    AccountConnector, AddConnectors, AddConnectorsResult, CatalogItem, CatalogParams, ConfigureConnector, ConfigureResult,
    ConnectorConfiguration, Envelope, SecretConfig, SupportedType,
};
use rusqlite::Connection;
use serde_json::{json, Value};

use crate::db::connections::ENV_NAME;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/es/v2/connectors", get(list_added).post(add))
        .route("/es/v2/connectors/all", get(catalog))
        .route("/es/v2/connectors/supported/{connector_id}/{kind}", get(supported))
        .route("/es/v2/connectors/configuration/{connector_id}", get(configuration))
        .route("/es/v2/connectors/configure/{connector_id}", post(configure))
        .route("/es/v2/connectors/{connector_id}", get(one).delete(remove))
}

/// Reads `q` and the exact-match filters `dataTypeCategory`, `platformType`, `supportedType`, `authType`
/// (a 400 naming the parameter for a value outside its list).
fn catalog_filter(params: &Params) -> Result<CatalogFilter> {
    let p = CatalogParams::from_query(params)?;
    Ok(CatalogFilter {
        q: p.list.q.map(|q| Keyword::new(q.to_lowercase())),
        data_type_category: p.data_type_category,
        platform_type: p.platform_type,
        supported_type: p.supported_type,
        auth_type: madconnect_model::auth_type_filter(params)?,
    })
}

/// `GET /es/v2/connectors/all`: the catalog; with `accountId`, `integrated` says what is added.
async fn catalog(scope: CatalogScope) -> Result<Json<Envelope<Vec<CatalogItem>>>> {
    let page = scope.params().page()?;
    let filter = catalog_filter(scope.params());
    scope
        .read(move |c, account, public_path| {
            let filter = filter?;
            let (items, total) = db_connectors::catalog(c, &filter, account, page, public_path)?;
            Ok(Json(Envelope::page(items, total)))
        })
        .await
}

/// `GET /es/v2/connectors/<id>`: one catalog item (`accountId` optional, sets `integrated`).
async fn one(scope: CatalogScope, ApiPath(id): ApiPath<String>) -> Result<Json<Envelope<CatalogItem>>> {
    scope
        .read(move |c, account, public_path| {
            // A custom connector is seen only by its own sub-account.
            if let Some(owner) = db_connectors::owner(c, &id)? {
                if account != Some(owner.as_str()) {
                    return Err(db_connectors::not_found(&id));
                }
            }
            let ConnectorFull { mut item, auth, .. } = db_connectors::get(c, &id, public_path)?;
            if let Some(a) = account {
                item.integrated = db_connectors::added(c, a, &id)?.is_some();
            }
            Ok(Json(Envelope::ok(CatalogItem { connector: item, auth })))
        })
        .await
}

/// `POST /es/v2/connectors`: adds every listed connector or none.
async fn add(scope: Scope, ApiJson(body): ApiJson<AddConnectors>) -> Result<Json<Envelope<AddConnectorsResult>>> {
    scope
        .write(move |tx, cx| {
            let account = &cx.account;
            let mut ids: Vec<String> = Vec::new();
            for id in body.connector_ids.iter().map(|s| s.trim().to_string()) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            if ids.is_empty() || ids.iter().any(|i| i.is_empty()) {
                return Err(AppError::unprocessable("connectorIds must list at least one connector id; nothing was added")
                    .with_field("connectorIds", "List at least one connector id"));
            }
            let mut unknown = Vec::new();
            for id in &ids {
                if !db_connectors::exists(tx, id)? {
                    unknown.push(id.clone());
                }
            }
            if !unknown.is_empty() {
                let list = unknown.iter().map(|u| format!("\"{u}\"")).collect::<Vec<_>>().join(", ");
                let noun = if unknown.len() == 1 { "Connector" } else { "Connectors" };
                return Err(AppError::not_found(format!("{noun} {list} not found in the catalog; nothing was added")).with_errors(
                    [("connectorIds".to_string(), unknown.iter().map(|u| format!("Unknown connector id \"{u}\"")).collect())].into(),
                ));
            }
            let t = now();
            let mut added = Vec::new();
            for id in &ids {
                if db_connectors::add(tx, &account.id, id, t)? {
                    added.push(id.clone());
                }
            }
            let already: Vec<String> = ids.iter().filter(|i| !added.contains(i)).cloned().collect();
            let message = format!(
                "Added {} connector{} to {}{}",
                added.len(),
                if added.len() == 1 { "" } else { "s" },
                account.name,
                if already.is_empty() { String::new() } else { format!(" ({} already added)", already.len()) }
            );
            Ok(done(message, AddConnectorsResult { connector_ids: added, already_added: already }))
        })
        .await
}

/// `GET /es/v2/connectors`: the connectors added to the sub-account, with usage counts.
async fn list_added(scope: Scope) -> Result<Json<Envelope<Vec<AccountConnector>>>> {
    let page = scope.params().page()?;
    let filter = catalog_filter(scope.params());
    scope
        .read(move |c, cx| {
            let filter = filter?;
            let (items, total) = db_connectors::added_list(c, &cx.account.id, &filter, page, &cx.public_path)?;
            let items = items
                .into_iter()
                .map(|mut item| {
                    item.editable = Some(true);
                    item.env = Some(ENV_NAME.into());
                    item
                })
                .collect();
            Ok(Json(Envelope::page(items, total)))
        })
        .await
}

/// `GET /es/v2/connectors/supported/<id>/<type>`: `<type>` is the role of `<id>`; the answer is
/// its compatible counterparts, each with `configured` and `integrated` for the sub-account.
async fn supported(scope: Scope, ApiPath((id, kind)): ApiPath<(String, String)>) -> Result<Json<Envelope<Vec<AccountConnector>>>> {
    let page = scope.params().optional_page()?;
    let role = SupportedType::parse(&kind);
    if !role.is_known() {
        return Err(AppError::bad_request(format!("Connector type \"{kind}\" is not valid: use source or destination (any case)"))
            .with_field("type", "Use source or destination"));
    }
    let filter = catalog_filter(scope.params());
    scope
        .read(move |c, cx| {
            if db_connectors::owner(c, &id)?.is_some_and(|o| o != cx.account.id) {
                return Err(db_connectors::not_found(&id));
            }
            let connector = db_connectors::get(c, &id, &cx.public_path)?;
            if connector.item.supported_type != role {
                return Err(AppError::unprocessable(format!(
                    "{} is a {} connector, not a {}: ask for /es/v2/connectors/supported/{id}/{}",
                    connector.item.name,
                    connector.item.supported_type,
                    role,
                    connector.item.supported_type.as_str().to_lowercase()
                )));
            }
            let filter = filter?;
            let (items, total) = db_connectors::supported(c, &cx.account.id, &id, &role, &filter, page, &cx.public_path)?;
            let items = items
                .into_iter()
                .map(|(mut item, added)| {
                    item.integrated = Some(added);
                    item
                })
                .collect();
            Ok(Json(Envelope::page(items, total)))
        })
        .await
}

fn not_added(connector_name: &str, connector_id: &str, account_name: &str) -> AppError {
    AppError::not_found(format!(
        "Connector {connector_name} ({connector_id}) is not added to {account_name}: add it first with POST /es/v2/connectors"
    ))
}

/// The connector as added to the sub-account; a 404 naming both when it is not added.
fn added_to(c: &Connection, cx: &InAccount, connector: &ConnectorFull) -> Result<Added> {
    let (name, id) = (&connector.item.name, &connector.item.connector_id);
    db_connectors::added(c, &cx.account.id, id)?.ok_or_else(|| not_added(name, id, &cx.account.name))
}

/// `GET /es/v2/connectors/configuration/<id>`: field metadata with stored values; password
/// values always come back empty.
async fn configuration(scope: Scope, ApiPath(id): ApiPath<String>) -> Result<Json<Envelope<ConnectorConfiguration>>> {
    scope
        .read(move |c, cx| {
            let connector = db_connectors::get(c, &id, &cx.public_path)?;
            let added = added_to(c, cx, &connector)?;
            Ok(Json(Envelope::ok(ConnectorConfiguration {
                secret_config: SecretConfig {
                    configured: added.configured(),
                    last_updated: added.configured_time.unwrap_or(0),
                    secret_name: added.secret_name.clone().unwrap_or_else(|| secret_name(&cx.account.id, &id)),
                    configuration: store::fields_with_values(&connector.secret_fields, &added.public_values),
                },
                env: ENV_NAME.into(),
                editable: true,
                connection_config: connector.connection_fields,
            })))
        })
        .await
}

/// `POST /es/v2/connectors/configure/<id>`: validates with the model's rules, keeps a stored
/// password when the new one is blank, seals passwords.
async fn configure(
    scope: Scope,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ConfigureConnector>,
) -> Result<Json<Envelope<ConfigureResult>>> {
    scope
        .write(move |tx, cx| {
            let (account, cipher) = (&cx.account, &cx.cipher);
            let connector = db_connectors::get(tx, &id, &cx.public_path)?;
            let Some(added) = db_connectors::added(tx, &account.id, &id)? else {
                let AppError { message, .. } = not_added(&connector.item.name, &id, &account.name);
                return Err(AppError::unprocessable(message));
            };
            let Some(values) = body.values() else {
                return Err(AppError::unprocessable(
                    "Send the settings as {\"secretConfig\": {...}} or {\"name\": ..., \"configurations\": {...}}",
                )
                .with_field("secretConfig", "secretConfig (or configurations) is required"));
            };
            if let Some(name) = &body.name {
                if name.chars().count() > 100 {
                    return Err(AppError::validation(
                        [("name".to_string(), vec!["Configuration name must be at most 100 characters".to_string()])].into(),
                    ));
                }
            }
            let previous = store::unseal(added.sealed.as_deref(), cipher);
            let normalized = validate_config(&connector.secret_fields, values, &store::stored_secret_ids(&previous)).map_err(|errors| {
                let e = AppError::validation(errors);
                AppError { message: format!("{} settings are not valid: {}", connector.item.name, e.message), ..e }
            })?;
            let stored = store::seal(&connector.secret_fields, normalized, &previous, cipher);
            let configuration_id = added.configuration_id.clone().unwrap_or_else(new_id);
            let secret = secret_name(&account.id, &id);
            let config_name = body.name.clone().unwrap_or_else(|| format!("{} credentials", connector.item.name));
            let cfg = Configuration {
                configuration_id: &configuration_id,
                secret_name: &secret,
                name: &config_name,
                stored: &stored,
                time: now(),
            };
            db_connectors::configure(tx, &account.id, &id, &cfg)?;
            Ok(done(
                format!("{} is configured for {}", connector.item.name, account.name),
                ConfigureResult { configuration_id, secret_name: secret },
            ))
        })
        .await
}

/// `DELETE /es/v2/connectors/<id>`: refused while any connection uses it.
async fn remove(scope: Scope, ApiPath(id): ApiPath<String>) -> Result<Json<Envelope<Value>>> {
    scope
        .write(move |tx, cx| {
            let account = &cx.account;
            let connector = db_connectors::get(tx, &id, &cx.public_path)?;
            added_to(tx, cx, &connector)?;
            let users = db_connections::using_connector(tx, &account.id, &id)?;
            if !users.is_empty() {
                let names: Vec<String> = users.iter().map(|(_, n)| format!("\"{n}\"")).collect();
                let noun = if users.len() == 1 { "connection" } else { "connections" };
                return Err(AppError::conflict(format!(
                    "{} cannot be removed: it is used by {} {noun}: {}. Delete {} first.",
                    connector.item.name,
                    users.len(),
                    names.join(", "),
                    if users.len() == 1 { "that connection" } else { "those connections" }
                ))
                .with_errors([("connections".to_string(), users.iter().map(|(cid, n)| format!("{n} ({cid})")).collect())].into()));
            }
            db_connectors::remove(tx, &account.id, &id)?;
            // Its OAuth grant goes with it: tokens are not kept for a connector no longer added.
            crate::db::oauth::delete_grant(tx, &account.id, &id)?;
            Ok(done(format!("{} was removed from {}", connector.item.name, account.name), json!({})))
        })
        .await
}
