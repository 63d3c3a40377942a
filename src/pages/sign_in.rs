//! Signing in: client credentials (exchanged for a token; the secret is never kept) or a pasted
//! access token. The same form serves the sign-in screen and the "Session expired" dialog.

use leptos::prelude::*;
use madconnect_model::ClientTokenRequest;

use crate::api::{self, ApiError, Client};
use crate::components::layout::LanguagePicker;
use crate::i18n::{t, tf};
use crate::session::use_session;
use crate::url::normalize_api_base;

/// The whole-screen sign-in shown when there is no session.
#[component]
pub fn SignInPage() -> impl IntoView {
    view! {
        <main id="mc-main" class="mc-signin" tabindex="-1">
            <div class="mc-signin__card">
                // The language is chosen before signing in: the brand on the left, the menu on the right.
                <div class="mc-page-header">
                    <p class="mc-brand" aria-hidden="true">
                        <span class="mc-brand__mark">"M"</span>
                        "MadConnect"
                    </p>
                    <LanguagePicker />
                </div>
                <h1 class="mc-signin__title">{t("Sign in to MadConnect Console")}</h1>
                <p class="mc-signin__lead">
                    {t("Use your organization's API client credentials. Only the short-lived access token is kept, in this browser tab.")}
                </p>
                <SignInForm id_prefix="mc-signin" />
            </div>
        </main>
    }
}

/// Why a sign-in failed, in words that say what to do.
fn sign_in_message(e: &ApiError, with_token: bool) -> String {
    if e.is_unauthorized() {
        if with_token {
            t("That access token was not accepted. It may have expired; ask for a new one or sign in with your client ID and secret.")
        } else {
            t("That client ID and secret were not accepted. Check both values and try again.")
        }
    } else if e.is_network() {
        tf("{error} If the API runs elsewhere, set its address under Advanced.", &[("error", &e.message)])
    } else if e.field_error("clientId").is_some() || e.field_error("clientSecret").is_some() {
        e.field_error("clientId").or(e.field_error("clientSecret")).unwrap_or_default().to_string()
    } else {
        tf("Sign-in failed: {error}", &[("error", &e.message)])
    }
}

/// The sign-in form. `id_prefix` keeps element ids unique when two forms could coexist.
#[component]
pub fn SignInForm(#[prop(into)] id_prefix: String) -> impl IntoView {
    let session = use_session();
    let base = RwSignal::new(session.api_base_setting());
    let client_id = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let advanced_open = RwSignal::new(!base.get_untracked().is_empty());

    let base_error = RwSignal::new(None::<String>);
    let id_error = RwSignal::new(None::<String>);
    let secret_error = RwSignal::new(None::<String>);
    let token_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);

    // Sign-in with client credentials: the secret travels in the action input only. The outcome
    // is handled where it arrives: the session takes the token, or the form shows why not.
    let exchange = Action::new_local(move |(base, req): &(String, ClientTokenRequest)| {
        let (base, req) = (base.clone(), req.clone());
        async move {
            match api::oauth::client_token(&effective_base(&base), req).await {
                Ok(t) => {
                    secret.set(String::new());
                    form_error.set(None);
                    session.set_api_base(base);
                    session.set_token(t.access_token, Some(t.expiry));
                }
                Err(e) => form_error.set(Some(sign_in_message(&e, false))),
            }
        }
    });
    // Pasted token: check it against the accounts list before keeping it. A server without the
    // accounts extension (404) still gets the token accepted.
    let check_token = Action::new_local(move |(base, tok): &(String, String)| {
        let (base, tok) = (base.clone(), tok.clone());
        async move {
            let client = Client::new(effective_base(&base), Some(tok.clone()), None);
            match api::accounts::list(&client).await {
                Err(e) if !e.is_not_found() => form_error.set(Some(sign_in_message(&e, true))),
                _ => {
                    token.set(String::new());
                    form_error.set(None);
                    session.set_api_base(base);
                    session.set_token(tok, None);
                }
            }
        }
    });
    let busy = move || exchange.pending().get() || check_token.pending().get();

    let checked_base = move || match normalize_api_base(&base.get_untracked()) {
        Ok(b) => {
            base_error.set(None);
            Some(b)
        }
        Err(e) => {
            base_error.set(Some(e));
            advanced_open.set(true);
            None
        }
    };

    let on_credentials = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let id = client_id.get_untracked().trim().to_string();
        let sec = secret.get_untracked();
        id_error.set(id.is_empty().then(|| t("Enter your client ID.")));
        secret_error.set(sec.is_empty().then(|| t("Enter your client secret.")));
        let b = checked_base();
        if let (Some(b), false, false) = (b, id.is_empty(), sec.is_empty()) {
            exchange.dispatch_local((b, ClientTokenRequest { client_id: id, client_secret: sec }));
        }
    };

    let on_token = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let tok = token.get_untracked().trim().to_string();
        token_error.set(tok.is_empty().then(|| t("Paste an access token.")));
        if let (Some(b), false) = (checked_base(), tok.is_empty()) {
            check_token.dispatch_local((b, tok));
        }
    };

    let ids = move |name: &str| format!("{id_prefix}-{name}");
    let (base_id, cid_id, sec_id, tok_id) = (ids("base"), ids("client-id"), ids("secret"), ids("token"));

    view! {
        <div class="mc-signin__forms">
            <Show when=move || form_error.get().is_some()>
                <p class="mc-alert mc-alert--error" role="alert">
                    <span class="mc-alert__icon" aria-hidden="true">"!"</span>
                    {move || form_error.get()}
                </p>
            </Show>
            <details class="mc-disclosure" prop:open=move || advanced_open.get()
                on:toggle=move |ev| advanced_open.set(event_target::<web_sys::HtmlElement>(&ev).has_attribute("open"))>
                <summary class="mc-disclosure__summary">{t("Advanced")}</summary>
                <TextField id=base_id label=t("API base URL") value=base error=base_error input_type="url"
                    autocomplete="url"
                    help=tf("Leave empty to use this console's own server. Example: {url}", &[("url", "https://api.example.com")]) />
            </details>
            <form class="mc-form" on:submit=on_credentials novalidate>
                <TextField id=cid_id label=t("Client ID") value=client_id error=id_error autocomplete="username" autofocus=true />
                <TextField id=sec_id label=t("Client secret") value=secret error=secret_error input_type="password"
                    autocomplete="current-password" />
                <button type="submit" class="mc-button mc-button--primary mc-button--block" disabled=busy>
                    {move || if exchange.pending().get() { t("Signing in…") } else { t("Sign in") }}
                </button>
            </form>
            <div class="mc-divider" role="presentation"><span>{t("or")}</span></div>
            <form class="mc-form" on:submit=on_token novalidate>
                <TextField id=tok_id label=t("Access token") value=token error=token_error input_type="password"
                    autocomplete="off" help=t("A token minted for you by your administrator or partner portal.") />
                <button type="submit" class="mc-button mc-button--secondary mc-button--block" disabled=busy>
                    {move || if check_token.pending().get() { t("Checking token…") } else { t("Use token") }}
                </button>
            </form>
        </div>
    }
}

