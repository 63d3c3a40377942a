//! Custom OAuth connectors (`/es/v2/custom-connectors`): created from a URL and an OAuth client,
//! matched to a catalog provider's preset or discovered through RFC 8414, authorized with the
//! same flow as catalog connectors, refreshed, disconnected. Secrets and tokens sealed at rest.

use crate::crypto::token_hash;
use crate::db::{custom_connectors as db, now, oauth as db_oauth};
use crate::error::{AppError, Result};
use crate::extract::{ApiJson, ApiPath, OptionalJson};
use crate::oauth_client::{self, Provider, Tokens};
use crate::routes::authorize::{begin, checked_return_to, state_param, status_of, Begin};
use crate::routes::demo_oauth;
use crate::routes::scope::{done, Scope};
use crate::AppState;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use madconnect_model::{
    validate_metadata, AuthType, AuthorizationStatus, ConnectorAuth, CustomAuthorizeRequest, CustomConnector, CustomConnectorState,
    CustomConnectorUpdate, DisconnectRequest, Envelope, FieldErrors, Metadata, NewCustomConnector,
};
use rusqlite::Connection;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/es/v2/custom-connectors", get(list).post(create))
        .route("/es/v2/custom-connectors/{id}", get(one).patch(update).delete(remove))
        .route("/es/v2/custom-connectors/{id}/authorize", post(authorize))
        .route("/es/v2/custom-connectors/{id}/authorize/status", get(status))
        .route("/es/v2/custom-connectors/{id}/refresh", post(refresh))
        .route("/es/v2/custom-connectors/{id}/disconnect", post(disconnect))
}

const MAX_URL: usize = 2048;
const MAX_CLIENT_FIELD: usize = 512;

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    let message = message.into();
    AppError::validation(FieldErrors::from([(field.to_string(), vec![message])]))
}

fn check_metadata(m: &Metadata) -> Result<()> {
    validate_metadata(m).map_err(AppError::validation)
}

/// The URL, absolute http(s).
fn check_url(raw: &str) -> Result<url::Url> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(invalid("url", "url is required"));
    }
    if raw.len() > MAX_URL {
        return Err(invalid("url", format!("url must be at most {MAX_URL} characters")));
    }
    match url::Url::parse(raw) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(u),
        _ => Err(invalid("url", "url must be an absolute http or https URL")),
    }
}

fn optional_text(value: Option<String>, field: &str) -> Result<Option<String>> {
    let v = value.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    if v.as_ref().is_some_and(|s| s.chars().count() > MAX_CLIENT_FIELD) {
        return Err(invalid(field, format!("{field} must be at most {MAX_CLIENT_FIELD} characters")));
    }
    Ok(v)
}

/// The last two labels of a host ("developers.facebook.com" → "facebook.com").
fn site_of(host: &str) -> String {
    let labels: Vec<&str> = host.trim_end_matches('.').split('.').collect();
    labels[labels.len().saturating_sub(2)..].join(".")
}

/// The catalog OAuth connector whose provider serves `host`: one whose documentation or overview
/// lives on that host scores highest, then one on the same site; ties go to the name.
fn preset_for(c: &Connection, host: &str) -> Result<Option<(String, String, ConnectorAuth)>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, name, doc_url, overview_url, oauth_scopes, release_status FROM connectors WHERE auth_type = 'oauth2'
         ORDER BY name COLLATE NOCASE, id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let host = host.to_ascii_lowercase();
    let mut best: Option<(u8, (String, String, ConnectorAuth))> = None;
    for (id, name, doc, overview, scopes, release) in rows {
        let score = [doc, overview]
            .iter()
            .filter_map(|u| url::Url::parse(u).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase)))
            .map(|h| {
                if h == host || host.ends_with(&format!(".{h}")) {
                    2
                } else if site_of(&h) == site_of(&host) {
                    1
                } else {
                    0
                }
            })
            .max()
            .unwrap_or(0);
        if score > 0 && best.as_ref().is_none_or(|(s, _)| score > *s) {
            let auth = ConnectorAuth {
                auth_type: AuthType::OAuth2,
                oauth_scopes: serde_json::from_str(&scopes).unwrap_or_default(),
                release_status: madconnect_model::ReleaseStatus::parse(&release),
            };
            best = Some((score, (id, name, auth)));
        }
    }
    Ok(best.map(|(_, b)| b))
}

