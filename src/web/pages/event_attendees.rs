//! The organizers' view of an event (`/event/{id}/attendees`): who registered, in which state
//! and with which note; Accept and Reject for registrations waiting for an answer; inviting
//! someone to an event on invitation; the list as CSV (the API's own CSV writer). Every
//! action asks `service::events`, which checks that the reader organizes the event.

use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{
    event_words::{error_text, moment_in, state_key},
    group_events::group_name,
};
use crate::{
    api::events::{attendees_csv, AttendeeView},
    error::AppError,
    federation::resolve,
    page_try, service, storage,
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

/// One registration as the table shows it.
pub struct AttendeeLine {
    pub actor_id: i64,
    pub handle: String,
    pub name: String,
    pub state_code: String,
    pub state: String,
    pub note: Option<String>,
    pub registered: String,
}

#[derive(Template)]
#[template(path = "event_attendees.html")]
struct AttendeesPage<'a> {
    ctx: &'a Ctx,
    event_id: i64,
    title: String,
    group_name: String,
    invitation: bool,
    lines: Vec<AttendeeLine>,
    accepted: i64,
    pending: i64,
    waitlisted: i64,
    said: Said,
}

impl AttendeesPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        (field == "invite-handle")
            .then_some(self.said.invite_error.as_ref())
            .flatten()
    }
}

/// What the last form gets told: a refused answer, or a refused invitation with the name
/// as typed.
#[derive(Default)]
struct Said {
    error: Option<String>,
    invite_error: Option<String>,
    invitee: String,
}

async fn attendees_view(ctx: &Ctx, id: i64, said: Said, status: StatusCode) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let rows = page_try!(
        ctx,
        service::events::attendees(&ctx.data, &user.actor, id).await
    );
    let details = page_try!(
        ctx,
        service::events::event_details(&ctx.data, id, Some(&user.actor)).await
    );
    let zone = &details.event.timezone;
    let lines = rows
        .iter()
        .map(|row| {
            let view = AttendeeView::new(row);
            AttendeeLine {
                actor_id: row.actor_id,
                handle: view.handle,
                name: view.name,
                state: ctx.t(&state_key(&row.state)),
                state_code: row.state.clone(),
                note: row.note.clone(),
                registered: moment_in(ctx.lang, row.created_at, zone),
            }
        })
        .collect();
    render_with(
        status,
        &AttendeesPage {
            ctx,
            event_id: id,
            title: details.event.title.clone(),
            group_name: group_name(&details.group),
            invitation: details.event.join_mode == "invitation",
            lines,
            accepted: details.accepted,
            pending: details.pending,
            waitlisted: details.waitlisted,
            said,
        },
    )
}

/// `GET /event/{id}/attendees`.
pub async fn attendees_page(ctx: Ctx, Path(id): Path<i64>) -> Response {
    attendees_view(&ctx, id, Said::default(), StatusCode::OK).await
}

/// `GET /event/{id}/attendees.csv`: the same list for a spreadsheet.
pub async fn attendees_csv_file(ctx: Ctx, Path(id): Path<i64>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let rows = page_try!(
        ctx,
        service::events::attendees(&ctx.data, &user.actor, id).await
    );
    let views: Vec<AttendeeView> = rows.iter().map(AttendeeView::new).collect();
    attendees_csv(&views)
}

#[derive(Deserialize)]
pub struct DecisionForm {
    decision: String,
}

/// `POST /event/{id}/attendees/{actor_id}`: an organizer accepts or refuses a registration.
pub async fn decide(
    ctx: Ctx,
    Path((id, actor_id)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let accept = match form.decision.as_str() {
        "accept" => true,
        "reject" => false,
        _ => return ctx.fail(AppError::bad_request("decision is accept or reject")),
    };
    let participant = {
        let mut tx = page_try!(ctx, ctx.data.db.read().await);
        page_try!(ctx, storage::actors::by_id(&mut tx, actor_id).await)
    };
    let Some(participant) = participant else {
        return ctx.fail(AppError::not_found("no such person"));
    };
    match service::events::decide(&ctx.data, &user.actor, id, &participant, accept).await {
        Ok(_) => redirect_with_notice(
            &format!("/event/{id}/attendees"),
            if accept {
                "notice-event-attendee-accepted"
            } else {
                "notice-event-attendee-rejected"
            },
        ),
        Err(err) if err.status().is_server_error() => ctx.fail(err),
        Err(err) => {
            let said = Said {
                error: Some(error_text(&ctx, &err)),
                ..Said::default()
            };
            attendees_view(&ctx, id, said, err.status()).await
        }
    }
}

#[derive(Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    invitee: String,
}

/// `POST /event/{id}/invitations`: an organizer invites someone by name or handle.
pub async fn invite(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let name = form.invitee.trim();
    let refused = |text: String| Said {
        invite_error: Some(text),
        invitee: form.invitee.clone(),
        ..Said::default()
    };
    let invitee = match resolve::person(&ctx.data, name).await {
        Ok(actor) if actor.kind == "person" => actor,
        Ok(_) | Err(AppError::NotFound(_) | AppError::BadRequest(..)) => {
            let said = refused(ctx.t1("event-error-unknown-person", "name", name));
            return attendees_view(&ctx, id, said, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(err) => {
            let said = refused(ctx.error_text(&err));
            return attendees_view(&ctx, id, said, err.status()).await;
        }
    };
    match service::events::invite(&ctx.data, &user.actor, id, &invitee).await {
        Ok(()) => redirect_with_notice(&format!("/event/{id}/attendees"), "notice-event-invited"),
        Err(err) if err.status().is_server_error() => ctx.fail(err),
        Err(err) => {
            let said = refused(error_text(&ctx, &err));
            attendees_view(&ctx, id, said, err.status()).await
        }
    }
}
