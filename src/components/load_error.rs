//! The one way a screen says its data could not be loaded, with "Try again" when it can retry.

use crate::i18n::t;
use leptos::prelude::*;

#[component]
pub fn LoadError(
    /// What failed, as a sentence: "Could not load connections."
    #[prop(into)]
    title: String,
    /// Why (the API error's text, `e.to_string()`: in the person's language, with the server's
    /// own words beside it).
    #[prop(into)]
    message: String,
    #[prop(optional, into)] retry: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <div class="mc-alert mc-alert--error" role="alert">
            <p><strong>{title}" "</strong>{message}</p>
            {retry.map(|r| view! {
                <button type="button" class="mc-button mc-button--secondary" on:click=move |_| r.run(())>{t("Try again")}</button>
            })}
        </div>
    }
}
