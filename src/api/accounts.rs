//! Accounts: registration, login, the logged-in member's profile, password and deletion.

use axum::{http::StatusCode, Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, CurrentUser},
    views::ActorView,
};
use crate::{
    error::{AppResult, ErrorBody},
    federation::FedData,
    service::{self, accounts::Registration},
};

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
    /// Approval mode: a few words to the admins.
    pub application: Option<String>,
    /// Invite mode: the code of the invite link.
    pub invite: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RegisterResponse {
    #[serde(flatten)]
    pub actor: ActorView,
    /// False until an admin approves the account (approval mode).
    pub approved: bool,
}

#[derive(Serialize, ToSchema)]
pub struct MeView {
    #[serde(flatten)]
    pub actor: ActorView,
    pub is_admin: bool,
    /// Sanitized HTML.
    pub bio: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ProfileRequest {
    pub display_name: String,
    /// Markdown.
    pub bio: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct DeleteAccountRequest {
    pub password: String,
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody),
        (status = 403, description = "awaiting approval", body = ErrorBody)))]
pub async fn login(
    data: FedData,
    ApiJson(body): ApiJson<LoginRequest>,
) -> AppResult<Json<LoginResponse>> {
    let token = service::auth::login(&data, &body.username, &body.password).await?;
    Ok(Json(LoginResponse { token }))
}

#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = RegisterRequest,
    responses((status = 201, body = RegisterResponse),
        (status = 403, description = "registration closed, or invite missing or invalid", body = ErrorBody),
        (status = 409, description = "name taken", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn register(
    data: FedData,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> AppResult<(StatusCode, Json<RegisterResponse>)> {
    let registration = Registration {
        username: &body.username,
        password: &body.password,
        email: body.email.as_deref(),
        application: body.application.as_deref(),
        invite: body.invite.as_deref(),
    };
    let (account, actor) = service::accounts::register(&data, &registration).await?;
    Ok((
        StatusCode::CREATED,
        Json(RegisterResponse {
            actor: ActorView::new(&actor),
            approved: account.approved,
        }),
    ))
}

fn me_view(user: &CurrentUser) -> MeView {
    MeView {
        actor: ActorView::new(&user.actor),
        is_admin: user.account.is_admin,
        bio: user.actor.summary.clone(),
    }
}

#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = MeView), (status = 401, body = ErrorBody)))]
pub async fn me(user: CurrentUser) -> Json<MeView> {
    Json(me_view(&user))
}

#[utoipa::path(patch, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])), request_body = ProfileRequest,
    responses((status = 200, description = "sent to the servers that know the member as an Update", body = MeView),
        (status = 422, body = ErrorBody)))]
pub async fn update_profile(
    data: FedData,
    mut user: CurrentUser,
    ApiJson(body): ApiJson<ProfileRequest>,
) -> AppResult<Json<MeView>> {
    user.actor =
        service::accounts::update_profile(&data, &user.actor, &body.display_name, &body.bio)
            .await?;
    Ok(Json(me_view(&user)))
}

#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", security(("bearer" = [])), request_body = PasswordRequest,
    responses((status = 204), (status = 422, description = "wrong current password or weak new one", body = ErrorBody)))]
pub async fn change_password(
    data: FedData,
    user: CurrentUser,
    ApiJson(body): ApiJson<PasswordRequest>,
) -> AppResult<StatusCode> {
    service::accounts::change_password(
        &data,
        &user.account,
        &body.current_password,
        &body.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])), request_body = DeleteAccountRequest,
    responses((status = 204, description = "deleted; other servers get a Delete of the actor"),
        (status = 422, description = "wrong password", body = ErrorBody)))]
pub async fn delete_account(
    data: FedData,
    user: CurrentUser,
    ApiJson(body): ApiJson<DeleteAccountRequest>,
) -> AppResult<StatusCode> {
    service::accounts::delete_account(&data, &user.account, &user.actor, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
