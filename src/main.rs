//! Mounts the console; everything else lives in the library so tests can mount pieces of it.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(madconnect_console::App);
}
