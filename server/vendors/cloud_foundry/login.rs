//! The UAA token endpoint (`POST /oauth/token`): password and refresh-token grants, answered with an HS256 token
//! pair signed with the configured key, or UAA's `{error, error_description}`.

use super::{
    CloudFoundry,
    auth::{ACCESS_SECONDS, Claims, REFRESH_SECONDS},
    errors::{UaaServerError, oauth_error},
};
use crate::{
    generated::cloud_foundry::{CreateTokenRequest, CreateTokenResponse, GrantType, Token},
    links, rt,
    store::{CloudFoundryStore, cloud_foundry::User},
};

/// The scopes a token gets: what the user has, narrowed to `requested` when that names any.
fn granted_scopes(user: &User, requested: Option<&str>) -> Vec<String> {
    let requested: Vec<&str> = requested.unwrap_or_default().split_whitespace().collect();
    user.scopes
        .iter()
        .filter(|s| requested.is_empty() || requested.contains(&s.as_str()))
        .cloned()
        .collect()
}

/// `POST /oauth/token`.
pub(super) async fn create_token<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    request: CreateTokenRequest,
) -> CreateTokenResponse {
    use CreateTokenResponse as R;
    rt::answer(async {
        let body = request.body;
        let user = match body.grant_type {
            GrantType::Password => {
                let (Some(username), Some(password)) = (&body.username, &body.password) else {
                    return Err(R::BadRequest(oauth_error(
                        "invalid_request",
                        "Missing username or password",
                    )));
                };
                match api.store.user_by_name(username).await.map_err(UaaServerError::from)? {
                    Some(user) if user.password == *password => user,
                    _ => return Err(R::Unauthorized(oauth_error("unauthorized", "Bad credentials"))),
                }
            }
            GrantType::RefreshToken => {
                let Some(token) = &body.refresh_token else {
                    return Err(R::BadRequest(oauth_error("invalid_request", "Missing refresh_token")));
                };
                let invalid = || R::Unauthorized(oauth_error("invalid_token", "Invalid refresh token"));
                let claims = api
                    .keys
                    .verify(token, api.sources.clock.now())
                    .filter(|claims| claims.token_use.as_deref() == Some("refresh"))
                    .ok_or_else(invalid)?;
                let user_id = claims.user_id.unwrap_or_default();
                api.store
                    .user(&user_id)
                    .await
                    .map_err(UaaServerError::from)?
                    .ok_or_else(invalid)?
            }
        };
        let scopes = granted_scopes(&user, body.scope.as_deref());
        Ok(R::Ok(api.token_pair(&user, scopes)?))
    })
    .await
}

impl<S> CloudFoundry<S> {
    /// An access and a refresh token for `user` with `scopes`, issued now.
    fn token_pair(&self, user: &User, scopes: Vec<String>) -> Result<Token, UaaServerError> {
        let now = self.sources.clock.now().timestamp();
        let jti = self.sources.ids.uuid().simple().to_string();
        let base = Claims {
            user_id: Some(user.guid.clone()),
            user_name: Some(user.username.clone()),
            email: Some(user.email.clone()),
            client_id: Some("cf".to_owned()),
            scope: scopes.clone(),
            aud: vec!["cloud_controller".to_owned(), "openid".to_owned()],
            iss: Some(format!("{}/oauth/token", links::base_or(&self.public_url))),
            iat: Some(now),
            ..Claims::default()
        };
        let access = Claims {
            jti: Some(jti.clone()),
            exp: Some(now + ACCESS_SECONDS),
            token_use: Some("access".to_owned()),
            ..base.clone()
        };
        let refresh = Claims {
            jti: Some(format!("{jti}-r")),
            exp: Some(now + REFRESH_SECONDS),
            token_use: Some("refresh".to_owned()),
            ..base
        };
        let sign = |claims: &Claims| {
            self.keys
                .sign(claims)
                .map_err(|cause| UaaServerError::caused_by(&cause))
        };
        Ok(Token {
            access_token: sign(&access)?,
            token_type: "bearer".to_owned(),
            refresh_token: sign(&refresh)?,
            expires_in: ACCESS_SECONDS,
            scope: scopes.join(" "),
            jti,
        })
    }
}
