//! Processes, proposals, supports and amendments.

use axum::{extract::Path, http::StatusCode, Json};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    decision_views::{AmendmentView, ProcessView, ProposalView},
    extract::{ApiJson, CurrentUser},
};
use crate::{
    domain::process::{ParticipationLevel, Phases, ProposalState},
    error::{AppError, AppResult},
    federation::{resolve, FedData},
    service::{self, processes::ProcessInput},
    storage::{self, actors::ActorRow},
};

#[derive(Deserialize, ToSchema)]
pub struct NewProcessRequest {
    pub title: String,
    /// Markdown.
    pub description: String,
    /// `information`, `consultation`, `concertation` or `co_decision`.
    pub participation: String,
    /// How the decision is made, in plain words (Markdown).
    pub decision_rule: String,
    /// Supports a proposal needs before it can go to the vote.
    pub support_threshold: Option<u32>,
    /// Results shown only after the close (default false).
    #[serde(default)]
    pub results_hidden: bool,
    /// The published roll shows each voter's choice (default false: only who voted).
    #[serde(default)]
    pub public_choices: bool,
    pub proposals_from: Option<DateTime<Utc>>,
    pub deliberation_from: Option<DateTime<Utc>>,
    pub vote_from: Option<DateTime<Utc>>,
    pub result_at: Option<DateTime<Utc>>,
}

