//! Setting up a connector that signs in with OAuth: the scopes it will ask for, "Connect with
//! {name}", and the flow's progress, in place of a credentials form.

use leptos::prelude::*;
use madconnect_model::{CatalogConnector, ConnectorConfiguration, OAuthScope};

use crate::api::authorize::Target;
use crate::components::{LoadError, Loading, Logo, A};
use crate::i18n::{t, tf};
use crate::routes;
use crate::session::use_session;

use super::oauth_flow::{take_return_query, use_oauth_flow, Flow, OAuthStatus};

/// Which scopes are ticked: the connector's defaults to begin with.
pub fn initial_scopes(scopes: &[OAuthScope]) -> Vec<String> {
    scopes.iter().filter(|s| s.default).map(|s| s.id.clone()).collect()
}

/// Reads the scopes the connector can ask for, then shows the sign-in panel.
#[component]
pub fn OAuthSetup(connector: CatalogConnector, config: ConnectorConfiguration, return_to: Memo<Option<String>>) -> impl IntoView {
    let session = use_session();
    let id = connector.connector_id.clone();
    let auth = LocalResource::new(move || {
        let client = session.client();
        let id = id.clone();
        async move { crate::api::connectors::auth(&client, &id).await }
    });
    view! {
        <Transition fallback=|| view! { <Loading label=t("Loading the setup form…") /> }>
            {move || {
                let (connector, config) = (connector.clone(), config.clone());
                Suspend::new(async move {
                    match auth.await {
                        Ok(a) => view! { <OAuthPanel connector config scopes=a.oauth_scopes return_to /> }.into_any(),
                        Err(e) => view! { <LoadError title=t("The setup form could not be loaded") message=e.to_string() /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn OAuthPanel(
    connector: CatalogConnector,
    config: ConnectorConfiguration,
    scopes: Vec<OAuthScope>,
    return_to: Memo<Option<String>>,
) -> impl IntoView {
    let configured = RwSignal::new(config.secret_config.configured);
    let name = connector.name.clone();
    let id = connector.connector_id.clone();
    let chosen = RwSignal::new(initial_scopes(&scopes));
    let on_authorized = {
        let (id, name) = (id.clone(), name.clone());
        Callback::new(move |_| {
            configured.set(true);
            crate::embed::emit(crate::embed::EmbedEvent::ConnectorAuthorized { id: id.clone(), name: name.clone() });
        })
    };
    // The path the provider comes back to when the popup is blocked: this page, as the browser
    // sees it (under the public path).
    let here = window().location().pathname().unwrap_or_default();
    let flow = use_oauth_flow(Target::Catalog(id.clone()), name.clone(), here, on_authorized);
    if let Some(state) = take_return_query(&[]) {
        flow.resume(state);
    }
    let connect = move || {
        let scopes = chosen.get_untracked();
        flow.connect(Some(scopes));
    };
    let busy = Signal::derive(move || flow.flow.with(Flow::busy));
    let has_scopes = !scopes.is_empty();
    let connect_label = {
        let name = name.clone();
        move || {
            if configured.get() {
                tf("Reconnect with {name}", &[("name", &name)])
            } else {
                tf("Connect with {name}", &[("name", &name)])
            }
        }
    };
    let done_text = tf("Connected. {name} is configured.", &[("name", &name)]);
    let connection_fields = config.connection_config.clone();

    view! {
        <header class="mc-page-header mc-setup__header">
            <div class="mc-setup__title">
                <Logo src=connector.logo.clone() name=connector.name.clone() size="lg" />
                <div>
                    <h1 class="mc-page-title">{tf("Set up {name}", &[("name", &name)])}</h1>
                    <p class="mc-setup__status">
                        {move || if configured.get() {
                            view! { <span class="mc-badge mc-badge--success"><span aria-hidden="true">"\u{2713}"</span>{t("Configured")}</span> }.into_any()
                        } else {
                            view! { <span class="mc-badge mc-badge--warning"><span aria-hidden="true">"!"</span>{t("Needs setup")}</span> }.into_any()
                        }}
                    </p>
                </div>
            </div>
        </header>
        <div class="mc-setup__grid">
            <section class="mc-panel mc-oauth" aria-labelledby="mc-setup-signin">
                <h2 class="mc-panel__title" id="mc-setup-signin">{t("Sign-in")}</h2>
                <p class="mc-muted mc-setup__note">
                    {tf("{name} signs in with OAuth: you sign in at {name} and allow access. No password is stored in MadConnect.", &[("name", &name)])}
                </p>
                {has_scopes.then(|| view! {
                    <fieldset class="mc-facet mc-oauth__scopes" disabled=move || busy.get()>
                        <legend class="mc-facet__legend">{t("Access to ask for")}</legend>
                        {scopes.into_iter().map(|s| {
                            let field_id = format!("mc-scope-{}", crate::url::encode_component(&s.id).replace('%', "_"));
                            let (on, toggle) = (s.id.clone(), s.id.clone());
                            view! {
                                <div class="mc-facet__option">
                                    <input type="checkbox" class="mc-check" id=field_id.clone()
                                        prop:checked=move || chosen.with(|c| c.contains(&on))
                                        on:change:target=move |ev| {
                                            let checked = ev.target().checked();
                                            chosen.update(|c| {
                                                c.retain(|x| x != &toggle);
                                                if checked { c.push(toggle.clone()); }
                                            });
                                        } />
                                    <label for=field_id class="mc-facet__label">
                                        <span>{s.label.clone()}</span>
                                        {(!s.default).then(|| view! { <span class="mc-muted">{t("Optional")}</span> })}
                                    </label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                })}
                {move || (has_scopes && chosen.with(Vec::is_empty)).then(|| view! {
                    <p class="mc-field__error" id="mc-oauth-scopes-error">{t("Choose at least one kind of access.")}</p>
                })}
                <div class="mc-setup__actions">
                    <button type="button" class="mc-button mc-button--primary"
                        disabled=move || busy.get() || (has_scopes && chosen.with(Vec::is_empty))
                        aria-busy=move || busy.get().then_some("true")
                        on:click=move |_| connect()>
                        {connect_label}
                    </button>
                    <A href=routes::MY_CONNECTORS attr:class="mc-button mc-button--ghost">{t("Back to My connectors")}</A>
                </div>
                <OAuthStatus flow name=name.clone() done_text retry=Callback::new(move |_| connect()) />
                {move || (flow.flow.with(|f| *f == Flow::Authorized)).then(|| return_to.get().map(|href| view! {
                    <A href=href attr:class="mc-button mc-button--primary mc-button--small">{t("Back to the connection")}</A>
                })).flatten()}
            </section>
            <super::setup::ConnectionSettingsPreview name=name.clone() fields=connection_fields />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_ticked_to_begin_with() {
        // Read from a whole catalog item, as the server answers it.
        let a: madconnect_model::ConnectorAuth = serde_json::from_value(serde_json::json!({
            "dataType": "audiences", "connectorId": "C1", "name": "Meta Ads", "authType": "oauth2", "releaseStatus": "live",
            "oauthScopes": [{"id": "ads_read", "label": "Read ads", "default": true}, {"id": "ads_write", "label": "Manage ads"}],
        }))
        .unwrap();
        assert_eq!(initial_scopes(&a.oauth_scopes), vec!["ads_read"]);
    }
}
