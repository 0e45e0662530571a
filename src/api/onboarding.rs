//! Welcoming newcomers over the API: a group's "who we are" page (`service::group_about`) and
//! its onboarding path with the member's own progress (`service::onboarding`). The web pages
//! call the same services.

use axum::{extract::Path, http::StatusCode, Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, CurrentUser},
    views::time,
};
use crate::{
    domain::onboarding::{AboutInput, StepInput, StepLink},
    error::AppResult,
    federation::{resolve, FedData},
    service::{
        group_about,
        onboarding::{self, MyPath, Step},
    },
    storage::{actors::ActorRow, group_about::AboutRow},
};

#[derive(Serialize, ToSchema)]
pub struct AboutView {
    /// False until the moderators write the page (the parts are then empty).
    pub written: bool,
    /// Sanitized HTML of each part, and its Markdown source.
    pub who_we_are: String,
    pub who_we_are_source: String,
    pub what_we_do: String,
    pub what_we_do_source: String,
    pub how_to_take_part: String,
    pub how_to_take_part_source: String,
    /// The statutes in plain words ("nos statuts en clair").
    pub statutes_summary: String,
    pub statutes_summary_source: String,
    /// RFC 3339, when last written.
    pub updated_at: Option<String>,
    /// The page on the web.
    pub page: String,
}

fn about_view(data: &FedData, group: &ActorRow, row: Option<AboutRow>) -> AboutView {
    let page = data
        .urls
        .base()
        .join(&format!("/groups/{}/about", group.username));
    let page = page.map(|u| u.to_string()).unwrap_or_default();
    match row {
        Some(r) => AboutView {
            written: true,
            who_we_are: r.who_we_are,
            who_we_are_source: r.who_we_are_source,
            what_we_do: r.what_we_do,
            what_we_do_source: r.what_we_do_source,
            how_to_take_part: r.how_to_take_part,
            how_to_take_part_source: r.how_to_take_part_source,
            statutes_summary: r.statutes_summary,
            statutes_summary_source: r.statutes_summary_source,
            updated_at: time(r.updated_at).map(|t| t.to_rfc3339()),
            page,
        },
        None => AboutView {
            written: false,
            who_we_are: String::new(),
            who_we_are_source: String::new(),
            what_we_do: String::new(),
            what_we_do_source: String::new(),
            how_to_take_part: String::new(),
            how_to_take_part_source: String::new(),
            statutes_summary: String::new(),
            statutes_summary_source: String::new(),
            updated_at: None,
            page,
        },
    }
}

/// The four parts, in Markdown; a part left out or empty is not shown.
#[derive(Deserialize, ToSchema)]
pub struct AboutRequest {
    #[serde(default)]
    pub who_we_are: String,
    #[serde(default)]
    pub what_we_do: String,
    #[serde(default)]
    pub how_to_take_part: String,
    #[serde(default)]
    pub statutes_summary: String,
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/about", tag = "onboarding",
    params(("group" = String, Path)),
    responses((status = 200, body = AboutView),
        (status = 404, description = "no such group of this node", body = crate::error::ErrorBody)))]
pub async fn get_about(data: FedData, Path(group): Path<String>) -> AppResult<Json<AboutView>> {
    let group = resolve::known_group(&data, &group).await?;
    let row = group_about::get(&data, &group).await?;
    Ok(Json(about_view(&data, &group, row)))
}

#[utoipa::path(put, path = "/api/v1/groups/{group}/about", tag = "onboarding", security(("bearer" = [])),
    params(("group" = String, Path)), request_body = AboutRequest,
    responses((status = 200, body = AboutView), (status = 401, body = crate::error::ErrorBody),
        (status = 403, description = "moderators only", body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
        (status = 422, description = "empty_about, about_too_long", body = crate::error::ErrorBody)))]
pub async fn put_about(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<AboutRequest>,
) -> AppResult<Json<AboutView>> {
    let group = resolve::known_group(&data, &group).await?;
    let input = AboutInput {
        who_we_are: body.who_we_are,
        what_we_do: body.what_we_do,
        how_to_take_part: body.how_to_take_part,
        statutes_summary: body.statutes_summary,
    };
    let row = group_about::save(&data, &user.actor, &group, &input).await?;
    Ok(Json(about_view(&data, &group, Some(row))))
}

