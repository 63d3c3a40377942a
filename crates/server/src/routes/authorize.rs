//! OAuth authorization of connectors: starting an attempt for a catalog connector, its status,
//! and the callback the provider sends the browser to (code exchange, tokens sealed, the console
//! told the outcome). Custom connectors start attempts through the same `begin`.

use crate::crypto::token_hash;
use crate::db::{connectors as db_connectors, custom_connectors as db_custom, now, oauth as db};
use crate::error::{AppError, Result};
use crate::extract::{ApiPath, OptionalJson, Params};
use crate::oauth_client::{self, Provider, Tokens};
use crate::routes::demo_oauth;
use crate::routes::scope::{done, Scope};
use crate::web::escape_html;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use madconnect_model::{
    validate_return_to, AuthRequest, AuthType, AuthorizationOutcome, AuthorizationStarted, AuthorizationStatus, AuthorizeRequest, Envelope,
};
use rusqlite::Connection;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/es/v2/connectors/authorize/{connector_id}", post(start))
        .route("/es/v2/connectors/authorize/{connector_id}/status", get(status))
        .route("/oauth/callback", get(callback))
        .route("/oauth/callback.js", get(callback_script))
}

/// What an attempt authorizes and how.
pub struct Begin<'a> {
    pub account_id: &'a str,
    pub target_kind: &'static str,
    pub target_id: &'a str,
    pub provider: &'a Provider,
    pub scopes: &'a [String],
    pub return_to: Option<&'a str>,
}

/// Starts an attempt inside the caller's transaction: the authorization URL (PKCE S256, fresh
/// state), the verifier sealed and the state stored as a hash, good for `--oauth-state-ttl`.
pub fn begin(tx: &Connection, state: &AppState, b: &Begin<'_>) -> Result<oauth_client::Started> {
    let started = oauth_client::start(b.provider, &demo_oauth::callback_url(state), b.scopes).map_err(AppError::unprocessable)?;
    let t = now();
    let sealed = state.cipher.seal(started.verifier.as_bytes());
    db::insert_attempt(
        tx,
        &db::NewAttempt {
            state_hash: &token_hash(&started.state),
            account_id: b.account_id,
            target_kind: b.target_kind,
            target_id: b.target_id,
            sealed_verifier: &sealed,
            return_to: b.return_to,
            created_at: t,
            expires_at: t + state.config.oauth_state_ttl as i64,
        },
    )?;
    Ok(started)
}

/// A `returnTo` given at the start: a 422 naming `field` unless it is a same-origin path.
pub fn checked_return_to(value: Option<String>, field: &str) -> Result<Option<String>> {
    match value.filter(|v| !v.trim().is_empty()) {
        None => Ok(None),
        Some(v) => match validate_return_to(&v) {
            Ok(()) => Ok(Some(v)),
            Err(msg) => Err(AppError::unprocessable(format!("Invalid {field}: {msg}")).with_field(field, msg)),
        },
    }
}

/// `POST /es/v2/connectors/authorize/<id>?accountId=`: starts authorizing an added OAuth
/// connector; `{scopes, returnTo}` optional.
async fn start(
    State(state): State<AppState>,
    scope: Scope,
    ApiPath(id): ApiPath<String>,
    OptionalJson(req): OptionalJson<AuthorizeRequest>,
) -> Result<Json<Envelope<AuthorizationStarted>>> {
    let return_to = checked_return_to(req.return_to, "returnTo")?;
    scope
        .write(move |tx, cx| {
            let connector = db_connectors::get(tx, &id, &cx.public_path)?;
            let name = &connector.item.name;
            if db_connectors::added(tx, &cx.account.id, &id)?.is_none() {
                return Err(AppError::unprocessable(format!(
                    "Connector {name} ({id}) is not added to {}: add it first with POST /es/v2/connectors",
                    cx.account.name
                )));
            }
            if connector.auth.auth_type != AuthType::OAuth2 {
                return Err(AppError::unprocessable(format!(
                    "{name} authenticates with {}, not OAuth: configure it with POST /es/v2/connectors/configure/{id}",
                    connector.auth.auth_type
                )));
            }
            let scopes = match req.scopes {
                None => connector.auth.default_scopes(),
                Some(chosen) => {
                    let unknown: Vec<&String> =
                        chosen.iter().filter(|s| !connector.auth.oauth_scopes.iter().any(|o| &o.id == *s)).collect();
                    if let Some(bad) = unknown.first() {
                        return Err(AppError::unprocessable(format!("Invalid scopes: {name} has no scope \"{bad}\""))
                            .with_field("scopes", format!("Unknown scope \"{bad}\"")));
                    }
                    chosen
                }
            };
            let provider = demo_oauth::catalog_provider(&state, &id, name, scopes.clone());
            let started = begin(
                tx,
                &state,
                &Begin {
                    account_id: &cx.account.id,
                    target_kind: db::CATALOG,
                    target_id: &id,
                    provider: &provider,
                    scopes: &scopes,
                    return_to: return_to.as_deref(),
                },
            )?;
            Ok(done(
                format!("Open authRequest.authorizationEndpoint to authorize {name} for {}", cx.account.name),
                AuthorizationStarted {
                    state: started.state,
                    auth_request: AuthRequest { authorization_endpoint: started.url, kind: "code".into() },
                },
            ))
        })
        .await
}

