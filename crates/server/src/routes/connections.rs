//! Connections: list, create (with every compatibility rule), detail, update, status actions,
//! soft delete with a 30-day restore window, and the activity timeline.

use crate::crypto::new_id;
use crate::db::accounts::AccountRow;
use crate::db::connections::{self as db_connections, InsertError, NewRow, Side, View};
use crate::db::connectors as db_connectors;
use crate::db::search::Keyword;
use crate::db::{activity as db_activity, now};
use crate::error::{AppError, Result};
use crate::extract::{ApiJson, ApiPath, Page};
use crate::routes::scope::{done, InAccount, Scope};
use crate::store;
use crate::AppState;
use axum::routing::{get, put};
use axum::{Json, Router};
use madconnect_model::connection::validate_connection_name;
use madconnect_model::validate::validate_config;
use madconnect_model::{
    ActivityAction, ActivityEntry, ConfigField, ConfigValues, Connection, ConnectionListParams, ConnectionStatus, ConnectionUpdate,
    Envelope, FieldErrors, NewConnection, StatusAction, SupportedType,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/es/v2/connections", get(list).post(create))
        .route("/es/v2/connections/{connection_id}", get(one).put(update).delete(remove))
        .route("/es/v2/connections/{connection_id}/status/{action}", put(set_status))
        .route("/es/v2/connections/{connection_id}/activity", get(activity))
}

fn load(c: &rusqlite::Connection, cx: &InAccount, id: &str) -> Result<Connection> {
    db_connections::find(c, &cx.account.id, id, &cx.public_path, now())?
        .ok_or_else(|| AppError::not_found(format!("Connection \"{id}\" was not found in {}", cx.account.name)))
}

/// `GET /es/v2/connections`: `status` empty or `all` lists every connection not deleted;
/// `status=deleted` lists only deleted ones; `q` matches the name and both connector names.
async fn list(scope: Scope) -> Result<Json<Envelope<Vec<Connection>>>> {
    let params = ConnectionListParams::from_query(scope.params())?;
    let page = Page::of(&params.list);
    let view = match params.status {
        None => View::Live,
        Some(ConnectionStatus::Deleted) => View::Deleted,
        Some(st) => View::Status(st),
    };
    let q = params.list.q.map(|q| Keyword::new(q.to_lowercase()));
    scope
        .read(move |c, cx| {
            let (items, total) = db_connections::list(c, &cx.account.id, &view, q.as_ref(), page, &cx.public_path, now())?;
            Ok(Json(Envelope::page(items, total)))
        })
        .await
}

/// Validates one side's connection settings; error keys are `<side>.<fieldId>`.
fn validate_side(
    fields: &[ConfigField],
    values: &ConfigValues,
    previous_secrets: &ConfigValues,
    side: &str,
    errors: &mut FieldErrors,
) -> Option<ConfigValues> {
    match validate_config(fields, values, &store::stored_secret_ids(previous_secrets)) {
        Ok(v) => Some(v),
        Err(e) => {
            for (k, msgs) in e {
                errors.entry(format!("{side}.{k}")).or_default().extend(msgs);
            }
            None
        }
    }
}

/// Whether a live connection other than `except` has the same name by the model's rule
/// (Unicode case-insensitive; SQLite's NOCASE folds ASCII only, so the comparison is done here).
fn name_taken(c: &rusqlite::Connection, account: &AccountRow, name: &str, except: &str) -> Result<bool> {
    db_connections::name_taken(c, &account.id, name, except)
}

fn name_conflict(name: &str, account: &AccountRow) -> AppError {
    let msg = format!("A connection named \"{name}\" already exists in {}", account.name);
    AppError::conflict(format!("{msg}: choose another name")).with_field("name", msg)
}

/// A 409 unless `name` is free among the live connections (`except`: the one being renamed).
fn ensure_name_free(c: &rusqlite::Connection, account: &AccountRow, name: &str, except: &str) -> Result<()> {
    if name_taken(c, account, name, except)? {
        return Err(name_conflict(name, account));
    }
    Ok(())
}

