//! `<A>` that stays inside the console when it is served under a path prefix.
//!
//! leptos_router's `<A>` leaves an absolute href (`/marketplace`) as it is, outside the router
//! base: under `/integrations/` the browser would leave the console (and `aria-current` would never
//! match). This one prefixes the public path and, unlike leptos_router's, counts the query when
//! the href has one: of the builder's `?source=..` links only the current choice is the page.
//! Clicks are routed by the router as for any in-app `<a>`.
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
    let href = Memo::new(move |_| with_base(&base, &href.to_href()()));
    let location = leptos_router::hooks::use_location();
    let current = move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        href.with(|h| is_current(h, &path, &search, exact)).then_some("page")
    };
    view! { <a href=move || href.get() aria-current=current>{children()}</a> }
}

/// Whether `href` is the page at `path` + `search`: with a query, both must match exactly;
/// without, the path exactly (`exact`) or the path and anything under it.
pub fn is_current(href: &str, path: &str, search: &str, exact: bool) -> bool {
    let href = href.split('#').next().unwrap_or_default();
    let (href_path, href_query) = href.split_once('?').unwrap_or((href, ""));
    let (href_path, path) = (href_path.trim_end_matches('/'), path.trim_end_matches('/'));
    if !href_query.is_empty() {
        return href_path == path && href_query == search.trim_start_matches('?');
    }
    href_path == path || (!exact && path.starts_with(href_path) && path[href_path.len()..].starts_with('/'))
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
    use super::{is_current, with_base};

    #[test]
    fn a_link_with_a_query_is_current_only_on_that_query() {
        let path = "/connections/new";
        assert!(!is_current("/connections/new?source=S1", path, "", false));
        assert!(is_current("/connections/new?source=S1", path, "?source=S1", false));
        assert!(!is_current("/connections/new?source=S2", path, "?source=S1", false));
        assert!(is_current("/connections", "/connections/new", "?source=S1", false));
        assert!(!is_current("/connections", "/connections/new", "", true));
        assert!(is_current("/marketplace", "/marketplace/", "", true));
        assert!(!is_current("/market", "/marketplace", "", false));
    }

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
