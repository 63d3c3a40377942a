//! The postMessage protocol between the console (in an iframe) and its host page, as pure data:
//! parsing the host's messages, the events the console sends, origin and screen checks.
//!
//! Nothing here touches the browser, so every rule is unit-tested natively. The browser glue that
//! listens and posts lives in `runtime.rs`.

use crate::api::connections::ConnectionOp;
use madconnect_model::{ConnectionStatus, StatusAction};
use serde_json::{json, Map, Value};

/// Bumped only on an incompatible change; hosts may check `version` in `madconnect:ready`.
pub const PROTOCOL_VERSION: u32 = 1;
/// Every message of the protocol has a `type` starting with this.
pub const PREFIX: &str = "madconnect:";

// ---------------------------------------------------------------------------------------------
// Configuration the server injects, and the origin allowlist
// ---------------------------------------------------------------------------------------------

/// `<meta name="mc-config" content='{"embedOrigins":[...],"publicPath":"/..."}'>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct McConfig {
    /// Normalised origins (`scheme://host[:port]`) that may embed the console.
    pub embed_origins: Vec<String>,
    /// Always starts and ends with `/`.
    pub public_path: String,
}

impl McConfig {
    /// Parses the meta tag's content. Bad entries are dropped (an origin that cannot be parsed can
    /// never match); a missing or bad config means "not embeddable, served at /".
    pub fn parse(content: &str) -> McConfig {
        let v: Value = serde_json::from_str(content).unwrap_or(Value::Null);
        let embed_origins = v
            .get("embedOrigins")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).filter_map(normalize_origin).collect())
            .unwrap_or_default();
        // The server normalised it already; anything odd means "served at /".
        let public_path = v
            .get("publicPath")
            .and_then(Value::as_str)
            .and_then(|p| madconnect_model::normalize_public_path(p).ok())
            .unwrap_or_else(|| "/".into());
        McConfig { embed_origins, public_path }
    }

    pub fn allows(&self, origin: &str) -> bool {
        normalize_origin(origin).is_some_and(|o| self.embed_origins.contains(&o))
    }
}

/// `HTTPS://Portal.Example/` → `https://portal.example`: the model's origin rule (the server
/// checks `--embed-origins` with the same one). `null` (sandboxed, file:) is never an origin.
pub fn normalize_origin(o: &str) -> Option<String> {
    madconnect_model::parse_origin(o).ok()
}

// ---------------------------------------------------------------------------------------------
// Sections and screens
// ---------------------------------------------------------------------------------------------

pub use crate::session::Section;

/// Section names, comma separated, for messages.
fn section_names() -> String {
    Section::ALL.map(Section::as_str).join(", ")
}

/// Checks a host-chosen screen: a path inside the console (`/connections/new`, `connections`,
/// `/marketplace?q=meta`), in a section the host shows. Never an absolute URL, never `..`.
/// An `accountId` in its query is dropped: the sub-account comes from `init` alone.
pub fn sanitize_screen(screen: &str, sections: &[Section]) -> Result<String, ProtocolError> {
    let s = screen.trim();
    let bad = |why: &str| ProtocolError::field("screen", format!("screen {:?} {why}", truncate(s, 80)));
    if s.is_empty() || s.len() > 300 {
        return Err(bad("must be a console path such as \"/connections\""));
    }
    let safe =
        s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~' | b'?' | b'=' | b'&' | b'%' | b'+'));
    if !safe || s.contains("//") || s.contains("..") || s.contains(':') {
        return Err(bad("must be a path inside the console, not a URL"));
    }
    let path = if s.starts_with('/') { s.to_string() } else { format!("/{s}") };
    let Some(section) = Section::of_path(&path) else {
        return Err(bad(&format!("is not a console screen (it must start with one of: {})", section_names())));
    };
    if !sections.contains(&section) {
        return Err(bad(&format!("is in the {} section, which this embed does not show", section.as_str())));
    }
    Ok(strip_account_param(&path))
}

