//! placeholder
use leptos::prelude::*;
#[component]
pub fn ConnectionEditPage() -> impl IntoView {
    view! { <h1 class="mc-page-title">"Edit connection"</h1> }
}
