//! `/connections/:id`: one connection: everything the API says about it, its settings, volumes
//! as a chart, status actions, and its activity timeline.

use crate::components::A;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use madconnect_model::status::restore_days_left;
use madconnect_model::{ActivityAction, ActivityEntry, ConfigField, ConfigValues, Connection, ConnectionStatus, ConnectorRef};

use super::format::{absolute_time, compact_volume, grouped, iso_time, now_secs, relative_time, restore_text};
use super::ops::{use_connection_ops, Target};
use super::query::duplicate_href;
use super::settings::display_value;
use super::{ConnectorPair, StatusActionButtons};
use crate::api::connections::ConnectionOp;
use crate::api::{self, ApiError};
use crate::components::{ConfirmDialog, EmptyState, LoadError, Loading, Logo, StatusBadge};
use crate::i18n::{t, tf};
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
                                        <h2 id="mc-detail-volume" class="mc-panel__title">{t("Volume")}</h2>
                                        <VolumeChart used=c.used_volume monthly=c.monthly_volume total=c.total_volume />
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

/// Used, monthly and total volume, as bars scaled to the largest, each with its figure in text
/// (the bars are decoration).
#[component]
fn VolumeChart(used: u64, monthly: u64, total: u64) -> impl IntoView {
    let max = used.max(monthly).max(total).max(1);
    let bar = |label: String, v: u64, class: &'static str| {
        let pct = ((v as f64 / max as f64) * 100.0).clamp(if v > 0 { 1.0 } else { 0.0 }, 100.0);
        view! {
            <li class="mc-chart__row">
                <span class="mc-chart__label">{label}</span>
                <span class="mc-chart__track" aria-hidden="true">
                    <span class=format!("mc-chart__bar mc-chart__bar--{class}") style:width=format!("{pct:.1}%")></span>
                </span>
                <span class="mc-chart__value" title=grouped(v)>{compact_volume(v)}<span class="mc-visually-hidden">{format!(" {}", tf("({value})", &[("value", &grouped(v))]))}</span></span>
            </li>
        }
    };
    let note = if monthly > 0 {
        let percent = ((used as u128 * 100 + monthly as u128 / 2) / monthly as u128).to_string();
        tf("Used is {percent}% of the monthly volume.", &[("percent", &percent)])
    } else {
        t("No monthly volume yet.")
    };
    view! {
        <figure class="mc-chart">
            <ul class="mc-chart__rows">
                {bar(t("Used"), used, "used")}
                {bar(t("Monthly"), monthly, "monthly")}
                {bar(t("Total"), total, "total")}
            </ul>
            <figcaption class="mc-chart__caption">{note}</figcaption>
        </figure>
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
