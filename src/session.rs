//! The session: where the API is, the access token, the chosen sub-account and the embedding flags.
//!
//! `provide_session()` once at the root, `use_session()` / `use_api()` anywhere below. The token
//! lives in memory and in sessionStorage (key [`STORAGE_KEY`]) only: never localStorage, never the
//! URL. A client secret is never kept here at all.
//!
//! Token expiry mid-task: when a request gets a 401, [`Session::renew_token`] parks it, opens the
//! "Session expired" dialog over the current screen (or calls the embedding host's hook set with
//! [`Session::set_on_token_expired`]), and the request resumes with the new token once
//! [`Session::set_token`] is called. Nothing on screen unmounts, so nothing typed is lost.

use futures_channel::oneshot;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

use crate::api::Client;
use crate::i18n::n_;

/// The sessionStorage key holding [`StoredSession`] as JSON.
pub const STORAGE_KEY: &str = "mc.session";

/// The screens a host may show or hide in embedded mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Marketplace,
    Connectors,
    Connections,
    Reports,
}

impl Section {
    /// Every section, in nav order.
    pub const ALL: [Section; 4] = [Section::Marketplace, Section::Connectors, Section::Connections, Section::Reports];

    /// The name a host uses (`sections`, `screen`).
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Marketplace => "marketplace",
            Section::Connectors => "connectors",
            Section::Connections => "connections",
            Section::Reports => "reports",
        }
    }

    /// The name a person reads (the nav label), in English: translate it where shown, `t(label)`.
    pub fn label(self) -> &'static str {
        match self {
            Section::Marketplace => n_("Marketplace"),
            Section::Connectors => n_("My connectors"),
            Section::Connections => n_("Connections"),
            Section::Reports => n_("Reports"),
        }
    }

    /// The first path of the section (where the nav link goes).
    pub fn home(self) -> &'static str {
        match self {
            Section::Marketplace => "/marketplace",
            Section::Connectors => "/connectors",
            Section::Connections => "/connections",
            Section::Reports => "/reports",
        }
    }

    pub fn parse(s: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|x| x.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// Which section a router path (relative to the base, with or without a leading `/`) is in.
    pub fn of_path(path: &str) -> Option<Section> {
        let first = path.trim_start_matches('/').split(['/', '?', '#']).next().unwrap_or("");
        Section::ALL.into_iter().find(|s| s.as_str() == first)
    }
}

/// What an embedding host allows. Standalone: everything visible and allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedFlags {
    /// Running inside a host page (iframe / custom element).
    pub embedded: bool,
    /// The sub-account is fixed by the host: no switcher, no way to another account.
    pub locked_account: bool,
    pub show_marketplace: bool,
    pub show_connectors: bool,
    pub show_connections: bool,
    pub show_reports: bool,
    /// Remove connector, delete connection (and their bulk forms) are offered.
    pub destructive_allowed: bool,
}

impl Default for EmbedFlags {
    fn default() -> Self {
        EmbedFlags {
            embedded: false,
            locked_account: false,
            show_marketplace: true,
            show_connectors: true,
            show_connections: true,
            show_reports: true,
            destructive_allowed: true,
        }
    }
}

impl EmbedFlags {
    pub fn shows(&self, section: Section) -> bool {
        match section {
            Section::Marketplace => self.show_marketplace,
            Section::Connectors => self.show_connectors,
            Section::Connections => self.show_connections,
            Section::Reports => self.show_reports,
        }
    }
}

/// An access token and when it stops working (ms since the epoch, `None` when unknown).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredSession {
    #[serde(default)]
    pub api_base: String,
    pub access_token: String,
    #[serde(default)]
    pub expires_at: Option<f64>,
    #[serde(default)]
    pub account_id: Option<String>,
}

impl std::fmt::Debug for StoredSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredSession")
            .field("api_base", &self.api_base)
            .field("access_token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field("account_id", &self.account_id)
            .finish()
    }
}

impl StoredSession {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored session; garbage, a blank token or an already expired token give `None`.
    pub fn from_json(raw: &str, now_ms: f64) -> Option<StoredSession> {
        let s: StoredSession = serde_json::from_str(raw).ok()?;
        if s.access_token.trim().is_empty() || s.expires_at.is_some_and(|t| t <= now_ms) {
            return None;
        }
        Some(s)
    }
}

/// Milliseconds since the epoch at which a token with lifetime `expiry_secs` expires.
pub fn expires_at(now_ms: f64, expiry_secs: Option<u64>) -> Option<f64> {
    expiry_secs.filter(|s| *s > 0).map(|s| now_ms + s as f64 * 1000.0)
}

#[derive(Clone, PartialEq)]
struct Token {
    value: String,
    expires_at: Option<f64>,
}

