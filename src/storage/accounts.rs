//! Login accounts of local members, and their API tokens.

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub actor_id: i64,
    pub password_hash: String,
    pub email: Option<String>,
    pub is_admin: bool,
    pub created_at: i64,
}

pub async fn insert(
    tx: &mut Tx,
    actor_id: i64,
    password_hash: &str,
    email: Option<&str>,
    is_admin: bool,
) -> StorageResult<AccountRow> {
    on_conn!(tx, |c| sqlx::query_as::<_, AccountRow>(
        "INSERT INTO accounts (actor_id, password_hash, email, is_admin, created_at) \
         VALUES ($1, $2, $3, $4, $5) \
         RETURNING id, actor_id, password_hash, email, is_admin, created_at"
    )
    .bind(actor_id)
    .bind(password_hash)
    .bind(email)
    .bind(is_admin)
    .bind(now_millis())
    .fetch_one(c)
    .await)
}

/// The account of a local member by name.
pub async fn by_username(tx: &mut Tx, username: &str) -> StorageResult<Option<AccountRow>> {
    on_conn!(tx, |c| sqlx::query_as::<_, AccountRow>(
        "SELECT ac.id, ac.actor_id, ac.password_hash, ac.email, ac.is_admin, ac.created_at \
         FROM accounts ac JOIN actors a ON a.id = ac.actor_id \
         WHERE a.local = TRUE AND a.username = $1 AND a.kind = 'person' AND a.deleted_at IS NULL"
    )
    .bind(username)
    .fetch_optional(c)
    .await)
}

/// Every account with its member name, for `maillon admin account list`.
pub async fn list(tx: &mut Tx) -> StorageResult<Vec<(String, bool, i64)>> {
    on_conn!(tx, |c| sqlx::query_as::<_, (String, bool, i64)>(
        "SELECT a.username, ac.is_admin, ac.created_at FROM accounts ac \
         JOIN actors a ON a.id = ac.actor_id WHERE a.deleted_at IS NULL ORDER BY a.username"
    )
    .fetch_all(c)
    .await)
}

pub async fn insert_token(tx: &mut Tx, token_hash: &str, account_id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO api_tokens (token_hash, account_id, created_at) VALUES ($1, $2, $3)"
    )
    .bind(token_hash)
    .bind(account_id)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn by_token(tx: &mut Tx, token_hash: &str) -> StorageResult<Option<AccountRow>> {
    on_conn!(tx, |c| sqlx::query_as::<_, AccountRow>(
        "SELECT ac.id, ac.actor_id, ac.password_hash, ac.email, ac.is_admin, ac.created_at \
         FROM api_tokens t JOIN accounts ac ON ac.id = t.account_id \
         JOIN actors a ON a.id = ac.actor_id \
         WHERE t.token_hash = $1 AND a.deleted_at IS NULL"
    )
    .bind(token_hash)
    .fetch_optional(c)
    .await)
}
