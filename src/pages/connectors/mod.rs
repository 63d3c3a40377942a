//! The sub-account's added connectors: My connectors, with remove, and their setup.

mod custom;
mod metadata;
pub mod oauth_flow;
mod oauth_setup;
mod setup;

pub use setup::{safe_return_path, ConnectorSetupPage};

use crate::chunks::{on_demand, OnDemand};
use crate::components::A;
use leptos::prelude::*;
use madconnect_model::{AccountConnector, Connection};

use crate::api::connections::ConnectionsQuery;
use crate::api::{self, ApiError, Client, ListQuery};
use crate::components::{use_notify, ConfirmDialog, EmptyState, LoadError, Loading, Logo, Modal, PageHeader, Pagination};
use crate::hooks::{use_debounced_search, use_url_state, UrlState, UseUrlStateReturn};
use crate::i18n::{intl::number, t, tf, tp};
use crate::pages::marketplace::role_badge;
use crate::routes;
use crate::session::use_session;

/// The list's URL state: search, page (1-based, like every list), page size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListState {
    pub q: String,
    pub page: u32,
    pub size: u32,
}

impl Default for ListState {
    fn default() -> Self {
        ListState { q: String::new(), page: 1, size: 25 }
    }
}

impl UrlState for ListState {
    fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let d = ListState::default();
        ListState {
            q: get("q").map(|q| q.trim().to_string()).unwrap_or_default(),
            page: get("page").and_then(|p| p.trim().parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
            size: get("size").and_then(|s| s.trim().parse().ok()).filter(|s| (1..=100).contains(s)).unwrap_or(d.size),
        }
    }

    /// `/connectors?...` with only the non-default parameters.
    fn href(&self) -> String {
        let (page, size) = (self.page.to_string(), self.size.to_string());
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", &self.q));
        }
        if self.page > 1 {
            pairs.push(("page", &page));
        }
        if self.size != ListState::default().size {
            pairs.push(("size", &size));
        }
        routes::with_query(routes::MY_CONNECTORS, &pairs)
    }
}

impl ListState {
    /// The API's `offset` for this page.
    pub fn offset(&self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(self.size)
    }
}

/// How many connections use a connector: "2 as source, 1 as destination".
pub fn usage_text(src: u64, dest: u64) -> String {
    match (src, dest) {
        (0, 0) => t("No connections"),
        (s, 0) => tp("{count} connection as source", "{count} connections as source", s, &[]),
        (0, d) => tp("{count} connection as destination", "{count} connections as destination", d, &[]),
        (s, d) => {
            tf("{source} as source, {destination} as destination", &[("source", &number(s as f64)), ("destination", &number(d as f64))])
        }
    }
}

/// Every live connection of the sub-account that uses connector `c` at either end. The search
/// narrows the list to connections naming it; the counts the API gives say when all are found.
async fn connections_using(client: &Client, c: &AccountConnector) -> Result<Vec<Connection>, ApiError> {
    let uses = |x: &Connection| x.src.connector_id == c.connector_id || x.dest.connector_id == c.connector_id;
    let expected = (c.src_connections + c.dest_connections) as usize;
    let list = |q: Option<String>| {
        move |page: ListQuery| {
            let query = ConnectionsQuery { list: ListQuery { q: q.clone(), ..page }, status: None };
            async move { api::connections::list(client, &query).await }
        }
    };
    let found: Vec<Connection> = api::all_pages(100, list(Some(c.name.clone()))).await?.into_iter().filter(uses).collect();
    if found.len() >= expected {
        return Ok(found);
    }
    // The search missed some (a name the search does not match as typed): look through them all.
    Ok(api::all_pages(100, list(None)).await?.into_iter().filter(uses).collect())
}

// Custom connectors (their form, metadata editor and sign-in) download after the list is shown.
on_demand!(custom_connectors => fn custom_connectors_view() -> AnyView { view! { <custom::CustomConnectors /> }.into_any() });

