//! Everything that is not the JSON API: the console's index.html (rewritten `<base>`, injected
//! config, strict CSP), static files with SPA fallback, generated logos, security headers.

use crate::error::AppError;
use crate::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How the console is served, computed once at start-up.
#[derive(Debug, Clone)]
pub struct Site {
    /// Normalized: starts and ends with "/".
    pub public_path: String,
    pub embed_origins: Vec<String>,
    pub static_dir: Option<PathBuf>,
    /// The rewritten index.html, when a console build is being served, with its brotli and gzip
    /// copies (made once here: the build's own `.br`/`.gz` of index.html predate the rewrite).
    pub index_html: Option<Encoded>,
    /// The Content-Security-Policy sent with HTML.
    pub csp: String,
}

impl Site {
    pub fn new(public_path: &str, embed_origins: Vec<String>, static_dir: Option<PathBuf>) -> Result<Site, String> {
        let public_path = madconnect_model::normalize_public_path(public_path)?;
        let embed_origins = embed_origins
            .iter()
            .map(|o| madconnect_model::parse_origin(o).map_err(|e| format!("embed origin {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        let raw = match &static_dir {
            Some(dir) => {
                let p = dir.join("index.html");
                Some(std::fs::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?)
            }
            None => None,
        };
        let hashes = raw.as_deref().map(inline_script_hashes).unwrap_or_default();
        let api_origin = raw.as_deref().map(configured_api_origin).transpose()?.flatten();
        let csp = content_security_policy(&hashes, &embed_origins, api_origin.as_deref());
        let index_html = raw.map(|html| Encoded::new(rewrite_index(&html, &public_path, &embed_origins).into_bytes()));
        Ok(Site { public_path, embed_origins, static_dir, index_html, csp })
    }
}

/// A small document held in memory as it is and compressed both ways.
#[derive(Debug, Clone)]
pub struct Encoded {
    pub identity: Vec<u8>,
    pub br: Vec<u8>,
    pub gzip: Vec<u8>,
}

impl Encoded {
    pub fn new(identity: Vec<u8>) -> Encoded {
        use std::io::Write;
        let mut br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
            let _ = w.write_all(&identity);
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let _ = gz.write_all(&identity);
        let gzip = gz.finish().unwrap_or_default();
        Encoded { identity, br, gzip }
    }

    /// The body and `Content-Encoding` for what the client accepts.
    pub fn negotiate(&self, headers: &HeaderMap) -> (&[u8], Option<&'static str>) {
        match preferred_encoding(headers) {
            Some("br") => (&self.br, Some("br")),
            Some("gzip") => (&self.gzip, Some("gzip")),
            _ => (&self.identity, None),
        }
    }
}

/// `br` or `gzip` when `Accept-Encoding` allows it (q > 0), brotli first.
pub fn preferred_encoding(headers: &HeaderMap) -> Option<&'static str> {
    let accepted = |name: &str| {
        headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let q = parts.filter_map(|p| p.trim().strip_prefix("q=")).next().map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
            coding.eq_ignore_ascii_case(name) && q > 0.0
        })
    };
    if accepted("br") {
        Some("br")
    } else if accepted("gzip") {
        Some("gzip")
    } else {
        None
    }
}

/// Whether a console file carries a content hash in its name (`tokens-0123456789abcdef.css`,
/// `madconnect-console-0123456789abcdef_bg.wasm`): such a file never changes under its name, so
/// browsers may keep it for a year without asking again.
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    // trunk writes its hash as unpadded hex (up to 16 digits); ours are 16.
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() >= 12 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

/// An embedding origin: scheme://host[:port], nothing else (the model's rule, which the console
/// also applies).
pub fn validate_origin(o: &str) -> Result<(), String> {
    madconnect_model::parse_origin(o).map(|_| ()).map_err(|e| format!("embed origin {e}"))
}

/// `'sha256-…'` of each inline `<script>` body, exactly as the browser hashes it.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(start) = lower[pos..].find("<script").map(|i| i + pos) {
        let Some(tag_end) = lower[start..].find('>').map(|i| i + start) else { break };
        let Some(close) = lower[tag_end..].find("</script").map(|i| i + tag_end) else { break };
        let attrs = &lower[start + 7..tag_end];
        let has_src = attrs.split(|c: char| c.is_whitespace()).any(|a| a.starts_with("src="));
        if !has_src {
            let body = &html[tag_end + 1..close];
            let digest = Sha256::digest(body.as_bytes());
            out.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        pos = close + 8;
    }
    out
}

