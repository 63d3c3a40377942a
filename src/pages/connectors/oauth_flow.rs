//! Signing a connector in with OAuth: the provider's consent page in a popup opened on the click,
//! its completion message (checked for origin and state) with the status endpoint polled beside
//! it, and, when the popup is blocked, the same flow in this tab and back.
//!
//! The server is the authority on how an attempt ended: a message or a `?oauth=` query only
//! prompts the console to ask the status endpoint.

use leptos::prelude::*;
use madconnect_model::{AuthorizationOutcome, AuthorizationStatus};
use wasm_bindgen::JsCast;

use crate::api::authorize::{self, Target};
use crate::i18n::{t, tf};
use crate::session::use_session;

/// What the callback page posts to the window that opened the popup.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OAuthMessage {
    pub kind: Option<String>,
    pub state: Option<String>,
}

/// Whether a `message` event is the completion of the attempt under way: sent from the console's
/// own origin (where the callback page lives), of the documented type, naming the state this
/// window started. Anything else (another origin, another attempt, a stray message) is ignored.
pub fn is_completion(event_origin: &str, own_origin: &str, msg: &OAuthMessage, expected_state: &str) -> bool {
    !own_origin.is_empty()
        && own_origin != "null"
        && event_origin == own_origin
        && msg.kind.as_deref() == Some(madconnect_model::oauth::OAUTH_MESSAGE_TYPE)
        && !expected_state.is_empty()
        && msg.state.as_deref() == Some(expected_state)
}

/// Where the flow stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flow {
    Idle,
    /// Asking the server for the authorization URL.
    Starting,
    /// The provider is open in the popup.
    Waiting {
        state: String,
    },
    /// The browser blocked the popup: the person may continue in this tab.
    Blocked {
        url: String,
    },
    /// Back in this tab from the provider: asking the server how it went.
    Checking,
    Authorized,
    /// Denied, failed, or the popup was closed before the end; the words to show.
    Failed {
        reason: String,
    },
}

impl Flow {
    pub fn busy(&self) -> bool {
        matches!(self, Flow::Starting | Flow::Waiting { .. } | Flow::Checking)
    }
}

/// What the person reads for an attempt that did not authorize.
pub fn failure_text(name: &str, status: &AuthorizationStatus) -> String {
    let reason = status.reason.as_deref().filter(|r| !r.trim().is_empty());
    match (&status.outcome, reason) {
        (AuthorizationOutcome::Denied, None) => tf("Access was denied at {name}.", &[("name", name)]),
        (AuthorizationOutcome::Denied, Some(r)) => tf("Access was denied at {name}: {reason}", &[("name", name), ("reason", r)]),
        (_, Some(r)) => tf("Signing in with {name} did not finish: {reason}", &[("name", name), ("reason", r)]),
        (_, None) => tf("Signing in with {name} did not finish.", &[("name", name)]),
    }
}

/// `use_oauth_flow(..)`: the flow's state and its actions.
#[derive(Clone, Copy)]
pub struct OAuthFlow {
    pub flow: RwSignal<Flow>,
    target: StoredValue<Target>,
    name: StoredValue<String>,
    return_to: StoredValue<String>,
    /// Bumped by every start, cancel and ending: a poll or answer from an older attempt stops.
    attempt: RwSignal<u32>,
    popup: StoredValue<Option<web_sys::Window>, LocalStorage>,
    on_authorized: Callback<()>,
    session: crate::session::Session,
}

/// The flow for one connector. `return_to` is the console path (under the public path) the
/// provider comes back to when the popup is blocked; `on_authorized` runs once it succeeded.
pub fn use_oauth_flow(target: Target, name: String, return_to: String, on_authorized: Callback<()>) -> OAuthFlow {
    let f = OAuthFlow {
        flow: RwSignal::new(Flow::Idle),
        target: StoredValue::new(target),
        name: StoredValue::new(name),
        return_to: StoredValue::new(return_to),
        attempt: RwSignal::new(0),
        popup: StoredValue::new_local(None),
        on_authorized,
        session: use_session(),
    };
    let own_origin = window().location().origin().unwrap_or_default();
    let listener = window_event_listener(leptos::ev::message, move |ev: web_sys::MessageEvent| {
        let Some(Flow::Waiting { state }) = f.flow.try_get_untracked() else { return };
        let data = ev.data();
        let field = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok().and_then(|v| v.as_string());
        let msg = OAuthMessage { kind: field("type"), state: field("state") };
        if is_completion(&ev.origin(), &own_origin, &msg, &state) {
            let attempt = f.attempt.get_untracked();
            leptos::task::spawn_local(async move {
                f.check(attempt, state, false).await;
            });
        }
    });
    on_cleanup(move || {
        listener.remove();
        f.close_popup();
    });
    f
}

