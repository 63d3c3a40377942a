//! Every list query, explained by SQLite: none may scan the connections or activity tables from
//! end to end (the page, the total and the search must each come from an index).

use madconnect_model::{ConnectionStatus, SupportedType};
use madconnect_server::crypto::Cipher;
use madconnect_server::db::connections::{self, View};
use madconnect_server::db::connectors::{self, CatalogFilter};
use madconnect_server::db::search::Keyword;
use madconnect_server::db::{accounts, activity, batches, reports, Db};
use madconnect_server::extract::Page;
use madconnect_server::seed::{self, SeedOptions};
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::StatementStatus;
use std::sync::{Arc, Mutex};

fn seeded() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plans.db");
    let db = Db::open(&path).unwrap();
    let cipher = Cipher::open_or_create(&dir.path().join("k")).unwrap();
    let opts = SeedOptions { synthetic_connections: 300, synthetic_connectors: 40, ..Default::default() };
    db.blocking(|c| seed::run(c, &cipher, &opts)).unwrap();
    (dir, path)
}

/// Runs `work` on a connection that records the expanded SQL of every statement it executes,
/// and the statements SQLite had to prepare again (a cost paid on every request).
fn statements_of(path: &std::path::Path, work: impl FnOnce(&rusqlite::Connection)) -> (Vec<String>, Vec<String>) {
    let mut c = rusqlite::Connection::open(path).unwrap();
    let seen = Arc::new(Mutex::new((Vec::new(), Vec::new())));
    let sink = seen.clone();
    c.trace_v2(
        TraceEventCodes::SQLITE_TRACE_STMT | TraceEventCodes::SQLITE_TRACE_PROFILE,
        Some(move |e: TraceEvent<'_>| match e {
            TraceEvent::Stmt(stmt, _) => {
                if let Some(sql) = stmt.expanded_sql() {
                    sink.lock().unwrap().0.push(sql);
                }
            }
            TraceEvent::Profile(stmt, _) if stmt.get_status(StatementStatus::RePrepare) > 0 => {
                sink.lock().unwrap().1.push(stmt.sql().to_string());
            }
            _ => {}
        }),
    )
    .unwrap();
    work(&c);
    let out = seen.lock().unwrap().clone();
    out
}

#[test]
fn bundled_sqlite_has_fts5() {
    let c = rusqlite::Connection::open_in_memory().unwrap();
    let mut stmt = c.prepare("PRAGMA compile_options").unwrap();
    let options: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    assert!(options.iter().any(|o| o == "ENABLE_FTS5"), "{options:?}");
}

