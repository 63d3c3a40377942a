//! The pure state behind a generated config form: values, errors, touched fields, stored secrets.
//!
//! No DOM here, so every rule (blur validation, submit, server errors, secrets) is unit-tested
//! natively. Validation is `madconnect_model::validate`, the very code the server runs.

use crate::i18n::{tf, tp, Locale};
use madconnect_model::validate::{fmt_num, is_blank, validate_config_problems, validate_value_problem};
use madconnect_model::{ConfigField, ConfigValues, FieldErrors, FieldProblem, FieldType};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Everything a generated form knows besides its field metadata. Keep it in one `RwSignal` and
/// read it with `.with(..)`; the field list itself is passed to each method, so one state type
/// serves the connector setup form and both ends of a connection.
///
/// Secrets: typed password values live only here, in memory. `Debug` redacts every value.
#[derive(Clone, Default, PartialEq)]
pub struct FormState {
    /// Current values by field id: strings for text-like fields (numbers as typed), booleans for
    /// checkboxes, arrays of strings for multi-selects.
    pub values: ConfigValues,
    /// The message shown under each field that is currently invalid.
    pub errors: BTreeMap<String, String>,
    /// Fields the person has left at least once (or that a submit checked).
    pub touched: BTreeSet<String>,
    /// Password fields that already hold a stored secret on the server ("Set").
    pub stored_secrets: BTreeSet<String>,
    /// Stored secrets the person chose to replace (their input is shown).
    pub replacing: BTreeSet<String>,
    /// Server messages that name no field of this form (shown above the fields).
    pub form_errors: Vec<String>,
    /// Which field should take focus next, and a counter so asking twice focuses twice.
    pub focus_request: Option<(String, u32)>,
}

impl std::fmt::Debug for FormState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormState")
            .field("values", &format_args!("<{} redacted>", self.values.len()))
            .field("errors", &self.errors)
            .field("touched", &self.touched)
            .field("stored_secrets", &self.stored_secrets)
            .field("replacing", &self.replacing)
            .finish()
    }
}

/// A field's starting value from its metadata. Passwords always start empty: a stored secret is
/// never shown back, whatever the server sends.
fn initial_value(field: &ConfigField, given: Option<&Value>) -> Value {
    match &field.field_type {
        FieldType::Password => Value::String(String::new()),
        ty => {
            let raw = match given {
                Some(v) if !field.readonly => v.clone(),
                _ => Value::String(field.value.clone()),
            };
            // Normalise through the model (e.g. "a,b" → ["a","b"], "true" → true) when valid.
            match (ty, validate_value_problem(field, &raw)) {
                (FieldType::Number, _) => match raw {
                    Value::Number(n) => Value::String(n.to_string()),
                    other => other,
                },
                (_, Ok(Some(v))) => v,
                (FieldType::Checkbox, _) => Value::Bool(false),
                (FieldType::MultiSelect, _) => Value::Array(Vec::new()),
                _ => match raw {
                    Value::String(_) => raw,
                    Value::Null => Value::String(String::new()),
                    other => Value::String(other.to_string()),
                },
            }
        }
    }
}

impl FormState {
    /// A fresh form: each field starts at its metadata `value` (passwords empty).
    pub fn new(fields: &[ConfigField]) -> Self {
        Self::with_values(fields, &ConfigValues::new())
    }

    /// A form prefilled with saved values (e.g. editing a connection); read-only fields keep
    /// their metadata value, passwords start empty.
    pub fn with_values(fields: &[ConfigField], values: &ConfigValues) -> Self {
        let values = fields.iter().map(|f| (f.id.clone(), initial_value(f, values.get(&f.id)))).collect();
        FormState { values, ..Default::default() }
    }

    /// A connector setup form. When the connector is `configured`, every password field holds a
    /// stored secret: it shows as "Set" with a Replace action and is kept when left blank.
    pub fn for_secrets(fields: &[ConfigField], configured: bool) -> Self {
        let mut state = Self::new(fields);
        if configured {
            state.stored_secrets = fields.iter().filter(|f| f.field_type == FieldType::Password).map(|f| f.id.clone()).collect();
        }
        state
    }

    pub fn value(&self, id: &str) -> Option<&Value> {
        self.values.get(id)
    }

    /// The value as text for a text-like control ("" when absent).
    pub fn text(&self, id: &str) -> &str {
        self.values.get(id).and_then(Value::as_str).unwrap_or("")
    }

