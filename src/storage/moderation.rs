//! Admin moderation: silenced domains, suspended actors, removed posts and reports.
//! (Blocked domains live in `servers.rs`, next to the delivery bookkeeping they also affect.)

use super::{now_millis, on_conn, servers::domain_and_parents, StorageResult, Tx};

/// SQL condition on a post `p` written by actor `a`: the post is shown. Not deleted or
/// removed, its author not suspended, and not from a silenced domain (or a subdomain of one).
pub const POST_VISIBLE: &str = "p.deleted_at IS NULL \
    AND NOT EXISTS (SELECT 1 FROM suspended_actors sa WHERE sa.ap_id = a.ap_id) \
    AND NOT EXISTS (SELECT 1 FROM silenced_domains sd WHERE a.domain = sd.domain \
        OR a.domain LIKE '%.' || sd.domain OR a.domain LIKE sd.domain || ':%' \
        OR a.domain LIKE '%.' || sd.domain || ':%')";

// --- silenced domains ---

pub async fn silence_domain(tx: &mut Tx, domain: &str, reason: Option<&str>) -> StorageResult<()> {
    let domain = super::servers::normalize_domain(domain);
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO silenced_domains (domain, reason, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (domain) DO UPDATE SET reason = excluded.reason"
    )
    .bind(&domain)
    .bind(reason)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn unsilence_domain(tx: &mut Tx, domain: &str) -> StorageResult<bool> {
    let domain = super::servers::normalize_domain(domain);
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM silenced_domains WHERE domain = $1"
    )
    .bind(&domain)
    .execute(c)
    .await
    .map(|r| r.rows_affected() > 0))
}

/// Whether `domain` or a parent domain of it is silenced.
pub async fn is_silenced(tx: &mut Tx, domain: &str) -> StorageResult<bool> {
    for candidate in domain_and_parents(domain) {
        let found = on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM silenced_domains WHERE domain = $1"
        )
        .bind(&candidate)
        .fetch_one(c)
        .await)?;
        if found > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `(domain, reason, created_at)`, by domain.
pub async fn silenced_domains(tx: &mut Tx) -> StorageResult<Vec<(String, Option<String>, i64)>> {
    on_conn!(tx, |c| sqlx::query_as::<_, (String, Option<String>, i64)>(
        "SELECT domain, reason, created_at FROM silenced_domains ORDER BY domain"
    )
    .fetch_all(c)
    .await)
}

// --- suspended actors ---

pub async fn suspend(tx: &mut Tx, ap_id: &str, reason: Option<&str>) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO suspended_actors (ap_id, reason, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (ap_id) DO UPDATE SET reason = excluded.reason"
    )
    .bind(ap_id)
    .bind(reason)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn unsuspend(tx: &mut Tx, ap_id: &str) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM suspended_actors WHERE ap_id = $1"
    )
    .bind(ap_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected() > 0))
}

pub async fn is_suspended(tx: &mut Tx, ap_id: &str) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM suspended_actors WHERE ap_id = $1"
    )
    .bind(ap_id)
    .fetch_one(c)
    .await
    .map(|n| n > 0))
}

/// `(ap_id, reason, created_at)`, newest first.
pub async fn suspended(tx: &mut Tx) -> StorageResult<Vec<(String, Option<String>, i64)>> {
    on_conn!(tx, |c| sqlx::query_as::<_, (String, Option<String>, i64)>(
        "SELECT ap_id, reason, created_at FROM suspended_actors ORDER BY created_at DESC, ap_id"
    )
    .fetch_all(c)
    .await)
}

// --- removed posts ---

