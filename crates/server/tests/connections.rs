//! Connections: creation rules, listing and search, updates, status actions, soft delete and
//! restore, the activity log, and durability across a restart.

mod common;
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Brand B with Amazon S3 (source) and LinkedIn Matched Audiences (destination) configured.
async fn brand_b_pair(demo: &Client<'_>) -> (String, String, String) {
    let b = demo.account("Brand B").await;
    let s3 = demo.connector("Amazon S3").await;
    let li = demo.connector("LinkedIn Matched Audiences").await;
    demo.add_and_configure(&b, &s3, aws_secrets()).await;
    demo.add_and_configure(&b, &li, ad_platform_secrets("li-secret")).await;
    (b, s3, li)
}

fn new_connection(name: &str, src: &str, dest: &str) -> Value {
    json!({"name": name, "srcConnectorId": src, "destConnectorId": dest,
           "srcConfigurationId": null, "destConfigurationId": null,
           "srcConnectionConfig": storage_source_config(), "destConnectionConfig": audience_dest_config()})
}

async fn create(demo: &Client<'_>, account: &str, body: Value) -> (StatusCode, Value) {
    demo.post(&format!("/es/v2/connections?accountId={account}"), body).await
}

#[tokio::test]
async fn creating_a_connection_returns_it_in_progress() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let (b, s3, li) = brand_b_pair(&demo).await;
    let (s, v) = create(&demo, &b, new_connection("S3 to LinkedIn", &s3, &li)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let c = &v["response"];
    assert_eq!(c["status"], "In-progress");
    assert_eq!(c["name"], "S3 to LinkedIn");
    assert_eq!(c["id"].as_str().unwrap().len(), 16);
    assert_eq!(c["accountId"], b.as_str());
    assert_eq!(c["src"]["connectorName"], "Amazon S3");
    assert_eq!(c["dest"]["connectorId"], li.as_str());
    assert_eq!(c["dest"]["configured"], true);
    assert_eq!(c["deleted"], false);
    assert_eq!(c["enabled"], false);
    assert_eq!(c["srcConnectionConfig"]["bucketURI"], "s3://bucket/path/");
    assert_eq!(c["destConnectionConfig"]["membershipDays"], 30);
    let (_, list) = demo.get(&format!("/es/v2/connections?accountId={b}&q=linkedin")).await;
    assert_eq!(list["response"][0]["id"], c["id"]);
    // The connector counts follow.
    let (_, added) = demo.get(&format!("/es/v2/connectors?accountId={b}&q=amazon%20s3")).await;
    assert_eq!(added["response"][0]["srcConnections"], 1);
}

