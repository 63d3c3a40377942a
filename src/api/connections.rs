//! Connections: list, create, read, update, status actions, (soft) delete and activity.

use super::{call, json_body, page, ApiError, Client, Page};
use crate::url::encode_component;
use gloo_net::http::Method;
use madconnect_model::{ActivityEntry, Connection, ConnectionStatus, ConnectionUpdate, NewConnection, StatusAction};
use serde::de::IgnoredAny;

/// `GET /es/v2/connections` parameters (the model's, read by the server with the same struct);
/// `status: None` lists every status except deleted, `Some(Deleted)` the recently deleted ones.
pub use madconnect_model::ConnectionListParams as ConnectionsQuery;

pub async fn list(client: &Client, query: &ConnectionsQuery) -> Result<Page<Connection>, ApiError> {
    let q = client.scoped(query.to_query())?;
    let list = page(call(client, Method::GET, "/es/v2/connections", &q, None).await?);
    super::capabilities::learn(&client.base, |c| c.extensions = Some(list.total.is_some()));
    Ok(list)
}

/// Creates a connection; the server answers with it (status `In-progress`).
pub async fn create(client: &Client, new: &NewConnection) -> Result<Connection, ApiError> {
    let q = client.scoped(Vec::new())?;
    let body = json_body(new)?;
    Ok(call(client, Method::POST, "/es/v2/connections", &q, Some(body)).await?.response)
}

pub async fn get(client: &Client, connection_id: &str) -> Result<Connection, ApiError> {
    let q = client.scoped(Vec::new())?;
    Ok(call(client, Method::GET, &path(connection_id), &q, None).await?.response)
}

/// Changes the name and/or connection settings (the connectors cannot change).
pub async fn update(client: &Client, connection_id: &str, update: &ConnectionUpdate) -> Result<(), ApiError> {
    let q = client.scoped(Vec::new())?;
    let body = json_body(update)?;
    call::<IgnoredAny>(client, Method::PUT, &path(connection_id), &q, Some(body)).await?;
    Ok(())
}

/// One change of a connection's life: a status action (activate, enable, disable, restore, each
/// `PUT …/status/<action>`) or a soft delete (`DELETE`, restorable for 30 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionOp {
    Status(StatusAction),
    Delete,
}

impl ConnectionOp {
    /// The status a connection in `before` has once this succeeded, or why the model's rules refuse it.
    pub fn after(self, before: &ConnectionStatus) -> Result<ConnectionStatus, String> {
        match self {
            ConnectionOp::Status(a) => before.apply(a).map_err(|e| e.to_string()),
            ConnectionOp::Delete if before.can_delete() => Ok(ConnectionStatus::Deleted),
            ConnectionOp::Delete => Err("Already deleted".to_string()),
        }
    }

    /// "disable", "delete": for "Could not … it".
    pub fn verb(self) -> &'static str {
        match self {
            ConnectionOp::Status(a) => a.as_str(),
            ConnectionOp::Delete => "delete",
        }
    }
}

/// Performs `op` and returns the connection as the server now has it.
pub async fn apply(client: &Client, connection_id: &str, op: ConnectionOp) -> Result<Connection, ApiError> {
    let q = client.scoped(Vec::new())?;
    let (method, p) = match op {
        ConnectionOp::Status(a) => (Method::PUT, format!("{}/status/{}", path(connection_id), a.as_str())),
        ConnectionOp::Delete => (Method::DELETE, path(connection_id)),
    };
    Ok(call(client, method, &p, &q, None).await?.response)
}

/// The connection's timeline, newest first; `None` where the API has no timeline (a 404, or
/// already known from another answer, in which case nothing is sent).
pub async fn activity(client: &Client, connection_id: &str) -> Result<Option<Vec<ActivityEntry>>, ApiError> {
    if !super::capabilities::of_untracked(&client.base).may_have_extensions() {
        return Ok(None);
    }
    let q = client.scoped(Vec::new())?;
    let p = format!("{}/activity", path(connection_id));
    match call(client, Method::GET, &p, &q, None).await {
        Ok(env) => {
            super::capabilities::learn(&client.base, |c| c.extensions = Some(true));
            Ok(Some(env.response))
        }
        Err(e) if e.is_not_found() => {
            super::capabilities::learn(&client.base, |c| c.extensions = Some(false));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

fn path(connection_id: &str) -> String {
    format!("/es/v2/connections/{}", encode_component(connection_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ListQuery;
    use madconnect_model::ConnectionStatus;

    #[test]
    fn status_filter_uses_the_documented_spelling() {
        let q =
            ConnectionsQuery { list: ListQuery { q: None, size: Some(50), offset: Some(0) }, status: Some(ConnectionStatus::InProgress) };
        assert_eq!(q.to_query(), vec![("size", "50".into()), ("offset", "0".into()), ("status", "In-progress".into())]);
        assert_eq!(path("a/b"), "/es/v2/connections/a%2Fb");
    }
}
