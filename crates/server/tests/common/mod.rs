//! Test harness: a real server on port 0 over a fresh SQLite file, and a small JSON client.
#![allow(dead_code)]

use madconnect_server::{app, AppState, Config, Credentials};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::path::PathBuf;
use tempfile::TempDir;

pub const DEMO_ID: &str = "demoClientId0001";
pub const DEMO_SECRET: &str = "demo-secret-for-tests-0123456789";
pub const OTHER_ID: &str = "otherClientId001";
pub const OTHER_SECRET: &str = "other-secret-for-tests-987654321";

pub struct Server {
    pub base: String,
    pub dir: TempDir,
    pub db_path: PathBuf,
    pub http: reqwest::Client,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

pub fn config(dir: &TempDir) -> Config {
    let mut c = Config::new(dir.path().join("madconnect.db"));
    c.demo_credentials = Some(Credentials { client_id: DEMO_ID.into(), client_secret: DEMO_SECRET.into() });
    c.other_credentials = Some(Credentials { client_id: OTHER_ID.into(), client_secret: OTHER_SECRET.into() });
    c
}

impl Server {
    pub async fn start() -> Server {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(f: impl FnOnce(&mut Config)) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut c = config(&dir);
        f(&mut c);
        Self::start_in(dir, c).await
    }

    pub async fn start_in(dir: TempDir, mut config: Config) -> Server {
        let db_path = config.db_path.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        config.public_url.get_or_insert_with(|| base.clone());
        let (state, _) = tokio::task::spawn_blocking(move || AppState::open(config)).await.unwrap().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let limits = state.config.limits.clone();
            madconnect_server::serve::serve(listener, app(state), &limits, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Server { base, dir, db_path, http, shutdown: Some(tx), task: Some(task) }
    }

    /// Stops the server and hands back its folder, so it can be started again on the same file.
    pub async fn stop(mut self) -> TempDir {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.task.take() {
            t.await.unwrap();
        }
        std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap())
    }

    pub async fn token_for(&self, id: &str, secret: &str) -> String {
        let (s, v) =
            self.call(Method::POST, "/es/v2/oauth/client-token", None, Some(json!({"clientId": id, "clientSecret": secret}))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["response"]["accessToken"].as_str().unwrap().to_string()
    }

    pub async fn demo(&self) -> Client<'_> {
        Client { server: self, token: self.token_for(DEMO_ID, DEMO_SECRET).await }
    }

    pub async fn other(&self) -> Client<'_> {
        Client { server: self, token: self.token_for(OTHER_ID, OTHER_SECRET).await }
    }

    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> (StatusCode, Value) {
        let mut req = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        let v = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
        (status, v)
    }

    /// Sends raw bytes with a content type.
    pub async fn raw(&self, method: Method, path: &str, token: &str, content_type: &str, body: Vec<u8>) -> (StatusCode, Value) {
        let res = self
            .http
            .request(method, format!("{}{}", self.base, path))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}")))
    }

    /// Reads the whole database (plus WAL) as bytes, to check what is stored in clear.
    pub fn raw_db_bytes(&self) -> Vec<u8> {
        let mut out = std::fs::read(&self.db_path).unwrap();
        let wal = self.db_path.with_extension("db-wal");
        if let Ok(w) = std::fs::read(wal) {
            out.extend(w);
        }
        out
    }

    /// Opens the database file directly (for arranging things the API cannot, like old deletions).
    pub fn sqlite(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db_path).unwrap()
    }
}

/// A signed-in caller.
pub struct Client<'a> {
    pub server: &'a Server,
    pub token: String,
}

impl Client<'_> {
    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.server.call(Method::GET, path, Some(&self.token), None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.server.call(Method::POST, path, Some(&self.token), Some(body)).await
    }
    pub async fn put(&self, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        self.server.call(Method::PUT, path, Some(&self.token), body).await
    }
    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.server.call(Method::DELETE, path, Some(&self.token), None).await
    }

    /// The sub-account id with this name.
    pub async fn account(&self, name: &str) -> String {
        let (s, v) = self.get("/es/v2/accounts").await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["response"].as_array().unwrap().iter().find(|a| a["name"] == name).unwrap_or_else(|| panic!("no account {name}: {v}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// A catalog connector's id by exact name.
    pub async fn connector(&self, name: &str) -> String {
        let (s, v) = self.get(&format!("/es/v2/connectors/all?size=100&q={}", urlencode(name))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["response"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap_or_else(|| panic!("no connector {name}"))["connectorId"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Adds and configures a connector with valid sample settings.
    pub async fn add_and_configure(&self, account: &str, connector: &str, settings: Value) {
        let (s, v) = self.post(&format!("/es/v2/connectors?accountId={account}"), json!({"connectorIds": [connector]})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let (s, v) =
            self.post(&format!("/es/v2/connectors/configure/{connector}?accountId={account}"), json!({"secretConfig": settings})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Asserts the error envelope: statusCode equals the HTTP status and the message mentions `needle`.
pub fn assert_error(status: StatusCode, body: &Value, expected: u16, needle: &str) {
    assert_eq!(status.as_u16(), expected, "{body}");
    assert_eq!(body["statusCode"], expected, "{body}");
    let msg = body["statusMessage"].as_str().unwrap_or_default();
    assert!(msg.contains(needle), "statusMessage {msg:?} should mention {needle:?}");
    assert!(body.get("response").is_some(), "envelope carries response: {body}");
}

/// Valid settings for the Amazon S3 / Meta-style connectors used across tests.
pub fn aws_secrets() -> Value {
    json!({"accessKeyId": "AKIAEXAMPLE", "secretAccessKey": "aws-SECRET-value-123", "region": "us-east-1"})
}

pub fn ad_platform_secrets(marker: &str) -> Value {
    json!({"clientId": "app-123", "clientSecret": marker, "refreshToken": "refresh-xyz", "adAccountId": "act_42"})
}

pub fn audience_dest_config() -> Value {
    json!({"audienceName": "Loyal buyers", "audienceSource": "USER_PROVIDED_ONLY", "matchKeys": ["EMAIL"], "membershipDays": 30})
}

pub fn storage_source_config() -> Value {
    json!({"bucketURI": "s3://bucket/path/", "fileFormat": "csv"})
}

/// Starts the real `madconnect-server` binary on a free port with `args` (plus `--addr`), its
/// output piped for the caller to read, and waits until it answers. Returns the child and its
/// base URL; the child is killed when dropped.
pub async fn spawn_binary(configure: impl FnOnce(&mut tokio::process::Command)) -> (tokio::process::Child, String) {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_madconnect-server"));
    configure(&mut command);
    let child = command
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    for _ in 0..100 {
        if http.get(format!("{base}/favicon.ico")).send().await.is_ok() {
            return (child, base);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the server binary did not start");
}
