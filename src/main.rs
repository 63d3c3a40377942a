//! Mounts the console; everything else lives in the library so tests can mount pieces of it.

fn main() {
    console_error_panic_hook::set_once();
    // The messages of the person's language first (index.html has been fetching them while the
    // code downloaded; English needs none), so the first screen renders once, in that language.
    wasm_bindgen_futures::spawn_local(async {
        madconnect_console::i18n::start().await;
        leptos::mount::mount_to_body(madconnect_console::App);
    });
}
