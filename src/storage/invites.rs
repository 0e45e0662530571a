//! Invite links for registration in invite mode; only a hash of each code is stored.

use super::{now_millis, on_conn, StorageResult, Tx};

pub async fn insert(
    tx: &mut Tx,
    code_hash: &str,
    created_by: i64,
    expires_at: i64,
) -> StorageResult<()> {
    on_conn!(tx, |c| {
        sqlx::query(
        "INSERT INTO invites (code_hash, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4)"
    )
    .bind(code_hash)
    .bind(created_by)
    .bind(now_millis())
    .bind(expires_at)
    .execute(c)
    .await
    .map(|_| ())
    })
}

/// Whether an unused, unexpired invite has this hash.
pub async fn is_valid(tx: &mut Tx, code_hash: &str) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM invites WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2"
    )
    .bind(code_hash)
    .bind(now_millis())
    .fetch_one(c)
    .await
    .map(|n| n > 0))
}

/// Spends an invite; `false` if it was already used or expired (in the same transaction as
/// the account it creates, so one invite makes one account).
pub async fn redeem(tx: &mut Tx, code_hash: &str, account_id: i64) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE invites SET used_by = $2, used_at = $3 \
         WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $3"
    )
    .bind(code_hash)
    .bind(account_id)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|r| r.rows_affected() == 1))
}
