//! Gateway mode (`--upstream URL`): serves the console and forwards every `/es/...` request to the
//! MadConnect API unchanged, streaming the answer back. Stateless: no database, no seed, nothing
//! kept after a request is answered, so any number of copies can run behind a load balancer.

use crate::error::AppError;
use crate::extract::BODY_LIMIT;
use crate::web::{self, Site};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use std::sync::Arc;
use std::time::Duration;

/// Request headers passed on; everything else (cookies, hop-by-hop headers, the client's
/// `Host`) stays here.
const FORWARDED_REQUEST_HEADERS: [HeaderName; 5] =
    [header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT, header::ACCEPT_ENCODING, header::ACCEPT_LANGUAGE];

/// Response headers that belong to one connection (RFC 9110 §7.6.1), never passed on.
const HOP_BY_HOP: [&str; 8] =
    ["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"];

/// How to reach the upstream.
#[derive(Debug, Clone)]
pub struct UpstreamConfig {
    /// `https://host[/prefix]`, checked by [`parse_upstream`].
    pub url: String,
    /// Time to open a connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// Time from sending the request to the upstream's status line and headers; also the longest
    /// pause between two pieces of its body.
    pub response_timeout: Duration,
}

/// Everything the gateway's handlers share: the site and one pooled client.
#[derive(Clone)]
pub struct Gateway {
    pub site: Arc<Site>,
    upstream: Arc<str>,
    response_timeout: Duration,
    request_timeout: Duration,
    client: reqwest::Client,
}

impl axum::extract::FromRef<Gateway> for Arc<Site> {
    fn from_ref(g: &Gateway) -> Self {
        g.site.clone()
    }
}

/// The upstream as the operator gave it, without a trailing slash; http(s) only, no query,
/// fragment or credentials (a message naming the problem otherwise).
pub fn parse_upstream(raw: &str) -> Result<String, String> {
    let url = reqwest::Url::parse(raw.trim()).map_err(|e| format!("\"{raw}\" is not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("\"{raw}\" must start with https:// (or http://)"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("\"{raw}\" must not carry a query or fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("\"{raw}\" must not carry credentials"));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

impl Gateway {
    pub fn new(site: Site, upstream: &UpstreamConfig, limits: &crate::limits::Limits) -> Result<Gateway, String> {
        let url = parse_upstream(&upstream.url)?;
        let client = reqwest::Client::builder()
            .connect_timeout(upstream.connect_timeout)
            .read_timeout(upstream.response_timeout)
            // The browser follows nothing on the API either; a redirect is the upstream's answer.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot start the HTTP client: {e}"))?;
        Ok(Gateway {
            site: Arc::new(site),
            upstream: url.into(),
            response_timeout: upstream.response_timeout,
            request_timeout: limits.request_timeout,
            client,
        })
    }

    pub fn upstream(&self) -> &str {
        &self.upstream
    }
}

/// The console as in the default mode; `/es/...` and the upstream's relative logo paths
/// (`/logos/...`) forwarded.
pub fn routes(gateway: Gateway) -> Router {
    let site = gateway.site.clone();
    let request_timeout = gateway.request_timeout;
    let router = Router::new()
        .route("/es/{*rest}", any(forward))
        .route("/logos/{file}", get(forward))
        .route("/", get(web::index))
        .route("/favicon.ico", get(web::favicon))
        .fallback(web::static_or_index)
        .method_not_allowed_fallback(web::method_not_allowed)
        .with_state(gateway);
    crate::common_layers(router, site, request_timeout)
}

/// One request, forwarded: method, path, query, body and the allowed headers; the answer's
/// status, headers (less hop-by-hop ones) and body streamed back as they arrive.
async fn forward(State(gw): State<Gateway>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let declared = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return too_large();
    }
    let body = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(e) if is_length_limit(&e) => return too_large(),
        Err(_) => return AppError::bad_request("The request body could not be read").into_response(),
    };
    let path_and_query = parts.uri.path_and_query().map(|pq| pq.as_str()).unwrap_or("/");
    let url = format!("{}{path_and_query}", gw.upstream);
    let mut out = gw.client.request(parts.method.clone(), url).body(body);
    for name in &FORWARDED_REQUEST_HEADERS {
        for value in parts.headers.get_all(name) {
            out = out.header(name, value);
        }
    }
    let answer = match tokio::time::timeout(gw.response_timeout, out.send()).await {
        Err(_) => {
            return upstream_error(
                StatusCode::GATEWAY_TIMEOUT,
                format!("did not answer within {} s", gw.response_timeout.as_secs_f32()),
                &gw,
            )
        }
        Ok(Err(e)) => return send_error(&e, &gw),
        Ok(Ok(answer)) => answer,
    };
    let status = answer.status();
    if status.is_server_error() && !is_json(answer.headers()) {
        // A proxy or load balancer in front of the API answered, not the API: say so in the envelope.
        let reason = status.canonical_reason().unwrap_or("an error");
        return upstream_error(StatusCode::BAD_GATEWAY, format!("answered {} {reason}", status.as_u16()), &gw);
    }
    let mut res = Response::builder().status(status);
    if let Some(headers) = res.headers_mut() {
        for (name, value) in answer.headers() {
            if !HOP_BY_HOP.contains(&name.as_str()) {
                headers.append(name, value.clone());
            }
        }
    }
    res.body(Body::from_stream(answer.bytes_stream()))
        .unwrap_or_else(|_| AppError::internal("an upstream answer could not be relayed").into_response())
}

fn is_json(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.trim_start().starts_with("application/json"))
}

fn is_length_limit(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = err.source();
    }
    false
}

fn too_large() -> Response {
    AppError::new(StatusCode::PAYLOAD_TOO_LARGE, format!("Request body is too large: the limit is {} KiB", BODY_LIMIT / 1024))
        .into_response()
}

/// What went wrong reaching the upstream, without the request's URL (its query names accounts).
fn send_error(e: &reqwest::Error, gw: &Gateway) -> Response {
    if e.is_timeout() && !e.is_connect() {
        return upstream_error(StatusCode::GATEWAY_TIMEOUT, format!("did not answer within {} s", gw.response_timeout.as_secs_f32()), gw);
    }
    let why = if e.is_connect() { "could not be reached" } else { "failed to answer" };
    // The error's chain says why (refused, DNS, TLS) without the URL.
    let mut cause = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(err) = source {
        cause = err.to_string();
        source = err.source();
    }
    let detail = if cause.is_empty() { why.to_string() } else { format!("{why}: {cause}") };
    upstream_error(StatusCode::BAD_GATEWAY, detail, gw)
}

fn upstream_error(status: StatusCode, what: String, gw: &Gateway) -> Response {
    tracing::warn!(upstream = %gw.upstream, "upstream {what}");
    AppError::new(status, format!("The MadConnect API at {} {what}", gw.upstream)).into_response()
}

#[cfg(test)]
mod tests {
    use super::parse_upstream;

    #[test]
    fn upstream_must_be_a_plain_http_url() {
        assert_eq!(parse_upstream("https://api.example.com/").unwrap(), "https://api.example.com");
        assert_eq!(parse_upstream("http://127.0.0.1:9000/madconnect").unwrap(), "http://127.0.0.1:9000/madconnect");
        assert!(parse_upstream("api.example.com").is_err());
        assert!(parse_upstream("ftp://api.example.com").unwrap_err().contains("https://"));
        assert!(parse_upstream("https://api.example.com/?x=1").unwrap_err().contains("query"));
        assert!(parse_upstream("https://user:pw@api.example.com").unwrap_err().contains("credentials"));
    }
}
