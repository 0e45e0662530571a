//! Escalation in the API: a moderator of an antenna takes one of its proposals up to a
//! network group (`POST /api/v1/proposals/{id}/escalation`, through `service::escalation`),
//! and the proposal views say where a proposal went (`escalated_to`) and where a network
//! proposal comes from (`escalated_from`).

use axum::{extract::Path, http::StatusCode, Json};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, CurrentUser},
    views::time,
};
use crate::{
    error::{AppError, AppResult},
    federation::FedData,
    service::escalation::{self, EscalationTarget},
    storage::Tx,
};

/// Where a network proposal comes from: an antenna's own proposal.
#[derive(Serialize, ToSchema)]
pub struct EscalatedFromView {
    /// The antenna's proposal (its address, on the antenna's node).
    pub url: String,
    /// Its id on this node, when this node keeps it (`GET /api/v1/proposals/{id}`).
    pub proposal_id: Option<i64>,
    /// Its title when it went up.
    pub title: String,
    /// The antenna group, which wrote the network proposal.
    pub group: String,
    /// The antenna's word of context.
    pub note: Option<String>,
}

/// Where an antenna's proposal went: the network proposal, and what the network decided.
#[derive(Serialize, ToSchema)]
pub struct EscalatedToView {
    /// The network proposal's id on this node.
    pub proposal_id: i64,
    pub url: String,
    /// The network group.
    pub network: String,
    pub process_id: i64,
    pub process_title: String,
    /// The network proposal's state, as the network's node last said it (its decision, once
    /// taken: `accepted`, `rejected`...).
    pub state: String,
    pub escalated_at: Option<DateTime<Utc>>,
}

impl EscalatedToView {
    fn new(target: &EscalationTarget) -> Self {
        EscalatedToView {
            proposal_id: target.proposal.id,
            url: target.proposal.ap_id.clone(),
            network: target.network.acct(),
            process_id: target.process.id,
            process_title: target.process.title.clone(),
            state: target.proposal.state.clone(),
            escalated_at: time(target.row.created_at),
        }
    }
}

/// Both sides of a proposal's escalations, for its view.
pub async fn views(
    tx: &mut Tx,
    proposal_id: i64,
) -> AppResult<(Option<EscalatedFromView>, Vec<EscalatedToView>)> {
    let from = escalation::origin_of(tx, proposal_id)
        .await?
        .map(|o| EscalatedFromView {
            url: o.row.source_ap_id,
            proposal_id: o.row.source_id,
            title: o.row.source_title,
            group: o.antenna.acct(),
            note: o.row.note,
        });
    let to = escalation::targets_of(tx, proposal_id)
        .await?
        .iter()
        .map(EscalatedToView::new)
        .collect();
    Ok((from, to))
}

#[derive(Deserialize, ToSchema)]
pub struct EscalationRequest {
    /// The network's process: its id on this node (a number) or its address (a URL). A
    /// process of another node not known here yet is fetched from its server.
    #[schema(value_type = Object)]
    pub process: Value,
    /// A word of context from the antenna (plain text, at most 1000 characters).
    pub note: Option<String>,
}

/// A moderator of the proposal's group (an antenna) takes the proposal up to a network group
/// the antenna is an accepted member of, into one of its open processes. The new network
/// proposal is the antenna group's, written here and sent to the network's node.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/escalation", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = EscalationRequest,
    responses((status = 201, body = EscalatedToView),
        (status = 403, description = "not a moderator of the antenna, or the antenna is not a member of the network", body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
        (status = 409, description = "the proposal went up to this network already", body = crate::error::ErrorBody),
        (status = 422, description = "process closed or unknown, draft, not a proposal of this node", body = crate::error::ErrorBody)))]
pub async fn escalate(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<EscalationRequest>,
) -> AppResult<(StatusCode, Json<EscalatedToView>)> {
    let process = match &body.process {
        Value::Number(n) if n.is_i64() => n.to_string(),
        Value::String(s) => s.clone(),
        _ => {
            return Err(AppError::BadRequest(
                "invalid_process",
                "process is the process's id here (a number) or its address".into(),
            ))
        }
    };
    let done = escalation::escalate(&data, &user.actor, id, &process, body.note.as_deref()).await?;
    let mut tx = data.db.read().await?;
    let view = escalation::targets_of(&mut tx, id)
        .await?
        .iter()
        .find(|t| t.proposal.id == done.proposal.id)
        .map(EscalatedToView::new)
        .ok_or_else(|| AppError::not_found("the network proposal is gone"))?;
    Ok((StatusCode::CREATED, Json(view)))
}
