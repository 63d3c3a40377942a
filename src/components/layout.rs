//! The page frame: skip link, header (brand, primary navigation, account area), main landmark.

use crate::components::A;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{n_, t, Locale};
use crate::routes;
use crate::session::{EmbedFlags, Section};

/// The primary navigation entries: (section, label, href).
pub const NAV: [(Section, &str, &str); 4] = [
    (Section::Marketplace, n_("Marketplace"), routes::MARKETPLACE),
    (Section::Connectors, n_("My connectors"), routes::MY_CONNECTORS),
    (Section::Connections, n_("Connections"), routes::CONNECTIONS),
    (Section::Reports, n_("Reports"), routes::REPORTS),
];

/// `account` is the header's right side (account switcher, sign out); `children` the page.
#[component]
pub fn Layout(#[prop(into)] flags: Signal<EmbedFlags>, #[prop(into)] account: ViewFn, children: Children) -> impl IntoView {
    // A plain `#mc-main` link would be taken by the router; move focus ourselves.
    let skip = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = document().get_element_by_id("mc-main").and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = main.focus();
        }
    };
    // A page change moves focus to the new page's heading, which also announces it.
    let location = leptos_router::hooks::use_location();
    Effect::new(move |before: Option<String>| {
        let path = location.pathname.get();
        if before.is_some_and(|b| b != path) {
            crate::focus::focus_page_heading();
        }
        path
    });
    view! {
        <div class="mc-app" class:mc-app--embedded=move || flags.with(|f| f.embedded)>
            <a class="mc-skip-link" href="#mc-main" on:click=skip>{t("Skip to main content")}</a>
            <header class="mc-header">
                <div class="mc-header__inner">
                    <p class="mc-brand">
                        <span class="mc-brand__mark" aria-hidden="true">"M"</span>
                        <span class="mc-brand__name">"MadConnect"</span>
                        <span class="mc-brand__product">"Console"</span>
                    </p>
                    <nav class="mc-nav" aria-label=t("Primary")>
                        <ul class="mc-nav__list">
                            {NAV.into_iter().map(|(section, label, href)| view! {
                                <Show when=move || flags.with(|f| f.shows(section))>
                                    <li class="mc-nav__item">
                                        <A href=href attr:class="mc-nav__link">{t(label)}</A>
                                    </li>
                                </Show>
                            }).collect_view()}
                        </ul>
                    </nav>
                    <Show when=move || !flags.with(|f| f.embedded)>
                        <LanguagePicker />
                    </Show>
                    <div class="mc-header__account">{account.run()}</div>
                </div>
            </header>
            <main id="mc-main" class="mc-main" tabindex="-1">
                {children()}
            </main>
        </div>
    }
}

/// The language menu: the choice is kept in this browser and the console reloads in it (an
/// embedding host chooses through `init.locale` instead).
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let current = crate::i18n::locale();
    view! {
        <div class="mc-field mc-field--inline mc-language">
            <label class="mc-visually-hidden" for="mc-language">{t("Language")}</label>
            <select id="mc-language" class="mc-field__input mc-field__input--select" on:change:target=move |ev| {
                if let Some(locale) = Locale::from_tag(&ev.target().value()) {
                    crate::i18n::choose(locale);
                }
            }>
                {Locale::ALL.into_iter().map(|l| view! {
                    <option value=l.tag() lang=l.tag() selected=l == current>{l.native_name()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
