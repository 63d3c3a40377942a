//! The only code that speaks HTTP: one typed function per es/v2 endpoint, one [`ApiError`].
//!
//! Every function takes a [`Client`] (API base, token, sub-account) and returns
//! `Result<_, ApiError>`. A 401 asks the session for a fresh token (the "Session expired" dialog,
//! or the embedding host) and retries the request once it has one, so a page awaiting a save just
//! waits and nothing on screen is lost. Tokens and secrets are never logged.

pub mod accounts;
pub mod connections;
pub mod connectors;
mod error;
pub mod oauth;
pub mod url;

pub use error::{ApiError, ApiErrorKind};

use gloo_net::http::{Method, RequestBuilder};
use madconnect_model::Envelope;
use serde::de::DeserializeOwned;

/// One page of a list endpoint; `total` is the server's count of all matches when it sends one.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: Option<u64>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page { items: Vec::new(), total: None }
    }
}

/// `q`, `size`, `offset`: the model's list parameters, which the server reads with the same
/// struct (`None` leaves a parameter out and the server's default applies).
pub use madconnect_model::ListParams as ListQuery;

/// What a request needs to know: where the API is, who is asking, for which sub-account.
/// Pages get one from `use_api().client()`; tests build one with [`Client::new`].
#[derive(Clone)]
pub struct Client {
    /// `https://host[/prefix]`, or `""` for the page's own origin. No trailing slash.
    pub base: String,
    pub account_id: Option<String>,
    token: Option<String>,
    session: Option<crate::session::Session>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("account_id", &self.account_id)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Client {
    /// A client with no session behind it: a 401 is returned as an error, not renewed.
    pub fn new(base: impl Into<String>, token: Option<String>, account_id: Option<String>) -> Self {
        Client { base: base.into().trim_end_matches('/').to_string(), account_id, token, session: None }
    }

    pub(crate) fn with_session(mut self, session: crate::session::Session) -> Self {
        self.session = Some(session);
        self
    }

    /// The sub-account id, or the error a page shows when none is chosen yet.
    fn account(&self) -> Result<&str, ApiError> {
        self.account_id.as_deref().filter(|a| !a.is_empty()).ok_or_else(|| ApiError::invalid("Choose a sub-account first."))
    }

    /// `accountId` first, then `rest`: the query every account-scoped endpoint takes.
    fn scoped(&self, rest: Vec<(&'static str, String)>) -> Result<Vec<(&'static str, String)>, ApiError> {
        let mut q = vec![("accountId", self.account()?.to_string())];
        q.extend(rest);
        Ok(q)
    }

    /// `accountId` when one is chosen (endpoints where it is optional).
    fn maybe_scoped(&self, rest: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
        let mut q: Vec<(&'static str, String)> =
            self.account_id.iter().filter(|a| !a.is_empty()).map(|a| ("accountId", a.clone())).collect();
        q.extend(rest);
        q
    }
}

/// Sends one request and unwraps the envelope, renewing the token on 401 when a session is
/// attached. `body` is JSON text.
pub(crate) async fn call<T: DeserializeOwned>(
    client: &Client,
    method: Method,
    path: &str,
    query: &[(&'static str, String)],
    body: Option<String>,
) -> Result<Envelope<T>, ApiError> {
    // Only the parse is generic: the request, the renewals and their futures are compiled once,
    // not once per response type (they were most of every api function's wasm).
    let (status, text) = exchange(client, method, path, query, body).await?;
    error::parse_envelope(status, &text)
}

/// Sends the request, renewing an expired token (at most twice) and sending it again.
async fn exchange(
    client: &Client,
    method: Method,
    path: &str,
    query: &[(&'static str, String)],
    body: Option<String>,
) -> Result<(u16, String), ApiError> {
    let query = url::encode_query(query.iter().map(|(k, v)| (*k, v.as_str())));
    let url = url::join(&client.base, path, &query);
    let mut token = client.session.as_ref().and_then(|s| s.current_token()).or_else(|| client.token.clone());
    let mut renewals = 0;
    loop {
        let (status, text) = send(&client.base, method.clone(), &url, token.as_deref(), body.as_deref()).await?;
        if status == 401 && renewals < 2 {
            if let Some(session) = &client.session {
                renewals += 1;
                match session.renew_token(token.clone()).await {
                    Some(fresh) => {
                        token = Some(fresh);
                        continue;
                    }
                    None => return Err(ApiError::from_response(status, &text)),
                }
            }
        }
        return Ok((status, text));
    }
}

async fn send(base: &str, method: Method, url: &str, token: Option<&str>, body: Option<&str>) -> Result<(u16, String), ApiError> {
    let mut builder = RequestBuilder::new(url).method(method).header("Accept", "application/json");
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => builder.header("Content-Type", "application/json").body(body.to_string()),
        None => builder.build(),
    }
    .map_err(|_| ApiError::network(base))?;
    let response = request.send().await.map_err(|_| ApiError::network(base))?;
    let status = response.status();
    let text = response.text().await.map_err(|_| ApiError::network(base))?;
    Ok((status, text))
}

/// Serialises a request body. Model types always serialise; the error arm is for completeness.
pub(crate) fn json_body<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| ApiError::invalid(format!("Could not prepare the request: {e}")))
}

/// A list envelope as a [`Page`].
pub(crate) fn page<T>(env: Envelope<Vec<T>>) -> Page<T> {
    Page { items: env.response, total: env.total }
}
