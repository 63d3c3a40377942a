//! The console in the person's language: English, German, French, Spanish or Japanese.
//!
//! Messages are looked up by their English text, as gettext does: English is the source catalog
//! and is compiled in, so an English visit downloads no messages at all; every other language is
//! one JSON file (`i18n/<tag>.json`, hashed by the build) holding only that language, which
//! index.html starts fetching before the console's code arrives. A file maps an English message
//! to its translation, or, for a message with a count, to one text per plural category of the
//! language (`{"one": …, "other": …}`; the category comes from the browser's `Intl.PluralRules`).
//! Placeholders are `{name}`. `node scripts/messages.mjs --check` checks every catalog against
//! every message the code uses.
//!
//! Why not Fluent or leptos_i18n: the browser already knows each language's plural rules and
//! formats dates and numbers (`Intl`), and this file is a few hundred bytes of wasm, where a
//! bundled plural and number engine costs tens of KB against the first screen's 250 KB budget.
//! (The README's "Speed and size" gives the measured figures.)

pub mod intl;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde::Deserialize;

/// A language the console ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    De,
    Fr,
    Es,
    Ja,
}

impl Locale {
    pub const ALL: [Locale; 5] = [Locale::En, Locale::De, Locale::Fr, Locale::Es, Locale::Ja];

    /// The BCP 47 tag (also the catalog's file name).
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
            Locale::Fr => "fr",
            Locale::Es => "es",
            Locale::Ja => "ja",
        }
    }

    /// The language's own name for itself, as a language picker shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::De => "Deutsch",
            Locale::Fr => "Français",
            Locale::Es => "Español",
            Locale::Ja => "日本語",
        }
    }

    /// The shipped language for a tag such as `de`, `de-AT` or `JA-jp`; `None` for others.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.tag() == primary)
    }
}

/// One catalog entry: a text, or one text per plural category.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Message {
    Text(String),
    Plural(HashMap<String, String>),
}

/// A language's messages. In the browser, the catalog file as the browser's JSON parser read it,
/// keyed by `key_hash` of the English text (the build writes it so: half the bytes of English
/// keys, and no JSON code in the wasm); built natively (unit tests), a map keyed by the English.
#[cfg(target_arch = "wasm32")]
pub type Catalog = wasm_bindgen::JsValue;
#[cfg(not(target_arch = "wasm32"))]
pub type Catalog = HashMap<String, Message>;

struct Active {
    locale: Locale,
    catalog: Rc<Catalog>,
}

thread_local! {
    static ACTIVE: RefCell<Active> = RefCell::new(Active { locale: Locale::En, catalog: Rc::new(Catalog::default()) });
}

/// The language the console shows now.
pub fn locale() -> Locale {
    ACTIVE.with(|a| a.borrow().locale)
}

/// Makes `locale` with `catalog` the language of everything rendered from now on.
pub fn set_active(locale: Locale, catalog: Catalog) {
    ACTIVE.with(|a| *a.borrow_mut() = Active { locale, catalog: Rc::new(catalog) });
    intl::forget_formatters();
}

/// A catalog file's key for an English message: FNV-1a (32 bits) of its UTF-8, in base 36.
/// `scripts/post-build.mjs` writes the same (and refuses a build where two messages collide).
pub fn key_hash(english: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in english.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    let mut digits = Vec::with_capacity(7);
    loop {
        digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(h % 36) as usize]);
        h /= 36;
        if h == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// Marks a text for translation where it is declared (a table of labels), without translating
