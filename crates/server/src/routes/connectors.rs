//! Connectors: the catalog, adding connectors to a sub-account, their configuration (secrets
//! sealed at rest), supported counterparts and removal.

use crate::crypto::new_id;
use crate::db::now;
use crate::error::{AppError, Result};
use crate::extract::{ApiJson, ApiPath, Auth, Params};
use crate::routes::scope::{done, InAccount};
use crate::seed::secret_name;
use crate::store::{self, Added, ConnectorFull, Filter, CONNECTOR_COLS};
use crate::AppState;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use madconnect_model::validate::validate_config;
use madconnect_model::{
    AccountConnector, AddConnectors, CatalogConnector, ConfigureConnector, ConfigureResult, ConnectorConfiguration, DataTypeCategory,
    Envelope, PlatformType, SecretConfig, SupportedType,
};
use rusqlite::{params, Connection};
use serde_json::{json, Value};

/// The environment name connectors and connections report.
pub const ENV_NAME: &str = "Production";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/es/v2/connectors", get(list_added).post(add))
        .route("/es/v2/connectors/all", get(catalog))
        .route("/es/v2/connectors/supported/{connector_id}/{kind}", get(supported))
        .route("/es/v2/connectors/configuration/{connector_id}", get(configuration))
        .route("/es/v2/connectors/configure/{connector_id}", post(configure))
        .route("/es/v2/connectors/{connector_id}", get(one).delete(remove))
}

/// Applies `q` and the exact-match filters `dataTypeCategory`, `platformType`, `supportedType`.
fn catalog_filter(params: &Params, f: &mut Filter) -> Result<()> {
    if let Some(q) = params.q() {
        let p = f.arg(q);
        f.push(store::search_clause(&["c.name", "c.description", "c.platform_type", "c.data_type"], &p));
    }
    #[allow(clippy::too_many_arguments)]
    fn exact<E: Clone>(
        params: &Params,
        f: &mut Filter,
        key: &str,
        column: &str,
        parse: fn(&str) -> E,
        known: fn(&E) -> bool,
        text: fn(&E) -> String,
        all: &[E],
    ) -> Result<()> {
        let Some(raw) = params.get(key) else { return Ok(()) };
        let v = parse(raw);
        if !known(&v) {
            let allowed: Vec<String> = all.iter().map(|a| format!("\"{}\"", text(a))).collect();
            let msg = format!("{key} must be one of {} (got \"{raw}\")", allowed.join(", "));
            return Err(AppError::bad_request(format!("Invalid query parameter {key}: {msg}")).with_field(key, msg));
        }
        let p = f.arg(text(&v));
        f.push(format!("{column} = {p}"));
        Ok(())
    }
    exact(
        params,
        f,
        "dataTypeCategory",
        "c.data_type_category",
        DataTypeCategory::parse,
        DataTypeCategory::is_known,
        |v| v.as_str().to_string(),
        DataTypeCategory::ALL,
    )?;
    exact(
        params,
        f,
        "platformType",
        "c.platform_type",
        PlatformType::parse,
        PlatformType::is_known,
        |v| v.as_str().to_string(),
        PlatformType::ALL,
    )?;
    exact(
        params,
        f,
        "supportedType",
        "c.supported_type",
        SupportedType::parse,
        SupportedType::is_known,
        |v| v.as_str().to_string(),
        SupportedType::ALL,
    )?;
    Ok(())
}

/// The catalog's optional `accountId` (it only sets `integrated`), checked like a required one.
fn optional_account(c: &Connection, auth: &Auth, params: &Params) -> Result<Option<String>> {
    params.get("accountId").map(|id| store::account(c, &auth.org_id, id).map(|a| a.id)).transpose()
}

/// `GET /es/v2/connectors/all`: the catalog; with `accountId`, `integrated` says what is added.
async fn catalog(State(state): State<AppState>, auth: Auth, params: Params) -> Result<Json<Envelope<Vec<CatalogConnector>>>> {
    let page = params.page()?;
    let public_path = state.site.public_path.clone();
    state
        .db
        .run(move |c| {
            let account = optional_account(c, &auth, &params)?;
            let mut f = Filter::default();
            catalog_filter(&params, &mut f)?;
            let total = f.count(c, "connectors c")?;
            let acc = f.arg(account.unwrap_or_default());
            let sql = format!(
                "SELECT {CONNECTOR_COLS}, EXISTS(SELECT 1 FROM account_connectors ac WHERE ac.account_id = {acc} AND ac.connector_id = c.id)
                 FROM connectors c{} ORDER BY c.name COLLATE NOCASE, c.id{}",
                f.where_sql(), page.limit_sql()
            );
            let items = f.rows(c, &sql, |r| store::catalog_from_row(r, &public_path, r.get(13)?))?;
            Ok(Json(Envelope::page(items, total)))
        })
        .await
}

