//! Custom OAuth connectors in SQLite: one row per connector in a sub-account, its client secret
//! and tokens sealed, the discovered (or preset) authorization server as JSON.

use crate::error::{AppError, Result};
use crate::extract::Page;
use madconnect_model::{AuthorizationCodeRequest, CustomConnector, CustomConnectorState, Metadata};
use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Debug, Clone)]
pub struct CustomRow {
    pub id: String,
    pub account_id: String,
    pub url: String,
    pub client_id: Option<String>,
    pub sealed_client_secret: Option<Vec<u8>>,
    pub metadata: Metadata,
    pub match_preset: bool,
    pub state: CustomConnectorState,
    /// The authorization server (`oauth_client::Provider` as JSON), when one was found.
    pub provider: Option<String>,
    pub auth_url: Option<String>,
    pub disconnect_reason: Option<String>,
    pub sealed_tokens: Option<Vec<u8>>,
    pub created_at: i64,
    pub updated_at: i64,
    pub created_by: String,
}

impl CustomRow {
    /// How connections and lists name it: its `name` metadata, else the URL's host.
    pub fn display_name(&self) -> String {
        self.metadata.get("name").filter(|n| !n.trim().is_empty()).cloned().unwrap_or_else(|| {
            url::Url::parse(&self.url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_else(|| self.url.clone())
        })
    }

    /// The answer: never the client secret or the tokens.
    pub fn view(&self) -> CustomConnector {
        CustomConnector {
            id: self.id.clone(),
            url: self.url.clone(),
            client_id: self.client_id.clone(),
            metadata: self.metadata.clone(),
            match_preset: self.match_preset,
            state: self.state.clone(),
            auth_request: match (&self.state, &self.auth_url) {
                (CustomConnectorState::AuthRequired, Some(url)) => {
                    Some(AuthorizationCodeRequest { authorization_endpoint: url.clone(), kind: "code".into() })
                }
                _ => None,
            },
            disconnect_reason: self.disconnect_reason.clone(),
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
            created_by: self.created_by.clone(),
        }
    }
}

const COLUMNS: &str = "id, account_id, url, client_id, sealed_client_secret, metadata, match_preset, state, provider, auth_url, \
    disconnect_reason, sealed_tokens, created_at, updated_at, created_by";

fn from_row(r: &Row<'_>) -> rusqlite::Result<CustomRow> {
    let metadata: String = r.get("metadata")?;
    Ok(CustomRow {
        id: r.get("id")?,
        account_id: r.get("account_id")?,
        url: r.get("url")?,
        client_id: r.get("client_id")?,
        sealed_client_secret: r.get("sealed_client_secret")?,
        metadata: serde_json::from_str(&metadata).unwrap_or_default(),
        match_preset: r.get("match_preset")?,
        state: CustomConnectorState::parse(&r.get::<_, String>("state")?),
        provider: r.get("provider")?,
        auth_url: r.get("auth_url")?,
        disconnect_reason: r.get("disconnect_reason")?,
        sealed_tokens: r.get("sealed_tokens")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        created_by: r.get("created_by")?,
    })
}

pub fn insert(c: &Connection, row: &CustomRow) -> Result<()> {
    let metadata = serde_json::to_string(&row.metadata).map_err(AppError::internal)?;
    c.prepare_cached(
        "INSERT INTO custom_connectors (id, num, account_id, url, client_id, sealed_client_secret, metadata, match_preset, state,
            provider, auth_url, disconnect_reason, created_at, updated_at, created_by)
         VALUES (?1, (SELECT COALESCE(MAX(num), 0) + 1 FROM custom_connectors), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)",
    )?
    .execute(params![
        row.id,
        row.account_id,
        row.url,
        row.client_id,
        row.sealed_client_secret,
        metadata,
        row.match_preset,
        row.state.as_str(),
        row.provider,
        row.auth_url,
        row.disconnect_reason,
        row.created_at,
        row.created_by
    ])?;
    Ok(())
}

