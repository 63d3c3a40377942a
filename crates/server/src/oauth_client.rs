//! The client side of OAuth 2.0, on the `oauth2` crate: the authorization URL (code grant, PKCE
//! S256, state), the code exchange, refresh and revocation, plus RFC 8414 discovery. The same code
//! talks to the built-in demo authorization server and to a real provider.

use oauth2::basic::{BasicClient, BasicErrorResponse, BasicRequestTokenError};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken,
    RevocationUrl, Scope, StandardRevocableToken, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use std::time::Duration;

/// An authorization server as a client knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provider {
    /// How pages and reasons name it.
    pub name: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    #[serde(default)]
    pub revocation_endpoint: Option<String>,
    pub client_id: String,
    /// Scopes asked for when none are chosen.
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// The tokens of a grant, sealed at rest. `Debug` never shows them.
#[derive(Clone, Serialize, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_at: Option<i64>,
    pub scope: Option<String>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("access_token", &"[redacted]")
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "[redacted]"))
            .field("expires_at", &self.expires_at)
            .field("scope", &self.scope)
            .finish()
    }
}

/// What starting an authorization gives: the URL to open, its `state`, and the PKCE verifier to
/// keep (sealed) until the provider answers.
pub struct Started {
    pub url: String,
    pub state: String,
    pub verifier: String,
}

/// No redirects (a token endpoint that redirects is refused, as RFC 6749 expects), short timeouts.
fn http() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .build()
            .expect("the HTTP client builds")
    })
}

fn client(p: &Provider, secret: Option<&str>, redirect_uri: &str) -> Result<ConfiguredClient, String> {
    let bad = |what: &str, e: url::ParseError| format!("{} has an invalid {what}: {e}", p.name);
    let mut c = BasicClient::new(ClientId::new(p.client_id.clone()))
        .set_auth_uri(AuthUrl::new(p.authorization_endpoint.clone()).map_err(|e| bad("authorization endpoint", e))?)
        .set_token_uri(TokenUrl::new(p.token_endpoint.clone()).map_err(|e| bad("token endpoint", e))?)
        .set_redirect_uri(RedirectUrl::new(redirect_uri.to_string()).map_err(|e| bad("redirect URI", e))?)
        .set_revocation_url_option(
            p.revocation_endpoint.as_ref().map(|u| RevocationUrl::new(u.clone())).transpose().map_err(|e| bad("revocation endpoint", e))?,
        );
    if let Some(s) = secret {
        c = c.set_client_secret(ClientSecret::new(s.to_string()));
    }
    Ok(c)
}

type ConfiguredClient =
    BasicClient<oauth2::EndpointSet, oauth2::EndpointNotSet, oauth2::EndpointNotSet, oauth2::EndpointMaybeSet, oauth2::EndpointSet>;

/// The authorization URL for `scopes`, with a fresh state and PKCE S256 challenge.
pub fn start(p: &Provider, redirect_uri: &str, scopes: &[String]) -> Result<Started, String> {
    let c = client(p, None, redirect_uri)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state) =
        c.authorize_url(CsrfToken::new_random).add_scopes(scopes.iter().map(|s| Scope::new(s.clone()))).set_pkce_challenge(challenge).url();
    Ok(Started { url: url.to_string(), state: state.secret().clone(), verifier: verifier.secret().clone() })
}

/// Why a token request failed, in words safe to store and show (never a token).
fn reason(p: &Provider, e: BasicRequestTokenError<oauth2::HttpClientError<reqwest::Error>>) -> String {
    match e {
        oauth2::RequestTokenError::ServerResponse(r) => describe(p, &r),
        oauth2::RequestTokenError::Request(_) => format!("{} could not be reached at its token endpoint", p.name),
        oauth2::RequestTokenError::Parse(_, _) => format!("{}'s token endpoint answered something that is not a token response", p.name),
        oauth2::RequestTokenError::Other(s) => format!("{}: {s}", p.name),
    }
}

fn describe(p: &Provider, r: &BasicErrorResponse) -> String {
    let detail: String = r.error_description().map(|d| d.chars().filter(|c| !c.is_control()).take(200).collect()).unwrap_or_default();
    if detail.is_empty() {
        format!("{} refused: {}", p.name, r.error())
    } else {
        format!("{} refused: {} ({detail})", p.name, r.error())
    }
}

fn tokens(t: &oauth2::basic::BasicTokenResponse, previous_refresh: Option<&str>) -> Tokens {
    Tokens {
        access_token: t.access_token().secret().clone(),
        // A provider that does not rotate refresh tokens leaves the old one valid.
        refresh_token: t.refresh_token().map(|r| r.secret().clone()).or(previous_refresh.map(str::to_string)),
        expires_at: t.expires_in().map(|d| crate::db::now() + d.as_secs() as i64),
        scope: t.scopes().map(|s| s.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(" ")),
    }
}

