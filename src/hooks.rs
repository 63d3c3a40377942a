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
