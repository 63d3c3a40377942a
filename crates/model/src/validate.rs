//! Field validation: the one set of rules the setup forms and the server both apply.
//!
//! Values may arrive as JSON strings (as in the docs' samples) or in their natural JSON type;
//! a valid value comes back normalized: numbers as numbers, checkboxes as booleans, multi-selects
//! as arrays of strings, everything else as a string. Messages name the field by its label.

use crate::{ConfigField, ConfigValues, FieldErrors, FieldType};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// True for "no value given": null, an empty (or blank) string, an empty list.
pub fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Why a value was refused. The server words it in English with [`FieldProblem::message`]; the
/// console shows the same problem in the person's language.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldProblem {
    /// Left blank, but the field must be filled in.
    Required,
    /// A required checkbox left unchecked.
    MustBeChecked,
    /// A checkbox value that is neither true nor false.
    NotBool,
    NotNumber,
    /// A fraction where only whole numbers are allowed.
    NotInteger,
    /// Below the field's minimum (the minimum).
    BelowMin(f64),
    /// Above the field's maximum (the maximum).
    AboveMax(f64),
    /// A multi-select value that is not a list of choices.
    NotList,
    NotText,
    /// Longer than the field allows: its limit and the value's length, in characters.
    TooLong {
        limit: usize,
        len: usize,
    },
    /// Not in the shape its type asks for (email, web address, phone, date, date and time, time).
    BadFormat(FieldType),
    /// A choice the field does not offer (the value given).
    NoOption(String),
    /// A changed value for a read-only field.
    ReadOnly,
    /// A key that names no field of the connector; `message`'s `name` is that key.
    Unknown,
}

impl FieldProblem {
    /// The English message, naming the field by `name` (its label, or the key for [`FieldProblem::Unknown`]).
    pub fn message(&self, name: &str) -> String {
        match self {
            FieldProblem::Required => format!("{name} is required"),
            FieldProblem::MustBeChecked => format!("{name} must be checked"),
            FieldProblem::NotBool => format!("{name} must be true or false"),
            FieldProblem::NotNumber => format!("{name} must be a number"),
            FieldProblem::NotInteger => format!("{name} must be a whole number"),
            FieldProblem::BelowMin(min) => format!("{name} must be at least {}", fmt_num(*min)),
            FieldProblem::AboveMax(max) => format!("{name} must be at most {}", fmt_num(*max)),
            FieldProblem::NotList => format!("{name} must be a list of choices"),
            FieldProblem::NotText => format!("{name} must be text"),
            FieldProblem::TooLong { limit, len } => format!("{name} must be at most {limit} characters (it has {len})"),
            FieldProblem::BadFormat(ty) => match ty {
                FieldType::Email => format!("{name} must be an email address like name@example.com"),
                FieldType::Url => format!("{name} must be a web address starting with http:// or https://"),
                FieldType::Tel => format!("{name} must be a phone number (digits, spaces, + - ( ) .)"),
                FieldType::Date => format!("{name} must be a date as YYYY-MM-DD"),
                FieldType::Datetime => format!("{name} must be a date and time as YYYY-MM-DDTHH:MM"),
                FieldType::Time => format!("{name} must be a time as HH:MM"),
                _ => format!("{name} is not valid"),
            },
            FieldProblem::NoOption(s) => format!("{name} has no option \"{s}\""),
            FieldProblem::ReadOnly => format!("{name} is read-only"),
            FieldProblem::Unknown => format!("Unknown field \"{name}\": this connector has no such setting"),
        }
    }
}

/// Checks one value against its field. `Ok(None)` means "left empty, and that is fine".
/// The error is the English message (see [`validate_value_problem`]).
pub fn validate_value(field: &ConfigField, value: &Value) -> Result<Option<Value>, String> {
    validate_value_problem(field, value).map_err(|p| p.message(field.display_name()))
}

