//! Data transfers against the real binary: starting a batch, every refusal, polling to success
//! and to failure, the volume a batch adds everywhere a client reads it, and a restart mid-batch.

mod common;
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

/// A connection's id by its exact name in a sub-account.
async fn connection(demo: &Client<'_>, account: &str, name: &str) -> String {
    let (s, v) = demo.get(&format!("/es/v2/connections?accountId={account}&size=100&q={}", urlencode(name))).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["response"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap_or_else(|| panic!("no connection {name}: {v}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn start(demo: &Client<'_>, account: &str, id: &str, body: Option<Value>) -> (StatusCode, Value) {
    let path = format!("/es/v2/data/{id}/transfer?accountId={account}");
    demo.server.call(reqwest::Method::POST, &path, Some(&demo.token), body).await
}

/// Polls a batch until it finishes; returns every status seen and the last answer.
async fn poll(demo: &Client<'_>, account: &str, id: &str, batch: &str) -> (Vec<String>, Value) {
    let mut seen = Vec::new();
    for _ in 0..200 {
        let (s, v) = demo.get(&format!("/es/v2/data/{id}/status/{batch}?accountId={account}")).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let status = v["response"]["status"].as_str().unwrap().to_string();
        seen.push(status.clone());
        if status == "success" || status == "failure" {
            return (seen, v["response"].clone());
        }
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    panic!("batch {batch} never finished: {seen:?}");
}

/// What a client reads about a connection's volume: the connection, its sub-account, both reports.
async fn volumes(demo: &Client<'_>, account: &str, id: &str) -> [u64; 6] {
    let (_, c) = demo.get(&format!("/es/v2/connections/{id}?accountId={account}")).await;
    let (_, a) = demo.get(&format!("/es/v2/accounts/{account}")).await;
    let (_, admin) = demo.get("/es/v2/reports/admin?size=100").await;
    let (_, rows) = demo.get(&format!("/es/v2/reports/connection?accountId={account}&size=100")).await;
    let admin_row = admin["response"].as_array().unwrap().iter().find(|r| r["accountId"] == account).unwrap().clone();
    let conn_row = rows["response"].as_array().unwrap().iter().find(|r| r["connectionId"] == id).unwrap().clone();
    let n = |v: &Value| v.as_u64().unwrap_or_else(|| panic!("not a number: {v}"));
    [
        n(&c["response"]["totalVolume"]),
        n(&c["response"]["usedVolume"]),
        n(&c["response"]["monthlyVolume"]),
        n(&a["response"]["volume"]),
        n(&admin_row["totalVolume"]),
        n(&conn_row["totalVolume"]),
    ]
}

#[tokio::test]
async fn a_transfer_runs_to_success_and_its_volume_shows_everywhere() {
    let (_child, server) = Server::binary(&["--transfer-step-ms", "150"]).await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let id = connection(&demo, &a, "Salesforce leads to Meta").await;
    let before = volumes(&demo, &a, &id).await;
    assert_eq!(before[0], before[5], "the connection report's total is the connection's: {before:?}");

    let (s, v) = start(&demo, &a, &id, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["statusCode"], 0);
    assert_eq!(v["response"]["status"], "in-progress");
    let batch = v["response"]["id"].as_str().unwrap().to_string();
    assert_eq!(batch.len(), 16);

    let (seen, done) = poll(&demo, &a, &id, &batch).await;
    assert_eq!(seen[0], "pending", "{seen:?}");
    assert_eq!(done["status"], "success", "{done}");
    assert_eq!(done["id"], batch.as_str());
    assert!(done["failureReason"].is_null(), "{done}");
    let records = done["records"].as_u64().unwrap();
    assert!(records > 0 && done["bytes"].as_u64().unwrap() >= records, "{done}");
    let (started, finished) = (done["startedTime"].as_i64().unwrap(), done["finishedTime"].as_i64().unwrap());
    assert!(started > 1_700_000_000 && finished >= started, "{done}");

    let after = volumes(&demo, &a, &id).await;
    for (i, what) in
        ["totalVolume", "usedVolume", "monthlyVolume", "account volume", "admin report", "connection report"].iter().enumerate()
    {
        assert_eq!(after[i], before[i] + records, "{what}: {before:?} → {after:?}");
    }
    // The batch-wise report shows it first.
    let (_, history) = demo.get(&format!("/es/v2/reports/connection/{id}?accountId={a}&size=1")).await;
    assert_eq!(history["response"][0]["id"], batch.as_str());
    assert_eq!(history["response"][0]["trigger"], "manual");
}

/// Brand B with an active Segment → Amazon S3 Export connection (Segment cannot be run on demand).
async fn streaming_connection(demo: &Client<'_>) -> (String, String) {
    let b = demo.account("Brand B").await;
    let segment = demo.connector("Segment").await;
    let export = demo.connector("Amazon S3 Export").await;
    demo.add_and_configure(&b, &segment, json!({"apiKey": "seg-key-123", "region": "us"})).await;
    demo.add_and_configure(&b, &export, aws_secrets()).await;
    let (s, v) = demo
        .post(
            &format!("/es/v2/connections?accountId={b}"),
            json!({"name": "Segment to S3", "srcConnectorId": segment, "destConnectorId": export,
                   "srcConnectionConfig": {"streamId": "web", "eventTypes": ["Purchase"]},
                   "destConnectionConfig": {"bucketURI": "s3://out/", "fileFormat": "csv"}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let id = v["response"]["id"].as_str().unwrap().to_string();
    let (s, v) = demo.put(&format!("/es/v2/connections/{id}/status/activate?accountId={b}"), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    (b, id)
}

async fn batch_count(demo: &Client<'_>, account: &str, id: &str) -> u64 {
    let (s, v) = demo.get(&format!("/es/v2/reports/connection/{id}?accountId={account}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["total"].as_u64().unwrap()
}

#[tokio::test]
async fn each_refusal_says_why_and_starts_nothing() {
    // Slow steps: the first batch is still running when the second is asked for.
    let (_child, server) = Server::binary(&["--transfer-step-ms", "5000"]).await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;

    // Not active.
    let disabled = connection(&demo, &a, "Snowflake loyalty to Google Customer Match").await;
    let (s, v) = start(&demo, &a, &disabled, None).await;
    assert_error(s, &v, 409, "is disabled, not active");
    let new = connection(&demo, &a, "S3 nightly audiences to The Trade Desk").await;
    let (s, v) = start(&demo, &a, &new, None).await;
    assert_error(s, &v, 409, "is In-progress, not active");

    // No transfer support.
    let (b, streaming) = streaming_connection(&demo).await;
    let (s, v) = start(&demo, &b, &streaming, None).await;
    assert_error(s, &v, 422, "Segment does not support transfers");
    assert_eq!(batch_count(&demo, &b, &streaming).await, 0);

    // A bad run-time setting: 422 naming the field, and no batch.
    let id = connection(&demo, &a, "Salesforce leads to Meta").await;
    let before = batch_count(&demo, &a, &id).await;
    let bad = json!({"configuration": {"destination": {"audienceSource": "FRIENDS_OF_FRIENDS"}, "source": {"bucket": "x"}}});
    let (s, v) = start(&demo, &a, &id, Some(bad)).await;
    assert_error(s, &v, 422, "Invalid configuration.destination.audienceSource");
    let errors = &v["response"]["errors"];
    assert!(errors["configuration.destination.audienceSource"][0].as_str().unwrap().contains("FRIENDS_OF_FRIENDS"), "{v}");
    assert!(errors["configuration.source.bucket"][0].as_str().unwrap().contains("no such setting"), "{v}");
    let (s, v) = start(&demo, &a, &id, Some(json!({"configuration": {"src": {}}}))).await;
    assert_error(s, &v, 400, "configuration.src");
    assert_eq!(batch_count(&demo, &a, &id).await, before, "a refused start records nothing");

    // Already running.
    let (s, v) = start(&demo, &a, &id, Some(json!({"configuration": {"source": {"object": "Contact"}}}))).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let running = v["response"]["id"].as_str().unwrap().to_string();
    let (s, v) = start(&demo, &a, &id, None).await;
    assert_error(s, &v, 409, &format!("already running on \"Salesforce leads to Meta\" (batch {running})"));
    assert_eq!(batch_count(&demo, &a, &id).await, before + 1);

    // Unknown ones, and another organization's.
    let (s, v) = start(&demo, &a, "NoSuchConnection", None).await;
    assert_error(s, &v, 404, "NoSuchConnection");
    let (s, v) = demo.get(&format!("/es/v2/data/{id}/status/NoSuchBatch?accountId={a}")).await;
    assert_error(s, &v, 404, "NoSuchBatch");
    let other = server.other().await;
    let (s, v) = start(&other, &a, &id, None).await;
    assert_error(s, &v, 404, "not found in your organization");
}

#[tokio::test]
async fn a_destination_that_rejects_a_setting_fails_the_batch_with_the_reason() {
    let (_child, server) = Server::binary(&["--transfer-step-ms", "50"]).await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let id = connection(&demo, &a, "Salesforce leads to Meta").await;
    let before = volumes(&demo, &a, &id).await;

    // A run-time setting the destination cannot honour.
    let body = json!({"configuration": {"destination": {"audienceName": "reject-list"}}});
    let (s, v) = start(&demo, &a, &id, Some(body)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, done) = poll(&demo, &a, &id, v["response"]["id"].as_str().unwrap()).await;
    assert_eq!(done["status"], "failure", "{done}");
    assert_eq!(done["records"], 0);
    let reason = done["failureReason"].as_str().unwrap();
    assert!(reason.contains("rejected") && reason.contains("Audience name \"reject-list\""), "{reason}");
    assert_eq!(volumes(&demo, &a, &id).await, before, "a failed batch delivers nothing");

    // The same rule on a stored setting; run-time settings were for that batch only.
    let (s, v) = start(&demo, &a, &id, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, done) = poll(&demo, &a, &id, v["response"]["id"].as_str().unwrap()).await;
    assert_eq!(done["status"], "success", "{done}");
    let (_, c) = demo.get(&format!("/es/v2/connections/{id}?accountId={a}")).await;
    let mut dest = c["response"]["destConnectionConfig"].clone();
    dest["audienceName"] = json!("Rejected buyers");
    let (s, v) = demo.put(&format!("/es/v2/connections/{id}?accountId={a}"), Some(json!({"destConnectionConfig": dest}))).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, v) = start(&demo, &a, &id, None).await;
    let (_, done) = poll(&demo, &a, &id, v["response"]["id"].as_str().unwrap()).await;
    assert_eq!(done["status"], "failure", "{done}");
    assert!(done["failureReason"].as_str().unwrap().contains("\"Rejected buyers\""), "{done}");
}

#[tokio::test]
async fn a_batch_running_when_the_server_stops_is_failed_as_interrupted() {
    let (mut child, mut server) = Server::binary(&["--transfer-step-ms", "600000"]).await;
    let (a, id, batch) = {
        let demo = server.demo().await;
        let a = demo.account("Brand A").await;
        let id = connection(&demo, &a, "Salesforce leads to Meta").await;
        let (s, v) = start(&demo, &a, &id, None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let batch = v["response"]["id"].as_str().unwrap().to_string();
        let (_, v) = demo.get(&format!("/es/v2/data/{id}/status/{batch}?accountId={a}")).await;
        assert_eq!(v["response"]["status"], "pending", "{v}");
        (a, id, batch)
    };
    child.kill().await.unwrap();
    let dir = std::mem::replace(&mut server.dir, tempfile::tempdir().unwrap());

    let (_child, server) = Server::binary_in(dir, &["--transfer-step-ms", "50"]).await;
    let demo = server.demo().await;
    let (s, v) = demo.get(&format!("/es/v2/data/{id}/status/{batch}?accountId={a}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"]["status"], "failure", "{v}");
    assert_eq!(v["response"]["failureReason"], "interrupted");
    assert!(v["response"]["finishedTime"].as_i64().is_some(), "{v}");
    // And the connection can run again.
    let (s, v) = start(&demo, &a, &id, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

#[tokio::test]
async fn docs_only_answers_the_documented_fields_only() {
    let (_child, server) = Server::binary(&["--transfer-step-ms", "50", "--docs-only"]).await;
    let demo = server.demo().await;
    let (_, accounts) = demo.get("/es/v2/reports/admin").await;
    let row = accounts["response"].as_array().unwrap().iter().find(|r| r["accountName"] == "Brand A").unwrap().clone();
    let a = row["accountId"].as_str().unwrap().to_string();
    let mut keys: Vec<&String> = row.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["accountId", "accountName", "avgDailyVolume", "avgMonthlyVolume", "connections", "monthCount", "totalVolume", "totalVolumeBytes"]
    );
    assert!(accounts.get("total").is_none(), "{accounts}");

    let (_, rows) = demo.get(&format!("/es/v2/reports/connection?accountId={a}&startDate=oops")).await;
    let row = rows["response"].as_array().unwrap().iter().find(|r| r["connectionName"] == "Salesforce leads to Meta").unwrap().clone();
    let mut keys: Vec<&String> = row.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["connectionId", "connectionName", "status", "totalVolume"]);
    let id = row["connectionId"].as_str().unwrap().to_string();

    let (s, v) = start(&demo, &a, &id, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["response"].as_object().unwrap().len(), 2, "{v}");
    let batch = v["response"]["id"].as_str().unwrap().to_string();
    let (_, done) = poll(&demo, &a, &id, &batch).await;
    assert_eq!(done, json!({"id": batch, "status": "success"}));

    let (s, v) = demo.get(&format!("/es/v2/reports/connection/{id}?accountId={a}")).await;
    assert_error(s, &v, 404, "No such endpoint");
    let (s, v) = demo.get(&format!("/es/v2/reports/connection/{id}/daily?accountId={a}")).await;
    assert_error(s, &v, 404, "No such endpoint");
}