/// The session handle: `Copy`, cheap to pass into closures.
#[derive(Clone, Copy)]
pub struct Session {
    api_base: RwSignal<String>,
    token: RwSignal<Option<Token>>,
    account_id: RwSignal<Option<String>>,
    flags: RwSignal<EmbedFlags>,
    expired: RwSignal<bool>,
    persist: StoredValue<bool>,
    waiters: StoredValue<Vec<oneshot::Sender<Option<String>>>, LocalStorage>,
    on_token_expired: StoredValue<Option<Rc<dyn Fn()>>, LocalStorage>,
}

/// Creates the session (restoring one from sessionStorage) and provides it as context.
pub fn provide_session() -> Session {
    let stored = read_storage();
    let session = Session {
        api_base: RwSignal::new(stored.as_ref().map(|s| s.api_base.clone()).unwrap_or_default()),
        token: RwSignal::new(stored.as_ref().map(|s| Token { value: s.access_token.clone(), expires_at: s.expires_at })),
        account_id: RwSignal::new(stored.and_then(|s| s.account_id)),
        flags: RwSignal::new(EmbedFlags::default()),
        expired: RwSignal::new(false),
        persist: StoredValue::new(true),
        waiters: StoredValue::new_local(Vec::new()),
        on_token_expired: StoredValue::new_local(None),
    };
    provide_context(session);
    session
}

/// The session provided by [`provide_session`].
pub fn use_session() -> Session {
    use_context::<Session>().expect("use_session() called outside provide_session()")
}

/// A handle for pages: `use_api().client()` gives the [`Client`] for the current account.
pub fn use_api() -> Session {
    use_session()
}

impl Session {
    /// The API base a person chose (`""` = the console's own origin and public path).
    pub fn api_base_setting(&self) -> String {
        self.api_base.get()
    }

    /// The base URL requests go to: the chosen one, or the console's own origin + public path
    /// (from `<base href>`, which the server rewrites). Reactive.
    pub fn api_base(&self) -> String {
        let chosen = self.api_base.get();
        if chosen.is_empty() {
            default_api_base()
        } else {
            chosen
        }
    }

    /// What the API offers beyond the documented es/v2, as learned from its answers. Reactive.
    pub fn capabilities(&self) -> crate::api::capabilities::Capabilities {
        crate::api::capabilities::of(&self.api_base())
    }

    /// The same, read without subscribing.
    pub fn capabilities_untracked(&self) -> crate::api::capabilities::Capabilities {
        crate::api::capabilities::of_untracked(&untrack(|| self.api_base()))
    }

    pub fn set_api_base(&self, base: String) {
        self.api_base.set(base);
        self.save();
    }

    /// A [`Client`] for the current API base and sub-account, with 401 renewal wired to this
    /// session. Reading it inside a `LocalResource` makes the resource refetch when the account
    /// changes (not when the token is renewed: a renewed request resumes by itself).
    pub fn client(&self) -> Client {
        let token = self.token.with_untracked(|t| t.as_ref().map(|t| t.value.clone()));
        Client::new(self.api_base(), token, self.account_id.get()).with_tokens(*self)
    }

    /// A [`Client`] without a sub-account, for organization-wide calls (the accounts list).
    pub fn org_client(&self) -> Client {
        let token = self.current_token();
        Client::new(self.api_base(), token, None).with_tokens(*self)
    }

    /// The token to send right now (untracked).
    pub(crate) fn current_token(&self) -> Option<String> {
        self.token.with_untracked(|t| t.as_ref().map(|t| t.value.clone()))
    }

    /// Signed in (a token is held, even if it turned out to be expired). Reactive.
    pub fn is_signed_in(&self) -> bool {
        self.token.with(|t| t.is_some())
    }

    /// When the token expires (ms since the epoch), if known. Reactive.
    pub fn expires_at(&self) -> Option<f64> {
        self.token.with(|t| t.as_ref().and_then(|t| t.expires_at))
    }

    /// True while a request waits for the person (or host) to provide a fresh token. Reactive.
    pub fn is_expired(&self) -> bool {
        self.expired.get()
    }

    /// Sets a new access token (after sign-in, or handed over by an embedding host) and resumes
    /// every request that was waiting for one.
    pub fn set_token(&self, access_token: String, expiry_secs: Option<u64>) {
        let expires_at = expires_at(js_sys::Date::now(), expiry_secs);
        self.token.set(Some(Token { value: access_token.clone(), expires_at }));
        self.expired.set(false);
        self.save();
        for waiter in self.waiters.try_update_value(std::mem::take).unwrap_or_default() {
            let _ = waiter.send(Some(access_token.clone()));
        }
    }

