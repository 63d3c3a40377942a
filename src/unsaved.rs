//! The unsaved-changes guard: leaving a form that has changes (a link in the console, Back,
//! closing the tab) asks first; with nothing changed, or after a successful save, it never asks.
//!
//! A form calls [`use_unsaved_guard`] with its "has changes" signal and renders [`LeaveDialog`];
//! the listeners and the dialog exist while that form is mounted, so their code downloads with
//! the forms, not with the first screen. leptos_router has no navigation blocker, so in-app links
//! are caught at the document in the capture phase (before the router's own handler on the
//! window), the tab by `beforeunload`, and Back by one `popstate` listener that the app adds
//! before the router adds its own ([`listen_for_back_early`]: listeners on the window run in the
//! order they were added), which hands the event to the mounted form's guard.

use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::components::ConfirmDialog;
use crate::i18n::t;

/// What the person was about to do when asked.
#[derive(Clone)]
enum Leave {
    /// Follow this in-app link.
    Link(web_sys::HtmlElement),
    /// Go back in the history (already undone while asking).
    Back,
}

#[derive(Clone, Copy)]
struct UnsavedGuard {
    dirty: Signal<bool>,
    asking: RwSignal<Option<Leave>, LocalStorage>,
    /// Set while leaving on purpose, so the navigation it starts is let through.
    leaving: StoredValue<bool>,
    /// Set while Back is being undone, so that history move is not taken for another Back.
    undoing_back: StoredValue<bool>,
    /// The dialog is on the page, so asking is possible.
    ready: StoredValue<bool>,
}

type BackHook = Rc<dyn Fn(&web_sys::Event)>;

thread_local! {
    /// Whether the page's one early `popstate` listener is in place.
    static BACK_LISTENER: Cell<bool> = const { Cell::new(false) };
    /// What that listener hands Back to, while a guarded form is mounted.
    static ON_BACK: RefCell<Option<BackHook>> = const { RefCell::new(None) };
}

type Listeners = (Closure<dyn Fn(web_sys::MouseEvent)>, Closure<dyn Fn(web_sys::BeforeUnloadEvent)>);

impl UnsavedGuard {
    fn has_changes(&self) -> bool {
        self.ready.try_get_value() == Some(true)
            && self.leaving.try_get_value() == Some(false)
            && self.dirty.try_get_untracked() == Some(true)
    }
}

/// Guards the calling form for as long as it lives: leaving while `dirty` asks first.
pub fn use_unsaved_guard(dirty: Signal<bool>) {
    let guard = UnsavedGuard {
        dirty,
        asking: RwSignal::new_local(None),
        leaving: StoredValue::new(false),
        undoing_back: StoredValue::new(false),
        ready: StoredValue::new(false),
    };
    provide_context(guard);
    let hook = back_hook(guard);
    ON_BACK.set(Some(hook.clone()));
    let mine = send_wrapper::SendWrapper::new((listen(guard), hook));
    on_cleanup(move || {
        let (listeners, hook) = mine.take();
        unlisten(listeners);
        // A form that replaced this one has put in its own hook already.
        ON_BACK.with_borrow_mut(|h| {
            if h.as_ref().is_some_and(|h| Rc::ptr_eq(h, &hook)) {
                *h = None;
            }
        });
    });
}

/// Adds the page's `popstate` listener that hands Back to the mounted form's guard; call it
/// before the router starts.
pub fn listen_for_back_early() {
    if BACK_LISTENER.replace(true) {
        return;
    }
    let forward = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        if let Some(hook) = ON_BACK.with_borrow(Clone::clone) {
            hook(&ev);
        }
    });
    let _ = window().add_event_listener_with_callback_and_bool("popstate", forward.as_ref().unchecked_ref(), true);
    // It lives as long as the page.
    forward.forget();
}

/// What Back does while a guarded form is mounted.
fn back_hook(guard: UnsavedGuard) -> BackHook {
    let on_back: BackHook = Rc::new(move |ev: &web_sys::Event| {
        if guard.undoing_back.get_value() {
            guard.undoing_back.set_value(false);
            ev.stop_immediate_propagation();
        } else if guard.has_changes() {
            // The address has already moved back: return to the form, then ask.
            ev.stop_immediate_propagation();
            guard.undoing_back.set_value(true);
            if let Ok(history) = window().history() {
                let _ = history.forward();
            }
            guard.asking.set(Some(Leave::Back));
        }
    });
    on_back
}

/// Listens at the document and window for ways of leaving.
fn listen(guard: UnsavedGuard) -> Listeners {
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() {
            return;
        }
        let Some(link) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        if link.get_attribute("target").is_some_and(|t| t != "_self") || link.has_attribute("download") {
            return;
        }
        // Another page of this console only: a step or filter on the same page keeps the form,
        // and leaving the site is `beforeunload`'s to ask.
        let location = window().location();
        let here = location.href().unwrap_or_default();
        let Some(to) = link.get_attribute("href").and_then(|h| web_sys::Url::new_with_base(&h, &here).ok()) else { return };
        if to.origin() != location.origin().unwrap_or_default() || to.pathname() == location.pathname().unwrap_or_default() {
            return;
        }
        if guard.has_changes() {
            ev.prevent_default();
            ev.stop_propagation();
            guard.asking.set(Some(Leave::Link(link)));
        }
    });
    let on_beforeunload = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(move |ev: web_sys::BeforeUnloadEvent| {
        if guard.has_changes() {
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
    let (doc, win) = (document(), window());
    let _ = doc.add_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
    let _ = win.add_event_listener_with_callback("beforeunload", on_beforeunload.as_ref().unchecked_ref());
    (on_click, on_beforeunload)
}

fn unlisten((on_click, on_beforeunload): Listeners) {
    let (doc, win) = (document(), window());
    let _ = doc.remove_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
    let _ = win.remove_event_listener_with_callback("beforeunload", on_beforeunload.as_ref().unchecked_ref());
}

/// "Leave without saving?": Stay is first and takes focus; Leave carries on where the person was going.
#[component]
pub fn LeaveDialog() -> impl IntoView {
    let Some(guard) = use_context::<UnsavedGuard>() else { return ().into_any() };
    guard.ready.set_value(true);
    on_cleanup(move || {
        let _ = guard.ready.try_set_value(false);
    });
    let leave = Callback::new(move |()| {
        let Some(to) = guard.asking.get_untracked() else { return };
        guard.asking.set(None);
        guard.leaving.set_value(true);
        match to {
            Leave::Link(link) => link.click(),
            Leave::Back => {
                if let Ok(history) = window().history() {
                    let _ = history.back();
                }
            }
        }
    });
    view! {
        <ConfirmDialog
            open=Signal::derive(move || guard.asking.with(Option::is_some))
            title=t("Leave without saving?")
            message=t("Your changes on this page are not saved. If you leave now, they are lost.")
            confirm_label=t("Leave without saving")
            cancel_label=t("Stay on this page")
            destructive=true
            on_confirm=leave
            on_cancel=Callback::new(move |()| guard.asking.set(None))
        />
    }
    .into_any()
}
