//! Serving the console: index.html rewriting, CSP, SPA fallback, logos, the public path prefix
//! and the envelope for unknown endpoints and methods.

mod common;
use base64::Engine;
use common::*;
use reqwest::{Method, StatusCode};
use sha2::{Digest, Sha256};
use std::path::Path;

const INLINE: &str = "import init from '/madconnect-console.js'; init('/madconnect-console_bg.wasm');";

fn write_dist(dir: &Path) -> std::path::PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    std::fs::write(
        dist.join("index.html"),
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n    <meta charset=\"utf-8\" />\n    <base href=\"/\" />\n    <title>MadConnect</title>\n    \
             <link rel=\"stylesheet\" href=\"/app.css\" />\n    <script type=\"module\">{INLINE}</script>\n</head>\n<body></body>\n</html>\n"
        ),
    )
    .unwrap();
    std::fs::write(dist.join("app.css"), "body{margin:0}").unwrap();
    std::fs::write(dist.join("assets/app.js"), "console.log(1)").unwrap();
    dist
}

fn expected_hash() -> String {
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(INLINE.as_bytes())))
}

async fn get(server: &Server, path: &str) -> reqwest::Response {
    server.http.get(format!("{}{path}", server.base)).send().await.unwrap()
}

#[tokio::test]
async fn index_gets_base_config_meta_and_a_csp_with_the_inline_script_hash() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = write_dist(tmp.path());
    let server = Server::start_with(|c| c.static_dir = Some(dist)).await;
    let res = get(&server, "/").await;
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.headers()["referrer-policy"], "no-referrer");
    let html = res.text().await.unwrap();
    assert!(html.contains("<base href=\"/\" />"));
    assert!(
        html.contains(r#"<meta name="mc-config" content="{&quot;embedOrigins&quot;:[],&quot;publicPath&quot;:&quot;/&quot;}" />"#),
        "{html}"
    );
    assert!(html.contains(INLINE), "the script is served byte-for-byte so its hash matches");
    for part in [
        "default-src 'self'",
        &format!("script-src 'self' 'wasm-unsafe-eval' {}", expected_hash()),
        "style-src 'self'",
        "img-src 'self' data: https:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ] {
        assert!(csp.contains(part), "CSP {csp:?} lacks {part:?}");
    }
}

#[tokio::test]
async fn embed_origins_become_frame_ancestors_and_the_config_meta() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = write_dist(tmp.path());
    let server = Server::start_with(|c| {
        c.static_dir = Some(dist);
        c.embed_origins = vec!["https://portal.example.com".into(), "http://localhost:5173".into()];
    })
    .await;
    let res = get(&server, "/connections/abc").await;
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors https://portal.example.com http://localhost:5173;"), "{csp}");
    assert!(res.headers().get("x-frame-options").is_none());
    let html = res.text().await.unwrap();
    assert!(html.contains("&quot;embedOrigins&quot;:[&quot;https://portal.example.com&quot;,&quot;http://localhost:5173&quot;]"));
}

#[tokio::test]
async fn static_files_are_served_and_client_routes_fall_back_to_index() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = write_dist(tmp.path());
    let server = Server::start_with(|c| c.static_dir = Some(dist)).await;
    let res = get(&server, "/app.css").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
    assert_eq!(res.text().await.unwrap(), "body{margin:0}");
    let res = get(&server, "/assets/app.js").await;
    assert_eq!(res.status(), StatusCode::OK);
    for route in ["/marketplace", "/connections/new", "/connectors/abc/setup", "/index.html"] {
        let res = get(&server, route).await;
        assert_eq!(res.status(), StatusCode::OK, "{route}");
        assert!(res.headers().contains_key("content-security-policy"));
        assert!(res.text().await.unwrap().contains("mc-config"), "{route} serves the rewritten index");
    }
    let res = get(&server, "/missing.js").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "a missing asset is not the index");
}

