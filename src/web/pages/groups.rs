//! Group pages: about, members, moderators, posts with replies; joining, leaving, posting,
//! answering membership requests; following a group of another node.

use std::collections::HashMap;

use askama::Template;
use axum::{
    extract::Path,
    http::{HeaderMap, StatusCode},
    response::Response,
};
use serde::Deserialize;

use super::{group_decisions, group_events, involvement, onboarding, PostItem};
use crate::{
    domain::{content::html_to_text, membership::FollowState},
    error::AppError,
    federation::{resolve, routes::wants_activity_json},
    page_try, service,
    storage::{self, actors::ActorRow, follows::FollowListing},
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

#[derive(Template)]
#[template(path = "group.html")]
struct GroupPage<'a> {
    ctx: &'a Ctx,
    group: &'a ActorRow,
    /// What the URL of this page calls the group (name here, `name@domain` elsewhere).
    path_name: String,
    handle: String,
    members: i64,
    moderators: Vec<String>,
    /// The reader's membership: none, pending, accepted or rejected.
    my_state: String,
    posts: Vec<PostItem>,
    pending: Vec<FollowListing>,
    /// Moderators of our own groups may edit the description and rules.
    can_edit: bool,
    summary_text: String,
    rules_text: String,
    draft_title: String,
    draft_content: String,
    errors: HashMap<&'static str, String>,
    /// Processes, colleges, and the forms moderators use for them.
    decisions: group_decisions::DecisionsSection,
    /// The next events, the calendar feed, and for moderators the "new event" link.
    events: group_events::EventsSection,
    /// What the member receives from the group (members only).
    involvement: Option<involvement::InvolvementForm>,
    /// "Qui sommes-nous ?", the onboarding path, and a newcomer's prompt to follow it.
    welcome: onboarding::WelcomeSection,
}

impl GroupPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    fn membership_text(&self) -> String {
        let key = match self.group.membership.as_deref() {
            Some("approval") => "group-membership-approval",
            Some("invite") => "group-membership-invite",
            _ => "group-membership-open",
        };
        self.ctx.t(key)
    }
}

