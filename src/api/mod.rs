//! The only code that speaks HTTP: one typed function per es/v2 endpoint, one [`ApiError`].
//!
//! Every function takes a [`Client`] (API base, token, sub-account) and returns
//! `Result<_, ApiError>`. A 401 asks the client's [`TokenSource`] (the session: the "Session
//! expired" dialog, or the embedding host) for a fresh token and retries the request once it has
//! one, so a page awaiting a save just waits and nothing on screen is lost. Tokens and secrets are
//! never logged.

pub mod accounts;
pub mod authorize;
pub mod capabilities;
pub mod connections;
pub mod connectors;
mod error;
pub mod oauth;
mod prefetch;
pub mod reports;
pub mod transfers;

pub use error::{ApiError, ApiErrorKind};

use crate::i18n::{t, tf};
use gloo_net::http::{Method, RequestBuilder};
use madconnect_model::Envelope;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Where a [`Client`]'s token comes from when it can change, so `api` needs no session: the
/// signed-in session implements it, renewing an expired token.
pub trait TokenSource {
    /// The token to send right now.
    fn current(&self) -> Option<String>;
    /// A fresh token once `refused` was refused (after the person or host provides one), or
    /// `None` when none will come.
    fn renew(&self, refused: Option<String>) -> Pin<Box<dyn Future<Output = Option<String>>>>;
}

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

/// Every item of a list endpoint, `size` at a time: the first page, then, when the server sends a
/// total, all the others at once (in order); without a total, page after page until a short one.
pub async fn all_pages<T, Fut>(size: u32, fetch: impl Fn(ListQuery) -> Fut) -> Result<Vec<T>, ApiError>
where
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    all_pages_showing_first(size, fetch, |_, _| ()).await
}

/// [`all_pages`], handing the first page and the server's total to `on_first` as soon as they
/// arrive, so a screen can show them while the rest loads.
pub async fn all_pages_showing_first<T, Fut>(
    size: u32,
    fetch: impl Fn(ListQuery) -> Fut,
    on_first: impl FnOnce(&[T], Option<u64>),
) -> Result<Vec<T>, ApiError>
where
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let at = |offset: u64| ListQuery { q: None, size: Some(size), offset: Some(offset) };
    let first = fetch(at(0)).await?;
    on_first(&first.items, first.total);
    let mut items = first.items;
    match first.total {
        Some(total) => {
            let rest = (1..total.div_ceil(u64::from(size.max(1)))).map(|n| fetch(at(n * u64::from(size))));
            for page in join_all(rest).await {
                items.extend(page?.items);
            }
        }
        None => {
            let mut last = items.len();
            while last == size as usize && last > 0 {
                let page = fetch(at(items.len() as u64)).await?;
                last = page.items.len();
                items.extend(page.items);
            }
        }
    }
    Ok(items)
}

/// Runs `futures` together and returns their outputs in order: the few requests a screen sends
/// at once. Smaller in wasm than `futures::future::join_all`, which also compiles its
/// FuturesOrdered path for long lists.
pub async fn join_all<'a, T>(futures: impl IntoIterator<Item = impl Future<Output = T> + 'a>) -> Vec<T> {
    let mut pending: Vec<Pin<Box<dyn Future<Output = T> + 'a>>> =
        futures.into_iter().map(|f| Box::pin(f) as Pin<Box<dyn Future<Output = T> + 'a>>).collect();
    let mut done: Vec<Option<T>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        for (f, out) in pending.iter_mut().zip(done.iter_mut()) {
            if out.is_none() {
                if let std::task::Poll::Ready(v) = f.as_mut().poll(cx) {
                    *out = Some(v);
                }
            }
        }
        if done.iter().all(Option::is_some) {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    done.into_iter().flatten().collect()
}

/// What a request needs to know: where the API is, who is asking, for which sub-account.
/// Pages get one from `use_api().client()`; tests build one with [`Client::new`].
#[derive(Clone)]
pub struct Client {
    /// `https://host[/prefix]`, or `""` for the page's own origin. No trailing slash.
    pub base: String,
    pub account_id: Option<String>,
    token: Option<String>,
    tokens: Option<Arc<dyn TokenSource + Send + Sync>>,
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
    /// A client with no token source behind it: a 401 is returned as an error, not renewed.
    pub fn new(base: impl Into<String>, token: Option<String>, account_id: Option<String>) -> Self {
        Client { base: base.into().trim_end_matches('/').to_string(), account_id, token, tokens: None }
    }

    /// Takes the token from `source` and asks it for a fresh one on 401.
    pub fn with_tokens(mut self, source: impl TokenSource + Send + Sync + 'static) -> Self {
        self.tokens = Some(Arc::new(source));
        self
    }

    /// The sub-account id, or the error a page shows when none is chosen yet.
    fn account(&self) -> Result<&str, ApiError> {
        self.account_id.as_deref().filter(|a| !a.is_empty()).ok_or_else(|| ApiError::invalid(t("Choose a sub-account first.")))
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

/// Sends one request and unwraps the envelope, renewing the token on 401 when a token source is
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
    let query = crate::url::encode_query(query.iter().map(|(k, v)| (*k, v.as_str())));
    let url = crate::url::join(&client.base, path, &query);
    let mut token = client.tokens.as_ref().and_then(|s| s.current()).or_else(|| client.token.clone());
    let mut renewals = 0;
    let mut early = if method == Method::GET { prefetch::take(&url, token.as_deref()).await } else { None };
    loop {
        let (status, text) = match early.take() {
            Some(answer) => answer,
            None => send(&client.base, method.clone(), &url, token.as_deref(), body.as_deref()).await?,
        };
        if status == 401 && renewals < 2 {
            if let Some(source) = &client.tokens {
                renewals += 1;
                match source.renew(token.clone()).await {
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
    serde_json::to_string(value).map_err(|e| ApiError::invalid(tf("Could not prepare the request: {error}", &[("error", &e.to_string())])))
}

/// A list envelope as a [`Page`].
pub(crate) fn page<T>(env: Envelope<Vec<T>>) -> Page<T> {
    Page { items: env.response, total: env.total }
}
