//! Catalog, adding, configuring (secrets sealed), supported counterparts and removal.

mod common;
use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashSet;

fn names(v: &Value) -> Vec<String> {
    v["response"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn catalog_is_realistic_paged_and_covers_every_documented_value() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let (s, v) = demo.get("/es/v2/connectors/all").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["response"].as_array().unwrap().len(), 10, "default size is 10");
    let total = v["total"].as_u64().unwrap();
    assert!(total >= 60, "catalog has {total}");
    let mut all = Vec::new();
    let mut offset = 0;
    while offset < total {
        let (_, page) = demo.get(&format!("/es/v2/connectors/all?size=100&offset={offset}")).await;
        all.extend(page["response"].as_array().unwrap().clone());
        offset += 100;
    }
    assert_eq!(all.len() as u64, total);
    let set = |k: &str| all.iter().map(|c| c[k].as_str().unwrap().to_string()).collect::<HashSet<_>>();
    for p in madconnect_model::PlatformType::ALL {
        assert!(set("platformType").contains(p.as_str()), "no {p}");
    }
    for c in madconnect_model::DataTypeCategory::ALL {
        assert!(set("dataTypeCategory").contains(c.as_str()), "no {c}");
    }
    assert_eq!(set("supportedType"), HashSet::from(["Source".to_string(), "Destination".to_string()]));
    for c in &all {
        assert_eq!(c["connectorId"].as_str().unwrap().len(), 16);
        let logo = c["logo"].as_str().unwrap();
        assert!(logo.starts_with("/logos/") && logo.ends_with(".svg"), "{logo}");
        assert!(!c["description"].as_str().unwrap().is_empty());
        assert!(c["docUrl"].as_str().unwrap().starts_with("https://"));
        assert!(c["transfer"].is_boolean());
    }
    let names: HashSet<String> = all.iter().map(|c| c["name"].as_str().unwrap().to_string()).collect();
    for n in
        ["Meta Custom Audiences", "Google Ads Customer Match", "The Trade Desk", "Amazon S3", "Snowflake", "Salesforce", "LiveRamp RampID"]
    {
        assert!(names.contains(n), "catalog lacks {n}");
    }
    // The logo is served by the server itself.
    let logo = all[0]["logo"].as_str().unwrap();
    let res = server.http.get(format!("{}{logo}", server.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert!(res.text().await.unwrap().starts_with("<svg"));
}

#[tokio::test]
async fn catalog_search_matches_name_description_platform_type_and_data_type_ignoring_case() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let (_, v) = demo.get("/es/v2/connectors/all?q=TRADE%20desk&size=100").await;
    assert!(names(&v).iter().all(|n| n.contains("Trade Desk")), "{:?}", names(&v));
    assert!(v["total"].as_u64().unwrap() >= 3);
    let (_, v) = demo.get("/es/v2/connectors/all?q=hashed%20customer&size=100").await;
    assert!(names(&v).contains(&"Meta Custom Audiences".to_string()), "description match");
    let (_, v) = demo.get("/es/v2/connectors/all?q=supply-side&size=100").await;
    assert!(names(&v).contains(&"Magnite".to_string()), "platformType match");
    let (_, v) = demo.get("/es/v2/connectors/all?q=GEO%20EVENTS&size=100").await;
    assert_eq!(names(&v), ["Foursquare Places"], "dataType match");
    let (_, v) = demo.get("/es/v2/connectors/all?q=zzzz-nothing").await;
    assert_eq!(v["total"], 0);
    assert_eq!(v["response"], json!([]));
}

#[tokio::test]
async fn catalog_exact_filters_and_bad_filter_values() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let (_, v) = demo
        .get("/es/v2/connectors/all?size=100&platformType=Supply-Side%20Platform%20(SSP)&supportedType=destination&dataTypeCategory=audience%20activation")
        .await;
    let items = v["response"].as_array().unwrap();
    assert!(items.len() >= 4);
    assert!(items.iter().all(|c| c["platformType"] == "Supply-Side Platform (SSP)" && c["supportedType"] == "Destination"));
    let (s, v) = demo.get("/es/v2/connectors/all?platformType=Quantum").await;
    assert_error(s, &v, 400, "platformType");
    assert!(v["response"]["errors"]["platformType"].is_array());
}

