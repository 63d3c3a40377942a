//! OAuth in SQLite: authorization attempts (keyed by the hash of their `state`, the PKCE verifier
//! sealed), the grants catalog connectors end in (tokens sealed), and the demo authorization
//! server's codes, tokens and grants (hashes only).

use crate::error::Result;
use madconnect_model::AuthorizationOutcome;
use rusqlite::{params, Connection, OptionalExtension};

/// Which kind of connector an attempt authorizes.
pub const CATALOG: &str = "catalog";
pub const CUSTOM: &str = "custom";

/// One authorization attempt.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub account_id: String,
    pub target_kind: String,
    pub target_id: String,
    pub sealed_verifier: Vec<u8>,
    pub return_to: Option<String>,
    pub outcome: AuthorizationOutcome,
    pub reason: Option<String>,
    pub replayed: bool,
    pub expires_at: i64,
    /// Set once the provider's answer was taken (before the code is exchanged), so a second
    /// answer for the same state is a replay even while the first is still being exchanged.
    pub completed_at: Option<i64>,
}

pub struct NewAttempt<'a> {
    pub state_hash: &'a str,
    pub account_id: &'a str,
    pub target_kind: &'a str,
    pub target_id: &'a str,
    pub sealed_verifier: &'a [u8],
    pub return_to: Option<&'a str>,
    pub created_at: i64,
    pub expires_at: i64,
}

pub fn insert_attempt(c: &Connection, a: &NewAttempt<'_>) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO oauth_attempts (state_hash, account_id, target_kind, target_id, sealed_verifier, return_to, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        a.state_hash,
        a.account_id,
        a.target_kind,
        a.target_id,
        a.sealed_verifier,
        a.return_to,
        a.created_at,
        a.expires_at
    ])?;
    Ok(())
}

pub fn attempt(c: &Connection, state_hash: &str) -> Result<Option<Attempt>> {
    Ok(c.prepare_cached(
        "SELECT account_id, target_kind, target_id, sealed_verifier, return_to, outcome, reason, replayed, expires_at, completed_at
         FROM oauth_attempts WHERE state_hash = ?1",
    )?
    .query_row([state_hash], |r| {
        Ok(Attempt {
            account_id: r.get("account_id")?,
            target_kind: r.get("target_kind")?,
            target_id: r.get("target_id")?,
            sealed_verifier: r.get("sealed_verifier")?,
            return_to: r.get("return_to")?,
            outcome: AuthorizationOutcome::parse(&r.get::<_, String>("outcome")?),
            reason: r.get("reason")?,
            replayed: r.get("replayed")?,
            expires_at: r.get("expires_at")?,
            completed_at: r.get("completed_at")?,
        })
    })
    .optional()?)
}

/// Takes the provider's answer for a pending attempt; `false` when it was taken before (a replay).
pub fn claim(c: &Connection, state_hash: &str, time: i64) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE oauth_attempts SET completed_at = ?2 WHERE state_hash = ?1 AND completed_at IS NULL AND outcome = 'pending'",
        )?
        .execute(params![state_hash, time])?;
    Ok(n == 1)
}

pub fn mark_replayed(c: &Connection, state_hash: &str) -> Result<()> {
    c.prepare_cached("UPDATE oauth_attempts SET replayed = 1 WHERE state_hash = ?1")?.execute([state_hash])?;
    Ok(())
}

/// Records how an attempt ended.
pub fn finish(c: &Connection, state_hash: &str, outcome: &AuthorizationOutcome, reason: Option<&str>, time: i64) -> Result<()> {
    c.prepare_cached(
        "UPDATE oauth_attempts SET outcome = ?2, reason = ?3, completed_at = COALESCE(completed_at, ?4) WHERE state_hash = ?1",
    )?
    .execute(params![state_hash, outcome.as_str(), reason, time])?;
    Ok(())
}

/// Stores (or replaces) a catalog connector's sealed tokens in a sub-account.
pub fn save_grant(c: &Connection, account_id: &str, connector_id: &str, sealed_tokens: &[u8], scopes: &str, time: i64) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO oauth_grants (account_id, connector_id, sealed_tokens, scopes, granted_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (account_id, connector_id) DO UPDATE SET sealed_tokens = excluded.sealed_tokens, scopes = excluded.scopes,
            granted_at = excluded.granted_at",
    )?
    .execute(params![account_id, connector_id, sealed_tokens, scopes, time])?;
    Ok(())
}

pub fn delete_grant(c: &Connection, account_id: &str, connector_id: &str) -> Result<()> {
    c.prepare_cached("DELETE FROM oauth_grants WHERE account_id = ?1 AND connector_id = ?2")?.execute(params![account_id, connector_id])?;
    Ok(())
}

// --- The demo authorization server's side.

pub struct DemoCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub code_challenge: String,
    pub expires_at: i64,
    pub used: bool,
}

pub fn demo_insert_code(c: &Connection, code_hash: &str, code: &DemoCode) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO demo_oauth_codes (code_hash, client_id, redirect_uri, scope, code_challenge, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![code_hash, code.client_id, code.redirect_uri, code.scope, code.code_challenge, code.expires_at])?;
    Ok(())
}

