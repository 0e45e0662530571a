//! Participation processes, their proposals and supports (amendments: `storage::amendments`).

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProcessRow {
    pub id: i64,
    pub ap_id: String,
    pub group_id: i64,
    pub title: String,
    pub description: String,
    pub description_source: Option<String>,
    pub participation: String,
    pub decision_rule: String,
    pub support_threshold: Option<i64>,
    pub results_hidden: bool,
    pub public_choices: bool,
    pub proposals_from: Option<i64>,
    pub deliberation_from: Option<i64>,
    pub vote_from: Option<i64>,
    pub result_at: Option<i64>,
    pub created_by: Option<i64>,
    pub local: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewProcess {
    pub ap_id: String,
    pub group_id: i64,
    pub title: String,
    pub description: String,
    pub description_source: Option<String>,
    pub participation: String,
    pub decision_rule: String,
    pub support_threshold: Option<i64>,
    pub results_hidden: bool,
    pub public_choices: bool,
    pub proposals_from: Option<i64>,
    pub deliberation_from: Option<i64>,
    pub vote_from: Option<i64>,
    pub result_at: Option<i64>,
    pub created_by: Option<i64>,
    pub local: bool,
}

const PROCESS_COLUMNS: &str = "id, ap_id, group_id, title, description, description_source, \
    participation, decision_rule, support_threshold, results_hidden, public_choices, \
    proposals_from, deliberation_from, vote_from, result_at, created_by, local, created_at";

pub async fn insert_process(tx: &mut Tx, p: &NewProcess) -> StorageResult<ProcessRow> {
    let sql = format!(
        "INSERT INTO processes (ap_id, group_id, title, description, description_source, \
         participation, decision_rule, support_threshold, results_hidden, public_choices, \
         proposals_from, deliberation_from, vote_from, result_at, created_by, local, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
         RETURNING {PROCESS_COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ProcessRow>(&sql)
        .bind(&p.ap_id)
        .bind(p.group_id)
        .bind(&p.title)
        .bind(&p.description)
        .bind(&p.description_source)
        .bind(&p.participation)
        .bind(&p.decision_rule)
        .bind(p.support_threshold)
        .bind(p.results_hidden)
        .bind(p.public_choices)
        .bind(p.proposals_from)
        .bind(p.deliberation_from)
        .bind(p.vote_from)
        .bind(p.result_at)
        .bind(p.created_by)
        .bind(p.local)
        .bind(now_millis())
        .fetch_one(c)
        .await)
}

/// Inserts a remote process, or refreshes the stored copy. Never touches a local process.
pub async fn upsert_remote_process(
    tx: &mut Tx,
    p: &NewProcess,
) -> StorageResult<Option<ProcessRow>> {
    let sql = format!(
        "INSERT INTO processes (ap_id, group_id, title, description, description_source, \
         participation, decision_rule, support_threshold, results_hidden, public_choices, \
         proposals_from, deliberation_from, vote_from, result_at, created_by, local, created_at) \
         VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL, FALSE, $14) \
         ON CONFLICT (ap_id) DO UPDATE SET title = excluded.title, \
         description = excluded.description, participation = excluded.participation, \
         decision_rule = excluded.decision_rule, support_threshold = excluded.support_threshold, \
         results_hidden = excluded.results_hidden, public_choices = excluded.public_choices, \
         proposals_from = excluded.proposals_from, deliberation_from = excluded.deliberation_from, \
         vote_from = excluded.vote_from, result_at = excluded.result_at \
         WHERE processes.local = FALSE AND processes.group_id = excluded.group_id \
         RETURNING {PROCESS_COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ProcessRow>(&sql)
        .bind(&p.ap_id)
        .bind(p.group_id)
        .bind(&p.title)
        .bind(&p.description)
        .bind(&p.participation)
        .bind(&p.decision_rule)
        .bind(p.support_threshold)
        .bind(p.results_hidden)
        .bind(p.public_choices)
        .bind(p.proposals_from)
        .bind(p.deliberation_from)
        .bind(p.vote_from)
        .bind(p.result_at)
        .bind(now_millis())
        .fetch_optional(c)
        .await)
}

pub async fn process_by_id(tx: &mut Tx, id: i64) -> StorageResult<Option<ProcessRow>> {
    let sql = format!("SELECT {PROCESS_COLUMNS} FROM processes WHERE id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, ProcessRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

pub async fn process_by_ap_id(tx: &mut Tx, ap_id: &str) -> StorageResult<Option<ProcessRow>> {
    let sql = format!("SELECT {PROCESS_COLUMNS} FROM processes WHERE ap_id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, ProcessRow>(&sql)
        .bind(ap_id)
        .fetch_optional(c)
        .await)
}

/// A group's processes, newest first.
pub async fn processes_of_group(tx: &mut Tx, group_id: i64) -> StorageResult<Vec<ProcessRow>> {
    let sql = format!(
        "SELECT {PROCESS_COLUMNS} FROM processes WHERE group_id = $1 ORDER BY created_at DESC, id DESC"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ProcessRow>(&sql)
        .bind(group_id)
        .fetch_all(c)
        .await)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProposalRow {
    pub id: i64,
    pub ap_id: String,
    pub process_id: i64,
    pub author_id: i64,
    pub title: String,
    pub content: String,
    pub source: Option<String>,
    pub state: String,
    pub follow_up: Option<String>,
    pub local: bool,
    pub created_at: i64,
    pub updated_at: Option<i64>,
    /// For a proposal decided on another node: the supports count its node last published.
    pub supports_count: Option<i64>,
}

/// A proposal with its author's name and its supports, for listings.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProposalListing {
    pub id: i64,
    pub ap_id: String,
    pub process_id: i64,
    pub title: String,
    pub state: String,
    pub created_at: i64,
    pub author_ap_id: String,
    pub author_username: String,
    pub author_domain: String,
    pub author_display_name: Option<String>,
    pub supports: i64,
}

#[derive(Debug, Clone)]
pub struct NewProposal {
    pub ap_id: String,
    pub process_id: i64,
    pub author_id: i64,
    pub title: String,
    pub content: String,
    pub source: Option<String>,
    pub state: String,
    pub local: bool,
}

const PROPOSAL_COLUMNS: &str = "id, ap_id, process_id, author_id, title, content, source, \
    state, follow_up, local, created_at, updated_at, supports_count";

pub async fn insert_proposal(tx: &mut Tx, p: &NewProposal) -> StorageResult<ProposalRow> {
    let sql = format!(
        "INSERT INTO proposals (ap_id, process_id, author_id, title, content, source, state, \
         local, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         RETURNING {PROPOSAL_COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ProposalRow>(&sql)
        .bind(&p.ap_id)
        .bind(p.process_id)
        .bind(p.author_id)
        .bind(&p.title)
        .bind(&p.content)
        .bind(&p.source)
        .bind(&p.state)
        .bind(p.local)
        .bind(now_millis())
        .fetch_one(c)
        .await)
}

/// Inserts a remote proposal, or refreshes the stored copy (text and state). Never touches a
/// local proposal, nor moves a proposal to another process or author.
pub async fn upsert_remote_proposal(
    tx: &mut Tx,
    p: &NewProposal,
) -> StorageResult<Option<ProposalRow>> {
    let sql = format!(
        "INSERT INTO proposals (ap_id, process_id, author_id, title, content, source, state, \
         local, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE, $8, $8) \
         ON CONFLICT (ap_id) DO UPDATE SET title = excluded.title, content = excluded.content, \
         source = excluded.source, state = excluded.state, updated_at = excluded.updated_at \
         WHERE proposals.local = FALSE AND proposals.process_id = excluded.process_id \
         AND proposals.author_id = excluded.author_id \
         RETURNING {PROPOSAL_COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ProposalRow>(&sql)
        .bind(&p.ap_id)
        .bind(p.process_id)
        .bind(p.author_id)
        .bind(&p.title)
        .bind(&p.content)
        .bind(&p.source)
        .bind(&p.state)
        .bind(now_millis())
        .fetch_optional(c)
        .await)
}

/// Sets the state of a proposal decided on another node, as its group's vote says (no check
/// of the transition: the group's node made it).
pub async fn set_remote_proposal_state(tx: &mut Tx, id: i64, state: &str) -> StorageResult<()> {
    set_decided_elsewhere(tx, id, state, None).await.map(|_| ())
}

pub async fn proposal_by_id(tx: &mut Tx, id: i64) -> StorageResult<Option<ProposalRow>> {
    let sql = format!("SELECT {PROPOSAL_COLUMNS} FROM proposals WHERE id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, ProposalRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

pub async fn proposal_by_ap_id(tx: &mut Tx, ap_id: &str) -> StorageResult<Option<ProposalRow>> {
    let sql = format!("SELECT {PROPOSAL_COLUMNS} FROM proposals WHERE ap_id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, ProposalRow>(&sql)
        .bind(ap_id)
        .fetch_optional(c)
        .await)
}

/// The proposals of a process, oldest first. Drafts are listed only to their author.
pub async fn proposals_of_process(
    tx: &mut Tx,
    process_id: i64,
    viewer_id: Option<i64>,
) -> StorageResult<Vec<ProposalListing>> {
    on_conn!(tx, |c| sqlx::query_as::<_, ProposalListing>(
        "SELECT p.id, p.ap_id, p.process_id, p.title, p.state, p.created_at, \
         a.ap_id AS author_ap_id, a.username AS author_username, a.domain AS author_domain, \
         a.display_name AS author_display_name, \
         CASE WHEN pr.local THEN \
           (SELECT COUNT(*) FROM proposal_supports s WHERE s.proposal_id = p.id) \
         ELSE COALESCE(p.supports_count, 0) END AS supports \
         FROM proposals p JOIN actors a ON a.id = p.author_id \
         JOIN processes pr ON pr.id = p.process_id \
         WHERE p.process_id = $1 AND (p.state <> 'draft' OR p.author_id = $2) \
         ORDER BY p.created_at, p.id"
    )
    .bind(process_id)
    .bind(viewer_id.unwrap_or(-1))
    .fetch_all(c)
    .await)
}

/// Moves a proposal to `state` if it is still in `from` (a concurrent change loses).
pub async fn set_proposal_state(
    tx: &mut Tx,
    id: i64,
    from: &str,
    state: &str,
) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE proposals SET state = $3, updated_at = $4 WHERE id = $1 AND state = $2"
    )
    .bind(id)
    .bind(from)
    .bind(state)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|r| r.rows_affected() == 1))
}

pub async fn set_follow_up(tx: &mut Tx, id: i64, follow_up: &str) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE proposals SET follow_up = $2, updated_at = $3 WHERE id = $1"
    )
    .bind(id)
    .bind(follow_up)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

/// A proposal's new title and text (the author's edit, or an accepted amendment).
pub async fn update_proposal_title_and_text(
    tx: &mut Tx,
    id: i64,
    title: &str,
    content: &str,
    source: Option<&str>,
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE proposals SET title = $2, content = $3, source = $4, updated_at = $5 WHERE id = $1"
    )
    .bind(id)
    .bind(title)
    .bind(content)
    .bind(source)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

/// Records a support, with the `Like` that gave it (received, or sent from here); `false` when
/// this member already supports the proposal (the first `Like` is kept).
pub async fn add_support(
    tx: &mut Tx,
    proposal_id: i64,
    actor_id: i64,
    activity_id: Option<&str>,
) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO proposal_supports (proposal_id, actor_id, created_at, activity_id) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"
    )
    .bind(proposal_id)
    .bind(actor_id)
    .bind(now_millis())
    .bind(activity_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Removes a support. `None` when there was none; otherwise the id of the `Like` that gave it,
/// if one did.
pub async fn remove_support(
    tx: &mut Tx,
    proposal_id: i64,
    actor_id: i64,
) -> StorageResult<Option<Option<String>>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, Option<String>>(
        "DELETE FROM proposal_supports WHERE proposal_id = $1 AND actor_id = $2 \
         RETURNING activity_id"
    )
    .bind(proposal_id)
    .bind(actor_id)
    .fetch_optional(c)
    .await)
}

