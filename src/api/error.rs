//! `ApiError`: what went wrong with a request, in words a person can act on.

use crate::i18n::{n_, t, tf, Locale};
use madconnect_model::{Envelope, FieldErrors, ValidationErrors};
use serde::de::DeserializeOwned;

/// Which kind of failure: the server answered with an error, the server could not be reached,
/// its answer could not be read, or the console refused to send a request that could not succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiErrorKind {
    Http,
    Network,
    Decode,
    Invalid,
}

/// One error type for every endpoint. `Clone + std::error::Error` so it renders inside an
/// `ErrorBoundary`; `Display` is the message to show, in the person's language (see
/// [`ApiError::shown`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub kind: ApiErrorKind,
    /// The HTTP status (0 when no response arrived).
    pub status: u16,
    /// The server's `statusMessage` (English, as the server words it), or our own explanation
    /// (in the person's language).
    pub message: String,
    /// Whether `message` is the server's own `statusMessage`.
    pub from_server: bool,
    /// `response.errors` of a validation failure: field key → messages.
    pub field_errors: FieldErrors,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown())
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// The server could not be reached (offline, DNS, CORS, server down).
    pub fn network(base: &str) -> Self {
        let message = if base.is_empty() {
            t("Could not reach the MadConnect API. Check your network connection and that the server is running, then try again.")
        } else {
            tf(
                "Could not reach the MadConnect API at {base}. Check your network connection and that the server is running, then try again.",
                &[("base", base)],
            )
        };
        ApiError { kind: ApiErrorKind::Network, status: 0, message, from_server: false, field_errors: FieldErrors::new() }
    }

    /// A request the console will not send (e.g. no sub-account chosen). `message` is the
    /// console's own, already in the person's language.
    pub fn invalid(message: impl Into<String>) -> Self {
        ApiError { kind: ApiErrorKind::Invalid, status: 0, message: message.into(), from_server: false, field_errors: FieldErrors::new() }
    }

    /// An error response: the envelope's `statusMessage` and `response.errors` when the body is
    /// one, else a message from the status alone.
    pub fn from_response(status: u16, body: &str) -> Self {
        let env = serde_json::from_str::<Envelope<serde_json::Value>>(body).ok();
        let field_errors = env
            .as_ref()
            .and_then(|e| serde_json::from_value::<ValidationErrors>(e.response.clone()).ok())
            .map(|v| v.errors)
            .unwrap_or_default();
        let server = env.map(|e| e.status_message.trim().to_string()).filter(|m| !m.is_empty());
        let from_server = server.is_some();
        let message = server.unwrap_or_else(|| t(fallback_message(status)));
        ApiError { kind: ApiErrorKind::Http, status, message, from_server, field_errors }
    }

    /// What went wrong, in the person's language, by kind and status: the console's own sentence,
    /// whatever the server said.
    pub fn headline(&self) -> String {
        match self.kind {
            ApiErrorKind::Http => t(fallback_message(self.status)),
            ApiErrorKind::Network => {
                t("Could not reach the MadConnect API. Check your network connection and that the server is running, then try again.")
            }
            ApiErrorKind::Decode => t("The server's answer could not be read. Is the API base URL right?"),
            ApiErrorKind::Invalid => t("The request could not be sent."),
        }
    }

    /// The server's own words (its `statusMessage`, in English), when it sent some.
    pub fn detail(&self) -> Option<&str> {
        self.from_server.then_some(self.message.as_str())
    }

    /// The text to show. The console's own messages are in the person's language already; the
    /// server writes English, which is shown as it is to a person reading English, and after the
    /// console's [`headline`](Self::headline) to anyone else.
    pub fn shown(&self) -> String {
        match self.detail() {
            Some(detail) if crate::i18n::locale() != Locale::En => {
                tf("{headline} (The server said: {detail})", &[("headline", &self.headline()), ("detail", detail)])
            }
            _ => self.message.clone(),
        }
    }

    pub fn is_unauthorized(&self) -> bool {
        self.kind == ApiErrorKind::Http && self.status == 401
    }

    pub fn is_not_found(&self) -> bool {
        self.kind == ApiErrorKind::Http && self.status == 404
    }

    pub fn is_conflict(&self) -> bool {
        self.kind == ApiErrorKind::Http && self.status == 409
    }

    pub fn is_network(&self) -> bool {
        self.kind == ApiErrorKind::Network
    }

    /// The first message for `field`, to show under that field.
    pub fn field_error(&self, field: &str) -> Option<&str> {
        self.field_errors.get(field).and_then(|m| m.first()).map(String::as_str)
    }
}

/// The console's sentence for an HTTP status, in English (translate it with `t`).
fn fallback_message(status: u16) -> &'static str {
    match status {
        400 => n_("The server could not accept this request."),
        401 => n_("Your session has expired. Sign in again."),
        403 => n_("You are not allowed to do this."),
        404 => n_("Not found. It may have been removed, or it belongs to another account."),
        409 => n_("This conflicts with the current state. Reload and try again."),
        413 => n_("The request is too large."),
        422 => n_("Some values were not accepted."),
        429 => n_("Too many requests. Wait a moment and try again."),
        500..=599 => n_("The server had a problem. Try again in a moment."),
        _ => n_("The request failed."),
    }
}

