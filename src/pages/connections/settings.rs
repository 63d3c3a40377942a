//! A connection's editable settings, shared by the builder and the edit page: its name and the
//! source's and destination's `connectionConfig` forms (the shared renderer and the model's
//! validation), plus how a server rejection lands back on those fields.

use leptos::prelude::*;
use madconnect_model::connection::{validate_connection_name, MAX_CONNECTION_NAME};
use madconnect_model::{ConfigField, ConfigValues, FieldType};
use serde_json::Value;

use crate::api::ApiError;
use crate::components::config_form::{self, ConfigForm, FormState};
use crate::i18n::{t, tf, tp};

pub const SRC_PREFIX: &str = "srcConnectionConfig";
pub const DEST_PREFIX: &str = "destConnectionConfig";
pub const NAME_INPUT_ID: &str = "mc-conn-name";

/// Everything the person types, owned by the page (so a failed save loses nothing).
#[derive(Clone, Copy)]
pub struct SettingsForm {
    pub name: RwSignal<String>,
    pub name_error: RwSignal<Option<String>>,
    pub src: RwSignal<FormState>,
    pub dest: RwSignal<FormState>,
    /// A message for the whole form (500, network down, a rule that names no field).
    pub error: RwSignal<Option<String>>,
    /// The values last loaded or saved: the form has changes when it differs from them.
    baseline: RwSignal<(String, ConfigValues, ConfigValues)>,
}

impl SettingsForm {
    pub fn new() -> Self {
        Self::filled(String::new(), FormState::default(), FormState::default())
    }

    /// A form that starts from saved values (the edit page).
    pub fn filled(name: String, src: FormState, dest: FormState) -> Self {
        let baseline = RwSignal::new((name.clone(), src.values.clone(), dest.values.clone()));
        SettingsForm {
            name: RwSignal::new(name),
            name_error: RwSignal::new(None),
            src: RwSignal::new(src),
            dest: RwSignal::new(dest),
            error: RwSignal::new(None),
            baseline,
        }
    }

    /// Takes what the form holds now as its unchanged state (after loading or saving).
    pub fn mark_clean(&self) {
        let now = (
            self.name.try_get_untracked(),
            self.src.try_with_untracked(|s| s.values.clone()),
            self.dest.try_with_untracked(|s| s.values.clone()),
        );
        if let (Some(name), Some(src), Some(dest)) = now {
            self.baseline.try_set((name, src, dest));
        }
    }

    /// Whether anything differs from the values last loaded or saved. Reactive; false once the
    /// form is gone.
    pub fn has_changes(&self) -> bool {
        self.baseline
            .try_with(|(name, src, dest)| {
                self.name.try_with(|n| n != name).unwrap_or(false)
                    || self.src.try_with(|s| &s.values != src).unwrap_or(false)
                    || self.dest.try_with(|s| &s.values != dest).unwrap_or(false)
            })
            .unwrap_or(false)
    }

    /// Validates the name and both forms at once (every error shown, the first invalid field
    /// focused). Returns the trimmed name and the values to send.
    pub fn submit(&self, src_fields: &[ConfigField], dest_fields: &[ConfigField]) -> Option<(String, ConfigValues, ConfigValues)> {
        self.error.set(None);
        let name = self.name.get_untracked();
        let problem = name_problem(&name);
        let name_ok = problem.is_none();
        self.name_error.set(problem);
        // Validate all three even when the name is wrong, so every error shows at once; the
        // name comes first on the page, so it takes focus over the forms.
        let src = config_form::submit(self.src, src_fields);
        let dest = config_form::submit(self.dest, dest_fields);
        if !name_ok {
            focus(NAME_INPUT_ID);
            return None;
        }
        Some((name.trim().to_string(), src?, dest?))
    }

    /// Puts a server rejection where it belongs: `name` errors and a 409 (duplicate name) on the
    /// Name field, `srcConnectionConfig.<id>` / `destConnectionConfig.<id>` on their fields,
    /// anything else above the form. Values are never touched.
    pub fn apply_error(&self, e: &ApiError, src_fields: &[ConfigField], dest_fields: &[ConfigField]) {
        let placement = place_error(e);
        if let Some(msg) = &placement.name {
            self.name_error.set(Some(msg.clone()));
        }
        let src_hit = self.src.try_update(|s| s.apply_server_errors(src_fields, &e.field_errors, Some(SRC_PREFIX))).unwrap_or(false);
        let dest_hit = self.dest.try_update(|s| s.apply_server_errors(dest_fields, &e.field_errors, Some(DEST_PREFIX))).unwrap_or(false);
        if placement.name.is_some() {
            focus(NAME_INPUT_ID);
        }
        if src_hit || dest_hit {
            // Fields carry the details; say so above the form too, for people who start there.
            self.error.set(Some(tf("{message} Check the fields marked below.", &[("message", &placement.general)])));
        } else if placement.name.is_some() {
            self.error.set(None);
        } else {
            self.error.set(Some(placement.general));
        }
    }
}

