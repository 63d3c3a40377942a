//! Numbers, dates and plural categories in the active language and the person's time zone, by
//! the browser's `Intl`. Built natively (unit tests), each falls back to the English form.

#[cfg(target_arch = "wasm32")]
use super::locale;

/// The plural category (`one`, `few`, `other`, …) of `n` in the active language.
pub fn plural_category(n: u64) -> &'static str {
    // English's rule for whole numbers needs no call into the browser (counts change with every
    // filter, dozens at a time).
    #[cfg(target_arch = "wasm32")]
    if locale() != super::Locale::En {
        let category = with_formatter(Kind::Plural, |f| String::from(f.unchecked_ref::<js_sys::Intl::PluralRules>().select(n as f64)));
        return match category.as_str() {
            "zero" => "zero",
            "one" => "one",
            "two" => "two",
            "few" => "few",
            "many" => "many",
            _ => "other",
        };
    }
    if n == 1 {
        "one"
    } else {
        "other"
    }
}

/// `1234567` → "1,234,567" (en), "1.234.567" (de), "1 234 567" (fr).
pub fn number(n: f64) -> String {
    // Below a thousand every shipped language writes a whole number as its plain digits.
    if n.fract() == 0.0 && n.abs() < 1000.0 {
        return (n as i64).to_string();
    }
    #[cfg(target_arch = "wasm32")]
    {
        format_with(Kind::Number, &n.into())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        english_grouped(n as u64)
    }
}

/// A figure with at most one decimal: "4.5" (en), "4,5" (de).
pub fn decimal(n: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        format_with(Kind::Number, &((n * 10.0).round() / 10.0).into())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        format!("{n:.1}")
    }
}

/// A compact figure: 950, 12K, 4.5M (en); 12.345 → "12.345" / "1,2 Mio." (de); "1.2万" (ja).
pub fn compact(n: u64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        format_with(Kind::Compact, &(n as f64).into())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        n.to_string()
    }
}

/// Unix seconds as a date and time in the person's time zone: "23 Nov 2026, 15:05".
pub fn date_time(secs: i64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        format_with(Kind::DateTime, &date(secs))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        secs.to_string()
    }
}

/// Unix seconds as a date in the person's time zone: "23 Nov 2026".
pub fn date_only(secs: i64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        format_with(Kind::Date, &date(secs))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        secs.to_string()
    }
}

/// A UTC calendar day (a report's day starts at 00:00 UTC) as the language writes it: "23 Nov".
pub fn day_utc(secs: i64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        format_with(Kind::DayUtc, &date(secs))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        secs.to_string()
    }
}

/// "5 minutes ago", "yesterday", "vor 3 Stunden"; `value` counts `unit`s (negative: past).
pub fn relative(value: i64, unit: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        with_formatter(Kind::Relative, |f| String::from(f.unchecked_ref::<js_sys::Intl::RelativeTimeFormat>().format(value as f64, unit)))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        format!("{value} {unit}")
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn english_grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::{JsCast, JsValue};

#[cfg(target_arch = "wasm32")]
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plural,
    Number,
    Compact,
    DateTime,
    Date,
    DayUtc,
    Relative,
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    static FORMATTERS: std::cell::RefCell<Vec<(Kind, JsValue)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Formatters are kept per language; a language change starts afresh.
pub(super) fn forget_formatters() {
    #[cfg(target_arch = "wasm32")]
    FORMATTERS.with(|f| f.borrow_mut().clear());
}

#[cfg(target_arch = "wasm32")]
fn date(secs: i64) -> JsValue {
    js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0)).into()
}

#[cfg(target_arch = "wasm32")]
fn format_with(kind: Kind, value: &JsValue) -> String {
    with_formatter(kind, |f| {
        let format = js_sys::Reflect::get(f, &JsValue::from_str("format")).ok();
        format
            .and_then(|g| g.dyn_into::<js_sys::Function>().ok())
            .and_then(|g| g.call1(f, value).ok())
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    })
}

#[cfg(target_arch = "wasm32")]
fn with_formatter<R>(kind: Kind, use_it: impl FnOnce(&JsValue) -> R) -> R {
    let formatter = FORMATTERS.with(|all| {
        if let Some((_, f)) = all.borrow().iter().find(|(k, _)| *k == kind) {
            return f.clone();
        }
        let locales = js_sys::Array::of1(&JsValue::from_str(locale().tag()));
        let options = js_sys::Object::new();
        let set = |k: &str, v: &str| {
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
        };
        let f: JsValue = match kind {
            Kind::Plural => js_sys::Intl::PluralRules::new(&locales, &options).into(),
            Kind::Number => js_sys::Intl::NumberFormat::new(&locales, &options).into(),
            Kind::Compact => {
                set("notation", "compact");
                js_sys::Intl::NumberFormat::new(&locales, &options).into()
            }
            Kind::DateTime => {
                set("dateStyle", "medium");
                set("timeStyle", "short");
                js_sys::Intl::DateTimeFormat::new(&locales, &options).into()
            }
            Kind::Date => {
                set("dateStyle", "medium");
                js_sys::Intl::DateTimeFormat::new(&locales, &options).into()
            }
            Kind::DayUtc => {
                set("month", "short");
                set("day", "numeric");
                set("timeZone", "UTC");
                js_sys::Intl::DateTimeFormat::new(&locales, &options).into()
            }
            Kind::Relative => {
                set("numeric", "auto");
                js_sys::Intl::RelativeTimeFormat::new(&locales, &options).into()
            }
        };
        all.borrow_mut().push((kind, f.clone()));
        f
    });
    use_it(&formatter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_fallbacks_are_english() {
        assert_eq!(number(1_234_567.0), "1,234,567");
        assert_eq!(number(999.0), "999");
        assert_eq!(plural_category(1), "one");
        assert_eq!(plural_category(0), "other");
    }
}