/// What a page about `group` shows, with an optional post form being corrected.
async fn group_view(
    ctx: &Ctx,
    group: &ActorRow,
    draft: Option<(&str, &str, HashMap<&'static str, String>)>,
    status: StatusCode,
) -> Response {
    let data = &ctx.data;
    let details = page_try!(ctx, service::groups::details(data, group.clone()).await);
    let mut tx = page_try!(ctx, data.db.read().await);
    let (my_state, is_moderator) = match &ctx.user {
        Some(user) => (
            page_try!(
                ctx,
                storage::follows::get(&mut tx, user.actor.id, group.id).await
            )
            .map(|f| f.state)
            .unwrap_or_else(|| "none".into()),
            page_try!(
                ctx,
                storage::actors::is_moderator(&mut tx, group.id, user.actor.id).await
            ),
        ),
        None => ("none".into(), false),
    };
    let mut posts = Vec::new();
    for listing in page_try!(
        ctx,
        storage::posts::list_for_group(&mut tx, group.id, 50).await
    ) {
        let mut item = PostItem::new(&listing, &ctx.domain);
        for reply in page_try!(ctx, storage::posts::replies(&mut tx, listing.id).await) {
            item.replies.push(PostItem::new(&reply, &ctx.domain));
        }
        posts.push(item);
    }
    let can_edit = is_moderator && group.local;
    let pending = if can_edit {
        page_try!(
            ctx,
            storage::follows::followers(&mut tx, group.id, "pending").await
        )
    } else {
        vec![]
    };
    let decisions = page_try!(ctx, group_decisions::section(ctx, group, can_edit).await);
    let events = page_try!(ctx, group_events::section(ctx, group, can_edit).await);
    let involvement = page_try!(ctx, involvement::form_for(ctx, group).await);
    let welcome = page_try!(ctx, onboarding::section(ctx, group, can_edit).await);
    let (draft_title, draft_content, errors) = draft
        .map(|(t, c, e)| (t.to_string(), c.to_string(), e))
        .unwrap_or_default();
    render_with(
        status,
        &GroupPage {
            ctx,
            path_name: if group.local {
                group.username.clone()
            } else {
                group.acct()
            },
            handle: format!("@{}", group.acct()),
            members: details.members,
            moderators: details.moderators.iter().map(|m| m.acct()).collect(),
            my_state,
            posts,
            pending,
            can_edit,
            summary_text: group
                .summary
                .as_deref()
                .map(html_to_text)
                .unwrap_or_default(),
            rules_text: group.rules.as_deref().map(html_to_text).unwrap_or_default(),
            draft_title,
            draft_content,
            errors,
            involvement,
            welcome,
            decisions,
            events,
            group,
        },
    )
}

pub async fn group_page(ctx: Ctx, Path(name): Path<String>, headers: HeaderMap) -> Response {
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    if wants_activity_json(&headers) {
        if !group.local {
            return ctx.fail(AppError::not_found("this group lives on another node"));
        }
        return page_try!(
            ctx,
            crate::federation::routes::actor_document(&ctx.data, group).await
        );
    }
    group_view(&ctx, &group, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct EmptyForm {}

pub async fn join(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let (follow, _) = page_try!(
        ctx,
        service::membership::follow(&ctx.data, &user.actor, &group.ap_id).await
    );
    let notice = match FollowState::parse(&follow.state) {
        Some(FollowState::Accepted) => "notice-joined",
        Some(FollowState::Rejected) => "notice-join-refused",
        _ => "notice-join-requested",
    };
    redirect_with_notice(&format!("/groups/{name}"), notice)
}

pub async fn leave(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    page_try!(
        ctx,
        service::membership::unfollow(&ctx.data, &user.actor, &group).await
    );
    redirect_with_notice(&format!("/groups/{name}"), "notice-left")
}

#[derive(Deserialize)]
pub struct PostForm {
    #[serde(default)]
    title: String,
    content: String,
}

pub async fn create_post(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(form): CsrfForm<PostForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let title = Some(form.title.trim()).filter(|t| !t.is_empty());
    match service::posts::create_post(&ctx.data, &user.actor, &group, title, &form.content).await {
        Ok(_) => redirect_with_notice(&format!("/groups/{name}"), "notice-posted"),
        Err(err @ AppError::Unprocessable(..)) => {
            let field = if err.to_string().contains("title") {
                "title"
            } else {
                "content"
            };
            let errors = HashMap::from([(field, ctx.error_text(&err))]);
            group_view(
                &ctx,
                &group,
                Some((&form.title, &form.content, errors)),
                err.status(),
            )
            .await
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct AnswerForm {
    decision: String,
}

pub async fn answer_request(
    ctx: Ctx,
    Path((name, handle)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<AnswerForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let accept = match form.decision.as_str() {
        "accept" => true,
        "reject" => false,
        _ => return ctx.fail(AppError::bad_request("decision is accept or reject")),
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    page_try!(
        ctx,
        service::membership::answer_request(&ctx.data, &user.actor, &group, &handle, accept).await
    );
    let notice = if accept {
        "notice-request-accepted"
    } else {
        "notice-request-rejected"
    };
    redirect_with_notice(&format!("/groups/{name}"), notice)
}

#[derive(Template)]
#[template(path = "follow.html")]
struct FollowPage<'a> {
    ctx: &'a Ctx,
    handle: String,
    error: Option<String>,
    following: Vec<FollowListing>,
}

async fn follow_view(
    ctx: &Ctx,
    handle: String,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let following = match &ctx.user {
        Some(user) => {
            let mut tx = page_try!(ctx, ctx.data.db.read().await);
            page_try!(
                ctx,
                storage::follows::following(&mut tx, user.actor.id).await
            )
        }
        None => vec![],
    };
    render_with(
        status,
        &FollowPage {
            ctx,
            handle,
            error,
            following,
        },
    )
}

pub async fn follow_page(ctx: Ctx) -> Response {
    if ctx.user.is_none() {
        return ctx.login_first();
    }
    follow_view(&ctx, String::new(), None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct FollowForm {
    handle: String,
}

pub async fn follow(ctx: Ctx, CsrfForm(form): CsrfForm<FollowForm>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    match service::membership::follow(&ctx.data, &user.actor, &form.handle).await {
        Ok((_, target)) if target.is_group() => {
            let path = if target.local {
                target.username.clone()
            } else {
                target.acct()
            };
            redirect_with_notice(&format!("/groups/{path}"), "notice-follow-sent")
        }
        Ok(_) => redirect_with_notice("/follow", "notice-follow-sent"),
        Err(err) if err.status().is_client_error() || err.status() == StatusCode::BAD_GATEWAY => {
            let text = ctx.error_text(&err);
            follow_view(&ctx, form.handle, Some(text), err.status()).await
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct EditForm {
    summary: String,
    rules: String,
}

pub async fn edit_group(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(form): CsrfForm<EditForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    page_try!(
        ctx,
        service::groups::update_texts(&ctx.data, &user.actor, &group, &form.summary, &form.rules)
            .await
    );
    redirect_with_notice(&format!("/groups/{name}"), "notice-saved")
}
