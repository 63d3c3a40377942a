//! Request extractors whose every rejection is the es/v2 envelope: JSON bodies, query
//! parameters, path segments and the bearer token.

use crate::crypto::token_hash;
use crate::db::now;
use crate::db::tokens::TokenOwner;
use crate::error::{AppError, Result};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::StatusCode;
use madconnect_model::query::DEFAULT_PAGE_SIZE;
use madconnect_model::{ListParams, QuerySource};
use serde::de::DeserializeOwned;
use std::collections::HashMap;

/// The largest request body accepted, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A JSON body. Malformed JSON, wrong types, unknown or missing fields and oversize bodies are
/// 400 / 413 envelopes naming the field, never a bare framework rejection.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self> {
        parse_json(&json_body(req, state).await?).map(ApiJson)
    }
}

/// A JSON body that may be left out: no body (or only whitespace) is `T::default()`; anything
/// else is read as `ApiJson` reads it.
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default, S: Send + Sync> FromRequest<S> for OptionalJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self> {
        let bytes = json_body(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(T::default()));
        }
        parse_json(&bytes).map(OptionalJson)
    }
}

/// The body of a request that says it is JSON (or says nothing), within the size limit.
async fn json_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes> {
    if let Some(ct) = req.headers().get(CONTENT_TYPE) {
        let ct = ct.to_str().unwrap_or("").to_ascii_lowercase();
        let essence = ct.split(';').next().unwrap_or("").trim();
        if !(essence == "application/json" || essence.ends_with("+json")) {
            return Err(AppError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("Send the request body as JSON with Content-Type: application/json (got \"{essence}\")"),
            ));
        }
    }
    Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::new(StatusCode::PAYLOAD_TOO_LARGE, format!("Request body is too large: the limit is {} KiB", BODY_LIMIT / 1024))
        } else {
            AppError::bad_request(format!("Could not read the request body: {}", e.body_text()))
        }
    })
}

/// Parses a body, turning serde's complaint into a message that names the field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(AppError::bad_request("Request body is required: send a JSON object"));
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let result: std::result::Result<T, _> = serde_path_to_error::deserialize(de);
    result.map_err(|err| {
        let inner = err.inner();
        let raw = inner.to_string();
        let message = raw.split(" at line ").next().unwrap_or(&raw).to_string();
        if inner.is_syntax() || inner.is_eof() {
            return AppError::bad_request(format!("Request body is not valid JSON: {raw}"));
        }
        let path = err.path().to_string();
        let field = backticked(&message)
            .filter(|_| message.starts_with("unknown field") || message.starts_with("missing field"))
            .map(|f| match path.as_str() {
                "." | "" => f,
                // An unknown field's path already ends with it; a missing one's names its parent.
                p if p == f || p.ends_with(&format!(".{f}")) => path.clone(),
                p => format!("{p}.{f}"),
            })
            .unwrap_or_else(|| if path == "." { "body".into() } else { path });
        let friendly = if message.starts_with("unknown field") {
            format!("Unknown field \"{field}\": this endpoint does not accept it")
        } else if message.starts_with("missing field") {
            format!("{field} is required")
        } else {
            message.clone()
        };
        AppError::bad_request(format!("Invalid request body: {field}: {friendly}")).with_field(field, friendly)
    })
}

fn backticked(s: &str) -> Option<String> {
    let start = s.find('`')? + 1;
    let len = s[start..].find('`')?;
    Some(s[start..start + len].to_string())
}

/// Query parameters, parsed by hand so each bad value gets a 400 that names its parameter.
#[derive(Debug, Default, Clone)]
pub struct Params(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self> {
        let query = parts.uri.query().unwrap_or("");
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query).map_err(|e| AppError::bad_request(format!("The query string could not be parsed: {e}")))?;
        Ok(Params(pairs.into_iter().collect()))
    }
}

/// `size` and `offset` of a list request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Page {
    pub size: i64,
    pub offset: i64,
}

impl Page {
    /// The SQL that ends a query with this page: ` LIMIT <size> OFFSET <offset>`.
    pub fn limit_sql(&self) -> String {
        format!(" LIMIT {} OFFSET {}", self.size, self.offset)
    }
}

