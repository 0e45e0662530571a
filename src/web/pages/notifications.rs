//! "Notifications" (`/me/notifications`): what the node told the logged-in member about, newest
//! first, each linking to what it is about, with a button that marks them read (the menu shows
//! how many are unread). The same service answers `GET /api/v1/me/notifications`.

use askama::Template;
use axum::response::Response;
use serde::Deserialize;

use super::event_words::moment_in;
use crate::{
    page_try,
    service::notifications::{self, Notification},
    web::{csrf::CsrfForm, redirect_with_notice, render, Ctx},
};

/// Times on this page are read in the zone most of our members live in.
const PAGE_ZONE: &str = "Europe/Paris";

struct NotificationItem {
    what: String,
    title: String,
    href: String,
    when: String,
    datetime: String,
    read: bool,
}

impl NotificationItem {
    fn new(ctx: &Ctx, n: &Notification) -> NotificationItem {
        let key = format!("notification-{}", n.row.kind.replace('_', "-"));
        NotificationItem {
            what: if ctx.lang.has(&key) {
                ctx.t(&key)
            } else {
                n.row.kind.clone()
            },
            title: n.row.title.clone(),
            href: n
                .page
                .clone()
                .unwrap_or_else(|| n.row.subject_ap_id.clone()),
            when: moment_in(ctx.lang, n.row.created_at, PAGE_ZONE),
            datetime: crate::api::views::time(n.row.created_at)
                .map(|t| t.to_rfc3339())
                .unwrap_or_default(),
            read: n.row.read_at.is_some(),
        }
    }
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage<'a> {
    ctx: &'a Ctx,
    items: Vec<NotificationItem>,
    unread: i64,
    /// The newest notification listed: "mark read" stops there, so one that arrives while
    /// the page is open stays unread.
    newest: i64,
}

/// `GET /me/notifications`.
pub async fn notifications_page(ctx: Ctx) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let (list, unread) = page_try!(
        ctx,
        notifications::list(&ctx.data, &user.actor, false).await
    );
    render(&NotificationsPage {
        newest: list.iter().map(|n| n.row.id).max().unwrap_or(0),
        items: list
            .iter()
            .map(|n| NotificationItem::new(&ctx, n))
            .collect(),
        unread,
        ctx: &ctx,
    })
}

#[derive(Deserialize)]
pub struct MarkReadForm {
    up_to: Option<i64>,
}

/// `POST /me/notifications/read`.
pub async fn mark_read(ctx: Ctx, CsrfForm(form): CsrfForm<MarkReadForm>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    page_try!(
        ctx,
        notifications::mark_read(&ctx.data, &user.actor, form.up_to).await
    );
    redirect_with_notice("/me/notifications", "notice-notifications-read")
}
