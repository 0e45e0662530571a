//! The admin page: how people register (and who waits for approval, invite links), creating
//! groups, blocking domains.

use std::collections::HashMap;

use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};
use serde::Deserialize;

use crate::{
    domain::{membership::MembershipPolicy, registration::RegistrationMode},
    error::AppError,
    page_try, service, storage,
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

pub struct Pending {
    pub id: i64,
    pub username: String,
    pub application: String,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage<'a> {
    ctx: &'a Ctx,
    mode: &'static str,
    modes: Vec<&'static str>,
    pending: Vec<Pending>,
    blocked: Vec<(String, String)>,
    /// A freshly made invite link, shown once.
    invite_link: Option<String>,
    errors: HashMap<&'static str, String>,
}

impl AdminPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

async fn admin_view(
    ctx: &Ctx,
    invite_link: Option<String>,
    errors: HashMap<&'static str, String>,
    status: StatusCode,
) -> Response {
    let mode = page_try!(ctx, service::settings::registration_mode(&ctx.data).await);
    let mut tx = page_try!(ctx, ctx.data.db.read().await);
    let pending = page_try!(ctx, storage::accounts::pending(&mut tx).await)
        .into_iter()
        .map(|(id, username, application, _)| Pending {
            id,
            username,
            application: application.unwrap_or_default(),
        })
        .collect();
    let blocked = page_try!(ctx, storage::servers::blocked_domains(&mut tx).await)
        .into_iter()
        .map(|(d, r)| (d, r.unwrap_or_default()))
        .collect();
    render_with(
        status,
        &AdminPage {
            ctx,
            mode: mode.as_str(),
            modes: RegistrationMode::ALL.iter().map(|m| m.as_str()).collect(),
            pending,
            blocked,
            invite_link,
            errors,
        },
    )
}

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

pub async fn admin_page(ctx: Ctx) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    admin_view(&ctx, None, HashMap::new(), StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct RegistrationForm {
    mode: String,
}

pub async fn set_registration(ctx: Ctx, CsrfForm(form): CsrfForm<RegistrationForm>) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    let Some(mode) = RegistrationMode::parse(&form.mode) else {
        let errors = HashMap::from([("mode", ctx.t("error-invalid-choice"))]);
        return admin_view(&ctx, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let admin = &ctx.user.as_ref().expect("gated").account;
    page_try!(
        ctx,
        service::settings::set_registration_mode(&ctx.data, admin, mode).await
    );
    redirect_with_notice("/admin", "notice-saved")
}

#[derive(Deserialize)]
pub struct GroupForm {
    name: String,
    display_name: String,
    #[serde(default)]
    summary: String,
    membership: String,
    /// The checkbox: present ("on") when the group is a network of groups.
    network: Option<String>,
}

pub async fn create_group(ctx: Ctx, CsrfForm(form): CsrfForm<GroupForm>) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    let Some(policy) = MembershipPolicy::parse(&form.membership) else {
        let errors = HashMap::from([("membership", ctx.t("error-invalid-choice"))]);
        return admin_view(&ctx, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let admin = &ctx.user.as_ref().expect("gated").actor;
    let summary = Some(form.summary.as_str()).filter(|s| !s.trim().is_empty());
    match service::groups::create_group(
        &ctx.data,
        &form.name,
        &form.display_name,
        summary,
        policy,
        form.network.is_some(),
        Some(admin),
    )
    .await
    {
        Ok(group) => redirect_with_notice(
            &format!("/groups/{}", group.username),
            "notice-group-created",
        ),
        Err(err) if err.status().is_client_error() => {
            let field = if err.code() == "invalid_display_name" {
                "display_name"
            } else {
                "name"
            };
            let errors = HashMap::from([(field, ctx.error_text(&err))]);
            admin_view(&ctx, None, errors, err.status()).await
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct DomainForm {
    domain: String,
    #[serde(default)]
    reason: String,
}

pub async fn block_domain(ctx: Ctx, CsrfForm(form): CsrfForm<DomainForm>) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    let admin = &ctx.user.as_ref().expect("gated").account;
    let reason = Some(form.reason.as_str()).filter(|r| !r.trim().is_empty());
    match service::moderation::block_domain(&ctx.data, admin, &form.domain, reason).await {
        Ok(()) => redirect_with_notice("/admin", "notice-domain-blocked"),
        Err(err) if err.status().is_client_error() => {
            let errors = HashMap::from([("domain", ctx.error_text(&err))]);
            admin_view(&ctx, None, errors, err.status()).await
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct EmptyForm {}

pub async fn approve_account(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    let admin = &ctx.user.as_ref().expect("gated").account;
    page_try!(ctx, service::accounts::approve(&ctx.data, admin, id).await);
    redirect_with_notice("/admin", "notice-account-approved")
}

pub async fn create_invite(ctx: Ctx, CsrfForm(_): CsrfForm<EmptyForm>) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    let admin = &ctx.user.as_ref().expect("gated").account;
    let code = page_try!(
        ctx,
        service::accounts::create_invite(&ctx.data, admin).await
    );
    let link = format!("{}register?invite={code}", ctx.data.urls.base());
    admin_view(&ctx, Some(link), HashMap::new(), StatusCode::OK).await
}