#[test]
fn no_list_query_scans_connections_or_activity() {
    let (_dir, path) = seeded();
    let c = rusqlite::Connection::open(&path).unwrap();
    let (account, org): (String, String) =
        c.query_row("SELECT id, org_id FROM accounts WHERE name = 'Brand A'", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    let (conn_id, src_id): (String, String) = c
        .query_row("SELECT id, src_connector_id FROM connections WHERE account_id = ?1 LIMIT 1", [&account], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let now = madconnect_server::db::now();
    let pages = [Page { size: 25, offset: 0 }, Page { size: 25, offset: 280 }, Page { size: 10, offset: 150 }];
    let keywords = [None, Some("ab"), Some("benchmark"), Some("amazon s3"), Some("it's \"100%\"")];
    let views = [View::Live, View::Status(ConnectionStatus::Active), View::Deleted];

    let (statements, reprepared) = statements_of(&path, |c| {
        // Twice over, so every cached statement is used again with other values bound.
        for view in views.iter().chain(&views) {
            for q in keywords {
                let q = q.map(|k| Keyword::new(k.to_string()));
                for page in pages {
                    connections::list(c, &account, view, q.as_ref(), page, "/", now).unwrap();
                }
            }
        }
        connections::find(c, &account, &conn_id, "/", now).unwrap();
        connections::using_connector(c, &account, &src_id).unwrap();
        connections::name_taken(c, &account, "Benchmark connection 00001", "").unwrap();
        activity::list(c, &conn_id, Some(Page { size: 10, offset: 0 })).unwrap();
        activity::list(c, &conn_id, None).unwrap();
        accounts::summaries(c, &org, None).unwrap();
        accounts::summaries(c, &org, Some(&Keyword::new("brand".into()))).unwrap();
        accounts::summary(c, &org, &account).unwrap();
        for q in keywords {
            let filter = CatalogFilter { q: q.map(|k| Keyword::new(k.to_string())), ..Default::default() };
            connectors::catalog(c, &filter, Some(&account), pages[0], "/").unwrap();
            connectors::added_list(c, &account, &filter, pages[0], "/").unwrap();
            connectors::supported(c, &account, &src_id, &SupportedType::Source, &filter, None, "/").unwrap();
        }
        let filter = CatalogFilter { supported_type: Some(SupportedType::Destination), ..Default::default() };
        connectors::catalog(c, &filter, None, pages[0], "/").unwrap();
    });

    let mut checked = 0;
    let mut scans = Vec::new();
    for sql in statements.iter().filter(|s| s.starts_with("SELECT") || s.starts_with("WITH")) {
        let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let details: Vec<String> = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap().collect::<Result<_, _>>().unwrap();
        checked += 1;
        // A page without search walks one index and never reads a row, however deep it is.
        let unsearched_page = sql.starts_with("SELECT num FROM connections x") && !sql.contains("instr(");
        if unsearched_page && !details.iter().all(|d| d.contains("USING COVERING INDEX connections_")) {
            scans.push(format!("{details:?}\n    not covering: {sql}"));
        }
        for d in &details {
            let target = d.strip_prefix("SCAN ").map(|rest| rest.split_whitespace().next().unwrap_or(""));
            if matches!(target, Some("x" | "connections" | "activity")) {
                scans.push(format!("{d}\n    in: {sql}"));
            }
        }
    }
    assert!(checked > 100, "only {checked} statements were explained");
    // Ours only: FTS5 runs statements of its own on its shadow tables ('main'.'..._idx').
    let mut reprepared: Vec<String> =
        reprepared.into_iter().filter(|s| (s.starts_with("SELECT") || s.starts_with("WITH")) && !s.contains("'main'.")).collect();
    reprepared.dedup();
    assert!(reprepared.is_empty(), "prepared again on every use:\n{}", reprepared.join("\n"));
    assert!(scans.is_empty(), "full scans or row reads:\n{}", scans.join("\n"));
}

#[test]
fn reports_and_batch_history_read_batches_from_their_indexes() {
    let (_dir, path) = seeded();
    let (account, org, conn_id): (String, String, String) = {
        let mut c = rusqlite::Connection::open(&path).unwrap();
        let ids: Vec<String> =
            c.prepare("SELECT id FROM connections").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        seed::history::record_all(&mut c, &ids, madconnect_server::db::now()).unwrap();
        c.query_row(
            "SELECT b.account_id, a.org_id, b.connection_id FROM batches b JOIN accounts a ON a.id = b.account_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    let c = rusqlite::Connection::open(&path).unwrap();
    let now = madconnect_server::db::now();
    let ranges = [(0, i64::MAX), (now - 86_400 * 30, now)];
    let (statements, _) = statements_of(&path, |c| {
        for range in ranges {
            for q in [None, Some("ab"), Some("amazon s3")] {
                let q = q.map(|k| Keyword::new(k.to_string()));
                reports::admin(c, &org, q.as_ref(), Page { size: 10, offset: 0 }, range).unwrap();
                reports::connections(c, &account, q.as_ref(), Page { size: 25, offset: 100 }, range).unwrap();
            }
            batches::history(c, &conn_id, Page { size: 10, offset: 5 }, range).unwrap();
        }
        reports::daily(c, &conn_id, 90, now).unwrap();
        batches::find(c, &conn_id, "NoSuchBatch").unwrap();
        batches::unfinished(c, &conn_id).unwrap();
    });
    let mut problems = Vec::new();
    let mut on_batches = 0;
    for sql in statements.iter().filter(|s| s.starts_with("SELECT") || s.starts_with("WITH")) {
        let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let details: Vec<String> = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap().collect::<Result<_, _>>().unwrap();
        for d in &details {
            let target = d.strip_prefix("SCAN ").map(|rest| rest.split_whitespace().next().unwrap_or(""));
            if matches!(target, Some("x" | "connections" | "batches" | "b")) {
                problems.push(format!("{d}\n    in: {sql}"));
            }
            // Sums and pages of batches come from an index alone; only single batches (by id, or
            // the one unfinished) and a page's own rows (by key) are read.
            let single = sql.contains("WHERE id = ") || sql.contains("stage NOT IN");
            let report_page = sql.starts_with("SELECT x.num FROM connections x") && !sql.contains("instr(");
            if report_page && !d.contains("USING COVERING INDEX connections_name_page") {
                problems.push(format!("{d}\n    not covering: {sql}"));
            }
            if d.contains(" batches ") && !d.contains("INTEGER PRIMARY KEY") && !single {
                on_batches += 1;
                if !d.contains("COVERING INDEX batches_") {
                    problems.push(format!("{d}\n    not covering: {sql}"));
                }
            }
        }
    }
    assert!(on_batches >= 5, "only {on_batches} plans read batches");
    assert!(problems.is_empty(), "full scans or row reads:\n{}", problems.join("\n"));
}
