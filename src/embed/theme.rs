//! Host theming: validates a host's theme tokens and turns the valid ones into CSS custom properties.
//!
//! Pure and strict on purpose: a host page must never be able to inject CSS. Every accepted value
//! is *re-serialised* from what the parser understood (never the host's text), and only the known
//! tokens below map to properties; everything else is refused with a reason naming the token.

use serde_json::Value;

/// A theme token a host may set: its name in the init message (camelCase; as an element attribute
/// it is `theme-` + kebab-case), the custom property it sets, and what kind of value it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeToken {
    pub name: &'static str,
    pub property: &'static str,
    pub kind: TokenKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Colour,
    Radius,
    FontFamily,
}

/// The tokens a host may set; each maps to one custom property in `style/tokens.css`.
pub const TOKENS: &[ThemeToken] = &[
    ThemeToken { name: "primary", property: "--mc-color-primary", kind: TokenKind::Colour },
    ThemeToken { name: "primaryHover", property: "--mc-color-primary-hover", kind: TokenKind::Colour },
    ThemeToken { name: "primarySoft", property: "--mc-color-primary-soft", kind: TokenKind::Colour },
    ThemeToken { name: "onPrimary", property: "--mc-color-on-primary", kind: TokenKind::Colour },
    ThemeToken { name: "background", property: "--mc-color-bg", kind: TokenKind::Colour },
    ThemeToken { name: "surface", property: "--mc-color-surface", kind: TokenKind::Colour },
    ThemeToken { name: "surfaceAlt", property: "--mc-color-surface-alt", kind: TokenKind::Colour },
    ThemeToken { name: "text", property: "--mc-color-text", kind: TokenKind::Colour },
    ThemeToken { name: "textMuted", property: "--mc-color-text-muted", kind: TokenKind::Colour },
    ThemeToken { name: "border", property: "--mc-color-border", kind: TokenKind::Colour },
    ThemeToken { name: "danger", property: "--mc-color-danger", kind: TokenKind::Colour },
    ThemeToken { name: "success", property: "--mc-color-success", kind: TokenKind::Colour },
    ThemeToken { name: "warning", property: "--mc-color-warning", kind: TokenKind::Colour },
    ThemeToken { name: "info", property: "--mc-color-info", kind: TokenKind::Colour },
    ThemeToken { name: "focus", property: "--mc-color-focus", kind: TokenKind::Colour },
    ThemeToken { name: "radius", property: "--mc-radius", kind: TokenKind::Radius },
    ThemeToken { name: "radiusSmall", property: "--mc-radius-sm", kind: TokenKind::Radius },
    ThemeToken { name: "fontFamily", property: "--mc-font-family", kind: TokenKind::FontFamily },
];

/// `mode`: light or dark, set as `data-theme` on the root element (not a custom property).
pub const MODE_TOKEN: &str = "mode";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Light,
    Dark,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Light => "light",
            Mode::Dark => "dark",
        }
    }
}

/// One refused token: its name as the host sent it, and why (the value is not echoed in full).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub token: String,
    pub reason: String,
}

/// What to apply: `(custom property, normalised value)` pairs, the mode, and what was refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemePlan {
    pub properties: Vec<(&'static str, String)>,
    pub mode: Option<Mode>,
    pub rejected: Vec<Rejection>,
}

/// Radius bounds: a host may round corners, not turn controls into circles or blobs.
const MAX_RADIUS_PX: f64 = 32.0;
const MAX_RADIUS_REM: f64 = 2.0;
const MAX_FONT_FAMILY_LEN: usize = 200;
const MAX_FONT_FAMILIES: usize = 8;