/// Where a new connector authorizes: its provider, or why there is none (the `disconnect_reason`
/// of a `created` connector).
async fn resolve(
    app: &AppState,
    url: &url::Url,
    match_preset: bool,
    client_id: Option<&str>,
) -> Result<std::result::Result<Provider, String>> {
    if match_preset {
        let host = url.host_str().unwrap_or_default().to_string();
        if let Some((id, name, auth)) = app.db.read(move |c| preset_for(c, &host)).await? {
            let mut p = demo_oauth::catalog_provider(app, &id, &name, auth.default_scopes());
            if let Some(own) = client_id {
                p.client_id = own.to_string();
            }
            return Ok(Ok(p));
        }
    }
    let meta = match oauth_client::discover(url).await {
        Ok(m) => m,
        Err(why) => return Ok(Err(why)),
    };
    let name = meta.issuer.clone().unwrap_or_else(|| url.origin().ascii_serialization());
    let Some(client_id) = client_id else {
        return Ok(Err(format!("Found the authorization server {name}, but a client_id is needed to authorize with it")));
    };
    Ok(Ok(Provider {
        name,
        authorization_endpoint: meta.authorization_endpoint,
        token_endpoint: meta.token_endpoint,
        revocation_endpoint: meta.revocation_endpoint,
        client_id: client_id.to_string(),
        scopes: vec![],
    }))
}

fn provider_of(row: &db::CustomRow) -> Option<Provider> {
    row.provider.as_deref().and_then(|p| serde_json::from_str(p).ok())
}

/// Starts an authorization for a connector that has a provider: `auth_required` with its URL.
fn start_authorization(
    tx: &Connection,
    app: &AppState,
    row: &db::CustomRow,
    scopes: Option<Vec<String>>,
    return_to: Option<&str>,
) -> Result<()> {
    let Some(provider) = provider_of(row) else {
        let why = row.disconnect_reason.clone().unwrap_or_else(|| "no authorization server is known for its URL".into());
        return Err(AppError::unprocessable(format!("This custom connector cannot be authorized: {why}")));
    };
    let scopes = scopes.unwrap_or_else(|| provider.scopes.clone());
    let started = begin(
        tx,
        app,
        &Begin {
            account_id: &row.account_id,
            target_kind: db_oauth::CUSTOM,
            target_id: &row.id,
            provider: &provider,
            scopes: &scopes,
            return_to,
        },
    )?;
    db::set_state(tx, &row.id, &CustomConnectorState::AuthRequired, Some(&started.url), None, false, now())?;
    Ok(())
}

/// A random version-4 UUID, as the documented `id`.
fn new_uuid() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// `POST /es/v2/custom-connectors?accountId=`: `{url, client_id, client_secret, metadata, match_preset}`.
async fn create(
    State(app): State<AppState>,
    scope: Scope,
    ApiJson(body): ApiJson<NewCustomConnector>,
) -> Result<Json<Envelope<CustomConnector>>> {
    let url = check_url(&body.url)?;
    check_metadata(&body.metadata)?;
    let client_id = optional_text(body.client_id, "client_id")?;
    let client_secret = optional_text(body.client_secret, "client_secret")?;
    if client_secret.is_some() && client_id.is_none() {
        return Err(invalid("client_id", "client_id is required with a client_secret"));
    }
    let provider = resolve(&app, &url, body.match_preset, client_id.as_deref()).await?;
    let (metadata, match_preset) = (body.metadata, body.match_preset);
    scope
        .write(move |tx, cx| {
            let t = now();
            let (state, reason, provider_json) = match &provider {
                Ok(p) => (CustomConnectorState::Created, None, Some(serde_json::to_string(p).map_err(AppError::internal)?)),
                Err(why) => (CustomConnectorState::Created, Some(why.clone()), None),
            };
            let mut row = db::CustomRow {
                id: new_uuid(),
                account_id: cx.account.id.clone(),
                url: url.to_string(),
                client_id,
                sealed_client_secret: client_secret.map(|s| cx.cipher.seal(s.as_bytes())),
                metadata,
                match_preset,
                state,
                provider: provider_json,
                auth_url: None,
                disconnect_reason: reason,
                sealed_tokens: None,
                created_at: t,
                updated_at: t,
                created_by: cx.client_id().to_string(),
            };
            db::insert(tx, &row)?;
            if row.provider.is_some() {
                start_authorization(tx, &app, &row, None, None)?;
            }
            row = db::get(tx, &cx.account.id, &row.id)?;
            let message = match &row.state {
                CustomConnectorState::AuthRequired => {
                    "Custom connector created: open auth_request.authorization_endpoint to authorize it".to_string()
                }
                _ => format!(
                    "Custom connector created, but it cannot be authorized yet: {}",
                    row.disconnect_reason.clone().unwrap_or_default()
                ),
            };
            Ok(done(message, row.view()))
        })
        .await
}

