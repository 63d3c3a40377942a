//! Connections: list, create, read, update, status actions, (soft) delete and activity.

use super::{call, json_body, page, ApiError, Client, Page};
use crate::i18n::{t, tf};
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

/// Creates a connection (status `In-progress`). The embedded server answers with it; an API that
/// answers `{}`, as the docs show, is asked for it by its name (unique in the sub-account).
pub async fn create(client: &Client, new: &NewConnection) -> Result<Connection, ApiError> {
    let q = client.scoped(Vec::new())?;
    let body = json_body(new)?;
    let answer = call::<serde_json::Value>(client, Method::POST, "/es/v2/connections", &q, Some(body)).await?.response;
    if let Ok(c) = serde_json::from_value::<Connection>(answer) {
        return Ok(c);
    }
    let query = ConnectionsQuery { list: crate::api::ListQuery { q: Some(new.name.clone()), size: Some(100), offset: None }, status: None };
    let found = list(client, &query).await?.items.into_iter().find(|c| c.name == new.name);
    found.ok_or_else(|| {
        ApiError::invalid(tf(
            "\u{201c}{name}\u{201d} was created, but could not be read back: find it under Connections.",
            &[("name", &new.name)],
        ))
    })
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
            ConnectionOp::Delete => Err(t("Already deleted")),
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

/// Performs `op` and returns the connection as the server now has it: from the answer, or, where
/// the API answers `{}` as the docs show, read back. A deleted connection the API no longer shows
/// comes back as just its id and the deleted status.
pub async fn apply(client: &Client, connection_id: &str, op: ConnectionOp) -> Result<Connection, ApiError> {
    let q = client.scoped(Vec::new())?;
    let (method, p) = match op {
        ConnectionOp::Status(a) => (Method::PUT, format!("{}/status/{}", path(connection_id), a.as_str())),
        ConnectionOp::Delete => (Method::DELETE, path(connection_id)),
    };
    let answer = call::<serde_json::Value>(client, method, &p, &q, None).await?.response;
    if let Ok(c) = serde_json::from_value::<Connection>(answer) {
        return Ok(c);
    }
    match get(client, connection_id).await {
        Err(e) if e.is_not_found() && op == ConnectionOp::Delete => Ok(Connection {
            account_id: client.account_id.clone().unwrap_or_default(),
            created_time: 0,
            deleted: true,
            dest: Default::default(),
            editable: false,
            enabled: false,
            env: String::new(),
            id: connection_id.to_string(),
            monthly_volume: 0,
            name: String::new(),
            src: Default::default(),
            status: ConnectionStatus::Deleted,
            total_volume: 0,
            updated_time: 0,
            used_volume: 0,
            deleted_time: None,
            src_connection_config: None,
            dest_connection_config: None,
        }),
        other => other,
    }
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
