//! Connections: list, create (with every compatibility rule), detail, update, status actions,
//! soft delete with a 30-day restore window, and the activity timeline.

use crate::crypto::{new_id, Cipher};
use crate::db::now;
use crate::error::{AppError, Result};
use crate::extract::{ApiJson, ApiPath, Auth, Params};
use crate::routes::connectors::ENV_NAME;
use crate::routes::scope::{done, InAccount};
use crate::store::{self, AccountRow, Filter};
use crate::AppState;
use axum::extract::State;
use axum::routing::{get, put};
use axum::{Json, Router};
use madconnect_model::connection::{connection_name_key, validate_connection_name};
use madconnect_model::validate::validate_config;
use madconnect_model::{
    ActivityEntry, ConfigField, ConfigValues, Connection, ConnectionStatus, ConnectionUpdate, ConnectorRef, Envelope, FieldErrors,
    NewConnection, StatusAction, SupportedType, RESTORE_WINDOW_SECS,
};
use rusqlite::{params, OptionalExtension, Row};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/es/v2/connections", get(list).post(create))
        .route("/es/v2/connections/{connection_id}", get(one).put(update).delete(remove))
        .route("/es/v2/connections/{connection_id}/status/{action}", put(set_status))
        .route("/es/v2/connections/{connection_id}/activity", get(activity))
}

/// Permanently removes connections deleted more than 30 days ago (run at start-up and lazily).
pub fn purge_expired(c: &rusqlite::Connection, now: i64) -> rusqlite::Result<usize> {
    let cutoff = now - RESTORE_WINDOW_SECS;
    c.execute(
        "DELETE FROM activity WHERE connection_id IN (SELECT id FROM connections WHERE deleted_time IS NOT NULL AND deleted_time <= ?1)",
        [cutoff],
    )?;
    c.execute("DELETE FROM connections WHERE deleted_time IS NOT NULL AND deleted_time <= ?1", [cutoff])
}

const SELECT: &str = "SELECT x.id, x.account_id, x.name, x.status, x.created_time, x.updated_time, x.deleted_time,
    x.monthly_volume, x.total_volume, x.used_volume,
    x.src_connector_id, s.name, s.slug, sa.configuration_id IS NOT NULL,
    x.dest_connector_id, d.name, d.slug, da.configuration_id IS NOT NULL,
    x.src_public, x.dest_public
    FROM connections x
    JOIN connectors s ON s.id = x.src_connector_id
    JOIN connectors d ON d.id = x.dest_connector_id
    LEFT JOIN account_connectors sa ON sa.account_id = x.account_id AND sa.connector_id = x.src_connector_id
    LEFT JOIN account_connectors da ON da.account_id = x.account_id AND da.connector_id = x.dest_connector_id";

fn from_row(r: &Row<'_>, public_path: &str, with_config: bool) -> rusqlite::Result<Connection> {
    let status = ConnectionStatus::parse(&r.get::<_, String>(3)?);
    let deleted_time: Option<i64> = r.get(6)?;
    let end = |i: usize| -> rusqlite::Result<ConnectorRef> {
        Ok(ConnectorRef {
            connector_id: r.get(i)?,
            connector_name: r.get(i + 1)?,
            connector_logo: store::logo_url(public_path, &r.get::<_, String>(i + 2)?),
            configured: r.get(i + 3)?,
        })
    };
    let config = |i: usize| -> rusqlite::Result<Option<ConfigValues>> {
        if !with_config {
            return Ok(None);
        }
        Ok(Some(serde_json::from_str(&r.get::<_, String>(i)?).unwrap_or_default()))
    };
    Ok(Connection {
        id: r.get(0)?,
        account_id: r.get(1)?,
        name: r.get(2)?,
        enabled: status.is_enabled(),
        deleted: deleted_time.is_some(),
        editable: deleted_time.is_none(),
        status,
        created_time: r.get(4)?,
        updated_time: r.get(5)?,
        deleted_time,
        monthly_volume: r.get::<_, i64>(7)?.max(0) as u64,
        total_volume: r.get::<_, i64>(8)?.max(0) as u64,
        used_volume: r.get::<_, i64>(9)?.max(0) as u64,
        src: end(10)?,
        dest: end(14)?,
        env: ENV_NAME.into(),
        src_connection_config: config(18)?,
        dest_connection_config: config(19)?,
    })
}

