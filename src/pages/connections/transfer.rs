//! Running a connection now: why it cannot run (when it cannot), optional run-time settings in the
//! connectors' own form, live progress by polling the batch with backoff, and the outcome as a
//! notice that takes focus. Also the batch history table.

use leptos::prelude::*;
use madconnect_model::{
    Batch, BatchStage, BatchStatus, ConfigField, ConfigValues, ConnectionStatus, FieldType, RunTimeConfiguration, TransferRequest,
};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::format::{absolute_time, byte_size, grouped, iso_time};
use crate::api::{self, ApiError};
use crate::components::config_form::{self, ConfigForm, FormState};
use crate::embed::EmbedEvent;
use crate::i18n::{t, tf, tp};
use crate::session::use_session;

/// Where the run-time settings' 422 errors are keyed, per end.
pub const SOURCE_PREFIX: &str = "configuration.source";
pub const DESTINATION_PREFIX: &str = "configuration.destination";

/// The wait before the `n`-th status poll (from 0): 1 s, then half a second more each time, at
/// most 5 s, so a quick batch is seen quickly and a slow one is not polled hard.
pub fn poll_delay(n: u32) -> Duration {
    Duration::from_millis((1_000 + 500 * u64::from(n)).min(5_000))
}

/// Why "Run now" is not offered, or `None` when it is.
pub fn blocked_reason(status: &ConnectionStatus, source_transfers: bool, running: bool) -> Option<String> {
    if *status != ConnectionStatus::Active {
        return Some(tf(
            "Transfers run only on active connections; this one is {status}.",
            &[("status", &crate::components::status_badge::status_label(status))],
        ));
    }
    if !source_transfers {
        return Some(t("Its source cannot start transfers on demand; it runs on its schedule."));
    }
    if running {
        return Some(t("A batch is already running on this connection."));
    }
    None
}