#[derive(Serialize, ToSchema)]
pub struct StepView {
    pub id: i64,
    /// 1 for the first step.
    pub position: i64,
    pub title: String,
    /// Sanitized HTML, and its Markdown source.
    pub description: String,
    pub description_source: String,
    /// `read`, `meet`, `attend` or `other`.
    pub kind: String,
    /// `about`, `event`, `url`, or null.
    pub link: Option<String>,
    pub event_id: Option<i64>,
    /// Where the link goes (the about page, the event's page, or the address).
    pub href: Option<String>,
    /// Whether the step completes itself: a `read` step linking to the about page (when the
    /// member opens it) or an `attend` step linking to an event (a confirmed registration).
    pub automatic: bool,
    /// Members who completed it: for moderators only, null otherwise.
    pub completed_by: Option<i64>,
}

fn step_view(data: &FedData, group: &ActorRow, step: &Step, completed_by: Option<i64>) -> StepView {
    let href = step.link.as_ref().map(|link| match link {
        StepLink::About => format!("/groups/{}/about", group.username),
        StepLink::Event(id) => format!("/event/{id}"),
        StepLink::Url(url) => url.clone(),
    });
    let href = href.map(|h| {
        if h.starts_with('/') {
            data.urls
                .base()
                .join(&h)
                .map(|u| u.to_string())
                .unwrap_or(h)
        } else {
            h
        }
    });
    StepView {
        id: step.row.id,
        position: step.row.position + 1,
        title: step.row.title.clone(),
        description: step.row.description.clone(),
        description_source: step.row.description_source.clone(),
        kind: step.kind.as_str().into(),
        link: step.link.as_ref().map(|l| l.kind().as_str().to_string()),
        event_id: match step.link {
            Some(StepLink::Event(id)) => Some(id),
            _ => None,
        },
        href,
        automatic: crate::domain::onboarding::auto_done(step.kind, step.link.as_ref()).is_some(),
        completed_by,
    }
}

#[derive(Deserialize, ToSchema)]
pub struct StepRequest {
    pub title: String,
    /// Markdown, a paragraph or two.
    #[serde(default)]
    pub description: String,
    /// `read`, `meet`, `attend` or `other`.
    pub kind: String,
    /// `about`, `event` (with `event_id`, an event of the group), `url` (with `url`, http or
    /// https only), or absent for no link.
    pub link: Option<String>,
    pub event_id: Option<i64>,
    pub url: Option<String>,
    /// On PUT: move the step to this place (1 for first).
    pub position: Option<i64>,
}

impl StepRequest {
    fn input(&self) -> StepInput {
        StepInput {
            title: self.title.clone(),
            description: self.description.clone(),
            kind: self.kind.clone(),
            link: self.link.clone().unwrap_or_default(),
            event_id: self.event_id,
            url: self.url.clone().unwrap_or_default(),
        }
    }
}

