//! Extractors of the JSON API: a JSON body whose errors use our format, and the logged-in
//! member behind a bearer token.

use axum::{
    extract::{rejection::JsonRejection, FromRequest, FromRequestParts, Request},
    http::{header, request::Parts},
};
use serde::de::DeserializeOwned;

use crate::{
    error::AppError,
    federation::FedData,
    service,
    storage::{accounts::AccountRow, actors::ActorRow},
};

/// `Json<T>` with our error body: 400 for malformed JSON or missing fields, 415 without a JSON
/// content type.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::UnsupportedMediaType(
                "send the body as application/json".into(),
            )),
            Err(JsonRejection::JsonDataError(e)) => {
                Err(AppError::BadRequest("invalid_body", e.body_text()))
            }
            Err(JsonRejection::JsonSyntaxError(e)) => {
                Err(AppError::BadRequest("malformed_json", e.body_text()))
            }
            Err(JsonRejection::BytesRejection(_)) => Err(AppError::PayloadTooLarge),
            Err(other) => Err(AppError::bad_request(other.body_text())),
        }
    }
}

/// The member behind `Authorization: Bearer TOKEN`; 401 without a valid token.
pub struct CurrentUser {
    pub account: AccountRow,
    pub actor: ActorRow,
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let data = FedData::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("federation middleware missing")))?;
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| {
                AppError::unauthorized("log in first: send Authorization: Bearer TOKEN")
            })?;
        let (account, actor) = service::auth::authenticate(&data, token)
            .await?
            .ok_or_else(|| AppError::unauthorized("the token is invalid or expired"))?;
        if !parts.method.is_safe() {
            data.limits.check_write(account.id)?;
        }
        Ok(CurrentUser { account, actor })
    }
}

/// `Option<CurrentUser>`: `None` without an Authorization header, 401 with a bad one.
impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Option<Self>, AppError> {
        if parts.headers.get(header::AUTHORIZATION).is_none() {
            return Ok(None);
        }
        <CurrentUser as FromRequestParts<S>>::from_request_parts(parts, state)
            .await
            .map(Some)
    }
}
