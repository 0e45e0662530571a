//! Escalations: which network proposal came from which antenna's proposal (migration 0018).
//! Written by `service::escalation` when a moderator escalates here, and when a network
//! proposal carrying `maillon:escalatedFrom` arrives (submitted to our network group, or
//! announced by a network group we follow).

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EscalationRow {
    pub id: i64,
    /// The network-level proposal.
    pub proposal_id: i64,
    /// The antenna group, the network proposal's author.
    pub antenna_id: i64,
    pub network_id: i64,
    /// The antenna's own proposal: its id, its title when it went up, its row where kept.
    pub source_ap_id: String,
    pub source_title: String,
    pub source_id: Option<i64>,
    pub note: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewEscalation {
    pub proposal_id: i64,
    pub antenna_id: i64,
    pub network_id: i64,
    pub source_ap_id: String,
    pub source_title: String,
    pub source_id: Option<i64>,
    pub note: Option<String>,
    pub created_by: Option<i64>,
}

const COLUMNS: &str = "id, proposal_id, antenna_id, network_id, source_ap_id, source_title, \
    source_id, note, created_by, created_at";

/// Records an escalation; `None` when the network proposal, or this proposal's escalation to
/// that network, is recorded already (the unique indexes decide, so two at once make one).
pub async fn insert(tx: &mut Tx, e: &NewEscalation) -> StorageResult<Option<EscalationRow>> {
    let sql = format!(
        "INSERT INTO escalations (proposal_id, antenna_id, network_id, source_ap_id, \
         source_title, source_id, note, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING {COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, EscalationRow>(&sql)
        .bind(e.proposal_id)
        .bind(e.antenna_id)
        .bind(e.network_id)
        .bind(&e.source_ap_id)
        .bind(&e.source_title)
        .bind(e.source_id)
        .bind(&e.note)
        .bind(e.created_by)
        .bind(now_millis())
        .fetch_optional(c)
        .await)
}

/// Where a network proposal comes from, if it was escalated.
pub async fn of_network_proposal(
    tx: &mut Tx,
    proposal_id: i64,
) -> StorageResult<Option<EscalationRow>> {
    let sql = format!("SELECT {COLUMNS} FROM escalations WHERE proposal_id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, EscalationRow>(&sql)
        .bind(proposal_id)
        .fetch_optional(c)
        .await)
}

/// Where an antenna's proposal went (one row per network), oldest first.
pub async fn of_source(tx: &mut Tx, source_id: i64) -> StorageResult<Vec<EscalationRow>> {
    let sql = format!("SELECT {COLUMNS} FROM escalations WHERE source_id = $1 ORDER BY id");
    on_conn!(tx, |c| sqlx::query_as::<_, EscalationRow>(&sql)
        .bind(source_id)
        .fetch_all(c)
        .await)
}

/// The escalation of the proposal `source_ap_id` to `network_id`, if any.
pub async fn to_network(
    tx: &mut Tx,
    source_ap_id: &str,
    network_id: i64,
) -> StorageResult<Option<EscalationRow>> {
    let sql =
        format!("SELECT {COLUMNS} FROM escalations WHERE source_ap_id = $1 AND network_id = $2");
    on_conn!(tx, |c| sqlx::query_as::<_, EscalationRow>(&sql)
        .bind(source_ap_id)
        .bind(network_id)
        .fetch_optional(c)
        .await)
}
