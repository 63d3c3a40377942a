//! What the server runs with: its configuration and the state every handler shares (the
//! database, the key, the site), opened once at start.

use crate::{crypto, db, limits, seed, web};
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
    /// Only what the MadConnect docs describe: every extension answers 404 (see `docs_only`).
    pub docs_only: bool,
    /// How long a batch spends in each stage (see `transfers`).
    pub transfer_step: std::time::Duration,
    /// The origin browsers and providers reach this server at (`https://console.example.com`);
    /// authorization URLs and the OAuth callback are built on it.
    pub public_url: Option<String>,
    /// Seconds an OAuth authorization may take from its start to the provider's answer.
    pub oauth_state_ttl: u64,
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
            docs_only: false,
            transfer_step: std::time::Duration::from_secs(1),
            public_url: None,
            oauth_state_ttl: 600,
        }
    }
}

/// The console's pages need only the site, so the gateway can serve them without a database.
impl axum::extract::FromRef<AppState> for Arc<web::Site> {
    fn from_ref(state: &AppState) -> Self {
        state.site.clone()
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
        if outcome.seeded {
            db.blocking(|c| seed::history::record_all(c, &outcome.seeded_connections, db::now()))
                .map_err(|e| format!("seeding the transfer history failed: {e}"))?;
        }
        db.blocking(|c| db::connections::purge_expired(c, db::now())).map_err(|e| format!("purge failed: {e}"))?;
        // No batch survives the process that ran it.
        db.blocking(|c| db::batches::interrupt_unfinished(c, db::now())).map_err(|e| format!("ending interrupted batches failed: {e}"))?;
        db.blocking(seed::apply_connector_auth).map_err(|e| format!("seeding the catalog's authorization failed: {e}"))?;
        db.blocking(|c| db::oauth::purge(c, db::now())).map_err(|e| format!("purge of OAuth leftovers failed: {e}"))?;
        let token_guard = Arc::new(limits::TokenGuard::new(&config.limits));
        Ok((AppState { db, cipher, config: Arc::new(config), site: Arc::new(site), token_guard }, outcome))
    }

    /// The absolute URL of the public path: `<public url><public path>`, ending in "/".
    pub fn base_url(&self) -> String {
        let origin = self.config.public_url.as_deref().unwrap_or("http://127.0.0.1:8080");
        format!("{}{}", origin.trim_end_matches('/'), self.site.public_path)
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
                if let Err(e) = db.run(|c| Ok(db::connections::purge_expired(c, db::now())?)).await {
                    eprintln!("purge of expired connections failed: {e}");
                }
                if let Err(e) = db.run(|c| Ok(db::oauth::purge(c, db::now())?)).await {
                    eprintln!("purge of OAuth leftovers failed: {e}");
                }
            }
        })
    }
}

impl AppState {
    /// Starts the transfer engine (see `transfers`). Runs until the runtime stops.
    pub fn spawn_transfers(&self) -> tokio::task::JoinHandle<()> {
        crate::transfers::spawn(self.db.clone(), self.config.transfer_step)
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