/// `GET /es/v2/connectors/<id>`: one catalog item (`accountId` optional, sets `integrated`).
async fn one(
    State(state): State<AppState>,
    auth: Auth,
    params: Params,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Envelope<CatalogConnector>>> {
    let public_path = state.site.public_path.clone();
    state
        .db
        .run(move |c| {
            let account = optional_account(c, &auth, &params)?;
            let mut item = store::connector(c, &id, &public_path)?.item;
            if let Some(a) = account {
                item.integrated = store::added(c, &a, &id)?.is_some();
            }
            Ok(Json(Envelope::ok(item)))
        })
        .await
}

/// `POST /es/v2/connectors`: adds every listed connector or none.
async fn add(
    State(state): State<AppState>,
    auth: Auth,
    params: Params,
    ApiJson(body): ApiJson<AddConnectors>,
) -> Result<Json<Envelope<Value>>> {
    state
        .in_account(auth, &params)?
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
                let exists: bool = tx.query_row("SELECT EXISTS(SELECT 1 FROM connectors WHERE id = ?1)", [id], |r| r.get(0))?;
                if !exists {
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
                let n = tx.execute(
                    "INSERT OR IGNORE INTO account_connectors (account_id, connector_id, added_time) VALUES (?1, ?2, ?3)",
                    params![account.id, id, t],
                )?;
                if n > 0 {
                    added.push(id.clone());
                }
            }
            let already: Vec<&String> = ids.iter().filter(|i| !added.contains(i)).collect();
            let message = format!(
                "Added {} connector{} to {}{}",
                added.len(),
                if added.len() == 1 { "" } else { "s" },
                account.name,
                if already.is_empty() { String::new() } else { format!(" ({} already added)", already.len()) }
            );
            Ok(done(message, json!({ "connectorIds": added, "alreadyAdded": already })))
        })
        .await
}

/// The catalog joined with what the sub-account (bound at `acc`) has added.
fn account_connectors_from(acc: &str) -> String {
    format!("connectors c LEFT JOIN account_connectors ac ON ac.connector_id = c.id AND ac.account_id = {acc}")
}

fn account_connector_sql(f: &Filter, acc: &str) -> String {
    format!(
        "SELECT {CONNECTOR_COLS}, ac.configuration_id IS NOT NULL,
            (SELECT COUNT(*) FROM connections x WHERE x.account_id = {acc} AND x.src_connector_id = c.id AND x.deleted_time IS NULL),
            (SELECT COUNT(*) FROM connections x WHERE x.account_id = {acc} AND x.dest_connector_id = c.id AND x.deleted_time IS NULL),
            ac.account_id IS NOT NULL
         FROM {}{}",
        account_connectors_from(acc),
        f.where_sql()
    )
}

fn account_connector_from_row(r: &rusqlite::Row<'_>, public_path: &str) -> rusqlite::Result<(AccountConnector, bool)> {
    let item = store::catalog_from_row(r, public_path, false)?;
    let configured: bool = r.get(13)?;
    let src: i64 = r.get(14)?;
    let dest: i64 = r.get(15)?;
    let added: bool = r.get(16)?;
    Ok((store::account_connector(item, configured, src as u64, dest as u64), added))
}

