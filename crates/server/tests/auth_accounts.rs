//! Client-credentials tokens, their expiry, and sub-account visibility across organizations.

mod common;
use common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn client_token_returns_a_bearer_token_with_the_configured_lifetime() {
    let server = Server::start_with(|c| c.token_ttl = 3600).await;
    let (s, v) =
        server.call(Method::POST, "/es/v2/oauth/client-token", None, Some(json!({"clientId": DEMO_ID, "clientSecret": DEMO_SECRET}))).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["statusCode"], 0);
    assert_eq!(v["response"]["tokenType"], "Bearer");
    assert_eq!(v["response"]["expiry"], 3600);
    let token = v["response"]["accessToken"].as_str().unwrap();
    assert!(token.len() >= 32);
    let (s, _) = server.call(Method::GET, "/es/v2/accounts", Some(token), None).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn wrong_secret_unknown_client_and_blank_fields_are_refused() {
    let server = Server::start().await;
    let path = "/es/v2/oauth/client-token";
    let (s, v) = server.call(Method::POST, path, None, Some(json!({"clientId": DEMO_ID, "clientSecret": "nope"}))).await;
    assert_error(s, &v, 401, "not correct");
    let (s, v) = server.call(Method::POST, path, None, Some(json!({"clientId": "nobody", "clientSecret": DEMO_SECRET}))).await;
    assert_error(s, &v, 401, "not correct");
    let (s, v) = server.call(Method::POST, path, None, Some(json!({"clientId": "", "clientSecret": ""}))).await;
    assert_error(s, &v, 400, "clientId");
    assert!(v["response"]["errors"]["clientSecret"].is_array());
    let (s, v) = server.call(Method::POST, path, None, Some(json!({"clientId": DEMO_ID}))).await;
    assert_error(s, &v, 400, "clientSecret");
}

#[tokio::test]
async fn missing_malformed_or_unknown_tokens_get_401_envelopes() {
    let server = Server::start().await;
    let (s, v) = server.call(Method::GET, "/es/v2/accounts", None, None).await;
    assert_error(s, &v, 401, "Missing access token");
    let (s, v) = server.call(Method::GET, "/es/v2/connectors/all", Some("made-up-token"), None).await;
    assert_error(s, &v, 401, "not recognised");
    let res = server.http.get(format!("{}/es/v2/accounts", server.base)).header("authorization", "Basic abc").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn tokens_expire_after_the_ttl() {
    // Expiry is kept in whole seconds, so a 1-second token can lapse at once on a busy machine:
    // 3 seconds leave at least 2 for the first request.
    let server = Server::start_with(|c| c.token_ttl = 3).await;
    let demo = server.demo().await;
    let (s, _) = demo.get("/es/v2/accounts").await;
    assert_eq!(s, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(4100)).await;
    let (s, v) = demo.get("/es/v2/accounts").await;
    assert_error(s, &v, 401, "expired");
    // A fresh token works again.
    let (s, _) = server.demo().await.get("/es/v2/accounts").await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn client_secrets_and_tokens_are_not_stored_in_clear() {
    let server = Server::start().await;
    let token = server.token_for(DEMO_ID, DEMO_SECRET).await;
    let bytes = server.raw_db_bytes();
    let contains = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(contains(DEMO_ID), "sanity: the raw scan sees stored text");
    assert!(!contains(DEMO_SECRET), "client secret stored in clear");
    assert!(!contains(&token), "access token stored in clear");
}

#[tokio::test]
async fn accounts_list_shows_only_the_callers_organization() {
    let server = Server::start().await;
    let (demo, other) = (server.demo().await, server.other().await);
    let (s, v) = demo.get("/es/v2/accounts").await;
    assert_eq!(s, StatusCode::OK);
    let names: Vec<&str> = v["response"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Brand A", "Brand B"]);
    assert_eq!(v["total"], 2);
    let (_, v) = other.get("/es/v2/accounts").await;
    let names: Vec<&str> = v["response"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Other Brand"]);
}

#[tokio::test]
async fn get_account_has_the_documented_shape_and_counts_live_connections() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let id = demo.account("Brand A").await;
    let (s, v) = demo.get(&format!("/es/v2/accounts/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    let a = &v["response"];
    assert_eq!(a["id"], id.as_str());
    assert_eq!(a["name"], "Brand A");
    assert_eq!(id.len(), 16);
    assert!(a["connections"].is_string(), "documented as a string");
    let live: u64 = a["connections"].as_str().unwrap().parse().unwrap();
    let (_, list) = demo.get(&format!("/es/v2/connections?accountId={id}&size=100")).await;
    assert_eq!(list["total"], live);
    for key in ["createdTime", "enabled", "env", "updatedTime", "userId", "userEmail", "volume"] {
        assert!(a.get(key).is_some(), "missing {key}");
    }
    for key in ["host", "id", "name"] {
        assert!(a["env"].get(key).is_some(), "env missing {key}");
    }
}

#[tokio::test]
async fn another_organizations_account_is_not_found() {
    let server = Server::start().await;
    let (demo, other) = (server.demo().await, server.other().await);
    let brand_a = demo.account("Brand A").await;
    let (s, v) = other.get(&format!("/es/v2/accounts/{brand_a}")).await;
    assert_error(s, &v, 404, &brand_a);
    let (s, v) = demo.get("/es/v2/accounts/doesNotExist0000").await;
    assert_error(s, &v, 404, "doesNotExist0000");
}
