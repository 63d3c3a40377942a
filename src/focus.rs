//! Focus follows the work: after a page change, a builder step, a save or a removal, keyboard focus
//! moves to the new content's heading or notice once it is on screen, instead of dropping to
//! `<body>`. Screen readers announce the focused heading, so a page change is heard too.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Frames to wait for the content: a screen's code or data may still be loading.
const MAX_FRAMES: u32 = 600;
/// Frames after which an element that was already there counts as the new one (the new content
/// may have rendered before the request to focus it).
const STALE_AFTER: u32 = 20;

/// Focuses the first element matching `selector` once it is shown, giving it `tabindex="-1"` when
/// it is not focusable by itself. Elements matching now are taken only if nothing new turns up.
/// Waits while a dialog is open; gives up when the person has meanwhile put focus in a form control.
pub fn focus_when_shown(selector: impl Into<String>) {
    let selector: std::rc::Rc<str> = selector.into().into();
    let stale = all(&selector);
    attempt(selector, stale, None, 0);
}

/// Focuses the page's `h1` once the new page shows it (the layout calls this on every page change).
pub fn focus_page_heading() {
    focus_when_shown("#mc-main h1");
}

fn all(selector: &str) -> Vec<web_sys::Element> {
    let Ok(list) = document().query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok()).collect()
}

/// `settled`: an element that was already there and got focus as a stand-in; a new one still
/// takes over from it, unless the person has moved on.
fn attempt(selector: std::rc::Rc<str>, stale: Vec<web_sys::Element>, settled: Option<web_sys::HtmlElement>, frame: u32) {
    if frame > MAX_FRAMES || typing() {
        return;
    }
    // A dialog that is open (or still closing) keeps focus until it is gone.
    if document().query_selector("[role='dialog']").ok().flatten().is_some() {
        return request_animation_frame(move || attempt(selector, stale, settled, frame + 1));
    }
    if let Some(s) = &settled {
        if document().active_element().as_ref() != Some(s.unchecked_ref::<web_sys::Element>()) {
            return;
        }
    }
    let found = all(&selector);
    if let Some(fresh) = found.iter().find(|e| !stale.contains(e)) {
        focus(fresh);
        return;
    }
    let mut settled = settled;
    if settled.is_none() && frame >= STALE_AFTER && focus_is_lost() {
        settled = found.first().and_then(focus);
    }
    request_animation_frame(move || attempt(selector, stale, settled, frame + 1));
}

fn focus(el: &web_sys::Element) -> Option<web_sys::HtmlElement> {
    let el = el.clone().dyn_into::<web_sys::HtmlElement>().ok()?;
    if el.get_attribute("tabindex").is_none() && !is_focusable(&el) {
        let _ = el.set_attribute("tabindex", "-1");
    }
    el.focus().ok()?;
    Some(el)
}

/// Nothing useful has focus: `<body>`, the main landmark, or an element no longer in the page.
fn focus_is_lost() -> bool {
    match document().active_element() {
        None => true,
        Some(el) => {
            let tag = el.tag_name();
            tag == "BODY" || el.id() == "mc-main" || !el.is_connected()
        }
    }
}

/// The person is in a form control: leave focus where it is.
fn typing() -> bool {
    document().active_element().is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
}

fn is_focusable(el: &web_sys::HtmlElement) -> bool {
    matches!(el.tag_name().as_str(), "A" | "BUTTON" | "INPUT" | "SELECT" | "TEXTAREA" | "SUMMARY")
}