/// `GET /es/v2/connectors`: the connectors added to the sub-account, with usage counts.
async fn list_added(State(state): State<AppState>, auth: Auth, params: Params) -> Result<Json<Envelope<Vec<AccountConnector>>>> {
    let scope = state.in_account(auth, &params)?;
    let page = params.page()?;
    scope
        .read(move |c, cx| {
            let mut f = Filter::default();
            let acc = f.arg(cx.account.id.clone());
            f.push("ac.account_id IS NOT NULL".into());
            catalog_filter(&params, &mut f)?;
            let total = f.count(c, &account_connectors_from(&acc))?;
            let sql = format!("{} ORDER BY c.name COLLATE NOCASE, c.id{}", account_connector_sql(&f, &acc), page.limit_sql());
            let items = f
                .rows(c, &sql, |r| account_connector_from_row(r, &cx.public_path))?
                .into_iter()
                .map(|(mut item, _)| {
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
async fn supported(
    State(state): State<AppState>,
    auth: Auth,
    params: Params,
    ApiPath((id, kind)): ApiPath<(String, String)>,
) -> Result<Json<Envelope<Vec<AccountConnector>>>> {
    let scope = state.in_account(auth, &params)?;
    let page = params.optional_page()?;
    let role = SupportedType::parse(&kind);
    if !role.is_known() {
        return Err(AppError::bad_request(format!("Connector type \"{kind}\" is not valid: use source or destination (any case)"))
            .with_field("type", "Use source or destination"));
    }
    scope
        .read(move |c, cx| {
            let connector = store::connector(c, &id, &cx.public_path)?;
            if connector.item.supported_type != role {
                return Err(AppError::unprocessable(format!(
                    "{} is a {} connector, not a {}: ask for /es/v2/connectors/supported/{id}/{}",
                    connector.item.name,
                    connector.item.supported_type,
                    role,
                    connector.item.supported_type.as_str().to_lowercase()
                )));
            }
            let mut f = Filter::default();
            let acc = f.arg(cx.account.id.clone());
            let me = f.arg(id.clone());
            f.push(match role {
                SupportedType::Source => format!("c.id IN (SELECT dest_id FROM compatibility WHERE src_id = {me})"),
                _ => format!("c.id IN (SELECT src_id FROM compatibility WHERE dest_id = {me})"),
            });
            catalog_filter(&params, &mut f)?;
            let limit = page.map(|p| p.limit_sql()).unwrap_or_default();
            let sql = format!("{} ORDER BY c.name COLLATE NOCASE, c.id{limit}", account_connector_sql(&f, &acc));
            let items = f
                .rows(c, &sql, |r| account_connector_from_row(r, &cx.public_path))?
                .into_iter()
                .map(|(mut item, added)| {
                    item.integrated = Some(added);
                    item
                })
                .collect();
            let total = f.count(c, "connectors c")?;
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
    store::added(c, &cx.account.id, id)?.ok_or_else(|| not_added(name, id, &cx.account.name))
}

/// `GET /es/v2/connectors/configuration/<id>`: field metadata with stored values; password
/// values always come back empty.
async fn configuration(
    State(state): State<AppState>,
    auth: Auth,
    params: Params,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Envelope<ConnectorConfiguration>>> {
    state
        .in_account(auth, &params)?
        .read(move |c, cx| {
            let connector = store::connector(c, &id, &cx.public_path)?;
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
    State(state): State<AppState>,
    auth: Auth,
    params: Params,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ConfigureConnector>,
) -> Result<Json<Envelope<ConfigureResult>>> {
    state
        .in_account(auth, &params)?
        .write(move |tx, cx| {
            let (account, cipher) = (&cx.account, &cx.cipher);
            let connector = store::connector(tx, &id, &cx.public_path)?;
            let Some(added) = store::added(tx, &account.id, &id)? else {
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
            tx.execute(
                "UPDATE account_connectors SET configuration_id = ?1, secret_name = ?2, config_name = ?3, public_values = ?4,
                    sealed_values = ?5, configured_time = ?6 WHERE account_id = ?7 AND connector_id = ?8",
                params![configuration_id, secret, config_name, stored.public_json()?, stored.sealed, now(), account.id, id],
            )?;
            Ok(done(
                format!("{} is configured for {}", connector.item.name, account.name),
                ConfigureResult { configuration_id, secret_name: secret },
            ))
        })
        .await
}

/// Names of the live connections using a connector in a sub-account.
pub fn connections_using(c: &Connection, account_id: &str, connector_id: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = c.prepare(
        "SELECT id, name FROM connections WHERE account_id = ?1 AND deleted_time IS NULL
         AND (src_connector_id = ?2 OR dest_connector_id = ?2) ORDER BY name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map(params![account_id, connector_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `DELETE /es/v2/connectors/<id>`: refused while any connection uses it.
async fn remove(State(state): State<AppState>, auth: Auth, params: Params, ApiPath(id): ApiPath<String>) -> Result<Json<Envelope<Value>>> {
    state
        .in_account(auth, &params)?
        .write(move |tx, cx| {
            let account = &cx.account;
            let connector = store::connector(tx, &id, &cx.public_path)?;
            added_to(tx, cx, &connector)?;
            let users = connections_using(tx, &account.id, &id)?;
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
            tx.execute("DELETE FROM account_connectors WHERE account_id = ?1 AND connector_id = ?2", params![account.id, id])?;
            Ok(done(format!("{} was removed from {}", connector.item.name, account.name), json!({})))
        })
        .await
}
