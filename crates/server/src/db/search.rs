//! `q`, the case-insensitive substring search: the exact rule, and the trigram index query that
//! finds its candidates.
//!
//! The rule is what the API has always answered: the keyword lower-cased by Rust is found in the
//! column lower-cased by SQLite's `lower()` (ASCII letters only). The trigram tokenizer folds
//! case per character, so every row the rule accepts is among the index's candidates; the rule
//! then runs on those few rows only. A keyword under three characters has no trigram and falls
//! back to checking the rule on every row in scope.

use crate::db::Filter;

/// A search keyword, as given in `q` (already lower-cased by `Params::q`).
#[derive(Debug, Clone)]
pub struct Keyword {
    pub lower: String,
}

impl Keyword {
    pub fn new(lower: String) -> Self {
        Keyword { lower }
    }

    /// Whether the trigram index can answer: it needs three characters.
    pub fn indexed(&self) -> bool {
        self.lower.chars().count() >= 3
    }

    /// The FTS5 query matching the keyword as one phrase (quotes doubled), optionally in one
    /// column only.
    pub fn fts_phrase(&self, column: Option<&str>) -> String {
        let phrase = format!("\"{}\"", self.lower.replace('"', "\"\""));
        match column {
            Some(c) => format!("{c} : {phrase}"),
            None => phrase,
        }
    }
}

/// The exact rule over several columns (`placeholder` is the bound lower-cased keyword).
pub fn contains_any(columns: &[&str], placeholder: &str) -> String {
    let parts: Vec<String> = columns.iter().map(|c| format!("instr(lower({c}), {placeholder}) > 0")).collect();
    format!("({})", parts.join(" OR "))
}

/// Restricts `f` to catalog connectors (aliased `c`) whose name, description, platform type or
/// data type contains the keyword.
pub fn connectors(f: &mut Filter, q: &Keyword) {
    let p = f.arg(q.lower.clone());
    let exact = contains_any(&["c.name", "c.description", "c.platform_type", "c.data_type"], &p);
    if q.indexed() {
        let m = f.arg(q.fts_phrase(None));
        f.push(format!("c.id IN (SELECT connector_id FROM connector_search WHERE connector_search MATCH {m})"));
    }
    f.push(exact);
}

/// The ids of catalog connectors whose name contains the keyword, as a subquery.
pub fn connector_names(f: &mut Filter, q: &Keyword) -> String {
    let p = f.arg(q.lower.clone());
    if q.indexed() {
        let m = f.arg(q.fts_phrase(Some("name")));
        format!("SELECT connector_id FROM connector_search WHERE connector_search MATCH {m} AND instr(lower(name), {p}) > 0")
    } else {
        format!("SELECT id FROM connectors WHERE instr(lower(name), {p}) > 0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_quote_the_keyword_and_count_characters_not_bytes() {
        let k = Keyword::new("say \"hi\"".into());
        assert_eq!(k.fts_phrase(None), "\"say \"\"hi\"\"\"");
        assert_eq!(k.fts_phrase(Some("name")), "name : \"say \"\"hi\"\"\"");
        assert!(!Keyword::new("éé".into()).indexed());
        assert!(Keyword::new("éèê".into()).indexed());
    }
}
