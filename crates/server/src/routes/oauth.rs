//! `POST /es/v2/oauth/client-token`: client credentials in, a short-lived bearer token out; and
//! `POST /es/v2/oauth/revoke` (an extension): a token out of use before it expires.

use crate::crypto::{random_string, token_hash};
use crate::db::{now, tokens};
use crate::error::{AppError, Result};
use crate::extract::ApiJson;
use crate::limits::{too_many, Failure};
use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::routing::post;
use axum::{Json, Router};
use madconnect_model::{ClientToken, ClientTokenRequest, Envelope};
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;

pub fn router() -> Router<AppState> {
    Router::new().route("/es/v2/oauth/client-token", post(client_token)).route("/es/v2/oauth/revoke", post(revoke))
}

/// Verifying against this when the client id is unknown keeps both failures equally slow.
fn dummy_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| crate::crypto::hash_secret("not-a-real-secret"))
}

/// The peer's address, when the server was started with connection info (it always is, outside
/// router-only tests).
pub struct RemoteAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for RemoteAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> std::result::Result<Self, Self::Rejection> {
        Ok(RemoteAddr(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())))
    }
}

fn cooling_off(retry_after: std::time::Duration) -> AppError {
    too_many("Too many failed sign-ins: wait before trying again", retry_after)
}

async fn client_token(
    State(state): State<AppState>,
    RemoteAddr(addr): RemoteAddr,
    ApiJson(req): ApiJson<ClientTokenRequest>,
) -> Result<Json<Envelope<ClientToken>>> {
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
    let guard = state.token_guard.clone();
    guard.throttle.check(addr, &client_id).map_err(cooling_off)?;
    let lookup = client_id.clone();
    let stored: Option<String> = state.db.run(move |c| Ok(tokens::secret_hash(c, &lookup)?)).await?;
    let known = stored.is_some();
    let phc = stored.unwrap_or_else(|| dummy_hash().to_string());
    let trusted = guard.throttle.trusted(addr);
    let ok = guard.verifier.verify(req.client_secret.clone(), phc, trusted).await?;
    if !(known && ok) {
        // Unknown id and wrong secret take the same path, so they stay indistinguishable.
        return match guard.throttle.failed(addr, &client_id) {
            Failure::Slowed(pause) => {
                tokio::time::sleep(pause).await;
                Err(AppError::unauthorized("Client ID or client secret is not correct"))
            }
            Failure::CoolingOff(d) => Err(cooling_off(d)),
        };
    }
    guard.throttle.succeeded(addr);
    crate::layers::record_client(&client_id);
    let token = random_string(48);
    let hash = token_hash(&token);
    let ttl = state.config.token_ttl;
    let t = now();
    state.db.run(move |c| Ok(tokens::issue(c, &hash, &client_id, t + ttl as i64, t)?)).await?;
    Ok(Json(Envelope::ok(ClientToken { access_token: token, token_type: "Bearer".into(), expiry: ttl })))
}

/// `{"token": "<accessToken>"}`. Holding a token is all it takes to end it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevokeRequest {
    token: String,
}

/// Revokes an access token. As in RFC 7009, an unknown, expired or already revoked token is
/// still a success: the caller's goal (the token no longer works) holds either way.
async fn revoke(State(state): State<AppState>, ApiJson(req): ApiJson<RevokeRequest>) -> Result<Json<Envelope<serde_json::Value>>> {
    let token = req.token.trim().to_string();
    if token.is_empty() {
        return Err(
            AppError::bad_request("token is required: send {\"token\": \"<accessToken>\"}").with_field("token", "Token is required")
        );
    }
    let hash = token_hash(&token);
    state.db.run(move |c| Ok(tokens::revoke(c, &hash)?)).await?;
    Ok(Json(Envelope { status_message: "Token revoked".into(), ..Envelope::ok(serde_json::json!({})) }))
}
