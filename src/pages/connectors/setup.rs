//! `/connectors/:id/setup`: the connector's credentials form, generated from its
//! `secretConfig.configuration`, plus a preview of the settings each connection will ask for.

use crate::components::A;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use madconnect_model::{AuthType, CatalogConnector, ConfigField, ConnectorConfiguration};

use crate::chunks::{on_demand, OnDemand};

use crate::api::{self, ApiError};
use crate::components::config_form::{self, ConfigForm, FormState};
use crate::components::{Loading, Logo};
use crate::i18n::{t, tf, tp, Locale};
use crate::pages::marketplace::FieldPreview;
use crate::routes;
use crate::session::use_session;

/// A `?return=` target the console may navigate to: an in-app path only (`/...`), never another
/// origin (`//host`, `https://...`, `javascript:`), never backslashes or control characters.
pub fn safe_return_path(raw: &str) -> Option<String> {
    let s = raw;
    let ok = s.starts_with('/')
        && !s.starts_with("//")
        && s.len() <= 2048
        && !s.contains('\\')
        && !s.chars().any(|c| c.is_control() || c.is_whitespace());
    ok.then(|| s.to_string())
}

/// `lastUpdated` (Unix seconds) as a date a person reads, in local time: "23 Nov 2026, 11:20";
/// in another language, as that language writes dates.
fn readable_time(secs: i64) -> String {
    if crate::i18n::locale() != Locale::En {
        return crate::i18n::intl::date_time(secs);
    }
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&opts, &"timeStyle".into(), &"short".into());
    // en-GB reads unambiguously everywhere: "23 Nov 2026, 11:20".
    String::from(date.to_locale_string("en-GB", &opts))
}

// Signing in with OAuth (scopes, the popup, its messages) downloads only for connectors that use it.
on_demand!(oauth_setup => fn oauth_setup_view(connector: CatalogConnector, config: ConnectorConfiguration, return_to: Memo<Option<String>>) -> AnyView {
    view! { <super::oauth_setup::OAuthSetup connector config return_to /> }.into_any()
});

