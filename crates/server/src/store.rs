//! What the handlers share beyond SQL: configuration values split into clear and sealed parts,
//! field metadata filled with stored values, logo URLs, a catalog item seen from a sub-account.

use crate::crypto::Cipher;
use crate::error::{AppError, Result};
use madconnect_model::{AccountConnector, CatalogConnector, ConfigField, ConfigValues, FieldType};
use std::collections::BTreeSet;

pub fn logo_url(public_path: &str, slug: &str) -> String {
    format!("{public_path}logos/{slug}.svg")
}

/// A catalog item seen from a sub-account.
pub fn account_connector(c: CatalogConnector, configured: bool, src: u64, dest: u64) -> AccountConnector {
    AccountConnector {
        configured,
        connector_id: c.connector_id,
        data_type: c.data_type,
        data_type_category: c.data_type_category,
        description: c.description,
        dest_connections: dest,
        editable: None,
        env: None,
        platform_id: c.platform_id,
        logo: c.logo,
        name: c.name,
        platform_type: c.platform_type,
        src_connections: src,
        supported_type: c.supported_type,
        transfer: c.transfer,
        integrated: None,
    }
}

/// Values split for storage: non-password values in clear, password values sealed.
pub struct Stored {
    pub public: ConfigValues,
    pub sealed: Option<Vec<u8>>,
}

impl Stored {
    /// The clear values as the JSON text stored in their column.
    pub fn public_json(&self) -> Result<String> {
        serde_json::to_string(&self.public).map_err(AppError::internal)
    }
}

pub fn is_secret(field: &ConfigField) -> bool {
    field.field_type == FieldType::Password
}

/// Splits validated values; password values are merged over `previous_secrets` (a blank
/// password keeps the stored one) and encrypted together.
pub fn seal(fields: &[ConfigField], values: ConfigValues, previous_secrets: &ConfigValues, cipher: &Cipher) -> Stored {
    let mut public = ConfigValues::new();
    let mut secrets = ConfigValues::new();
    for field in fields {
        match values.get(&field.id) {
            Some(v) if is_secret(field) => {
                secrets.insert(field.id.clone(), v.clone());
            }
            Some(v) => {
                public.insert(field.id.clone(), v.clone());
            }
            None if is_secret(field) => {
                if let Some(v) = previous_secrets.get(&field.id) {
                    secrets.insert(field.id.clone(), v.clone());
                }
            }
            None => {}
        }
    }
    let sealed = (!secrets.is_empty()).then(|| cipher.seal(serde_json::to_string(&secrets).unwrap_or_default().as_bytes()));
    Stored { public, sealed }
}

/// The decrypted password values of a sealed blob (empty when none or undecryptable).
pub fn unseal(sealed: Option<&[u8]>, cipher: &Cipher) -> ConfigValues {
    sealed.and_then(|s| cipher.open(s)).and_then(|plain| serde_json::from_slice(&plain).ok()).unwrap_or_default()
}

/// Ids of password fields that already hold a value.
pub fn stored_secret_ids(secrets: &ConfigValues) -> BTreeSet<String> {
    secrets.keys().cloned().collect()
}

/// Field metadata with stored values filled in; passwords always come back empty.
pub fn fields_with_values(fields: &[ConfigField], public: &ConfigValues) -> Vec<ConfigField> {
    fields
        .iter()
        .cloned()
        .map(|mut f| {
            if is_secret(&f) {
                f.value = String::new();
            } else if let Some(v) = public.get(&f.id) {
                f.value = display_value(v);
            }
            f
        })
        .collect()
}

/// A stored value as the string `value` of field metadata: multi-select lists are
/// comma-separated, booleans "true"/"false", numbers as written.
pub fn display_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => {
            items.iter().map(|i| i.as_str().map(str::to_string).unwrap_or_else(|| i.to_string())).collect::<Vec<_>>().join(",")
        }
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(id: &str, ty: FieldType) -> ConfigField {
        ConfigField::new(id, id, ty)
    }

    #[test]
    fn passwords_are_sealed_and_never_displayed() {
        let dir = tempfile::tempdir().unwrap();
        let cipher = Cipher::open_or_create(&dir.path().join("k")).unwrap();
        let fields = vec![field("user", FieldType::Text), field("pass", FieldType::Password)];
        let values: ConfigValues = serde_json::from_value(json!({"user": "ann", "pass": "hunter2"})).unwrap();
        let stored = seal(&fields, values, &ConfigValues::new(), &cipher);
        assert_eq!(stored.public.get("user"), Some(&json!("ann")));
        assert!(!stored.public.contains_key("pass"));
        let secrets = unseal(stored.sealed.as_deref(), &cipher);
        assert_eq!(secrets["pass"], "hunter2");
        let shown = fields_with_values(&fields, &stored.public);
        assert_eq!(shown[0].value, "ann");
        assert_eq!(shown[1].value, "");
        // A blank password on re-configure keeps the stored one.
        let again = seal(&fields, serde_json::from_value(json!({"user": "bob"})).unwrap(), &secrets, &cipher);
        assert_eq!(unseal(again.sealed.as_deref(), &cipher)["pass"], "hunter2");
    }

    #[test]
    fn display_values_are_strings() {
        assert_eq!(display_value(&json!(["EMAIL", "PHONE"])), "EMAIL,PHONE");
        assert_eq!(display_value(&json!(true)), "true");
        assert_eq!(display_value(&json!(30)), "30");
    }
}
