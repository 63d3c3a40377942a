//! Connectors in SQLite: the catalog and its filters, what a sub-account has added (with usage
//! counts the triggers keep), compatible counterparts, and the stored configuration.

use crate::db::search::{self, Keyword};
use crate::db::Filter;
use crate::error::{AppError, Result};
use crate::extract::Page;
use crate::store;
use madconnect_model::{
    AccountConnector, AuthType, CatalogConnector, CatalogItem, ConfigField, ConfigValues, ConnectorAuth, DataTypeCategory, PlatformType,
    ReleaseStatus, SupportedType,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// Catalog columns, read by name in `catalog_from_row`.
const COLUMNS: &str = "c.id, c.platform_id, c.slug, c.name, c.description, c.data_type, \
    c.data_type_category, c.platform_type, c.supported_type, c.doc_url, c.overview_url, c.status, c.transfer, \
    c.auth_type, c.oauth_scopes, c.release_status";

fn auth_from_row(r: &Row<'_>) -> rusqlite::Result<ConnectorAuth> {
    let scopes: String = r.get("oauth_scopes")?;
    Ok(ConnectorAuth {
        auth_type: AuthType::parse(&r.get::<_, String>("auth_type")?),
        oauth_scopes: serde_json::from_str(&scopes).unwrap_or_default(),
        release_status: ReleaseStatus::parse(&r.get::<_, String>("release_status")?),
    })
}

fn catalog_from_row(r: &Row<'_>, public_path: &str, integrated: bool) -> rusqlite::Result<CatalogConnector> {
    let slug: String = r.get("slug")?;
    Ok(CatalogConnector {
        connector_id: r.get("id")?,
        platform_id: r.get("platform_id")?,
        logo: store::logo_url(public_path, &slug),
        name: r.get("name")?,
        description: r.get("description")?,
        data_type: r.get("data_type")?,
        data_type_category: DataTypeCategory::parse(&r.get::<_, String>("data_type_category")?),
        platform_type: PlatformType::parse(&r.get::<_, String>("platform_type")?),
        supported_type: SupportedType::parse(&r.get::<_, String>("supported_type")?),
        doc_url: r.get("doc_url")?,
        overview_url: r.get("overview_url")?,
        status: r.get("status")?,
        transfer: r.get("transfer")?,
        integrated,
        // Answered by `CatalogItem`'s `auth` beside it.
        auth_type: None,
        release_status: None,
    })
}

/// What a catalog list is narrowed to: `q` and the exact filters.
#[derive(Debug, Clone, Default)]
pub struct CatalogFilter {
    pub q: Option<Keyword>,
    pub data_type_category: Option<DataTypeCategory>,
    pub platform_type: Option<PlatformType>,
    pub supported_type: Option<SupportedType>,
    pub auth_type: Option<AuthType>,
}

impl CatalogFilter {
    fn apply(&self, f: &mut Filter) {
        if let Some(q) = &self.q {
            search::connectors(f, q);
        }
        let exact = [
            ("c.data_type_category", self.data_type_category.as_ref().map(|v| v.as_str().to_string())),
            ("c.platform_type", self.platform_type.as_ref().map(|v| v.as_str().to_string())),
            ("c.supported_type", self.supported_type.as_ref().map(|v| v.as_str().to_string())),
            ("c.auth_type", self.auth_type.as_ref().map(|v| v.as_str().to_string())),
        ];
        for (column, value) in exact {
            if let Some(v) = value {
                let p = f.value(v);
                f.push(format!("{column} = {p}"));
            }
        }
    }
}

const ORDER: &str = "ORDER BY c.name COLLATE NOCASE, c.id";

/// A page of the catalog and its total; `integrated` says what `account_id` (if any) has added.
pub fn catalog(
    c: &Connection,
    filter: &CatalogFilter,
    account_id: Option<&str>,
    page: Page,
    public_path: &str,
) -> Result<(Vec<CatalogItem>, u64)> {
    let mut f = Filter::default();
    filter.apply(&mut f);
    f.push("c.owner_account IS NULL".into());
    let total = f.count(c, "", "connectors c")?;
    let acc = f.value(account_id.unwrap_or_default().to_string());
    let sql = format!(
        "SELECT {COLUMNS}, EXISTS(SELECT 1 FROM account_connectors ac WHERE ac.account_id = {acc} AND ac.connector_id = c.id) AS added
         FROM connectors c{} {ORDER}{}",
        f.where_sql(),
        page.limit_sql()
    );
    let items =
        f.rows(c, &sql, |r| Ok(CatalogItem { connector: catalog_from_row(r, public_path, r.get("added")?)?, auth: auth_from_row(r)? }))?;
    Ok((items, total))
}

/// A connector with its field metadata.
#[derive(Debug, Clone)]
pub struct ConnectorFull {
    pub item: CatalogConnector,
    pub auth: ConnectorAuth,
    pub secret_fields: Vec<ConfigField>,
    pub connection_fields: Vec<ConfigField>,
}

pub fn find(c: &Connection, id: &str, public_path: &str) -> Result<Option<ConnectorFull>> {
    let sql = format!("SELECT {COLUMNS}, c.secret_fields, c.connection_fields FROM connectors c WHERE c.id = ?1");
    let row = c
        .prepare_cached(&sql)?
        .query_row([id], |r| {
            Ok((
                catalog_from_row(r, public_path, false)?,
                auth_from_row(r)?,
                r.get::<_, String>("secret_fields")?,
                r.get::<_, String>("connection_fields")?,
            ))
        })
        .optional()?;
    match row {
        None => Ok(None),
        Some((item, auth, s, cc)) => Ok(Some(ConnectorFull {
            item,
            auth,
            secret_fields: serde_json::from_str(&s).map_err(AppError::internal)?,
            connection_fields: serde_json::from_str(&cc).map_err(AppError::internal)?,
        })),
    }
}

pub fn not_found(id: &str) -> AppError {
    AppError::not_found(format!("Connector \"{id}\" was not found in the catalog"))
}

/// A connector that must exist: an unknown id is a 404 naming it.
pub fn get(c: &Connection, id: &str, public_path: &str) -> Result<ConnectorFull> {
    find(c, id, public_path)?.ok_or_else(|| not_found(id))
}

/// Whether `id` is in the catalog (a custom connector is not: it is added with its own row).
pub fn exists(c: &Connection, id: &str) -> Result<bool> {
    Ok(c.prepare_cached("SELECT EXISTS(SELECT 1 FROM connectors WHERE id = ?1 AND owner_account IS NULL)")?
        .query_row([id], |r| r.get(0))?)
}

/// The sub-account a custom connector's row belongs to (`None` for the catalog's).
pub fn owner(c: &Connection, id: &str) -> Result<Option<String>> {
    Ok(c.prepare_cached("SELECT owner_account FROM connectors WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?.flatten())
}

/// Whether data may flow from `src_id` to `dest_id`.
pub fn compatible(c: &Connection, src_id: &str, dest_id: &str) -> Result<bool> {
    Ok(c.prepare_cached("SELECT EXISTS(SELECT 1 FROM compatibility WHERE src_id = ?1 AND dest_id = ?2)")?
        .query_row(params![src_id, dest_id], |r| r.get(0))?)
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
    Ok(c.prepare_cached(
        "SELECT configuration_id, secret_name, public_values, sealed_values, configured_time
         FROM account_connectors WHERE account_id = ?1 AND connector_id = ?2",
    )?
    .query_row(params![account_id, connector_id], |r| {
        let public: Option<String> = r.get("public_values")?;
        Ok(Added {
            configuration_id: r.get("configuration_id")?,
            secret_name: r.get("secret_name")?,
            public_values: public.and_then(|p| serde_json::from_str(&p).ok()).unwrap_or_default(),
            sealed: r.get("sealed_values")?,
            configured_time: r.get("configured_time")?,
        })
    })
    .optional()?)
}

/// Adds a connector to a sub-account; `false` when it was already added.
pub fn add(c: &Connection, account_id: &str, connector_id: &str, time: i64) -> Result<bool> {
    let n = c
        .prepare_cached("INSERT OR IGNORE INTO account_connectors (account_id, connector_id, added_time) VALUES (?1, ?2, ?3)")?
        .execute(params![account_id, connector_id, time])?;
    Ok(n > 0)
}

/// A connector's stored configuration in a sub-account.
pub struct Configuration<'a> {
    pub configuration_id: &'a str,
    pub secret_name: &'a str,
    pub name: &'a str,
    pub stored: &'a store::Stored,
    pub time: i64,
}

pub fn configure(c: &Connection, account_id: &str, connector_id: &str, cfg: &Configuration<'_>) -> Result<()> {
    c.execute(
        "UPDATE account_connectors SET configuration_id = ?1, secret_name = ?2, config_name = ?3, public_values = ?4,
            sealed_values = ?5, configured_time = ?6 WHERE account_id = ?7 AND connector_id = ?8",
        params![
            cfg.configuration_id,
            cfg.secret_name,
            cfg.name,
            cfg.stored.public_json()?,
            cfg.stored.sealed,
            cfg.time,
            account_id,
            connector_id
        ],
    )?;
    Ok(())
}

/// Marks a connector configured by an OAuth grant (the same `configured` the settings form
/// sets), keeping any settings already stored.
pub fn mark_authorized(c: &Connection, account_id: &str, connector_id: &str, name: &str, time: i64) -> Result<()> {
    c.execute(
        "UPDATE account_connectors SET configuration_id = COALESCE(configuration_id, ?1), secret_name = ?2,
            config_name = COALESCE(config_name, ?3), public_values = COALESCE(public_values, '{}'), configured_time = ?4
         WHERE account_id = ?5 AND connector_id = ?6",
        params![crate::crypto::new_id(), secret_name(account_id, connector_id), name, time, account_id, connector_id],
    )?;
    Ok(())
}

pub fn remove(c: &Connection, account_id: &str, connector_id: &str) -> Result<()> {
    c.execute("DELETE FROM account_connectors WHERE account_id = ?1 AND connector_id = ?2", params![account_id, connector_id])?;
    Ok(())
}

/// Catalog columns plus what the sub-account bound at `acc` has: configured, connections using
/// it on each side (maintained counts), added.
fn account_columns(acc: &str) -> String {
    format!(
        "SELECT {COLUMNS}, ac.configuration_id IS NOT NULL AS configured,
            COALESCE(u.as_source, 0) AS src_connections, COALESCE(u.as_destination, 0) AS dest_connections,
            ac.account_id IS NOT NULL AS added
         FROM connectors c
         LEFT JOIN account_connectors ac ON ac.connector_id = c.id AND ac.account_id = {acc}
         LEFT JOIN connector_usage u ON u.connector_id = c.id AND u.account_id = {acc}"
    )
}

fn account_connector_from_row(r: &Row<'_>, public_path: &str) -> rusqlite::Result<(AccountConnector, bool)> {
    let item = catalog_from_row(r, public_path, false)?;
    let src: i64 = r.get("src_connections")?;
    let dest: i64 = r.get("dest_connections")?;
    Ok((store::account_connector(item, r.get("configured")?, src.max(0) as u64, dest.max(0) as u64), r.get("added")?))
}

/// A page of the connectors a sub-account has added, and their total.
pub fn added_list(
    c: &Connection,
    account_id: &str,
    filter: &CatalogFilter,
    page: Page,
    public_path: &str,
) -> Result<(Vec<AccountConnector>, u64)> {
    let mut f = Filter::default();
    let acc = f.value(account_id.to_string());
    filter.apply(&mut f);
    f.push(format!("c.id IN (SELECT connector_id FROM account_connectors WHERE account_id = {acc})"));
    let total = f.count(c, "", "connectors c")?;
    let sql = format!("{}{} {ORDER}{}", account_columns(&acc), f.where_sql(), page.limit_sql());
    let items = f.rows(c, &sql, |r| account_connector_from_row(r, public_path))?.into_iter().map(|(item, _)| item).collect();
    Ok((items, total))
}

/// The compatible counterparts of a connector in role `role`, each with whether the
/// sub-account has added it; all of them without a page.
pub fn supported(
    c: &Connection,
    account_id: &str,
    connector_id: &str,
    role: &SupportedType,
    filter: &CatalogFilter,
    page: Option<Page>,
    public_path: &str,
) -> Result<(Vec<(AccountConnector, bool)>, u64)> {
    let mut f = Filter::default();
    let acc = f.value(account_id.to_string());
    let me = f.value(connector_id.to_string());
    f.push(match role {
        SupportedType::Source => format!("c.id IN (SELECT dest_id FROM compatibility WHERE src_id = {me})"),
        _ => format!("c.id IN (SELECT src_id FROM compatibility WHERE dest_id = {me})"),
    });
    f.push(format!("(c.owner_account IS NULL OR c.owner_account = {acc})"));
    filter.apply(&mut f);
    let limit = page.map(|p| p.limit_sql()).unwrap_or_default();
    let sql = format!("{}{} {ORDER}{limit}", account_columns(&acc), f.where_sql());
    let items = f.rows(c, &sql, |r| account_connector_from_row(r, public_path))?;
    let total = f.count(c, "", "connectors c")?;
    Ok((items, total))
}

/// The documented `secretName`: where the secret lives in the secret manager.
pub fn secret_name(account_id: &str, connector_id: &str) -> String {
    format!("madconnect/{account_id}/{connector_id}")
}

/// What a connector's generated logo shows.
pub struct Logo {
    pub name: String,
    pub color: String,
    pub text: String,
}

/// The logo of the connector with this slug.
pub fn logo(c: &Connection, slug: &str) -> rusqlite::Result<Option<Logo>> {
    c.query_row("SELECT name, logo_color, logo_text FROM connectors WHERE slug = ?1", [slug], |r| {
        Ok(Logo { name: r.get("name")?, color: r.get("logo_color")?, text: r.get("logo_text")? })
    })
    .optional()
}
