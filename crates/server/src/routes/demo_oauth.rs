//! The built-in DEMO authorization server: OAuth 2.0 code grant with PKCE (S256 only) and
//! `state`, RFC 8414 metadata, a consent page, a token endpoint (code and refresh grants) and
//! RFC 7009 revocation. It stands in for every catalog provider (client id `demo-<connectorId>`,
//! a public client) and accepts each custom connector's client id and secret as if they had been
//! registered beforehand. Codes and tokens are stored as hashes only. Not for production use.

use crate::crypto::{random_string, token_hash};
use crate::db::{connectors as db_connectors, custom_connectors as db_custom, now, oauth as db};
use crate::error::Result;
use crate::web::escape_html;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use madconnect_model::AuthType;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Client ids of the demo's stand-in for a catalog connector's provider.
pub const CATALOG_CLIENT_PREFIX: &str = "demo-";
/// Seconds a code may wait before it is exchanged.
const CODE_TTL: i64 = 60;
/// Seconds an access token lives.
const ACCESS_TTL: i64 = 3600;
/// Seconds a refresh token lives.
const REFRESH_TTL: i64 = 90 * 86_400;
/// Token prefixes, so a leaked token is recognisable (and tests can look for one).
pub const ACCESS_PREFIX: &str = "demo_at_";
pub const REFRESH_PREFIX: &str = "demo_rt_";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/.well-known/oauth-authorization-server", get(metadata))
        .route("/demo-oauth/authorize", get(consent_page).post(decide))
        .route("/demo-oauth/token", post(token))
        .route("/demo-oauth/revoke", post(revoke))
        .route("/demo-oauth/grants/revoke", post(remove_access))
}

/// The demo server's endpoints under this server's public URL.
pub struct Endpoints {
    pub issuer: String,
    pub authorize: String,
    pub token: String,
    pub revoke: String,
}

pub fn endpoints(state: &AppState) -> Endpoints {
    let base = state.base_url();
    Endpoints {
        issuer: base.trim_end_matches('/').to_string(),
        authorize: format!("{base}demo-oauth/authorize"),
        token: format!("{base}demo-oauth/token"),
        revoke: format!("{base}demo-oauth/revoke"),
    }
}

/// The one redirect URI every demo client is registered with: this server's OAuth callback.
pub fn callback_url(state: &AppState) -> String {
    format!("{}oauth/callback", state.base_url())
}

/// `GET /.well-known/oauth-authorization-server` (RFC 8414).
async fn metadata(State(state): State<AppState>) -> Response {
    let e = endpoints(&state);
    let body = json!({
        "issuer": e.issuer,
        "authorization_endpoint": e.authorize,
        "token_endpoint": e.token,
        "revocation_endpoint": e.revoke,
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "service_documentation": format!("{}#demo-authorization-server", state.base_url()),
    });
    Json(body).into_response()
}

/// A client the demo server knows.
struct DemoClient {
    name: String,
    /// `None`: a public client (PKCE only).
    secret: Option<String>,
    /// `None`: any scope.
    scopes: Option<Vec<String>>,
}

async fn lookup(state: &AppState, client_id: &str) -> Result<Option<DemoClient>> {
    let (id, cipher) = (client_id.to_string(), state.cipher.clone());
    state
        .db
        .read(move |c| {
            if let Some(connector_id) = id.strip_prefix(CATALOG_CLIENT_PREFIX) {
                if let Some(full) = db_connectors::find(c, connector_id, "/")? {
                    if full.auth.auth_type == AuthType::OAuth2 {
                        let scopes = full.auth.oauth_scopes.iter().map(|s| s.id.clone()).collect();
                        return Ok(Some(DemoClient { name: full.item.name, secret: None, scopes: Some(scopes) }));
                    }
                }
            }
            Ok(db_custom::by_client_id(c, &id)?.map(|row| {
                let secret = row.sealed_client_secret.as_deref().and_then(|s| cipher.open(s)).and_then(|p| String::from_utf8(p).ok());
                let name = row.display_name();
                DemoClient { name, secret, scopes: None }
            }))
        })
        .await
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{t} · Demo authorization server</title></head><body><main>\
         <p><strong>Demo authorization server</strong>: built into MadConnect to stand in for the real provider. \
         Nothing here signs you in anywhere.</p><h1>{t}</h1>{body}</main></body></html>",
        t = escape_html(title)
    );
    let mut res = (status, Html(html)).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The authorization request's parameters, checked.
