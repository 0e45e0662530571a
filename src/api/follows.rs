//! Following actors of any node (joining groups), and leaving.

use axum::{extract::Path, http::StatusCode, Json};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, CurrentUser},
    views::FollowView,
};
use crate::{
    domain::names::Handle,
    error::{AppError, AppResult},
    federation::FedData,
    service, storage,
};

#[derive(Deserialize, ToSchema)]
pub struct FollowRequest {
    /// `@name@domain`, `name@domain`, or an actor URL.
    pub handle: String,
}

#[utoipa::path(post, path = "/api/v1/follows", tag = "follows", security(("bearer" = [])), request_body = FollowRequest,
    responses((status = 200, description = "state is pending until the group accepts", body = FollowView),
        (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 502, description = "the other node did not answer", body = crate::error::ErrorBody)))]
pub async fn follow(
    data: FedData,
    user: CurrentUser,
    ApiJson(body): ApiJson<FollowRequest>,
) -> AppResult<Json<FollowView>> {
    let (row, target) = service::membership::follow(&data, &user.actor, &body.handle).await?;
    Ok(Json(FollowView::from_row(&row, &target)))
}

#[utoipa::path(get, path = "/api/v1/follows", tag = "follows", security(("bearer" = [])),
    responses((status = 200, body = [FollowView])))]
pub async fn list(data: FedData, user: CurrentUser) -> AppResult<Json<Vec<FollowView>>> {
    let mut tx = data.db.read().await?;
    let rows = storage::follows::following(&mut tx, user.actor.id).await?;
    Ok(Json(rows.iter().map(FollowView::from_listing).collect()))
}

#[utoipa::path(delete, path = "/api/v1/follows/{handle}", tag = "follows", security(("bearer" = [])),
    params(("handle" = String, Path, description = "name@domain of the followed actor")),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn unfollow(
    data: FedData,
    user: CurrentUser,
    Path(handle): Path<String>,
) -> AppResult<StatusCode> {
    let handle = Handle::parse(&handle)
        .ok_or_else(|| AppError::BadRequest("invalid_handle", "expected name@domain".into()))?;
    let target = {
        let mut tx = data.db.read().await?;
        if handle.domain == data.urls.domain() {
            storage::actors::local_by_name(&mut tx, &handle.name, None).await?
        } else {
            storage::actors::remote_by_handle(&mut tx, &handle.name, &handle.domain, None).await?
        }
    }
    .ok_or_else(|| AppError::not_found("you do not follow this actor"))?;
    service::membership::unfollow(&data, &user.actor, &target).await?;
    Ok(StatusCode::NO_CONTENT)
}