impl OAuthFlow {
    /// Starts an attempt. Call it from the click handler itself: the popup is opened right here,
    /// before any await, or the browser blocks it.
    pub fn connect(&self, scopes: Option<Vec<String>>) {
        let f = *self;
        f.close_popup();
        let popup = window().open_with_url_and_target_and_features("", "mc-oauth", "popup,width=560,height=720").ok().flatten();
        f.popup.set_value(popup);
        let attempt = f.attempt.get_untracked() + 1;
        f.attempt.set(attempt);
        f.flow.set(Flow::Starting);
        let client = f.session.client();
        leptos::task::spawn_local(async move {
            let (Some(target), Some(return_to)) = (f.target.try_get_value(), f.return_to.try_get_value()) else { return };
            let started = authorize::start(&client, &target, scopes, Some(return_to)).await;
            if f.attempt.try_get_untracked() != Some(attempt) {
                return;
            }
            match started {
                Ok(s) => match f.popup.try_with_value(|p| p.clone()).flatten() {
                    Some(popup) => {
                        let _ = popup.location().set_href(&s.url);
                        f.flow.set(Flow::Waiting { state: s.state.clone() });
                        f.watch(attempt, s.state).await;
                    }
                    None => {
                        f.flow.set(Flow::Blocked { url: s.url });
                        crate::focus::focus_when_shown(".mc-oauth__notice");
                    }
                },
                Err(e) => {
                    f.close_popup();
                    f.flow.set(Flow::Failed { reason: e.to_string() });
                    crate::focus::focus_when_shown(".mc-oauth__notice");
                }
            }
        });
    }

    /// Stops waiting: the popup closes and nothing that arrives later counts.
    pub fn cancel(&self) {
        self.attempt.update(|n| *n += 1);
        self.close_popup();
        self.flow.set(Flow::Idle);
    }

    /// After a blocked popup: the provider in this tab; it sends the person back to `return_to`.
    pub fn continue_in_tab(&self) {
        if let Flow::Blocked { url } = self.flow.get_untracked() {
            let _ = window().location().set_href(&url);
        }
    }

    /// Back from the provider in this tab with `?oauth=&state=`: the query is a hint, the status
    /// endpoint says what happened.
    pub fn resume(&self, state: String) {
        let f = *self;
        let attempt = f.attempt.get_untracked() + 1;
        f.attempt.set(attempt);
        f.flow.set(Flow::Checking);
        leptos::task::spawn_local(async move {
            f.check(attempt, state, true).await;
        });
    }

    /// Polls the status while the popup is open; a popup closed with the attempt still pending
    /// ends it (the person closed the window).
    async fn watch(self, attempt: u32, state: String) {
        loop {
            sleep(1500).await;
            if self.attempt.try_get_untracked() != Some(attempt) {
                return;
            }
            let closed = self.popup.try_with_value(|p| p.as_ref().is_none_or(|w| w.closed().unwrap_or(true))).unwrap_or(true);
            if self.check(attempt, state.clone(), closed).await {
                return;
            }
        }
    }

    /// Asks how the attempt went and shows it when it has ended (or when `final_check`, as
    /// pending). Returns whether the flow ended.
    async fn check(self, attempt: u32, state: String, final_check: bool) -> bool {
        let Some(target) = self.target.try_get_value() else { return true };
        let client = self.session.client();
        let answer = authorize::status(&client, &target, &state).await;
        if self.attempt.try_get_untracked() != Some(attempt) {
            return true;
        }
        let name = self.name.get_value();
        let ended = match answer {
            Ok(s) if s.outcome == AuthorizationOutcome::Authorized => {
                self.flow.set(Flow::Authorized);
                self.on_authorized.run(());
                true
            }
            Ok(s) if s.outcome != AuthorizationOutcome::Pending => {
                self.flow.set(Flow::Failed { reason: failure_text(&name, &s) });
                true
            }
            Ok(_) if final_check => {
                self.flow.set(Flow::Failed { reason: tf("The {name} window was closed before signing in finished.", &[("name", &name)]) });
                true
            }
            Ok(_) => false,
            // A passing network hiccup while the popup is open: the next poll asks again.
            Err(e) if final_check || !e.is_network() => {
                self.flow.set(Flow::Failed { reason: e.to_string() });
                true
            }
            Err(_) => false,
        };
        if ended {
            self.attempt.set(attempt + 1);
            self.close_popup();
            crate::focus::focus_when_shown(".mc-oauth__notice");
        }
        ended
    }