/// Validates a theme object (`{"primary": "#0a7", "mode": "dark", ...}`). Keys may be camelCase
/// (`fontFamily`) or kebab-case (`font-family`, as element attributes spell them).
pub fn plan(theme: &Value) -> ThemePlan {
    let mut out = ThemePlan::default();
    let Some(map) = theme.as_object() else {
        if !theme.is_null() {
            out.rejected.push(Rejection { token: "theme".into(), reason: "theme must be an object of token names to values".into() });
        }
        return out;
    };
    for (key, value) in map {
        let name = camel_case(key);
        let Some(text) = value.as_str() else {
            out.rejected.push(Rejection { token: key.clone(), reason: format!("theme token '{key}' must be a string") });
            continue;
        };
        if name == MODE_TOKEN {
            match parse_mode(text) {
                Some(m) => out.mode = Some(m),
                None => out
                    .rejected
                    .push(Rejection { token: key.clone(), reason: format!("theme token '{key}' must be \"light\" or \"dark\"") }),
            }
            continue;
        }
        let Some(token) = TOKENS.iter().find(|t| t.name == name) else {
            out.rejected.push(Rejection { token: key.clone(), reason: format!("unknown theme token '{key}' (known: {})", known_names()) });
            continue;
        };
        let parsed = match token.kind {
            TokenKind::Colour => parse_colour(text).ok_or("a colour as #rgb, #rrggbb, #rrggbbaa, rgb(...) or hsl(...)"),
            TokenKind::Radius => parse_radius(text).ok_or("a length from 0 to 32px or 0 to 2rem"),
            TokenKind::FontFamily => {
                parse_font_family(text).ok_or("a comma-separated list of font names (letters, digits, spaces, hyphens)")
            }
        };
        match parsed {
            Ok(v) => {
                out.properties.retain(|(p, _)| *p != token.property);
                out.properties.push((token.property, v));
            }
            Err(expected) => out.rejected.push(Rejection {
                token: key.clone(),
                reason: format!("theme token '{key}' has an invalid value {}: expected {expected}", preview(text)),
            }),
        }
    }
    out
}

fn known_names() -> String {
    let mut names: Vec<&str> = TOKENS.iter().map(|t| t.name).collect();
    names.push(MODE_TOKEN);
    names.join(", ")
}

/// A short, quoted, printable preview of a refused value for a warning (never the whole thing).
fn preview(text: &str) -> String {
    let cleaned: String = text.chars().filter(|c| !c.is_control()).take(40).collect();
    let ellipsis = if text.chars().count() > 40 { "…" } else { "" };
    format!("{:?}", format!("{cleaned}{ellipsis}"))
}

/// `font-family` → `fontFamily`; `primary` stays.
pub fn camel_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '-' || c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

pub fn parse_mode(text: &str) -> Option<Mode> {
    match text.trim() {
        "light" => Some(Mode::Light),
        "dark" => Some(Mode::Dark),
        _ => None,
    }
}

/// A strict colour parser. Returns the colour re-serialised (lower-case hex, or canonical
/// `rgb(r g b / a)` / `hsl(h s% l% / a)`), so nothing from the input reaches CSS verbatim.
pub fn parse_colour(text: &str) -> Option<String> {
    let s = text.trim();
    if s.len() > 64 {
        return None;
    }
    if let Some(hex) = s.strip_prefix('#') {
        let ok = matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit());
        return ok.then(|| format!("#{}", hex.to_ascii_lowercase()));
    }
    let lower = s.to_ascii_lowercase();
    let (func, args) = lower.split_once('(')?;
    let args = args.strip_suffix(')')?;
    if args.contains('(') || args.contains(')') {
        return None;
    }
    let parts = split_args(args)?;
    match func.trim_end() {
        "rgb" | "rgba" => {
            let (r, g, b) = (rgb_channel(parts.main[0])?, rgb_channel(parts.main[1])?, rgb_channel(parts.main[2])?);
            Some(match optional_alpha(parts.alpha)? {
                Some(a) => format!("rgb({r} {g} {b} / {})", fmt_num(a)),
                None => format!("rgb({r} {g} {b})"),
            })
        }
        "hsl" | "hsla" => {
            let h = hue(parts.main[0])?;
            let (sat, light) = (percentage(parts.main[1])?, percentage(parts.main[2])?);
            Some(match optional_alpha(parts.alpha)? {
                Some(a) => format!("hsl({} {}% {}% / {})", fmt_num(h), fmt_num(sat), fmt_num(light), fmt_num(a)),
                None => format!("hsl({} {}% {}%)", fmt_num(h), fmt_num(sat), fmt_num(light)),
            })
        }
        _ => None,
    }
}

