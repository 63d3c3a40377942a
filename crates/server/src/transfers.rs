//! The transfer engine: a background task that moves every unfinished batch one stage per step
//! (queued → reading → writing → success or failure), starts scheduled batches when their time
//! comes, and starts each UTC month's volumes from zero. Its rules are pure functions here.

use crate::crypto::new_id;
use crate::db::batches::{self, NewBatch};
use crate::db::{now, Db};
use crate::error::Result;
use madconnect_model::time::civil_from_days;
use madconnect_model::{BatchStage, BatchTrigger, ConfigField, ConfigValues, ConnectionStatus};
use std::time::Duration;

/// How often the schedules are looked at.
const SCHEDULE_EVERY_SECS: i64 = 30;

/// Runs the engine until the runtime stops: one step every `step`.
pub fn spawn(db: Db, step: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(step);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // Slots that passed while the server was stopped are not caught up: the next one runs.
        let mut schedules_seen = now();
        let mut month = None;
        loop {
            every.tick().await;
            let t = now();
            let this_month = month_of(t);
            let new_month = month != Some(this_month);
            let due = t - schedules_seen >= SCHEDULE_EVERY_SECS;
            let since = schedules_seen;
            // Which schedules are due is read off the writer: it is a pass over the active connections.
            let slots = if due { db.read(move |c| due_schedules(c, since, t)).await } else { Ok(vec![]) };
            let outcome = match slots {
                Ok(slots) => {
                    db.tx(move |tx| {
                        if new_month {
                            batches::start_month(tx, this_month)?;
                        }
                        start_batches(tx, &slots, t)?;
                        advance(tx, t)
                    })
                    .await
                }
                Err(e) => Err(e),
            };
            match outcome {
                Ok(_) => {
                    month = Some(this_month);
                    if due {
                        schedules_seen = t;
                    }
                }
                Err(e) => tracing::error!("transfer engine step failed: {e}"),
            }
        }
    })
}

/// Moves every unfinished batch one stage on; returns how many moved.
pub fn advance(c: &rusqlite::Connection, now: i64) -> Result<usize> {
    let running = batches::running(c)?;
    for b in &running {
        if b.connection_deleted || b.connection_status != ConnectionStatus::Active {
            let state = if b.connection_deleted { "deleted".to_string() } else { b.connection_status.to_string() };
            batches::fail(c, b.num, &format!("The connection was {state} while the batch ran; nothing was delivered"), now)?;
            continue;
        }
        match b.stage {
            BatchStage::Queued => batches::set_stage(c, b.num, &BatchStage::Reading)?,
            BatchStage::Reading => batches::set_stage(c, b.num, &BatchStage::Writing)?,
            _ => {
                let fields: Vec<ConfigField> = serde_json::from_str(&b.dest_fields).unwrap_or_default();
                let mut settings = b.dest_public.clone();
                if let Some(over) = b.runtime_config.get("destination").and_then(|v| v.as_object()) {
                    settings.extend(over.clone());
                }
                match destination_refusal(&fields, &settings) {
                    Some(reason) => batches::fail(c, b.num, &reason, now)?,
                    None => {
                        let (records, bytes) = size_of_batch(&b.id);
                        batches::succeed(c, b.num, &b.connection_id, records, bytes, now)?;
                    }
                }
            }
        }
    }
    Ok(running.len())
}

/// Queues a batch for every scheduled connection whose slot fell in `(since, now]`, unless one
/// is already running for it.
pub fn start_scheduled(c: &rusqlite::Connection, since: i64, now: i64) -> Result<usize> {
    let due = due_schedules(c, since, now)?;
    start_batches(c, &due, now)
}

/// The scheduled connections whose slot fell in `(since, now]` (and after they were created).
pub fn due_schedules(c: &rusqlite::Connection, since: i64, now: i64) -> Result<Vec<batches::Scheduled>> {
    let mut due = batches::scheduled(c)?;
    due.retain(|s| {
        Schedule::of(&s.src_public).map(|schedule| schedule.last_slot(now)).is_some_and(|slot| slot > since && slot > s.created_time)
    });
    Ok(due)
}

/// Queues a scheduled batch for each of these connections that has none running.
pub fn start_batches(c: &rusqlite::Connection, due: &[batches::Scheduled], now: i64) -> Result<usize> {
    let mut started = 0;
    for s in due {
        if batches::unfinished(c, &s.id)?.is_some() {
            continue;
        }
        let id = new_id();
        let none = serde_json::json!({});
        let b = NewBatch {
            id: &id,
            connection_id: &s.id,
            account_id: &s.account_id,
            trigger: BatchTrigger::Schedule,
            time: now,
            runtime_config: &none,
        };
        batches::insert(c, &b)?;
        started += 1;
    }
    Ok(started)
}

