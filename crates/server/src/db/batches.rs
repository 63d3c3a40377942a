//! Batches in SQLite: starting one, reading one and a connection's history, every move the
//! transfer engine makes, and the volumes a successful batch adds to its connection.

use crate::error::Result;
use crate::extract::Page;
use madconnect_model::{Batch, BatchStage, BatchTrigger, ConfigValues, ConnectionStatus};
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, connection_id, trigger, stage, started_time, finished_time, records, bytes, failure_reason";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Batch> {
    let stage = BatchStage::parse(r.get_ref("stage")?.as_str()?);
    Ok(Batch {
        id: r.get("id")?,
        status: stage.status(),
        connection_id: r.get("connection_id")?,
        trigger: BatchTrigger::parse(r.get_ref("trigger")?.as_str()?),
        stage,
        started_time: r.get("started_time")?,
        finished_time: r.get("finished_time")?,
        records: r.get::<_, i64>("records")?.max(0) as u64,
        bytes: r.get::<_, i64>("bytes")?.max(0) as u64,
        failure_reason: r.get("failure_reason")?,
    })
}

/// A batch about to be queued.
pub struct NewBatch<'a> {
    pub id: &'a str,
    pub connection_id: &'a str,
    pub account_id: &'a str,
    pub trigger: BatchTrigger,
    pub time: i64,
    /// The run-time settings that are not secret, as `{"source": {..}, "destination": {..}}`.
    pub runtime_config: &'a serde_json::Value,
}

pub fn insert(c: &Connection, b: &NewBatch<'_>) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO batches (id, connection_id, account_id, trigger, stage, started_time, runtime_config)
         VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?6)",
    )?
    .execute(params![b.id, b.connection_id, b.account_id, b.trigger.as_str(), b.time, b.runtime_config.to_string()])?;
    Ok(())
}

/// The id of the connection's batch that has not finished, if any.
pub fn unfinished(c: &Connection, connection_id: &str) -> Result<Option<String>> {
    Ok(c.prepare_cached("SELECT id FROM batches WHERE connection_id = ?1 AND stage NOT IN ('success', 'failure')")?
        .query_row([connection_id], |r| r.get(0))
        .optional()?)
}

/// One batch of a connection.
pub fn find(c: &Connection, connection_id: &str, id: &str) -> Result<Option<Batch>> {
    Ok(c.prepare_cached(&format!("SELECT {COLUMNS} FROM batches WHERE id = ?1 AND connection_id = ?2"))?
        .query_row([id, connection_id], from_row)
        .optional()?)
}

