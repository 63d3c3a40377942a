//! Connections: list, builder, compatibility grid, detail and edit, plus the small
//! pieces they share (the source → destination pair, the status action buttons).

pub mod builder;
pub mod bulk;
pub mod compat;
pub mod compatibility;
pub mod detail;
pub mod draft;
pub mod edit;
pub mod format;
pub mod list;
pub mod ops;
pub mod query;
pub mod settings;
pub mod transfer;

pub use builder::ConnectionBuilderPage;
pub use compatibility::CompatibilityPage;
pub use detail::ConnectionDetailPage;
pub use edit::ConnectionEditPage;
pub use list::ConnectionsPage;

use crate::components::A;
use leptos::prelude::*;
use madconnect_model::{ConnectionStatus, ConnectorRef, StatusAction};

use crate::api::connections::ConnectionOp;
use crate::components::Logo;
use crate::i18n::t;
use crate::routes;

/// "Source logo + name → destination logo + name"; names link to the connector pages unless
/// `compact` (in the table, where the row's own link is the connection).
#[component]
pub fn ConnectorPair(src: ConnectorRef, dest: ConnectorRef, #[prop(optional)] compact: bool) -> impl IntoView {
    // `role` is the visually hidden "Source:" / "Destination:" before the name.
    let end = move |c: ConnectorRef, role: String| {
        let name = if c.connector_name.is_empty() { c.connector_id.clone() } else { c.connector_name.clone() };
        let label = view! {
            <Logo src=c.connector_logo.clone() name=name.clone() size="sm" />
            <span class="mc-pair__name"><span class="mc-visually-hidden">{role}" "</span>{name.clone()}</span>
        };
        if compact {
            view! { <span class="mc-pair__end">{label}</span> }.into_any()
        } else {
            view! { <A href=routes::connector(&c.connector_id) attr:class="mc-pair__end mc-pair__end--link">{label}</A> }.into_any()
        }
    };
    view! {
        <span class="mc-pair" class:mc-pair--compact=compact>
            {end(src, t("Source:"))}
            <span class="mc-pair__arrow" aria-hidden="true">"→"</span>
            {end(dest, t("Destination:"))}
        </span>
    }
}

/// The actions the model's status rules allow for `status`, plus Edit and Delete.
/// `on_action(ConnectionOp::Delete)` asks to delete (the page confirms first).
/// Each button's accessible name starts with its visible text and adds the connection's name.
#[component]
pub fn StatusActionButtons(
    #[prop(into)] name: String,
    #[prop(into)] id: String,
    editable: bool,
    #[prop(into)] status: Signal<ConnectionStatus>,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] destructive: Signal<bool>,
    #[prop(optional)] compact: bool,
    /// Hide the Edit link (on the edit page itself).
    #[prop(optional)]
    no_edit: bool,
    on_action: Callback<ConnectionOp>,
) -> impl IntoView {
    let small = if compact { " mc-button--small" } else { "" };
    // A clicked button is disabled while its request runs and then replaced by the next
    // status's action: focus comes back to this group's first action instead of <body>.
    let group_id = crate::components::modal::unique_id("actions");
    let had_focus = StoredValue::new(false);
    let on_action = Callback::new(move |op: ConnectionOp| {
        had_focus.set_value(true);
        on_action.run(op);
    });
    {
        let group_id = group_id.clone();
        Effect::new(move |was_busy: Option<bool>| {
            let now = busy.get();
            if was_busy == Some(true) && !now && had_focus.get_value() {
                had_focus.set_value(false);
                crate::focus::focus_when_shown(format!("#{group_id} button:not([disabled]), #{group_id} a"));
            }
            now
        });
    }
    let name_hidden = move |n: &str| view! { <span class="mc-visually-hidden">{format!(" {n}")}</span> };
    let session = crate::session::use_session();
    let status_buttons = {
        let name = name.clone();
        move || {
            let restorable = session.capabilities().restore();
            status
                .get()
                .allowed_actions()
                .into_iter()
                .filter(|a| *a != StatusAction::Restore || restorable)
                .map(|a| {
                    let class = match a {
                        StatusAction::Activate | StatusAction::Enable | StatusAction::Restore => {
                            format!("mc-button mc-button--primary{small}")
                        }
                        StatusAction::Disable => format!("mc-button mc-button--secondary{small}"),
                    };
                    view! {
                        <button type="button" class=class disabled=move || busy.get() on:click=move |_| on_action.run(ConnectionOp::Status(a))>
                            {action_label(a)}{name_hidden(&name)}
                        </button>
                    }
                })
                .collect_view()
        }
    };
    // A plain anchor (the router handles it): cheaper than <A> in every table row.
    let edit_href = format!("{}{}", crate::session::public_path(), routes::connection_edit(&id));
    let edit_name = name.clone();
    let delete_name = name.clone();
    view! {
        <div class="mc-actions" class:mc-actions--compact=compact id=group_id>
            {status_buttons}
            {move || (!no_edit && editable && status.get() != ConnectionStatus::Deleted).then(|| {
                let href = edit_href.clone();
                let class = format!("mc-button mc-button--secondary{small}");
                let hidden = name_hidden(&edit_name);
                view! { <a href=href class=class>{t("Edit")}{hidden}</a> }
            })}
            {move || (destructive.get() && status.get().can_delete()).then(|| {
                let class = format!("mc-button mc-button--danger-outline{small}");
                let hidden = name_hidden(&delete_name);
                view! {
                    <button type="button" class=class disabled=move || busy.get() on:click=move |_| on_action.run(ConnectionOp::Delete)>
                        {t("Delete")}{hidden}
                    </button>
                }
            })}
        </div>
    }
}

/// A translated sentence with elements in it: each `{name}` of `template` becomes the view `parts`
/// gives for it (wherever the language puts it), the text around it stays text.
pub(crate) fn interleave(template: String, mut parts: Vec<(&'static str, AnyView)>) -> Vec<AnyView> {
    let mut out = Vec::new();
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        match parts.iter().position(|(k, _)| *k == &after[..close]) {
            Some(i) => {
                if open > 0 {
                    out.push(rest[..open].to_string().into_any());
                }
                out.push(parts.remove(i).1);
                rest = &after[close + 1..];
            }
            None => {
                out.push(rest[..=open].to_string().into_any());
                rest = after;
            }
        }
    }
    if !rest.is_empty() {
        out.push(rest.to_string().into_any());
    }
    out
}

/// A status action's button text ("Activate", "Disable").
pub fn action_label(a: StatusAction) -> String {
    match a {
        StatusAction::Activate => t("Activate"),
        StatusAction::Enable => t("Enable"),
        StatusAction::Disable => t("Disable"),
        StatusAction::Restore => t("Restore"),
    }
}

/// Every connector the sub-account has added (all pages of `GET /es/v2/connectors`).
pub(crate) async fn all_added(client: &crate::api::Client) -> Result<Vec<madconnect_model::AccountConnector>, crate::api::ApiError> {
    crate::api::all_pages(100, |q| async move { crate::api::connectors::list_added(client, &q).await }).await
}
