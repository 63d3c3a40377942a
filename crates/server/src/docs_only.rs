//! `--docs-only`: the API as the MadConnect docs describe it and nothing more, so the console can
//! be tested against what the real service offers. Every extension this server adds answers as
//! an unknown route would (404), lists lose `total`, the catalog ignores its filters, and the
//! writes the docs show answering `"response": {}` answer just that. Transfers and reports keep
//! only the fields the docs name.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The catalog's extension filters, dropped from the query before the handler sees it.
const CATALOG_FILTERS: [&str; 4] = ["dataTypeCategory", "platformType", "supportedType", "authType"];
/// The connection report's extension filters, dropped the same way.
const REPORT_FILTERS: [&str; 2] = ["startDate", "endDate"];

const BATCH_FIELDS: &[&str] = &["id", "status"];
const ADMIN_REPORT_FIELDS: &[&str] =
    &["accountId", "accountName", "connections", "avgDailyVolume", "avgMonthlyVolume", "totalVolume", "totalVolumeBytes", "monthCount"];
const CONNECTION_REPORT_FIELDS: &[&str] = &["connectionName", "connectionId", "status", "totalVolume"];

/// The fields the docs give an answer's `response` (each item of a list), where this server
/// sends more.
pub fn documented_fields(method: &Method, path: &str) -> Option<&'static [&'static str]> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        (&Method::POST, ["", "es", "v2", "data", _, "transfer"]) => Some(BATCH_FIELDS),
        (&Method::GET, ["", "es", "v2", "data", _, "status", _]) => Some(BATCH_FIELDS),
        (&Method::GET, ["", "es", "v2", "reports", "admin"]) => Some(ADMIN_REPORT_FIELDS),
        (&Method::GET, ["", "es", "v2", "reports", "connection"]) => Some(CONNECTION_REPORT_FIELDS),
        _ => None,
    }
}

/// Whether a request asks for one of this server's extensions.
pub fn is_extension(method: &Method, path: &str, query: Option<&str>) -> bool {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match segments.as_slice() {
        ["", "es", "v2", "accounts"] => true,
        ["", "es", "v2", "oauth", "revoke"] => true,
        ["", "es", "v2", "connectors", "authorize", ..] => true,
        ["", "es", "v2", "custom-connectors", ..] => true,
        ["", "es", "v2", "connections", _, "activity"] => true,
        // The batch-wise report exists, but the docs give neither its path nor its fields.
        ["", "es", "v2", "reports", "connection", _] => true,
        ["", "es", "v2", "reports", "connection", _, "daily"] => true,
        ["", "es", "v2", "connections", _, "status", action] => action.eq_ignore_ascii_case("restore"),
        ["", "es", "v2", "connections"] => {
            *method == Method::GET && query_values(query, "status").any(|s| s.eq_ignore_ascii_case("deleted"))
        }
        _ => false,
    }
}

/// The writes whose documented answer is `"response": {}` (this server sends the full object).
pub fn answers_empty(method: &Method, path: &str) -> bool {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    matches!(
        (method, segments.as_slice()),
        (&Method::POST, ["", "es", "v2", "connectors"])
            | (&Method::DELETE, ["", "es", "v2", "connectors", _])
            | (&Method::POST, ["", "es", "v2", "connections"])
            | (&Method::PUT | &Method::DELETE, ["", "es", "v2", "connections", _])
            | (&Method::PUT, ["", "es", "v2", "connections", _, "status", _])
    )
}

fn query_values<'a>(query: Option<&'a str>, name: &'a str) -> impl Iterator<Item = String> + 'a {
    form_pairs(query.unwrap_or("")).into_iter().filter(move |(k, _)| k == name).map(|(_, v)| v)
}

fn form_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default()
}

/// The layer: refuses extensions, strips the catalog's filters, and takes `total` off lists.
pub async fn documented_only(mut req: Request, next: Next) -> Response {
    if is_extension(req.method(), req.uri().path(), req.uri().query()) {
        return crate::web::api_not_found(req).await;
    }
    let dropped: &[&str] = match req.uri().path().trim_end_matches('/') {
        "/es/v2/connectors/all" => &CATALOG_FILTERS,
        "/es/v2/reports/connection" => &REPORT_FILTERS,
        _ => &[],
    };
    if !dropped.is_empty() {
        if let Some(uri) = without_params(req.uri(), dropped) {
            *req.uri_mut() = uri;
        }
    }
    let empty = answers_empty(req.method(), req.uri().path());
    let fields = documented_fields(req.method(), req.uri().path());
    as_documented(next.run(req).await, empty, fields).await
}