#[tokio::test]
async fn each_creation_rule_is_a_422_that_says_which_rule() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let (b, s3, li) = brand_b_pair(&demo).await;
    let (_, before) = demo.get(&format!("/es/v2/connections?accountId={b}&size=100")).await;

    // Destination as source.
    let (s, v) = create(&demo, &b, new_connection("x", &li, &s3)).await;
    assert_error(s, &v, 422, "cannot be the source");
    assert!(v["response"]["errors"]["srcConnectorId"].is_array());
    // Not added.
    let pins = demo.connector("Pinterest Audiences").await;
    let (s, v) = create(&demo, &b, new_connection("x", &s3, &pins)).await;
    assert_error(s, &v, 422, "Pinterest Audiences is not added to Brand B");
    // Added but not configured.
    demo.post(&format!("/es/v2/connectors?accountId={b}"), json!({"connectorIds": [pins]})).await;
    let (s, v) = create(&demo, &b, new_connection("x", &s3, &pins)).await;
    assert_error(s, &v, 422, "not configured");
    // Not a compatible pair (reporting source → audience destination).
    let rep = demo.connector("Meta Ads Insights").await;
    demo.add_and_configure(&b, &rep, ad_platform_secrets("m")).await;
    let (s, v) = create(&demo, &b, new_connection("x", &rep, &li)).await;
    assert_error(s, &v, 422, "not a compatible pair");
    // Unknown connector.
    let (s, v) = create(&demo, &b, new_connection("x", "Nope000000000000", &li)).await;
    assert_error(s, &v, 422, "Nope000000000000");
    // Wrong configuration id.
    let mut body = new_connection("x", &s3, &li);
    body["srcConfigurationId"] = json!("notTheConfig0000");
    let (s, v) = create(&demo, &b, body).await;
    assert_error(s, &v, 422, "srcConfigurationId");
    // Name and settings errors, all at once, keyed by side.
    let mut body = new_connection("   ", &s3, &li);
    body["srcConnectionConfig"] = json!({"bucketURI": "", "extra": 1});
    body["destConnectionConfig"] = json!({"audienceName": "A", "audienceSource": "NOPE", "matchKeys": ["EMAIL"], "membershipDays": 999});
    let (s, v) = create(&demo, &b, body).await;
    assert_error(s, &v, 422, "name");
    let e = &v["response"]["errors"];
    assert!(e["name"][0].as_str().unwrap().contains("required"));
    assert!(e["srcConnectionConfig.bucketURI"].is_array(), "{e}");
    assert!(e["srcConnectionConfig.extra"].is_array(), "{e}");
    assert!(e["destConnectionConfig.audienceSource"].is_array(), "{e}");
    assert!(e["destConnectionConfig.membershipDays"][0].as_str().unwrap().contains("540"), "{e}");
    let (s, v) = create(&demo, &b, new_connection(&"n".repeat(101), &s3, &li)).await;
    assert_error(s, &v, 422, "100");

    let (_, after) = demo.get(&format!("/es/v2/connections?accountId={b}&size=100")).await;
    assert_eq!(before["total"], after["total"], "rejected creates change nothing");
}

