//! placeholder
use leptos::prelude::*;
#[component]
pub fn ConnectionDetailPage() -> impl IntoView {
    view! { <h1 class="mc-page-title">"Connection"</h1> }
}
