//! Reactive helpers pages share, in the `use_x(..) -> UseXReturn` style.

use leptos::prelude::*;
use std::time::Duration;

/// How long typing must pause before a search is committed.
const SEARCH_PAUSE: Duration = Duration::from_millis(250);

/// A search box whose typed text is committed (into the URL) once typing pauses.
#[derive(Clone, Copy)]
pub struct UseDebouncedSearchReturn {
    /// What the box shows: the typed text, or the committed query when that changes from outside.
    pub text: RwSignal<String>,
    /// Call with the box's value on every input.
    pub on_input: Callback<String>,
    /// Commits the text now (Enter), dropping the pending pause.
    pub flush: Callback<()>,
}

/// `committed` is the query in force (read from the URL); the box follows it when it changes from
/// outside (Back/Forward, cleared filters) unless a pause is pending, so typing is never
/// overwritten. `commit` gets the text as typed (untrimmed) and decides what to navigate to.
pub fn use_debounced_search(committed: Signal<String>, commit: Callback<String>) -> UseDebouncedSearchReturn {
    let text = RwSignal::new(committed.get_untracked());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    // The URL is the outside world here.
    Effect::new(move |_| {
        let q = committed.get();
        if pending.with_value(Option::is_none) && text.with_untracked(|t| t.trim() != q) {
            text.set(q);
        }
    });
    let drop_pending = move || {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        pending.set_value(None);
    };
    let on_input = Callback::new(move |value: String| {
        text.set(value.clone());
        drop_pending();
        let h = set_timeout_with_handle(
            move || {
                // `None` once the page is gone: then there is nothing to commit to.
                if pending.try_update_value(|p| *p = None).is_some() {
                    commit.run(value);
                }
            },
            SEARCH_PAUSE,
        );
        pending.set_value(h.ok());
    });
    let flush = Callback::new(move |()| {
        drop_pending();
        commit.run(text.get_untracked());
    });
    UseDebouncedSearchReturn { text, on_input, flush }
}

/// State kept in the URL that updates at once. `go(value, replace)` sets the local copy the page
/// renders from, and the URL (`href(&value)`) follows in a zero-delay timeout, so the router and
/// `history.pushState` (several ms in Chromium) never sit between a change and the work it starts.
/// Back/Forward and links change the URL, and the local copy follows it.
pub fn use_url_state<T>(from_url: Memo<T>, href: fn(&T) -> String) -> (Memo<T>, impl Fn(T, bool) + Copy + Send + Sync + 'static)
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let navigate = StoredValue::new_local(leptos_router::hooks::use_navigate());
    let current = RwSignal::new(from_url.get_untracked());
    // URL writes still to come: until they land, the URL is behind the local copy.
    let pending = StoredValue::new(0u32);
    Effect::new(move |_| {
        let url = from_url.get();
        if pending.get_value() == 0 && current.with_untracked(|c| c != &url) {
            current.set(url);
        }
    });
    let go = move |value: T, replace: bool| {
        let href = href(&value);
        current.set(value);
        pending.update_value(|n| *n += 1);
        set_timeout(
            move || {
                let options = leptos_router::NavigateOptions { replace, scroll: false, ..Default::default() };
                let _ = navigate.try_with_value(|n| n(&href, options));
                pending.try_update_value(|n| *n -= 1);
            },
            Duration::ZERO,
        );
    };
    (Memo::new(move |_| current.get()), go)
}