/// it yet: `t(label)` translates it where it is shown.
pub const fn n_(english: &'static str) -> &'static str {
    english
}

/// The message `english` in the active language.
pub fn t(english: &str) -> String {
    lookup(english, None).unwrap_or_else(|| english.to_string())
}

/// `t` with `{name}` placeholders filled in: `tf("Remove {name}?", &[("name", &name)])`.
pub fn tf(english: &str, args: &[(&str, &str)]) -> String {
    fill(&t(english), args)
}

/// A message with a count, `{count}` written in the language's digits: `tp("{count} connector",
/// "{count} connectors", n, &[])`. The catalog entry is keyed by the English plural (`other`).
pub fn tp(one: &str, other: &str, count: u64, args: &[(&str, &str)]) -> String {
    let text =
        lookup(other, Some(intl::plural_category(count))).unwrap_or_else(|| if count == 1 { one.to_string() } else { other.to_string() });
    let n = intl::number(count as f64);
    let mut all = vec![("count", n.as_str())];
    all.extend_from_slice(args);
    fill(&text, &all)
}

/// The entry for `key` in the active catalog: a text, or with a plural `category` that form (else
/// `other`). English (and a missing entry, which is reported on the console, failing any
/// end-to-end test that meets it) yields `None`.
fn lookup(key: &str, category: Option<&str>) -> Option<String> {
    ACTIVE.with(|a| {
        let a = a.borrow();
        if a.locale == Locale::En {
            return None;
        }
        let found = entry(&a.catalog, key, category);
        if found.is_none() {
            report_missing(a.locale, key);
        }
        found
    })
}

#[cfg(target_arch = "wasm32")]
fn entry(catalog: &Catalog, key: &str, category: Option<&str>) -> Option<String> {
    use wasm_bindgen::JsValue;
    let get = |obj: &JsValue, k: &str| js_sys::Reflect::get(obj, &JsValue::from_str(k)).ok().filter(|v| !v.is_undefined());
    let found = get(catalog, &key_hash(key))?;
    match category {
        None => found.as_string(),
        Some(c) => get(&found, c).or_else(|| get(&found, "other"))?.as_string(),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn entry(catalog: &Catalog, key: &str, category: Option<&str>) -> Option<String> {
    match (catalog.get(key)?, category) {
        (Message::Text(s), None) => Some(s.clone()),
        (Message::Plural(forms), Some(c)) => forms.get(c).or_else(|| forms.get("other")).cloned(),
        _ => None,
    }
}

fn report_missing(locale: Locale, key: &str) {
    let text = format!("missing {} message: {key:?}", locale.tag());
    #[cfg(target_arch = "wasm32")]
    web_sys::console::error_1(&text.into());
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("{text}");
}

/// Replaces each `{name}` in `text` by its value; an unknown placeholder stays as written.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    if args.is_empty() || !text.contains('{') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if args.iter().any(|(k, _)| *k == name) => {
                out.push_str(args.iter().find(|(k, _)| *k == name).map(|(_, v)| *v).unwrap_or_default());
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(target_arch = "wasm32")]
mod load {
    use super::*;
    use wasm_bindgen::{JsCast, JsValue};

    /// The language index.html chose (URL `?lang=`, then the person's earlier choice, then the
    /// browser's languages) and the catalog it started fetching: `window.mcI18n`.
    pub async fn start() {
        let Some(window) = web_sys::window() else { return };
        let entry = js_sys::Reflect::get(&window, &JsValue::from_str("mcI18n")).unwrap_or(JsValue::UNDEFINED);
        let field = |name: &str| js_sys::Reflect::get(&entry, &JsValue::from_str(name)).ok();
        let Some(locale) = field("locale").and_then(|l| l.as_string()).and_then(|t| Locale::from_tag(&t)) else { return };
        if locale == Locale::En {
            return;
        }
        // index.html parsed the file with the browser's JSON parser.
        let catalog = match field("messages").and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) {
            Some(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.unwrap_or(JsValue::NULL),
            None => JsValue::NULL,
        };
        apply(locale, catalog);
    }

    /// Loads and switches to `locale` (the embedding host's choice); English on failure.
    pub async fn switch(locale: Locale) {
        if locale == super::locale() {
            return;
        }
        if locale == Locale::En {
            set_active(Locale::En, JsValue::UNDEFINED);
            set_document_lang(Locale::En);
            return;
        }
        let Some(url) = catalog_url(locale) else { return };
        let text = match gloo_net::http::Request::get(&url).send().await {
            Ok(r) if r.ok() => r.text().await.ok(),
            _ => None,
        };
        apply(locale, text.and_then(|t| js_sys::JSON::parse(&t).ok()).unwrap_or(JsValue::NULL));
    }

    fn apply(locale: Locale, catalog: JsValue) {
        if catalog.is_object() {
            set_active(locale, catalog);
            set_document_lang(locale);
        } else {
            web_sys::console::warn_1(&format!("The {} messages could not be loaded; showing English.", locale.tag()).into());
            set_document_lang(Locale::En);
        }
    }

    fn set_document_lang(locale: Locale) {
        if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = html.set_attribute("lang", locale.tag());
        }
    }

    /// The hashed file of a language's catalog, from `<meta name="mc-i18n" content="de=…;fr=…">`.
    fn catalog_url(locale: Locale) -> Option<String> {
        let doc = web_sys::window()?.document()?;
        let content = doc.query_selector("meta[name=\"mc-i18n\"]").ok()??.get_attribute("content")?;
        let path = content.split(';').find_map(|pair| pair.strip_prefix(locale.tag())?.strip_prefix('=').map(str::to_string))?;
        Some(format!("{}{path}", doc.base_uri().ok()??.trim_end_matches(|c| c != '/')))
    }

    /// Remembers the person's choice and reloads in it (the unsaved-changes guard asks first).
    pub fn choose(locale: Locale) {
        let Some(window) = web_sys::window() else { return };
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.set_item("mc.locale", locale.tag());
        }
        // A `lang` in the address would win over the choice: drop it.
        if let Ok(url) = web_sys::Url::new(&window.location().href().unwrap_or_default()) {
            url.search_params().delete("lang");
            let _ = window.location().set_href(&url.href());
        } else {
            let _ = window.location().reload();
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use load::{choose, start, switch};

// Native builds (unit and component tests) stay in English.
#[cfg(not(target_arch = "wasm32"))]
pub async fn start() {}
#[cfg(not(target_arch = "wasm32"))]
pub async fn switch(_locale: Locale) {}
#[cfg(not(target_arch = "wasm32"))]
pub fn choose(_locale: Locale) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_pick_the_shipped_language() {
        assert_eq!(Locale::from_tag("de-AT"), Some(Locale::De));
        assert_eq!(Locale::from_tag("JA-jp"), Some(Locale::Ja));
        assert_eq!(Locale::from_tag("pt-BR"), None);
        assert_eq!(Locale::from_tag(""), None);
    }

    #[test]
    fn catalog_keys_are_the_builds_hashes() {
        // The values scripts/post-build.mjs writes for the same texts.
        assert_eq!(key_hash("Marketplace"), "q73d4w");
        assert_eq!(key_hash("\u{201c}{name}\u{201d} was created"), "gz90bc");
        assert_eq!(key_hash(""), "ztntfp");
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        assert_eq!(fill("Remove {name}?", &[("name", "Acme")]), "Remove Acme?");
        assert_eq!(fill("{a} and {b}", &[("a", "1"), ("b", "2")]), "1 and 2");
        assert_eq!(fill("{x} stays", &[("a", "1")]), "{x} stays");
        assert_eq!(fill("a { b", &[("a", "1")]), "a { b");
    }

    // Natively only: in the browser a catalog is the file the build writes (end-to-end tests).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn translations_and_plurals_come_from_the_active_catalog() {
        assert_eq!(t("Marketplace"), "Marketplace");
        assert_eq!(tp("{count} connector", "{count} connectors", 1, &[]), "1 connector");
        assert_eq!(tp("{count} connector", "{count} connectors", 2, &[]), "2 connectors");
        let catalog: Catalog = serde_json::from_str(
            r#"{"Marketplace": "Marktplatz", "{count} connectors": {"one": "{count} Connector", "other": "{count} Connectoren"},
                "Remove {name}?": "{name} entfernen?"}"#,
        )
        .unwrap();
        set_active(Locale::De, catalog);
        assert_eq!(t("Marketplace"), "Marktplatz");
        assert_eq!(tf("Remove {name}?", &[("name", "Acme")]), "Acme entfernen?");
        assert_eq!(tp("{count} connector", "{count} connectors", 1, &[]), "1 Connector");
        assert_eq!(tp("{count} connector", "{count} connectors", 3, &[]), "3 Connectoren");
        // Missing: English, and reported.
        assert_eq!(t("Connections"), "Connections");
        set_active(Locale::En, Catalog::new());
    }
}
