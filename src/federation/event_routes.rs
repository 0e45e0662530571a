//! What peers fetch of an event: our event at its id `/events/{uuid}` (the public `Event`,
//! without the online link). Browsers are sent to its page. The same path with `.ics` is the
//! event's calendar file (`web::calendars`), which hands the other requests over to here.

use axum::{
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};

use super::{
    routes::{activity_json, wants_activity_json},
    FedData,
};
use crate::{
    error::{AppError, AppResult},
    service::event_federation::event_document,
    storage,
};

/// `GET /events/{uuid}`.
pub async fn event_object(data: &FedData, headers: &HeaderMap, uuid: &str) -> AppResult<Response> {
    let ap_id = data
        .urls
        .base()
        .join(&format!("/events/{uuid}"))
        .map_err(|_| AppError::not_found("no such event"))?;
    let mut tx = data.db.read().await?;
    let event = storage::events::event_by_ap_id(&mut tx, ap_id.as_str())
        .await?
        .filter(|e| e.local)
        .ok_or_else(|| AppError::not_found("no such event"))?;
    if !wants_activity_json(headers) {
        return Ok(Redirect::to(&format!("/event/{}", event.id)).into_response());
    }
    let group = storage::actors::by_id(&mut tx, event.group_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such event"))?;
    let document = event_document(&mut tx, data, &event, &group, false).await?;
    Ok(activity_json(
        serde_json::to_value(document).map_err(anyhow::Error::from)?,
    ))
}
