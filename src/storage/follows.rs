//! Follows. A follow of a group is a membership; its state says where the request stands.

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FollowRow {
    pub id: i64,
    pub follower_id: i64,
    pub followed_id: i64,
    pub state: String,
    pub activity_ap_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A follow joined with the other side's public details, for listings.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FollowListing {
    pub state: String,
    pub activity_ap_id: String,
    pub actor_id: i64,
    pub ap_id: String,
    pub username: String,
    pub domain: String,
    pub display_name: Option<String>,
    pub kind: String,
    pub local: bool,
    pub created_at: i64,
}

const COLUMNS: &str = "id, follower_id, followed_id, state, activity_ap_id, created_at, updated_at";

/// Records a follow in `state`, or updates an existing one (a repeated Follow carries a new
/// activity id; the state is the group's latest answer).
pub async fn upsert(
    tx: &mut Tx,
    follower_id: i64,
    followed_id: i64,
    state: &str,
    activity_ap_id: &str,
) -> StorageResult<FollowRow> {
    let sql = format!(
        "INSERT INTO follows (follower_id, followed_id, state, activity_ap_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) \
         ON CONFLICT (follower_id, followed_id) DO UPDATE SET state = excluded.state, \
         activity_ap_id = excluded.activity_ap_id, updated_at = excluded.updated_at \
         RETURNING {COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, FollowRow>(&sql)
        .bind(follower_id)
        .bind(followed_id)
        .bind(state)
        .bind(activity_ap_id)
        .bind(now_millis())
        .fetch_one(c)
        .await)
}

pub async fn get(
    tx: &mut Tx,
    follower_id: i64,
    followed_id: i64,
) -> StorageResult<Option<FollowRow>> {
    let sql = format!("SELECT {COLUMNS} FROM follows WHERE follower_id = $1 AND followed_id = $2");
    on_conn!(tx, |c| sqlx::query_as::<_, FollowRow>(&sql)
        .bind(follower_id)
        .bind(followed_id)
        .fetch_optional(c)
        .await)
}

pub async fn by_activity(tx: &mut Tx, activity_ap_id: &str) -> StorageResult<Option<FollowRow>> {
    let sql = format!("SELECT {COLUMNS} FROM follows WHERE activity_ap_id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, FollowRow>(&sql)
        .bind(activity_ap_id)
        .fetch_optional(c)
        .await)
}

pub async fn set_state(tx: &mut Tx, id: i64, state: &str) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE follows SET state = $2, updated_at = $3 WHERE id = $1"
    )
    .bind(id)
    .bind(state)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

/// Removes a follow; returns whether there was one.
pub async fn delete(tx: &mut Tx, follower_id: i64, followed_id: i64) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM follows WHERE follower_id = $1 AND followed_id = $2"
    )
    .bind(follower_id)
    .bind(followed_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected() > 0))
}

/// A node's instance actor following a group (an aggregator indexing it) is no member: it
/// is left out of accepted members, and kept among pending requests for moderators to answer.
const NOT_A_NODE: &str = "(a.kind <> 'application' OR f.state <> 'accepted')";

/// Followers of an actor in a state (members of a group), oldest first.
pub async fn followers(
    tx: &mut Tx,
    followed_id: i64,
    state: &str,
) -> StorageResult<Vec<FollowListing>> {
    on_conn!(tx, |c| sqlx::query_as::<_, FollowListing>(&format!(
        "SELECT f.state, f.activity_ap_id, a.id AS actor_id, a.ap_id, a.username, a.domain, \
         a.display_name, a.kind, a.local, f.created_at \
         FROM follows f JOIN actors a ON a.id = f.follower_id \
         WHERE f.followed_id = $1 AND f.state = $2 AND a.deleted_at IS NULL AND {NOT_A_NODE} \
         ORDER BY f.id"
    ))
    .bind(followed_id)
    .bind(state)
    .fetch_all(c)
    .await)
}

/// What an actor follows, any state.
pub async fn following(tx: &mut Tx, follower_id: i64) -> StorageResult<Vec<FollowListing>> {
    on_conn!(tx, |c| sqlx::query_as::<_, FollowListing>(
        "SELECT f.state, f.activity_ap_id, a.id AS actor_id, a.ap_id, a.username, a.domain, \
         a.display_name, a.kind, a.local, f.created_at \
         FROM follows f JOIN actors a ON a.id = f.followed_id \
         WHERE f.follower_id = $1 ORDER BY f.id"
    )
    .bind(follower_id)
    .fetch_all(c)
    .await)
}

pub async fn count_followers(tx: &mut Tx, followed_id: i64, state: &str) -> StorageResult<i64> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(&format!(
        "SELECT COUNT(*) FROM follows f JOIN actors a ON a.id = f.follower_id \
         WHERE f.followed_id = $1 AND f.state = $2 AND {NOT_A_NODE}"
    ))
    .bind(followed_id)
    .bind(state)
    .fetch_one(c)
    .await)
}

/// The distinct delivery inboxes (shared inbox where known) of an actor's accepted remote
/// followers: one delivery per remote server that offers a shared inbox.
pub async fn remote_follower_inboxes(tx: &mut Tx, followed_id: i64) -> StorageResult<Vec<String>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, String>(
        "SELECT DISTINCT COALESCE(a.shared_inbox, a.inbox) FROM follows f \
         JOIN actors a ON a.id = f.follower_id \
         WHERE f.followed_id = $1 AND f.state = 'accepted' AND a.local = FALSE \
         AND a.deleted_at IS NULL"
    )
    .bind(followed_id)
    .fetch_all(c)
    .await)
}

/// Removes every follow from or to an actor (the actor was deleted).
pub async fn delete_all_of(tx: &mut Tx, actor_id: i64) -> StorageResult<u64> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM follows WHERE follower_id = $1 OR followed_id = $1"
    )
    .bind(actor_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
}

/// Whether any local actor follows `followed_id` (accepted): whether its relays concern us.
pub async fn has_local_follower(tx: &mut Tx, followed_id: i64) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM follows f JOIN actors a ON a.id = f.follower_id \
         WHERE f.followed_id = $1 AND f.state = 'accepted' AND a.local = TRUE"
    )
    .bind(followed_id)
    .fetch_one(c)
    .await
    .map(|n| n > 0))
}
