//! Layers around every route: the request log, the request timeout, the header-size limit,
//! `no-store` on API answers and the JSON envelope for errors the framework raises with an
//! empty body.

use crate::error::AppError;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::TraceLayer;
use tracing::Span;

/// Installs the log format: one line per request on stderr, filtered by `MADCONNECT_LOG` (or
/// `RUST_LOG`), default `info`. Safe to call more than once.
pub fn init_logging() {
    let filter = std::env::var("MADCONNECT_LOG").or_else(|_| std::env::var("RUST_LOG")).unwrap_or_else(|_| "info".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(&filter).unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
}

type MakeSpan = fn(&Request) -> Span;
type OnResponse = fn(&Response, Duration, &Span);

/// One log line per request: method, path (never the query, which may carry secrets), the
/// sub-account it names, the API client once its token is checked, status and latency. Bodies and
/// headers are never logged.
pub fn trace() -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, MakeSpan, (), OnResponse, (), (), ()> {
    TraceLayer::new_for_http()
        .make_span_with(request_span as MakeSpan)
        .on_request(())
        .on_response(log_response as OnResponse)
        .on_body_chunk(())
        .on_eos(())
        .on_failure(())
}

fn request_span(req: &Request) -> Span {
    let path: String = req.uri().path().chars().take(200).collect();
    let span = tracing::info_span!(
        "request",
        method = %req.method(),
        path = %path,
        account = tracing::field::Empty,
        client = tracing::field::Empty
    );
    let account = req
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("accountId=")))
        .filter(|v| !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    if let Some(a) = account {
        span.record("account", tracing::field::display(a));
    }
    span
}

fn log_response(res: &Response, latency: Duration, _span: &Span) {
    tracing::info!(status = res.status().as_u16(), latency_ms = latency.as_millis() as u64, "answered");
}

/// Names the API client in the current request's log line (called once its token is checked).
pub fn record_client(client_id: &str) {
    Span::current().record("client", tracing::field::display(client_id));
}

/// `Cache-Control: no-store` on every API answer: they carry account data or tokens.
pub async fn no_store(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/es/");
    let mut res = next.run(req).await;
    if api {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Errors raised below the handlers (the request timeout, a body that cannot be read) come with
/// an empty body; they get the same JSON envelope as every other error.
pub async fn envelope_errors(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    let empty = res.headers().get(header::CONTENT_LENGTH).is_some_and(|v| v == "0") || !res.headers().contains_key(header::CONTENT_TYPE);
    if !(status.is_client_error() || status.is_server_error()) || !empty {
        return res;
    }
    let message = match status {
        StatusCode::REQUEST_TIMEOUT => "The request took too long to answer; try again".to_string(),
        StatusCode::PAYLOAD_TOO_LARGE => format!("Request body is too large: the limit is {} KiB", crate::extract::BODY_LIMIT / 1024),
        s => s.canonical_reason().unwrap_or("The request failed").to_string(),
    };
    let mut out = AppError::new(status, message).into_response();
    for (name, value) in res.headers() {
        if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

/// Time allowed for a handler to answer; past it, 408 in the envelope.
pub fn request_timeout(limit: Duration) -> tower_http::timeout::TimeoutLayer {
    tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limit)
}

/// Most header fields and bytes a request may carry. hyper is given room above these (see
/// `serve`), so a request over them reaches this layer and is refused in the envelope; only one
/// beyond hyper's own buffer is refused by hyper, with an empty body.
pub const MAX_HEADERS: usize = 100;
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// 431 in the envelope for a request whose headers are over the limits.
pub async fn header_limits(req: Request, next: Next) -> Response {
    let headers = req.headers();
    let bytes: usize = headers.iter().map(|(k, v)| k.as_str().len() + v.len() + 4).sum();
    if headers.len() > MAX_HEADERS || bytes > MAX_HEADER_BYTES {
        return AppError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("Request headers are too large: at most {MAX_HEADERS} fields and {} KiB", MAX_HEADER_BYTES / 1024),
        )
        .into_response();
    }
    next.run(req).await
}