/// The simulated destination's one refusal, so failures are reproducible: a text setting whose
/// value starts with `reject` (any case) names something the destination does not have.
pub fn destination_refusal(fields: &[ConfigField], settings: &ConfigValues) -> Option<String> {
    fields.iter().find_map(|f| {
        let v = settings.get(&f.id)?.as_str()?;
        v.trim().to_ascii_lowercase().starts_with("reject").then(|| {
            format!(
                "The destination rejected the batch: {} \"{}\" does not exist or this account cannot write to it",
                f.display_name(),
                v.trim()
            )
        })
    })
}

/// Records and bytes a batch delivers: fixed by its id, so a batch always moves the same amount.
pub fn size_of_batch(id: &str) -> (u64, u64) {
    let h = fnv1a(id.as_bytes());
    let records = 1_000 + h % 99_000;
    (records, records * (150 + (h >> 32) % 250))
}

pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// When a connection runs by itself, read from its source settings: `syncFrequency` (hourly,
/// daily, weekly) at `dailySyncTime` (UTC; midnight when absent; hourly uses its minutes), or
/// daily at `dailySyncTime` when only that is set. Weekly runs on Mondays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    Hourly { minute: i64 },
    Daily { second_of_day: i64 },
    Weekly { second_of_day: i64 },
}

impl Schedule {
    pub fn of(settings: &ConfigValues) -> Option<Schedule> {
        let time = settings.get("dailySyncTime").and_then(|v| v.as_str()).and_then(second_of_day);
        let frequency = settings.get("syncFrequency").and_then(|v| v.as_str()).map(str::to_ascii_lowercase);
        match (frequency.as_deref(), time) {
            (Some("hourly"), t) => Some(Schedule::Hourly { minute: t.unwrap_or(0) / 60 % 60 }),
            (Some("weekly"), t) => Some(Schedule::Weekly { second_of_day: t.unwrap_or(0) }),
            (Some("daily"), t) => Some(Schedule::Daily { second_of_day: t.unwrap_or(0) }),
            (_, Some(t)) => Some(Schedule::Daily { second_of_day: t }),
            _ => None,
        }
    }

    /// The latest slot at or before `t`.
    pub fn last_slot(&self, t: i64) -> i64 {
        match *self {
            Schedule::Hourly { minute } => {
                let s = t - t.rem_euclid(3_600) + minute * 60;
                if s > t {
                    s - 3_600
                } else {
                    s
                }
            }
            Schedule::Daily { second_of_day } => {
                let s = day_start(t) + second_of_day;
                if s > t {
                    s - 86_400
                } else {
                    s
                }
            }
            Schedule::Weekly { second_of_day } => {
                // 1970-01-01 was a Thursday; Mondays are days ≡ 4 (mod 7).
                let day = t.div_euclid(86_400);
                let monday = day - (day - 4).rem_euclid(7);
                let s = monday * 86_400 + second_of_day;
                if s > t {
                    s - 7 * 86_400
                } else {
                    s
                }
            }
        }
    }
}

/// `HH:MM` or `HH:MM:SS` as seconds after midnight.
fn second_of_day(s: &str) -> Option<i64> {
    let mut parts = s.trim().split(':').map(|p| p.parse::<i64>().ok());
    let (h, m) = (parts.next()??, parts.next()??);
    let sec = parts.next().flatten().unwrap_or(0);
    ((0..24).contains(&h) && (0..60).contains(&m) && (0..60).contains(&sec)).then_some(h * 3_600 + m * 60 + sec)
}

/// The first second of `t`'s UTC day.
pub fn day_start(t: i64) -> i64 {
    t - t.rem_euclid(86_400)
}

