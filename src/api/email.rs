//! The member's email address, where email digests go, over the API
//! (`service::digests`; the settings page has the same form at `/settings/email`).

use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiJson, CurrentUser};
use crate::{
    error::{AppError, AppResult},
    federation::FedData,
    service::digests,
    web::i18n::Lang,
};

#[derive(Serialize, ToSchema)]
pub struct EmailView {
    /// `null` when the member gave none.
    pub email: Option<String>,
    /// Whether this node sends email digests (SMTP configured).
    pub digests_available: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct EmailRequest {
    /// The address; `null` or `""` removes it.
    pub email: Option<String>,
    /// `fr` or `en`: the language of the member's emails (unchanged when absent).
    pub language: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/me/email", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = EmailView)))]
pub async fn get(data: FedData, user: CurrentUser) -> AppResult<Json<EmailView>> {
    Ok(Json(EmailView {
        email: digests::email_of(&data, &user.actor).await?,
        digests_available: data.settings.sends_email(),
    }))
}

#[utoipa::path(put, path = "/api/v1/me/email", tag = "notifications", security(("bearer" = [])),
    request_body = EmailRequest,
    responses((status = 200, body = EmailView), (status = 400, description = "unknown language", body = crate::error::ErrorBody),
        (status = 422, description = "not an email address", body = crate::error::ErrorBody)))]
pub async fn set(
    data: FedData,
    user: CurrentUser,
    ApiJson(body): ApiJson<EmailRequest>,
) -> AppResult<Json<EmailView>> {
    let language = match body.language.as_deref() {
        None => None,
        Some(code) => Some(Lang::parse(code).ok_or_else(|| {
            AppError::BadRequest(
                "invalid_field",
                format!("language is fr or en, not {code:?}"),
            )
        })?),
    };
    let email = digests::set_email(&data, &user.actor, body.email.as_deref()).await?;
    if let Some(lang) = language {
        digests::remember_language(&data, &user.actor, lang).await?;
    }
    Ok(Json(EmailView {
        email,
        digests_available: data.settings.sends_email(),
    }))
}