/// The run-time values to send: only those that differ from the stored settings (a password only
/// when one was typed), so an untouched form runs the connection as stored.
pub fn changed_values(fields: &[ConfigField], submitted: &ConfigValues, stored: &ConfigValues) -> ConfigValues {
    submitted
        .iter()
        .filter(|(k, v)| {
            let Some(f) = fields.iter().find(|f| &f.id == *k) else { return false };
            if f.readonly {
                return false;
            }
            if f.field_type == FieldType::Password {
                return v.as_str().is_some_and(|s| !s.is_empty());
            }
            stored.get(*k) != Some(*v) && !(stored.get(*k).is_none() && v.as_str() == Some(""))
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// What a batch is doing, in words.
pub fn stage_text(stage: &BatchStage) -> String {
    match stage {
        BatchStage::Queued => t("Queued"),
        BatchStage::Reading => t("Reading the source"),
        BatchStage::Writing => t("Writing to the destination"),
        BatchStage::Success => t("Succeeded"),
        BatchStage::Failure => t("Failed"),
        BatchStage::Other(s) => s.clone(),
    }
}

/// How far along a batch is, out of 3 steps (for the progress bar).
fn stage_step(stage: &BatchStage) -> u32 {
    match stage {
        BatchStage::Queued => 0,
        BatchStage::Reading => 1,
        BatchStage::Writing => 2,
        _ => 3,
    }
}

/// A batch's status as a badge: an icon and a word, not a colour alone.
#[component]
pub fn BatchBadge(status: BatchStatus) -> impl IntoView {
    let (class, icon, label) = match status {
        BatchStatus::Success => ("mc-badge mc-badge--success", "✓", t("Succeeded")),
        BatchStatus::Failure => ("mc-badge mc-badge--danger", "✕", t("Failed")),
        _ => ("mc-badge mc-badge--info", "…", t("Running")),
    };
    view! { <span class=class><span class="mc-badge__icon" aria-hidden="true">{icon}</span><span class="mc-badge__label">{label}</span></span> }
}

async fn sleep(d: Duration) {
    let (tx, rx) = futures_channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = tx.send(());
        },
        d,
    );
    let _ = rx.await;
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Starting,
    Running(Batch),
    Done(Batch),
    Refused(ApiError),
}

/// The connection's "Run now" panel. `stored` are its settings per end, `fields` the connectors'
/// connection settings; `newest` the newest batch known (a running one is followed here too);
/// `on_finished` runs once a batch ends (the history and chart refetch). `run_again` bumps when
/// the history asks to run again.
#[component]
pub fn RunPanel(
    #[prop(into)] connection_id: String,
    #[prop(into)] connection_name: String,
    #[prop(into)] status: Signal<ConnectionStatus>,
    #[prop(into)] source_transfers: Signal<Option<bool>>,
    #[prop(into)] fields: Signal<(Vec<ConfigField>, Vec<ConfigField>)>,
    stored: (ConfigValues, ConfigValues),
    #[prop(into)] newest: Signal<Option<Batch>>,
    run_again: RwSignal<u32>,
    on_finished: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let phase = RwSignal::new(Phase::Idle);
    // Cleared when the page is left: the poll stops at its next wake-up.
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    let src_form = RwSignal::new(FormState::default());
    let dest_form = RwSignal::new(FormState::default());
    let settings_open = RwSignal::new(false);
    let stored = StoredValue::new(stored);
    // The forms start from the stored settings once the connectors' fields are known.
    Effect::new(move |_| {
        let (sf, df) = fields.get();
        let (sv, dv) = stored.get_value();
        let fresh = |f: &[ConfigField], v: &ConfigValues| {
            let mut s = FormState::with_values(f, v);
            s.stored_secrets = f.iter().filter(|f| f.field_type == FieldType::Password).map(|f| f.id.clone()).collect();
            s
        };
        src_form.set(fresh(&sf, &sv));
        dest_form.set(fresh(&df, &dv));
    });

    let busy = Memo::new(move |_| phase.with(|p| matches!(p, Phase::Starting | Phase::Running(_))));
    let running_elsewhere = Signal::derive(move || newest.with(|b| b.as_ref().is_some_and(|b| !b.status.is_finished())));
    let reason = Signal::derive(move || match source_transfers.get() {
        None => None,
        Some(ok) => blocked_reason(&status.get(), ok, running_elsewhere.get() && !busy.get()),
    });
    let ready = Signal::derive(move || source_transfers.get().is_some() && reason.get().is_none() && !busy.get());

    // Follows a batch until it ends or the page is left.
    let follow = {
        let alive = alive.clone();
        let connection_id = connection_id.clone();
        move |first: Batch| {
            let alive = alive.clone();
            let connection_id = connection_id.clone();
            phase.set(Phase::Running(first.clone()));
            leptos::task::spawn_local(async move {
                let client = session.client();
                let mut n = 0;
                loop {
                    sleep(poll_delay(n)).await;
                    n += 1;
                    if !alive.load(Ordering::Relaxed) {
                        return;
                    }
                    match api::transfers::status(&client, &connection_id, &first.id).await {
                        Ok(b) if b.status.is_finished() => {
                            if !alive.load(Ordering::Relaxed) {
                                return;
                            }
                            crate::embed::emit(EmbedEvent::TransferFinished {
                                connection_id: connection_id.clone(),
                                batch_id: b.id.clone(),
                                status: b.status.as_str().to_string(),
                                records: Some(b.records),
                                failure_reason: b.failure_reason.clone(),
                            });
                            // Asked before the notice exists, so the new notice is the one focused.
                            crate::focus::focus_when_shown("#mc-run-notice");
                            phase.set(Phase::Done(b));
                            on_finished.run(());
                            return;
                        }
                        Ok(b) => {
                            if alive.load(Ordering::Relaxed) {
                                phase.set(Phase::Running(b));
                            }
                        }
                        // A blip in the network: keep trying, more slowly.
                        Err(e) if e.is_network() => {}
                        Err(e) => {
                            if alive.load(Ordering::Relaxed) {
                                crate::focus::focus_when_shown("#mc-run-notice");
                                phase.set(Phase::Refused(e));
                            }
                            return;
                        }
                    }
                }
            });
        }
    };
    let follow = StoredValue::new_local(follow);

    // A batch already running when the page opened (a schedule, another tab) is followed too.
    Effect::new(move |_| {
        if let Some(b) = newest.get() {
            if !b.status.is_finished() && phase.with_untracked(|p| matches!(p, Phase::Idle | Phase::Done(_))) {
                follow.with_value(|f| f(b));
            }
        }
    });

    let start = {
        let connection_id = connection_id.clone();
        move |configuration: Option<RunTimeConfiguration>| {
            if busy.get_untracked() {
                return;
            }
            phase.set(Phase::Starting);
            let connection_id = connection_id.clone();
            leptos::task::spawn_local(async move {
                let client = session.client();
                let request = TransferRequest { configuration };
                match api::transfers::start(&client, &connection_id, &request).await {
                    Ok(started) => {
                        crate::embed::emit(EmbedEvent::TransferStarted {
                            connection_id: connection_id.clone(),
                            batch_id: started.id.clone(),
                            status: started.status.as_str().to_string(),
                        });
                        let batch = Batch {
                            id: started.id,
                            status: started.status,
                            connection_id: connection_id.clone(),
                            stage: BatchStage::Queued,
                            trigger: madconnect_model::BatchTrigger::Manual,
                            started_time: super::format::now_secs(),
                            finished_time: None,
                            records: 0,
                            bytes: 0,
                            failure_reason: None,
                        };
                        let _ = follow.try_with_value(|f| f(batch));
                    }
                    Err(e) => {
                        let (sf, df) = fields.get_untracked();
                        src_form.try_update(|s| s.apply_server_errors(&sf, &e.field_errors, Some(SOURCE_PREFIX)));
                        dest_form.try_update(|s| s.apply_server_errors(&df, &e.field_errors, Some(DESTINATION_PREFIX)));
                        let on_field = e.field_errors.keys().any(|k| k.starts_with("configuration."));
                        if !on_field {
                            crate::focus::focus_when_shown("#mc-run-notice");
                        }
                        let _ = phase.try_set(Phase::Refused(e));
                    }
                }
            });
        }
    };
    let start = StoredValue::new_local(start);
    let run_plain = move || start.with_value(|s| s(None));
    let run_with_settings = move || {
        let (sf, df) = fields.get_untracked();
        let src = config_form::submit(src_form, &sf);
        let dest = config_form::submit(dest_form, &df);
        let (Some(src), Some(dest)) = (src, dest) else { return };
        let (sv, dv) = stored.get_value();
        let configuration = RunTimeConfiguration { source: changed_values(&sf, &src, &sv), destination: changed_values(&df, &dest, &dv) };
        let any = !configuration.source.is_empty() || !configuration.destination.is_empty();
        start.with_value(|s| s(any.then_some(configuration)));
    };
    // "Run again" in the history.
    Effect::new(move |was: Option<u32>| {
        let now = run_again.get();
        if was.is_some_and(|w| w != now) && ready.get_untracked() {
            run_plain();
        }
        now
    });

    let name_hidden = connection_name.clone();
    view! {
        <section class="mc-panel mc-run" aria-labelledby="mc-run-title">
            <h2 id="mc-run-title" class="mc-panel__title">{t("Transfer data")}</h2>
            <div class="mc-run__row">
                <button type="button" class="mc-button mc-button--primary" disabled=move || !ready.get()
                    aria-describedby=move || reason.get().map(|_| "mc-run-reason")
                    on:click=move |_| run_plain()>
                    {move || if busy.get() { t("Running…") } else { t("Run now") }}
                    <span class="mc-visually-hidden">{format!(" {name_hidden}")}</span>
                </button>
                {move || reason.get().map(|r| view! { <p id="mc-run-reason" class="mc-run__reason">{r}</p> })}
            </div>
            {move || phase.with(|p| match p {
                Phase::Starting => Some(view! { <p class="mc-run__progress" role="status">{t("Starting a transfer…")}</p> }.into_any()),
                Phase::Running(b) => {
                    let step = stage_step(&b.stage);
                    Some(view! {
                        <div class="mc-run__progress" role="status">
                            <label for="mc-run-bar">{tf("Transfer running: {stage}", &[("stage", &stage_text(&b.stage))])}</label>
                            <progress id="mc-run-bar" class="mc-run__bar" max="3" value=step.to_string()></progress>
                        </div>
                    }.into_any())
                }
                Phase::Done(b) => Some(outcome(b).into_any()),
                Phase::Refused(e) => Some(view! {
                    <div id="mc-run-notice" class="mc-alert mc-alert--error" role="alert" tabindex="-1">
                        <span class="mc-alert__icon" aria-hidden="true">"!"</span>
                        <p>{tf("The transfer could not start: {reason}", &[("reason", &e.shown())])}</p>
                    </div>
                }.into_any()),
                Phase::Idle => None,
            })}
            <details class="mc-run__settings" prop:open=move || settings_open.get()
                on:toggle:target=move |ev| settings_open.set(ev.target().open())>
                <summary>{t("Run with different settings")}</summary>
                <p class="mc-panel__hint">{t("These settings apply to this run only; the connection keeps its own. Secret values left blank stay as stored.")}</p>
                <form novalidate class="mc-run__form" on:submit=move |ev| { ev.prevent_default(); run_with_settings(); }>
                    {move || {
                        let (sf, df) = fields.get();
                        view! {
                            <fieldset class="mc-fieldset">
                                <legend>{t("Source settings")}</legend>
                                <ConfigForm fields=sf state=src_form key_prefix=SOURCE_PREFIX disabled=busy />
                            </fieldset>
                            <fieldset class="mc-fieldset">
                                <legend>{t("Destination settings")}</legend>
                                <ConfigForm fields=df state=dest_form key_prefix=DESTINATION_PREFIX disabled=busy />
                            </fieldset>
                        }
                    }}
                    <button type="submit" class="mc-button mc-button--secondary" disabled=move || !ready.get()>{t("Run with these settings")}</button>
                </form>
            </details>
        </section>
    }
}

fn outcome(b: &Batch) -> impl IntoView {
    if b.status == BatchStatus::Success {
        let text = tp(
            "Transfer succeeded: {records} record delivered ({size}).",
            "Transfer succeeded: {records} records delivered ({size}).",
            b.records,
            &[("records", &grouped(b.records)), ("size", &byte_size(b.bytes))],
        );
        view! {
            <div id="mc-run-notice" class="mc-alert mc-alert--success" role="status" tabindex="-1">
                <span class="mc-alert__icon" aria-hidden="true">"✓"</span>
                <p>{text}</p>
            </div>
        }
        .into_any()
    } else {
        let reason = b.failure_reason.clone().unwrap_or_else(|| t("No reason was given."));
        view! {
            <div id="mc-run-notice" class="mc-alert mc-alert--error" role="alert" tabindex="-1">
                <span class="mc-alert__icon" aria-hidden="true">"!"</span>
                <p>{tf("Transfer failed: {reason}", &[("reason", &reason)])}</p>
            </div>
        }
        .into_any()
    }
}

/// The batch-wise report: newest first, a page at a time. `can_run` says whether "Run again" is
/// offered; it bumps `run_again`.
#[component]
pub fn BatchHistory(batches: Vec<Batch>, #[prop(into)] can_run: Signal<bool>, run_again: RwSignal<u32>) -> impl IntoView {
    if batches.is_empty() {
        return view! { <p class="mc-muted">{t("No transfers yet.")}</p> }.into_any();
    }
    let rows = batches
        .into_iter()
        .map(|b| {
            let finished = b.finished_time;
            let failed = b.status == BatchStatus::Failure;
            let trigger = if b.trigger == madconnect_model::BatchTrigger::Schedule { t("Schedule") } else { t("On demand") };
            view! {
                <tr>
                    <th scope="row"><time datetime=iso_time(b.started_time)>{absolute_time(b.started_time)}</time></th>
                    <td><BatchBadge status=b.status.clone() /></td>
                    <td>{finished.map(|f| view! { <time datetime=iso_time(f)>{absolute_time(f)}</time> }.into_any()).unwrap_or_else(|| "—".into_any())}</td>
                    <td>{trigger}</td>
                    <td class="mc-num">{grouped(b.records)}</td>
                    <td class="mc-num">{byte_size(b.bytes)}</td>
                    <td class="mc-run__why">{if failed { b.failure_reason.clone().unwrap_or_default() } else { String::new() }}</td>
                    <td>
                        {b.status.is_finished().then(|| view! {
                            <button type="button" class="mc-button mc-button--ghost mc-button--small" disabled=move || !can_run.get()
                                on:click=move |_| run_again.update(|n| *n += 1)>
                                {t("Run again")}<span class="mc-visually-hidden">{format!(" ({})", absolute_time(b.started_time))}</span>
                            </button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="mc-table-wrap mc-history">
            <table class="mc-table">
                <caption class="mc-visually-hidden">{t("Transfers, newest first")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("Started")}</th>
                        <th scope="col">{t("Status")}</th>
                        <th scope="col">{t("Finished")}</th>
                        <th scope="col">{t("Started by")}</th>
                        <th scope="col" class="mc-num">{t("Records")}</th>
                        <th scope="col" class="mc-num">{t("Volume")}</th>
                        <th scope="col">{t("Failure reason")}</th>
                        <th scope="col"><span class="mc-visually-hidden">{t("Actions")}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn polling_backs_off_to_a_cap() {
        let waits: Vec<u64> = (0..8).map(|n| poll_delay(n).as_millis() as u64).collect();
        assert_eq!(waits, vec![1_000, 1_500, 2_000, 2_500, 3_000, 3_500, 4_000, 4_500]);
        assert_eq!(poll_delay(20), Duration::from_secs(5));
        assert_eq!(poll_delay(u32::MAX), Duration::from_secs(5));
    }

    #[test]
    fn run_now_is_refused_with_the_first_reason_that_applies() {
        assert_eq!(blocked_reason(&ConnectionStatus::Active, true, false), None);
        assert!(blocked_reason(&ConnectionStatus::Disabled, true, false).unwrap().contains("active connections"));
        assert!(blocked_reason(&ConnectionStatus::Disabled, false, true).unwrap().contains("active connections"));
        assert!(blocked_reason(&ConnectionStatus::Active, false, true).unwrap().contains("on demand"));
        assert!(blocked_reason(&ConnectionStatus::Active, true, true).unwrap().contains("already running"));
    }

    #[test]
    fn only_changed_settings_are_sent() {
        let field = |id: &str, ty: &str| -> ConfigField { serde_json::from_value(json!({ "id": id, "type": ty })).unwrap() };
        let fields = vec![field("audience", "text"), field("token", "password"), field("note", "text")];
        let stored: ConfigValues = [("audience".to_string(), json!("Loyal"))].into_iter().collect();
        let same: ConfigValues =
            [("audience".to_string(), json!("Loyal")), ("token".to_string(), json!("")), ("note".to_string(), json!(""))]
                .into_iter()
                .collect();
        assert!(changed_values(&fields, &same, &stored).is_empty());
        let changed: ConfigValues =
            [("audience".to_string(), json!("reject-me")), ("token".to_string(), json!("s3cret"))].into_iter().collect();
        let out = changed_values(&fields, &changed, &stored);
        assert_eq!(out.get("audience"), Some(&json!("reject-me")));
        assert_eq!(out.get("token"), Some(&json!("s3cret")));
    }
}
