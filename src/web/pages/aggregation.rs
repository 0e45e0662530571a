//! The admin's aggregation page (`/admin/aggregation`): the groups of other nodes this node
//! follows to index them, with where each follow stands and when the group last sent
//! something, a form to add handles and a button to remove one. `service::aggregation` does
//! the work, as for the CLI and the API.

use askama::Template;
use axum::{http::StatusCode, response::Response};
use serde::Deserialize;

use super::event_words::moment_in;
use crate::{
    error::AppError,
    page_try,
    service::aggregation,
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

/// Admins only; others get 403 (or the login page).
fn admin_gate(ctx: &Ctx) -> Option<Response> {
    match &ctx.user {
        None => Some(ctx.login_first()),
        Some(user) if !user.account.is_admin => Some(ctx.fail(AppError::forbidden(
            "only admins choose the groups this node aggregates",
        ))),
        Some(_) => None,
    }
}

pub struct Row {
    pub handle: String,
    pub name: String,
    pub url: String,
    pub state: String,
    pub last_activity: String,
}

#[derive(Template)]
#[template(path = "aggregation.html")]
struct AggregationPage<'a> {
    ctx: &'a Ctx,
    rows: Vec<Row>,
    /// What was typed, kept when refused.
    handles: String,
    error: Option<String>,
}

fn state_words(ctx: &Ctx, state: &str) -> String {
    match state {
        "accepted" => ctx.t("aggregation-state-accepted"),
        "rejected" => ctx.t("aggregation-state-rejected"),
        _ => ctx.t("aggregation-state-pending"),
    }
}

fn refusal(ctx: &Ctx, err: &AppError) -> String {
    match err.code() {
        "missing_handle" => ctx.t("aggregation-error-missing"),
        "too_many_handles" => ctx.t("aggregation-error-too-many"),
        "invalid_handle" => ctx.t("aggregation-error-invalid"),
        "not_found" => ctx.t("aggregation-error-unknown"),
        "not_a_group" => ctx.t("aggregation-error-not-group"),
        "local_group" => ctx.t("aggregation-error-local"),
        _ => ctx.t("aggregation-error-other"),
    }
}

async fn view(ctx: &Ctx, handles: String, error: Option<String>, status: StatusCode) -> Response {
    let groups = page_try!(ctx, aggregation::list(&ctx.data).await);
    let rows = groups
        .into_iter()
        .map(|g| Row {
            handle: format!("{}@{}", g.username, g.domain),
            name: g.display_name.unwrap_or_else(|| g.username.clone()),
            url: g.ap_id,
            state: state_words(ctx, &g.state),
            last_activity: g.last_activity.map_or_else(
                || ctx.t("aggregation-never"),
                |t| format!("{} (UTC)", moment_in(ctx.lang, t, "UTC")),
            ),
        })
        .collect();
    render_with(
        status,
        &AggregationPage {
            ctx,
            rows,
            handles,
            error,
        },
    )
}

/// `GET /admin/aggregation`.
pub async fn aggregation_page(ctx: Ctx) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    view(&ctx, String::new(), None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    handles: String,
}

/// `POST /admin/aggregation`: handles separated by spaces, commas or lines.
pub async fn add(ctx: Ctx, CsrfForm(form): CsrfForm<AddForm>) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    let handles: Vec<String> = form
        .handles
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .collect();
    match aggregation::add(&ctx.data, &handles).await {
        Ok(_) => redirect_with_notice("/admin/aggregation", "notice-aggregation-added"),
        Err(err) if err.status().is_client_error() => {
            let message = refusal(&ctx, &err);
            view(&ctx, form.handles, Some(message), err.status()).await
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct RemoveForm {
    handle: String,
}

/// `POST /admin/aggregation/remove`.
pub async fn remove(ctx: Ctx, CsrfForm(form): CsrfForm<RemoveForm>) -> Response {
    if let Some(refusal) = admin_gate(&ctx) {
        return refusal;
    }
    page_try!(ctx, aggregation::remove(&ctx.data, &form.handle).await);
    redirect_with_notice("/admin/aggregation", "notice-aggregation-removed")
}