#[tokio::test]
async fn names_are_unique_per_sub_account() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let (b, s3, li) = brand_b_pair(&demo).await;
    let (s, _) = create(&demo, &b, new_connection("Weekly sync", &s3, &li)).await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = create(&demo, &b, new_connection("WEEKLY SYNC", &s3, &li)).await;
    assert_error(s, &v, 409, "already exists");
    assert!(v["response"]["errors"]["name"].is_array());
    // Another sub-account may reuse it.
    let a = demo.account("Brand A").await;
    let s3a = demo.connector("Amazon S3").await;
    let snap = demo.connector("Snapchat Audience Match").await;
    let (s, v) = create(&demo, &a, new_connection("Weekly sync", &s3a, &snap)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

#[tokio::test]
async fn list_filters_by_status_and_hides_deleted_unless_asked() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let statuses =
        |v: &Value| v["response"].as_array().unwrap().iter().map(|c| c["status"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    let (_, all) = demo.get(&format!("/es/v2/connections?accountId={a}&size=100&status=")).await;
    assert!(!statuses(&all).contains(&"deleted".to_string()));
    for st in ["In-progress", "active", "disabled", "broken", "offline"] {
        assert!(statuses(&all).contains(&st.to_string()), "seed lacks {st}");
    }
    let (_, all2) = demo.get(&format!("/es/v2/connections?accountId={a}&size=100&status=all")).await;
    assert_eq!(all, all2);
    let (_, active) = demo.get(&format!("/es/v2/connections?accountId={a}&status=active")).await;
    assert!(statuses(&active).iter().all(|s| s == "active"));
    assert_eq!(active["total"].as_u64().unwrap() as usize, statuses(&active).len());
    let (_, deleted) = demo.get(&format!("/es/v2/connections?accountId={a}&status=deleted")).await;
    let items = deleted["response"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["deleted"], true);
    assert!(items[0]["deletedTime"].as_i64().unwrap() > 0);
    let (s, v) = demo.get(&format!("/es/v2/connections?accountId={a}&status=sleeping")).await;
    assert_error(s, &v, 400, "status");
    // Paging.
    let (_, p1) = demo.get(&format!("/es/v2/connections?accountId={a}&size=2&offset=0")).await;
    let (_, p2) = demo.get(&format!("/es/v2/connections?accountId={a}&size=2&offset=2")).await;
    assert_eq!(p1["response"].as_array().unwrap().len(), 2);
    assert_ne!(p1["response"][0]["id"], p2["response"][0]["id"]);
    assert_eq!(p1["total"], all["total"]);
    // Search matches connector names too, ignoring case.
    let (_, q) = demo.get(&format!("/es/v2/connections?accountId={a}&q=SNOWFLAKE")).await;
    assert_eq!(q["total"], 1);
}

#[tokio::test]
async fn detail_carries_non_secret_settings() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let (_, list) = demo.get(&format!("/es/v2/connections?accountId={a}&q=Salesforce%20leads")).await;
    let id = list["response"][0]["id"].as_str().unwrap();
    let (s, v) = demo.get(&format!("/es/v2/connections/{id}?accountId={a}")).await;
    assert_eq!(s, StatusCode::OK);
    let c = &v["response"];
    assert_eq!(c["status"], "active");
    // Seeded from its batch history; this month's share may still be zero on the 1st.
    assert!(c["totalVolume"].as_u64().unwrap() > 0);
    assert!(c["monthlyVolume"].as_u64().unwrap() <= c["totalVolume"].as_u64().unwrap());
    assert!(c["srcConnectionConfig"]["object"].is_string());
    assert!(c["destConnectionConfig"]["audienceName"].is_string());
    let (s, v) = demo.get(&format!("/es/v2/connections/NoSuchConnection?accountId={a}")).await;
    assert_error(s, &v, 404, "NoSuchConnection");
}

#[tokio::test]
async fn update_changes_name_and_settings_but_never_the_connectors() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let (b, s3, li) = brand_b_pair(&demo).await;
    let (_, v) = create(&demo, &b, new_connection("Original", &s3, &li)).await;
    let id = v["response"]["id"].as_str().unwrap().to_string();
    let path = format!("/es/v2/connections/{id}?accountId={b}");

    let (s, v) = demo.put(&path, Some(json!({"name": "Renamed", "destConnectionConfig": {"audienceName": "New name", "audienceSource": "BOTH_USER_AND_PARTNER_PROVIDED", "matchKeys": "EMAIL,PHONE"}}))).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"]["name"], "Renamed");
    assert_eq!(v["response"]["destConnectionConfig"]["matchKeys"], json!(["EMAIL", "PHONE"]));
    assert_eq!(v["response"]["srcConnectionConfig"]["bucketURI"], "s3://bucket/path/", "untouched side kept");

    let other_src = demo.connector("Google Cloud Storage").await;
    let (s, v) = demo.put(&path, Some(json!({"srcConnectorId": other_src, "name": "X"}))).await;
    assert_error(s, &v, 422, "create a new connection");
    let (s, v) = demo.put(&path, Some(json!({"name": ""}))).await;
    assert_error(s, &v, 422, "name");
    let (s, v) = demo.put(&path, Some(json!({"srcConnectionConfig": {"fileFormat": "xls", "bucketURI": "s3://b"}}))).await;
    assert_error(s, &v, 422, "srcConnectionConfig.fileFormat");
    let (s, v) = demo.put(&path, Some(json!({"nme": "typo"}))).await;
    assert_error(s, &v, 400, "nme");
    let (_, after) = demo.get(&path).await;
    assert_eq!(after["response"]["name"], "Renamed", "rejected updates change nothing");
    // Sending the same connector ids is fine.
    let (s, _) = demo.put(&path, Some(json!({"name": "Renamed again", "srcConnectorId": s3, "destConnectorId": li}))).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn status_actions_follow_the_model_rules() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let (b, s3, li) = brand_b_pair(&demo).await;
    let (_, v) = create(&demo, &b, new_connection("Lifecycle", &s3, &li)).await;
    let id = v["response"]["id"].as_str().unwrap().to_string();
    let act = |a: &str| format!("/es/v2/connections/{id}/status/{a}?accountId={b}");

    let (s, v) = demo.put(&act("enable"), None).await;
    assert_error(s, &v, 409, "Cannot enable a connection that is In-progress");
    let (s, v) = demo.put(&act("activate"), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"]["status"], "active");
    assert_eq!(v["response"]["enabled"], true);
    let (s, v) = demo.put(&act("activate"), None).await;
    assert_error(s, &v, 409, "only In-progress connections can be activated");
    let (_, v) = demo.put(&act("DISABLE"), None).await;
    assert_eq!(v["response"]["status"], "disabled");
    let (_, v) = demo.put(&act("enable"), None).await;
    assert_eq!(v["response"]["status"], "active");
    let (s, v) = demo.put(&act("restore"), None).await;
    assert_error(s, &v, 409, "restore");
    let (s, v) = demo.put(&act("explode"), None).await;
    assert_error(s, &v, 400, "explode");

    // Seeded broken and offline connections can be disabled.
    let a = demo.account("Brand A").await;
    for st in ["broken", "offline"] {
        let (_, l) = demo.get(&format!("/es/v2/connections?accountId={a}&status={st}")).await;
        let cid = l["response"][0]["id"].as_str().unwrap();
        let (s, v) = demo.put(&format!("/es/v2/connections/{cid}/status/disable?accountId={a}"), None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["response"]["status"], "disabled");
    }
}

#[tokio::test]
async fn delete_is_soft_restorable_and_logged() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let (b, s3, li) = brand_b_pair(&demo).await;
    let (_, v) = create(&demo, &b, new_connection("Short lived", &s3, &li)).await;
    let id = v["response"]["id"].as_str().unwrap().to_string();
    demo.put(&format!("/es/v2/connections/{id}/status/activate?accountId={b}"), None).await;

    let (s, v) = demo.delete(&format!("/es/v2/connections/{id}?accountId={b}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"]["deleted"], true);
    let (s, v) = demo.delete(&format!("/es/v2/connections/{id}?accountId={b}")).await;
    assert_error(s, &v, 409, "already deleted");
    let (_, live) = demo.get(&format!("/es/v2/connections?accountId={b}&size=100")).await;
    assert!(live["response"].as_array().unwrap().iter().all(|c| c["id"] != id.as_str()));
    let (_, gone) = demo.get(&format!("/es/v2/connections?accountId={b}&status=deleted")).await;
    assert!(gone["response"].as_array().unwrap().iter().any(|c| c["id"] == id.as_str()));
    let (s, v) = demo.put(&format!("/es/v2/connections/{id}?accountId={b}"), Some(json!({"name": "x"}))).await;
    assert_error(s, &v, 409, "restore it");
    // While deleted its connectors can be removed from the sub-account? No: S3 stays in use only by live ones.
    let (s, v) = demo.put(&format!("/es/v2/connections/{id}/status/restore?accountId={b}"), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"]["status"], "disabled");
    assert_eq!(v["response"]["deleted"], false);
    assert!(v["response"].get("deletedTime").is_none());

    let (s, log) = demo.get(&format!("/es/v2/connections/{id}/activity?accountId={b}")).await;
    assert_eq!(s, StatusCode::OK);
    let actions: Vec<&str> = log["response"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["restore", "delete", "activate", "create"], "newest first");
    let entry = &log["response"][0];
    assert_eq!(entry["actor"], format!("API client {DEMO_ID}"));
    assert_eq!(entry["connectionId"], id.as_str());
    assert!(entry["time"].as_i64().unwrap() > 0);
}

#[tokio::test]
async fn activity_is_readable_for_deleted_connections_and_edits_are_logged() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let (_, gone) = demo.get(&format!("/es/v2/connections?accountId={a}&status=deleted")).await;
    let id = gone["response"][0]["id"].as_str().unwrap();
    let (s, log) = demo.get(&format!("/es/v2/connections/{id}/activity?accountId={a}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(log["response"][0]["action"], "delete");

    let (_, live) = demo.get(&format!("/es/v2/connections?accountId={a}&status=active")).await;
    let id = live["response"][0]["id"].as_str().unwrap();
    demo.put(&format!("/es/v2/connections/{id}?accountId={a}"), Some(json!({"name": "Edited name"}))).await;
    let (_, log) = demo.get(&format!("/es/v2/connections/{id}/activity?accountId={a}")).await;
    assert_eq!(log["response"][0]["action"], "edit");
    assert!(log["response"][0]["detail"].as_str().unwrap().contains("Edited name"));
}

#[tokio::test]
async fn connections_deleted_over_30_days_ago_are_purged() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let (_, gone) = demo.get(&format!("/es/v2/connections?accountId={a}&status=deleted")).await;
    let id = gone["response"][0]["id"].as_str().unwrap().to_string();
    let old = madconnect_server::db::now() - 31 * 86_400;
    server.sqlite().execute("UPDATE connections SET deleted_time = ?1 WHERE id = ?2", rusqlite::params![old, id]).unwrap();
    let (s, v) = demo.put(&format!("/es/v2/connections/{id}/status/restore?accountId={a}"), None).await;
    assert_error(s, &v, 404, &id);
    let (_, gone) = demo.get(&format!("/es/v2/connections?accountId={a}&status=deleted")).await;
    assert_eq!(gone["total"], 0);
}

#[tokio::test]
async fn data_survives_a_restart() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let (b, s3, li) = brand_b_pair(&demo).await;
    let (_, v) = create(&demo, &b, new_connection("Durable", &s3, &li)).await;
    let id = v["response"]["id"].as_str().unwrap().to_string();
    drop(demo);
    let db_path = server.db_path.clone();
    let dir = server.stop().await;

    let mut config = config(&dir);
    config.db_path = db_path;
    let server = Server::start_in(dir, config).await;
    let demo = server.demo().await;
    let (s, v) = demo.get(&format!("/es/v2/connections/{id}?accountId={b}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"]["name"], "Durable");
    let (_, accounts) = demo.get("/es/v2/accounts").await;
    assert_eq!(accounts["total"], 2, "not seeded twice");
    // Secrets sealed before the restart still count as stored (the key file was reused).
    let (s, v) =
        demo.post(&format!("/es/v2/connectors/configure/{li}?accountId={b}"), json!({"secretConfig": ad_platform_secrets("")})).await;
    assert_eq!(s, StatusCode::OK, "blank password keeps the stored one after restart: {v}");
}

#[tokio::test]
async fn reads_answer_while_a_write_waits_for_the_database() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let (b, s3, li) = brand_b_pair(&demo).await;
    // Another process holds the write lock, so the server's next write waits for it...
    let holder = server.sqlite();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let writing = create(&demo, &b, new_connection("Waits for the lock", &s3, &li));
    let reading = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        // ...and reads still answer from their own connections, without queueing behind it.
        let answered = tokio::time::timeout(std::time::Duration::from_secs(3), async {
            let (s, v) = demo.get(&format!("/es/v2/connections?accountId={b}")).await;
            assert_eq!(s, StatusCode::OK, "{v}");
            let (s, _) = demo.get("/es/v2/accounts").await;
            assert_eq!(s, StatusCode::OK);
        })
        .await;
        holder.execute_batch("COMMIT").unwrap();
        answered
    };
    let ((s, v), answered) = tokio::join!(writing, reading);
    assert!(answered.is_ok(), "a read waited for the write");
    assert_eq!(s, StatusCode::OK, "the write completes once the lock is free: {v}");
}
