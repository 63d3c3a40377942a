//! Every in-app href, built in one place so a renamed route cannot leave a dead link behind.
//!
//! Paths are relative to the router base (the public path). Render links with
//! `crate::components::A` (it prefixes the public path; leptos_router's own `<A>` does not) and
//! pass these paths bare to `use_navigate` / `<Redirect>` (they resolve against the base).
//! Ids and query values are percent-encoded here.

use crate::url::encode_component;

pub const MARKETPLACE: &str = "/marketplace";
pub const MY_CONNECTORS: &str = "/connectors";
pub const CONNECTIONS: &str = "/connections";
pub const NEW_CONNECTION: &str = "/connections/new";
pub const COMPATIBILITY: &str = "/connections/compatibility";
pub const REPORTS: &str = "/reports";

pub fn connector(id: &str) -> String {
    format!("/marketplace/{}", encode_component(id))
}

pub fn connector_setup(id: &str) -> String {
    format!("/connectors/{}/setup", encode_component(id))
}

pub fn connection(id: &str) -> String {
    format!("/connections/{}", encode_component(id))
}

pub fn connection_edit(id: &str) -> String {
    format!("/connections/{}/edit", encode_component(id))
}

/// Appends `?k=v&...` for the pairs whose value is not empty; `path` must not carry a query.
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let query = crate::url::encode_query(pairs.iter().filter(|(_, v)| !v.is_empty()).copied());
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// The connection builder, optionally with either end already chosen.
pub fn new_connection(source: Option<&str>, destination: Option<&str>) -> String {
    with_query(NEW_CONNECTION, &[("source", source.unwrap_or("")), ("destination", destination.unwrap_or(""))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_encoded_into_paths() {
        assert_eq!(connector("ab/c d"), "/marketplace/ab%2Fc%20d");
        assert_eq!(connection_edit("X1"), "/connections/X1/edit");
    }

    #[test]
    fn builder_query_skips_missing_ends() {
        assert_eq!(new_connection(None, None), "/connections/new");
        assert_eq!(new_connection(Some("S1"), None), "/connections/new?source=S1");
        assert_eq!(new_connection(Some("S1"), Some("D&2")), "/connections/new?source=S1&destination=D%262");
    }
}
