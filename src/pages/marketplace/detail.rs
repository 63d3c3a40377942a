//! `/marketplace/:id`: everything the API says about one connector, its compatible counterparts,
//! what its setup will ask for, and Add.

use crate::components::A;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use madconnect_model::{AccountConnector, CatalogConnector, ConfigField, SupportedType};

use super::role_badge;
use crate::api;
use crate::components::{use_notify, LoadError, Loading, Logo};
use crate::i18n::{t, tf, tp};
use crate::routes;
use crate::session::use_session;
use crate::url::sanitize_url;

#[component]
pub fn ConnectorDetailPage() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let connector = LocalResource::new(move || {
        let client = session.client();
        let id = id.get();
        async move { api::connectors::get(&client, &id).await }
    });
    view! {
        <div class="mc-detail">
            <nav class="mc-breadcrumbs" aria-label=t("Breadcrumb")>
                <A href=routes::MARKETPLACE>{t("Marketplace")}</A>
                <span aria-hidden="true">" / "</span>
            </nav>
            <Transition fallback=|| view! { <Loading label=t("Loading the connector…") /> }>
                {move || Suspend::new(async move {
                    match connector.await {
                        Ok(c) => view! { <Detail connector=c /> }.into_any(),
                        Err(e) => view! {
                            <section class="mc-empty mc-empty--page" role="alert">
                                <h1 class="mc-empty__title">{if e.is_not_found() { t("Connector not found") } else { t("The connector could not be loaded") }}</h1>
                                <p class="mc-empty__text">{e.to_string()}</p>
                                <A href=routes::MARKETPLACE attr:class="mc-button mc-button--primary">{t("Back to the marketplace")}</A>
                            </section>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Detail(connector: CatalogConnector) -> impl IntoView {
    let session = use_session();
    let notify = use_notify();
    let c = connector;
    let added = RwSignal::new(c.integrated);
    let base = session.api_base();
    let doc = sanitize_url(&c.doc_url, &base);
    let overview = sanitize_url(&c.overview_url, &base);
    let id = c.connector_id.clone();
    let name = c.name.clone();
    let (role_icon, role_label) = role_badge(&c.supported_type);
    let use_href = match c.supported_type {
        SupportedType::Source => routes::new_connection(Some(&id), None),
        _ => routes::new_connection(None, Some(&id)),
    };
    let store = super::use_catalog_store();
    let add = Action::new_local({
        let (id, name) = (id.clone(), name.clone());
        move |_: &()| {
            let client = session.client();
            let (id, name) = (id.clone(), name.clone());
            async move {
                match api::connectors::add(&client, std::slice::from_ref(&id)).await {
                    Ok(_) => {
                        store.mark(std::slice::from_ref(&id), true);
                        added.try_set(true);
                        notify.success(tf("Added {name}. Set it up to use it in connections.", &[("name", &name)]));
                        // Add gives way to Set up, which takes the focus.
                        crate::focus::focus_when_shown(".mc-detail__actions a.mc-button--primary");
                        crate::embed::emit(crate::embed::EmbedEvent::ConnectorAdded { id: id.clone(), name: name.clone() });
                    }
                    Err(e) => notify.error(tf("Could not add {name}: {error}", &[("name", &name), ("error", &e.to_string())])),
                }
            }
        }
    });
    let adding = add.pending();
    let role = c.supported_type.clone();
    let id_setup = id.clone();
    let id_preview = id.clone();
    view! {
        <header class="mc-detail__header">
            <Logo src=c.logo.clone() name=c.name.clone() size="lg" />
            <div class="mc-detail__title">
                <h1 class="mc-page-title">{c.name.clone()}</h1>
                <p class="mc-detail__platform">{c.platform_type.as_str().to_string()}</p>
                <div class="mc-mkt-card__tags">
                    <span class=if role == SupportedType::Source { "mc-badge mc-badge--primary" } else { "mc-badge mc-badge--info" }>
                        <span aria-hidden="true">{role_icon}" "</span>{role_label.clone()}
                    </span>
                    <span class="mc-badge mc-badge--neutral mc-mkt-card__auth">{super::labels::auth_label(&c)}</span>
                    <span class="mc-badge mc-badge--warning mc-mkt-card__release">{super::labels::release_label(&c)}</span>
                    <Show when=move || added.get()>
                        <span class="mc-badge mc-badge--success"><span aria-hidden="true">"\u{2713} "</span>{t("Added")}</span>
                    </Show>
                </div>
            </div>
            <div class="mc-detail__actions">
                <Show
                    when=move || added.get()
                    fallback=move || view! {
                        <button type="button" class="mc-button mc-button--primary" disabled=move || adding.get()
                            on:click=move |_| { add.dispatch(()); }>
                            {move || if adding.get() { t("Adding…") } else { t("Add to this sub-account") }}
                        </button>
                    }
                >
                    <A href=routes::connector_setup(&id_setup) attr:class="mc-button mc-button--primary">{t("Set up")}</A>
                </Show>
                <A href=use_href.clone() attr:class="mc-button mc-button--secondary">{t("Use in a connection")}</A>
            </div>
        </header>

        <div class="mc-detail__grid">
            <section class="mc-panel" aria-labelledby="mc-about">
                <h2 class="mc-panel__title" id="mc-about">{t("About")}</h2>
                {(!c.description.trim().is_empty()).then(|| view! { <p class="mc-detail__description">{c.description.clone()}</p> })}
                <dl class="mc-facts">
                    <div><dt>{t("Platform type")}</dt><dd>{c.platform_type.as_str().to_string()}</dd></div>
                    <div><dt>{t("Data type")}</dt><dd>{c.data_type.clone()}</dd></div>
                    <div><dt>{t("Data type category")}</dt><dd class="mc-capitalize">{c.data_type_category.as_str().to_string()}</dd></div>
                    <div><dt>{t("Role")}</dt><dd>{role_label}</dd></div>
                    {c.auth_type.is_some().then(|| view! { <div><dt>{t("Sign-in")}</dt><dd>{super::labels::auth_label(&c)}</dd></div> })}
                    <div><dt>{t("Transfers")}</dt><dd>{if c.transfer { t("Supports starting a transfer") } else { t("No manual transfers") }}</dd></div>
                    <div><dt>{t("Connector ID")}</dt><dd><code>{c.connector_id.clone()}</code></dd></div>
                </dl>
                {(doc.is_some() || overview.is_some()).then(|| view! {
                    <ul class="mc-detail__links">
                        {doc.map(|u| view! { <li><a href=u target="_blank" rel="noopener noreferrer">{t("Documentation")}<span class="mc-visually-hidden">" "{t("(opens in a new tab)")}</span><span aria-hidden="true">" \u{2197}"</span></a></li> })}
                        {overview.map(|u| view! { <li><a href=u target="_blank" rel="noopener noreferrer">{t("Overview")}<span class="mc-visually-hidden">" "{t("(opens in a new tab)")}</span><span aria-hidden="true">" \u{2197}"</span></a></li> })}
                    </ul>
                })}
            </section>
            <Counterparts id=id.clone() role=c.supported_type.clone() />
            <SetupPreview id=id_preview added=added.into() />
        </div>
    }
}

/// The connectors this one can pair with.
#[component]
fn Counterparts(id: String, role: SupportedType) -> impl IntoView {
    let session = use_session();
    let counterpart = role.counterpart();
    let title = match counterpart {
        SupportedType::Source => t("Sources it can receive from"),
        _ => t("Destinations it can send to"),
    };
    let list = LocalResource::new(move || {
        let client = session.client();
        let (id, role) = (id.clone(), role.clone());
        async move { api::connectors::supported(&client, &id, role).await }
    });
    view! {
        <section class="mc-panel" aria-labelledby="mc-counterparts">
            <h2 class="mc-panel__title" id="mc-counterparts">{title}</h2>
            <Transition fallback=|| view! { <Loading label=t("Loading compatible connectors…") /> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <p class="mc-muted">{t("No compatible connectors are listed.")}</p> }.into_any(),
                        Ok(items) => view! { <CounterpartList items /> }.into_any(),
                        Err(e) => view! { <LoadError title=t("Compatible connectors could not be loaded.") message=e.to_string() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CounterpartList(items: Vec<AccountConnector>) -> impl IntoView {
    let n = items.len();
    view! {
        <p class="mc-muted">{tp("{count} compatible connector", "{count} compatible connectors", n as u64, &[])}</p>
        <ul class="mc-counterparts">
            {items.into_iter().map(|c| {
                let added = c.integrated.unwrap_or(false);
                view! {
                    <li class="mc-counterparts__item">
                        <Logo src=c.logo.clone() name=c.name.clone() size="sm" />
                        <span class="mc-counterparts__text">
                            <A href=routes::connector(&c.connector_id) attr:class="mc-counterparts__name">{c.name.clone()}</A>
                            <span class="mc-counterparts__type">{c.platform_type.as_str().to_string()}</span>
                        </span>
                        {added.then(|| view! { <span class="mc-badge mc-badge--success"><span aria-hidden="true">"\u{2713} "</span>{t("Added")}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// Labels and types of what setup and connections will ask for (known once it is added).
#[component]
fn SetupPreview(id: String, added: Signal<bool>) -> impl IntoView {
    let session = use_session();
    let config = LocalResource::new(move || {
        let client = session.client();
        let id = id.clone();
        let added = added.get();
        async move {
            if added {
                Some(api::connectors::configuration(&client, &id).await)
            } else {
                None
            }
        }
    });
    view! {
        <section class="mc-panel" aria-labelledby="mc-preview">
            <h2 class="mc-panel__title" id="mc-preview">{t("What setup asks for")}</h2>
            <Transition fallback=|| view! { <Loading label=t("Loading setup fields…") /> }>
                {move || Suspend::new(async move {
                    match config.await {
                        None => view! { <p class="mc-muted">{t("Add this connector to see the credentials and connection settings it needs.")}</p> }.into_any(),
                        Some(Err(e)) => view! { <LoadError title=t("The setup fields could not be loaded.") message=e.to_string() /> }.into_any(),
                        Some(Ok(cfg)) => view! {
                            <h3 class="mc-panel__subtitle">{t("Credentials (set up once)")}</h3>
                            <FieldPreview fields=cfg.secret_config.configuration />
                            <h3 class="mc-panel__subtitle">{t("Settings for each connection")}</h3>
                            <FieldPreview fields=cfg.connection_config />
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A read-only list of field labels and types: what a form will ask for.
#[component]
pub fn FieldPreview(fields: Vec<ConfigField>) -> impl IntoView {
    if fields.is_empty() {
        return view! { <p class="mc-muted">{t("Nothing to fill in.")}</p> }.into_any();
    }
    view! {
        <ul class="mc-field-preview">
            {fields.into_iter().map(|f| {
                let kind = type_label(&f);
                view! {
                    <li>
                        <span class="mc-field-preview__label">{f.display_name().to_string()}</span>
                        <span class="mc-field-preview__type">{kind}</span>
                        {f.required.then(|| view! { <span class="mc-field-preview__req">{t("Required")}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A field type in words.
pub fn type_label(f: &ConfigField) -> String {
    use madconnect_model::FieldType as T;
    match &f.field_type {
        T::Text => t("Text"),
        T::Textarea => t("Long text"),
        T::Number => t("Number"),
        T::Checkbox => t("Yes / no"),
        T::Select | T::FilteredSelect => tp("One of {count} option", "One of {count} options", f.options.len() as u64, &[]),
        T::MultiSelect => t("Several choices"),
        T::Date => t("Date"),
        T::Datetime => t("Date and time"),
        T::Time => t("Time"),
        T::Email => t("Email"),
        T::Url => t("Web address"),
        T::Tel => t("Phone"),
        T::Password => t("Secret"),
        T::Other(kind) => tf("{type} (as text)", &[("type", kind)]),
    }
}
