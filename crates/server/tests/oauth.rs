//! OAuth for catalog connectors against the built-in demo authorization server, over real HTTP
//! against the real binary: the consent page driven as a browser would, the callback, deny,
//! replayed and expired states, PKCE, refresh and revocation at the token endpoints.

mod common;
use base64::Engine;
use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const META: &str = "Meta Custom Audiences";

/// Brand B (which has not configured it) with Meta Custom Audiences added: (account id, connector id).
async fn meta_added(b: &Binary) -> (String, String) {
    let (_, v) = b.call(Method::GET, "/es/v2/accounts", None).await;
    let account = v["response"].as_array().unwrap().iter().find(|a| a["name"] == "Brand B").unwrap()["id"].as_str().unwrap().to_string();
    let (s, v) = b.call(Method::GET, &format!("/es/v2/connectors/all?authType=oauth2&size=100&q={}", urlencode(META)), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let connector =
        v["response"].as_array().unwrap().iter().find(|c| c["name"] == META).unwrap()["connectorId"].as_str().unwrap().to_string();
    let (s, v) = b.call(Method::POST, &format!("/es/v2/connectors?accountId={account}"), Some(json!({"connectorIds": [connector]}))).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    (account, connector)
}

/// Starts an authorization: (state, authorization endpoint).
async fn start(b: &Binary, account: &str, connector: &str, body: Option<Value>) -> (String, String) {
    let (s, v) = b.call(Method::POST, &format!("/es/v2/connectors/authorize/{connector}?accountId={account}"), body).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["statusCode"], 0);
    assert_eq!(v["response"]["authRequest"]["type"], "code");
    let state = v["response"]["state"].as_str().unwrap().to_string();
    (state, v["response"]["authRequest"]["authorizationEndpoint"].as_str().unwrap().to_string())
}

