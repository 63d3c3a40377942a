//! Usage reports against the real binary: each figure checked against the batches a client can
//! read one by one, the date range (startDate inclusive, endDate exclusive), paging, and the
//! parameters refused with a 400 naming them.

mod common;
use common::*;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;

/// Every batch of a connection, newest first, read page by page from the batch-wise report.
async fn all_batches(demo: &Client<'_>, account: &str, id: &str, range: &str) -> Vec<Value> {
    let mut out = Vec::new();
    loop {
        let path = format!("/es/v2/reports/connection/{id}?accountId={account}&size=100&offset={}{range}", out.len());
        let (s, v) = demo.get(&path).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let page = v["response"].as_array().unwrap().clone();
        let total = v["total"].as_u64().unwrap() as usize;
        out.extend(page);
        if out.len() >= total {
            return out;
        }
    }
}

fn delivered(batches: &[Value]) -> u64 {
    batches.iter().filter(|b| b["status"] == "success").map(|b| b["records"].as_u64().unwrap()).sum()
}

/// Ids of every connection of a sub-account, deleted ones included.
async fn every_connection(demo: &Client<'_>, account: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for status in ["", "&status=deleted"] {
        let (_, v) = demo.get(&format!("/es/v2/connections?accountId={account}&size=100{status}")).await;
        ids.extend(v["response"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()));
    }
    ids
}

async fn binary() -> (tokio::process::Child, Server) {
    // Steps far apart: nothing scheduled or started changes the figures while a test reads them.
    Server::binary(&["--transfer-step-ms", "600000"]).await
}

#[tokio::test]
async fn the_admin_report_sums_every_batch_of_each_sub_account() {
    let (_child, server) = binary().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let mut batches = Vec::new();
    for id in every_connection(&demo, &a).await {
        batches.extend(all_batches(&demo, &a, &id, "").await);
    }
    let successful: Vec<&Value> = batches.iter().filter(|b| b["status"] == "success").collect();
    assert!(successful.len() > 100, "the seed gives months of history: {}", successful.len());
    let total: u64 = successful.iter().map(|b| b["records"].as_u64().unwrap()).sum();
    let bytes: u64 = successful.iter().map(|b| b["bytes"].as_u64().unwrap()).sum();
    let days: BTreeSet<i64> = successful.iter().map(|b| b["startedTime"].as_i64().unwrap().div_euclid(86_400)).collect();
    let months: BTreeSet<(i32, u32)> = days.iter().map(|d| year_month(*d)).collect();

    let (s, v) = demo.get("/es/v2/reports/admin").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["total"], 2, "one row per sub-account of the caller's organization: {v}");
    let row = &v["response"][0];
    assert_eq!(row["accountName"], "Brand A");
    assert_eq!(row["accountId"], a.as_str());
    assert_eq!(row["connections"], 2, "active connections: {row}");
    assert_eq!(row["totalVolume"], total);
    assert_eq!(row["totalVolumeBytes"], bytes);
    assert_eq!(row["monthCount"], months.len());
    assert_eq!(row["avgDailyVolume"], (total as f64 / days.len() as f64).round() as u64);
    assert_eq!(row["avgMonthlyVolume"], (total as f64 / months.len() as f64).round() as u64);
    assert_eq!(v["response"][1]["accountName"], "Brand B");

    // Paging and search.
    let (_, v) = demo.get("/es/v2/reports/admin?size=1&offset=1").await;
    assert_eq!(v["total"], 2);
    assert_eq!(v["response"].as_array().unwrap().len(), 1);
    assert_eq!(v["response"][0]["accountName"], "Brand B");
    let (_, v) = demo.get("/es/v2/reports/admin?q=BRAND%20a").await;
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["response"][0]["accountId"], a.as_str());
    // Another organization sees only its own.
    let (_, v) = server.other().await.get("/es/v2/reports/admin").await;
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["response"][0]["accountName"], "Other Brand");
}

/// (year, month) of a day counted from 1970-01-01.
fn year_month(day: i64) -> (i32, u32) {
    let (y, m, _) = madconnect_model::time::civil_from_days(day);
    (y as i32, m)
}