/// Removes `accountId` from a path's query (an embedded console is locked to its sub-account).
pub fn strip_account_param(path: &str) -> String {
    let Some((p, q)) = path.split_once('?') else {
        return path.to_string();
    };
    let kept: Vec<&str> =
        q.split('&').filter(|kv| !kv.is_empty() && !kv.split('=').next().unwrap_or("").eq_ignore_ascii_case("accountId")).collect();
    if kept.is_empty() {
        p.to_string()
    } else {
        format!("{p}?{}", kept.join("&"))
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

// ---------------------------------------------------------------------------------------------
// Messages from the host
// ---------------------------------------------------------------------------------------------

/// `madconnect:init`: the host hands over the session.
#[derive(Clone, PartialEq)]
pub struct Init {
    pub access_token: String,
    /// Seconds until the token expires, when the host knows (the token response's `expiry`).
    pub expires_in: Option<u64>,
    pub account_id: String,
    /// Raw theme object; validated by `theme::plan`, token by token.
    pub theme: Option<Value>,
    /// Already sanitised against `sections`.
    pub screen: Option<String>,
    pub sections: Vec<Section>,
    pub allow_destructive: bool,
    /// The host's language, a BCP 47 tag (`de`, `ja-JP`); the console shows the shipped language
    /// it names, or keeps its own choice for one it does not ship.
    pub locale: Option<String>,
}

// Hand-written so a token can never reach a log through `{:?}`.
impl std::fmt::Debug for Init {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Init")
            .field("access_token", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .field("account_id", &self.account_id)
            .field("theme", &self.theme)
            .field("screen", &self.screen)
            .field("sections", &self.sections)
            .field("allow_destructive", &self.allow_destructive)
            .field("locale", &self.locale)
            .finish()
    }
}

/// A message from the host the console understands.
#[derive(Debug, Clone, PartialEq)]
pub enum HostMessage {
    Init(Init),
    /// `madconnect:token`: a fresh token (after `token.expiring` / `token.expired`, or any time).
    Token {
        access_token: Redacted,
        expires_in: Option<u64>,
    },
    /// `madconnect:theme`: re-theme while running.
    Theme(Value),
    /// `madconnect:navigate`: open a screen (same rules as `init.screen`).
    Navigate(String),
    /// `madconnect:viewport`: which band of the (content-sized) frame the person can see, in CSS
    /// px from the frame's top, so dialogs and notices open where they are seen.
    Viewport {
        top: f64,
        height: f64,
    },
}

/// A token that prints as `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Redacted(pub String);

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A message the console refused, reported to the host as an `error` event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError {
    /// Stable code a host can switch on: `invalid_message`, `unsupported_version`, ...
    pub code: &'static str,
    /// The field at fault, when there is one.
    pub field: Option<String>,
    pub message: String,
}

impl ProtocolError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        ProtocolError { code: "invalid_message", field: Some(field.into()), message: message.into() }
    }
}

/// Reads a host message. `Ok(None)`: not ours (no `madconnect:` type) or a type we do not know;
/// the console ignores those silently, as other scripts share the channel.
pub fn parse_host_message(data: &Value, visible: &[Section]) -> Result<Option<HostMessage>, ProtocolError> {
    let Some(obj) = data.as_object() else { return Ok(None) };
    let Some(kind) = obj.get("type").and_then(Value::as_str).and_then(|t| t.strip_prefix(PREFIX)) else {
        return Ok(None);
    };
    if let Some(v) = obj.get("version") {
        if v.as_u64() != Some(PROTOCOL_VERSION as u64) {
            return Err(ProtocolError {
                code: "unsupported_version",
                field: Some("version".into()),
                message: format!("protocol version {v} is not supported; this console speaks version {PROTOCOL_VERSION}"),
            });
        }
    }
    match kind {
        "init" => parse_init(obj).map(|i| Some(HostMessage::Init(i))),
        "token" => Ok(Some(HostMessage::Token { access_token: Redacted(token_field(obj)?), expires_in: expires_in_field(obj)? })),
        "theme" => Ok(Some(HostMessage::Theme(obj.get("theme").cloned().unwrap_or(Value::Null)))),
        "viewport" => {
            let px = |k: &str| {
                obj.get(k)
                    .and_then(Value::as_f64)
                    .filter(|n| n.is_finite() && (0.0..=1_000_000.0).contains(n))
                    .ok_or_else(|| ProtocolError::field(k, format!("viewport needs \"{k}\": a number of CSS pixels from 0")))
            };
            Ok(Some(HostMessage::Viewport { top: px("top")?, height: px("height")? }))
        }
        "navigate" => {
            let screen = obj
                .get("screen")
                .and_then(Value::as_str)
                .ok_or_else(|| ProtocolError::field("screen", "navigate needs a \"screen\" string"))?;
            sanitize_screen(screen, visible).map(|s| Some(HostMessage::Navigate(s)))
        }
        _ => Ok(None),
    }
}

