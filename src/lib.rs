//! MadConnect Console: a Leptos CSR admin console for the MadConnect Embedded API.
//!
//! `App` provides the session, notifications and the unsaved-changes guard, then shows either the
//! sign-in screen or the shell (header, navigation, routed pages). See `routes.rs` for every path.

pub mod api;
pub mod chunks;
pub mod components;
pub mod embed;
pub mod focus;
pub mod hooks;
pub mod i18n;
pub mod pages;
pub mod routes;
pub mod session;
mod shell;
pub mod unsaved;
pub mod url;

use leptos::prelude::*;
use leptos_router::components::Router;

use chunks::{on_demand, OnDemand};
use components::{provide_notify, Notifications};
use pages::sign_in::SignInPage;
use session::provide_session;

// Signed-in visits never need the sign-in screen's code, so it downloads only when shown.
on_demand!(sign_in => fn sign_in_page() -> AnyView { view! { <SignInPage /> }.into_any() });

#[component]
pub fn App() -> impl IntoView {
    let session = provide_session();
    provide_notify();
    // Before the router: its Back listener must come first.
    unsaved::listen_for_back_early();
    // The router works under the public path the server put into <base href>.
    let base = session::public_path();
    // (Embedding hooks in here: it reads the host's init message and calls session.set_flags /
    // set_account / set_token before or instead of the sign-in screen.)
    view! {
        <Router base=base>
            // Framed by a partner portal: handshake, locked sub-account, host theme (src/embed).
            <embed::EmbedRuntime />
            <Show
                when=move || session.is_signed_in()
                fallback=move || {
                    if session.flags().embedded {
                        view! { <components::Loading label=i18n::t("Connecting to your portal…") /> }.into_any()
                    } else {
                        view! { <OnDemand load=sign_in_page loading=i18n::t("Loading…") /> }.into_any()
                    }
                }
            >
                <shell::Shell />
            </Show>
            <Notifications />
        </Router>
    }
}
