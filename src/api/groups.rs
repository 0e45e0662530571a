//! Groups and their members: listing, details, creation by admins, membership requests.

use axum::{
    extract::{Path, Query},
    http::StatusCode,
    Json,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiJson, CurrentUser},
    views::{ActorView, FollowView, GroupView},
};
use crate::{
    domain::membership::{FollowState, MembershipPolicy},
    error::{AppError, AppResult},
    federation::{resolve, FedData},
    service, storage,
};

async fn group_view(data: &FedData, name: &str) -> AppResult<GroupView> {
    let group = resolve::known_group(data, name).await?;
    let details = service::groups::details(data, group).await?;
    let mut view = GroupView::new(&details.group);
    view.members = Some(details.members);
    view.pending_requests = Some(details.pending);
    view.moderators = details.moderators.iter().map(|m| m.acct()).collect();
    Ok(view)
}

#[utoipa::path(get, path = "/api/v1/groups", tag = "groups", responses((status = 200, body = [GroupView])))]
pub async fn list(data: FedData) -> AppResult<Json<Vec<GroupView>>> {
    let mut views = Vec::new();
    for group in service::groups::list_local(&data).await? {
        views.push(group_view(&data, &group.username).await?);
    }
    Ok(Json(views))
}

#[utoipa::path(get, path = "/api/v1/groups/{group}", tag = "groups",
    params(("group" = String, Path, description = "local name, or name@domain of a known remote group")),
    responses((status = 200, body = GroupView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get(data: FedData, Path(group): Path<String>) -> AppResult<Json<GroupView>> {
    Ok(Json(group_view(&data, &group).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct CreateGroupRequest {
    pub name: String,
    pub display_name: String,
    pub summary: Option<String>,
    /// `open` (default), `approval` or `invite`.
    pub membership: Option<MembershipPolicy>,
    /// A network of groups: other groups (antennas) join it as members. Default false.
    #[serde(default)]
    pub network: bool,
}

#[utoipa::path(post, path = "/api/v1/groups", tag = "groups", request_body = CreateGroupRequest, security(("bearer" = [])),
    responses((status = 201, body = GroupView), (status = 403, description = "admins only", body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody)))]
pub async fn create(
    data: FedData,
    user: CurrentUser,
    ApiJson(body): ApiJson<CreateGroupRequest>,
) -> AppResult<(StatusCode, Json<GroupView>)> {
    if !user.account.is_admin {
        return Err(AppError::forbidden("only admins create groups"));
    }
    let group = service::groups::create_group(
        &data,
        &body.name,
        &body.display_name,
        body.summary.as_deref(),
        body.membership.unwrap_or(MembershipPolicy::Open),
        body.network,
        Some(&user.actor),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(group_view(&data, &group.username).await?),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct MembersQuery {
    /// `accepted` (default) or `pending`.
    pub state: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/members", tag = "groups", params(("group" = String, Path), MembersQuery),
    responses((status = 200, body = [FollowView]), (status = 403, description = "pending requests are for moderators", body = crate::error::ErrorBody)))]
pub async fn members(
    data: FedData,
    user: Option<CurrentUser>,
    Path(group): Path<String>,
    Query(query): Query<MembersQuery>,
) -> AppResult<Json<Vec<FollowView>>> {
    let group = resolve::known_group(&data, &group).await?;
    let state = match query.state.as_deref() {
        None => FollowState::Accepted,
        Some(raw) => FollowState::parse(raw)
            .filter(|s| *s != FollowState::Rejected)
            .ok_or_else(|| {
                AppError::BadRequest("invalid_state", "state is pending or accepted".into())
            })?,
    };
    if !group.local {
        return Err(AppError::Unprocessable(
            "remote_group",
            "the members of this group are listed on its own node".into(),
        ));
    }
    if state == FollowState::Pending {
        let allowed = match &user {
            Some(user) => service::groups::is_moderator(&data, &group, &user.actor).await?,
            None => false,
        };
        if !allowed {
            return Err(AppError::forbidden("only moderators see pending requests"));
        }
    }
    let mut tx = data.db.read().await?;
    let rows = storage::follows::followers(&mut tx, group.id, state.as_str()).await?;
    Ok(Json(rows.iter().map(FollowView::from_listing).collect()))
}

async fn answer(
    data: FedData,
    user: CurrentUser,
    group: String,
    member: String,
    accept: bool,
) -> AppResult<Json<FollowView>> {
    let group = resolve::known_group(&data, &group).await?;
    let follow =
        service::membership::answer_request(&data, &user.actor, &group, &member, accept).await?;
    let mut tx = data.db.read().await?;
    let member = storage::actors::by_id(&mut tx, follow.follower_id)
        .await?
        .ok_or_else(|| AppError::not_found("member gone"))?;
    Ok(Json(FollowView::from_row(&follow, &member)))
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/members/{handle}/accept", tag = "groups", security(("bearer" = [])),
    params(("group" = String, Path), ("handle" = String, Path, description = "the requester's handle, name@domain")),
    responses((status = 200, body = FollowView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn accept(
    data: FedData,
    user: CurrentUser,
    Path((group, handle)): Path<(String, String)>,
) -> AppResult<Json<FollowView>> {
    answer(data, user, group, handle, true).await
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/members/{handle}/reject", tag = "groups", security(("bearer" = [])),
    params(("group" = String, Path), ("handle" = String, Path)),
    responses((status = 200, body = FollowView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn reject(
    data: FedData,
    user: CurrentUser,
    Path((group, handle)): Path<(String, String)>,
) -> AppResult<Json<FollowView>> {
    answer(data, user, group, handle, false).await
}

#[derive(Deserialize, ToSchema)]
pub struct InviteRequest {
    /// Handle (`@name@domain`) or actor URL of the person invited.
    pub handle: String,
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/invitations", tag = "groups", security(("bearer" = [])),
    params(("group" = String, Path)), request_body = InviteRequest,
    responses((status = 201, body = ActorView), (status = 403, body = crate::error::ErrorBody)))]
pub async fn invite(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<InviteRequest>,
) -> AppResult<(StatusCode, Json<ActorView>)> {
    let group = resolve::known_group(&data, &group).await?;
    let invitee = service::membership::invite(&data, &user.actor, &group, &body.handle).await?;
    Ok((StatusCode::CREATED, Json(ActorView::new(&invitee))))
}

#[derive(Deserialize, ToSchema)]
pub struct UpdateGroupRequest {
    /// Markdown.
    pub summary: String,
    /// Markdown.
    pub rules: String,
}

#[utoipa::path(patch, path = "/api/v1/groups/{group}", tag = "groups", security(("bearer" = [])),
    params(("group" = String, Path)), request_body = UpdateGroupRequest,
    responses((status = 200, description = "followers get an Update of the group", body = GroupView),
        (status = 403, description = "moderators only", body = crate::error::ErrorBody)))]
pub async fn update(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<UpdateGroupRequest>,
) -> AppResult<Json<GroupView>> {
    let group = resolve::known_group(&data, &group).await?;
    let group =
        service::groups::update_texts(&data, &user.actor, &group, &body.summary, &body.rules)
            .await?;
    Ok(Json(group_view(&data, &group.username).await?))
}