async fn status(b: &Binary, account: &str, connector: &str, state: &str) -> Value {
    let (s, v) = b
        .call(Method::GET, &format!("/es/v2/connectors/authorize/{connector}/status?accountId={account}&state={}", urlencode(state)), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["response"].clone()
}

async fn configured(b: &Binary, account: &str, connector: &str) -> bool {
    let (s, v) = b.call(Method::GET, &format!("/es/v2/connectors/configuration/{connector}?accountId={account}"), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["response"]["secretConfig"]["configured"].as_bool().unwrap()
}

fn assert_no_inline_script(page: &Page) {
    let csp = page.csp.as_deref().expect("HTML carries the CSP");
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    for tag in page.body.split("<script").skip(1) {
        assert!(tag.trim_start().starts_with("src="), "only scripts loaded from the server: {}", page.body);
    }
}

#[tokio::test]
async fn catalog_lists_how_each_connector_authenticates_and_filters_by_it() {
    let b = Binary::start(&[]).await;
    let (s, v) = b.call(Method::GET, &format!("/es/v2/connectors/all?size=100&q={}", urlencode(META)), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let meta = v["response"].as_array().unwrap().iter().find(|c| c["name"] == META).unwrap().clone();
    assert_eq!(meta["authType"], "oauth2");
    assert_eq!(meta["releaseStatus"], "live");
    let scopes = meta["oauthScopes"].as_array().unwrap();
    assert!(scopes.iter().any(|s| s["id"] == "ads_management" && s["default"] == true && s["label"].is_string()), "{meta}");
    let (_, v) = b.call(Method::GET, "/es/v2/connectors/all?authType=basic&size=100", None).await;
    let basic = v["response"].as_array().unwrap();
    assert!(!basic.is_empty() && basic.iter().all(|c| c["authType"] == "basic"), "{v}");
    assert!(basic.iter().any(|c| c["name"] == "Snowflake"));
    let (_, v) = b.call(Method::GET, "/es/v2/connectors/all?size=100", None).await;
    assert!(v["response"].as_array().unwrap().iter().any(|c| c["releaseStatus"] == "beta"));
    let (s, v) = b.call(Method::GET, "/es/v2/connectors/all?authType=password", None).await;
    assert_error(s, &v, 400, "authType");
}

#[tokio::test]
async fn allow_configures_the_connector_and_tells_the_console_window() {
    let b = Binary::start(&[]).await;
    let (account, connector) = meta_added(&b).await;
    assert!(!configured(&b, &account, &connector).await);
    let (state, endpoint) = start(&b, &account, &connector, Some(json!({"returnTo": "/connectors?tab=mine"}))).await;
    assert!(endpoint.starts_with(&format!("{}/demo-oauth/authorize?", b.base)), "{endpoint}");
    let q = query_of(&endpoint);
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], format!("demo-{connector}"));
    assert_eq!(q["redirect_uri"], format!("{}/oauth/callback", b.base));
    assert_eq!(q["state"], state);
    assert_eq!(q["code_challenge_method"], "S256");
    assert!(q["code_challenge"].len() >= 43);
    assert_eq!(q["scope"], "ads_management ads_read", "the default scopes");
    assert_eq!(status(&b, &account, &connector, &state).await["outcome"], "pending");

    let (consent, redirect, callback) = b.consent(&endpoint, "allow").await;
    assert!(consent.body.contains(META) && consent.body.contains("ads_management"), "{}", consent.body);
    assert!(consent.body.contains("Demo authorization server"));
    assert_no_inline_script(&consent);
    let code = query_of(redirect.location.as_deref().unwrap())["code"].clone();

    assert_eq!(callback.status, StatusCode::OK, "{}", callback.body);
    assert_eq!(callback.data("outcome").as_deref(), Some("authorized"));
    assert_eq!(callback.data("state").as_deref(), Some(state.as_str()));
    assert_eq!(callback.data("origin").as_deref(), Some(b.base.as_str()), "postMessage targets the console's own origin");
    let back = callback.data("return-to").unwrap();
    assert!(back.starts_with("/connectors?tab=mine&oauth=authorized&state="), "{back}");
    assert!(callback.body.contains("<script src=\"/oauth/callback.js\"></script>"));
    assert_no_inline_script(&callback);
    let script = b.browse(&format!("{}/oauth/callback.js", b.base)).await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(script.body.contains("madconnect.oauth") && script.body.contains("postMessage(msg, d.origin)"));

    let s = status(&b, &account, &connector, &state).await;
    assert_eq!(s["outcome"], "authorized", "{s}");
    assert_eq!(s["replayed"], false);
    assert!(configured(&b, &account, &connector).await);
    let (_, v) = b.call(Method::GET, &format!("/es/v2/connectors?accountId={account}"), None).await;
    assert_eq!(v["response"].as_array().unwrap().iter().find(|c| c["connectorId"] == connector.as_str()).unwrap()["configured"], true);

    // The provider's answer again (a replay) is refused and recorded; the grant stands.
    let replay = b.browse(redirect.location.as_deref().unwrap()).await;
    assert_eq!(replay.status, StatusCode::BAD_REQUEST);
    assert_eq!(replay.data("outcome").as_deref(), Some("error"));
    assert!(replay.data("reason").unwrap().contains("already completed"), "{}", replay.body);
    let s = status(&b, &account, &connector, &state).await;
    assert_eq!((s["outcome"].as_str(), s["replayed"].as_bool()), (Some("authorized"), Some(true)), "{s}");

    // Removing the connector lets go of its grant.
    let grants = || {
        let c = rusqlite::Connection::open(b.dir.path().join("m.db")).unwrap();
        c.query_row("SELECT COUNT(*) FROM oauth_grants", [], |r| r.get::<_, i64>(0)).unwrap()
    };
    assert_eq!(grants(), 1);
    let (s, v) = b.call(Method::DELETE, &format!("/es/v2/connectors/{connector}?accountId={account}"), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(grants(), 0);

    let seen = b.seen();
    let (log, db) = b.stop().await;
    for secret in ["demo_at_", "demo_rt_", code.as_str()] {
        assert!(!log.contains(secret), "{secret} reached the log:\n{log}");
        assert!(!db.windows(secret.len()).any(|w| w == secret.as_bytes()), "{secret} is stored in clear");
    }
    for token in ["demo_at_", "demo_rt_"] {
        assert!(!seen.contains(token), "a token came back in a response");
    }
}

#[tokio::test]
async fn deny_is_recorded_and_leaves_the_connector_unconfigured() {
    let b = Binary::start(&[]).await;
    let (account, connector) = meta_added(&b).await;
    let (state, endpoint) = start(&b, &account, &connector, Some(json!({"scopes": ["ads_read"]}))).await;
    assert_eq!(query_of(&endpoint)["scope"], "ads_read");
    let (_, redirect, callback) = b.consent(&endpoint, "deny").await;
    assert_eq!(query_of(redirect.location.as_deref().unwrap())["error"], "access_denied");
    assert_eq!(callback.data("outcome").as_deref(), Some("denied"));
    assert_eq!(callback.data("return-to").as_deref(), Some(""), "no returnTo was given");
    let s = status(&b, &account, &connector, &state).await;
    assert_eq!(s["outcome"], "denied");
    assert!(s["reason"].as_str().unwrap().contains("denied"), "{s}");
    assert!(!configured(&b, &account, &connector).await);
}

#[tokio::test]
async fn bad_starts_name_the_field_and_store_nothing() {
    let b = Binary::start(&[]).await;
    let (account, connector) = meta_added(&b).await;
    let path = format!("/es/v2/connectors/authorize/{connector}?accountId={account}");
    let (s, v) = b.call(Method::POST, &path, Some(json!({"scopes": ["everything"]}))).await;
    assert_error(s, &v, 422, "everything");
    assert!(v["response"]["errors"]["scopes"].is_array());
    let (s, v) = b.call(Method::POST, &path, Some(json!({"returnTo": "https://evil.example/"}))).await;
    assert_error(s, &v, 422, "returnTo");
    let (_, v) = b.call(Method::GET, "/es/v2/connectors/all?authType=basic&size=1", None).await;
    let sftp = v["response"][0]["connectorId"].as_str().unwrap().to_string();
    b.call(Method::POST, &format!("/es/v2/connectors?accountId={account}"), Some(json!({"connectorIds": [sftp]}))).await;
    let (s, v) = b.call(Method::POST, &format!("/es/v2/connectors/authorize/{sftp}?accountId={account}"), None).await;
    assert_error(s, &v, 422, "not OAuth");
    let (s, v) = b.call(Method::POST, &format!("/es/v2/connectors/authorize/{connector}"), None).await;
    assert_error(s, &v, 400, "accountId");
    let (s, v) = b.call(Method::GET, &format!("/es/v2/connectors/authorize/{connector}/status?accountId={account}&state=nope"), None).await;
    assert_error(s, &v, 404, "state");
}

#[tokio::test]
async fn an_expired_state_ends_in_a_recorded_error() {
    let b = Binary::start(&["--oauth-state-ttl", "1"]).await;
    let (account, connector) = meta_added(&b).await;
    let (state, endpoint) = start(&b, &account, &connector, None).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let s = status(&b, &account, &connector, &state).await;
    assert_eq!(s["outcome"], "error");
    assert!(s["reason"].as_str().unwrap().contains("not completed within 1 seconds"), "{s}");
    let (_, _, callback) = b.consent(&endpoint, "allow").await;
    assert_eq!(callback.data("outcome").as_deref(), Some("error"));
    assert!(callback.body.contains("not completed within 1 seconds"), "{}", callback.body);
    assert_eq!(status(&b, &account, &connector, &state).await["outcome"], "error");
    assert!(!configured(&b, &account, &connector).await, "an expired authorization configures nothing");
}

fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A code from the demo server for `client_id`, issued for `verifier`'s challenge.
async fn code_for(b: &Binary, client_id: &str, verifier: &str) -> String {
    let url = format!(
        "{}/demo-oauth/authorize?response_type=code&client_id={client_id}&redirect_uri={}&scope=ads_read&state=s1&code_challenge={}&code_challenge_method=S256",
        b.base,
        urlencode(&format!("{}/oauth/callback", b.base)),
        s256(verifier)
    );
    let consent = b.browse(&url).await;
    assert_eq!(consent.status, StatusCode::OK, "{}", consent.body);
    let (action, mut fields) = consent.form();
    fields.push(("decision".into(), "allow".into()));
    let redirect = b.submit(&action, &fields).await;
    let q = query_of(redirect.location.as_deref().unwrap());
    assert_eq!(q["state"], "s1");
    q["code"].clone()
}

async fn token_call(b: &Binary, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let res = b.http.post(format!("{}/demo-oauth/token", b.base)).form(form).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn demo_token_endpoint_checks_pkce_spends_codes_once_and_honours_revocation() {
    let b = Binary::start(&[]).await;
    let (_, connector) = meta_added(&b).await;
    let meta = b.browse(&format!("{}/.well-known/oauth-authorization-server", b.base)).await;
    let meta: Value = serde_json::from_str(&meta.body).unwrap();
    assert_eq!(meta["issuer"], b.base.as_str());
    assert_eq!(meta["authorization_endpoint"], format!("{}/demo-oauth/authorize", b.base));
    assert_eq!(meta["token_endpoint"], format!("{}/demo-oauth/token", b.base));
    assert_eq!(meta["revocation_endpoint"], format!("{}/demo-oauth/revoke", b.base));
    assert_eq!(meta["code_challenge_methods_supported"], json!(["S256"]));
    assert_eq!(meta["response_types_supported"], json!(["code"]));

    let client = format!("demo-{connector}");
    let redirect_uri = format!("{}/oauth/callback", b.base);
    let verifier = "a-verifier-that-is-long-enough-for-pkce-0123456789";
    let code = code_for(&b, &client, verifier).await;
    let exchange = |code: String, verifier: String| {
        let (client, redirect_uri) = (client.clone(), redirect_uri.clone());
        let b = &b;
        async move {
            token_call(
                b,
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("redirect_uri", &redirect_uri),
                    ("client_id", &client),
                    ("code_verifier", &verifier),
                ],
            )
            .await
        }
    };
    let (s, v) = exchange(code.clone(), "the-wrong-verifier-0123456789012345678901234567".into()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["error"], "invalid_grant");
    assert!(v["error_description"].as_str().unwrap().contains("PKCE"), "{v}");
    let (s, v) = exchange(code, verifier.into()).await;
    assert_eq!((s, v["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")), "a code is good for one try: {v}");

    let code = code_for(&b, &client, verifier).await;
    let (s, v) = exchange(code, verifier.into()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["token_type"], "Bearer");
    assert!(v["access_token"].as_str().unwrap().starts_with("demo_at_"));
    let refresh = v["refresh_token"].as_str().unwrap().to_string();
    let (s, v) = token_call(&b, &[("grant_type", "refresh_token"), ("refresh_token", &refresh), ("client_id", &client)]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let refresh = v["refresh_token"].as_str().unwrap().to_string();
    let res = b
        .http
        .post(format!("{}/demo-oauth/revoke", b.base))
        .form(&[("token", refresh.as_str()), ("client_id", &client)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (s, v) = token_call(&b, &[("grant_type", "refresh_token"), ("refresh_token", &refresh), ("client_id", &client)]).await;
    assert_eq!((s, v["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")), "{v}");

    // Plain PKCE is refused back at the client, with the state.
    let url = format!(
        "{}/demo-oauth/authorize?response_type=code&client_id={client}&redirect_uri={}&state=s2&code_challenge={}&code_challenge_method=plain",
        b.base,
        urlencode(&redirect_uri),
        "x".repeat(43)
    );
    let page = b.browse(&url).await;
    let q = query_of(page.location.as_deref().unwrap());
    assert_eq!((q["error"].as_str(), q["state"].as_str()), ("invalid_request", "s2"));
    // An unregistered redirect URI is never redirected to.
    let page = b.browse(&url.replace(&urlencode(&redirect_uri), &urlencode("https://evil.example/cb"))).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.location.is_none());
}
