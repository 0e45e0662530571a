//! The aggregator in the JSON API: the groups this node indexes (admins only,
//! `/api/v1/admin/aggregated-groups`), and the network calendar (`GET /api/v1/events`, anyone).
//! Handlers read and answer; `service::aggregation` and `service::network_calendar` decide.

use axum::{
    extract::{rejection::QueryRejection, Path, Query},
    http::StatusCode,
    Json,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiJson, CurrentUser},
    views::time,
};
use crate::{
    error::{AppError, AppResult},
    federation::FedData,
    service::{
        aggregation,
        network_calendar::{self, CalendarEvent, RawCalendarQuery},
    },
    storage::aggregation::AggregatedGroup,
};

fn admin_only(user: &CurrentUser) -> AppResult<()> {
    if user.account.is_admin {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "only the node's admins choose the groups it aggregates",
        ))
    }
}

#[derive(Serialize, ToSchema)]
pub struct AggregatedGroupView {
    /// `name@domain`.
    pub handle: String,
    /// The group's actor id, on its own node.
    pub url: String,
    pub name: Option<String>,
    /// `pending` (its answer, or its moderators', is awaited), `accepted` or `rejected`.
    pub state: String,
    pub added_at: Option<DateTime<Utc>>,
    /// When the group last sent this node something; `null` before anything arrived.
    pub last_activity: Option<DateTime<Utc>>,
}

impl AggregatedGroupView {
    fn new(g: &AggregatedGroup) -> AggregatedGroupView {
        AggregatedGroupView {
            handle: format!("{}@{}", g.username, g.domain),
            url: g.ap_id.clone(),
            name: g.display_name.clone(),
            state: g.state.clone(),
            added_at: time(g.added_at),
            last_activity: g.last_activity.and_then(time),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/admin/aggregated-groups", tag = "aggregation", security(("bearer" = [])),
    responses((status = 200, description = "the groups this node follows to index them, by node", body = [AggregatedGroupView]),
        (status = 403, description = "not an admin", body = crate::error::ErrorBody)))]
pub async fn list(data: FedData, user: CurrentUser) -> AppResult<Json<Vec<AggregatedGroupView>>> {
    admin_only(&user)?;
    let groups = aggregation::list(&data).await?;
    Ok(Json(groups.iter().map(AggregatedGroupView::new).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct AggregateRequest {
    /// Handles of groups of other nodes (`@rennes@coop.example`), 1 to 100.
    pub handles: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AggregateAnswer {
    pub handle: String,
    /// `pending` or `accepted`.
    pub state: String,
    /// It was listed already: nothing was sent again.
    pub already: bool,
}

#[utoipa::path(post, path = "/api/v1/admin/aggregated-groups", tag = "aggregation", security(("bearer" = [])),
    request_body = AggregateRequest,
    responses((status = 200, description = "each group, in the order given", body = [AggregateAnswer]),
        (status = 400, description = "no handle, too many, or one not written as a handle", body = crate::error::ErrorBody),
        (status = 403, description = "not an admin", body = crate::error::ErrorBody),
        (status = 404, description = "a handle names no one: nothing was added", body = crate::error::ErrorBody),
        (status = 422, description = "a handle names a person or a group of this node: nothing was added", body = crate::error::ErrorBody)))]
pub async fn add(
    data: FedData,
    user: CurrentUser,
    ApiJson(body): ApiJson<AggregateRequest>,
) -> AppResult<Json<Vec<AggregateAnswer>>> {
    admin_only(&user)?;
    let added = aggregation::add(&data, &body.handles).await?;
    Ok(Json(
        added
            .into_iter()
            .map(|a| AggregateAnswer {
                handle: a.group.acct(),
                state: a.state,
                already: a.already,
            })
            .collect(),
    ))
}

#[utoipa::path(delete, path = "/api/v1/admin/aggregated-groups/{handle}", tag = "aggregation", security(("bearer" = [])),
    params(("handle" = String, Path, description = "`name@domain`")),
    responses((status = 204, description = "no longer followed; what was kept stays searchable"),
        (status = 403, description = "not an admin", body = crate::error::ErrorBody),
        (status = 404, description = "not among the aggregated groups", body = crate::error::ErrorBody)))]
pub async fn remove(
    data: FedData,
    user: CurrentUser,
    Path(handle): Path<String>,
) -> AppResult<StatusCode> {
    admin_only(&user)?;
    aggregation::remove(&data, &handle).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
pub struct CalendarParams {
    /// First day (`YYYY-MM-DD`, UTC); today when absent.
    pub from: Option<String>,
    /// Last day, included; 90 days after `from` when absent, at most 366 days after it.
    pub to: Option<String>,
    /// A group (antenna): local name or `name@domain`.
    pub group: Option<String>,
    /// Only events of this node: `host` or `host:port`.
    pub origin: Option<String>,
    /// `assembly`, `drop_in`, `training`, `meetup`, `coworking` or `other`.
    pub category: Option<String>,
}

impl From<CalendarParams> for RawCalendarQuery {
    fn from(p: CalendarParams) -> RawCalendarQuery {
        RawCalendarQuery {
            from: p.from,
            to: p.to,
            group: p.group,
            origin: p.origin,
            category: p.category,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NetworkEventView {
    /// Its id in this node's API (`/api/v1/events/{id}`).
    pub id: i64,
    /// Its ActivityPub id: the link to it on its own node.
    pub url: String,
    /// Its page on this node.
    pub page: String,
    pub title: String,
    pub category: String,
    /// `confirmed`, `tentative`, `cancelled`...
    pub status: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    /// The organizers' time zone (IANA name).
    pub timezone: String,
    pub place: Option<String>,
    /// `name@domain` of its group.
    pub group: String,
    pub group_name: String,
    /// The node it comes from (`host` or `host:port`).
    pub origin: String,
}

impl NetworkEventView {
    pub fn new(e: &CalendarEvent) -> NetworkEventView {
        let ev = &e.event;
        let place = [ev.place_name.as_deref(), ev.place_address.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        NetworkEventView {
            id: ev.id,
            url: ev.ap_id.clone(),
            page: format!("/event/{}", ev.id),
            title: ev.title.clone(),
            category: ev.category.clone(),
            status: ev.status.clone(),
            starts_at: time(ev.starts_at),
            ends_at: time(ev.ends_at),
            timezone: ev.timezone.clone(),
            place: Some(place).filter(|p| !p.is_empty()),
            group: e.group.clone(),
            group_name: e.group_name.clone(),
            origin: e.origin.clone(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(CalendarParams),
    responses((status = 200, description = "the network calendar: events of every group known here, local and followed, soonest first (at most 500)", body = [NetworkEventView]),
        (status = 400, description = "a field not as described", body = crate::error::ErrorBody),
        (status = 404, description = "the group is not known here", body = crate::error::ErrorBody)))]
pub async fn calendar(
    data: FedData,
    params: Result<Query<CalendarParams>, QueryRejection>,
) -> AppResult<Json<Vec<NetworkEventView>>> {
    let Query(params) =
        params.map_err(|e| AppError::BadRequest("invalid_query_string", e.body_text()))?;
    let query = network_calendar::parse(&params.into(), network_calendar::today())?;
    let events = network_calendar::events(&data, &query).await?;
    Ok(Json(events.iter().map(NetworkEventView::new).collect()))
}
