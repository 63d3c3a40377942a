//! Browser tests of the shell's shared components: mount with fixture data, act, assert the DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use madconnect_console::components::{provide_notify, ConfirmDialog, Logo, Notifications, Pagination, StatusBadge};
use madconnect_model::ConnectionStatus;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh container in the document, mounted with `view`; returns the container.
fn mount<F, V>(view: F) -> web_sys::HtmlElement
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let doc = document();
    let root: web_sys::HtmlElement = doc.create_element("div").unwrap().dyn_into().unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    std::mem::forget(leptos::mount::mount_to(root.clone(), view));
    root
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn q(root: &web_sys::Element, selector: &str) -> web_sys::HtmlElement {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no element matches {selector}")).dyn_into().unwrap()
}

fn button_named(root: &web_sys::Element, name: &str) -> web_sys::HtmlElement {
    let list = root.query_selector_all("button").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|b| b.text_content().unwrap_or_default().contains(name))
        .unwrap_or_else(|| panic!("no button named {name}"))
}

fn text(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default()
}

fn key(target: &web_sys::HtmlElement, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn confirm_dialog_is_labelled_focuses_cancel_and_escape_returns_focus_to_the_opener() {
    let open = RwSignal::new(false);
    let cancelled = RwSignal::new(0);
    let root = mount(move || {
        view! {
            <button type="button" id="opener" on:click=move |_| open.set(true)>"Delete connection…"</button>
            <ConfirmDialog
                open=open
                title="Delete “Meta nightly”?"
                message="It can be restored for 30 days from Recently deleted."
                confirm_label="Delete connection"
                destructive=true
                on_confirm=Callback::new(move |_| {})
                on_cancel=Callback::new(move |_| { cancelled.update(|n| *n += 1); open.set(false); })
            />
        }
    });
    assert!(root.query_selector("[role=dialog]").unwrap().is_none(), "closed dialog renders nothing");

    let opener = q(&root, "#opener");
    opener.focus().unwrap();
    opener.click();
    leptos::task::tick().await;
    sleep(50).await;

    let dialog = q(&root, "[role=dialog]");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    assert_eq!(text(&document().get_element_by_id(&title_id).unwrap()), "Delete “Meta nightly”?");
    let message_id = dialog.get_attribute("aria-describedby").unwrap();
    assert!(text(&document().get_element_by_id(&message_id).unwrap()).contains("restored for 30 days"));

    let active = document().active_element().unwrap();
    assert_eq!(text(&active), "Cancel", "the first button (Cancel) has focus");
    assert!(button_named(&dialog, "Delete connection").class_name().contains("mc-button--danger"));

    key(&dialog, "Escape");
    leptos::task::tick().await;
    sleep(20).await;
    assert_eq!(cancelled.get_untracked(), 1, "Escape cancels");
    assert!(root.query_selector("[role=dialog]").unwrap().is_none(), "dialog closed");
    assert_eq!(document().active_element().unwrap().id(), "opener", "focus returns to the opener");
}

#[wasm_bindgen_test]
async fn confirm_dialog_confirm_runs_the_action_and_shows_busy() {
    let confirmed = RwSignal::new(0);
    let busy = RwSignal::new(false);
    let root = mount(move || {
        view! {
            <ConfirmDialog
                open=true
                title="Remove Google Ads?"
                message="Its settings will be forgotten."
                confirm_label="Remove connector"
                busy=busy
                on_confirm=Callback::new(move |_| confirmed.update(|n| *n += 1))
                on_cancel=Callback::new(move |_| {})
            />
        }
    });
    leptos::task::tick().await;
    let confirm = button_named(&root, "Remove connector");
    assert!(confirm.class_name().contains("mc-button--primary"), "not destructive: primary style");
    confirm.click();
    assert_eq!(confirmed.get_untracked(), 1);

    busy.set(true);
    leptos::task::tick().await;
    let confirm = button_named(&root, "Working…");
    assert!(confirm.has_attribute("disabled"), "busy confirm is disabled");
}

#[wasm_bindgen_test]
async fn status_badge_shows_text_and_an_icon_for_every_status() {
    let status = RwSignal::new(ConnectionStatus::Active);
    let root = mount(move || view! { <StatusBadge status=status /> });
    leptos::task::tick().await;
    for (s, label, modifier) in [
        (ConnectionStatus::Active, "Active", "mc-badge--active"),
        (ConnectionStatus::InProgress, "In progress", "mc-badge--progress"),
        (ConnectionStatus::Disabled, "Disabled", "mc-badge--disabled"),
        (ConnectionStatus::Broken, "Broken", "mc-badge--broken"),
        (ConnectionStatus::Offline, "Offline", "mc-badge--offline"),
        (ConnectionStatus::Deleted, "Deleted", "mc-badge--deleted"),
    ] {
        status.set(s);
        leptos::task::tick().await;
        let badge = q(&root, ".mc-badge");
        assert!(badge.class_name().contains(modifier), "{label}: class {}", badge.class_name());
        assert_eq!(text(&q(&root, ".mc-badge__label")), label);
        let icon = q(&root, ".mc-badge__icon");
        assert_eq!(icon.get_attribute("aria-hidden").as_deref(), Some("true"));
        assert!(!text(&icon).is_empty(), "{label} has an icon, not colour alone");
    }
}

#[wasm_bindgen_test]
async fn pagination_says_where_you_are_and_moves_by_pages() {
    let offset = RwSignal::new(10u64);
    let size = RwSignal::new(10u32);
    let count = RwSignal::new(10usize);
    let changes = RwSignal::new(Vec::<(u64, u32)>::new());
    let root = mount(move || {
        view! {
            <Pagination offset=offset size=size count=count total=Some(134u64)
                on_change=Callback::new(move |c| changes.update(|v| v.push(c))) />
        }
    });
    leptos::task::tick().await;
    assert_eq!(text(&q(&root, ".mc-pagination__summary")), "Showing 11–20 of 134");

    let label = q(&root, "label");
    assert_eq!(text(&label), "Page size");
    let select: web_sys::HtmlSelectElement = q(&root, "select").dyn_into().unwrap();
    assert_eq!(label.get_attribute("for"), Some(select.id()), "the label names the select");
    assert_eq!(select.value(), "10");

    button_named(&root, "Next").click();
    button_named(&root, "Previous").click();
    select.set_value("50");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    assert_eq!(changes.get_untracked(), vec![(20, 10), (0, 10), (0, 50)]);

    offset.set(130);
    count.set(4);
    leptos::task::tick().await;
    assert_eq!(text(&q(&root, ".mc-pagination__summary")), "Showing 131–134 of 134");
    assert!(button_named(&root, "Next").has_attribute("disabled"), "no page after the last");
    assert!(!button_named(&root, "Previous").has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn notifications_announce_success_politely_and_errors_as_alerts() {
    let root = mount(move || {
        let notify = provide_notify();
        notify.success("Added 2 connectors to Brand A");
        notify.error("Could not reach the MadConnect API.");
        view! { <Notifications /> }
    });
    leptos::task::tick().await;
    let status = q(&root, "[role=status]");
    assert_eq!(status.get_attribute("aria-live").as_deref(), Some("polite"));
    assert!(text(&status).contains("Added 2 connectors to Brand A"));
    let alert = q(&root, "[role=alert]");
    assert!(text(&alert).contains("Could not reach the MadConnect API."));

    let dismiss = q(&alert, "button[aria-label='Dismiss notification']");
    dismiss.click();
    leptos::task::tick().await;
    assert!(!text(&q(&root, "[role=alert]")).contains("Could not reach"), "dismissed error is gone");
}

#[wasm_bindgen_test]
async fn logo_refuses_unsafe_urls_and_falls_back_to_initials() {
    let src = RwSignal::new("javascript:alert(1)".to_string());
    let root = mount(move || view! { <Logo src=src name="Meta Ads" /> });
    leptos::task::tick().await;
    assert!(root.query_selector("img").unwrap().is_none(), "a javascript: URL never reaches src");
    let initials = q(&root, ".mc-logo__initials");
    assert_eq!(text(&initials), "MA");
    assert_eq!(initials.get_attribute("aria-label").as_deref(), Some("Meta Ads logo"));

    src.set("https://cdn.example.com/meta.svg".into());
    leptos::task::tick().await;
    let img = q(&root, "img");
    assert_eq!(img.get_attribute("src").as_deref(), Some("https://cdn.example.com/meta.svg"));
    assert_eq!(img.get_attribute("alt").as_deref(), Some("Meta Ads logo"));
}
