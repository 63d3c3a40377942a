//! Connections in SQLite: the pages of the list (live, by status, recently deleted, searched),
//! one connection, its stored settings, and every write the handlers make.
//!
//! A page is found in two steps: the row keys, by walking the index that holds the list's sort key
//! (from whichever end is nearer, so the last page costs what the first does), then the rows for
//! just those keys. Unsearched totals come from counts the triggers keep (see migration 2).

use crate::db::search::{self, Keyword};
use crate::db::Filter;
use crate::error::Result;
use crate::extract::Page;
use crate::store;
use madconnect_model::{ConfigValues, Connection, ConnectionStatus, ConnectorRef, RESTORE_WINDOW_SECS};
use rusqlite::{params, params_from_iter, OptionalExtension, Row, Statement};
use std::collections::HashMap;

/// The environment name connections report.
pub const ENV_NAME: &str = "Production";

/// Which connections a list shows.
#[derive(Debug, Clone, PartialEq)]
pub enum View {
    /// Every connection not deleted.
    Live,
    /// Connections not deleted in one status.
    Status(ConnectionStatus),
    /// Deleted connections that can still be restored, most recently deleted first.
    Deleted,
}

/// Connections deleted at or before this time are gone, whether or not the purge has run yet.
pub fn restore_cutoff(now: i64) -> i64 {
    now - RESTORE_WINDOW_SECS
}

/// Permanently removes connections deleted more than 30 days ago, with their activity.
pub fn purge_expired(c: &rusqlite::Connection, now: i64) -> rusqlite::Result<usize> {
    let cutoff = restore_cutoff(now);
    c.execute(
        "DELETE FROM activity WHERE connection_id IN (SELECT id FROM connections WHERE deleted_time IS NOT NULL AND deleted_time <= ?1)",
        [cutoff],
    )?;
    c.execute("DELETE FROM connections WHERE deleted_time IS NOT NULL AND deleted_time <= ?1", [cutoff])
}

/// What a list shows of a connection; the detail adds `src_public, dest_public`.
const COLUMNS: &str = "x.id, x.account_id, x.name, x.status, x.created_time, x.updated_time, x.deleted_time,
    x.monthly_volume, x.total_volume, x.used_volume,
    x.src_connector_id, s.name AS src_name, s.slug AS src_slug, sa.configuration_id IS NOT NULL AS src_configured,
    x.dest_connector_id, d.name AS dest_name, d.slug AS dest_slug, da.configuration_id IS NOT NULL AS dest_configured";

const JOINED: &str = "connections x
    JOIN connectors s ON s.id = x.src_connector_id
    JOIN connectors d ON d.id = x.dest_connector_id
    LEFT JOIN account_connectors sa ON sa.account_id = x.account_id AND sa.connector_id = x.src_connector_id
    LEFT JOIN account_connectors da ON da.account_id = x.account_id AND da.connector_id = x.dest_connector_id";

/// Where each column of `COLUMNS` is, looked up by name once per statement rather than once
/// per value (a list page reads twenty values from each of up to a hundred rows).
struct Cols {
    id: usize,
    account_id: usize,
    name: usize,
    status: usize,
    created_time: usize,
    updated_time: usize,
    deleted_time: usize,
    monthly_volume: usize,
    total_volume: usize,
    used_volume: usize,
    src: EndCols,
    dest: EndCols,
    /// The non-secret settings, when the statement reads them.
    settings: Option<(usize, usize)>,
}

struct EndCols {
    connector_id: usize,
    name: usize,
    slug: usize,
    configured: usize,
}

impl Cols {
    fn of(stmt: &Statement<'_>) -> rusqlite::Result<Cols> {
        let at = |name: &str| stmt.column_index(name);
        let end = |side: &str| -> rusqlite::Result<EndCols> {
            Ok(EndCols {
                connector_id: at(&format!("{side}_connector_id"))?,
                name: at(&format!("{side}_name"))?,
                slug: at(&format!("{side}_slug"))?,
                configured: at(&format!("{side}_configured"))?,
            })
        };
        Ok(Cols {
            id: at("id")?,
            account_id: at("account_id")?,
            name: at("name")?,
            status: at("status")?,
            created_time: at("created_time")?,
            updated_time: at("updated_time")?,
            deleted_time: at("deleted_time")?,
            monthly_volume: at("monthly_volume")?,
            total_volume: at("total_volume")?,
            used_volume: at("used_volume")?,
            src: end("src")?,
            dest: end("dest")?,
            settings: at("src_public").and_then(|s| Ok((s, at("dest_public")?))).ok(),
        })
    }
}

