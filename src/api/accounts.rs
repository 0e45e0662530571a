//! Accounts: registration, login, the logged-in member.

use axum::{http::StatusCode, Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, CurrentUser},
    views::ActorView,
};
use crate::{error::AppResult, federation::FedData, service};

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer TOKEN`.
    pub token: String,
}

#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    pub username: String,
    pub password: String,
    pub email: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MeView {
    #[serde(flatten)]
    pub actor: ActorView,
    pub is_admin: bool,
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = crate::error::ErrorBody)))]
pub async fn login(
    data: FedData,
    ApiJson(body): ApiJson<LoginRequest>,
) -> AppResult<Json<LoginResponse>> {
    let token = service::accounts::login(&data, &body.username, &body.password).await?;
    Ok(Json(LoginResponse { token }))
}

#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = RegisterRequest,
    responses((status = 201, body = ActorView), (status = 403, description = "registration closed", body = crate::error::ErrorBody),
        (status = 409, description = "name taken", body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn register(
    data: FedData,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> AppResult<(StatusCode, Json<ActorView>)> {
    let (_, actor) =
        service::accounts::register(&data, &body.username, &body.password, body.email.as_deref())
            .await?;
    Ok((StatusCode::CREATED, Json(ActorView::new(&actor))))
}

#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = MeView), (status = 401, body = crate::error::ErrorBody)))]
pub async fn me(user: CurrentUser) -> Json<MeView> {
    Json(MeView {
        actor: ActorView::new(&user.actor),
        is_admin: user.account.is_admin,
    })
}
