//! Which connectors can be picked where: the builder's choice lists (ready, needs setup, not added)
//! and the compatibility grid (the sub-account's sources × destinations). Pure, tested natively.

use crate::i18n::t;
use madconnect_model::{AccountConnector, SupportedType};
use std::collections::{HashMap, HashSet};

/// How far a connector is from being usable in a connection in this sub-account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Readiness {
    /// Added and configured: can be picked.
    Ready,
    /// Added, but its credentials are not set up yet.
    NeedsSetup,
    /// Compatible, but the sub-account has not added it.
    NotAdded,
}

impl Readiness {
    pub fn label(self) -> String {
        match self {
            Readiness::Ready => t("Ready"),
            Readiness::NeedsSetup => t("Needs setup"),
            Readiness::NotAdded => t("Not added"),
        }
    }
}

/// A connector offered at one step of the builder.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub connector: AccountConnector,
    pub readiness: Readiness,
}

/// The connectors to offer at a step: `compatible` (from `supported/<id>/<type>`, or `None` when no
/// other end is chosen yet, meaning every added connector of `role`), checked against the
/// sub-account's `added` connectors. Ready first, then needing setup, then not added; by name.
pub fn candidates(role: &SupportedType, added: &[AccountConnector], compatible: Option<&[AccountConnector]>) -> Vec<Candidate> {
    let added_by_id: HashMap<&str, &AccountConnector> = added.iter().map(|c| (c.connector_id.as_str(), c)).collect();
    let mut out: Vec<Candidate> = match compatible {
        None => added
            .iter()
            .filter(|c| c.supported_type == *role)
            .map(|c| Candidate { connector: c.clone(), readiness: if c.configured { Readiness::Ready } else { Readiness::NeedsSetup } })
            .collect(),
        Some(list) => list
            .iter()
            .filter(|c| c.supported_type == *role)
            .map(|c| {
                // The sub-account's own record is the truth about added/configured.
                let readiness = match added_by_id.get(c.connector_id.as_str()) {
                    Some(a) if a.configured => Readiness::Ready,
                    Some(_) => Readiness::NeedsSetup,
                    None if c.integrated == Some(true) && c.configured => Readiness::Ready,
                    None if c.integrated == Some(true) => Readiness::NeedsSetup,
                    None => Readiness::NotAdded,
                };
                let connector = added_by_id.get(c.connector_id.as_str()).map(|a| (*a).clone()).unwrap_or_else(|| c.clone());
                Candidate { connector, readiness }
            })
            .collect(),
    };
    out.sort_by(|a, b| a.readiness.cmp(&b.readiness).then_with(|| a.connector.name.to_lowercase().cmp(&b.connector.name.to_lowercase())));
    out
}

/// How many of the sub-account's connectors of `role` are not compatible (so the page can say
/// that they are left out on purpose).
pub fn incompatible_count(role: &SupportedType, added: &[AccountConnector], compatible: &[AccountConnector]) -> usize {
    let ok: HashSet<&str> = compatible.iter().map(|c| c.connector_id.as_str()).collect();
    added.iter().filter(|c| c.supported_type == *role && !ok.contains(c.connector_id.as_str())).count()
}

/// The compatibility grid: rows are sources, columns destinations, both by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub sources: Vec<AccountConnector>,
    pub destinations: Vec<AccountConnector>,
    pairs: HashSet<(String, String)>,
}

impl Grid {
    /// `compatible_by_source`: for each source id, its compatible destinations.
    pub fn new(added: &[AccountConnector], compatible_by_source: &HashMap<String, Vec<AccountConnector>>) -> Grid {
        let by_name = |v: &mut Vec<AccountConnector>| v.sort_by_key(|c| c.name.to_lowercase());
        let mut sources: Vec<AccountConnector> = added.iter().filter(|c| c.supported_type == SupportedType::Source).cloned().collect();
        let mut destinations: Vec<AccountConnector> =
            added.iter().filter(|c| c.supported_type == SupportedType::Destination).cloned().collect();
        by_name(&mut sources);
        by_name(&mut destinations);
        let pairs = compatible_by_source.iter().flat_map(|(s, ds)| ds.iter().map(move |d| (s.clone(), d.connector_id.clone()))).collect();
        Grid { sources, destinations, pairs }
    }