#[tokio::test]
async fn bad_paging_parameters_get_400_naming_the_parameter() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    for (q, param) in [("size=0", "size"), ("size=101", "size"), ("size=ten", "size"), ("offset=-1", "offset"), ("offset=x", "offset")] {
        for path in ["/es/v2/connectors/all", "/es/v2/connectors", "/es/v2/connections"] {
            let (s, v) = demo.get(&format!("{path}?accountId={a}&{q}")).await;
            assert_error(s, &v, 400, param);
            assert!(v["response"]["errors"][param].is_array(), "{v}");
        }
    }
    let (s, v) = demo.get("/es/v2/connectors/all?size=100&offset=100000").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["response"], json!([]));
}

#[tokio::test]
async fn integrated_reflects_the_sub_account_and_the_catalog_works_without_one() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let meta = demo.connector("Meta Custom Audiences").await;
    let (_, v) = demo.get(&format!("/es/v2/connectors/{meta}?accountId={a}")).await;
    assert_eq!(v["response"]["integrated"], true, "seeded as added to Brand A");
    let (_, v) = demo.get(&format!("/es/v2/connectors/{meta}")).await;
    assert_eq!(v["response"]["integrated"], false, "no account: not integrated");
    assert_eq!(v["response"]["name"], "Meta Custom Audiences");
    let (_, v) = demo.get(&format!("/es/v2/connectors/all?accountId={a}&q=meta%20custom")).await;
    assert_eq!(v["response"][0]["integrated"], true);
    let (s, v) = demo.get("/es/v2/connectors/NoSuchConnector0").await;
    assert_error(s, &v, 404, "NoSuchConnector0");
}

#[tokio::test]
async fn management_endpoints_require_account_id() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let meta = demo.connector("Meta Custom Audiences").await;
    let gets = [
        "/es/v2/connectors".to_string(),
        format!("/es/v2/connectors/supported/{meta}/destination"),
        format!("/es/v2/connectors/configuration/{meta}"),
        "/es/v2/connections".to_string(),
        "/es/v2/connections/abc/activity".to_string(),
    ];
    for p in gets {
        let (s, v) = demo.get(&p).await;
        assert_error(s, &v, 400, "accountId");
        assert!(v["response"]["errors"]["accountId"].is_array());
    }
    let (s, v) = demo.post("/es/v2/connectors", json!({"connectorIds": [meta]})).await;
    assert_error(s, &v, 400, "accountId");
    let (s, v) = demo.post(&format!("/es/v2/connectors/configure/{meta}"), json!({"secretConfig": {}})).await;
    assert_error(s, &v, 400, "accountId");
    let (s, v) = demo.delete(&format!("/es/v2/connectors/{meta}")).await;
    assert_error(s, &v, 400, "accountId");
    let (s, v) = demo.put("/es/v2/connections/abc/status/activate", None).await;
    assert_error(s, &v, 400, "accountId");
}

