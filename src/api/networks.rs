//! Networks of groups: an antenna joins or leaves a network (its moderators), lists its
//! networks; a network lists its member groups.

use axum::{extract::Path, http::StatusCode, Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, CurrentUser},
    views::GroupView,
};
use crate::{
    error::AppResult,
    federation::{resolve, FedData},
    service,
};

#[derive(Deserialize, ToSchema)]
pub struct JoinNetworkRequest {
    /// The network group: `@name@domain`, `name@domain`, or its URL.
    pub handle: String,
}

#[derive(Serialize, ToSchema)]
pub struct NetworkMembershipView {
    pub network: GroupView,
    /// `pending` until the network accepts the group, then `accepted`.
    pub state: String,
}

#[derive(Serialize, ToSchema)]
pub struct MemberGroupView {
    pub group: GroupView,
    /// Its members as counted here: a local group's own members, or the members a remote
    /// group's node attested to the network.
    pub members: i64,
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/networks", tag = "networks",
    params(("group" = String, Path, description = "local name, or name@domain of a known remote group")),
    responses((status = 200, body = [NetworkMembershipView]), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list(
    data: FedData,
    Path(group): Path<String>,
) -> AppResult<Json<Vec<NetworkMembershipView>>> {
    let group = resolve::known_group(&data, &group).await?;
    let networks = service::networks::networks(&data, &group).await?;
    Ok(Json(
        networks
            .into_iter()
            .map(|n| NetworkMembershipView {
                network: GroupView::new(&n.network),
                state: n.state,
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/networks", tag = "networks", security(("bearer" = [])),
    params(("group" = String, Path, description = "a group of this node (the antenna)")),
    request_body = JoinNetworkRequest,
    responses((status = 200, description = "state is pending until the network accepts", body = NetworkMembershipView),
        (status = 403, description = "the group's moderators only", body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
        (status = 422, description = "not a network", body = crate::error::ErrorBody)))]
pub async fn join(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<JoinNetworkRequest>,
) -> AppResult<Json<NetworkMembershipView>> {
    let group = resolve::known_group(&data, &group).await?;
    let (row, network) = service::networks::join(&data, &user.actor, &group, &body.handle).await?;
    Ok(Json(NetworkMembershipView {
        network: GroupView::new(&network),
        state: row.state,
    }))
}

#[utoipa::path(delete, path = "/api/v1/groups/{group}/networks/{network}", tag = "networks", security(("bearer" = [])),
    params(("group" = String, Path, description = "a group of this node"),
        ("network" = String, Path, description = "name@domain of the network")),
    responses((status = 204), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn leave(
    data: FedData,
    user: CurrentUser,
    Path((group, network)): Path<(String, String)>,
) -> AppResult<StatusCode> {
    let group = resolve::known_group(&data, &group).await?;
    service::networks::leave(&data, &user.actor, &group, &network).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/member-groups", tag = "networks",
    params(("group" = String, Path, description = "a network group of this node")),
    responses((status = 200, body = [MemberGroupView]), (status = 404, body = crate::error::ErrorBody)))]
pub async fn member_groups(
    data: FedData,
    Path(group): Path<String>,
) -> AppResult<Json<Vec<MemberGroupView>>> {
    let network = resolve::known_group(&data, &group).await?;
    let members = service::networks::member_groups(&data, &network).await?;
    Ok(Json(
        members
            .into_iter()
            .map(|m| MemberGroupView {
                group: GroupView::new(&m.group),
                members: m.members,
            })
            .collect(),
    ))
}
