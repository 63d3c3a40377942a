//! The generated config form: one labelled control per field of connector metadata.
//!
//! Used for a connector's `secretConfig` (setup page) and a connection's `connectionConfig`
//! (connection builder). Presentational only: it reads and writes a [`FormState`] and never talks
//! to the API.

pub mod state;

pub use state::{dom_id, problem_text, FormState};

use crate::i18n::{t, tf, tp};
use leptos::attr::Attribute;
use leptos::prelude::*;
use madconnect_model::{ConfigField, ConfigValues, FieldType};
use serde_json::Value;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// A form generated from config field metadata.
///
/// * `fields`: the metadata (`secretConfig.configuration` or `connectionConfig`), in display order.
/// * `state`: the form's one `RwSignal<FormState>`, owned by the page. Create it with
///   [`FormState::for_secrets`] (setup: `configured` marks every password "Set"),
///   [`FormState::new`] or [`FormState::with_values`] (edit).
/// * `key_prefix`: makes DOM ids unique when two forms share a page (e.g. `"srcConnectionConfig"`
///   and `"destConnectionConfig"`); pass the same prefix to [`FormState::apply_server_errors`] so a
///   422's `srcConnectionConfig.<id>` errors land on the right fields.
/// * `disabled`: disables every control (e.g. while saving). Values are kept.
///
/// On submit, the page calls [`submit`] (validates every field with the model's rules, shows each
/// error and focuses the first invalid field) and sends the values it returns. On a server
/// rejection it calls `state.update(|s| s.apply_server_errors(&fields, &err.field_errors, prefix))`;
/// after a successful save, `state.update(|s| s.saved(&fields))` forgets typed secrets.
///
/// Render it inside a `<form novalidate>`: the model's messages replace the browser's own.
#[component]
pub fn ConfigForm(
    fields: Vec<ConfigField>,
    state: RwSignal<FormState>,
    #[prop(optional, into)] key_prefix: Option<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let prefix: Arc<Option<String>> = Arc::new(key_prefix);
    focus_on_request(state, prefix.clone());
    // Before the first blur: that blur may come from the very press it must wait for.
    watch_pointer();
    let empty = fields.is_empty();
    let rows = fields.into_iter().map(|f| field_view(Arc::new(f), state, prefix.clone(), disabled)).collect_view();
    view! {
        <div class="mc-config-form">
            {move || {
                let errors = state.with(|s| s.form_errors.clone());
                (!errors.is_empty())
                    .then(|| {
                        view! {
                            <div class="mc-config-form__errors" role="alert">
                                <ul>{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                            </div>
                        }
                    })
            }}
            {empty.then(|| view! { <p class="mc-config-form__empty">{t("No settings to fill in.")}</p> })}
            {rows}
        </div>
    }
}

/// Validates every field at once (the model's `validate_config`); on failure shows every error
/// and focuses the first invalid field. Returns the values to send when the form is valid.
pub fn submit(state: RwSignal<FormState>, fields: &[ConfigField]) -> Option<ConfigValues> {
    state.try_update(|s| s.submit(fields)).flatten()
}

/// Moves focus to the field the state asks for (first invalid on submit, a secret being
/// replaced), after the DOM has caught up.
fn focus_on_request(state: RwSignal<FormState>, prefix: Arc<Option<String>>) {
    Effect::new(move |last: Option<Option<u32>>| {
        let request = state.with(|s| s.focus_request.clone());
        let seq = request.as_ref().map(|(_, n)| *n);
        if let (Some(last), Some((id, _))) = (last, request) {
            if last != seq {
                let target = dom_id(prefix.as_deref(), &id);
                request_animation_frame(move || focus_element(&target));
            }
        }
        seq
    });
}

fn focus_element(id: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    // A multi-select group focuses its first choice.
    let el = doc.get_element_by_id(id).or_else(|| doc.get_element_by_id(&format!("{id}-0")));
    if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Work waiting for the pointer to be released.
type AfterRelease = Vec<Box<dyn FnOnce()>>;

thread_local! {
    static POINTER_DOWN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static AFTER_RELEASE: std::cell::RefCell<Option<AfterRelease>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` once the current event is over, or once a pressed pointer is released and its click
/// delivered. A field blurs when the pointer goes down on a button; a message shown at that moment
/// would push the button from under the pointer and the click would be lost. A field also blurs
/// while its page is being taken down (Back with the field focused): by the time `f` runs the
/// form is gone, so `f` must use `try_` accessors.
pub fn after_pointer_release(f: impl FnOnce() + 'static) {
    watch_pointer();
    if !POINTER_DOWN.get() {
        return leptos::task::spawn_local(async move { f() });
    }
    AFTER_RELEASE.with_borrow_mut(|queue| queue.get_or_insert_with(Vec::new).push(Box::new(f)));
}

/// Starts tracking whether a pointer is pressed (once per page); forms call it when they mount.
pub fn watch_pointer() {
    use wasm_bindgen::closure::Closure;
    thread_local!(static WATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if WATCHING.replace(true) {
        return;
    }
    let doc = document();
    let down = Closure::<dyn Fn()>::new(|| POINTER_DOWN.set(true));
    // The click comes after pointerup in the same task: run the queue in the next one.
    let up = Closure::<dyn Fn()>::new(|| {
        POINTER_DOWN.set(false);
        set_timeout(
            || {
                for f in AFTER_RELEASE.with_borrow_mut(Option::take).unwrap_or_default() {
                    f();
                }
            },
            std::time::Duration::ZERO,
        );
    });
    let _ = doc.add_event_listener_with_callback_and_bool("pointerdown", down.as_ref().unchecked_ref(), true);
    for ev in ["pointerup", "pointercancel"] {
        let _ = doc.add_event_listener_with_callback_and_bool(ev, up.as_ref().unchecked_ref(), true);
    }
    // Listeners for the page's lifetime, installed once.
    down.forget();
    up.forget();
}

/// Ids of the pieces that describe a control.
#[derive(Clone)]
struct Ids {
    control: String,
    help: String,
    error: String,
    counter: String,
}

impl Ids {
    fn new(prefix: Option<&str>, field: &ConfigField) -> Self {
        let control = dom_id(prefix, &field.id);
        Ids { help: format!("{control}-help"), error: format!("{control}-error"), counter: format!("{control}-count"), control }
    }
}

fn field_view(f: Arc<ConfigField>, state: RwSignal<FormState>, prefix: Arc<Option<String>>, disabled: Signal<bool>) -> AnyView {
    let ids = Ids::new(prefix.as_deref(), &f);
    let id = f.id.clone();
    let has_help = !f.description.trim().is_empty();
    let limit = f.length_limit().filter(|_| f.field_type.is_textual());
    let described_by = {
        let (id, ids) = (id.clone(), ids.clone());
        move || {
            let mut parts = Vec::new();
            if has_help {
                parts.push(ids.help.clone());
            }
            if limit.is_some() && !state.with(|s| s.secret_is_set(&id)) {
                parts.push(ids.counter.clone());
            }
            if state.with(|s| s.errors.contains_key(&id)) {
                parts.push(ids.error.clone());
            }
            (!parts.is_empty()).then(|| parts.join(" "))
        }
    };
    let invalid = {
        let id = id.clone();
        move || state.with(|s| s.errors.contains_key(&id)).then_some("true")
    };
    let ctx = Ctl { f: f.clone(), state, ids: ids.clone(), disabled, described_by: Arc::new(described_by), invalid: Arc::new(invalid) };

    let unknown = match &f.field_type {
        FieldType::Other(t) => Some(t.clone()),
        _ => None,
    };
    let is_group = f.field_type == FieldType::MultiSelect && !f.options.is_empty();
    let is_checkbox = f.field_type == FieldType::Checkbox;
    let control = control_view(&ctx);
    let label = label_view(&f, &ids.control, is_group);

    let help = has_help.then(|| view! { <p id=ids.help.clone() class="mc-field__help">{f.description.clone()}</p> });
    // A stored secret shows "Set", not how long an empty box is.
    let counter = limit.map(|limit| {
        let (id, counter_id) = (id.clone(), ids.counter.clone());
        move || {
            (!state.with(|s| s.secret_is_set(&id))).then(|| {
                let id = id.clone();
                view! {
                    <p id=counter_id.clone() class="mc-field__counter">
                        {move || state::counter_text(state.with(|s| s.text(&id).to_string()).as_str(), limit)}
                        " "
                        <span class="mc-visually-hidden">{tp("character at most", "characters at most", limit as u64, &[])}</span>
                    </p>
                }
            })
        }
    });
    let note = unknown.map(|t| {
        view! { <p class="mc-field__note">{tf("Unknown field type \u{201c}{type}\u{201d}, shown as text", &[("type", &t)])}</p> }
    });
    let error = {
        let (id, err_id) = (id.clone(), ids.error.clone());
        move || {
            state.with(|s| s.error(&id).map(str::to_string)).map(|msg| {
                view! {
                    <p id=err_id.clone() class="mc-field__error" role="alert">
                        <span class="mc-field__error-icon" aria-hidden="true">"\u{26a0} "</span>
                        {msg}
                    </p>
                }
            })
        }
    };
    let invalid_class = {
        let id = id.clone();
        move || state.with(|s| s.errors.contains_key(&id))
    };
    let type_class = format!("mc-field mc-field--{}", f.field_type.as_str().to_ascii_lowercase().replace(' ', "-"));

    if is_group {
        // A group of checkboxes: the legend names the group; each choice is its own label.
        view! {
            <fieldset
                class=type_class
                class:mc-field--invalid=invalid_class
                aria-describedby=ctx.describedby()
                id=ids.control.clone()
            >
                {label}
                {help}
                {control}
                {error}
            </fieldset>
        }
        .into_any()
    } else if is_checkbox {
        view! {
            <div class=type_class class:mc-field--invalid=invalid_class>
                <div class="mc-field__check">{control} {label}</div>
                {help}
                {error}
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class=type_class class:mc-field--invalid=invalid_class>
                {label}
                {help}
                {control}
                {counter}
                {note}
                {error}
            </div>
        }
        .into_any()
    }
}

/// The visible label (the control's accessible name) with its required / read-only markers.
/// The markers are visible words, hidden from the accessible name (the control carries
/// `aria-required` / `readonly` itself).
fn label_view(f: &ConfigField, control_id: &str, is_group: bool) -> AnyView {
    // A group of choices cannot carry `aria-required`, so its legend says it in words.
    let markers = view! {
        {f.required.then(|| view! { <span class="mc-field__required" aria-hidden="true">{t("Required")}</span> })}
        {(f.required && is_group).then(|| view! { <span class="mc-visually-hidden">{t(", required")}</span> })}
        {f.readonly.then(|| view! { <span class="mc-field__readonly" aria-hidden="true">{t("Read-only")}</span> })}
    };
    let text = f.display_name().to_string();
    if is_group {
        view! { <legend class="mc-field__label"><span>{text}</span> {markers}</legend> }.into_any()
    } else {
        view! { <label class="mc-field__label" for=control_id.to_string()><span>{text}</span> {markers}</label> }.into_any()
    }
}

/// What every control needs, shared by the per-type builders.
#[derive(Clone)]
struct Ctl {
    f: Arc<ConfigField>,
    state: RwSignal<FormState>,
    ids: Ids,
    disabled: Signal<bool>,
    described_by: Arc<dyn Fn() -> Option<String> + Send + Sync>,
    invalid: Arc<dyn Fn() -> Option<&'static str> + Send + Sync>,
}

impl Ctl {
    fn describedby(&self) -> impl Fn() -> Option<String> + Send + Sync + 'static {
        let d = self.described_by.clone();
        move || d()
    }
    fn invalid(&self) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
        let i = self.invalid.clone();
        move || i()
    }
    fn text(&self) -> impl Fn() -> String + Send + Sync + 'static {
        let (state, id) = (self.state, self.f.id.clone());
        move || state.with(|s| s.text(&id).to_string())
    }
    fn on_text(&self) -> impl Fn(String) + 'static {
        let (state, f) = (self.state, self.f.clone());
        move |v| state.update(|s| s.set(&f, Value::String(v)))
    }
    fn on_blur(&self) -> impl Fn(web_sys::FocusEvent) + Clone + 'static {
        let (state, f) = (self.state, self.f.clone());
        move |_| {
            let f = f.clone();
            after_pointer_release(move || {
                state.try_update(|s| s.blur(&f));
            });
        }
    }
    fn is_disabled(&self) -> impl Fn() -> bool + Send + Sync + Copy + 'static {
        let d = self.disabled;
        move || d.get()
    }
    /// What a typed control (input, textarea) carries: its name, blur marking it touched, its
    /// required / invalid / described-by state, and native `readonly`.
    fn text_attrs(&self) -> impl Attribute {
        let f = &self.f;
        view! {
            <{..}
                id=self.ids.control.clone()
                name=f.id.clone()
                on:blur=self.on_blur()
                readonly=f.readonly
                disabled=self.is_disabled()
                aria-required=f.required.then_some("true")
                aria-invalid=self.invalid()
                aria-describedby=self.describedby()
            />
        }
    }
    /// The same for a chosen control (checkbox, select), which has no native `readonly`: a
    /// read-only one is disabled and says so with `aria-readonly`.
    fn choice_attrs(&self) -> impl Attribute {
        let f = &self.f;
        let (readonly, is_disabled) = (f.readonly, self.is_disabled());
        view! {
            <{..}
                id=self.ids.control.clone()
                name=f.id.clone()
                on:blur=self.on_blur()
                disabled=move || readonly || is_disabled()
                aria-readonly=readonly.then_some("true")
                aria-required=f.required.then_some("true")
                aria-invalid=self.invalid()
                aria-describedby=self.describedby()
            />
        }
    }
}

fn control_view(c: &Ctl) -> AnyView {
    let f = &c.f;
    match &f.field_type {
        FieldType::Textarea => textarea_view(c),
        FieldType::Checkbox => checkbox_view(c),
        FieldType::Select if !f.options.is_empty() => select_view(c, false),
        FieldType::FilteredSelect if !f.options.is_empty() => select_view(c, true),
        FieldType::MultiSelect if !f.options.is_empty() => multi_view(c),
        FieldType::MultiSelect => comma_list_view(c),
        FieldType::Password => password_view(c),
        FieldType::Number => input_view(c, "number", None),
        FieldType::Date => input_view(c, "date", None),
        FieldType::Datetime => input_view(c, "datetime-local", None),
        FieldType::Time => input_view(c, "time", None),
        FieldType::Email => input_view(c, "email", Some("email")),
        FieldType::Url => input_view(c, "url", Some("url")),
        FieldType::Tel => input_view(c, "tel", Some("tel")),
        // Text, option-less selects, and any type this console does not know.
        _ => input_view(c, "text", None),
    }
}

/// Number bounds as attribute values ("" placeholder bounds mean none).
fn bound(v: Option<f64>) -> Option<String> {
    v.map(|n| if n.fract() == 0.0 { format!("{}", n as i64) } else { n.to_string() })
}

fn input_view(c: &Ctl, input_type: &'static str, autocomplete: Option<&'static str>) -> AnyView {
    let f = &c.f;
    let (min, max) = if f.field_type == FieldType::Number { f.bounds() } else { (None, None) };
    let on_text = c.on_text();
    view! {
        <input
            class="mc-field__input"
            {..c.text_attrs()}
            type=input_type
            prop:value=c.text()
            on:input:target=move |ev| on_text(ev.target().value())
            maxlength=f.length_limit().filter(|_| f.field_type.is_textual()).map(|l| l.to_string())
            min=bound(min)
            max=bound(max)
            step=(f.field_type == FieldType::Number).then_some(if f.whole_numbers_only() { "1" } else { "any" })
            inputmode=(f.field_type == FieldType::Number).then_some(if f.whole_numbers_only() { "numeric" } else { "decimal" })
            autocomplete=autocomplete.unwrap_or("off")
            spellcheck="false"
        />
    }
    .into_any()
}

/// A multi-select without options: values separated by commas (the model accepts that form).
fn comma_list_view(c: &Ctl) -> AnyView {
    let (state, f) = (c.state, c.f.clone());
    let id = f.id.clone();
    let text = move || {
        state.with(|s| match s.value(&id) {
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "),
            Some(Value::String(t)) => t.clone(),
            _ => String::new(),
        })
    };
    let f2 = f.clone();
    view! {
        <input
            class="mc-field__input"
            type="text"
            {..c.text_attrs()}
            prop:value=text
            on:input:target=move |ev| state.update(|s| s.set(&f2, Value::String(ev.target().value())))
            placeholder=t("value one, value two")
        />
        <p class="mc-field__hint">{t("Separate several values with commas.")}</p>
    }
    .into_any()
}

fn textarea_view(c: &Ctl) -> AnyView {
    let f = &c.f;
    let on_text = c.on_text();
    view! {
        <textarea
            class="mc-field__input mc-field__input--area"
            rows="4"
            {..c.text_attrs()}
            prop:value=c.text()
            on:input:target=move |ev| on_text(ev.target().value())
            maxlength=f.length_limit().map(|l| l.to_string())
        ></textarea>
    }
    .into_any()
}

fn checkbox_view(c: &Ctl) -> AnyView {
    let (state, f) = (c.state, c.f.clone());
    let id = f.id.clone();
    view! {
        <input
            class="mc-check"
            type="checkbox"
            {..c.choice_attrs()}
            prop:checked=move || state.with(|s| s.checked(&id))
            on:change:target=move |ev| state.update(|s| s.set(&f, Value::Bool(ev.target().checked())))
        />
    }
    .into_any()
}

/// A select; `filtered` adds a search box that narrows the options (the chosen one stays listed).
fn select_view(c: &Ctl, filtered: bool) -> AnyView {
    let (state, f) = (c.state, c.f.clone());
    let filter = RwSignal::new(String::new());
    let filter_id = format!("{}-filter", c.ids.control);
    let count_id = format!("{}-matches", c.ids.control);
    let total = f.options.len();
    let f_opts = f.clone();
    let id = f.id.clone();
    let visible = move || {
        let needle = filter.with(|q| q.trim().to_lowercase());
        let current = state.with(|s| s.text(&id).to_string());
        f_opts
            .options
            .iter()
            .filter(|o| {
                needle.is_empty()
                    || o.value == current
                    || o.label.to_lowercase().contains(&needle)
                    || o.value.to_lowercase().contains(&needle)
            })
            .cloned()
            .collect::<Vec<_>>()
    };
    let visible = Memo::new(move |_| visible());
    let id2 = f.id.clone();
    let f_set = f.clone();
    let is_disabled = c.is_disabled();
    let readonly = f.readonly;
    let search = filtered.then(|| {
        view! {
            <div class="mc-field__filter">
                <label class="mc-field__sublabel" for=filter_id.clone()>{tf("Search {name}", &[("name", f.display_name())])}</label>
                <input
                    class="mc-field__input mc-field__input--search"
                    type="search"
                    id=filter_id.clone()
                    aria-controls=c.ids.control.clone()
                    aria-describedby=count_id.clone()
                    prop:value=move || filter.get()
                    on:input:target=move |ev| filter.set(ev.target().value())
                    disabled=move || readonly || is_disabled()
                    autocomplete="off"
                />
                <p id=count_id.clone() class="mc-field__hint" aria-live="polite">
                    {move || {
                        let n = visible.with(|v| v.len());
                        if n == 0 { tf("No options match \u{201c}{query}\u{201d}", &[("query", filter.get().trim())]) }
                        else if n == total { tp("{count} option", "{count} options", total as u64, &[]) }
                        else {
                            let shown = crate::i18n::intl::number(n as f64);
                            tp("{shown} of {count} option", "{shown} of {count} options", total as u64, &[("shown", &shown)])
                        }
                    }}
                </p>
            </div>
        }
    });
    view! {
        {search}
        <select
            class="mc-field__input mc-field__input--select"
            {..c.choice_attrs()}
            on:change:target=move |ev| state.update(|s| s.set(&f_set, Value::String(ev.target().value())))
        >
            {move || {
                let current = state.with(|s| s.text(&id2).to_string());
                let none_selected = current.is_empty();
                let placeholder = view! { <option value="" selected=none_selected>{t("Choose\u{2026}")}</option> };
                let options = visible
                    .get()
                    .into_iter()
                    .map(|o| {
                        let selected = o.value == current;
                        view! { <option value=o.value selected=selected>{o.label}</option> }
                    })
                    .collect_view();
                view! { {placeholder} {options} }
            }}
        </select>
    }
    .into_any()
}

/// A multi-select as a group of checkboxes, one labelled choice each.
fn multi_view(c: &Ctl) -> AnyView {
    let (state, f) = (c.state, c.f.clone());
    let is_disabled = c.is_disabled();
    let readonly = f.readonly;
    let choices = f
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let box_id = format!("{}-{i}", c.ids.control);
            let (f1, f2) = (f.clone(), f.clone());
            let value = o.value.clone();
            let value2 = o.value.clone();
            view! {
                <div class="mc-field__choice">
                    <input
                        class="mc-check"
                        type="checkbox"
                        id=box_id.clone()
                        name=f.id.clone()
                        value=o.value.clone()
                        prop:checked=move || state.with(|s| s.selected(&f1.id).contains(&value.as_str()))
                        on:change:target=move |ev| state.update(|s| s.toggle_choice(&f2, &value2, ev.target().checked()))
                        on:blur=c.on_blur()
                        disabled=move || readonly || is_disabled()
                        aria-invalid=c.invalid()
                    />
                    <label for=box_id>{o.label.clone()}</label>
                </div>
            }
        })
        .collect_view();
    view! { <div class="mc-field__choices">{choices}</div> }.into_any()
}

/// A password: never shows a stored value. A stored secret reads "Set" with a Replace action;
/// a typed one can be revealed by the person typing it.
fn password_view(c: &Ctl) -> AnyView {
    let (state, f) = (c.state, c.f.clone());
    let reveal = RwSignal::new(false);
    let id = f.id.clone();
    let name = f.display_name().to_string();
    let c = c.clone();
    let is_set = {
        let id = id.clone();
        move || state.with(|s| s.secret_is_set(&id))
    };
    let stored = {
        let id = id.clone();
        move || state.with(|s| s.stored_secrets.contains(&id))
    };
    let body = move || {
        if is_set() {
            let (id, name) = (id.clone(), name.clone());
            let is_disabled = c.is_disabled();
            view! {
                <div class="mc-secret">
                    <span class="mc-secret__set" id=c.ids.control.clone() tabindex="-1">
                        <span aria-hidden="true">"\u{2713} "</span>
                        {t("Set")}
                        <span class="mc-visually-hidden">{tf(": {name} is stored and hidden", &[("name", &name)])}</span>
                    </span>
                    <button
                        type="button"
                        class="mc-button mc-button--secondary mc-button--small"
                        disabled=is_disabled
                        aria-label=tf("Replace {name}", &[("name", &name)])
                        on:click=move |_| state.update(|s| s.replace_secret(&id))
                    >
                        {t("Replace")}
                        <span class="mc-visually-hidden">{format!(" {name}")}</span>
                    </button>
                </div>
            }
            .into_any()
        } else {
            let on_text = c.on_text();
            let (id_keep, id_typed) = (id.clone(), id.clone());
            let typed = move || state.with(|s| !s.text(&id_typed).is_empty());
            let stored = stored.clone();
            let is_disabled = c.is_disabled();
            view! {
                <div class="mc-secret">
                    <input
                        class="mc-field__input mc-secret__input"
                        {..c.text_attrs()}
                        type=move || if reveal.get() { "text" } else { "password" }
                        prop:value=c.text()
                        on:input:target=move |ev| on_text(ev.target().value())
                        maxlength=f.length_limit().map(|l| l.to_string())
                        autocomplete="new-password"
                        spellcheck="false"
                        autocapitalize="off"
                    />
                    <button
                        type="button"
                        class="mc-button mc-button--secondary mc-button--small"
                        aria-pressed=move || if reveal.get() { "true" } else { "false" }
                        aria-label={
                            let name = name.clone();
                            move || if reveal.get() { tf("Hide {name}", &[("name", &name)]) } else { tf("Show {name}", &[("name", &name)]) }
                        }
                        aria-controls=c.ids.control.clone()
                        disabled=move || is_disabled() || !typed()
                        on:click=move |_| reveal.update(|r| *r = !*r)
                    >
                        {move || if reveal.get() { t("Hide") } else { t("Show") }}
                        <span class="mc-visually-hidden">{format!(" {name}")}</span>
                    </button>
                    {stored().then(|| {
                        view! {
                            <button
                                type="button"
                                class="mc-button mc-button--link mc-button--small"
                                disabled=is_disabled
                                on:click=move |_| {
                                    reveal.set(false);
                                    state.update(|s| s.keep_secret(&id_keep));
                                }
                            >
                                {t("Keep the stored secret")}
                            </button>
                        }
                    })}
                </div>
            }
            .into_any()
        }
    };
    view! { {body} }.into_any()
}