/// `/connectors`: My connectors.
#[component]
pub fn MyConnectorsPage() -> impl IntoView {
    let session = use_session();
    let notify = use_notify();
    let UseUrlStateReturn { state, set } = use_url_state::<ListState>();
    let go = move |s: ListState, replace: bool| set.run((s, replace));
    let reload = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reload.track();
        let s = state.get();
        let client = session.client();
        async move { api::connectors::list_added(&client, &ListQuery { offset: Some(s.offset()), size: Some(s.size), q: Some(s.q) }).await }
    });

    // Debounced search into the URL.
    let search = use_debounced_search(
        Signal::derive(move || state.with(|s| s.q.clone())),
        Callback::new(move |text: String| {
            let cur = state.get_untracked();
            if cur.q != text.trim() {
                go(ListState { q: text.trim().to_string(), page: 1, ..cur }, !cur.q.is_empty());
            }
        }),
    );

    // Remove: the connector in question, and what we learned about its connections.
    let removing = RwSignal::new(None::<AccountConnector>);
    let in_use = RwSignal::new(None::<AccountConnector>);
    let remove_error = RwSignal::new(None::<String>);
    let catalog = crate::pages::marketplace::use_catalog_store();
    let remove = Action::new_local(move |c: &AccountConnector| {
        let c = c.clone();
        let client = session.client();
        async move {
            match api::connectors::remove(&client, &c.connector_id).await {
                Ok(()) => {
                    catalog.mark(std::slice::from_ref(&c.connector_id), false);
                    removing.try_set(None);
                    notify.success(tf("Removed {name} from this sub-account.", &[("name", &c.name)]));
                    // Its Remove button is gone with it: focus goes to the page's heading.
                    crate::focus::focus_page_heading();
                    crate::embed::emit(crate::embed::EmbedEvent::ConnectorRemoved { id: c.connector_id.clone(), name: c.name.clone() });
                    reload.try_update(|n| *n += 1);
                }
                Err(e) => {
                    remove_error.try_set(Some(e.to_string()));
                }
            }
        }
    });
    let start_remove = Callback::new(move |c: AccountConnector| {
        remove_error.set(None);
        if c.src_connections + c.dest_connections > 0 {
            in_use.set(Some(c));
        } else {
            removing.set(Some(c));
        }
    });
    let can_remove = Signal::derive(move || session.destructive_allowed());

    view! {
        <div class="mc-myconn">
            <PageHeader title=t("My connectors")
                subtitle=t("Connectors added to this sub-account. Set up their credentials before using them in connections.")>
                <A href=routes::MARKETPLACE attr:class="mc-button mc-button--primary">{t("Add connectors")}</A>
            </PageHeader>
            <div class="mc-toolbar">
                <div class="mc-field mc-myconn__search">
                    <label class="mc-field__label" for="mc-myconn-search">{t("Search my connectors")}</label>
                    <input id="mc-myconn-search" class="mc-field__input" type="search" autocomplete="off"
                        placeholder=t("Name, platform or data type")
                        prop:value=move || search.text.get()
                        on:input:target=move |ev| search.on_input.run(ev.target().value()) />
                </div>
            </div>
            <Transition fallback=|| view! { <Loading label=t("Loading your connectors…") /> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! {
                            <LoadError title=t("Your connectors could not be loaded.") message=e.to_string() retry=move |()| reload.update(|n| *n += 1) />
                        }.into_any(),
                        Ok(page) if page.items.is_empty() => {
                            let s = state.get_untracked();
                            if s.q.is_empty() && s.page == 1 {
                                view! {
                                    <EmptyState title=t("No connectors yet") text=t("Add the platforms this brand works with from the marketplace.")>
                                        <A href=routes::MARKETPLACE attr:class="mc-button mc-button--primary">{t("Browse the marketplace")}</A>
                                    </EmptyState>
                                }.into_any()
                            } else {
                                view! {
                                    <EmptyState title=t("No connectors match") text=tf("None of your connectors match \u{201c}{query}\u{201d}.", &[("query", &s.q)])>
                                        <button type="button" class="mc-button mc-button--primary" on:click=move |_| go(ListState::default(), false)>{t("Clear search")}</button>
                                    </EmptyState>
                                }.into_any()
                            }
                        }
                        Ok(page) => {
                            let count = page.items.len();
                            let total = page.total;
                            view! {
                                <ul class="mc-myconn__list" aria-label=t("My connectors")>
                                    {page.items.into_iter().map(|c| view! { <ConnectorRow connector=c can_remove on_remove=start_remove /> }).collect_view()}
                                </ul>
                                <Pagination
                                    offset=Signal::derive(move || state.with(|s| s.offset()))
                                    size=Signal::derive(move || state.with(|s| s.size))
                                    count=count
                                    total=total
                                    on_change=Callback::new(move |(offset, size): (u64, u32)| {
                                        go(ListState { page: (offset / u64::from(size.max(1))) as u32 + 1, size, ..state.get_untracked() }, false)
                                    })
                                />
                            }.into_any()
                        }
                    }
                })}
            </Transition>
            <OnDemand load=custom_connectors_view loading=t("Loading custom connectors…") />
            <ConfirmDialog
                open=Signal::derive(move || removing.with(|r| r.is_some()))
                title=Signal::derive(move || removing.with(|r| r.as_ref().map(|c| tf("Remove {name}?", &[("name", &c.name)])).unwrap_or_default()))
                message=Signal::derive(move || removing.with(|r| r.as_ref().map(|c| tf(
                    "{name} and its saved credentials will be removed from this sub-account. You can add it again from the marketplace.", &[("name", &c.name)])).unwrap_or_default()))
                confirm_label=t("Remove connector")
                destructive=true
                busy=remove.pending()
                on_confirm=Callback::new(move |_| {
                    if let Some(c) = removing.get_untracked() {
                        remove_error.set(None);
                        remove.dispatch(c);
                    }
                })
                on_cancel=Callback::new(move |_| removing.set(None))
            >
                {move || remove_error.get().map(|e| view! {
                    <div class="mc-alert mc-alert--error" role="alert">
                        <span class="mc-alert__icon" aria-hidden="true">"!"</span>
                        <p>{e}</p>
                    </div>
                })}
            </ConfirmDialog>
            <InUseDialog connector=in_use />
        </div>
    }
}

