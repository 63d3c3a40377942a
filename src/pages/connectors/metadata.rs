//! The key/value editor's state for a custom connector's metadata: rows as typed, the limits as
//! the person types ("3 of 16 pairs", "12 / 64"), and the errors of the model's own rule
//! (`madconnect_model::validate_metadata`), each on the row it is about.

use crate::i18n::tf;
use madconnect_model::oauth::{METADATA_MAX_KEY_CHARS, METADATA_MAX_PAIRS, METADATA_MAX_VALUE_CHARS};
use madconnect_model::{validate_metadata, FieldErrors, Metadata};
use std::collections::BTreeMap;

/// One row as typed; `id` keys it in the list (rows move when one is removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub id: u32,
    pub key: String,
    pub value: String,
}

impl Pair {
    fn blank(&self) -> bool {
        self.key.is_empty() && self.value.is_empty()
    }
}

/// Where a metadata error belongs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Spot {
    /// The whole object (too many pairs).
    All,
    /// The row with this id.
    Row(u32),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetadataEditor {
    pub rows: Vec<Pair>,
    next: u32,
}

impl MetadataEditor {
    pub fn add(&mut self) -> u32 {
        self.next += 1;
        self.rows.push(Pair { id: self.next, key: String::new(), value: String::new() });
        self.next
    }

    pub fn remove(&mut self, id: u32) {
        self.rows.retain(|r| r.id != id);
    }

    pub fn set_key(&mut self, id: u32, key: String) {
        if let Some(r) = self.rows.iter_mut().find(|r| r.id == id) {
            r.key = key;
        }
    }

    pub fn set_value(&mut self, id: u32, value: String) {
        if let Some(r) = self.rows.iter_mut().find(|r| r.id == id) {
            r.value = value;
        }
    }

    /// Rows that count: a row with neither key nor value is left out.
    fn filled(&self) -> impl Iterator<Item = &Pair> {
        self.rows.iter().filter(|r| !r.blank())
    }

    /// The pairs as sent (keys as typed, so the server's message names the same key).
    pub fn metadata(&self) -> Metadata {
        self.filled().map(|r| (r.key.clone(), r.value.clone())).collect()
    }

    /// "3 of 16 pairs".
    pub fn count_text(&self) -> String {
        tf("{count} of {max} pairs", &[("count", &self.filled().count().to_string()), ("max", &METADATA_MAX_PAIRS.to_string())])
    }

    /// The 1-based place of a row.
    pub fn place(&self, id: u32) -> usize {
        self.rows.iter().position(|r| r.id == id).map_or(0, |p| p + 1)
    }

    /// Every problem, on the row it is about: the model's rule, plus what a map cannot show
    /// (a key typed twice, a value without a key). Rows past the 16th are named one by one.
    pub fn errors(&self) -> BTreeMap<Spot, String> {
        let mut out = BTreeMap::new();
        let filled: Vec<&Pair> = self.filled().collect();
        for (i, r) in filled.iter().enumerate() {
            if i >= METADATA_MAX_PAIRS {
                out.insert(
                    Spot::Row(r.id),
                    tf(
                        "Pair {place} is over the limit of {max} pairs. Remove it or another pair.",
                        &[("place", &self.place(r.id).to_string()), ("max", &METADATA_MAX_PAIRS.to_string())],
                    ),
                );
            } else if r.key.trim().is_empty() {
                out.insert(Spot::Row(r.id), tf("Pair {place} needs a key.", &[("place", &self.place(r.id).to_string())]));
            } else if filled[..i].iter().any(|o| o.key == r.key) {
                out.insert(Spot::Row(r.id), tf("The key \u{201c}{key}\u{201d} is used twice.", &[("key", &r.key)]));
            }
        }
        if let Err(rule) = validate_metadata(&self.metadata()) {
            for (spot, msg) in self.place_errors(&rule) {
                out.entry(spot).or_insert(msg);
            }
        }
        out
    }

    /// Server (or model) errors keyed `metadata` / `metadata.<key>`, on their rows.
    pub fn place_errors(&self, errors: &FieldErrors) -> Vec<(Spot, String)> {
        let mut out = Vec::new();
        for (field, msgs) in errors {
            let Some(msg) = msgs.first() else { continue };
            if field == "metadata" {
                out.push((Spot::All, msg.clone()));
            } else if let Some(key) = field.strip_prefix("metadata.") {
                let row = self.rows.iter().find(|r| r.key == key);
                out.push((row.map_or(Spot::All, |r| Spot::Row(r.id)), msg.clone()));
            }
        }
        out
    }
}

