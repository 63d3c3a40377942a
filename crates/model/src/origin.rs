//! What counts as a web origin (`scheme://host[:port]`) and as the console's public path: the
//! one parser of each that the server (its `--embed-origins` and `--public-path`) and the console
//! (its postMessage checks, the path the server hands it) both use.

/// Parses an origin and returns it normalised: scheme and host lower-cased, a default port
/// (`:443` for https, `:80` for http) and one trailing `/` dropped. Only `http` and `https`
/// origins with a concrete host are accepted: no path, query, credentials or wildcard, and never
/// `null` (what sandboxed frames and `file:` pages report).
pub fn parse_origin(raw: &str) -> Result<String, String> {
    let o = raw.trim();
    let o = o.strip_suffix('/').unwrap_or(o);
    let bad = |why: &str| Err(format!("\"{raw}\" is not an origin: {why}"));
    if o.contains('*') {
        return bad("wildcards are not allowed; list each origin exactly, like https://portal.example.com");
    }
    let Some((scheme, rest)) = o.split_once("://") else {
        return bad("write it as scheme://host[:port], like https://portal.example.com");
    };
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        _ => return bad("only http:// and https:// origins can embed the console"),
    };
    if rest.contains(['/', '?', '#']) {
        return bad("an origin has no path, query or fragment");
    }
    if rest.contains('@') {
        return bad("an origin carries no user name or password");
    }
    let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
        let Some((addr, after)) = v6.split_once(']') else { return bad("an IPv6 host needs its closing ]") };
        if addr.is_empty() || !addr.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
            return bad("the IPv6 address is not valid");
        }
        match after {
            "" => (format!("[{addr}]"), None),
            p => match p.strip_prefix(':') {
                Some(p) => (format!("[{addr}]"), Some(p)),
                None => return bad("only a :port may follow the host"),
            },
        }
    } else {
        match rest.split_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (rest.to_string(), None),
        }
    };
    let host = host.to_ascii_lowercase();
    let labels_ok = host.starts_with('[')
        || host.split('.').all(|l| !l.is_empty() && !l.starts_with('-') && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    if host.is_empty() || !labels_ok {
        return bad("the host name is not valid");
    }
    let port = match port {
        None => None,
        Some(p) if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) => {
            return bad("the port must be a number from 1 to 65535")
        }
        Some(p) => match p.parse::<u32>() {
            Ok(n) if (1..=65_535).contains(&n) => Some(n.to_string()),
            _ => return bad("the port must be a number from 1 to 65535"),
        },
    };
    Ok(match port {
        Some(p) if p != default_port => format!("{scheme}://{host}:{p}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// A public path as `/prefix/` (or `/`): the leading and trailing `/` are optional, blank is
/// `/`; each segment is letters, digits, `-`, `_`, `.` or `~`, never empty (so never `//host`),
/// `.` or `..`.
pub fn normalize_public_path(raw: &str) -> Result<String, String> {
    let p = raw.trim();
    let inner = p.strip_prefix('/').unwrap_or(p);
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    if inner.is_empty() {
        return Ok("/".into());
    }
    let ok = inner
        .split('/')
        .all(|seg| !seg.is_empty() && seg != "." && seg != ".." && seg.chars().all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c)));
    if !ok {
        return Err(format!("public path \"{raw}\" must look like /prefix/ (letters, digits, - _ . ~)"));
    }
    Ok(format!("/{inner}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_paths_are_normalised_or_refused() {
        for (raw, want) in
            [("/", "/"), ("", "/"), ("  ", "/"), ("console", "/console/"), ("/integrations", "/integrations/"), ("/a/b/", "/a/b/")]
        {
            assert_eq!(normalize_public_path(raw).as_deref(), Ok(want), "{raw:?}");
        }
        for bad in ["/../x", "/a/./b", "/a b/", "//evil.test/", "/a//b/", "/a?b", "/%2e%2e/", "https://x/"] {
            assert!(normalize_public_path(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn origins_are_normalised() {
        assert_eq!(parse_origin("https://Portal.Example/").unwrap(), "https://portal.example");
        assert_eq!(parse_origin("HTTPS://portal.example:443").unwrap(), "https://portal.example");
        assert_eq!(parse_origin("http://127.0.0.1:4000").unwrap(), "http://127.0.0.1:4000");
        assert_eq!(parse_origin("http://localhost:80").unwrap(), "http://localhost");
        assert_eq!(parse_origin("http://[::1]:5173").unwrap(), "http://[::1]:5173");
    }

    #[test]
    fn wildcards_are_refused_with_a_reason() {
        for o in ["https://*", "https://*.evil.example", "https://a.example:*", "*"] {
            let e = parse_origin(o).unwrap_err();
            assert!(e.contains("wildcard"), "{o}: {e}");
        }
    }

    #[test]
    fn anything_but_a_bare_http_origin_is_refused() {
        for o in [
            "null",
            "portal.example.com",
            "javascript:x",
            "ftp://a.example",
            "https://a.example/path",
            "https://a.example?x",
            "https://user:pw@a.example",
            "https://a.com; script-src *",
            "https://a.example:",
            "https://a.example:99999",
            "https://",
            "https://a..example",
            "https://[zz]",
        ] {
            assert!(parse_origin(o).is_err(), "{o} should be refused");
        }
    }
}
