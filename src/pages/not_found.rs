//! The page for any path no route matches.

use crate::components::A;
use leptos::prelude::*;

use crate::i18n::t;
use crate::routes;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="mc-empty mc-empty--page" aria-labelledby="mc-not-found-title">
            <h1 id="mc-not-found-title" class="mc-empty__title">{t("Page not found")}</h1>
            <p class="mc-empty__text">{t("There is nothing at this address. It may have moved, or the link was mistyped.")}</p>
            <A href=routes::MARKETPLACE attr:class="mc-button mc-button--primary">{t("Go to the marketplace")}</A>
        </section>
    }
}
