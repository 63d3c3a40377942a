//! Sub-accounts: `GET /es/v2/accounts` (extension: the organization's sub-accounts) and
//! `GET /es/v2/accounts/<id>`.

use super::{call, page, ApiError, Client, Page};
use crate::url::encode_component;
use gloo_net::http::Method;
use madconnect_model::Account;

/// The organization's sub-accounts, for the switcher. A server without this extension answers
/// 404: callers then let the person type an account id.
pub async fn list(client: &Client) -> Result<Page<Account>, ApiError> {
    Ok(page(call(client, Method::GET, "/es/v2/accounts", &[], None).await?))
}

pub async fn get(client: &Client, account_id: &str) -> Result<Account, ApiError> {
    let path = format!("/es/v2/accounts/{}", encode_component(account_id));
    Ok(call(client, Method::GET, &path, &[], None).await?.response)
}
