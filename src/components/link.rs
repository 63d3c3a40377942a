//! `<A>` that stays inside the console when it is served under a path prefix.
//!
//! leptos_router's `<A>` leaves an absolute href (`/marketplace`) as it is, outside the router
//! base: under `/integrations/` the browser would leave the console (and `aria-current` would never
//! match). This one prefixes the public path; everything else is leptos_router's `<A>`.
//! (`use_navigate` and `<Redirect>` already resolve against the base: pass them bare paths.)

use leptos::prelude::*;
use leptos_router::components::ToHref;

/// Drop-in for `leptos_router::components::A`; `attr:class` and friends pass through.
#[component]
pub fn A<H>(
    href: H,
    /// Active (`aria-current="page"`) only on an exact match.
    #[prop(optional)]
    exact: bool,
    children: Children,
) -> impl IntoView
where
    H: ToHref + Send + Sync + 'static,
{
    let base = crate::session::public_path();
    let href = move || with_base(&base, &href.to_href()());
    view! { <leptos_router::components::A href=href exact=exact>{children()}</leptos_router::components::A> }
}

/// `/marketplace` under base `/integrations` → `/integrations/marketplace`. Relative hrefs, hrefs
/// already under the base, and the root base are left alone.
pub fn with_base(base: &str, href: &str) -> String {
    let base = base.trim_end_matches('/');
    let under_base = href == base || href.starts_with(&format!("{base}/")) || href.starts_with(&format!("{base}?"));
    if base.is_empty() || !href.starts_with('/') || href.starts_with("//") || under_base {
        href.to_string()
    } else {
        format!("{base}{href}")
    }
}

#[cfg(test)]
mod tests {
    use super::with_base;

    #[test]
    fn absolute_paths_get_the_public_path() {
        assert_eq!(with_base("/integrations", "/marketplace"), "/integrations/marketplace");
        assert_eq!(with_base("/integrations/", "/connections/new?source=S1"), "/integrations/connections/new?source=S1");
        assert_eq!(with_base("/integrations", "/integrations/connections"), "/integrations/connections");
    }

    #[test]
    fn the_root_base_and_relative_or_foreign_hrefs_are_left_alone() {
        assert_eq!(with_base("", "/marketplace"), "/marketplace");
        assert_eq!(with_base("/", "/marketplace"), "/marketplace");
        assert_eq!(with_base("/integrations", "edit"), "edit");
        assert_eq!(with_base("/integrations", "//cdn.example/x"), "//cdn.example/x");
        assert_eq!(with_base("/int", "/integrations"), "/int/integrations");
    }
}