/// A write that lost a race for the name (the unique index) is the same 409.
fn name_clash(e: InsertError, name: &str, account: &AccountRow) -> AppError {
    match e {
        InsertError::NameTaken => name_conflict(name, account),
        InsertError::Other(e) => e,
    }
}

fn rule(field: &str, message: String) -> AppError {
    AppError::unprocessable(message.clone()).with_field(field, message)
}

/// `POST /es/v2/connections`.
async fn create(scope: Scope, ApiJson(body): ApiJson<NewConnection>) -> Result<Json<Envelope<Connection>>> {
    scope
        .write(move |tx, cx| {
            let account = &cx.account;
            let mut ends = Vec::new();
            for (field, id, role, cfg_field, cfg_id) in [
                ("srcConnectorId", body.src_connector_id.trim(), SupportedType::Source, "srcConfigurationId", &body.src_configuration_id),
                (
                    "destConnectorId",
                    body.dest_connector_id.trim(),
                    SupportedType::Destination,
                    "destConfigurationId",
                    &body.dest_configuration_id,
                ),
            ] {
                let side = if role == SupportedType::Source { "source" } else { "destination" };
                if id.is_empty() {
                    return Err(rule(field, format!("{field} is required: choose the {side} connector")));
                }
                let connector = db_connectors::find(tx, id, &cx.public_path)?
                    .ok_or_else(|| rule(field, format!("Connector \"{id}\" ({field}) was not found in the catalog")))?;
                let name = &connector.item.name;
                if connector.item.supported_type != role {
                    return Err(rule(
                        field,
                        format!(
                        "{name} is a {} connector and cannot be the {side} of a connection: connections go from a Source to a Destination",
                        connector.item.supported_type
                    ),
                    ));
                }
                let added = db_connectors::added(tx, &account.id, id)?.ok_or_else(|| {
                    rule(field, format!("{name} is not added to {}: add it before using it in a connection", account.name))
                })?;
                if !added.configured() {
                    return Err(rule(field, format!("{name} is added but not configured in {}: configure it first", account.name)));
                }
                if let Some(given) = cfg_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    if Some(given) != added.configuration_id.as_deref() {
                        return Err(rule(
                            cfg_field,
                            format!("{cfg_field} \"{given}\" is not the configuration of {name} in {}", account.name),
                        ));
                    }
                }
                ends.push(connector);
            }
            let (src, dest) = (&ends[0], &ends[1]);
            if !db_connectors::compatible(tx, &src.item.connector_id, &dest.item.connector_id)? {
                return Err(rule(
                    "destConnectorId",
                    format!(
                        "{} cannot send data to {}: they are not a compatible pair (see GET /es/v2/connectors/supported/{}/source)",
                        src.item.name, dest.item.name, src.item.connector_id
                    ),
                ));
            }
            let mut errors = FieldErrors::new();
            let name = body.name.trim().to_string();
            if let Err(e) = validate_connection_name(&name) {
                errors.entry("name".into()).or_default().push(e);
            }
            let empty = ConfigValues::new();
            let src_values = validate_side(&src.connection_fields, &body.src_connection_config, &empty, "srcConnectionConfig", &mut errors);
            let dest_values =
                validate_side(&dest.connection_fields, &body.dest_connection_config, &empty, "destConnectionConfig", &mut errors);
            let (Some(src_values), Some(dest_values), true) = (src_values, dest_values, errors.is_empty()) else {
                return Err(AppError::validation(errors));
            };
            ensure_name_free(tx, account, &name, "")?;
            let s = store::seal(&src.connection_fields, src_values, &empty, &cx.cipher);
            let d = store::seal(&dest.connection_fields, dest_values, &empty, &cx.cipher);
            let id = new_id();
            let t = now();
            let row = NewRow {
                id: &id,
                account_id: &account.id,
                name: &name,
                src_connector_id: &src.item.connector_id,
                dest_connector_id: &dest.item.connector_id,
                src: &s,
                dest: &d,
                status: ConnectionStatus::InProgress,
                time: t,
            };
            db_connections::insert(tx, &row).map_err(|e| name_clash(e, &name, account))?;
            cx.log(tx, &id, t, ActivityAction::Create, &format!("Created {name}: {} to {}", src.item.name, dest.item.name))?;
            Ok(done(format!("Connection \"{name}\" created"), load(tx, cx, &id)?))
        })
        .await
}

