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
    /// False while an admin has not approved a registration made in approval mode.
    pub approved: bool,
    pub application: Option<String>,
}

const COLUMNS: &str =
    "ac.id, ac.actor_id, ac.password_hash, ac.email, ac.is_admin, ac.created_at, ac.approved, ac.application";

pub struct NewAccount<'a> {
    pub actor_id: i64,
    pub password_hash: &'a str,
    pub email: Option<&'a str>,
    pub is_admin: bool,
    pub approved: bool,
    pub application: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, account: &NewAccount<'_>) -> StorageResult<AccountRow> {
    // RETURNING may not qualify columns on SQLite: the bare names.
    let sql = format!(
        "INSERT INTO accounts (actor_id, password_hash, email, is_admin, created_at, approved, \
         application) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {}",
        COLUMNS.replace("ac.", "")
    );
    on_conn!(tx, |c| sqlx::query_as::<_, AccountRow>(&sql)
        .bind(account.actor_id)
        .bind(account.password_hash)
        .bind(account.email)
        .bind(account.is_admin)
        .bind(now_millis())
        .bind(account.approved)
        .bind(account.application)
        .fetch_one(c)
        .await)
}

/// The account of a local member by name.
pub async fn by_username(tx: &mut Tx, username: &str) -> StorageResult<Option<AccountRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM accounts ac JOIN actors a ON a.id = ac.actor_id \
         WHERE a.local = TRUE AND a.username = $1 AND a.kind = 'person' AND a.deleted_at IS NULL"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, AccountRow>(&sql)
        .bind(username)
        .fetch_optional(c)
        .await)
}

pub async fn by_id(tx: &mut Tx, id: i64) -> StorageResult<Option<AccountRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM accounts ac JOIN actors a ON a.id = ac.actor_id \
         WHERE ac.id = $1 AND a.deleted_at IS NULL"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, AccountRow>(&sql)
        .bind(id)
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

/// Registrations waiting for an admin, oldest first, with the member name.
pub async fn pending(tx: &mut Tx) -> StorageResult<Vec<(i64, String, Option<String>, i64)>> {
    on_conn!(tx, |c| sqlx::query_as::<
        _,
        (i64, String, Option<String>, i64),
    >(
        "SELECT ac.id, a.username, ac.application, ac.created_at FROM accounts ac \
         JOIN actors a ON a.id = ac.actor_id \
         WHERE ac.approved = FALSE AND a.deleted_at IS NULL ORDER BY ac.id"
    )
    .fetch_all(c)
    .await)
}

pub async fn approve(tx: &mut Tx, id: i64) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE accounts SET approved = TRUE WHERE id = $1 AND approved = FALSE"
    )
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected() == 1))
}

pub async fn set_password(tx: &mut Tx, id: i64, password_hash: &str) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE accounts SET password_hash = $2 WHERE id = $1"
    )
    .bind(id)
    .bind(password_hash)
    .execute(c)
    .await
    .map(|_| ()))
}

/// Removes the login (tokens and sessions go with it); the actor row is kept, marked deleted.
pub async fn delete(tx: &mut Tx, id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query("DELETE FROM accounts WHERE id = $1")
        .bind(id)
        .execute(c)
        .await
        .map(|_| ()))
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
    let sql = format!(
        "SELECT {COLUMNS} FROM api_tokens t JOIN accounts ac ON ac.id = t.account_id \
         JOIN actors a ON a.id = ac.actor_id \
         WHERE t.token_hash = $1 AND a.deleted_at IS NULL AND ac.approved = TRUE"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, AccountRow>(&sql)
        .bind(token_hash)
        .fetch_optional(c)
        .await)
}
