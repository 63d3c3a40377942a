//! `--docs-only`: the extensions answer as unknown routes, lists carry no `total`, the catalog
//! ignores its filters; the documented endpoints still work.

mod common;

use common::{assert_error, Server, DEMO_ID, DEMO_SECRET};
use reqwest::{Method, StatusCode};

async fn docs_only() -> Server {
    Server::start_with(|c| c.docs_only = true).await
}

#[tokio::test]
async fn extension_endpoints_answer_as_unknown_routes() {
    let server = docs_only().await;
    let demo = server.demo().await;
    let (s, v) = demo.get("/es/v2/accounts").await;
    assert_error(s, &v, 404, "No such endpoint: GET /es/v2/accounts");

    let (s, v) = demo.get("/es/v2/connectors/all?size=1").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v.get("total").is_none(), "lists carry no total: {v}");

    let (s, v) = server.call(Method::POST, "/es/v2/oauth/revoke", None, Some(serde_json::json!({"token": demo.token}))).await;
    assert_error(s, &v, 404, "No such endpoint");
}

#[tokio::test]
async fn connections_lose_deleted_restore_activity_and_totals() {
    let server = docs_only().await;
    let demo = server.demo().await;
    let account = account_id(&server).await;
    let (s, v) = demo.get(&format!("/es/v2/connections?accountId={account}&size=2")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v.get("total").is_none(), "{v}");
    let id = v["response"][0]["id"].as_str().unwrap().to_string();

    let (s, v) = demo.get(&format!("/es/v2/connections?accountId={account}&status=deleted")).await;
    assert_error(s, &v, 404, "No such endpoint");
    let (s, v) = demo.get(&format!("/es/v2/connections/{id}/activity?accountId={account}")).await;
    assert_error(s, &v, 404, "No such endpoint");
    let (s, v) = demo.put(&format!("/es/v2/connections/{id}/status/restore?accountId={account}"), None).await;
    assert_error(s, &v, 404, "No such endpoint");
    // Documented writes answer as the docs show: `"response": {}`; the detail has the change.
    let (s, v) = demo.put(&format!("/es/v2/connections/{id}/status/disable?accountId={account}"), None).await;
    assert!(s == StatusCode::OK || s == StatusCode::CONFLICT, "{v}");
    if s == StatusCode::OK {
        assert_eq!(v["response"], serde_json::json!({}), "{v}");
    }
    let (s, v) = demo.delete(&format!("/es/v2/connections/{id}?accountId={account}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"], serde_json::json!({}), "{v}");
    let (s, v) = demo.get(&format!("/es/v2/connections/{id}?accountId={account}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["response"]["status"], "deleted", "{v}");
}

#[tokio::test]
async fn the_catalog_ignores_its_filter_parameters() {
    let server = docs_only().await;
    let demo = server.demo().await;
    let (_, all) = demo.get("/es/v2/connectors/all?size=100").await;
    let (s, filtered) = demo.get("/es/v2/connectors/all?size=100&supportedType=Destination&platformType=CRM").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(all["response"], filtered["response"], "filters are not applied");
    let (_, searched) = demo.get("/es/v2/connectors/all?size=100&q=salesforce").await;
    assert!(searched["response"].as_array().unwrap().len() < all["response"].as_array().unwrap().len(), "q still searches");
}

/// Brand A's id, read from the database: a docs-only client knows its sub-account ids already.
async fn account_id(docs: &Server) -> String {
    let id: String = docs.sqlite().query_row("SELECT id FROM accounts WHERE name = 'Brand A'", [], |r| r.get(0)).unwrap();
    let (s, v) = docs.call(Method::GET, &format!("/es/v2/accounts/{id}"), Some(&docs.token_for(DEMO_ID, DEMO_SECRET).await), None).await;
    assert_eq!(s, StatusCode::OK, "one sub-account is documented: {v}");
    id
}
