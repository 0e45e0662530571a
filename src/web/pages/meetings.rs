//! Meetings of a group's bodies on the web: `/groups/{name}/meetings` (the group's meetings,
//! and the form with which a moderator plans one) and `/meeting/{id}` (the agenda: items in
//! order with where each stands, the form to propose an item, and for moderators the answer
//! to each item, its follow-up, the order, the meeting's settings and its minutes). The same
//! page serves a copy of another node's meeting: members propose from here, the group's node
//! answers. Refusals come back on the page with what was typed; nothing is saved.

use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};

use super::{
    event_words::moment_in,
    group_decisions::{group_path, viewer_roles},
    group_events::group_name,
};
use crate::{
    domain::{
        agenda::{Decision, ItemInput, MeetingInput, Refusal},
        event::{local_to_utc, utc_to_local},
    },
    error::AppError,
    federation::resolve,
    page_try,
    service::agenda::{self, MeetingDetails},
    storage::{self, actors::ActorRow, meetings::MeetingRow},
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

/// Meetings are planned and shown in the zone most of our members live in.
const ZONE: &str = "Europe/Paris";

fn refused(r: Refusal) -> AppError {
    AppError::Unprocessable(r.code, r.message.into())
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

fn when_local(millis: i64) -> String {
    utc_to_local(millis, ZONE)
        .map(|t| t.format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

struct MeetingLine {
    href: String,
    title: String,
    body: String,
    when: String,
    open: bool,
}

fn line(ctx: &Ctx, m: &MeetingRow) -> MeetingLine {
    MeetingLine {
        href: format!("/meeting/{}", m.id),
        title: m.title.clone(),
        body: m.body_name.clone(),
        when: moment_in(ctx.lang, m.starts_at, ZONE),
        open: m.items_open,
    }
}

/// A body's next meeting, for the body's page: where it is, when, and its agenda so far.
pub struct NextMeeting {
    pub href: String,
    pub title: String,
    pub when: String,
    pub open: bool,
    /// Titles of the accepted items, in agenda order.
    pub agenda: Vec<String>,
}

/// The next meeting of body `body_id`, if one is planned.
pub async fn next_meeting_of_body(
    ctx: &Ctx,
    body_id: i64,
) -> Result<Option<NextMeeting>, AppError> {
    let mut tx = ctx.data.db.read().await?;
    let now = storage::now_millis();
    let Some(m) = storage::meetings::of_body(&mut tx, body_id)
        .await?
        .into_iter()
        .find(|m| m.starts_at >= now)
    else {
        return Ok(None);
    };
    let agenda = storage::meetings::items_of(&mut tx, m.id)
        .await?
        .into_iter()
        .filter(|i| i.state == "accepted")
        .map(|i| i.title)
        .collect();
    let line = line(ctx, &m);
    Ok(Some(NextMeeting {
        href: line.href,
        title: line.title,
        when: line.when,
        open: line.open,
        agenda,
    }))
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct MeetingsPage<'a> {
    ctx: &'a Ctx,
    group_title: String,
    group_href: String,
    action: String,
    upcoming: Vec<MeetingLine>,
    past: Vec<MeetingLine>,
    /// (uuid, name) of the bodies a moderator may plan a meeting for.
    bodies: Vec<(String, String)>,
    moderator: bool,
    error: Option<String>,
    typed: Vec<(String, String)>,
}

impl MeetingsPage<'_> {
    fn typed(&self, name: &str) -> &str {
        field(&self.typed, name)
    }
}

async fn meetings_page(
    ctx: &Ctx,
    group: &ActorRow,
    error: Option<String>,
    typed: Vec<(String, String)>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let meetings = agenda::of_group(&ctx.data, group).await?;
    let mut tx = ctx.data.db.read().await?;
    let (_, moderator) = viewer_roles(&mut tx, group, ctx.user.as_ref().map(|u| &u.actor)).await?;
    let bodies = if moderator && group.local {
        storage::bodies::in_group(&mut tx, group.id)
            .await?
            .into_iter()
            .map(|b| (b.uuid, b.name))
            .collect()
    } else {
        Vec::new()
    };
    let now = storage::now_millis();
    let path = group_path(group);
    Ok(render_with(
        status,
        &MeetingsPage {
            group_title: group_name(group),
            group_href: format!("/groups/{path}"),
            action: format!("/groups/{path}/meetings"),
            upcoming: meetings
                .iter()
                .filter(|m| m.starts_at >= now)
                .map(|m| line(ctx, m))
                .collect(),
            past: meetings
                .iter()
                .rev()
                .filter(|m| m.starts_at < now)
                .map(|m| line(ctx, m))
                .collect(),
            bodies,
            moderator: moderator && group.local,
            error,
            typed,
            ctx,
        },
    ))
}

/// `GET /groups/{name}/meetings`.
pub async fn group_meetings(ctx: Ctx, Path(name): Path<String>) -> Response {
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    page_try!(
        ctx,
        meetings_page(&ctx, &group, None, Vec::new(), StatusCode::OK).await
    )
}

fn meeting_input(pairs: &[(String, String)]) -> Result<(MeetingInput, Option<i64>), AppError> {
    let starts_at = local_to_utc(field(pairs, "starts_at"), ZONE)
        .map_err(|m| AppError::Unprocessable("invalid_date", m.into()))?;
    let input = MeetingInput::checked(
        field(pairs, "title"),
        starts_at,
        Some(field(pairs, "place")),
        field(pairs, "items_open") == "on",
    )
    .map_err(refused)?;
    let event = match field(pairs, "event").trim() {
        "" => None,
        raw => Some(raw.parse::<i64>().map_err(|_| {
            AppError::Unprocessable("unknown_event", "the event is given by its number".into())
        })?),
    };
    Ok((input, event))
}

/// `POST /groups/{name}/meetings`: a moderator plans a meeting.
pub async fn create(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let result = match meeting_input(&pairs) {
        Ok((input, event)) => {
            agenda::create_meeting(
                &ctx.data,
                &user.actor,
                &group,
                field(&pairs, "body"),
                input,
                event,
            )
            .await
        }
        Err(err) => Err(err),
    };
    match result {
        Ok(meeting) => redirect_with_notice(
            &format!("/meeting/{}", meeting.id),
            "notice-meeting-created",
        ),
        Err(err @ AppError::Unprocessable(..)) => {
            let text = ctx.error_text(&err);
            page_try!(
                ctx,
                meetings_page(&ctx, &group, Some(text), pairs, err.status()).await
            )
        }
        Err(err) => ctx.fail(err),
    }
}

struct ItemLine {
    id: i64,
    title: String,
    content: String,
    author: String,
    state: String,
    state_label: String,
    reason: Option<String>,
    outcome: Option<String>,
    proposal: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage<'a> {
    ctx: &'a Ctx,
    d: MeetingDetails,
    group_title: String,
    group_href: String,
    when: String,
    starts_local: String,
    items: Vec<ItemLine>,
    member: bool,
    /// Moderates the group and the meeting is of this node: answers, order, minutes.
    manages: bool,
    /// The meeting is a copy: the group's node answers.
    remote: bool,
    error: Option<String>,
    typed: Vec<(String, String)>,
    /// (id, title) of the group's proposals, for the follow-up of an item.
    proposals: Vec<(i64, String)>,
}

impl MeetingPage<'_> {
    fn typed(&self, name: &str) -> &str {
        field(&self.typed, name)
    }
}

async fn meeting_page(
    ctx: &Ctx,
    id: i64,
    error: Option<String>,
    typed: Vec<(String, String)>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let d = agenda::details(&ctx.data, id).await?;
    let mut tx = ctx.data.db.read().await?;
    let (member, moderator) =
        viewer_roles(&mut tx, &d.group, ctx.user.as_ref().map(|u| &u.actor)).await?;
    let manages = moderator && d.meeting.local;
    let mut proposals = Vec::new();
    if manages {
        for process in storage::processes::processes_of_group(&mut tx, d.group.id).await? {
            for p in storage::processes::proposals_of_process(&mut tx, process.id, None).await? {
                proposals.push((p.id, p.title));
            }
        }
    }
    let items = d
        .items
        .iter()
        .map(|i| ItemLine {
            id: i.row.id,
            title: i.row.title.clone(),
            content: i.row.content.clone(),
            author: i.author.acct(),
            state: i.row.state.clone(),
            state_label: ctx.t(&format!("agenda-state-{}", i.row.state)),
            reason: i.row.reason.clone(),
            outcome: i.row.outcome.clone(),
            proposal: i
                .proposal
                .as_ref()
                .map(|(id, title, _)| (format!("/proposal/{id}"), title.clone())),
        })
        .collect();
    let path = group_path(&d.group);
    Ok(render_with(
        status,
        &MeetingPage {
            group_title: group_name(&d.group),
            group_href: format!("/groups/{path}"),
            when: moment_in(ctx.lang, d.meeting.starts_at, ZONE),
            starts_local: when_local(d.meeting.starts_at),
            remote: !d.meeting.local,
            items,
            member,
            manages,
            error,
            typed,
            proposals,
            d,
            ctx,
        },
    ))
}

/// `GET /meeting/{id}`.
pub async fn meeting(ctx: Ctx, Path(id): Path<i64>) -> Response {
    page_try!(
        ctx,
        meeting_page(&ctx, id, None, Vec::new(), StatusCode::OK).await
    )
}

/// After a change from the meeting page: back to it with a notice, or the page again with
/// the refusal and what was typed.
async fn after(
    ctx: &Ctx,
    meeting_id: i64,
    result: Result<(), AppError>,
    notice: &str,
    typed: Vec<(String, String)>,
) -> Response {
    match result {
        Ok(()) => redirect_with_notice(&format!("/meeting/{meeting_id}"), notice),
        Err(err @ (AppError::Unprocessable(..) | AppError::BadRequest(..))) => {
            let text = ctx.error_text(&err);
            page_try!(
                ctx,
                meeting_page(ctx, meeting_id, Some(text), typed, err.status()).await
            )
        }
        Err(err) => ctx.fail(err),
    }
}

/// `POST /meeting/{id}/items`: a member proposes an item.
pub async fn propose(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let result = match ItemInput::checked(field(&pairs, "title"), field(&pairs, "text")) {
        Ok(input) => agenda::propose_item(&ctx.data, &user.actor, id, input)
            .await
            .map(|_| ()),
        Err(r) => Err(refused(r)),
    };
    after(&ctx, id, result, "notice-agenda-item-proposed", pairs).await
}

/// `POST /meeting/{id}/edit`: a moderator changes the meeting's settings.
pub async fn edit(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let result = match meeting_input(&pairs) {
        Ok((input, event)) => agenda::update_meeting(&ctx.data, &user.actor, id, input, event)
            .await
            .map(|_| ()),
        Err(err) => Err(err),
    };
    after(&ctx, id, result, "notice-meeting-saved", pairs).await
}

/// `POST /meeting/{id}/minutes`.
pub async fn minutes(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let result = agenda::set_minutes(&ctx.data, &user.actor, id, field(&pairs, "minutes"))
        .await
        .map(|_| ());
    after(&ctx, id, result, "notice-meeting-saved", pairs).await
}

async fn meeting_of_item(ctx: &Ctx, item_id: i64) -> Result<i64, AppError> {
    let mut tx = ctx.data.db.read().await?;
    Ok(storage::meetings::item_by_id(&mut tx, item_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such agenda item"))?
        .meeting_id)
}

/// `POST /agenda-item/{id}/decision`: a moderator accepts or declines (with the reason).
pub async fn decide(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let meeting_id = page_try!(ctx, meeting_of_item(&ctx, id).await);
    let accepted = field(&pairs, "answer") == "accept";
    let reason = field(&pairs, &format!("reason-{id}"));
    let result = match Decision::checked(accepted, Some(reason)) {
        Ok(decision) => agenda::decide_item(&ctx.data, &user.actor, id, decision)
            .await
            .map(|_| ()),
        Err(r) => Err(refused(r)),
    };
    after(
        &ctx,
        meeting_id,
        result,
        "notice-agenda-item-answered",
        pairs,
    )
    .await
}

/// `POST /agenda-item/{id}/follow-up`: what came of the item.
pub async fn follow_up(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let meeting_id = page_try!(ctx, meeting_of_item(&ctx, id).await);
    let proposal = field(&pairs, &format!("proposal-{id}")).parse::<i64>().ok();
    let result = agenda::follow_up(
        &ctx.data,
        &user.actor,
        id,
        Some(field(&pairs, &format!("outcome-{id}"))),
        proposal,
    )
    .await
    .map(|_| ());
    after(&ctx, meeting_id, result, "notice-meeting-saved", pairs).await
}

/// `POST /agenda-item/{id}/move`: one place up or down.
pub async fn move_item(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let meeting_id = page_try!(ctx, meeting_of_item(&ctx, id).await);
    let up = field(&pairs, "direction") == "up";
    let result = agenda::move_item(&ctx.data, &user.actor, id, up).await;
    after(&ctx, meeting_id, result, "notice-meeting-saved", Vec::new()).await
}
