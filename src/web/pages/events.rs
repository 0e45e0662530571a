//! An event's page (`/event/{id}`) and the reader's registration: everything about the event,
//! where the reader stands, and the Register and Leave forms. Registering and leaving go
//! through `service::events::register` and `leave`, the same as the API and the inbox, so
//! seats, the waitlist and (once federated) events of other nodes follow one set of rules; a
//! refusal comes back on this page, in the reader's language, with its HTTP status.

use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{
    event_words::{
        category_key, error_text, join_mode_explain_key, join_mode_key, moment_in,
        recurrence_words, state_key, status_key, when,
    },
    group_decisions::group_path,
    group_events::{group_name, origin},
};
use crate::{
    domain::event::{Recurrence, RegistrationState, Status},
    error::AppError,
    page_try,
    service::{self, events::EventDetails, Origin},
    storage::{events::EventRow, now_millis},
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage<'a> {
    ctx: &'a Ctx,
    e: EventRow,
    group_name: String,
    group_path: String,
    when: String,
    deadline: Option<String>,
    recurrence: Option<String>,
    category: String,
    status: String,
    /// Cancelled or postponed: said first and loud.
    alert: bool,
    join_mode: String,
    join_mode_explain: String,
    /// The online link, for seated participants and organizers only.
    online_url: Option<String>,
    seats_left: Option<i64>,
    accepted: i64,
    pending: i64,
    waitlisted: i64,
    organizers: Vec<String>,
    is_organizer: bool,
    /// Organizers of an event of this node manage it here (list, answers, changes).
    can_edit: bool,
    /// The reader's registration: its code and words.
    my_state: Option<(String, String)>,
    my_note: Option<String>,
    waitlist_position: Option<i64>,
    /// Why no one can register any more (a text key), if so.
    closed: Option<&'static str>,
    /// Registering now would put the reader on the waitlist.
    full: bool,
    origin: Option<String>,
    /// A refusal of the last form, in words.
    error: Option<String>,
    note: String,
}

impl EventPage<'_> {
    fn state_is(&self, code: &str) -> bool {
        self.my_state.as_ref().is_some_and(|(c, _)| c == code)
    }
}

/// Why registrations are over for `e`, as the page tells it (the service decides).
fn closed_reason(e: &EventRow, now: i64) -> Option<&'static str> {
    if Status::parse(&e.status) == Some(Status::Cancelled) {
        Some("event-closed-cancelled")
    } else if now >= e.ends_at {
        Some("event-closed-over")
    } else if e.registration_deadline.is_some_and(|d| now > d) {
        Some("event-closed-deadline")
    } else {
        None
    }
}

async fn event_view(
    ctx: &Ctx,
    id: i64,
    error: Option<String>,
    note: String,
    status: StatusCode,
) -> Response {
    let viewer = ctx.user.as_ref().map(|u| &u.actor);
    let d: EventDetails = page_try!(
        ctx,
        service::events::event_details(&ctx.data, id, viewer).await
    );
    let (organizers, waitlist_position) = page_try!(
        ctx,
        service::event_pages::page_extras(&ctx.data, id, viewer).await
    );
    let e = &d.event;
    let lang = ctx.lang;
    let recurrence = e
        .recurrence
        .as_deref()
        .and_then(|r| serde_json::from_str::<Recurrence>(r).ok())
        .map(|r| recurrence_words(lang, &r, e.starts_at, &e.timezone));
    let full = d.seats_left() == Some(0);
    render_with(
        status,
        &EventPage {
            ctx,
            group_name: group_name(&d.group),
            group_path: group_path(&d.group),
            when: when(lang, e.starts_at, e.ends_at, &e.timezone),
            deadline: e
                .registration_deadline
                .map(|at| moment_in(lang, at, &e.timezone)),
            recurrence,
            category: ctx.t(&category_key(&e.category)),
            status: ctx.t(&status_key(&e.status)),
            alert: matches!(
                Status::parse(&e.status),
                Some(Status::Cancelled | Status::Postponed)
            ),
            join_mode: ctx.t(&join_mode_key(&e.join_mode)),
            join_mode_explain: ctx.t(&join_mode_explain_key(&e.join_mode)),
            // Only web addresses become links (a peer could send anything).
            online_url: d
                .online_url_for_viewer()
                .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                .map(str::to_owned),
            seats_left: d.seats_left(),
            accepted: d.accepted,
            pending: d.pending,
            waitlisted: d.waitlisted,
            organizers,
            is_organizer: d.is_organizer,
            can_edit: d.is_organizer && e.local,
            my_state: d
                .your_registration
                .as_ref()
                .map(|r| (r.state.clone(), ctx.t(&state_key(&r.state)))),
            my_note: d.your_registration.as_ref().and_then(|r| r.note.clone()),
            // A copy of another node's event knows only its own members' places in line.
            waitlist_position: waitlist_position.filter(|_| e.local),
            closed: closed_reason(e, now_millis()),
            full,
            origin: origin(e.local, &e.ap_id),
            error,
            note,
            e: d.event.clone(),
        },
    )
}

/// `GET /event/{id}`.
pub async fn event_page(ctx: Ctx, Path(id): Path<i64>) -> Response {
    event_view(&ctx, id, None, String::new(), StatusCode::OK).await
}

/// A refusal shown on the event page; a missing event gets the error page.
async fn refused(ctx: &Ctx, id: i64, err: AppError, note: String) -> Response {
    if matches!(err, AppError::NotFound(_)) || err.status().is_server_error() {
        return ctx.fail(err);
    }
    let text = error_text(ctx, &err);
    event_view(ctx, id, Some(text), note, err.status()).await
}

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    note: String,
}

/// `POST /event/{id}/register`: the reader asks for a seat, with an optional word for the
/// organizers.
pub async fn register(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RegisterForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let note = Some(form.note.trim()).filter(|n| !n.is_empty());
    match service::events::register(&ctx.data, &user.actor, id, note, Origin::Local, None).await {
        Ok(Some(outcome)) => {
            let notice = match (outcome.new, RegistrationState::parse(&outcome.state)) {
                (false, _) => "notice-event-already-registered",
                (true, Some(RegistrationState::Accepted)) => "notice-event-accepted",
                (true, Some(RegistrationState::Pending)) => "notice-event-pending",
                (true, _) => "notice-event-waitlisted",
            };
            redirect_with_notice(&format!("/event/{id}"), notice)
        }
        Ok(None) => ctx.fail(AppError::Internal(anyhow::anyhow!(
            "a registration from this node was taken for a duplicate"
        ))),
        Err(err) => refused(&ctx, id, err, form.note).await,
    }
}

#[derive(Deserialize)]
pub struct EmptyForm {}

/// `POST /event/{id}/leave`: the reader gives up their seat (or their place in the queue);
/// the first person waiting moves up.
pub async fn leave(ctx: Ctx, Path(id): Path<i64>, CsrfForm(_): CsrfForm<EmptyForm>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    match service::events::leave(&ctx.data, &user.actor, id, Origin::Local).await {
        Ok(_) => redirect_with_notice(&format!("/event/{id}"), "notice-event-left"),
        Err(err) => refused(&ctx, id, err, String::new()).await,
    }
}
