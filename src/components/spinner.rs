//! Loading indicators with an accessible label.

use crate::i18n::t;
use leptos::prelude::*;

/// An inline spinner; `label` is read by screen readers ("Loading connectors").
#[component]
pub fn Spinner(#[prop(into, default = t("Loading"))] label: String) -> impl IntoView {
    view! {
        <span class="mc-spinner" role="status">
            <span class="mc-spinner__circle" aria-hidden="true"></span>
            <span class="mc-visually-hidden">{label}</span>
        </span>
    }
}

/// A block-level loading state with its label visible, for a whole page or panel.
#[component]
pub fn Loading(#[prop(into, default = t("Loading…"))] label: String) -> impl IntoView {
    view! {
        <div class="mc-loading" role="status" aria-live="polite">
            <span class="mc-spinner__circle" aria-hidden="true"></span>
            <span class="mc-loading__label">{label}</span>
        </div>
    }
}
