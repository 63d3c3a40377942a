//! A connector logo: the sanitised image, or initials when there is none or it fails to load.

use leptos::prelude::*;

use crate::i18n::tf;
use crate::url::sanitize_url;
use madconnect_model::logo_initials;

/// `src` comes from the API; only http(s) or same-origin paths are used. `alt` is the name:
/// "Meta Ads logo". `size` picks a modifier class (`sm`, `md`, `lg`).
#[component]
pub fn Logo(
    #[prop(into)] src: Signal<String>,
    #[prop(into)] name: Signal<String>,
    #[prop(into, default = "md".into())] size: String,
) -> impl IntoView {
    let base = use_context::<crate::session::Session>().map(|s| s.api_base()).unwrap_or_default();
    // The URL that failed to load: a new src gets a fresh attempt without an Effect.
    let failed = RwSignal::new(None::<String>);
    let url = Memo::new(move |_| sanitize_url(&src.get(), &base).filter(|u| failed.with(|f| f.as_ref() != Some(u))));
    let alt = move || tf("{name} logo", &[("name", &name.get())]);
    let class = format!("mc-logo mc-logo--{size}");
    // A new src (a catalog card showing another connector) patches the same <img>.
    view! {
        <span class=class>
            <Show
                when=move || url.with(Option::is_some)
                fallback=move || view! {
                    <span class="mc-logo__initials" role="img" aria-label=alt>{move || logo_initials(&name.get())}</span>
                }
            >
                <img class="mc-logo__img" src=move || url.get().unwrap_or_default() alt=alt
                    loading="lazy" decoding="async" on:error=move |_| failed.set(url.get_untracked()) />
            </Show>
        </span>
    }
}