struct AuthorizeParams {
    client_id: String,
    redirect_uri: String,
    scope: String,
    state: String,
    code_challenge: String,
}

/// Problems that must not redirect (unknown client, unregistered redirect URI) give a page;
/// the others go back to the client as `error=` on its redirect URI (RFC 6749 4.1.2.1).
enum Refusal {
    Page(Response),
    Redirect(Response),
}

async fn check(state: &AppState, q: &HashMap<String, String>) -> std::result::Result<(AuthorizeParams, DemoClient), Refusal> {
    let get = |k: &str| q.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let client_id = get("client_id");
    let redirect_uri = get("redirect_uri");
    let client = match lookup(state, &client_id).await {
        Ok(Some(c)) => c,
        Ok(None) => {
            return Err(Refusal::Page(page(
                StatusCode::BAD_REQUEST,
                "Unknown application",
                "<p>No application is registered with this client id.</p>",
            )))
        }
        Err(e) => return Err(Refusal::Page(e.into_response())),
    };
    if redirect_uri != callback_url(state) {
        return Err(Refusal::Page(page(
            StatusCode::BAD_REQUEST,
            "Redirect URI not registered",
            "<p>The redirect_uri is not the one registered for this application.</p>",
        )));
    }
    let st = get("state");
    let back = |error: &str, description: &str| {
        let mut u = url::Url::parse(&redirect_uri).expect("the registered redirect URI parses");
        u.query_pairs_mut().append_pair("error", error).append_pair("error_description", description).append_pair("state", &st);
        Refusal::Redirect(Redirect::to(u.as_str()).into_response())
    };
    if get("response_type") != "code" {
        return Err(back("unsupported_response_type", "Only response_type=code is supported"));
    }
    let challenge = get("code_challenge");
    if get("code_challenge_method") != "S256" || challenge.len() < 43 || challenge.len() > 128 {
        return Err(back("invalid_request", "PKCE is required: code_challenge with code_challenge_method=S256"));
    }
    if st.is_empty() {
        return Err(back("invalid_request", "state is required"));
    }
    let scope = get("scope");
    if let Some(allowed) = &client.scopes {
        if let Some(bad) = scope.split_whitespace().find(|s| !allowed.iter().any(|a| a == s)) {
            return Err(back("invalid_scope", &format!("Unknown scope {bad}")));
        }
    }
    Ok((AuthorizeParams { client_id, redirect_uri, scope, state: st, code_challenge: challenge }, client))
}

fn query_map(uri: &axum::http::Uri) -> HashMap<String, String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(uri.query().unwrap_or("")).unwrap_or_default().into_iter().collect()
}

/// `GET /demo-oauth/authorize`: who asks for what, and Allow / Deny (a plain form, no script).
async fn consent_page(State(state): State<AppState>, uri: axum::http::Uri) -> Response {
    let q = query_map(&uri);
    let (p, client) = match check(&state, &q).await {
        Ok(x) => x,
        Err(Refusal::Page(r) | Refusal::Redirect(r)) => return r,
    };
    let scopes: String = if p.scope.is_empty() {
        "<li>Basic access (no specific scope)</li>".into()
    } else {
        p.scope.split_whitespace().map(|s| format!("<li><code>{}</code></li>", escape_html(s))).collect()
    };
    let hidden: String = [
        ("response_type", "code"),
        ("client_id", p.client_id.as_str()),
        ("redirect_uri", p.redirect_uri.as_str()),
        ("scope", p.scope.as_str()),
        ("state", p.state.as_str()),
        ("code_challenge", p.code_challenge.as_str()),
        ("code_challenge_method", "S256"),
    ]
    .iter()
    .map(|(k, v)| format!("<input type=\"hidden\" name=\"{k}\" value=\"{}\">", escape_html(v)))
    .collect();
    let body = format!(
        "<p><strong>{app}</strong> wants access to your account with these permissions:</p><ul>{scopes}</ul>\
         <form method=\"post\" action=\"{action}\">{hidden}\
         <button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button> \
         <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>",
        app = escape_html(&client.name),
        action = escape_html(&endpoints(&state).authorize),
    );
    page(StatusCode::OK, &format!("Authorize {}", client.name), &body)
}

