//! Calendar feeds (iCalendar) that calendar applications subscribe to: one event at
//! `/events/{id}.ics`, a group's upcoming and recent events at `/groups/{group}/calendar.ics`,
//! and a member's own events at the private `/calendar/{token}.ics`.

use axum::{
    extract::Path,
    http::{header, HeaderMap},
    response::{IntoResponse, Response},
};

use crate::{
    calendar::calendar,
    error::{AppError, AppResult},
    federation::{resolve, FedData},
    service,
    storage::{events::EventRow, now_millis},
};

/// How far back a group's feed reaches, so a calendar keeps last month's meetings.
const FEED_PAST_MS: i64 = 90 * 24 * 3600 * 1000;

pub(crate) fn ics(body: String, file: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{file}.ics\""),
            ),
        ],
        body,
    )
        .into_response()
}

fn page_of(data: &FedData) -> impl Fn(&EventRow) -> String + '_ {
    move |event| {
        data.urls
            .base()
            .join(&format!("/event/{}", event.id))
            .map(|u| u.to_string())
            .unwrap_or_default()
    }
}

/// `GET /events/{id}.ics`; without `.ics`, the path is an event's ActivityPub id.
pub async fn event_ics(
    data: FedData,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> AppResult<Response> {
    let Some(id) = file.strip_suffix(".ics") else {
        return crate::federation::event_routes::event_object(&data, &headers, &file).await;
    };
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::not_found("no such calendar"))?;
    let event = service::events::event(&data, id).await?;
    Ok(ics(
        calendar(&event.title, std::slice::from_ref(&event), page_of(&data)),
        &format!("event-{id}"),
    ))
}

/// `GET /groups/{group}/calendar.ics`.
pub async fn group_ics(data: FedData, Path(group): Path<String>) -> AppResult<Response> {
    let group = resolve::known_group(&data, &group).await?;
    let events = service::events::group_events(&data, &group, now_millis() - FEED_PAST_MS).await?;
    let name = group
        .display_name
        .clone()
        .unwrap_or_else(|| group.username.clone());
    Ok(ics(
        calendar(&name, &events, page_of(&data)),
        &group.username,
    ))
}

/// `GET /calendar/{token}.ics`: a member's private feed of the events they registered for,
/// opened by the secret in its address alone (calendar applications send no cookies).
pub async fn member_ics(data: FedData, Path(file): Path<String>) -> AppResult<Response> {
    let token = file
        .strip_suffix(".ics")
        .ok_or_else(|| AppError::not_found("no such calendar"))?;
    let (member, events) = service::calendar_feeds::feed(&data, token).await?;
    let name = member
        .display_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| member.username.clone());
    let mut response = ics(calendar(&name, &events, page_of(&data)), "maillon");
    // The address is the secret: keep it out of shared caches and referrers' logs.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}
