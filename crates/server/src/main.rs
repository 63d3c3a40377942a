//! `madconnect-server`: parses flags (with MADCONNECT_* environment fallbacks), opens and seeds
//! the database, prints how to sign in, and serves until Ctrl-C; or runs one admin command.

use clap::{Parser, Subcommand};
use madconnect_server::limits::Limits;
use madconnect_server::{app, AppState, Config, Credentials};
use std::path::PathBuf;
use std::time::Duration;

/// MadConnect-compatible es/v2 API server that also serves the console.
#[derive(Parser, Debug)]
#[command(name = "madconnect-server", version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "MADCONNECT_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    /// SQLite database file (created and seeded on first start; the key file sits beside it).
    #[arg(long, env = "MADCONNECT_DB", default_value = "./data/madconnect.db", global = true)]
    db: PathBuf,
    /// Directory of the built console (trunk's dist/) to serve with SPA fallback.
    #[arg(long = "static", env = "MADCONNECT_STATIC")]
    static_dir: Option<PathBuf>,
    /// Access-token lifetime in seconds.
    #[arg(long, env = "MADCONNECT_TOKEN_TTL", default_value_t = 86_400, value_parser = clap::value_parser!(u64).range(1..))]
    token_ttl: u64,
    /// Extra synthetic catalog connectors to seed (benchmarks).
    #[arg(long, env = "MADCONNECT_SYNTHETIC_CONNECTORS", default_value_t = 0)]
    synthetic_connectors: usize,
    /// Extra connections to seed into Demo Org / Brand A (benchmarks).
    #[arg(long, env = "MADCONNECT_SYNTHETIC_CONNECTIONS", default_value_t = 0)]
    synthetic_connections: usize,
    /// Comma-separated origins allowed to frame the console, e.g. "https://a.example,https://b.example".
    #[arg(long, env = "MADCONNECT_EMBED_ORIGINS", default_value = "")]
    embed_origins: String,
    /// URL prefix the console (and, additionally, the API) is served under, e.g. /console/.
    #[arg(long, env = "MADCONNECT_PUBLIC_PATH", default_value = "/")]
    public_path: String,
    /// Seconds a client has to send a request's headers, and an idle kept-alive connection to
    /// start its next request.
    #[arg(long, env = "MADCONNECT_HEADER_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout: u64,
    /// Seconds a request may take before it is answered 408.
    #[arg(long, env = "MADCONNECT_REQUEST_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    request_timeout: u64,
    /// Connections served at once; more wait in the listen backlog.
    #[arg(long, env = "MADCONNECT_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    max_connections: u64,
    /// Client-secret verifications run at once (each uses about 19 MiB); default: cores, at most 4.
    #[arg(long, env = "MADCONNECT_VERIFY_CONCURRENCY", value_parser = clap::value_parser!(u64).range(1..=64))]
    verify_concurrency: Option<u64>,
    /// Token requests that may wait for a verification; beyond them, 429.
    #[arg(long, env = "MADCONNECT_VERIFY_QUEUE", default_value_t = 16)]
    verify_queue: usize,
    /// Failed sign-ins an address or client id may make before it cools off.
    #[arg(long, env = "MADCONNECT_AUTH_FAILURES", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    auth_failures: u32,
    /// Gateway mode: forward every /es/v2/ request to this MadConnect API (e.g.
    /// https://api.example.com) instead of answering from a database. Nothing is stored.
    #[arg(long, env = "MADCONNECT_UPSTREAM", conflicts_with_all = ["docs_only", "synthetic_connectors", "synthetic_connections"])]
    upstream: Option<String>,
    /// Gateway mode: seconds to open a connection to the upstream.
    #[arg(long, env = "MADCONNECT_UPSTREAM_CONNECT_TIMEOUT", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    upstream_connect_timeout: u64,
    /// Gateway mode: seconds the upstream has to start answering (and the longest pause within
    /// its answer); past it, 504.
    #[arg(long, env = "MADCONNECT_UPSTREAM_TIMEOUT", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    upstream_timeout: u64,
    /// Answer only what the MadConnect docs describe: every extension (accounts list, totals,
    /// catalog filters, deleted connections, restore, activity, revoke) is turned off.
    #[arg(long, env = "MADCONNECT_DOCS_ONLY")]
    docs_only: bool,
    /// Seconds a throttled address or client id gets 429 for.
    #[arg(long, env = "MADCONNECT_AUTH_COOLOFF", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    auth_cooloff: u64,
    /// Milliseconds a transfer batch spends in each stage (queued, reading, writing).
    #[arg(long, env = "MADCONNECT_TRANSFER_STEP_MS", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(10..=3_600_000))]
    transfer_step_ms: u64,
    /// The origin people and OAuth providers reach this server at, e.g. https://console.example.com
    /// (authorization URLs and the OAuth callback are built on it); default: the listen address.
    #[arg(long, env = "MADCONNECT_PUBLIC_URL")]
    public_url: Option<String>,
    /// Seconds an OAuth authorization may take from its start to the provider's answer.
    #[arg(long, env = "MADCONNECT_OAUTH_STATE_TTL", default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..))]
    oauth_state_ttl: u64,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Gives a client a new secret, printed once, and revokes every token issued under the old
    /// one. Works while the server runs.
    RotateSecret {
        /// The client id whose secret to replace.
        #[arg(long)]
        client_id: String,
    },
}

