//! Moderators shape the onboarding path from the web: the step form (title, description,
//! kind, link: none, the about page, an event of the group, an address), adding a step from
//! `/groups/{name}/onboarding`, changing one at `/groups/{name}/onboarding/steps/{id}/edit`,
//! moving it up or down, removing it. Every change goes through `service::onboarding`; a
//! refusal comes back beside its field with what was typed, and nothing is saved.

use std::collections::HashMap;

use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{
    decision_words::Pick, group_decisions::group_path, group_events::group_name, onboarding,
};
use crate::{
    domain::onboarding::{LinkKind, StepInput, StepKind, StepLink},
    error::AppError,
    federation::resolve,
    page_try, service,
    storage::{self, actors::ActorRow},
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

/// What the step form posts.
#[derive(Deserialize, Default, Clone)]
pub struct StepFields {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    pub event_id: String,
    #[serde(default)]
    pub url: String,
}

impl StepFields {
    fn input(&self) -> StepInput {
        StepInput {
            title: self.title.clone(),
            description: self.description.clone(),
            kind: self.kind.clone(),
            link: self.link.clone(),
            event_id: self.event_id.trim().parse().ok(),
            url: self.url.clone(),
        }
    }

    fn of_step(step: &service::onboarding::Step) -> StepFields {
        StepFields {
            title: step.row.title.clone(),
            description: step.row.description_source.clone(),
            kind: step.kind.as_str().into(),
            link: step
                .link
                .as_ref()
                .map_or("none", |l| l.kind().as_str())
                .into(),
            event_id: match step.link {
                Some(StepLink::Event(id)) => id.to_string(),
                _ => String::new(),
            },
            url: match &step.link {
                Some(StepLink::Url(url)) => url.clone(),
                _ => String::new(),
            },
        }
    }
}

/// An event the step may link to.
pub struct EventChoice {
    pub id: i64,
    pub label: String,
    pub selected: bool,
}

/// The step form, filled, with its errors by field.
pub struct StepFormView {
    pub action: String,
    pub fields: StepFields,
    pub kinds: Vec<Pick>,
    pub links: Vec<Pick>,
    pub events: Vec<EventChoice>,
    pub errors: HashMap<&'static str, String>,
    pub editing: bool,
}

impl StepFormView {
    pub fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    /// The form for `group`, listing its events.
    pub async fn new(
        ctx: &Ctx,
        group: &ActorRow,
        action: String,
        fields: StepFields,
        errors: HashMap<&'static str, String>,
        editing: bool,
    ) -> Result<StepFormView, AppError> {
        let mut tx = ctx.data.db.read().await?;
        let events = storage::events::events_of_group(&mut tx, group.id, 0, 200).await?;
        let kind = if fields.kind.is_empty() {
            StepKind::Read.as_str()
        } else {
            fields.kind.as_str()
        };
        let link = if fields.link.is_empty() {
            "none"
        } else {
            fields.link.as_str()
        };
        Ok(StepFormView {
            action,
            kinds: StepKind::ALL
                .iter()
                .map(|k| Pick {
                    value: k.as_str(),
                    label: ctx.t(&format!("onboarding-kind-{}", k.as_str())),
                    explain: ctx.t(&format!("onboarding-kind-{}-explain", k.as_str())),
                    selected: k.as_str() == kind,
                })
                .collect(),
            links: std::iter::once("none")
                .chain(LinkKind::ALL.iter().map(|l| l.as_str()))
                .map(|value| Pick {
                    value,
                    label: ctx.t(&format!("onboarding-link-{value}")),
                    explain: String::new(),
                    selected: value == link,
                })
                .collect(),
            events: events
                .into_iter()
                .map(|e| EventChoice {
                    selected: e.id.to_string() == fields.event_id,
                    label: format!(
                        "{} ({})",
                        e.title,
                        super::event_words::date_in(ctx.lang, e.starts_at, &e.timezone)
                    ),
                    id: e.id,
                })
                .collect(),
            fields,
            errors,
            editing,
        })
    }
}

/// A refusal of the service, beside the field it is about.
fn field_errors(ctx: &Ctx, err: &AppError) -> HashMap<&'static str, String> {
    let field = match err.code() {
        "empty_title" | "title_too_long" => "title",
        "description_too_long" => "description",
        "invalid_kind" => "kind",
        "missing_event" | "unknown_event" => "event",
        "invalid_url" => "url",
        _ => "link",
    };
    HashMap::from([(field, onboarding::error_words(ctx, err))])
}

