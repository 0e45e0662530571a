//! "Qui sommes-nous ?", a group's plain-language page: `/groups/{name}/about` for anyone (a
//! logged-in member opening it completes the path's "read" steps that link here, through
//! `service::group_about::opened_by`), and `/groups/{name}/about/edit` for its moderators.
//! Before the page is written, moderators are invited to write it and others read a short
//! sentence saying it is not there yet.

use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{group_decisions::group_path, group_events::group_name, onboarding::date_words};
use crate::{
    domain::onboarding::AboutInput,
    error::AppError,
    federation::resolve,
    page_try, service,
    storage::{actors::ActorRow, group_about::AboutRow},
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

/// One written part of the page.
pub struct AboutPart {
    pub id: &'static str,
    pub heading: String,
    /// Sanitized HTML.
    pub html: String,
}

#[derive(Template)]
#[template(path = "group_about.html")]
struct AboutPage<'a> {
    ctx: &'a Ctx,
    group_name: String,
    path_name: String,
    parts: Vec<AboutPart>,
    written: bool,
    updated: String,
    can_edit: bool,
    has_steps: bool,
}

const PARTS: [(&str, &str); 4] = [
    ("who-we-are", "about-who-we-are"),
    ("what-we-do", "about-what-we-do"),
    ("how-to-take-part", "about-how-to-take-part"),
    ("statutes-summary", "about-statutes-summary"),
];

fn parts_of(ctx: &Ctx, row: &AboutRow) -> Vec<AboutPart> {
    let html = [
        &row.who_we_are,
        &row.what_we_do,
        &row.how_to_take_part,
        &row.statutes_summary,
    ];
    PARTS
        .iter()
        .zip(html)
        .filter(|(_, html)| !html.trim().is_empty())
        .map(|((id, key), html)| AboutPart {
            id,
            heading: ctx.t(key),
            html: html.clone(),
        })
        .collect()
}

async fn is_moderator(ctx: &Ctx, group: &ActorRow) -> Result<bool, AppError> {
    match &ctx.user {
        Some(user) => service::groups::is_moderator(&ctx.data, group, &user.actor).await,
        None => Ok(false),
    }
}

/// `GET /groups/{name}/about`.
pub async fn about_page(ctx: Ctx, Path(name): Path<String>) -> Response {
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let row = page_try!(ctx, service::group_about::get(&ctx.data, &group).await);
    if let (Some(user), Some(_)) = (&ctx.user, &row) {
        page_try!(
            ctx,
            service::group_about::opened_by(&ctx.data, &group, &user.actor).await
        );
    }
    let can_edit = page_try!(ctx, is_moderator(&ctx, &group).await);
    let has_steps = !page_try!(ctx, service::onboarding::steps(&ctx.data, &group).await).is_empty();
    render_with(
        StatusCode::OK,
        &AboutPage {
            group_name: group_name(&group),
            path_name: group_path(&group),
            parts: row.as_ref().map(|r| parts_of(&ctx, r)).unwrap_or_default(),
            written: row.is_some(),
            updated: row
                .as_ref()
                .map(|r| date_words(&ctx, r.updated_at))
                .unwrap_or_default(),
            can_edit,
            has_steps,
            ctx: &ctx,
        },
    )
}

#[derive(Template)]
#[template(path = "group_about_form.html")]
struct AboutFormPage<'a> {
    ctx: &'a Ctx,
    group_name: String,
    path_name: String,
    form: AboutFields,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct AboutFields {
    #[serde(default)]
    who_we_are: String,
    #[serde(default)]
    what_we_do: String,
    #[serde(default)]
    how_to_take_part: String,
    #[serde(default)]
    statutes_summary: String,
}

fn form_page(
    ctx: &Ctx,
    group: &ActorRow,
    form: AboutFields,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    render_with(
        status,
        &AboutFormPage {
            ctx,
            group_name: group_name(group),
            path_name: group_path(group),
            form,
            error,
        },
    )
}

/// Moderators only: anyone else gets the refusal the service gives.
async fn require_moderator(ctx: &Ctx, group: &ActorRow) -> Result<(), AppError> {
    if is_moderator(ctx, group).await? && group.local {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "not_a_moderator",
            "only moderators of the group may do this".into(),
        ))
    }
}

/// `GET /groups/{name}/about/edit`: the form, filled with the current text.
pub async fn edit_page(ctx: Ctx, Path(name): Path<String>) -> Response {
    if ctx.user.is_none() {
        return ctx.login_first();
    }
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let row = page_try!(ctx, service::group_about::get(&ctx.data, &group).await);
    page_try!(ctx, require_moderator(&ctx, &group).await);
    let form = row
        .map(|r| AboutFields {
            who_we_are: r.who_we_are_source,
            what_we_do: r.what_we_do_source,
            how_to_take_part: r.how_to_take_part_source,
            statutes_summary: r.statutes_summary_source,
        })
        .unwrap_or_default();
    form_page(&ctx, &group, form, None, StatusCode::OK)
}

/// `POST /groups/{name}/about/edit`.
pub async fn save(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(form): CsrfForm<AboutFields>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let input = AboutInput {
        who_we_are: form.who_we_are.clone(),
        what_we_do: form.what_we_do.clone(),
        how_to_take_part: form.how_to_take_part.clone(),
        statutes_summary: form.statutes_summary.clone(),
    };
    match service::group_about::save(&ctx.data, &user.actor, &group, &input).await {
        Ok(_) => redirect_with_notice(
            &format!("/groups/{}/about", group_path(&group)),
            "notice-about-saved",
        ),
        Err(err @ AppError::Unprocessable(..)) => {
            let text = super::onboarding::error_words(&ctx, &err);
            form_page(&ctx, &group, form, Some(text), err.status())
        }
        Err(err) => ctx.fail(err),
    }
}