#[tokio::test]
async fn unknown_endpoints_and_methods_get_envelopes() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let (s, v) = demo.get("/es/v2/nothing-here").await;
    assert_error(s, &v, 404, "/es/v2/nothing-here");
    let (s, v) = server.call(Method::PATCH, "/es/v2/connectors/all", Some(&demo.token), None).await;
    assert_error(s, &v, 405, "method");
    let (s, v) = demo.get("/logos/no-such-logo.svg").await;
    assert_error(s, &v, 404, "no-such-logo");
    // Without a console build the root explains itself instead of failing.
    let res = get(&server, "/").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("--static"));
}

#[tokio::test]
async fn a_public_path_prefixes_the_console_the_api_and_logo_urls() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = write_dist(tmp.path());
    let server = Server::start_with(|c| {
        c.static_dir = Some(dist);
        c.public_path = "/console".into();
    })
    .await;
    let res = get(&server, "/console/").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("<base href=\"/console/\" />"), "{html}");
    assert!(html.contains("&quot;publicPath&quot;:&quot;/console/&quot;"));
    let res = get(&server, "/console/marketplace").await;
    assert!(res.text().await.unwrap().contains("mc-config"));
    let res = get(&server, "/console/app.css").await;
    assert_eq!(res.text().await.unwrap(), "body{margin:0}");
    let res = get(&server, "/console").await;
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(res.headers()["location"], "/console/");
    let res = get(&server, "/").await;
    assert!(res.status().is_redirection());

    // The API answers under the prefix (proxy keeps it) and at the root (proxy strips it).
    let token = server.token_for(DEMO_ID, DEMO_SECRET).await;
    let (s, v) = server.call(Method::GET, "/console/es/v2/connectors/all?size=1&q=amazon%20s3", Some(&token), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let logo = v["response"][0]["logo"].as_str().unwrap().to_string();
    assert!(logo.starts_with("/console/logos/"), "{logo}");
    let (s, _) = server.call(Method::GET, "/es/v2/accounts", Some(&token), None).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = server
        .call(
            Method::POST,
            "/console/es/v2/oauth/client-token",
            None,
            Some(serde_json::json!({"clientId": DEMO_ID, "clientSecret": DEMO_SECRET})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let res = get(&server, &logo).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    let res = get(&server, "/marketplace").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "the console lives only under the prefix");
    // Assets referenced from the root (a build without a public URL) are still found.
    let res = get(&server, "/assets/app.js").await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = get(&server, "/favicon.ico").await;
    assert_eq!(res.status(), StatusCode::OK, "browsers ask for the icon at the root");
    let res = get(&server, "/index.html").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "but not the console page itself");
}

#[tokio::test]
async fn synthetic_flags_seed_benchmark_data_quickly() {
    let started = std::time::Instant::now();
    let server = Server::start_with(|c| {
        c.synthetic_connectors = 1000;
        c.synthetic_connections = 2000;
    })
    .await;
    let elapsed = started.elapsed();
    let demo = server.demo().await;
    let (_, v) = demo.get("/es/v2/connectors/all?size=1").await;
    assert!(v["total"].as_u64().unwrap() >= 1060);
    let (_, v) = demo.get("/es/v2/connectors/all?size=100&q=synthetic&platformType=Data%20Provider").await;
    assert!(v["total"].as_u64().unwrap() >= 50, "synthetic connectors vary their platform types");
    let a = demo.account("Brand A").await;
    let (_, v) = demo.get(&format!("/es/v2/connections?accountId={a}&size=100&q=benchmark")).await;
    assert_eq!(v["total"], 2000);
    let (_, v) = demo.get(&format!("/es/v2/connections?accountId={a}&size=100&offset=1900&status=active")).await;
    assert!(v["response"].as_array().is_some());
    assert!(elapsed.as_secs() < 20, "seeding took {elapsed:?}");
}

