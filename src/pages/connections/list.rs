//! `/connections`: the connection table with search, status filter, Recently deleted, paging,
//! row status actions (optimistic, rolled back on refusal) and bulk actions with a report.

use crate::components::A;
use leptos::prelude::*;
use madconnect_model::status::restore_days_left;
use madconnect_model::{Connection, ConnectionStatus};
use std::collections::{HashMap, HashSet};

use super::bulk::{BulkAction, BulkRun, Outcome};
use super::format::{
    absolute_date, absolute_time, compact_volume, grouped, iso_time, now_secs, relative_time, restore_text, usage_percent, usage_text,
};
use super::ops::{use_connection_ops, Target};
use super::query::{filter_label, filter_param, keeps, parse_filter, status_filters, ListQuery};
use super::{ConnectorPair, StatusActionButtons};
use crate::api::connections::{ConnectionOp, ConnectionsQuery};
use crate::api::{self, ApiError, Page};
use crate::components::{ConfirmDialog, EmptyState, LoadError, PageHeader, Pagination, StatusBadge};
use crate::hooks::{use_debounced_search, use_url_state, UrlState, UseUrlStateReturn};
use crate::i18n::{t, tf, tp};
use crate::routes;
use crate::session::{public_path, use_session};

/// Optimistic statuses, by connection id, shown until the row is patched with the server's answer.
type Overrides = RwSignal<HashMap<String, ConnectionStatus>>;