pub fn find(c: &Connection, account_id: &str, id: &str) -> Result<Option<CustomRow>> {
    Ok(c.prepare_cached(&format!("SELECT {COLUMNS} FROM custom_connectors WHERE account_id = ?1 AND id = ?2"))?
        .query_row(params![account_id, id], from_row)
        .optional()?)
}

pub fn by_id(c: &Connection, id: &str) -> Result<Option<CustomRow>> {
    Ok(c.prepare_cached(&format!("SELECT {COLUMNS} FROM custom_connectors WHERE id = ?1"))?.query_row([id], from_row).optional()?)
}

pub fn not_found(id: &str) -> AppError {
    AppError::not_found(format!("Custom connector \"{id}\" was not found in this sub-account"))
}

pub fn get(c: &Connection, account_id: &str, id: &str) -> Result<CustomRow> {
    find(c, account_id, id)?.ok_or_else(|| not_found(id))
}

/// A page of a sub-account's custom connectors, oldest first, and their total.
pub fn list(c: &Connection, account_id: &str, page: Page) -> Result<(Vec<CustomRow>, u64)> {
    let total: i64 =
        c.prepare_cached("SELECT COUNT(*) FROM custom_connectors WHERE account_id = ?1")?.query_row([account_id], |r| r.get(0))?;
    let sql = format!("SELECT {COLUMNS} FROM custom_connectors WHERE account_id = ?1 ORDER BY num{}", page.limit_sql());
    let rows = c.prepare_cached(&sql)?.query_map([account_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, total as u64))
}

/// The first custom connector registered with this client id (the demo authorization server
/// treats it as registered with that id and secret).
pub fn by_client_id(c: &Connection, client_id: &str) -> Result<Option<CustomRow>> {
    Ok(c.prepare_cached(&format!("SELECT {COLUMNS} FROM custom_connectors WHERE client_id = ?1 ORDER BY num LIMIT 1"))?
        .query_row([client_id], from_row)
        .optional()?)
}

pub fn set_metadata(c: &Connection, id: &str, metadata: &Metadata, time: i64) -> Result<()> {
    let metadata = serde_json::to_string(metadata).map_err(AppError::internal)?;
    c.prepare_cached("UPDATE custom_connectors SET metadata = ?2, updated_at = ?3 WHERE id = ?1")?.execute(params![id, metadata, time])?;
    Ok(())
}

/// Moves to a state; `auth_url` and `disconnect_reason` are replaced, tokens kept unless `drop_tokens`.
pub fn set_state(
    c: &Connection,
    id: &str,
    state: &CustomConnectorState,
    auth_url: Option<&str>,
    reason: Option<&str>,
    drop_tokens: bool,
    time: i64,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE custom_connectors SET state = ?2, auth_url = ?3, disconnect_reason = ?4, updated_at = ?5,
            sealed_tokens = CASE WHEN ?6 THEN NULL ELSE sealed_tokens END WHERE id = ?1",
    )?
    .execute(params![id, state.as_str(), auth_url, reason, time, drop_tokens])?;
    Ok(())
}

/// Connected, with new sealed tokens.
pub fn set_tokens(c: &Connection, id: &str, sealed_tokens: &[u8], time: i64) -> Result<()> {
    c.prepare_cached(
        "UPDATE custom_connectors SET state = 'connected', sealed_tokens = ?2, auth_url = NULL, disconnect_reason = NULL, updated_at = ?3
         WHERE id = ?1",
    )?
    .execute(params![id, sealed_tokens, time])?;
    Ok(())
}

pub fn delete(c: &Connection, account_id: &str, id: &str) -> Result<()> {
    drop_connector(c, account_id, id)?;
    c.prepare_cached("DELETE FROM oauth_attempts WHERE target_kind = 'custom' AND target_id = ?1")?.execute([id])?;
    c.prepare_cached("DELETE FROM custom_connectors WHERE id = ?1")?.execute([id])?;
    Ok(())
}