impl Args {
    fn limits(&self) -> Limits {
        let d = Limits::default();
        Limits {
            verify_concurrency: self.verify_concurrency.map(|n| n as usize).unwrap_or(d.verify_concurrency),
            verify_queue: self.verify_queue,
            auth_failures: self.auth_failures,
            auth_cooloff: Duration::from_secs(self.auth_cooloff),
            header_timeout: Duration::from_secs(self.header_timeout),
            request_timeout: Duration::from_secs(self.request_timeout),
            max_connections: self.max_connections as usize,
        }
    }
}

/// `rotate-secret`: a new secret for one client, straight in the database file.
fn rotate_secret(db_path: &std::path::Path, client_id: &str) -> ! {
    if !db_path.is_file() {
        fail(format!("no database at {} (pass --db)", db_path.display()));
    }
    let db = madconnect_server::db::Db::open(db_path).unwrap_or_else(|e| fail(format!("cannot open {}: {e}", db_path.display())));
    match db.blocking(|c| madconnect_server::seed::rotate_secret(c, client_id)) {
        Ok(Some(secret)) => {
            println!("New secret for client {client_id}: {secret}");
            println!("It is shown only now. Tokens issued under the old secret no longer work.");
            if ["MADCONNECT_DEMO_CLIENT_ID", "MADCONNECT_OTHER_CLIENT_ID"]
                .iter()
                .any(|v| std::env::var(v).is_ok_and(|id| id.trim() == client_id))
            {
                println!("Note: this client's secret is also set in the environment, which wins at the next start.");
            }
            std::process::exit(0)
        }
        Ok(None) => fail(format!("no client \"{client_id}\" in {}", db_path.display())),
        Err(e) => fail(format!("rotating the secret failed: {e}")),
    }
}

fn credentials(id_var: &str, secret_var: &str) -> Result<Option<Credentials>, String> {
    let id = std::env::var(id_var).ok().filter(|s| !s.trim().is_empty());
    let secret = std::env::var(secret_var).ok().filter(|s| !s.is_empty());
    match (id, secret) {
        (Some(client_id), Some(client_secret)) => Ok(Some(Credentials { client_id: client_id.trim().into(), client_secret })),
        (None, None) => Ok(None),
        _ => Err(format!("set both {id_var} and {secret_var}, or neither")),
    }
}

fn fail(msg: impl std::fmt::Display) -> ! {
    eprintln!("madconnect-server: {msg}");
    std::process::exit(2)
}

/// Allocations of 1 MiB and more (Argon2's 19 MiB working memory) are mapped on their own and
/// handed back to the system when freed. glibc's default raises that threshold after the first
/// such free, and from then on freed working memory stays in the process: after a flood of
/// sign-ins, gigabytes of it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_frees_to_the_system() {
    // SAFETY: mallopt only adjusts allocator parameters; it is called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_frees_to_the_system() {}

fn main() {
    return_large_frees_to_the_system();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap_or_else(|e| fail(format!("cannot start: {e}")));
    runtime.block_on(run());
}

