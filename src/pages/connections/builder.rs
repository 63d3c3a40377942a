//! placeholder
use leptos::prelude::*;
#[component]
pub fn ConnectionBuilderPage() -> impl IntoView {
    view! { <h1 class="mc-page-title">"New connection"</h1> }
}
