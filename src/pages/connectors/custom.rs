//! Custom OAuth connectors under My connectors: the list with each one's state (and why it was
//! disconnected), "Add custom connector", and Authorize / Reconnect, Disconnect and Remove.

use leptos::prelude::*;
use madconnect_model::{CustomConnector, CustomConnectorState, NewCustomConnector};
use std::collections::BTreeMap;

use super::metadata::{self, MetadataEditor, Spot};
use super::oauth_flow::{take_return_query, use_oauth_flow, Flow, OAuthStatus};
use crate::api::authorize::{self as api, Target};
use crate::components::{use_notify, ConfirmDialog, LoadError, Loading, Modal};
use crate::i18n::{t, tf, tp};
use crate::session::use_session;

/// What a custom connector is called: its `name` metadata, else its URL's host.
pub fn display_name(c: &CustomConnector) -> String {
    if let Some(name) = c.metadata.get("name").map(|n| n.trim()).filter(|n| !n.is_empty()) {
        return name.to_string();
    }
    let rest = c.url.split_once("://").map_or(c.url.as_str(), |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if host.is_empty() {
        c.url.clone()
    } else {
        host.to_string()
    }
}

/// A state in words with its icon (never colour alone), and the badge's class.
pub fn state_badge(state: &CustomConnectorState) -> (&'static str, String, &'static str) {
    match state {
        CustomConnectorState::Created => ("\u{25cb}", t("Created"), "mc-badge mc-badge--neutral"),
        CustomConnectorState::AuthRequired => ("!", t("Needs authorization"), "mc-badge mc-badge--warning"),
        CustomConnectorState::Connected => ("\u{2713}", t("Connected"), "mc-badge mc-badge--success"),
        CustomConnectorState::Disconnected => ("\u{00d7}", t("Disconnected"), "mc-badge mc-badge--danger"),
        CustomConnectorState::Other(s) => ("\u{2022}", s.clone(), "mc-badge mc-badge--neutral"),
    }
}

/// The custom connectors section of My connectors.
#[component]
pub fn CustomConnectors() -> impl IntoView {
    let session = use_session();
    let notify = use_notify();
    let items = RwSignal::new(None::<Result<Vec<CustomConnector>, String>>);
    // An API without this extension (404) gets no section at all.
    let unsupported = RwSignal::new(false);
    let load = move || {
        let client = session.client();
        leptos::task::spawn_local(async move {
            let all = crate::api::all_pages(100, |q| {
                let client = client.clone();
                async move { api::list_custom(&client, &q).await }
            })
            .await;
            match all {
                Err(e) if e.is_not_found() => {
                    unsupported.try_set(true);
                }
                all => {
                    items.try_set(Some(all.map_err(|e| e.to_string())));
                }
            }
        });
    };
    load();
    // Back from the provider in this tab (the popup was blocked): which connector, which attempt.
    let resume = StoredValue::new({
        let custom = crate::url::query_param(&window().location().search().unwrap_or_default(), "custom");
        custom.and_then(|id| take_return_query(&[]).map(|state| (id, state)))
    });
    let adding = RwSignal::new(false);
    let can_remove = Signal::derive(move || session.destructive_allowed());
    let ids = move || items.with(|i| i.as_ref().and_then(|r| r.as_ref().ok()).map(|l| l.iter().map(|c| c.id.clone()).collect::<Vec<_>>()));
    let on_created = Callback::new(move |c: CustomConnector| {
        let name = display_name(&c);
        let id = c.id.clone();
        items.update(|i| {
            if let Some(Ok(list)) = i {
                list.push(c);
            }
        });
        adding.set(false);
        notify.success(tf("Added {name}. Authorize it to connect.", &[("name", &name)]));
        crate::focus::focus_when_shown(format!("[data-custom-id=\"{}\"] h3", crate::url::encode_component(&id)));
    });
    let on_removed = Callback::new(move |id: String| {
        items.update(|i| {
            if let Some(Ok(list)) = i {
                list.retain(|c| c.id != id);
            }
        });
        crate::focus::focus_when_shown("#mc-custom-title");
    });

    view! {
        <Show when=move || !unsupported.get()>
        <section class="mc-custom" aria-labelledby="mc-custom-title">
            <div class="mc-custom__head">
                <div>
                    <h2 class="mc-custom__title" id="mc-custom-title">{t("Custom connectors")}</h2>
                    <p class="mc-muted">{t("Your own OAuth applications, connected as destinations any source can feed.")}</p>
                </div>
                <button type="button" class="mc-button mc-button--secondary" aria-expanded=move || if adding.get() { "true" } else { "false" }
                    on:click=move |_| {
                        adding.update(|a| *a = !*a);
                        if adding.get_untracked() {
                            crate::focus::focus_when_shown("#mc-custom-form-title");
                        }
                    }>
                    {t("Add custom connector")}
                </button>
            </div>
            <Show when=move || adding.get()>
                <AddCustomForm on_created on_cancel=Callback::new(move |_| adding.set(false)) />
            </Show>
            {move || match items.with(|i| i.as_ref().map(|r| r.as_ref().err().cloned())) {
                None => view! { <Loading label=t("Loading custom connectors…") /> }.into_any(),
                Some(Some(e)) => view! {
                    <LoadError title=t("Custom connectors could not be loaded.") message=e retry=move |()| { items.set(None); load(); } />
                }.into_any(),
                Some(None) if ids().is_some_and(|l| l.is_empty()) => view! {
                    <p class="mc-muted mc-custom__empty">{t("No custom connectors yet.")}</p>
                }.into_any(),
                Some(None) => view! {
                    <ul class="mc-custom__list" aria-label=t("Custom connectors")>
                        <For each=move || ids().unwrap_or_default() key=|id| id.clone() children=move |id| {
                            let c = items.with_untracked(|i| i.as_ref().and_then(|r| r.as_ref().ok()).and_then(|l| l.iter().find(|c| c.id == id).cloned()));
                            let resume_state = resume.with_value(|r| r.as_ref().filter(|(rid, _)| *rid == id).map(|(_, s)| s.clone()));
                            if resume_state.is_some() {
                                resume.set_value(None);
                            }
                            c.map(|c| view! { <CustomRow connector=c resume=resume_state can_remove on_removed /> })
                        } />
                    </ul>
                }.into_any(),
            }}
        </section>
        </Show>
    }
}

/// One custom connector with its actions and its sign-in progress.
#[component]
fn CustomRow(connector: CustomConnector, resume: Option<String>, can_remove: Signal<bool>, on_removed: Callback<String>) -> impl IntoView {
    let session = use_session();
    let notify = use_notify();
    let name = display_name(&connector);
    let id = connector.id.clone();
    let conn = RwSignal::new(connector);
    let on_authorized = {
        let (id, name) = (id.clone(), name.clone());
        Callback::new(move |_| {
            conn.update(|c| {
                c.state = CustomConnectorState::Connected;
                c.disconnect_reason = None;
            });
            crate::embed::emit(crate::embed::EmbedEvent::ConnectorAuthorized { id: id.clone(), name: name.clone() });
        })
    };
    let here = format!("{}?custom={}", window().location().pathname().unwrap_or_default(), crate::url::encode_component(&id));
    let flow = use_oauth_flow(Target::Custom(id.clone()), name.clone(), here, on_authorized);
    if let Some(state) = resume {
        flow.resume(state);
    }
    let busy = Signal::derive(move || flow.flow.with(Flow::busy));
    let state = move || conn.with(|c| c.state.clone());

    // Disconnect: a dialog asking why.
    let disconnecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let disconnect_error = RwSignal::new(None::<String>);
    let disconnect = Action::new_local({
        let (id, name) = (id.clone(), name.clone());
        move |why: &String| {
            let client = session.client();
            let (id, name) = (id.clone(), name.clone());
            let why = Some(why.trim().to_string()).filter(|w| !w.is_empty());
            async move {
                match api::disconnect_custom(&client, &id, why.clone()).await {
                    Ok(c) => {
                        conn.try_set(c);
                        // The last sign-in's notice no longer says how things stand.
                        flow.flow.try_set(Flow::Idle);
                        disconnecting.try_set(false);
                        notify.success(tf("Disconnected {name}.", &[("name", &name)]));
                        crate::embed::emit(crate::embed::EmbedEvent::ConnectorDisconnected { id, name, reason: why });
                    }
                    Err(e) => {
                        disconnect_error.try_set(Some(e.to_string()));
                    }
                }
            }
        }
    });

    // Remove: a confirmation naming it.
    let removing = RwSignal::new(false);
    let remove_error = RwSignal::new(None::<String>);
    let remove = Action::new_local({
        let (id, name) = (id.clone(), name.clone());
        move |_: &()| {
            let client = session.client();
            let (id, name) = (id.clone(), name.clone());
            async move {
                match api::remove_custom(&client, &id).await {
                    Ok(()) => {
                        removing.try_set(false);
                        notify.success(tf("Removed {name}.", &[("name", &name)]));
                        crate::embed::emit(crate::embed::EmbedEvent::ConnectorRemoved { id: id.clone(), name });
                        on_removed.run(id);
                    }
                    Err(e) => {
                        remove_error.try_set(Some(e.to_string()));
                    }
                }
            }
        }
    });

    let title_id = format!("mc-custom-{}", crate::url::encode_component(&id).replace('%', "_"));
    let url = conn.with_untracked(|c| c.url.clone());
    let n = StoredValue::new(name.clone());
    let done_text = tf("Connected. {name} is authorized.", &[("name", &name)]);
    let labelled_by = title_id.clone();
    view! {
        <li class="mc-card mc-custom__item" data-custom-id=crate::url::encode_component(&id) aria-labelledby=labelled_by>
            <div class="mc-custom__main">
                <h3 class="mc-custom__name" id=title_id tabindex="-1">{name.clone()}</h3>
                <p class="mc-custom__url mc-muted">{url}</p>
            </div>
            <div class="mc-custom__state">
                {move || {
                    let (icon, label, class) = state_badge(&state());
                    view! { <span class=class><span aria-hidden="true">{icon}</span>{label}</span> }
                }}
                {move || conn.with(|c| c.disconnect_reason.clone()).filter(|r| !r.is_empty()).map(|r| view! {
                    <span class="mc-custom__reason">{tf("Reason: {reason}", &[("reason", &r)])}</span>
                })}
            </div>
            <div class="mc-custom__actions">
                {move || match state() {
                    CustomConnectorState::Connected => view! {
                        <button type="button" class="mc-button mc-button--secondary mc-button--small"
                            aria-label=tf("Disconnect {name}", &[("name", &n.get_value())])
                            on:click=move |_| {
                                reason.set(String::new());
                                disconnect_error.set(None);
                                disconnecting.set(true);
                            }>
                            {t("Disconnect")}
                        </button>
                    }.into_any(),
                    s => {
                        let label = if s == CustomConnectorState::Disconnected { t("Reconnect") } else { t("Authorize") };
                        let aria = if s == CustomConnectorState::Disconnected {
                            tf("Reconnect {name}", &[("name", &n.get_value())])
                        } else {
                            tf("Authorize {name}", &[("name", &n.get_value())])
                        };
                        view! {
                            <button type="button" class="mc-button mc-button--primary mc-button--small" aria-label=aria
                                disabled=move || busy.get() aria-busy=move || busy.get().then_some("true")
                                on:click=move |_| flow.connect(None)>
                                {label}
                            </button>
                        }.into_any()
                    }
                }}
                <Show when=move || can_remove.get()>
                    <button type="button" class="mc-button mc-button--danger-outline mc-button--small"
                        aria-label=tf("Remove {name}", &[("name", &n.get_value())])
                        on:click=move |_| {
                            remove_error.set(None);
                            removing.set(true);
                        }>
                        {t("Remove")}
                    </button>
                </Show>
            </div>
            <div class="mc-custom__flow">
                <OAuthStatus flow name=name.clone() done_text retry=Callback::new(move |_| flow.connect(None)) />
            </div>
            <Modal open=Signal::derive(move || disconnecting.get()) title=tf("Disconnect {name}?", &[("name", &name)])
                on_close=Callback::new(move |_| disconnecting.set(false)) class="mc-modal--narrow">
                <form class="mc-custom__dialog" on:submit=move |ev| {
                    ev.prevent_default();
                    if !disconnect.pending().get_untracked() {
                        disconnect_error.set(None);
                        disconnect.dispatch(reason.get_untracked());
                    }
                }>
                    <p class="mc-modal__message">{t("Its access is revoked and connections that use it stop sending until it is authorized again.")}</p>
                    <div class="mc-field">
                        <label class="mc-field__label" for="mc-disconnect-reason">{t("Reason (optional)")}</label>
                        <input id="mc-disconnect-reason" class="mc-field__input" type="text" maxlength="500" autocomplete="off"
                            prop:value=move || reason.get() on:input:target=move |ev| reason.set(ev.target().value()) />
                        <p class="mc-field__hint">{t("Shown next to the connector, so others know why.")}</p>
                    </div>
                    {move || disconnect_error.get().map(|e| view! {
                        <div class="mc-alert mc-alert--error" role="alert"><span class="mc-alert__icon" aria-hidden="true">"!"</span><p>{e}</p></div>
                    })}
                    <div class="mc-modal__actions">
                        <button type="button" class="mc-button mc-button--secondary" on:click=move |_| disconnecting.set(false)>{t("Cancel")}</button>
                        <button type="submit" class="mc-button mc-button--danger" disabled=move || disconnect.pending().get()
                            aria-busy=move || disconnect.pending().get().then_some("true")>
                            {move || if disconnect.pending().get() { t("Working…") } else { t("Disconnect") }}
                        </button>
                    </div>
                </form>
            </Modal>
            <ConfirmDialog
                open=Signal::derive(move || removing.get())
                title=tf("Remove {name}?", &[("name", &n.get_value())])
                message=tf("{name} is removed from this sub-account and its access revoked. Connections that use it must be deleted first.", &[("name", &n.get_value())])
                confirm_label=t("Remove connector")
                destructive=true
                busy=remove.pending()
                on_confirm=Callback::new(move |_| {
                    remove_error.set(None);
                    remove.dispatch(());
                })
                on_cancel=Callback::new(move |_| removing.set(false))
            >
                {move || remove_error.get().map(|e| view! {
                    <div class="mc-alert mc-alert--error" role="alert"><span class="mc-alert__icon" aria-hidden="true">"!"</span><p>{e}</p></div>
                })}
            </ConfirmDialog>
        </li>
    }
}

/// The add form's state: one struct in one signal. The client secret lives here only until it
/// is sent, and is never put back into the field after a failure's answer.
// No Debug: it holds the client secret.
#[derive(Clone, PartialEq)]
struct AddForm {
    url: String,
    client_id: String,
    client_secret: String,
    match_preset: bool,
    metadata: MetadataEditor,
    /// `url`, `client_id`, `client_secret` → message.
    errors: BTreeMap<&'static str, String>,
    /// Server errors on the metadata, by row.
    meta_server: BTreeMap<Spot, String>,
    notice: Option<String>,
}

impl Default for AddForm {
    fn default() -> Self {
        AddForm {
            url: String::new(),
            client_id: String::new(),
            client_secret: String::new(),
            match_preset: true,
            metadata: MetadataEditor::default(),
            errors: BTreeMap::new(),
            meta_server: BTreeMap::new(),
            notice: None,
        }
    }
}

impl AddForm {
    /// The browser's checks, the model's metadata rule among them; the body when all pass.
    fn check(&mut self) -> Option<NewCustomConnector> {
        self.errors.clear();
        self.meta_server.clear();
        let url = self.url.trim();
        if url.is_empty() {
            self.errors.insert("url", t("Enter the connector's URL."));
        } else if !(url.starts_with("https://") || url.starts_with("http://")) {
            self.errors.insert("url", t("Enter a URL starting with https:// (or http://)."));
        }
        if !self.client_secret.is_empty() && self.client_id.trim().is_empty() {
            self.errors.insert("client_id", t("A client secret needs its client ID."));
        }
        let meta_errors = self.metadata.errors().len();
        let n = self.errors.len() + meta_errors;
        if n > 0 {
            self.notice = Some(tp(
                "{count} field needs attention. Fix it and save again.",
                "{count} fields need attention. Fix them and save again.",
                n as u64,
                &[],
            ));
            return None;
        }
        let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        Some(NewCustomConnector {
            url: url.to_string(),
            client_id: text(&self.client_id),
            client_secret: Some(self.client_secret.clone()).filter(|s| !s.is_empty()),
            metadata: self.metadata.metadata(),
            match_preset: self.match_preset,
        })
    }
}

#[component]
fn AddCustomForm(on_created: Callback<CustomConnector>, on_cancel: Callback<()>) -> impl IntoView {
    let session = use_session();
    let form = RwSignal::new(AddForm::default());
    let save = Action::new_local(move |body: &NewCustomConnector| {
        let client = session.client();
        let body = body.clone();
        async move {
            match api::create_custom(&client, body).await {
                Ok(c) => {
                    form.try_set(AddForm::default());
                    on_created.run(c);
                }
                Err(e) => {
                    // Everything typed stays; the errors land on their fields.
                    form.try_update(|f| {
                        for field in ["url", "client_id", "client_secret"] {
                            if let Some(msg) = e.field_error(field) {
                                f.errors.insert(field, msg.to_string());
                            }
                        }
                        f.meta_server = f.metadata.place_errors(&e.field_errors).into_iter().collect();
                        f.notice = Some(tf("{error} Nothing you typed was lost; try again.", &[("error", &e.to_string())]));
                    });
                    crate::focus::focus_when_shown(".mc-custom-form__notice");
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
        let mut body = None;
        form.update(|f| body = f.check());
        match body {
            Some(b) => {
                form.update(|f| f.notice = None);
                save.dispatch(b);
            }
            None => crate::focus::focus_when_shown(".mc-custom-form__notice"),
        }
    };
    let err = move |field: &'static str| move || form.with(|f| f.errors.get(field).cloned());
    let text_field = move |id: &'static str,
                           label: String,
                           field: &'static str,
                           kind: &'static str,
                           autocomplete: &'static str,
                           get: fn(&AddForm) -> &String,
                           set: fn(&mut AddForm, String)| {
        let error_id = format!("{id}-error");
        let error = err(field);
        view! {
            <div class="mc-field">
                <label class="mc-field__label" for=id>{label}</label>
                <input id=id class="mc-field__input" type=kind autocomplete=autocomplete spellcheck="false"
                    aria-invalid=move || error().is_some().then_some("true")
                    aria-describedby=move || error().is_some().then(|| error_id.clone())
                    prop:value=move || form.with(|f| get(f).clone())
                    on:input:target=move |ev| form.update(|f| set(f, ev.target().value())) />
                {move || error().map(|e| view! { <p class="mc-field__error" id=format!("{id}-error")>{e}</p> })}
            </div>
        }
    };
    let meta_ids = move || form.with(|f| f.metadata.rows.iter().map(|r| r.id).collect::<Vec<_>>());

    view! {
        <section class="mc-panel mc-custom-form" aria-labelledby="mc-custom-form-title">
            <h3 class="mc-panel__title" id="mc-custom-form-title" tabindex="-1">{t("Add custom connector")}</h3>
            <form novalidate on:submit=on_submit aria-labelledby="mc-custom-form-title">
                {text_field("mc-custom-url", t("URL"), "url", "url", "url", |f| &f.url, |f, v| f.url = v)}
                {text_field("mc-custom-client-id", t("Client ID"), "client_id", "text", "off", |f| &f.client_id, |f, v| f.client_id = v)}
                {text_field("mc-custom-client-secret", t("Client secret"), "client_secret", "password", "new-password", |f| &f.client_secret, |f, v| f.client_secret = v)}
                <p class="mc-field__hint">{t("The client secret is stored encrypted and never shown again.")}</p>
                <div class="mc-field">
                    <label class="mc-custom-form__check">
                        <input type="checkbox" class="mc-check" prop:checked=move || form.with(|f| f.match_preset)
                            on:change:target=move |ev| form.update(|f| f.match_preset = ev.target().checked()) />
                        <span>{t("Use a catalog provider's settings when the URL belongs to one")}</span>
                    </label>
                </div>
                <fieldset class="mc-meta">
                    <legend class="mc-field__label">{t("Metadata")}</legend>
                    <p class="mc-field__hint" id="mc-meta-limits">{metadata::limits_text()}</p>
                    <p class="mc-meta__count" aria-live="polite">{move || form.with(|f| f.metadata.count_text())}</p>
                    {move || form.with(|f| f.metadata.errors().get(&Spot::All).cloned().or_else(|| f.meta_server.get(&Spot::All).cloned())).map(|e| view! {
                        <p class="mc-field__error">{e}</p>
                    })}
                    <ul class="mc-meta__rows">
                        <For each=meta_ids key=|id| *id children=move |row| {
                            let place = move || form.with(|f| f.metadata.place(row)).to_string();
                            let key = move || form.with(|f| f.metadata.rows.iter().find(|r| r.id == row).map(|r| r.key.clone()).unwrap_or_default());
                            let value = move || form.with(|f| f.metadata.rows.iter().find(|r| r.id == row).map(|r| r.value.clone()).unwrap_or_default());
                            let error = move || form.with(|f| f.metadata.errors().get(&Spot::Row(row)).cloned().or_else(|| f.meta_server.get(&Spot::Row(row)).cloned()));
                            let (key_id, value_id) = (format!("mc-meta-key-{row}"), format!("mc-meta-value-{row}"));
                            let (key_count, value_count, error_id) = (format!("mc-meta-key-count-{row}"), format!("mc-meta-value-count-{row}"), format!("mc-meta-error-{row}"));
                            let described = {
                                let error_id = error_id.clone();
                                move |count: &str| if error().is_some() { format!("{count} {error_id}") } else { count.to_string() }
                            };
                            let (kc, vc) = (key_count.clone(), value_count.clone());
                            let described_v = described.clone();
                            view! {
                                <li class="mc-meta__row">
                                    <div class="mc-field">
                                        <label class="mc-field__label" for=key_id.clone()>{move || tf("Key {place}", &[("place", &place())])}</label>
                                        <input id=key_id class="mc-field__input" type="text" autocomplete="off" spellcheck="false"
                                            aria-invalid=move || (error().is_some() || metadata::over(&key(), 64)).then_some("true")
                                            aria-describedby=move || described(&kc)
                                            prop:value=key on:input:target=move |ev| form.update(|f| f.metadata.set_key(row, ev.target().value())) />
                                        <span class="mc-field__counter" id=key_count class:mc-meta__over=move || metadata::over(&key(), 64)>{move || metadata::key_counter(&key())}</span>
                                    </div>
                                    <div class="mc-field">
                                        <label class="mc-field__label" for=value_id.clone()>{move || tf("Value {place}", &[("place", &place())])}</label>
                                        <input id=value_id class="mc-field__input" type="text" autocomplete="off"
                                            aria-invalid=move || metadata::over(&value(), 512).then_some("true")
                                            aria-describedby=move || described_v(&vc)
                                            prop:value=value on:input:target=move |ev| form.update(|f| f.metadata.set_value(row, ev.target().value())) />
                                        <span class="mc-field__counter" id=value_count class:mc-meta__over=move || metadata::over(&value(), 512)>{move || metadata::value_counter(&value())}</span>
                                    </div>
                                    <button type="button" class="mc-button mc-button--ghost mc-button--small mc-meta__remove"
                                        aria-label=move || tf("Remove pair {place}", &[("place", &place())])
                                        on:click=move |_| form.update(|f| f.metadata.remove(row))>{t("Remove")}</button>
                                    {move || error().map(|e| view! { <p class="mc-field__error mc-meta__error" id=error_id.clone() role="alert">{e}</p> })}
                                </li>
                            }
                        } />
                    </ul>
                    <button type="button" class="mc-button mc-button--secondary mc-button--small" on:click=move |_| {
                        let mut id = 0;
                        form.update(|f| id = f.metadata.add());
                        crate::focus::focus_when_shown(format!("#mc-meta-key-{id}"));
                    }>{t("Add pair")}</button>
                </fieldset>
                {move || form.with(|f| f.notice.clone()).map(|n| view! {
                    <div class="mc-alert mc-alert--error mc-custom-form__notice" role="alert" tabindex="-1">
                        <span class="mc-alert__icon" aria-hidden="true">"!"</span><p>{n}</p>
                    </div>
                })}
                <div class="mc-setup__actions">
                    <button type="submit" class="mc-button mc-button--primary" disabled=move || saving.get() aria-busy=move || saving.get().then_some("true")>
                        {move || if saving.get() { t("Saving…") } else { t("Create connector") }}
                    </button>
                    <button type="button" class="mc-button mc-button--ghost" on:click=move |_| on_cancel.run(())>{t("Cancel")}</button>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connector(url: &str, name: Option<&str>) -> CustomConnector {
        serde_json::from_value(serde_json::json!({
            "id": "u1", "url": url, "client_id": null, "metadata": name.map_or(serde_json::json!({}), |n| serde_json::json!({"name": n})),
            "match_preset": true, "state": "created", "auth_request": null, "disconnect_reason": null,
            "created_at": "", "updated_at": "", "created_by": "",
        }))
        .unwrap()
    }

    #[test]
    fn a_custom_connector_is_named_by_its_metadata_else_its_host() {
        assert_eq!(display_name(&connector("https://ads.acme.example/oauth", Some("Acme Ads"))), "Acme Ads");
        assert_eq!(display_name(&connector("https://ads.acme.example:8443/oauth?x=1", None)), "ads.acme.example:8443");
        assert_eq!(display_name(&connector("https://h.example", Some("  "))), "h.example");
    }

    #[test]
    fn every_state_has_words_and_an_icon() {
        for s in CustomConnectorState::ALL {
            let (icon, label, _) = state_badge(s);
            assert!(!icon.is_empty() && !label.is_empty(), "{s}");
        }
        assert_eq!(state_badge(&CustomConnectorState::AuthRequired).1, "Needs authorization");
    }

    #[test]
    fn the_form_checks_before_sending_and_keeps_what_was_typed() {
        let mut f = AddForm { client_secret: "s3cret".into(), ..Default::default() };
        assert!(f.check().is_none());
        assert!(f.errors.contains_key("url") && f.errors.contains_key("client_id"));
        assert_eq!(f.client_secret, "s3cret", "nothing typed is lost");
        let mut f =
            AddForm { url: "http://127.0.0.1:8080/".into(), client_id: " acme ".into(), client_secret: "s".into(), ..Default::default() };
        let id = f.metadata.add();
        f.metadata.set_key(id, "name".into());
        f.metadata.set_value(id, "Acme".into());
        let body = f.check().unwrap();
        assert_eq!(body.client_id.as_deref(), Some("acme"));
        assert_eq!(body.metadata.get("name").map(String::as_str), Some("Acme"));
        assert!(body.match_preset);
    }
}