impl Default for SettingsForm {
    fn default() -> Self {
        Self::new()
    }
}

/// What is wrong with a typed connection name (the model's rules), in the person's language.
pub fn name_problem(name: &str) -> Option<String> {
    let english = validate_connection_name(name).err()?;
    let len = name.trim().chars().count();
    Some(if len == 0 {
        t("Connection name is required")
    } else if len > MAX_CONNECTION_NAME {
        let limit = crate::i18n::intl::number(MAX_CONNECTION_NAME as f64);
        tp(
            "Connection name must be at most {limit} characters (it has {count})",
            "Connection name must be at most {limit} characters (it has {count})",
            len as u64,
            &[("limit", &limit)],
        )
    } else if english.contains("control characters") {
        t("Connection name must not contain control characters such as line breaks or tabs")
    } else if english.contains("text-direction") {
        t("Connection name must not contain text-direction override characters")
    } else if english.contains("visible characters") {
        t("Connection name must contain visible characters")
    } else {
        english
    })
}

/// Where a server error goes: the Name field's message (if any) and the general sentence.
#[derive(Debug, PartialEq)]
pub struct Placement {
    pub name: Option<String>,
    pub general: String,
}

pub fn place_error(e: &ApiError) -> Placement {
    let name = e.field_error("name").map(str::to_string).or_else(|| e.is_conflict().then(|| e.message.clone()));
    let general = if e.is_network() {
        tf("{message} Nothing you typed was lost.", &[("message", &e.message)])
    } else if e.status >= 500 {
        tf("The server could not save this ({message}). Nothing you typed was lost; try again.", &[("message", &e.message)])
    } else {
        e.message.clone()
    };
    Placement { name, general }
}

