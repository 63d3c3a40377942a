//! What the API behind the console offers beyond the documented es/v2, learned from its own
//! answers (never configured) and kept for the tab, per API base.
//!
//! This server's extensions come as a set, so one answer decides them all: a connections list
//! with `total` means Recently deleted, restore, the activity timeline and token revocation are
//! there; one without `total`, or a 404 from `…/activity`, means they are not. The accounts list
//! is learned from `GET /es/v2/accounts` (a 404: the person types sub-account ids).

use leptos::prelude::*;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capabilities {
    base: String,
    /// `GET /es/v2/accounts` answers; `None` until asked.
    pub accounts_list: Option<bool>,
    /// Totals, Recently deleted, restore, activity and revoke; `None` until an answer says.
    pub extensions: Option<bool>,
}

impl Capabilities {
    /// Recently deleted and restore may be offered: only once an answer showed them.
    pub fn restore(&self) -> bool {
        self.extensions == Some(true)
    }

    /// Worth asking for (the activity timeline, revoke): unless an answer showed it absent.
    pub fn may_have_extensions(&self) -> bool {
        self.extensions != Some(false)
    }
}

thread_local! {
    static LEARNED: ArcRwSignal<Capabilities> = ArcRwSignal::new(Capabilities::default());
}

/// What is known about the API at `base`. Reactive.
pub fn of(base: &str) -> Capabilities {
    LEARNED.with(|s| s.with(|c| known_for(c, base)))
}

/// The same, without subscribing (inside a resource's fetch).
pub fn of_untracked(base: &str) -> Capabilities {
    LEARNED.with(|s| s.with_untracked(|c| known_for(c, base)))
}

fn known_for(c: &Capabilities, base: &str) -> Capabilities {
    if c.base == base {
        c.clone()
    } else {
        Capabilities { base: base.to_string(), ..Capabilities::default() }
    }
}

/// Records what an answer from `base` showed; readers update only when something changed.
pub(crate) fn learn(base: &str, f: impl FnOnce(&mut Capabilities)) {
    LEARNED.with(|s| {
        let mut next = s.with_untracked(|c| known_for(c, base));
        f(&mut next);
        if s.with_untracked(|c| *c != next) {
            s.set(next);
        }
    });
}

/// For a request to one of this server's extensions (the batch-wise and daily reports, custom
/// connectors): against an API whose answers showed none, it is answered as that API's 404
/// would be, and not sent.
pub(crate) fn unless_known_absent(base: &str) -> Result<(), super::ApiError> {
    if of_untracked(base).may_have_extensions() {
        Ok(())
    } else {
        Err(super::ApiError::from_response(404, ""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_teach_per_api_base_and_only_a_seen_extension_is_offered() {
        let base = "https://api.example.com";
        assert_eq!(of_untracked(base).extensions, None);
        assert!(!of_untracked(base).restore() && of_untracked(base).may_have_extensions(), "unknown: ask, but do not offer restore");
        learn(base, |c| c.extensions = Some(false));
        assert!(!of_untracked(base).restore() && !of_untracked(base).may_have_extensions());
        assert_eq!(of_untracked("https://other.example").extensions, None, "another API starts unknown");
        learn(base, |c| c.extensions = Some(true));
        assert!(of_untracked(base).restore());
    }
}
