//! Publishing and changing events from the web: `/groups/{name}/events/new` (the group's
//! moderators, as `service::events::create_event` allows) and `/event/{id}/edit` (the event's
//! organizers and the group's moderators, as `update_event` allows). The form is read by
//! `event_form`; organizers typed by name or handle are found with `resolve::person` before
//! anything is written, so a wrong name changes nothing.

use askama::Template;
use axum::{
    extract::{Path, Query},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use super::{
    event_form::{read_form, service_error, Errors, EventForm, EventFormView},
    group_decisions::{group_path, viewer_roles},
    group_events::group_name,
};
use crate::{
    error::AppError,
    federation::resolve,
    page_try, service,
    storage::actors::ActorRow,
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

#[derive(Template)]
#[template(path = "event_form_page.html")]
struct EventFormPage<'a> {
    ctx: &'a Ctx,
    heading: String,
    /// Where "back" goes: the group's events, or the event.
    back: String,
    back_label: String,
    ef: EventFormView,
    errors: Errors,
}

impl EventFormPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// Finds every organizer named in the form; a name that finds no one is a field error.
async fn organizers(ctx: &Ctx, form: &EventForm) -> Result<Vec<ActorRow>, Errors> {
    let mut found = Vec::new();
    for name in form.organizer_names() {
        match resolve::person(&ctx.data, &name).await {
            Ok(actor) if actor.kind == "person" => found.push(actor),
            _ => {
                return Err(Errors::from([(
                    "event-organizers",
                    ctx.t1("event-error-unknown-organizer", "name", &name),
                )]))
            }
        }
    }
    Ok(found)
}

/// How an organizer is written in the form: a bare name for people of this node.
fn typed_handle(ctx: &Ctx, handle: &str) -> String {
    handle
        .strip_suffix(&format!("@{}", ctx.domain))
        .unwrap_or(handle)
        .to_string()
}

fn new_form_page(
    ctx: &Ctx,
    group: &ActorRow,
    form: EventForm,
    errors: Errors,
    status: StatusCode,
) -> Response {
    let path = group_path(group);
    render_with(
        status,
        &EventFormPage {
            heading: ctx.t1("event-new-heading", "name", &group_name(group)),
            back: format!("/groups/{path}/events"),
            back_label: ctx.t1("events-page-title", "name", &group_name(group)),
            ef: EventFormView::new(ctx, format!("/groups/{path}/events"), form, false),
            errors,
            ctx,
        },
    )
}

/// What may come filled in: "schedule a session" from an offer or a need passes its title
/// and description.
#[derive(Deserialize, Default)]
pub struct Prefill {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
}

/// `GET /groups/{name}/events/new` (optionally `?title=...&description=...`).
pub async fn new_event_page(
    ctx: Ctx,
    Path(name): Path<String>,
    Query(prefill): Query<Prefill>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let (_, moderator) = {
        let mut tx = page_try!(ctx, ctx.data.db.read().await);
        page_try!(ctx, viewer_roles(&mut tx, &group, Some(&user.actor)).await)
    };
    if !group.local || !moderator {
        return ctx.fail(AppError::Forbidden(
            "not_a_moderator",
            "only moderators of the group publish its events".into(),
        ));
    }
    let form = EventForm {
        title: prefill.title,
        description: prefill.description,
        ..EventForm::blank(&user.actor.username)
    };
    new_form_page(&ctx, &group, form, Errors::new(), StatusCode::OK)
}

/// `POST /groups/{name}/events`: a moderator publishes an event.
pub async fn create_event(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(form): CsrfForm<EventForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let input = match read_form(&ctx, &form) {
        Ok(input) => input,
        Err(errors) => return new_form_page(&ctx, &group, form, errors, unprocessable),
    };
    let people = match organizers(&ctx, &form).await {
        Ok(people) => people,
        Err(errors) => return new_form_page(&ctx, &group, form, errors, unprocessable),
    };
    let event = match service::events::create_event(&ctx.data, &user.actor, &group, input).await {
        Ok(event) => event,
        Err(err @ AppError::Unprocessable(..)) => {
            let errors = service_error(&ctx, &err);
            return new_form_page(&ctx, &group, form, errors, err.status());
        }
        Err(err) => return ctx.fail(err),
    };
    page_try!(
        ctx,
        service::event_pages::set_organizers(&ctx.data, &user.actor, event.id, &people).await
    );
    redirect_with_notice(&format!("/event/{}", event.id), "notice-event-created")
}

fn edit_form_page(
    ctx: &Ctx,
    id: i64,
    title: &str,
    form: EventForm,
    errors: Errors,
    status: StatusCode,
) -> Response {
    render_with(
        status,
        &EventFormPage {
            heading: ctx.t1("event-edit-heading", "name", title),
            back: format!("/event/{id}"),
            back_label: title.to_string(),
            ef: EventFormView::new(ctx, format!("/event/{id}/edit"), form, true),
            errors,
            ctx,
        },
    )
}

/// `GET /event/{id}/edit`.
pub async fn edit_event_page(ctx: Ctx, Path(id): Path<i64>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let details = page_try!(
        ctx,
        service::events::event_details(&ctx.data, id, Some(&user.actor)).await
    );
    if !details.is_organizer || !details.event.local {
        return ctx.fail(AppError::Forbidden(
            "not_an_organizer",
            "only the event's organizers and the group's moderators may change it".into(),
        ));
    }
    let (handles, _) = page_try!(
        ctx,
        service::event_pages::page_extras(&ctx.data, id, None).await
    );
    let typed: Vec<String> = handles.iter().map(|h| typed_handle(&ctx, h)).collect();
    let form = EventForm::of(&details.event, &typed);
    edit_form_page(
        &ctx,
        id,
        &details.event.title,
        form,
        Errors::new(),
        StatusCode::OK,
    )
}

/// `POST /event/{id}/edit`: an organizer changes the event; more seats move people up the
/// waitlist at once (the service does it).
pub async fn edit_event(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<EventForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let current = page_try!(ctx, service::events::event(&ctx.data, id).await);
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let input = match read_form(&ctx, &form) {
        Ok(input) => input,
        Err(errors) => {
            return edit_form_page(&ctx, id, &current.title, form, errors, unprocessable)
        }
    };
    let people = match organizers(&ctx, &form).await {
        Ok(people) => people,
        Err(errors) => {
            return edit_form_page(&ctx, id, &current.title, form, errors, unprocessable)
        }
    };
    match service::events::update_event(&ctx.data, &user.actor, id, input).await {
        Ok(_) => {}
        Err(err @ AppError::Unprocessable(..)) => {
            let errors = service_error(&ctx, &err);
            return edit_form_page(&ctx, id, &current.title, form, errors, err.status());
        }
        Err(err) => return ctx.fail(err),
    }
    page_try!(
        ctx,
        service::event_pages::set_organizers(&ctx.data, &user.actor, id, &people).await
    );
    redirect_with_notice(&format!("/event/{id}"), "notice-event-saved")
}