/// `api_origin`: the API's origin when the build talks to one elsewhere (`<meta name="mc-api-base">`);
/// `connect-src` then names it besides `'self'` (the console's own code and chunks).
pub fn content_security_policy(script_hashes: &[String], embed_origins: &[String], api_origin: Option<&str>) -> String {
    let mut script_src = vec!["'self'".to_string(), "'wasm-unsafe-eval'".to_string()];
    script_src.extend(script_hashes.iter().cloned());
    let frame_ancestors = if embed_origins.is_empty() { "'none'".to_string() } else { embed_origins.join(" ") };
    let connect_src = match api_origin {
        Some(o) => format!("'self' {o}"),
        None => "'self'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {}; style-src 'self'; img-src 'self' data: https:; connect-src {connect_src}; \
         frame-ancestors {frame_ancestors}; base-uri 'self'; form-action 'self'; object-src 'none'",
        script_src.join(" ")
    )
}

/// The origin of the build's `<meta name="mc-api-base" content="…">`, if it has one; a value that
/// is not an http(s) URL stops the server with a message naming it.
pub fn configured_api_origin(html: &str) -> Result<Option<String>, String> {
    let lower = html.to_ascii_lowercase();
    let Some(at) = lower.find("name=\"mc-api-base\"") else { return Ok(None) };
    let start = lower[..at].rfind('<').unwrap_or(0);
    let end = lower[at..].find('>').map_or(html.len(), |i| at + i);
    let tag = &html[start..end];
    let Some(content) = tag.split("content=\"").nth(1).and_then(|rest| rest.split('"').next()) else { return Ok(None) };
    if content.trim().is_empty() {
        return Ok(None);
    }
    let url = reqwest::Url::parse(content.trim()).map_err(|e| format!("index.html mc-api-base \"{content}\" is not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("index.html mc-api-base \"{content}\" must be an http(s) URL"));
    }
    Ok(Some(url.origin().ascii_serialization()))
}

/// Escapes text for an HTML attribute value or element content (also safe in SVG/XML).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Points `<base href>` at the public path and injects `<meta name="mc-config">` after it.
pub fn rewrite_index(html: &str, public_path: &str, embed_origins: &[String]) -> String {
    let config = serde_json::json!({ "embedOrigins": embed_origins, "publicPath": public_path });
    let tags = format!(
        "<base href=\"{}\" />\n    <meta name=\"mc-config\" content=\"{}\" />",
        escape_html(public_path),
        escape_html(&config.to_string())
    );
    let lower = html.to_ascii_lowercase();
    if let Some(start) = lower.find("<base") {
        if let Some(end) = lower[start..].find('>').map(|i| i + start + 1) {
            return format!("{}{}{}", &html[..start], tags, &html[end..]);
        }
    }
    if let Some(head) = lower.find("<head") {
        if let Some(end) = lower[head..].find('>').map(|i| i + head + 1) {
            return format!("{}\n    {}{}", &html[..end], tags, &html[end..]);
        }
    }
    format!("{tags}\n{html}")
}

/// Serves the rewritten index.html (the SPA fallback for every console route), compressed when
/// the client accepts it, never cached without asking (it names the current build's assets).
pub async fn index(State(site): State<Arc<Site>>, headers: HeaderMap) -> Response {
    let (body, encoding) = match &site.index_html {
        Some(html) => {
            let (body, encoding) = html.negotiate(&headers);
            (body.to_vec(), encoding)
        }
        None => (
            format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>MadConnect API server</title></head>\
             <body><h1>MadConnect API server</h1><p>The API is at <code>{}es/v2/</code>. The console is not being served: \
             start the server with <code>--static dist</code> after building it.</p></body></html>",
                escape_html(&site.public_path)
            )
            .into_bytes(),
            None,
        ),
    };
    let mut res = (StatusCode::OK, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    res
}

