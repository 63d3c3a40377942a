//! Browser glue for embedding: the handshake with the host page, the origin checks, applying the
//! session / theme / screen the host sends, and posting events back to the verified host only.
//!
//! One runtime per page, kept in a thread-local (the browser has one thread). Borrows of it are
//! never held across calls into the session or the router, which may call back into `emit`.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::protocol::{self, expiring_lead_secs, normalize_origin, parse_host_message, EmbedEvent, HostMessage, Init, McConfig, Section};
use super::theme;
use crate::session::{EmbedFlags, Session};

/// Where the embedding stands, for the screen: standalone (not framed), waiting for `init`,
/// running, or refused (with the reason a person reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbedStatus {
    Standalone,
    Waiting,
    Ready,
    Refused(String),
}

struct Runtime {
    config: McConfig,
    parent: web_sys::Window,
    /// The allowlisted origin that sent a valid `init`; the only one heard and posted to after.
    host_origin: Option<String>,
    /// The sub-account the host locked this console to.
    account_id: Option<String>,
    sections: Vec<Section>,
    navigate: Rc<dyn Fn(&str)>,
    expiring: Option<TimeoutHandle>,
    last_height: u32,
    status: RwSignal<EmbedStatus>,
}

thread_local! {
    static RUNTIME: RefCell<Option<Runtime>> = const { RefCell::new(None) };
}

fn with_runtime<R>(f: impl FnOnce(&mut Runtime) -> R) -> Option<R> {
    RUNTIME.with(|r| r.try_borrow_mut().ok().and_then(|mut r| r.as_mut().map(f)))
}

/// Sends an event to the host page. A no-op when the console is not embedded or the handshake
/// has not completed, so feature screens call it unconditionally.
pub fn emit(event: EmbedEvent) {
    let target = with_runtime(|rt| rt.host_origin.clone().map(|o| (rt.parent.clone(), o))).flatten();
    if let Some((parent, origin)) = target {
        // Serializing events is the embedding module's code, already downloaded when there is a
        // host to tell; tasks run in the order they were spawned, so events keep their order.
        leptos::task::spawn_local(async move {
            let _ = post_event(parent, event, origin).await;
        });
    }
}

crate::chunks::on_demand!(embed => fn post_event(parent: web_sys::Window, event: EmbedEvent, origin: String) -> () {
    post(&parent, &event.to_message(), &origin);
});

/// True once the console runs inside a host page (framed), whether or not `init` arrived yet.
pub fn is_embedded() -> bool {
    with_runtime(|_| ()).is_some()
}

/// The sub-account the host locked the console to, once `init` arrived.
pub fn locked_account() -> Option<String> {
    with_runtime(|rt| rt.account_id.clone()).flatten()
}

fn post(target: &web_sys::Window, message: &Value, origin: &str) {
    let Ok(js) = js_sys::JSON::parse(&message.to_string()) else { return };
    // targetOrigin is always a concrete origin: a navigated-away parent never receives it.
    let _ = target.post_message(&js, origin);
}

fn warn(text: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("MadConnect console: {text}")));
}

/// Starts embedding when the page is framed. Returns the status signal (Standalone otherwise).
/// `navigate` opens a router path (relative to the public path).
pub fn start(session: Session, navigate: Rc<dyn Fn(&str)>) -> RwSignal<EmbedStatus> {
    let status = RwSignal::new(EmbedStatus::Standalone);
    let window = window();
    let Some(parent) = window.parent().ok().flatten().filter(|p| !js_sys::Object::is(p, &window)) else {
        return status;
    };
    // The host hands over the session: nothing from an earlier visit, and the token stays in
    // memory only. Sections stay hidden until `init` says which to show.
    session.set_persist(false);
    session.forget();
    session.set_flags(EmbedFlags {
        embedded: true,
        locked_account: true,
        show_marketplace: false,
        show_connectors: false,
        show_connections: false,
        show_reports: false,
        destructive_allowed: false,
    });
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-mc-embedded", "");
    }

    RUNTIME.with(|r| {
        *r.borrow_mut() = Some(Runtime {
            // Read with the rest of the protocol, in the embedding module.
            config: McConfig::default(),
            parent: parent.clone(),
            host_origin: None,
            account_id: None,
            sections: Vec::new(),
            navigate,
            expiring: None,
            last_height: 0,
            status,
        })
    });

    status.set(EmbedStatus::Waiting);
    // The protocol and theming code downloads only in a frame; standalone visits never fetch it.
    leptos::task::spawn_local_scoped(async move {
        if let Err(e) = listen(session, parent, status).await {
            refuse(status, e.to_string());
        }
    });
    status
}