/// A page of a connection's batches started in `[from, to)`, newest first, and how many there are.
pub fn history(c: &Connection, connection_id: &str, page: Page, (from, to): (i64, i64)) -> Result<(Vec<Batch>, u64)> {
    // `+?1`: see `Filter::value`.
    let total: i64 = c
        .prepare_cached("SELECT COUNT(*) FROM batches WHERE connection_id = +?1 AND started_time >= ?2 AND started_time < ?3")?
        .query_row(params![connection_id, from, to], |r| r.get(0))?;
    let nums: Vec<i64> = c
        .prepare_cached(&format!(
            "SELECT num FROM batches WHERE connection_id = +?1 AND started_time >= ?2 AND started_time < ?3
             ORDER BY started_time DESC, num DESC{}",
            page.limit_sql()
        ))?
        .query_map(params![connection_id, from, to], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = c.prepare_cached(&format!("SELECT {COLUMNS} FROM batches WHERE num = ?1"))?;
    let items = nums.iter().map(|n| stmt.query_row([n], from_row)).collect::<rusqlite::Result<_>>()?;
    Ok((items, total.max(0) as u64))
}

/// Ends every unfinished batch as failed: at start-up, nothing from before can still be running.
pub fn interrupt_unfinished(c: &Connection, now: i64) -> rusqlite::Result<usize> {
    c.execute(
        "UPDATE batches SET stage = 'failure', finished_time = ?1, records = 0, bytes = 0, failure_reason = 'interrupted'
         WHERE stage NOT IN ('success', 'failure')",
        [now],
    )
}

/// An unfinished batch with what the engine needs to move it on.
pub struct Running {
    pub num: i64,
    pub id: String,
    pub stage: BatchStage,
    pub runtime_config: serde_json::Value,
    pub connection_id: String,
    pub connection_status: ConnectionStatus,
    pub connection_deleted: bool,
    pub dest_public: ConfigValues,
    pub dest_fields: String,
}

/// Batches the engine moves on per step; more wait their turn, queued (a worker pool's width).
pub const BATCHES_PER_STEP: usize = 500;

/// The oldest unfinished batches, at most `BATCHES_PER_STEP`.
pub fn running(c: &Connection) -> Result<Vec<Running>> {
    let mut stmt = c.prepare_cached(
        "SELECT b.num, b.id, b.stage, b.runtime_config, b.connection_id, x.status, x.deleted_time IS NOT NULL AS deleted,
                x.dest_public, d.connection_fields AS dest_fields
         FROM batches b JOIN connections x ON x.id = b.connection_id JOIN connectors d ON d.id = x.dest_connector_id
         WHERE b.stage NOT IN ('success', 'failure') ORDER BY b.num LIMIT ?1",
    )?;
    let rows = stmt.query_map([BATCHES_PER_STEP as i64], |r| {
        Ok(Running {
            num: r.get("num")?,
            id: r.get("id")?,
            stage: BatchStage::parse(r.get_ref("stage")?.as_str()?),
            runtime_config: serde_json::from_str(r.get_ref("runtime_config")?.as_str()?).unwrap_or_default(),
            connection_id: r.get("connection_id")?,
            connection_status: ConnectionStatus::parse(r.get_ref("status")?.as_str()?),
            connection_deleted: r.get("deleted")?,
            dest_public: serde_json::from_str(r.get_ref("dest_public")?.as_str()?).unwrap_or_default(),
            dest_fields: r.get("dest_fields")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn set_stage(c: &Connection, num: i64, stage: &BatchStage) -> Result<()> {
    c.prepare_cached("UPDATE batches SET stage = ?1 WHERE num = ?2")?.execute(params![stage.as_str(), num])?;
    Ok(())
}

pub fn fail(c: &Connection, num: i64, reason: &str, now: i64) -> Result<()> {
    c.prepare_cached(
        "UPDATE batches SET stage = 'failure', finished_time = ?1, records = 0, bytes = 0, failure_reason = ?2 WHERE num = ?3",
    )?
    .execute(params![now, reason, num])?;
    Ok(())
}

/// Ends a batch as delivered and adds its records to the connection's volumes (which the
/// triggers carry on to the sub-account's).
pub fn succeed(c: &Connection, num: i64, connection_id: &str, records: u64, bytes: u64, now: i64) -> Result<()> {
    c.prepare_cached("UPDATE batches SET stage = 'success', finished_time = ?1, records = ?2, bytes = ?3 WHERE num = ?4")?
        .execute(params![now, records as i64, bytes as i64, num])?;
    add_volume(c, connection_id, records, crate::transfers::month_of(now))
}

/// Adds delivered records to a connection: its total, its used volume and this month's volume.
pub fn add_volume(c: &Connection, connection_id: &str, records: u64, month: i64) -> Result<()> {
    c.prepare_cached(
        "UPDATE connections SET total_volume = total_volume + ?1, used_volume = used_volume + ?1,
            monthly_volume = CASE WHEN volume_month = ?2 THEN monthly_volume + ?1 ELSE ?1 END, volume_month = ?2
         WHERE id = ?3",
    )?
    .execute(params![records as i64, month, connection_id])?;
    Ok(())
}

/// A new UTC month: every connection's monthly volume starts again from zero (a zero one needs
/// no write: the next batch sets its month).
pub fn start_month(c: &Connection, month: i64) -> rusqlite::Result<usize> {
    c.execute("UPDATE connections SET monthly_volume = 0, volume_month = ?1 WHERE monthly_volume <> 0 AND volume_month <> ?1", [month])
}

/// An active connection whose source settings may hold a schedule.
pub struct Scheduled {
    pub id: String,
    pub account_id: String,
    pub created_time: i64,
    pub src_public: ConfigValues,
}

/// Active connections whose source settings name a sync time or frequency.
pub fn scheduled(c: &Connection) -> Result<Vec<Scheduled>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, account_id, created_time, src_public FROM connections
         WHERE deleted_time IS NULL AND status = 'active'
           AND (json_extract(src_public, '$.dailySyncTime') IS NOT NULL OR json_extract(src_public, '$.syncFrequency') IS NOT NULL)",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Scheduled {
            id: r.get("id")?,
            account_id: r.get("account_id")?,
            created_time: r.get("created_time")?,
            src_public: serde_json::from_str(r.get_ref("src_public")?.as_str()?).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