/// Static files from the console build, falling back to index.html for client-side routes.
pub async fn static_or_index(State(site): State<Arc<Site>>, req: Request) -> Response {
    use tower::ServiceExt;
    let path = req.uri().path().to_string();
    let headers = req.headers().clone();
    if path == "/index.html" {
        return index(State(site), headers).await;
    }
    if let Some(dir) = site.static_dir.clone() {
        if req.method() == axum::http::Method::GET || req.method() == axum::http::Method::HEAD {
            // The build writes `.br` and `.gz` beside each asset; ServeDir picks one by
            // Accept-Encoding and says so in Content-Encoding.
            let svc =
                tower_http::services::ServeDir::new(dir).append_index_html_on_directories(false).precompressed_br().precompressed_gzip();
            let Ok(mut res) = svc.oneshot(req).await;
            if res.status() != StatusCode::NOT_FOUND {
                let h = res.headers_mut();
                let cache = if is_hashed_asset(&path) {
                    // Never revalidated, so the validator would only be bytes on every response.
                    h.remove(header::LAST_MODIFIED);
                    "public, max-age=31536000, immutable"
                } else {
                    "no-cache"
                };
                h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
                h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
                return res.map(Body::new);
            }
        } else {
            return method_not_allowed().await;
        }
    } else if req.method() != axum::http::Method::GET && req.method() != axum::http::Method::HEAD {
        return method_not_allowed().await;
    }
    // A missing asset (has an extension) is a real 404; anything else is a console route.
    let last = path.rsplit('/').next().unwrap_or("");
    if last.contains('.') && !last.ends_with(".html") {
        return AppError::not_found(format!("File \"{path}\" was not found")).into_response();
    }
    index(State(site), headers).await
}

pub async fn method_not_allowed() -> Response {
    AppError::new(StatusCode::METHOD_NOT_ALLOWED, "This endpoint does not accept that HTTP method").into_response()
}

pub async fn api_not_found(req: Request) -> Response {
    AppError::not_found(format!("No such endpoint: {} {}", req.method(), req.uri().path())).into_response()
}

