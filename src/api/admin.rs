//! Moderation through the API: reports by members (`/api/v1/reports`), and for admins
//! (`/api/v1/admin/...`) domain rules, suspensions, reports, and removing posts (which the
//! moderators of the post's group may also do).

use axum::{
    extract::{Path, Query},
    http::StatusCode,
    Json,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiJson, CurrentUser};
use crate::{
    error::{AppError, AppResult},
    federation::FedData,
    service::{
        self,
        moderation::{Authority, DomainPolicy, DomainRule, Report, Suspension},
    },
};

#[derive(Deserialize, ToSchema)]
pub struct NewReportRequest {
    /// The post reported (its `id` in the API).
    pub post_id: i64,
    /// Why, for the admins (plain text, at most 2,000 characters).
    #[serde(default)]
    pub comment: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReportCreated {
    pub id: i64,
}

#[utoipa::path(post, path = "/api/v1/reports", tag = "moderation", security(("bearer" = [])),
    request_body = NewReportRequest,
    responses((status = 201, body = ReportCreated), (status = 404, description = "no such post", body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_report(
    data: FedData,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewReportRequest>,
) -> AppResult<(StatusCode, Json<ReportCreated>)> {
    let id =
        service::moderation::report_post(&data, &user.actor, body.post_id, &body.comment).await?;
    Ok((StatusCode::CREATED, Json(ReportCreated { id })))
}

#[derive(Deserialize, IntoParams)]
pub struct ReportsQuery {
    /// `open` (default), `resolved` or `all`.
    pub state: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/reports", tag = "moderation", security(("bearer" = [])),
    params(ReportsQuery),
    responses((status = 200, description = "newest first", body = [Report]), (status = 403, body = crate::error::ErrorBody)))]
pub async fn list_reports(
    data: FedData,
    user: CurrentUser,
    Query(query): Query<ReportsQuery>,
) -> AppResult<Json<Vec<Report>>> {
    let resolved = match query.state.as_deref().unwrap_or("open") {
        "open" => Some(false),
        "resolved" => Some(true),
        "all" => None,
        _ => {
            return Err(AppError::BadRequest(
                "invalid_state",
                "state is open, resolved or all".into(),
            ))
        }
    };
    Ok(Json(
        service::moderation::reports(&data, &user.account, resolved).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/admin/reports/{id}", tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Report), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_report(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Report>> {
    Ok(Json(
        service::moderation::report(&data, &user.account, id).await?,
    ))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct ResolveRequest {
    /// What was done, for the other admins.
    pub note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/admin/reports/{id}/resolve", tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ResolveRequest,
    responses((status = 200, body = Report), (status = 403, body = crate::error::ErrorBody),
        (status = 409, description = "already resolved", body = crate::error::ErrorBody)))]
pub async fn resolve_report(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ResolveRequest>,
) -> AppResult<Json<Report>> {
    Ok(Json(
        service::moderation::resolve_report(
            &data,
            &user.account,
            &user.actor,
            id,
            body.note.as_deref(),
        )
        .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/admin/reports/{id}/forward", tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, description = "a Flag is on its way to the post's server", body = Report),
        (status = 403, body = crate::error::ErrorBody), (status = 409, description = "already forwarded", body = crate::error::ErrorBody),
        (status = 422, description = "not about another server's post", body = crate::error::ErrorBody)))]
pub async fn forward_report(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Report>> {
    Ok(Json(
        service::moderation::forward_report(&data, &user.account, id).await?,
    ))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct RemoveRequest {
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/admin/posts/{id}/remove", tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = RemoveRequest,
    responses((status = 204, description = "removed (admins, and moderators of the post's group)"),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn remove_post(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<RemoveRequest>,
) -> AppResult<StatusCode> {
    service::moderation::remove_post(
        &data,
        &user.actor,
        &user.account,
        id,
        body.reason.as_deref(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/admin/domains", tag = "moderation", security(("bearer" = [])),
    responses((status = 200, body = [DomainRule]), (status = 403, body = crate::error::ErrorBody)))]
pub async fn list_domains(data: FedData, user: CurrentUser) -> AppResult<Json<Vec<DomainRule>>> {
    service::accounts::require_admin(&user.account)?;
    Ok(Json(service::moderation::domain_rules(&data).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct DomainRequest {
    /// `evil.example` (covers its subdomains too).
    pub domain: String,
    pub policy: DomainPolicy,
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/admin/domains", tag = "moderation", security(("bearer" = [])),
    request_body = DomainRequest,
    responses((status = 201, description = "the rule is in force (it replaces the domain's other rule)", body = DomainRule),
        (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn set_domain(
    data: FedData,
    user: CurrentUser,
    ApiJson(body): ApiJson<DomainRequest>,
) -> AppResult<(StatusCode, Json<DomainRule>)> {
    service::moderation::set_domain_policy(
        &data,
        Authority::Admin(&user.account),
        &body.domain,
        body.policy,
        body.reason.as_deref(),
    )
    .await?;
    let domain = service::moderation::parse_domain(&body.domain)?;
    let rule = service::moderation::domain_rules(&data)
        .await?
        .into_iter()
        .find(|r| r.domain == crate::storage::servers::normalize_domain(&domain))
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("rule not stored")))?;
    Ok((StatusCode::CREATED, Json(rule)))
}

#[utoipa::path(delete, path = "/api/v1/admin/domains/{domain}", tag = "moderation", security(("bearer" = [])),
    params(("domain" = String, Path)),
    responses((status = 204, description = "neither blocked nor silenced any more"),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn lift_domain(
    data: FedData,
    user: CurrentUser,
    Path(domain): Path<String>,
) -> AppResult<StatusCode> {
    service::moderation::lift_domain_policy(&data, Authority::Admin(&user.account), &domain)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/admin/suspensions", tag = "moderation", security(("bearer" = [])),
    responses((status = 200, body = [Suspension]), (status = 403, body = crate::error::ErrorBody)))]
pub async fn list_suspensions(
    data: FedData,
    user: CurrentUser,
) -> AppResult<Json<Vec<Suspension>>> {
    Ok(Json(
        service::moderation::suspensions(&data, Authority::Admin(&user.account)).await?,
    ))
}

#[derive(Deserialize, ToSchema, IntoParams)]
pub struct SuspensionRequest {
    /// A local member's name, a known handle (`bob@other.example`) or an actor URL.
    pub account: String,
    pub reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SuspensionDone {
    /// The actor's ActivityPub id.
    pub actor: String,
}

#[utoipa::path(post, path = "/api/v1/admin/suspensions", tag = "moderation", security(("bearer" = [])),
    request_body = SuspensionRequest,
    responses((status = 201, body = SuspensionDone), (status = 403, body = crate::error::ErrorBody),
        (status = 404, description = "no such account known here", body = crate::error::ErrorBody)))]
pub async fn suspend(
    data: FedData,
    user: CurrentUser,
    ApiJson(body): ApiJson<SuspensionRequest>,
) -> AppResult<(StatusCode, Json<SuspensionDone>)> {
    let actor = service::moderation::suspend(
        &data,
        Authority::Admin(&user.account),
        &body.account,
        body.reason.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(SuspensionDone { actor })))
}

#[derive(Deserialize, IntoParams)]
pub struct UnsuspendQuery {
    /// The account as given when suspending, or its actor id as listed.
    pub account: String,
}

#[utoipa::path(delete, path = "/api/v1/admin/suspensions", tag = "moderation", security(("bearer" = [])),
    params(UnsuspendQuery),
    responses((status = 200, body = SuspensionDone), (status = 403, body = crate::error::ErrorBody),
        (status = 404, description = "not suspended", body = crate::error::ErrorBody)))]
pub async fn unsuspend(
    data: FedData,
    user: CurrentUser,
    Query(query): Query<UnsuspendQuery>,
) -> AppResult<Json<SuspensionDone>> {
    let actor =
        service::moderation::unsuspend(&data, Authority::Admin(&user.account), &query.account)
            .await?;
    Ok(Json(SuspensionDone { actor }))
}
