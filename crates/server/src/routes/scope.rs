//! What every sub-account handler shares: the caller and the `accountId` it names, taken from the
//! request as one extractor; the account lookup as the first step of the database call; the
//! context the handler's own logic runs with; and the answer with a custom status message.

use crate::crypto::Cipher;
use crate::db::accounts::{self, AccountRow};
use crate::db::activity;
use crate::error::{AppError, Result};
use crate::extract::{Auth, Params};
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::Json;
use madconnect_model::{ActivityAction, Envelope};
use rusqlite::Connection;

/// A request for one of the caller's sub-accounts: the bearer token checked, `accountId` present
/// (a 400 naming it when missing), nothing looked up yet, so a handler's checks of its other
/// parameters still come before any database work.
pub struct Scope {
    state: AppState,
    auth: Auth,
    account_id: String,
    params: Params,
}

/// What a scoped handler's logic runs with: the sub-account, found in the caller's organization.
pub struct InAccount {
    pub account: AccountRow,
    pub public_path: String,
    pub cipher: Cipher,
    auth: Auth,
}

impl FromRequestParts<AppState> for Scope {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let auth = Auth::from_request_parts(parts, state).await?;
        let params = Params::from_request_parts(parts, state).await?;
        let account_id = params.account_id()?.to_string();
        Ok(Scope { state: state.clone(), auth, account_id, params })
    }
}

impl Scope {
    /// The request's query parameters (besides `accountId`).
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Runs `f` on a reader of the pool after looking up the sub-account (404 when it is not
    /// the caller's).
    pub async fn read<T, F>(self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &InAccount) -> Result<T> + Send + 'static,
    {
        let (db, load) = self.loader();
        db.read(move |c| f(c, &load(c)?)).await
    }

    /// Like `read`, inside one transaction: a rejected request changes nothing.
    pub async fn write<T, F>(self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &InAccount) -> Result<T> + Send + 'static,
    {
        let (db, load) = self.loader();
        db.tx(move |tx| f(tx, &load(tx)?)).await
    }

    fn loader(self) -> (crate::db::Db, impl FnOnce(&Connection) -> Result<InAccount>) {
        let Scope { state, auth, account_id, .. } = self;
        let (public_path, cipher) = (state.site.public_path.clone(), state.cipher.clone());
        let load = move |c: &Connection| {
            let account = accounts::in_org(c, &auth.org_id, &account_id)?;
            Ok(InAccount { account, public_path, cipher, auth })
        };
        (state.db, load)
    }
}

/// A catalog request: the bearer token checked, `accountId` optional (with it, the answer says
/// what that sub-account has added; a sub-account not the caller's is a 404).
pub struct CatalogScope {
    state: AppState,
    auth: Auth,
    params: Params,
}

impl FromRequestParts<AppState> for CatalogScope {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let auth = Auth::from_request_parts(parts, state).await?;
        let params = Params::from_request_parts(parts, state).await?;
        Ok(CatalogScope { state: state.clone(), auth, params })
    }
}

impl CatalogScope {
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Runs `f` on a reader of the pool with the named sub-account's id (if any) and the public
    /// path logos are served under.
    pub async fn read<T, F>(self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, Option<&str>, &str) -> Result<T> + Send + 'static,
    {
        let CatalogScope { state, auth, params } = self;
        let public_path = state.site.public_path.clone();
        state
            .db
            .read(move |c| {
                let account = params.get("accountId").map(|id| accounts::in_org(c, &auth.org_id, id).map(|a| a.id)).transpose()?;
                f(c, account.as_deref(), &public_path)
            })
            .await
    }
}

impl InAccount {
    /// The API client making the request.
    pub fn client_id(&self) -> &str {
        &self.auth.client_id
    }

    /// Appends an entry to a connection's activity log, by this caller in this sub-account.
    pub fn log(&self, c: &Connection, connection_id: &str, time: i64, action: ActivityAction, detail: &str) -> rusqlite::Result<()> {
        activity::log(c, connection_id, &self.account.id, time, &self.auth.actor(), &action, detail)
    }
}

/// A success envelope whose status message says what was done.
pub fn done<T>(message: impl Into<String>, response: T) -> Json<Envelope<T>> {
    Json(Envelope { status_message: message.into(), ..Envelope::ok(response) })
}