/// An attempt as the status endpoint shows it; a pending one past its time reads as expired.
pub fn status_of(state: &str, a: &db::Attempt, ttl: u64) -> AuthorizationStatus {
    let expired = a.outcome == AuthorizationOutcome::Pending && a.completed_at.is_none() && now() > a.expires_at;
    let (outcome, reason) =
        if expired { (AuthorizationOutcome::Error, Some(expired_reason(ttl))) } else { (a.outcome.clone(), a.reason.clone()) };
    AuthorizationStatus { state: state.to_string(), outcome, reason, replayed: a.replayed }
}

fn expired_reason(ttl: u64) -> String {
    format!("The authorization was not completed within {ttl} seconds; start it again")
}

/// The `state` query parameter, required.
pub fn state_param(params: &Params) -> Result<String> {
    params.get("state").map(str::to_string).ok_or_else(|| {
        AppError::bad_request("Query parameter state is required: pass the state the authorization started with")
            .with_field("state", "state is required")
    })
}

/// `GET /es/v2/connectors/authorize/<id>/status?accountId=&state=`: pending, authorized, denied
/// or error (with the reason).
async fn status(State(app): State<AppState>, scope: Scope, ApiPath(id): ApiPath<String>) -> Result<Json<Envelope<AuthorizationStatus>>> {
    let st = state_param(scope.params())?;
    let ttl = app.config.oauth_state_ttl;
    scope
        .read(move |c, cx| {
            let found = db::attempt(c, &token_hash(&st))?
                .filter(|a| a.account_id == cx.account.id && a.target_kind == db::CATALOG && a.target_id == id);
            let a = found.ok_or_else(|| AppError::not_found(format!("No authorization of connector {id} started with this state")))?;
            Ok(Json(Envelope::ok(status_of(&st, &a, ttl))))
        })
        .await
}

/// How a callback ended, for the page.
struct Settled {
    outcome: AuthorizationOutcome,
    reason: Option<String>,
    return_to: Option<String>,
}

impl Settled {
    fn error(reason: impl Into<String>) -> Settled {
        Settled { outcome: AuthorizationOutcome::Error, reason: Some(reason.into()), return_to: None }
    }
}

/// Where the callback exchanges the code: the provider and the client secret of the attempt's
/// connector.
async fn provider_for(app: &AppState, a: &db::Attempt) -> Result<(Provider, Option<String>)> {
    let (kind, id, cipher) = (a.target_kind.clone(), a.target_id.clone(), app.cipher.clone());
    let app2 = app.clone();
    app.db
        .read(move |c| {
            if kind == db::CATALOG {
                let connector = db_connectors::get(c, &id, "/")?;
                let scopes = connector.auth.default_scopes();
                return Ok((demo_oauth::catalog_provider(&app2, &id, &connector.item.name, scopes), None));
            }
            let row = db_custom::by_id(c, &id)?.ok_or_else(|| db_custom::not_found(&id))?;
            let provider: Provider = row
                .provider
                .as_deref()
                .and_then(|p| serde_json::from_str(p).ok())
                .ok_or_else(|| AppError::unprocessable("The custom connector has no authorization server"))?;
            let secret = row.sealed_client_secret.as_deref().and_then(|s| cipher.open(s)).and_then(|p| String::from_utf8(p).ok());
            Ok((provider, secret))
        })
        .await
}