impl QuerySource for Params {
    fn raw(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

impl Page {
    /// The page a list's parameters ask for: `size` 10 and `offset` 0 unless given.
    pub fn of(list: &ListParams) -> Page {
        Page { size: i64::from(list.size.unwrap_or(DEFAULT_PAGE_SIZE)), offset: list.offset.unwrap_or(0) as i64 }
    }
}

impl Params {
    /// A parameter's value, `None` when absent or blank.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.param(key)
    }

    /// The `accountId` every connector-management and connection call must carry.
    pub fn account_id(&self) -> Result<&str> {
        self.get("accountId").ok_or_else(|| {
            AppError::bad_request("Query parameter accountId is required: pass the sub-account id, e.g. ?accountId=<sub_account_id>")
                .with_field("accountId", "accountId is required")
        })
    }

    /// `size` 1–100 (default 10) and `offset` ≥ 0 (default 0).
    pub fn page(&self) -> Result<Page> {
        Ok(Page::of(&ListParams::from_query(self)?))
    }

    /// Paging only when asked for: `None` when neither `size` nor `offset` is given.
    pub fn optional_page(&self) -> Result<Option<Page>> {
        let list = ListParams::from_query(self)?;
        Ok(list.paged().then(|| Page::of(&list)))
    }

    /// The search keyword, lower-cased for case-insensitive matching.
    pub fn q(&self) -> Option<String> {
        self.get("q").map(|s| s.to_lowercase())
    }
}

/// Path segments; a malformed one is a 400 envelope.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(t)| ApiPath(t))
            .map_err(|e| AppError::bad_request(format!("Invalid path: {}", e.body_text())))
    }
}

/// The caller, known from a valid bearer token.
#[derive(Debug, Clone)]
pub struct Auth {
    pub client_id: String,
    pub org_id: String,
}

impl Auth {
    /// How the activity log names this caller.
    pub fn actor(&self) -> String {
        format!("API client {}", self.client_id)
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let header = parts.headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::trim);
        let Some(header) = header.filter(|h| !h.is_empty()) else {
            return Err(AppError::unauthorized(
                "Missing access token: send Authorization: Bearer <accessToken> (get one from POST /es/v2/oauth/client-token)",
            ));
        };
        let token = match header.split_once(' ') {
            Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") && !t.trim().is_empty() => t.trim(),
            _ => return Err(AppError::unauthorized("The Authorization header must be \"Bearer <accessToken>\"")),
        };
        let hash = token_hash(token);
        let found = state.db.read(move |c| Ok(crate::db::tokens::owner(c, &hash)?)).await?;
        match found {
            Some(TokenOwner { client_id, org_id, expires_at }) if expires_at > now() => {
                crate::layers::record_client(&client_id);
                Ok(Auth { client_id, org_id })
            }
            Some(_) => Err(AppError::unauthorized("Access token has expired: request a new one from POST /es/v2/oauth/client-token")),
            None => Err(AppError::unauthorized("Access token is not recognised: request a new one from POST /es/v2/oauth/client-token")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use madconnect_model::{AddConnectors, NewConnection};

    #[test]
    fn json_errors_name_the_field() {
        let e = parse_json::<AddConnectors>(br#"{"connectorIds": "x"}"#).unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert!(e.errors.unwrap().contains_key("connectorIds"));
        let e = parse_json::<AddConnectors>(br#"{"connectorIds": [], "extra": 1}"#).unwrap_err();
        assert!(e.message.contains("extra"), "{}", e.message);
        assert_eq!(e.errors.unwrap().keys().collect::<Vec<_>>(), ["extra"], "reported once, not as extra.extra");
        let e = parse_json::<NewConnection>(br#"{"name": "x", "srcConnectorId": "a"}"#).unwrap_err();
        assert!(e.errors.unwrap().contains_key("destConnectorId"));
        let e = parse_json::<AddConnectors>(b"{nope").unwrap_err();
        assert!(e.message.contains("not valid JSON"));
        let e = parse_json::<AddConnectors>(b"").unwrap_err();
        assert!(e.message.contains("required"));
    }

    #[test]
    fn paging_bounds_name_the_parameter() {
        let p = |pairs: &[(&str, &str)]| Params(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
        assert_eq!(p(&[]).page().unwrap(), Page { size: 10, offset: 0 });
        assert_eq!(p(&[("size", ""), ("offset", "")]).page().unwrap(), Page { size: 10, offset: 0 });
        assert!(p(&[("size", "0")]).page().unwrap_err().message.contains("size"));
        assert!(p(&[("size", "101")]).page().is_err());
        assert!(p(&[("size", "ten")]).page().is_err());
        assert!(p(&[("offset", "-1")]).page().unwrap_err().message.contains("offset"));
        assert!(p(&[]).optional_page().unwrap().is_none());
        assert!(p(&[]).account_id().unwrap_err().message.contains("accountId"));
    }
}