#[tokio::test]
async fn date_ranges_include_the_start_and_exclude_the_end() {
    let (_child, server) = binary().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let (_, list) = demo.get(&format!("/es/v2/connections?accountId={a}&q=Salesforce%20leads")).await;
    let id = list["response"][0]["id"].as_str().unwrap().to_string();
    let history = all_batches(&demo, &a, &id, "").await;
    assert!(history.len() > 20, "{}", history.len());
    // Newest first: [older's start, newer's start) holds history[3..=10].
    let (newer, older) = (history[2]["startedTime"].as_i64().unwrap(), history[10]["startedTime"].as_i64().unwrap());
    let inside = &history[3..=10];
    let range = format!("&startDate={older}&endDate={newer}");

    let (s, v) = demo.get(&format!("/es/v2/reports/connection?accountId={a}&size=100{range}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let row = v["response"].as_array().unwrap().iter().find(|r| r["connectionId"] == id.as_str()).unwrap().clone();
    assert_eq!(row["totalVolume"], delivered(inside), "{row}");
    assert_eq!(row["batches"], 8, "{row}");
    assert_eq!(row["lastTransferTime"], history[3]["startedTime"]);
    assert_eq!(row["failedBatches"], inside.iter().filter(|b| b["status"] == "failure").count());

    let ranged = all_batches(&demo, &a, &id, &range).await;
    let ids = |bs: &[Value]| bs.iter().map(|b| b["id"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&ranged), ids(inside));

    // Without a range, the report's total is the connection's.
    let (_, v) = demo.get(&format!("/es/v2/reports/connection?accountId={a}&size=100")).await;
    let row = v["response"].as_array().unwrap().iter().find(|r| r["connectionId"] == id.as_str()).unwrap().clone();
    let (_, c) = demo.get(&format!("/es/v2/connections/{id}?accountId={a}")).await;
    assert_eq!(row["totalVolume"], c["response"]["totalVolume"]);
    assert_eq!(row["totalVolume"], delivered(&history));

    // A range before any batch: zeros, every row still there.
    let (_, v) = demo.get("/es/v2/reports/admin?startDate=0&endDate=86400").await;
    assert_eq!(v["response"][0]["totalVolume"], 0, "{v}");
    assert_eq!(v["response"][0]["monthCount"], 0, "{v}");
    assert_eq!(v["total"], 2);
}

#[tokio::test]
async fn the_connection_report_pages_by_name_and_searches() {
    let (_child, server) = binary().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let (s, all) = demo.get(&format!("/es/v2/reports/connection?accountId={a}&size=100")).await;
    assert_eq!(s, StatusCode::OK, "{all}");
    let names: Vec<String> =
        all["response"].as_array().unwrap().iter().map(|r| r["connectionName"].as_str().unwrap().to_string()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "by name");
    assert_eq!(all["total"], 6, "every connection not deleted: {names:?}");
    assert!(!names.iter().any(|n| n.starts_with("HubSpot")), "deleted ones are left out");

    let (_, page) = demo.get(&format!("/es/v2/reports/connection?accountId={a}&size=2&offset=2")).await;
    assert_eq!(page["total"], 6);
    assert_eq!(page["response"].as_array().unwrap().as_slice(), &all["response"].as_array().unwrap()[2..4]);
    let (_, found) = demo.get(&format!("/es/v2/reports/connection?accountId={a}&q=amazon")).await;
    assert_eq!(found["total"], 2, "connector names match too: {found}");
    let (s, v) = demo.get("/es/v2/reports/connection").await;
    assert_error(s, &v, 400, "accountId");
}

#[tokio::test]
async fn the_daily_series_covers_every_day_up_to_today() {
    let (_child, server) = binary().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let (_, list) = demo.get(&format!("/es/v2/connections?accountId={a}&q=Salesforce%20leads")).await;
    let id = list["response"][0]["id"].as_str().unwrap().to_string();
    let (s, v) = demo.get(&format!("/es/v2/reports/connection/{id}/daily?accountId={a}&days=90")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let days = v["response"].as_array().unwrap();
    assert_eq!(days.len(), 90);
    let today = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64 / 86_400 * 86_400;
    assert_eq!(days[89]["date"], today);
    for pair in days.windows(2) {
        assert_eq!(pair[1]["date"].as_i64().unwrap() - pair[0]["date"].as_i64().unwrap(), 86_400);
    }
    assert!(days.iter().any(|d| d["batches"] == 0 && d["volume"] == 0), "weekends are there as zeros");
    let first = days[0]["date"].as_i64().unwrap();
    let window = all_batches(&demo, &a, &id, &format!("&startDate={first}")).await;
    assert_eq!(days.iter().map(|d| d["volume"].as_u64().unwrap()).sum::<u64>(), delivered(&window));
    assert_eq!(days.iter().map(|d| d["batches"].as_u64().unwrap()).sum::<u64>(), window.len() as u64);
    let (_, v) = demo.get(&format!("/es/v2/reports/connection/{id}/daily?accountId={a}")).await;
    assert_eq!(v["response"].as_array().unwrap().len(), 30, "30 days unless asked");
}

#[tokio::test]
async fn bad_parameters_are_a_400_naming_them() {
    let (_child, server) = binary().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let (_, list) = demo.get(&format!("/es/v2/connections?accountId={a}&size=1")).await;
    let id = list["response"][0]["id"].as_str().unwrap().to_string();
    for (path, param) in [
        ("/es/v2/reports/admin?startDate=yesterday".to_string(), "startDate"),
        ("/es/v2/reports/admin?startDate=200&endDate=100".to_string(), "endDate"),
        ("/es/v2/reports/admin?endDate=100000000000000000000".to_string(), "endDate"),
        ("/es/v2/reports/admin?startDate=-1".to_string(), "startDate"),
        ("/es/v2/reports/admin?size=0".to_string(), "size"),
        (format!("/es/v2/reports/connection?accountId={a}&offset=-3"), "offset"),
        (format!("/es/v2/reports/connection?accountId={a}&startDate=5&endDate=5"), "endDate"),
        (format!("/es/v2/reports/connection/{id}?accountId={a}&size=101"), "size"),
        (format!("/es/v2/reports/connection/{id}/daily?accountId={a}&days=0"), "days"),
        (format!("/es/v2/reports/connection/{id}/daily?accountId={a}&days=ninety"), "days"),
    ] {
        let (s, v) = demo.get(&path).await;
        assert_error(s, &v, 400, &format!("Invalid query parameter {param}"));
        assert!(v["response"]["errors"][param].is_array(), "{path}: {v}");
    }
    let (s, v) = demo.get(&format!("/es/v2/reports/connection/NoSuchConnection/daily?accountId={a}")).await;
    assert_error(s, &v, 404, "NoSuchConnection");
}