    pub fn checked(&self, id: &str) -> bool {
        self.values.get(id).and_then(Value::as_bool).unwrap_or(false)
    }

    /// The chosen values of a multi-select.
    pub fn selected(&self, id: &str) -> Vec<&str> {
        match self.values.get(id) {
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    pub fn error(&self, id: &str) -> Option<&str> {
        self.errors.get(id).map(String::as_str)
    }

    /// A stored secret that is shown as "Set" (not being replaced).
    pub fn secret_is_set(&self, id: &str) -> bool {
        self.stored_secrets.contains(id) && !self.replacing.contains(id)
    }

    /// Sets a value as the person types. A field already showing an error is re-checked at once,
    /// so the message disappears as soon as the value is fixed.
    pub fn set(&mut self, field: &ConfigField, value: Value) {
        if field.readonly {
            return;
        }
        self.values.insert(field.id.clone(), value);
        if self.errors.contains_key(&field.id) {
            self.check(field);
        }
    }

    /// Adds or removes one choice of a multi-select.
    pub fn toggle_choice(&mut self, field: &ConfigField, choice: &str, on: bool) {
        let mut chosen: Vec<Value> = match self.values.get(&field.id) {
            Some(Value::Array(a)) => a.iter().filter(|v| v.as_str() != Some(choice)).cloned().collect(),
            _ => Vec::new(),
        };
        if on {
            chosen.push(Value::String(choice.to_string()));
            // Keep the options' order, whatever order they were clicked in.
            let order = |v: &Value| field.options.iter().position(|o| Some(o.value.as_str()) == v.as_str());
            chosen.sort_by_key(order);
        }
        self.set(field, Value::Array(chosen));
    }

    /// The person left a field: mark it touched and validate it.
    pub fn blur(&mut self, field: &ConfigField) {
        self.touched.insert(field.id.clone());
        self.check(field);
    }

    /// Shows the input of a stored secret so a new one can be typed.
    pub fn replace_secret(&mut self, id: &str) {
        if self.stored_secrets.contains(id) {
            self.replacing.insert(id.to_string());
            self.request_focus(id);
        }
    }

    /// Drops a half-typed replacement: the stored secret stays.
    pub fn keep_secret(&mut self, id: &str) {
        self.replacing.remove(id);
        self.values.insert(id.to_string(), Value::String(String::new()));
        self.errors.remove(id);
    }

    /// Validates one field with the model's rules and records (or clears) its error.
    pub fn check(&mut self, field: &ConfigField) -> bool {
        let v = self.values.get(&field.id).cloned().unwrap_or(Value::Null);
        let result =
            if field.readonly || (field.field_type == FieldType::Password && is_blank(&v) && self.stored_secrets.contains(&field.id)) {
                Ok(None)
            } else {
                validate_value_problem(field, &v)
            };
        match result {
            Ok(_) => {
                self.errors.remove(&field.id);
                true
            }
            Err(p) => {
                self.errors.insert(field.id.clone(), problem_text(&p, field.display_name()));
                false
            }
        }
    }

    /// Submit: validates every field at once with `validate_config` (the server's own rules; the
    /// messages in the person's language).
    /// On success returns the values to send: normalised, blank optional fields left out, and each
    /// kept stored secret sent blank (the server keeps it). On failure every field's error is
    /// shown and focus moves to the first invalid field, in form order.
    pub fn submit(&mut self, fields: &[ConfigField]) -> Option<ConfigValues> {
        self.form_errors.clear();
        let editable: ConfigValues =
            fields.iter().filter(|f| !f.readonly).filter_map(|f| self.values.get(&f.id).map(|v| (f.id.clone(), v.clone()))).collect();
        self.touched.extend(fields.iter().map(|f| f.id.clone()));
        match validate_config_problems(fields, &editable, &self.stored_secrets) {
            Ok(mut out) => {
                self.errors.clear();
                for id in &self.stored_secrets {
                    if fields.iter().any(|f| &f.id == id) && !out.contains_key(id) {
                        out.insert(id.clone(), Value::String(String::new()));
                    }
                }
                Some(out)
            }
            Err(problems) => {
                self.errors = problems
                    .into_iter()
                    .map(|(key, list)| {
                        let name = fields.iter().find(|f| f.id == key).map_or(key.as_str(), |f| f.display_name());
                        let text = list.iter().map(|p| problem_text(p, name)).collect::<Vec<_>>().join(" ");
                        (key, text)
                    })
                    .collect();
                self.focus_first_error(fields);
                None
            }
        }
    }

    /// Maps a server rejection back onto the fields it names. Keys are field ids, optionally
    /// behind `prefix.` (a connection's `srcConnectionConfig.<id>`) or behind the configure body's
    /// own `secretConfig.` / `configurations.`. Messages for keys this form does not have stay in
    /// `form_errors` (except those under another prefix, which belong to another form). Returns
    /// true when at least one field got an error; focus moves to the first.
    pub fn apply_server_errors(&mut self, fields: &[ConfigField], errors: &FieldErrors, prefix: Option<&str>) -> bool {
        let mut any = false;
        for (key, msgs) in errors {
            let id = match prefix {
                Some(p) => match key.strip_prefix(p).and_then(|r| r.strip_prefix('.')) {
                    Some(id) => id,
                    None => continue,
                },
                None => ["secretConfig.", "configurations."].iter().find_map(|p| key.strip_prefix(p)).unwrap_or(key),
            };
            let msg = msgs.join(" ");
            if fields.iter().any(|f| f.id == id) {
                self.errors.insert(id.to_string(), msg);
                self.touched.insert(id.to_string());
                any = true;
            } else if prefix.is_some() || !key.contains('.') {
                self.form_errors.push(msg);
            }
        }
        if any {
            self.focus_first_error(fields);
        }
        any
    }

    /// After a successful save: typed secrets are forgotten and every password now holds a
    /// stored value ("Set").
    pub fn saved(&mut self, fields: &[ConfigField]) {
        for f in fields.iter().filter(|f| f.field_type == FieldType::Password) {
            let typed = !self.text(&f.id).is_empty();
            if typed || self.stored_secrets.contains(&f.id) {
                self.stored_secrets.insert(f.id.clone());
            }
            self.values.insert(f.id.clone(), Value::String(String::new()));
        }
        self.replacing.clear();
        self.errors.clear();
        self.form_errors.clear();
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty() || !self.form_errors.is_empty()
    }

    fn focus_first_error(&mut self, fields: &[ConfigField]) {
        if let Some(f) = fields.iter().find(|f| self.errors.contains_key(&f.id)) {
            // Focusing a stored secret's field means replacing it: its input must be visible.
            if self.stored_secrets.contains(&f.id) {
                self.replacing.insert(f.id.clone());
            }
            self.request_focus(&f.id.clone());
        }
    }

    fn request_focus(&mut self, id: &str) {
        let n = self.focus_request.as_ref().map_or(0, |(_, n)| n + 1);
        self.focus_request = Some((id.to_string(), n));
    }
}

/// The DOM id of a field's control: unique per form (`prefix`) and safe in CSS selectors.
pub fn dom_id(prefix: Option<&str>, field_id: &str) -> String {
    let clean =
        |s: &str| -> String { s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect() };
    format!("mc-cf-{}-{}", clean(prefix.unwrap_or("form")), clean(field_id))
}

/// A number in a validation message: as the model writes it in English ("65535", no grouping,
/// as the server says it too), in the language's digits otherwise.
fn number_text(n: f64) -> String {
    if crate::i18n::locale() == Locale::En {
        fmt_num(n)
    } else {
        crate::i18n::intl::number(n)
    }
}

/// A field problem in the person's language, naming the field by `name` (its label; for an
/// unknown key, the key). In English it is the model's (and the server's) own message.
pub fn problem_text(p: &FieldProblem, name: &str) -> String {
    let named = [("name", name)];
    match p {
        FieldProblem::Required => tf("{name} is required", &named),
        FieldProblem::MustBeChecked => tf("{name} must be checked", &named),
        FieldProblem::NotBool => tf("{name} must be true or false", &named),
        FieldProblem::NotNumber => tf("{name} must be a number", &named),
        FieldProblem::NotInteger => tf("{name} must be a whole number", &named),
        FieldProblem::BelowMin(min) => tf("{name} must be at least {min}", &[("name", name), ("min", &number_text(*min))]),
        FieldProblem::AboveMax(max) => tf("{name} must be at most {max}", &[("name", name), ("max", &number_text(*max))]),
        FieldProblem::NotList => tf("{name} must be a list of choices", &named),
        FieldProblem::NotText => tf("{name} must be text", &named),
        FieldProblem::TooLong { limit, len } => tp(
            "{name} must be at most {limit} character (it has {len})",
            "{name} must be at most {limit} characters (it has {len})",
            *limit as u64,
            &[("name", name), ("limit", &number_text(*limit as f64)), ("len", &number_text(*len as f64))],
        ),
        FieldProblem::BadFormat(ty) => match ty {
            FieldType::Email => tf("{name} must be an email address like name@example.com", &named),
            FieldType::Url => tf("{name} must be a web address starting with http:// or https://", &named),
            FieldType::Tel => tf("{name} must be a phone number (digits, spaces, + - ( ) .)", &named),
            FieldType::Date => tf("{name} must be a date as YYYY-MM-DD", &named),
            FieldType::Datetime => tf("{name} must be a date and time as YYYY-MM-DDTHH:MM", &named),
            FieldType::Time => tf("{name} must be a time as HH:MM", &named),
            _ => tf("{name} is not valid", &named),
        },
        FieldProblem::NoOption(value) => tf("{name} has no option \"{value}\"", &[("name", name), ("value", value)]),
        FieldProblem::ReadOnly => tf("{name} is read-only", &named),
        FieldProblem::Unknown => tf("Unknown field \"{name}\": this connector has no such setting", &named),
    }
}

/// The visible counter of a length-bounded field: "12 / 64".
pub fn counter_text(value: &str, limit: usize) -> String {
    format!("{} / {limit}", value.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use madconnect_model::FieldOption;
    use serde_json::json;

    fn field(id: &str, label: &str, ty: FieldType) -> ConfigField {
        ConfigField::new(id, label, ty)
    }

    fn required(mut f: ConfigField) -> ConfigField {
        f.required = true;
        f
    }

    fn opts(mut f: ConfigField, values: &[&str]) -> ConfigField {
        f.options = values.iter().map(|v| FieldOption { value: v.to_string(), label: v.to_uppercase() }).collect();
        f
    }

    #[test]
    fn initial_values_follow_metadata_and_never_show_a_password() {
        let mut text = field("region", "Region", FieldType::Text);
        text.value = "eu".into();
        let mut pw = field("secret", "Secret", FieldType::Password);
        pw.value = "leaked-by-a-bad-server".into();
        let mut check = field("sandbox", "Sandbox", FieldType::Checkbox);
        check.value = "true".into();
        let mut multi = opts(field("events", "Events", FieldType::MultiSelect), &["a", "b", "c"]);
        multi.value = "a, c".into();
        let mut num = field("days", "Days", FieldType::Number);
        num.value = "30".into();
        let s = FormState::new(&[text, pw, check, multi, num]);
        assert_eq!(s.text("region"), "eu");
        assert_eq!(s.text("secret"), "");
        assert!(s.checked("sandbox"));
        assert_eq!(s.selected("events"), vec!["a", "c"]);
        assert_eq!(s.text("days"), "30");
    }

    #[test]
    fn prefilled_values_are_kept_but_readonly_keeps_its_own() {
        let mut ro = field("env", "Environment", FieldType::Text);
        ro.readonly = true;
        ro.value = "production".into();
        let num = field("days", "Days", FieldType::Number);
        let saved: ConfigValues = serde_json::from_value(json!({"env": "staging", "days": 7})).unwrap();
        let s = FormState::with_values(&[ro, num], &saved);
        assert_eq!(s.text("env"), "production");
        assert_eq!(s.text("days"), "7");
    }

    #[test]
    fn blur_validates_with_the_model_and_typing_clears_the_error() {
        let f = required(field("email", "Contact email", FieldType::Email));
        let mut s = FormState::new(std::slice::from_ref(&f));
        s.set(&f, json!("not-an-email"));
        assert_eq!(s.error("email"), None, "no error while typing a fresh field");
        s.blur(&f);
        assert!(s.touched.contains("email"));
        assert_eq!(s.error("email"), Some("Contact email must be an email address like name@example.com"));
        s.set(&f, json!("ops@example.com"));
        assert_eq!(s.error("email"), None, "fixing the value clears the error at once");
    }

    #[test]
    fn submit_reports_every_error_and_focuses_the_first_in_form_order() {
        let a = required(field("zeta", "API key", FieldType::Text));
        let mut b = field("alpha", "Lookback days", FieldType::Number);
        b.max = Some(90.0);
        let fields = vec![a.clone(), b.clone()];
        let mut s = FormState::new(&fields);
        s.set(&b, json!("120"));
        assert_eq!(s.submit(&fields), None);
        assert_eq!(s.error("zeta"), Some("API key is required"));
        assert_eq!(s.error("alpha"), Some("Lookback days must be at most 90"));
        // "zeta" sorts after "alpha" but comes first in the form.
        assert_eq!(s.focus_request, Some(("zeta".to_string(), 0)));
        s.submit(&fields);
        assert_eq!(s.focus_request, Some(("zeta".to_string(), 1)), "a second submit focuses again");
        s.set(&a, json!("k"));
        s.set(&b, json!("30"));
        let out = s.submit(&fields).unwrap();
        assert_eq!(out["zeta"], json!("k"));
        assert_eq!(out["alpha"], json!(30), "numbers go out normalised");
        assert!(!s.has_errors());
    }

    #[test]
    fn stored_secret_shows_set_is_kept_blank_and_can_be_replaced() {
        let pw = required(field("clientSecret", "Client secret", FieldType::Password));
        let id = field("clientId", "Client ID", FieldType::Text);
        let fields = vec![id.clone(), pw.clone()];
        let mut s = FormState::for_secrets(&fields, true);
        assert!(s.secret_is_set("clientSecret"));
        s.set(&id, json!("abc"));
        s.blur(&pw);
        assert_eq!(s.error("clientSecret"), None, "a blank stored secret is fine");
        let out = s.submit(&fields).unwrap();
        assert_eq!(out["clientSecret"], json!(""), "kept secrets are sent blank");
        s.replace_secret("clientSecret");
        assert!(!s.secret_is_set("clientSecret"));
        assert_eq!(s.focus_request.as_ref().map(|(f, _)| f.as_str()), Some("clientSecret"));
        s.set(&pw, json!("n3w"));
        assert_eq!(s.submit(&fields).unwrap()["clientSecret"], json!("n3w"));
        s.keep_secret("clientSecret");
        assert_eq!(s.text("clientSecret"), "", "cancelling a replacement drops what was typed");
        assert!(s.secret_is_set("clientSecret"));
    }

    #[test]
    fn unconfigured_password_is_required() {
        let pw = required(field("token", "Access token", FieldType::Password));
        let mut s = FormState::for_secrets(std::slice::from_ref(&pw), false);
        assert!(!s.secret_is_set("token"));
        assert!(s.submit(std::slice::from_ref(&pw)).is_none());
        assert_eq!(s.error("token"), Some("Access token is required"));
    }

    #[test]
    fn saved_forgets_typed_secrets_and_marks_them_set() {
        let pw = field("token", "Access token", FieldType::Password);
        let other = field("other", "Other secret", FieldType::Password);
        let fields = vec![pw.clone(), other];
        let mut s = FormState::for_secrets(&fields, false);
        s.set(&pw, json!("typed"));
        s.saved(&fields);
        assert_eq!(s.text("token"), "");
        assert!(s.secret_is_set("token"));
        assert!(!s.secret_is_set("other"), "an optional password left blank holds nothing");
    }

    #[test]
    fn readonly_fields_are_not_editable_and_submit_their_metadata_value() {
        let mut ro = field("env", "Environment", FieldType::Text);
        ro.readonly = true;
        ro.value = "production".into();
        let mut cb = field("locked", "Locked", FieldType::Checkbox);
        cb.readonly = true;
        let fields = vec![ro.clone(), cb];
        let mut s = FormState::new(&fields);
        s.set(&ro, json!("staging"));
        assert_eq!(s.text("env"), "production");
        let out = s.submit(&fields).unwrap();
        assert_eq!(out["env"], json!("production"));
    }

    #[test]
    fn multi_select_toggles_keep_option_order() {
        let f = required(opts(field("ev", "Events", FieldType::MultiSelect), &["a", "b", "c"]));
        let mut s = FormState::new(std::slice::from_ref(&f));
        s.toggle_choice(&f, "c", true);
        s.toggle_choice(&f, "a", true);
        assert_eq!(s.selected("ev"), vec!["a", "c"]);
        s.toggle_choice(&f, "c", false);
        assert_eq!(s.selected("ev"), vec!["a"]);
        s.toggle_choice(&f, "a", false);
        s.blur(&f);
        assert_eq!(s.error("ev"), Some("Events is required"));
        assert_eq!(s.submit(std::slice::from_ref(&f)), None);
    }

    #[test]
    fn server_errors_map_onto_fields_with_and_without_a_prefix() {
        let a = field("apiKey", "API key", FieldType::Text);
        let b = field("days", "Days", FieldType::Number);
        let fields = vec![a, b];
        let mut errs = FieldErrors::new();
        errs.insert("srcConnectionConfig.days".into(), vec!["Days must be at most 90".into()]);
        errs.insert("destConnectionConfig.days".into(), vec!["not ours".into()]);
        errs.insert("srcConnectionConfig.gone".into(), vec!["Unknown field \"gone\"".into()]);
        let mut s = FormState::new(&fields);
        assert!(s.apply_server_errors(&fields, &errs, Some("srcConnectionConfig")));
        assert_eq!(s.error("days"), Some("Days must be at most 90"));
        assert_eq!(s.form_errors, vec!["Unknown field \"gone\"".to_string()]);
        assert_eq!(s.focus_request.as_ref().map(|(f, _)| f.as_str()), Some("days"));

        let mut plain = FieldErrors::new();
        plain.insert("apiKey".into(), vec!["API key is required".into()]);
        plain.insert("secretConfig.days".into(), vec!["Days must be a number".into()]);
        plain.insert("srcConnectionConfig.days".into(), vec!["belongs to a connection form".into()]);
        let mut s = FormState::new(&fields);
        assert!(s.apply_server_errors(&fields, &plain, None));
        assert_eq!(s.error("apiKey"), Some("API key is required"));
        assert_eq!(s.error("days"), Some("Days must be a number"));
        assert!(s.form_errors.is_empty());
        assert_eq!(s.focus_request.as_ref().map(|(f, _)| f.as_str()), Some("apiKey"));
    }

    #[test]
    fn a_stored_secret_named_by_the_server_opens_for_replacement() {
        let pw = field("token", "Access token", FieldType::Password);
        let fields = vec![pw];
        let mut s = FormState::for_secrets(&fields, true);
        let mut errs = FieldErrors::new();
        errs.insert("token".into(), vec!["Access token was rejected".into()]);
        s.apply_server_errors(&fields, &errs, None);
        assert!(!s.secret_is_set("token"), "its input must be visible to be focused and fixed");
    }

    #[test]
    fn debug_output_never_contains_values() {
        let pw = field("token", "Access token", FieldType::Password);
        let mut s = FormState::new(std::slice::from_ref(&pw));
        s.set(&pw, json!("super-secret-value"));
        assert!(!format!("{s:?}").contains("super-secret-value"));
    }

    #[test]
    fn dom_ids_are_unique_per_prefix_and_selector_safe() {
        assert_eq!(dom_id(None, "api key"), "mc-cf-form-api_key");
        assert_ne!(dom_id(Some("src"), "x"), dom_id(Some("dest"), "x"));
        assert_eq!(counter_text("héllo", 10), "5 / 10");
    }

    #[test]
    fn problem_texts_in_english_are_the_models_messages() {
        let problems = [
            FieldProblem::Required,
            FieldProblem::MustBeChecked,
            FieldProblem::NotBool,
            FieldProblem::NotNumber,
            FieldProblem::NotInteger,
            FieldProblem::BelowMin(1.5),
            FieldProblem::AboveMax(65535.0),
            FieldProblem::NotList,
            FieldProblem::NotText,
            FieldProblem::TooLong { limit: 5, len: 7 },
            FieldProblem::BadFormat(FieldType::Email),
            FieldProblem::BadFormat(FieldType::Url),
            FieldProblem::BadFormat(FieldType::Tel),
            FieldProblem::BadFormat(FieldType::Date),
            FieldProblem::BadFormat(FieldType::Datetime),
            FieldProblem::BadFormat(FieldType::Time),
            FieldProblem::BadFormat(FieldType::Text),
            FieldProblem::NoOption("mars".into()),
            FieldProblem::ReadOnly,
            FieldProblem::Unknown,
        ];
        for p in problems {
            assert_eq!(problem_text(&p, "Port"), p.message("Port"), "{p:?}");
        }
    }
}
