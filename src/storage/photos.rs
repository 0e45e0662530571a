//! Trombinoscope photos, kept in the database as bytes (see docs/architecture.md, "Governance
//! bodies"): written by `service::photos` after the bytes were recognised as an image, read
//! back whole by `/media/photos/{uuid}`.

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhotoRow {
    pub id: i64,
    pub uuid: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

pub async fn insert(
    tx: &mut Tx,
    uuid: &str,
    content_type: &str,
    data: &[u8],
    uploaded_by: Option<i64>,
) -> StorageResult<i64> {
    let sql = "INSERT INTO photos (uuid, content_type, data, uploaded_by, created_at) \
               VALUES ($1, $2, $3, $4, $5) RETURNING id";
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(sql)
        .bind(uuid)
        .bind(content_type)
        .bind(data)
        .bind(uploaded_by)
        .bind(now_millis())
        .fetch_one(c)
        .await)
}

pub async fn by_uuid(tx: &mut Tx, uuid: &str) -> StorageResult<Option<PhotoRow>> {
    let sql = "SELECT id, uuid, content_type, data FROM photos WHERE uuid = $1";
    on_conn!(tx, |c| sqlx::query_as::<_, PhotoRow>(sql)
        .bind(uuid)
        .fetch_optional(c)
        .await)
}

pub async fn delete(tx: &mut Tx, id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query("DELETE FROM photos WHERE id = $1")
        .bind(id)
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// Deletes the photos of a body's members (before the body goes: each photo belongs to one
/// seat, and nothing else would ever show it again).
pub async fn delete_of_body(tx: &mut Tx, body_id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM photos WHERE id IN \
         (SELECT photo_id FROM body_members WHERE body_id = $1 AND photo_id IS NOT NULL)"
    )
    .bind(body_id)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}