fn without_params(uri: &Uri, dropped: &[&str]) -> Option<Uri> {
    let query = uri.query()?;
    let kept: Vec<(String, String)> = form_pairs(query).into_iter().filter(|(k, _)| !dropped.contains(&k.as_str())).collect();
    let encoded = serde_urlencoded::to_string(&kept).ok()?;
    let pq = if encoded.is_empty() { uri.path().to_string() } else { format!("{}?{encoded}", uri.path()) };
    pq.parse().ok()
}

/// A JSON answer without its top-level `total` (the envelopes are small: one page at most),
/// with `response: {}` when `empty` and it succeeded, and with only `fields` in its response.
async fn as_documented(res: Response, empty: bool, fields: Option<&[&str]>) -> Response {
    let is_json = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return res;
    }
    let empty = empty && res.status().is_success();
    let fields = fields.filter(|_| res.status().is_success());
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return crate::error::AppError::internal("an answer could not be read").into_response();
    };
    let out = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(mut map)) if map.contains_key("total") || empty || fields.is_some() => {
            map.remove("total");
            if empty {
                map.insert("response".into(), serde_json::json!({}));
            }
            if let (Some(fields), Some(response)) = (fields, map.get_mut("response")) {
                keep_fields(response, fields);
            }
            serde_json::to_vec(&map).unwrap_or_else(|_| bytes.to_vec())
        }
        _ => bytes.to_vec(),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(out))
}

/// Drops every key but `fields` from an object, or from each object of a list.
fn keep_fields(v: &mut serde_json::Value, fields: &[&str]) {
    match v {
        serde_json::Value::Object(o) => o.retain(|k, _| fields.contains(&k.as_str())),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|i| keep_fields(i, fields)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_told_apart_from_documented_endpoints() {
        let get = Method::GET;
        assert!(is_extension(&get, "/es/v2/accounts", None));
        assert!(!is_extension(&get, "/es/v2/accounts/A1", None));
        assert!(is_extension(&Method::POST, "/es/v2/oauth/revoke", None));
        assert!(!is_extension(&Method::POST, "/es/v2/oauth/client-token", None));
        assert!(is_extension(&get, "/es/v2/connections/C1/activity", Some("accountId=A")));
        assert!(is_extension(&Method::PUT, "/es/v2/connections/C1/status/Restore", None));
        assert!(!is_extension(&Method::PUT, "/es/v2/connections/C1/status/disable", None));
        assert!(is_extension(&get, "/es/v2/connections", Some("accountId=A&status=deleted")));
        assert!(!is_extension(&get, "/es/v2/connections", Some("accountId=A&status=active")));
        assert!(!is_extension(&get, "/es/v2/reports/connection", Some("accountId=A")));
        assert!(is_extension(&get, "/es/v2/reports/connection/C1", Some("accountId=A")));
        assert!(is_extension(&get, "/es/v2/reports/connection/C1/daily", Some("accountId=A")));
        assert_eq!(documented_fields(&get, "/es/v2/data/C1/status/B1"), Some(BATCH_FIELDS));
        assert_eq!(documented_fields(&Method::POST, "/es/v2/data/C1/transfer"), Some(BATCH_FIELDS));
        assert_eq!(documented_fields(&get, "/es/v2/connections"), None);
        assert!(is_extension(&Method::POST, "/es/v2/connectors/authorize/C1", Some("accountId=A")));
        assert!(is_extension(&get, "/es/v2/custom-connectors/X/authorize/status", Some("accountId=A")));
    }

    #[test]
    fn writes_documented_as_empty_are_told_apart() {
        assert!(answers_empty(&Method::POST, "/es/v2/connections"));
        assert!(answers_empty(&Method::PUT, "/es/v2/connections/C1/status/enable"));
        assert!(answers_empty(&Method::DELETE, "/es/v2/connections/C1"));
        assert!(!answers_empty(&Method::GET, "/es/v2/connections/C1"));
        assert!(!answers_empty(&Method::POST, "/es/v2/connectors/configure/X"));
    }

    #[test]
    fn catalog_filters_are_dropped_and_the_rest_kept() {
        let uri: Uri = "/es/v2/connectors/all?accountId=A&platformType=CRM&q=sales&supportedType=Source".parse().unwrap();
        assert_eq!(without_params(&uri, &CATALOG_FILTERS).unwrap(), "/es/v2/connectors/all?accountId=A&q=sales");
    }
}