/// `POST /demo-oauth/authorize`: the person's decision, back to the client's redirect URI.
async fn decide(State(state): State<AppState>, body: Bytes) -> Response {
    let form: HashMap<String, String> =
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body).unwrap_or_default().into_iter().collect();
    let (p, _) = match check(&state, &form).await {
        Ok(x) => x,
        Err(Refusal::Page(r) | Refusal::Redirect(r)) => return r,
    };
    let mut to = url::Url::parse(&p.redirect_uri).expect("the registered redirect URI parses");
    if form.get("decision").map(String::as_str) != Some("allow") {
        to.query_pairs_mut()
            .append_pair("error", "access_denied")
            .append_pair("error_description", "The person denied access")
            .append_pair("state", &p.state);
        return Redirect::to(to.as_str()).into_response();
    }
    let code = random_string(43);
    let record = db::DemoCode {
        client_id: p.client_id,
        redirect_uri: p.redirect_uri,
        scope: p.scope,
        code_challenge: p.code_challenge,
        expires_at: now() + CODE_TTL,
        used: false,
    };
    let hash = token_hash(&code);
    if let Err(e) = state.db.tx(move |tx| db::demo_insert_code(tx, &hash, &record)).await {
        return e.into_response();
    }
    to.query_pairs_mut().append_pair("code", &code).append_pair("state", &p.state);
    Redirect::to(to.as_str()).into_response()
}

/// An RFC 6749 5.2 error answer.
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut res = (status, Json(json!({"error": error, "error_description": description}))).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"demo-oauth\""));
    }
    res
}

fn form_of(body: &[u8]) -> HashMap<String, String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body).unwrap_or_default().into_iter().collect()
}

/// The client's credentials from HTTP Basic (each part form-encoded, RFC 6749 2.3.1) or the body.
fn credentials(headers: &HeaderMap, form: &HashMap<String, String>) -> (String, Option<String>) {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b.trim()).ok())
        .and_then(|raw| String::from_utf8(raw).ok())
        .and_then(|s| s.split_once(':').map(|(i, p)| (i.to_string(), p.to_string())));
    let decode = |s: &str| url::form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default();
    match basic {
        Some((id, secret)) => (decode(&id), Some(decode(&secret))),
        None => (form.get("client_id").cloned().unwrap_or_default(), form.get("client_secret").cloned()),
    }
}

/// The client, authenticated: a confidential client must present its secret, a public one none.
async fn authenticate(state: &AppState, headers: &HeaderMap, form: &HashMap<String, String>) -> std::result::Result<String, Response> {
    let (id, secret) = credentials(headers, form);
    let client = lookup(state, &id).await.map_err(IntoResponse::into_response)?;
    let ok = match (&client, &secret) {
        (Some(DemoClient { secret: Some(want), .. }), Some(got)) => token_hash(want) == token_hash(got),
        (Some(DemoClient { secret: None, .. }), None) => true,
        _ => false,
    };
    if ok {
        Ok(id)
    } else {
        Err(oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "Client authentication failed"))
    }
}

fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Issues an access and a refresh token for a grant.
fn issue(tx: &rusqlite::Connection, grant_id: &str, client_id: &str, scope: &str) -> Result<serde_json::Value> {
    let access = format!("{ACCESS_PREFIX}{}", random_string(40));
    let refresh = format!("{REFRESH_PREFIX}{}", random_string(40));
    let t = now();
    db::demo_insert_token(tx, &token_hash(&access), "access", grant_id, client_id, scope, t + ACCESS_TTL)?;
    db::demo_insert_token(tx, &token_hash(&refresh), "refresh", grant_id, client_id, scope, t + REFRESH_TTL)?;
    Ok(json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": ACCESS_TTL,
        "refresh_token": refresh,
        "scope": scope,
    }))
}