/// `GET /es/v2/connections/<id>`, with the non-secret connection settings of both ends.
async fn one(scope: Scope, ApiPath(id): ApiPath<String>) -> Result<Json<Envelope<Connection>>> {
    scope.read(move |c, cx| Ok(Json(Envelope::ok(load(c, cx, &id)?)))).await
}

/// A connection's stored settings with the password values opened.
struct Sealed {
    src_public: ConfigValues,
    src_secrets: ConfigValues,
    dest_public: ConfigValues,
    dest_secrets: ConfigValues,
    src_id: String,
    dest_id: String,
}

fn sealed_state(c: &rusqlite::Connection, id: &str, cipher: &crate::crypto::Cipher) -> Result<Sealed> {
    let s = db_connections::settings(c, id)?;
    Ok(Sealed {
        src_public: s.src_public,
        src_secrets: store::unseal(s.src_sealed.as_deref(), cipher),
        dest_public: s.dest_public,
        dest_secrets: store::unseal(s.dest_sealed.as_deref(), cipher),
        src_id: s.src_connector_id,
        dest_id: s.dest_connector_id,
    })
}

/// `PUT /es/v2/connections/<id>`: name and settings only.
async fn update(
    scope: Scope,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ConnectionUpdate>,
) -> Result<Json<Envelope<Connection>>> {
    scope
        .write(move |tx, cx| {
            let current = load(tx, cx, &id)?;
            if current.deleted {
                return Err(AppError::conflict(format!("Connection \"{}\" is deleted: restore it before editing", current.name)));
            }
            for (field, given, now_id, side) in [
                ("srcConnectorId", &body.src_connector_id, &current.src.connector_id, "source"),
                ("destConnectorId", &body.dest_connector_id, &current.dest.connector_id, "destination"),
            ] {
                if let Some(g) = given.as_deref().map(str::trim).filter(|g| !g.is_empty() && g != now_id) {
                    return Err(rule(
                        field,
                        format!(
                            "The {side} connector of a connection cannot be changed (asked for \"{g}\"): create a new connection instead"
                        ),
                    ));
                }
            }
            if body.name.is_none() && body.src_connection_config.is_none() && body.dest_connection_config.is_none() {
                return Err(AppError::unprocessable("Nothing to update: send name, srcConnectionConfig and/or destConnectionConfig"));
            }
            let stored = sealed_state(tx, &id, &cx.cipher)?;
            let fields = |cid: &str| -> Result<Vec<ConfigField>> {
                Ok(db_connectors::find(tx, cid, &cx.public_path)?.map(|c| c.connection_fields).unwrap_or_default())
            };
            let (src_fields, dest_fields) = (fields(&stored.src_id)?, fields(&stored.dest_id)?);
            let mut errors = FieldErrors::new();
            let name = body.name.as_deref().map(|n| n.trim().to_string());
            if let Some(n) = &name {
                if let Err(e) = validate_connection_name(n) {
                    errors.entry("name".into()).or_default().push(e);
                }
            }
            let src_values = body
                .src_connection_config
                .as_ref()
                .map(|v| validate_side(&src_fields, v, &stored.src_secrets, "srcConnectionConfig", &mut errors));
            let dest_values = body
                .dest_connection_config
                .as_ref()
                .map(|v| validate_side(&dest_fields, v, &stored.dest_secrets, "destConnectionConfig", &mut errors));
            if !errors.is_empty() {
                return Err(AppError::validation(errors));
            }
            let mut changes = Vec::new();
            let t = now();
            if let Some(n) = name.filter(|n| *n != current.name) {
                ensure_name_free(tx, &cx.account, &n, &id)?;
                db_connections::rename(tx, &id, &n).map_err(|e| name_clash(e, &n, &cx.account))?;
                changes.push(format!("Renamed from \"{}\" to \"{n}\"", current.name));
            }
            for (values, fields_, prev_public, prev_secrets, side, label) in [
                (src_values.flatten(), &src_fields, &stored.src_public, &stored.src_secrets, Side::Source, "source"),
                (dest_values.flatten(), &dest_fields, &stored.dest_public, &stored.dest_secrets, Side::Destination, "destination"),
            ] {
                let Some(values) = values else { continue };
                let sealed = store::seal(fields_, values, prev_secrets, &cx.cipher);
                let secrets_changed = store::unseal(sealed.sealed.as_deref(), &cx.cipher) != *prev_secrets;
                if sealed.public != *prev_public || secrets_changed {
                    db_connections::set_settings(tx, &id, side, &sealed)?;
                    changes.push(format!("Updated {label} settings"));
                }
            }
            if !changes.is_empty() {
                db_connections::touch(tx, &id, t)?;
                cx.log(tx, &id, t, ActivityAction::Edit, &changes.join("; "))?;
            }
            let updated = load(tx, cx, &id)?;
            let message =
                if changes.is_empty() { "No changes to save".to_string() } else { format!("Connection \"{}\" updated", updated.name) };
            Ok(done(message, updated))
        })
        .await
}

