//! Toasts: `use_notify().success(..) / .error(..) / .info(..)`. Success and info go to a polite
//! live region and dismiss themselves; errors are `role="alert"` and stay until dismissed.

use crate::i18n::t;
use leptos::prelude::*;
use std::rc::Rc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
    Info,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub message: String,
}

/// Told of every toast raised (the embedding host hears errors through it).
type Listener = Rc<dyn Fn(&Toast)>;

/// The notification handle: `Copy`, usable from any callback.
#[derive(Clone, Copy)]
pub struct Notify {
    toasts: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
    listener: StoredValue<Option<Listener>, LocalStorage>,
}

pub fn provide_notify() -> Notify {
    let notify = Notify { toasts: RwSignal::new(Vec::new()), next_id: StoredValue::new(1), listener: StoredValue::new_local(None) };
    provide_context(notify);
    notify
}

pub fn use_notify() -> Notify {
    use_context::<Notify>().expect("use_notify() called outside provide_notify()")
}

impl Notify {
    pub fn success(&self, message: impl Into<String>) {
        self.push(ToastKind::Success, message.into(), Some(Duration::from_secs(5)));
    }

    pub fn info(&self, message: impl Into<String>) {
        self.push(ToastKind::Info, message.into(), Some(Duration::from_secs(8)));
    }

    /// Errors stay until the person dismisses them.
    pub fn error(&self, message: impl Into<String>) {
        self.push(ToastKind::Error, message.into(), None);
    }

    pub fn dismiss(&self, id: u64) {
        self.toasts.update(|t| t.retain(|t| t.id != id));
    }

    /// The toasts on screen, oldest first. Reactive.
    pub fn toasts(&self) -> Vec<Toast> {
        self.toasts.get()
    }

    /// Called for every toast shown (the embedding layer forwards errors to the host).
    pub fn set_listener(&self, listener: impl Fn(&Toast) + 'static) {
        self.listener.set_value(Some(Rc::new(listener)));
    }

    fn push(&self, kind: ToastKind, message: String, ttl: Option<Duration>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let toast = Toast { id, kind, message };
        if let Some(listener) = self.listener.get_value() {
            listener(&toast);
        }
        self.toasts.update(|t| {
            // The same message twice in a row (a double click) shows once.
            t.retain(|old| !(old.kind == toast.kind && old.message == toast.message));
            t.push(toast);
            // Keep the stack short: the oldest go first.
            let excess = t.len().saturating_sub(5);
            t.drain(..excess);
        });
        if let Some(ttl) = ttl {
            let this = *self;
            set_timeout(move || this.dismiss(id), ttl);
        }
    }
}

/// The notification area; mount once, inside the app.
#[component]
pub fn Notifications() -> impl IntoView {
    let notify = use_notify();
    let of_kind = move |errors: bool| {
        move || notify.toasts.with(|t| t.iter().filter(|t| (t.kind == ToastKind::Error) == errors).cloned().collect::<Vec<_>>())
    };
    let item = move |toast: Toast| {
        let (icon, class) = match toast.kind {
            ToastKind::Success => ("✓", "mc-toast mc-toast--success"),
            ToastKind::Error => ("!", "mc-toast mc-toast--error"),
            ToastKind::Info => ("i", "mc-toast mc-toast--info"),
        };
        let id = toast.id;
        view! {
            <div class=class>
                <span class="mc-toast__icon" aria-hidden="true">{icon}</span>
                <p class="mc-toast__message">{toast.message}</p>
                <button type="button" class="mc-toast__dismiss" aria-label=t("Dismiss notification")
                    on:click=move |_| notify.dismiss(id)>
                    <span aria-hidden="true">"×"</span>
                </button>
            </div>
        }
    };
    view! {
        <div class="mc-toasts">
            <div class="mc-toasts__group" role="alert">
                <For each=of_kind(true) key=|t| t.id children=item />
            </div>
            <div class="mc-toasts__group" role="status" aria-live="polite">
                <For each=of_kind(false) key=|t| t.id children=item />
            </div>
        </div>
    }
}
