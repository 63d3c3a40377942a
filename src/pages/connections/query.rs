//! The connections screens' URL state: list filters and builder steps, parsed from and written to
//! the query string so a view survives a reload and can be shared. Never holds a secret.

use crate::hooks::UrlState;
use crate::i18n::{t, tf};
use madconnect_model::ConnectionStatus;

/// Page sizes a person can pick; the server accepts 1–100.
pub const PAGE_SIZES: [u32; 4] = [10, 25, 50, 100];
pub const DEFAULT_PAGE_SIZE: u32 = 25;

/// The list's status filter is the model's `Option<ConnectionStatus>` (`None` for all), as the
/// API's `status` parameter reads it; `Deleted` is the "Recently deleted" view.
pub type StatusFilter = Option<ConnectionStatus>;

/// The filter's choices, in the order the menu shows them.
pub fn status_filters() -> [StatusFilter; 7] {
    use ConnectionStatus::*;
    [None, Some(InProgress), Some(Active), Some(Disabled), Some(Broken), Some(Offline), Some(Deleted)]
}

/// The filter's value in the console URL and the API's `status` parameter (`""` for all).
pub fn filter_param(f: &StatusFilter) -> &str {
    f.as_ref().map_or("", ConnectionStatus::as_str)
}

/// Unknown values fall back to all rather than to an empty page.
pub fn parse_filter(s: &str) -> StatusFilter {
    Some(ConnectionStatus::parse(s)).filter(ConnectionStatus::is_known)
}

pub fn filter_label(f: &StatusFilter) -> String {
    match f {
        None => t("All statuses"),
        Some(ConnectionStatus::Deleted) => t("Recently deleted"),
        Some(s) => crate::components::status_badge::status_label(s),
    }
}

/// Whether a row stays in the `view` once its status became `s` (optimistically, after an
/// action on this screen): deleted rows leave every view but "Recently deleted", restored
/// ones leave that view; other changes keep the row in place so the person sees the effect.
pub fn keeps(view: &StatusFilter, s: &ConnectionStatus) -> bool {
    (*view == Some(ConnectionStatus::Deleted)) == (*s == ConnectionStatus::Deleted)
}

/// Everything the connection list shows, as the URL carries it:
/// `?q=..&status=..&page=N&size=N` (defaults are left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub q: String,
    pub status: StatusFilter,
    /// 1-based.
    pub page: u32,
    pub size: u32,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery { q: String::new(), status: None, page: 1, size: DEFAULT_PAGE_SIZE }
    }
}

impl UrlState for ListQuery {
    fn from_params(get: impl Fn(&str) -> Option<String>) -> ListQuery {
        let page = get("page").and_then(|p| p.trim().parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1);
        let size = get("size").and_then(|s| s.trim().parse::<u32>().ok()).filter(|s| PAGE_SIZES.contains(s)).unwrap_or(DEFAULT_PAGE_SIZE);
        ListQuery {
            q: get("q").map(|q| q.trim().to_string()).unwrap_or_default(),
            status: get("status").and_then(|s| parse_filter(&s)),
            page,
            size,
        }
    }

    fn href(&self) -> String {
        let pairs = self.to_params();
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        crate::routes::with_query(crate::routes::CONNECTIONS, &borrowed)
    }
}

impl ListQuery {
    /// The pairs to put in the URL, defaults omitted, in a stable order.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.q.is_empty() {
            out.push(("q", self.q.clone()));
        }
        if let Some(s) = &self.status {
            out.push(("status", s.as_str().to_string()));
        }
        if self.page > 1 {
            out.push(("page", self.page.to_string()));
        }
        if self.size != DEFAULT_PAGE_SIZE {
            out.push(("size", self.size.to_string()));
        }
        out
    }

    /// The API's `offset` for this page.
    pub fn offset(&self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(self.size)
    }

    /// A changed search or filter starts again at page 1.
    pub fn with_q(&self, q: &str) -> ListQuery {
        ListQuery { q: q.trim().to_string(), page: 1, ..self.clone() }
    }

    pub fn with_status(&self, status: StatusFilter) -> ListQuery {
        ListQuery { status, page: 1, ..self.clone() }
    }

    pub fn with_size(&self, size: u32) -> ListQuery {
        let size = if PAGE_SIZES.contains(&size) { size } else { DEFAULT_PAGE_SIZE };
        // Keep the first row on screen in view: jump to the page that contains it.
        let first = self.offset();
        ListQuery { size, page: (first / u64::from(size)) as u32 + 1, ..self.clone() }
    }

    pub fn with_page(&self, page: u32) -> ListQuery {
        ListQuery { page: page.max(1), ..self.clone() }
    }

    /// Number of pages for `total` rows (at least 1, so "page 1 of 1" on an empty list).
    pub fn page_count(&self, total: u64) -> u32 {
        (total.div_ceil(u64::from(self.size)).max(1)).min(u64::from(u32::MAX)) as u32
    }
}

