//! Activities this node published: the body that deliveries send, outbox pages, and the
//! document served when a peer fetches an activity id.

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActivityRow {
    pub id: i64,
    pub ap_id: String,
    pub actor_id: i64,
    pub kind: String,
    pub body: String,
    pub public: bool,
    pub created_at: i64,
}

const COLUMNS: &str = "id, ap_id, actor_id, kind, body, public, created_at";

pub async fn insert(
    tx: &mut Tx,
    ap_id: &str,
    actor_id: i64,
    kind: &str,
    body: &str,
    public: bool,
) -> StorageResult<ActivityRow> {
    let sql = format!(
        "INSERT INTO activities (ap_id, actor_id, kind, body, public, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ActivityRow>(&sql)
        .bind(ap_id)
        .bind(actor_id)
        .bind(kind)
        .bind(body)
        .bind(public)
        .bind(now_millis())
        .fetch_one(c)
        .await)
}

pub async fn by_id(tx: &mut Tx, id: i64) -> StorageResult<Option<ActivityRow>> {
    let sql = format!("SELECT {COLUMNS} FROM activities WHERE id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, ActivityRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

pub async fn by_ap_id(tx: &mut Tx, ap_id: &str) -> StorageResult<Option<ActivityRow>> {
    let sql = format!("SELECT {COLUMNS} FROM activities WHERE ap_id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, ActivityRow>(&sql)
        .bind(ap_id)
        .fetch_optional(c)
        .await)
}

/// The newest public activities of an actor, for its outbox.
pub async fn public_by_actor(
    tx: &mut Tx,
    actor_id: i64,
    limit: i64,
) -> StorageResult<Vec<ActivityRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM activities WHERE actor_id = $1 AND public = TRUE \
         ORDER BY id DESC LIMIT $2"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ActivityRow>(&sql)
        .bind(actor_id)
        .bind(limit)
        .fetch_all(c)
        .await)
}

pub async fn count_public_by_actor(tx: &mut Tx, actor_id: i64) -> StorageResult<i64> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM activities WHERE actor_id = $1 AND public = TRUE"
    )
    .bind(actor_id)
    .fetch_one(c)
    .await)
}
