//! Discussion posts (Note or Page) and their replies, local and federated.

use super::{moderation::POST_VISIBLE, now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PostRow {
    pub id: i64,
    pub ap_id: String,
    pub author_id: i64,
    pub group_id: Option<i64>,
    pub in_reply_to_id: Option<i64>,
    pub kind: String,
    pub title: Option<String>,
    pub content: String,
    pub source: Option<String>,
    pub local: bool,
    pub published_at: i64,
    pub updated_at: Option<i64>,
    pub deleted_at: Option<i64>,
}

/// A post with what a reader needs next to it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PostListing {
    pub id: i64,
    pub ap_id: String,
    pub kind: String,
    pub title: Option<String>,
    pub content: String,
    pub published_at: i64,
    pub updated_at: Option<i64>,
    pub in_reply_to_id: Option<i64>,
    pub author_ap_id: String,
    pub author_username: String,
    pub author_domain: String,
    pub author_display_name: Option<String>,
    pub replies_count: i64,
    pub group_username: Option<String>,
    pub group_domain: Option<String>,
    pub local: bool,
    /// Set on the first post of a proposal's discussion (the proposal itself).
    pub proposal_id: Option<i64>,
    /// Set on the first post of an offer's or a need's discussion.
    pub competence_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewPost {
    pub ap_id: String,
    pub author_id: i64,
    pub group_id: Option<i64>,
    pub in_reply_to_id: Option<i64>,
    pub kind: String,
    pub title: Option<String>,
    pub content: String,
    pub source: Option<String>,
    pub local: bool,
    pub published_at: i64,
    pub updated_at: Option<i64>,
}

const COLUMNS: &str = "id, ap_id, author_id, group_id, in_reply_to_id, kind, title, content, \
    source, local, published_at, updated_at, deleted_at";

const INSERT: &str = "INSERT INTO posts (ap_id, author_id, group_id, in_reply_to_id, kind, \
    title, content, source, local, published_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

/// A newer version of a remote post: never a local post, never a deleted one, never older.
const REFRESH_REMOTE: &str = "ON CONFLICT (ap_id) DO UPDATE SET title = excluded.title, \
    content = excluded.content, kind = excluded.kind, updated_at = excluded.updated_at \
    WHERE posts.local = FALSE AND posts.deleted_at IS NULL \
    AND (posts.updated_at IS NULL OR excluded.updated_at >= posts.updated_at)";

async fn write(tx: &mut Tx, post: &NewPost, conflict: &str) -> StorageResult<Option<PostRow>> {
    let sql = format!("{INSERT} {conflict} RETURNING {COLUMNS}");
    on_conn!(tx, |c| sqlx::query_as::<_, PostRow>(&sql)
        .bind(&post.ap_id)
        .bind(post.author_id)
        .bind(post.group_id)
        .bind(post.in_reply_to_id)
        .bind(&post.kind)
        .bind(&post.title)
        .bind(&post.content)
        .bind(&post.source)
        .bind(post.local)
        .bind(post.published_at)
        .bind(post.updated_at)
        .fetch_optional(c)
        .await)
}

pub async fn insert(tx: &mut Tx, post: &NewPost) -> StorageResult<PostRow> {
    write(tx, post, "").await?.ok_or(sqlx::Error::RowNotFound)
}

/// Inserts a remote post, or applies a version of it that is not older than the stored one.
/// A deleted post stays deleted. Returns `None` when the stored row is local (a peer may never
/// overwrite our posts).
pub async fn upsert_remote(tx: &mut Tx, post: &NewPost) -> StorageResult<Option<PostRow>> {
    let remote = NewPost {
        local: false,
        ..post.clone()
    };
    write(tx, &remote, REFRESH_REMOTE).await
}

pub async fn by_id(tx: &mut Tx, id: i64) -> StorageResult<Option<PostRow>> {
    let sql = format!("SELECT {COLUMNS} FROM posts WHERE id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, PostRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

pub async fn by_ap_id(tx: &mut Tx, ap_id: &str) -> StorageResult<Option<PostRow>> {
    let sql = format!("SELECT {COLUMNS} FROM posts WHERE ap_id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, PostRow>(&sql)
        .bind(ap_id)
        .fetch_optional(c)
        .await)
}

pub async fn update_content(
    tx: &mut Tx,
    id: i64,
    title: Option<&str>,
    content: &str,
    source: Option<&str>,
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE posts SET title = $2, content = $3, source = $4, updated_at = $5 WHERE id = $1"
    )
    .bind(id)
    .bind(title)
    .bind(content)
    .bind(source)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

/// Marks a post as the first post of a proposal's discussion.
pub async fn link_proposal(tx: &mut Tx, post_id: i64, proposal_id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE posts SET proposal_id = $2 WHERE id = $1"
    )
    .bind(post_id)
    .bind(proposal_id)
    .execute(c)
    .await
    .map(|_| ()))
}

/// Deepest chain of replies followed up to a thread's first post: threads are shallow, and the
/// bound keeps a loop in bad data from running on.
const MAX_THREAD_DEPTH: i64 = 64;

/// The first post of the thread `post_id` belongs to (the post itself when it answers
/// nothing), in one query.
pub async fn thread_root(tx: &mut Tx, post_id: i64) -> StorageResult<Option<PostRow>> {
    let sql = format!(
        "WITH RECURSIVE up (id, in_reply_to_id, depth) AS ( \
             SELECT id, in_reply_to_id, 0 FROM posts WHERE id = $1 \
             UNION ALL SELECT p.id, p.in_reply_to_id, up.depth + 1 FROM posts p \
             JOIN up ON p.id = up.in_reply_to_id WHERE up.depth < $2) \
         SELECT {COLUMNS} FROM posts \
         WHERE id = (SELECT id FROM up WHERE in_reply_to_id IS NULL LIMIT 1)"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, PostRow>(&sql)
        .bind(post_id)
        .bind(MAX_THREAD_DEPTH)
        .fetch_optional(c)
        .await)
}

/// Marks a post as the first post of an offer's or a need's discussion.
pub async fn link_competence(tx: &mut Tx, post_id: i64, competence_id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE posts SET competence_id = $2 WHERE id = $1"
    )
    .bind(post_id)
    .bind(competence_id)
    .execute(c)
    .await
    .map(|_| ()))
}

