//! Gateway mode: requests forwarded unchanged to a real upstream (this server with
//! `docs_only`), and the failure paths against small stand-ins for a foreign upstream that is
//! down, slow, or answers 5xx; an oversize request never leaves; nothing is stored or logged.

mod common;

use axum::http::HeaderMap;
use axum::routing::any;
use common::{assert_error, spawn_binary, Server, DEMO_ID, DEMO_SECRET};
use madconnect_server::gateway::{Gateway, UpstreamConfig};
use madconnect_server::limits::Limits;
use madconnect_server::web::Site;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const TOKEN: &str = "/es/v2/oauth/client-token";

/// A gateway in this process in front of `upstream`; answers until the test ends.
async fn gateway(upstream: &str, response_timeout: Duration) -> String {
    gateway_at(upstream, response_timeout, "/").await
}

async fn gateway_at(upstream: &str, response_timeout: Duration, public_path: &str) -> String {
    let site = Site::new(public_path, vec![], None).unwrap();
    let config = UpstreamConfig { url: upstream.to_string(), connect_timeout: Duration::from_secs(2), response_timeout };
    let limits = Limits::default();
    let gw = Gateway::new(site, &config, &limits).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        madconnect_server::serve::serve(listener, madconnect_server::gateway_app(gw), &limits, std::future::pending()).await.unwrap();
    });
    base
}

/// A stand-in for a foreign upstream: `app` on a free port.
async fn foreign(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

async fn send(req: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}")))
}

#[tokio::test]
async fn requests_reach_the_upstream_unchanged_and_answers_come_back_as_sent() {
    let upstream = Server::start_with(|c| c.docs_only = true).await;
    let gw = gateway(&upstream.base, Duration::from_secs(10)).await;
    let http = reqwest::Client::new();

    // Sign in through the gateway: the secret goes to the upstream's token endpoint.
    let (s, v) = send(http.post(format!("{gw}{TOKEN}")).json(&json!({"clientId": DEMO_ID, "clientSecret": DEMO_SECRET}))).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let token = v["response"]["accessToken"].as_str().unwrap().to_string();

    // The same request both ways gives the same answer.
    let path = "/es/v2/connectors/all?size=5&offset=2&q=a";
    let (s1, via) = send(http.get(format!("{gw}{path}")).bearer_auth(&token)).await;
    let (s2, direct) = send(http.get(format!("{}{path}", upstream.base)).bearer_auth(&token)).await;
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK));
    assert_eq!(via, direct);

    // The upstream's errors pass through as they are: status and envelope.
    let (s, v) = send(http.get(format!("{gw}/es/v2/connectors/all")).bearer_auth("not-a-token")).await;
    assert_error(s, &v, 401, "");
    let (s, v) = send(http.get(format!("{gw}/es/v2/accounts")).bearer_auth(&token)).await;
    assert_error(s, &v, 404, "No such endpoint: GET /es/v2/accounts");

    // A write with a body: the catalog connector is added in the upstream.
    let account: String = upstream.sqlite().query_row("SELECT id FROM accounts WHERE name = 'Brand A'", [], |r| r.get(0)).unwrap();
    let id = via["response"][0]["connectorId"].as_str().unwrap().to_string();
    let (s, v) =
        send(http.post(format!("{gw}/es/v2/connectors?accountId={account}")).bearer_auth(&token).json(&json!({"connectorIds": [id]})))
            .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, added) = send(http.get(format!("{}/es/v2/connectors?accountId={account}&size=100", upstream.base)).bearer_auth(&token)).await;
    assert!(added["response"].as_array().unwrap().iter().any(|c| c["connectorId"] == id.as_str()), "{added}");
}

