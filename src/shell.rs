//! The signed-in frame: layout, account switcher, sign out, the routes inside an error boundary,
//! the "Session expired" dialog that opens over whatever is on screen, and "Leave without saving?".

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Routes};
use leptos_router::{path, Lazy, LazyRoute};

use crate::api;
use crate::chunks::{self, on_demand, OnDemand};
use crate::components::layout::Layout;
use crate::components::{Modal, Spinner};
use crate::i18n::{t, tf};
use crate::pages::connections::{CompatibilityPage, ConnectionBuilderPage, ConnectionDetailPage, ConnectionEditPage, ConnectionsPage};
use crate::pages::connectors::{ConnectorSetupPage, MyConnectorsPage};
use crate::pages::marketplace::{ConnectorDetailPage, MarketplacePage};
use crate::pages::not_found::NotFoundPage;
use crate::pages::reports::ReportsPage;
use crate::pages::sign_in::SignInForm;
use crate::session::{use_session, Section};

#[component]
pub fn Shell() -> impl IntoView {
    let session = use_session();
    let _ = crate::pages::marketplace::provide_catalog_store();
    let flags = Signal::derive(move || session.flags());
    // Bumped by "Try again" in the error boundary: remounts the routed page.
    let retry = RwSignal::new(0u32);

    view! {
        <Layout flags=flags account=move || view! { <AccountArea /> }>
            {move || {
                // Keyed on the account (and retries): switching sub-account remounts every page,
                // so nothing from the previous account stays on screen.
                let account = session.account_id();
                retry.track();
                match account {
                    None => view! { <OnDemand load=choose_account loading="" /> }.into_any(),
                    Some(_) => view! {
                        <ErrorBoundary fallback=move |errors| view! { <PageError errors retry /> }>
                            <AppRoutes />
                        </ErrorBoundary>
                    }.into_any(),
                }
            }}
        </Layout>
        <SessionExpiredDialog />
    }
}

/// A routed screen whose code downloads with the rest of its split the first time it is opened.
/// Each area is one split, so a visit fetches few files: the connection screens come together,
/// as do My connectors and setup; a connector's page is its own. The marketplace, the landing
/// screen, is in the main module.
macro_rules! lazy_page {
    ($route:ident, $load:ident, $split:ident, $section:expr, $page:ident) => {
        struct $route;
        on_demand!($split => fn $load() -> AnyView { view! { <Gate section=$section><$page /></Gate> }.into_any() });
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            async fn view(_: Self) -> AnyView {
                // These screens share a stylesheet the landing screen does not need.
                let css = chunks::enable_stylesheet("mc-css-screens");
                let view = chunks::show($load()).await;
                css.await;
                view
            }
        }
    };
}

lazy_page!(ConnectorDetailRoute, connector_detail_page, connector_detail, Section::Marketplace, ConnectorDetailPage);
lazy_page!(MyConnectorsRoute, my_connectors_page, connectors, Section::Connectors, MyConnectorsPage);
lazy_page!(ConnectorSetupRoute, connector_setup_page, connectors, Section::Connectors, ConnectorSetupPage);
lazy_page!(ConnectionsRoute, connections_page, connections, Section::Connections, ConnectionsPage);
lazy_page!(ConnectionBuilderRoute, connection_builder_page, connections, Section::Connections, ConnectionBuilderPage);
lazy_page!(CompatibilityRoute, compatibility_page, connections, Section::Connections, CompatibilityPage);
lazy_page!(ConnectionDetailRoute, connection_detail_page, connections, Section::Connections, ConnectionDetailPage);
lazy_page!(ConnectionEditRoute, connection_edit_page, connections, Section::Connections, ConnectionEditPage);
lazy_page!(ReportsRoute, reports_page, reports, Section::Reports, ReportsPage);