/// `""` means the console's own origin and public path.
fn effective_base(base: &str) -> String {
    if base.is_empty() {
        crate::session::default_api_base()
    } else {
        base.to_string()
    }
}

/// A labelled input with help text and an inline error wired for screen readers.
#[component]
fn TextField(
    id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
    #[prop(optional, into)] input_type: Option<String>,
    #[prop(optional, into)] autocomplete: Option<String>,
    #[prop(optional, into)] help: Option<String>,
    /// Marks the input as the one a dialog focuses first.
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let has_help = help.is_some();
    let describedby = {
        let (help_id, error_id) = (help_id.clone(), error_id.clone());
        move || {
            let mut parts = Vec::new();
            if has_help {
                parts.push(help_id.clone());
            }
            if error.with(|e| e.is_some()) {
                parts.push(error_id.clone());
            }
            (!parts.is_empty()).then(|| parts.join(" "))
        }
    };
    view! {
        <div class="mc-field" class:mc-field--invalid=move || error.with(|e| e.is_some())>
            <label class="mc-field__label" for=id.clone()>{label}</label>
            <input
                id=id
                class="mc-field__input"
                type=input_type.unwrap_or_else(|| "text".into())
                autocomplete=autocomplete
                spellcheck="false"
                data-autofocus=autofocus.then_some("")
                prop:value=move || value.get()
                on:input:target=move |ev| {
                    value.set(ev.target().value());
                    error.set(None);
                }
                aria-invalid=move || error.with(|e| e.is_some()).then_some("true")
                aria-describedby=describedby
            />
            {help.map(|h| view! { <p class="mc-field__help" id=help_id>{h}</p> })}
            <Show when=move || error.with(|e| e.is_some())>
                <p class="mc-field__error" id=error_id.clone()>
                    <span aria-hidden="true">"⚠ "</span>
                    {move || error.get()}
                </p>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_messages_say_what_to_do() {
        let refused = ApiError::from_response(401, r#"{"statusCode":401,"statusMessage":"invalid_client","response":{}}"#);
        assert!(sign_in_message(&refused, false).starts_with("That client ID and secret were not accepted"));
        assert!(sign_in_message(&refused, true).starts_with("That access token was not accepted"));
        let down = ApiError::network("https://api.example.com");
        let m = sign_in_message(&down, false);
        assert!(m.contains("Could not reach") && m.contains("Advanced"));
        let bad = ApiError::from_response(500, "");
        assert!(sign_in_message(&bad, false).starts_with("Sign-in failed:"));
    }
}
