//! A report as a table: its columns, its rows as the screen writes them, the sort, the totals,
//! and the same rows for the CSV file, so the file always matches the screen.

use crate::components::status_badge::status_label;
use crate::i18n::t;
use crate::pages::connections::format::{absolute_time, byte_size, grouped};
use crate::routes;
use madconnect_model::{AdminReportRow, ConnectionReportRow};
use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The sort key in the URL.
    pub key: &'static str,
    pub label: String,
    pub numeric: bool,
}

/// What a cell sorts by.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    Num(u64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Each column's text, as shown.
    pub cells: Vec<String>,
    pub keys: Vec<SortKey>,
    /// Where the first cell links to.
    pub href: Option<String>,
    /// Records, for the chart.
    pub volume: u64,
    /// Any failed batch in the range (marked in the chart).
    pub failed: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportTable {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// The totals row's cells (the first is its label; blank where a sum means nothing).
    pub totals: Vec<String>,
}

fn col(key: &'static str, label: String, numeric: bool) -> Column {
    Column { key, label, numeric }
}

fn num(n: u64) -> (String, SortKey) {
    (grouped(n), SortKey::Num(n))
}

fn text(s: String) -> (String, SortKey) {
    let key = SortKey::Text(s.to_lowercase());
    (s, key)
}

fn row(parts: Vec<(String, SortKey)>, href: Option<String>, volume: u64, failed: bool) -> Row {
    let (cells, keys) = parts.into_iter().unzip();
    Row { cells, keys, href, volume, failed }
}

/// The admin report: one row per sub-account.
pub fn accounts_table(rows: &[AdminReportRow]) -> ReportTable {
    let columns = vec![
        col("name", t("Sub-account"), false),
        col("connections", t("Active connections"), true),
        col("records", t("Records"), true),
        col("bytes", t("Volume"), true),
        col("daily", t("Average per day"), true),
        col("monthly", t("Average per month"), true),
        col("months", t("Months with data"), true),
    ];
    let body = rows
        .iter()
        .map(|r| {
            let bytes = (byte_size(r.total_volume_bytes), SortKey::Num(r.total_volume_bytes));
            row(
                vec![
                    text(r.account_name.clone()),
                    num(r.connections),
                    num(r.total_volume),
                    bytes,
                    num(r.avg_daily_volume),
                    num(r.avg_monthly_volume),
                    num(r.month_count),
                ],
                None,
                r.total_volume,
                false,
            )
        })
        .collect();
    let sum = |f: fn(&AdminReportRow) -> u64| rows.iter().map(f).sum::<u64>();
    let totals = vec![
        t("Total"),
        grouped(sum(|r| r.connections)),
        grouped(sum(|r| r.total_volume)),
        byte_size(sum(|r| r.total_volume_bytes)),
        String::new(),
        String::new(),
        String::new(),
    ];
    ReportTable { columns, rows: body, totals }
}

/// The connection report: one row per connection of the sub-account.
pub fn connections_table(rows: &[ConnectionReportRow]) -> ReportTable {
    let columns = vec![
        col("name", t("Connection"), false),
        col("ends", t("Source → destination"), false),
        col("status", t("Status"), false),
        col("records", t("Records"), true),
        col("bytes", t("Volume"), true),
        col("batches", t("Batches"), true),
        col("failed", t("Failed batches"), true),
        col("last", t("Last transfer"), true),
    ];
    let body = rows
        .iter()
        .map(|r| {
            let ends = if r.src_connector_name.is_empty() && r.dest_connector_name.is_empty() {
                "—".to_string()
            } else {
                format!("{} → {}", r.src_connector_name, r.dest_connector_name)
            };
            let last = match r.last_transfer_time {
                Some(at) => (absolute_time(at), SortKey::Num(at.max(0) as u64)),
                None => ("—".to_string(), SortKey::Num(0)),
            };
            let href = routes::with_query(&routes::connection(&r.connection_id), &[("tab", "history")]);
            row(
                vec![
                    text(r.connection_name.clone()),
                    text(ends),
                    text(status_label(&r.status)),
                    num(r.total_volume),
                    (byte_size(r.total_volume_bytes), SortKey::Num(r.total_volume_bytes)),
                    num(r.batches),
                    num(r.failed_batches),
                    last,
                ],
                Some(href),
                r.total_volume,
                r.failed_batches > 0,
            )
        })
        .collect();
    let sum = |f: fn(&ConnectionReportRow) -> u64| rows.iter().map(f).sum::<u64>();
    let totals = vec![
        t("Total"),
        String::new(),
        String::new(),
        grouped(sum(|r| r.total_volume)),
        byte_size(sum(|r| r.total_volume_bytes)),
        grouped(sum(|r| r.batches)),
        grouped(sum(|r| r.failed_batches)),
        String::new(),
    ];
    ReportTable { columns, rows: body, totals }
}

