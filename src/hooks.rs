//! Reactive helpers pages share, in the `use_x(..) -> UseXReturn` style.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;
use std::time::Duration;

/// A screen's state as its URL query carries it, so Back/Forward, reload and bookmarks keep it.
pub trait UrlState: Clone + PartialEq + Send + Sync + 'static {
    /// Reads the query; `get` returns a decoded parameter. Bad values fall back to defaults.
    fn from_params(get: impl Fn(&str) -> Option<String>) -> Self;
    /// Reads the whole query. The default reads each parameter once; a state with repeated
    /// parameters (the marketplace's facets) reads them all.
    fn from_query(query: &ParamsMap) -> Self {
        Self::from_params(|k| query.get(k))
    }
    /// The console href of this state, defaults left out.
    fn href(&self) -> String;
}

/// The typed URL state of the current screen, and the way to change it.
pub struct UseUrlStateReturn<T: Send + Sync + 'static> {
    /// The state the screen shows: the URL's, or a change that the URL is about to follow.
    pub state: Memo<T>,
    /// Changes the state; `replace` (for typing) keeps each keystroke out of the history.
    pub set: Callback<(T, bool)>,
}

impl<T: Send + Sync + 'static> Clone for UseUrlStateReturn<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for UseUrlStateReturn<T> {}

/// `set` changes the local copy the page renders from at once, and the URL follows in a
/// zero-delay timeout, so the router and `history.pushState` (several ms in Chromium) never sit
/// between a change and the work it starts. Back/Forward and links change the URL, and the local
/// copy follows it.
pub fn use_url_state<T: UrlState>() -> UseUrlStateReturn<T> {
    let query_map = use_query_map();
    let from_url = Memo::new(move |_| query_map.with(T::from_query));
    let navigate = StoredValue::new_local(use_navigate());
    let current = RwSignal::new(from_url.get_untracked());
    // URL writes still to come: until they land, the URL is behind the local copy.
    let pending = StoredValue::new(0u32);
    Effect::new(move |_| {
        let url = from_url.get();
        if pending.get_value() == 0 && current.with_untracked(|c| c != &url) {
            current.set(url);
        }
    });
    let set = Callback::new(move |(next, replace): (T, bool)| {
        let href = next.href();
        current.set(next);
        pending.update_value(|n| *n += 1);
        set_timeout(
            move || {
                let _ = navigate.try_with_value(|n| n(&href, NavigateOptions { replace, scroll: false, ..Default::default() }));
                pending.try_update_value(|n| *n -= 1);
            },
            Duration::ZERO,
        );
    });
    UseUrlStateReturn { state: Memo::new(move |_| current.get()), set }
}

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
