//! Queries and row mappings the route modules share: accounts, catalog rows, added connectors,
//! sealed configuration values and the activity log.

use crate::crypto::{new_id, Cipher};
use crate::error::{AppError, Result};
use madconnect_model::{
    AccountConnector, CatalogConnector, ConfigField, ConfigValues, DataTypeCategory, FieldType, PlatformType, SupportedType,
};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::BTreeSet;

/// A sub-account, checked to belong to the caller's organization.
#[derive(Debug, Clone)]
pub struct AccountRow {
    pub id: String,
    pub org_id: String,
    pub name: String,
}

/// Loads a sub-account of `org_id`; any other id (unknown or another organization's) is a 404,
/// so ids cannot be probed.
pub fn account(c: &Connection, org_id: &str, account_id: &str) -> Result<AccountRow> {
    c.query_row("SELECT id, org_id, name FROM accounts WHERE id = ?1 AND org_id = ?2", params![account_id, org_id], |r| {
        Ok(AccountRow { id: r.get(0)?, org_id: r.get(1)?, name: r.get(2)? })
    })
    .optional()?
    .ok_or_else(|| {
        AppError::not_found(format!("Sub-account \"{account_id}\" was not found in your organization"))
            .with_field("accountId", "No such sub-account")
    })
}

/// Catalog columns, in the order `catalog_from_row` reads them.
pub const CONNECTOR_COLS: &str = "c.id, c.platform_id, c.slug, c.name, c.description, c.data_type, \
    c.data_type_category, c.platform_type, c.supported_type, c.doc_url, c.overview_url, c.status, c.transfer";

pub fn logo_url(public_path: &str, slug: &str) -> String {
    format!("{public_path}logos/{slug}.svg")
}

/// Maps `CONNECTOR_COLS` (starting at column 0) to a catalog item.
pub fn catalog_from_row(r: &Row<'_>, public_path: &str, integrated: bool) -> rusqlite::Result<CatalogConnector> {
    let slug: String = r.get(2)?;
    Ok(CatalogConnector {
        connector_id: r.get(0)?,
        platform_id: r.get(1)?,
        logo: logo_url(public_path, &slug),
        name: r.get(3)?,
        description: r.get(4)?,
        data_type: r.get(5)?,
        data_type_category: DataTypeCategory::parse(&r.get::<_, String>(6)?),
        platform_type: PlatformType::parse(&r.get::<_, String>(7)?),
        supported_type: SupportedType::parse(&r.get::<_, String>(8)?),
        doc_url: r.get(9)?,
        overview_url: r.get(10)?,
        status: r.get(11)?,
        transfer: r.get(12)?,
        integrated,
    })
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

/// A connector with its field metadata.
#[derive(Debug, Clone)]
pub struct ConnectorFull {
    pub item: CatalogConnector,
    pub secret_fields: Vec<ConfigField>,
    pub connection_fields: Vec<ConfigField>,
}

pub fn connector_full(c: &Connection, id: &str, public_path: &str) -> Result<Option<ConnectorFull>> {
    let sql = format!("SELECT {CONNECTOR_COLS}, c.secret_fields, c.connection_fields FROM connectors c WHERE c.id = ?1");
    let row = c
        .query_row(&sql, [id], |r| Ok((catalog_from_row(r, public_path, false)?, r.get::<_, String>(13)?, r.get::<_, String>(14)?)))
        .optional()?;
    match row {
        None => Ok(None),
        Some((item, s, cc)) => Ok(Some(ConnectorFull {
            item,
            secret_fields: serde_json::from_str(&s).map_err(AppError::internal)?,
            connection_fields: serde_json::from_str(&cc).map_err(AppError::internal)?,
        })),
    }
}

pub fn connector_not_found(id: &str) -> AppError {
    AppError::not_found(format!("Connector \"{id}\" was not found in the catalog"))
}

/// A connector that must exist: an unknown id is a 404 naming it.
pub fn connector(c: &Connection, id: &str, public_path: &str) -> Result<ConnectorFull> {
    connector_full(c, id, public_path)?.ok_or_else(|| connector_not_found(id))
}

/// A connector as added to a sub-account.
#[derive(Debug, Clone, Default)]
pub struct Added {
    pub configuration_id: Option<String>,
    pub secret_name: Option<String>,
    pub public_values: ConfigValues,
    pub sealed: Option<Vec<u8>>,
    pub configured_time: Option<i64>,
}

impl Added {
    pub fn configured(&self) -> bool {
        self.configuration_id.is_some()
    }
}

pub fn added(c: &Connection, account_id: &str, connector_id: &str) -> Result<Option<Added>> {
    Ok(c.query_row(
        "SELECT configuration_id, secret_name, public_values, sealed_values, configured_time
         FROM account_connectors WHERE account_id = ?1 AND connector_id = ?2",
        params![account_id, connector_id],
        |r| {
            let public: Option<String> = r.get(2)?;
            Ok(Added {
                configuration_id: r.get(0)?,
                secret_name: r.get(1)?,
                public_values: public.and_then(|p| serde_json::from_str(&p).ok()).unwrap_or_default(),
                sealed: r.get(3)?,
                configured_time: r.get(4)?,
            })
        },
    )
    .optional()?)
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

/// Appends an entry to a connection's activity log.
pub fn log_activity(
    c: &Connection,
    connection_id: &str,
    account_id: &str,
    time: i64,
    actor: &str,
    action: &str,
    detail: &str,
) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO activity (id, connection_id, account_id, time, seq, actor, action, detail)
         VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(seq), 0) + 1 FROM activity WHERE connection_id = ?2), ?5, ?6, ?7)",
        params![new_id(), connection_id, account_id, time, actor, action, detail],
    )?;
    Ok(())
}

