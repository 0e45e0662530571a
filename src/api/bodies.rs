//! A group's governance bodies in the JSON API: list and create them in a group, read, change
//! and delete one (by uuid), replace its relations, manage its members and their photos (a raw
//! PNG, JPEG or WebP body). Reading is open to anyone; changes to moderators and admins.

use axum::{
    body::Body,
    extract::Path,
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, CurrentUser},
    views::time,
};
use crate::{
    app::AppState,
    domain::governance::{
        mandate_ended, mandate_ends_soon, BodyKind, RelationKind, MAX_PHOTO_BYTES,
    },
    error::{AppError, AppResult, ErrorBody},
    federation::{resolve, FedData},
    service::{
        self,
        bodies::{BodyDetails, BodyInput, Governance, Manager, MemberInput},
    },
    storage::bodies::MemberRow,
};

fn manager(user: &CurrentUser) -> Manager<'_> {
    Manager {
        actor: &user.actor,
        is_admin: user.account.is_admin,
    }
}

fn word<T>(raw: &str, parse: fn(&str) -> Option<T>, field: &str, choices: String) -> AppResult<T> {
    parse(raw).ok_or_else(|| {
        AppError::BadRequest(
            "invalid_field",
            format!("{field} is one of {choices}, not {raw:?}"),
        )
    })
}

#[derive(Serialize, ToSchema)]
pub struct BodyMemberView {
    /// Use it in `/api/v1/bodies/{id}/members/{member_id}`.
    pub id: i64,
    pub name: String,
    /// `name@domain` of a member of this node; absent for someone named only.
    pub handle: Option<String>,
    /// Their profile page, when they are a member of this node.
    pub profile_url: Option<String>,
    pub office: Option<String>,
    /// `YYYY-MM-DD`.
    pub mandate_start: Option<String>,
    /// `YYYY-MM-DD`.
    pub mandate_end: Option<String>,
    /// The mandate ends within 90 days.
    pub mandate_ends_soon: bool,
    pub mandate_ended: bool,
    pub photo_url: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct BodyRelationView {
    /// `elects`, `appoints`, `reports_to` or `advises`.
    pub kind: String,
    /// The other body's id (uuid).
    pub to: String,
    pub to_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct BodyView {
    /// A uuid.
    pub id: String,
    /// The group's handle.
    pub group: String,
    pub name: String,
    /// `board`, `bureau`, `works_council`, `general_assembly`, `local_committee` or `other`.
    pub kind: String,
    /// Sanitized HTML: what the body is for.
    pub role: String,
    /// Markdown, as written.
    pub role_source: String,
    /// Sanitized HTML: how it decides.
    pub decides_how: String,
    pub decides_how_source: String,
    /// Its place on the group's governance page, from 0.
    pub position: i64,
    /// The body's page.
    pub url: String,
    /// Relations going out of this body.
    pub relations: Vec<BodyRelationView>,
    pub members: Vec<BodyMemberView>,
    pub created_at: Option<chrono::DateTime<Utc>>,
    pub updated_at: Option<chrono::DateTime<Utc>>,
}

fn absolute(state: &AppState, path: &str) -> String {
    state
        .urls
        .base()
        .join(path)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| path.to_string())
}

fn member_view(state: &AppState, m: &MemberRow) -> BodyMemberView {
    let today = Utc::now().date_naive();
    BodyMemberView {
        id: m.id,
        name: m.name.clone(),
        handle: m
            .username
            .as_ref()
            .map(|u| format!("{u}@{}", state.urls.domain())),
        profile_url: m
            .username
            .as_ref()
            .map(|u| absolute(state, &format!("/users/{u}"))),
        office: m.office.clone(),
        mandate_start: m.mandate_start.clone(),
        mandate_end: m.mandate_end.clone(),
        mandate_ends_soon: mandate_ends_soon(m.mandate_end.as_deref(), today),
        mandate_ended: mandate_ended(m.mandate_end.as_deref(), today),
        photo_url: m
            .photo_uuid
            .as_ref()
            .map(|p| absolute(state, &format!("/media/photos/{p}"))),
    }
}

fn body_view(state: &AppState, g: &Governance, b: &BodyDetails) -> BodyView {
    let r = &b.row;
    BodyView {
        id: r.uuid.clone(),
        group: g.group.acct(),
        name: r.name.clone(),
        kind: r.kind.clone(),
        role: r.role.clone(),
        role_source: r.role_source.clone(),
        decides_how: r.decides_how.clone(),
        decides_how_source: r.decides_how_source.clone(),
        position: r.position,
        url: absolute(state, &format!("/bodies/{}", r.uuid)),
        relations: g
            .relations
            .iter()
            .filter(|rel| rel.from_body_id == r.id)
            .filter_map(|rel| {
                let to = g.body_by_id(rel.to_body_id)?;
                Some(BodyRelationView {
                    kind: rel.kind.clone(),
                    to: to.row.uuid.clone(),
                    to_name: to.row.name.clone(),
                })
            })
            .collect(),
        members: b.members.iter().map(|m| member_view(state, m)).collect(),
        created_at: time(r.created_at),
        updated_at: r.updated_at.and_then(time),
    }
}

async fn one(data: &FedData, uuid: &str) -> AppResult<Json<BodyView>> {
    let g = service::bodies::body(data, uuid).await?;
    let b = g
        .body_by_uuid(uuid)
        .ok_or_else(|| AppError::not_found("no such body"))?;
    Ok(Json(body_view(data, &g, b)))
}

#[derive(Deserialize, ToSchema)]
pub struct BodyRequest {
    /// 1 to 120 characters.
    pub name: String,
    /// `board`, `bureau`, `works_council`, `general_assembly`, `local_committee` or `other`.
    pub kind: String,
    /// Markdown, required: what the body is for.
    pub role: String,
    /// Markdown, required: how it decides.
    pub decides_how: String,
    /// On `PUT`: moves the body to this place on the group's page (0 = first).
    pub position: Option<usize>,
}

impl BodyRequest {
    fn input(&self) -> AppResult<BodyInput> {
        Ok(BodyInput {
            name: self.name.clone(),
            kind: word(&self.kind, BodyKind::parse, "kind", BodyKind::choices())?,
            role: self.role.clone(),
            decides_how: self.decides_how.clone(),
        })
    }
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/bodies", tag = "governance",
    params(("group" = String, Path)),
    responses((status = 200, description = "in the order of the group's governance page", body = [BodyView]),
        (status = 404, body = ErrorBody)))]