fn focus(id: &str) {
    let id = id.to_string();
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

/// A value as a person reads it on the review step: option labels, Yes/No, hidden secrets.
pub fn display_value(field: &ConfigField, value: Option<&Value>) -> String {
    if field.field_type == FieldType::Password {
        return match value.and_then(Value::as_str) {
            Some(s) if !s.is_empty() => t("Entered (hidden)"),
            _ => t("Not set"),
        };
    }
    let label = |v: &str| field.options.iter().find(|o| o.value == v).map(|o| o.label.clone()).unwrap_or_else(|| v.to_string());
    match value {
        None | Some(Value::Null) => t("Not set"),
        Some(Value::Bool(b)) => {
            if *b {
                t("Yes")
            } else {
                t("No")
            }
        }
        Some(Value::Array(a)) if a.is_empty() => t("Not set"),
        Some(Value::Array(a)) => a.iter().map(|v| v.as_str().map(label).unwrap_or_else(|| v.to_string())).collect::<Vec<_>>().join(", "),
        Some(Value::String(s)) if s.trim().is_empty() => t("Not set"),
        Some(Value::String(s)) => label(s),
        Some(other) => other.to_string(),
    }
}

/// Name + both connection-config forms. Render inside a `<form novalidate>`.
#[component]
pub fn ConnectionSettings(
    form: SettingsForm,
    src_fields: Vec<ConfigField>,
    dest_fields: Vec<ConfigField>,
    #[prop(into)] src_name: String,
    #[prop(into)] dest_name: String,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    config_form::watch_pointer();
    let name_err_id = format!("{NAME_INPUT_ID}-error");
    let name_help_id = format!("{NAME_INPUT_ID}-help");
    let described = {
        let (e, h) = (name_err_id.clone(), name_help_id.clone());
        move || if form.name_error.with(|e| e.is_some()) { format!("{h} {e}") } else { h.clone() }
    };
    view! {
        <div class="mc-conn-settings">
            {move || form.error.get().map(|e| view! {
                <div class="mc-alert mc-alert--error" role="alert"><p>{e}</p></div>
            })}
            <div class="mc-field" class:mc-field--invalid=move || form.name_error.with(|e| e.is_some())>
                <label class="mc-field__label" for=NAME_INPUT_ID>
                    <span>{t("Connection name")}</span>
                    <span class="mc-field__required" aria-hidden="true">{t("Required")}</span>
                </label>
                <p id=name_help_id.clone() class="mc-field__help">
                    {tp(
                        "Unique in this sub-account, at most {count} character.",
                        "Unique in this sub-account, at most {count} characters.",
                        MAX_CONNECTION_NAME as u64,
                        &[],
                    )}
                </p>
                <input id=NAME_INPUT_ID class="mc-field__input" type="text" autocomplete="off" spellcheck="false"
                    maxlength=MAX_CONNECTION_NAME.to_string()
                    aria-required="true"
                    aria-invalid=move || form.name_error.with(|e| e.is_some()).then_some("true")
                    aria-describedby=described
                    disabled=move || disabled.get()
                    prop:value=move || form.name.get()
                    on:input:target=move |ev| {
                        form.name.set(ev.target().value());
                        // Clear a shown error as soon as the name is acceptable again.
                        if form.name_error.with_untracked(|e| e.is_some()) && validate_connection_name(&form.name.get_untracked()).is_ok() {
                            form.name_error.set(None);
                        }
                    }
                    on:blur=move |_| config_form::after_pointer_release(move || {
                        if let Some(name) = form.name.try_get_untracked() {
                            form.name_error.try_set(name_problem(&name));
                        }
                    }) />
                {move || form.name_error.get().map(|e| view! {
                    <p id=name_err_id.clone() class="mc-field__error" role="alert">
                        <span class="mc-field__error-icon" aria-hidden="true">"\u{26a0} "</span>{e}
                    </p>
                })}
            </div>
            <fieldset class="mc-conn-settings__group">
                <legend class="mc-conn-settings__legend">{tf("Source settings: {name}", &[("name", &src_name)])}</legend>
                <ConfigForm fields=src_fields state=form.src key_prefix=SRC_PREFIX disabled=disabled />
            </fieldset>
            <fieldset class="mc-conn-settings__group">
                <legend class="mc-conn-settings__legend">{tf("Destination settings: {name}", &[("name", &dest_name)])}</legend>
                <ConfigForm fields=dest_fields state=form.dest key_prefix=DEST_PREFIX disabled=disabled />
            </fieldset>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use madconnect_model::FieldOption;
    use serde_json::json;

    fn field(ty: FieldType) -> ConfigField {
        ConfigField { options: vec![FieldOption { value: "eu".into(), label: "Europe".into() }], ..ConfigField::new("f", "Field", ty) }
    }

    #[test]
    fn duplicate_name_conflict_lands_on_the_name_field() {
        let e = ApiError::from_response(
            409,
            r#"{"statusCode":409,"statusMessage":"A connection named \"Daily sync\" already exists in this sub-account","response":{}}"#,
        );
        let p = place_error(&e);
        assert_eq!(p.name.as_deref(), Some("A connection named \"Daily sync\" already exists in this sub-account"));
    }

    #[test]
    fn validation_errors_name_their_field_and_others_stay_general() {
        let e = ApiError::from_response(
            422,
            r#"{"statusCode":422,"statusMessage":"Some values were not accepted","response":{"errors":{"name":["Connection name is required"],"srcConnectionConfig.bucket":["Bucket is required"]}}}"#,
        );
        assert_eq!(place_error(&e).name.as_deref(), Some("Connection name is required"));
        let e = ApiError::from_response(500, r#"{"statusCode":500,"statusMessage":"Database unavailable","response":{}}"#);
        let p = place_error(&e);
        assert_eq!(p.name, None);
        assert!(p.general.contains("Database unavailable") && p.general.contains("Nothing you typed was lost"));
        let p = place_error(&ApiError::network(""));
        assert!(p.general.starts_with("Could not reach"));
    }

    #[test]
    fn review_values_read_like_words_and_never_show_secrets() {
        assert_eq!(display_value(&field(FieldType::Select), Some(&json!("eu"))), "Europe");
        assert_eq!(display_value(&field(FieldType::MultiSelect), Some(&json!(["eu", "us"]))), "Europe, us");
        assert_eq!(display_value(&field(FieldType::Checkbox), Some(&json!(true))), "Yes");
        assert_eq!(display_value(&field(FieldType::Text), Some(&json!("  "))), "Not set");
        assert_eq!(display_value(&field(FieldType::Password), Some(&json!("hunter2"))), "Entered (hidden)");
        assert_eq!(display_value(&field(FieldType::Number), Some(&json!("42"))), "42");
    }
}