/// Looks a code up and spends it in the same step: a code is good for one try, right or wrong.
pub fn demo_take_code(c: &Connection, code_hash: &str) -> Result<Option<DemoCode>> {
    let code = c
        .prepare_cached(
            "SELECT client_id, redirect_uri, scope, code_challenge, expires_at, used FROM demo_oauth_codes WHERE code_hash = ?1",
        )?
        .query_row([code_hash], |r| {
            Ok(DemoCode {
                client_id: r.get("client_id")?,
                redirect_uri: r.get("redirect_uri")?,
                scope: r.get("scope")?,
                code_challenge: r.get("code_challenge")?,
                expires_at: r.get("expires_at")?,
                used: r.get("used")?,
            })
        })
        .optional()?;
    if code.is_some() {
        c.prepare_cached("UPDATE demo_oauth_codes SET used = 1 WHERE code_hash = ?1")?.execute([code_hash])?;
    }
    Ok(code)
}

pub fn demo_new_grant(c: &Connection, grant_id: &str, client_id: &str) -> Result<()> {
    c.prepare_cached("INSERT INTO demo_oauth_grants (grant_id, client_id) VALUES (?1, ?2)")?.execute(params![grant_id, client_id])?;
    Ok(())
}

pub fn demo_insert_token(
    c: &Connection,
    token_hash: &str,
    kind: &str,
    grant_id: &str,
    client_id: &str,
    scope: &str,
    expires_at: i64,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO demo_oauth_tokens (token_hash, kind, grant_id, client_id, scope, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![token_hash, kind, grant_id, client_id, scope, expires_at])?;
    Ok(())
}

/// A live token of a grant not revoked: (kind, grant id, client id, scope).
pub fn demo_token(c: &Connection, token_hash: &str, now: i64) -> Result<Option<(String, String, String, String)>> {
    Ok(c.prepare_cached(
        "SELECT t.kind, t.grant_id, t.client_id, t.scope FROM demo_oauth_tokens t JOIN demo_oauth_grants g ON g.grant_id = t.grant_id
         WHERE t.token_hash = ?1 AND t.expires_at > ?2 AND g.revoked = 0",
    )?
    .query_row(params![token_hash, now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
    .optional()?)
}

/// A refresh token is used up when a new one is issued (rotation).
pub fn demo_delete_token(c: &Connection, token_hash: &str) -> Result<()> {
    c.prepare_cached("DELETE FROM demo_oauth_tokens WHERE token_hash = ?1")?.execute([token_hash])?;
    Ok(())
}

/// Revokes the grant a token belongs to (if it is this client's); every token of it stops working.
pub fn demo_revoke_token_grant(c: &Connection, token_hash: &str, client_id: &str) -> Result<()> {
    c.prepare_cached(
        "UPDATE demo_oauth_grants SET revoked = 1 WHERE grant_id IN
            (SELECT grant_id FROM demo_oauth_tokens WHERE token_hash = ?1 AND client_id = ?2)",
    )?
    .execute(params![token_hash, client_id])?;
    Ok(())
}

/// Revokes every grant of a client (a person removing the app at the provider); how many.
pub fn demo_revoke_client(c: &Connection, client_id: &str) -> Result<usize> {
    Ok(c.prepare_cached("UPDATE demo_oauth_grants SET revoked = 1 WHERE client_id = ?1 AND revoked = 0")?.execute([client_id])?)
}

/// Forgets what no longer matters: attempts a day after they ended or expired, spent or expired
/// demo codes, expired demo tokens and revoked demo grants with no token left.
pub fn purge(c: &Connection, now: i64) -> rusqlite::Result<()> {
    let day_ago = now - 86_400;
    c.execute("DELETE FROM oauth_attempts WHERE MAX(expires_at, COALESCE(completed_at, 0)) < ?1", [day_ago])?;
    c.execute("DELETE FROM demo_oauth_codes WHERE expires_at < ?1", [now])?;
    c.execute("DELETE FROM demo_oauth_tokens WHERE expires_at < ?1", [now])?;
    c.execute(
        "DELETE FROM demo_oauth_grants WHERE revoked = 1 AND NOT EXISTS (SELECT 1 FROM demo_oauth_tokens t WHERE t.grant_id = demo_oauth_grants.grant_id)",
        [],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_forgets_old_attempts_and_spent_demo_codes_only() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open(&dir.path().join("t.db")).unwrap();
        db.blocking(|c| {
            c.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
            let now = 1_000_000;
            for (hash, expires) in [("old", now - 90_000), ("fresh", now + 600)] {
                let a = NewAttempt {
                    state_hash: hash,
                    account_id: "A",
                    target_kind: CATALOG,
                    target_id: "C",
                    sealed_verifier: b"x",
                    return_to: None,
                    created_at: expires - 600,
                    expires_at: expires,
                };
                insert_attempt(c, &a).unwrap();
            }
            let code = |expires_at| DemoCode {
                client_id: "c".into(),
                redirect_uri: "r".into(),
                scope: String::new(),
                code_challenge: "x".into(),
                expires_at,
                used: false,
            };
            demo_insert_code(c, "spent", &code(now - 1)).unwrap();
            demo_insert_code(c, "live", &code(now + 60)).unwrap();
            purge(c, now).unwrap();
            assert!(attempt(c, "old").unwrap().is_none());
            assert!(attempt(c, "fresh").unwrap().is_some());
            assert!(demo_take_code(c, "spent").unwrap().is_none());
            assert!(demo_take_code(c, "live").unwrap().is_some());
        });
    }
}