enum Grant {
    Issued(serde_json::Value),
    Refused(&'static str, String),
}

/// `POST /demo-oauth/token`: `authorization_code` (with the PKCE verifier) and `refresh_token`.
async fn token(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let form = form_of(&body);
    let client_id = match authenticate(&state, &headers, &form).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    let outcome = match field("grant_type").as_str() {
        "authorization_code" => {
            let (code, verifier, redirect_uri) = (field("code"), field("code_verifier"), field("redirect_uri"));
            state
                .db
                .tx(move |tx| {
                    let Some(c) = db::demo_take_code(tx, &token_hash(&code))? else {
                        return Ok(Grant::Refused("invalid_grant", "The authorization code is not known".into()));
                    };
                    let refusal = if c.used {
                        Some("The authorization code was already used")
                    } else if c.expires_at <= now() {
                        Some("The authorization code has expired")
                    } else if c.client_id != client_id {
                        Some("The authorization code was issued to another client")
                    } else if c.redirect_uri != redirect_uri {
                        Some("redirect_uri does not match the authorization request")
                    } else if verifier.is_empty() || s256(&verifier) != c.code_challenge {
                        Some("PKCE verification failed: code_verifier does not match the code_challenge")
                    } else {
                        None
                    };
                    if let Some(why) = refusal {
                        return Ok(Grant::Refused("invalid_grant", why.into()));
                    }
                    let grant_id = random_string(24);
                    db::demo_new_grant(tx, &grant_id, &client_id)?;
                    Ok(Grant::Issued(issue(tx, &grant_id, &client_id, &c.scope)?))
                })
                .await
        }
        "refresh_token" => {
            let refresh = field("refresh_token");
            state
                .db
                .tx(move |tx| {
                    let hash = token_hash(&refresh);
                    match db::demo_token(tx, &hash, now())? {
                        Some((kind, grant_id, owner, scope)) if kind == "refresh" && owner == client_id => {
                            db::demo_delete_token(tx, &hash)?;
                            Ok(Grant::Issued(issue(tx, &grant_id, &client_id, &scope)?))
                        }
                        _ => Ok(Grant::Refused(
                            "invalid_grant",
                            "The refresh token is not valid: it expired or the grant was revoked".into(),
                        )),
                    }
                })
                .await
        }
        "" => Ok(Grant::Refused("invalid_request", "grant_type is required".into())),
        _ => Ok(Grant::Refused("unsupported_grant_type", "Use authorization_code or refresh_token".into())),
    };
    match outcome {
        Ok(Grant::Issued(body)) => {
            let mut res = Json(body).into_response();
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Ok(Grant::Refused(error, why)) => {
            tracing::info!(error, "demo authorization server refused a token request");
            oauth_error(StatusCode::BAD_REQUEST, error, &why)
        }
        Err(e) => e.into_response(),
    }
}

/// `POST /demo-oauth/revoke` (RFC 7009): the token's whole grant stops working. Unknown tokens
/// are a success too.
async fn revoke(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let form = form_of(&body);
    let client_id = match authenticate(&state, &headers, &form).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let hash = token_hash(form.get("token").map(String::as_str).unwrap_or_default());
    match state.db.tx(move |tx| db::demo_revoke_token_grant(tx, &hash, &client_id)).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /demo-oauth/grants/revoke`: what a person removing the app at the provider does, for a
/// confidential client (its id and secret): every grant it holds is revoked.
async fn remove_access(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let form = form_of(&body);
    let (_, secret) = credentials(&headers, &form);
    if secret.is_none() {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "Send the client id and secret");
    }
    let client_id = match authenticate(&state, &headers, &form).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    match state.db.tx(move |tx| db::demo_revoke_client(tx, &client_id)).await {
        Ok(n) => Json(json!({"revoked": n})).into_response(),
        Err(e) => e.into_response(),
    }
}

/// For the custom-connector preset: the demo server standing in for a catalog connector.
pub fn catalog_provider(state: &AppState, connector_id: &str, name: &str, scopes: Vec<String>) -> crate::oauth_client::Provider {
    let e = endpoints(state);
    crate::oauth_client::Provider {
        name: name.to_string(),
        authorization_endpoint: e.authorize,
        token_endpoint: e.token,
        revocation_endpoint: Some(e.revoke),
        client_id: format!("{CATALOG_CLIENT_PREFIX}{connector_id}"),
        scopes,
    }
}
