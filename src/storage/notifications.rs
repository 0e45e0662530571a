//! What members of this node are told about (a need matching their offer...), kept until they
//! read it. The same news about the same things is stored once, however often it arrives.

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub recipient_id: i64,
    pub kind: String,
    pub subject_ap_id: String,
    pub about_ap_id: String,
    pub title: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

const COLUMNS: &str =
    "id, recipient_id, kind, subject_ap_id, about_ap_id, title, created_at, read_at";

/// Tells `recipient_id` about `subject_ap_id` (for their `about_ap_id`); `false` when they were
/// already told.
pub async fn notify(
    tx: &mut Tx,
    recipient_id: i64,
    kind: &str,
    subject_ap_id: &str,
    about_ap_id: &str,
    title: &str,
) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO notifications (recipient_id, kind, subject_ap_id, about_ap_id, title, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"
    )
    .bind(recipient_id)
    .bind(kind)
    .bind(subject_ap_id)
    .bind(about_ap_id)
    .bind(title)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|r| r.rows_affected() > 0))
}

/// A member's notifications, newest first.
pub async fn of_recipient(
    tx: &mut Tx,
    recipient_id: i64,
    unread_only: bool,
    limit: i64,
) -> StorageResult<Vec<NotificationRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM notifications WHERE recipient_id = $1 \
         AND ($2 = FALSE OR read_at IS NULL) ORDER BY created_at DESC, id DESC LIMIT $3"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, NotificationRow>(&sql)
        .bind(recipient_id)
        .bind(unread_only)
        .bind(limit)
        .fetch_all(c)
        .await)
}

pub async fn unread_count(tx: &mut Tx, recipient_id: i64) -> StorageResult<i64> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM notifications WHERE recipient_id = $1 AND read_at IS NULL"
    )
    .bind(recipient_id)
    .fetch_one(c)
    .await)
}

/// Marks a member's notifications read: those up to `up_to_id` (all when `None`).
pub async fn mark_read(
    tx: &mut Tx,
    recipient_id: i64,
    up_to_id: Option<i64>,
) -> StorageResult<u64> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE notifications SET read_at = $3 WHERE recipient_id = $1 AND read_at IS NULL \
         AND ($2 IS NULL OR id <= $2)"
    )
    .bind(recipient_id)
    .bind(up_to_id)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
}
