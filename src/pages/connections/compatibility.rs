//! placeholder
use leptos::prelude::*;
#[component]
pub fn CompatibilityPage() -> impl IntoView {
    view! { <h1 class="mc-page-title">"Compatibility"</h1> }
}