/// Stores the tokens of a finished authorization and marks its connector configured/connected.
async fn store_grant(app: &AppState, a: &db::Attempt, tokens: &Tokens) -> Result<()> {
    let sealed = app.cipher.seal(serde_json::to_string(tokens).map_err(AppError::internal)?.as_bytes());
    let (a, scope) = (a.clone(), tokens.scope.clone().unwrap_or_default());
    app.db
        .tx(move |tx| {
            let t = now();
            if a.target_kind == db::CATALOG {
                if db_connectors::added(tx, &a.account_id, &a.target_id)?.is_none() {
                    return Err(AppError::conflict("The connector was removed from the sub-account before the authorization finished"));
                }
                let name = db_connectors::get(tx, &a.target_id, "/")?.item.name;
                db::save_grant(tx, &a.account_id, &a.target_id, &sealed, &scope, t)?;
                db_connectors::mark_authorized(tx, &a.account_id, &a.target_id, &format!("{name} OAuth grant"), t)?;
            } else {
                if db_custom::by_id(tx, &a.target_id)?.is_none() {
                    return Err(db_custom::not_found(&a.target_id));
                }
                db_custom::set_tokens(tx, &a.target_id, &sealed, t)?;
                let row = db_custom::by_id(tx, &a.target_id)?.ok_or_else(|| db_custom::not_found(&a.target_id))?;
                db_custom::sync_connector(tx, &row, t)?;
            }
            Ok(())
        })
        .await
}

async fn finish(app: &AppState, hash: &str, outcome: AuthorizationOutcome, reason: Option<String>, return_to: Option<String>) -> Settled {
    let (h, o, r) = (hash.to_string(), outcome.clone(), reason.clone());
    if let Err(e) = app.db.tx(move |tx| db::finish(tx, &h, &o, r.as_deref(), now())).await {
        return Settled::error(format!("The outcome could not be recorded: {}", e.message));
    }
    match &reason {
        Some(why) => tracing::warn!(outcome = outcome.as_str(), reason = %why, "OAuth authorization ended"),
        None => tracing::info!(outcome = outcome.as_str(), "OAuth authorization ended"),
    }
    Settled { outcome, reason, return_to }
}

/// Takes the provider's answer for `st`: every way it can end is recorded with the attempt.
async fn settle(app: &AppState, st: &str, params: &Params) -> Settled {
    let hash = token_hash(st);
    let h = hash.clone();
    let a = match app.db.read(move |c| db::attempt(c, &h)).await {
        Ok(Some(a)) => a,
        Ok(None) => {
            tracing::warn!("OAuth callback with an unknown state");
            return Settled::error("This authorization is not known: start it again from MadConnect");
        }
        Err(e) => return Settled::error(e.message),
    };
    let return_to = a.return_to.clone();
    let h = hash.clone();
    let t = now();
    let claimed = match app.db.tx(move |tx| db::claim(tx, &h, t)).await {
        Ok(c) => c,
        Err(e) => return Settled::error(e.message),
    };
    if !claimed {
        let h = hash.clone();
        let _ = app.db.tx(move |tx| db::mark_replayed(tx, &h)).await;
        tracing::warn!("OAuth callback replayed a state already used");
        return Settled { return_to, ..Settled::error("This authorization was already completed: its state cannot be used again") };
    }
    if t > a.expires_at {
        let ttl = app.config.oauth_state_ttl;
        return finish(app, &hash, AuthorizationOutcome::Error, Some(expired_reason(ttl)), return_to).await;
    }
    if let Some(error) = params.get("error") {
        let error: String = error.chars().filter(|c| c.is_ascii_graphic()).take(64).collect();
        return if error == "access_denied" {
            finish(app, &hash, AuthorizationOutcome::Denied, Some("Access was denied at the provider".into()), return_to).await
        } else {
            finish(app, &hash, AuthorizationOutcome::Error, Some(format!("The provider answered with error {error}")), return_to).await
        };
    }
    let Some(code) = params.get("code") else {
        return finish(app, &hash, AuthorizationOutcome::Error, Some("The provider answered without a code".into()), return_to).await;
    };
    let (provider, secret) = match provider_for(app, &a).await {
        Ok(p) => p,
        Err(e) => return finish(app, &hash, AuthorizationOutcome::Error, Some(e.message), return_to).await,
    };
    let Some(verifier) = app.cipher.open(&a.sealed_verifier).and_then(|v| String::from_utf8(v).ok()) else {
        return finish(app, &hash, AuthorizationOutcome::Error, Some("The PKCE verifier could not be read".into()), return_to).await;
    };
    let tokens = match oauth_client::exchange(&provider, secret.as_deref(), &demo_oauth::callback_url(app), code, &verifier).await {
        Ok(t) => t,
        Err(why) => return finish(app, &hash, AuthorizationOutcome::Error, Some(why), return_to).await,
    };
    match store_grant(app, &a, &tokens).await {
        Ok(()) => finish(app, &hash, AuthorizationOutcome::Authorized, None, return_to).await,
        Err(e) => finish(app, &hash, AuthorizationOutcome::Error, Some(e.message), return_to).await,
    }
}