/// Marks a post removed by a moderator: deleted like an author's deletion (the text is
/// erased), with who removed it and why.
pub async fn mark_removed(
    tx: &mut Tx,
    post_id: i64,
    by: i64,
    reason: Option<&str>,
) -> StorageResult<bool> {
    let removed = super::posts::mark_deleted(tx, post_id).await?;
    if removed {
        on_conn!(tx, |c| sqlx::query(
            "UPDATE posts SET removed_by = $2, removal_reason = $3 WHERE id = $1"
        )
        .bind(post_id)
        .bind(by)
        .bind(reason)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    Ok(removed)
}

// --- reports ---

#[derive(Debug, Clone)]
pub struct NewReport<'a> {
    pub flag_ap_id: Option<&'a str>,
    pub reporter_id: Option<i64>,
    pub origin_domain: Option<&'a str>,
    pub target_actor_ap_id: Option<&'a str>,
    pub post_id: Option<i64>,
    /// JSON array of ids.
    pub object_ap_ids: String,
    pub comment: &'a str,
}

/// A report with what the admin page and the API show of it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub id: i64,
    pub flag_ap_id: Option<String>,
    pub reporter_ap_id: Option<String>,
    pub origin_domain: Option<String>,
    pub target_actor_ap_id: Option<String>,
    pub post_id: Option<i64>,
    pub post_ap_id: Option<String>,
    pub post_local: Option<bool>,
    pub post_deleted: Option<bool>,
    pub post_content: Option<String>,
    pub object_ap_ids: String,
    pub comment: String,
    pub created_at: i64,
    pub forwarded_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub resolved_by_ap_id: Option<String>,
    pub resolution_note: Option<String>,
}

const REPORT_SELECT: &str = "SELECT r.id, r.flag_ap_id, rep.ap_id AS reporter_ap_id, \
    r.origin_domain, r.target_actor_ap_id, r.post_id, p.ap_id AS post_ap_id, \
    p.local AS post_local, (p.deleted_at IS NOT NULL) AS post_deleted, \
    p.content AS post_content, r.object_ap_ids, r.comment, r.created_at, r.forwarded_at, \
    r.resolved_at, res.ap_id AS resolved_by_ap_id, r.resolution_note \
    FROM reports r LEFT JOIN actors rep ON rep.id = r.reporter_id \
    LEFT JOIN posts p ON p.id = r.post_id LEFT JOIN actors res ON res.id = r.resolved_by";

/// Stores a report; `None` when a report with the same Flag id is already there.
pub async fn insert_report(tx: &mut Tx, report: &NewReport<'_>) -> StorageResult<Option<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "INSERT INTO reports (flag_ap_id, reporter_id, origin_domain, target_actor_ap_id, \
         post_id, object_ap_ids, comment, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (flag_ap_id) DO NOTHING RETURNING id"
    )
    .bind(report.flag_ap_id)
    .bind(report.reporter_id)
    .bind(report.origin_domain)
    .bind(report.target_actor_ap_id)
    .bind(report.post_id)
    .bind(&report.object_ap_ids)
    .bind(report.comment)
    .bind(now_millis())
    .fetch_optional(c)
    .await)
}

pub async fn report(tx: &mut Tx, id: i64) -> StorageResult<Option<ReportRow>> {
    let sql = format!("{REPORT_SELECT} WHERE r.id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, ReportRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

/// Reports, newest first: the open ones, the resolved ones, or all.
pub async fn reports(
    tx: &mut Tx,
    resolved: Option<bool>,
    limit: i64,
) -> StorageResult<Vec<ReportRow>> {
    let filter = match resolved {
        Some(true) => "WHERE r.resolved_at IS NOT NULL",
        Some(false) => "WHERE r.resolved_at IS NULL",
        None => "",
    };
    let sql = format!("{REPORT_SELECT} {filter} ORDER BY r.created_at DESC, r.id DESC LIMIT $1");
    on_conn!(tx, |c| sqlx::query_as::<_, ReportRow>(&sql)
        .bind(limit)
        .fetch_all(c)
        .await)
}

pub async fn count_open_reports(tx: &mut Tx) -> StorageResult<i64> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM reports WHERE resolved_at IS NULL"
    )
    .fetch_one(c)
    .await)
}

pub async fn resolve_report(
    tx: &mut Tx,
    id: i64,
    by: i64,
    note: Option<&str>,
) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE reports SET resolved_at = $2, resolved_by = $3, resolution_note = $4 \
         WHERE id = $1 AND resolved_at IS NULL"
    )
    .bind(id)
    .bind(now_millis())
    .bind(by)
    .bind(note)
    .execute(c)
    .await
    .map(|r| r.rows_affected() > 0))
}

pub async fn mark_forwarded(tx: &mut Tx, id: i64) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE reports SET forwarded_at = $2 WHERE id = $1 AND forwarded_at IS NULL"
    )
    .bind(id)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|r| r.rows_affected() > 0))
}
