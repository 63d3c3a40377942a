//! Custom OAuth connectors over real HTTP against the real binary: discovery at this server's own
//! demo authorization server, the documented states from `auth_required` to `connected` and
//! `disconnected`, the provider preset, the metadata rule, and secrets kept out of every answer,
//! the log and the database file.

mod common;
use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const CLIENT_SECRET: &str = "CANARY-client-secret-7f3a9e";

async fn brand_a(b: &Binary) -> String {
    let (_, v) = b.call(Method::GET, "/es/v2/accounts", None).await;
    v["response"].as_array().unwrap().iter().find(|a| a["name"] == "Brand A").unwrap()["id"].as_str().unwrap().to_string()
}

async fn create(b: &Binary, account: &str, body: Value) -> (StatusCode, Value) {
    b.call(Method::POST, &format!("/es/v2/custom-connectors?accountId={account}"), Some(body)).await
}

async fn get(b: &Binary, account: &str, id: &str) -> Value {
    let (s, v) = b.call(Method::GET, &format!("/es/v2/custom-connectors/{id}?accountId={account}"), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["response"].clone()
}

async fn count(b: &Binary, account: &str) -> u64 {
    let (s, v) = b.call(Method::GET, &format!("/es/v2/custom-connectors?accountId={account}"), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["total"].as_u64().unwrap()
}

#[tokio::test]
async fn discovered_connector_goes_from_auth_required_to_connected_then_disconnected_when_refresh_fails() {
    let b = Binary::start(&[]).await;
    let account = brand_a(&b).await;
    let (s, v) = create(
        &b,
        &account,
        json!({"url": format!("{}/", b.base), "client_id": "acme-ads-client", "client_secret": CLIENT_SECRET,
               "metadata": {"name": "Acme Ads", "team": "growth"}, "match_preset": false}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let c = v["response"].clone();
    let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "auth_request",
            "client_id",
            "created_at",
            "created_by",
            "disconnect_reason",
            "id",
            "match_preset",
            "metadata",
            "state",
            "updated_at",
            "url"
        ]
    );
    assert_eq!(c["state"], "auth_required");
    assert_eq!(c["auth_request"]["type"], "code");
    assert_eq!(c["client_id"], "acme-ads-client");
    assert_eq!(c["created_by"], DEMO_ID);
    assert_eq!(c["disconnect_reason"], Value::Null);
    assert_eq!(c["id"].as_str().unwrap().len(), 36);
    assert!(c["created_at"].as_str().unwrap().ends_with('Z'));
    let id = c["id"].as_str().unwrap().to_string();
    let endpoint = c["auth_request"]["authorization_endpoint"].as_str().unwrap().to_string();
    assert!(endpoint.starts_with(&format!("{}/demo-oauth/authorize?", b.base)), "found by RFC 8414 discovery: {endpoint}");
    assert_eq!(query_of(&endpoint)["client_id"], "acme-ads-client");

    let (consent, _, callback) = b.consent(&endpoint, "allow").await;
    assert!(consent.body.contains("Acme Ads"), "{}", consent.body);
    assert_eq!(callback.data("outcome").as_deref(), Some("authorized"), "{}", callback.body);
    let c = get(&b, &account, &id).await;
    assert_eq!(c["state"], "connected");
    assert_eq!(c["auth_request"], Value::Null);

    let (s, v) = b.call(Method::POST, &format!("/es/v2/custom-connectors/{id}/refresh?accountId={account}"), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"]["state"], "connected", "{v}");

    // The person removes the app at the provider; the next refresh fails.
    let res = b
        .http
        .post(format!("{}/demo-oauth/grants/revoke", b.base))
        .form(&[("client_id", "acme-ads-client"), ("client_secret", CLIENT_SECRET)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["revoked"], 1);
    let (s, v) = b.call(Method::POST, &format!("/es/v2/custom-connectors/{id}/refresh?accountId={account}"), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let c = &v["response"];
    assert_eq!(c["state"], "disconnected", "{v}");
    let reason = c["disconnect_reason"].as_str().unwrap();
    assert!(reason.contains("Refreshing the access failed") && reason.contains("invalid_grant"), "{reason}");
    let (s, v) = b.call(Method::POST, &format!("/es/v2/custom-connectors/{id}/refresh?accountId={account}"), None).await;
    assert_error(s, &v, 409, "not connected");

    // Authorize again, then disconnect with a reason.
    let (s, v) = b
        .call(Method::POST, &format!("/es/v2/custom-connectors/{id}/authorize?accountId={account}"), Some(json!({"return_to": "/custom"})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"]["state"], "auth_required");
    let endpoint = v["response"]["auth_request"]["authorization_endpoint"].as_str().unwrap().to_string();
    let state = query_of(&endpoint)["state"].clone();
    let (_, _, callback) = b.consent(&endpoint, "allow").await;
    assert!(callback.data("return-to").unwrap().starts_with("/custom?oauth=authorized&state="));
    let (s, v) = b
        .call(Method::GET, &format!("/es/v2/custom-connectors/{id}/authorize/status?accountId={account}&state={}", urlencode(&state)), None)
        .await;
    assert_eq!((s, v["response"]["outcome"].as_str()), (StatusCode::OK, Some("authorized")), "{v}");
    assert_eq!(get(&b, &account, &id).await["state"], "connected");
    let (s, v) = b
        .call(
            Method::POST,
            &format!("/es/v2/custom-connectors/{id}/disconnect?accountId={account}"),
            Some(json!({"reason": "Campaign ended"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (v["response"]["state"].as_str(), v["response"]["disconnect_reason"].as_str()),
        (Some("disconnected"), Some("Campaign ended"))
    );

    let (s, v) = b
        .call(Method::PATCH, &format!("/es/v2/custom-connectors/{id}?accountId={account}"), Some(json!({"metadata": {"team": "brand"}})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"]["metadata"], json!({"team": "brand"}));
    assert_eq!(count(&b, &account).await, 1);
    let (s, v) = b.call(Method::GET, &format!("/es/v2/custom-connectors?accountId={account}&size=1&offset=0"), None).await;
    assert_eq!((s, v["response"].as_array().unwrap().len()), (StatusCode::OK, 1));
    let (s, v) = b.call(Method::DELETE, &format!("/es/v2/custom-connectors/{id}?accountId={account}"), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = b.call(Method::GET, &format!("/es/v2/custom-connectors/{id}?accountId={account}"), None).await;
    assert_error(s, &v, 404, &id);

    let seen = b.seen();
    let (log, db) = b.stop().await;
    for secret in [CLIENT_SECRET, "demo_at_", "demo_rt_"] {
        assert!(!seen.contains(secret), "{secret} came back in a response");
        assert!(!log.contains(secret), "{secret} reached the log:\n{log}");
        assert!(!db.windows(secret.len()).any(|w| w == secret.as_bytes()), "{secret} is stored in clear");
    }
}

#[tokio::test]
async fn a_known_provider_host_uses_its_preset_and_an_unknown_one_stays_created() {
    let b = Binary::start(&[]).await;
    let account = brand_a(&b).await;
    let (s, v) = create(&b, &account, json!({"url": "https://business.facebook.com/settings", "metadata": {}})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"]["state"], "auth_required", "{v}");
    assert_eq!(v["response"]["match_preset"], true, "match_preset defaults to true");
    let endpoint = v["response"]["auth_request"]["authorization_endpoint"].as_str().unwrap();
    assert!(endpoint.starts_with(&format!("{}/demo-oauth/authorize?", b.base)), "the demo server stands in for Meta: {endpoint}");
    let q = query_of(endpoint);
    assert!(q["scope"].contains("ads_management") && q["client_id"].starts_with("demo-"), "{q:?}");

    // Nothing answers discovery at port 1.
    let (s, v) = create(&b, &account, json!({"url": "http://127.0.0.1:1/app", "client_id": "x", "match_preset": true})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let c = &v["response"];
    assert_eq!(c["state"], "created");
    assert_eq!(c["auth_request"], Value::Null);
    assert!(c["disconnect_reason"].as_str().unwrap().contains("No authorization server answered"), "{c}");
    let id = c["id"].as_str().unwrap();
    let (s, v) = b.call(Method::POST, &format!("/es/v2/custom-connectors/{id}/authorize?accountId={account}"), None).await;
    assert_error(s, &v, 422, "cannot be authorized");
}

#[tokio::test]
async fn metadata_limits_name_the_key_at_fault_and_store_nothing() {
    let b = Binary::start(&[]).await;
    let account = brand_a(&b).await;
    let url = "http://127.0.0.1:1/";
    let seventeen: serde_json::Map<String, Value> = (0..17).map(|i| (format!("k{i}"), json!("v"))).collect();
    let (s, v) = create(&b, &account, json!({"url": url, "metadata": seventeen})).await;
    assert_error(s, &v, 422, "metadata");
    assert!(v["statusMessage"].as_str().unwrap().contains("16"), "{v}");
    let long_key = "k".repeat(65);
    let (s, v) = create(&b, &account, json!({"url": url, "metadata": {long_key.clone(): "v"}})).await;
    assert_error(s, &v, 422, &long_key);
    let (s, v) = create(&b, &account, json!({"url": url, "metadata": {"campaign": "x".repeat(513)}})).await;
    assert_error(s, &v, 422, "campaign");
    assert!(v["response"]["errors"]["metadata.campaign"].is_array(), "{v}");
    let (s, v) = create(&b, &account, json!({"url": "ftp://files.example/"})).await;
    assert_error(s, &v, 422, "url");
    let (s, v) = create(&b, &account, json!({"client_id": "x"})).await;
    assert_error(s, &v, 400, "url");
    let (s, v) = create(&b, &account, json!({"url": url, "client_secret": "s"})).await;
    assert_error(s, &v, 422, "client_id");
    assert_eq!(count(&b, &account).await, 0, "a rejected request stores nothing");

    let (s, v) = create(&b, &account, json!({"url": url, "metadata": {"team": "growth"}})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let id = v["response"]["id"].as_str().unwrap().to_string();
    let (s, v) =
        b.call(Method::PATCH, &format!("/es/v2/custom-connectors/{id}?accountId={account}"), Some(json!({"metadata": seventeen}))).await;
    assert_error(s, &v, 422, "metadata");
    assert_eq!(get(&b, &account, &id).await["metadata"], json!({"team": "growth"}), "a rejected update changes nothing");
}

#[tokio::test]
async fn custom_connectors_belong_to_their_sub_account() {
    let b = Binary::start(&[]).await;
    let account = brand_a(&b).await;
    let (_, v) = create(&b, &account, json!({"url": "http://127.0.0.1:1/"})).await;
    let id = v["response"]["id"].as_str().unwrap().to_string();
    let (_, v) = b.call(Method::GET, "/es/v2/accounts", None).await;
    let brand_b = v["response"].as_array().unwrap().iter().find(|a| a["name"] == "Brand B").unwrap()["id"].as_str().unwrap().to_string();
    let (s, v) = b.call(Method::GET, &format!("/es/v2/custom-connectors/{id}?accountId={brand_b}"), None).await;
    assert_error(s, &v, 404, &id);
    let (s, v) = b.call(Method::GET, "/es/v2/custom-connectors", None).await;
    assert_error(s, &v, 400, "accountId");
}

#[tokio::test]
async fn a_connected_custom_connector_is_a_destination_any_source_can_feed() {
    let b = Binary::start(&[]).await;
    let account = brand_a(&b).await;
    let (_, v) = b.call(Method::GET, "/es/v2/connectors/all?size=1", None).await;
    let catalog_total = v["total"].as_u64().unwrap();
    let (_, v) = create(
        &b,
        &account,
        json!({"url": format!("{}/", b.base), "client_id": "acme", "client_secret": "s", "metadata": {"name": "Acme Ads"}}),
    )
    .await;
    let id = v["response"]["id"].as_str().unwrap().to_string();
    let endpoint = v["response"]["auth_request"]["authorization_endpoint"].as_str().unwrap().to_string();
    let body = |dest: &str| {
        json!({"name": "S3 to Acme", "srcConnectorId": "", "destConnectorId": dest,
               "srcConnectionConfig": storage_source_config(), "destConnectionConfig": {}})
    };
    let (_, v) = b.call(Method::GET, &format!("/es/v2/connectors?accountId={account}&size=100"), None).await;
    let s3 =
        v["response"].as_array().unwrap().iter().find(|c| c["name"] == "Amazon S3").unwrap()["connectorId"].as_str().unwrap().to_string();
    let mut new = body(&id);
    new["srcConnectorId"] = json!(s3);
    let (s, v) = b.call(Method::POST, &format!("/es/v2/connections?accountId={account}"), Some(new.clone())).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "not usable before it is connected: {v}");

    b.consent(&endpoint, "allow").await;
    let (_, v) = b.call(Method::GET, &format!("/es/v2/connectors?accountId={account}&size=100"), None).await;
    let mine = v["response"].as_array().unwrap().iter().find(|c| c["connectorId"] == id.as_str()).expect("listed as added").clone();
    assert_eq!(
        (mine["name"].as_str(), mine["supportedType"].as_str(), mine["configured"].as_bool()),
        (Some("Acme Ads"), Some("Destination"), Some(true))
    );
    let (s, v) = b.call(Method::GET, &format!("/es/v2/connectors/supported/{id}/destination?accountId={account}"), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let sources = v["response"].as_array().unwrap();
    assert!(sources.iter().any(|c| c["connectorId"] == s3.as_str()) && sources.iter().all(|c| c["supportedType"] == "Source"));
    let (s, v) = b.call(Method::GET, &format!("/es/v2/connectors/supported/{s3}/source?accountId={account}&size=100"), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["response"].as_array().unwrap().iter().any(|c| c["connectorId"] == id.as_str()), "the source lists it as a counterpart");
    let (_, v) = b.call(Method::GET, "/es/v2/connectors/all?size=1", None).await;
    assert_eq!(v["total"].as_u64().unwrap(), catalog_total, "the catalog is the same for everyone");

    let (s, v) = b.call(Method::POST, &format!("/es/v2/connections?accountId={account}"), Some(new)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"]["dest"]["connectorName"], "Acme Ads", "{v}");
    let (s, v) = b.call(Method::DELETE, &format!("/es/v2/custom-connectors/{id}?accountId={account}"), None).await;
    assert_error(s, &v, 409, "S3 to Acme");

    // Another sub-account sees none of it.
    let (_, v) = b.call(Method::GET, "/es/v2/accounts", None).await;
    let brand_b = v["response"].as_array().unwrap().iter().find(|a| a["name"] == "Brand B").unwrap()["id"].as_str().unwrap().to_string();
    let (s, v) = b.call(Method::GET, &format!("/es/v2/connectors/{id}?accountId={brand_b}"), None).await;
    assert_error(s, &v, 404, &id);
    let (_, v) = b.call(Method::GET, &format!("/es/v2/connectors/supported/{s3}/source?accountId={brand_b}&size=100"), None).await;
    assert!(!v["response"].as_array().unwrap().iter().any(|c| c["connectorId"] == id.as_str()));
}

#[tokio::test]
async fn pages_escape_what_callers_and_providers_send() {
    let b = Binary::start(&[]).await;
    let account = brand_a(&b).await;
    let evil = "<img src=x onerror=alert(1)>";
    let (_, v) = create(
        &b,
        &account,
        json!({"url": format!("{}/", b.base), "client_id": "esc-client", "client_secret": "s", "metadata": {"name": evil}}),
    )
    .await;
    let endpoint = v["response"]["auth_request"]["authorization_endpoint"].as_str().unwrap().to_string();
    let consent = b.browse(&endpoint).await;
    assert_eq!(consent.status, StatusCode::OK);
    assert!(consent.body.contains("&lt;img src=x onerror=alert(1)&gt;") && !consent.body.contains(evil), "{}", consent.body);

    let page = b.browse(&format!("{}/oauth/callback?state=%3Cscript%3Ealert(1)%3C%2Fscript%3E&code=abc", b.base)).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.data("outcome").as_deref(), Some("error"));
    assert!(page.data("reason").unwrap().contains("not known"), "{}", page.body);
    assert!(!page.body.contains("<script>alert(1)"), "{}", page.body);
    assert!(page.csp.as_deref().unwrap().contains("script-src 'self'"));
}