    /// The person signs out: the token is revoked on the server (best effort, in the background)
    /// and forgotten here. An embedded console never revokes: its token is the host's.
    pub fn sign_out(&self) {
        let token = self.current_token();
        // Revocation is an extension: not asked of an API known to lack it.
        let revocable = self.capabilities_untracked().may_have_extensions();
        if let Some(token) = token.filter(|_| revocable && !self.flags.with_untracked(|f| f.embedded)) {
            let base = self.api_base.with_untracked(|b| if b.is_empty() { default_api_base() } else { b.clone() });
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(request) = revoke_token(base, token).await {
                    request.await;
                }
            });
        }
        self.forget();
    }

    /// Forgets the token and account (memory and sessionStorage); waiting requests fail with 401.
    pub fn forget(&self) {
        self.token.set(None);
        self.account_id.set(None);
        self.expired.set(false);
        self.waiters.update_value(|w| w.clear());
        if let Some(storage) = storage() {
            let _ = storage.remove_item(STORAGE_KEY);
        }
    }

    /// The current sub-account. Reactive.
    pub fn account_id(&self) -> Option<String> {
        self.account_id.get()
    }

    /// A signal of the current sub-account, for keying resources.
    pub fn account_signal(&self) -> Signal<Option<String>> {
        self.account_id.into()
    }

    /// Switches sub-account; every page keyed on it reloads.
    pub fn set_account(&self, account_id: Option<String>) {
        let account_id = account_id.map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
        if self.account_id.get_untracked() != account_id {
            self.account_id.set(account_id);
            self.save();
        }
    }

    pub fn flags(&self) -> EmbedFlags {
        self.flags.get()
    }

    pub fn set_flags(&self, flags: EmbedFlags) {
        self.flags.set(flags);
    }

    /// Whether remove/delete actions may be offered. Reactive.
    pub fn destructive_allowed(&self) -> bool {
        self.flags.with(|f| f.destructive_allowed)
    }

    /// Whether the token is written to sessionStorage (an embedding host may turn this off so the
    /// token lives in memory only).
    pub fn set_persist(&self, persist: bool) {
        self.persist.set_value(persist);
        if !persist {
            if let Some(storage) = storage() {
                let _ = storage.remove_item(STORAGE_KEY);
            }
        } else {
            self.save();
        }
    }

    /// Instead of the "Session expired" dialog, call `hook` when a fresh token is needed (the
    /// embedding host is asked; it answers through [`Session::set_token`]).
    pub fn set_on_token_expired(&self, hook: impl Fn() + 'static) {
        self.on_token_expired.set_value(Some(Rc::new(hook)));
    }

    /// Waits for a token different from `failed` (the one the server just refused). The first
    /// waiter opens the dialog or asks the host; the rest share the answer. `None` when the
    /// person signs out instead.
    pub(crate) async fn renew_token(&self, failed: Option<String>) -> Option<String> {
        let current = self.current_token();
        if current.is_some() && current != failed {
            return current; // someone already renewed it
        }
        if self.token.with_untracked(|t| t.is_none()) {
            return None; // signed out: nothing to renew
        }
        let (tx, rx) = oneshot::channel();
        let first = self.waiters.try_update_value(|w| {
            w.push(tx);
            w.len() == 1
        });
        if first == Some(true) {
            self.expired.set(true);
            if let Some(hook) = self.on_token_expired.get_value() {
                hook();
            }
        }
        rx.await.ok().flatten()
    }

    fn save(&self) {
        if !self.persist.get_value() {
            return;
        }
        let Some(storage) = storage() else { return };
        let Some(token) = self.token.get_untracked() else { return };
        let stored = StoredSession {
            api_base: self.api_base.get_untracked(),
            access_token: token.value,
            expires_at: token.expires_at,
            account_id: self.account_id.get_untracked(),
        };
        let _ = storage.set_item(STORAGE_KEY, &stored.to_json());
    }
}

/// The localStorage key of the sub-account ids used in this browser, newest first. Ids only:
/// they name a brand, they open nothing.
pub const RECENT_ACCOUNTS_KEY: &str = "mc.recentAccounts";
const RECENT_ACCOUNTS_MAX: usize = 5;

/// Sub-account ids used in this browser, newest first: what an API without an accounts list
/// offers to pick from.
pub fn recent_accounts() -> Vec<String> {
    let raw = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).and_then(|s| s.get_item(RECENT_ACCOUNTS_KEY).ok().flatten());
    raw.and_then(|r| serde_json::from_str::<Vec<String>>(&r).ok()).unwrap_or_default()
}

/// Keeps a sub-account id the person typed (only then: with an accounts list nothing is kept).
pub fn remember_account(id: &str) {
    let Some(store) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else { return };
    let list = with_recent(recent_accounts(), id);
    let _ = store.set_item(RECENT_ACCOUNTS_KEY, &serde_json::to_string(&list).unwrap_or_default());
}

