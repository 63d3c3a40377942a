//! `--docs-only`: the API as the MadConnect docs describe it and nothing more, so the console can
//! be tested against what the real service offers. Every extension this server adds answers as
//! an unknown route would (404), lists lose `total`, the catalog ignores its filters, and the
//! writes the docs show answering `"response": {}` answer just that.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The catalog's extension filters, dropped from the query before the handler sees it.
const CATALOG_FILTERS: [&str; 4] = ["dataTypeCategory", "platformType", "supportedType", "authType"];

/// Whether a request asks for one of this server's extensions.
pub fn is_extension(method: &Method, path: &str, query: Option<&str>) -> bool {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match segments.as_slice() {
        ["", "es", "v2", "accounts"] => true,
        ["", "es", "v2", "oauth", "revoke"] => true,
        ["", "es", "v2", "connectors", "authorize", ..] => true,
        ["", "es", "v2", "custom-connectors", ..] => true,
        ["", "es", "v2", "connections", _, "activity"] => true,
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
    if req.uri().path().trim_end_matches('/') == "/es/v2/connectors/all" {
        if let Some(uri) = without_catalog_filters(req.uri()) {
            *req.uri_mut() = uri;
        }
    }
    let empty = answers_empty(req.method(), req.uri().path());
    as_documented(next.run(req).await, empty).await
}

fn without_catalog_filters(uri: &Uri) -> Option<Uri> {
    let query = uri.query()?;
    let kept: Vec<(String, String)> = form_pairs(query).into_iter().filter(|(k, _)| !CATALOG_FILTERS.contains(&k.as_str())).collect();
    let encoded = serde_urlencoded::to_string(&kept).ok()?;
    let pq = if encoded.is_empty() { uri.path().to_string() } else { format!("{}?{encoded}", uri.path()) };
    pq.parse().ok()
}

/// A JSON answer without its top-level `total` (the envelopes are small: one page at most), and
/// with `response: {}` when `empty` and it succeeded.
async fn as_documented(res: Response, empty: bool) -> Response {
    let is_json = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return res;
    }
    let empty = empty && res.status().is_success();
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return crate::error::AppError::internal("an answer could not be read").into_response();
    };
    let out = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(mut map)) if map.contains_key("total") || empty => {
            map.remove("total");
            if empty {
                map.insert("response".into(), serde_json::json!({}));
            }
            serde_json::to_vec(&map).unwrap_or_else(|_| bytes.to_vec())
        }
        _ => bytes.to_vec(),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(out))
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
        assert_eq!(without_catalog_filters(&uri).unwrap(), "/es/v2/connectors/all?accountId=A&q=sales");
    }
}