/// Where the builder is; derived from which ends the URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuilderStep {
    /// Pick a source (all of the sub-account's sources, or those compatible with a chosen destination).
    Source,
    /// Pick a destination compatible with the chosen source.
    Destination,
    /// Name the connection and fill both connection-config forms.
    Details,
    /// Check everything and create.
    Review,
}

impl BuilderStep {
    pub fn number(self) -> u8 {
        match self {
            BuilderStep::Source => 1,
            BuilderStep::Destination => 2,
            BuilderStep::Details => 3,
            BuilderStep::Review => 4,
        }
    }

    pub fn title(self) -> String {
        match self {
            BuilderStep::Source => t("Source"),
            BuilderStep::Destination => t("Destination"),
            BuilderStep::Details => t("Name and settings"),
            BuilderStep::Review => t("Review and create"),
        }
    }

    /// The accessible name of the step list's "Change" link for this step.
    pub fn change_label(self) -> String {
        match self {
            BuilderStep::Source => t("Change source"),
            BuilderStep::Destination => t("Change destination"),
            // The last step is never offered for change.
            BuilderStep::Details | BuilderStep::Review => t("Change name and settings"),
        }
    }
}

/// The builder's URL: `?source=<id>&destination=<id>&step=review&from=<connectionId>`.
/// Typed values (name, settings) stay in memory: a setting may be sensitive.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BuilderQuery {
    pub source: Option<String>,
    pub destination: Option<String>,
    /// Review was reached (only meaningful when both ends are chosen).
    pub review: bool,
    /// "Duplicate as new connection": the connection to copy name and settings from.
    pub from: Option<String>,
}

impl UrlState for BuilderQuery {
    fn from_params(get: impl Fn(&str) -> Option<String>) -> BuilderQuery {
        let id = |k: &str| get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        BuilderQuery {
            source: id("source"),
            destination: id("destination"),
            review: get("step").is_some_and(|s| s.trim() == "review"),
            from: id("from"),
        }
    }

    fn href(&self) -> String {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if let Some(s) = &self.source {
            pairs.push(("source", s));
        }
        if let Some(d) = &self.destination {
            pairs.push(("destination", d));
        }
        if self.review && self.source.is_some() && self.destination.is_some() {
            pairs.push(("step", "review"));
        }
        if let Some(f) = &self.from {
            pairs.push(("from", f));
        }
        crate::routes::with_query(crate::routes::NEW_CONNECTION, &pairs)
    }
}

impl BuilderQuery {
    pub fn step(&self) -> BuilderStep {
        match (&self.source, &self.destination) {
            (None, _) => BuilderStep::Source,
            (Some(_), None) => BuilderStep::Destination,
            (Some(_), Some(_)) if self.review => BuilderStep::Review,
            (Some(_), Some(_)) => BuilderStep::Details,
        }
    }

    /// Started from a destination: the source list shows only its compatible sources.
    pub fn destination_first(&self) -> bool {
        self.source.is_none() && self.destination.is_some()
    }

    pub fn with_source(&self, id: Option<&str>) -> BuilderQuery {
        BuilderQuery { source: id.map(str::to_string), review: false, ..self.clone() }
    }

    pub fn with_destination(&self, id: Option<&str>) -> BuilderQuery {
        BuilderQuery { destination: id.map(str::to_string), review: false, ..self.clone() }
    }

    pub fn with_review(&self, review: bool) -> BuilderQuery {
        BuilderQuery { review, ..self.clone() }
    }
}

/// The builder's own URL for `return=` links (connector setup comes back here).
pub fn duplicate_href(connection_id: &str, source: &str, destination: &str) -> String {
    BuilderQuery {
        source: Some(source.to_string()),
        destination: Some(destination.to_string()),
        review: false,
        from: Some(connection_id.to_string()),
    }
    .href()
}

