//! The MadConnect-compatible es/v2 API server: axum routes over SQLite, plus the console's
//! static files. `app(state)` is the whole HTTP surface, so tests drive it on a real listener.

pub mod catalog;
pub mod crypto;
pub mod db;
pub mod error;
pub mod extract;
pub mod layers;
pub mod limits;
pub mod routes;
pub mod seed;
pub mod serve;
pub mod store;
pub mod web;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use std::path::PathBuf;
use std::sync::Arc;

pub use seed::Credentials;

/// Everything the server is started with.
#[derive(Debug, Clone)]
pub struct Config {
    pub db_path: PathBuf,
    pub static_dir: Option<PathBuf>,
    pub token_ttl: u64,
    pub synthetic_connectors: usize,
    pub synthetic_connections: usize,
    pub embed_origins: Vec<String>,
    pub public_path: String,
    pub demo_credentials: Option<Credentials>,
    pub other_credentials: Option<Credentials>,
    pub limits: limits::Limits,
}

impl Config {
    /// Defaults for a database file (tests and embedding).
    pub fn new(db_path: impl Into<PathBuf>) -> Self {
        Config {
            db_path: db_path.into(),
            static_dir: None,
            token_ttl: 86_400,
            synthetic_connectors: 0,
            synthetic_connections: 0,
            embed_origins: vec![],
            public_path: "/".into(),
            demo_credentials: None,
            other_credentials: None,
            limits: limits::Limits::default(),
        }
    }
}

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub db: db::Db,
    pub cipher: crypto::Cipher,
    pub config: Arc<Config>,
    pub site: Arc<web::Site>,
    pub token_guard: Arc<limits::TokenGuard>,
}

impl AppState {
    /// Opens the database (migrating it), the key file beside it, seeds on first start and
    /// purges connections deleted more than 30 days ago.
    pub fn open(config: Config) -> Result<(AppState, seed::SeedOutcome), String> {
        let site = web::Site::new(&config.public_path, config.embed_origins.clone(), config.static_dir.clone())?;
        if let Some(parent) = config.db_path.parent().filter(|p| !p.as_os_str().is_empty()) {
            private_dir(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        private_db_files(&config.db_path).map_err(|e| format!("cannot create {}: {e}", config.db_path.display()))?;
        let db = db::Db::open(&config.db_path).map_err(|e| format!("cannot open {}: {e}", config.db_path.display()))?;
        let key_path = key_path(&config.db_path);
        let cipher = crypto::Cipher::open_or_create(&key_path).map_err(|e| format!("cannot open key file {}: {e}", key_path.display()))?;
        let opts = seed::SeedOptions {
            demo: config.demo_credentials.clone(),
            other: config.other_credentials.clone(),
            synthetic_connectors: config.synthetic_connectors,
            synthetic_connections: config.synthetic_connections,
        };
        let outcome = db.blocking(|c| seed::run(c, &cipher, &opts)).map_err(|e| format!("seeding failed: {e}"))?;
        db.blocking(|c| routes::connections::purge_expired(c, db::now())).map_err(|e| format!("purge failed: {e}"))?;
        let token_guard = Arc::new(limits::TokenGuard::new(&config.limits));
        Ok((AppState { db, cipher, config: Arc::new(config), site: Arc::new(site), token_guard }, outcome))
    }

    /// Purges connections past their restore window every hour, off the request path (reads
    /// already treat them as gone). Runs until the runtime stops.
    pub fn spawn_housekeeping(&self) -> tokio::task::JoinHandle<()> {
        let db = self.db.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                if let Err(e) = db.run(|c| Ok(routes::connections::purge_expired(c, db::now())?)).await {
                    eprintln!("purge of expired connections failed: {e}");
                }
            }
        })
    }
}

/// Creates the data directory readable by the owner only (an existing one is left as it is).
fn private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

/// The database file is created 0600 before SQLite opens it, so its `-wal` and `-shm` files
/// (which SQLite creates with the database file's mode) are owner-only too; files left by an
/// older version are tightened.
fn private_db_files(db_path: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(db_path)?;
        for suffix in ["", "-wal", "-shm"] {
            let mut name = db_path.as_os_str().to_os_string();
            name.push(suffix);
            let path = PathBuf::from(name);
            if let Ok(meta) = std::fs::metadata(&path) {
                if meta.permissions().mode() & 0o077 != 0 {
                    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = db_path;
    Ok(())
}

/// The encryption key lives next to the database: `<db file>.key`.
pub fn key_path(db_path: &std::path::Path) -> PathBuf {
    let mut name = db_path.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "madconnect.db".into());
    name.push(".key");
    db_path.with_file_name(name)
}

/// The whole HTTP surface. With a public path other than "/", everything is also served under
/// that prefix (so a reverse proxy may keep or strip it); the console itself only there.
pub fn app(state: AppState) -> Router {
    let inner = routes(state.clone());
    let prefix = state.site.public_path.clone();
    if prefix == "/" {
        return inner;
    }
    let static_dir = state.site.static_dir.clone();
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
    let api = Router::new()
        .merge(routes::oauth::router())
        .merge(routes::accounts::router())
        .merge(routes::connectors::router())
        .merge(routes::connections::router())
        .route("/es/{*rest}", axum::routing::any(web::api_not_found))
        .layer(compression());
    Router::new()
        .merge(api)
        .route("/logos/{file}", get(web::logo))
        .route("/", get(web::index))
        .route("/favicon.ico", get(web::favicon))
        .fallback(web::static_or_index)
        .method_not_allowed_fallback(web::method_not_allowed)
        .layer(DefaultBodyLimit::max(extract::BODY_LIMIT))
        .layer(layers::request_timeout(state.config.limits.request_timeout))
        .layer(axum::middleware::from_fn(layers::envelope_errors))
        .layer(axum::middleware::from_fn(layers::header_limits))
        .layer(axum::middleware::from_fn(layers::no_store))
        .layer(axum::middleware::map_response_with_state(state.clone(), web::security_headers))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            let mut res = error::AppError::new(StatusCode::INTERNAL_SERVER_ERROR, "The server hit an unexpected error; please try again")
                .into_response();
            res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            res
        }))
        .layer(layers::trace())
        .with_state(state)
}
