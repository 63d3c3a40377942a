//! A modal dialog: `role="dialog"`, `aria-modal`, labelled by its title, focus moved in on open
//! (`[data-autofocus]`, else the first focusable element), kept inside while open (Tab wraps), returned to the opener on close.
//! Escape calls `on_close` when one is given (a dialog without it cannot be dismissed).

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str =
    "button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

fn focusables(panel: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok()).collect()
}

fn active_element() -> Option<web_sys::HtmlElement> {
    document().active_element()?.dyn_into::<web_sys::HtmlElement>().ok()
}

static NEXT_ID: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// A unique element id for labels (`mc-<prefix>-<n>`).
pub fn unique_id(prefix: &str) -> String {
    format!("mc-{prefix}-{}", NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

#[component]
pub fn Modal(
    #[prop(into)] open: Signal<bool>,
    #[prop(into)] title: Signal<String>,
    /// Escape and the backdrop call this; without it the dialog stays until its own buttons act.
    #[prop(optional, into)]
    on_close: Option<Callback<()>>,
    /// Id of the element describing the dialog (its message), for `aria-describedby`.
    #[prop(optional, into)]
    described_by: Option<String>,
    /// Extra modifier class, e.g. `mc-modal--narrow`.
    #[prop(optional, into)]
    class: Option<String>,
    children: ChildrenFn,
) -> impl IntoView {
    let title_id = unique_id("dialog-title");
    let panel = NodeRef::<html::Div>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);

    // Open: remember who had focus, then focus the first control once the panel is in the DOM.
    // Close: give focus back.
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if is_open && was_open != Some(true) {
            opener.set_value(active_element());
            request_animation_frame(move || {
                if let Some(panel) = panel.get_untracked() {
                    // A control marked `data-autofocus` (e.g. the first input) wins over the first one.
                    let preferred =
                        panel.query_selector("[data-autofocus]").ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                    match preferred.or_else(|| focusables(&panel).into_iter().next()) {
                        Some(first) => drop(first.focus()),
                        None => drop(panel.focus()),
                    }
                }
            });
        } else if !is_open && was_open == Some(true) {
            if let Some(el) = opener.get_value() {
                let _ = el.focus();
            }
        }
        is_open
    });
    on_cleanup(move || {
        if open.get_untracked() {
            if let Some(el) = opener.try_get_value().flatten() {
                let _ = el.focus();
            }
        }
    });

    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            if let Some(close) = on_close {
                ev.stop_propagation();
                ev.prevent_default();
                close.run(());
            }
        }
        "Tab" => {
            let Some(panel) = panel.get_untracked() else { return };
            let items = focusables(&panel);
            let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
            let active = active_element();
            if ev.shift_key() && active.as_ref() == Some(first) {
                ev.prevent_default();
                let _ = last.focus();
            } else if !ev.shift_key() && active.as_ref() == Some(last) {
                ev.prevent_default();
                let _ = first.focus();
            }
        }
        _ => {}
    };

    let class = format!("mc-modal {}", class.unwrap_or_default());
    view! {
        <Show when=move || open.get()>
            <div class="mc-modal__backdrop" on:click=move |ev| {
                // Only a click on the backdrop itself, not one that bubbled from the panel.
                if ev.target() == ev.current_target() {
                    if let Some(close) = on_close { close.run(()) }
                }
            }>
                <div
                    node_ref=panel
                    class=class.clone()
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby=title_id.clone()
                    aria-describedby=described_by.clone()
                    tabindex="-1"
                    on:keydown=on_keydown
                >
                    <h2 class="mc-modal__title" id=title_id.clone()>{move || title.get()}</h2>
                    {children()}
                </div>
            </div>
        </Show>
    }
}
