//! Pure URL helpers: query encoding, joining the API base with a path, and sanitising logo and
//! link URLs that come from the API (only http(s) or same-origin paths may reach the DOM).

/// Percent-encodes everything except RFC 3986 unreserved characters (like `encodeURIComponent`,
/// minus its `!'()*` exceptions, so the output is safe in a path segment and a query value).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
    out
}

/// `k1=v1&k2=v2`, each key and value percent-encoded, in the given order.
pub fn encode_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&encode_component(k));
        out.push('=');
        out.push_str(&encode_component(v));
    }
    out
}

/// Decodes `%XX` escapes and `+` (as a space), as a query value arrives from a URL.
/// Invalid escapes are kept verbatim; invalid UTF-8 is replaced, never a panic.
pub fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The first value of `name` in a URL's query (`https://h/p?a=1&b=2#f` → `b` → `2`), decoded.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or_default();
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (decode_component(k) == name).then(|| decode_component(v))
    })
}

/// `base` (no trailing slash needed) + `path` (starting with `/`) + `?query` when not empty.
pub fn join(base: &str, path: &str, query: &str) -> String {
    let base = base.trim_end_matches('/');
    if query.is_empty() {
        format!("{base}{path}")
    } else {
        format!("{base}{path}?{query}")
    }
}

/// Normalises an API base URL a person typed: trims spaces and trailing slashes.
/// Accepts `http(s)://host[/prefix]` or an empty string (same origin). Anything else is an error
/// that says what is expected.
pub fn normalize_api_base(input: &str) -> Result<String, String> {
    let t = input.trim().trim_end_matches('/');
    if t.is_empty() {
        return Ok(String::new());
    }
    let rest = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .ok_or_else(|| crate::i18n::t("API base URL must start with http:// or https://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || rest.contains(char::is_whitespace) || rest.contains(['?', '#', '@']) {
        return Err(crate::i18n::t("API base URL must look like https://api.example.com"));
    }
    Ok(t.to_string())
}

/// Makes a URL from the API (a logo, a doc link) safe to put in `src`/`href`:
/// absolute `http(s)://` URLs pass; a same-origin absolute path (`/logos/x.svg`) is resolved
/// against the API base's origin (`api_base` like `https://host/prefix` or `""` for same origin);
/// everything else (`javascript:`, `data:`, protocol-relative `//evil`, relative `x.svg`,
/// backslash tricks, control characters) becomes `None`.
pub fn sanitize_url(raw: &str, api_base: &str) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() || s.chars().any(|c| c.is_control() || c == '\\' || c.is_whitespace()) {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        return (!host.is_empty() && !host.contains('@')).then(|| s.to_string());
    }
    if s.starts_with('/') && !s.starts_with("//") {
        return Some(format!("{}{}", origin_of(api_base), s));
    }
    None
}

/// `https://host:port` of an absolute base URL, or `""` for a same-origin (relative) base.
pub fn origin_of(base: &str) -> &str {
    let Some(scheme_end) = base.find("://") else { return "" };
    let after = scheme_end + 3;
    match base[after..].find('/') {
        Some(i) => &base[..after + i],
        None => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_parameter_is_found_and_decoded() {
        let url = "http://h/demo-oauth/authorize?client_id=x&state=ab%2Bc&scope=a+b#frag";
        assert_eq!(query_param(url, "state").as_deref(), Some("ab+c"));
        assert_eq!(query_param(url, "scope").as_deref(), Some("a b"));
        assert_eq!(query_param(url, "frag"), None);
        assert_eq!(query_param("http://h/p", "state"), None);
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            encode_query([("q", "meta & google"), ("dataTypeCategory", "audience activation"), ("size", "10")]),
            "q=meta%20%26%20google&dataTypeCategory=audience%20activation&size=10"
        );
        assert_eq!(encode_component("Demand-Side Platform (DSP)"), "Demand-Side%20Platform%20%28DSP%29");
        assert_eq!(encode_component("é/#?"), "%C3%A9%2F%23%3F");
    }

    #[test]
    fn decoding_undoes_encoding_and_tolerates_garbage() {
        for s in ["meta & google", "é/#?=", "100%", "a+b"] {
            assert_eq!(decode_component(&encode_component(s)), s);
        }
        assert_eq!(decode_component("a+b%20c"), "a b c");
        assert_eq!(decode_component("50%"), "50%");
        assert_eq!(decode_component("%zz%4"), "%zz%4");
        assert_eq!(decode_component("%FF"), "\u{FFFD}");
    }

    #[test]
    fn join_handles_trailing_slashes_and_empty_query() {
        assert_eq!(join("https://h/p/", "/es/v2/connectors", ""), "https://h/p/es/v2/connectors");
        assert_eq!(join("", "/es/v2/accounts", "a=1"), "/es/v2/accounts?a=1");
    }

    #[test]
    fn api_base_input_is_normalised_or_explained() {
        assert_eq!(normalize_api_base(" https://api.example.com/ ").unwrap(), "https://api.example.com");
        assert_eq!(normalize_api_base("").unwrap(), "");
        assert!(normalize_api_base("ftp://x").unwrap_err().contains("http"));
        assert!(normalize_api_base("javascript:alert(1)").is_err());
        assert!(normalize_api_base("https://").is_err());
        assert!(normalize_api_base("https://user@evil").is_err());
    }

    #[test]
    fn logo_urls_are_sanitised() {
        let base = "https://console.example.com/integrations";
        assert_eq!(sanitize_url("https://cdn.example.com/a.png", base).as_deref(), Some("https://cdn.example.com/a.png"));
        assert_eq!(sanitize_url("HTTP://x.io/a.svg", "").as_deref(), Some("HTTP://x.io/a.svg"));
        assert_eq!(
            sanitize_url("/integrations/logos/meta.svg", base).as_deref(),
            Some("https://console.example.com/integrations/logos/meta.svg")
        );
        assert_eq!(sanitize_url("/logos/meta.svg", "").as_deref(), Some("/logos/meta.svg"));
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "//evil.example.com/x.png",
            "/\\evil.example.com",
            "logos/meta.svg",
            "https://",
            "https://user@evil.com/x",
            "https://a.com/x\n.png",
            "vbscript:x",
            "",
            "   ",
        ] {
            assert_eq!(sanitize_url(bad, base), None, "{bad:?} must be refused");
        }
    }

    #[test]
    fn origin_of_strips_the_path() {
        assert_eq!(origin_of("https://h:8080/p/q"), "https://h:8080");
        assert_eq!(origin_of("http://h"), "http://h");
        assert_eq!(origin_of(""), "");
    }
}
