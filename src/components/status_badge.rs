//! A connection status as text plus an icon, never colour alone.

use crate::i18n::{n_, t};
use leptos::prelude::*;
use madconnect_model::ConnectionStatus;

/// Label (English: show it with [`status_label`]), icon and modifier class for a status.
pub fn status_parts(status: &ConnectionStatus) -> (&str, &'static str, &'static str) {
    match status {
        ConnectionStatus::InProgress => (n_("In progress"), "◔", "progress"),
        ConnectionStatus::Active => (n_("Active"), "✓", "active"),
        ConnectionStatus::Disabled => (n_("Disabled"), "❚❚", "disabled"),
        ConnectionStatus::Deleted => (n_("Deleted"), "✕", "deleted"),
        ConnectionStatus::Broken => (n_("Broken"), "!", "broken"),
        ConnectionStatus::Offline => (n_("Offline"), "⌁", "offline"),
        ConnectionStatus::Other(s) => (s.as_str(), "?", "other"),
    }
}

/// A status's label in the person's language (a status this console does not know: as the
/// server sent it).
pub fn status_label(status: &ConnectionStatus) -> String {
    match status {
        ConnectionStatus::Other(s) => s.clone(),
        known => t(status_parts(known).0),
    }
}

#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<ConnectionStatus>) -> impl IntoView {
    let class = move || status.with(|s| format!("mc-badge mc-badge--{}", status_parts(s).2));
    view! {
        <span class=class>
            <span class="mc-badge__icon" aria-hidden="true">{move || status.with(|s| status_parts(s).1)}</span>
            <span class="mc-badge__label">{move || status.with(status_label)}</span>
        </span>
    }
}
