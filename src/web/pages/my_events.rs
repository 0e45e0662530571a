//! "My events" (`/me/events`): the events the logged-in member registered for that have not
//! ended, with where they stand, and their private calendar address with the button that
//! replaces it (`service::calendar_feeds`; the feed itself is served by `web::calendars`).

use askama::Template;
use axum::response::Response;
use serde::Deserialize;

use super::group_events::EventItem;
use crate::{
    page_try,
    service::{self, calendar_feeds},
    storage::now_millis,
    web::{csrf::CsrfForm, redirect_with_notice, render, Ctx},
};

#[derive(Template)]
#[template(path = "my_events.html")]
struct MyEventsPage<'a> {
    ctx: &'a Ctx,
    events: Vec<EventItem>,
    feed_url: String,
}

/// `GET /me/events`.
pub async fn my_events_page(ctx: Ctx) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let events = page_try!(
        ctx,
        service::events::my_events(&ctx.data, &user.actor, now_millis()).await
    );
    let token = page_try!(ctx, calendar_feeds::token(&ctx.data, &user.account).await);
    render(&MyEventsPage {
        events: events.iter().map(|d| EventItem::new(&ctx, d)).collect(),
        feed_url: calendar_feeds::feed_url(&ctx.data, &token),
        ctx: &ctx,
    })
}

#[derive(Deserialize)]
pub struct EmptyForm {}

/// `POST /me/calendar/reset`: a new private address; calendars subscribed to the old one
/// stop receiving events.
pub async fn reset_calendar(ctx: Ctx, CsrfForm(_): CsrfForm<EmptyForm>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    page_try!(ctx, calendar_feeds::reset(&ctx.data, &user.account).await);
    redirect_with_notice("/me/events", "notice-calendar-reset")
}