    pub fn compatible(&self, source_id: &str, destination_id: &str) -> bool {
        self.pairs.contains(&(source_id.to_string(), destination_id.to_string()))
    }

    /// Compatible pairs among the sub-account's own connectors.
    pub fn pair_count(&self) -> usize {
        self.sources.iter().map(|s| self.destinations.iter().filter(|d| self.compatible(&s.connector_id, &d.connector_id)).count()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use madconnect_model::{DataTypeCategory, PlatformType};

    fn conn(id: &str, name: &str, role: SupportedType, configured: bool) -> AccountConnector {
        AccountConnector {
            configured,
            connector_id: id.into(),
            data_type: "audiences".into(),
            data_type_category: DataTypeCategory::AudienceActivation,
            description: String::new(),
            dest_connections: 0,
            editable: None,
            env: None,
            platform_id: String::new(),
            logo: String::new(),
            name: name.into(),
            platform_type: PlatformType::SocialMedia,
            src_connections: 0,
            supported_type: role,
            transfer: false,
            integrated: None,
        }
    }

    fn not_added(id: &str, name: &str) -> AccountConnector {
        AccountConnector { integrated: Some(false), ..conn(id, name, SupportedType::Destination, false) }
    }

    #[test]
    fn sources_without_a_chosen_destination_are_the_added_sources() {
        let added = vec![
            conn("s2", "Snowflake", SupportedType::Source, false),
            conn("s1", "BigQuery", SupportedType::Source, true),
            conn("d1", "Meta", SupportedType::Destination, true),
        ];
        let c = candidates(&SupportedType::Source, &added, None);
        let got: Vec<(&str, Readiness)> = c.iter().map(|c| (c.connector.name.as_str(), c.readiness)).collect();
        assert_eq!(got, vec![("BigQuery", Readiness::Ready), ("Snowflake", Readiness::NeedsSetup)]);
    }

    #[test]
    fn only_compatible_destinations_are_offered_with_their_readiness() {
        let added = vec![
            conn("s1", "BigQuery", SupportedType::Source, true),
            conn("d1", "Meta", SupportedType::Destination, true),
            conn("d2", "Google Ads", SupportedType::Destination, false),
            conn("d9", "TikTok", SupportedType::Destination, true), // added but not compatible
        ];
        let compatible = vec![
            conn("d1", "Meta", SupportedType::Destination, false), // the supported list may not know
            conn("d2", "Google Ads", SupportedType::Destination, false),
            not_added("d3", "Amazon DSP"),
        ];
        let c = candidates(&SupportedType::Destination, &added, Some(&compatible));
        let got: Vec<(&str, Readiness)> = c.iter().map(|c| (c.connector.name.as_str(), c.readiness)).collect();
        assert_eq!(got, vec![("Meta", Readiness::Ready), ("Google Ads", Readiness::NeedsSetup), ("Amazon DSP", Readiness::NotAdded)]);
        assert!(!c.iter().any(|c| c.connector.connector_id == "d9"), "an incompatible destination is not offered");
        assert_eq!(incompatible_count(&SupportedType::Destination, &added, &compatible), 1);
    }

    #[test]
    fn grid_marks_exactly_the_compatible_pairs() {
        let added = vec![
            conn("s1", "Snowflake", SupportedType::Source, true),
            conn("s2", "BigQuery", SupportedType::Source, true),
            conn("d1", "Meta", SupportedType::Destination, true),
            conn("d2", "Google Ads", SupportedType::Destination, true),
        ];
        let mut by_source = HashMap::new();
        by_source.insert("s1".to_string(), vec![conn("d1", "Meta", SupportedType::Destination, true), not_added("d7", "X")]);
        by_source.insert("s2".to_string(), vec![]);
        let g = Grid::new(&added, &by_source);
        assert_eq!(g.sources.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["BigQuery", "Snowflake"]);
        assert_eq!(g.destinations.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["Google Ads", "Meta"]);
        assert!(g.compatible("s1", "d1"));
        assert!(!g.compatible("s1", "d2"));
        assert!(!g.compatible("s2", "d1"));
        assert_eq!(g.pair_count(), 1, "pairs with connectors not added do not count");
    }
}
