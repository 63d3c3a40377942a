//! A connector logo: the sanitised image, or initials when there is none or it fails to load.

use leptos::prelude::*;

use madconnect_model::logo_initials;

use crate::api::url::sanitize_url;

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
    let safe = Memo::new(move |_| sanitize_url(&src.get(), &base));
    let class = format!("mc-logo mc-logo--{size}");
    view! {
        <span class=class>
            {move || match safe.get().filter(|u| failed.with(|f| f.as_ref() != Some(u))) {
                Some(url) => view! {
                    <img class="mc-logo__img" src=url.clone() alt=move || format!("{} logo", name.get())
                        loading="lazy" decoding="async" on:error=move |_| failed.set(Some(url.clone())) />
                }.into_any(),
                None => view! {
                    <span class="mc-logo__initials" role="img" aria-label=move || format!("{} logo", name.get())>
                        {move || logo_initials(&name.get())}
                    </span>
                }.into_any(),
            }}
        </span>
    }
}
