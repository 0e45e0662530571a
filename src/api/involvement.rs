//! What a member receives from a group, over the API: their involvement level and how news
//! reaches them (`service::involvement`; the group page has the same form).

use axum::{extract::Path, Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiJson, CurrentUser};
use crate::{
    domain::involvement::{Channel, Level},
    error::{AppError, AppResult},
    federation::{resolve, FedData},
    service::involvement::{self, Involvement},
};

#[derive(Serialize, ToSchema)]
pub struct InvolvementView {
    /// `stay_informed` (decisions and assemblies), `take_part` (and proposals and events),
    /// `co_decide` (and deliberations and votes), `lead` (everything, posts included).
    pub level: String,
    /// `in_app`, `email_daily`, `email_weekly` or `none`. The email digests are refused with
    /// 422 `channel_unavailable` when the node sends no email (no SMTP server configured), and
    /// with 422 `email_missing` while the member has no email address (`PUT /api/v1/me/email`).
    pub channel: String,
    /// False while the member has not chosen (these are the defaults).
    pub chosen: bool,
}

impl From<Involvement> for InvolvementView {
    fn from(i: Involvement) -> Self {
        InvolvementView {
            level: i.level.as_str().into(),
            channel: i.channel.as_str().into(),
            chosen: i.chosen,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct InvolvementRequest {
    pub level: String,
    pub channel: String,
}

fn word<T>(raw: &str, parse: fn(&str) -> Option<T>, field: &str, choices: String) -> AppResult<T> {
    parse(raw).ok_or_else(|| {
        AppError::BadRequest(
            "invalid_field",
            format!("{field} is one of {choices}, not {raw:?}"),
        )
    })
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/involvement", tag = "notifications", security(("bearer" = [])),
    params(("group" = String, Path)),
    responses((status = 200, body = InvolvementView), (status = 403, description = "members only", body = crate::error::ErrorBody)))]
pub async fn get(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
) -> AppResult<Json<InvolvementView>> {
    let group = resolve::known_group(&data, &group).await?;
    Ok(Json(
        involvement::get(&data, &user.actor, &group).await?.into(),
    ))
}

#[utoipa::path(put, path = "/api/v1/groups/{group}/involvement", tag = "notifications", security(("bearer" = [])),
    params(("group" = String, Path)), request_body = InvolvementRequest,
    responses((status = 200, body = InvolvementView), (status = 400, body = crate::error::ErrorBody),
        (status = 403, description = "members only", body = crate::error::ErrorBody),
        (status = 422, description = "channel_unavailable: this node sends no email; email_missing: set your email address first", body = crate::error::ErrorBody)))]
pub async fn set(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<InvolvementRequest>,
) -> AppResult<Json<InvolvementView>> {
    let level = word(&body.level, Level::parse, "level", Level::choices())?;
    let channel = word(&body.channel, Channel::parse, "channel", Channel::choices())?;
    let group = resolve::known_group(&data, &group).await?;
    Ok(Json(
        involvement::set(&data, &user.actor, &group, level, channel)
            .await?
            .into(),
    ))
}
