//! A member's notifications over the API: list them (newest first) and mark them read. The
//! same service feeds the notifications page.

use axum::{extract::Query, Json};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{extract::CurrentUser, views::time};
use crate::{error::AppResult, federation::FedData, service::notifications};

#[derive(Serialize, ToSchema)]
pub struct NotificationView {
    pub id: i64,
    /// `need_matches_offer`: a need (here or on another node) matches one of your offers;
    /// `competence_answered`: someone replied to your offer or need.
    pub kind: String,
    /// The ActivityPub id of what it is about (the need).
    pub subject: String,
    /// The ActivityPub id of what of yours it concerns (your offer).
    pub about: String,
    pub title: String,
    /// The page of the subject on this node.
    pub page: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub read: bool,
}

#[derive(Serialize, ToSchema)]
pub struct NotificationList {
    pub unread: i64,
    pub items: Vec<NotificationView>,
}

#[derive(Deserialize, IntoParams)]
pub struct NotificationQuery {
    /// Only unread ones.
    #[serde(default)]
    pub unread: bool,
}

#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "notifications", security(("bearer" = [])),
    params(NotificationQuery),
    responses((status = 200, body = NotificationList), (status = 401, body = crate::error::ErrorBody)))]
pub async fn list(
    data: FedData,
    user: CurrentUser,
    Query(query): Query<NotificationQuery>,
) -> AppResult<Json<NotificationList>> {
    let (items, unread) = notifications::list(&data, &user.actor, query.unread).await?;
    Ok(Json(NotificationList {
        unread,
        items: items
            .into_iter()
            .map(|n| NotificationView {
                id: n.row.id,
                kind: n.row.kind,
                subject: n.row.subject_ap_id,
                about: n.row.about_ap_id,
                title: n.row.title,
                page: n.page,
                created_at: time(n.row.created_at),
                read: n.row.read_at.is_some(),
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct MarkRead {
    /// Marks read the notifications up to this id; all of them when absent.
    pub up_to: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct MarkedRead {
    pub marked: u64,
}

#[utoipa::path(post, path = "/api/v1/me/notifications/read", tag = "notifications", security(("bearer" = [])),
    request_body = MarkRead,
    responses((status = 200, body = MarkedRead), (status = 401, body = crate::error::ErrorBody)))]
pub async fn mark_read(
    data: FedData,
    user: CurrentUser,
    body: Option<Json<MarkRead>>,
) -> AppResult<Json<MarkedRead>> {
    let up_to = body.and_then(|Json(b)| b.up_to);
    let marked = notifications::mark_read(&data, &user.actor, up_to).await?;
    Ok(Json(MarkedRead { marked }))
}
