//! Connections (issue 4): list, builder, compatibility grid, detail and edit.

use leptos::prelude::*;

/// `/connections`: the list.
#[component]
pub fn ConnectionsPage() -> impl IntoView {
    view! { <h1 class="mc-page-title">"Connections"</h1> }
}

/// `/connections/new`: the guided builder.
#[component]
pub fn ConnectionBuilderPage() -> impl IntoView {
    view! { <h1 class="mc-page-title">"New connection"</h1> }
}

/// `/connections/compatibility`: sources × destinations grid.
#[component]
pub fn CompatibilityPage() -> impl IntoView {
    view! { <h1 class="mc-page-title">"Compatibility"</h1> }
}

/// `/connections/:id`: one connection.
#[component]
pub fn ConnectionDetailPage() -> impl IntoView {
    view! { <h1 class="mc-page-title">"Connection"</h1> }
}

/// `/connections/:id/edit`: edit name and settings.
#[component]
pub fn ConnectionEditPage() -> impl IntoView {
    view! { <h1 class="mc-page-title">"Edit connection"</h1> }
}
