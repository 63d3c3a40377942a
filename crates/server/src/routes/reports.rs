//! Usage reports, computed from the recorded batches: the organization's sub-accounts, a
//! sub-account's connections, one connection's batches, and one connection's daily series.

use crate::db::search::Keyword;
use crate::db::{batches, now, reports};
use crate::error::Result;
use crate::extract::{ApiPath, Auth, Page, Params};
use crate::routes::scope::Scope;
use crate::routes::transfers::load;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use madconnect_model::transfer::series_days;
use madconnect_model::{AdminReportRow, Batch, ConnectionReportRow, DailyVolume, Envelope, ReportParams};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/es/v2/reports/admin", get(admin))
        .route("/es/v2/reports/connection", get(connections))
        .route("/es/v2/reports/connection/{connection_id}", get(batch_history))
        .route("/es/v2/reports/connection/{connection_id}/daily", get(daily))
}

fn keyword(params: &ReportParams) -> Option<Keyword> {
    params.list.q.as_ref().map(|q| Keyword::new(q.to_lowercase()))
}

/// `GET /es/v2/reports/admin`: one row per sub-account of the caller's organization, by name.
async fn admin(State(state): State<AppState>, auth: Auth, params: Params) -> Result<Json<Envelope<Vec<AdminReportRow>>>> {
    let report = ReportParams::from_query(&params)?;
    let (q, page, range) = (keyword(&report), Page::of(&report.list), report.range());
    state
        .db
        .read(move |c| {
            let (rows, total) = reports::admin(c, &auth.org_id, q.as_ref(), page, range)?;
            Ok(Json(Envelope::page(rows, total)))
        })
        .await
}

/// `GET /es/v2/reports/connection`: one row per connection of the sub-account, by name.
async fn connections(scope: Scope) -> Result<Json<Envelope<Vec<ConnectionReportRow>>>> {
    let report = ReportParams::from_query(scope.params())?;
    let (q, page, range) = (keyword(&report), Page::of(&report.list), report.range());
    scope
        .read(move |c, cx| {
            let (rows, total) = reports::connections(c, &cx.account.id, q.as_ref(), page, range)?;
            Ok(Json(Envelope::page(rows, total)))
        })
        .await
}

/// `GET /es/v2/reports/connection/<connectionId>`: the batch-wise report, newest first.
async fn batch_history(scope: Scope, ApiPath(id): ApiPath<String>) -> Result<Json<Envelope<Vec<Batch>>>> {
    let report = ReportParams::from_query(scope.params())?;
    let (page, range) = (Page::of(&report.list), report.range());
    scope
        .read(move |c, cx| {
            load(c, cx, &id)?;
            let (rows, total) = batches::history(c, &id, page, range)?;
            Ok(Json(Envelope::page(rows, total)))
        })
        .await
}

/// `GET /es/v2/reports/connection/<connectionId>/daily?days=`: the last `days` UTC days.
async fn daily(scope: Scope, ApiPath(id): ApiPath<String>) -> Result<Json<Envelope<Vec<DailyVolume>>>> {
    let days = series_days(scope.params())?;
    scope
        .read(move |c, cx| {
            load(c, cx, &id)?;
            Ok(Json(Envelope::ok(reports::daily(c, &id, days, now())?)))
        })
        .await
}