fn token_field(obj: &Map<String, Value>) -> Result<String, ProtocolError> {
    match obj.get("accessToken") {
        Some(Value::String(t)) if !t.trim().is_empty() && t.len() <= 4096 && !t.chars().any(char::is_control) => Ok(t.trim().to_string()),
        Some(Value::String(_)) => Err(ProtocolError::field("accessToken", "accessToken must be a non-empty token string")),
        Some(_) => Err(ProtocolError::field("accessToken", "accessToken must be a string")),
        None => Err(ProtocolError::field("accessToken", "accessToken is required")),
    }
}

fn expires_in_field(obj: &Map<String, Value>) -> Result<Option<u64>, ProtocolError> {
    match obj.get("expiresIn") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .filter(|n| *n > 0)
            .map(Some)
            .ok_or_else(|| ProtocolError::field("expiresIn", "expiresIn must be a positive number of seconds")),
    }
}

/// Sub-account ids are short identifiers; anything else cannot be one and is refused up front.
pub fn valid_account_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `["connections"]` or `"connections,marketplace"` (as an element attribute spells it).
pub fn parse_sections(v: &Value) -> Result<Vec<Section>, ProtocolError> {
    let names: Vec<String> = match v {
        Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str().map(str::to_string).ok_or_else(|| ProtocolError::field("sections", "sections must be a list of section names"))
            })
            .collect::<Result<_, _>>()?,
        Value::String(s) => s.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect(),
        _ => return Err(ProtocolError::field("sections", "sections must be a list of section names")),
    };
    let mut out = Vec::new();
    for n in names {
        let s = Section::parse(&n).ok_or_else(|| {
            ProtocolError::field("sections", format!("unknown section {:?} (known: {})", truncate(&n, 40), section_names()))
        })?;
        if !out.contains(&s) {
            out.push(s);
        }
    }
    if out.is_empty() {
        return Err(ProtocolError::field("sections", format!("sections must name at least one of: {}", section_names())));
    }
    Ok(out)
}

fn parse_init(obj: &Map<String, Value>) -> Result<Init, ProtocolError> {
    let access_token = token_field(obj)?;
    let expires_in = expires_in_field(obj)?;
    let account_id = match obj.get("accountId") {
        Some(Value::String(a)) if valid_account_id(a.trim()) => a.trim().to_string(),
        Some(_) => return Err(ProtocolError::field("accountId", "accountId must be a sub-account id (letters, digits, - or _)")),
        None => return Err(ProtocolError::field("accountId", "accountId is required: the sub-account this console is locked to")),
    };
    let sections = match obj.get("sections") {
        None | Some(Value::Null) => Section::ALL.to_vec(),
        Some(v) => parse_sections(v)?,
    };
    let allow_destructive = match obj.get("allowDestructive") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(ProtocolError::field("allowDestructive", "allowDestructive must be true or false")),
    };
    let screen = match obj.get("screen") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(sanitize_screen(s, &sections)?),
        Some(_) => return Err(ProtocolError::field("screen", "screen must be a string")),
    };
    let locale = match obj.get("locale") {
        None | Some(Value::Null) => None,
        Some(Value::String(l)) if is_language_tag(l) => Some(l.clone()),
        Some(_) => return Err(ProtocolError::field("locale", "locale must be a language tag such as \"de\" or \"ja-JP\"")),
    };
    let theme = obj.get("theme").filter(|t| !t.is_null()).cloned();
    Ok(Init { access_token, expires_in, account_id, theme, screen, sections, allow_destructive, locale })
}

