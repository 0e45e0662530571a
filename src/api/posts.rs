//! Discussion posts and replies.

use axum::{
    extract::{Path, Query},
    http::StatusCode,
    Json,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiJson, CurrentUser},
    views::{PostThread, PostView},
};
use crate::{
    error::{AppError, AppResult},
    federation::{resolve, FedData},
    service,
    storage::{self, Tx},
};

#[derive(Deserialize, ToSchema)]
pub struct NewPostRequest {
    pub title: Option<String>,
    /// Markdown.
    pub content: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewReplyRequest {
    /// Markdown.
    pub content: String,
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// At most this many posts (default 50, at most 200).
    pub limit: Option<i64>,
}

async fn view(data: &FedData, id: i64) -> AppResult<PostView> {
    let mut tx = data.db.read().await?;
    let listing = storage::posts::listing(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such post"))?;
    Ok(PostView::new(&listing))
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/posts", tag = "posts", security(("bearer" = [])),
    params(("group" = String, Path)), request_body = NewPostRequest,
    responses((status = 201, body = PostView), (status = 403, description = "not a member", body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<NewPostRequest>,
) -> AppResult<(StatusCode, Json<PostView>)> {
    let group = resolve::known_group(&data, &group).await?;
    let post = service::posts::create_post(
        &data,
        &user.actor,
        &group,
        body.title.as_deref(),
        &body.content,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(view(&data, post.id).await?)))
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/posts", tag = "posts", params(("group" = String, Path), ListQuery),
    responses((status = 200, description = "newest first", body = [PostView])))]
pub async fn list(
    data: FedData,
    Path(group): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Json<Vec<PostView>>> {
    let group = resolve::known_group(&data, &group).await?;
    let limit = query.limit.unwrap_or(50).clamp(1, 200);
    let mut tx = data.db.read().await?;
    let posts = storage::posts::list_for_group(&mut tx, group.id, limit).await?;
    Ok(Json(posts.iter().map(PostView::new).collect()))
}

async fn thread(tx: &mut Tx, mut post: PostView, depth: usize) -> AppResult<PostThread> {
    let mut replies = Vec::new();
    if depth > 0 {
        for reply in storage::posts::replies(tx, post.id).await? {
            replies.push(Box::pin(thread(tx, PostView::new(&reply), depth - 1)).await?);
        }
        // The count and the list come from one read: a reply arriving in between (the post
        // is read first) must not show one reply under a count of none.
        post.replies_count = replies.len() as i64;
    }
    Ok(PostThread { post, replies })
}

#[utoipa::path(get, path = "/api/v1/posts/{id}", tag = "posts", params(("id" = i64, Path)),
    responses((status = 200, body = PostThread), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get(data: FedData, Path(id): Path<i64>) -> AppResult<Json<PostThread>> {
    let post = view(&data, id).await?;
    let mut tx = data.db.read().await?;
    Ok(Json(thread(&mut tx, post, 8).await?))
}

#[utoipa::path(post, path = "/api/v1/posts/{id}/replies", tag = "posts", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = NewReplyRequest,
    responses((status = 201, body = PostView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn reply(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NewReplyRequest>,
) -> AppResult<(StatusCode, Json<PostView>)> {
    let post = service::posts::reply(&data, &user.actor, id, &body.content).await?;
    Ok((StatusCode::CREATED, Json(view(&data, post.id).await?)))
}

#[utoipa::path(patch, path = "/api/v1/posts/{id}", tag = "posts", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = NewPostRequest,
    responses((status = 200, body = PostView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn update(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NewPostRequest>,
) -> AppResult<Json<PostView>> {
    let post =
        service::posts::update_post(&data, &user.actor, id, body.title.as_deref(), &body.content)
            .await?;
    Ok(Json(view(&data, post.id).await?))
}

#[utoipa::path(delete, path = "/api/v1/posts/{id}", tag = "posts", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::posts::delete_post(&data, &user.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
