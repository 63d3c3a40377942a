//! `madconnect-server`: parses flags (with MADCONNECT_* environment fallbacks), opens and seeds
//! the database, prints how to sign in, and serves until Ctrl-C.

use clap::Parser;
use madconnect_server::{app, AppState, Config, Credentials};
use std::path::PathBuf;

/// MadConnect-compatible es/v2 API server that also serves the console.
#[derive(Parser, Debug)]
#[command(name = "madconnect-server", version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "MADCONNECT_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    /// SQLite database file (created and seeded on first start; the key file sits beside it).
    #[arg(long, env = "MADCONNECT_DB", default_value = "./data/madconnect.db")]
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

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let embed_origins: Vec<String> =
        args.embed_origins.split(',').map(|s| s.trim().trim_end_matches('/').to_string()).filter(|s| !s.is_empty()).collect();
    if let Some(dir) = &args.static_dir {
        if !madconnect_server::web::has_index(dir) {
            fail(format!("--static {}: no index.html there (build the console first)", dir.display()));
        }
    }
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
    };
    let started = std::time::Instant::now();
    let (state, outcome) = AppState::open(config).unwrap_or_else(|e| fail(e));
    state.spawn_housekeeping();
    let listener = tokio::net::TcpListener::bind(&args.addr).await.unwrap_or_else(|e| fail(format!("cannot listen on {}: {e}", args.addr)));
    let local = listener.local_addr().map(|a| a.to_string()).unwrap_or(args.addr.clone());
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
    println!("Open {url} and sign in with a client id and secret.");

    // Ctrl-C or SIGTERM (how test harnesses stop us) both finish in-flight requests first.
    let shutdown = async {
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
    };
    if let Err(e) = axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await {
        fail(format!("server error: {e}"));
    }
}
