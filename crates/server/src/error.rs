//! The one error type every handler returns, rendered as the es/v2 envelope.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use madconnect_model::{Envelope, FieldErrors, ValidationErrors};

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// An error a client can act on: `statusCode` equals the HTTP status and `statusMessage` names
/// the field, connector or connection at fault. Field errors go to `response.errors`.
#[derive(Debug, Clone, PartialEq)]
pub struct AppError {
    pub status: StatusCode,
    pub message: String,
    pub errors: Option<FieldErrors>,
    /// Seconds for a `Retry-After` header (429 and 503).
    pub retry_after: Option<u64>,
}

impl AppError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        AppError { status, message: message.into(), errors: None, retry_after: None }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }

    pub fn unprocessable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    /// Adds a `Retry-After` header.
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }

    /// Adds field errors (`response.errors`).
    pub fn with_errors(mut self, errors: FieldErrors) -> Self {
        self.errors = Some(errors);
        self
    }

    /// Adds one field error.
    pub fn with_field(mut self, field: impl Into<String>, message: impl Into<String>) -> Self {
        self.errors.get_or_insert_with(FieldErrors::new).entry(field.into()).or_default().push(message.into());
        self
    }

    /// A 422 carrying every field error; the message names the first field at fault.
    pub fn validation(errors: FieldErrors) -> Self {
        let message = summarize(&errors);
        Self::unprocessable(message).with_errors(errors)
    }

    /// Something broke on our side: the detail goes to the log, never to the client.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!("internal error: {detail}");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "The server hit an unexpected error; please try again")
    }
}

/// "Invalid value for <field>: <message>" (plus how many more fields are at fault).
pub fn summarize(errors: &FieldErrors) -> String {
    // Top-level fields (like `name`) read first, nested settings after.
    let first = errors.iter().min_by_key(|(k, _)| (k.contains('.'), k.as_str()));
    let Some((field, msgs)) = first else { return "The request is not valid".into() };
    let first = msgs.first().map(String::as_str).unwrap_or("is not valid");
    let more = errors.len() - 1;
    let tail = match more {
        0 => String::new(),
        1 => " (and 1 more field)".into(),
        n => format!(" (and {n} more fields)"),
    };
    format!("Invalid {field}: {first}{tail}")
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.message)
    }
}

impl std::error::Error for AppError {}

/// A list parameter the model's rules refuse: a 400 naming it.
impl From<madconnect_model::ParamError> for AppError {
    fn from(e: madconnect_model::ParamError) -> Self {
        AppError::bad_request(format!("Invalid query parameter {}: {}", e.param, e.message)).with_field(e.param, e.message)
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::internal(format!("database: {e}"))
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        AppError::internal(format!("task: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let response = match self.errors {
            Some(errors) => serde_json::to_value(ValidationErrors { errors }).unwrap_or_default(),
            None => serde_json::json!({}),
        };
        let body = Envelope { status_code: self.status.as_u16(), status_message: self.message, response, total: None };
        let mut res = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(secs) = self.retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_names_the_first_field_and_counts_the_rest() {
        let mut e = FieldErrors::new();
        e.insert("name".into(), vec!["Connection name is required".into()]);
        assert_eq!(summarize(&e), "Invalid name: Connection name is required");
        e.insert("srcConnectionConfig.x".into(), vec!["bad".into()]);
        assert!(summarize(&e).ends_with("(and 1 more field)"));
    }
}