#[component]
pub fn ConnectorSetupPage() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let return_to = Memo::new(move |_| query.with(|q| q.get("return")).and_then(|r| safe_return_path(&r)));
    let data = LocalResource::new(move || {
        let client = session.client();
        let id = id.get();
        async move {
            let connector = api::connectors::get(&client, &id).await?;
            let config = api::connectors::configuration(&client, &id).await;
            Ok::<_, ApiError>((connector, config))
        }
    });
    view! {
        <div class="mc-setup">
            <nav class="mc-breadcrumbs" aria-label=t("Breadcrumb")>
                <A href=routes::MY_CONNECTORS>{t("My connectors")}</A>
                <span aria-hidden="true">"/"</span>
                <span>{t("Setup")}</span>
            </nav>
            <Transition fallback=|| view! { <Loading label=t("Loading the setup form…") /> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((connector, Ok(config))) if connector.auth_type == Some(AuthType::OAuth2) => view! {
                            <OnDemand load=move || oauth_setup_view(connector.clone(), config.clone(), return_to) loading=t("Loading the setup form…") />
                        }.into_any(),
                        Ok((connector, Ok(config))) => view! { <SetupForm connector config return_to /> }.into_any(),
                        Ok((connector, Err(e))) if e.is_not_found() => view! {
                            <section class="mc-empty mc-empty--page">
                                <h1 class="mc-empty__title">{tf("{name} is not added yet", &[("name", &connector.name)])}</h1>
                                <p class="mc-empty__text">{t("Add it to this sub-account first, then set it up.")}</p>
                                <A href=routes::connector(&connector.connector_id) attr:class="mc-button mc-button--primary">
                                    {tf("Go to {name}", &[("name", &connector.name)])}
                                </A>
                            </section>
                        }.into_any(),
                        Ok((_, Err(e))) | Err(e) => view! {
                            <section class="mc-empty mc-empty--page" role="alert">
                                <h1 class="mc-empty__title">{t("The setup form could not be loaded")}</h1>
                                <p class="mc-empty__text">{e.to_string()}</p>
                                <A href=routes::MY_CONNECTORS attr:class="mc-button mc-button--primary">{t("Back to My connectors")}</A>
                            </section>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// What the last save did, shown under the form's buttons.
#[derive(Clone, PartialEq)]
enum Outcome {
    Saved,
    Failed(String),
}

#[component]
fn SetupForm(connector: CatalogConnector, config: ConnectorConfiguration, return_to: Memo<Option<String>>) -> impl IntoView {
    let session = use_session();
    let fields: Vec<ConfigField> = config.secret_config.configuration.clone();
    let state = RwSignal::new(FormState::for_secrets(&fields, config.secret_config.configured));
    let configured = RwSignal::new(config.secret_config.configured);
    let last_updated = RwSignal::new(config.secret_config.last_updated);
    let outcome = RwSignal::new(None::<Outcome>);
    // The values last loaded or saved: leaving with anything else asks first.
    let baseline = RwSignal::new(state.with_untracked(|s| s.values.clone()));
    crate::unsaved::use_unsaved_guard(Signal::derive(move || {
        baseline.try_with(|b| state.try_with(|s| &s.values != b)).flatten().unwrap_or(false)
    }));
    let fields_store = StoredValue::new(fields.clone());
    let id = connector.connector_id.clone();
    let name = connector.name.clone();

    let save = Action::new_local({
        let (id, name) = (id.clone(), name.clone());
        move |values: &madconnect_model::ConfigValues| {
            let client = session.client();
            let (id, name, values) = (id.clone(), name.clone(), values.clone());
            async move {
                match api::connectors::configure(&client, &id, values).await {
                    Ok(_) => {
                        fields_store.with_value(|f| state.try_update(|s| s.saved(f)));
                        if let Some(values) = state.try_with_untracked(|s| s.values.clone()) {
                            baseline.try_set(values);
                        }
                        configured.try_set(true);
                        last_updated.try_set((js_sys::Date::now() / 1000.0) as i64);
                        // The notice under the form says it, once: it takes focus, so it is
                        // heard without a second copy in the toasts' live region.
                        outcome.try_set(Some(Outcome::Saved));
                        crate::focus::focus_when_shown(".mc-setup__outcome");
                        crate::embed::emit(crate::embed::EmbedEvent::ConnectorConfigured { id: id.clone(), name: name.clone() });
                    }
                    Err(e) => {
                        // Every typed value stays: only errors are added to the state.
                        let mapped = fields_store
                            .with_value(|f| state.try_update(|s| s.apply_server_errors(f, &e.field_errors, None)).unwrap_or(false));
                        let msg = if mapped {
                            tf("{error} Fix the highlighted fields and save again.", &[("error", &e.to_string())])
                        } else {
                            tf("{error} Nothing you typed was lost; try again.", &[("error", &e.to_string())])
                        };
                        outcome.try_set(Some(Outcome::Failed(msg)));
                    }
                }
            }
        }
    });
    let saving = save.pending();
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        outcome.set(None);
        match fields_store.with_value(|f| config_form::submit(state, f)) {
            Some(values) => {
                save.dispatch(values);
            }
            None => {
                let n = state.with_untracked(|s| s.errors.len());
                outcome.set(Some(Outcome::Failed(tp(
                    "{count} field needs attention. Fix it and save again.",
                    "{count} fields need attention. Fix them and save again.",
                    n as u64,
                    &[],
                ))));
            }
        }
    };
    let has_fields = !fields.is_empty();
    let connection_fields = config.connection_config.clone();
    let setup_href_name = name.clone();

    view! {
        <crate::unsaved::LeaveDialog />
        <header class="mc-page-header mc-setup__header">
            <div class="mc-setup__title">
                <Logo src=connector.logo.clone() name=connector.name.clone() size="lg" />
                <div>
                    <h1 class="mc-page-title">{tf("Set up {name}", &[("name", &connector.name)])}</h1>
                    <p class="mc-setup__status">
                        {move || if configured.get() {
                            view! {
                                <span class="mc-badge mc-badge--success"><span aria-hidden="true">"\u{2713}"</span>{t("Configured")}</span>
                                <span class="mc-muted">{move || {
                                    let at = last_updated.get();
                                    if at > 0 { format!(" {}", tf("updated {time}", &[("time", &readable_time(at))])) } else { String::new() }
                                }}</span>
                            }.into_any()
                        } else {
                            view! {
                                <span class="mc-badge mc-badge--warning"><span aria-hidden="true">"!"</span>{t("Needs setup")}</span>
                                <span class="mc-muted">" "{t("Enter the credentials below to use it in connections.")}</span>
                            }.into_any()
                        }}
                    </p>
                </div>
            </div>
        </header>

        <div class="mc-setup__grid">
            <section class="mc-panel" aria-labelledby="mc-setup-creds">
                <h2 class="mc-panel__title" id="mc-setup-creds">{t("Credentials")}</h2>
                <p class="mc-muted mc-setup__note">
                    {t("Secrets are stored encrypted and never shown again. Leave a stored secret as it is to keep it.")}
                </p>
                <form class="mc-setup__form" novalidate on:submit=on_submit aria-labelledby="mc-setup-creds">
                    <ConfigForm fields=fields.clone() state=state disabled=saving />
                    <div class="mc-setup__actions">
                        <button type="submit" class="mc-button mc-button--primary" disabled=move || saving.get() || !has_fields
                            aria-busy=move || saving.get().then_some("true")>
                            {move || if saving.get() { t("Saving…") } else { t("Save") }}
                        </button>
                        <A href=routes::MY_CONNECTORS attr:class="mc-button mc-button--ghost">{t("Cancel")}</A>
                    </div>
                    {move || outcome.get().map(|o| match o {
                        Outcome::Saved => view! {
                            <div class="mc-alert mc-alert--success mc-setup__outcome" tabindex="-1">
                                <span class="mc-alert__icon" aria-hidden="true">"\u{2713}"</span>
                                <div>
                                    <p><strong>{tf("Saved. {name} is configured.", &[("name", &setup_href_name)])}</strong></p>
                                    {move || return_to.get().map(|href| view! {
                                        <A href=href attr:class="mc-button mc-button--primary mc-button--small">{t("Back to the connection")}</A>
                                    })}
                                </div>
                            </div>
                        }.into_any(),
                        Outcome::Failed(msg) => view! {
                            <div class="mc-alert mc-alert--error mc-setup__outcome" role="alert">
                                <span class="mc-alert__icon" aria-hidden="true">"!"</span>
                                <p>{msg}</p>
                            </div>
                        }.into_any(),
                    })}
                </form>
            </section>
            <ConnectionSettingsPreview name=name.clone() fields=connection_fields />
        </div>
    }
}

/// What each connection that uses the connector will ask for: the setup screens' right column.
#[component]
pub(crate) fn ConnectionSettingsPreview(name: String, fields: Vec<madconnect_model::ConfigField>) -> impl IntoView {
    view! {
        <section class="mc-panel" aria-labelledby="mc-setup-conn">
            <h2 class="mc-panel__title" id="mc-setup-conn">{t("Connection settings")}</h2>
            <p class="mc-muted">{tf("Each connection that uses {name} will ask for:", &[("name", &name)])}</p>
            <FieldPreview fields />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn only_in_app_paths_are_returned_to() {
        assert_eq!(safe_return_path("/connections/new?source=AB12").as_deref(), Some("/connections/new?source=AB12"));
        for bad in [
            " /connections",
            "https://evil.example/",
            "//evil.example/x",
            "/\\evil.example",
            "javascript:alert(1)",
            "connections",
            "",
            "/a b",
            "/x\n",
            "\\\\evil",
        ] {
            assert_eq!(safe_return_path(bad), None, "{bad:?}");
        }
    }
}