/// A BCP 47 tag's shape: 2–8 letters, then `-`/`_`-separated parts of 1–8 letters or digits.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    tag.len() <= 35
        && (2..=8).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

// ---------------------------------------------------------------------------------------------
// Messages to the host
// ---------------------------------------------------------------------------------------------

/// What the console tells its host. Feature screens raise these through `embed::emit`.
#[derive(Debug, Clone, PartialEq)]
pub enum EmbedEvent {
    /// A catalog connector was added to the sub-account (one event per connector).
    ConnectorAdded {
        id: String,
        name: String,
    },
    /// A connector's configuration was saved.
    ConnectorConfigured {
        id: String,
        name: String,
    },
    /// A connector was removed from the sub-account.
    ConnectorRemoved {
        id: String,
        name: String,
    },
    /// A connector's OAuth authorization completed (a catalog connector is now configured, a
    /// custom one connected).
    ConnectorAuthorized {
        id: String,
        name: String,
    },
    /// A custom connector was disconnected, with the reason given (if any).
    ConnectorDisconnected {
        id: String,
        name: String,
        reason: Option<String>,
    },
    ConnectionCreated {
        id: String,
        name: String,
    },
    /// `status` is the new status (`active`, `disabled`, ...); `previous` the one before.
    ConnectionStatusChanged {
        id: String,
        name: String,
        status: String,
        previous: Option<String>,
    },
    /// Soft delete: restorable for 30 days.
    ConnectionDeleted {
        id: String,
        name: String,
    },
    ConnectionRestored {
        id: String,
        name: String,
    },
    /// A transfer batch was started on a connection ("Run now"); `status` is `in-progress`.
    TransferStarted {
        connection_id: String,
        batch_id: String,
        status: String,
    },
    /// A batch the console was following ended: `status` `success` (with `records`) or
    /// `failure` (with `failure_reason`).
    TransferFinished {
        connection_id: String,
        batch_id: String,
        status: String,
        records: Option<u64>,
        failure_reason: Option<String>,
    },
    /// An error the user saw (an API error on screen, a refused message). `code` is stable.
    Error {
        code: String,
        message: String,
        field: Option<String>,
    },
    /// A theme token the console refused.
    ThemeRejected {
        token: String,
        reason: String,
    },
    /// The token expires in `expires_in` seconds: answer with `madconnect:token`.
    TokenExpiring {
        expires_in: u64,
    },
    /// The API refused the token; requests wait until the host sends `madconnect:token`.
    TokenExpired,
    /// The content height in CSS pixels; size the iframe to it.
    Resize {
        height: u32,
    },
    /// The console moved to another screen (path relative to the console's base).
    Navigated {
        path: String,
    },
}

