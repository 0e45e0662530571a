//! What peers fetch of meetings: our meeting's agenda at its id `/meetings/{uuid}` (the
//! `OrderedCollection` FEP-400e items target), and an item written here at
//! `/agenda-items/{uuid}` (its `Note`). Browsers are sent to the meeting's page.

use axum::{
    extract::Path,
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Router,
};

use super::{
    objects::meeting::item_document,
    routes::{activity_json, wants_activity_json},
    FedData,
};
use crate::{
    error::{AppError, AppResult},
    service::meeting_federation,
    storage,
};

pub fn router() -> Router {
    Router::new()
        .route("/meetings/{uuid}", get(meeting_object))
        .route("/agenda-items/{uuid}", get(item_object))
}

async fn meeting_object(
    data: FedData,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> AppResult<Response> {
    let not_found = || AppError::not_found("no such meeting");
    let ap_id = data
        .urls
        .base()
        .join(&format!("/meetings/{uuid}"))
        .map_err(|_| not_found())?;
    let mut tx = data.db.read().await?;
    let meeting = storage::meetings::by_ap_id(&mut tx, ap_id.as_str())
        .await?
        .filter(|m| m.local)
        .ok_or_else(not_found)?;
    if !wants_activity_json(&headers) {
        return Ok(Redirect::to(&format!("/meeting/{}", meeting.id)).into_response());
    }
    let group = storage::actors::by_id(&mut tx, meeting.group_id)
        .await?
        .ok_or_else(not_found)?;
    let document = meeting_federation::document(&mut tx, &data, &meeting, &group).await?;
    Ok(activity_json(document))
}

/// An item written by a member here, wherever its meeting is.
async fn item_object(
    data: FedData,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> AppResult<Response> {
    let not_found = || AppError::not_found("no such agenda item");
    let ap_id = data
        .urls
        .base()
        .join(&format!("/agenda-items/{uuid}"))
        .map_err(|_| not_found())?;
    let mut tx = data.db.read().await?;
    let item = storage::meetings::item_by_ap_id(&mut tx, ap_id.as_str())
        .await?
        .filter(|i| i.local)
        .ok_or_else(not_found)?;
    let meeting = storage::meetings::by_id(&mut tx, item.meeting_id)
        .await?
        .ok_or_else(not_found)?;
    if !wants_activity_json(&headers) {
        return Ok(Redirect::to(&format!("/meeting/{}", meeting.id)).into_response());
    }
    let group = storage::actors::by_id(&mut tx, meeting.group_id)
        .await?
        .ok_or_else(not_found)?;
    let author = storage::actors::by_id(&mut tx, item.author_id)
        .await?
        .ok_or_else(not_found)?;
    Ok(activity_json(item_document(
        &item,
        &author.ap_id,
        &meeting,
        &group.ap_id,
    )))
}
