//! Usage reports: per sub-account, per connection, a connection's batches and its daily series.

use super::{call, page, ApiError, Client, Page};
use crate::url::encode_component;
use gloo_net::http::Method;
use madconnect_model::{AdminReportRow, Batch, ConnectionReportRow, DailyVolume};

/// Report parameters (the model's, read by the server with the same struct).
pub use madconnect_model::ReportParams as ReportQuery;

/// `GET /es/v2/reports/admin`: one row per sub-account of the organization (no `accountId`).
pub async fn admin(client: &Client, query: &ReportQuery) -> Result<Page<AdminReportRow>, ApiError> {
    Ok(page(call(client, Method::GET, "/es/v2/reports/admin", &query.to_query(), None).await?))
}

/// `GET /es/v2/reports/connection`: one row per connection of the sub-account.
pub async fn connections(client: &Client, query: &ReportQuery) -> Result<Page<ConnectionReportRow>, ApiError> {
    let q = client.scoped(query.to_query())?;
    Ok(page(call(client, Method::GET, "/es/v2/reports/connection", &q, None).await?))
}

/// `GET /es/v2/reports/connection/<id>`: the connection's batches, newest first.
pub async fn batches(client: &Client, connection_id: &str, query: &ReportQuery) -> Result<Page<Batch>, ApiError> {
    super::capabilities::unless_known_absent(&client.base)?;
    let q = client.scoped(query.to_query())?;
    let p = format!("/es/v2/reports/connection/{}", encode_component(connection_id));
    Ok(page(call(client, Method::GET, &p, &q, None).await?))
}

/// `GET /es/v2/reports/connection/<id>/daily?days=`: one entry per UTC day, oldest first.
pub async fn daily(client: &Client, connection_id: &str, days: u32) -> Result<Vec<DailyVolume>, ApiError> {
    super::capabilities::unless_known_absent(&client.base)?;
    let q = client.scoped(vec![("days", days.to_string())])?;
    let p = format!("/es/v2/reports/connection/{}/daily", encode_component(connection_id));
    Ok(call(client, Method::GET, &p, &q, None).await?.response)
}