/// `GET /oauth/callback?code=&state=` (or `?error=&state=`): settles the attempt and answers a
/// page that tells the console window that opened it (no inline script: `callback.js` reads the
/// page's data attributes), or goes back to `returnTo` when there is no opener.
async fn callback(State(app): State<AppState>, params: Params) -> Response {
    let st = params.get("state").map(str::to_string);
    let settled = match &st {
        Some(st) => settle(&app, st, &params).await,
        None => Settled::error("The provider's answer carries no state"),
    };
    let st = st.unwrap_or_default();
    let base = app.base_url();
    let origin = url::Url::parse(&base).map(|u| u.origin().ascii_serialization()).unwrap_or_default();
    let back = match &settled.return_to {
        Some(path) => {
            let sep = if path.contains('?') { '&' } else { '?' };
            let query = serde_urlencoded::to_string([("oauth", settled.outcome.as_str()), ("state", st.as_str())]).unwrap_or_default();
            format!("{path}{sep}{query}")
        }
        None => app.site.public_path.clone(),
    };
    let (title, text) = match settled.outcome {
        AuthorizationOutcome::Authorized => ("Connected", "The connector is authorized. You can close this window."),
        AuthorizationOutcome::Denied => ("Not connected", "Access was denied. You can close this window."),
        _ => ("Not connected", "The authorization did not finish."),
    };
    let reason = settled.reason.clone().unwrap_or_default();
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · MadConnect</title></head><body>\
         <main id=\"mc-oauth\" data-state=\"{state}\" data-outcome=\"{outcome}\" data-reason=\"{reason_attr}\" data-origin=\"{origin}\" \
         data-return-to=\"{return_to}\"><h1>{title}</h1><p>{text}</p>{reason_p}<p><a href=\"{back}\">Back to MadConnect</a></p></main>\
         <script src=\"{script}\"></script></body></html>",
        state = escape_html(&st),
        outcome = settled.outcome.as_str(),
        reason_attr = escape_html(&reason),
        origin = escape_html(&origin),
        return_to = if settled.return_to.is_some() { escape_html(&back) } else { String::new() },
        reason_p = if reason.is_empty() { String::new() } else { format!("<p>{}</p>", escape_html(&reason)) },
        back = escape_html(&back),
        script = escape_html(&format!("{}oauth/callback.js", app.site.public_path)),
    );
    let status = if settled.outcome == AuthorizationOutcome::Authorized { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let mut res = (status, Html(html)).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The callback page's script: post the outcome to the opener (the console's own origin) and
/// close, or go back to `returnTo` when the popup was blocked and this is the console's tab.
const CALLBACK_JS: &str = r#"(function () {
  var el = document.getElementById("mc-oauth");
  if (!el) return;
  var d = el.dataset;
  var msg = { type: "madconnect.oauth", state: d.state, outcome: d.outcome, reason: d.reason || null };
  if (window.opener && !window.opener.closed) {
    try { window.opener.postMessage(msg, d.origin); } catch (e) {}
    window.close();
  } else if (d.returnTo) {
    window.location.replace(d.returnTo);
  }
})();
"#;

async fn callback_script() -> Response {
    let mut res = CALLBACK_JS.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_posts_the_documented_message_type() {
        assert!(CALLBACK_JS.contains(madconnect_model::oauth::OAUTH_MESSAGE_TYPE));
    }

    #[test]
    fn return_to_must_be_a_local_path() {
        assert!(checked_return_to(Some("/connectors".into()), "returnTo").unwrap().is_some());
        let e = checked_return_to(Some("https://evil.example/".into()), "returnTo").unwrap_err();
        assert!(e.errors.unwrap().contains_key("returnTo"));
        assert!(checked_return_to(None, "returnTo").unwrap().is_none());
    }
}
