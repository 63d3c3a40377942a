//! A connection status as text plus an icon, never colour alone.

use leptos::prelude::*;
use madconnect_model::ConnectionStatus;

/// Label, icon and modifier class for a status.
pub fn status_parts(status: &ConnectionStatus) -> (&str, &'static str, &'static str) {
    match status {
        ConnectionStatus::InProgress => ("In progress", "◔", "progress"),
        ConnectionStatus::Active => ("Active", "✓", "active"),
        ConnectionStatus::Disabled => ("Disabled", "❚❚", "disabled"),
        ConnectionStatus::Deleted => ("Deleted", "✕", "deleted"),
        ConnectionStatus::Broken => ("Broken", "!", "broken"),
        ConnectionStatus::Offline => ("Offline", "⌁", "offline"),
        ConnectionStatus::Other(s) => (s.as_str(), "?", "other"),
    }
}

#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<ConnectionStatus>) -> impl IntoView {
    let class = move || status.with(|s| format!("mc-badge mc-badge--{}", status_parts(s).2));
    view! {
        <span class=class>
            <span class="mc-badge__icon" aria-hidden="true">{move || status.with(|s| status_parts(s).1)}</span>
            <span class="mc-badge__label">{move || status.with(|s| status_parts(s).0.to_string())}</span>
        </span>
    }
}