/// One added connector.
#[component]
fn ConnectorRow(connector: AccountConnector, can_remove: Signal<bool>, on_remove: Callback<AccountConnector>) -> impl IntoView {
    let c = connector;
    let (role_icon, role_label) = role_badge(&c.supported_type);
    let usage = usage_text(c.src_connections, c.dest_connections);
    let c_remove = c.clone();
    let name = c.name.clone();
    let setup_label = format!(" {}", c.name);
    let setup_name = if c.configured { tf("Edit setup {name}", &[("name", &c.name)]) } else { tf("Set up {name}", &[("name", &c.name)]) };
    let remove_name = tf("Remove {name}", &[("name", &c.name)]);
    view! {
        <li class="mc-card mc-myconn__item">
            <div class="mc-myconn__main">
                <Logo src=c.logo.clone() name=c.name.clone() size="md" />
                <div class="mc-myconn__title">
                    <h2 class="mc-myconn__name"><A href=routes::connector(&c.connector_id)>{c.name.clone()}</A></h2>
                    <p class="mc-myconn__meta">
                        {c.platform_type.as_str().to_string()} " \u{00b7} " {c.data_type.clone()}
                    </p>
                </div>
            </div>
            <div class="mc-myconn__status">
                {if c.configured {
                    view! { <span class="mc-badge mc-badge--success"><span aria-hidden="true">"\u{2713}"</span>{t("Configured")}</span> }.into_any()
                } else {
                    view! { <span class="mc-badge mc-badge--warning"><span aria-hidden="true">"!"</span>{t("Needs setup")}</span> }.into_any()
                }}
                <span class="mc-badge mc-badge--neutral"><span aria-hidden="true">{role_icon}</span>{role_label}</span>
            </div>
            <dl class="mc-myconn__facts">
                <div><dt>{t("Connections")}</dt><dd>{usage}</dd></div>
                <div><dt>{t("Environment")}</dt><dd>{c.env.clone().filter(|e| !e.is_empty()).unwrap_or_else(|| "\u{2014}".into())}</dd></div>
                <div><dt>{t("Editable")}</dt><dd>{match c.editable { Some(true) => t("Yes"), Some(false) => t("No"), None => "\u{2014}".to_string() }}</dd></div>
            </dl>
            <div class="mc-myconn__actions">
                <A href=routes::connector_setup(&c.connector_id) attr:aria-label=setup_name attr:class=if c.configured { "mc-button mc-button--secondary mc-button--small" } else { "mc-button mc-button--primary mc-button--small" }>
                    {if c.configured { t("Edit setup") } else { t("Set up") }}
                    <span class="mc-visually-hidden">{setup_label}</span>
                </A>
                <Show when=move || can_remove.get()>
                    <button type="button" class="mc-button mc-button--danger-outline mc-button--small" aria-label=remove_name.clone()
                        on:click={
                            let c = c_remove.clone();
                            move |_| on_remove.run(c.clone())
                        }>
                        {t("Remove")}<span class="mc-visually-hidden">{format!(" {name}")}</span>
                    </button>
                </Show>
            </div>
        </li>
    }
}

