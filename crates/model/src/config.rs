//! Connector configuration metadata: the fields a setup form is generated from.

use crate::string_enum::string_enum;
use serde::{Deserialize, Serialize};

/// Submitted or stored values, keyed by field `id`.
pub type ConfigValues = serde_json::Map<String, serde_json::Value>;

string_enum! {
    /// The union of both documented field-type lists. Parsing also accepts the capitalised
    /// spellings of the MadConnect docs (`Text`, `Multi-Select`, `DateTime`, ...).
    FieldType {
        Text => "text",
        Textarea => "textarea",
        Number => "number",
        Checkbox => "checkbox",
        Select => "select",
        FilteredSelect => "filtered-select",
        MultiSelect => "multi-select",
        Date => "date",
        Datetime => "datetime",
        Time => "time",
        Email => "email",
        Url => "url",
        Tel => "tel",
        Password => "password",
    }
}

impl FieldType {
    /// Parses any spelling the docs use: case, spaces and underscores don't matter.
    pub fn normalize(s: &str) -> FieldType {
        let t: String = s.trim().chars().map(|c| if c == ' ' || c == '_' { '-' } else { c.to_ascii_lowercase() }).collect();
        match t.as_str() {
            "date-time" | "datetime-local" => FieldType::Datetime,
            "filteredselect" => FieldType::FilteredSelect,
            "multiselect" => FieldType::MultiSelect,
            "text-area" => FieldType::Textarea,
            "phone" | "telephone" => FieldType::Tel,
            "secret" => FieldType::Password,
            "boolean" | "bool" => FieldType::Checkbox,
            _ => match FieldType::parse(&t) {
                FieldType::Other(_) => FieldType::Other(s.trim().to_string()),
                known => known,
            },
        }
    }

    pub fn has_options(&self) -> bool {
        matches!(self, FieldType::Select | FieldType::FilteredSelect | FieldType::MultiSelect)
    }

    /// Free text whose length `limit` bounds.
    pub fn is_textual(&self) -> bool {
        matches!(
            self,
            FieldType::Text
                | FieldType::Textarea
                | FieldType::Email
                | FieldType::Url
                | FieldType::Tel
                | FieldType::Password
                | FieldType::Other(_)
        )
    }
}

fn field_type_de<'de, D: serde::Deserializer<'de>>(d: D) -> Result<FieldType, D::Error> {
    let s = <String as Deserialize>::deserialize(d)?;
    Ok(FieldType::normalize(&s))
}

/// One choice of a select, filtered-select or multi-select field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldOption {
    pub value: String,
    pub label: String,
}

/// Field metadata, as documented, plus `options` for the select types.
/// `min`/`max` bound numbers and `limit` bounds text length; `null`, absent or (as in the docs'
/// sample, where every field shows 0) zero means unbounded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigField {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub description: String,
    #[serde(rename = "type", deserialize_with = "field_type_de")]
    pub field_type: FieldType,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub readonly: bool,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub value: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<FieldOption>,
}

impl ConfigField {
    /// A field with this id (also its name), label and type; optional, writable, unbounded, no
    /// default and no options until the caller sets them.
    pub fn new(id: &str, label: &str, field_type: FieldType) -> Self {
        ConfigField {
            id: id.into(),
            name: id.into(),
            label: label.into(),
            description: String::new(),
            field_type,
            required: false,
            readonly: false,
            min: None,
            max: None,
            limit: None,
            value: String::new(),
            options: Vec::new(),
        }
    }

    /// What a person reads: the label, else the name, else the id.
    pub fn display_name(&self) -> &str {
        [&self.label, &self.name, &self.id].into_iter().find(|s| !s.trim().is_empty()).map(|s| s.as_str()).unwrap_or("")
    }

    /// The length bound, if any (0 means none).
    pub fn length_limit(&self) -> Option<usize> {
        self.limit.filter(|l| *l > 0).map(|l| l as usize)
    }

