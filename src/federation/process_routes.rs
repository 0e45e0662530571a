//! What peers fetch of participation: a proposal at its id (the `Page` that opens its
//! discussion, with the process and its state) and a process at its id (an
//! `OrderedCollection` of its published proposals). Browsers are sent to the pages.

use axum::{
    extract::Path,
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Router,
};

use super::{
    objects::process::ProcessJson,
    routes::{activity_json, wants_activity_json},
    FedData,
};
use crate::{
    domain::process::ProposalState,
    error::{AppError, AppResult},
    service::{
        processes::{load_proposal, state_of},
        proposal_publication::proposal_json,
    },
    storage,
};

pub fn router() -> Router {
    Router::new()
        .route("/proposals/{uuid}", get(proposal_document))
        .route("/processes/{uuid}", get(process_document))
}

fn local_id(data: &FedData, collection: &str, uuid: &str) -> AppResult<String> {
    data.urls
        .base()
        .join(&format!("/{collection}/{uuid}"))
        .map(|u| u.to_string())
        .map_err(|_| AppError::not_found("no such object"))
}

async fn proposal_document(
    data: FedData,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> AppResult<Response> {
    let ap_id = local_id(&data, "proposals", &uuid)?;
    let mut tx = data.db.read().await?;
    let proposal = storage::processes::proposal_by_ap_id(&mut tx, &ap_id)
        .await?
        .filter(|p| p.local && state_of(p) != ProposalState::Draft)
        .ok_or_else(|| AppError::not_found("no such proposal"))?;
    if !wants_activity_json(&headers) {
        return Ok(Redirect::to(&format!("/proposal/{}", proposal.id)).into_response());
    }
    let ctx = load_proposal(&mut tx, proposal.id).await?;
    let post = storage::posts::by_ap_id(&mut tx, &ap_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such proposal"))?;
    let json = proposal_json(&mut tx, &ctx, &post).await?;
    Ok(activity_json(
        serde_json::to_value(json).map_err(anyhow::Error::from)?,
    ))
}

async fn process_document(
    data: FedData,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> AppResult<Response> {
    let ap_id = local_id(&data, "processes", &uuid)?;
    let mut tx = data.db.read().await?;
    let process = storage::processes::process_by_ap_id(&mut tx, &ap_id)
        .await?
        .filter(|p| p.local)
        .ok_or_else(|| AppError::not_found("no such process"))?;
    if !wants_activity_json(&headers) {
        return Ok(Redirect::to(&format!("/process/{}", process.id)).into_response());
    }
    let group = storage::actors::by_id(&mut tx, process.group_id)
        .await?
        .ok_or_else(|| AppError::not_found("the process's group is gone"))?;
    let proposals: Vec<String> =
        storage::processes::proposals_of_process(&mut tx, process.id, None)
            .await?
            .into_iter()
            .filter(|p| p.state != ProposalState::Draft.as_str())
            .map(|p| p.ap_id)
            .collect();
    Ok(activity_json(
        ProcessJson::from_local(&process, &group).collection(&proposals),
    ))
}
