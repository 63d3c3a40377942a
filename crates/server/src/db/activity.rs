//! The activity log of connections: appending an entry and reading a connection's timeline.

use crate::crypto::new_id;
use crate::error::Result;
use crate::extract::Page;
use madconnect_model::{ActivityAction, ActivityEntry};
use rusqlite::{params, Connection};

/// Appends an entry to a connection's activity log.
pub fn log(
    c: &Connection,
    connection_id: &str,
    account_id: &str,
    time: i64,
    actor: &str,
    action: &ActivityAction,
    detail: &str,
) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO activity (id, connection_id, account_id, time, seq, actor, action, detail)
         VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(seq), 0) + 1 FROM activity WHERE connection_id = ?2), ?5, ?6, ?7)",
    )?
    .execute(params![new_id(), connection_id, account_id, time, actor, action.as_str(), detail])?;
    Ok(())
}

/// A connection's timeline, newest first (all of it without a page), and its length.
pub fn list(c: &Connection, connection_id: &str, page: Option<Page>) -> Result<(Vec<ActivityEntry>, u64)> {
    let limit = page.map(|p| p.limit_sql()).unwrap_or_default();
    let mut stmt = c.prepare_cached(&format!(
        // `+?1`: see `Filter::value`.
        "SELECT id, connection_id, time, actor, action, detail FROM activity WHERE connection_id = +?1
         ORDER BY time DESC, seq DESC{limit}"
    ))?;
    let items = stmt
        .query_map([connection_id], |r| {
            Ok(ActivityEntry {
                id: r.get("id")?,
                connection_id: r.get("connection_id")?,
                time: r.get("time")?,
                actor: r.get("actor")?,
                action: ActivityAction::parse(&r.get::<_, String>("action")?),
                detail: r.get("detail")?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total: i64 =
        c.prepare_cached("SELECT COUNT(*) FROM activity WHERE connection_id = ?1")?.query_row([connection_id], |r| r.get(0))?;
    Ok((items, total as u64))
}
