//! What one caller may cost and how long credentials live: the bounded, throttled token
//! endpoint, revocation and rotation, slow and idle clients, and the smaller defences.

mod common;
use common::*;
use madconnect_server::{AppState, Config, Credentials};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TOKEN: &str = "/es/v2/oauth/client-token";

async fn sign_in(server: &Server, http: &reqwest::Client, id: &str, secret: &str) -> (StatusCode, Option<String>, Value) {
    let res = http.post(format!("{}{TOKEN}", server.base)).json(&json!({"clientId": id, "clientSecret": secret})).send().await.unwrap();
    let status = res.status();
    let retry = res.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
    (status, retry, res.json().await.unwrap())
}

/// A client whose requests come from another loopback address (another caller, to the server).
fn from_address(ip: &str) -> reqwest::Client {
    reqwest::Client::builder().local_address(ip.parse::<std::net::IpAddr>().unwrap()).build().unwrap()
}

#[tokio::test]
async fn verifications_beyond_the_slots_and_queue_get_429_with_retry_after() {
    let server = Server::start_with(|c| {
        c.limits.verify_concurrency = 1;
        c.limits.verify_queue = 1;
        c.limits.auth_failures = 1000;
    })
    .await;
    let wave: Vec<_> = (0..12)
        .map(|i| {
            let (url, http) = (format!("{}{TOKEN}", server.base), reqwest::Client::new());
            tokio::spawn(async move {
                let res = http.post(url).json(&json!({"clientId": format!("nobody{i}"), "clientSecret": "guess"})).send().await.unwrap();
                let retry = res.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
                (res.status(), retry, res.json::<Value>().await.unwrap())
            })
        })
        .collect();
    let mut answers = Vec::new();
    for h in wave {
        answers.push(h.await.unwrap());
    }
    let busy: Vec<_> = answers.iter().filter(|(s, _, _)| *s == StatusCode::TOO_MANY_REQUESTS).collect();
    assert!(!busy.is_empty(), "12 at once through 1 slot and a queue of 1: some must be turned away");
    for (s, retry, body) in &busy {
        assert_error(*s, body, 429, "busy");
        assert_eq!(retry.as_deref(), Some("1"));
    }
    assert!(answers.iter().any(|(s, _, _)| *s == StatusCode::UNAUTHORIZED), "the ones admitted are verified");
    // Once the wave is over an honest client gets its token.
    let (s, _, v) = sign_in(&server, &reqwest::Client::new(), DEMO_ID, DEMO_SECRET).await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

#[tokio::test]
async fn a_client_that_signed_in_before_is_not_held_up_by_a_flood_from_elsewhere() {
    let server = Server::start_with(|c| {
        c.limits.verify_concurrency = 1;
        c.limits.verify_queue = 0;
    })
    .await;
    let honest = from_address("127.0.0.2");
    let (s, _, _) = sign_in(&server, &honest, DEMO_ID, DEMO_SECRET).await;
    assert_eq!(s, StatusCode::OK);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flood: Vec<_> = (0..16)
        .map(|i| {
            let (url, http) = (format!("{}{TOKEN}", server.base), from_address(&format!("127.0.1.{}", i + 1)));
            let stop = stop.clone();
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let body = json!({"clientId": format!("flood{i}x{n}"), "clientSecret": "guess"});
                    let _ = http.post(&url).json(&body).send().await;
                    n += 1;
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(50)).await;
    for _ in 0..3 {
        let (s, _, v) = sign_in(&server, &honest, DEMO_ID, DEMO_SECRET).await;
        assert_eq!(s, StatusCode::OK, "the trusted client has a slot of its own: {v}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for f in flood {
        f.await.unwrap();
    }
}

#[tokio::test]
async fn repeated_failures_cool_off_the_address_and_id_but_not_an_honest_client() {
    let server = Server::start_with(|c| c.limits.auth_failures = 3).await;
    let attacker = from_address("127.0.0.1");
    for _ in 0..3 {
        let (s, _, v) = sign_in(&server, &attacker, DEMO_ID, "wrong").await;
        assert_error(s, &v, 401, "not correct");
    }
    let (s, retry, v) = sign_in(&server, &attacker, DEMO_ID, "wrong").await;
    assert_error(s, &v, 429, "failed sign-ins");
    assert!(retry.unwrap().parse::<u64>().unwrap() >= 1);
    // Cooling off: even the right secret, or another client id, from that address is refused unverified.
    let (s, _, v) = sign_in(&server, &attacker, DEMO_ID, DEMO_SECRET).await;
    assert_error(s, &v, 429, "failed sign-ins");
    let (s, _, v) = sign_in(&server, &attacker, "nobody", "x").await;
    assert_error(s, &v, 429, "failed sign-ins");
    // An honest client elsewhere that has not failed signs in at once, even with the attacked id.
    let honest = from_address("127.0.0.2");
    let started = Instant::now();
    let (s, _, v) = sign_in(&server, &honest, DEMO_ID, DEMO_SECRET).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(started.elapsed() < Duration::from_secs(2), "not slowed: {:?}", started.elapsed());
    let (s, _, _) = sign_in(&server, &honest, OTHER_ID, OTHER_SECRET).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn unknown_ids_and_wrong_secrets_are_throttled_alike() {
    let server = Server::start_with(|c| c.limits.auth_failures = 2).await;
    let a = from_address("127.0.0.3");
    let b = from_address("127.0.0.4");
    let mut seen = Vec::new();
    for _ in 0..3 {
        let (s1, _, v1) = sign_in(&server, &a, "noSuchClient0001", "x").await;
        let (s2, _, v2) = sign_in(&server, &b, DEMO_ID, "x").await;
        assert_eq!((s1, &v1["statusMessage"]), (s2, &v2["statusMessage"]));
        seen.push(s1);
    }
    assert_eq!(seen, [StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS]);
}

#[tokio::test]
async fn token_answers_and_account_data_are_never_cached() {
    let server = Server::start().await;
    let res = server
        .http
        .post(format!("{}{TOKEN}", server.base))
        .json(&json!({"clientId": DEMO_ID, "clientSecret": DEMO_SECRET}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
    let token = res.json::<Value>().await.unwrap()["response"]["accessToken"].as_str().unwrap().to_string();
    for path in ["/es/v2/accounts", "/es/v2/connectors/all"] {
        let res = server.http.get(format!("{}{path}", server.base)).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
    }
    let res = server.http.get(format!("{}/es/v2/accounts", server.base)).send().await.unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store", "errors too");
}

#[tokio::test]
async fn revoked_tokens_stop_working_and_revoking_twice_is_fine() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let keep = server.demo().await;
    let (s, _) = demo.get("/es/v2/accounts").await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = server.call(Method::POST, "/es/v2/oauth/revoke", None, Some(json!({"token": demo.token}))).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["statusCode"], 0);
    let (s, v) = demo.get("/es/v2/accounts").await;
    assert_error(s, &v, 401, "not recognised");
    let (s, _) = keep.get("/es/v2/accounts").await;
    assert_eq!(s, StatusCode::OK, "other tokens are untouched");
    for token in [demo.token.as_str(), "never-issued"] {
        let (s, v) = server.call(Method::POST, "/es/v2/oauth/revoke", None, Some(json!({"token": token}))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }
    let (s, v) = server.call(Method::POST, "/es/v2/oauth/revoke", None, Some(json!({"token": ""}))).await;
    assert_error(s, &v, 400, "token");
}

#[tokio::test]
async fn restarting_with_a_new_secret_revokes_the_old_one_and_its_tokens() {
    let server = Server::start().await;
    let old_token = server.token_for(DEMO_ID, DEMO_SECRET).await;
    let other_token = server.token_for(OTHER_ID, OTHER_SECRET).await;
    let dir = server.stop().await;

    // Same credentials: nothing changes.
    let c = config(&dir);
    let server = Server::start_in(dir, c).await;
    let (s, _) = server.call(Method::GET, "/es/v2/accounts", Some(&old_token), None).await;
    assert_eq!(s, StatusCode::OK, "unchanged credentials keep their tokens");
    let dir = server.stop().await;

    let mut c = config(&dir);
    c.demo_credentials = Some(Credentials { client_id: DEMO_ID.into(), client_secret: "a-brand-new-secret-0000000000".into() });
    let server = Server::start_in(dir, c).await;
    let (s, v) = server.call(Method::GET, "/es/v2/accounts", Some(&old_token), None).await;
    assert_error(s, &v, 401, "not recognised");
    let (s, v) = server.call(Method::POST, TOKEN, None, Some(json!({"clientId": DEMO_ID, "clientSecret": DEMO_SECRET}))).await;
    assert_error(s, &v, 401, "not correct");
    server.token_for(DEMO_ID, "a-brand-new-secret-0000000000").await;
    let (s, _) = server.call(Method::GET, "/es/v2/accounts", Some(&other_token), None).await;
    assert_eq!(s, StatusCode::OK, "the other organization's unchanged credentials are untouched");
}

#[tokio::test]
async fn restarting_with_a_new_client_id_retires_the_old_one() {
    let server = Server::start().await;
    let old_token = server.token_for(DEMO_ID, DEMO_SECRET).await;
    let dir = server.stop().await;
    let mut c = config(&dir);
    c.demo_credentials = Some(Credentials { client_id: "renamedClient001".into(), client_secret: DEMO_SECRET.into() });
    let server = Server::start_in(dir, c).await;
    let (s, v) = server.call(Method::POST, TOKEN, None, Some(json!({"clientId": DEMO_ID, "clientSecret": DEMO_SECRET}))).await;
    assert_error(s, &v, 401, "not correct");
    let (s, v) = server.call(Method::GET, "/es/v2/accounts", Some(&old_token), None).await;
    assert_error(s, &v, 401, "not recognised");
    let token = server.token_for("renamedClient001", DEMO_SECRET).await;
    let (s, v) = server.call(Method::GET, "/es/v2/accounts", Some(&token), None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["response"].as_array().unwrap().len(), 2, "the new id has the organization's accounts");
}

#[tokio::test]
async fn rotate_secret_command_prints_a_new_secret_and_revokes_old_tokens() {
    let server = Server::start().await;
    let old_token = server.token_for(DEMO_ID, DEMO_SECRET).await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_madconnect-server"))
        .args(["--db", server.db_path.to_str().unwrap(), "rotate-secret", "--client-id", DEMO_ID])
        .env_remove("MADCONNECT_DEMO_CLIENT_ID")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let secret = stdout.lines().next().unwrap().rsplit(' ').next().unwrap().to_string();
    assert_eq!(secret.len(), 32, "{stdout}");
    // The running server sees the change at once.
    let (s, v) = server.call(Method::GET, "/es/v2/accounts", Some(&old_token), None).await;
    assert_error(s, &v, 401, "not recognised");
    let (s, v) = server.call(Method::POST, TOKEN, None, Some(json!({"clientId": DEMO_ID, "clientSecret": DEMO_SECRET}))).await;
    assert_error(s, &v, 401, "not correct");
    server.token_for(DEMO_ID, &secret).await;

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_madconnect-server"))
        .args(["--db", server.db_path.to_str().unwrap(), "rotate-secret", "--client-id", "nobody"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no client \"nobody\""));
}

async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut buf = Vec::new();
    let closed = tokio::time::timeout(within, stream.read_to_end(&mut buf)).await.is_ok();
    closed.then(|| String::from_utf8_lossy(&buf).to_string())
}

#[tokio::test]
async fn a_half_sent_request_and_an_idle_connection_are_closed_after_the_header_timeout() {
    let server = Server::start_with(|c| c.limits.header_timeout = Duration::from_secs(1)).await;
    let addr = server.base.trim_start_matches("http://").to_string();
    let started = Instant::now();
    let mut half = TcpStream::connect(&addr).await.unwrap();
    half.write_all(b"GET /es/v2/accounts HTTP/1.1\r\nHost: x\r\nX-Slow: ").await.unwrap();
    let mut idle = TcpStream::connect(&addr).await.unwrap();
    assert!(read_until_closed(&mut half, Duration::from_secs(5)).await.is_some(), "half-sent request still open after 5 s");
    assert!(read_until_closed(&mut idle, Duration::from_secs(5)).await.is_some(), "idle connection still open after 5 s");
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
    // A normal request is unaffected.
    let (s, _) = server.call(Method::GET, "/es/v2/connectors/all", Some(&server.token_for(DEMO_ID, DEMO_SECRET).await), None).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_one_closes() {
    let server = Server::start_with(|c| c.limits.max_connections = 2).await;
    let addr = server.base.trim_start_matches("http://").to_string();
    let hog1 = TcpStream::connect(&addr).await.unwrap();
    let hog2 = TcpStream::connect(&addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let http = reqwest::Client::builder().timeout(Duration::from_millis(700)).build().unwrap();
    let url = format!("{}/es/v2/accounts", server.base);
    assert!(http.get(&url).send().await.is_err(), "a third connection is not served while two are held");
    drop(hog1);
    let res = reqwest::Client::new().get(&url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "served once a slot is free");
    drop(hog2);
}

#[tokio::test]
async fn a_request_whose_body_never_arrives_gets_408_in_the_envelope() {
    let server = Server::start_with(|c| c.limits.request_timeout = Duration::from_secs(1)).await;
    let addr = server.base.trim_start_matches("http://").to_string();
    let mut s = TcpStream::connect(&addr).await.unwrap();
    s.write_all(
        b"POST /es/v2/oauth/client-token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"clientId\"",
    )
    .await
    .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf)).await.expect("answered within 5 s").unwrap();
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("\"statusCode\":408"), "{text}");
}

#[tokio::test]
async fn oversize_headers_are_refused_in_the_envelope() {
    let server = Server::start().await;
    let url = format!("{}/es/v2/accounts", server.base);
    let res = server.http.get(&url).header("x-big", "a".repeat(40 * 1024)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    let v: Value = res.json().await.unwrap();
    assert_error(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, &v, 431, "headers are too large");
    let mut req = server.http.get(&url);
    for i in 0..150 {
        req = req.header(format!("x-h{i}"), "1");
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    let v: Value = res.json().await.unwrap();
    assert_error(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, &v, 431, "fields");
}

#[tokio::test]
async fn wildcard_embed_origins_are_refused_at_start() {
    for wildcard in ["https://*", "https://*.evil.example", "https://a.example:*"] {
        let dir = tempfile::tempdir().unwrap();
        let mut c = config(&dir);
        c.embed_origins = vec![wildcard.into()];
        let err = AppState::open(c).err().unwrap_or_else(|| panic!("{wildcard} accepted"));
        assert!(err.contains("wildcard"), "{err}");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_madconnect-server"))
            .args(["--db", dir.path().join("x.db").to_str().unwrap(), "--addr", "127.0.0.1:0", "--embed-origins", wildcard])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--embed-origins") && stderr.contains("wildcard"), "{stderr}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_directory_and_database_files_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut c = Config::new(data.join("madconnect.db"));
    c.demo_credentials = Some(Credentials { client_id: DEMO_ID.into(), client_secret: DEMO_SECRET.into() });
    let server = Server::start_in(dir, c).await;
    server.token_for(DEMO_ID, DEMO_SECRET).await;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    for name in ["madconnect.db", "madconnect.db-wal", "madconnect.db-shm", "madconnect.db.key"] {
        assert_eq!(mode(&data.join(name)), 0o600, "{name}");
    }
}

#[tokio::test]
async fn connection_names_that_hide_what_they_say_are_refused() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let account = demo.account("Brand A").await;
    let (_, list) = demo.get(&format!("/es/v2/connections?accountId={account}&size=1")).await;
    let id = list["response"][0]["id"].as_str().unwrap().to_string();
    for (name, needle) in [("a\u{202E}gpj.exe", "direction"), ("line\nbreak", "control"), ("\u{200B}\u{2060}", "visible")] {
        let (s, v) = demo.put(&format!("/es/v2/connections/{id}?accountId={account}"), Some(json!({"name": name}))).await;
        assert_error(s, &v, 422, "name");
        let msgs = v["response"]["errors"]["name"].to_string();
        assert!(msgs.contains(needle), "{name:?}: {msgs}");
    }
}

#[tokio::test]
async fn names_differing_only_in_non_ascii_case_clash() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let account = demo.account("Brand A").await;
    let (_, list) = demo.get(&format!("/es/v2/connections?accountId={account}&size=2")).await;
    let ids: Vec<String> = list["response"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect();
    let (s, v) = demo.put(&format!("/es/v2/connections/{}?accountId={account}", ids[0]), Some(json!({"name": "Éclair"}))).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = demo.put(&format!("/es/v2/connections/{}?accountId={account}", ids[1]), Some(json!({"name": "éclair"}))).await;
    assert_error(s, &v, 409, "already exists");
    assert!(v["response"]["errors"]["name"].is_array());
}

#[tokio::test]
async fn an_unknown_field_is_reported_under_its_own_name() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let account = demo.account("Brand A").await;
    let (s, v) = demo.post(&format!("/es/v2/connectors?accountId={account}"), json!({"connectorIds": ["x"], "extra": 1})).await;
    assert_error(s, &v, 400, "extra");
    let keys: Vec<&String> = v["response"]["errors"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["extra"]);
}

/// Runs the real binary with a configured secret, makes it fail a sign-in and see secrets in the
/// places a careless log would print them, then reads everything it wrote.
#[tokio::test]
async fn the_request_log_names_requests_but_never_secrets_or_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "CANARY-configured-secret-7f3a9c";
    let (mut child, base) = spawn_binary(|c| {
        c.args(["--db", dir.path().join("m.db").to_str().unwrap()])
            .env("MADCONNECT_DEMO_CLIENT_ID", DEMO_ID)
            .env("MADCONNECT_DEMO_CLIENT_SECRET", secret)
            .env_remove("MADCONNECT_LOG")
            .env_remove("RUST_LOG");
    })
    .await;
    let http = reqwest::Client::new();
    let res = http
        .post(format!("{base}{TOKEN}"))
        .json(&json!({"clientId": DEMO_ID, "clientSecret": "CANARY-wrong-guess-51d2"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = http.post(format!("{base}{TOKEN}")).json(&json!({"clientId": DEMO_ID, "clientSecret": secret})).send().await.unwrap();
    let token = res.json::<Value>().await.unwrap()["response"]["accessToken"].as_str().unwrap().to_string();
    let res = http.get(format!("{base}/es/v2/accounts?access_token=CANARY-query-e88b")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    http.post(format!("{base}/es/v2/oauth/revoke")).json(&json!({"token": token})).send().await.unwrap();

    child.start_kill().unwrap();
    let out = child.wait_with_output().await.unwrap();
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!log.contains("CANARY"), "a secret reached the log:\n{log}");
    assert!(!log.contains(&token), "a token reached the log:\n{log}");
    assert!(log.contains("path=/es/v2/oauth/client-token") && log.contains("status=401"), "the failed sign-in is logged:\n{log}");
    assert!(log.contains(&format!("client={DEMO_ID}")) && log.contains("path=/es/v2/accounts"), "the caller is named:\n{log}");
    assert!(log.contains("latency_ms="), "{log}");
    assert!(log.contains("rotate-secret --client-id <id>"), "the banner names the way back from a lost secret:\n{log}");
}
