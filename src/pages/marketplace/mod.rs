//! The connector marketplace: the catalog grid with facets, search and multi-add, and
//! one connector's detail page.

pub mod catalog;
mod detail;
pub mod labels;
mod load;

pub use detail::{type_label, ConnectorDetailPage, FieldPreview};
pub use load::{provide_catalog_store, use_catalog_store, CatalogStore};

use catalog::{CatalogFilters, CatalogIndex, CatalogView, FacetCount};
use leptos::prelude::*;
use madconnect_model::{CatalogConnector, SupportedType};
use std::collections::HashSet;
use std::sync::Arc;

use crate::api;
use crate::chunks::on_demand;
use crate::components::{use_notify, EmptyState, LoadError, Loading, Logo};
use crate::hooks::{use_debounced_search, use_url_state, UrlState, UseUrlStateReturn};
use crate::i18n::{intl, t, tf, tp};
use crate::routes;
use crate::session::use_session;

type Adding = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), api::ApiError>>>>;

// Adding is a click away from the first card, so its request code is not in the first download:
// the first Add fetches a few kilobytes.
on_demand!(add_connectors => fn add_connectors(client: api::Client, ids: Vec<String>) -> Adding {
    Box::pin(async move { api::connectors::add(&client, &ids).await.map(|_| ()) })
});

/// How the catalog load is going.
#[derive(Clone, Debug, PartialEq)]
enum LoadState {
    Loading,
    /// The first page is shown; the rest is on its way.
    Partial {
        loaded: usize,
        total: Option<u64>,
    },
    Done,
    Failed(String),
}

/// "A", "A and B", "A, B and C".
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => tf("{names} and {last}", &[("names", &rest.join(", ")), ("last", last)]),
    }
}

/// A role's label with its icon (never colour alone).
pub fn role_badge(role: &SupportedType) -> (&'static str, String) {
    match role {
        SupportedType::Source => ("\u{2197}", t("Source")),
        SupportedType::Destination => ("\u{2198}", t("Destination")),
        SupportedType::Other(s) => ("\u{2022}", s.clone()),
    }
}

impl UrlState for CatalogFilters {
    fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let one: Vec<(&str, String)> =
            [catalog::P_CATEGORY, catalog::P_PLATFORM, catalog::P_AUTH, catalog::P_ROLE, catalog::P_QUERY, catalog::P_PAGE]
                .into_iter()
                .filter_map(|k| get(k).map(|v| (k, v)))
                .collect();
        CatalogFilters::from_pairs(one.iter().map(|(k, v)| (*k, v.as_str())))
    }

    /// Every value of the repeated facet parameters.
    fn from_query(query: &leptos_router::params::ParamsMap) -> Self {
        CatalogFilters::from_pairs(query.into_iter().map(|(k, v)| (k.as_ref(), v)))
    }

    fn href(&self) -> String {
        match self.to_query() {
            q if q.is_empty() => routes::MARKETPLACE.to_string(),
            q => format!("{}?{q}", routes::MARKETPLACE),
        }
    }
}