fn millis(at: Option<DateTime<Utc>>) -> Option<i64> {
    at.map(|t| t.timestamp_millis())
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/processes", tag = "decisions", security(("bearer" = [])),
    params(("group" = String, Path)), request_body = NewProcessRequest,
    responses((status = 201, body = ProcessView), (status = 403, description = "moderators only", body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_process(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<NewProcessRequest>,
) -> AppResult<(StatusCode, Json<ProcessView>)> {
    let group = resolve::known_group(&data, &group).await?;
    let participation = ParticipationLevel::parse(&body.participation).ok_or_else(|| {
        AppError::BadRequest(
            "invalid_participation",
            "participation is information, consultation, concertation or co_decision".into(),
        )
    })?;
    let process = service::processes::create_process(
        &data,
        &user.actor,
        &group,
        ProcessInput {
            title: body.title,
            description: body.description,
            participation,
            decision_rule: body.decision_rule,
            support_threshold: body.support_threshold,
            results_hidden: body.results_hidden,
            public_choices: body.public_choices,
            phases: Phases {
                proposals_from: millis(body.proposals_from),
                deliberation_from: millis(body.deliberation_from),
                vote_from: millis(body.vote_from),
                result_at: millis(body.result_at),
            },
        },
    )
    .await?;
    let details = service::processes::process_details(&data, process.id, Some(&user.actor)).await?;
    Ok((StatusCode::CREATED, Json(ProcessView::detailed(&details))))
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/processes", tag = "decisions", params(("group" = String, Path)),
    responses((status = 200, body = [ProcessView])))]
pub async fn list_processes(
    data: FedData,
    Path(group): Path<String>,
) -> AppResult<Json<Vec<ProcessView>>> {
    let group = resolve::known_group(&data, &group).await?;
    let processes = service::processes::group_processes(&data, &group).await?;
    Ok(Json(
        processes
            .iter()
            .map(|p| ProcessView::new(p, &group.acct()))
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/processes/{id}", tag = "decisions", params(("id" = i64, Path)),
    responses((status = 200, body = ProcessView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_process(
    data: FedData,
    user: Option<CurrentUser>,
    Path(id): Path<i64>,
) -> AppResult<Json<ProcessView>> {
    let viewer = user.as_ref().map(|u| &u.actor);
    let details = service::processes::process_details(&data, id, viewer).await?;
    Ok(Json(ProcessView::detailed(&details)))
}

#[derive(Deserialize, ToSchema)]
pub struct NewProposalRequest {
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Keep it as a draft only its author sees (default false: published at once).
    #[serde(default)]
    pub draft: bool,
}

#[utoipa::path(post, path = "/api/v1/processes/{id}/proposals", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = NewProposalRequest,
    responses((status = 201, body = ProposalView), (status = 403, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn submit_proposal(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NewProposalRequest>,
) -> AppResult<(StatusCode, Json<ProposalView>)> {
    let proposal = service::processes::submit_proposal(
        &data,
        &user.actor,
        id,
        &body.title,
        &body.body,
        !body.draft,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(proposal_view(&data, proposal.id, Some(&user.actor)).await?),
    ))
}

/// The full view of a proposal, as `viewer` may see it.
pub async fn proposal_view(
    data: &FedData,
    id: i64,
    viewer: Option<&ActorRow>,
) -> AppResult<ProposalView> {
    let mut tx = data.db.read().await?;
    let ctx = service::processes::load_proposal(&mut tx, id).await?;
    if !service::processes::may_read(&ctx.proposal, viewer) {
        return Err(AppError::not_found("no such proposal"));
    }
    let support = service::supports::support_state(&mut tx, &ctx, viewer).await?;
    let amendments = storage::amendments::of_proposal(&mut tx, id).await?;
    let votes = storage::votes::votes_of_proposal(&mut tx, id).await?;
    let discussion = storage::posts::by_ap_id(&mut tx, &ctx.proposal.ap_id)
        .await?
        .filter(|p| p.deleted_at.is_none())
        .map(|p| p.id);
    let mut view = ProposalView::new(&ctx, support, &amendments, &votes, discussion);
    (view.escalated_from, view.escalated_to) = super::escalation::views(&mut tx, id).await?;
    Ok(view)
}

#[utoipa::path(get, path = "/api/v1/proposals/{id}", tag = "decisions", params(("id" = i64, Path)),
    responses((status = 200, body = ProposalView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_proposal(
    data: FedData,
    user: Option<CurrentUser>,
    Path(id): Path<i64>,
) -> AppResult<Json<ProposalView>> {
    let viewer = user.as_ref().map(|u| &u.actor);
    Ok(Json(proposal_view(&data, id, viewer).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct EditProposalRequest {
    pub title: String,
    /// Markdown.
    pub body: String,
}

/// The author rewrites their proposal (before the vote); followers get the new text.
#[utoipa::path(patch, path = "/api/v1/proposals/{id}", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = EditProposalRequest,
    responses((status = 200, body = ProposalView), (status = 403, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn edit_proposal(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<EditProposalRequest>,
) -> AppResult<Json<ProposalView>> {
    service::processes::edit_proposal(&data, &user.actor, id, &body.title, &body.body).await?;
    Ok(Json(proposal_view(&data, id, Some(&user.actor)).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct StateRequest {
    /// `published` (author, from a draft), `deliberation` (moderator), `withdrawn`
    /// (author), `accepted`/`rejected` (moderator, processes without votes), `implemented`
    /// (moderator, with `follow_up`).
    pub state: String,
    /// Markdown: how the decision was carried out.
    pub follow_up: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/proposals/{id}/state", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = StateRequest,
    responses((status = 200, body = ProposalView), (status = 403, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn change_state(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<StateRequest>,
) -> AppResult<Json<ProposalView>> {
    let state = ProposalState::parse(&body.state)
        .ok_or_else(|| AppError::BadRequest("invalid_state", "unknown proposal state".into()))?;
    service::processes::change_state(&data, &user.actor, id, state, body.follow_up.as_deref())
        .await?;
    Ok(Json(proposal_view(&data, id, Some(&user.actor)).await?))
}

#[utoipa::path(post, path = "/api/v1/proposals/{id}/supports", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = service::supports::SupportState), (status = 403, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn support(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<service::supports::SupportState>> {
    Ok(Json(
        service::supports::set_support(&data, &user.actor, id, true).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/proposals/{id}/supports", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = service::supports::SupportState), (status = 403, body = crate::error::ErrorBody)))]
pub async fn unsupport(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<service::supports::SupportState>> {
    Ok(Json(
        service::supports::set_support(&data, &user.actor, id, false).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct AmendmentRequest {
    /// The whole new text proposed (Markdown).
    pub body: String,
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/proposals/{id}/amendments", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = AmendmentRequest,
    responses((status = 201, body = AmendmentView), (status = 403, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn propose_amendment(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<AmendmentRequest>,
) -> AppResult<(StatusCode, Json<AmendmentView>)> {
    let amendment = service::amendments::propose_amendment(
        &data,
        &user.actor,
        id,
        &body.body,
        body.reason.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(AmendmentView::new(&amendment))))
}

#[utoipa::path(post, path = "/api/v1/amendments/{id}/accept", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = AmendmentView), (status = 403, description = "the proposal's author only", body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody)))]
pub async fn accept_amendment(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<AmendmentView>> {
    let amendment = service::amendments::decide_amendment(&data, &user.actor, id, true).await?;
    Ok(Json(AmendmentView::new(&amendment)))
}

#[utoipa::path(post, path = "/api/v1/amendments/{id}/decline", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = AmendmentView), (status = 403, description = "the proposal's author only", body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody)))]
pub async fn decline_amendment(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<AmendmentView>> {
    let amendment = service::amendments::decide_amendment(&data, &user.actor, id, false).await?;
    Ok(Json(AmendmentView::new(&amendment)))
}
