//! `POST /es/v2/oauth/client-token`: client credentials in, a short-lived bearer token out.

use crate::crypto::{random_string, token_hash, verify_secret};
use crate::db::now;
use crate::error::{AppError, Result};
use crate::extract::ApiJson;
use crate::AppState;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use madconnect_model::{ClientToken, ClientTokenRequest, Envelope};
use rusqlite::{params, OptionalExtension};
use std::sync::OnceLock;

pub fn router() -> Router<AppState> {
    Router::new().route("/es/v2/oauth/client-token", post(client_token))
}

/// Verifying against this when the client id is unknown keeps both failures equally slow.
fn dummy_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| crate::crypto::hash_secret("not-a-real-secret"))
}

async fn client_token(State(state): State<AppState>, ApiJson(req): ApiJson<ClientTokenRequest>) -> Result<Json<Envelope<ClientToken>>> {
    let client_id = req.client_id.trim().to_string();
    if client_id.is_empty() || req.client_secret.is_empty() {
        let mut e = AppError::bad_request("clientId and clientSecret are both required");
        if client_id.is_empty() {
            e = e.with_field("clientId", "Client ID is required");
        }
        if req.client_secret.is_empty() {
            e = e.with_field("clientSecret", "Client secret is required");
        }
        return Err(e);
    }
    let lookup = client_id.clone();
    let stored: Option<String> = state
        .db
        .run(move |c| Ok(c.query_row("SELECT secret_hash FROM clients WHERE client_id = ?1", [&lookup], |r| r.get(0)).optional()?))
        .await?;
    let secret = req.client_secret.clone();
    let known = stored.is_some();
    let ok = tokio::task::spawn_blocking(move || verify_secret(&secret, stored.as_deref().unwrap_or_else(|| dummy_hash()))).await?;
    if !(known && ok) {
        return Err(AppError::unauthorized("Client ID or client secret is not correct"));
    }
    let token = random_string(48);
    let hash = token_hash(&token);
    let ttl = state.config.token_ttl;
    let t = now();
    state
        .db
        .run(move |c| {
            c.execute("DELETE FROM tokens WHERE expires_at <= ?1", [t])?;
            c.execute(
                "INSERT INTO tokens (token_hash, client_id, expires_at) VALUES (?1, ?2, ?3)",
                params![hash, client_id, t + ttl as i64],
            )?;
            Ok(())
        })
        .await?;
    Ok(Json(Envelope::ok(ClientToken { access_token: token, token_type: "Bearer".into(), expiry: ttl })))
}
