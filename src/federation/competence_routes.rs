//! What peers fetch of competence sharing: an offer or a need at its id `/competences/{uuid}`
//! (the `Page` that opens its discussion, carrying the FEP-0837 `Proposal`). Browsers are sent
//! to its page.

use axum::{
    extract::Path,
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Router,
};

use super::{
    routes::{activity_json, wants_activity_json},
    FedData,
};
use crate::{
    error::{AppError, AppResult},
    service::{competence_publication::competence_json, competences},
    storage,
};

pub fn router() -> Router {
    Router::new().route("/competences/{uuid}", get(competence_document))
}

async fn competence_document(
    data: FedData,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> AppResult<Response> {
    let not_found = || AppError::not_found("no such offer or need");
    let ap_id = data
        .urls
        .base()
        .join(&format!("/competences/{uuid}"))
        .map_err(|_| not_found())?;
    let id = {
        let mut tx = data.db.read().await?;
        storage::competences::by_ap_id(&mut tx, ap_id.as_str())
            .await?
            .filter(|c| c.local)
            .ok_or_else(not_found)?
            .id
    };
    if !wants_activity_json(&headers) {
        return Ok(Redirect::to(&format!("/competence/{id}")).into_response());
    }
    // Hidden with its author (deleted or suspended): not found, as for the pages.
    let details = competences::details(&data, id).await?;
    let mut tx = data.db.read().await?;
    let post = match details.post_id {
        Some(post_id) => storage::posts::by_id(&mut tx, post_id).await?,
        None => None,
    }
    .ok_or_else(not_found)?;
    let json = competence_json(&mut tx, &details, &post).await?;
    Ok(activity_json(
        serde_json::to_value(json).map_err(anyhow::Error::from)?,
    ))
}
