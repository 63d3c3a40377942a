//! The reports screen's URL state: which report, the date range (UTC days, both inclusive), the
//! search and the sort, read from and written to the query string.

use crate::hooks::UrlState;
use crate::i18n::t;
use crate::pages::connections::format::parse_iso_day;
use madconnect_model::{ListParams, ReportParams};

/// Per sub-account (the admin report) or per connection of the chosen sub-account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportView {
    #[default]
    Accounts,
    Connections,
}

impl ReportView {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportView::Accounts => "accounts",
            ReportView::Connections => "connections",
        }
    }
}

/// A column to sort by (its key) and the direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub column: String,
    pub descending: bool,
}

/// `/reports?view=connections&from=2026-11-01&to=2026-11-30&q=..&sort=records&dir=asc`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportsState {
    pub view: ReportView,
    /// `YYYY-MM-DD`, the first day counted (00:00 UTC).
    pub from: String,
    /// `YYYY-MM-DD`, the last day counted (to 24:00 UTC).
    pub to: String,
    pub q: String,
    pub sort: Option<Sort>,
}

impl UrlState for ReportsState {
    fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let day = |k: &str| get(k).filter(|d| parse_iso_day(d).is_some()).unwrap_or_default();
        let view = match get("view").as_deref() {
            Some("connections") => ReportView::Connections,
            _ => ReportView::Accounts,
        };
        let sort = get("sort").filter(|s| !s.is_empty() && s.len() <= 32 && s.chars().all(|c| c.is_ascii_alphanumeric()));
        ReportsState {
            view,
            from: day("from"),
            to: day("to"),
            q: get("q").map(|q| q.trim().to_string()).unwrap_or_default(),
            sort: sort.map(|column| Sort { column, descending: get("dir").as_deref() != Some("asc") }),
        }
    }

    fn href(&self) -> String {
        let view = if self.view == ReportView::Accounts { "" } else { self.view.as_str() };
        let (sort, dir) = match &self.sort {
            Some(s) => (s.column.as_str(), if s.descending { "" } else { "asc" }),
            None => ("", ""),
        };
        crate::routes::with_query(
            crate::routes::REPORTS,
            &[("view", view), ("from", &self.from), ("to", &self.to), ("q", &self.q), ("sort", sort), ("dir", dir)],
        )
    }
}

impl ReportsState {
    /// The API's range: `startDate` the first day's 00:00 UTC, `endDate` (exclusive) the day
    /// after the last; or why the range cannot be asked for.
    pub fn range(&self) -> Result<(Option<i64>, Option<i64>), String> {
        let from = parse_iso_day(&self.from);
        let to = parse_iso_day(&self.to).map(|d| d + 86_400);
        match (from, to) {
            (Some(f), Some(t)) if t <= f => Err(crate::i18n::t("The end date must not be before the start date.")),
            _ => Ok((from, to)),
        }
    }

    /// The report's parameters for one page.
    pub fn params(&self, size: u32, offset: u64) -> Result<ReportParams, String> {
        let (start_date, end_date) = self.range()?;
        let q = Some(self.q.clone()).filter(|q| !q.is_empty());
        Ok(ReportParams { list: ListParams { q, size: Some(size), offset: Some(offset) }, start_date, end_date })
    }

    /// The next sort after a click on `column`: the same column flips, another starts with the
    /// largest first for figures and A to Z for text.
    pub fn sorted_by(&self, column: &str, numeric: bool) -> ReportsState {
        let descending = match &self.sort {
            Some(s) if s.column == column => !s.descending,
            _ => numeric,
        };
        ReportsState { sort: Some(Sort { column: column.to_string(), descending }), ..self.clone() }
    }
}

/// The label of a view, as its switch shows it.
pub fn view_label(v: ReportView) -> String {
    match v {
        ReportView::Accounts => t("Per sub-account"),
        ReportView::Connections => t("Per connection"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(href: &str) -> ReportsState {
        let query = href.split_once('?').map(|(_, q)| q).unwrap_or("");
        let map: HashMap<String, String> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_string(), crate::url::decode_component(v)))
            .collect();
        ReportsState::from_params(|k| map.get(k).cloned())
    }

    #[test]
    fn the_default_view_has_a_bare_url() {
        assert_eq!(ReportsState::default().href(), "/reports");
        assert_eq!(parse("/reports"), ReportsState::default());
    }

    #[test]
    fn a_date_range_survives_the_url() {
        let s = ReportsState {
            view: ReportView::Connections,
            from: "2026-11-01".into(),
            to: "2026-11-30".into(),
            q: "meta & co".into(),
            sort: Some(Sort { column: "records".into(), descending: false }),
        };
        let href = s.href();
        assert_eq!(href, "/reports?view=connections&from=2026-11-01&to=2026-11-30&q=meta%20%26%20co&sort=records&dir=asc");
        assert_eq!(parse(&href), s);
    }

    #[test]
    fn the_range_counts_whole_utc_days_and_a_reversed_one_is_refused() {
        let s = ReportsState { from: "2026-11-01".into(), to: "2026-11-01".into(), ..Default::default() };
        assert_eq!(s.range().unwrap(), (Some(1_793_491_200), Some(1_793_491_200 + 86_400)), "one day: from its start to the next");
        let open = ReportsState { to: "2026-11-30".into(), ..Default::default() };
        assert_eq!(open.range().unwrap().0, None);
        let reversed = ReportsState { from: "2026-11-02".into(), to: "2026-11-01".into(), ..Default::default() };
        assert!(reversed.range().is_err());
        assert!(reversed.params(100, 0).is_err());
    }

    #[test]
    fn bad_dates_and_sorts_in_the_url_fall_back() {
        let s = parse("/reports?from=2026-02-30&to=soon&sort=%3Cx%3E&view=nope");
        assert_eq!(s, ReportsState::default());
    }

    #[test]
    fn clicking_a_header_sorts_then_flips() {
        let s = ReportsState::default();
        let by_records = s.sorted_by("records", true);
        assert_eq!(by_records.sort, Some(Sort { column: "records".into(), descending: true }));
        assert!(!by_records.sorted_by("records", true).sort.unwrap().descending);
        assert_eq!(by_records.sorted_by("name", false).sort, Some(Sort { column: "name".into(), descending: false }));
    }
}
