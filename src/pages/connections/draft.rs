//! The builder's draft: the name and the settings typed so far for one pair of ends, kept in
//! sessionStorage so a reload at the settings or review step loses nothing (names and settings
//! never go in the URL). Secrets are never written: a restored draft asks for them again. The
//! draft is cleared when the connection is created and when the person cancels.

use madconnect_model::{ConfigField, ConfigValues, FieldType};
use serde::{Deserialize, Serialize};

/// The sessionStorage key.
const KEY: &str = "mc-builder-draft";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub source: String,
    pub destination: String,
    pub name: String,
    pub src: ConfigValues,
    pub dest: ConfigValues,
}

/// `values` without the fields that hold secrets.
pub fn without_secrets(fields: &[ConfigField], values: &ConfigValues) -> ConfigValues {
    values
        .iter()
        .filter(|(id, _)| fields.iter().any(|f| &f.id == *id && f.field_type != FieldType::Password))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

impl Draft {
    /// Whether the draft is for this pair of ends.
    pub fn is_for(&self, source: &str, destination: &str) -> bool {
        self.source == source && self.destination == destination
    }

    /// Whether anything was typed at all (an untouched form leaves no draft behind).
    pub fn is_empty(&self) -> bool {
        self.name.trim().is_empty() && self.src.is_empty() && self.dest.is_empty()
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The stored draft for this pair of ends, if any.
pub fn load(source: &str, destination: &str) -> Option<Draft> {
    let raw = storage()?.get_item(KEY).ok().flatten()?;
    serde_json::from_str::<Draft>(&raw).ok().filter(|d| d.is_for(source, destination))
}

pub fn save(draft: &Draft) {
    let Some(storage) = storage() else { return };
    if draft.is_empty() {
        let _ = storage.remove_item(KEY);
    } else if let Ok(json) = serde_json::to_string(draft) {
        let _ = storage.set_item(KEY, &json);
    }
}

pub fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(id: &str, t: &str) -> ConfigField {
        serde_json::from_value(json!({ "id": id, "type": t })).unwrap()
    }

    #[test]
    fn secrets_never_reach_the_draft() {
        let fields = [field("host", "text"), field("password", "password"), field("port", "number")];
        let mut values = ConfigValues::new();
        values.insert("host".into(), json!("sftp.example.com"));
        values.insert("password".into(), json!("hunter2"));
        values.insert("port".into(), json!(22));
        values.insert("unknown".into(), json!("x"));
        let kept = without_secrets(&fields, &values);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept["host"], json!("sftp.example.com"));
        assert!(!kept.contains_key("password"));
    }

    #[test]
    fn a_draft_belongs_to_one_pair_and_round_trips() {
        let d = Draft { source: "a".into(), destination: "b".into(), name: "Weekly".into(), ..Default::default() };
        assert!(d.is_for("a", "b") && !d.is_for("a", "c"));
        let back: Draft = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
        assert!(!d.is_empty());
        assert!(Draft::default().is_empty());
    }
}
