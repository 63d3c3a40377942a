//! Sub-accounts: `GET /es/v2/accounts` (extension: the organization's sub-accounts) and
//! `GET /es/v2/accounts/<id>`.

use super::{call, page, ApiError, Client, Page};
use crate::url::encode_component;
use gloo_net::http::Method;
use madconnect_model::AccountSummary;

/// The organization's sub-accounts (id and name: all the console shows), for the switcher. A server without this extension answers
/// 404: callers then let the person type an account id.
pub async fn list(client: &Client) -> Result<Page<AccountSummary>, ApiError> {
    let answer = call(client, Method::GET, "/es/v2/accounts", &[], None).await;
    if answer.is_ok() || answer.as_ref().is_err_and(ApiError::is_not_found) {
        super::capabilities::learn(&client.base, |c| c.accounts_list = Some(answer.is_ok()));
    }
    Ok(page(answer?))
}

pub async fn get(client: &Client, account_id: &str) -> Result<AccountSummary, ApiError> {
    let path = format!("/es/v2/accounts/{}", encode_component(account_id));
    Ok(call(client, Method::GET, &path, &[], None).await?.response)
}
