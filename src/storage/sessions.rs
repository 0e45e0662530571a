//! Browser sessions (the API uses `api_tokens`): only a hash of the cookie's secret is stored.

use super::{now_millis, on_conn, StorageResult, Tx};

pub async fn insert(
    tx: &mut Tx,
    token_hash: &str,
    account_id: i64,
    expires_at: i64,
) -> StorageResult<()> {
    on_conn!(tx, |c| {
        sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)"
    )
    .bind(token_hash)
    .bind(account_id)
    .bind(now_millis())
    .bind(expires_at)
    .execute(c)
    .await
    .map(|_| ())
    })
}

/// The account of a live session.
pub async fn account_of(tx: &mut Tx, token_hash: &str) -> StorageResult<Option<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT account_id FROM sessions WHERE token_hash = $1 AND expires_at > $2"
    )
    .bind(token_hash)
    .bind(now_millis())
    .fetch_optional(c)
    .await)
}

pub async fn delete(tx: &mut Tx, token_hash: &str) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM sessions WHERE token_hash = $1"
    )
    .bind(token_hash)
    .execute(c)
    .await
    .map(|_| ()))
}

/// Ends every session of an account but one (after a password change).
pub async fn delete_others(tx: &mut Tx, account_id: i64, keep_hash: &str) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2"
    )
    .bind(account_id)
    .bind(keep_hash)
    .execute(c)
    .await
    .map(|_| ()))
}