#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <OnDemand load=not_found_page loading="" /> }>
            <Route path=path!("/") view=|| view! { <Redirect path="/marketplace" /> } />
            // The landing screen is part of the main module: no second round trip before its cards.
            <Route path=path!("/marketplace") view=|| view! { <Gate section=Section::Marketplace><MarketplacePage /></Gate> } />
            <Route path=path!("/marketplace/:id") view={Lazy::<ConnectorDetailRoute>::new()} />
            <Route path=path!("/connectors") view={Lazy::<MyConnectorsRoute>::new()} />
            <Route path=path!("/connectors/:id/setup") view={Lazy::<ConnectorSetupRoute>::new()} />
            <Route path=path!("/connections") view={Lazy::<ConnectionsRoute>::new()} />
            <Route path=path!("/connections/new") view={Lazy::<ConnectionBuilderRoute>::new()} />
            <Route path=path!("/connections/compatibility") view={Lazy::<CompatibilityRoute>::new()} />
            <Route path=path!("/connections/:id") view={Lazy::<ConnectionDetailRoute>::new()} />
            <Route path=path!("/connections/:id/edit") view={Lazy::<ConnectionEditRoute>::new()} />
            <Route path=path!("/reports") view={Lazy::<ReportsRoute>::new()} />
        </Routes>
    }
}

/// Shows a section only when the embedding host allows it.
#[component]
fn Gate(section: Section, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    view! {
        <Show when=move || session.flags().shows(section) fallback=move || view! { <crate::embed::SectionUnavailable section /> }>
            {children()}
        </Show>
    }
}

