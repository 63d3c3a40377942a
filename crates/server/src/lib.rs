//! The MadConnect-compatible es/v2 API server: axum routes over SQLite, plus the console's
//! static files. `app(state)` is the whole HTTP surface, so tests drive it on a real listener.

pub mod crypto;
pub mod db;
pub mod docs_only;
pub mod error;
pub mod extract;
pub mod gateway;
pub mod layers;
pub mod limits;
pub mod oauth_client;
pub mod routes;
pub mod seed;
pub mod serve;
pub mod state;
pub mod store;
pub mod transfers;
pub mod web;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

pub use state::{key_path, AppState, Config, Credentials};

/// The whole HTTP surface. With a public path other than "/", everything is also served under
/// that prefix (so a reverse proxy may keep or strip it); the console itself only there.
pub fn app(state: AppState) -> Router {
    let site = state.site.clone();
    under_public_path(routes(state), &site)
}

/// Gateway mode: the console, with every API request forwarded to the upstream (see [`gateway`]).
pub fn gateway_app(gateway: gateway::Gateway) -> Router {
    let site = gateway.site.clone();
    under_public_path(gateway::routes(gateway), &site)
}

fn under_public_path(inner: Router, site: &web::Site) -> Router {
    let prefix = site.public_path.clone();
    if prefix == "/" {
        return inner;
    }
    let static_dir = site.static_dir.clone();
    Router::new().fallback(move |req: Request| {
        let inner = inner.clone();
        let prefix = prefix.clone();
        let static_dir = static_dir.clone();
        async move { dispatch_prefixed(inner, &prefix, static_dir.as_deref(), req).await }
    })
}

/// Whether `path` names a file in the console build (a build made without a public URL refers
/// to its assets from the root, so they are served there too).
fn is_static_file(dir: Option<&std::path::Path>, path: &str) -> bool {
    let Some(dir) = dir else { return false };
    let rel = path.trim_start_matches('/');
    !rel.is_empty()
        && rel != "index.html"
        && rel.split('/').all(|seg| !seg.is_empty() && seg != ".." && seg != "." && !seg.contains('\\'))
        && dir.join(rel).is_file()
}

async fn dispatch_prefixed(inner: Router, prefix: &str, static_dir: Option<&std::path::Path>, mut req: Request) -> Response {
    use tower::ServiceExt;
    let path = req.uri().path().to_string();
    let bare = prefix.trim_end_matches('/');
    if path == bare {
        return Redirect::permanent(prefix).into_response();
    }
    if let Some(rest) = path.strip_prefix(bare).filter(|r| r.starts_with('/')) {
        let pq = match req.uri().query() {
            Some(q) => format!("{rest}?{q}"),
            None => rest.to_string(),
        };
        match pq.parse::<Uri>() {
            Ok(uri) => *req.uri_mut() = uri,
            Err(_) => return error::AppError::bad_request("Invalid request path").into_response(),
        }
    } else if path == "/" {
        return Redirect::temporary(prefix).into_response();
    } else if !(path.starts_with("/es/")
        || path.starts_with("/logos/")
        || path == "/favicon.ico" // browsers ask for it at the origin root
        || path.starts_with("/.well-known/") // RFC 8414 metadata lives at the origin root
        || is_static_file(static_dir, &path))
    {
        return error::AppError::not_found(format!("Nothing at {path}: the console is served under {prefix}")).into_response();
    }
    match inner.oneshot(req).await {
        Ok(res) => res,
        Err(never) => match never {},
    }
}

/// API answers over about 1 KB travel gzip- or brotli-compressed when the client accepts it.
fn compression() -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    tower_http::compression::CompressionLayer::new()
        .compress_when(SizeAbove::new(1024).and(NotForContentType::GRPC).and(NotForContentType::IMAGES).and(NotForContentType::SSE))
}

fn routes(state: AppState) -> Router {
    let mut api = Router::new()
        .merge(routes::oauth::router())
        .merge(routes::accounts::router())
        .merge(routes::connectors::router())
        .merge(routes::connections::router())
        .merge(routes::transfers::router())
        .merge(routes::reports::router())
        .merge(routes::demo_oauth::router())
        .merge(routes::authorize::router())
        .merge(routes::custom_connectors::router())
        .route("/es/{*rest}", axum::routing::any(web::api_not_found));
    if state.config.docs_only {
        // Inside compression, so it reads the answers as the handlers wrote them.
        api = api.layer(axum::middleware::from_fn(docs_only::documented_only));
    }
    let api = api.layer(compression());
    let site = state.site.clone();
    let request_timeout = state.config.limits.request_timeout;
    let router = Router::new()
        .merge(api)
        .route("/logos/{file}", get(web::logo))
        .route("/", get(web::index))
        .route("/favicon.ico", get(web::favicon))
        .fallback(web::static_or_index)
        .method_not_allowed_fallback(web::method_not_allowed)
        .layer(DefaultBodyLimit::max(extract::BODY_LIMIT))
        .with_state(state);
    common_layers(router, site, request_timeout)
}

/// What every answer goes through, in both modes: the request timeout, errors in the envelope,
/// the header limits, `no-store` on the API, the security headers, a panic answered 500, the log.
pub(crate) fn common_layers(router: Router, site: std::sync::Arc<web::Site>, request_timeout: std::time::Duration) -> Router {
    router
        .layer(layers::request_timeout(request_timeout))
        .layer(axum::middleware::from_fn(layers::envelope_errors))
        .layer(axum::middleware::from_fn(layers::header_limits))
        .layer(axum::middleware::from_fn(layers::no_store))
        .layer(axum::middleware::map_response_with_state(site, web::security_headers))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            let mut res = error::AppError::new(StatusCode::INTERNAL_SERVER_ERROR, "The server hit an unexpected error; please try again")
                .into_response();
            res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            res
        }))
        .layer(layers::trace())
}
