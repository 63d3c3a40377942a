//! The heading of a routed screen: optional breadcrumb, title, subtitle, and its actions.

use leptos::prelude::*;

use super::A;
use crate::i18n::t;

#[component]
pub fn PageHeader(
    #[prop(into)] title: Signal<String>,
    #[prop(into, optional)] subtitle: MaybeProp<String>,
    /// `(label, href)` of the screen this one belongs to, shown above the title. Mark the label
    /// with `n_("…")`: it is translated here.
    #[prop(optional)]
    crumb: Option<(&'static str, &'static str)>,
    /// The screen's main actions (buttons, links).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <header class="mc-page-header">
            <div class="mc-page-header__text">
                {crumb.map(|(label, href)| view! { <p class="mc-breadcrumbs"><A href=href exact=true>{t(label)}</A></p> })}
                <h1 class="mc-page-title">{move || title.get()}</h1>
                {move || subtitle.get().map(|s| view! { <p class="mc-page-subtitle">{s}</p> })}
            </div>
            {children.map(|c| view! { <div class="mc-page-actions">{c()}</div> })}
        </header>
    }
}