/// Keeps a custom connector usable in connections exactly while it is `connected`: then it is a
/// Destination of its sub-account (a connector row seen by that sub-account only, compatible with
/// every catalog Source), added and configured; otherwise it stays added but not configured.
pub fn sync_connector(c: &Connection, row: &CustomRow, time: i64) -> Result<()> {
    if row.state != CustomConnectorState::Connected {
        c.prepare_cached(
            "UPDATE account_connectors SET configuration_id = NULL, configured_time = NULL WHERE account_id = ?1 AND connector_id = ?2",
        )?
        .execute(params![row.account_id, row.id])?;
        return Ok(());
    }
    let name = row.display_name();
    let description = format!("Custom OAuth connector at {}", row.url);
    let initials = Some(madconnect_model::logo_initials(&name)).filter(|t| !t.is_empty()).unwrap_or_else(|| "?".into());
    c.prepare_cached(
        "INSERT INTO connectors (id, platform_id, slug, name, description, data_type, data_type_category, platform_type, supported_type,
            doc_url, overview_url, logo_color, logo_text, status, transfer, secret_fields, connection_fields, auth_type, oauth_scopes,
            release_status, owner_account)
         VALUES (?1, ?2, ?3, ?4, ?5, 'Custom', 'data store', 'Custom OAuth connector', 'Destination', ?6, ?6, '#5B6472', ?7, 1, 0,
            '[]', '[]', 'oauth2', '[]', 'live', ?8)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, logo_text = excluded.logo_text",
    )?
    .execute(params![
        row.id,
        crate::crypto::stable_id(&format!("custom:{}", row.id)),
        format!("custom-{}", row.id),
        name,
        description,
        row.url,
        initials,
        row.account_id
    ])?;
    c.prepare_cached(
        "INSERT OR IGNORE INTO compatibility (src_id, dest_id)
         SELECT id, ?1 FROM connectors WHERE supported_type = 'Source' AND owner_account IS NULL",
    )?
    .execute([&row.id])?;
    c.prepare_cached(
        "INSERT INTO account_connectors (account_id, connector_id, added_time, configuration_id, secret_name, config_name, public_values,
            configured_time)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '{}', ?3)
         ON CONFLICT (account_id, connector_id) DO UPDATE SET
            configuration_id = COALESCE(configuration_id, excluded.configuration_id), configured_time = excluded.configured_time",
    )?
    .execute(params![
        row.account_id,
        row.id,
        time,
        crate::crypto::new_id(),
        crate::db::connectors::secret_name(&row.account_id, &row.id),
        format!("{name} OAuth grant")
    ])?;
    Ok(())
}

/// Live connections of the sub-account that send data to this custom connector.
pub fn used_by(c: &Connection, row: &CustomRow) -> Result<Vec<(String, String)>> {
    crate::db::connections::using_connector(c, &row.account_id, &row.id)
}

/// Removes what made it a connector. Its connector row stays (unlisted) while deleted connections
/// still refer to it, as their restore window runs.
fn drop_connector(c: &Connection, account_id: &str, id: &str) -> Result<()> {
    c.prepare_cached("DELETE FROM account_connectors WHERE account_id = ?1 AND connector_id = ?2")?.execute(params![account_id, id])?;
    let referenced: bool = c
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM connections WHERE account_id = ?1 AND dest_connector_id = ?2)")?
        .query_row(params![account_id, id], |r| r.get(0))?;
    if !referenced {
        c.prepare_cached("DELETE FROM compatibility WHERE dest_id = ?1")?.execute([id])?;
        c.prepare_cached("DELETE FROM connectors WHERE id = ?1 AND owner_account = ?2")?.execute(params![id, account_id])?;
    }
    Ok(())
}

/// Seconds since the epoch as `2023-11-07T05:31:56Z`.
pub fn rfc3339(secs: i64) -> String {
    madconnect_model::time::iso_utc(secs)
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_rfc3339_utc() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339(1_699_335_116), "2023-11-07T05:31:56Z");
        assert_eq!(super::rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }
}