crate::chunks::on_demand!(embed => fn listen(session: Session, parent: web_sys::Window, status: RwSignal<EmbedStatus>) -> () {
    let config = read_config();
    with_runtime(|rt| rt.config = config.clone());
    if config.embed_origins.is_empty() {
        refuse(status, crate::i18n::t("This console is not set up to be embedded here: its server allows no host pages (--embed-origins)."));
        return Ok(());
    }
    let candidates = ready_targets(&config);

    let handle = window_event_listener(leptos::ev::message, move |ev: web_sys::MessageEvent| on_message(session, ev));
    std::mem::forget(handle); // listens for the page's lifetime

    // A request that met an expired token waits (nothing on screen is lost) until the host
    // answers `token.expired` with `madconnect:token`.
    session.set_on_token_expired(|| emit(EmbedEvent::TokenExpired));

    // The account is the host's to choose: anything else that tries to change it is undone.
    Effect::new(move |_| {
        let current = session.account_signal().get();
        if let Some(locked) = locked_account() {
            if current.as_deref() != Some(locked.as_str()) {
                warn("the sub-account is locked by the host page; ignoring a change of account");
                session.set_account(Some(locked));
            }
        }
    });

    for origin in candidates {
        post(&parent, &protocol::ready_message(), &origin);
    }
    observe_height();
});

/// Shows why the console cannot start (and hides the "Connecting…" spinner, style/embed.css).
fn refuse(status: RwSignal<EmbedStatus>, reason: String) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-mc-embed-refused", "");
    }
    status.set(EmbedStatus::Refused(reason));
}

