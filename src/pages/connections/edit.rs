//! `/connections/:id/edit`: change a connection's name and settings. Its ends cannot change:
//! the page says so and offers "Duplicate as new connection".

use crate::components::A;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use madconnect_model::{ConfigField, Connection, ConnectionUpdate};

use super::detail::not_loaded;
use super::query::duplicate_href;
use super::settings::{ConnectionSettings, SettingsForm};
use super::ConnectorPair;
use crate::api::{self, ApiError};
use crate::components::config_form::FormState;
use crate::components::{use_notify, Loading, PageHeader};
use crate::i18n::{t, tf};
use crate::routes;
use crate::session::use_session;

#[component]
pub fn ConnectionEditPage() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));

    let data = LocalResource::new(move || {
        let id = id.get();
        let client = session.client();
        async move {
            let c = api::connections::get(&client, &id).await?;
            // Both sides' settings together: neither waits on the other.
            let (sc, dc) = futures::future::join(
                api::connectors::configuration(&client, &c.src.connector_id),
                api::connectors::configuration(&client, &c.dest.connector_id),
            )
            .await;
            let (sc, dc) = (sc?, dc?);
            Ok::<(Connection, Vec<ConfigField>, Vec<ConfigField>), ApiError>((c, sc.connection_config, dc.connection_config))
        }
    });

    view! {
        <div class="mc-conn-edit">
            <p class="mc-breadcrumbs">
                <A href=routes::CONNECTIONS exact=true>{t("Connections")}</A>
                <span aria-hidden="true">" / "</span>
                <A href=move || routes::connection(&id.get()) exact=true>{t("Connection")}</A>
            </p>
            <Transition fallback=|| view! { <Loading label=t("Loading the connection…") /> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => not_loaded(e, Callback::new(move |()| data.refetch())).into_any(),
                        Ok((c, sf, df)) => view! { <EditForm c sf df /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The loaded connection's form: its state starts from the saved values, so it is made here,
/// once per loaded connection, and never written by the resource.
#[component]
fn EditForm(c: Connection, sf: Vec<ConfigField>, df: Vec<ConfigField>) -> impl IntoView {
    let session = use_session();
    let notify = use_notify();
    let navigate = StoredValue::new_local(use_navigate());
    let form = SettingsForm::filled(
        c.name.clone(),
        FormState::with_values(&sf, &c.src_connection_config.clone().unwrap_or_default()),
        FormState::with_values(&df, &c.dest_connection_config.clone().unwrap_or_default()),
    );
    let saving = RwSignal::new(false);
    crate::unsaved::use_unsaved_guard(Signal::derive(move || form.has_changes()));

    let save = move |c: Connection, sf: Vec<ConfigField>, df: Vec<ConfigField>| {
        let Some((name, sv, dv)) = form.submit(&sf, &df) else { return };
        let update = ConnectionUpdate {
            name: Some(name.clone()),
            src_connection_config: Some(sv),
            dest_connection_config: Some(dv),
            ..Default::default()
        };
        saving.set(true);
        let client = session.client();
        spawn_local(async move {
            match api::connections::update(&client, &c.id, &update).await {
                Ok(()) => {
                    form.mark_clean();
                    notify.success(tf("\u{201c}{name}\u{201d} saved.", &[("name", &name)]));
                    let href = routes::connection(&c.id);
                    navigate.with_value(|n| n(&href, NavigateOptions::default()));
                }
                Err(e) => form.apply_error(&e, &sf, &df),
            }
            saving.try_set(false);
        });
    };

    let (c2, sf2, df2) = (c.clone(), sf.clone(), df.clone());
    view! {
        <crate::unsaved::LeaveDialog />
        <PageHeader title=tf("Edit \u{201c}{name}\u{201d}", &[("name", &c.name)]) />
        <section class="mc-panel mc-conn-edit__ends" aria-labelledby="mc-edit-ends">
            <h2 id="mc-edit-ends" class="mc-panel__title">{t("Source and destination")}</h2>
            <ConnectorPair src=c.src.clone() dest=c.dest.clone() />
            <p class="mc-panel__hint">
                {t("The source and destination of a connection cannot change. To connect other ends, create a new connection with these settings.")}
            </p>
            <A href=duplicate_href(&c.id, &c.src.connector_id, &c.dest.connector_id) attr:class="mc-button mc-button--secondary">
                {t("Duplicate as new connection")}
            </A>
        </section>
        <form class="mc-conn-edit__form" novalidate
            on:submit=move |ev| { ev.prevent_default(); save(c2.clone(), sf2.clone(), df2.clone()); }>
            <ConnectionSettings form=form src_fields=sf dest_fields=df
                src_name=c.src.connector_name.clone() dest_name=c.dest.connector_name.clone()
                disabled=Signal::derive(move || saving.get()) />
            <div class="mc-form-actions">
                <A href=routes::connection(&c.id) attr:class="mc-button mc-button--secondary">{t("Cancel")}</A>
                <button type="submit" class="mc-button mc-button--primary" disabled=move || saving.get()
                    aria-busy=move || saving.get().then_some("true")>
                    {move || if saving.get() { t("Saving…") } else { t("Save changes") }}
                </button>
            </div>
        </form>
    }
}
