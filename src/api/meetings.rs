//! Meetings of a group's bodies and their agendas over the API (`service::agenda`; the
//! meeting page does the same). Moderators plan meetings and answer agenda items; members,
//! here or through the copy of another node's meeting, propose items.

use axum::{extract::Path, http::StatusCode, Json};
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, CurrentUser},
    views::time,
};
use crate::{
    domain::agenda::{Decision, ItemInput, MeetingInput, Refusal},
    error::{AppError, AppResult},
    federation::{resolve, FedData},
    service::agenda::{self, ItemDetails, MeetingDetails},
    storage::meetings::{ItemRow, MeetingRow},
};

fn refused(r: Refusal) -> AppError {
    AppError::Unprocessable(r.code, r.message.into())
}

#[derive(Serialize, ToSchema)]
pub struct MeetingSummary {
    pub id: i64,
    /// ActivityPub id: the agenda collection.
    pub url: String,
    pub local: bool,
    pub body: String,
    pub title: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub place: Option<String>,
    /// Members may still propose agenda items.
    pub items_open: bool,
    /// The event people register for, when the meeting has one.
    pub event: Option<i64>,
}

impl MeetingSummary {
    fn new(m: &MeetingRow) -> MeetingSummary {
        MeetingSummary {
            id: m.id,
            url: m.ap_id.clone(),
            local: m.local,
            body: m.body_name.clone(),
            title: m.title.clone(),
            starts_at: time(m.starts_at),
            place: m.place.clone(),
            items_open: m.items_open,
            event: m.event_id,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ItemView {
    pub id: i64,
    /// ActivityPub id (on its author's node).
    pub url: String,
    pub meeting: i64,
    /// The author's handle.
    pub author: String,
    pub title: String,
    /// Sanitized HTML.
    pub content: String,
    /// `proposed`, `accepted` or `declined`.
    pub state: String,
    /// Why it was declined (or a note on acceptance).
    pub reason: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub position: i64,
    /// What the meeting concluded.
    pub outcome: Option<String>,
    /// The proposal it led to or came from (its id here).
    pub proposal: Option<i64>,
}

impl ItemView {
    fn new(row: &ItemRow, author: String) -> ItemView {
        ItemView {
            id: row.id,
            url: row.ap_id.clone(),
            meeting: row.meeting_id,
            author,
            title: row.title.clone(),
            content: row.content.clone(),
            state: row.state.clone(),
            reason: row.reason.clone(),
            decided_at: row.decided_at.and_then(time),
            position: row.position,
            outcome: row.outcome.clone(),
            proposal: row.proposal_id,
        }
    }

    fn of(d: &ItemDetails) -> ItemView {
        ItemView::new(&d.row, d.author.acct())
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeetingView {
    #[serde(flatten)]
    pub meeting: MeetingSummary,
    /// The group's handle.
    pub group: String,
    /// Sanitized HTML, once written.
    pub minutes: Option<String>,
    /// In agenda order; declined items stay listed with their reason.
    pub items: Vec<ItemView>,
}

impl MeetingView {
    fn new(d: &MeetingDetails) -> MeetingView {
        MeetingView {
            meeting: MeetingSummary::new(&d.meeting),
            group: d.group.acct(),
            minutes: d.meeting.minutes.clone(),
            items: d.items.iter().map(ItemView::of).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct MeetingRequest {
    pub title: String,
    /// RFC 3339 with its offset.
    pub starts_at: DateTime<FixedOffset>,
    pub place: Option<String>,
    /// Whether members may propose items (default true).
    pub items_open: Option<bool>,
    /// An event of the group (its id) people register for.
    pub event: Option<i64>,
}

impl MeetingRequest {
    fn input(&self) -> AppResult<MeetingInput> {
        MeetingInput::checked(
            &self.title,
            self.starts_at.timestamp_millis(),
            self.place.as_deref(),
            self.items_open.unwrap_or(true),
        )
        .map_err(refused)
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewMeetingRequest {
    /// The body's id (see the group's bodies).
    pub body: String,
    #[serde(flatten)]
    pub meeting: MeetingRequest,
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/meetings", tag = "governance",
    params(("group" = String, Path)),
    responses((status = 200, body = [MeetingSummary]), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list(
    data: FedData,
    Path(group): Path<String>,
) -> AppResult<Json<Vec<MeetingSummary>>> {
    let group = resolve::known_group(&data, &group).await?;
    let meetings = agenda::of_group(&data, &group).await?;
    Ok(Json(meetings.iter().map(MeetingSummary::new).collect()))
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/meetings", tag = "governance", security(("bearer" = [])),
    params(("group" = String, Path)), request_body = NewMeetingRequest,
    responses((status = 201, body = MeetingView), (status = 403, description = "moderators only", body = crate::error::ErrorBody),
        (status = 422, description = "a rule broken (no title, unknown body...)", body = crate::error::ErrorBody)))]
pub async fn create(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<NewMeetingRequest>,
) -> AppResult<(StatusCode, Json<MeetingView>)> {
    let input = body.meeting.input()?;
    let group = resolve::known_group(&data, &group).await?;
    let meeting = agenda::create_meeting(
        &data,
        &user.actor,
        &group,
        &body.body,
        input,
        body.meeting.event,
    )
    .await?;
    let details = agenda::details(&data, meeting.id).await?;
    Ok((StatusCode::CREATED, Json(MeetingView::new(&details))))
}

#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "governance",
    params(("id" = i64, Path)),
    responses((status = 200, body = MeetingView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get(data: FedData, Path(id): Path<i64>) -> AppResult<Json<MeetingView>> {
    Ok(Json(MeetingView::new(&agenda::details(&data, id).await?)))
}

#[utoipa::path(put, path = "/api/v1/meetings/{id}", tag = "governance", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = MeetingRequest,
    responses((status = 200, body = MeetingView), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MeetingRequest>,
) -> AppResult<Json<MeetingView>> {
    let input = body.input()?;
    agenda::update_meeting(&data, &user.actor, id, input, body.event).await?;
    Ok(Json(MeetingView::new(&agenda::details(&data, id).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct MinutesRequest {
    /// Markdown; empty clears them.
    pub minutes: String,
}

#[utoipa::path(put, path = "/api/v1/meetings/{id}/minutes", tag = "governance", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = MinutesRequest,
    responses((status = 200, body = MeetingView), (status = 403, body = crate::error::ErrorBody)))]
pub async fn minutes(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MinutesRequest>,
) -> AppResult<Json<MeetingView>> {
    agenda::set_minutes(&data, &user.actor, id, &body.minutes).await?;
    Ok(Json(MeetingView::new(&agenda::details(&data, id).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct ItemRequest {
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub text: String,
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/items", tag = "governance", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ItemRequest,
    responses((status = 201, body = ItemView), (status = 403, description = "members only", body = crate::error::ErrorBody),
        (status = 422, description = "agenda closed, no title...", body = crate::error::ErrorBody)))]
pub async fn propose(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ItemRequest>,
) -> AppResult<(StatusCode, Json<ItemView>)> {
    let input = ItemInput::checked(&body.title, &body.text).map_err(refused)?;
    let item = agenda::propose_item(&data, &user.actor, id, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(ItemView::new(&item, user.actor.acct())),
    ))
}

async fn item_view(data: &FedData, item: &ItemRow) -> AppResult<ItemView> {
    let details = agenda::details(data, item.meeting_id).await?;
    details
        .items
        .iter()
        .find(|d| d.row.id == item.id)
        .map(ItemView::of)
        .ok_or_else(|| AppError::not_found("no such agenda item"))
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionRequest {
    pub accepted: bool,
    /// Required when declining: the author reads it.
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/agenda-items/{id}/decision", tag = "governance", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = DecisionRequest,
    responses((status = 200, body = ItemView), (status = 403, description = "moderators only", body = crate::error::ErrorBody),
        (status = 422, description = "a decline without its reason", body = crate::error::ErrorBody)))]
pub async fn decide(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<DecisionRequest>,
) -> AppResult<Json<ItemView>> {
    let decision = Decision::checked(body.accepted, body.reason.as_deref()).map_err(refused)?;
    let item = agenda::decide_item(&data, &user.actor, id, decision).await?;
    Ok(Json(item_view(&data, &item).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct FollowUpRequest {
    /// What the meeting concluded (plain text); empty clears it.
    pub outcome: Option<String>,
    /// A proposal of the group (its id) the item led to or came from.
    pub proposal: Option<i64>,
}

#[utoipa::path(put, path = "/api/v1/agenda-items/{id}/follow-up", tag = "governance", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = FollowUpRequest,
    responses((status = 200, body = ItemView), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn follow_up(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<FollowUpRequest>,
) -> AppResult<Json<ItemView>> {
    let item = agenda::follow_up(
        &data,
        &user.actor,
        id,
        body.outcome.as_deref(),
        body.proposal,
    )
    .await?;
    Ok(Json(item_view(&data, &item).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct MoveRequest {
    /// `up` or `down`.
    pub direction: String,
}

#[utoipa::path(post, path = "/api/v1/agenda-items/{id}/move", tag = "governance", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = MoveRequest,
    responses((status = 200, body = MeetingView), (status = 400, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
pub async fn move_item(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MoveRequest>,
) -> AppResult<Json<MeetingView>> {
    let up = match body.direction.as_str() {
        "up" => true,
        "down" => false,
        other => {
            return Err(AppError::BadRequest(
                "invalid_field",
                format!("direction is up or down, not {other:?}"),
            ))
        }
    };
    agenda::move_item(&data, &user.actor, id, up).await?;
    let meeting = {
        let mut tx = data.db.read().await?;
        crate::storage::meetings::item_by_id(&mut tx, id)
            .await?
            .ok_or_else(|| AppError::not_found("no such agenda item"))?
            .meeting_id
    };
    Ok(Json(MeetingView::new(
        &agenda::details(&data, meeting).await?,
    )))
}