/// The `<meta name="mc-config">` the server injects; absent → not embeddable, served at `/`.
pub fn read_config() -> McConfig {
    document()
        .query_selector("meta[name=\"mc-config\"]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .map(|c| McConfig::parse(&c))
        .unwrap_or_else(|| McConfig::parse(""))
}

/// Where to post `ready`: the parent's origin when the browser tells us (Chromium's
/// `location.ancestorOrigins`, else the referrer) and it is allowlisted; otherwise every
/// allowlisted origin (the browser delivers only to the one that matches).
fn ready_targets(config: &McConfig) -> Vec<String> {
    let ancestor = js_sys::Reflect::get(&window().location(), &JsValue::from_str("ancestorOrigins"))
        .ok()
        .filter(|l| !l.is_undefined())
        .and_then(|l| js_sys::Reflect::get(&l, &JsValue::from_f64(0.0)).ok())
        .and_then(|o| o.as_string());
    let referrer = document().referrer();
    let referrer_origin = crate::url::origin_of(&referrer);
    for known in [ancestor, Some(referrer_origin.to_string())].into_iter().flatten() {
        if let Some(o) = normalize_origin(&known).filter(|o| config.allows(o)) {
            return vec![o];
        }
    }
    config.embed_origins.clone()
}

fn on_message(session: Session, ev: web_sys::MessageEvent) {
    let Some((parent, config, host, sections, status)) =
        with_runtime(|rt| (rt.parent.clone(), rt.config.clone(), rt.host_origin.clone(), rt.sections.clone(), rt.status))
    else {
        return;
    };
    // Only the embedding page itself: not another frame, not a popup, not this window.
    let from_parent = ev.source().is_some_and(|s| js_sys::Object::is(&s, &parent));
    if !from_parent {
        return;
    }
    let origin = ev.origin();
    let data = js_sys::JSON::stringify(&ev.data())
        .ok()
        .and_then(|s| s.as_string())
        .and_then(|s| serde_json::from_str::<Value>(&s).ok())
        .unwrap_or(Value::Null);
    let ours = data.get("type").and_then(Value::as_str).is_some_and(|t| t.starts_with(protocol::PREFIX));
    if !config.allows(&origin) {
        if ours {
            warn(&format!("ignored a message from {origin:?}, which is not an allowed embedding origin"));
        }
        return;
    }
    let origin = normalize_origin(&origin).unwrap_or_default();
    if host.as_ref().is_some_and(|h| *h != origin) {
        if ours {
            warn(&format!("ignored a message from {origin:?}: this console was initialised by another origin"));
        }
        return;
    }
    let visible = if host.is_some() { sections } else { Section::ALL.to_vec() };
    let reply_error = |code: &'static str, field: Option<&str>, message: String| {
        warn(&message);
        let e = EmbedEvent::Error { code: code.into(), message, field: field.map(str::to_string) };
        post(&parent, &e.to_message(), &origin);
    };
    match parse_host_message(&data, &visible) {
        Ok(None) => {}
        Err(e) => {
            if host.is_none() {
                // Shown on screen; the reason itself is the protocol's (English) error, as sent to the host.
                refuse(status, crate::i18n::tf("The portal sent settings this console cannot use: {reason}", &[("reason", &e.message)]));
            }
            reply_error(e.code, e.field.as_deref(), e.message);
        }
        Ok(Some(HostMessage::Init(init))) => {
            if host.is_some() {
                reply_error("already_initialized", None, "init was already received; reload the frame to start a new session".into());
            } else {
                apply_init(session, origin, init);
            }
        }
        Ok(Some(_)) if host.is_none() => {
            reply_error("not_initialized", None, "send madconnect:init first".into());
        }
        Ok(Some(HostMessage::Token { access_token, expires_in })) => {
            session.set_token(access_token.0, expires_in);
            schedule_expiring(expires_in);
        }
        Ok(Some(HostMessage::Theme(theme))) => apply_theme(&theme),
        Ok(Some(HostMessage::Viewport { top, height })) => set_visible_band(top, height),
        Ok(Some(HostMessage::Navigate(screen))) => {
            if let Some(nav) = with_runtime(|rt| rt.navigate.clone()) {
                nav(&screen);
            }
        }
    }
}

fn apply_init(session: Session, origin: String, init: Init) {
    // The host's language first, so the console's screens render in it from the start.
    match init.locale.as_deref().map(|tag| (tag, crate::i18n::Locale::from_tag(tag))) {
        Some((_, Some(locale))) if locale != crate::i18n::locale() => {
            wasm_bindgen_futures::spawn_local(async move {
                crate::i18n::switch(locale).await;
                start_session(session, origin, init);
            });
            return;
        }
        Some((tag, None)) => {
            warn(&format!("init.locale {tag:?} is not a language this console ships (en, de, fr, es, ja); keeping the browser's"))
        }
        _ => {}
    }
    start_session(session, origin, init);
}

fn start_session(session: Session, origin: String, init: Init) {
    let Init { access_token, expires_in, account_id, theme, screen, sections, allow_destructive, locale: _ } = init;
    let Some((status, navigate)) = with_runtime(|rt| {
        rt.host_origin = Some(origin);
        rt.account_id = Some(account_id.clone());
        rt.sections = sections.clone();
        (rt.status, rt.navigate.clone())
    }) else {
        return;
    };
    session.set_account(Some(account_id));
    session.set_flags(EmbedFlags {
        embedded: true,
        locked_account: true,
        show_marketplace: sections.contains(&Section::Marketplace),
        show_connectors: sections.contains(&Section::Connectors),
        show_connections: sections.contains(&Section::Connections),
        show_reports: sections.contains(&Section::Reports),
        destructive_allowed: allow_destructive,
    });
    session.set_token(access_token, expires_in);
    schedule_expiring(expires_in);
    if let Some(theme) = theme {
        apply_theme(&theme);
    }
    // Open the host's screen, or the first shown section when the current one is hidden
    // (`/` would redirect to the marketplace, which the host may not show).
    let here = current_route_path();
    let target = screen.or_else(|| {
        let visible_here = Section::of_path(&here).is_some_and(|s| sections.contains(&s));
        (!visible_here).then(|| sections.first().map(|s| s.home().to_string())).flatten()
    });
    if let Some(target) = target {
        navigate(&target);
    }
    status.set(EmbedStatus::Ready);
    with_runtime(|rt| rt.last_height = 0);
    send_height();
}