/// "Copy of <name>", cut to the name limit.
pub fn copy_name(name: &str) -> String {
    let n: String = tf("Copy of {name}", &[("name", name.trim())]);
    n.chars().take(madconnect_model::connection::MAX_CONNECTION_NAME).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use ConnectionStatus::*;

    fn params(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| m.get(k).cloned()
    }

    #[test]
    fn empty_url_is_the_default_view() {
        let q = ListQuery::from_params(params(&[]));
        assert_eq!(q, ListQuery::default());
        assert_eq!(q.href(), "/connections");
        assert_eq!(q.offset(), 0);
    }

    #[test]
    fn list_query_round_trips_through_the_url() {
        let q = ListQuery { q: "meta & google".into(), status: Some(Deleted), page: 3, size: 50 };
        assert_eq!(q.href(), "/connections?q=meta%20%26%20google&status=deleted&page=3&size=50");
        let back = ListQuery::from_params(params(&[("q", "meta & google"), ("status", "deleted"), ("page", "3"), ("size", "50")]));
        assert_eq!(back, q);
        assert_eq!(back.offset(), 100);
    }

    #[test]
    fn every_status_filter_round_trips_and_in_progress_keeps_its_documented_spelling() {
        for f in status_filters() {
            assert_eq!(parse_filter(filter_param(&f)), f);
        }
        assert_eq!(filter_param(&Some(InProgress)), "In-progress");
        assert_eq!(parse_filter("in-progress"), Some(InProgress));
        assert_eq!(parse_filter("exploded"), None);
    }

    #[test]
    fn bad_numbers_fall_back_to_defaults() {
        let q = ListQuery::from_params(params(&[("page", "0"), ("size", "7")]));
        assert_eq!((q.page, q.size), (1, DEFAULT_PAGE_SIZE));
        let q = ListQuery::from_params(params(&[("page", "-2"), ("size", "lots")]));
        assert_eq!((q.page, q.size), (1, DEFAULT_PAGE_SIZE));
    }

    #[test]
    fn changing_search_or_filter_goes_back_to_page_one() {
        let q = ListQuery { page: 4, ..Default::default() };
        assert_eq!(q.with_q(" acme ").page, 1);
        assert_eq!(q.with_q(" acme ").q, "acme");
        assert_eq!(q.with_status(Some(Broken)).page, 1);
    }

    #[test]
    fn changing_page_size_keeps_the_first_visible_row_on_screen() {
        let q = ListQuery { page: 3, size: 10, ..Default::default() }; // rows 21..30
        let bigger = q.with_size(50);
        assert_eq!((bigger.page, bigger.size), (1, 50));
        let q = ListQuery { page: 7, size: 10, ..Default::default() }; // rows 61..70
        assert_eq!(q.with_size(25).page, 3); // rows 51..75
    }

    #[test]
    fn page_count_is_at_least_one() {
        let q = ListQuery { size: 25, ..Default::default() };
        assert_eq!(q.page_count(0), 1);
        assert_eq!(q.page_count(25), 1);
        assert_eq!(q.page_count(26), 2);
        assert_eq!(q.page_count(10_000), 400);
    }

    #[test]
    fn rows_leave_the_view_only_when_deleted_or_restored() {
        use ConnectionStatus::*;
        assert!(keeps(&None, &Active));
        assert!(!keeps(&None, &Deleted), "deleted rows live only in Recently deleted");
        assert!(keeps(&Some(Active), &Disabled), "a just-disabled row stays to show the effect");
        assert!(keeps(&Some(Deleted), &Deleted));
        assert!(!keeps(&Some(Deleted), &Disabled), "a restored row leaves Recently deleted");
        assert_eq!(filter_label(&None), "All statuses");
        assert_eq!(filter_label(&Some(InProgress)), "In progress");
        assert_eq!(filter_label(&Some(Deleted)), "Recently deleted");
    }

    #[test]
    fn builder_step_follows_the_chosen_ends() {
        let b = BuilderQuery::from_params(params(&[]));
        assert_eq!(b.step(), BuilderStep::Source);
        let b = BuilderQuery::from_params(params(&[("source", "S1")]));
        assert_eq!(b.step(), BuilderStep::Destination);
        let b = BuilderQuery::from_params(params(&[("destination", "D1")]));
        assert_eq!(b.step(), BuilderStep::Source);
        assert!(b.destination_first());
        let b = BuilderQuery::from_params(params(&[("source", "S1"), ("destination", "D1")]));
        assert_eq!(b.step(), BuilderStep::Details);
        let b = BuilderQuery::from_params(params(&[("source", "S1"), ("destination", "D1"), ("step", "review")]));
        assert_eq!(b.step(), BuilderStep::Review);
        let b = BuilderQuery::from_params(params(&[("source", "S1"), ("step", "review")]));
        assert_eq!(b.step(), BuilderStep::Destination, "review needs both ends");
    }

    #[test]
    fn builder_url_round_trips_and_blank_ids_are_ignored() {
        let b = BuilderQuery { source: Some("S 1".into()), destination: Some("D1".into()), review: true, from: Some("C1".into()) };
        assert_eq!(b.href(), "/connections/new?source=S%201&destination=D1&step=review&from=C1");
        let back = BuilderQuery::from_params(params(&[("source", "S 1"), ("destination", "D1"), ("step", "review"), ("from", "C1")]));
        assert_eq!(back, b);
        let blank = BuilderQuery::from_params(params(&[("source", "  "), ("destination", "")]));
        assert_eq!(blank, BuilderQuery::default());
    }

    #[test]
    fn changing_an_end_leaves_review() {
        let b = BuilderQuery { source: Some("S1".into()), destination: Some("D1".into()), review: true, from: None };
        assert_eq!(b.with_destination(None).href(), "/connections/new?source=S1");
        assert_eq!(b.with_source(Some("S2")).step(), BuilderStep::Details);
        assert_eq!(b.with_review(false).href(), "/connections/new?source=S1&destination=D1");
    }

    #[test]
    fn duplicate_link_and_copy_name() {
        assert_eq!(duplicate_href("C1", "S1", "D1"), "/connections/new?source=S1&destination=D1&from=C1");
        assert_eq!(copy_name(" Meta CAPI "), "Copy of Meta CAPI");
        assert_eq!(copy_name(&"x".repeat(100)).chars().count(), 100);
    }
}
