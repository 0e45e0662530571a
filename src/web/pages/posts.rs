//! A post with its whole thread, and the reply form. `/posts/{uuid}` is also the ActivityPub id
//! of our posts: peers get the object, browsers the thread page.

use std::collections::HashMap;

use askama::Template;
use axum::{
    extract::Path,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::PostItem;
use crate::{
    error::AppError,
    federation::routes::{post_document, wants_activity_json},
    page_try, service,
    storage::{self, Tx},
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

#[derive(Template)]
#[template(path = "thread.html")]
struct ThreadPage<'a> {
    ctx: &'a Ctx,
    post: PostItem,
    /// Every reply under the post, in thread order, with its depth (1 = direct reply).
    replies: Vec<(usize, PostItem)>,
    can_reply: bool,
    draft: String,
    errors: HashMap<&'static str, String>,
}

impl ThreadPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// The replies under `post_id`, depth first, down to `max_depth` levels.
pub(super) async fn thread_replies(
    tx: &mut Tx,
    post_id: i64,
    domain: &str,
    depth: usize,
    max_depth: usize,
    out: &mut Vec<(usize, PostItem)>,
) -> Result<(), AppError> {
    if depth > max_depth {
        return Ok(());
    }
    for reply in storage::posts::replies(tx, post_id).await? {
        out.push((depth, PostItem::new(&reply, domain)));
        Box::pin(thread_replies(
            tx,
            reply.id,
            domain,
            depth + 1,
            max_depth,
            out,
        ))
        .await?;
    }
    Ok(())
}

async fn thread_view(
    ctx: &Ctx,
    id: i64,
    draft: String,
    errors: HashMap<&'static str, String>,
    status: StatusCode,
) -> Response {
    let mut tx = page_try!(ctx, ctx.data.db.read().await);
    let listing = page_try!(ctx, storage::posts::listing(&mut tx, id).await);
    let Some(listing) = listing else {
        return ctx.fail(AppError::not_found("no such post"));
    };
    let post = PostItem::new(&listing, &ctx.domain);
    let mut replies = Vec::new();
    page_try!(
        ctx,
        thread_replies(&mut tx, id, &ctx.domain, 1, 8, &mut replies).await
    );
    let can_reply = match (&ctx.user, storage::posts::by_id(&mut tx, id).await) {
        (Some(user), Ok(Some(row))) => match row.group_id {
            Some(group_id) => page_try!(
                ctx,
                storage::follows::get(&mut tx, user.actor.id, group_id).await
            )
            .is_some_and(|f| f.state == "accepted"),
            None => false,
        },
        _ => false,
    };
    render_with(
        status,
        &ThreadPage {
            ctx,
            post,
            replies,
            can_reply,
            draft,
            errors,
        },
    )
}

pub async fn thread_page(ctx: Ctx, Path(id): Path<i64>) -> Response {
    thread_view(&ctx, id, String::new(), HashMap::new(), StatusCode::OK).await
}

/// `GET /posts/{uuid}`: the object for peers, the thread page for people.
pub async fn post_document_or_page(
    ctx: Ctx,
    Path(uuid): Path<String>,
    headers: HeaderMap,
) -> Response {
    if wants_activity_json(&headers) {
        return page_try!(ctx, post_document(&ctx.data, &uuid).await);
    }
    let ap_id = ctx
        .data
        .urls
        .base()
        .join(&format!("/posts/{uuid}"))
        .map(|u| u.to_string());
    let Ok(ap_id) = ap_id else {
        return ctx.fail(AppError::not_found("no such post"));
    };
    let mut tx = page_try!(ctx, ctx.data.db.read().await);
    match page_try!(ctx, storage::posts::by_ap_id(&mut tx, &ap_id).await) {
        Some(post) if post.deleted_at.is_none() => {
            Redirect::to(&format!("/p/{}", post.id)).into_response()
        }
        _ => ctx.fail(AppError::not_found("no such post")),
    }
}

#[derive(Deserialize)]
pub struct ReplyForm {
    content: String,
}

pub async fn reply(ctx: Ctx, Path(id): Path<i64>, CsrfForm(form): CsrfForm<ReplyForm>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    match service::posts::reply(&ctx.data, &user.actor, id, &form.content).await {
        Ok(_) => redirect_with_notice(&format!("/p/{id}"), "notice-replied"),
        Err(err @ (AppError::Unprocessable(..) | AppError::Forbidden(..))) => {
            let errors = HashMap::from([("content", ctx.error_text(&err))]);
            let status = err.status();
            thread_view(&ctx, id, form.content, errors, status).await
        }
        Err(err) => ctx.fail(err),
    }
}