fn from_row(r: &Row<'_>, cols: &Cols, public_path: &str) -> rusqlite::Result<Connection> {
    let status = ConnectionStatus::parse(r.get_ref(cols.status)?.as_str()?);
    let deleted_time: Option<i64> = r.get(cols.deleted_time)?;
    let end = |e: &EndCols| -> rusqlite::Result<ConnectorRef> {
        Ok(ConnectorRef {
            connector_id: r.get(e.connector_id)?,
            connector_name: r.get(e.name)?,
            connector_logo: store::logo_url(public_path, r.get_ref(e.slug)?.as_str()?),
            configured: r.get(e.configured)?,
        })
    };
    let config = |i: usize| -> rusqlite::Result<ConfigValues> { Ok(serde_json::from_str(r.get_ref(i)?.as_str()?).unwrap_or_default()) };
    let (src_connection_config, dest_connection_config) = match cols.settings {
        Some((s, d)) => (Some(config(s)?), Some(config(d)?)),
        None => (None, None),
    };
    let volume = |i: usize| -> rusqlite::Result<u64> { Ok(r.get::<_, i64>(i)?.max(0) as u64) };
    Ok(Connection {
        id: r.get(cols.id)?,
        account_id: r.get(cols.account_id)?,
        name: r.get(cols.name)?,
        enabled: status.is_enabled(),
        deleted: deleted_time.is_some(),
        editable: deleted_time.is_none(),
        status,
        created_time: r.get(cols.created_time)?,
        updated_time: r.get(cols.updated_time)?,
        deleted_time,
        monthly_volume: volume(cols.monthly_volume)?,
        total_volume: volume(cols.total_volume)?,
        used_volume: volume(cols.used_volume)?,
        src: end(&cols.src)?,
        dest: end(&cols.dest)?,
        env: ENV_NAME.into(),
        src_connection_config,
        dest_connection_config,
    })
}

