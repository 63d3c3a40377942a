//! Marketplace filters and the client-side catalog index: filters ↔ URL query, and one pass over
//! the loaded catalog that yields the matches and every facet's counts.
//!
//! The console loads the whole catalog once and filters it here, so facets work against any
//! server (the documented API only has `q`, `size`, `offset`). Search keys are lowercased once at
//! index time; a query allocates only its result, never a copy of the catalog.

use crate::url::{decode_component, encode_query};
use madconnect_model::{AuthType, CatalogConnector, DataTypeCategory, PlatformType, SupportedType};
use std::collections::HashMap;

/// Cards per page of the grid.
pub const PAGE_SIZE: usize = 24;

/// Query parameter names (the API's own spellings where it has one).
pub const P_CATEGORY: &str = "dataTypeCategory";
pub const P_PLATFORM: &str = "platformType";
pub const P_ROLE: &str = "supportedType";
pub const P_AUTH: &str = "authType";
pub const P_QUERY: &str = "q";
pub const P_PAGE: &str = "page";

/// Everything that shapes the grid. Lives in the URL: bookmarkable, shareable, Back/Forward.
/// Several values of one facet mean "any of them"; different facets must all match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogFilters {
    pub categories: Vec<String>,
    pub platforms: Vec<String>,
    /// `authType` values (`oauth2`, `apiKey`, ...).
    pub auth_types: Vec<String>,
    pub role: Option<SupportedType>,
    pub q: String,
    /// 1-based.
    pub page: usize,
}

impl CatalogFilters {
    /// Reads filters from decoded query pairs; unknown keys and bad values are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut f = CatalogFilters { page: 1, ..Default::default() };
        for (k, v) in pairs {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match k {
                P_CATEGORY => push_unique(&mut f.categories, DataTypeCategory::parse(v).as_str()),
                P_PLATFORM => push_unique(&mut f.platforms, PlatformType::parse(v).as_str()),
                P_AUTH => push_unique(&mut f.auth_types, AuthType::parse(v).as_str()),
                P_ROLE | "role" => {
                    f.role = match SupportedType::parse(v) {
                        SupportedType::Other(_) => None,
                        known => Some(known),
                    }
                }
                P_QUERY => f.q = v.to_string(),
                P_PAGE => f.page = v.parse::<usize>().ok().filter(|p| *p >= 1).unwrap_or(1),
                _ => {}
            }
        }
        f
    }

    /// Reads a raw query string (`a=b&c=d`, with or without the leading `?`).
    pub fn from_query(query: &str) -> Self {
        let decoded: Vec<(String, String)> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode_component(k), decode_component(v))
            })
            .collect();
        Self::from_pairs(decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The canonical query string (no `?`): facets, role, search, then the page when not 1.
    pub fn to_query(&self) -> String {
        let page = self.page.to_string();
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        pairs.extend(self.categories.iter().map(|c| (P_CATEGORY, c.as_str())));
        pairs.extend(self.platforms.iter().map(|p| (P_PLATFORM, p.as_str())));
        pairs.extend(self.auth_types.iter().map(|a| (P_AUTH, a.as_str())));
        if let Some(r) = &self.role {
            pairs.push((P_ROLE, r.as_str()));
        }
        let q = self.q.trim();
        if !q.is_empty() {
            pairs.push((P_QUERY, q));
        }
        if self.page > 1 {
            pairs.push((P_PAGE, &page));
        }
        encode_query(pairs)
    }

    /// Any filter or search active (the page alone does not count).
    pub fn is_filtered(&self) -> bool {
        !self.categories.is_empty()
            || !self.platforms.is_empty()
            || !self.auth_types.is_empty()
            || self.role.is_some()
            || !self.q.trim().is_empty()
    }

    /// The same view with no filters and no search.
    pub fn cleared() -> Self {
        CatalogFilters { page: 1, ..Default::default() }
    }

    /// Adds or removes one category (back to the first page).
    pub fn toggle_category(&self, value: &str) -> Self {
        let mut f = self.clone();
        toggle(&mut f.categories, value);
        f.page = 1;
        f
    }

    pub fn toggle_platform(&self, value: &str) -> Self {
        let mut f = self.clone();
        toggle(&mut f.platforms, value);
        f.page = 1;
        f
    }

    pub fn toggle_auth_type(&self, value: &str) -> Self {
        let mut f = self.clone();
        toggle(&mut f.auth_types, value);
        f.page = 1;
        f
    }

    pub fn with_role(&self, role: Option<SupportedType>) -> Self {
        CatalogFilters { role, page: 1, ..self.clone() }
    }

    pub fn with_query(&self, q: &str) -> Self {
        CatalogFilters { q: q.trim().to_string(), page: 1, ..self.clone() }
    }

    pub fn with_page(&self, page: usize) -> Self {
        CatalogFilters { page: page.max(1), ..self.clone() }
    }
}