/// A whole response: success unwraps the envelope; anything else becomes an [`ApiError`].
pub(crate) fn parse_envelope<T: DeserializeOwned>(status: u16, body: &str) -> Result<Envelope<T>, ApiError> {
    if !(200..300).contains(&status) {
        return Err(ApiError::from_response(status, body));
    }
    // A non-zero statusCode inside a 2xx is still a failure by the envelope's own rules. Read
    // straight from the text: going through serde_json::Value compiled a second deserializer for
    // every response type.
    #[derive(serde::Deserialize)]
    struct Status {
        #[serde(rename = "statusCode", default)]
        status_code: Option<u64>,
    }
    let code = serde_json::from_str::<Status>(body).map_err(|_| decode_error(status))?.status_code.unwrap_or(0);
    if code != 0 && code != 200 {
        return Err(ApiError::from_response(code as u16, body));
    }
    serde_json::from_str(body).map_err(|_| decode_error(status))
}

fn decode_error(status: u16) -> ApiError {
    ApiError {
        kind: ApiErrorKind::Decode,
        status,
        message: t("The server's answer could not be read. Is the API base URL right?"),
        from_server: false,
        field_errors: FieldErrors::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_envelope_becomes_field_errors() {
        let body = r#"{"statusCode":422,"statusMessage":"Field 'Advertiser ID' must be a number",
            "response":{"errors":{"advertiserId":["Advertiser ID must be a number"],"name":["Name is required","x"]}}}"#;
        let e = ApiError::from_response(422, body);
        assert_eq!(e.kind, ApiErrorKind::Http);
        assert_eq!(e.status, 422);
        assert_eq!(e.to_string(), "Field 'Advertiser ID' must be a number");
        assert_eq!(e.field_error("advertiserId"), Some("Advertiser ID must be a number"));
        assert_eq!(e.field_error("name"), Some("Name is required"));
        assert_eq!(e.field_error("other"), None);
    }

    #[test]
    fn plain_error_envelope_keeps_status_message() {
        let e =
            ApiError::from_response(409, r#"{"statusCode":409,"statusMessage":"Meta Ads is used by 2 connections: A, B","response":{}}"#);
        assert!(e.is_conflict());
        assert_eq!(e.message, "Meta Ads is used by 2 connections: A, B");
        assert!(e.field_errors.is_empty());
    }

    #[test]
    fn non_json_error_gets_a_message_from_the_status() {
        let e = ApiError::from_response(502, "<html>Bad Gateway</html>");
        assert_eq!(e.status, 502);
        assert!(e.message.contains("server had a problem"));
        assert!(ApiError::from_response(401, "").is_unauthorized());
        assert!(ApiError::from_response(404, r#"{"statusCode":404,"statusMessage":"  ","response":null}"#)
            .message
            .starts_with("Not found"));
    }

    #[test]
    fn success_envelope_unwraps_and_bad_shapes_are_decode_errors() {
        let env: Envelope<Vec<u32>> = parse_envelope(200, r#"{"statusCode":0,"statusMessage":"OK","response":[1,2],"total":9}"#).unwrap();
        assert_eq!((env.response, env.total), (vec![1, 2], Some(9)));
        let e = parse_envelope::<Vec<u32>>(200, "not json").unwrap_err();
        assert_eq!(e.kind, ApiErrorKind::Decode);
        let e = parse_envelope::<Vec<u32>>(200, r#"{"statusCode":0,"response":{"x":1}}"#).unwrap_err();
        assert_eq!(e.kind, ApiErrorKind::Decode);
        let e = parse_envelope::<serde_json::Value>(200, r#"{"statusCode":400,"statusMessage":"size must be 1-100","response":{}}"#)
            .unwrap_err();
        assert_eq!((e.status, e.message.as_str()), (400, "size must be 1-100"));
        let e = parse_envelope::<()>(400, r#"{"statusCode":400,"statusMessage":"accountId is required","response":{}}"#).unwrap_err();
        assert_eq!(e.message, "accountId is required");
    }

    #[test]
    fn headline_by_kind_and_detail_only_from_the_server() {
        let e = ApiError::from_response(422, r#"{"statusCode":422,"statusMessage":"Name is required","response":{}}"#);
        assert_eq!(e.headline(), "Some values were not accepted.");
        assert_eq!(e.detail(), Some("Name is required"));
        assert_eq!(e.to_string(), "Name is required", "English readers see the server's words as before");
        let e = ApiError::from_response(503, "");
        assert_eq!(e.headline(), e.message);
        assert_eq!(e.detail(), None);
        assert_eq!(ApiError::from_response(418, "").headline(), "The request failed.");
        assert!(ApiError::network("").headline().starts_with("Could not reach"));
        assert_eq!(ApiError::invalid("Choose a sub-account first.").detail(), None);
    }

    #[test]
    fn network_error_names_the_server() {
        let e = ApiError::network("https://api.example.com");
        assert!(e.is_network());
        assert!(e.message.contains("https://api.example.com"));
        assert!(ApiError::network("").message.contains("Could not reach the MadConnect API."));
    }
}
