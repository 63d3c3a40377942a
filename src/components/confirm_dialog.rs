//! "Are you sure?" for actions that change or remove things. Cancel is the first button and gets
//! focus, so Enter on an accidental open does nothing harmful.

use leptos::prelude::*;

use super::modal::{unique_id, Modal};
use crate::i18n::t;

#[component]
pub fn ConfirmDialog(
    #[prop(into)] open: Signal<bool>,
    #[prop(into)] title: Signal<String>,
    /// What will happen, in one or two sentences.
    #[prop(into)]
    message: Signal<String>,
    /// The confirm button's text: say the action ("Delete connection"), not "OK".
    #[prop(into)]
    confirm_label: Signal<String>,
    #[prop(into, default = t("Cancel"))] cancel_label: String,
    /// Style the confirm button as dangerous.
    #[prop(optional)]
    destructive: bool,
    /// While the action runs: the confirm button is disabled and says so.
    #[prop(optional, into)]
    busy: Signal<bool>,
    on_confirm: Callback<()>,
    /// Cancel button, Escape and the backdrop.
    on_cancel: Callback<()>,
    /// Extra content under the message (e.g. the list of connections affected).
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let message_id = unique_id("dialog-message");
    let confirm_class = if destructive { "mc-button mc-button--danger" } else { "mc-button mc-button--primary" };
    let extra = StoredValue::new(children);
    view! {
        <Modal open=open title=title on_close=on_cancel described_by=message_id.clone() class="mc-modal--narrow">
            <p class="mc-modal__message" id=message_id.clone()>{move || message.get()}</p>
            {extra.with_value(|c| c.as_ref().map(|c| c()))}
            <div class="mc-modal__actions">
                <button type="button" class="mc-button mc-button--secondary" on:click=move |_| on_cancel.run(())>
                    {cancel_label.clone()}
                </button>
                <button type="button" class=confirm_class disabled=move || busy.get()
                    aria-busy=move || busy.get().then_some("true")
                    on:click=move |_| on_confirm.run(())>
                    {move || if busy.get() { t("Working…") } else { confirm_label.get() }}
                </button>
            </div>
        </Modal>
    }
}