/// One connection of a sub-account, with its non-secret settings; `None` when unknown, another
/// sub-account's, or deleted longer ago than the restore window.
pub fn find(c: &rusqlite::Connection, account_id: &str, id: &str, public_path: &str, now: i64) -> Result<Option<Connection>> {
    let sql = format!(
        "SELECT {COLUMNS}, x.src_public, x.dest_public FROM {JOINED}
         WHERE x.id = ?1 AND x.account_id = ?2 AND (x.deleted_time IS NULL OR x.deleted_time > ?3)"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let cols = Cols::of(&stmt)?;
    Ok(stmt.query_row(params![id, account_id, restore_cutoff(now)], |r| from_row(r, &cols, public_path)).optional()?)
}

/// One page of a sub-account's connections and how many there are in all.
pub fn list(
    c: &rusqlite::Connection,
    account_id: &str,
    view: &View,
    q: Option<&Keyword>,
    page: Page,
    public_path: &str,
    now: i64,
) -> Result<(Vec<Connection>, u64)> {
    let mut f = Filter::default();
    let acc = f.value(account_id.to_string());
    f.push(format!("x.account_id = {acc}"));
    let (key, forward, backward) = match view {
        View::Deleted => ("deleted_time", "deleted_time DESC, id", "deleted_time, id DESC"),
        _ => ("created_time", "created_time DESC, id", "created_time, id DESC"),
    };
    match view {
        View::Live => f.push("x.deleted_time IS NULL".into()),
        View::Status(st) => {
            f.push("x.deleted_time IS NULL".into());
            let p = f.value(st.as_str().to_string());
            f.push(format!("x.status = {p}"));
        }
        View::Deleted => {
            f.push("x.deleted_time IS NOT NULL".into());
            let p = f.value(restore_cutoff(now));
            f.push(format!("x.deleted_time > {p}"));
        }
    }
    let (with, from) = match q {
        None => (String::new(), "connections x".to_string()),
        Some(q) => search_filter(&mut f, key, q),
    };
    let total = match (q, view) {
        (None, View::Live) => live_count(c, account_id, None)?,
        (None, View::Status(st)) => live_count(c, account_id, Some(st.as_str()))?,
        _ => f.count(c, &with, &from)?,
    };
    let offset = page.offset.max(0) as u64;
    if offset >= total {
        return Ok((vec![], total));
    }
    // Rows [offset, end) counted from the top are rows [total - end, total - offset) counted
    // from the bottom; walk the index from whichever end is nearer.
    let end = (offset + page.size.max(0) as u64).min(total);
    let from_bottom = total - end < offset;
    let (order, skip) = if from_bottom { (backward, total - end) } else { (forward, offset) };
    let sql = format!("{with}SELECT num FROM {from}{} ORDER BY {order} LIMIT {} OFFSET {skip}", f.where_sql(), end - offset);
    let mut nums: Vec<i64> = f.rows(c, &sql, |r| r.get(0))?;
    if from_bottom {
        nums.reverse();
    }
    Ok((rows(c, &nums, public_path)?, total))
}

/// The search part of a list: connections whose name, source connector name or destination
/// connector name contains the keyword. With the trigram index, the matches are the union of the
/// name candidates the index gives (checked against the exact rule) and the connections of the
/// connectors whose name matches, read from the connector indexes alone; each carries its sort
/// key (`key`), so ordering and counting them never reads a row.
fn search_filter(f: &mut Filter, key: &str, q: &Keyword) -> (String, String) {
    let names = search::connector_names(f, q);
    let p = f.arg(q.lower.clone());
    if !q.indexed() {
        f.push(format!("(instr(lower(x.name), {p}) > 0 OR x.src_connector_id IN ({names}) OR x.dest_connector_id IN ({names}))"));
        return (String::new(), "connections x".into());
    }
    let m = f.arg(q.fts_phrase(None));
    let scope = std::mem::take(&mut f.clauses).join(" AND ");
    let with = format!(
        "WITH named(id) AS MATERIALIZED ({names}),
         hits(num, {key}, id) AS (
            SELECT x.num, x.{key}, x.id FROM connection_search CROSS JOIN connections x ON x.num = connection_search.rowid
                WHERE connection_search MATCH {m} AND {scope} AND instr(lower(x.name), {p}) > 0
            UNION SELECT x.num, x.{key}, x.id FROM connections x WHERE {scope} AND x.src_connector_id IN named
            UNION SELECT x.num, x.{key}, x.id FROM connections x WHERE {scope} AND x.dest_connector_id IN named
         ) "
    );
    (with, "hits h".into())
}

/// Live connections of a sub-account (in one status, or all), from the maintained counts.
fn live_count(c: &rusqlite::Connection, account_id: &str, status: Option<&str>) -> Result<u64> {
    let n: i64 = match status {
        None => c
            .prepare_cached("SELECT COALESCE(SUM(connections), 0) FROM live_connection_counts WHERE account_id = ?1")?
            .query_row([account_id], |r| r.get(0))?,
        Some(s) => c
            .prepare_cached("SELECT COALESCE(SUM(connections), 0) FROM live_connection_counts WHERE account_id = ?1 AND status = ?2")?
            .query_row([account_id, s], |r| r.get(0))?,
    };
    Ok(n.max(0) as u64)
}

/// The list rows of the connections keyed `nums`, in that order.
fn rows(c: &rusqlite::Connection, nums: &[i64], public_path: &str) -> Result<Vec<Connection>> {
    if nums.is_empty() {
        return Ok(vec![]);
    }
    let marks = vec!["?"; nums.len()].join(", ");
    let sql = format!("SELECT x.num, {COLUMNS} FROM {JOINED} WHERE x.num IN ({marks})");
    let mut stmt = c.prepare_cached(&sql)?;
    let cols = Cols::of(&stmt)?;
    let mut found: HashMap<i64, Connection> = stmt
        .query_map(params_from_iter(nums.iter()), |r| Ok((r.get(0)?, from_row(r, &cols, public_path)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(nums.iter().filter_map(|n| found.remove(n)).collect())
}

/// Whether a live connection other than `except` already has this name (ignoring case).
///
/// "Unique ignoring case" is the model's Unicode rule (`connection_name_key`: case folded,
/// invisible characters dropped), which SQLite's NOCASE (ASCII only) cannot express, so this
/// reads the account's live names: a write costs a pass over one account's names, reads nothing.
pub fn name_taken(c: &rusqlite::Connection, account_id: &str, name: &str, except: &str) -> Result<bool> {
    use madconnect_model::connection::connection_name_key;
    let key = connection_name_key(name);
    let mut stmt = c.prepare_cached("SELECT name FROM connections WHERE account_id = ?1 AND deleted_time IS NULL AND id <> ?2")?;
    let mut rows = stmt.query(params![account_id, except])?;
    while let Some(row) = rows.next()? {
        if connection_name_key(&row.get::<_, String>("name")?) == key {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Live connections using a connector in a sub-account, as (id, name), by name.
pub fn using_connector(c: &rusqlite::Connection, account_id: &str, connector_id: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, name FROM connections WHERE account_id = ?1 AND deleted_time IS NULL AND src_connector_id = ?2
         UNION SELECT id, name FROM connections WHERE account_id = ?1 AND deleted_time IS NULL AND dest_connector_id = ?2
         ORDER BY name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map(params![account_id, connector_id], |r| Ok((r.get("id")?, r.get("name")?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A new connection's stored form.
pub struct NewRow<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub name: &'a str,
    pub src_connector_id: &'a str,
    pub dest_connector_id: &'a str,
    pub src: &'a store::Stored,
    pub dest: &'a store::Stored,
    pub status: ConnectionStatus,
    pub time: i64,
}

pub fn insert(c: &rusqlite::Connection, row: &NewRow<'_>) -> Result<(), InsertError> {
    c.execute(
        "INSERT INTO connections (id, account_id, name, src_connector_id, dest_connector_id, src_public, src_sealed,
            dest_public, dest_sealed, status, created_time, updated_time)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            row.id,
            row.account_id,
            row.name,
            row.src_connector_id,
            row.dest_connector_id,
            row.src.public_json().map_err(InsertError::Other)?,
            row.src.sealed,
            row.dest.public_json().map_err(InsertError::Other)?,
            row.dest.sealed,
            row.status.as_str(),
            row.time,
        ],
    )
    .map_err(InsertError::from)?;
    Ok(())
}

/// A write that may lose a race for the connection's name (the unique index).
#[derive(Debug)]
pub enum InsertError {
    NameTaken,
    Other(crate::error::AppError),
}

impl From<rusqlite::Error> for InsertError {
    fn from(e: rusqlite::Error) -> Self {
        if crate::db::is_unique_violation(&e) {
            InsertError::NameTaken
        } else {
            InsertError::Other(e.into())
        }
    }
}

pub fn rename(c: &rusqlite::Connection, id: &str, name: &str) -> Result<(), InsertError> {
    c.execute("UPDATE connections SET name = ?1 WHERE id = ?2", params![name, id])?;
    Ok(())
}

/// Which end of a connection a setting belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Side {
    Source,
    Destination,
}

pub fn set_settings(c: &rusqlite::Connection, id: &str, side: Side, stored: &store::Stored) -> Result<()> {
    let sql = match side {
        Side::Source => "UPDATE connections SET src_public = ?1, src_sealed = ?2 WHERE id = ?3",
        Side::Destination => "UPDATE connections SET dest_public = ?1, dest_sealed = ?2 WHERE id = ?3",
    };
    c.execute(sql, params![stored.public_json()?, stored.sealed, id])?;
    Ok(())
}

pub fn touch(c: &rusqlite::Connection, id: &str, time: i64) -> Result<()> {
    c.execute("UPDATE connections SET updated_time = ?1 WHERE id = ?2", params![time, id])?;
    Ok(())
}

/// A new status (also the way back from deleted).
pub fn set_status(c: &rusqlite::Connection, id: &str, status: &ConnectionStatus, time: i64) -> Result<()> {
    c.execute(
        "UPDATE connections SET status = ?1, deleted_time = NULL, updated_time = ?2 WHERE id = ?3",
        params![status.as_str(), time, id],
    )?;
    Ok(())
}

pub fn soft_delete(c: &rusqlite::Connection, id: &str, time: i64) -> Result<()> {
    c.execute("UPDATE connections SET status = 'deleted', deleted_time = ?1, updated_time = ?1 WHERE id = ?2", params![time, id])?;
    Ok(())
}

/// A connection's stored settings: clear values and the sealed password values, per end.
pub struct Settings {
    pub src_public: ConfigValues,
    pub src_sealed: Option<Vec<u8>>,
    pub dest_public: ConfigValues,
    pub dest_sealed: Option<Vec<u8>>,
    pub src_connector_id: String,
    pub dest_connector_id: String,
}

pub fn settings(c: &rusqlite::Connection, id: &str) -> Result<Settings> {
    Ok(c.query_row(
        "SELECT src_public, src_sealed, dest_public, dest_sealed, src_connector_id, dest_connector_id FROM connections WHERE id = ?1",
        [id],
        |r| {
            let public =
                |col: &str| -> rusqlite::Result<ConfigValues> { Ok(serde_json::from_str(&r.get::<_, String>(col)?).unwrap_or_default()) };
            Ok(Settings {
                src_public: public("src_public")?,
                src_sealed: r.get("src_sealed")?,
                dest_public: public("dest_public")?,
                dest_sealed: r.get("dest_sealed")?,
                src_connector_id: r.get("src_connector_id")?,
                dest_connector_id: r.get("dest_connector_id")?,
            })
        },
    )?)
}