/// `POST /groups/{name}/onboarding/steps`: a moderator adds a step.
pub async fn create(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(form): CsrfForm<StepFields>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    match service::onboarding::create_step(&ctx.data, &user.actor, &group, &form.input()).await {
        Ok(_) => redirect_with_notice(
            &format!("/groups/{}/onboarding", group_path(&group)),
            "notice-onboarding-step-added",
        ),
        Err(err @ AppError::Unprocessable(..)) => {
            let errors = field_errors(&ctx, &err);
            onboarding::path_view(&ctx, &group, Some((form, errors)), err.status()).await
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Template)]
#[template(path = "onboarding_step_edit.html")]
struct StepEditPage<'a> {
    ctx: &'a Ctx,
    group_name: String,
    path_name: String,
    sf: StepFormView,
}

async fn edit_view(
    ctx: &Ctx,
    group: &ActorRow,
    id: i64,
    fields: StepFields,
    errors: HashMap<&'static str, String>,
    status: StatusCode,
) -> Response {
    let path_name = group_path(group);
    let action = format!("/groups/{path_name}/onboarding/steps/{id}/edit");
    let sf = page_try!(
        ctx,
        StepFormView::new(ctx, group, action, fields, errors, true).await
    );
    render_with(
        status,
        &StepEditPage {
            ctx,
            group_name: group_name(group),
            path_name,
            sf,
        },
    )
}

/// The step, for a moderator of the group (others get the service's refusal).
async fn step_for_moderator(
    ctx: &Ctx,
    group: &ActorRow,
    user: &ActorRow,
    id: i64,
) -> Result<service::onboarding::Step, AppError> {
    service::onboarding::completion_counts(&ctx.data, user, group).await?;
    service::onboarding::steps(&ctx.data, group)
        .await?
        .into_iter()
        .find(|s| s.row.id == id)
        .ok_or_else(|| AppError::not_found(format!("no step {id} in this group's path")))
}

/// `GET /groups/{name}/onboarding/steps/{id}/edit`.
pub async fn edit_page(ctx: Ctx, Path((name, id)): Path<(String, i64)>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let step = page_try!(ctx, step_for_moderator(&ctx, &group, &user.actor, id).await);
    edit_view(
        &ctx,
        &group,
        id,
        StepFields::of_step(&step),
        HashMap::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /groups/{name}/onboarding/steps/{id}/edit`.
pub async fn edit(
    ctx: Ctx,
    Path((name, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<StepFields>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let input = form.input();
    match service::onboarding::update_step(&ctx.data, &user.actor, &group, id, &input, None).await {
        Ok(_) => redirect_with_notice(
            &format!("/groups/{}/onboarding", group_path(&group)),
            "notice-onboarding-step-saved",
        ),
        Err(err @ AppError::Unprocessable(..)) => {
            let errors = field_errors(&ctx, &err);
            edit_view(&ctx, &group, id, form, errors, err.status()).await
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct MoveFields {
    direction: String,
}

/// `POST /groups/{name}/onboarding/steps/{id}/move` with `direction` up or down.
pub async fn move_step(
    ctx: Ctx,
    Path((name, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<MoveFields>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let up = match form.direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return ctx.fail(AppError::bad_request("direction is up or down")),
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    page_try!(
        ctx,
        service::onboarding::move_step(&ctx.data, &user.actor, &group, id, up).await
    );
    redirect_with_notice(
        &format!("/groups/{}/onboarding", group_path(&group)),
        "notice-onboarding-step-moved",
    )
}

#[derive(Deserialize)]
pub struct EmptyFields {}

/// `POST /groups/{name}/onboarding/steps/{id}/delete`.
pub async fn delete(
    ctx: Ctx,
    Path((name, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<EmptyFields>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    page_try!(
        ctx,
        service::onboarding::delete_step(&ctx.data, &user.actor, &group, id).await
    );
    redirect_with_notice(
        &format!("/groups/{}/onboarding", group_path(&group)),
        "notice-onboarding-step-removed",
    )
}