/// `/marketplace`: the catalog.
#[component]
pub fn MarketplacePage() -> impl IntoView {
    let session = use_session();
    let notify = use_notify();
    // The URL is the source of truth for Back/Forward, reload and bookmarks; a click updates the
    // grid at once and the URL right after.
    let UseUrlStateReturn { state: filters, set } = use_url_state::<CatalogFilters>();
    let go = move |f: CatalogFilters, replace: bool| set.run((f, replace));

    let index = RwSignal::new(None::<Arc<CatalogIndex>>);
    let load_state = RwSignal::new(LoadState::Loading);
    let added = RwSignal::new(HashSet::<String>::new());
    let removed = RwSignal::new(HashSet::<String>::new());
    let selected = RwSignal::new(Vec::<String>::new());
    let filters_open = RwSignal::new(false);
    let reload = RwSignal::new(0u32);
    let store = use_catalog_store();

    // Load the catalog (or reuse this session's copy). Remounted on account switch by the shell.
    Effect::new(move |_| {
        reload.track();
        let client = session.client();
        let key = load::key(&client);
        if reload.get_untracked() == 0 {
            if let Some(c) = store.cached(&key) {
                index.set(Some(c.index));
                added.set(c.added);
                removed.set(c.removed);
                load_state.set(LoadState::Done);
                return;
            }
        }
        load_state.set(LoadState::Loading);
        leptos::task::spawn_local(async move {
            let result = load::load_all(&client, |first, total| {
                let loaded = first.len();
                index.try_set(Some(Arc::new(CatalogIndex::new(first.to_vec()))));
                load_state.try_set(LoadState::Partial { loaded, total });
            })
            .await;
            match result {
                Ok(all) => {
                    let full = Arc::new(CatalogIndex::new(all));
                    store.store(key, full.clone());
                    index.try_set(Some(full));
                    load_state.try_set(LoadState::Done);
                }
                Err(e) => {
                    load_state.try_set(LoadState::Failed(e.to_string()));
                }
            }
        });
    });

    let view_data = Memo::new(move |_| index.with(|i| i.as_ref().map(|i| filters.with(|f| i.query(f)))).unwrap_or_default());
    let is_added = move |c: &CatalogConnector| {
        (c.integrated && !removed.with(|r| r.contains(&c.connector_id))) || added.with(|a| a.contains(&c.connector_id))
    };

    let add_action = Action::new_local(move |ids: &Vec<String>| {
        let ids = ids.clone();
        let client = session.client();
        async move {
            let names: Vec<String> = index.with_untracked(|i| {
                ids.iter().map(|id| i.as_ref().and_then(|i| i.find(id)).map_or_else(|| id.clone(), |c| c.name.clone())).collect()
            });
            let result = match add_connectors(client, ids.clone()).await {
                Ok(request) => request.await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            match result {
                Ok(()) => {
                    store.mark(&ids, true);
                    added.try_update(|a| a.extend(ids.iter().cloned()));
                    removed.try_update(|r| r.retain(|id| !ids.contains(id)));
                    selected.try_update(|s| s.retain(|id| !ids.contains(id)));
                    for (id, name) in ids.iter().zip(&names) {
                        crate::embed::emit(crate::embed::EmbedEvent::ConnectorAdded { id: id.clone(), name: name.clone() });
                    }
                    notify.success(tp(
                        "Added {names}. It is in My connectors, ready to set up.",
                        "Added {names}. They are in My connectors, ready to set up.",
                        ids.len() as u64,
                        &[("names", &join_names(&names))],
                    ));
                    // The Add button is gone: focus goes to the first added card's Set up.
                    if let Some(first) = ids.first().filter(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
                        crate::focus::focus_when_shown(format!("[data-setup-for=\"{first}\"]"));
                    }
                }
                Err(e) => notify.error(tf("Could not add {name}: {error}", &[("name", &join_names(&names)), ("error", &e)])),
            }
        }
    });
    let adding = add_action.pending();
    let add = move |ids: Vec<String>| {
        if !ids.is_empty() && !adding.get_untracked() {
            add_action.dispatch(ids);
        }
    };

    // The search box: typed text is debounced into the URL; Back/Forward bring it back.
    let search = use_debounced_search(
        Signal::derive(move || filters.with(|f| f.q.clone())),
        Callback::new(move |text: String| {
            let current = filters.get_untracked();
            if current.q != text.trim() {
                // Refining a search replaces the history entry; starting one adds an entry.
                let replace = !current.q.is_empty() && !text.trim().is_empty();
                go(current.with_query(&text), replace);
            }
        }),
    );

    let active_count = move || filters.with(|f| f.categories.len() + f.platforms.len() + f.auth_types.len() + f.role.is_some() as usize);

    view! {
        <div class="mc-mkt">
            <header class="mc-page-header mc-mkt__header">
                <div>
                    <h1 class="mc-page-title">{t("Marketplace")}</h1>
                    <p class="mc-page-subtitle">{t("Choose the platforms this brand works with, then set them up under My connectors.")}</p>
                </div>
                <div class="mc-mkt__search mc-field">
                    <label class="mc-field__label" for="mc-mkt-search">{t("Search connectors")}</label>
                    <input
                        id="mc-mkt-search"
                        class="mc-field__input"
                        type="search"
                        placeholder=t("Name, platform or data type")
                        autocomplete="off"
                        prop:value=move || search.text.get()
                        on:input:target=move |ev| search.on_input.run(ev.target().value())
                    />
                </div>
            </header>
            <button
                type="button"
                class="mc-button mc-button--secondary mc-mkt__filters-toggle"
                aria-expanded=move || if filters_open.get() { "true" } else { "false" }
                aria-controls="mc-mkt-filters"
                on:click=move |_| filters_open.update(|o| *o = !*o)
            >
                <span aria-hidden="true">"\u{2630} "</span>
                {move || match active_count() {
                    0 => t("Filters"),
                    n => tf("Filters ({count})", &[("count", &intl::number(n as f64))]),
                }}
            </button>
            <div class="mc-mkt__body">
                <aside id="mc-mkt-filters" class="mc-mkt__filters" class:mc-mkt__filters--open=move || filters_open.get() aria-label=t("Filters")>
                    <RoleFacet view_data filters go />
                    <Facet
                        legend=t("Data type category")
                        id_prefix="mc-facet-cat"
                        capitalize=true
                        view_data
                        values=|v| &v.categories
                        label=str::to_string
                        on_toggle=Callback::new(move |v: String| go(filters.get_untracked().toggle_category(&v), false))
                    />
                    <Facet
                        legend=t("Platform type")
                        id_prefix="mc-facet-plat"
                        capitalize=false
                        view_data
                        values=|v| &v.platforms
                        label=str::to_string
                        on_toggle=Callback::new(move |v: String| go(filters.get_untracked().toggle_platform(&v), false))
                    />
                    <Facet
                        legend=t("Sign-in")
                        id_prefix="mc-facet-auth"
                        capitalize=false
                        view_data
                        values=|v| &v.auth_types
                        label=labels::auth_type_label
                        on_toggle=Callback::new(move |v: String| go(filters.get_untracked().toggle_auth_type(&v), false))
                    />
                </aside>
                <section class="mc-mkt__results" aria-labelledby="mc-mkt-results-title">
                    <h2 id="mc-mkt-results-title" class="mc-visually-hidden">{t("Connectors")}</h2>
                    <ResultsBar view_data filters load_state go />
                    {move || match load_state.get() {
                        LoadState::Failed(msg) if index.with(|i| i.is_none()) => view! {
                            <LoadError title=t("The catalog could not be loaded.") message=msg retry=move |()| reload.update(|n| *n += 1) />
                        }.into_any(),
                        LoadState::Loading if index.with(|i| i.is_none()) => view! { <Loading label=t("Loading the catalog…") /> }.into_any(),
                        _ => view! { <Grid view_data filters index selected is_added add=Callback::new(add) adding go /> }.into_any(),
                    }}
                </section>
            </div>
            <SelectionBar selected index adding add=Callback::new(add) />
        </div>
    }
}

/// Source / Destination / both, with counts.
#[component]
fn RoleFacet(
    view_data: Memo<CatalogView>,
    filters: Memo<CatalogFilters>,
    go: impl Fn(CatalogFilters, bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let option = move |role: Option<SupportedType>, label: String, id: &'static str| {
        let r2 = role.clone();
        let count = move || {
            view_data.with(|v| match &r2 {
                None => v.sources + v.destinations,
                Some(SupportedType::Source) => v.sources,
                Some(_) => v.destinations,
            })
        };
        let r3 = role.clone();
        view! {
            <div class="mc-facet__option">
                <input
                    type="radio"
                    class="mc-check"
                    name="mc-role"
                    id=id
                    prop:checked=move || filters.with(|f| f.role == r3)
                    on:change=move |_| go(filters.get_untracked().with_role(role.clone()), false)
                />
                <label for=id class="mc-facet__label">
                    <span>{label}</span>
                    <span class="mc-facet__count">{move || facet_count(count())}</span>
                </label>
            </div>
        }
    };
    view! {
        <fieldset class="mc-facet">
            <legend class="mc-facet__legend">{t("Role")}</legend>
            {option(None, t("Sources and destinations"), "mc-role-all")}
            {option(Some(SupportedType::Source), t("Source"), "mc-role-source")}
            {option(Some(SupportedType::Destination), t("Destination"), "mc-role-destination")}
        </fieldset>
    }
}

/// A facet value's count: the figure for the eye, "12 connectors" for a screen reader.
fn facet_count(n: usize) -> impl IntoView {
    view! {
        <span aria-hidden="true">{intl::number(n as f64)}</span>
        <span class="mc-visually-hidden">{tp("{count} connector", "{count} connectors", n as u64, &[])}</span>
    }
}

/// One facet: a checkbox per value with its count under the other filters.
#[component]
fn Facet(
    #[prop(into)] legend: String,
    id_prefix: &'static str,
    capitalize: bool,
    view_data: Memo<CatalogView>,
    /// This facet's values in `view_data`, read in place rather than copied per change.
    values: fn(&CatalogView) -> &[FacetCount],
    /// A value as the person reads it.
    label: fn(&str) -> String,
    on_toggle: Callback<String>,
) -> impl IntoView {
    let list_class = if capitalize { "mc-facet__list mc-facet__list--capitalize" } else { "mc-facet__list" };
    view! {
        <fieldset class="mc-facet">
            <legend class="mc-facet__legend">{legend}</legend>
            <div class=list_class>
                <For
                    each={move || view_data.with(|v| values(v).iter().map(|f| f.value.clone()).collect::<Vec<_>>())}
                    key={|value: &String| value.clone()}
                    children={move |value: String| {
                        // Counts and checked state update in place; only the text nodes change. A
                        // facet has a dozen values, so finding this one is cheaper than indexing.
                        let id = format!("{id_prefix}-{}", crate::url::encode_component(&value).replace('%', "_"));
                        let state = {
                            let value = value.clone();
                            Memo::new(move |_| view_data.with(|v| values(v).iter().find(|f| f.value == value).map(|f| (f.count, f.active)).unwrap_or((0, false))))
                        };
                        let toggled = value.clone();
                        view! {
                            <div class="mc-facet__option" class:mc-facet__option--active=move || state.get().1>
                                <input type="checkbox" class="mc-check" id=id.clone() prop:checked=move || state.get().1
                                    on:change=move |_| on_toggle.run(toggled.clone()) />
                                <label for=id class="mc-facet__label">
                                    <span>{label(&value)}</span>
                                    <span class="mc-facet__count">{move || facet_count(state.get().0)}</span>
                                </label>
                            </div>
                        }
                    }}
                />
            </div>
        </fieldset>
    }
}

/// "312 connectors", the active filters as removable chips, and Clear filters.
#[component]
fn ResultsBar(
    view_data: Memo<CatalogView>,
    filters: Memo<CatalogFilters>,
    load_state: RwSignal<LoadState>,
    go: impl Fn(CatalogFilters, bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let summary = move || {
        let total = view_data.with(|v| v.total()) as u64;
        filters.with(|f| match f.q.trim() {
            "" => tp("{count} connector", "{count} connectors", total, &[]),
            q => tp(
                "{count} connector matching \u{201c}{query}\u{201d}",
                "{count} connectors matching \u{201c}{query}\u{201d}",
                total,
                &[("query", q)],
            ),
        })
    };
    let chips = move || {
        let f = filters.get();
        let mut chips: Vec<(String, CatalogFilters)> = Vec::new();
        for c in &f.categories {
            chips.push((c.clone(), f.toggle_category(c)));
        }
        for p in &f.platforms {
            chips.push((p.clone(), f.toggle_platform(p)));
        }
        for a in &f.auth_types {
            chips.push((labels::auth_type_label(a), f.toggle_auth_type(a)));
        }
        if let Some(r) = &f.role {
            chips.push((role_badge(r).1, f.with_role(None)));
        }
        if !f.q.trim().is_empty() {
            chips.push((tf("\u{201c}{query}\u{201d}", &[("query", f.q.trim())]), f.with_query("")));
        }
        chips
            .into_iter()
            .map(|(label, next)| {
                view! {
                    <li>
                        <button type="button" class="mc-chip" on:click=move |_| go(next.clone(), false)>
                            <span>{label.clone()}</span>
                            <span class="mc-chip__x" aria-hidden="true">"\u{00d7}"</span>
                            <span class="mc-visually-hidden">" "{t("(remove filter)")}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="mc-mkt__bar">
            <p class="mc-mkt__count" role="status" aria-live="polite">
                {summary}
                {move || match load_state.get() {
                    LoadState::Partial { loaded, total } => Some(view! {
                        <span class="mc-mkt__loading">
                            {match total {
                                Some(all) => format!(" {}", tp(
                                    "\u{2014} loading {count} connector ({loaded} so far)\u{2026}",
                                    "\u{2014} loading all {count} connectors ({loaded} so far)\u{2026}",
                                    all,
                                    &[("loaded", &intl::number(loaded as f64))],
                                )),
                                None => format!(" {}", t("\u{2014} loading the rest of the catalog\u{2026}")),
                            }}
                        </span>
                    }),
                    _ => None,
                }}
            </p>
            <Show when=move || filters.with(|f| f.is_filtered())>
                <ul class="mc-mkt__chips" aria-label=t("Active filters")>{chips}</ul>
                <button type="button" class="mc-button mc-button--link" on:click=move |_| go(CatalogFilters::cleared(), false)>
                    {t("Clear filters")}
                </button>
            </Show>
        </div>
        {move || match load_state.get() {
            LoadState::Failed(msg) => Some(view! {
                <p class="mc-alert mc-alert--warning" role="alert">
                    {tf("Only part of the catalog could be loaded, so some connectors may be missing: {error}", &[("error", &msg)])}
                </p>
            }),
            _ => None,
        }}
    }
}

/// The current page of cards, or the empty state, plus paging.
#[component]
fn Grid(
    view_data: Memo<CatalogView>,
    filters: Memo<CatalogFilters>,
    index: RwSignal<Option<Arc<CatalogIndex>>>,
    selected: RwSignal<Vec<String>>,
    is_added: impl Fn(&CatalogConnector) -> bool + Copy + Send + Sync + 'static,
    add: Callback<Vec<String>>,
    adding: Memo<bool>,
    go: impl Fn(CatalogFilters, bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let page = move || filters.with(|f| f.page).clamp(1, view_data.with(|v| v.pages()));
    // The catalog positions on this page. Cards are keyed by their place on the page and read
    // their connector through it, so a filter change patches the text of the cards already
    // there instead of building a new card for every connector that moved.
    let shown = Memo::new(move |_| view_data.with(|v| v.page_slice(page()).to_vec()));
    view! {
        <Show
            when=move || view_data.with(|v| v.total() > 0)
            fallback=move || {
                if filters.with(|f| f.is_filtered()) {
                    view! {
                        <EmptyState
                            title=t("No connectors match")
                            text=t("Nothing in the catalog fits these filters and search. Remove a filter or clear them all.")
                        >
                            <button type="button" class="mc-button mc-button--primary" on:click=move |_| go(CatalogFilters::cleared(), false)>
                                {t("Clear filters")}
                            </button>
                        </EmptyState>
                    }.into_any()
                } else {
                    view! { <EmptyState title=t("The catalog is empty") text=t("This API server lists no connectors yet.") /> }.into_any()
                }
            }
        >
            <ul class="mc-mkt__grid" aria-label=t("Connectors")>
                <For
                    each=move || 0..shown.with(Vec::len)
                    key=|slot| *slot
                    children=move |slot| {
                        // One memo per slot, so the card's many bindings subscribe to it rather
                        // than all to the catalog (unsubscribing from a crowded source is slow).
                        let place = Memo::new(move |_| Slot(index.get().zip(shown.with(|s| s.get(slot).copied()))));
                        view! { <ConnectorCard place title_id=format!("mc-card-{slot}") selected is_added add adding /> }
                    }
                />
            </ul>
            <Show when=move || view_data.with(|v| v.pages() > 1)>
                <nav class="mc-mkt__pager" aria-label=t("Pages")>
                    <button type="button" class="mc-button mc-button--secondary" disabled={move || page() <= 1}
                        on:click=move |_| go(filters.get_untracked().with_page(page() - 1), false)>
                        <span aria-hidden="true">"\u{2190} "</span>{t("Previous")}
                    </button>
                    <span class="mc-mkt__page">{move || tf("Page {page} of {pages}", &[("page", &intl::number(page() as f64)), ("pages", &intl::number(view_data.with(|v| v.pages()) as f64))])}</span>
                    <button type="button" class="mc-button mc-button--secondary" disabled={move || page() >= view_data.with(|v| v.pages())}
                        on:click=move |_| go(filters.get_untracked().with_page(page() + 1), false)>
                        {t("Next")}<span aria-hidden="true">" \u{2192}"</span>
                    </button>
                </nav>
            </Show>
        </Show>
    }
}

/// What one card slot shows: a position in the loaded catalog. Equal only for the same position
/// in the same catalog, so nothing is copied or compared field by field.
#[derive(Clone)]
struct Slot(Option<(Arc<CatalogIndex>, u32)>);

impl Slot {
    fn connector(&self) -> Option<&CatalogConnector> {
        self.0.as_ref().and_then(|(index, pos)| index.get(*pos))
    }
}

impl PartialEq for Slot {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some((a, p)), Some((b, q))) => Arc::ptr_eq(a, b) && p == q,
            (a, b) => a.is_none() && b.is_none(),
        }
    }
}

/// One card slot of the grid: what the connector in it is, whether it is added, select and
/// add. Every connector-dependent text and attribute is bound to `place`.
#[component]
fn ConnectorCard(
    place: Memo<Slot>,
    /// The heading's id, which labels the card; it belongs to the slot, so it never changes.
    title_id: String,
    selected: RwSignal<Vec<String>>,
    is_added: impl Fn(&CatalogConnector) -> bool + Copy + Send + Sync + 'static,
    add: Callback<Vec<String>>,
    adding: Memo<bool>,
) -> impl IntoView {
    // One closure type for every field, so the bindings share their code.
    let field = move |f: fn(&CatalogConnector) -> String| move || place.with(|s| s.connector().map(f)).unwrap_or_default();
    let id = field(|c| c.connector_id.clone());
    let name = field(|c| c.name.clone());
    // The actions' names say which connector, as whole sentences ("Add Meta Ads").
    let add_name = field(|c| tf("Add {name}", &[("name", &c.name)]));
    let select_name = field(|c| tf("Select {name}", &[("name", &c.name)]));
    let setup_name = field(|c| tf("Set up {name}", &[("name", &c.name)]));
    let labelled_by = title_id.clone();
    // Half the slots keep their role when the page changes: those badges are left alone.
    let role = Memo::new(move |_| place.with(|s| s.connector().map(|c| c.supported_type.clone())));
    let badge = move |f: fn(&SupportedType) -> String| move || role.with(|r| r.as_ref().map(f)).unwrap_or_default();
    let base = crate::session::public_path();
    let (href, setup_href) = (base.clone(), base);
    let added = Memo::new(move |_| place.with(|s| s.connector().is_some_and(is_added)));
    let is_selected = Memo::new(move |_| {
        let id = id();
        selected.with(|s| s.contains(&id))
    });
    let toggle = move |on: bool| {
        let id = untrack(id);
        selected.update(|s| {
            s.retain(|x| x != &id);
            if on {
                s.push(id);
            }
        })
    };
    view! {
        <li class="mc-card mc-card--interactive mc-mkt-card" class:mc-card--selected=move || is_selected.get() class:mc-mkt-card--added=move || added.get()
            aria-labelledby=labelled_by>
            <div class="mc-mkt-card__head">
                <Logo src=Signal::derive(field(|c| c.logo.clone())) name=Signal::derive(name) size="md" />
                <div class="mc-mkt-card__title">
                    <h3 class="mc-mkt-card__name" id=title_id>
                        // A plain anchor (the router still handles it): an <A> per card costs a
                        // resolved-path memo and an active-state check on every navigation.
                        <a href=move || format!("{href}{}", routes::connector(&id())) class="mc-mkt-card__link">{name}</a>
                    </h3>
                    <p class="mc-mkt-card__platform">{field(|c| c.platform_type.as_str().to_string())}</p>
                </div>
            </div>
            <dl class="mc-mkt-card__facts">
                <div><dt>{t("Data type")}</dt><dd>{field(|c| c.data_type.clone())}</dd></div>
                <div><dt>{t("Category")}</dt><dd class="mc-capitalize">{field(|c| c.data_type_category.as_str().to_string())}</dd></div>
            </dl>
            <div class="mc-mkt-card__tags">
                <span class=badge(|r| role_class(r).to_string())>
                    <span aria-hidden="true">{badge(|r| role_badge(r).0.to_string())}" "</span>
                    {badge(|r| role_badge(r).1)}
                </span>
                // Empty (and hidden by CSS) when the server does not say.
                <span class="mc-badge mc-badge--neutral mc-mkt-card__auth">{field(labels::auth_label)}</span>
                <span class="mc-badge mc-badge--warning mc-mkt-card__release">{field(labels::release_label)}</span>
                <Show when=move || added.get()>
                    <span class="mc-badge mc-badge--success"><span aria-hidden="true">"\u{2713} "</span>{t("Added")}</span>
                </Show>
            </div>
            <div class="mc-mkt-card__actions">
                <Show
                    when=move || !added.get()
                    fallback=move || {
                        let setup_href = setup_href.clone();
                        view! {
                            <a href=move || format!("{setup_href}{}", routes::connector_setup(&id()))
                                data-setup-for=id
                                aria-label=setup_name
                                class="mc-button mc-button--secondary mc-button--small">
                                {t("Set up")}
                            </a>
                        }
                    }
                >
                    <label class="mc-mkt-card__select">
                        <input type="checkbox" class="mc-check" prop:checked=move || is_selected.get()
                            aria-label=select_name
                            on:change:target=move |ev| toggle(ev.target().checked()) />
                        {t("Select")}
                    </label>
                    <button type="button" class="mc-button mc-button--primary mc-button--small"
                        disabled=move || adding.get()
                        aria-label=add_name
                        on:click=move |_| add.run(vec![untrack(id)])>
                        {t("Add")}
                    </button>
                </Show>
            </div>
        </li>
    }
}

fn role_class(role: &SupportedType) -> &'static str {
    match role {
        SupportedType::Source => "mc-badge mc-badge--primary",
        _ => "mc-badge mc-badge--info",
    }
}

/// The sticky bar for adding every selected connector in one request.
#[component]
fn SelectionBar(
    selected: RwSignal<Vec<String>>,
    index: RwSignal<Option<Arc<CatalogIndex>>>,
    adding: Memo<bool>,
    add: Callback<Vec<String>>,
) -> impl IntoView {
    let names = move || {
        let ids = selected.get();
        index.with(|i| {
            ids.iter().map(|id| i.as_ref().and_then(|i| i.find(id)).map_or_else(|| id.clone(), |c| c.name.clone())).collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || !selected.with(|s| s.is_empty())>
            <div class="mc-mkt__selection" role="region" aria-label=t("Selected connectors")>
                <p class="mc-mkt__selection-text">
                    <strong>{move || tp("{count} selected", "{count} selected", selected.with(|s| s.len()) as u64, &[])}</strong>
                    <span class="mc-mkt__selection-names">{move || tf(": {names}", &[("names", &join_names(&names()))])}</span>
                </p>
                <div class="mc-mkt__selection-actions">
                    <button type="button" class="mc-button mc-button--ghost" on:click=move |_| selected.set(Vec::new())>
                        {t("Clear selection")}
                    </button>
                    <button type="button" class="mc-button mc-button--primary" disabled=move || adding.get()
                        aria-busy=move || adding.get().then_some("true")
                        on:click=move |_| add.run(selected.get_untracked())>
                        {move || {
                            let n = selected.with(|s| s.len());
                            if adding.get() { t("Adding\u{2026}") }
                            else { tp("Add {count} connector", "Add {count} connectors", n as u64, &[]) }
                        }}
                    </button>
                </div>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_slot_changes_only_with_its_position_or_catalog() {
        let a = Arc::new(CatalogIndex::default());
        let b = Arc::new(CatalogIndex::default());
        assert!(Slot(Some((a.clone(), 1))) == Slot(Some((a.clone(), 1))));
        assert!(Slot(Some((a.clone(), 1))) != Slot(Some((a.clone(), 2))));
        assert!(Slot(Some((a.clone(), 1))) != Slot(Some((b, 1))), "a reloaded catalog rebinds the card");
        assert!(Slot(None) == Slot(None));
        assert!(Slot(None) != Slot(Some((a, 0))));
    }

    #[test]
    fn names_join_like_a_sentence() {
        assert_eq!(join_names(&[]), "");
        assert_eq!(join_names(&["Meta Ads".into()]), "Meta Ads");
        assert_eq!(join_names(&["A".into(), "B".into()]), "A and B");
        assert_eq!(join_names(&["A".into(), "B".into(), "C".into()]), "A, B and C");
    }
}