/// "This connector is in use": which connections, instead of a request that would be refused.
#[component]
fn InUseDialog(connector: RwSignal<Option<AccountConnector>>) -> impl IntoView {
    let session = use_session();
    let users = LocalResource::new(move || {
        let c = connector.get();
        let client = session.client();
        async move {
            match c {
                Some(c) => Some(connections_using(&client, &c).await),
                None => None,
            }
        }
    });
    let title =
        Signal::derive(move || connector.with(|c| c.as_ref().map(|c| tf("{name} is in use", &[("name", &c.name)])).unwrap_or_default()));
    let close = Callback::new(move |_| connector.set(None));
    view! {
        <Modal open=Signal::derive(move || connector.with(|c| c.is_some())) title=title on_close=close class="mc-modal--narrow">
            <p class="mc-modal__message">
                {move || connector.with(|c| c.as_ref().map(|c| tf(
                    "{name} can't be removed while connections use it ({usage}). Delete those connections first, then remove it.",
                    &[("name", &c.name), ("usage", &usage_text(c.src_connections, c.dest_connections))])).unwrap_or_default())}
            </p>
            <Transition fallback=|| view! { <Loading label=t("Finding the connections…") /> }>
                {move || Suspend::new(async move {
                    match users.await {
                        Some(Ok(list)) if !list.is_empty() => view! {
                            <ul class="mc-inuse">
                                {list.into_iter().map(|x| view! {
                                    <li>
                                        <A href=routes::connection(&x.id)>{x.name.clone()}</A>
                                        <span class="mc-muted">{format!(" \u{2014} {} \u{2192} {}", x.src.connector_name, x.dest.connector_name)}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Some(Ok(_)) => view! { <p class="mc-muted">{t("The connections could not be identified; they may have just been deleted. Reload the list and try again.")}</p> }.into_any(),
                        Some(Err(e)) => view! { <LoadError title=t("The connections could not be listed.") message=e.to_string() /> }.into_any(),
                        None => ().into_any(),
                    }
                })}
            </Transition>
            <div class="mc-modal__actions">
                <A href=routes::CONNECTIONS attr:class="mc-button mc-button--secondary">{t("Go to connections")}</A>
                <button type="button" class="mc-button mc-button--primary" on:click=move |_| close.run(())>{t("Close")}</button>
            </div>
        </Modal>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_state_round_trips_and_drops_defaults() {
        let s = ListState { q: "meta ads".into(), page: 2, size: 50 };
        assert_eq!(s.href(), "/connectors?q=meta%20ads&page=2&size=50");
        assert_eq!(s.offset(), 50);
        let back = ListState::from_params(|k| match k {
            "q" => Some("meta ads".into()),
            "page" => Some("2".into()),
            "size" => Some("50".into()),
            _ => None,
        });
        assert_eq!(back, s);
        assert_eq!(ListState::default().href(), "/connectors");
        let junk = ListState::from_params(|k| match k {
            "page" => Some("-1".into()),
            "size" => Some("1000".into()),
            _ => None,
        });
        assert_eq!(junk, ListState::default());
    }

    #[test]
    fn usage_reads_like_a_sentence() {
        assert_eq!(usage_text(0, 0), "No connections");
        assert_eq!(usage_text(1, 0), "1 connection as source");
        assert_eq!(usage_text(0, 3), "3 connections as destination");
        assert_eq!(usage_text(2, 1), "2 as source, 1 as destination");
    }
}