struct Args<'a> {
    main: [&'a str; 3],
    alpha: Option<&'a str>,
}

/// `a, b, c[, d]` (legacy) or `a b c[ / d]` (modern). Mixed syntaxes are refused.
fn split_args(args: &str) -> Option<Args<'_>> {
    let args = args.trim();
    if args.contains(',') {
        if args.contains('/') {
            return None;
        }
        let v: Vec<&str> = args.split(',').map(str::trim).collect();
        return match v.as_slice() {
            [a, b, c] => Some(Args { main: [a, b, c], alpha: None }),
            [a, b, c, d] => Some(Args { main: [a, b, c], alpha: Some(d) }),
            _ => None,
        };
    }
    let (main, alpha) = match args.split_once('/') {
        Some((m, a)) => (m, Some(a.trim())),
        None => (args, None),
    };
    let v: Vec<&str> = main.split_whitespace().collect();
    match v.as_slice() {
        [a, b, c] => Some(Args { main: [a, b, c], alpha }),
        _ => None,
    }
}

/// A plain decimal number: optional sign, digits, optional fraction. No exponents, no `inf`/`nan`.
fn number(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body.is_empty() || body.len() > 12 {
        return None;
    }
    let mut dots = 0;
    for b in body.bytes() {
        match b {
            b'0'..=b'9' => {}
            b'.' => dots += 1,
            _ => return None,
        }
    }
    if dots > 1 || body == "." {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn percentage(s: &str) -> Option<f64> {
    number(s.strip_suffix('%')?).filter(|n| (0.0..=100.0).contains(n))
}

fn rgb_channel(s: &str) -> Option<String> {
    if s.ends_with('%') {
        return percentage(s).map(|p| format!("{}%", fmt_num(p)));
    }
    number(s).filter(|n| (0.0..=255.0).contains(n)).map(fmt_num)
}

fn alpha(s: &str) -> Option<f64> {
    if s.ends_with('%') {
        return percentage(s).map(|p| p / 100.0);
    }
    number(s).filter(|n| (0.0..=1.0).contains(n))
}

/// `None` → no alpha given (`Some(None)`); a given alpha must be valid.
fn optional_alpha(s: Option<&str>) -> Option<Option<f64>> {
    match s {
        None => Some(None),
        Some(a) => alpha(a).map(Some),
    }
}

fn hue(s: &str) -> Option<f64> {
    let n = number(s.strip_suffix("deg").unwrap_or(s))?;
    (-360.0..=720.0).contains(&n).then_some(n)
}

/// Shortest decimal form, at most 4 decimals: `0.5`, `12`, `33.3333`.
fn fmt_num(n: f64) -> String {
    let rounded = (n * 10_000.0).round() / 10_000.0;
    let mut s = format!("{rounded:.4}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" {
        s = "0".into();
    }
    s
}

/// `0`, `6px`, `0.5rem`: non-negative and bounded.
pub fn parse_radius(text: &str) -> Option<String> {
    let s = text.trim().to_ascii_lowercase();
    if s == "0" {
        return Some("0px".into());
    }
    let (num, unit, max) = if let Some(n) = s.strip_suffix("rem") {
        (n, "rem", MAX_RADIUS_REM)
    } else if let Some(n) = s.strip_suffix("px") {
        (n, "px", MAX_RADIUS_PX)
    } else {
        return None;
    };
    if num.starts_with(['-', '+']) {
        return None;
    }
    let n = number(num).filter(|n| (0.0..=max).contains(n))?;
    Some(format!("{}{unit}", fmt_num(n)))
}

const GENERIC_FAMILIES: &[&str] =
    &["serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-sans-serif", "ui-serif", "ui-monospace", "ui-rounded"];

/// A comma-separated family list. Each family is a name made of letters, digits, spaces, hyphens
/// and underscores, optionally in single or double quotes. Re-serialised with every non-generic
/// name double-quoted, so no character of the input can end the declaration.
pub fn parse_font_family(text: &str) -> Option<String> {
    let s = text.trim();
    if s.is_empty() || s.len() > MAX_FONT_FAMILY_LEN {
        return None;
    }
    let mut families = Vec::new();
    for raw in s.split(',') {
        let raw = raw.trim();
        let name = match (raw.chars().next(), raw.chars().last()) {
            (Some(q @ ('"' | '\'')), Some(e)) if raw.len() >= 2 && e == q => &raw[1..raw.len() - 1],
            _ => raw,
        };
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let safe = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-' || c == '_')
            && !name.starts_with('-');
        if !safe {
            return None;
        }
        let quoted_input = raw.starts_with(['"', '\'']);
        if !quoted_input && GENERIC_FAMILIES.contains(&name.to_ascii_lowercase().as_str()) {
            families.push(name.to_ascii_lowercase());
        } else {
            families.push(format!("\"{name}\""));
        }
    }
    if families.len() > MAX_FONT_FAMILIES {
        return None;
    }
    Some(families.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hex_colours_are_accepted_and_lower_cased() {
        assert_eq!(parse_colour("#0A7").as_deref(), Some("#0a7"));
        assert_eq!(parse_colour(" #112233 ").as_deref(), Some("#112233"));
        assert_eq!(parse_colour("#11223344").as_deref(), Some("#11223344"));
        for bad in ["#12", "#12345", "#1234567", "#ggg", "#", "0a7", "#0a7;", "#0a7 !important"] {
            assert_eq!(parse_colour(bad), None, "{bad} must be refused");
        }
    }

    #[test]
    fn rgb_and_hsl_are_parsed_strictly_and_reserialised() {
        assert_eq!(parse_colour("rgb(10, 20, 30)").as_deref(), Some("rgb(10 20 30)"));
        assert_eq!(parse_colour("RGBA(10,20,30,0.5)").as_deref(), Some("rgb(10 20 30 / 0.5)"));
        assert_eq!(parse_colour("rgb(10 20 30 / 50%)").as_deref(), Some("rgb(10 20 30 / 0.5)"));
        assert_eq!(parse_colour("rgb(100% 0% 50%)").as_deref(), Some("rgb(100% 0% 50%)"));
        assert_eq!(parse_colour("hsl(210, 50%, 40%)").as_deref(), Some("hsl(210 50% 40%)"));
        assert_eq!(parse_colour("hsl(210deg 50% 40% / 0.25)").as_deref(), Some("hsl(210 50% 40% / 0.25)"));
        for bad in [
            "rgb(256, 0, 0)",
            "rgb(-1 0 0)",
            "rgb(1 2)",
            "rgb(1, 2 3)",
            "rgb(1 2 3 / 2)",
            "rgb(1e2 0 0)",
            "rgb(1 2 3) ; color: red",
            "rgb(1 2 3));background:url(x)",
            "rgb(var(--x) 0 0)",
            "hsl(10 120% 50%)",
            "hsl(10 50 50)",
            "red",
            "url(https://evil.example/x.png)",
            "expression(alert(1))",
            "rgb(nan 0 0)",
        ] {
            assert_eq!(parse_colour(bad), None, "{bad} must be refused");
        }
    }

    #[test]
    fn radius_is_a_bounded_length() {
        assert_eq!(parse_radius("6px").as_deref(), Some("6px"));
        assert_eq!(parse_radius("0.5rem").as_deref(), Some("0.5rem"));
        assert_eq!(parse_radius("0").as_deref(), Some("0px"));
        assert_eq!(parse_radius("32PX").as_deref(), Some("32px"));
        for bad in ["33px", "3rem", "-2px", "6", "6em", "calc(1px + 2px)", "6px;", "50%", "px", "1e1px"] {
            assert_eq!(parse_radius(bad), None, "{bad} must be refused");
        }
    }

    #[test]
    fn font_family_is_a_safe_list_and_names_are_quoted() {
        assert_eq!(parse_font_family("Inter, sans-serif").as_deref(), Some("\"Inter\", sans-serif"));
        assert_eq!(parse_font_family("'Source Sans 3',  system-ui").as_deref(), Some("\"Source Sans 3\", system-ui"));
        assert_eq!(parse_font_family("\"Open  Sans\"").as_deref(), Some("\"Open Sans\""));
        for bad in [
            "",
            "Inter; color: red",
            "Inter\", x",
            "url(x)",
            "Inter, , serif",
            "a{b}",
            "Inter /* x */",
            "Inter\\",
            "-webkit-body",
            "a,".repeat(9).trim_end_matches(','),
        ] {
            assert_eq!(parse_font_family(bad), None, "{bad:?} must be refused");
        }
    }

    #[test]
    fn a_theme_applies_known_tokens_and_refuses_the_rest_by_name() {
        let p = plan(&json!({
            "primary": "#0A7",
            "font-family": "Inter, sans-serif",
            "radius": "4px",
            "mode": "dark",
            "danger": "red; background: url(x)",
            "zIndex": "9",
            "text": 3
        }));
        assert_eq!(p.mode, Some(Mode::Dark));
        assert!(p.properties.contains(&("--mc-color-primary", "#0a7".to_string())));
        assert!(p.properties.contains(&("--mc-font-family", "\"Inter\", sans-serif".to_string())));
        assert!(p.properties.contains(&("--mc-radius", "4px".to_string())));
        assert_eq!(p.properties.len(), 3);
        let refused: Vec<&str> = p.rejected.iter().map(|r| r.token.as_str()).collect();
        assert_eq!(refused.len(), 3, "{refused:?}");
        for t in ["danger", "zIndex", "text"] {
            assert!(refused.contains(&t), "{t} refused");
        }
        let danger = p.rejected.iter().find(|r| r.token == "danger").unwrap();
        assert!(danger.reason.contains("'danger'") && danger.reason.contains("colour"), "{}", danger.reason);
        let unknown = p.rejected.iter().find(|r| r.token == "zIndex").unwrap();
        assert!(unknown.reason.contains("unknown theme token"), "{}", unknown.reason);
    }

    #[test]
    fn an_invalid_mode_or_a_non_object_theme_is_refused() {
        let p = plan(&json!({"mode": "sepia"}));
        assert_eq!(p.mode, None);
        assert_eq!(p.rejected[0].token, "mode");
        assert_eq!(plan(&json!("dark")).rejected.len(), 1);
        assert_eq!(plan(&Value::Null), ThemePlan::default());
    }

    #[test]
    fn every_token_maps_to_a_console_custom_property() {
        for t in TOKENS {
            assert!(t.property.starts_with("--mc-"), "{}", t.property);
            assert_eq!(
                camel_case(
                    &t.name
                        .chars()
                        .flat_map(|c| if c.is_uppercase() { vec!['-', c.to_ascii_lowercase()] } else { vec![c] })
                        .collect::<String>()
                ),
                t.name
            );
        }
    }

    #[test]
    fn every_token_is_defined_in_the_console_stylesheet() {
        let css = include_str!("../../style/tokens.css");
        for t in TOKENS {
            assert!(css.contains(&format!("{}:", t.property)), "{} is not defined in style/tokens.css", t.property);
        }
    }

    #[test]
    fn refusal_previews_are_short() {
        let long = "x".repeat(500);
        let p = plan(&json!({"primary": long}));
        assert!(p.rejected[0].reason.len() < 200, "{}", p.rejected[0].reason);
    }
}
