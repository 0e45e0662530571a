//! A group's "who we are" page: one row per group, each part as sanitized HTML beside its
//! Markdown source (`service::group_about` checks and renders them).

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AboutRow {
    pub group_id: i64,
    pub who_we_are: String,
    pub who_we_are_source: String,
    pub what_we_do: String,
    pub what_we_do_source: String,
    pub how_to_take_part: String,
    pub how_to_take_part_source: String,
    pub statutes_summary: String,
    pub statutes_summary_source: String,
    pub updated_by: Option<i64>,
    pub updated_at: i64,
}

/// The parts to write: (HTML, source) each.
pub struct AboutParts<'a> {
    pub who_we_are: (&'a str, &'a str),
    pub what_we_do: (&'a str, &'a str),
    pub how_to_take_part: (&'a str, &'a str),
    pub statutes_summary: (&'a str, &'a str),
}

pub async fn get(tx: &mut Tx, group_id: i64) -> StorageResult<Option<AboutRow>> {
    on_conn!(tx, |c| sqlx::query_as::<_, AboutRow>(
        "SELECT group_id, who_we_are, who_we_are_source, what_we_do, what_we_do_source, \
         how_to_take_part, how_to_take_part_source, statutes_summary, statutes_summary_source, \
         updated_by, updated_at FROM group_about WHERE group_id = $1"
    )
    .bind(group_id)
    .fetch_optional(c)
    .await)
}

/// Writes the page (replacing the previous text) and returns it.
pub async fn save(
    tx: &mut Tx,
    group_id: i64,
    parts: &AboutParts<'_>,
    updated_by: i64,
) -> StorageResult<AboutRow> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO group_about (group_id, who_we_are, who_we_are_source, what_we_do, \
         what_we_do_source, how_to_take_part, how_to_take_part_source, statutes_summary, \
         statutes_summary_source, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (group_id) DO UPDATE SET who_we_are = excluded.who_we_are, \
         who_we_are_source = excluded.who_we_are_source, what_we_do = excluded.what_we_do, \
         what_we_do_source = excluded.what_we_do_source, \
         how_to_take_part = excluded.how_to_take_part, \
         how_to_take_part_source = excluded.how_to_take_part_source, \
         statutes_summary = excluded.statutes_summary, \
         statutes_summary_source = excluded.statutes_summary_source, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at"
    )
    .bind(group_id)
    .bind(parts.who_we_are.0)
    .bind(parts.who_we_are.1)
    .bind(parts.what_we_do.0)
    .bind(parts.what_we_do.1)
    .bind(parts.how_to_take_part.0)
    .bind(parts.how_to_take_part.1)
    .bind(parts.statutes_summary.0)
    .bind(parts.statutes_summary.1)
    .bind(updated_by)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))?;
    get(tx, group_id).await?.ok_or(sqlx::Error::RowNotFound)
}