/// `GET /logos/<slug>.svg`: a rounded square in the platform's colour with its initials.
pub async fn logo(State(state): State<AppState>, axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let Some(slug) = file.strip_suffix(".svg").map(str::to_string) else {
        return AppError::not_found(format!("Logo \"{file}\" was not found")).into_response();
    };
    let found = state.db.run(move |c| Ok(crate::db::connectors::logo(c, &slug)?)).await;
    match found {
        Ok(Some(crate::db::connectors::Logo { name, color, text })) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "public, max-age=86400"),
                (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'"),
            ],
            logo_svg(&name, &color, &text),
        )
            .into_response(),
        Ok(None) => AppError::not_found(format!("Logo \"{file}\" was not found")).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /favicon.ico`: the build's own icon when it has one, else the MadConnect mark (browsers ask
/// for it at the origin root whatever the public path).
pub async fn favicon(State(site): State<Arc<Site>>, req: Request) -> Response {
    use tower::ServiceExt;
    if let Some(dir) = site.static_dir.as_ref().filter(|d| d.join("favicon.ico").is_file()) {
        let Ok(res) = tower_http::services::ServeFile::new(dir.join("favicon.ico")).oneshot(req).await;
        return res.map(Body::new);
    }
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")],
        logo_svg("MadConnect", "#4F46E5", "M"),
    )
        .into_response()
}

pub fn logo_svg(name: &str, color: &str, text: &str) -> String {
    let valid = color.len() == 7 && color.starts_with('#') && color[1..].chars().all(|c| c.is_ascii_hexdigit());
    let color = if valid { color } else { "#475569" };
    let channel = |i: usize| u8::from_str_radix(&color[i..i + 2], 16).unwrap_or(0) as f64;
    let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    let fg = if luminance > 160.0 { "#111111" } else { "#FFFFFF" };
    let size = match text.chars().count() {
        0 | 1 => 30,
        2 => 26,
        3 => 20,
        4 => 16,
        _ => 13,
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\" role=\"img\" aria-label=\"{n}\">\
<title>{n}</title><rect width=\"64\" height=\"64\" rx=\"14\" fill=\"{color}\"/>\
<text x=\"32\" y=\"32\" dy=\"0.35em\" text-anchor=\"middle\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" \
font-size=\"{size}\" font-weight=\"700\" fill=\"{fg}\">{t}</text></svg>",
        n = escape_html(name),
        t = escape_html(text),
    )
}

/// Adds nosniff and no-referrer to every response, and the strict CSP to HTML.
pub async fn security_headers(State(site): State<Arc<Site>>, mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    let is_html = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if is_html && !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&site.csp) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
        if site.embed_origins.is_empty() {
            h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        }
    }
    res
}

/// Whether a static directory looks like a console build.
pub fn has_index(dir: &Path) -> bool {
    dir.join("index.html").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_must_be_bare_origins() {
        assert!(validate_origin("https://portal.example.com").is_ok());
        assert!(validate_origin("http://localhost:5173").is_ok());
        assert!(validate_origin("portal.example.com").is_err());
        assert!(validate_origin("https://a.com; script-src *").is_err());
        assert!(validate_origin("https://a.com/path").is_err());
        for wildcard in ["https://*", "https://*.evil.example", "https://a.example:*"] {
            assert!(validate_origin(wildcard).unwrap_err().contains("wildcard"), "{wildcard}");
        }
    }

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_skipped() {
        let html = "<html><head><script src=\"/a.js\"></script><script type=\"module\">init('/x.wasm');</script></head></html>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init('/x.wasm');"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
    }

    #[test]
    fn index_gets_base_and_escaped_config() {
        let html = "<!doctype html><html><head><meta charset=\"utf-8\"><base href=\"/\" /><title>x</title></head></html>";
        let out = rewrite_index(html, "/console/", &["https://a.example".into()]);
        assert!(out.contains("<base href=\"/console/\" />"));
        assert!(!out.contains("<base href=\"/\""));
        assert!(out.contains(
            "<meta name=\"mc-config\" content=\"{&quot;embedOrigins&quot;:[&quot;https://a.example&quot;],&quot;publicPath&quot;:&quot;/console/&quot;}\" />"
        ));
        let no_base = rewrite_index("<html><head><title>x</title></head></html>", "/", &[]);
        assert!(no_base.contains("<head>\n    <base href=\"/\" />"));
    }

    #[test]
    fn csp_lists_hashes_and_frame_ancestors() {
        let csp = content_security_policy(&["'sha256-abc'".into()], &[], None);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc';"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("connect-src 'self';"));
        let csp = content_security_policy(&[], &["https://a.example".into(), "https://b.example".into()], None);
        assert!(csp.contains("frame-ancestors https://a.example https://b.example;"));
    }

    #[test]
    fn a_build_for_an_api_elsewhere_may_connect_to_exactly_its_origin() {
        let html = r#"<head><base href="/"><meta name="mc-api-base" content="https://api.example.com/madconnect/"></head>"#;
        let origin = configured_api_origin(html).unwrap();
        assert_eq!(origin.as_deref(), Some("https://api.example.com"));
        let csp = content_security_policy(&[], &[], origin.as_deref());
        assert!(csp.contains("connect-src 'self' https://api.example.com;"), "{csp}");
        assert_eq!(configured_api_origin("<head></head>").unwrap(), None);
        assert!(configured_api_origin(r#"<meta name="mc-api-base" content="javascript:alert(1)">"#).unwrap_err().contains("mc-api-base"));
    }

    #[test]
    fn hashed_assets_are_told_apart_from_stable_names() {
        assert!(is_hashed_asset("/tokens-1a2b3c4d5e6f7081.css"));
        assert!(is_hashed_asset("/madconnect-console-1a2b3c4d5e6f7081_bg.wasm"));
        assert!(is_hashed_asset("/console/madconnect-console-1a2b3c4d5e6f7081.js"));
        assert!(is_hashed_asset("/connections-8681c7a3c81917f.css"), "trunk does not pad its hex hash");
        assert!(!is_hashed_asset("/embed/madconnect-console.js"), "partners load the element script by a fixed name");
        assert!(!is_hashed_asset("/tokens-abc.css"));
        assert!(!is_hashed_asset("/favicon.ico"));
    }

    #[test]
    fn encoding_follows_accept_encoding_and_its_q_values() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            preferred_encoding(&h)
        };
        assert_eq!(with("gzip, deflate, br, zstd"), Some("br"));
        assert_eq!(with("gzip"), Some("gzip"));
        assert_eq!(with("br;q=0, gzip;q=0.5"), Some("gzip"));
        assert_eq!(with("identity"), None);
        assert_eq!(preferred_encoding(&HeaderMap::new()), None);
    }

    #[test]
    fn logo_text_is_escaped() {
        let svg = logo_svg("A & <B>", "#FFFC00", "A&");
        assert!(svg.contains("A &amp; &lt;B&gt;"));
        assert!(svg.contains(">A&amp;</text>"));
        assert!(svg.contains("fill=\"#111111\""), "light colours get dark text");
        assert!(logo_svg("x", "red\"/><script>", "X").contains("#475569"));
    }
}
