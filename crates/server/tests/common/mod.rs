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

impl Server {
    /// The real binary on a fresh database with the test credentials and `args`; the child is
    /// killed when dropped.
    pub async fn binary(args: &[&str]) -> (tokio::process::Child, Server) {
        Self::binary_in(tempfile::tempdir().unwrap(), args).await
    }

    /// The real binary on the database in `dir` (kept from an earlier run, or new).
    pub async fn binary_in(dir: TempDir, args: &[&str]) -> (tokio::process::Child, Server) {
        let db_path = dir.path().join("madconnect.db");
        let (child, base) = spawn_binary(|cmd| {
            cmd.env("MADCONNECT_DEMO_CLIENT_ID", DEMO_ID)
                .env("MADCONNECT_DEMO_CLIENT_SECRET", DEMO_SECRET)
                .env("MADCONNECT_OTHER_CLIENT_ID", OTHER_ID)
                .env("MADCONNECT_OTHER_CLIENT_SECRET", OTHER_SECRET)
                // Nobody reads the piped output: keep it short so the pipe never fills.
                .env("MADCONNECT_LOG", "warn")
                .arg("--db")
                .arg(&db_path)
                .args(args);
        })
        .await;
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        (child, Server { base, dir, db_path, http, shutdown: None, task: None })
    }
}
/// The real binary on a fresh database, signed in as the demo client, recording every response
/// body it receives (so a test can check that no secret ever came back).
pub struct Binary {
    pub child: tokio::process::Child,
    pub base: String,
    pub dir: TempDir,
    pub http: reqwest::Client,
    pub token: String,
    seen: std::sync::Mutex<String>,
}

impl Binary {
    pub async fn start(args: &[&str]) -> Binary {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("m.db");
        let (child, base) = spawn_binary(|c| {
            c.args(["--db", db.to_str().unwrap()])
                .args(args)
                .env("MADCONNECT_DEMO_CLIENT_ID", DEMO_ID)
                .env("MADCONNECT_DEMO_CLIENT_SECRET", DEMO_SECRET)
                .env("MADCONNECT_OTHER_CLIENT_ID", OTHER_ID)
                .env("MADCONNECT_OTHER_CLIENT_SECRET", OTHER_SECRET)
                .env("MADCONNECT_LOG", "debug")
                .env_remove("RUST_LOG")
                .env_remove("MADCONNECT_PUBLIC_URL");
        })
        .await;
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let res = http
            .post(format!("{base}/es/v2/oauth/client-token"))
            .json(&json!({"clientId": DEMO_ID, "clientSecret": DEMO_SECRET}))
            .send()
            .await
            .unwrap();
        let token = res.json::<Value>().await.unwrap()["response"]["accessToken"].as_str().unwrap().to_string();
        Binary { child, base, dir, http, token, seen: std::sync::Mutex::new(String::new()) }
    }

    fn record(&self, text: &str) {
        self.seen.lock().unwrap().push_str(text);
    }

    /// Every response body received so far.
    pub fn seen(&self) -> String {
        self.seen.lock().unwrap().clone()
    }

    /// A signed-in JSON call to a path of this server.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut req = self.http.request(method, format!("{}{}", self.base, path)).bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        self.record(&text);
        (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}")))
    }

    /// A browser's GET of an absolute URL (no redirects followed): status, Location, CSP, body.
    pub async fn browse(&self, url: &str) -> Page {
        let res = self.http.get(url).send().await.unwrap();
        self.page(res).await
    }

    /// A browser submitting a form.
    pub async fn submit(&self, action: &str, fields: &[(String, String)]) -> Page {
        let res = self.http.post(action).form(fields).send().await.unwrap();
        self.page(res).await
    }

    async fn page(&self, res: reqwest::Response) -> Page {
        let status = res.status();
        let header = |name: &str| res.headers().get(name).map(|v| v.to_str().unwrap().to_string());
        let (location, csp) = (header("location"), header("content-security-policy"));
        let body = res.text().await.unwrap();
        self.record(&body);
        Page { status, location, csp, body }
    }

    /// Opens an authorization URL as a person would: the consent page, a click on `button`
    /// ("allow" or "deny"), the provider's redirect followed to this server's callback.
    /// Returns the consent page, the provider's redirect and the callback page.
    pub async fn consent(&self, authorization_endpoint: &str, button: &str) -> (Page, Page, Page) {
        let consent = self.browse(authorization_endpoint).await;
        assert_eq!(consent.status, StatusCode::OK, "{}", consent.body);
        let (action, mut fields) = consent.form();
        fields.push(("decision".into(), button.into()));
        let redirect = self.submit(&action, &fields).await;
        assert_eq!(redirect.status, StatusCode::SEE_OTHER, "{}", redirect.body);
        let callback = self.browse(redirect.location.as_deref().unwrap()).await;
        (consent, redirect, callback)
    }

    /// Stops the server: its whole log and the raw bytes of its database files.
    pub async fn stop(self) -> (String, Vec<u8>) {
        let Binary { mut child, dir, .. } = self;
        child.start_kill().unwrap();
        let out = child.wait_with_output().await.unwrap();
        let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let mut bytes = Vec::new();
        for name in ["m.db", "m.db-wal"] {
            if let Ok(b) = std::fs::read(dir.path().join(name)) {
                bytes.extend(b);
            }
        }
        (log, bytes)
    }
}

/// An HTML (or redirect) answer as a browser gets it.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub csp: Option<String>,
    pub body: String,
}

impl Page {
    /// The first form's action and its hidden fields, unescaped.
    pub fn form(&self) -> (String, Vec<(String, String)>) {
        let action = attr(&self.body[self.body.find("<form").expect("a form")..], "action").expect("a form action");
        let mut fields = Vec::new();
        let mut rest = self.body.as_str();
        while let Some(at) = rest.find("<input") {
            rest = &rest[at..];
            let end = rest.find('>').unwrap();
            let tag = &rest[..end];
            if attr(tag, "type").as_deref() == Some("hidden") {
                fields.push((attr(tag, "name").unwrap(), attr(tag, "value").unwrap_or_default()));
            }
            rest = &rest[end..];
        }
        (action, fields)
    }

    /// The value of `data-<name>` on the page.
    pub fn data(&self, name: &str) -> Option<String> {
        attr(&self.body, &format!("data-{name}"))
    }
}

/// The unescaped value of the first `name="..."` attribute in `html`.
pub fn attr(html: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = html.find(&key)? + key.len();
    let len = html[start..].find('"')?;
    Some(
        html[start..start + len]
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// The query parameters of a URL.
pub fn query_of(url: &str) -> std::collections::HashMap<String, String> {
    let q = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    serde_urlencoded::from_str::<Vec<(String, String)>>(q).unwrap().into_iter().collect()
}