async fn get_with(server: &Server, path: &str, accept_encoding: &str) -> reqwest::Response {
    server.http.get(format!("{}{path}", server.base)).header("accept-encoding", accept_encoding).send().await.unwrap()
}

#[tokio::test]
async fn assets_are_served_precompressed_by_accept_encoding() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = write_dist(tmp.path());
    std::fs::write(dist.join("app-0123456789abcdef.js"), "console.log('plain')").unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js.br"), b"BROTLI-BYTES").unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js.gz"), b"GZIP-BYTES").unwrap();
    let server = Server::start_with(|c| c.static_dir = Some(dist)).await;

    let res = get_with(&server, "/app-0123456789abcdef.js", "gzip, deflate, br").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(res.headers()["vary"], "accept-encoding");
    assert!(res.headers()["content-type"].to_str().unwrap().contains("javascript"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"BROTLI-BYTES");

    let res = get_with(&server, "/app-0123456789abcdef.js", "gzip").await;
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"GZIP-BYTES");

    let res = get_with(&server, "/app-0123456789abcdef.js", "identity").await;
    assert!(res.headers().get("content-encoding").is_none());
    assert_eq!(res.text().await.unwrap(), "console.log('plain')");
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_everything_else_revalidates() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = write_dist(tmp.path());
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    std::fs::create_dir_all(dist.join("embed")).unwrap();
    std::fs::write(dist.join("embed/madconnect-console.js"), "customElements.define('x', class {})").unwrap();
    let server = Server::start_with(|c| c.static_dir = Some(dist)).await;

    let res = get(&server, "/app-0123456789abcdef_bg.wasm").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
    // A stable name a partner's page refers to must be checked again, or a fix never arrives.
    let res = get(&server, "/embed/madconnect-console.js").await;
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert!(res.headers().contains_key("last-modified"), "so a revalidation can answer 304");
    let res = get(&server, "/app.css").await;
    assert_eq!(res.headers()["cache-control"], "no-cache");
    for path in ["/", "/index.html", "/connections/new"] {
        let res = get(&server, path).await;
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}: it names the current build's assets");
    }
}

#[tokio::test]
async fn index_html_is_compressed_after_its_rewrite() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = write_dist(tmp.path());
    let server = Server::start_with(|c| c.static_dir = Some(dist)).await;
    let plain = get_with(&server, "/marketplace", "identity").await;
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.text().await.unwrap();
    assert!(plain.contains("mc-config"), "the rewritten page");

    let gz = get_with(&server, "/marketplace", "gzip").await;
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert_eq!(gz.headers()["vary"], "accept-encoding");
    let bytes = gz.bytes().await.unwrap();
    let mut out = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(bytes.as_ref()), &mut out).unwrap();
    assert_eq!(out, plain);

    let br = get_with(&server, "/marketplace", "br").await;
    assert_eq!(br.headers()["content-encoding"], "br");
    let bytes = br.bytes().await.unwrap();
    let mut out = String::new();
    std::io::Read::read_to_string(&mut brotli::Decompressor::new(bytes.as_ref(), 4096), &mut out).unwrap();
    assert_eq!(out, plain);
}

#[tokio::test]
async fn a_build_for_an_api_elsewhere_keeps_its_setting_and_may_connect_to_that_origin_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = write_dist(tmp.path());
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap();
    let built =
        index.replace("<base href=\"/\" />", "<base href=\"/\" /><meta name=\"mc-api-base\" content=\"https://api.example.com/v\">");
    std::fs::write(dist.join("index.html"), built).unwrap();
    let server = Server::start_with(|c| c.static_dir = Some(dist)).await;
    let res = get(&server, "/connections").await;
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("connect-src 'self' https://api.example.com;"), "{csp}");
    let html = res.text().await.unwrap();
    assert!(html.contains("<meta name=\"mc-api-base\" content=\"https://api.example.com/v\">"), "the console reads it: {html}");
}
