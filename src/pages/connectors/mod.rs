//! The sub-account's added connectors and their setup (issue 3).

use leptos::prelude::*;

/// `/connectors`: My connectors.
#[component]
pub fn MyConnectorsPage() -> impl IntoView {
    view! { <h1 class="mc-page-title">"My connectors"</h1> }
}

/// `/connectors/:id/setup`: the secret configuration form.
#[component]
pub fn ConnectorSetupPage() -> impl IntoView {
    view! { <h1 class="mc-page-title">"Connector setup"</h1> }
}
