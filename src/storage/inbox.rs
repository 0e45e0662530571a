//! Inbound deduplication: the "already seen" row of an activity, written in the same
//! transaction as its effect so a crash can neither lose nor double an activity.

use super::{now_millis, on_conn, StorageResult, Tx};

/// Records `ap_id` as received. Returns `false` when it was already there (a duplicate whose
/// effect must be skipped).
pub async fn mark_received(tx: &mut Tx, ap_id: &str, actor_ap_id: &str) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO received_activities (ap_id, actor_ap_id, received_at) VALUES ($1, $2, $3) \
         ON CONFLICT (ap_id) DO NOTHING"
    )
    .bind(ap_id)
    .bind(actor_ap_id)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|r| r.rows_affected() == 1))
}

pub async fn count_received(tx: &mut Tx) -> StorageResult<i64> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM received_activities"
    )
    .fetch_one(c)
    .await)
}

pub async fn was_received(tx: &mut Tx, ap_id: &str) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM received_activities WHERE ap_id = $1"
    )
    .bind(ap_id)
    .fetch_one(c)
    .await
    .map(|n| n > 0))
}