pub async fn list(data: FedData, Path(group): Path<String>) -> AppResult<Json<Vec<BodyView>>> {
    let group = resolve::known_group(&data, &group).await?;
    let g = service::bodies::governance(&data, group).await?;
    Ok(Json(
        g.bodies.iter().map(|b| body_view(&data, &g, b)).collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/bodies", tag = "governance", security(("bearer" = [])),
    params(("group" = String, Path)), request_body = BodyRequest,
    responses((status = 201, body = BodyView), (status = 400, body = ErrorBody),
        (status = 403, description = "moderators of the group and admins only", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<BodyRequest>,
) -> AppResult<(StatusCode, Json<BodyView>)> {
    let input = body.input()?;
    let group = resolve::known_group(&data, &group).await?;
    let row = service::bodies::create(&data, manager(&user), &group, input).await?;
    Ok((StatusCode::CREATED, one(&data, &row.uuid).await?))
}

#[utoipa::path(get, path = "/api/v1/bodies/{id}", tag = "governance", params(("id" = String, Path, description = "uuid")),
    responses((status = 200, body = BodyView), (status = 404, body = ErrorBody)))]
pub async fn get(data: FedData, Path(id): Path<String>) -> AppResult<Json<BodyView>> {
    one(&data, &id).await
}

#[utoipa::path(put, path = "/api/v1/bodies/{id}", tag = "governance", security(("bearer" = [])),
    params(("id" = String, Path, description = "uuid")), request_body = BodyRequest,
    responses((status = 200, body = BodyView), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<BodyRequest>,
) -> AppResult<Json<BodyView>> {
    let input = body.input()?;
    service::bodies::update(&data, manager(&user), &id, input).await?;
    if let Some(position) = body.position {
        service::bodies::move_to(&data, manager(&user), &id, position).await?;
    }
    one(&data, &id).await
}

#[utoipa::path(delete, path = "/api/v1/bodies/{id}", tag = "governance", security(("bearer" = [])),
    params(("id" = String, Path, description = "uuid")),
    responses((status = 204, description = "deleted, with its members, photos and relations"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    service::bodies::delete(&data, manager(&user), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct RelationRequest {
    /// `elects`, `appoints`, `reports_to` or `advises`.
    pub kind: String,
    /// The other body's id (uuid), in the same group.
    pub to: String,
}

#[derive(Deserialize, ToSchema)]
pub struct RelationsRequest {
    /// The whole set of relations going out of this body (an empty list removes them).
    pub relations: Vec<RelationRequest>,
}

#[utoipa::path(put, path = "/api/v1/bodies/{id}/relations", tag = "governance", security(("bearer" = [])),
    params(("id" = String, Path, description = "uuid")), request_body = RelationsRequest,
    responses((status = 200, body = BodyView), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "a relation to itself, to another group's body or to an unknown one", body = ErrorBody)))]
pub async fn set_relations(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RelationsRequest>,
) -> AppResult<Json<BodyView>> {
    let relations = body
        .relations
        .iter()
        .map(|r| {
            let kind = word(
                &r.kind,
                RelationKind::parse,
                "kind",
                RelationKind::choices(),
            )?;
            Ok((r.to.clone(), kind))
        })
        .collect::<AppResult<Vec<_>>>()?;
    service::bodies::set_relations(&data, manager(&user), &id, &relations).await?;
    one(&data, &id).await
}

#[derive(Deserialize, ToSchema)]
pub struct MemberRequest {
    /// A member of this node (`name` or `name@domain`); leave out for someone without an account.
    pub handle: Option<String>,
    /// Required without a handle; defaults to the member's display name.
    pub name: Option<String>,
    /// "Présidente", "Trésorier"...
    pub office: Option<String>,
    /// `YYYY-MM-DD`.
    pub mandate_start: Option<String>,
    /// `YYYY-MM-DD`, not before the start.
    pub mandate_end: Option<String>,
}

impl MemberRequest {
    fn input(self) -> MemberInput {
        MemberInput {
            handle: self.handle,
            name: self.name,
            office: self.office,
            mandate_start: self.mandate_start,
            mandate_end: self.mandate_end,
        }
    }
}

#[utoipa::path(post, path = "/api/v1/bodies/{id}/members", tag = "governance", security(("bearer" = [])),
    params(("id" = String, Path, description = "uuid")), request_body = MemberRequest,
    responses((status = 201, body = BodyMemberView), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_member(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MemberRequest>,
) -> AppResult<(StatusCode, Json<BodyMemberView>)> {
    let row = service::bodies::add_member(&data, manager(&user), &id, body.input()).await?;
    Ok((StatusCode::CREATED, Json(member_view(&data, &row))))
}

#[utoipa::path(put, path = "/api/v1/bodies/{id}/members/{member_id}", tag = "governance", security(("bearer" = [])),
    params(("id" = String, Path, description = "uuid"), ("member_id" = i64, Path)), request_body = MemberRequest,
    responses((status = 200, body = BodyMemberView), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_member(
    data: FedData,
    user: CurrentUser,
    Path((id, member_id)): Path<(String, i64)>,
    ApiJson(body): ApiJson<MemberRequest>,
) -> AppResult<Json<BodyMemberView>> {
    let row =
        service::bodies::update_member(&data, manager(&user), &id, member_id, body.input()).await?;
    Ok(Json(member_view(&data, &row)))
}

#[utoipa::path(delete, path = "/api/v1/bodies/{id}/members/{member_id}", tag = "governance", security(("bearer" = [])),
    params(("id" = String, Path, description = "uuid"), ("member_id" = i64, Path)),
    responses((status = 204, description = "removed, with their photo"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_member(
    data: FedData,
    user: CurrentUser,
    Path((id, member_id)): Path<(String, i64)>,
) -> AppResult<StatusCode> {
    service::bodies::remove_member(&data, manager(&user), &id, member_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The body of a request, up to `limit` bytes; `None` if it is longer.
pub async fn read_limited(body: Body, limit: usize) -> AppResult<Option<Vec<u8>>> {
    use futures::StreamExt;
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| AppError::PayloadTooLarge)?;
        if bytes.len() + chunk.len() > limit {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

/// 413 with words saying what the limit is.
pub fn photo_too_large() -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        Json(ErrorBody {
            error: "photo_too_large".into(),
            message: service::photos::TOO_LARGE_MESSAGE.into(),
        }),
    )
        .into_response()
}

#[utoipa::path(put, path = "/api/v1/bodies/{id}/members/{member_id}/photo", tag = "governance", security(("bearer" = [])),
    params(("id" = String, Path, description = "uuid"), ("member_id" = i64, Path)),
    request_body(content = Vec<u8>, description = "a PNG, JPEG or WebP image, at most 2 MB (its type is read from its bytes)", content_type = "application/octet-stream"),
    responses((status = 200, body = BodyMemberView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, description = "over 2 MB", body = ErrorBody),
        (status = 422, description = "not a PNG, JPEG or WebP image", body = ErrorBody)))]
pub async fn set_photo(
    data: FedData,
    user: CurrentUser,
    Path((id, member_id)): Path<(String, i64)>,
    body: Body,
) -> Response {
    let bytes = match read_limited(body, MAX_PHOTO_BYTES).await {
        Ok(Some(bytes)) => bytes,
        Ok(None) | Err(AppError::PayloadTooLarge) => return photo_too_large(),
        Err(err) => return err.into_response(),
    };
    match service::photos::set_member_photo(&data, manager(&user), &id, member_id, &bytes).await {
        Ok(row) => Json(member_view(&data, &row)).into_response(),
        Err(AppError::PayloadTooLarge) => photo_too_large(),
        Err(err) => err.into_response(),
    }
}
