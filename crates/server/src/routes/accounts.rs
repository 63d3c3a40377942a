//! Sub-accounts: `GET /es/v2/accounts/<id>` and the extension `GET /es/v2/accounts`.

use crate::error::Result;
use crate::extract::{ApiPath, Auth, Params};
use crate::store;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use madconnect_model::{Account, AccountEnv, Envelope};
use rusqlite::{Connection, Row};

pub fn router() -> Router<AppState> {
    Router::new().route("/es/v2/accounts", get(list)).route("/es/v2/accounts/{account_id}", get(one))
}

const ACCOUNT_SQL: &str = "SELECT a.id, a.name, a.enabled, a.env_id, a.env_name, a.env_host, a.created_time, a.updated_time,
    o.user_id, o.user_email,
    (SELECT COUNT(*) FROM connections c WHERE c.account_id = a.id AND c.deleted_time IS NULL),
    (SELECT COALESCE(SUM(c.used_volume), 0) FROM connections c WHERE c.account_id = a.id AND c.deleted_time IS NULL)
    FROM accounts a JOIN organizations o ON o.id = a.org_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get(0)?,
        name: r.get(1)?,
        enabled: r.get(2)?,
        env: AccountEnv { id: r.get(3)?, name: r.get(4)?, host: r.get(5)? },
        created_time: r.get(6)?,
        updated_time: r.get(7)?,
        user_id: r.get(8)?,
        user_email: r.get(9)?,
        connections: r.get::<_, i64>(10)?.to_string(),
        volume: r.get::<_, i64>(11)?.max(0) as u64,
    })
}

fn load(c: &Connection, org_id: &str, account_id: &str) -> Result<Account> {
    store::account(c, org_id, account_id)?;
    Ok(c.query_row(&format!("{ACCOUNT_SQL} WHERE a.id = ?1"), [account_id], from_row)?)
}

/// The organization's sub-accounts, by name (for the account switcher).
async fn list(State(state): State<AppState>, auth: Auth, params: Params) -> Result<Json<Envelope<Vec<Account>>>> {
    let page = params.optional_page()?;
    let q = params.q();
    state
        .db
        .run(move |c| {
            let mut sql = format!("{ACCOUNT_SQL} WHERE a.org_id = ?1");
            if q.is_some() {
                sql.push_str(&format!(" AND {}", store::search_clause(&["a.name", "a.id"], "?2")));
            }
            sql.push_str(" ORDER BY a.name COLLATE NOCASE, a.id");
            let mut stmt = c.prepare(&sql)?;
            let q = q.unwrap_or_default();
            let all: Vec<Account> = if q.is_empty() {
                stmt.query_map([&auth.org_id], from_row)?.collect::<rusqlite::Result<_>>()?
            } else {
                stmt.query_map([&auth.org_id, &q], from_row)?.collect::<rusqlite::Result<_>>()?
            };
            let total = all.len() as u64;
            let items = match page {
                Some(p) => all.into_iter().skip(p.offset as usize).take(p.size as usize).collect(),
                None => all,
            };
            Ok(Json(Envelope::page(items, total)))
        })
        .await
}

async fn one(State(state): State<AppState>, auth: Auth, ApiPath(account_id): ApiPath<String>) -> Result<Json<Envelope<Account>>> {
    state.db.run(move |c| Ok(Json(Envelope::ok(load(c, &auth.org_id, &account_id)?)))).await
}