/// `t`'s UTC month as `year * 12 + month - 1`.
pub fn month_of(t: i64) -> i64 {
    let (y, m, _) = civil_from_days(t.div_euclid(86_400));
    y * 12 + i64::from(m) - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use madconnect_model::FieldType;
    use serde_json::json;

    fn values(v: serde_json::Value) -> ConfigValues {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn schedules_come_from_the_source_settings() {
        assert_eq!(Schedule::of(&values(json!({"dailySyncTime": "06:30"}))), Some(Schedule::Daily { second_of_day: 23_400 }));
        assert_eq!(
            Schedule::of(&values(json!({"syncFrequency": "hourly", "dailySyncTime": "06:15"}))),
            Some(Schedule::Hourly { minute: 15 })
        );
        assert_eq!(Schedule::of(&values(json!({"syncFrequency": "weekly"}))), Some(Schedule::Weekly { second_of_day: 0 }));
        assert_eq!(Schedule::of(&values(json!({"bucketURI": "s3://x"}))), None);
        assert_eq!(Schedule::of(&values(json!({"dailySyncTime": "25:00"}))), None);
    }

    #[test]
    fn the_last_slot_is_at_or_before_now() {
        // 2026-12-01 (a Tuesday) 10:20:00 UTC.
        let t = 1_796_120_400;
        assert_eq!(civil_from_days(t / 86_400), (2026, 12, 1));
        let daily = Schedule::Daily { second_of_day: 6 * 3_600 };
        assert_eq!(daily.last_slot(t), day_start(t) + 6 * 3_600);
        let late = Schedule::Daily { second_of_day: 11 * 3_600 };
        assert_eq!(late.last_slot(t), day_start(t) - 86_400 + 11 * 3_600);
        assert_eq!(Schedule::Hourly { minute: 30 }.last_slot(t), t - 20 * 60 - 3_600 + 30 * 60);
        assert_eq!(Schedule::Hourly { minute: 0 }.last_slot(t), t - 20 * 60);
        // The Monday before, 2026-11-30.
        assert_eq!(Schedule::Weekly { second_of_day: 0 }.last_slot(t), day_start(t) - 86_400);
        assert_eq!(daily.last_slot(day_start(t) + 6 * 3_600), day_start(t) + 6 * 3_600, "a slot is due at its own second");
    }

    #[test]
    fn months_roll_over_in_utc() {
        assert_eq!(month_of(0), 1970 * 12);
        assert_eq!(month_of(1_796_083_199), 2026 * 12 + 10, "2026-11-30T23:59:59Z");
        assert_eq!(month_of(1_796_083_200), 2026 * 12 + 11, "2026-12-01T00:00:00Z");
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn the_destination_refuses_settings_that_start_with_reject() {
        let fields =
            vec![ConfigField::new("advertiserId", "Advertiser ID", FieldType::Text), ConfigField::new("ttlDays", "TTL", FieldType::Number)];
        assert_eq!(destination_refusal(&fields, &values(json!({"advertiserId": "adv-1", "ttlDays": 30}))), None);
        let reason = destination_refusal(&fields, &values(json!({"advertiserId": "Reject-42"}))).unwrap();
        assert!(reason.contains("Advertiser ID \"Reject-42\""), "{reason}");
        assert_eq!(destination_refusal(&fields, &values(json!({"other": "reject"}))), None, "only the connector's own settings");
    }

    /// A seeded database and the id of its "S3 audiences to Snapchat" (daily at 06:00 UTC).
    fn seeded() -> (tempfile::TempDir, Db, String) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        let cipher = crate::crypto::Cipher::open_or_create(&dir.path().join("k")).unwrap();
        let out = db.blocking(|c| crate::seed::run(c, &cipher, &Default::default())).unwrap();
        db.blocking(|c| crate::seed::history::record_all(c, &out.seeded_connections, now())).unwrap();
        let id =
            db.blocking(|c| c.query_row("SELECT id FROM connections WHERE name = 'S3 audiences to Snapchat'", [], |r| r.get(0))).unwrap();
        (dir, db, id)
    }

    #[test]
    fn a_scheduled_connection_gets_one_batch_per_slot_and_it_runs_to_the_end() {
        let (_dir, db, id) = seeded();
        let slot = Schedule::Daily { second_of_day: 6 * 3_600 }.last_slot(now());
        db.blocking(|c| {
            let volume = |c: &rusqlite::Connection| -> i64 {
                c.query_row("SELECT total_volume FROM connections WHERE id = ?1", [&id], |r| r.get(0)).unwrap()
            };
            let before = volume(c);
            assert!(start_scheduled(c, slot - 10, slot + 5).unwrap() >= 1);
            let batch = batches::unfinished(c, &id).unwrap().expect("the slot started a batch");
            assert_eq!(start_scheduled(c, slot + 5, slot + 30).unwrap(), 0, "a slot runs once");
            assert_eq!(start_scheduled(c, slot + 3_600, slot + 7_200).unwrap(), 0, "no slot in between");
            for _ in 0..3 {
                advance(c, slot + 40).unwrap();
            }
            let done = batches::find(c, &id, &batch).unwrap().unwrap();
            assert_eq!((done.stage, done.trigger), (BatchStage::Success, BatchTrigger::Schedule));
            assert_eq!(volume(c), before + done.records as i64);
        });
    }

    #[test]
    fn a_batch_on_a_connection_disabled_meanwhile_fails_and_says_so() {
        let (_dir, db, id) = seeded();
        db.blocking(|c| {
            let none = json!({});
            let b = NewBatch {
                id: "B000000000000001",
                connection_id: &id,
                account_id: "a",
                trigger: BatchTrigger::Manual,
                time: 1,
                runtime_config: &none,
            };
            batches::insert(c, &b).unwrap();
            advance(c, 2).unwrap();
            c.execute("UPDATE connections SET status = 'disabled' WHERE id = ?1", [&id]).unwrap();
            advance(c, 3).unwrap();
            let done = batches::find(c, &id, "B000000000000001").unwrap().unwrap();
            assert_eq!(done.stage, BatchStage::Failure);
            assert!(done.failure_reason.unwrap().contains("was disabled while the batch ran"));
            assert_eq!(advance(c, 4).unwrap(), 0, "nothing left to move");
        });
    }

    #[test]
    fn a_batch_always_moves_the_same_amount() {
        assert_eq!(size_of_batch("AbCdEf0123456789"), size_of_batch("AbCdEf0123456789"));
        let (records, bytes) = size_of_batch("x");
        assert!((1_000..100_000).contains(&records) && bytes >= records * 150);
    }
}