fn load(c: &rusqlite::Connection, cx: &InAccount, id: &str) -> Result<Connection> {
    c.query_row(&format!("{SELECT} WHERE x.id = ?1 AND x.account_id = ?2"), params![id, cx.account.id], |r| {
        from_row(r, &cx.public_path, true)
    })
    .optional()?
    .ok_or_else(|| AppError::not_found(format!("Connection \"{id}\" was not found in {}", cx.account.name)))
}

/// `GET /es/v2/connections`: `status` empty or `all` lists every connection not deleted;
/// `status=deleted` lists only deleted ones; `q` matches the name and both connector names.
async fn list(State(state): State<AppState>, auth: Auth, params: Params) -> Result<Json<Envelope<Vec<Connection>>>> {
    let scope = state.in_account(auth, &params)?;
    let page = params.page()?;
    let status = match params.get("status") {
        None => None,
        Some(s) if s.eq_ignore_ascii_case("all") => None,
        Some(s) => {
            let st = ConnectionStatus::parse(s);
            if !st.is_known() {
                let allowed: Vec<&str> = ConnectionStatus::ALL.iter().map(|s| s.as_str()).collect();
                let msg = format!("status must be all, {} (got \"{s}\")", allowed.join(", "));
                return Err(AppError::bad_request(format!("Invalid query parameter status: {msg}")).with_field("status", msg));
            }
            Some(st)
        }
    };
    scope
        .read(move |c, cx| {
            purge_expired(c, now())?;
            let mut f = Filter::default();
            let acc = f.arg(cx.account.id.clone());
            f.push(format!("x.account_id = {acc}"));
            match &status {
                Some(ConnectionStatus::Deleted) => f.push("x.deleted_time IS NOT NULL".into()),
                Some(st) => {
                    f.push("x.deleted_time IS NULL".into());
                    let p = f.arg(st.as_str().to_string());
                    f.push(format!("x.status = {p}"));
                }
                None => f.push("x.deleted_time IS NULL".into()),
            }
            if let Some(q) = params.q() {
                let p = f.arg(q);
                f.push(store::search_clause(&["x.name", "s.name", "d.name"], &p));
            }
            let total = f.count(
                c,
                "connections x JOIN connectors s ON s.id = x.src_connector_id
                     JOIN connectors d ON d.id = x.dest_connector_id",
            )?;
            let order = if matches!(status, Some(ConnectionStatus::Deleted)) { "x.deleted_time DESC" } else { "x.created_time DESC" };
            let sql = format!("{SELECT}{} ORDER BY {order}, x.id{}", f.where_sql(), page.limit_sql());
            let items = f.rows(c, &sql, |r| from_row(r, &cx.public_path, false))?;
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
    let key = connection_name_key(name);
    let mut stmt = c.prepare_cached("SELECT name FROM connections WHERE account_id = ?1 AND deleted_time IS NULL AND id <> ?2")?;
    let mut rows = stmt.query(params![account.id, except])?;
    while let Some(row) = rows.next()? {
        if connection_name_key(&row.get::<_, String>(0)?) == key {
            return Ok(true);
        }
    }
    Ok(false)
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
fn name_clash(e: rusqlite::Error, name: &str, account: &AccountRow) -> AppError {
    if crate::db::is_unique_violation(&e) {
        name_conflict(name, account)
    } else {
        e.into()
    }
}

fn rule(field: &str, message: String) -> AppError {
    AppError::unprocessable(message.clone()).with_field(field, message)
}

/// `POST /es/v2/connections`.
async fn create(
    State(state): State<AppState>,
    auth: Auth,
    params: Params,
    ApiJson(body): ApiJson<NewConnection>,
) -> Result<Json<Envelope<Connection>>> {
    state
        .in_account(auth, &params)?
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
                let connector = store::connector_full(tx, id, &cx.public_path)?
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
                let added = store::added(tx, &account.id, id)?.ok_or_else(|| {
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
            let compatible: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM compatibility WHERE src_id = ?1 AND dest_id = ?2)",
                params![src.item.connector_id, dest.item.connector_id],
                |r| r.get(0),
            )?;
            if !compatible {
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
            tx.execute(
                "INSERT INTO connections (id, account_id, name, src_connector_id, dest_connector_id, src_public, src_sealed,
                    dest_public, dest_sealed, status, created_time, updated_time)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                params![
                    id,
                    account.id,
                    name,
                    src.item.connector_id,
                    dest.item.connector_id,
                    s.public_json()?,
                    s.sealed,
                    d.public_json()?,
                    d.sealed,
                    ConnectionStatus::InProgress.as_str(),
                    t,
                ],
            )
            .map_err(|e| name_clash(e, &name, account))?;
            cx.log(tx, &id, t, "create", &format!("Created {name}: {} to {}", src.item.name, dest.item.name))?;
            Ok(done(format!("Connection \"{name}\" created"), load(tx, cx, &id)?))
        })
        .await
}

/// `GET /es/v2/connections/<id>`, with the non-secret connection settings of both ends.
async fn one(
    State(state): State<AppState>,
    auth: Auth,
    params: Params,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Envelope<Connection>>> {
    state
        .in_account(auth, &params)?
        .read(move |c, cx| {
            purge_expired(c, now())?;
            Ok(Json(Envelope::ok(load(c, cx, &id)?)))
        })
        .await
}

struct Sealed {
    src_public: ConfigValues,
    src_secrets: ConfigValues,
    dest_public: ConfigValues,
    dest_secrets: ConfigValues,
    src_id: String,
    dest_id: String,
}

fn sealed_state(c: &rusqlite::Connection, id: &str, cipher: &Cipher) -> Result<Sealed> {
    Ok(c.query_row(
        "SELECT src_public, src_sealed, dest_public, dest_sealed, src_connector_id, dest_connector_id FROM connections WHERE id = ?1",
        [id],
        |r| {
            let sp: String = r.get(0)?;
            let ss: Option<Vec<u8>> = r.get(1)?;
            let dp: String = r.get(2)?;
            let ds: Option<Vec<u8>> = r.get(3)?;
            Ok(Sealed {
                src_public: serde_json::from_str(&sp).unwrap_or_default(),
                src_secrets: store::unseal(ss.as_deref(), cipher),
                dest_public: serde_json::from_str(&dp).unwrap_or_default(),
                dest_secrets: store::unseal(ds.as_deref(), cipher),
                src_id: r.get(4)?,
                dest_id: r.get(5)?,
            })
        },
    )?)
}

/// `PUT /es/v2/connections/<id>`: name and settings only.
async fn update(
    State(state): State<AppState>,
    auth: Auth,
    params: Params,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ConnectionUpdate>,
) -> Result<Json<Envelope<Connection>>> {
    state
        .in_account(auth, &params)?
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
                Ok(store::connector_full(tx, cid, &cx.public_path)?.map(|c| c.connection_fields).unwrap_or_default())
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
                tx.execute("UPDATE connections SET name = ?1 WHERE id = ?2", params![n, id]).map_err(|e| name_clash(e, &n, &cx.account))?;
                changes.push(format!("Renamed from \"{}\" to \"{n}\"", current.name));
            }
            for (values, fields_, prev_public, prev_secrets, pub_col, sealed_col, label) in [
                (src_values.flatten(), &src_fields, &stored.src_public, &stored.src_secrets, "src_public", "src_sealed", "source"),
                (
                    dest_values.flatten(),
                    &dest_fields,
                    &stored.dest_public,
                    &stored.dest_secrets,
                    "dest_public",
                    "dest_sealed",
                    "destination",
                ),
            ] {
                let Some(values) = values else { continue };
                let sealed = store::seal(fields_, values, prev_secrets, &cx.cipher);
                let secrets_changed = store::unseal(sealed.sealed.as_deref(), &cx.cipher) != *prev_secrets;
                if sealed.public != *prev_public || secrets_changed {
                    tx.execute(
                        &format!("UPDATE connections SET {pub_col} = ?1, {sealed_col} = ?2 WHERE id = ?3"),
                        params![sealed.public_json()?, sealed.sealed, id],
                    )?;
                    changes.push(format!("Updated {label} settings"));
                }
            }
            if !changes.is_empty() {
                tx.execute("UPDATE connections SET updated_time = ?1 WHERE id = ?2", params![t, id])?;
                cx.log(tx, &id, t, "edit", &changes.join("; "))?;
            }
            let updated = load(tx, cx, &id)?;
            let message =
                if changes.is_empty() { "No changes to save".to_string() } else { format!("Connection \"{}\" updated", updated.name) };
            Ok(done(message, updated))
        })
        .await
}

