//! Posting and changing offers and needs from the web: `/groups/{name}/competences/new`
//! (members of a group of this node, as `service::competences::create` allows),
//! `/competence/{id}/edit` and the close / reopen / resolved buttons (the author, as
//! `update` allows). The form is read by `competence_form`; a refusal comes back beside its
//! field with what was typed, and nothing is saved.

use askama::Template;
use axum::{
    extract::{Path, Query},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use super::{
    competence_form::{
        expiry_day, read_form, service_error, CompetenceForm, CompetenceFormView, Errors,
    },
    group_decisions::{group_path, viewer_roles},
    group_events::group_name,
};
use crate::{
    domain::competence::{Kind, State},
    error::AppError,
    federation::resolve,
    page_try, service,
    service::competences::CompetenceChange,
    storage::actors::ActorRow,
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

#[derive(Template)]
#[template(path = "competence_form_page.html")]
struct CompetenceFormPage<'a> {
    ctx: &'a Ctx,
    heading: String,
    /// Where "back" goes: the group's list, or the offer or need.
    back: String,
    back_label: String,
    cf: CompetenceFormView,
    errors: Errors,
}

impl CompetenceFormPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

fn new_form_page(
    ctx: &Ctx,
    group: &ActorRow,
    form: CompetenceForm,
    errors: Errors,
    status: StatusCode,
) -> Response {
    let path = group_path(group);
    let heading = match Kind::parse(&form.kind) {
        Some(Kind::Need) => "competence-new-need-heading",
        _ => "competence-new-offer-heading",
    };
    render_with(
        status,
        &CompetenceFormPage {
            heading: ctx.t1(heading, "name", &group_name(group)),
            back: format!("/groups/{path}/competences"),
            back_label: ctx.t1("competences-page-title", "name", &group_name(group)),
            cf: CompetenceFormView::new(ctx, format!("/groups/{path}/competences"), form, false),
            errors,
            ctx,
        },
    )
}

#[derive(Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    kind: String,
}

/// Members of a group of this node may post in it; others get a clear refusal.
async fn require_poster(ctx: &Ctx, group: &ActorRow, user: &ActorRow) -> Result<(), AppError> {
    if !group.local {
        return Err(AppError::Unprocessable(
            "not_a_local_group",
            "offers and needs are posted in a group of this node for now".into(),
        ));
    }
    let mut tx = ctx.data.db.read().await?;
    let (member, _) = viewer_roles(&mut tx, group, Some(user)).await?;
    if member {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "not_a_member",
            "only members of the group may take part in it".into(),
        ))
    }
}

/// `GET /groups/{name}/competences/new?kind=offer|need`.
pub async fn new_page(
    ctx: Ctx,
    Path(name): Path<String>,
    Query(query): Query<NewQuery>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    page_try!(ctx, require_poster(&ctx, &group, &user.actor).await);
    let kind = Kind::parse(&query.kind).unwrap_or(Kind::Offer);
    let form = CompetenceForm::blank(kind);
    new_form_page(&ctx, &group, form, Errors::new(), StatusCode::OK)
}

/// `POST /groups/{name}/competences`: a member posts an offer or a need.
pub async fn create(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let form = CompetenceForm::from_pairs(&pairs);
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let Some(kind) = Kind::parse(&form.kind) else {
        let errors = Errors::from([("competence-kind", ctx.t("error-invalid-choice"))]);
        return new_form_page(&ctx, &group, form, errors, unprocessable);
    };
    let input = match read_form(&ctx, &form) {
        Ok(input) => input,
        Err(errors) => return new_form_page(&ctx, &group, form, errors, unprocessable),
    };
    match service::competences::create(&ctx.data, &user.actor, &group, kind, input).await {
        Ok(d) => redirect_with_notice(
            &format!("/competence/{}", d.row.id),
            "notice-competence-created",
        ),
        Err(err @ AppError::Unprocessable(..)) if err.code() != "not_a_local_group" => {
            let errors = service_error(&ctx, &err);
            new_form_page(&ctx, &group, form, errors, err.status())
        }
        Err(err) => ctx.fail(err),
    }
}

fn edit_form_page(
    ctx: &Ctx,
    id: i64,
    title: &str,
    form: CompetenceForm,
    errors: Errors,
    status: StatusCode,
) -> Response {
    render_with(
        status,
        &CompetenceFormPage {
            heading: ctx.t1("competence-edit-heading", "name", title),
            back: format!("/competence/{id}"),
            back_label: title.to_string(),
            cf: CompetenceFormView::new(ctx, format!("/competence/{id}/edit"), form, true),
            errors,
            ctx,
        },
    )
}

fn not_the_author() -> AppError {
    AppError::Forbidden(
        "not_the_author",
        "only its author may change an offer or a need".into(),
    )
}

/// `GET /competence/{id}/edit`.
pub async fn edit_page(ctx: Ctx, Path(id): Path<i64>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let d = page_try!(ctx, service::competences::details(&ctx.data, id).await);
    if d.row.author_id != user.actor.id || !d.row.local {
        return ctx.fail(not_the_author());
    }
    let title = d.row.title.clone();
    edit_form_page(
        &ctx,
        id,
        &title,
        CompetenceForm::of(&d),
        Errors::new(),
        StatusCode::OK,
    )
}

/// `POST /competence/{id}/edit`: the author changes their offer or need.
pub async fn edit(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let current = page_try!(ctx, service::competences::details(&ctx.data, id).await);
    let mut form = CompetenceForm::from_pairs(&pairs);
    // The kind does not change; the form shows it as it is.
    form.kind = current.row.kind.clone();
    let title = current.row.title.clone();
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let input = match read_form(&ctx, &form) {
        Ok(input) => input,
        Err(errors) => return edit_form_page(&ctx, id, &title, form, errors, unprocessable),
    };
    // An expiry left as it was is not set again: it may have passed since, which the
    // service accepts only when the expiry is unchanged.
    let same_expiry = current.row.expires_at.map(expiry_day) == input.expires_at.map(expiry_day);
    let change = CompetenceChange {
        title: Some(input.title),
        description: Some(input.description),
        skills: Some(input.skills),
        form: Some(input.form),
        mode: Some(input.mode),
        place: Some(input.place),
        availability: Some(input.availability),
        terms: Some(input.terms),
        expires_at: (!same_expiry).then_some(input.expires_at),
        ..CompetenceChange::default()
    };
    match service::competences::update(&ctx.data, &user.actor, id, change).await {
        Ok(_) => redirect_with_notice(&format!("/competence/{id}"), "notice-competence-saved"),
        Err(err @ AppError::Unprocessable(..)) if err.code() != "remote_competence" => {
            let errors = service_error(&ctx, &err);
            edit_form_page(&ctx, id, &title, form, errors, err.status())
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct StateForm {
    #[serde(default)]
    state: String,
}

/// `POST /competence/{id}/state`: the author closes, reopens, or marks it resolved.
pub async fn change_state(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<StateForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let Some(state) = State::parse(&form.state) else {
        return ctx.fail(AppError::bad_request("no such state"));
    };
    let change = CompetenceChange {
        state: Some(state),
        ..CompetenceChange::default()
    };
    match service::competences::update(&ctx.data, &user.actor, id, change).await {
        Ok(_) => redirect_with_notice(
            &format!("/competence/{id}"),
            match state {
                State::Open => "notice-competence-reopened",
                State::Closed => "notice-competence-closed",
                State::Resolved => "notice-competence-resolved",
            },
        ),
        Err(err) => super::competences::refused(&ctx, id, err).await,
    }
}