/// The proposal and the supporter of the support a `Like` gave (to undo it by the Like's id).
pub async fn support_by_activity(
    tx: &mut Tx,
    activity_id: &str,
) -> StorageResult<Option<(i64, i64)>> {
    on_conn!(tx, |c| sqlx::query_as::<_, (i64, i64)>(
        "SELECT proposal_id, actor_id FROM proposal_supports WHERE activity_id = $1"
    )
    .bind(activity_id)
    .fetch_optional(c)
    .await)
}

/// What the group's node published about a proposal it decides and this node only shows: its
/// state and, when given, its supports count. Never touches a proposal decided here.
pub async fn set_decided_elsewhere(
    tx: &mut Tx,
    id: i64,
    state: &str,
    supports: Option<i64>,
) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE proposals SET state = $2, supports_count = COALESCE($3, supports_count), \
         updated_at = $4 WHERE id = $1 \
         AND process_id IN (SELECT id FROM processes WHERE local = FALSE)"
    )
    .bind(id)
    .bind(state)
    .bind(supports)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|r| r.rows_affected() == 1))
}

pub async fn count_supports(tx: &mut Tx, proposal_id: i64) -> StorageResult<i64> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM proposal_supports WHERE proposal_id = $1"
    )
    .bind(proposal_id)
    .fetch_one(c)
    .await)
}

pub async fn supports(tx: &mut Tx, proposal_id: i64, actor_id: i64) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM proposal_supports WHERE proposal_id = $1 AND actor_id = $2"
    )
    .bind(proposal_id)
    .bind(actor_id)
    .fetch_one(c)
    .await
    .map(|n| n > 0))
}
