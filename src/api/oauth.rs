//! `POST /es/v2/oauth/client-token`: exchange client credentials for an access token; and
//! `POST /es/v2/oauth/revoke` (an extension of the embedded server): end a token.

use super::{call, json_body, ApiError, Client};
use gloo_net::http::Method;
use madconnect_model::{ClientToken, ClientTokenRequest};

/// Exchanges `clientId` + `clientSecret` for an access token. The request is consumed so the
/// secret does not outlive the call; a 401 here means the credentials were refused (no renewal).
pub async fn client_token(base: &str, request: ClientTokenRequest) -> Result<ClientToken, ApiError> {
    let body = json_body(&request)?;
    drop(request);
    let client = Client::new(base, None, None);
    Ok(call::<ClientToken>(&client, Method::POST, "/es/v2/oauth/client-token", &[], Some(body)).await?.response)
}

/// Revokes an access token on sign-out. Unknown or already revoked tokens are a success too.
pub async fn revoke(base: &str, token: String) -> Result<(), ApiError> {
    let body = json_body(&serde_json::json!({ "token": token }))?;
    let client = Client::new(base, None, None);
    call::<serde_json::Value>(&client, Method::POST, "/es/v2/oauth/revoke", &[], Some(body)).await.map(|_| ())
}
