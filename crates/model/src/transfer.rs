//! Data transfers and usage reports: a batch as the API shows it, the run-time settings a
//! transfer may carry, the report rows, and the report parameters both sides read and write.

use crate::string_enum::string_enum;
use crate::{ConfigValues, ConnectionStatus, ListParams, ParamError, QuerySource};
use serde::{Deserialize, Serialize};

string_enum! {
    /// A batch's status. The docs give `in-progress` for the answer that starts a transfer and
    /// `pending` for the status poll; both mean "not finished yet".
    BatchStatus {
        InProgress => "in-progress",
        Pending => "pending",
        Success => "success",
        Failure => "failure",
    }
}

impl BatchStatus {
    pub fn is_finished(&self) -> bool {
        matches!(self, BatchStatus::Success | BatchStatus::Failure)
    }
}

string_enum! {
    /// Where a batch is (this server's extension): waiting, reading the source, writing the
    /// destination, then one of the two outcomes.
    BatchStage {
        Queued => "queued",
        Reading => "reading",
        Writing => "writing",
        Success => "success",
        Failure => "failure",
    }
}

impl BatchStage {
    /// The documented status of a batch at this stage, as the status poll answers it.
    pub fn status(&self) -> BatchStatus {
        match self {
            BatchStage::Success => BatchStatus::Success,
            BatchStage::Failure => BatchStatus::Failure,
            _ => BatchStatus::Pending,
        }
    }
}

string_enum! {
    /// What started a batch (this server's extension).
    BatchTrigger {
        Manual => "manual",
        Schedule => "schedule",
    }
}

/// `POST /es/v2/data/<connectionId>/transfer` body: optional run-time settings that override the
/// connection's stored ones for this batch only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransferRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration: Option<RunTimeConfiguration>,
}

/// Run-time settings per end, keyed by the connectors' connection-setting field ids.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunTimeConfiguration {
    #[serde(default)]
    pub source: ConfigValues,
    #[serde(default)]
    pub destination: ConfigValues,
}

/// The answer to starting a transfer, as documented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransferStarted {
    pub id: String,
    pub status: BatchStatus,
}

/// One batch: `id` and `status` as documented; the rest is this server's extension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Batch {
    pub id: String,
    pub status: BatchStatus,
    #[serde(default)]
    pub connection_id: String,
    #[serde(default = "queued")]
    pub stage: BatchStage,
    #[serde(default = "manual")]
    pub trigger: BatchTrigger,
    /// Unix seconds.
    #[serde(default)]
    pub started_time: i64,
    /// Unix seconds; `null` until the batch ends.
    #[serde(default)]
    pub finished_time: Option<i64>,
    /// Records delivered to the destination (0 unless the batch succeeded).
    #[serde(default)]
    pub records: u64,
    #[serde(default)]
    pub bytes: u64,
    /// Why the batch failed, in words a person can act on; `null` otherwise.
    #[serde(default)]
    pub failure_reason: Option<String>,
}

fn queued() -> BatchStage {
    BatchStage::Queued
}

fn manual() -> BatchTrigger {
    BatchTrigger::Manual
}

/// `GET /es/v2/reports/admin`: one row per sub-account. Volumes count records delivered by
/// successful batches in the range; the averages are over the days and months that had any.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminReportRow {
    pub account_id: String,
    pub account_name: String,
    /// Active connections now.
    pub connections: u64,
    pub avg_daily_volume: u64,
    pub avg_monthly_volume: u64,
    pub total_volume: u64,
    pub total_volume_bytes: u64,
    pub month_count: u64,
}

/// `GET /es/v2/reports/connection`: one row per connection of the sub-account; the fields after
/// `totalVolume` are this server's extension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReportRow {
    pub connection_id: String,
    pub connection_name: String,
    pub status: ConnectionStatus,
    pub total_volume: u64,
    #[serde(default)]
    pub total_volume_bytes: u64,
    #[serde(default)]
    pub batches: u64,
    #[serde(default)]
    pub failed_batches: u64,
    /// When the newest batch in the range started (Unix seconds).
    #[serde(default)]
    pub last_transfer_time: Option<i64>,
    #[serde(default)]
    pub src_connector_name: String,
    #[serde(default)]
    pub dest_connector_name: String,
}

/// One UTC day of a connection's daily series (this server's extension).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyVolume {
    /// The day's first second (00:00 UTC), Unix seconds.
    pub date: i64,
    /// Records delivered by the day's successful batches.
    pub volume: u64,
    pub bytes: u64,
    pub batches: u64,
    pub failures: u64,
}

/// The latest date a report accepts: 9999-12-31T23:59:59Z.
pub const MAX_REPORT_DATE: i64 = 253_402_300_799;
/// Days a daily series may cover.
pub const MAX_SERIES_DAYS: u32 = 366;
/// Days a daily series covers unless `days` says otherwise.
pub const DEFAULT_SERIES_DAYS: u32 = 30;

/// The reports' parameters: the list ones and the range `startDate` (inclusive) to `endDate`
/// (exclusive), in Unix seconds; either may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportParams {
    pub list: ListParams,
    pub start_date: Option<i64>,
    pub end_date: Option<i64>,
}

