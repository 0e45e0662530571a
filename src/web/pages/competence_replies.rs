//! Answers to an offer or a need, on its page: the replies to its discussion thread (the post
//! `CompetenceDetails::post_id`; replies go through `service::posts::reply`, as any reply, so
//! they travel to other nodes the same way), the reply form for the group's members, and, for
//! the need's author, "this helped" on one reply, which resolves the need
//! (`service::competences::update` with `helpful_post_id`).

use axum::{extract::Path, response::Response};
use serde::Deserialize;

use super::{competences::refused_with_draft, posts::thread_replies, PostItem};
use crate::{
    error::AppError,
    service,
    service::competences::{CompetenceChange, CompetenceDetails},
    web::{csrf::CsrfForm, redirect_with_notice, Ctx},
};

/// How deep the page follows a discussion (as the thread page does).
const MAX_DEPTH: usize = 8;

/// One reply, and whether it is the answer that helped.
pub struct ReplyItem {
    pub depth: usize,
    pub post: PostItem,
    pub helpful: bool,
}

/// The discussion under an offer or a need, as its page shows it.
pub struct Thread {
    /// The thread's first post, for the link to the whole discussion.
    pub post_id: i64,
    pub replies: Vec<ReplyItem>,
    /// Members of the group answer here.
    pub can_reply: bool,
    /// The need's author may mark a reply as the one that helped.
    pub can_mark_helpful: bool,
    /// The reply that helped (its id and author), when one is marked and still shown.
    pub helpful: Option<(i64, String)>,
}

/// The replies of `d`'s thread; `None` for a copy whose thread did not reach this node.
pub async fn thread(
    ctx: &Ctx,
    d: &CompetenceDetails,
    member: bool,
    is_author: bool,
) -> Result<Option<Thread>, AppError> {
    let Some(post_id) = d.post_id else {
        return Ok(None);
    };
    let mut found = Vec::new();
    let mut tx = ctx.data.db.read().await?;
    thread_replies(&mut tx, post_id, &ctx.domain, 1, MAX_DEPTH, &mut found).await?;
    let helpful_id = d.row.helpful_post_id;
    let replies: Vec<ReplyItem> = found
        .into_iter()
        .map(|(depth, post)| ReplyItem {
            depth,
            helpful: Some(post.id) == helpful_id,
            post,
        })
        .collect();
    let helpful = replies
        .iter()
        .find(|r| r.helpful)
        .map(|r| (r.post.id, r.post.author_name.clone()));
    Ok(Some(Thread {
        post_id,
        can_reply: member && ctx.user.is_some(),
        can_mark_helpful: is_author && d.row.kind == "need",
        helpful,
        replies,
    }))
}

#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    content: String,
}

/// `POST /competence/{id}/replies`: a member answers an offer or a need.
pub async fn reply(ctx: Ctx, Path(id): Path<i64>, CsrfForm(form): CsrfForm<ReplyForm>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let d = match service::competences::details(&ctx.data, id).await {
        Ok(d) => d,
        Err(err) => return ctx.fail(err),
    };
    let Some(post_id) = d.post_id else {
        return ctx.fail(AppError::not_found("this discussion is not on this node"));
    };
    match service::posts::reply(&ctx.data, &user.actor, post_id, &form.content).await {
        Ok(_) => redirect_with_notice(&format!("/competence/{id}"), "notice-replied"),
        Err(err) => refused_with_draft(&ctx, id, err, form.content).await,
    }
}

#[derive(Deserialize)]
pub struct HelpfulForm {
    #[serde(default)]
    post_id: String,
}

/// `POST /competence/{id}/helpful`: the need's author marks the reply that helped; the need
/// is then resolved.
pub async fn mark_helpful(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<HelpfulForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let Ok(post_id) = form.post_id.trim().parse::<i64>() else {
        return ctx.fail(AppError::bad_request("no such reply"));
    };
    let change = CompetenceChange {
        helpful_post_id: Some(Some(post_id)),
        ..CompetenceChange::default()
    };
    match service::competences::update(&ctx.data, &user.actor, id, change).await {
        Ok(_) => redirect_with_notice(&format!("/competence/{id}"), "notice-competence-helpful"),
        Err(err) => refused_with_draft(&ctx, id, err, String::new()).await,
    }
}
