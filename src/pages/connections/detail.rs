//! `/connections/:id`: one connection: everything the API says about it, its settings, "Run now"
//! with live progress, daily volume as a chart, status actions, its activity timeline, and (the
//! History tab, `?tab=history`) its transfers batch by batch.

use crate::components::A;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use madconnect_model::status::restore_days_left;
use madconnect_model::{ActivityAction, ActivityEntry, ConfigField, ConfigValues, Connection, ConnectionStatus, ConnectorRef};

use super::format::{absolute_time, grouped, iso_time, now_secs, relative_time, restore_text};
use super::ops::{use_connection_ops, Target};
use super::query::duplicate_href;
use super::settings::display_value;
use super::transfer::{BatchHistory, RunPanel};
use super::{ConnectorPair, StatusActionButtons};
use crate::api::connections::ConnectionOp;
use crate::api::reports::ReportQuery;
use crate::api::{self, ApiError};
use crate::components::chart::DailyChart;
use crate::components::pagination::{has_next, prev_offset, summary};
use crate::components::{ConfirmDialog, EmptyState, LoadError, Loading, Logo, StatusBadge};
use crate::i18n::{t, tf, tp};
use crate::routes;
use crate::session::use_session;

#[component]
pub fn ConnectionDetailPage() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));

    let conn = LocalResource::new(move || {
        let id = id.get();
        let client = session.client();
        async move { api::connections::get(&client, &id).await }
    });
    let activity = LocalResource::new(move || {
        let id = id.get();
        let client = session.client();
        async move { api::connections::activity(&client, &id).await }
    });
    // The settings' labels come from each connector's connectionConfig metadata.
    // Keyed on the two connectors only, so a status change patching the connection refetches nothing.
    let ends = Memo::new(move |_| {
        conn.with(|c| match c {
            Some(Ok(c)) => Some((c.src.connector_id.clone(), c.dest.connector_id.clone())),
            _ => None,
        })
    });
    let labels = LocalResource::new(move || {
        let ends = ends.get();
        let client = session.client();
        async move {
            let Some((s, d)) = ends else { return (Vec::new(), Vec::new()) };
            let fields = |id: String| {
                let client = client.clone();
                async move { api::connectors::configuration(&client, &id).await.map(|x| x.connection_config).unwrap_or_default() }
            };
            futures::future::join(fields(s), fields(d)).await
        }
    });

    // Whether the source connector can start transfers on demand (`transfer`).
    let source_transfers = LocalResource::new(move || {
        let ends = ends.get();
        let client = session.client();
        async move {
            let (s, _) = ends?;
            api::connectors::get(&client, &s).await.ok().map(|c| c.transfer)
        }
    });
    // Bumped when a batch ends: the history and the chart refetch.
    let refresh = RwSignal::new(0u32);
    let history_offset = RwSignal::new(0u64);
    let history = LocalResource::new(move || {
        let id = id.get();
        let offset = history_offset.get();
        refresh.track();
        let client = session.client();
        let query =
            ReportQuery { list: crate::api::ListQuery { q: None, size: Some(HISTORY_SIZE), offset: Some(offset) }, ..Default::default() };
        async move { api::reports::batches(&client, &id, &query).await }
    });
    let days = RwSignal::new(30u32);
    let daily = LocalResource::new(move || {
        let id = id.get();
        let days = days.get();
        refresh.track();
        let client = session.client();
        async move { api::reports::daily(&client, &id, days).await }
    });
    // The newest batch (the first page's first row), so a running one is followed.
    let newest = Signal::derive(move || {
        if history_offset.get() != 0 {
            return None;
        }
        history.with(|h| match h {
            Some(Ok(p)) => p.items.first().cloned(),
            _ => None,
        })
    });
    let run_again = RwSignal::new(0u32);
    let query = use_query_map();
    let history_tab = Memo::new(move |_| query.with(|q| q.get("tab").as_deref() == Some("history")));
    let navigate = StoredValue::new_local(use_navigate());
    let choose_tab = move |history: bool| {
        let href = routes::with_query(&routes::connection(&id.get_untracked()), &[("tab", if history { "history" } else { "" })]);
        navigate.with_value(|n| n(&href, NavigateOptions { replace: true, scroll: false, ..Default::default() }));
    };

    let confirm_delete = RwSignal::new(false);
    // The answer replaces the connection on screen; only the timeline has a new entry to fetch.
    let ops = use_connection_ops(Callback::new(move |(_, mut done): (ConnectionOp, Vec<Connection>)| {
        if let Some(c) = done.pop() {
            conn.set(Some(Ok(c)));
        }
        activity.refetch();
    }));
    let perform = move |c: &Connection, op: ConnectionOp| ops.run(Target::shown(c, ops.book.status(&c.id, &c.status)), op);

    view! {
        <div class="mc-conn-detail">
            <p class="mc-breadcrumbs"><A href=routes::CONNECTIONS exact=true>{t("Connections")}</A></p>
            <Transition fallback=|| view! { <Loading label=t("Loading the connection…") /> }>
                {move || Suspend::new(async move {
                    match conn.await {
                        Err(e) => not_loaded(e, Callback::new(move |()| conn.refetch())).into_any(),
                        Ok(c) => {
                            let status = Signal::derive({
                                let s = c.status.clone();
                                let id = c.id.clone();
                                move || ops.book.status(&id, &s)
                            });
                            // Here, not inside the history's Transition (whose re-runs dispose what they make).
                            let can_run = Signal::derive(move || {
                                status.get() == ConnectionStatus::Active && source_transfers.get().flatten() == Some(true)
                                    && newest.with(|b| b.as_ref().is_none_or(|b| b.status.is_finished()))
                            });
                            let c_action = c.clone();
                            let c_delete = c.clone();
                            let c_confirm = c.clone();
                            let now = now_secs();
                            let deleted_at = c.deleted_time.unwrap_or(c.updated_time);
                            view! {
                                <header class="mc-page-header mc-conn-detail__header">
                                    <div class="mc-page-header__text">
                                        <h1 class="mc-page-title">{c.name.clone()}</h1>
                                        <div class="mc-conn-detail__sub">
                                            <StatusBadge status=status />
                                            <ConnectorPair src=c.src.clone() dest=c.dest.clone() />
                                        </div>
                                        {move || (status.get() == ConnectionStatus::Deleted).then(|| view! {
                                            <p class="mc-conn-detail__deleted">{if session.capabilities().restore() { tf("Deleted. {restore}.", &[("restore", &restore_text(restore_days_left(deleted_at, now)))]) } else { t("Deleted.") }}</p>
                                        })}
                                    </div>
                                    <div class="mc-page-actions">
                                        <StatusActionButtons name=c.name.clone() id=c.id.clone() editable=c.editable status=status
                                            busy=Signal::derive({ let id = c.id.clone(); move || ops.book.is_busy(&id) }) destructive=Signal::derive(move || session.flags().destructive_allowed)
                                            on_action=Callback::new(move |op: ConnectionOp| match op {
                                                ConnectionOp::Delete => confirm_delete.set(true),
                                                _ => perform(&c_action, op),
                                            }) />
                                        <A href=duplicate_href(&c.id, &c.src.connector_id, &c.dest.connector_id) attr:class="mc-button mc-button--ghost">
                                            {t("Duplicate as new connection")}
                                        </A>
                                    </div>
                                </header>
                                <RunPanel connection_id=c.id.clone() connection_name=c.name.clone() status=status
                                    source_transfers=Signal::derive(move || source_transfers.get().flatten())
                                    fields=Signal::derive(move || labels.get().unwrap_or_default())
                                    stored=(c.src_connection_config.clone().unwrap_or_default(), c.dest_connection_config.clone().unwrap_or_default())
                                    newest=newest run_again=run_again
                                    on_finished=Callback::new(move |()| { refresh.update(|n| *n += 1); activity.refetch(); }) />
                                <DetailTabs history=history_tab on_choose=Callback::new(choose_tab) />
                                <div id="mc-tabpanel-overview" role="tabpanel" aria-labelledby="mc-tab-overview" class="mc-tabpanel" hidden=move || history_tab.get()>
                                <div class="mc-conn-detail__grid">
                                    <section class="mc-panel" aria-labelledby="mc-detail-overview">
                                        <h2 id="mc-detail-overview" class="mc-panel__title">{t("Overview")}</h2>
                                        <dl class="mc-facts">
                                            <div class="mc-facts__row"><dt>{t("Connection ID")}</dt><dd><code>{c.id.clone()}</code></dd></div>
                                            <div class="mc-facts__row"><dt>{t("Status")}</dt><dd><StatusBadge status=status /></dd></div>
                                            <div class="mc-facts__row"><dt>{t("Enabled")}</dt>
                                                <dd>{move || if status.get().is_enabled() { t("Yes") } else { t("No") }}</dd></div>
                                            <div class="mc-facts__row"><dt>{t("Editable")}</dt><dd>{if c.editable { t("Yes") } else { t("No") }}</dd></div>
                                            <div class="mc-facts__row"><dt>{t("Environment")}</dt><dd>{if c.env.is_empty() { "—".to_string() } else { c.env.clone() }}</dd></div>
                                            <div class="mc-facts__row"><dt>{t("Sub-account")}</dt><dd><code>{c.account_id.clone()}</code></dd></div>
                                            <div class="mc-facts__row"><dt>{t("Created")}</dt><dd>{time_view(c.created_time, now)}</dd></div>
                                            <div class="mc-facts__row"><dt>{t("Updated")}</dt><dd>{time_view(c.updated_time, now)}</dd></div>
                                            {c.deleted_time.map(|at| view! { <div class="mc-facts__row"><dt>{t("Deleted")}</dt><dd>{time_view(at, now)}</dd></div> })}
                                        </dl>
                                    </section>
                                    <section class="mc-panel" aria-labelledby="mc-detail-volume">
                                        <div class="mc-panel__head">
                                            <h2 id="mc-detail-volume" class="mc-panel__title">{t("Volume")}</h2>
                                            <DaysToggle days=days />
                                        </div>
                                        <p class="mc-panel__hint">
                                            {tf("Total {total} · this month {monthly} · used {used}", &[("total", &grouped(c.total_volume)), ("monthly", &grouped(c.monthly_volume)), ("used", &grouped(c.used_volume))])}
                                        </p>
                                        <Transition fallback=|| view! { <Loading label=t("Loading the volume chart…") /> }>
                                            {move || Suspend::new(async move {
                                                match daily.await {
                                                    Ok(series) => {
                                                        let n = series.len();
                                                        view! { <DailyChart series id="mc-daily" caption=tp("Records delivered per day, last {count} day", "Records delivered per day, last {count} days", n as u64, &[]) /> }.into_any()
                                                    }
                                                    Err(e) if e.is_not_found() => view! { <p class="mc-muted">{t("This API does not report daily volumes.")}</p> }.into_any(),
                                                    Err(e) => view! { <LoadError title=t("Could not load the volume chart.") message=e.to_string() retry=Callback::new(move |()| daily.refetch()) /> }.into_any(),
                                                }
                                            })}
                                        </Transition>
                                    </section>
                                    <section class="mc-panel" aria-labelledby="mc-detail-ends">
                                        <h2 id="mc-detail-ends" class="mc-panel__title">{t("Source and destination")}</h2>
                                        <div class="mc-ends">
                                            {end_card(t("Source"), c.src.clone())}
                                            {end_card(t("Destination"), c.dest.clone())}
                                        </div>
                                    </section>
                                    <section class="mc-panel" aria-labelledby="mc-detail-settings">
                                        <h2 id="mc-detail-settings" class="mc-panel__title">{t("Connection settings")}</h2>
                                        <p class="mc-panel__hint">{t("Secret values are never shown.")}</p>
                                        {
                                            let (sv, dv) = (c.src_connection_config.clone().unwrap_or_default(), c.dest_connection_config.clone().unwrap_or_default());
                                            let (sn, dn) = (c.src.connector_name.clone(), c.dest.connector_name.clone());
                                            move || {
                                                let (sf, df) = labels.get().unwrap_or_default();
                                                view! {
                                                    {settings_list(tf("Source: {name}", &[("name", &sn)]), &sf, &sv)}
                                                    {settings_list(tf("Destination: {name}", &[("name", &dn)]), &df, &dv)}
                                                }
                                            }
                                        }
                                    </section>
                                </div>
                                // Not offered where the API has no timeline (see api::capabilities).
                                <Show when=move || session.capabilities().may_have_extensions()>
                                <section class="mc-panel mc-timeline-panel" aria-labelledby="mc-detail-activity">
                                    <h2 id="mc-detail-activity" class="mc-panel__title">{t("Activity")}</h2>
                                    <Transition fallback=|| view! { <Loading label=t("Loading activity…") /> }>
                                        {move || Suspend::new(async move {
                                            match activity.await {
                                                Ok(Some(entries)) => timeline(entries, now_secs()).into_any(),
                                                Ok(None) => ().into_any(),
                                                Err(e) => view! { <LoadError title=t("Could not load the activity.") message=e.to_string() /> }.into_any(),
                                            }
                                        })}
                                    </Transition>
                                </section>
                                </Show>
                                </div>
                                <div id="mc-tabpanel-history" role="tabpanel" aria-labelledby="mc-tab-history" class="mc-tabpanel" hidden=move || !history_tab.get()>
                                    <section class="mc-panel" aria-labelledby="mc-detail-history">
                                        <h2 id="mc-detail-history" class="mc-panel__title">{t("Transfer history")}</h2>
                                        <Transition fallback=|| view! { <Loading label=t("Loading transfers…") /> }>
                                            {move || Suspend::new(async move {
                                                match history.await {
                                                    Ok(page) => {
                                                        let offset = history_offset.get_untracked();
                                                        let count = page.items.len();
                                                        let next = has_next(offset, HISTORY_SIZE, count, page.total);
                                                        view! {
                                                            <BatchHistory batches=page.items can_run run_again />
                                                            <nav class="mc-pagination" aria-label=t("Transfer history pages")>
                                                                <p class="mc-pagination__summary">{summary(offset, count, page.total)}</p>
                                                                <button type="button" class="mc-button mc-button--secondary mc-button--small" disabled=offset == 0
                                                                    on:click=move |_| history_offset.set(prev_offset(offset, HISTORY_SIZE))>{t("Newer")}</button>
                                                                <button type="button" class="mc-button mc-button--secondary mc-button--small" disabled=!next
                                                                    on:click=move |_| history_offset.set(offset + HISTORY_SIZE as u64)>{t("Older")}</button>
                                                            </nav>
                                                        }.into_any()
                                                    }
                                                    Err(e) if e.is_not_found() => view! { <p class="mc-muted">{t("This API does not report transfers batch by batch.")}</p> }.into_any(),
                                                    Err(e) => view! { <LoadError title=t("Could not load the transfers.") message=e.to_string() retry=Callback::new(move |()| history.refetch()) /> }.into_any(),
                                                }
                                            })}
                                        </Transition>
                                    </section>
                                </div>
                                <ConfirmDialog
                                    open=confirm_delete
                                    title=tf("Delete \u{201c}{name}\u{201d}?", &[("name", &c_confirm.name)])
                                    message=Signal::derive(move || super::ops::delete_warning(false, session.capabilities().restore()))
                                    confirm_label=t("Delete connection")
                                    destructive=true
                                    on_confirm=Callback::new(move |()| { confirm_delete.set(false); perform(&c_delete, ConnectionOp::Delete); })
                                    on_cancel=Callback::new(move |()| confirm_delete.set(false))
                                />
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </div>
    }
}

pub(super) fn not_loaded(e: ApiError, retry: Callback<()>) -> impl IntoView {
    if e.is_not_found() {
        view! {
            <EmptyState title=t("Connection not found") text=t("It may have been removed, or it belongs to another sub-account.")>
                <A href=routes::CONNECTIONS attr:class="mc-button mc-button--primary">{t("All connections")}</A>
            </EmptyState>
        }
        .into_any()
    } else {
        view! {
            <LoadError title=t("Could not load the connection.") message=e.to_string() retry=retry />
        }
        .into_any()
    }
}

fn time_view(t: i64, now: i64) -> impl IntoView {
    // The person's own time zone (see `format::absolute_time`).
    view! { <time datetime=iso_time(t)>{absolute_time(t)}</time>" "<span class="mc-muted">{tf("({value})", &[("value", &relative_time(t, now))])}</span> }
}

fn end_card(role: String, c: ConnectorRef) -> impl IntoView {
    let name = if c.connector_name.is_empty() { c.connector_id.clone() } else { c.connector_name.clone() };
    view! {
        <div class="mc-end">
            <p class="mc-end__role">{role}</p>
            <div class="mc-end__body">
                <Logo src=c.connector_logo.clone() name=name.clone() size="lg" />
                <div>
                    <A href=routes::connector(&c.connector_id) attr:class="mc-end__name">{name.clone()}</A>
                    <p class="mc-end__state">
                        {if c.configured { format!("✓ {}", t("Configured")) } else { format!("! {}", t("Needs setup")) }}
                    </p>
                </div>
            </div>
        </div>
    }
}

fn settings_list(title: String, fields: &[ConfigField], values: &ConfigValues) -> impl IntoView {
    let rows: Vec<(String, String)> = if fields.is_empty() {
        values.iter().map(|(k, v)| (k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))).collect()
    } else {
        fields
            .iter()
            .filter(|f| values.contains_key(&f.id) || !f.value.is_empty())
            .map(|f| (f.display_name().to_string(), display_value(f, values.get(&f.id))))
            .collect()
    };
    view! {
        <h3 class="mc-panel__subtitle">{title}</h3>
        {if rows.is_empty() {
            view! { <p class="mc-muted">{t("No settings.")}</p> }.into_any()
        } else {
            view! {
                <dl class="mc-facts">
                    {rows.into_iter().map(|(k, v)| view! { <div class="mc-facts__row"><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
                </dl>
            }.into_any()
        }}
    }
}

/// Transfers per page of the History tab.
const HISTORY_SIZE: u32 = 10;

/// Overview / History as ARIA tabs: arrow keys, Home and End move between them (and choose).
#[component]
fn DetailTabs(history: Memo<bool>, on_choose: Callback<bool>) -> impl IntoView {
    let key = move |ev: leptos::ev::KeyboardEvent| {
        let to = match ev.key().as_str() {
            "ArrowRight" | "ArrowLeft" => Some(!history.get_untracked()),
            "Home" => Some(false),
            "End" => Some(true),
            _ => None,
        };
        if let Some(h) = to {
            ev.prevent_default();
            on_choose.run(h);
            crate::focus::focus_when_shown(if h {
                "#mc-tab-history[aria-selected='true']"
            } else {
                "#mc-tab-overview[aria-selected='true']"
            });
        }
    };
    let tab = move |is_history: bool, id: &'static str, panel: &'static str, label: String| {
        let selected = move || history.get() == is_history;
        view! {
            <button type="button" role="tab" id=id class="mc-tabs__tab" aria-controls=panel
                aria-selected=move || selected().to_string() tabindex=move || if selected() { "0" } else { "-1" }
                on:click=move |_| on_choose.run(is_history) on:keydown=key>
                {label}
            </button>
        }
    };
    view! {
        <div class="mc-tabs" role="tablist" aria-label=t("Connection views")>
            {tab(false, "mc-tab-overview", "mc-tabpanel-overview", t("Overview"))}
            {tab(true, "mc-tab-history", "mc-tabpanel-history", t("History"))}
        </div>
    }
}

/// 30 or 90 days of the daily chart, as two toggle buttons.
#[component]
pub fn DaysToggle(days: RwSignal<u32>) -> impl IntoView {
    let option = move |n: u32| {
        view! {
            <button type="button" class="mc-button mc-button--ghost mc-button--small mc-toggle"
                aria-pressed=move || (days.get() == n).to_string() on:click=move |_| days.set(n)>
                {tp("{count} day", "{count} days", n as u64, &[])}
            </button>
        }
    };
    view! {
        <div class="mc-toggle-group" role="group" aria-label=t("Chart period")>
            {option(30)}
            {option(90)}
        </div>
    }
}

fn action_words(action: &ActivityAction) -> (&'static str, String) {
    let icon = match action {
        ActivityAction::Create => "+",
        ActivityAction::Edit => "✎",
        ActivityAction::Activate => "▶",
        ActivityAction::Enable => "✓",
        ActivityAction::Disable => "❚❚",
        ActivityAction::Delete => "✕",
        ActivityAction::Restore => "↺",
        ActivityAction::Other(_) => "•",
    };
    let words = match action {
        ActivityAction::Create => t("Created"),
        ActivityAction::Edit => t("Edited"),
        ActivityAction::Activate => t("Activated"),
        ActivityAction::Enable => t("Enabled"),
        ActivityAction::Disable => t("Disabled"),
        ActivityAction::Delete => t("Deleted"),
        ActivityAction::Restore => t("Restored"),
        // Sent by the API as is.
        ActivityAction::Other(_) => action.past_tense().to_string(),
    };
    (icon, words)
}

fn timeline(entries: Vec<ActivityEntry>, now: i64) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="mc-muted">{t("No activity recorded yet.")}</p> }.into_any();
    }
    view! {
        <ol class="mc-timeline" aria-label=t("Activity, newest first")>
            {entries.into_iter().map(|e| {
                let (icon, words) = action_words(&e.action);
                let line = super::interleave(
                    t("{action} by {actor}"),
                    vec![
                        ("action", view! { <strong class="mc-timeline__action">{words}</strong> }.into_any()),
                        ("actor", view! { <span class="mc-timeline__actor">{e.actor.clone()}</span> }.into_any()),
                    ],
                );
                view! {
                    <li class="mc-timeline__item">
                        <span class="mc-timeline__icon" aria-hidden="true">{icon}</span>
                        <div class="mc-timeline__body">
                            <p class="mc-timeline__line">{line}</p>
                            {(!e.detail.is_empty()).then(|| view! { <p class="mc-timeline__detail">{e.detail.clone()}</p> })}
                            <p class="mc-timeline__time">
                                <time datetime=iso_time(e.time)>{absolute_time(e.time)}</time>
                                " · "{relative_time(e.time, now)}
                            </p>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}