    /// The numeric bounds, if any; the docs' `min: 0, max: 0` placeholder means none.
    pub fn bounds(&self) -> (Option<f64>, Option<f64>) {
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == 0.0 && b == 0.0 => (None, None),
            other => other,
        }
    }

    /// Whether a number field takes whole numbers only. The docs type `min` and `max` as
    /// integers, so bounds that are whole (and a default that is, if any) mark a count, a port or
    /// a number of days; a field without bounds takes any number.
    pub fn whole_numbers_only(&self) -> bool {
        let whole = |n: f64| n.fract() == 0.0;
        let (min, max) = self.bounds();
        self.field_type == FieldType::Number
            && (min.is_some() || max.is_some())
            && min.is_none_or(whole)
            && max.is_none_or(whole)
            && (self.value.trim().is_empty() || self.value.trim().parse::<f64>().is_ok_and(whole))
    }
}

/// `secretConfig` of `GET /es/v2/connectors/configuration/<id>`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretConfig {
    #[serde(default)]
    pub configured: bool,
    #[serde(default)]
    pub last_updated: i64,
    #[serde(default)]
    pub secret_name: String,
    #[serde(default)]
    pub configuration: Vec<ConfigField>,
}

/// `GET /es/v2/connectors/configuration/<id>`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorConfiguration {
    #[serde(default)]
    pub secret_config: SecretConfig,
    #[serde(default)]
    pub env: String,
    #[serde(default)]
    pub editable: bool,
    #[serde(default)]
    pub connection_config: Vec<ConfigField>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn docs_sample_configuration_parses() {
        let raw = json!({"secretConfig": {"configured": false, "lastUpdated": 0, "secretName": "string",
            "configuration": [{"max": 0, "description": "string", "label": "string", "type": "string",
                "required": false, "min": 0, "readonly": false, "name": "string", "limit": 0, "id": "string", "value": ""}]},
            "env": "string", "editable": false,
            "connectionConfig": [{"max": 0, "description": "string", "label": "string", "type": "Text",
                "required": false, "min": 0, "readonly": false, "name": "string", "limit": 0, "id": "string", "value": ""}]});
        let c: ConnectorConfiguration = serde_json::from_value(raw).unwrap();
        let f = &c.secret_config.configuration[0];
        assert_eq!(f.field_type, FieldType::Other("string".into()));
        assert_eq!(f.bounds(), (None, None));
        assert_eq!(f.length_limit(), None);
        assert_eq!(c.connection_config[0].field_type, FieldType::Text);
    }

    #[test]
    fn every_documented_spelling_normalizes() {
        let cases = [
            ("Text", FieldType::Text),
            ("Number", FieldType::Number),
            ("Date", FieldType::Date),
            ("Select", FieldType::Select),
            ("Multi-Select", FieldType::MultiSelect),
            ("multi_select", FieldType::MultiSelect),
            ("Filtered-Select", FieldType::FilteredSelect),
            ("DateTime", FieldType::Datetime),
            ("textarea", FieldType::Textarea),
            ("TEL", FieldType::Tel),
            ("Password", FieldType::Password),
            ("checkbox", FieldType::Checkbox),
            ("time", FieldType::Time),
            ("Email", FieldType::Email),
            ("URL", FieldType::Url),
        ];
        for (s, t) in cases {
            assert_eq!(FieldType::normalize(s), t, "{s}");
        }
        assert_eq!(FieldType::normalize("colour"), FieldType::Other("colour".into()));
    }

    #[test]
    fn field_serializes_lowercase_type_and_options() {
        let f = ConfigField {
            id: "region".into(),
            name: "region".into(),
            label: "Region".into(),
            description: String::new(),
            field_type: FieldType::Select,
            required: true,
            readonly: false,
            min: None,
            max: None,
            limit: None,
            value: String::new(),
            options: vec![FieldOption { value: "eu".into(), label: "Europe".into() }],
        };
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["type"], "select");
        assert_eq!(v["options"][0]["label"], "Europe");
        let back: ConfigField = serde_json::from_value(v).unwrap();
        assert_eq!(back, f);
    }
}