/// Soft delete: the row stays so a late Create or Update cannot bring the post back.
pub async fn mark_deleted(tx: &mut Tx, id: i64) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE posts SET deleted_at = $2, content = '', source = NULL, title = NULL \
         WHERE id = $1 AND deleted_at IS NULL"
    )
    .bind(id)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|r| r.rows_affected() > 0))
}

const LISTING: &str = "SELECT p.id, p.ap_id, p.kind, p.title, p.content, p.published_at, \
    p.updated_at, p.in_reply_to_id, a.ap_id AS author_ap_id, a.username AS author_username, \
    a.domain AS author_domain, a.display_name AS author_display_name, \
    (SELECT COUNT(*) FROM posts r WHERE r.in_reply_to_id = p.id AND r.deleted_at IS NULL) \
    AS replies_count, g.username AS group_username, g.domain AS group_domain, p.local, \
    p.proposal_id, p.competence_id \
    FROM posts p JOIN actors a ON a.id = p.author_id LEFT JOIN actors g ON g.id = p.group_id";

/// Top-level posts of a group, newest first.
pub async fn list_for_group(
    tx: &mut Tx,
    group_id: i64,
    limit: i64,
) -> StorageResult<Vec<PostListing>> {
    let sql = format!(
        "{LISTING} WHERE p.group_id = $1 AND p.in_reply_to_id IS NULL AND {POST_VISIBLE} \
         ORDER BY p.published_at DESC, p.id DESC LIMIT $2"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, PostListing>(&sql)
        .bind(group_id)
        .bind(limit)
        .fetch_all(c)
        .await)
}

/// Direct replies to a post, oldest first.
pub async fn replies(tx: &mut Tx, post_id: i64) -> StorageResult<Vec<PostListing>> {
    let sql = format!(
        "{LISTING} WHERE p.in_reply_to_id = $1 AND {POST_VISIBLE} \
         ORDER BY p.published_at, p.id"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, PostListing>(&sql)
        .bind(post_id)
        .fetch_all(c)
        .await)
}

pub async fn listing(tx: &mut Tx, post_id: i64) -> StorageResult<Option<PostListing>> {
    let sql = format!("{LISTING} WHERE p.id = $1 AND {POST_VISIBLE}");
    on_conn!(tx, |c| sqlx::query_as::<_, PostListing>(&sql)
        .bind(post_id)
        .fetch_optional(c)
        .await)
}

/// Recent top-level posts of the groups a member follows (accepted) and of this node's groups,
/// newest first: the "recent activity" of the home page.
pub async fn recent(
    tx: &mut Tx,
    member_id: Option<i64>,
    limit: i64,
) -> StorageResult<Vec<PostListing>> {
    let sql = format!(
        "{LISTING} WHERE p.in_reply_to_id IS NULL AND {POST_VISIBLE} AND (g.local = TRUE \
         OR p.group_id IN (SELECT followed_id FROM follows WHERE follower_id = $1 \
         AND state = 'accepted')) ORDER BY p.published_at DESC, p.id DESC LIMIT $2"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, PostListing>(&sql)
        .bind(member_id.unwrap_or(-1))
        .bind(limit)
        .fetch_all(c)
        .await)
}

pub async fn count_local(tx: &mut Tx) -> StorageResult<i64> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM posts WHERE local = TRUE AND deleted_at IS NULL"
    )
    .fetch_one(c)
    .await)
}
