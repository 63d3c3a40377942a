//! "Nothing here yet" panels: a title, a sentence, and optionally the action that fixes it.

use leptos::prelude::*;

#[component]
pub fn EmptyState(
    #[prop(into)] title: String,
    #[prop(into, optional)] text: Option<String>,
    /// A button or link, e.g. "Clear filters".
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <section class="mc-empty">
            <span class="mc-empty__icon" aria-hidden="true">"○"</span>
            <h2 class="mc-empty__title">{title}</h2>
            {text.map(|t| view! { <p class="mc-empty__text">{t}</p> })}
            {children.map(|c| view! { <div class="mc-empty__action">{c()}</div> })}
        </section>
    }
}
