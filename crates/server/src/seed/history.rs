//! Batch history for the seeded connections: up to 120 days of one batch a day (at the
//! connection's schedule, or on weekday mornings for those run on demand), a few failures, and
//! connection volumes that are the sums of it. Derived from the connection id and the day only,
//! so it costs one insert per batch, all in one transaction.

use crate::crypto::new_id;
use crate::transfers::{day_start, fnv1a, month_of, Schedule};
use madconnect_model::ConfigValues;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// Days of history a seeded connection gets at most.
pub const HISTORY_DAYS: i64 = 120;

const FAILURES: [&str; 3] = [
    "The source answered HTTP 503 three times in a row; the batch stopped before anything was delivered",
    "The destination's rate limit was reached (HTTP 429) and did not reset within 15 minutes",
    "The source refused its credentials (HTTP 401): reconfigure the source connector",
];

/// What the history of one seeded connection is made from.
struct Seeded {
    id: String,
    account_id: String,
    status: String,
    created: i64,
    deleted_time: Option<i64>,
    transfer: bool,
    src_public: ConfigValues,
    dest_name: String,
}

/// Gives each of these connections its history, in one transaction.
pub fn record_all(conn: &mut Connection, connection_ids: &[String], now: i64) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for id in connection_ids {
        let seeded = tx
            .query_row(
                "SELECT x.account_id, x.status, x.created_time, x.deleted_time, s.transfer, x.src_public, d.name AS dest_name
                 FROM connections x JOIN connectors s ON s.id = x.src_connector_id JOIN connectors d ON d.id = x.dest_connector_id
                 WHERE x.id = ?1",
                [id],
                |r| {
                    Ok(Seeded {
                        id: id.clone(),
                        account_id: r.get("account_id")?,
                        status: r.get("status")?,
                        created: r.get("created_time")?,
                        deleted_time: r.get("deleted_time")?,
                        transfer: r.get("transfer")?,
                        src_public: serde_json::from_str(r.get_ref("src_public")?.as_str()?).unwrap_or_default(),
                        dest_name: r.get("dest_name")?,
                    })
                },
            )
            .optional()?;
        if let Some(s) = seeded {
            record(&tx, &s, now)?;
        }
    }
    // The monthly volumes seeded without history (benchmark rows) are this month's.
    tx.execute("UPDATE connections SET volume_month = ?1 WHERE volume_month = 0", [month_of(now)])?;
    tx.commit()
}

/// Inserts the connection's batches and sets its volumes to their sums.
fn record(tx: &Transaction<'_>, s: &Seeded, now: i64) -> rusqlite::Result<()> {
    let schedule = Schedule::of(&s.src_public);
    let ran = s.status != "In-progress" && (schedule.is_some() || s.transfer);
    let (mut total, mut this_month) = (0_u64, 0_u64);
    if ran {
        let activated = s.created + 1_800;
        let stop = match s.status.as_str() {
            "disabled" => s.created + 10 * 86_400,
            "broken" => s.created + 12 * 86_400,
            _ => s.deleted_time.unwrap_or(now),
        }
        .min(now);
        let mut insert = tx.prepare_cached(
            "INSERT INTO batches (id, connection_id, account_id, trigger, stage, started_time, finished_time, records, bytes, failure_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut day = day_start(activated.max(now - HISTORY_DAYS * 86_400));
        let mut last_start = None;
        let mut planned = Vec::new();
        while day <= stop {
            let h = fnv1a(format!("{}:{day}", s.id).as_bytes());
            let (trigger, start) = match schedule {
                Some(sch) => ("schedule", sch.last_slot(day + 86_399)),
                // Run on demand: weekday mornings (1970-01-01 was a Thursday, so Saturday is 2).
                None if (day / 86_400).rem_euclid(7) < 2 => {
                    day += 86_400;
                    continue;
                }
                None => ("manual", day + 8 * 3_600 + (h % (8 * 3_600)) as i64),
            };
            let finished = start + 120 + (h % 900) as i64;
            if start >= activated && finished <= stop {
                planned.push((trigger, start, finished, h));
                last_start = Some(start);
            }
            day += 86_400;
        }
        for (trigger, start, finished, h) in planned {
            // A broken connection broke on its last batch; elsewhere one batch in about 30 fails.
            let failure = if s.status == "broken" && Some(start) == last_start {
                Some(format!("The destination refused the access token (HTTP 401): reconnect {} and enable the connection", s.dest_name))
            } else if h % 31 == 7 {
                Some(FAILURES[(h >> 16) as usize % FAILURES.len()].to_string())
            } else {
                None
            };
            let (stage, records, bytes) = match &failure {
                Some(_) => ("failure", 0, 0),
                None => {
                    let records = 2_000 + (h >> 8) % 180_000;
                    (("success"), records, records * (150 + (h >> 40) % 250))
                }
            };
            total += records;
            if month_of(start) == month_of(now) {
                this_month += records;
            }
            insert.execute(params![
                new_id(),
                s.id,
                s.account_id,
                trigger,
                stage,
                start,
                finished,
                records as i64,
                bytes as i64,
                failure
            ])?;
        }
    }
    tx.prepare_cached("UPDATE connections SET total_volume = ?1, used_volume = ?1, monthly_volume = ?2, volume_month = ?3 WHERE id = ?4")?
        .execute(params![total as i64, this_month as i64, month_of(now), s.id])?;
    Ok(())
}