/// [`validate_value`], saying what is wrong rather than wording it.
pub fn validate_value_problem(field: &ConfigField, value: &Value) -> Result<Option<Value>, FieldProblem> {
    let ty = &field.field_type;
    if *ty == FieldType::Checkbox {
        let b = as_bool(value).ok_or(FieldProblem::NotBool)?;
        if field.required && !b {
            return Err(FieldProblem::MustBeChecked);
        }
        return Ok(Some(Value::Bool(b)));
    }
    if is_blank(value) {
        return if field.required { Err(FieldProblem::Required) } else { Ok(None) };
    }
    match ty {
        FieldType::Number => {
            let n = as_number(value).ok_or(FieldProblem::NotNumber)?;
            if field.whole_numbers_only() && n.fract() != 0.0 {
                return Err(FieldProblem::NotInteger);
            }
            let (min, max) = field.bounds();
            if let Some(min) = min.filter(|m| n < *m) {
                return Err(FieldProblem::BelowMin(min));
            }
            if let Some(max) = max.filter(|m| n > *m) {
                return Err(FieldProblem::AboveMax(max));
            }
            Ok(Some(number_value(n)))
        }
        FieldType::MultiSelect => {
            let items = as_list(value).ok_or(FieldProblem::NotList)?;
            for item in &items {
                check_option(field, item)?;
            }
            Ok(Some(Value::Array(items.into_iter().map(Value::String).collect())))
        }
        _ => {
            let s = value.as_str().ok_or(FieldProblem::NotText)?;
            check_text(field, s)?;
            Ok(Some(Value::String(s.to_string())))
        }
    }
}

fn check_text(field: &ConfigField, s: &str) -> Result<(), FieldProblem> {
    if let Some(limit) = field.length_limit() {
        let len = s.chars().count();
        if len > limit {
            return Err(FieldProblem::TooLong { limit, len });
        }
    }
    let t = s.trim();
    let ok = match &field.field_type {
        FieldType::Select | FieldType::FilteredSelect => return check_option(field, s),
        FieldType::Email => is_email(t),
        FieldType::Url => is_http_url(t),
        FieldType::Tel => is_tel(t),
        FieldType::Date => is_date(t),
        FieldType::Datetime => is_datetime(t),
        FieldType::Time => is_time(t),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(FieldProblem::BadFormat(field.field_type.clone()))
    }
}

fn check_option(field: &ConfigField, s: &str) -> Result<(), FieldProblem> {
    if field.options.is_empty() || field.options.iter().any(|o| o.value == s) {
        Ok(())
    } else {
        Err(FieldProblem::NoOption(s.to_string()))
    }
}

/// Every problem of a submitted form, by field id (or by the unknown key).
pub type FieldProblems = BTreeMap<String, Vec<FieldProblem>>;

/// Validates a whole submitted form against its fields.
///
/// `stored_secrets` lists password fields that already hold a value: leaving one blank keeps it.
/// Returns the normalized values to store (blank optional fields left out), or every error.
pub fn validate_config(
    fields: &[ConfigField],
    values: &ConfigValues,
    stored_secrets: &BTreeSet<String>,
) -> Result<ConfigValues, FieldErrors> {
    validate_config_problems(fields, values, stored_secrets).map_err(|problems| {
        problems
            .into_iter()
            .map(|(key, list)| {
                let name = fields.iter().find(|f| f.id == key).map_or(key.as_str(), |f| f.display_name());
                let messages = list.iter().map(|p| p.message(name)).collect();
                (key, messages)
            })
            .collect()
    })
}