/// What the confirmation dialog is about to delete.
#[derive(Clone, PartialEq)]
enum PendingDelete {
    One(Target),
    Many(Vec<Target>),
}

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let session = use_session();
    let UseUrlStateReturn { state: query, set } = use_url_state::<ListQuery>();
    let go = move |q: ListQuery, replace: bool| set.run((q, replace));

    let conns = LocalResource::new(move || {
        let q = query.get();
        let client = session.client();
        async move {
            let api_query = ConnectionsQuery {
                list: api::ListQuery { q: Some(q.q.clone()), size: Some(q.size), offset: Some(q.offset()) },
                status: q.status.clone(),
            };
            api::connections::list(&client, &api_query).await
        }
    });
    let (pending, set_pending) = signal(false);

    let selected = RwSignal::new(HashSet::<String>::new());
    let confirm = RwSignal::new(None::<PendingDelete>);
    // Rows are patched from the server's answers; when a row leaves this view (deleted, restored,
    // or no longer matching the status filter) or comes back to it, the page is fetched again.
    let ops = use_connection_ops(Callback::new(move |(_, done): (ConnectionOp, Vec<Connection>)| {
        let view = query.with_untracked(|q| q.status.clone());
        let left = done.iter().any(|c| !keeps(&view, &c.status));
        // One that had left (changed elsewhere) and belongs here again comes back.
        let returned = conns.with_untracked(|r| match r {
            Some(Ok(page)) => done.iter().any(|c| keeps(&view, &c.status) && !page.items.iter().any(|row| row.id == c.id)),
            _ => false,
        });
        selected.update(|s| {
            for c in &done {
                s.remove(&c.id);
            }
        });
        if left || returned {
            conns.refetch();
        }
        if left {
            // Its row, and the button that had focus, are gone: focus goes to the page's heading.
            crate::focus::focus_page_heading();
        }
        conns.try_update(|r| {
            if let Some(Ok(page)) = r {
                for row in page.items.iter_mut() {
                    if let Some(c) = done.iter().find(|c| c.id == row.id) {
                        *row = c.clone();
                    }
                }
            }
        });
    }));
    let overrides = ops.book.optimistic;
    let busy = ops.book.busy;
    let bulk = ops.bulk;

    // The rows of the current page, with their effective (possibly optimistic) status, that
    // still belong in the view.
    let loaded = Memo::new(move |_| {
        conns.with(|r| match r {
            Some(Ok(p)) => Some(p.clone()),
            _ => None,
        })
    });
    let effective = move |c: &Connection| overrides.with(|o| o.get(&c.id).cloned()).unwrap_or_else(|| c.status.clone());
    let visible_rows = Memo::new(move |_| {
        let view = query.with(|q| q.status.clone());
        loaded.with(|p| {
            p.as_ref().map(|p| p.items.iter().filter(|c| keeps(&view, &effective(c))).cloned().collect::<Vec<_>>()).unwrap_or_default()
        })
    });
    let selected_rows = Memo::new(move |_| {
        selected.with(|s| visible_rows.with(|rows| rows.iter().filter(|c| s.contains(&c.id)).cloned().collect::<Vec<_>>()))
    });

    let on_row_action = Callback::new(move |(c, op): (Connection, ConnectionOp)| {
        let target = Target::shown(&c, effective(&c));
        match op {
            ConnectionOp::Delete => confirm.set(Some(PendingDelete::One(target))),
            _ => ops.run(target, op),
        }
    });
    let bulk_click = move |action: BulkAction| {
        let rows: Vec<Target> = selected_rows.get_untracked().iter().map(|c| Target::shown(c, effective(c))).collect();
        if rows.is_empty() {
            return;
        }
        if action == BulkAction::Delete {
            confirm.set(Some(PendingDelete::Many(rows)));
        } else {
            ops.run_bulk(action, &rows);
        }
    };

    // --- search box: typed text → URL after a pause --------------------------------------------
    let search = use_debounced_search(
        Signal::derive(move || query.with(|q| q.q.clone())),
        Callback::new(move |text: String| go(query.get_untracked().with_q(&text), true)),
    );

    let is_deleted_view = move || query.with(|q| q.status == Some(ConnectionStatus::Deleted));
    let flags = move || session.flags();
    let destructive = move || flags().destructive_allowed;

    let delete_title = move || match confirm.get() {
        Some(PendingDelete::One(target)) => tf("Delete \u{201c}{name}\u{201d}?", &[("name", &target.name)]),
        Some(PendingDelete::Many(rows)) => tp("Delete {count} connection?", "Delete {count} connections?", rows.len() as u64, &[]),
        None => String::new(),
    };
    let delete_message = move || match confirm.get() {
        Some(PendingDelete::One(_)) => super::ops::delete_warning(false, session.capabilities().restore()),
        Some(PendingDelete::Many(_)) => super::ops::delete_warning(true, session.capabilities().restore()),
        None => String::new(),
    };
    let confirm_delete = Callback::new(move |()| {
        match confirm.get_untracked() {
            Some(PendingDelete::One(target)) => ops.run(target, ConnectionOp::Delete),
            Some(PendingDelete::Many(rows)) => ops.run_bulk(BulkAction::Delete, &rows),
            None => {}
        }
        confirm.set(None);
    });

    let table_view = move || {
        Suspend::new(async move {
            let result: Result<Page<Connection>, ApiError> = conns.await;
            match result {
                Err(e) => view! {
                    <LoadError title=t("Could not load connections.") message=e.to_string() retry=move |()| conns.refetch() />
                }
                .into_any(),
                Ok(page) if page.items.is_empty() => empty_view(query.get_untracked(), go).into_any(),
                Ok(_) => view! {
                    <ConnectionTable
                        query=query
                        rows=visible_rows
                        overrides=overrides
                        busy=busy
                        selected=selected
                        pending=pending
                        on_action=on_row_action
                    />
                }
                .into_any(),
            }
        })
    };

    let total = Signal::derive(move || loaded.with(|p| p.as_ref().and_then(|p| p.total)));
    let count = Signal::derive(move || loaded.with(|p| p.as_ref().map(|p| p.items.len()).unwrap_or(0)));

    view! {
        <div class="mc-connections">
            <PageHeader
                title=Signal::derive(move || {
                    if is_deleted_view() { t("Recently deleted connections") } else { t("Connections") }
                })
                subtitle=Signal::derive(move || Some(if is_deleted_view() {
                    t("Deleted connections can be restored for 30 days. They come back disabled.")
                } else {
                    t("Pipes from a source to a destination. Switch them on and off, and find the one that broke.")
                }))>
                <A href=routes::COMPATIBILITY attr:class="mc-button mc-button--secondary">{t("Compatibility")}</A>
                <A href=routes::NEW_CONNECTION attr:class="mc-button mc-button--primary">
                    <span aria-hidden="true">"+ "</span>{t("New connection")}
                </A>
            </PageHeader>

            <div class="mc-conn-toolbar" role="search" aria-label=t("Filter connections")>
                <div class="mc-field mc-conn-toolbar__search">
                    <label class="mc-field__label" for="mc-conn-search">{t("Search connections")}</label>
                    <input id="mc-conn-search" class="mc-field__input" type="search" autocomplete="off"
                        placeholder=t("Name, connector or platform")
                        prop:value=move || search.text.get()
                        on:input:target=move |ev| search.on_input.run(ev.target().value())
                        on:keydown=move |ev| if ev.key() == "Enter" { search.flush.run(()) } />
                </div>
                <div class="mc-field mc-conn-toolbar__status">
                    <label class="mc-field__label" for="mc-conn-status">{t("Status")}</label>
                    <select id="mc-conn-status" class="mc-field__input mc-field__input--select"
                        on:change:target=move |ev| go(query.get_untracked().with_status(parse_filter(&ev.target().value())), false)>
                        {move || {
                            // Recently deleted only where the API has it (see api::capabilities).
                            let deleted_too = session.capabilities().restore() || is_deleted_view();
                            status_filters().into_iter().filter(|f| *f != Some(ConnectionStatus::Deleted) || deleted_too).map(|f| view! {
                                <option value=filter_param(&f).to_string() selected={ let f = f.clone(); move || query.with(|q| q.status == f) }>{filter_label(&f)}</option>
                            }).collect_view()
                        }}
                    </select>
                </div>
                // Plain anchors (the router still handles them): <A> marks any link to this path
                // as current, and both views share the path.
                <nav class="mc-conn-views" aria-label=t("Connection views")>
                    <a href=move || format!("{}{}", public_path(), query.with(|q| q.with_status(None).href()))
                        class="mc-conn-views__link"
                        aria-current=move || (!is_deleted_view()).then_some("page")>{t("All connections")}</a>
                    // Only where the API has it (see api::capabilities).
                    <Show when=move || session.capabilities().restore() || is_deleted_view()>
                        <a href=move || format!("{}{}", public_path(), query.with(|q| q.with_status(Some(ConnectionStatus::Deleted)).href()))
                            class="mc-conn-views__link"
                            aria-current=move || is_deleted_view().then_some("page")>
                            <span class="mc-conn-views__icon" aria-hidden="true">"↺"</span>{t("Recently deleted")}
                        </a>
                    </Show>
                </nav>
            </div>

            <BulkBar selected_rows=selected_rows selected=selected deleted_view=Signal::derive(is_deleted_view)
                destructive=Signal::derive(destructive) on_bulk=Callback::new(bulk_click) />
            <BulkReport bulk=bulk on_retry=Callback::new(move |()| ops.retry_failed()) />

            <div class="mc-conn-results" aria-busy=move || pending.get().then_some("true")>
                <Transition fallback=|| view! { <TableSkeleton /> } set_pending=set_pending>
                    {table_view}
                </Transition>
            </div>

            <Show when=move || { count.get() > 0 || query.with(|q| q.page > 1) }>
                <Pagination
                    offset=Signal::derive(move || query.with(|q| q.offset()))
                    size=Signal::derive(move || query.with(|q| q.size))
                    count=count
                    total=total
                    on_change=Callback::new(move |(offset, size): (u64, u32)| {
                        let q = query.get_untracked();
                        let next = if size != q.size { q.with_size(size) } else { q.with_page((offset / u64::from(size)) as u32 + 1) };
                        go(next, false);
                    })
                />
            </Show>

            <ConfirmDialog
                open=Signal::derive(move || confirm.with(|c| c.is_some()))
                title=Signal::derive(delete_title)
                message=Signal::derive(delete_message)
                confirm_label=Signal::derive(move || match confirm.get() {
                    Some(PendingDelete::Many(rows)) => tp("Delete {count} connection", "Delete {count} connections", rows.len() as u64, &[]),
                    _ => t("Delete connection"),
                })
                destructive=true
                on_confirm=confirm_delete
                on_cancel=Callback::new(move |()| confirm.set(None))
            >
                {move || match confirm.get() {
                    Some(PendingDelete::Many(rows)) => {
                        let names: Vec<String> = rows.into_iter().map(|t| t.name).collect();
                        let (shown, more) = super::bulk::capped_names(&names, 5);
                        Some(view! {
                            <ul class="mc-modal__list" aria-label=t("Connections to delete")>
                                {shown.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                                {(more > 0).then(|| view! { <li class="mc-modal__more">{tp("and {count} more", "and {count} more", more as u64, &[])}</li> })}
                            </ul>
                        })
                    }
                    _ => None,
                }}
            </ConfirmDialog>
        </div>
    }
}