impl ReportTable {
    /// Sorted by the column with `key` (unknown keys leave the server's order); ties keep it.
    pub fn sort(&mut self, key: &str, descending: bool) {
        let Some(i) = self.columns.iter().position(|c| c.key == key) else { return };
        self.rows.sort_by(|a, b| {
            let o = match (&a.keys[i], &b.keys[i]) {
                (SortKey::Num(x), SortKey::Num(y)) => x.cmp(y),
                (SortKey::Text(x), SortKey::Text(y)) => x.cmp(y),
                _ => Ordering::Equal,
            };
            if descending {
                o.reverse()
            } else {
                o
            }
        });
    }

    /// Header, rows and totals as the screen shows them: the CSV's lines.
    pub fn csv_rows(&self) -> Vec<Vec<String>> {
        let mut out = vec![self.columns.iter().map(|c| c.label.clone()).collect::<Vec<_>>()];
        out.extend(self.rows.iter().map(|r| r.cells.clone()));
        if !self.rows.is_empty() {
            out.push(self.totals.clone());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use madconnect_model::ConnectionStatus;

    fn conn(name: &str, volume: u64, failed: u64) -> ConnectionReportRow {
        ConnectionReportRow {
            connection_id: format!("id-{name}"),
            connection_name: name.into(),
            status: ConnectionStatus::Active,
            total_volume: volume,
            total_volume_bytes: volume * 100,
            batches: 3,
            failed_batches: failed,
            last_transfer_time: None,
            src_connector_name: "S3".into(),
            dest_connector_name: "Meta".into(),
        }
    }

    #[test]
    fn rows_sort_by_figures_and_names_and_totals_add_up() {
        let mut table = connections_table(&[conn("beta", 10, 0), conn("Alpha", 3_000, 1), conn("gamma", 200, 0)]);
        table.sort("records", true);
        let names: Vec<&str> = table.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(names, ["Alpha", "gamma", "beta"]);
        table.sort("name", false);
        let names: Vec<&str> = table.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(names, ["Alpha", "beta", "gamma"], "case does not decide the order");
        assert_eq!(table.totals[3], "3,210");
        assert_eq!(table.totals[6], "1");
        assert!(table.rows[0].failed);
        assert_eq!(table.rows[0].href.as_deref(), Some("/connections/id-Alpha?tab=history"));
    }

    #[test]
    fn the_csv_holds_the_screen_rows_in_order() {
        let mut table = connections_table(&[conn("b", 1, 0), conn("a", 2, 0)]);
        table.sort("records", false);
        let csv = table.csv_rows();
        assert_eq!(csv.len(), 4, "header, two rows, totals");
        assert_eq!(csv[0][0], "Connection");
        assert_eq!(csv[1][0], "b");
        assert_eq!(csv[2][0], "a");
        assert_eq!(csv[3][0], "Total");
        assert!(connections_table(&[]).csv_rows().len() == 1, "no totals without rows");
    }
}
