//! The connector marketplace (issue 3): catalog grid with filters, and connector detail.

use leptos::prelude::*;

/// `/marketplace`: the catalog.
#[component]
pub fn MarketplacePage() -> impl IntoView {
    view! { <h1 class="mc-page-title">"Marketplace"</h1> }
}

/// `/marketplace/:id`: one connector.
#[component]
pub fn ConnectorDetailPage() -> impl IntoView {
    view! { <h1 class="mc-page-title">"Connector"</h1> }
}
