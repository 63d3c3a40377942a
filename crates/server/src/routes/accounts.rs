//! Sub-accounts: `GET /es/v2/accounts/<id>` and the extension `GET /es/v2/accounts`.

use crate::db::accounts;
use crate::db::search::Keyword;
use crate::error::Result;
use crate::extract::{ApiPath, Auth, Params};
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use madconnect_model::{Account, Envelope};

pub fn router() -> Router<AppState> {
    Router::new().route("/es/v2/accounts", get(list)).route("/es/v2/accounts/{account_id}", get(one))
}

/// The organization's sub-accounts, by name (for the account switcher).
async fn list(State(state): State<AppState>, auth: Auth, params: Params) -> Result<Json<Envelope<Vec<Account>>>> {
    let page = params.optional_page()?;
    let q = params.q().map(Keyword::new);
    state
        .db
        .read(move |c| {
            let all = accounts::summaries(c, &auth.org_id, q.as_ref())?;
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
    state.db.read(move |c| Ok(Json(Envelope::ok(accounts::summary(c, &auth.org_id, &account_id)?)))).await
}
