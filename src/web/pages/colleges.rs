//! A group's colleges, set by its moderators from the group page: define a college (name,
//! weight) and place a member in one. Everyone sees them on the group page.

use axum::{extract::Path, response::Response};
use serde::Deserialize;

use super::decision_words::parse_count;
use crate::{
    error::AppError,
    federation::resolve,
    page_try, service,
    web::{csrf::CsrfForm, redirect_with_notice, Ctx},
};

#[derive(Deserialize)]
pub struct CollegeForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    weight: String,
}

/// `POST /groups/{name}/colleges`: define a college or change its weight.
pub async fn set_college(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(form): CsrfForm<CollegeForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let Ok(Some(weight)) = parse_count(&form.weight) else {
        return ctx.fail(AppError::Unprocessable(
            "invalid_college",
            "a weight is a whole number".into(),
        ));
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    page_try!(
        ctx,
        service::votes::set_college(&ctx.data, &user.actor, &group, &form.name, weight).await
    );
    redirect_with_notice(&format!("/groups/{name}"), "notice-college-saved")
}

#[derive(Deserialize)]
pub struct PlaceForm {
    #[serde(default)]
    member: String,
    #[serde(default)]
    college: String,
}

/// `POST /groups/{name}/colleges/members`: place a member in a college.
pub async fn place_member(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(form): CsrfForm<PlaceForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let handle = match form.member.trim().trim_start_matches('@') {
        local if !local.contains('@') => format!("{local}@{}", ctx.domain),
        full => full.to_owned(),
    };
    let member = page_try!(ctx, resolve::actor(&ctx.data, &handle).await);
    page_try!(
        ctx,
        service::votes::place_member(&ctx.data, &user.actor, &group, &member, &form.college).await
    );
    redirect_with_notice(&format!("/groups/{name}"), "notice-member-placed")
}