fn push_unique(list: &mut Vec<String>, v: &str) {
    if !list.iter().any(|x| x.eq_ignore_ascii_case(v)) {
        list.push(v.to_string());
    }
}

fn toggle(list: &mut Vec<String>, v: &str) {
    let before = list.len();
    list.retain(|x| !x.eq_ignore_ascii_case(v));
    if list.len() == before {
        list.push(v.to_string());
    }
}

/// One facet value and how many connectors have it under the other active filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: usize,
    pub active: bool,
}

/// The result of one query: matching positions (into [`CatalogIndex::items`]) and facet counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogView {
    pub matches: Vec<u32>,
    pub categories: Vec<FacetCount>,
    pub platforms: Vec<FacetCount>,
    pub auth_types: Vec<FacetCount>,
    /// Connectors per role (Source, Destination) under the other filters.
    pub sources: usize,
    pub destinations: usize,
}

impl CatalogView {
    pub fn total(&self) -> usize {
        self.matches.len()
    }

    /// The number of pages (at least 1).
    pub fn pages(&self) -> usize {
        self.matches.len().div_ceil(PAGE_SIZE).max(1)
    }

    /// The positions shown on `page` (clamped to the last page).
    pub fn page_slice(&self, page: usize) -> &[u32] {
        let page = page.clamp(1, self.pages());
        let start = (page - 1) * PAGE_SIZE;
        &self.matches[start.min(self.matches.len())..(start + PAGE_SIZE).min(self.matches.len())]
    }
}

const NO_ROLE: u8 = 0;
const SOURCE: u8 = 1;
const DESTINATION: u8 = 2;

/// The loaded catalog, sorted by name, with everything a query needs precomputed.
#[derive(Debug, Default)]
pub struct CatalogIndex {
    pub items: Vec<CatalogConnector>,
    keys: Vec<String>,
    category: Vec<u16>,
    platform: Vec<u16>,
    auth: Vec<u16>,
    role: Vec<u8>,
    category_values: Vec<String>,
    platform_values: Vec<String>,
    auth_values: Vec<String>,
    by_id: HashMap<String, u32>,
}

/// Facet values in the documented order first, then any others alphabetically.
fn facet_values<'a>(known: impl Iterator<Item = &'a str>, seen: impl Iterator<Item = &'a str>) -> Vec<String> {
    let known: Vec<&str> = known.collect();
    let mut extra: Vec<&str> = seen.filter(|v| !known.iter().any(|k| k.eq_ignore_ascii_case(v))).collect();
    extra.sort_unstable();
    extra.dedup();
    known.into_iter().chain(extra).map(str::to_string).collect()
}

fn position(values: &[String], v: &str) -> u16 {
    values.iter().position(|x| x.eq_ignore_ascii_case(v)).unwrap_or(u16::MAX as usize) as u16
}