/// The counts when the reader moderates the group, else nothing.
async fn counts_for(
    data: &FedData,
    user: Option<&CurrentUser>,
    group: &ActorRow,
) -> AppResult<Option<std::collections::HashMap<i64, i64>>> {
    let Some(user) = user else {
        return Ok(None);
    };
    match onboarding::completion_counts(data, &user.actor, group).await {
        Ok(counts) => Ok(Some(counts)),
        Err(crate::error::AppError::Forbidden(..)) => Ok(None),
        Err(e) => Err(e),
    }
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/onboarding/steps", tag = "onboarding",
    params(("group" = String, Path)),
    responses((status = 200, body = [StepView]), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_steps(
    data: FedData,
    user: Option<CurrentUser>,
    Path(group): Path<String>,
) -> AppResult<Json<Vec<StepView>>> {
    let group = resolve::known_group(&data, &group).await?;
    let steps = onboarding::steps(&data, &group).await?;
    let counts = counts_for(&data, user.as_ref(), &group).await?;
    Ok(Json(
        steps
            .iter()
            .map(|s| {
                let count = counts
                    .as_ref()
                    .map(|c| c.get(&s.row.id).copied().unwrap_or(0));
                step_view(&data, &group, s, count)
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/onboarding/steps", tag = "onboarding", security(("bearer" = [])),
    params(("group" = String, Path)), request_body = StepRequest,
    responses((status = 201, body = StepView), (status = 401, body = crate::error::ErrorBody),
        (status = 403, description = "moderators only", body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
        (status = 422, description = "empty_title, title_too_long, description_too_long, invalid_kind, invalid_link_kind, missing_event, unknown_event, invalid_url, too_many_steps", body = crate::error::ErrorBody)))]
pub async fn create_step(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<StepRequest>,
) -> AppResult<(StatusCode, Json<StepView>)> {
    let group = resolve::known_group(&data, &group).await?;
    let step = onboarding::create_step(&data, &user.actor, &group, &body.input()).await?;
    Ok((
        StatusCode::CREATED,
        Json(step_view(&data, &group, &step, Some(0))),
    ))
}

#[utoipa::path(put, path = "/api/v1/groups/{group}/onboarding/steps/{id}", tag = "onboarding", security(("bearer" = [])),
    params(("group" = String, Path), ("id" = i64, Path)), request_body = StepRequest,
    responses((status = 200, body = StepView), (status = 401, body = crate::error::ErrorBody),
        (status = 403, description = "moderators only", body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_step(
    data: FedData,
    user: CurrentUser,
    Path((group, id)): Path<(String, i64)>,
    ApiJson(body): ApiJson<StepRequest>,
) -> AppResult<Json<StepView>> {
    let group = resolve::known_group(&data, &group).await?;
    let position = body
        .position
        .map(|p| usize::try_from(p.max(1) - 1).unwrap_or(0));
    let step =
        onboarding::update_step(&data, &user.actor, &group, id, &body.input(), position).await?;
    let counts = onboarding::completion_counts(&data, &user.actor, &group).await?;
    let count = counts.get(&id).copied().unwrap_or(0);
    Ok(Json(step_view(&data, &group, &step, Some(count))))
}

#[utoipa::path(delete, path = "/api/v1/groups/{group}/onboarding/steps/{id}", tag = "onboarding", security(("bearer" = [])),
    params(("group" = String, Path), ("id" = i64, Path)),
    responses((status = 204, description = "removed"), (status = 401, body = crate::error::ErrorBody),
        (status = 403, description = "moderators only", body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete_step(
    data: FedData,
    user: CurrentUser,
    Path((group, id)): Path<(String, i64)>,
) -> AppResult<StatusCode> {
    let group = resolve::known_group(&data, &group).await?;
    onboarding::delete_step(&data, &user.actor, &group, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct MyStepView {
    #[serde(flatten)]
    pub step: StepView,
    pub done: bool,
    /// `marked` (by the member), `about_read` (the about page opened) or
    /// `event_registration` (a confirmed registration to the linked event); null if not done.
    pub done_how: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MyPathView {
    pub steps: Vec<MyStepView>,
    pub done: usize,
    pub total: usize,
    pub complete: bool,
}

fn path_view(data: &FedData, group: &ActorRow, path: MyPath) -> MyPathView {
    MyPathView {
        done: path.progress.done,
        total: path.progress.total,
        complete: path.progress.complete(),
        steps: path
            .steps
            .iter()
            .map(|(step, done)| MyStepView {
                step: step_view(data, group, step, None),
                done: done.is_some(),
                done_how: done.map(|h| h.as_str().to_string()),
            })
            .collect(),
    }
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/onboarding/me", tag = "onboarding", security(("bearer" = [])),
    params(("group" = String, Path)),
    responses((status = 200, body = MyPathView), (status = 401, body = crate::error::ErrorBody),
        (status = 403, description = "members of this node only", body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn my_path(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
) -> AppResult<Json<MyPathView>> {
    let group = resolve::known_group(&data, &group).await?;
    let path = onboarding::my_path(&data, &user.actor, &group).await?;
    Ok(Json(path_view(&data, &group, path)))
}

#[utoipa::path(put, path = "/api/v1/groups/{group}/onboarding/steps/{id}/done", tag = "onboarding", security(("bearer" = [])),
    params(("group" = String, Path), ("id" = i64, Path)),
    responses((status = 200, description = "the member's path afterwards", body = MyPathView),
        (status = 401, body = crate::error::ErrorBody),
        (status = 403, description = "members of this node only", body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn mark_done(
    data: FedData,
    user: CurrentUser,
    Path((group, id)): Path<(String, i64)>,
) -> AppResult<Json<MyPathView>> {
    let group = resolve::known_group(&data, &group).await?;
    let path = onboarding::set_done(&data, &user.actor, &group, id, true).await?;
    Ok(Json(path_view(&data, &group, path)))
}

#[utoipa::path(delete, path = "/api/v1/groups/{group}/onboarding/steps/{id}/done", tag = "onboarding", security(("bearer" = [])),
    params(("group" = String, Path), ("id" = i64, Path)),
    responses((status = 200, description = "the member's path afterwards (a step done through an event registration stays done)", body = MyPathView),
        (status = 401, body = crate::error::ErrorBody),
        (status = 403, description = "members of this node only", body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn unmark_done(
    data: FedData,
    user: CurrentUser,
    Path((group, id)): Path<(String, i64)>,
) -> AppResult<Json<MyPathView>> {
    let group = resolve::known_group(&data, &group).await?;
    let path = onboarding::set_done(&data, &user.actor, &group, id, false).await?;
    Ok(Json(path_view(&data, &group, path)))
}
