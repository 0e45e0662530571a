//! The persistent delivery queue.
//!
//! Rows are written in the transaction of the change they announce ([`enqueue`]). Workers
//! claim due rows with a lease ([`claim_due`]): a worker that dies mid-send leaves its rows to
//! be claimed again when the lease runs out, so a delivery can be repeated (receivers
//! deduplicate by activity id) but never lost.

use super::{now_millis, on_conn, StorageResult, Tx};
use crate::storage::Db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimedDelivery {
    pub id: i64,
    pub activity_id: i64,
    pub inbox: String,
    pub domain: String,
    pub attempts: i64,
}

/// Queues `activity_id` for each inbox, due now, or when the server's other deliveries are due
/// if it is unreachable (so a dead server is not tried once per new activity). Repeats of the
/// same inbox are ignored.
pub async fn enqueue(tx: &mut Tx, activity_id: i64, inboxes: &[String]) -> StorageResult<usize> {
    let now = now_millis();
    let mut queued = 0;
    for inbox in inboxes {
        let Some(domain) = inbox_domain(inbox) else {
            continue;
        };
        let inserted = on_conn!(tx, |c| sqlx::query(
            "INSERT INTO deliveries (activity_id, inbox, domain, state, next_attempt_at, \
             created_at, updated_at) VALUES ($1, $2, $3, 'pending', \
             COALESCE((SELECT MAX(d.next_attempt_at) FROM deliveries d JOIN remote_servers s \
               ON s.domain = d.domain WHERE d.domain = $3 AND d.state = 'pending' \
               AND s.unreachable_since IS NOT NULL), $4), $4, $4) \
             ON CONFLICT (activity_id, inbox) DO NOTHING"
        )
        .bind(activity_id)
        .bind(inbox)
        .bind(&domain)
        .bind(now)
        .execute(c)
        .await?
        .rows_affected());
        queued += inserted as usize;
    }
    Ok(queued)
}

/// `host[:port]` of an inbox URL.
pub fn inbox_domain(inbox: &str) -> Option<String> {
    let url = url::Url::parse(inbox).ok()?;
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    })
}

/// Claims up to `limit` due deliveries for `lease_ms`. PostgreSQL skips rows another process
/// holds (`FOR UPDATE SKIP LOCKED`); SQLite has a single writer, so its claim is atomic as is.
pub async fn claim_due(db: &Db, limit: i64, lease_ms: i64) -> StorageResult<Vec<ClaimedDelivery>> {
    let now = now_millis();
    let lock_clause = match db {
        Db::Postgres(_) => "FOR UPDATE SKIP LOCKED",
        Db::Sqlite(_) => "",
    };
    let sql = format!(
        "UPDATE deliveries SET locked_until = $1 WHERE id IN (\
           SELECT id FROM deliveries WHERE state = 'pending' AND next_attempt_at <= $2 \
           AND locked_until <= $2 ORDER BY next_attempt_at, id LIMIT $3 {lock_clause}) \
         RETURNING id, activity_id, inbox, domain, attempts"
    );
    let mut tx = db.begin().await?;
    let claimed = on_conn!(&mut tx, |c| sqlx::query_as::<_, ClaimedDelivery>(&sql)
        .bind(now + lease_ms)
        .bind(now)
        .bind(limit)
        .fetch_all(c)
        .await)?;
    tx.commit().await?;
    Ok(claimed)
}

pub async fn mark_delivered(tx: &mut Tx, id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE deliveries SET state = 'delivered', attempts = attempts + 1, locked_until = 0, \
         last_error = NULL, updated_at = $2 WHERE id = $1"
    )
    .bind(id)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

/// Records a failed attempt and when to try again.
pub async fn schedule_retry(
    tx: &mut Tx,
    id: i64,
    next_attempt_at: i64,
    error: &str,
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = $2, locked_until = 0, \
         last_error = $3, updated_at = $4 WHERE id = $1"
    )
    .bind(id)
    .bind(next_attempt_at)
    .bind(error)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

/// Gives a delivery up for good (refused by the receiver, or out of attempts).
pub async fn mark_failed(tx: &mut Tx, id: i64, error: &str) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE deliveries SET state = 'failed', attempts = attempts + 1, locked_until = 0, \
         last_error = $2, updated_at = $3 WHERE id = $1"
    )
    .bind(id)
    .bind(error)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

/// Pending deliveries per state, for tests, `admin` commands and metrics.
pub async fn count_by_state(tx: &mut Tx, state: &str) -> StorageResult<i64> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM deliveries WHERE state = $1"
    )
    .bind(state)
    .fetch_one(c)
    .await)
}

/// Deliveries still pending, or given up, to one remote server.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ServerCount {
    /// `host[:port]`
    pub domain: String,
    /// `pending` or `failed`
    pub state: String,
    pub count: i64,
}

/// Pending and failed deliveries per remote server (servers with none are left out), in
/// domain order, for `/metrics`.
pub async fn count_by_server(tx: &mut Tx) -> StorageResult<Vec<ServerCount>> {
    on_conn!(tx, |c| sqlx::query_as::<_, ServerCount>(
        "SELECT domain, state, COUNT(*) AS count FROM deliveries \
         WHERE state IN ('pending', 'failed') GROUP BY domain, state ORDER BY domain, state"
    )
    .fetch_all(c)
    .await)
}

/// When the next pending delivery is due, if any (lets workers sleep exactly long enough).
pub async fn next_due_at(tx: &mut Tx) -> StorageResult<Option<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, Option<i64>>(
        "SELECT MIN(CASE WHEN locked_until > next_attempt_at THEN locked_until \
         ELSE next_attempt_at END) FROM deliveries WHERE state = 'pending'"
    )
    .fetch_one(c)
    .await)
}

/// Holds back every pending delivery to `domain` until `until` (an unreachable server).
pub async fn postpone_domain(tx: &mut Tx, domain: &str, until: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE deliveries SET next_attempt_at = $2 WHERE domain = $1 AND state = 'pending' \
         AND next_attempt_at < $2"
    )
    .bind(domain)
    .bind(until)
    .execute(c)
    .await
    .map(|_| ()))
}