fn empty_view(q: ListQuery, go: impl Fn(ListQuery, bool) + Copy + Send + Sync + 'static) -> impl IntoView {
    let filtered = !q.q.is_empty() || !matches!(q.status, None | Some(ConnectionStatus::Deleted));
    if q.status == Some(ConnectionStatus::Deleted) && q.q.is_empty() {
        view! { <EmptyState title=t("Nothing deleted in the last 30 days") text=t("Deleted connections appear here and can be restored for 30 days.") /> }
            .into_any()
    } else if filtered || q.status == Some(ConnectionStatus::Deleted) {
        view! {
            <EmptyState title=t("No connections match") text=t("Try another search or status, or clear the filters.")>
                <button type="button" class="mc-button mc-button--secondary" on:click=move |_| go(ListQuery::default(), false)>
                    {t("Clear filters")}
                </button>
            </EmptyState>
        }
        .into_any()
    } else if q.page > 1 {
        view! {
            <EmptyState title=t("This page is empty") text=t("There are fewer connections than this page needs.")>
                <button type="button" class="mc-button mc-button--secondary" on:click=move |_| go(ListQuery { page: 1, ..q.clone() }, false)>
                    {t("Go to the first page")}
                </button>
            </EmptyState>
        }
        .into_any()
    } else {
        view! {
            <EmptyState title=t("No connections yet") text=t("A connection moves data from a source to a destination. Create the first one in a few steps.")>
                <A href=routes::NEW_CONNECTION attr:class="mc-button mc-button--primary">{t("Create a connection")}</A>
            </EmptyState>
        }
        .into_any()
    }
}