    fn close_popup(&self) {
        if let Some(Some(p)) = self.popup.try_with_value(|p| p.clone()) {
            let _ = p.close();
        }
        self.popup.try_set_value(None);
    }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The flow's notice and buttons: waiting with Cancel, blocked with "Continue in this tab",
/// failed with "Try again", done.
#[component]
pub fn OAuthStatus(flow: OAuthFlow, #[prop(into)] name: String, #[prop(into)] done_text: String, retry: Callback<()>) -> impl IntoView {
    let name = StoredValue::new(name);
    let done_text = StoredValue::new(done_text);
    move || {
        match flow.flow.get() {
        Flow::Idle => ().into_any(),
        Flow::Starting | Flow::Waiting { .. } => view! {
            <div class="mc-alert mc-alert--info mc-oauth__notice" role="status" tabindex="-1">
                <span class="mc-alert__icon" aria-hidden="true">"\u{2026}"</span>
                <div>
                    <p><strong>{tf("Waiting for {name}\u{2026}", &[("name", &name.get_value())])}</strong></p>
                    <p>{t("Complete the sign-in in the window that opened. This page updates by itself.")}</p>
                    <button type="button" class="mc-button mc-button--secondary mc-button--small" on:click=move |_| flow.cancel()>{t("Cancel")}</button>
                </div>
            </div>
        }.into_any(),
        Flow::Checking => view! {
            <div class="mc-alert mc-alert--info mc-oauth__notice" role="status" tabindex="-1">
                <p>{tf("Checking the sign-in with {name}\u{2026}", &[("name", &name.get_value())])}</p>
            </div>
        }.into_any(),
        Flow::Blocked { .. } => view! {
            <div class="mc-alert mc-alert--warning mc-oauth__notice" role="alert" tabindex="-1">
                <span class="mc-alert__icon" aria-hidden="true">"!"</span>
                <div>
                    <p><strong>{t("Your browser blocked the sign-in window.")}</strong></p>
                    <p>{tf("Continue in this tab: you sign in at {name} and come back here.", &[("name", &name.get_value())])}</p>
                    <div class="mc-oauth__actions">
                        <button type="button" class="mc-button mc-button--primary mc-button--small" on:click=move |_| flow.continue_in_tab()>{t("Continue in this tab")}</button>
                        <button type="button" class="mc-button mc-button--ghost mc-button--small" on:click=move |_| flow.cancel()>{t("Cancel")}</button>
                    </div>
                </div>
            </div>
        }.into_any(),
        Flow::Authorized => view! {
            <div class="mc-alert mc-alert--success mc-oauth__notice" role="status" tabindex="-1">
                <span class="mc-alert__icon" aria-hidden="true">"\u{2713}"</span>
                <p><strong>{done_text.get_value()}</strong></p>
            </div>
        }.into_any(),
        Flow::Failed { reason } => view! {
            <div class="mc-alert mc-alert--error mc-oauth__notice" role="alert" tabindex="-1">
                <span class="mc-alert__icon" aria-hidden="true">"!"</span>
                <div>
                    <p>{reason}</p>
                    <button type="button" class="mc-button mc-button--primary mc-button--small" on:click=move |_| retry.run(())>{t("Try again")}</button>
                </div>
            </div>
        }.into_any(),
    }
    }
}

/// Reads `?oauth=<outcome>&state=` (the provider's way back when the popup was blocked) and
/// returns the state to check, removing the query so a reload does not check again.
pub fn take_return_query(keep: &[(&str, String)]) -> Option<String> {
    let location = window().location();
    let search = location.search().unwrap_or_default();
    crate::url::query_param(&format!("?{}", search.trim_start_matches('?')), "oauth")?;
    let state = crate::url::query_param(&format!("?{}", search.trim_start_matches('?')), "state").filter(|s| !s.is_empty())?;
    let path = location.pathname().unwrap_or_default();
    let query = crate::url::encode_query(keep.iter().map(|(k, v)| (*k, v.as_str())));
    let clean = if query.is_empty() { path } else { format!("{path}?{query}") };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
    }
    Some(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(kind: &str, state: &str) -> OAuthMessage {
        OAuthMessage { kind: Some(kind.into()), state: Some(state.into()) }
    }

    #[test]
    fn only_the_own_origin_and_the_started_state_complete_an_attempt() {
        let own = "https://console.example";
        assert!(is_completion(own, own, &msg("madconnect.oauth", "S1"), "S1"));
        assert!(!is_completion("https://evil.example", own, &msg("madconnect.oauth", "S1"), "S1"), "another origin");
        assert!(!is_completion(own, own, &msg("madconnect.oauth", "S2"), "S1"), "another attempt");
        assert!(!is_completion(own, own, &msg("madconnect:init", "S1"), "S1"), "another message type");
        assert!(!is_completion(own, own, &OAuthMessage::default(), "S1"), "no fields");
        assert!(!is_completion(own, own, &msg("madconnect.oauth", ""), ""), "no attempt under way");
        assert!(!is_completion("null", "null", &msg("madconnect.oauth", "S1"), "S1"), "an opaque origin is no origin");
    }

    #[test]
    fn a_failure_says_why_in_words() {
        let s = |outcome: &str, reason: Option<&str>| AuthorizationStatus {
            state: "S".into(),
            outcome: AuthorizationOutcome::parse(outcome),
            reason: reason.map(str::to_string),
            replayed: false,
        };
        assert_eq!(failure_text("Meta Ads", &s("denied", None)), "Access was denied at Meta Ads.");
        assert_eq!(failure_text("Meta Ads", &s("denied", Some("access_denied"))), "Access was denied at Meta Ads: access_denied");
        assert_eq!(failure_text("X", &s("error", Some("expired"))), "Signing in with X did not finish: expired");
        assert_eq!(failure_text("X", &s("error", Some(" "))), "Signing in with X did not finish.");
        assert!(Flow::Waiting { state: "S".into() }.busy() && !Flow::Idle.busy());
    }
}
