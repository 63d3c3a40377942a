//! Every list answers exactly what a straightforward query answers (the queries the server used
//! before it had indexes, counts and trigram search): the same items in the same order and the
//! same `total`, on a random data set with ties in the sort key, deletions old and new, and
//! names full of `%`, `_`, quotes and non-ASCII letters.

mod common;
use common::*;
use reqwest::StatusCode;
use rusqlite::{params, params_from_iter, Connection};
use serde_json::Value;

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

const NAME_PARTS: &[&str] = &[
    "Café",
    "café",
    "ÉCOLE",
    "école",
    "Straße",
    "100% match",
    "50_50 split",
    "it's live",
    "\"quoted\" feed",
    "naïve",
    "NAÏVE",
    "Ωmega",
    "ωmega",
    "İstanbul",
    "istanbul",
    "Amazon",
    "plain",
    "e_c",
    "Ünïcode",
    "A%_'\"",
];

const KEYWORDS: &[&str] = &[
    "a",
    "ca",
    "é",
    "É",
    "café",
    "CAFÉ",
    "école",
    "ÉCOLE",
    "straße",
    "STRASSE",
    "ß",
    "%",
    "_",
    "100%",
    "50_",
    "'",
    "it's",
    "\"",
    "\"quoted\"",
    "naïve",
    "NAÏVE",
    "ωmega",
    "Ωmega",
    "İ",
    "amazon",
    "amazon s3",
    "meta",
    "AUDIENCES",
    "snow",
    "xyz-none",
    "  padded  ",
    "e_c",
    "%_",
    "A%_'\"",
    "benchmark",
    "nïc",
];

/// `q` as the server reads it: trimmed, blank means absent, lower-cased by Rust.
fn keyword(raw: &str) -> Option<String> {
    Some(raw.trim()).filter(|s| !s.is_empty()).map(str::to_lowercase)
}

fn contains_any(columns: &[&str]) -> String {
    let parts: Vec<String> = columns.iter().map(|c| format!("instr(lower({c}), :q) > 0")).collect();
    format!("({})", parts.join(" OR "))
}

type Args<'a> = [(&'a str, &'a dyn rusqlite::ToSql)];

/// The named parameters `sql` uses.
fn used<'a>(sql: &str, args: &Args<'a>) -> Vec<(&'a str, &'a dyn rusqlite::ToSql)> {
    args.iter().filter(|(name, _)| sql.contains(name)).copied().collect()
}

/// Runs `sql` (named parameters) and returns the first column of every row.
fn strings(c: &Connection, sql: &str, args: &Args<'_>) -> Vec<String> {
    let mut stmt = c.prepare(sql).unwrap();
    let rows = stmt.query_map(&*used(sql, args), |r| r.get::<_, String>(0)).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

fn count(c: &Connection, sql: &str, args: &Args<'_>) -> u64 {
    c.query_row(sql, &*used(sql, args), |r| r.get::<_, i64>(0)).unwrap() as u64
}

fn ids(v: &Value) -> Vec<String> {
    v["response"].as_array().unwrap_or_else(|| panic!("no list: {v}")).iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
}

fn connector_ids(v: &Value) -> Vec<String> {
    v["response"]
        .as_array()
        .unwrap_or_else(|| panic!("no list: {v}"))
        .iter()
        .map(|i| i["connectorId"].as_str().unwrap().to_string())
        .collect()
}

/// The pages asked for each combination: first, small, whole, last, past the end, middle.
fn pages(total: u64) -> Vec<(u64, u64)> {
    vec![(10, 0), (7, 3), (100, 0), (25, total.saturating_sub(5)), (5, total), (3, total / 2)]
}

fn seed_random(c: &Connection, accounts: &[String], rng: &mut Rng) -> Vec<String> {
    let connectors: Vec<String> = strings(c, "SELECT id FROM connectors ORDER BY id", &[]);
    let now = madconnect_server::db::now();
    let statuses = ["active", "disabled", "In-progress", "broken", "offline"];
    let mut made = Vec::new();
    for i in 0..600 {
        let account = rng.pick(accounts).clone();
        let id: String =
            (0..16).map(|_| *rng.pick(&b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[..]) as char).collect();
        let name = format!("{} {} #{i}", rng.pick(NAME_PARTS), rng.pick(NAME_PARTS));
        let created = now - (rng.below(40) as i64) * 1_000; // many ties: the id breaks them
        let deleted = match rng.below(10) {
            0 | 1 => Some(now - rng.below(29 * 86_400) as i64),
            2 => Some(now - (31 + rng.below(10) as i64) * 86_400), // past the window: gone
            _ => None,
        };
        let status = if deleted.is_some() { "deleted" } else { rng.pick(&statuses) };
        let used = rng.below(1_000_000) as i64;
        c.execute(
            "INSERT INTO connections (id, account_id, name, src_connector_id, dest_connector_id, status, created_time, updated_time,
                deleted_time, monthly_volume, total_volume, used_volume)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?9, ?9)",
            params![id, account, name, rng.pick(&connectors), rng.pick(&connectors), status, created, deleted, used],
        )
        .unwrap();
        for k in 0..rng.below(4) {
            c.execute(
                "INSERT INTO activity (id, connection_id, account_id, time, seq, actor, action, detail) VALUES (?1, ?2, ?3, ?4, ?5, 'test', 'edit', '')",
                params![format!("{id}-{k}"), id, account, created + rng.below(3) as i64, k as i64 + 1],
            )
            .unwrap();
        }
        made.push(id);
    }
    made
}