#[tokio::test]
async fn only_the_request_headers_the_api_needs_are_forwarded_and_hop_by_hop_ones_dropped() {
    let seen: Arc<Mutex<Option<(String, HeaderMap, String)>>> = Arc::default();
    let record = seen.clone();
    let upstream = foreign(axum::Router::new().fallback(any(move |req: axum::extract::Request| {
        let record = record.clone();
        async move {
            let (parts, body) = req.into_parts();
            let body = String::from_utf8(axum::body::to_bytes(body, 1 << 20).await.unwrap().to_vec()).unwrap();
            *record.lock().unwrap() = Some((format!("{} {}", parts.method, parts.uri), parts.headers, body));
            ([("content-type", "application/json"), ("keep-alive", "timeout=5"), ("x-upstream", "yes")], r#"{"statusCode":0}"#)
        }
    })))
    .await;
    let gw = gateway(&upstream, Duration::from_secs(10)).await;
    let res = reqwest::Client::new()
        .put(format!("{gw}/es/v2/connections/C1/status/disable?accountId=A1"))
        .bearer_auth("tok-123")
        .header("content-type", "application/json")
        .header("cookie", "session=console-cookie")
        .body(r#"{"x":1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["x-upstream"], "yes");
    assert!(res.headers().get("keep-alive").is_none(), "hop-by-hop headers stay on their hop");
    let (line, headers, body) = seen.lock().unwrap().take().unwrap();
    assert_eq!(line, "PUT /es/v2/connections/C1/status/disable?accountId=A1");
    assert_eq!(headers["authorization"], "Bearer tok-123");
    assert_eq!(headers["content-type"], "application/json");
    assert!(headers.get("cookie").is_none(), "the console's cookies are not the API's business");
    assert_eq!(body, r#"{"x":1}"#);
}

#[tokio::test]
async fn an_upstream_that_is_down_gives_502_naming_it() {
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let gw = gateway(&closed, Duration::from_secs(10)).await;
    let (s, v) = send(reqwest::Client::new().get(format!("{gw}/es/v2/connectors/all"))).await;
    assert_error(s, &v, 502, &format!("The MadConnect API at {closed} could not be reached"));
}

#[tokio::test]
async fn an_upstream_slower_than_the_timeout_gives_504() {
    let upstream = foreign(axum::Router::new().fallback(any(|| async {
        tokio::time::sleep(Duration::from_secs(60)).await;
        "late"
    })))
    .await;
    let gw = gateway(&upstream, Duration::from_secs(1)).await;
    let (s, v) = send(reqwest::Client::new().get(format!("{gw}/es/v2/connectors/all"))).await;
    assert_error(s, &v, 504, "did not answer within 1 s");
}

#[tokio::test]
async fn upstream_5xx_pages_become_502_and_its_own_envelopes_pass_through() {
    let upstream = foreign(
        axum::Router::new()
            .route(
                "/es/v2/connectors/all",
                any(|| async { (StatusCode::SERVICE_UNAVAILABLE, [("content-type", "text/html")], "<h1>Maintenance</h1>") }),
            )
            .route(
                "/es/v2/connectors",
                any(|| async {
                    (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        [("content-type", "application/json")],
                        r#"{"statusCode":500,"statusMessage":"Upstream broke","response":{}}"#,
                    )
                }),
            ),
    )
    .await;
    let gw = gateway(&upstream, Duration::from_secs(10)).await;
    let http = reqwest::Client::new();
    let (s, v) = send(http.get(format!("{gw}/es/v2/connectors/all"))).await;
    assert_error(s, &v, 502, "answered 503 Service Unavailable");
    let (s, v) = send(http.get(format!("{gw}/es/v2/connectors"))).await;
    assert_error(s, &v, 500, "Upstream broke");
}

#[tokio::test]
async fn an_oversize_request_is_refused_without_reaching_the_upstream() {
    let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    let upstream = foreign(axum::Router::new().fallback(any(move || {
        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async { "{}" }
    })))
    .await;
    let gw = gateway(&upstream, Duration::from_secs(10)).await;
    let big = format!(r#"{{"name":"{}"}}"#, "x".repeat(70 * 1024));
    let (s, v) = send(
        reqwest::Client::new().post(format!("{gw}/es/v2/connections?accountId=A")).header("content-type", "application/json").body(big),
    )
    .await;
    assert_error(s, &v, 413, "the limit is 64 KiB");
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0, "nothing was forwarded");
}

/// Runs the real binary as a gateway in an empty folder with every log on, signs in and calls
/// the API through it, then checks it wrote no file and logged no token, secret or body.
#[tokio::test]
async fn the_gateway_stores_nothing_and_logs_no_authorization() {
    let upstream = Server::start_with(|c| c.docs_only = true).await;
    let dir = tempfile::tempdir().unwrap();
    let (mut child, base) = spawn_binary(|c| {
        c.current_dir(dir.path())
            .args(["--upstream", &upstream.base])
            .env("RUST_LOG", "trace")
            .env_remove("MADCONNECT_LOG")
            .env_remove("MADCONNECT_DB");
    })
    .await;
    let http = reqwest::Client::new();
    let (s, v) = send(http.post(format!("{base}{TOKEN}")).json(&json!({"clientId": DEMO_ID, "clientSecret": DEMO_SECRET}))).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let token = v["response"]["accessToken"].as_str().unwrap().to_string();
    let (s, _) = send(http.get(format!("{base}/es/v2/connectors/all?size=3")).bearer_auth(&token)).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = send(http.get(format!("{base}/es/v2/connectors/all")).bearer_auth("CANARY-refused-token")).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    child.start_kill().unwrap();
    let out = child.wait_with_output().await.unwrap();
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(log.contains("forwarded to"), "the banner names the upstream:\n{log}");
    assert!(log.contains("path=/es/v2/connectors/all"), "requests are logged:\n{log}");
    for leak in [token.as_str(), "CANARY", DEMO_SECRET, "authorization", "Authorization", "Bearer"] {
        assert!(!log.contains(leak), "{leak:?} reached the log:\n{log}");
    }
    let written: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(written.is_empty(), "the gateway wrote {written:?}");
}

#[tokio::test]
async fn under_a_public_path_the_api_is_forwarded_without_the_prefix() {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let record = seen.clone();
    let upstream = foreign(axum::Router::new().fallback(any(move |uri: axum::http::Uri| {
        let record = record.clone();
        async move {
            record.lock().unwrap().push(uri.to_string());
            ([("content-type", "application/json")], r#"{"statusCode":0,"statusMessage":"OK","response":[]}"#)
        }
    })))
    .await;
    let gw = gateway_at(&upstream, Duration::from_secs(10), "/integrations/").await;
    let http = reqwest::Client::new();
    for path in ["/integrations/es/v2/connectors/all?size=1", "/es/v2/connectors/all?size=1"] {
        let (s, v) = send(http.get(format!("{gw}{path}"))).await;
        assert_eq!(s, StatusCode::OK, "{path}: {v}");
    }
    assert_eq!(*seen.lock().unwrap(), ["/es/v2/connectors/all?size=1", "/es/v2/connectors/all?size=1"]);
    let res = http.get(format!("{gw}/integrations/connections")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "console routes are served under the prefix");
    assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("connect-src 'self';"));
}