impl CatalogIndex {
    pub fn new(mut items: Vec<CatalogConnector>) -> Self {
        items.sort_by_cached_key(|c| (c.name.to_lowercase(), c.connector_id.clone()));
        items.dedup_by(|a, b| a.connector_id == b.connector_id);
        let category_values =
            facet_values(DataTypeCategory::ALL.iter().map(|c| c.as_str()), items.iter().map(|c| c.data_type_category.as_str()));
        let platform_values = facet_values(PlatformType::ALL.iter().map(|p| p.as_str()), items.iter().map(|c| c.platform_type.as_str()));
        let auth_values: Vec<String> = AuthType::ALL.iter().map(|a| a.as_str().to_string()).collect();
        let keys = items
            .iter()
            .map(|c| {
                format!("{}\n{}\n{}\n{}\n{}", c.name, c.description, c.platform_type, c.data_type, c.data_type_category).to_lowercase()
            })
            .collect();
        let category = items.iter().map(|c| position(&category_values, c.data_type_category.as_str())).collect();
        let platform = items.iter().map(|c| position(&platform_values, c.platform_type.as_str())).collect();
        // A server without the authorization extensions sends no auth type: no value, no count.
        let auth = items.iter().map(|c| c.auth_type.as_ref().map_or(u16::MAX, |a| position(&auth_values, a.as_str()))).collect();
        let role = items
            .iter()
            .map(|c| match c.supported_type {
                SupportedType::Source => SOURCE,
                SupportedType::Destination => DESTINATION,
                _ => NO_ROLE,
            })
            .collect();
        let by_id = items.iter().enumerate().map(|(i, c)| (c.connector_id.clone(), i as u32)).collect();
        CatalogIndex { items, keys, category, platform, auth, role, category_values, platform_values, auth_values, by_id }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, pos: u32) -> Option<&CatalogConnector> {
        self.items.get(pos as usize)
    }

    pub fn find(&self, connector_id: &str) -> Option<&CatalogConnector> {
        self.by_id.get(connector_id).and_then(|p| self.get(*p))
    }

