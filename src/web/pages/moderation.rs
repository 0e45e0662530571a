//! Moderation pages: for admins, domain rules and suspensions (`/admin/moderation`) and the
//! reports (`/admin/reports`); for members, reporting a post (`/p/{id}/report`), where admins
//! and the group's moderators also find the form that removes it.

use std::collections::HashMap;

use askama::Template;
use axum::{
    extract::{Path, Query},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use super::{local_path, PostItem};
use crate::{
    error::AppError,
    page_try,
    service::{
        self,
        moderation::{Authority, DomainPolicy, DomainRule, Report, Suspension},
    },
    storage,
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

/// Admins only; others get 403 (or the login page).
fn admin_gate(ctx: &Ctx) -> Option<Response> {
    match &ctx.user {
        None => Some(ctx.login_first()),
        Some(user) if !user.account.is_admin => {
            Some(ctx.fail(AppError::forbidden("only admins may see this page")))
        }
        Some(_) => None,
    }
}

#[derive(Template)]
#[template(path = "moderation.html")]
struct ModerationPage<'a> {
    ctx: &'a Ctx,
    rules: Vec<DomainRule>,
    suspensions: Vec<Suspension>,
    open_reports: i64,
    errors: HashMap<&'static str, String>,
}

impl ModerationPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

async fn moderation_view(
    ctx: &Ctx,
    errors: HashMap<&'static str, String>,
    status: StatusCode,
) -> Response {
    let rules = page_try!(ctx, service::moderation::domain_rules(&ctx.data).await);
    let suspensions = page_try!(
        ctx,
        service::moderation::suspensions(&ctx.data, Authority::Console).await
    );
    let mut tx = page_try!(ctx, ctx.data.db.read().await);
    let open_reports = page_try!(ctx, storage::moderation::count_open_reports(&mut tx).await);
    render_with(
        status,
        &ModerationPage {
            ctx,
            rules,
            suspensions,
            open_reports,
            errors,
        },
    )
}

pub async fn moderation_page(ctx: Ctx) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    moderation_view(&ctx, HashMap::new(), StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct DomainRuleForm {
    domain: String,
    policy: String,
    #[serde(default)]
    reason: String,
}

pub async fn set_domain_rule(ctx: Ctx, CsrfForm(form): CsrfForm<DomainRuleForm>) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    let Some(policy) = DomainPolicy::parse(&form.policy) else {
        let errors = HashMap::from([("policy", ctx.t("error-invalid-choice"))]);
        return moderation_view(&ctx, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let admin = &ctx.user.as_ref().expect("gated").account;
    match service::moderation::set_domain_policy(
        &ctx.data,
        Authority::Admin(admin),
        &form.domain,
        policy,
        Some(form.reason.as_str()),
    )
    .await
    {
        Ok(()) => redirect_with_notice("/admin/moderation", "notice-domain-rule-saved"),
        Err(err) if err.status().is_client_error() => {
            let errors = HashMap::from([("domain", ctx.error_text(&err))]);
            moderation_view(&ctx, errors, err.status()).await
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct LiftDomainForm {
    domain: String,
}

pub async fn lift_domain_rule(ctx: Ctx, CsrfForm(form): CsrfForm<LiftDomainForm>) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    let admin = &ctx.user.as_ref().expect("gated").account;
    page_try!(
        ctx,
        service::moderation::lift_domain_policy(&ctx.data, Authority::Admin(admin), &form.domain)
            .await
    );
    redirect_with_notice("/admin/moderation", "notice-domain-rule-lifted")
}

#[derive(Deserialize)]
pub struct SuspendForm {
    account: String,
    #[serde(default)]
    reason: String,
}

pub async fn suspend(ctx: Ctx, CsrfForm(form): CsrfForm<SuspendForm>) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    let admin = &ctx.user.as_ref().expect("gated").account;
    match service::moderation::suspend(
        &ctx.data,
        Authority::Admin(admin),
        &form.account,
        Some(form.reason.as_str()),
    )
    .await
    {
        Ok(_) => redirect_with_notice("/admin/moderation", "notice-account-suspended"),
        Err(err) if err.status().is_client_error() => {
            let errors = HashMap::from([("account", ctx.error_text(&err))]);
            moderation_view(&ctx, errors, err.status()).await
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct UnsuspendForm {
    account: String,
}

pub async fn unsuspend(ctx: Ctx, CsrfForm(form): CsrfForm<UnsuspendForm>) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    let admin = &ctx.user.as_ref().expect("gated").account;
    page_try!(
        ctx,
        service::moderation::unsuspend(&ctx.data, Authority::Admin(admin), &form.account).await
    );
    redirect_with_notice("/admin/moderation", "notice-account-unsuspended")
}

// --- reports, for admins ---

/// A report as its card shows it.
pub struct ReportCard {
    pub report: Report,
    pub created: String,
    /// Whether the admin may forward it to the post's server.
    pub forwardable: bool,
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage<'a> {
    ctx: &'a Ctx,
    resolved: bool,
    reports: Vec<ReportCard>,
}

#[derive(Deserialize)]
pub struct ReportsQuery {
    state: Option<String>,
}

fn when(millis: i64) -> String {
    crate::api::views::time(millis)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

pub async fn reports_page(ctx: Ctx, Query(query): Query<ReportsQuery>) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    let admin = &ctx.user.as_ref().expect("gated").account;
    let resolved = query.state.as_deref() == Some("resolved");
    let reports = page_try!(
        ctx,
        service::moderation::reports(&ctx.data, admin, Some(resolved)).await
    );
    let reports = reports
        .into_iter()
        .map(|report| ReportCard {
            created: when(report.created_at),
            forwardable: report.origin.is_none()
                && report.forwarded_at.is_none()
                && report.post_local == Some(false)
                && !report.post_removed,
            report,
        })
        .collect();
    render_with(
        StatusCode::OK,
        &ReportsPage {
            ctx: &ctx,
            resolved,
            reports,
        },
    )
}

#[derive(Deserialize)]
pub struct ResolveForm {
    #[serde(default)]
    note: String,
}

pub async fn resolve_report(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ResolveForm>,
) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    let user = ctx.user.as_ref().expect("gated");
    page_try!(
        ctx,
        service::moderation::resolve_report(
            &ctx.data,
            &user.account,
            &user.actor,
            id,
            Some(form.note.as_str()),
        )
        .await
    );
    redirect_with_notice("/admin/reports", "notice-report-resolved")
}

#[derive(Deserialize)]
pub struct EmptyForm {}

pub async fn forward_report(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    let admin = &ctx.user.as_ref().expect("gated").account;
    page_try!(
        ctx,
        service::moderation::forward_report(&ctx.data, admin, id).await
    );
    redirect_with_notice("/admin/reports", "notice-report-forwarded")
}

// --- a post: report it, or remove it ---

#[derive(Template)]
#[template(path = "report_post.html")]
struct ReportPostPage<'a> {
    ctx: &'a Ctx,
    post: PostItem,
    /// Admins and the group's moderators also get the removal form.
    can_remove: bool,
    back: String,
    draft: String,
    errors: HashMap<&'static str, String>,
}

impl ReportPostPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

#[derive(Deserialize)]
pub struct BackQuery {
    back: Option<String>,
}

async fn report_post_view(
    ctx: &Ctx,
    id: i64,
    back: String,
    draft: String,
    errors: HashMap<&'static str, String>,
    status: StatusCode,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let mut tx = page_try!(ctx, ctx.data.db.read().await);
    let Some(listing) = page_try!(ctx, storage::posts::listing(&mut tx, id).await) else {
        return ctx.fail(AppError::not_found("no such post"));
    };
    let can_remove = user.account.is_admin || {
        let row = page_try!(ctx, storage::posts::by_id(&mut tx, id).await);
        match row.and_then(|p| p.group_id) {
            Some(group_id) => page_try!(
                ctx,
                storage::actors::is_moderator(&mut tx, group_id, user.actor.id).await
            ),
            None => false,
        }
    };
    render_with(
        status,
        &ReportPostPage {
            ctx,
            post: PostItem::new(&listing, &ctx.domain),
            can_remove,
            back,
            draft,
            errors,
        },
    )
}

pub async fn report_post_page(
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<BackQuery>,
) -> Response {
    let back = local_path(query.back.as_deref().or(Some(&format!("/p/{id}"))));
    report_post_view(
        &ctx,
        id,
        back,
        String::new(),
        HashMap::new(),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    comment: String,
    back: Option<String>,
}

pub async fn report_post(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let back = local_path(form.back.as_deref());
    match service::moderation::report_post(&ctx.data, &user.actor, id, &form.comment).await {
        Ok(_) => redirect_with_notice(&back, "notice-reported"),
        Err(err @ AppError::Unprocessable(..)) => {
            let errors = HashMap::from([("comment", ctx.error_text(&err))]);
            let status = err.status();
            report_post_view(&ctx, id, back, form.comment, errors, status).await
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    reason: String,
    back: Option<String>,
}

pub async fn remove_post(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RemoveForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    // The page of a removed post is gone: back to where the reader came from, unless that
    // was the post itself.
    let group_page = {
        let mut tx = page_try!(ctx, ctx.data.db.read().await);
        page_try!(ctx, storage::posts::listing(&mut tx, id).await)
            .and_then(|l| PostItem::new(&l, &ctx.domain).group_handle)
            .map(|g| format!("/groups/{g}"))
    };
    page_try!(
        ctx,
        service::moderation::remove_post(
            &ctx.data,
            &user.actor,
            &user.account,
            id,
            Some(form.reason.as_str()),
        )
        .await
    );
    let mut back = local_path(form.back.as_deref());
    if back == format!("/p/{id}") || back == "/" {
        back = group_page.unwrap_or_else(|| "/".into());
    }
    redirect_with_notice(&back, "notice-post-removed")
}