/// `id` first, without repeats, at most a handful.
fn with_recent(mut list: Vec<String>, id: &str) -> Vec<String> {
    list.retain(|x| x != id);
    list.insert(0, id.to_string());
    list.truncate(RECENT_ACCOUNTS_MAX);
    list
}

type Revoking = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

// Signing out shows the sign-in screen next, so the revocation request's code comes with it
// rather than with every first screen.
crate::chunks::on_demand!(sign_in => fn revoke_token(base: String, token: String) -> Revoking {
    Box::pin(async move {
        let _ = crate::api::oauth::revoke(&base, token).await;
    })
});

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn read_storage() -> Option<StoredSession> {
    let raw = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    StoredSession::from_json(&raw, js_sys::Date::now())
}

/// Where the API is unless the person chose otherwise: the build's `<meta name="mc-api-base">`
/// (a console hosted apart from the API), else the console's own origin + public path.
pub fn default_api_base() -> String {
    let configured = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=\"mc-api-base\"]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .and_then(|b| crate::url::normalize_api_base(&b).ok())
        .filter(|b| !b.is_empty());
    configured.unwrap_or_else(page_base)
}

/// The console's own origin + public path, from `document.baseURI` (the `<base href>` the server
/// rewrites), without the trailing slash: `https://host/integrations`.
fn page_base() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .map(|b| b.trim_end_matches('/').to_string())
        .unwrap_or_default()
}

/// The router base: the path of `<base href>` without the trailing slash (`""` at the root).
pub fn public_path() -> String {
    let base = page_base();
    let origin = crate::url::origin_of(&base);
    base[origin.len()..].trim_end_matches('/').to_string()
}

/// The session is where the API client gets its token, and a fresh one on 401.
impl crate::api::TokenSource for Session {
    fn current(&self) -> Option<String> {
        self.current_token()
    }

    fn renew(&self, refused: Option<String>) -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<String>>>> {
        let session = *self;
        Box::pin(async move { session.renew_token(refused).await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_session_round_trips_and_hides_the_token_from_debug() {
        let s = StoredSession {
            api_base: "https://api.example.com".into(),
            access_token: "secret-token-value".into(),
            expires_at: Some(2_000.0),
            account_id: Some("A1b2C3d4E5f6G7h8".into()),
        };
        let json = s.to_json();
        assert!(json.contains("\"accessToken\":\"secret-token-value\""));
        assert!(json.contains("\"accountId\":\"A1b2C3d4E5f6G7h8\""));
        assert_eq!(StoredSession::from_json(&json, 1_000.0), Some(s.clone()));
        assert!(!format!("{s:?}").contains("secret-token-value"));
    }

    #[test]
    fn expired_blank_or_garbage_sessions_are_not_restored() {
        let s = StoredSession { api_base: String::new(), access_token: "t".into(), expires_at: Some(1_000.0), account_id: None };
        assert_eq!(StoredSession::from_json(&s.to_json(), 1_000.0), None);
        assert_eq!(StoredSession::from_json(r#"{"accessToken":"  "}"#, 0.0), None);
        assert_eq!(StoredSession::from_json("{not json", 0.0), None);
        let minimal = StoredSession::from_json(r#"{"accessToken":"t"}"#, 5.0).unwrap();
        assert_eq!((minimal.api_base.as_str(), minimal.expires_at, minimal.account_id), ("", None, None));
    }

    #[test]
    fn recent_accounts_keep_the_newest_first_without_repeats() {
        let list = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        assert_eq!(with_recent(list.clone(), "c"), ["c", "a", "b", "d", "e"]);
        assert_eq!(with_recent(list, "f"), ["f", "a", "b", "c", "d"]);
        assert_eq!(with_recent(Vec::new(), "a"), ["a"]);
    }

    #[test]
    fn expiry_is_computed_from_the_lifetime() {
        assert_eq!(expires_at(1_000.0, Some(60)), Some(61_000.0));
        assert_eq!(expires_at(1_000.0, Some(0)), None);
        assert_eq!(expires_at(1_000.0, None), None);
    }

    #[test]
    fn standalone_flags_show_and_allow_everything() {
        let f = EmbedFlags::default();
        assert!(!f.embedded && !f.locked_account && f.destructive_allowed);
        assert!([Section::Marketplace, Section::Connectors, Section::Connections].iter().all(|s| f.shows(*s)));
        let only_connections = EmbedFlags { show_marketplace: false, show_connectors: false, ..f };
        assert!(!only_connections.shows(Section::Marketplace) && only_connections.shows(Section::Connections));
    }
}