impl EmbedEvent {
    /// The event name (`connection.created`); the message type is `madconnect:` + this.
    pub fn name(&self) -> &'static str {
        match self {
            EmbedEvent::ConnectorAdded { .. } => "connector.added",
            EmbedEvent::ConnectorConfigured { .. } => "connector.configured",
            EmbedEvent::ConnectorRemoved { .. } => "connector.removed",
            EmbedEvent::ConnectorAuthorized { .. } => "connector.authorized",
            EmbedEvent::ConnectorDisconnected { .. } => "connector.disconnected",
            EmbedEvent::ConnectionCreated { .. } => "connection.created",
            EmbedEvent::ConnectionStatusChanged { .. } => "connection.status_changed",
            EmbedEvent::ConnectionDeleted { .. } => "connection.deleted",
            EmbedEvent::ConnectionRestored { .. } => "connection.restored",
            EmbedEvent::TransferStarted { .. } => "transfer.started",
            EmbedEvent::TransferFinished { .. } => "transfer.finished",
            EmbedEvent::Error { .. } => "error",
            EmbedEvent::ThemeRejected { .. } => "theme.rejected",
            EmbedEvent::TokenExpiring { .. } => "token.expiring",
            EmbedEvent::TokenExpired => "token.expired",
            EmbedEvent::Resize { .. } => "resize",
            EmbedEvent::Navigated { .. } => "navigated",
        }
    }

    /// The `detail` object.
    pub fn detail(&self) -> Value {
        match self {
            EmbedEvent::ConnectorAdded { id, name }
            | EmbedEvent::ConnectorConfigured { id, name }
            | EmbedEvent::ConnectorRemoved { id, name }
            | EmbedEvent::ConnectorAuthorized { id, name }
            | EmbedEvent::ConnectionCreated { id, name }
            | EmbedEvent::ConnectionDeleted { id, name }
            | EmbedEvent::ConnectionRestored { id, name } => json!({ "id": id, "name": name }),
            EmbedEvent::ConnectionStatusChanged { id, name, status, previous } => {
                json!({ "id": id, "name": name, "status": status, "previousStatus": previous })
            }
            EmbedEvent::ConnectorDisconnected { id, name, reason } => json!({ "id": id, "name": name, "reason": reason }),
            EmbedEvent::TransferStarted { connection_id, batch_id, status } => {
                json!({ "connectionId": connection_id, "batchId": batch_id, "status": status })
            }
            EmbedEvent::TransferFinished { connection_id, batch_id, status, records, failure_reason } => {
                let mut detail = json!({ "connectionId": connection_id, "batchId": batch_id, "status": status });
                if let Some(r) = records.filter(|_| status == "success") {
                    detail["records"] = json!(r);
                }
                if let Some(reason) = failure_reason {
                    detail["failureReason"] = json!(reason);
                }
                detail
            }
            EmbedEvent::Error { code, message, field } => json!({ "code": code, "message": message, "field": field }),
            EmbedEvent::ThemeRejected { token, reason } => json!({ "token": token, "reason": reason }),
            EmbedEvent::TokenExpiring { expires_in } => json!({ "expiresIn": expires_in }),
            EmbedEvent::TokenExpired => json!({}),
            EmbedEvent::Resize { height } => json!({ "height": height }),
            EmbedEvent::Navigated { path } => json!({ "path": path }),
        }
    }

    /// The whole message: `{type: "madconnect:<name>", version, detail}`.
    pub fn to_message(&self) -> Value {
        json!({ "type": format!("{PREFIX}{}", self.name()), "version": PROTOCOL_VERSION, "detail": self.detail() })
    }

    /// The event for a successful operation on a connection, so every screen that changes a
    /// status reports it the same way.
    pub fn for_connection_op(id: &str, name: &str, op: ConnectionOp, before: &ConnectionStatus, after: &ConnectionStatus) -> EmbedEvent {
        let (id, name) = (id.to_string(), name.to_string());
        match op {
            ConnectionOp::Delete => EmbedEvent::ConnectionDeleted { id, name },
            ConnectionOp::Status(StatusAction::Restore) => EmbedEvent::ConnectionRestored { id, name },
            ConnectionOp::Status(_) => EmbedEvent::ConnectionStatusChanged {
                id,
                name,
                status: after.as_str().to_string(),
                previous: Some(before.as_str().to_string()),
            },
        }
    }

    /// From a refused host message.
    pub fn from_protocol_error(e: &ProtocolError) -> EmbedEvent {
        EmbedEvent::Error { code: e.code.into(), message: e.message.clone(), field: e.field.clone() }
    }
}

/// `{type: "madconnect:ready", version}`: the first message, posted to the parent on load.
pub fn ready_message() -> Value {
    json!({ "type": format!("{PREFIX}ready"), "version": PROTOCOL_VERSION })
}