/// What the error boundary shows instead of a page that failed to render.
#[component]
fn PageError(errors: ArcRwSignal<Errors>, retry: RwSignal<u32>) -> impl IntoView {
    let messages = {
        let errors = errors.clone();
        move || errors.with(|e| e.iter().map(|(_, e)| e.to_string()).collect::<Vec<_>>())
    };
    view! {
        <section class="mc-empty mc-empty--page" role="alert">
            <span class="mc-empty__icon" aria-hidden="true">"!"</span>
            <h1 class="mc-empty__title">{t("Something went wrong")}</h1>
            <p class="mc-empty__text">{t("This page could not be shown. Your session and other pages are fine.")}</p>
            <ul class="mc-empty__details">
                {move || messages().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
            </ul>
            <button type="button" class="mc-button mc-button--primary" on:click=move |_| {
                errors.update(|e| *e = Errors::default());
                retry.update(|n| *n += 1);
            }>{t("Try again")}</button>
        </section>
    }
}

/// The right side of the header: account switcher (or the locked account) and sign out.
#[component]
fn AccountArea() -> impl IntoView {
    let session = use_session();
    view! {
        <Show when=move || !session.flags().locked_account fallback=|| view! { <crate::embed::LockedAccount /> }>
            <AccountSwitcher />
        </Show>
        <Show when=move || !session.flags().embedded>
            <button type="button" class="mc-button mc-button--ghost mc-button--small" on:click=move |_| session.sign_out()>
                {t("Sign out")}
            </button>
        </Show>
    }
}

/// Sub-account switcher from `GET /es/v2/accounts`; where that endpoint is absent (404), an input
/// to type the account id.
#[component]
fn AccountSwitcher() -> impl IntoView {
    let session = use_session();
    let accounts = LocalResource::new(move || {
        // Organization-wide: refetches when the API base changes, not when the account does.
        let client = session.org_client();
        async move { api::accounts::list(&client).await }
    });

    // Pick the first account when none (or one no longer listed) is chosen.
    Effect::new(move |_| {
        if let Some(Ok(page)) = accounts.get() {
            let current = session.account_id();
            let listed = current.as_ref().is_some_and(|c| page.items.iter().any(|a| &a.id == c));
            if !listed {
                if let Some(first) = page.items.first() {
                    session.set_account(Some(first.id.clone()));
                }
            }
        }
    });

    view! {
        <Transition fallback=move || view! { <Spinner label=t("Loading sub-accounts") /> }>
            {move || Suspend::new(async move {
                match accounts.await {
                    Ok(page) if !page.items.is_empty() => view! {
                        <div class="mc-field mc-field--inline mc-account">
                            <label class="mc-field__label" for="mc-account-select">{t("Sub-account")}</label>
                            <select id="mc-account-select" class="mc-field__input mc-field__input--select"
                                on:change:target=move |ev| session.set_account(Some(ev.target().value()))>
                                {page.items.into_iter().map(|a| {
                                    let id = a.id.clone();
                                    let selected = move || session.account_id().as_deref() == Some(id.as_str());
                                    view! { <option value=a.id.clone() selected=selected>{a.name}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    }.into_any(),
                    Ok(_) => view! { <OnDemand load=|| manual_account(t("No sub-accounts are listed for this organization.")) loading="" /> }.into_any(),
                    Err(e) if e.is_not_found() => view! { <OnDemand load=|| manual_account(String::new()) loading="" /> }.into_any(),
                    Err(e) => view! {
                        <OnDemand load=move || manual_account(tf("Sub-accounts could not be loaded: {error}", &[("error", &e.to_string())])) loading="" />
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

// Screens a signed-in visit rarely sees (no account chosen yet, a server without the accounts
// list, an unknown address) come with the sign-in screen's code.
on_demand!(sign_in => fn manual_account(note: String) -> AnyView { view! { <ManualAccount note /> }.into_any() });
on_demand!(sign_in => fn choose_account() -> AnyView { view! { <ChooseAccount /> }.into_any() });
on_demand!(sign_in => fn not_found_page() -> AnyView { view! { <NotFoundPage /> }.into_any() });

/// Typing a sub-account id by hand.
#[component]
fn ManualAccount(#[prop(into)] note: String) -> impl IntoView {
    let session = use_session();
    let value = RwSignal::new(session.account_id().unwrap_or_default());
    let has_note = !note.is_empty();
    view! {
        <form class="mc-account mc-account--manual" on:submit=move |ev| {
            ev.prevent_default();
            let id = value.get_untracked().trim().to_string();
            if !id.is_empty() {
                crate::session::remember_account(&id);
            }
            session.set_account(Some(id));
        }>
            <div class="mc-field mc-field--inline">
                <label class="mc-field__label" for="mc-account-id">{t("Sub-account ID")}</label>
                <input id="mc-account-id" class="mc-field__input" type="text" spellcheck="false"
                    autocomplete="off" size="18" list="mc-account-recent"
                    aria-describedby=has_note.then_some("mc-account-note")
                    prop:value=move || value.get()
                    on:input:target=move |ev| value.set(ev.target().value()) />
            </div>
            <datalist id="mc-account-recent">
                {crate::session::recent_accounts().into_iter().map(|id| view! { <option value=id /> }).collect_view()}
            </datalist>
            <button type="submit" class="mc-button mc-button--secondary mc-button--small">{t("Use account")}</button>
            {has_note.then(|| view! { <p id="mc-account-note" class="mc-account__note">{note}</p> })}
        </form>
    }
}

/// Shown in place of the pages until a sub-account is chosen, with the ids used in this browser
/// before (all an API without the accounts list can offer).
#[component]
fn ChooseAccount() -> impl IntoView {
    let session = use_session();
    let recent = crate::session::recent_accounts();
    view! {
        <section class="mc-empty mc-empty--page">
            <h1 class="mc-empty__title">{t("Choose a sub-account")}</h1>
            <p class="mc-empty__text">
                {t("Connectors and connections belong to a sub-account (a brand). Pick one in the header, or type its ID.")}
            </p>
            {(!recent.is_empty()).then(|| view! {
                <ul class="mc-account__recent" aria-label=t("Recently used sub-accounts")>
                    {recent.into_iter().map(|id| {
                        let label = tf("Use sub-account {id}", &[("id", &id)]);
                        let pick = id.clone();
                        view! {
                            <li><button type="button" class="mc-button mc-button--secondary mc-button--small" aria-label=label
                                on:click=move |_| session.set_account(Some(pick.clone()))>{id}</button></li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

// The dialog (and the sign-in form in it) downloads the first time a token expires.
on_demand!(sign_in => fn reauth_dialog(open: Signal<bool>) -> AnyView {
    let session = use_session();
    view! {
        <Modal open=open title=t("Session expired — sign in again") class="mc-modal--narrow">
            <p class="mc-modal__message">
                {t("Your access token has expired. Sign in again to continue: everything on this page stays as it is.")}
            </p>
            <SignInForm id_prefix="mc-reauth" />
            <div class="mc-modal__actions">
                <button type="button" class="mc-button mc-button--ghost" on:click=move |_| session.sign_out()>
                    {t("Sign out instead")}
                </button>
            </div>
        </Modal>
    }
    .into_any()
});

/// Opens over the current screen when a request met an expired token; the screen stays mounted,
/// and the waiting request resumes after signing in again.
#[component]
fn SessionExpiredDialog() -> impl IntoView {
    let session = use_session();
    // Embedded: the host is asked for a token instead (see Session::set_on_token_expired).
    let open = Signal::derive(move || session.is_expired() && !session.flags().embedded);
    // Mounted from the first expiry on, so the dialog itself sees open and close (focus returns).
    let needed = Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || open.get());
    view! {
        <Show when=move || needed.get()>
            <OnDemand load=move || reauth_dialog(open) loading="" />
        </Show>
    }
}
