//! What loads on demand: the routed areas other than the marketplace (the landing screen), the
//! sign-in screen and the embedding runtime each live in their own wasm module (cut by `scripts/post-build.mjs` after the build), so a screen
//! downloads the code it shows and no more.
//!
//! With the `split` feature (the trunk build) `on_demand!` puts a function into a named split
//! module and makes it `async`: the first call downloads the module. Without it (the component
//! tests, which have no split step, and native builds) the same function is compiled in and
//! returns at once. A module that cannot be downloaded comes back as `ChunkError`, never a panic.

use leptos::prelude::*;

/// A part of the console that could not be downloaded (offline, a failed deploy). Nothing is
/// cached about the failure: asking again downloads afresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkError;

impl std::fmt::Display for ChunkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::t("This part of the console could not be downloaded. Check your connection, then try again."))
    }
}

impl std::error::Error for ChunkError {}

impl From<wasm_split_helpers::SplitLoaderError> for ChunkError {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// `on_demand!(split_name => fn name(args) -> T { body })` defines
/// `async fn name(args) -> Result<T, ChunkError>` whose body lives in the split module
/// `split_name` (every function naming the same split shares one download).
macro_rules! on_demand {
    ($split:ident => $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $out:ty $body:block) => {
        #[cfg(feature = "split")]
        #[::wasm_split_helpers::wasm_split($split, fallible)]
        $vis fn $name($($arg: $ty),*) -> ::std::result::Result<$out, $crate::chunks::ChunkError> {
            let value: $out = $body;
            Ok(value)
        }
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> ::std::result::Result<$out, $crate::chunks::ChunkError> {
            let value: $out = $body;
            Ok(value)
        }
    };
}
pub(crate) use on_demand;

/// What stands in for a view whose code could not be downloaded: the error goes to the nearest
/// error boundary, whose "Try again" renders the view again (and so downloads again).
pub fn failed_view(e: ChunkError) -> AnyView {
    view! { {Err::<(), ChunkError>(e)} }.into_any()
}

/// Awaits an on-demand view and shows it, or the chunk error in the nearest error boundary.
pub async fn show(load: impl std::future::Future<Output = Result<AnyView, ChunkError>>) -> AnyView {
    load.await.unwrap_or_else(failed_view)
}

/// Shows an on-demand view outside the routes (the sign-in screen, the re-auth form): a spinner
/// while its code downloads, and when it cannot be downloaded, says so with "Try again".
#[component]
pub fn OnDemand<F, Fut>(load: F, #[prop(into)] loading: String) -> impl IntoView
where
    F: Fn() -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<AnyView, ChunkError>> + 'static,
{
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=move || view! { <crate::components::Loading label=loading.clone() /> }>
            {move || {
                attempt.track();
                let load = load.clone();
                // The split loader's future is not Send; the browser has one thread.
                Suspend::new(send_wrapper::SendWrapper::new(async move {
                    match load().await {
                        Ok(view) => view,
                        Err(e) => view! { <ChunkFailed error=e retry=Callback::new(move |_| attempt.update(|n| *n += 1)) /> }.into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

/// The message for code that could not be downloaded, with "Try again".
#[component]
pub fn ChunkFailed(error: ChunkError, retry: Callback<()>) -> impl IntoView {
    view! {
        <section class="mc-empty mc-empty--page" role="alert">
            <span class="mc-empty__icon" aria-hidden="true">"!"</span>
            <h1 class="mc-empty__title">{crate::i18n::t("Something went wrong")}</h1>
            <p class="mc-empty__text">{error.to_string()}</p>
            <button type="button" class="mc-button mc-button--primary" on:click=move |_| retry.run(())>{crate::i18n::t("Try again")}</button>
        </section>
    }
}

/// Turns on a stylesheet that index.html ships switched off (`disabled`: the browser does not
/// fetch it; scripts/post-build.mjs marks the sheets only on-demand screens use) and returns a
/// future that ends once it has loaded, so such a screen never shows unstyled. The download
/// starts at the call, so awaiting it after the screen's code costs no extra round trip.
pub fn enable_stylesheet(id: &str) -> impl std::future::Future<Output = ()> {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let link = document().get_element_by_id(id).filter(|l| l.has_attribute("disabled"));
    let loaded = link.map(|link| {
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            // Exactly one of load and error fires.
            let done = Closure::once_into_js(move || drop(resolve.call0(&JsValue::NULL)));
            let _ = link.add_event_listener_with_callback("load", done.unchecked_ref());
            let _ = link.add_event_listener_with_callback("error", done.unchecked_ref());
        });
        let _ = link.remove_attribute("disabled");
        wasm_bindgen_futures::JsFuture::from(promise)
    });
    async move {
        if let Some(loaded) = loaded {
            let _ = loaded.await;
        }
    }
}