#[tokio::test]
async fn another_organizations_account_id_is_404_everywhere() {
    let server = Server::start().await;
    let (demo, other) = (server.demo().await, server.other().await);
    let a = demo.account("Brand A").await;
    let meta = demo.connector("Meta Custom Audiences").await;
    for p in [
        format!("/es/v2/connectors?accountId={a}"),
        format!("/es/v2/connectors/all?accountId={a}"),
        format!("/es/v2/connectors/supported/{meta}/destination?accountId={a}"),
        format!("/es/v2/connectors/configuration/{meta}?accountId={a}"),
        format!("/es/v2/connections?accountId={a}"),
    ] {
        let (s, v) = other.get(&p).await;
        assert_error(s, &v, 404, &a);
    }
    let (s, v) = other.post(&format!("/es/v2/connectors?accountId={a}"), json!({"connectorIds": [meta]})).await;
    assert_error(s, &v, 404, &a);
    // Demo's connections are invisible to Other Org even with the right connection id.
    let (_, list) = demo.get(&format!("/es/v2/connections?accountId={a}")).await;
    let cid = list["response"][0]["id"].as_str().unwrap();
    let other_account = other.account("Other Brand").await;
    let (s, v) = other.get(&format!("/es/v2/connections/{cid}?accountId={other_account}")).await;
    assert_error(s, &v, 404, cid);
    let (s, _) = other.put(&format!("/es/v2/connections/{cid}/status/disable?accountId={a}"), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn adding_connectors_is_all_or_none() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let b = demo.account("Brand B").await;
    let tiktok = demo.connector("TikTok Custom Audiences").await;
    let snap = demo.connector("Snapchat Audience Match").await;
    let (_, before) = demo.get(&format!("/es/v2/connectors?accountId={b}&size=100")).await;

    let (s, v) = demo.post(&format!("/es/v2/connectors?accountId={b}"), json!({"connectorIds": [tiktok, "Unknown000000001"]})).await;
    assert_error(s, &v, 404, "Unknown000000001");
    assert!(v["statusMessage"].as_str().unwrap().contains("nothing was added"));
    let (s, v) = demo.post(&format!("/es/v2/connectors?accountId={b}"), json!({"connectorIds": []})).await;
    assert_error(s, &v, 422, "connectorIds");
    let (_, after) = demo.get(&format!("/es/v2/connectors?accountId={b}&size=100")).await;
    assert_eq!(before, after, "a refused add changes nothing");

    let (s, v) = demo.post(&format!("/es/v2/connectors?accountId={b}"), json!({"connectorIds": [tiktok, snap, tiktok]})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"]["connectorIds"].as_array().unwrap().len(), 2);
    let (_, after) = demo.get(&format!("/es/v2/connectors?accountId={b}&size=100")).await;
    assert_eq!(after["total"].as_u64().unwrap(), before["total"].as_u64().unwrap() + 2);
    let added = after["response"].as_array().unwrap().iter().find(|c| c["connectorId"] == tiktok.as_str()).unwrap();
    assert_eq!(added["configured"], false);
    assert_eq!(added["editable"], true);
    assert!(added["env"].is_string());
    // Adding again is harmless.
    let (s, _) = demo.post(&format!("/es/v2/connectors?accountId={b}"), json!({"connectorIds": [tiktok]})).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn added_connectors_report_configured_and_connection_counts() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let (s, v) = demo.get(&format!("/es/v2/connectors?accountId={a}&size=100")).await;
    assert_eq!(s, StatusCode::OK);
    let items = v["response"].as_array().unwrap();
    let s3 = items.iter().find(|c| c["name"] == "Amazon S3").unwrap();
    assert_eq!(s3["configured"], true);
    assert_eq!(s3["srcConnections"], 2, "two live seeded connections read from S3");
    assert_eq!(s3["destConnections"], 0);
    let braze = items.iter().find(|c| c["name"] == "Braze").unwrap();
    assert_eq!(braze["configured"], false, "added but not configured");
    let (_, v) = demo.get(&format!("/es/v2/connectors?accountId={a}&q=amazon")).await;
    assert_eq!(names(&v), ["Amazon S3"]);
}

#[tokio::test]
async fn supported_lists_compatible_counterparts_for_the_role_given() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let s3 = demo.connector("Amazon S3").await;
    let (s, v) = demo.get(&format!("/es/v2/connectors/supported/{s3}/SOURCE?accountId={a}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let items = v["response"].as_array().unwrap();
    assert!(items.len() > 10);
    assert!(items.iter().all(|c| c["supportedType"] == "Destination"));
    let ttd = items.iter().find(|c| c["name"] == "The Trade Desk").unwrap();
    assert_eq!(ttd["configured"], true);
    assert_eq!(ttd["integrated"], true);
    let linkedin = items.iter().find(|c| c["name"] == "LinkedIn Matched Audiences").unwrap();
    assert_eq!(linkedin["integrated"], false);
    assert_eq!(linkedin["configured"], false);

    let meta = demo.connector("Meta Custom Audiences").await;
    let (_, v) = demo.get(&format!("/es/v2/connectors/supported/{meta}/destination?accountId={a}")).await;
    let srcs = names(&v);
    assert!(srcs.contains(&"Salesforce".to_string()) && srcs.contains(&"Amazon S3".to_string()), "{srcs:?}");
    assert!(v["response"].as_array().unwrap().iter().all(|c| c["supportedType"] == "Source"));

    let (s, v) = demo.get(&format!("/es/v2/connectors/supported/{meta}/source?accountId={a}")).await;
    assert_error(s, &v, 422, "Meta Custom Audiences is a Destination connector");
    let (s, v) = demo.get(&format!("/es/v2/connectors/supported/{meta}/sideways?accountId={a}")).await;
    assert_error(s, &v, 400, "sideways");
}

#[tokio::test]
async fn configuration_lists_fields_and_never_returns_passwords() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let meta = demo.connector("Meta Custom Audiences").await;
    let (s, v) = demo.get(&format!("/es/v2/connectors/configuration/{meta}?accountId={a}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let r = &v["response"];
    assert_eq!(r["secretConfig"]["configured"], true);
    assert!(r["secretConfig"]["lastUpdated"].as_i64().unwrap() > 0);
    assert!(!r["secretConfig"]["secretName"].as_str().unwrap().is_empty());
    let fields = r["secretConfig"]["configuration"].as_array().unwrap();
    for f in fields {
        assert_eq!(f["id"], f["name"]);
        if f["type"] == "password" {
            assert_eq!(f["value"], "", "password {} leaked", f["id"]);
        }
    }
    let ad_account = fields.iter().find(|f| f["id"] == "adAccountId").unwrap();
    assert!(!ad_account["value"].as_str().unwrap().is_empty(), "non-secret stored value is shown");
    let version = fields.iter().find(|f| f["id"] == "apiVersion").unwrap();
    assert_eq!(version["readonly"], true);
    let conn_fields = r["connectionConfig"].as_array().unwrap();
    let source = conn_fields.iter().find(|f| f["id"] == "audienceSource").unwrap();
    assert_eq!(source["type"], "select");
    assert!(source["options"].as_array().unwrap().len() >= 2);

    // Not added → 404 naming the connector.
    let pins = demo.connector("Pinterest Audiences").await;
    let b = demo.account("Brand B").await;
    let (s, v) = demo.get(&format!("/es/v2/connectors/configuration/{pins}?accountId={b}")).await;
    assert_error(s, &v, 404, "Pinterest Audiences");
}

#[tokio::test]
async fn configure_validates_with_the_model_and_keeps_a_blank_password() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let b = demo.account("Brand B").await;
    let tiktok = demo.connector("TikTok Custom Audiences").await;
    let path = format!("/es/v2/connectors/configure/{tiktok}?accountId={b}");

    // Must be added first.
    let (s, v) = demo.post(&path, json!({"secretConfig": ad_platform_secrets("s3cr3t-TikTok")})).await;
    assert_error(s, &v, 422, "TikTok Custom Audiences");
    demo.post(&format!("/es/v2/connectors?accountId={b}"), json!({"connectorIds": [tiktok]})).await;

    let (s, v) = demo.post(&path, json!({"secretConfig": {"clientId": "x", "bogus": "1"}})).await;
    assert_error(s, &v, 422, "TikTok Custom Audiences settings are not valid");
    let errors = &v["response"]["errors"];
    assert!(errors["bogus"][0].as_str().unwrap().contains("Unknown field"));
    assert!(errors["clientSecret"][0].as_str().unwrap().contains("required"));
    assert!(errors["adAccountId"].is_array());
    let (_, cfg) = demo.get(&format!("/es/v2/connectors/configuration/{tiktok}?accountId={b}")).await;
    assert_eq!(cfg["response"]["secretConfig"]["configured"], false, "a rejected configure changes nothing");

    // The documented {"name", "configurations"} body works too.
    let (s, v) = demo.post(&path, json!({"name": "TikTok main", "configurations": ad_platform_secrets("s3cr3t-TikTok")})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let config_id = v["response"]["configurationId"].as_str().unwrap().to_string();
    assert_eq!(config_id.len(), 16);
    assert!(!v["response"]["secretName"].as_str().unwrap().is_empty());

    // Re-configure with blank passwords: stored ones are kept, the id stays.
    let mut again = ad_platform_secrets("");
    again["refreshToken"] = json!("");
    again["adAccountId"] = json!("act_99");
    let (s, v) = demo.post(&path, json!({"secretConfig": again})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"]["configurationId"], config_id.as_str());
    let (_, cfg) = demo.get(&format!("/es/v2/connectors/configuration/{tiktok}?accountId={b}")).await;
    let fields = cfg["response"]["secretConfig"]["configuration"].as_array().unwrap();
    assert_eq!(fields.iter().find(|f| f["id"] == "adAccountId").unwrap()["value"], "act_99");
    assert_eq!(fields.iter().find(|f| f["id"] == "clientSecret").unwrap()["value"], "");
    assert!(server.raw_db_bytes().windows(13).all(|w| w != b"s3cr3t-TikTok"));

    // Wrong types and ranges name the field.
    let s3 = demo.connector("Amazon S3").await;
    demo.post(&format!("/es/v2/connectors?accountId={b}"), json!({"connectorIds": [s3]})).await;
    let (s, v) = demo
        .post(
            &format!("/es/v2/connectors/configure/{s3}?accountId={b}"),
            json!({"secretConfig": {"accessKeyId": "A", "secretAccessKey": "x", "region": "mars-1"}}),
        )
        .await;
    assert_error(s, &v, 422, "region");
    assert!(v["response"]["errors"]["region"][0].as_str().unwrap().contains("mars-1"));
}

#[tokio::test]
async fn secrets_are_encrypted_at_rest_and_survive_reconfigure() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let b = demo.account("Brand B").await;
    let snap = demo.connector("Snapchat Audience Match").await;
    let marker = "PLAINTEXT-SECRET-zq8371";
    demo.add_and_configure(&b, &snap, ad_platform_secrets(marker)).await;
    let bytes = server.raw_db_bytes();
    assert!(!bytes.windows(marker.len()).any(|w| w == marker.as_bytes()), "secret stored in clear");
    assert!(bytes.windows(6).any(|w| w == b"act_42"), "sanity: non-secret values are visible to the scan");
    // The key file sits beside the database, private.
    let key = madconnect_server::key_path(&server.db_path);
    assert_eq!(std::fs::read(&key).unwrap().len(), 32);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[tokio::test]
async fn removing_a_connector_in_use_is_refused_naming_the_connection() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let meta = demo.connector("Meta Custom Audiences").await;
    let (s, v) = demo.delete(&format!("/es/v2/connectors/{meta}?accountId={a}")).await;
    assert_error(s, &v, 409, "Salesforce leads to Meta");
    let (_, list) = demo.get(&format!("/es/v2/connectors?accountId={a}&size=100")).await;
    assert!(names(&list).contains(&"Meta Custom Audiences".to_string()), "still added");

    // An unused one goes.
    let gcs = demo.connector("Google Cloud Storage Export").await;
    let (s, v) = demo.delete(&format!("/es/v2/connectors/{gcs}?accountId={a}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, list) = demo.get(&format!("/es/v2/connectors?accountId={a}&size=100")).await;
    assert!(!names(&list).contains(&"Google Cloud Storage Export".to_string()));
    let (s, v) = demo.delete(&format!("/es/v2/connectors/{gcs}?accountId={a}")).await;
    assert_error(s, &v, 404, "Google Cloud Storage Export");
}

#[tokio::test]
async fn malformed_bodies_get_envelopes_and_change_nothing() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let b = demo.account("Brand B").await;
    let path = format!("/es/v2/connectors?accountId={b}");
    let (_, before) = demo.get(&format!("{path}&size=100")).await;
    let t = demo.token.clone();

    let (s, v) = server.raw(Method::POST, &path, &t, "application/json", b"{\"connectorIds\": [".to_vec()).await;
    assert_error(s, &v, 400, "not valid JSON");
    let (s, v) = server.raw(Method::POST, &path, &t, "application/json", br#"{"connectorIds": "abc"}"#.to_vec()).await;
    assert_error(s, &v, 400, "connectorIds");
    assert!(v["response"]["errors"]["connectorIds"].is_array());
    let (s, v) = server.raw(Method::POST, &path, &t, "application/json", br#"{"connectorIds": [], "extra": true}"#.to_vec()).await;
    assert_error(s, &v, 400, "extra");
    let (s, v) = server.raw(Method::POST, &path, &t, "application/json", br#"{}"#.to_vec()).await;
    assert_error(s, &v, 400, "connectorIds");
    let (s, v) = server.raw(Method::POST, &path, &t, "application/json", Vec::new()).await;
    assert_error(s, &v, 400, "required");
    let (s, v) = server.raw(Method::POST, &path, &t, "text/plain", br#"{"connectorIds": []}"#.to_vec()).await;
    assert_error(s, &v, 415, "application/json");
    let big = format!("{{\"connectorIds\": [\"{}\"]}}", "x".repeat(70 * 1024));
    let (s, v) = server.raw(Method::POST, &path, &t, "application/json", big.into_bytes()).await;
    assert_error(s, &v, 413, "too large");

    let (_, after) = demo.get(&format!("{path}&size=100")).await;
    assert_eq!(before, after);
}

#[tokio::test]
async fn catalog_pages_travel_compressed_when_the_client_accepts_it_and_errors_do_not_change() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let url = format!("{}/es/v2/connectors/all?size=100", server.base);
    let plain = server.http.get(&url).bearer_auth(&demo.token).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap();
    assert!(plain.len() > 10_000, "a 100-item page is large: {} bytes", plain.len());
    for encoding in ["gzip", "br"] {
        let res = server.http.get(&url).bearer_auth(&demo.token).header("accept-encoding", encoding).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-encoding"], encoding);
        let wire = res.bytes().await.unwrap();
        assert!(wire.len() * 3 < plain.len(), "{encoding}: {} bytes on the wire for {}", wire.len(), plain.len());
    }
    // A small answer (an error envelope) goes as it is.
    let res = server
        .http
        .get(format!("{}/es/v2/connectors/all?size=0", server.base))
        .bearer_auth(&demo.token)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.headers().get("content-encoding").is_none());
    let v: serde_json::Value = res.json().await.unwrap();
    assert_error(StatusCode::BAD_REQUEST, &v, 400, "size");
}