    /// One pass: the matches, and for each facet the counts under the *other* active filters
    /// (so choosing a platform still shows how many each other platform would give).
    pub fn query(&self, f: &CatalogFilters) -> CatalogView {
        let wanted = |values: &[String], chosen: &[String]| -> Option<Vec<bool>> {
            if chosen.is_empty() {
                return None;
            }
            let mut mask = vec![false; values.len()];
            for c in chosen {
                if let Some(i) = values.iter().position(|v| v.eq_ignore_ascii_case(c)) {
                    mask[i] = true;
                }
            }
            Some(mask)
        };
        let cat_mask = wanted(&self.category_values, &f.categories);
        let plat_mask = wanted(&self.platform_values, &f.platforms);
        let auth_mask = wanted(&self.auth_values, &f.auth_types);
        let role = match f.role {
            Some(SupportedType::Source) => Some(SOURCE),
            Some(SupportedType::Destination) => Some(DESTINATION),
            _ => None,
        };
        let needle = f.q.to_lowercase();
        let terms: Vec<&str> = needle.split_whitespace().collect();

        let in_mask = |mask: &Option<Vec<bool>>, i: u16| mask.as_ref().is_none_or(|m| m.get(i as usize).copied().unwrap_or(false));
        let mut cat_counts = vec![0usize; self.category_values.len()];
        let mut plat_counts = vec![0usize; self.platform_values.len()];
        let mut auth_counts = vec![0usize; self.auth_values.len()];
        let (mut sources, mut destinations) = (0, 0);
        let mut matches = Vec::new();
        for i in 0..self.items.len() {
            if !terms.iter().all(|t| self.keys[i].contains(t)) {
                continue;
            }
            let (c, p, a, r) = (self.category[i], self.platform[i], self.auth[i], self.role[i]);
            let cat_ok = in_mask(&cat_mask, c);
            let plat_ok = in_mask(&plat_mask, p);
            let auth_ok = in_mask(&auth_mask, a);
            let role_ok = role.is_none_or(|want| want == r);
            if plat_ok && auth_ok && role_ok {
                if let Some(n) = cat_counts.get_mut(c as usize) {
                    *n += 1;
                }
            }
            if cat_ok && auth_ok && role_ok {
                if let Some(n) = plat_counts.get_mut(p as usize) {
                    *n += 1;
                }
            }
            if cat_ok && plat_ok && role_ok {
                if let Some(n) = auth_counts.get_mut(a as usize) {
                    *n += 1;
                }
            }
            if cat_ok && plat_ok && auth_ok {
                match r {
                    SOURCE => sources += 1,
                    DESTINATION => destinations += 1,
                    _ => {}
                }
            }
            if cat_ok && plat_ok && auth_ok && role_ok {
                matches.push(i as u32);
            }
        }
        let facet = |values: &[String], counts: Vec<usize>, chosen: &[String]| -> Vec<FacetCount> {
            let mut out: Vec<FacetCount> = values
                .iter()
                .zip(counts)
                .map(|(v, count)| FacetCount { value: v.clone(), count, active: chosen.iter().any(|c| c.eq_ignore_ascii_case(v)) })
                .filter(|fc| fc.count > 0 || fc.active)
                .collect();
            // A chosen value the catalog does not have still shows, so it can be cleared.
            for c in chosen {
                if !out.iter().any(|fc| fc.value.eq_ignore_ascii_case(c)) {
                    out.push(FacetCount { value: c.clone(), count: 0, active: true });
                }
            }
            out
        };
        CatalogView {
            matches,
            categories: facet(&self.category_values, cat_counts, &f.categories),
            platforms: facet(&self.platform_values, plat_counts, &f.platforms),
            auth_types: facet(&self.auth_values, auth_counts, &f.auth_types),
            sources,
            destinations,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connector(id: &str, name: &str, cat: &str, plat: &str, role: &str) -> CatalogConnector {
        CatalogConnector {
            data_type: "audiences".into(),
            data_type_category: DataTypeCategory::parse(cat),
            doc_url: String::new(),
            platform_id: String::new(),
            connector_id: id.into(),
            integrated: false,
            logo: String::new(),
            name: name.into(),
            overview_url: String::new(),
            platform_type: PlatformType::parse(plat),
            status: 0,
            supported_type: SupportedType::parse(role),
            description: format!("{name} connector"),
            transfer: false,
            auth_type: None,
            release_status: None,
        }
    }

    fn sample() -> CatalogIndex {
        CatalogIndex::new(vec![
            connector("M1", "Meta Ads", "audience activation", "Social Media Platform", "Destination"),
            connector("S1", "Salesforce", "audience activation", "CRM Platform", "Source"),
            connector("T1", "The Trade Desk", "campaign management", "Demand-Side Platform (DSP)", "Destination"),
            connector("G1", "Google Analytics", "reporting", "Data Provider", "Source"),
            connector("S3", "Amazon S3", "data store", "Cloud Storage Provider", "Source"),
            connector("S4", "Amazon S3 export", "data store", "Cloud Storage Provider", "Destination"),
        ])
    }

    fn names(idx: &CatalogIndex, v: &CatalogView) -> Vec<String> {
        v.matches.iter().map(|p| idx.get(*p).unwrap().name.clone()).collect()
    }

    fn count(facets: &[FacetCount], value: &str) -> usize {
        facets.iter().find(|f| f.value == value).map_or(0, |f| f.count)
    }

    #[test]
    fn filters_round_trip_through_the_query_string() {
        let f = CatalogFilters {
            categories: vec!["audience activation".into(), "data store".into()],
            platforms: vec!["Demand-Side Platform (DSP)".into()],
            auth_types: vec!["oauth2".into()],
            role: Some(SupportedType::Destination),
            q: "meta ads".into(),
            page: 3,
        };
        let q = f.to_query();
        assert_eq!(
            q,
            "dataTypeCategory=audience%20activation&dataTypeCategory=data%20store&platformType=Demand-Side%20Platform%20%28DSP%29&authType=oauth2&supportedType=Destination&q=meta%20ads&page=3"
        );
        assert_eq!(CatalogFilters::from_query(&q), f);
        assert_eq!(CatalogFilters::from_query(&format!("?{q}")), f);
        assert_eq!(CatalogFilters::cleared().to_query(), "", "the unfiltered first page is a bare URL");
    }

    #[test]
    fn query_parsing_normalises_case_and_ignores_junk() {
        let f = CatalogFilters::from_query("platformType=crm+platform&supportedType=source&page=0&page=x&foo=1&q=+&dataTypeCategory=");
        assert_eq!(f.platforms, vec!["CRM Platform"]);
        assert_eq!(f.role, Some(SupportedType::Source));
        assert_eq!(f.page, 1);
        assert!(f.categories.is_empty());
        assert_eq!(f.q, "");
        assert_eq!(CatalogFilters::from_query("supportedType=sideways").role, None);
        assert_eq!(CatalogFilters::from_query("role=Destination").role, Some(SupportedType::Destination));
    }

    #[test]
    fn changing_a_filter_goes_back_to_the_first_page() {
        let f = CatalogFilters::cleared().with_page(4);
        assert_eq!(f.toggle_category("reporting").page, 1);
        assert_eq!(f.toggle_platform("CRM Platform").page, 1);
        assert_eq!(f.with_role(Some(SupportedType::Source)).page, 1);
        assert_eq!(f.with_query("x").page, 1);
        let on = f.toggle_category("reporting");
        assert_eq!(on.categories, vec!["reporting"]);
        assert!(on.toggle_category("Reporting").categories.is_empty(), "toggling ignores case");
        assert!(on.is_filtered());
        assert!(!CatalogFilters::cleared().with_page(9).is_filtered());
    }

    #[test]
    fn facets_and_role_combine_and_search_matches_every_term() {
        let idx = sample();
        let all = idx.query(&CatalogFilters::cleared());
        assert_eq!(all.total(), 6);
        assert_eq!(names(&idx, &all)[0], "Amazon S3", "sorted by name");

        let f = CatalogFilters::cleared().toggle_platform("Cloud Storage Provider");
        assert_eq!(names(&idx, &idx.query(&f)), vec!["Amazon S3", "Amazon S3 export"]);
        let f = f.with_role(Some(SupportedType::Destination));
        assert_eq!(names(&idx, &idx.query(&f)), vec!["Amazon S3 export"]);

        let f = CatalogFilters::cleared().toggle_category("audience activation").toggle_category("reporting");
        assert_eq!(names(&idx, &idx.query(&f)), vec!["Google Analytics", "Meta Ads", "Salesforce"]);

        let f = CatalogFilters::cleared().with_query("AMAZON export");
        assert_eq!(names(&idx, &idx.query(&f)), vec!["Amazon S3 export"]);
        // Search covers platform type and data type too.
        let f = CatalogFilters::cleared().with_query("dsp");
        assert_eq!(names(&idx, &idx.query(&f)), vec!["The Trade Desk"]);
        assert_eq!(idx.query(&CatalogFilters::cleared().with_query("nothing-like-this")).total(), 0);
    }

    #[test]
    fn each_facet_counts_under_the_other_filters_only() {
        let idx = sample();
        let f = CatalogFilters::cleared().toggle_category("data store");
        let v = idx.query(&f);
        // Categories ignore the category filter itself: every category keeps its full count.
        assert_eq!(count(&v.categories, "audience activation"), 2);
        assert_eq!(count(&v.categories, "data store"), 2);
        assert!(v.categories.iter().find(|c| c.value == "data store").unwrap().active);
        // Platforms are counted inside "data store" only.
        assert_eq!(count(&v.platforms, "Cloud Storage Provider"), 2);
        assert_eq!(count(&v.platforms, "CRM Platform"), 0);
        assert_eq!((v.sources, v.destinations), (1, 1));

        let v = idx.query(&f.with_role(Some(SupportedType::Source)));
        assert_eq!(count(&v.categories, "audience activation"), 1, "Salesforce is the only source there");
        assert_eq!((v.sources, v.destinations), (1, 1), "role counts ignore the role filter");
        assert!(v.platforms.iter().all(|p| p.count > 0 || p.active), "empty values are left out");
    }

    #[test]
    fn an_unknown_filter_value_matches_nothing_but_stays_clearable() {
        let idx = sample();
        let v = idx.query(&CatalogFilters::cleared().toggle_platform("Quantum Platform"));
        assert_eq!(v.total(), 0);
        let q = v.platforms.iter().find(|p| p.value == "Quantum Platform").unwrap();
        assert!(q.active);
        assert_eq!(q.count, 0);
    }

    #[test]
    fn pages_slice_the_matches() {
        let items: Vec<CatalogConnector> =
            (0..50).map(|i| connector(&format!("C{i:02}"), &format!("Connector {i:02}"), "events", "Data Provider", "Source")).collect();
        let idx = CatalogIndex::new(items);
        let v = idx.query(&CatalogFilters::cleared());
        assert_eq!(v.pages(), 3);
        assert_eq!(v.page_slice(1).len(), PAGE_SIZE);
        assert_eq!(v.page_slice(3).len(), 2);
        assert_eq!(v.page_slice(99), v.page_slice(3), "past the end shows the last page");
        assert_eq!(idx.find("C07").unwrap().name, "Connector 07");
        assert_eq!(CatalogView::default().pages(), 1);
        assert!(CatalogView::default().page_slice(1).is_empty());
    }

    #[test]
    fn five_thousand_connectors_filter_in_linear_time() {
        let cats = DataTypeCategory::ALL;
        let plats = PlatformType::ALL;
        let items: Vec<CatalogConnector> = (0..5000)
            .map(|i| {
                connector(
                    &format!("ID{i:05}"),
                    &format!("Synthetic {i} {}", ["Ads", "Analytics", "Store", "CRM"][i % 4]),
                    cats[i % cats.len()].as_str(),
                    plats[i % plats.len()].as_str(),
                    if i % 2 == 0 { "Source" } else { "Destination" },
                )
            })
            .collect();
        let idx = CatalogIndex::new(items);
        let f = CatalogFilters::cleared().toggle_platform("Social Media Platform").with_query("ads");
        let start = std::time::Instant::now();
        let runs = 20;
        let mut total = 0;
        for _ in 0..runs {
            total += idx.query(&f).total();
        }
        let per_query = start.elapsed() / runs;
        assert!(total > 0);
        // A guard against accidental quadratic work, generous enough for an unoptimised build on a
        // busy machine; the real figure (release wasm in Chromium) comes from scripts/bench-catalog.mjs.
        assert!(per_query.as_millis() < 100, "one query took {per_query:?}");
    }

    #[test]
    fn the_auth_type_facet_filters_and_counts_under_the_other_filters() {
        let with_auth = |mut c: CatalogConnector, a: &str| {
            c.auth_type = Some(AuthType::parse(a));
            c
        };
        let idx = CatalogIndex::new(vec![
            with_auth(connector("M1", "Meta Ads", "audience activation", "Social Media Platform", "Destination"), "oauth2"),
            with_auth(connector("S1", "Salesforce", "audience activation", "CRM Platform", "Source"), "oauth2"),
            with_auth(connector("T1", "The Trade Desk", "campaign management", "Demand-Side Platform (DSP)", "Destination"), "apiKey"),
            connector("G1", "Google Analytics", "reporting", "Data Provider", "Source"),
        ]);
        let f = CatalogFilters::from_query("authType=OAUTH2");
        assert_eq!(f.auth_types, vec!["oauth2"], "values are read in their documented spelling");
        let v = idx.query(&f);
        assert_eq!(names(&idx, &v), vec!["Meta Ads", "Salesforce"]);
        assert_eq!(count(&v.auth_types, "oauth2"), 2);
        assert_eq!(count(&v.auth_types, "apiKey"), 1, "the facet's own filter does not narrow its counts");
        assert_eq!(count(&v.platforms, "Demand-Side Platform (DSP)"), 0, "other facets count inside it");
        assert!(v.auth_types.iter().all(|a| a.value != "none"), "a value no connector has is left out");
        let v = idx.query(&f.with_role(Some(SupportedType::Source)));
        assert_eq!(count(&v.auth_types, "oauth2"), 1);
        assert_eq!(f.toggle_auth_type("oauth2").to_query(), "", "toggling again clears it");
    }
}
