//! Data transfers: start a batch on an active connection (with optional run-time settings,
//! checked by the model's rules) and poll its status. The engine in `transfers` runs it.

use crate::crypto::new_id;
use crate::db::batches::{self, NewBatch};
use crate::db::connections as db_connections;
use crate::db::connectors as db_connectors;
use crate::db::now;
use crate::error::{AppError, Result};
use crate::extract::{ApiPath, OptionalJson};
use crate::routes::scope::{done, InAccount, Scope};
use crate::store;
use crate::AppState;
use axum::routing::{get, post};
use axum::{Json, Router};
use madconnect_model::validate::validate_config;
use madconnect_model::{
    ActivityAction, Batch, BatchStatus, BatchTrigger, ConfigField, ConfigValues, Connection, ConnectionStatus, Envelope, FieldErrors,
    TransferRequest, TransferStarted,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/es/v2/data/{connection_id}/transfer", post(start))
        .route("/es/v2/data/{connection_id}/status/{batch_id}", get(status))
}

/// The connection, looked up in the sub-account (404 otherwise, also for another's).
pub(crate) fn load(c: &rusqlite::Connection, cx: &InAccount, id: &str) -> Result<Connection> {
    db_connections::find(c, &cx.account.id, id, &cx.public_path, now())?
        .ok_or_else(|| AppError::not_found(format!("Connection \"{id}\" was not found in {}", cx.account.name)))
}

/// `POST /es/v2/data/<connectionId>/transfer`: queues a batch and answers `{id, status}`.
async fn start(
    scope: Scope,
    ApiPath(id): ApiPath<String>,
    OptionalJson(body): OptionalJson<TransferRequest>,
) -> Result<Json<Envelope<TransferStarted>>> {
    scope
        .write(move |tx, cx| {
            let connection = load(tx, cx, &id)?;
            let name = &connection.name;
            if connection.deleted || connection.status != ConnectionStatus::Active {
                return Err(AppError::conflict(format!(
                    "Connection \"{name}\" is {}, not active: a transfer runs only on an active connection (enable or activate it first)",
                    connection.status
                )));
            }
            let src = db_connectors::get(tx, &connection.src.connector_id, &cx.public_path)?;
            let dest = db_connectors::get(tx, &connection.dest.connector_id, &cx.public_path)?;
            if !src.item.transfer {
                return Err(AppError::unprocessable(format!(
                    "Connection \"{name}\" cannot be run on demand: its source {} does not support transfers (transfer: false)",
                    src.item.name
                )));
            }
            if let Some(running) = batches::unfinished(tx, &id)? {
                return Err(AppError::conflict(format!(
                    "A transfer is already running on \"{name}\" (batch {running}): wait for it to finish before starting another"
                )));
            }
            let runtime = body.configuration.unwrap_or_default();
            let stored = db_connections::settings(tx, &id)?;
            let mut errors = FieldErrors::new();
            let src_over = run_time_side(
                &src.connection_fields,
                &stored.src_public,
                stored.src_sealed.as_deref(),
                &runtime.source,
                "source",
                cx,
                &mut errors,
            );
            let dest_over = run_time_side(
                &dest.connection_fields,
                &stored.dest_public,
                stored.dest_sealed.as_deref(),
                &runtime.destination,
                "destination",
                cx,
                &mut errors,
            );
            if !errors.is_empty() {
                return Err(AppError::validation(errors));
            }
            let batch_id = new_id();
            let t = now();
            let config = serde_json::json!({"source": src_over, "destination": dest_over});
            let b = NewBatch {
                id: &batch_id,
                connection_id: &id,
                account_id: &cx.account.id,
                trigger: BatchTrigger::Manual,
                time: t,
                runtime_config: &config,
            };
            batches::insert(tx, &b)?;
            let with = if runtime.source.is_empty() && runtime.destination.is_empty() { "" } else { " with run-time settings" };
            cx.log(tx, &id, t, ActivityAction::Other("transfer".into()), &format!("Started transfer {batch_id}{with}"))?;
            Ok(done(format!("Transfer started on \"{name}\""), TransferStarted { id: batch_id, status: BatchStatus::InProgress }))
        })
        .await
}

/// Checks one end's run-time settings over its stored ones with the model's rules (errors keyed
/// `configuration.<side>.<fieldId>`) and returns the run-time values that are not secret, which
/// are all the batch keeps: password values are checked and never stored.
fn run_time_side(
    fields: &[ConfigField],
    stored_public: &ConfigValues,
    stored_sealed: Option<&[u8]>,
    over: &ConfigValues,
    side: &str,
    cx: &InAccount,
    errors: &mut FieldErrors,
) -> ConfigValues {
    if over.is_empty() {
        return ConfigValues::new();
    }
    let secrets = store::unseal(stored_sealed, &cx.cipher);
    let mut merged = stored_public.clone();
    merged.extend(over.clone());
    match validate_config(fields, &merged, &store::stored_secret_ids(&secrets)) {
        Ok(valid) => {
            valid.into_iter().filter(|(k, _)| over.contains_key(k) && fields.iter().any(|f| &f.id == k && !store::is_secret(f))).collect()
        }
        Err(e) => {
            for (k, msgs) in e {
                errors.entry(format!("configuration.{side}.{k}")).or_default().extend(msgs);
            }
            ConfigValues::new()
        }
    }
}

/// `GET /es/v2/data/<connectionId>/status/<batchId>`: `{id, status}` plus the batch's times,
/// volume and failure reason.
async fn status(scope: Scope, ApiPath((id, batch_id)): ApiPath<(String, String)>) -> Result<Json<Envelope<Batch>>> {
    scope
        .read(move |c, cx| {
            let connection = load(c, cx, &id)?;
            let batch = batches::find(c, &id, &batch_id)?
                .ok_or_else(|| AppError::not_found(format!("Batch \"{batch_id}\" was not found on connection \"{}\"", connection.name)))?;
            Ok(Json(Envelope::ok(batch)))
        })
        .await
}