/// [`validate_config`], saying what is wrong with each field rather than wording it. A key that
/// names no field gets [`FieldProblem::Unknown`].
pub fn validate_config_problems(
    fields: &[ConfigField],
    values: &ConfigValues,
    stored_secrets: &BTreeSet<String>,
) -> Result<ConfigValues, FieldProblems> {
    let mut errors = FieldProblems::new();
    let mut out = ConfigValues::new();
    for key in values.keys() {
        if !fields.iter().any(|f| &f.id == key) {
            errors.entry(key.clone()).or_default().push(FieldProblem::Unknown);
        }
    }
    for field in fields {
        let v = values.get(&field.id).unwrap_or(&Value::Null);
        if field.readonly {
            if !is_blank(v) && v.as_str() != Some(field.value.as_str()) {
                errors.entry(field.id.clone()).or_default().push(FieldProblem::ReadOnly);
            } else if !field.value.is_empty() {
                out.insert(field.id.clone(), Value::String(field.value.clone()));
            }
            continue;
        }
        if field.field_type == FieldType::Password && is_blank(v) && stored_secrets.contains(&field.id) {
            continue;
        }
        match validate_value_problem(field, v) {
            Ok(Some(n)) => {
                out.insert(field.id.clone(), n);
            }
            Ok(None) => {}
            Err(e) => errors.entry(field.id.clone()).or_default().push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Null => Some(false),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "on" | "yes" | "1" => Some(true),
            "false" | "off" | "no" | "0" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn as_number(v: &Value) -> Option<f64> {
    let n = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

fn number_value(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map(Value::Number).unwrap_or(Value::Null)
    }
}

/// A bound as the English messages write it: `65535`, `1.5` (no grouping).
pub fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A multi-select value: a JSON array of strings, or a comma-separated string.
fn as_list(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Array(a) => a.iter().map(|x| x.as_str().map(str::to_string)).collect(),
        Value::String(s) => {
            let t = s.trim();
            if t.starts_with('[') {
                serde_json::from_str::<Vec<String>>(t).ok()
            } else {
                Some(t.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect())
            }
        }
        _ => None,
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// `YYYY-MM-DD`, a real calendar date.
pub fn is_date(s: &str) -> bool {
    let mut p = s.split('-');
    let (Some(y), Some(m), Some(d), None) = (p.next(), p.next(), p.next(), p.next()) else { return false };
    let (Some(y), Some(m), Some(d)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else { return false };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// `HH:MM` or `HH:MM:SS` (24-hour), as a browser's time input gives it.
pub fn is_time(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    let limits = [23, 59, 59];
    (parts.len() == 2 || parts.len() == 3) && parts.iter().zip(limits).all(|(p, max)| digits(p, 2).is_some_and(|v| v <= max))
}

/// A browser's datetime-local value: `YYYY-MM-DDTHH:MM`, seconds optional.
pub fn is_datetime(s: &str) -> bool {
    s.split_once('T').is_some_and(|(d, t)| is_date(d) && is_time(t))
}

pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && local.len() <= 64
        && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
        && !domain.contains('@')
        && labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// An absolute `http://` or `https://` address with a host.
pub fn is_http_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("https://") {
        r
    } else if let Some(r) = lower.strip_prefix("http://") {
        r
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    !host.is_empty()
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        && !host.starts_with('.')
        && !host.starts_with(':')
}

/// Digits with the usual separators, an optional leading `+`, 5 to 15 digits.
pub fn is_tel(s: &str) -> bool {
    let body = s.strip_prefix('+').unwrap_or(s);
    let n = body.chars().filter(|c| c.is_ascii_digit()).count();
    body.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.')) && (5..=15).contains(&n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldOption;
    use serde_json::json;

    fn field(ty: FieldType) -> ConfigField {
        ConfigField::new("f", "Field", ty)
    }

    fn with_options(ty: FieldType) -> ConfigField {
        let mut f = field(ty);
        f.options = ["eu", "us", "apac"].iter().map(|v| FieldOption { value: v.to_string(), label: v.to_uppercase() }).collect();
        f
    }

    fn err(f: &ConfigField, v: Value) -> String {
        validate_value(f, &v).expect_err(&format!("{v} should be refused"))
    }

    fn ok(f: &ConfigField, v: Value) -> Option<Value> {
        validate_value(f, &v).unwrap_or_else(|e| panic!("{v} refused: {e}"))
    }

    #[test]
    fn required_blank_values_are_refused_by_label() {
        let mut f = field(FieldType::Text);
        f.required = true;
        for v in [json!(null), json!(""), json!("   ")] {
            assert_eq!(err(&f, v), "Field is required");
        }
        f.required = false;
        assert_eq!(ok(&f, json!("")), None);
    }

    #[test]
    fn text_textarea_and_password_respect_limit() {
        for ty in [FieldType::Text, FieldType::Textarea, FieldType::Password] {
            let mut f = field(ty);
            f.limit = Some(5);
            assert_eq!(ok(&f, json!("héllo")), Some(json!("héllo")));
            assert_eq!(err(&f, json!("toolong")), "Field must be at most 5 characters (it has 7)");
            assert_eq!(err(&f, json!(12)), "Field must be text");
        }
    }

    #[test]
    fn number_accepts_strings_and_numbers_within_bounds() {
        let mut f = field(FieldType::Number);
        f.min = Some(1.5);
        f.max = Some(10.0);
        assert_eq!(ok(&f, json!(2.5)), Some(json!(2.5)));
        f.min = Some(1.0);
        assert_eq!(ok(&f, json!("7")), Some(json!(7)));
        assert_eq!(err(&f, json!("0")), "Field must be at least 1");
        assert_eq!(err(&f, json!(11)), "Field must be at most 10");
        assert_eq!(err(&f, json!("seven")), "Field must be a number");
        assert_eq!(err(&f, json!(true)), "Field must be a number");
    }

    #[test]
    fn whole_bounds_mean_whole_numbers_like_a_port() {
        let mut f = field(FieldType::Number);
        f.label = "Port".into();
        f.min = Some(1.0);
        f.max = Some(65535.0);
        f.value = "22".into();
        assert_eq!(err(&f, json!("2.5")), "Port must be a whole number");
        assert_eq!(err(&f, json!(2.5)), "Port must be a whole number");
        assert_eq!(ok(&f, json!("22")), Some(json!(22)));
        assert_eq!(ok(&f, json!("22.0")), Some(json!(22)));
        // No bounds (or the docs' 0/0 placeholder): any number.
        f.min = Some(0.0);
        f.max = Some(0.0);
        assert_eq!(ok(&f, json!("2.5")), Some(json!(2.5)));
    }

    #[test]
    fn checkbox_takes_booleans_and_required_means_checked() {
        let mut f = field(FieldType::Checkbox);
        assert_eq!(ok(&f, json!("true")), Some(json!(true)));
        assert_eq!(ok(&f, json!(false)), Some(json!(false)));
        assert_eq!(err(&f, json!("maybe")), "Field must be true or false");
        f.required = true;
        assert_eq!(err(&f, json!(false)), "Field must be checked");
    }

    #[test]
    fn select_and_filtered_select_only_take_listed_options() {
        for ty in [FieldType::Select, FieldType::FilteredSelect] {
            let f = with_options(ty);
            assert_eq!(ok(&f, json!("eu")), Some(json!("eu")));
            assert_eq!(err(&f, json!("mars")), "Field has no option \"mars\"");
        }
    }

    #[test]
    fn multi_select_takes_arrays_or_comma_lists() {
        let mut f = with_options(FieldType::MultiSelect);
        assert_eq!(ok(&f, json!(["eu", "us"])), Some(json!(["eu", "us"])));
        assert_eq!(ok(&f, json!("eu, apac")), Some(json!(["eu", "apac"])));
        assert_eq!(ok(&f, json!("[\"us\"]")), Some(json!(["us"])));
        assert_eq!(err(&f, json!(["eu", "mars"])), "Field has no option \"mars\"");
        assert_eq!(err(&f, json!([1])), "Field must be a list of choices");
        f.required = true;
        assert_eq!(err(&f, json!([])), "Field is required");
    }

    #[test]
    fn date_datetime_and_time_formats() {
        let d = field(FieldType::Date);
        assert!(ok(&d, json!("2024-02-29")).is_some());
        assert_eq!(err(&d, json!("2023-02-29")), "Field must be a date as YYYY-MM-DD");
        assert!(validate_value(&d, &json!("2024-13-01")).is_err());
        assert!(validate_value(&d, &json!("24-01-01")).is_err());
        let dt = field(FieldType::Datetime);
        assert!(ok(&dt, json!("2026-11-23T09:30")).is_some());
        assert!(ok(&dt, json!("2026-11-23T09:30:15")).is_some());
        assert!(validate_value(&dt, &json!("2026-11-23 09:30")).is_err());
        let t = field(FieldType::Time);
        assert!(ok(&t, json!("23:59")).is_some());
        assert!(ok(&t, json!("00:00:59")).is_some());
        assert_eq!(err(&t, json!("24:00")), "Field must be a time as HH:MM");
    }

    #[test]
    fn email_url_and_tel_shapes() {
        let e = field(FieldType::Email);
        assert!(ok(&e, json!("ops@brand.example")).is_some());
        for bad in ["ops", "ops@", "@x.io", "ops@localhost", "o ps@x.io", "a@b@c.io"] {
            assert!(validate_value(&e, &json!(bad)).is_err(), "{bad}");
        }
        let u = field(FieldType::Url);
        assert!(ok(&u, json!("https://ads.example.com/v1?x=1")).is_some());
        assert!(ok(&u, json!("http://localhost:8080")).is_some());
        for bad in ["javascript:alert(1)", "ftp://x.io", "https://", "https://a b.io", "data:text/html,x"] {
            assert_eq!(validate_value(&u, &json!(bad)).unwrap_err(), "Field must be a web address starting with http:// or https://");
        }
        let t = field(FieldType::Tel);
        assert!(ok(&t, json!("+1 (415) 555-0100")).is_some());
        for bad in ["12", "call me", "+1 415 555 0100 0000 0000"] {
            assert!(validate_value(&t, &json!(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn unknown_type_is_validated_as_text() {
        let mut f = field(FieldType::Other("colour".into()));
        f.limit = Some(3);
        assert!(ok(&f, json!("red")).is_some());
        assert!(validate_value(&f, &json!("green")).is_err());
    }

    #[test]
    fn whole_form_reports_every_error_and_unknown_keys() {
        let mut a = field(FieldType::Text);
        a.id = "apiKey".into();
        a.label = "API key".into();
        a.required = true;
        let mut b = field(FieldType::Number);
        b.id = "days".into();
        b.label = "Lookback days".into();
        b.max = Some(90.0);
        let values: ConfigValues = serde_json::from_value(json!({"days": 120, "bogus": "x"})).unwrap();
        let errs = validate_config(&[a.clone(), b.clone()], &values, &BTreeSet::new()).unwrap_err();
        assert_eq!(errs["apiKey"], vec!["API key is required"]);
        assert_eq!(errs["days"], vec!["Lookback days must be at most 90"]);
        assert!(errs["bogus"][0].contains("Unknown field"));
        let values: ConfigValues = serde_json::from_value(json!({"apiKey": "k", "days": "30"})).unwrap();
        let out = validate_config(&[a, b], &values, &BTreeSet::new()).unwrap();
        assert_eq!(out["days"], json!(30));
    }

    #[test]
    fn blank_password_keeps_a_stored_secret_but_not_a_missing_one() {
        let mut p = field(FieldType::Password);
        p.id = "secret".into();
        p.label = "Client secret".into();
        p.required = true;
        let blank: ConfigValues = serde_json::from_value(json!({"secret": ""})).unwrap();
        let stored: BTreeSet<String> = ["secret".to_string()].into();
        let out = validate_config(std::slice::from_ref(&p), &blank, &stored).unwrap();
        assert!(!out.contains_key("secret"), "a blank password must not overwrite the stored one");
        let errs = validate_config(&[p], &blank, &BTreeSet::new()).unwrap_err();
        assert_eq!(errs["secret"], vec!["Client secret is required"]);
    }

    #[test]
    fn readonly_fields_keep_their_value() {
        let mut r = field(FieldType::Text);
        r.id = "env".into();
        r.label = "Environment".into();
        r.readonly = true;
        r.value = "production".into();
        let out = validate_config(std::slice::from_ref(&r), &ConfigValues::new(), &BTreeSet::new()).unwrap();
        assert_eq!(out["env"], "production");
        let changed: ConfigValues = serde_json::from_value(json!({"env": "staging"})).unwrap();
        assert_eq!(validate_config(&[r], &changed, &BTreeSet::new()).unwrap_err()["env"], vec!["Environment is read-only"]);
    }

    #[test]
    fn every_problem_keeps_its_english_message() {
        let cases: Vec<(FieldProblem, &str)> = vec![
            (FieldProblem::Required, "Port is required"),
            (FieldProblem::MustBeChecked, "Port must be checked"),
            (FieldProblem::NotBool, "Port must be true or false"),
            (FieldProblem::NotNumber, "Port must be a number"),
            (FieldProblem::NotInteger, "Port must be a whole number"),
            (FieldProblem::BelowMin(1.0), "Port must be at least 1"),
            (FieldProblem::BelowMin(1.5), "Port must be at least 1.5"),
            (FieldProblem::AboveMax(65535.0), "Port must be at most 65535"),
            (FieldProblem::NotList, "Port must be a list of choices"),
            (FieldProblem::NotText, "Port must be text"),
            (FieldProblem::TooLong { limit: 5, len: 7 }, "Port must be at most 5 characters (it has 7)"),
            (FieldProblem::BadFormat(FieldType::Email), "Port must be an email address like name@example.com"),
            (FieldProblem::BadFormat(FieldType::Url), "Port must be a web address starting with http:// or https://"),
            (FieldProblem::BadFormat(FieldType::Tel), "Port must be a phone number (digits, spaces, + - ( ) .)"),
            (FieldProblem::BadFormat(FieldType::Date), "Port must be a date as YYYY-MM-DD"),
            (FieldProblem::BadFormat(FieldType::Datetime), "Port must be a date and time as YYYY-MM-DDTHH:MM"),
            (FieldProblem::BadFormat(FieldType::Time), "Port must be a time as HH:MM"),
            (FieldProblem::BadFormat(FieldType::Text), "Port is not valid"),
            (FieldProblem::NoOption("mars".into()), "Port has no option \"mars\""),
            (FieldProblem::ReadOnly, "Port is read-only"),
            (FieldProblem::Unknown, "Unknown field \"Port\": this connector has no such setting"),
        ];
        for (problem, english) in cases {
            assert_eq!(problem.message("Port"), english, "{problem:?}");
        }
    }

    #[test]
    fn problems_match_the_messages() {
        let mut f = field(FieldType::Number);
        f.max = Some(10.0);
        assert_eq!(validate_value_problem(&f, &json!(11)), Err(FieldProblem::AboveMax(10.0)));
        let values: ConfigValues = serde_json::from_value(json!({"f": "x", "bogus": 1})).unwrap();
        let problems = validate_config_problems(std::slice::from_ref(&f), &values, &BTreeSet::new()).unwrap_err();
        assert_eq!(problems["f"], vec![FieldProblem::NotNumber]);
        assert_eq!(problems["bogus"], vec![FieldProblem::Unknown]);
        let errs = validate_config(&[f], &values, &BTreeSet::new()).unwrap_err();
        assert_eq!(errs["bogus"], vec!["Unknown field \"bogus\": this connector has no such setting"]);
    }
}
