//! Amendments to proposals: a new text proposed by a member, accepted or declined by the
//! proposal's author. Each has an id on the wire (`ap_id`): ours for our members' amendments,
//! the author's server's for one received from another node.

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AmendmentRow {
    pub id: i64,
    pub ap_id: Option<String>,
    pub proposal_id: i64,
    pub author_id: i64,
    pub content: String,
    pub source: Option<String>,
    pub reason: Option<String>,
    pub state: String,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    pub author_username: String,
    pub author_domain: String,
    pub author_display_name: Option<String>,
    pub author_ap_id: String,
    pub author_local: bool,
}

const AMENDMENT_SELECT: &str = "SELECT m.id, m.ap_id, m.proposal_id, m.author_id, m.content, \
    m.source, m.reason, m.state, m.created_at, m.decided_at, a.username AS author_username, \
    a.domain AS author_domain, a.display_name AS author_display_name, \
    a.ap_id AS author_ap_id, a.local AS author_local \
    FROM amendments m JOIN actors a ON a.id = m.author_id";

pub struct NewAmendment<'a> {
    pub ap_id: &'a str,
    pub proposal_id: i64,
    pub author_id: i64,
    /// Sanitized HTML.
    pub content: &'a str,
    /// Markdown.
    pub source: &'a str,
    pub reason: Option<&'a str>,
}

/// Stores a pending amendment. `None` when one with this id is already stored (a repeated
/// delivery of a remote amendment).
pub async fn insert(tx: &mut Tx, new: &NewAmendment<'_>) -> StorageResult<Option<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "INSERT INTO amendments (ap_id, proposal_id, author_id, content, source, reason, state, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7) \
         ON CONFLICT (ap_id) DO NOTHING RETURNING id"
    )
    .bind(new.ap_id)
    .bind(new.proposal_id)
    .bind(new.author_id)
    .bind(new.content)
    .bind(new.source)
    .bind(new.reason)
    .bind(now_millis())
    .fetch_optional(c)
    .await)
}

pub async fn by_id(tx: &mut Tx, id: i64) -> StorageResult<Option<AmendmentRow>> {
    let sql = format!("{AMENDMENT_SELECT} WHERE m.id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, AmendmentRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

pub async fn by_ap_id(tx: &mut Tx, ap_id: &str) -> StorageResult<Option<AmendmentRow>> {
    let sql = format!("{AMENDMENT_SELECT} WHERE m.ap_id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, AmendmentRow>(&sql)
        .bind(ap_id)
        .fetch_optional(c)
        .await)
}

pub async fn of_proposal(tx: &mut Tx, proposal_id: i64) -> StorageResult<Vec<AmendmentRow>> {
    let sql = format!("{AMENDMENT_SELECT} WHERE m.proposal_id = $1 ORDER BY m.created_at, m.id");
    on_conn!(tx, |c| sqlx::query_as::<_, AmendmentRow>(&sql)
        .bind(proposal_id)
        .fetch_all(c)
        .await)
}

/// Settles a pending amendment; `false` when it was already settled.
pub async fn decide(tx: &mut Tx, id: i64, state: &str) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE amendments SET state = $2, decided_at = $3 WHERE id = $1 AND state = 'pending'"
    )
    .bind(id)
    .bind(state)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|r| r.rows_affected() == 1))
}