/// `GET /es/v2/custom-connectors?accountId=`: paged with `size` and `offset`, oldest first.
async fn list(scope: Scope) -> Result<Json<Envelope<Vec<CustomConnector>>>> {
    let page = scope.params().page()?;
    scope
        .read(move |c, cx| {
            let (rows, total) = db::list(c, &cx.account.id, page)?;
            Ok(Json(Envelope::page(rows.iter().map(db::CustomRow::view).collect(), total)))
        })
        .await
}

async fn one(scope: Scope, ApiPath(id): ApiPath<String>) -> Result<Json<Envelope<CustomConnector>>> {
    scope.read(move |c, cx| Ok(Json(Envelope::ok(db::get(c, &cx.account.id, &id)?.view())))).await
}

/// `PATCH /es/v2/custom-connectors/<id>`: `{metadata}` replaces the metadata whole.
async fn update(
    scope: Scope,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<CustomConnectorUpdate>,
) -> Result<Json<Envelope<CustomConnector>>> {
    check_metadata(&body.metadata)?;
    scope
        .write(move |tx, cx| {
            db::get(tx, &cx.account.id, &id)?;
            let t = now();
            db::set_metadata(tx, &id, &body.metadata, t)?;
            let row = db::get(tx, &cx.account.id, &id)?;
            db::sync_connector(tx, &row, t)?;
            Ok(done("Metadata updated", row.view()))
        })
        .await
}

/// `POST /es/v2/custom-connectors/<id>/authorize`: a new authorization (`{scopes, return_to}`
/// optional); the answer carries `auth_request`.
async fn authorize(
    State(app): State<AppState>,
    scope: Scope,
    ApiPath(id): ApiPath<String>,
    OptionalJson(req): OptionalJson<CustomAuthorizeRequest>,
) -> Result<Json<Envelope<CustomConnector>>> {
    let return_to = checked_return_to(req.return_to, "return_to")?;
    scope
        .write(move |tx, cx| {
            let row = db::get(tx, &cx.account.id, &id)?;
            start_authorization(tx, &app, &row, req.scopes, return_to.as_deref())?;
            let row = db::get(tx, &cx.account.id, &id)?;
            db::sync_connector(tx, &row, now())?;
            Ok(done("Open auth_request.authorization_endpoint to authorize the connector", row.view()))
        })
        .await
}

/// `GET /es/v2/custom-connectors/<id>/authorize/status?state=`.
async fn status(State(app): State<AppState>, scope: Scope, ApiPath(id): ApiPath<String>) -> Result<Json<Envelope<AuthorizationStatus>>> {
    let st = state_param(scope.params())?;
    let ttl = app.config.oauth_state_ttl;
    scope
        .read(move |c, cx| {
            let found = db_oauth::attempt(c, &token_hash(&st))?
                .filter(|a| a.account_id == cx.account.id && a.target_kind == db_oauth::CUSTOM && a.target_id == id);
            let a =
                found.ok_or_else(|| AppError::not_found(format!("No authorization of custom connector {id} started with this state")))?;
            Ok(Json(Envelope::ok(status_of(&st, &a, ttl))))
        })
        .await
}

/// The connector with its provider, client secret and tokens opened.
struct Opened {
    row: db::CustomRow,
    provider: Option<Provider>,
    secret: Option<String>,
    tokens: Option<Tokens>,
    /// The API client asking.
    by: String,
}

async fn open(scope: Scope, id: String) -> Result<Opened> {
    scope
        .read(move |c, cx| {
            let row = db::get(c, &cx.account.id, &id)?;
            let unseal = |s: &Option<Vec<u8>>| s.as_deref().and_then(|s| cx.cipher.open(s));
            let secret = unseal(&row.sealed_client_secret).and_then(|p| String::from_utf8(p).ok());
            let tokens = unseal(&row.sealed_tokens).and_then(|p| serde_json::from_slice(&p).ok());
            Ok(Opened { provider: provider_of(&row), row, secret, tokens, by: cx.client_id().to_string() })
        })
        .await
}