/// `PUT /es/v2/connections/<id>/status/<action>`: activate, enable, disable, restore.
async fn set_status(scope: Scope, ApiPath((id, action)): ApiPath<(String, String)>) -> Result<Json<Envelope<Connection>>> {
    let Some(action) = StatusAction::parse(&action) else {
        return Err(AppError::bad_request(format!("Unknown status action \"{action}\": use activate, enable, disable or restore")));
    };
    scope
        .write(move |tx, cx| {
            let account = &cx.account;
            let current = load(tx, cx, &id)?;
            let next = current.status.apply(action).map_err(|e| AppError::conflict(format!("{e} (connection \"{}\")", current.name)))?;
            let t = now();
            let mut detail = format!("{} → {}", current.status, next);
            if action == StatusAction::Restore {
                for end in [&current.src, &current.dest] {
                    if db_connectors::added(tx, &account.id, &end.connector_id)?.is_none() {
                        return Err(AppError::conflict(format!(
                            "Cannot restore \"{}\": {} is no longer added to {}; add it again first",
                            current.name, end.connector_name, account.name
                        )));
                    }
                }
                if name_taken(tx, account, &current.name, &id)? {
                    return Err(AppError::conflict(format!(
                        "Cannot restore \"{}\": another connection now has that name; rename it first",
                        current.name
                    ))
                    .with_field("name", "Name is in use by another connection"));
                }
                detail = format!("Restored (comes back {next})");
            }
            db_connections::set_status(tx, &id, &next, t)?;
            cx.log(tx, &id, t, action.into(), &detail)?;
            let updated = load(tx, cx, &id)?;
            Ok(done(format!("Connection \"{}\" is now {}", updated.name, updated.status), updated))
        })
        .await
}

/// `DELETE /es/v2/connections/<id>`: soft delete, restorable for 30 days.
async fn remove(scope: Scope, ApiPath(id): ApiPath<String>) -> Result<Json<Envelope<Connection>>> {
    scope
        .write(move |tx, cx| {
            let current = load(tx, cx, &id)?;
            if !current.status.can_delete() || current.deleted {
                return Err(AppError::conflict(format!(
                    "Connection \"{}\" is already deleted; restore it with PUT /es/v2/connections/{id}/status/restore",
                    current.name
                )));
            }
            let t = now();
            db_connections::soft_delete(tx, &id, t)?;
            cx.log(tx, &id, t, ActivityAction::Delete, &format!("Deleted while {} (restorable for 30 days)", current.status))?;
            let deleted = load(tx, cx, &id)?;
            Ok(done(format!("Connection \"{}\" deleted; it can be restored for 30 days", deleted.name), deleted))
        })
        .await
}

/// `GET /es/v2/connections/<id>/activity`: newest first; works for deleted connections.
async fn activity(scope: Scope, ApiPath(id): ApiPath<String>) -> Result<Json<Envelope<Vec<ActivityEntry>>>> {
    let page = scope.params().optional_page()?;
    scope
        .read(move |c, cx| {
            load(c, cx, &id)?;
            let (items, total) = db_activity::list(c, &id, page)?;
            Ok(Json(Envelope::page(items, total)))
        })
        .await
}
