//! Private calendar feeds: one secret token per account (`calendar_feeds`), read by the feed
//! route to find whose events to list. See migration 0007 for why the token is kept as is.

use super::{now_millis, on_conn, StorageResult, Tx};

/// The account's token, if it has one.
pub async fn token_of(tx: &mut Tx, account_id: i64) -> StorageResult<Option<String>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, String>(
        "SELECT token FROM calendar_feeds WHERE account_id = $1"
    )
    .bind(account_id)
    .fetch_optional(c)
    .await)
}

/// Gives the account `token`, replacing any earlier one (whose address then stops working).
pub async fn set_token(tx: &mut Tx, account_id: i64, token: &str) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO calendar_feeds (account_id, token, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (account_id) DO UPDATE SET token = excluded.token, \
         created_at = excluded.created_at"
    )
    .bind(account_id)
    .bind(token)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

/// The account a token belongs to.
pub async fn account_of(tx: &mut Tx, token: &str) -> StorageResult<Option<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT account_id FROM calendar_feeds WHERE token = $1"
    )
    .bind(token)
    .fetch_optional(c)
    .await)
}