#[component]
fn TableSkeleton() -> impl IntoView {
    view! {
        <div class="mc-conn-skeleton" role="status">
            <span class="mc-visually-hidden">{t("Loading connections…")}</span>
            {(0..5).map(|_| view! { <div class="mc-conn-skeleton__row" aria-hidden="true"></div> }).collect_view()}
        </div>
    }
}

#[component]
fn ConnectionTable(
    query: Memo<ListQuery>,
    rows: Memo<Vec<Connection>>,
    overrides: Overrides,
    busy: RwSignal<HashSet<String>>,
    selected: RwSignal<HashSet<String>>,
    pending: ReadSignal<bool>,
    on_action: Callback<(Connection, ConnectionOp)>,
) -> impl IntoView {
    let session = use_session();
    let now = now_secs();
    // Row links are plain anchors (the router still handles them): an <A> per row costs
    // a resolved-path memo and an active-state check on every navigation.
    let base = public_path();
    let all_selected = move || rows.with(|r| !r.is_empty() && selected.with(|s| r.iter().all(|c| s.contains(&c.id))));
    let some_selected = move || rows.with(|r| selected.with(|s| r.iter().any(|c| s.contains(&c.id))));
    let toggle_all = move |on: bool| {
        let ids: Vec<String> = rows.with_untracked(|r| r.iter().map(|c| c.id.clone()).collect());
        selected.update(|s| {
            for id in ids {
                if on {
                    s.insert(id);
                } else {
                    s.remove(&id);
                }
            }
        });
    };
    let caption = move || {
        let q = query.get();
        let status = filter_label(&q.status);
        let args = [("status", status.as_str()), ("search", q.q.as_str())];
        let s = match (q.status == Some(ConnectionStatus::Deleted), q.status.is_none(), q.q.is_empty()) {
            (true, _, true) => t("Recently deleted connections"),
            (true, _, false) => tf("Recently deleted connections matching \u{201c}{search}\u{201d}", &args),
            (false, true, true) => t("Connections"),
            (false, true, false) => tf("Connections matching \u{201c}{search}\u{201d}", &args),
            (false, false, true) => tf("Connections with status {status}", &args),
            (false, false, false) => tf("Connections with status {status} matching \u{201c}{search}\u{201d}", &args),
        };
        if pending.get() {
            tf("{caption} (updating…)", &[("caption", &s)])
        } else {
            s
        }
    };
    let deleted_view = move || query.with(|q| q.status == Some(ConnectionStatus::Deleted));
    view! {
        <div class="mc-table-wrap" role="region" aria-labelledby="mc-conn-caption" tabindex="0">
            <table class="mc-table mc-conn-table" data-status-filter=move || query.with(|q| filter_param(&q.status).to_string())>
                <caption id="mc-conn-caption" class="mc-table__caption">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="mc-conn-table__select">
                            <input type="checkbox" class="mc-check" id="mc-conn-select-all"
                                prop:checked=all_selected
                                prop:indeterminate=move || some_selected() && !all_selected()
                                on:change:target=move |ev| toggle_all(ev.target().checked()) />
                            <label for="mc-conn-select-all" class="mc-visually-hidden">{t("Select all connections on this page")}</label>
                        </th>
                        <th scope="col">{t("Name")}</th>
                        <th scope="col">{t("Source → destination")}</th>
                        <th scope="col">{t("Status")}</th>
                        <th scope="col">{t("Enabled")}</th>
                        <th scope="col">{t("Volume")}<span class="mc-visually-hidden">{t(": used, monthly, total")}</span></th>
                        <th scope="col">{move || if deleted_view() { t("Deleted / created") } else { t("Updated / created") }}</th>
                        <th scope="col">{t("Actions")}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|c| (c.id.clone(), c.updated_time, c.status.clone()) let:c>
                        {
                            let id = c.id.clone();
                            let status = {
                                let (id, s) = (id.clone(), c.status.clone());
                                Signal::derive(move || overrides.with(|o| o.get(&id).cloned()).unwrap_or_else(|| s.clone()))
                            };
                            let is_busy = {
                                let id = id.clone();
                                Signal::derive(move || busy.with(|b| b.contains(&id)))
                            };
                            let checked = {
                                let id = id.clone();
                                Signal::derive(move || selected.with(|s| s.contains(&id)))
                            };
                            let toggle = {
                                let id = id.clone();
                                move |on: bool| selected.update(|s| { if on { s.insert(id.clone()); } else { s.remove(&id); } })
                            };
                            let box_id = format!("mc-conn-select-{}", id);
                            let name = c.name.clone();
                            let bar = usage_percent(c.used_volume, c.monthly_volume);
                            let usage = usage_text(c.used_volume, c.monthly_volume);
                            let usage = tf("Volume: {usage}", &[("usage", &usage)]);
                            let deleted_at = c.deleted_time.unwrap_or(c.updated_time);
                            let row_conn = c.clone();
                            let enabled_text = {
                                let (id, enabled) = (id.clone(), c.enabled);
                                move || {
                                    let e = overrides.with(|o| o.get(&id).map(|s| s.is_enabled())).unwrap_or(enabled);
                                    if e { t("Yes") } else { t("No") }
                                }
                            };
                            let (link_name, action_name, updated) = (c.name.clone(), c.name.clone(), c.updated_time);
                            let base = base.clone();
                            let flags_destructive = Signal::derive(move || session.flags().destructive_allowed);
                            view! {
                                <tr class="mc-conn-row" class:mc-conn-row--busy=move || is_busy.get()
                                    class:mc-conn-row--selected=move || checked.get()>
                                    <td class="mc-conn-table__select">
                                        <input type="checkbox" class="mc-check" id=box_id.clone()
                                            prop:checked=checked
                                            on:change:target=move |ev| toggle(ev.target().checked()) />
                                        <label for=box_id class="mc-visually-hidden">{tf("Select {name}", &[("name", &name)])}</label>
                                    </td>
                                    <th scope="row" class="mc-conn-table__name">
                                        <a href=format!("{base}{}", routes::connection(&c.id)) class="mc-conn-table__link">{link_name}</a>
                                        {(!c.env.is_empty()).then(|| view! { <span class="mc-conn-table__env">{c.env.clone()}</span> })}
                                    </th>
                                    <td><ConnectorPair src=c.src.clone() dest=c.dest.clone() compact=true /></td>
                                    <td class="mc-conn-table__status">
                                        <StatusBadge status=status />
                                        {move || (status.get() == ConnectionStatus::Deleted).then(|| view! {
                                            <span class="mc-conn-table__restore">{restore_text(restore_days_left(deleted_at, now))}</span>
                                        })}
                                    </td>
                                    <td>{enabled_text}</td>
                                    <td class="mc-conn-usage">
                                        <span class="mc-conn-usage__line">
                                            <span aria-hidden="true">{tf("{volume} used", &[("volume", &compact_volume(c.used_volume))])}</span>
                                            <span class="mc-visually-hidden">{usage.clone()}</span>
                                        </span>
                                        {bar.map(|p| view! {
                                            <span class="mc-meter" aria-hidden="true">
                                                <span class="mc-meter__fill" class:mc-meter__fill--full={p >= 100} style:width=format!("{p}%")></span>
                                            </span>
                                        })}
                                        <span class="mc-conn-usage__text" aria-hidden="true">
                                            {tf(
                                                "{monthly} monthly · {total} total",
                                                &[("monthly", &compact_volume(c.monthly_volume)), ("total", &compact_volume(c.total_volume))],
                                            )}
                                        </span>
                                        <span class="mc-visually-hidden">{tf(", {total} total", &[("total", &grouped(c.total_volume))])}</span>
                                    </td>
                                    <td class="mc-conn-table__times">
                                        {move || if deleted_view() {
                                            view! { <time datetime=iso_time(deleted_at) title=absolute_time(deleted_at)>{relative_time(deleted_at, now)}</time> }
                                        } else {
                                            view! { <time datetime=iso_time(updated) title=absolute_time(updated)>{relative_time(updated, now)}</time> }
                                        }}
                                        <span class="mc-conn-table__created">
                                            {super::interleave(
                                                t("Created {date}"),
                                                vec![("date", view! {
                                                    <time datetime=iso_time(c.created_time) title=absolute_time(c.created_time)>{absolute_date(c.created_time)}</time>
                                                }.into_any())],
                                            )}
                                        </span>
                                    </td>
                                    <td class="mc-conn-table__actions">
                                        <StatusActionButtons
                                            name=action_name
                                            id=id.clone()
                                            editable=c.editable
                                            status=status
                                            busy=is_busy
                                            destructive=flags_destructive
                                            compact=true
                                            on_action=Callback::new(move |op: ConnectionOp| on_action.run((row_conn.clone(), op)))
                                        />
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// Appears while rows are selected: bulk enable / disable / delete, or restore in Recently deleted.
#[component]
fn BulkBar(
    selected_rows: Memo<Vec<Connection>>,
    selected: RwSignal<HashSet<String>>,
    deleted_view: Signal<bool>,
    destructive: Signal<bool>,
    on_bulk: Callback<BulkAction>,
) -> impl IntoView {
    let count = move || selected_rows.with(|r| r.len());
    view! {
        <Show when=move || { count() > 0 }>
            <div class="mc-bulk-bar" role="region" aria-label=t("Bulk actions")>
                <p class="mc-bulk-bar__count" aria-live="polite">
                    {move || tp("{count} connection selected", "{count} connections selected", count() as u64, &[])}
                </p>
                <div class="mc-bulk-bar__actions">
                    <Show when=move || deleted_view.get()>
                        <button type="button" class="mc-button mc-button--secondary" on:click=move |_| on_bulk.run(BulkAction::Restore)>
                            {t("Restore selected")}
                        </button>
                    </Show>
                    <Show when=move || !deleted_view.get()>
                    <button type="button" class="mc-button mc-button--secondary" on:click=move |_| on_bulk.run(BulkAction::Enable)>
                        {t("Enable selected")}
                    </button>
                    <button type="button" class="mc-button mc-button--secondary" on:click=move |_| on_bulk.run(BulkAction::Disable)>
                        {t("Disable selected")}
                    </button>
                    <Show when=move || destructive.get()>
                        <button type="button" class="mc-button mc-button--danger" on:click=move |_| on_bulk.run(BulkAction::Delete)>
                            {t("Delete selected")}
                        </button>
                    </Show>
                    </Show>
                    <button type="button" class="mc-button mc-button--ghost" on:click=move |_| selected.set(HashSet::new())>
                        {t("Clear selection")}
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// The per-connection report of the last bulk run, with "Retry failed".
#[component]
fn BulkReport(bulk: RwSignal<Option<BulkRun>>, on_retry: Callback<()>) -> impl IntoView {
    let has_failures = move || bulk.with(|b| b.as_ref().is_some_and(|r| r.is_finished() && r.failed().next().is_some()));
    let finished = move || bulk.with(|b| b.as_ref().is_some_and(|r| r.is_finished()));
    view! {
        <Show when=move || bulk.with(|b| b.is_some())>
            <section class="mc-bulk-report" class:mc-bulk-report--failed=has_failures aria-labelledby="mc-bulk-report-title">
                <div class="mc-bulk-report__head">
                    <h2 id="mc-bulk-report-title" class="mc-bulk-report__title" role="status" aria-live="polite">
                        {move || bulk.with(|b| b.as_ref().map(|r| r.summary()).unwrap_or_default())}
                    </h2>
                    <div class="mc-bulk-report__actions">
                        <Show when=has_failures>
                            <button type="button" class="mc-button mc-button--primary" on:click=move |_| on_retry.run(())>
                                {t("Retry failed")}
                            </button>
                        </Show>
                        <Show when=finished>
                            <button type="button" class="mc-button mc-button--ghost" on:click=move |_| bulk.set(None)>
                                {t("Dismiss report")}
                            </button>
                        </Show>
                    </div>
                </div>
                <ul class="mc-bulk-report__list">
                    {move || bulk.with(|b| b.as_ref().map(|r| r.items.iter().map(|i| {
                        let (icon, class, text) = match &i.outcome {
                            Outcome::Pending => ("…", "pending", t("Working…")),
                            Outcome::Succeeded => ("✓", "ok", r.action.done()),
                            Outcome::Failed(e) => ("!", "failed", tf("Failed: {reason}", &[("reason", e)])),
                            Outcome::Skipped(why) => ("–", "skipped", tf("Skipped: {reason}", &[("reason", why)])),
                        };
                        view! {
                            <li class=format!("mc-bulk-report__item mc-bulk-report__item--{class}")>
                                <span class="mc-bulk-report__icon" aria-hidden="true">{icon}</span>
                                <span class="mc-bulk-report__name">{i.name.clone()}</span>
                                <span class="mc-bulk-report__outcome">{text}</span>
                            </li>
                        }
                    }).collect_view()))}
                </ul>
            </section>
        </Show>
    }
}
