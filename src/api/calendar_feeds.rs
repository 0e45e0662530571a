//! The member's private calendar address over the API: read it, or reset it so that the old
//! one stops working (the same service as the "My events" page).

use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::extract::CurrentUser;
use crate::{error::AppResult, federation::FedData, service::calendar_feeds};

#[derive(Serialize, ToSchema)]
pub struct CalendarFeedView {
    /// The iCalendar feed of the events you registered for; calendar applications subscribe
    /// to it without logging in, so keep it to yourself.
    pub url: String,
}

#[utoipa::path(get, path = "/api/v1/me/calendar", tag = "events", security(("bearer" = [])),
    responses((status = 200, description = "your private calendar address (made on first use)", body = CalendarFeedView),
        (status = 401, body = crate::error::ErrorBody)))]
pub async fn get_feed(data: FedData, user: CurrentUser) -> AppResult<Json<CalendarFeedView>> {
    let token = calendar_feeds::token(&data, &user.account).await?;
    Ok(Json(CalendarFeedView {
        url: calendar_feeds::feed_url(&data, &token),
    }))
}

#[utoipa::path(post, path = "/api/v1/me/calendar/reset", tag = "events", security(("bearer" = [])),
    responses((status = 200, description = "a new address; the previous one no longer works", body = CalendarFeedView),
        (status = 401, body = crate::error::ErrorBody)))]
pub async fn reset_feed(data: FedData, user: CurrentUser) -> AppResult<Json<CalendarFeedView>> {
    let token = calendar_feeds::reset(&data, &user.account).await?;
    Ok(Json(CalendarFeedView {
        url: calendar_feeds::feed_url(&data, &token),
    }))
}