/// "12 / 64": characters as the rule counts them (not bytes).
pub fn counter(text: &str, max: usize) -> String {
    format!("{} / {max}", text.chars().count())
}

pub fn key_counter(key: &str) -> String {
    counter(key, METADATA_MAX_KEY_CHARS)
}

pub fn value_counter(value: &str) -> String {
    counter(value, METADATA_MAX_VALUE_CHARS)
}

pub fn over(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

/// What a metadata error says on its own line when the rule's English message is shown as is.
pub fn limits_text() -> String {
    tf(
        "Up to {pairs} pairs; keys up to {key} characters, values up to {value}.",
        &[
            ("pairs", &METADATA_MAX_PAIRS.to_string()),
            ("key", &METADATA_MAX_KEY_CHARS.to_string()),
            ("value", &METADATA_MAX_VALUE_CHARS.to_string()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(n: usize) -> MetadataEditor {
        let mut e = MetadataEditor::default();
        for i in 0..n {
            let id = e.add();
            e.set_key(id, format!("k{i}"));
            e.set_value(id, "v".into());
        }
        e
    }

    #[test]
    fn the_pair_count_follows_the_rows_that_are_filled() {
        let mut e = with(3);
        assert_eq!(e.count_text(), "3 of 16 pairs");
        e.add();
        assert_eq!(e.count_text(), "3 of 16 pairs", "an empty row is not a pair");
        assert!(e.errors().is_empty());
        assert_eq!(e.metadata().len(), 3);
    }

    #[test]
    fn the_seventeenth_pair_is_refused_by_name() {
        let e = with(16);
        assert!(e.errors().is_empty(), "16 pairs are allowed");
        let mut e = with(17);
        let last = e.rows[16].id;
        let errors = e.errors();
        assert_eq!(errors.get(&Spot::Row(last)).unwrap(), "Pair 17 is over the limit of 16 pairs. Remove it or another pair.");
        assert!(errors.contains_key(&Spot::All), "the model's rule also says so for the whole");
        e.remove(e.rows[0].id);
        assert!(e.errors().is_empty(), "removing any pair fixes it");
    }

    #[test]
    fn long_keys_and_values_are_caught_by_the_model_rule_on_their_row() {
        let mut e = MetadataEditor::default();
        let a = e.add();
        e.set_key(a, "k".repeat(65));
        let b = e.add();
        e.set_key(b, "campaign".into());
        e.set_value(b, "é".repeat(513));
        let errors = e.errors();
        assert!(errors[&Spot::Row(a)].contains("64"), "{errors:?}");
        assert!(errors[&Spot::Row(b)].contains("512"), "{errors:?}");
        assert_eq!(key_counter(&"é".repeat(12)), "12 / 64", "characters, not bytes");
        assert_eq!(value_counter("abc"), "3 / 512");
        assert!(over(&"k".repeat(65), 64) && !over(&"k".repeat(64), 64));
    }

    #[test]
    fn keys_typed_twice_or_missing_are_named() {
        let mut e = with(1);
        let b = e.add();
        e.set_key(b, "k0".into());
        let c = e.add();
        e.set_value(c, "orphan".into());
        let errors = e.errors();
        assert_eq!(errors[&Spot::Row(b)], "The key \u{201c}k0\u{201d} is used twice.");
        assert_eq!(errors[&Spot::Row(c)], "Pair 3 needs a key.");
    }

    #[test]
    fn server_errors_land_on_the_row_with_that_key() {
        let e = with(2);
        let mut errors = FieldErrors::new();
        errors.insert("metadata.k1".into(), vec!["too long".into()]);
        errors.insert("metadata".into(), vec!["too many".into()]);
        errors.insert("url".into(), vec!["not mine".into()]);
        let placed = e.place_errors(&errors);
        assert!(placed.contains(&(Spot::Row(e.rows[1].id), "too long".into())));
        assert!(placed.contains(&(Spot::All, "too many".into())));
        assert_eq!(placed.len(), 2);
    }
}
