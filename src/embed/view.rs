//! What embedding adds to the screen: the runtime mount (status while connecting, a notice while
//! the host renews the token), the locked sub-account in the header, and "not available here".

use std::rc::Rc;

use crate::components::A;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use super::protocol::{EmbedEvent, Section};
use super::runtime::{self, emit, EmbedStatus};
use crate::api;
use crate::components::notifications::{use_notify, ToastKind};
use crate::i18n::t;
use crate::session::use_session;

/// Mount once inside the `<Router>`: starts embedding when the page is framed (nothing happens
/// standalone) and shows what a person needs to know about it.
#[component]
pub fn EmbedRuntime() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let open: Rc<dyn Fn(&str)> = Rc::new(move |path: &str| navigate(path, NavigateOptions { replace: true, ..Default::default() }));
    let status = runtime::start(session, open);
    if status.get_untracked() == EmbedStatus::Standalone {
        return None;
    }

    // Errors the person saw go to the host too.
    use_notify().set_listener(|toast| {
        if toast.kind == ToastKind::Error {
            emit(EmbedEvent::Error { code: "shown".into(), message: toast.message.clone(), field: None });
        }
    });

    // Tell the host where the person is, so it can keep its own URL or breadcrumbs in step.
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let (pathname, search) = (location.pathname.get(), location.search.get());
        let search = search.trim_start_matches('?');
        let path = if search.is_empty() { pathname } else { format!("{pathname}?{search}") };
        let base = crate::session::public_path();
        let path = path.strip_prefix(base.as_str()).map(str::to_string).unwrap_or(path);
        if status.get_untracked() == EmbedStatus::Ready && previous.as_deref() != Some(path.as_str()) {
            emit(EmbedEvent::Navigated { path: path.clone() });
        }
        path
    });

    // A slow host: say so after a while instead of spinning forever.
    let slow = RwSignal::new(false);
    set_timeout(move || slow.set(true), std::time::Duration::from_secs(8));

    Some(view! {
        {move || match status.get() {
            EmbedStatus::Refused(reason) => Some(view! {
                <section class="mc-embed-status mc-embed-status--error" role="alert">
                    <h1 class="mc-embed-status__title">{t("This console could not start")}</h1>
                    <p class="mc-embed-status__text">{reason}</p>
                    <p class="mc-embed-status__text">{t("Ask the portal's administrator to check how the console is embedded.")}</p>
                </section>
            }.into_any()),
            EmbedStatus::Waiting if slow.get() => Some(view! {
                <p class="mc-embed-status" role="status">
                    {t("Still connecting to your portal… If this takes more than a few seconds, reload the page.")}
                </p>
            }.into_any()),
            _ => None,
        }}
        <Show when=move || session.is_expired() && status.get() == EmbedStatus::Ready>
            <p class="mc-embed-renewing" role="status">
                <span class="mc-embed-renewing__icon" aria-hidden="true">"↻"</span>
                {t("Renewing your session… Everything on this page stays as it is.")}
            </p>
        </Show>
    })
}

// Both appear only inside a frame, where the embedding module is downloaded anyway.
crate::chunks::on_demand!(embed => fn locked_account() -> AnyView { view! { <LockedAccountName /> }.into_any() });
crate::chunks::on_demand!(embed => fn section_unavailable(section: Section) -> AnyView {
    view! { <SectionUnavailableNotice section /> }.into_any()
});

/// The header's account area when the host locked the sub-account: its name, not a switcher.
#[component]
pub fn LockedAccount() -> impl IntoView {
    view! { <crate::chunks::OnDemand load=locked_account loading="" /> }
}

/// In place of a screen the host chose not to show.
#[component]
pub fn SectionUnavailable(section: Section) -> impl IntoView {
    view! { <crate::chunks::OnDemand load=move || section_unavailable(section) loading="" /> }
}

#[component]
fn LockedAccountName() -> impl IntoView {
    let session = use_session();
    let account = LocalResource::new(move || {
        let client = session.client();
        let id = session.account_id();
        async move {
            match id {
                Some(id) => api::accounts::get(&client, &id).await.map(|a| a.name).unwrap_or(id),
                None => String::new(),
            }
        }
    });
    view! {
        <p class="mc-locked-account">
            <span class="mc-locked-account__label">{t("Sub-account")}</span>
            <svg class="mc-locked-account__icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
                <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.6" />
                <rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor" />
            </svg>
            <Transition fallback=move || view! { <span class="mc-locked-account__name">"…"</span> }>
                <span class="mc-locked-account__name" title=t("Chosen by your portal")>
                    {move || Suspend::new(async move { account.await })}
                </span>
            </Transition>
        </p>
    }
}

#[component]
fn SectionUnavailableNotice(section: Section) -> impl IntoView {
    let session = use_session();
    let first_visible = move || Section::ALL.into_iter().find(|s| session.flags().shows(*s));
    view! {
        <section class="mc-empty mc-empty--page" aria-labelledby="mc-unavailable-title">
            <span class="mc-empty__icon" aria-hidden="true">"⊘"</span>
            <h1 id="mc-unavailable-title" class="mc-empty__title">{unavailable(section)}</h1>
            <p class="mc-empty__text">{t("This portal shows only part of the console. Use the sections in the menu above.")}</p>
            {move || first_visible().map(|s| view! {
                <A href=s.home() attr:class="mc-button mc-button--primary">{go_to(s)}</A>
            })}
        </section>
    }
}

// One whole sentence per section: the section's name takes the sentence's grammar (number, case).
fn unavailable(section: Section) -> String {
    match section {
        Section::Marketplace => t("Marketplace is not available here"),
        Section::Connectors => t("My connectors is not available here"),
        Section::Connections => t("Connections is not available here"),
        Section::Reports => t("Reports is not available here"),
    }
}

fn go_to(section: Section) -> String {
    match section {
        Section::Marketplace => t("Go to Marketplace"),
        Section::Connectors => t("Go to My connectors"),
        Section::Connections => t("Go to Connections"),
        Section::Reports => t("Go to Reports"),
    }
}