/// Exchanges an authorization code (with the PKCE verifier) for tokens.
pub async fn exchange(p: &Provider, secret: Option<&str>, redirect_uri: &str, code: &str, verifier: &str) -> Result<Tokens, String> {
    let c = client(p, secret, redirect_uri)?;
    let t = c
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_string()))
        .request_async(http())
        .await
        .map_err(|e| reason(p, e))?;
    Ok(tokens(&t, None))
}

/// Uses the refresh token for new tokens.
pub async fn refresh(p: &Provider, secret: Option<&str>, redirect_uri: &str, current: &Tokens) -> Result<Tokens, String> {
    let Some(refresh) = &current.refresh_token else {
        return Err(format!("{} gave no refresh token, so the access cannot be renewed", p.name));
    };
    let c = client(p, secret, redirect_uri)?;
    let t = c.exchange_refresh_token(&RefreshToken::new(refresh.clone())).request_async(http()).await.map_err(|e| reason(p, e))?;
    Ok(tokens(&t, Some(refresh)))
}

/// Revokes the grant at the provider (RFC 7009), when it has a revocation endpoint.
pub async fn revoke(p: &Provider, secret: Option<&str>, redirect_uri: &str, current: &Tokens) -> Result<(), String> {
    if p.revocation_endpoint.is_none() {
        return Ok(());
    }
    let c = client(p, secret, redirect_uri)?;
    let token = match &current.refresh_token {
        Some(r) => StandardRevocableToken::RefreshToken(RefreshToken::new(r.clone())),
        None => StandardRevocableToken::AccessToken(oauth2::AccessToken::new(current.access_token.clone())),
    };
    let request = c.revoke_token(token).map_err(|e| format!("{}: {e}", p.name))?;
    request.request_async(http()).await.map_err(|_| format!("{} did not confirm the revocation", p.name))
}

/// The RFC 8414 fields this client uses.
#[derive(Debug, Clone, Deserialize)]
pub struct ServerMetadata {
    pub issuer: Option<String>,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    #[serde(default)]
    pub revocation_endpoint: Option<String>,
    #[serde(default)]
    pub scopes_supported: Vec<String>,
    #[serde(default)]
    pub code_challenge_methods_supported: Vec<String>,
}

/// The largest metadata document read.
const METADATA_LIMIT: usize = 64 * 1024;

/// Reads `<origin>/.well-known/oauth-authorization-server` (http or https only, 5 s, 64 KiB).
pub async fn discover(origin: &url::Url) -> Result<ServerMetadata, String> {
    let at = format!("{}/.well-known/oauth-authorization-server", origin.origin().ascii_serialization());
    let mut res = http()
        .get(&at)
        .header(reqwest::header::ACCEPT, "application/json")
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .map_err(|_| format!("No authorization server answered at {at}"))?;
    if !res.status().is_success() {
        return Err(format!("No OAuth authorization server metadata at {at} (HTTP {})", res.status().as_u16()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|_| format!("The metadata at {at} could not be read"))? {
        body.extend_from_slice(&chunk);
        if body.len() > METADATA_LIMIT {
            return Err(format!("The metadata at {at} is larger than {} KiB", METADATA_LIMIT / 1024));
        }
    }
    let meta: ServerMetadata =
        serde_json::from_slice(&body).map_err(|e| format!("The metadata at {at} is not RFC 8414 authorization server metadata: {e}"))?;
    if !meta.code_challenge_methods_supported.is_empty() && !meta.code_challenge_methods_supported.iter().any(|m| m == "S256") {
        return Err(format!("The authorization server at {at} does not support PKCE with S256"));
    }
    for endpoint in
        [Some(&meta.authorization_endpoint), Some(&meta.token_endpoint), meta.revocation_endpoint.as_ref()].into_iter().flatten()
    {
        match url::Url::parse(endpoint) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => {}
            _ => return Err(format!("The metadata at {at} names an endpoint that is not an http(s) URL: {endpoint}")),
        }
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider() -> Provider {
        Provider {
            name: "Demo".into(),
            authorization_endpoint: "https://auth.example/authorize".into(),
            token_endpoint: "https://auth.example/token".into(),
            revocation_endpoint: None,
            client_id: "client-1".into(),
            scopes: vec![],
        }
    }

    #[test]
    fn authorization_url_carries_pkce_s256_state_and_scopes() {
        let s = start(&provider(), "https://console.example/oauth/callback", &["a".into(), "b c".into()]).unwrap();
        let url = url::Url::parse(&s.url).unwrap();
        let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], "client-1");
        assert_eq!(q["redirect_uri"], "https://console.example/oauth/callback");
        assert_eq!(q["state"], s.state);
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["code_challenge"], PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(s.verifier.clone())).as_str());
        assert_eq!(q["scope"], "a b c");
        assert!(!s.url.contains(&s.verifier), "the verifier never travels in the URL");
    }

    #[test]
    fn tokens_debug_redacts() {
        let t = Tokens { access_token: "at-secret".into(), refresh_token: Some("rt-secret".into()), expires_at: None, scope: None };
        let shown = format!("{t:?}");
        assert!(!shown.contains("at-secret") && !shown.contains("rt-secret"), "{shown}");
    }
}
