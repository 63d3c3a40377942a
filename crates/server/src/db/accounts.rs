//! Sub-accounts: the tenancy lookup every scoped request starts with, and the account summary
//! (live connections and their volume, read from the counts the triggers keep).

use crate::db::search::{contains_any, Keyword};
use crate::error::{AppError, Result};
use madconnect_model::{Account, AccountEnv};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// A sub-account, checked to belong to the caller's organization.
#[derive(Debug, Clone)]
pub struct AccountRow {
    pub id: String,
    pub org_id: String,
    pub name: String,
}

/// Loads a sub-account of `org_id`; any other id (unknown or another organization's) is a 404,
/// so ids cannot be probed.
pub fn in_org(c: &Connection, org_id: &str, account_id: &str) -> Result<AccountRow> {
    c.prepare_cached("SELECT id, org_id, name FROM accounts WHERE id = ?1 AND org_id = ?2")?
        .query_row(params![account_id, org_id], |r| Ok(AccountRow { id: r.get("id")?, org_id: r.get("org_id")?, name: r.get("name")? }))
        .optional()?
        .ok_or_else(|| {
            AppError::not_found(format!("Sub-account \"{account_id}\" was not found in your organization"))
                .with_field("accountId", "No such sub-account")
        })
}

const SUMMARY: &str = "SELECT a.id, a.name, a.enabled, a.env_id, a.env_name, a.env_host, a.created_time, a.updated_time,
    o.user_id, o.user_email,
    COALESCE((SELECT SUM(k.connections) FROM live_connection_counts k WHERE k.account_id = a.id), 0) AS connections,
    COALESCE((SELECT SUM(k.volume) FROM live_connection_counts k WHERE k.account_id = a.id), 0) AS volume
    FROM accounts a JOIN organizations o ON o.id = a.org_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get("id")?,
        name: r.get("name")?,
        enabled: r.get("enabled")?,
        env: AccountEnv { id: r.get("env_id")?, name: r.get("env_name")?, host: r.get("env_host")? },
        created_time: r.get("created_time")?,
        updated_time: r.get("updated_time")?,
        user_id: r.get("user_id")?,
        user_email: r.get("user_email")?,
        connections: r.get::<_, i64>("connections")?.to_string(),
        volume: r.get::<_, i64>("volume")?.max(0) as u64,
    })
}

/// One sub-account of the organization with its summary (404 when not the organization's).
pub fn summary(c: &Connection, org_id: &str, account_id: &str) -> Result<Account> {
    in_org(c, org_id, account_id)?;
    Ok(c.prepare_cached(&format!("{SUMMARY} WHERE a.id = ?1"))?.query_row([account_id], from_row)?)
}

/// The organization's sub-accounts with their summaries, by name; `q` matches name or id.
pub fn summaries(c: &Connection, org_id: &str, q: Option<&Keyword>) -> Result<Vec<Account>> {
    // `+?1`: see `Filter::value`.
    let mut sql = format!("{SUMMARY} WHERE a.org_id = +?1");
    if q.is_some() {
        sql.push_str(&format!(" AND {}", contains_any(&["a.name", "a.id"], "?2")));
    }
    sql.push_str(" ORDER BY a.name COLLATE NOCASE, a.id");
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = match q {
        None => stmt.query_map([org_id], from_row)?.collect::<rusqlite::Result<_>>()?,
        Some(q) => stmt.query_map([org_id, q.lower.as_str()], from_row)?.collect::<rusqlite::Result<_>>()?,
    };
    Ok(rows)
}