async fn run() {
    let args = Args::parse();
    if let Some(Command::RotateSecret { client_id }) = &args.command {
        rotate_secret(&args.db, client_id.trim());
    }
    madconnect_server::layers::init_logging();
    let embed_origins: Vec<String> = args
        .embed_origins
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|o| madconnect_model::parse_origin(o).unwrap_or_else(|e| fail(format!("--embed-origins: {e}"))))
        .collect();
    if let Some(dir) = &args.static_dir {
        if !madconnect_server::web::has_index(dir) {
            fail(format!("--static {}: no index.html there (build the console first)", dir.display()));
        }
    }
    if let Some(upstream) = &args.upstream {
        run_gateway(&args, upstream, embed_origins).await;
        return;
    }
    let public_url = args
        .public_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .map(|u| madconnect_model::parse_origin(u.trim()).unwrap_or_else(|e| fail(format!("--public-url: {e}"))));
    let listener = tokio::net::TcpListener::bind(&args.addr).await.unwrap_or_else(|e| fail(format!("cannot listen on {}: {e}", args.addr)));
    let local = listener.local_addr().map(|a| a.to_string()).unwrap_or(args.addr.clone());
    let config = Config {
        db_path: args.db.clone(),
        static_dir: args.static_dir.clone(),
        token_ttl: args.token_ttl,
        synthetic_connectors: args.synthetic_connectors,
        synthetic_connections: args.synthetic_connections,
        embed_origins,
        public_path: args.public_path.clone(),
        demo_credentials: credentials("MADCONNECT_DEMO_CLIENT_ID", "MADCONNECT_DEMO_CLIENT_SECRET").unwrap_or_else(|e| fail(e)),
        other_credentials: credentials("MADCONNECT_OTHER_CLIENT_ID", "MADCONNECT_OTHER_CLIENT_SECRET").unwrap_or_else(|e| fail(e)),
        limits: args.limits(),
        docs_only: args.docs_only,
        transfer_step: Duration::from_millis(args.transfer_step_ms),
        public_url: Some(public_url.unwrap_or_else(|| format!("http://{local}"))),
        oauth_state_ttl: args.oauth_state_ttl,
    };
    let started = std::time::Instant::now();
    let (state, outcome) = AppState::open(config).unwrap_or_else(|e| fail(e));
    state.spawn_housekeeping();
    state.spawn_transfers();
    let url = format!("http://{local}{}", state.site.public_path);

    println!("MadConnect server listening on {local}");
    println!(
        "  database: {}{}",
        args.db.display(),
        if outcome.seeded { format!(" (seeded in {} ms)", started.elapsed().as_millis()) } else { String::new() }
    );
    match &args.static_dir {
        Some(d) => println!("  console:  {} served at {url}", d.display()),
        None => println!("  console:  not served (pass --static dist); API at {url}es/v2/"),
    }
    for (org, id, generated) in
        [("Demo Org", &outcome.demo_client_id, &outcome.generated_demo), ("Other Org", &outcome.other_client_id, &outcome.generated_other)]
    {
        match generated {
            // Printed once, on the start that created them: they are stored hashed only.
            Some(c) => println!("  {org}: client id {}  client secret {}  (generated; shown only now)", c.client_id, c.client_secret),
            None => println!("  {org}: client id {id}"),
        }
    }
    let db_flag = if args.db.as_path() == std::path::Path::new("./data/madconnect.db") {
        String::new()
    } else {
        format!(" --db {}", args.db.display())
    };
    // Named as this process was started, so the line can be pasted as it is.
    let exe = std::env::args().next().unwrap_or_else(|| "madconnect-server".into());
    println!("  Lost a secret? {exe}{db_flag} rotate-secret --client-id <id> prints a new one.");
    if args.docs_only {
        println!("  documented API only: the extensions answer 404");
    }
    println!("Open {url} and sign in with a client id and secret.");

    let limits = state.config.limits.clone();
    if let Err(e) = madconnect_server::serve::serve(listener, app(state), &limits, shutdown()).await {
        fail(format!("server error: {e}"));
    }
}

/// `--upstream`: the console and a forwarding gateway; no database is opened or created.
async fn run_gateway(args: &Args, upstream: &str, embed_origins: Vec<String>) {
    let site = madconnect_server::web::Site::new(&args.public_path, embed_origins, args.static_dir.clone()).unwrap_or_else(|e| fail(e));
    let upstream = madconnect_server::gateway::UpstreamConfig {
        url: upstream.to_string(),
        connect_timeout: Duration::from_secs(args.upstream_connect_timeout),
        response_timeout: Duration::from_secs(args.upstream_timeout),
    };
    let limits = args.limits();
    let gateway = madconnect_server::gateway::Gateway::new(site, &upstream, &limits).unwrap_or_else(|e| fail(format!("--upstream: {e}")));
    let listener = tokio::net::TcpListener::bind(&args.addr).await.unwrap_or_else(|e| fail(format!("cannot listen on {}: {e}", args.addr)));
    let local = listener.local_addr().map(|a| a.to_string()).unwrap_or(args.addr.clone());
    let url = format!("http://{local}{}", gateway.site.public_path);
    println!("MadConnect gateway listening on {local}");
    println!("  API:      every /es/v2/ request forwarded to {} (nothing stored)", gateway.upstream());
    match &args.static_dir {
        Some(d) => println!("  console:  {} served at {url}", d.display()),
        None => println!("  console:  not served (pass --static dist)"),
    }
    println!("Open {url} and sign in with your MadConnect client id and secret.");
    if let Err(e) = madconnect_server::serve::serve(listener, madconnect_server::gateway_app(gateway), &limits, shutdown()).await {
        fail(format!("server error: {e}"));
    }
}

/// Ctrl-C or SIGTERM (how test harnesses stop us): both finish in-flight requests first.
async fn shutdown() {
    {
        #[cfg(unix)]
        {
            let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .unwrap_or_else(|e| fail(format!("cannot watch SIGTERM: {e}")));
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}