impl ReportParams {
    pub fn from_query(src: &impl QuerySource) -> Result<ReportParams, ParamError> {
        let list = ListParams::from_query(src)?;
        let start_date = date(src, "startDate")?;
        let end_date = date(src, "endDate")?;
        if let (Some(s), Some(e)) = (start_date, end_date) {
            if e <= s {
                return Err(ParamError {
                    param: "endDate",
                    message: format!("endDate must be later than startDate (got startDate {s}, endDate {e}; endDate is exclusive)"),
                });
            }
        }
        Ok(ReportParams { list, start_date, end_date })
    }

    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        self.list.to_query(&mut out);
        if let Some(s) = self.start_date {
            out.push(("startDate", s.to_string()));
        }
        if let Some(e) = self.end_date {
            out.push(("endDate", e.to_string()));
        }
        out
    }

    /// The range as `[from, to)`, open ends filled in.
    pub fn range(&self) -> (i64, i64) {
        (self.start_date.unwrap_or(0), self.end_date.unwrap_or(i64::MAX))
    }
}

/// `days` of a daily series: 1 to 366, 30 unless given.
pub fn series_days(src: &impl QuerySource) -> Result<u32, ParamError> {
    let Some(raw) = src.param("days") else { return Ok(DEFAULT_SERIES_DAYS) };
    match raw.parse::<u32>() {
        Ok(n) if (1..=MAX_SERIES_DAYS).contains(&n) => Ok(n),
        _ => Err(ParamError {
            param: "days",
            message: format!("days must be a whole number between 1 and {MAX_SERIES_DAYS} (got \"{raw}\")"),
        }),
    }
}

fn date(src: &impl QuerySource, param: &'static str) -> Result<Option<i64>, ParamError> {
    let Some(raw) = src.param(param) else { return Ok(None) };
    match raw.parse::<i64>() {
        Ok(n) if (0..=MAX_REPORT_DATE).contains(&n) => Ok(Some(n)),
        _ => Err(ParamError {
            param,
            message: format!("{param} must be a time in Unix seconds between 0 and {MAX_REPORT_DATE} (got \"{raw}\")"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::HashMap;

    fn read<T>(pairs: &[(&str, &str)], f: impl Fn(&HashMap<String, String>) -> T) -> T {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        f(&map)
    }

    #[test]
    fn docs_sample_transfer_body_parses_and_unknown_fields_are_refused() {
        let body: TransferRequest =
            serde_json::from_value(json!({"configuration": {"source": {"bucketURI": "s3://bucket/path/"}}})).unwrap();
        assert_eq!(body.configuration.unwrap().source["bucketURI"], "s3://bucket/path/");
        assert_eq!(serde_json::from_value::<TransferRequest>(json!({})).unwrap(), TransferRequest::default());
        assert!(serde_json::from_value::<TransferRequest>(json!({"config": {}})).is_err());
        assert!(serde_json::from_value::<TransferRequest>(json!({"configuration": {"src": {}}})).is_err());
    }

    #[test]
    fn docs_sample_status_answers_parse() {
        for status in ["in-progress", "pending", "success", "failure"] {
            let b: Batch = serde_json::from_value(json!({"id": "b", "status": status})).unwrap();
            assert!(b.status.is_known());
            assert_eq!(b.status.as_str(), status);
        }
        assert_eq!(BatchStage::Reading.status(), BatchStatus::Pending);
        assert!(BatchStage::Failure.status().is_finished());
    }

    #[test]
    fn what_the_console_writes_the_server_reads_back() {
        let sent = ReportParams {
            list: ListParams { q: Some("brand".into()), size: Some(20), offset: Some(40) },
            start_date: Some(1_700_000_000),
            end_date: Some(1_700_086_400),
        };
        let pairs = sent.to_query();
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(read(&borrowed, ReportParams::from_query).unwrap(), sent);
        assert_eq!(read(&[], ReportParams::from_query).unwrap().range(), (0, i64::MAX));
    }

    #[test]
    fn bad_ranges_name_their_parameter() {
        let err = |pairs: &[(&str, &str)]| read(pairs, ReportParams::from_query).unwrap_err();
        assert_eq!(err(&[("startDate", "yesterday")]).param, "startDate");
        assert_eq!(err(&[("endDate", "-5")]).param, "endDate");
        assert_eq!(err(&[("startDate", "99999999999999")]).param, "startDate");
        assert_eq!(err(&[("startDate", "1.5")]).param, "startDate");
        let e = err(&[("startDate", "200"), ("endDate", "100")]);
        assert_eq!(e.param, "endDate");
        assert!(e.message.contains("later than startDate"), "{}", e.message);
        assert_eq!(err(&[("startDate", "100"), ("endDate", "100")]).param, "endDate");
        assert_eq!(read(&[("days", "90")], series_days).unwrap(), 90);
        assert_eq!(read(&[], series_days).unwrap(), 30);
        assert_eq!(read(&[("days", "0")], series_days).unwrap_err().param, "days");
        assert_eq!(read(&[("days", "367")], series_days).unwrap_err().param, "days");
    }
}