/// `POST /es/v2/custom-connectors/<id>/refresh`: renews the access token; when the provider
/// refuses (revoked grant, expired refresh token), the connector is `disconnected` with the reason.
async fn refresh(State(app): State<AppState>, scope: Scope, ApiPath(id): ApiPath<String>) -> Result<Json<Envelope<CustomConnector>>> {
    let o = open(scope, id).await?;
    let (Some(provider), Some(tokens), CustomConnectorState::Connected) = (&o.provider, &o.tokens, &o.row.state) else {
        return Err(AppError::conflict(format!(
            "Custom connector {} is {}, not connected: there is nothing to refresh",
            o.row.id, o.row.state
        )));
    };
    let result = oauth_client::refresh(provider, o.secret.as_deref(), &demo_oauth::callback_url(&app), tokens).await;
    let (cipher, row) = (app.cipher.clone(), o.row.clone());
    app.db
        .tx(move |tx| {
            let t = now();
            let message = match result {
                Ok(new) => {
                    let sealed = cipher.seal(serde_json::to_string(&new).map_err(AppError::internal)?.as_bytes());
                    db::set_tokens(tx, &row.id, &sealed, t)?;
                    "Access renewed".to_string()
                }
                Err(why) => {
                    tracing::warn!(reason = %why, "refreshing a custom connector's access failed");
                    let reason = format!("Refreshing the access failed: {why}");
                    db::set_state(tx, &row.id, &CustomConnectorState::Disconnected, None, Some(&reason), true, t)?;
                    format!("The connector is disconnected. {reason}")
                }
            };
            let now_row = db::get(tx, &row.account_id, &row.id)?;
            db::sync_connector(tx, &now_row, t)?;
            Ok(done(message, now_row.view()))
        })
        .await
}

/// Revokes the grant at the provider when there is one to revoke. Best effort: the connector
/// lets go of its tokens either way, and a provider that did not confirm is logged. (The
/// `oauth2` crate revokes over HTTPS only, so a demo server on plain http is only logged.)
async fn revoke_at_provider(app: &AppState, o: &Opened) {
    let (Some(p), Some(t)) = (&o.provider, &o.tokens) else { return };
    if let Err(why) = oauth_client::revoke(p, o.secret.as_deref(), &demo_oauth::callback_url(app), t).await {
        tracing::warn!(reason = %why, "revoking a custom connector's grant at the provider failed");
    }
}

/// `POST /es/v2/custom-connectors/<id>/disconnect`: `{reason}`; tokens are revoked and dropped.
async fn disconnect(
    State(app): State<AppState>,
    scope: Scope,
    ApiPath(id): ApiPath<String>,
    OptionalJson(req): OptionalJson<DisconnectRequest>,
) -> Result<Json<Envelope<CustomConnector>>> {
    let reason = optional_text(req.reason, "reason")?;
    let o = open(scope, id).await?;
    revoke_at_provider(&app, &o).await;
    let (row, by) = (o.row, o.by);
    app.db
        .tx(move |tx| {
            let why = reason.unwrap_or_else(|| format!("Disconnected by API client {by}"));
            let t = now();
            db::set_state(tx, &row.id, &CustomConnectorState::Disconnected, None, Some(&why), true, t)?;
            let now_row = db::get(tx, &row.account_id, &row.id)?;
            db::sync_connector(tx, &now_row, t)?;
            Ok(done("Custom connector disconnected", now_row.view()))
        })
        .await
}

/// `DELETE /es/v2/custom-connectors/<id>`: refused (409) while connections send data to it;
/// otherwise revokes its grant and removes it.
async fn remove(State(app): State<AppState>, scope: Scope, ApiPath(id): ApiPath<String>) -> Result<Json<Envelope<Value>>> {
    let o = open(scope, id).await?;
    let row = o.row.clone();
    let users = app.db.read(move |c| db::used_by(c, &row)).await?;
    if !users.is_empty() {
        let names: Vec<String> = users.iter().map(|(_, n)| format!("\"{n}\"")).collect();
        return Err(AppError::conflict(format!(
            "{} cannot be deleted: connections send data to it: {}. Delete them first.",
            o.row.display_name(),
            names.join(", ")
        ))
        .with_errors([("connections".to_string(), users.iter().map(|(cid, n)| format!("{n} ({cid})")).collect())].into()));
    }
    revoke_at_provider(&app, &o).await;
    let row = o.row;
    app.db
        .tx(move |tx| {
            if !db::used_by(tx, &row)?.is_empty() {
                return Err(AppError::conflict("Connections started using this custom connector: delete them first"));
            }
            db::delete(tx, &row.account_id, &row.id)?;
            Ok(done(format!("Custom connector {} deleted", row.id), json!({})))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_4() {
        let u = new_uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn sites_are_the_last_two_labels() {
        assert_eq!(site_of("developers.facebook.com"), "facebook.com");
        assert_eq!(site_of("localhost"), "localhost");
    }

    #[test]
    fn urls_must_be_absolute_http() {
        assert!(check_url("https://login.example.com/x").is_ok());
        for bad in ["", "ftp://x.example", "file:///etc/passwd", "not a url"] {
            let e = check_url(bad).unwrap_err();
            assert!(e.errors.unwrap().contains_key("url"), "{bad}");
        }
    }
}