/// The router path of the current URL (the public path removed).
fn current_route_path() -> String {
    let path = window().location().pathname().unwrap_or_default();
    let base = crate::session::public_path();
    path.strip_prefix(base.as_str()).unwrap_or(&path).to_string()
}

/// Asks the host for a fresh token ahead of expiry, when it told us the lifetime.
fn schedule_expiring(expires_in: Option<u64>) {
    if let Some(old) = with_runtime(|rt| rt.expiring.take()).flatten() {
        old.clear();
    }
    let Some(secs) = expires_in else { return };
    let lead = expiring_lead_secs(secs);
    let delay = Duration::from_secs_f64((secs as f64 - lead).max(0.0));
    let remaining = lead.ceil() as u64;
    if let Ok(handle) = set_timeout_with_handle(move || emit(EmbedEvent::TokenExpiring { expires_in: remaining }), delay) {
        with_runtime(|rt| rt.expiring = Some(handle));
    }
}

/// Applies the valid theme tokens through the CSSOM (never a style attribute: the CSP forbids it)
/// and reports each refused one to the developer console and the host.
pub fn apply_theme(theme: &Value) {
    let plan = theme::plan(theme);
    if let Some(root) = document().document_element() {
        if let Ok(html) = root.clone().dyn_into::<web_sys::HtmlElement>() {
            let style = html.style();
            for (property, value) in &plan.properties {
                let _ = style.set_property(property, value);
            }
        }
        if let Some(mode) = plan.mode {
            let _ = root.set_attribute("data-theme", mode.as_str());
        }
    }
    for r in plan.rejected {
        warn(&format!("refused {}", r.reason));
        emit(EmbedEvent::ThemeRejected { token: r.token, reason: r.reason });
    }
}

/// The band of the frame the person sees (from the host), as custom properties that place
/// dialogs, notices and the renewal banner inside it (style/embed.css). CSSOM only.
fn set_visible_band(top: f64, height: f64) {
    let Some(html) = document().document_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
    let style = html.style();
    let _ = style.set_property("--mc-embed-visible-top", &format!("{}px", top.round()));
    let _ = style.set_property("--mc-embed-visible-height", &format!("{}px", height.round().max(1.0)));
}

/// Reports the content height whenever it changes, so the host sizes the iframe to fit.
fn observe_height() {
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| send_height());
    let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) else { return };
    callback.forget(); // lives as long as the page
    if let Some(body) = document().body() {
        observer.observe(&body);
    }
}

/// The body's height plus its margins: the document's natural height, which (unlike
/// `scrollHeight`) can shrink below the current iframe height.
fn content_height() -> u32 {
    let Some(body) = document().body() else { return 0 };
    let rect = body.get_bounding_client_rect();
    let margins = window()
        .get_computed_style(&body)
        .ok()
        .flatten()
        .map(|s| {
            let px = |p: &str| s.get_property_value(p).ok().and_then(|v| v.trim_end_matches("px").parse::<f64>().ok()).unwrap_or(0.0);
            px("margin-top") + px("margin-bottom")
        })
        .unwrap_or(0.0);
    (rect.height() + margins).ceil().max(0.0) as u32
}

fn send_height() {
    let height = content_height();
    let changed = with_runtime(|rt| {
        let ready = rt.host_origin.is_some();
        let changed = ready && height != rt.last_height;
        if changed {
            rt.last_height = height;
        }
        changed
    });
    if changed == Some(true) {
        emit(EmbedEvent::Resize { height });
    }
}