/// Case-insensitive "contains" over several columns, for `q` (`placeholder` like "?3").
pub fn search_clause(columns: &[&str], placeholder: &str) -> String {
    let parts: Vec<String> = columns.iter().map(|c| format!("instr(lower({c}), {placeholder}) > 0")).collect();
    format!("({})", parts.join(" OR "))
}

/// A WHERE clause assembled from optional filters, with numbered parameters.
#[derive(Default, Clone)]
pub struct Filter {
    pub clauses: Vec<String>,
    pub args: Vec<rusqlite::types::Value>,
}

impl Filter {
    /// Binds a value and returns its placeholder.
    pub fn arg(&mut self, v: impl Into<rusqlite::types::Value>) -> String {
        self.args.push(v.into());
        format!("?{}", self.args.len())
    }

    pub fn push(&mut self, clause: String) {
        self.clauses.push(clause);
    }

    pub fn where_sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    pub fn params(&self) -> rusqlite::ParamsFromIter<std::slice::Iter<'_, rusqlite::types::Value>> {
        rusqlite::params_from_iter(self.args.iter())
    }

    /// `SELECT COUNT(*) FROM <from>` with this WHERE clause.
    pub fn count(&self, c: &Connection, from: &str) -> Result<u64> {
        let n: i64 = c.query_row(&format!("SELECT COUNT(*) FROM {from}{}", self.where_sql()), self.params(), |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Every row of `sql` (a query using this filter's parameters), mapped by `map`.
    pub fn rows<T>(&self, c: &Connection, sql: &str, map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>) -> Result<Vec<T>> {
        let mut stmt = c.prepare(sql)?;
        let rows = stmt.query_map(self.params(), map)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(id: &str, ty: FieldType) -> ConfigField {
        ConfigField {
            id: id.into(),
            name: id.into(),
            label: id.into(),
            description: String::new(),
            field_type: ty,
            required: false,
            readonly: false,
            min: None,
            max: None,
            limit: None,
            value: String::new(),
            options: vec![],
        }
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
