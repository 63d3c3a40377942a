//! Data transfers: start a batch on a connection, then poll its status.

use super::{call, json_body, ApiError, Client};
use crate::url::encode_component;
use gloo_net::http::Method;
use madconnect_model::{Batch, TransferRequest, TransferStarted};

/// `POST /es/v2/data/<id>/transfer`; run-time settings only when there are any (the body may be
/// left out).
pub async fn start(client: &Client, connection_id: &str, request: &TransferRequest) -> Result<TransferStarted, ApiError> {
    let q = client.scoped(Vec::new())?;
    let body = if request.configuration.is_some() { json_body(request)? } else { "{}".to_string() };
    let p = format!("/es/v2/data/{}/transfer", encode_component(connection_id));
    Ok(call(client, Method::POST, &p, &q, Some(body)).await?.response)
}

/// `GET /es/v2/data/<id>/status/<batchId>`: `{id, status}`, plus this server's extension fields.
pub async fn status(client: &Client, connection_id: &str, batch_id: &str) -> Result<Batch, ApiError> {
    let q = client.scoped(Vec::new())?;
    let p = format!("/es/v2/data/{}/status/{}", encode_component(connection_id), encode_component(batch_id));
    Ok(call(client, Method::GET, &p, &q, None).await?.response)
}
