//! Usage reports in SQLite: sums over the recorded batches, each read from a covering index of
//! the batches table (`batches_account`, `batches_connection`), one page of rows at a time.

use crate::db::search::{self, contains_any, Keyword};
use crate::db::Filter;
use crate::error::Result;
use crate::extract::Page;
use crate::transfers::{day_start, month_of};
use madconnect_model::{AdminReportRow, ConnectionReportRow, ConnectionStatus, DailyVolume};
use rusqlite::{params, params_from_iter, Connection};
use std::collections::{BTreeMap, BTreeSet};

/// Records and bytes of the successful batches per UTC day (day number → sums).
fn days_of_account(c: &Connection, account_id: &str, (from, to): (i64, i64)) -> Result<BTreeMap<i64, (u64, u64)>> {
    let mut stmt = c.prepare_cached(
        "SELECT started_time / 86400 AS day, SUM(records) AS records, SUM(bytes) AS bytes FROM batches
         WHERE account_id = ?1 AND started_time >= ?2 AND started_time < ?3 AND stage = 'success' GROUP BY day",
    )?;
    let rows = stmt.query_map(params![account_id, from, to], |r| {
        Ok((r.get::<_, i64>("day")?, (r.get::<_, i64>("records")?.max(0) as u64, r.get::<_, i64>("bytes")?.max(0) as u64)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One page of the organization's sub-accounts (by name; `q` matches name or id) with their
/// usage in `[from, to)`, and how many sub-accounts match.
pub fn admin(c: &Connection, org_id: &str, q: Option<&Keyword>, page: Page, range: (i64, i64)) -> Result<(Vec<AdminReportRow>, u64)> {
    let mut f = Filter::default();
    let org = f.value(org_id.to_string());
    f.push(format!("a.org_id = {org}"));
    if let Some(q) = q {
        let p = f.arg(q.lower.clone());
        f.push(contains_any(&["a.name", "a.id"], &p));
    }
    let total = f.count(c, "", "accounts a")?;
    let sql = format!(
        "SELECT a.id, a.name,
            COALESCE((SELECT k.connections FROM live_connection_counts k WHERE k.account_id = a.id AND k.status = 'active'), 0) AS connections
         FROM accounts a{} ORDER BY a.name COLLATE NOCASE, a.id{}",
        f.where_sql(),
        page.limit_sql()
    );
    let accounts: Vec<(String, String, i64)> = f.rows(c, &sql, |r| Ok((r.get("id")?, r.get("name")?, r.get("connections")?)))?;
    let mut rows = Vec::with_capacity(accounts.len());
    for (id, name, connections) in accounts {
        let days = days_of_account(c, &id, range)?;
        let total_volume: u64 = days.values().map(|d| d.0).sum();
        let total_volume_bytes: u64 = days.values().map(|d| d.1).sum();
        let with_data: Vec<i64> = days.iter().filter(|(_, d)| d.0 > 0).map(|(day, _)| *day).collect();
        let months: BTreeSet<i64> = with_data.iter().map(|d| month_of(d * 86_400)).collect();
        let avg = |n: usize| if n == 0 { 0 } else { (total_volume as f64 / n as f64).round() as u64 };
        rows.push(AdminReportRow {
            account_id: id,
            account_name: name,
            connections: connections.max(0) as u64,
            avg_daily_volume: avg(with_data.len()),
            avg_monthly_volume: avg(months.len()),
            total_volume,
            total_volume_bytes,
            month_count: months.len() as u64,
        });
    }
    Ok((rows, total))
}

/// One page of a sub-account's connections not deleted (by name; `q` matches the name or either
/// connector's name) with their batches in `[from, to)`, and how many connections match.
pub fn connections(
    c: &Connection,
    account_id: &str,
    q: Option<&Keyword>,
    page: Page,
    range: (i64, i64),
) -> Result<(Vec<ConnectionReportRow>, u64)> {
    let mut f = Filter::default();
    let acc = f.value(account_id.to_string());
    f.push(format!("x.account_id = {acc}"));
    f.push("x.deleted_time IS NULL".into());
    if let Some(q) = q {
        let names = search::connector_names(&mut f, q);
        let p = f.arg(q.lower.clone());
        f.push(format!("(instr(lower(x.name), {p}) > 0 OR x.src_connector_id IN ({names}) OR x.dest_connector_id IN ({names}))"));
    }
    let total = match q {
        None => {
            let n: i64 = c
                .prepare_cached("SELECT COALESCE(SUM(connections), 0) FROM live_connection_counts WHERE account_id = ?1")?
                .query_row([account_id], |r| r.get(0))?;
            n.max(0) as u64
        }
        Some(_) => f.count(c, "", "connections x")?,
    };
    // The page's keys from the name index alone, then only their rows.
    let sql = format!("SELECT x.num FROM connections x{} ORDER BY x.name COLLATE NOCASE, x.num{}", f.where_sql(), page.limit_sql());
    let nums: Vec<i64> = f.rows(c, &sql, |r| r.get(0))?;
    if nums.is_empty() {
        return Ok((vec![], total));
    }
    let marks = vec!["?"; nums.len()].join(", ");
    let mut stmt = c.prepare_cached(&format!(
        "SELECT x.num, x.id, x.name, x.status, s.name AS src_name, d.name AS dest_name FROM connections x
         JOIN connectors s ON s.id = x.src_connector_id JOIN connectors d ON d.id = x.dest_connector_id WHERE x.num IN ({marks})"
    ))?;
    let mut found: BTreeMap<i64, ConnectionReportRow> = stmt
        .query_map(params_from_iter(nums.iter()), |r| {
            Ok((
                r.get("num")?,
                ConnectionReportRow {
                    connection_id: r.get("id")?,
                    connection_name: r.get("name")?,
                    status: ConnectionStatus::parse(r.get_ref("status")?.as_str()?),
                    total_volume: 0,
                    total_volume_bytes: 0,
                    batches: 0,
                    failed_batches: 0,
                    last_transfer_time: None,
                    src_connector_name: r.get("src_name")?,
                    dest_connector_name: r.get("dest_name")?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut sums = c.prepare_cached(
        "SELECT COALESCE(SUM(CASE WHEN stage = 'success' THEN records END), 0) AS records,
                COALESCE(SUM(CASE WHEN stage = 'success' THEN bytes END), 0) AS bytes,
                COUNT(*) AS batches, COALESCE(SUM(stage = 'failure'), 0) AS failures, MAX(started_time) AS last
         FROM batches WHERE connection_id = ?1 AND started_time >= ?2 AND started_time < ?3",
    )?;
    let mut rows = Vec::with_capacity(nums.len());
    for num in nums {
        let Some(mut row) = found.remove(&num) else { continue };
        sums.query_row(params![row.connection_id, range.0, range.1], |r| {
            row.total_volume = r.get::<_, i64>("records")?.max(0) as u64;
            row.total_volume_bytes = r.get::<_, i64>("bytes")?.max(0) as u64;
            row.batches = r.get::<_, i64>("batches")?.max(0) as u64;
            row.failed_batches = r.get::<_, i64>("failures")?.max(0) as u64;
            row.last_transfer_time = r.get("last")?;
            Ok(())
        })?;
        rows.push(row);
    }
    Ok((rows, total))
}

/// A connection's last `days` UTC days up to and including `now`'s, oldest first, days without
/// batches included as zeros.
pub fn daily(c: &Connection, connection_id: &str, days: u32, now: i64) -> Result<Vec<DailyVolume>> {
    let last = day_start(now);
    let first = last - (i64::from(days) - 1) * 86_400;
    let mut stmt = c.prepare_cached(
        "SELECT started_time / 86400 AS day,
                COALESCE(SUM(CASE WHEN stage = 'success' THEN records END), 0) AS records,
                COALESCE(SUM(CASE WHEN stage = 'success' THEN bytes END), 0) AS bytes,
                COUNT(*) AS batches, COALESCE(SUM(stage = 'failure'), 0) AS failures
         FROM batches WHERE connection_id = ?1 AND started_time >= ?2 AND started_time < ?3 GROUP BY day",
    )?;
    let mut found: BTreeMap<i64, DailyVolume> = stmt
        .query_map(params![connection_id, first, last + 86_400], |r| {
            let day: i64 = r.get("day")?;
            let n = |col: &str| -> rusqlite::Result<u64> { Ok(r.get::<_, i64>(col)?.max(0) as u64) };
            Ok((
                day,
                DailyVolume {
                    date: day * 86_400,
                    volume: n("records")?,
                    bytes: n("bytes")?,
                    batches: n("batches")?,
                    failures: n("failures")?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((0..i64::from(days))
        .map(|i| {
            let date = first + i * 86_400;
            found.remove(&(date / 86_400)).unwrap_or(DailyVolume { date, ..Default::default() })
        })
        .collect())
}
