//! API clients and their access tokens: the stored secret hash, issuing, checking and revoking.

use rusqlite::{params, Connection, OptionalExtension};

/// What a token is good for while it lasts.
pub struct TokenOwner {
    pub client_id: String,
    pub org_id: String,
    pub expires_at: i64,
}

/// The Argon2 hash of a client's secret, `None` for an unknown client id.
pub fn secret_hash(c: &Connection, client_id: &str) -> rusqlite::Result<Option<String>> {
    c.query_row("SELECT secret_hash FROM clients WHERE client_id = ?1", [client_id], |r| r.get("secret_hash")).optional()
}

/// Stores a new token (by its hash), dropping expired ones on the way.
pub fn issue(c: &Connection, token_hash: &str, client_id: &str, expires_at: i64, now: i64) -> rusqlite::Result<()> {
    c.execute("DELETE FROM tokens WHERE expires_at <= ?1", [now])?;
    c.execute("INSERT INTO tokens (token_hash, client_id, expires_at) VALUES (?1, ?2, ?3)", params![token_hash, client_id, expires_at])?;
    Ok(())
}

/// The client and organization behind a token hash, expired or not.
pub fn owner(c: &Connection, token_hash: &str) -> rusqlite::Result<Option<TokenOwner>> {
    c.query_row(
        "SELECT t.client_id, c.org_id, t.expires_at FROM tokens t JOIN clients c ON c.client_id = t.client_id
         WHERE t.token_hash = ?1",
        [token_hash],
        |r| Ok(TokenOwner { client_id: r.get("client_id")?, org_id: r.get("org_id")?, expires_at: r.get("expires_at")? }),
    )
    .optional()
}

/// Ends a token; an unknown one is no error.
pub fn revoke(c: &Connection, token_hash: &str) -> rusqlite::Result<usize> {
    c.execute("DELETE FROM tokens WHERE token_hash = ?1", [token_hash])
}