/// `PUT /es/v2/connections/<id>/status/<action>`: activate, enable, disable, restore.
async fn set_status(
    State(state): State<AppState>,
    auth: Auth,
    params: Params,
    ApiPath((id, action)): ApiPath<(String, String)>,
) -> Result<Json<Envelope<Connection>>> {
    let scope = state.in_account(auth, &params)?;
    let Some(action) = StatusAction::parse(&action) else {
        return Err(AppError::bad_request(format!("Unknown status action \"{action}\": use activate, enable, disable or restore")));
    };
    scope
        .write(move |tx, cx| {
            let account = &cx.account;
            purge_expired(tx, now())?;
            let current = load(tx, cx, &id)?;
            let next = current.status.apply(action).map_err(|e| AppError::conflict(format!("{e} (connection \"{}\")", current.name)))?;
            let t = now();
            let mut detail = format!("{} → {}", current.status, next);
            if action == StatusAction::Restore {
                for end in [&current.src, &current.dest] {
                    if store::added(tx, &account.id, &end.connector_id)?.is_none() {
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
            tx.execute(
                "UPDATE connections SET status = ?1, deleted_time = NULL, updated_time = ?2 WHERE id = ?3",
                params![next.as_str(), t, id],
            )?;
            cx.log(tx, &id, t, action.as_str(), &detail)?;
            let updated = load(tx, cx, &id)?;
            Ok(done(format!("Connection \"{}\" is now {}", updated.name, updated.status), updated))
        })
        .await
}

/// `DELETE /es/v2/connections/<id>`: soft delete, restorable for 30 days.
async fn remove(
    State(state): State<AppState>,
    auth: Auth,
    params: Params,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Envelope<Connection>>> {
    state
        .in_account(auth, &params)?
        .write(move |tx, cx| {
            let current = load(tx, cx, &id)?;
            if !current.status.can_delete() || current.deleted {
                return Err(AppError::conflict(format!(
                    "Connection \"{}\" is already deleted; restore it with PUT /es/v2/connections/{id}/status/restore",
                    current.name
                )));
            }
            let t = now();
            tx.execute("UPDATE connections SET status = 'deleted', deleted_time = ?1, updated_time = ?1 WHERE id = ?2", params![t, id])?;
            cx.log(tx, &id, t, "delete", &format!("Deleted while {} (restorable for 30 days)", current.status))?;
            let deleted = load(tx, cx, &id)?;
            Ok(done(format!("Connection \"{}\" deleted; it can be restored for 30 days", deleted.name), deleted))
        })
        .await
}

/// `GET /es/v2/connections/<id>/activity`: newest first; works for deleted connections.
async fn activity(
    State(state): State<AppState>,
    auth: Auth,
    params: Params,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Envelope<Vec<ActivityEntry>>>> {
    let scope = state.in_account(auth, &params)?;
    let page = params.optional_page()?;
    scope
        .read(move |c, cx| {
            load(c, cx, &id)?;
            let limit = page.map(|p| p.limit_sql()).unwrap_or_default();
            let mut stmt = c.prepare(&format!(
                "SELECT id, connection_id, time, actor, action, detail FROM activity WHERE connection_id = ?1
                 ORDER BY time DESC, seq DESC{limit}"
            ))?;
            let items = stmt
                .query_map([&id], |r| {
                    Ok(ActivityEntry {
                        id: r.get(0)?,
                        connection_id: r.get(1)?,
                        time: r.get(2)?,
                        actor: r.get(3)?,
                        action: r.get(4)?,
                        detail: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let total: i64 = c.query_row("SELECT COUNT(*) FROM activity WHERE connection_id = ?1", [&id], |r| r.get(0))?;
            Ok(Json(Envelope::page(items, total as u64)))
        })
        .await
}