/// How many seconds before expiry to ask for a fresh token: a minute, or a fifth of a short
/// lifetime, so a 2-second test token is renewed at 1.6 s and a day-long one a minute early.
pub fn expiring_lead_secs(expires_in: u64) -> f64 {
    (expires_in as f64 / 5.0).min(60.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<Section> {
        Section::ALL.to_vec()
    }

    #[test]
    fn config_parses_origins_and_normalises_the_public_path() {
        let c = McConfig::parse(
            r#"{"embedOrigins":["https://Portal.Example/","http://127.0.0.1:4000","*","null","javascript:x"],"publicPath":"/integrations"}"#,
        );
        assert_eq!(c.embed_origins, vec!["https://portal.example", "http://127.0.0.1:4000"]);
        assert_eq!(c.public_path, "/integrations/");
        assert!(c.allows("https://portal.example"));
        assert!(c.allows("http://127.0.0.1:4000"));
        assert!(!c.allows("http://127.0.0.1:4001"));
        assert!(!c.allows("https://portal.example.evil.test"));
        assert!(!c.allows("null"));
        assert!(c.allows("https://portal.example:443"), "a default port is the same origin");
        let wild = McConfig::parse(r#"{"embedOrigins":["https://*.example","https://portal.example:*"]}"#);
        assert!(wild.embed_origins.is_empty(), "wildcards never match anything");
        assert_eq!(McConfig::parse("not json"), McConfig { embed_origins: vec![], public_path: "/".into() });
        assert_eq!(McConfig::parse(r#"{"publicPath":"//evil.test/"}"#).public_path, "/");
    }

    #[test]
    fn init_is_parsed_with_defaults() {
        let m = parse_host_message(&json!({"type": "madconnect:init", "accessToken": "tok", "accountId": "acc_1"}), &all()).unwrap();
        let Some(HostMessage::Init(i)) = m else { panic!("{m:?}") };
        assert_eq!(i.account_id, "acc_1");
        assert_eq!(i.sections, all());
        assert!(i.allow_destructive);
        assert_eq!(i.screen, None);
        assert!(!format!("{i:?}").contains("tok\""), "Debug must not print the token");
    }

    #[test]
    fn init_with_sections_screen_theme_and_no_destructive_actions() {
        let m = parse_host_message(
            &json!({"type": "madconnect:init", "version": 1, "accessToken": "t", "expiresIn": 300, "accountId": "A1",
                    "sections": ["connections"], "screen": "connections/new?accountId=B2&source=S1", "allowDestructive": false,
                    "theme": {"primary": "#000"}}),
            &all(),
        )
        .unwrap();
        let Some(HostMessage::Init(i)) = m else { panic!() };
        assert_eq!(i.sections, vec![Section::Connections]);
        assert_eq!(i.screen.as_deref(), Some("/connections/new?source=S1"), "accountId is never taken from a screen");
        assert!(!i.allow_destructive);
        assert_eq!(i.expires_in, Some(300));
        assert!(i.theme.is_some());
    }

    #[test]
    fn init_carries_the_hosts_language_tag() {
        for tag in ["de", "ja-JP", "pt_BR", "zh-Hant-TW"] {
            let m = parse_host_message(&json!({"type": "madconnect:init", "accessToken": "t", "accountId": "A1", "locale": tag}), &all())
                .unwrap();
            let Some(HostMessage::Init(i)) = m else { panic!("an init") };
            assert_eq!(i.locale.as_deref(), Some(tag));
        }
    }

    #[test]
    fn a_bad_init_names_the_field_at_fault() {
        let cases = [
            (json!({"type": "madconnect:init", "accountId": "A1"}), "accessToken"),
            (json!({"type": "madconnect:init", "accessToken": "", "accountId": "A1"}), "accessToken"),
            (json!({"type": "madconnect:init", "accessToken": "t"}), "accountId"),
            (json!({"type": "madconnect:init", "accessToken": "t", "accountId": "../x"}), "accountId"),
            (json!({"type": "madconnect:init", "accessToken": "t", "accountId": "A1", "sections": ["billing"]}), "sections"),
            (json!({"type": "madconnect:init", "accessToken": "t", "accountId": "A1", "sections": []}), "sections"),
            (json!({"type": "madconnect:init", "accessToken": "t", "accountId": "A1", "allowDestructive": "no"}), "allowDestructive"),
            (json!({"type": "madconnect:init", "accessToken": "t", "accountId": "A1", "expiresIn": -5}), "expiresIn"),
            (json!({"type": "madconnect:init", "accessToken": "t", "accountId": "A1", "locale": 5}), "locale"),
            (json!({"type": "madconnect:init", "accessToken": "t", "accountId": "A1", "locale": "<script>"}), "locale"),
            (json!({"type": "madconnect:init", "accessToken": "t", "accountId": "A1", "locale": "x"}), "locale"),
            (json!({"type": "madconnect:init", "accessToken": "t", "accountId": "A1", "screen": "https://evil.test/"}), "screen"),
            (
                json!({"type": "madconnect:init", "accessToken": "t", "accountId": "A1", "sections": "connections", "screen": "/marketplace"}),
                "screen",
            ),
            (json!({"type": "madconnect:init", "version": 2, "accessToken": "t", "accountId": "A1"}), "version"),
        ];
        for (msg, field) in cases {
            let err = parse_host_message(&msg, &all()).expect_err(&msg.to_string());
            assert_eq!(err.field.as_deref(), Some(field), "{msg}: {}", err.message);
            assert!(!err.message.is_empty());
        }
    }

    #[test]
    fn foreign_and_unknown_messages_are_ignored() {
        for m in [json!("hello"), json!({"type": "webpackOk"}), json!({"foo": 1}), json!({"type": "madconnect:dance"}), json!(null)] {
            assert_eq!(parse_host_message(&m, &all()), Ok(None), "{m}");
        }
    }

    #[test]
    fn token_and_navigate_messages() {
        let t = parse_host_message(&json!({"type": "madconnect:token", "accessToken": "fresh", "expiresIn": 60}), &all()).unwrap();
        assert_eq!(t, Some(HostMessage::Token { access_token: Redacted("fresh".into()), expires_in: Some(60) }));
        assert!(parse_host_message(&json!({"type": "madconnect:token"}), &all()).is_err());
        let n = parse_host_message(&json!({"type": "madconnect:navigate", "screen": "/marketplace"}), &[Section::Connections]);
        assert_eq!(n.unwrap_err().field.as_deref(), Some("screen"));
    }

    #[test]
    fn viewport_messages_carry_a_visible_band() {
        let v = parse_host_message(&json!({"type": "madconnect:viewport", "top": 1200, "height": 640.5}), &all()).unwrap();
        assert_eq!(v, Some(HostMessage::Viewport { top: 1200.0, height: 640.5 }));
        let e = parse_host_message(&json!({"type": "madconnect:viewport", "top": -3, "height": 10}), &all()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("top"));
        assert!(parse_host_message(&json!({"type": "madconnect:viewport", "top": 0}), &all()).is_err());
    }

    #[test]
    fn screens_must_be_console_paths_in_visible_sections() {
        assert_eq!(sanitize_screen("connections", &all()).unwrap(), "/connections");
        assert_eq!(sanitize_screen("/marketplace?q=meta&accountId=X", &all()).unwrap(), "/marketplace?q=meta");
        for bad in ["//evil.test", "javascript:alert(1)", "/connections/../x", "/settings", "", "/connections/<b>", "\\\\evil"] {
            assert!(sanitize_screen(bad, &all()).is_err(), "{bad}");
        }
        let e = sanitize_screen("/marketplace", &[Section::Connections]).unwrap_err();
        assert!(e.message.contains("does not show"), "{}", e.message);
    }

    #[test]
    fn sections_parse_from_a_list_or_an_attribute_string() {
        assert_eq!(parse_sections(&json!("connections, Marketplace")).unwrap(), vec![Section::Connections, Section::Marketplace]);
        assert_eq!(Section::of_path("/connections/abc/edit"), Some(Section::Connections));
        assert_eq!(Section::of_path("connectors/x/setup"), Some(Section::Connectors));
        assert_eq!(Section::of_path("/marketplace?q=1"), Some(Section::Marketplace));
        assert_eq!(Section::of_path("/"), None);
        assert_eq!(Section::of_path("/reports?view=connections"), Some(Section::Reports));
        assert_eq!(
            parse_sections(&json!(["connections"])).unwrap(),
            vec![Section::Connections],
            "a host that lists sections hides Reports"
        );
        assert!(parse_sections(&json!("connections,reports")).unwrap().contains(&Section::Reports));
        let e = parse_sections(&json!(["connections", "admin"])).unwrap_err();
        assert!(e.message.contains("\"admin\""), "{}", e.message);
    }

    #[test]
    fn events_serialise_to_the_documented_messages() {
        let e = EmbedEvent::ConnectionCreated { id: "C1".into(), name: "Meta → S3".into() };
        assert_eq!(
            e.to_message(),
            json!({"type": "madconnect:connection.created", "version": 1, "detail": {"id": "C1", "name": "Meta → S3"}})
        );
        let s = EmbedEvent::ConnectionStatusChanged {
            id: "C1".into(),
            name: "n".into(),
            status: "active".into(),
            previous: Some("In-progress".into()),
        };
        assert_eq!(s.detail(), json!({"id": "C1", "name": "n", "status": "active", "previousStatus": "In-progress"}));
        assert_eq!(EmbedEvent::Resize { height: 640 }.to_message()["type"], "madconnect:resize");
        assert_eq!(EmbedEvent::TokenExpired.to_message(), json!({"type": "madconnect:token.expired", "version": 1, "detail": {}}));
        assert_eq!(ready_message(), json!({"type": "madconnect:ready", "version": 1}));
    }

    #[test]
    fn transfer_events_carry_the_batch() {
        let started = EmbedEvent::TransferStarted { connection_id: "C1".into(), batch_id: "B1".into(), status: "in-progress".into() };
        assert_eq!(started.to_message()["type"], "madconnect:transfer.started");
        assert_eq!(started.detail(), json!({"connectionId": "C1", "batchId": "B1", "status": "in-progress"}));
        let ok = EmbedEvent::TransferFinished {
            connection_id: "C1".into(),
            batch_id: "B1".into(),
            status: "success".into(),
            records: Some(1200),
            failure_reason: None,
        };
        assert_eq!(ok.to_message()["type"], "madconnect:transfer.finished");
        assert_eq!(ok.detail(), json!({"connectionId": "C1", "batchId": "B1", "status": "success", "records": 1200}));
        let failed = EmbedEvent::TransferFinished {
            connection_id: "C1".into(),
            batch_id: "B2".into(),
            status: "failure".into(),
            records: Some(0),
            failure_reason: Some("The destination rejected the batch".into()),
        };
        assert_eq!(
            failed.detail(),
            json!({"connectionId": "C1", "batchId": "B2", "status": "failure", "failureReason": "The destination rejected the batch"})
        );
    }

    #[test]
    fn status_actions_map_to_their_events() {
        use ConnectionStatus::*;
        let e = EmbedEvent::for_connection_op("C1", "n", ConnectionOp::Status(StatusAction::Activate), &InProgress, &Active);
        assert_eq!(e.to_message()["type"], "madconnect:connection.status_changed");
        assert_eq!(e.detail(), json!({"id": "C1", "name": "n", "status": "active", "previousStatus": "In-progress"}));
        assert_eq!(EmbedEvent::for_connection_op("C1", "n", ConnectionOp::Delete, &Active, &Deleted).name(), "connection.deleted");
        assert_eq!(
            EmbedEvent::for_connection_op("C1", "n", ConnectionOp::Status(StatusAction::Restore), &Deleted, &Disabled).name(),
            "connection.restored"
        );
        assert_eq!(
            EmbedEvent::ConnectorRemoved { id: "K".into(), name: "Meta".into() }.to_message()["type"],
            "madconnect:connector.removed"
        );
    }

    #[test]
    fn authorization_events_carry_the_connector_and_the_reason() {
        let e = EmbedEvent::ConnectorAuthorized { id: "K".into(), name: "Meta".into() };
        assert_eq!(e.to_message()["type"], "madconnect:connector.authorized");
        let e = EmbedEvent::ConnectorDisconnected { id: "U".into(), name: "Acme".into(), reason: Some("Rotating keys".into()) };
        assert_eq!(e.to_message()["type"], "madconnect:connector.disconnected");
        assert_eq!(e.detail(), json!({"id": "U", "name": "Acme", "reason": "Rotating keys"}));
    }

    #[test]
    fn token_renewal_is_asked_for_ahead_of_expiry() {
        assert_eq!(expiring_lead_secs(86_400), 60.0);
        assert_eq!(expiring_lead_secs(2), 0.4);
        assert_eq!(expiring_lead_secs(300), 60.0);
    }
}