#[tokio::test]
async fn every_list_answers_what_a_straightforward_query_answers() {
    let server = Server::start().await;
    let demo = server.demo().await;
    let a = demo.account("Brand A").await;
    let b = demo.account("Brand B").await;
    let c = server.sqlite();
    let mut rng = Rng(0x5eed_1234_abcd_9876);
    let made = seed_random(&c, &[a.clone(), b.clone()], &mut rng);

    // Changes through the API too, so the maintained counts and the search index follow writes.
    for id in made.iter().take(40) {
        let (_, v) = demo.get(&format!("/es/v2/connections/{id}?accountId={a}")).await;
        if v["statusCode"] != 200 {
            continue;
        }
        let deleted = v["response"]["deleted"] == true;
        let status = v["response"]["status"].as_str().unwrap_or("").to_string();
        if deleted {
            demo.put(&format!("/es/v2/connections/{id}/status/restore?accountId={a}"), None).await;
        } else if status == "active" {
            demo.put(&format!("/es/v2/connections/{id}/status/disable?accountId={a}"), None).await;
        } else {
            demo.delete(&format!("/es/v2/connections/{id}?accountId={a}")).await;
        }
    }
    let renamed = made.iter().rev().take(15);
    for (i, id) in renamed.enumerate() {
        let body = serde_json::json!({"name": format!("Renamed ÉCOLE 100%_{i}")});
        demo.put(&format!("/es/v2/connections/{id}?accountId={a}"), Some(body.clone())).await;
        demo.put(&format!("/es/v2/connections/{id}?accountId={b}"), Some(body)).await;
    }
    c.execute("UPDATE connections SET used_volume = used_volume + 7 WHERE rowid % 5 = 0", []).unwrap();

    let cutoff = madconnect_server::db::now() - madconnect_model::RESTORE_WINDOW_SECS;
    let mut checked = 0;

    // Connections, in every view.
    for account in [&a, &b] {
        for status in ["", "all", "active", "disabled", "In-progress", "broken", "offline", "deleted"] {
            for raw in KEYWORDS.iter().copied().chain([""]) {
                let q = keyword(raw);
                let deleted = status == "deleted";
                let mut wheres = vec!["x.account_id = :acc".to_string()];
                wheres.push(if deleted {
                    format!("x.deleted_time IS NOT NULL AND x.deleted_time > {cutoff}")
                } else {
                    "x.deleted_time IS NULL".into()
                });
                if !matches!(status, "" | "all" | "deleted") {
                    wheres.push(format!("x.status = '{status}'"));
                }
                if q.is_some() {
                    wheres.push(contains_any(&["x.name", "s.name", "d.name"]));
                }
                let from = "connections x JOIN connectors s ON s.id = x.src_connector_id JOIN connectors d ON d.id = x.dest_connector_id";
                let order = if deleted { "x.deleted_time DESC, x.id" } else { "x.created_time DESC, x.id" };
                let q_val = q.clone().unwrap_or_default();
                let mut args: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":acc", account)];
                if q.is_some() {
                    args.push((":q", &q_val));
                }
                let where_sql = wheres.join(" AND ");
                let total = count(&c, &format!("SELECT COUNT(*) FROM {from} WHERE {where_sql}"), &args);
                for (size, offset) in pages(total) {
                    let expected = strings(
                        &c,
                        &format!("SELECT x.id FROM {from} WHERE {where_sql} ORDER BY {order} LIMIT {size} OFFSET {offset}"),
                        &args,
                    );
                    let url = format!(
                        "/es/v2/connections?accountId={account}&status={}&q={}&size={size}&offset={offset}",
                        urlencode(status),
                        urlencode(raw)
                    );
                    let (s, v) = demo.get(&url).await;
                    assert_eq!(s, StatusCode::OK, "{url}: {v}");
                    assert_eq!(v["total"], total, "total of {url}");
                    assert_eq!(ids(&v), expected, "items of {url}");
                    checked += 1;
                }
            }
        }
    }

    // The catalog, with and without filters.
    for filter in ["", "&supportedType=Source", "&dataTypeCategory=audience%20activation", "&platformType=Cloud%20Storage%20Provider"] {
        for raw in KEYWORDS.iter().copied().chain([""]) {
            let q = keyword(raw);
            let mut wheres = vec!["1".to_string()];
            if q.is_some() {
                wheres.push(contains_any(&["c.name", "c.description", "c.platform_type", "c.data_type"]));
            }
            match filter {
                "&supportedType=Source" => wheres.push("c.supported_type = 'Source'".into()),
                "&dataTypeCategory=audience%20activation" => wheres.push("c.data_type_category = 'audience activation'".into()),
                "&platformType=Cloud%20Storage%20Provider" => wheres.push("c.platform_type = 'Cloud Storage Provider'".into()),
                _ => {}
            }
            let q_val = q.clone().unwrap_or_default();
            let args: Vec<(&str, &dyn rusqlite::ToSql)> = if q.is_some() { vec![(":q", &q_val)] } else { vec![] };
            let where_sql = wheres.join(" AND ");
            let total = count(&c, &format!("SELECT COUNT(*) FROM connectors c WHERE {where_sql}"), &args);
            for (size, offset) in pages(total) {
                let expected = strings(
                    &c,
                    &format!(
                        "SELECT c.id FROM connectors c WHERE {where_sql} ORDER BY c.name COLLATE NOCASE, c.id LIMIT {size} OFFSET {offset}"
                    ),
                    &args,
                );
                let url = format!("/es/v2/connectors/all?q={}&size={size}&offset={offset}{filter}", urlencode(raw));
                let (s, v) = demo.get(&url).await;
                assert_eq!(s, StatusCode::OK, "{url}: {v}");
                assert_eq!(v["total"], total, "total of {url}");
                assert_eq!(connector_ids(&v), expected, "items of {url}");
                checked += 1;
            }
        }
    }

    // Added connectors with their usage counts, and the compatible counterparts of a connector.
    let some_source: String =
        c.query_row("SELECT src_id FROM compatibility GROUP BY src_id ORDER BY COUNT(*) DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    for account in [&a, &b] {
        for raw in KEYWORDS.iter().copied().chain([""]) {
            let q = keyword(raw);
            let q_val = q.clone().unwrap_or_default();
            let search = if q.is_some() {
                format!(" AND {}", contains_any(&["c.name", "c.description", "c.platform_type", "c.data_type"]))
            } else {
                String::new()
            };
            let mut args: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":acc", account)];
            if q.is_some() {
                args.push((":q", &q_val));
            }
            let select = "SELECT c.id || ' ' || (ac.configuration_id IS NOT NULL) || ' ' ||
                    (SELECT COUNT(*) FROM connections x WHERE x.account_id = :acc AND x.src_connector_id = c.id AND x.deleted_time IS NULL) || ' ' ||
                    (SELECT COUNT(*) FROM connections x WHERE x.account_id = :acc AND x.dest_connector_id = c.id AND x.deleted_time IS NULL) || ' ' ||
                    (ac.account_id IS NOT NULL)
                 FROM connectors c LEFT JOIN account_connectors ac ON ac.connector_id = c.id AND ac.account_id = :acc";
            let row = |i: &Value| {
                format!(
                    "{} {} {} {} {}",
                    i["connectorId"].as_str().unwrap(),
                    i["configured"].as_bool().unwrap() as u8,
                    i["srcConnections"],
                    i["destConnections"],
                    i.get("integrated").and_then(Value::as_bool).unwrap_or(true) as u8
                )
            };
            let added_where = format!("ac.account_id IS NOT NULL{search}");
            let total = count(
                &c,
                &format!("SELECT COUNT(*) FROM connectors c LEFT JOIN account_connectors ac ON ac.connector_id = c.id AND ac.account_id = :acc WHERE {added_where}"),
                &args,
            );
            for (size, offset) in pages(total) {
                let expected = strings(
                    &c,
                    &format!("{select} WHERE {added_where} ORDER BY c.name COLLATE NOCASE, c.id LIMIT {size} OFFSET {offset}"),
                    &args,
                );
                let url = format!("/es/v2/connectors?accountId={account}&q={}&size={size}&offset={offset}", urlencode(raw));
                let (s, v) = demo.get(&url).await;
                assert_eq!(s, StatusCode::OK, "{url}: {v}");
                assert_eq!(v["total"], total, "total of {url}");
                assert_eq!(v["response"].as_array().unwrap().iter().map(row).collect::<Vec<_>>(), expected, "items of {url}");
                checked += 1;
            }
            let supported_where = format!("c.id IN (SELECT dest_id FROM compatibility WHERE src_id = :me){search}");
            let mut sargs = args.clone();
            sargs.push((":me", &some_source));
            let total = count(&c, &format!("SELECT COUNT(*) FROM connectors c WHERE {supported_where}"), &sargs);
            for page in [None, Some((10, 0)), Some((4, total / 2))] {
                let limit = page.map(|(s, o)| format!(" LIMIT {s} OFFSET {o}")).unwrap_or_default();
                let expected =
                    strings(&c, &format!("{select} WHERE {supported_where} ORDER BY c.name COLLATE NOCASE, c.id{limit}"), &sargs);
                let paging = page.map(|(s, o)| format!("&size={s}&offset={o}")).unwrap_or_default();
                let url = format!("/es/v2/connectors/supported/{some_source}/source?accountId={account}&q={}{paging}", urlencode(raw));
                let (s, v) = demo.get(&url).await;
                assert_eq!(s, StatusCode::OK, "{url}: {v}");
                assert_eq!(v["total"], total, "total of {url}");
                assert_eq!(v["response"].as_array().unwrap().iter().map(row).collect::<Vec<_>>(), expected, "items of {url}");
                checked += 1;
            }
        }
    }

    // Sub-accounts with their summaries.
    for raw in ["", "brand", "BRAND A", "a", "é", "%", "nope"] {
        let q = keyword(raw);
        let q_val = q.clone().unwrap_or_default();
        let search = if q.is_some() { format!(" AND {}", contains_any(&["a.name", "a.id"])) } else { String::new() };
        let args: Vec<(&str, &dyn rusqlite::ToSql)> = if q.is_some() { vec![(":q", &q_val)] } else { vec![] };
        let expected = strings(
            &c,
            &format!(
                "SELECT a.id || ' ' || (SELECT COUNT(*) FROM connections c WHERE c.account_id = a.id AND c.deleted_time IS NULL) || ' ' ||
                    (SELECT COALESCE(SUM(c.used_volume), 0) FROM connections c WHERE c.account_id = a.id AND c.deleted_time IS NULL)
                 FROM accounts a JOIN organizations o ON o.id = a.org_id
                 WHERE o.name = 'Demo Org'{search} ORDER BY a.name COLLATE NOCASE, a.id"
            ),
            &args,
        );
        let url = format!("/es/v2/accounts?q={}", urlencode(raw));
        let (s, v) = demo.get(&url).await;
        assert_eq!(s, StatusCode::OK, "{url}: {v}");
        let got: Vec<String> = v["response"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| format!("{} {} {}", i["id"].as_str().unwrap(), i["connections"].as_str().unwrap(), i["volume"]))
            .collect();
        assert_eq!(got, expected, "{url}");
        assert_eq!(v["total"], expected.len(), "total of {url}");
        checked += 1;
    }

    // Activity timelines.
    for id in made.iter().step_by(9) {
        let account: String = c.query_row("SELECT account_id FROM connections WHERE id = ?1", [id], |r| r.get(0)).unwrap_or_default();
        let visible: bool = c
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM connections WHERE id = ?1 AND (deleted_time IS NULL OR deleted_time > ?2))",
                params![id, cutoff],
                |r| r.get(0),
            )
            .unwrap();
        if !visible {
            let (s, _) = demo.get(&format!("/es/v2/connections/{id}/activity?accountId={account}")).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "activity of a connection past its restore window");
            continue;
        }
        let all = {
            let mut stmt = c.prepare("SELECT id FROM activity WHERE connection_id = ?1 ORDER BY time DESC, seq DESC").unwrap();
            stmt.query_map(params_from_iter([id]), |r| r.get::<_, String>(0)).unwrap().collect::<Result<Vec<_>, _>>().unwrap()
        };
        for (size, offset) in [(100, 0), (2, 1)] {
            let url = format!("/es/v2/connections/{id}/activity?accountId={account}&size={size}&offset={offset}");
            let (s, v) = demo.get(&url).await;
            assert_eq!(s, StatusCode::OK, "{url}: {v}");
            let expected: Vec<String> = all.iter().skip(offset).take(size).cloned().collect();
            assert_eq!(ids(&v), expected, "{url}");
            assert_eq!(v["total"], all.len(), "total of {url}");
            checked += 1;
        }
    }
    assert!(checked > 2_000, "only {checked} answers compared");
}
