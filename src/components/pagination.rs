//! Previous / next paging with "Showing 11–20 of 134" and a page size choice.

use leptos::prelude::*;

use super::modal::unique_id;
use crate::i18n::{intl::number, t, tf};

/// The page sizes offered.
pub const PAGE_SIZES: [u32; 4] = [10, 25, 50, 100];

/// "Showing 11–20 of 134" for `count` items starting at `offset`; without a total, the range only.
pub fn summary(offset: u64, count: usize, total: Option<u64>) -> String {
    let n = |v: u64| number(v as f64);
    if count == 0 {
        return match total {
            Some(all) if all > 0 => tf("No results on this page (of {total})", &[("total", &n(all))]),
            _ => t("No results"),
        };
    }
    let (from, to) = (n(offset + 1), n(offset + count as u64));
    match total {
        Some(all) => tf("Showing {from}–{to} of {total}", &[("from", &from), ("to", &to), ("total", &n(all))]),
        None => tf("Showing {from}–{to}", &[("from", &from), ("to", &to)]),
    }
}

/// Whether a next page exists: by the total when known, else when this page came back full.
pub fn has_next(offset: u64, size: u32, count: usize, total: Option<u64>) -> bool {
    match total {
        Some(t) => offset + (count as u64) < t,
        None => count as u64 >= size as u64 && count > 0,
    }
}

/// The offset of the previous page (never below 0).
pub fn prev_offset(offset: u64, size: u32) -> u64 {
    offset.saturating_sub(size as u64)
}

/// `on_change(offset, size)` fires on Previous/Next and on a page size change (which goes back to
/// the first page). The caller owns the state (usually the URL).
#[component]
pub fn Pagination(
    #[prop(into)] offset: Signal<u64>,
    #[prop(into)] size: Signal<u32>,
    /// Items on the current page.
    #[prop(into)]
    count: Signal<usize>,
    #[prop(into)] total: Signal<Option<u64>>,
    on_change: Callback<(u64, u32)>,
) -> impl IntoView {
    let select_id = unique_id("page-size");
    let can_prev = move || offset.get() > 0;
    let can_next = move || has_next(offset.get(), size.get(), count.get(), total.get());
    view! {
        <nav class="mc-pagination" aria-label=t("Pagination")>
            <p class="mc-pagination__summary" aria-live="polite">
                {move || summary(offset.get(), count.get(), total.get())}
            </p>
            <div class="mc-pagination__size mc-field mc-field--inline">
                <label class="mc-field__label" for=select_id.clone()>{t("Page size")}</label>
                <select id=select_id class="mc-field__input mc-field__input--select"
                    on:change:target=move |ev| {
                        if let Ok(s) = ev.target().value().parse::<u32>() {
                            on_change.run((0, s));
                        }
                    }>
                    {PAGE_SIZES.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s.to_string() selected=move || size.get() == s>{s.to_string()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="mc-pagination__buttons">
                <button type="button" class="mc-button mc-button--secondary" disabled=move || !can_prev()
                    on:click=move |_| on_change.run((prev_offset(offset.get_untracked(), size.get_untracked()), size.get_untracked()))>
                    <span aria-hidden="true">"← "</span>{t("Previous")}
                </button>
                <button type="button" class="mc-button mc-button--secondary" disabled=move || !can_next()
                    on:click=move |_| on_change.run((offset.get_untracked() + size.get_untracked() as u64, size.get_untracked()))>
                    {t("Next")}<span aria-hidden="true">" →"</span>
                </button>
            </div>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_reads_like_a_sentence() {
        assert_eq!(summary(10, 10, Some(134)), "Showing 11–20 of 134");
        assert_eq!(summary(130, 4, Some(134)), "Showing 131–134 of 134");
        assert_eq!(summary(0, 3, None), "Showing 1–3");
        assert_eq!(summary(0, 0, Some(0)), "No results");
        assert_eq!(summary(200, 0, Some(134)), "No results on this page (of 134)");
    }

    #[test]
    fn next_and_previous_follow_the_total_or_a_full_page() {
        assert!(has_next(0, 10, 10, Some(11)));
        assert!(!has_next(10, 10, 1, Some(11)));
        assert!(has_next(0, 10, 10, None));
        assert!(!has_next(0, 10, 7, None));
        assert_eq!(prev_offset(5, 10), 0);
        assert_eq!(prev_offset(30, 10), 20);
    }
}
