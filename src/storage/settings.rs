//! Node settings changed by an admin at run time (they override the configuration file).

use super::{on_conn, StorageResult, Tx};

pub async fn get(tx: &mut Tx, key: &str) -> StorageResult<Option<String>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, String>(
        "SELECT value FROM node_settings WHERE key = $1"
    )
    .bind(key)
    .fetch_optional(c)
    .await)
}

pub async fn set(tx: &mut Tx, key: &str, value: &str) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO node_settings (key, value) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    )
    .bind(key)
    .bind(value)
    .execute(c)
    .await
    .map(|_| ()))
}
