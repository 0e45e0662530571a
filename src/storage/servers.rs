//! Remote servers: how they answer our deliveries, and which domains the admin blocked.

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServerRow {
    pub domain: String,
    pub consecutive_failures: i64,
    pub unreachable_since: Option<i64>,
    pub last_success_at: Option<i64>,
    pub last_failure_at: Option<i64>,
}

pub async fn get(tx: &mut Tx, domain: &str) -> StorageResult<Option<ServerRow>> {
    on_conn!(tx, |c| sqlx::query_as::<_, ServerRow>(
        "SELECT domain, consecutive_failures, unreachable_since, last_success_at, \
         last_failure_at FROM remote_servers WHERE domain = $1"
    )
    .bind(domain)
    .fetch_optional(c)
    .await)
}

/// A delivery went through: the server is reachable again.
pub async fn record_success(tx: &mut Tx, domain: &str) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO remote_servers (domain, consecutive_failures, last_success_at) \
         VALUES ($1, 0, $2) ON CONFLICT (domain) DO UPDATE SET consecutive_failures = 0, \
         unreachable_since = NULL, last_success_at = excluded.last_success_at"
    )
    .bind(domain)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

/// A delivery failed in a way worth retrying. Returns the server's row after the update.
pub async fn record_failure(
    tx: &mut Tx,
    domain: &str,
    unreachable_after: i64,
) -> StorageResult<ServerRow> {
    let now = now_millis();
    on_conn!(tx, |c| sqlx::query_as::<_, ServerRow>(
        "INSERT INTO remote_servers (domain, consecutive_failures, last_failure_at) \
         VALUES ($1, 1, $2) ON CONFLICT (domain) DO UPDATE SET \
         consecutive_failures = remote_servers.consecutive_failures + 1, \
         last_failure_at = excluded.last_failure_at, \
         unreachable_since = CASE WHEN remote_servers.unreachable_since IS NULL \
           AND remote_servers.consecutive_failures + 1 >= $3 THEN excluded.last_failure_at \
           ELSE remote_servers.unreachable_since END \
         RETURNING domain, consecutive_failures, unreachable_since, last_success_at, \
         last_failure_at"
    )
    .bind(domain)
    .bind(now)
    .bind(unreachable_after)
    .fetch_one(c)
    .await)
}

pub async fn block_domain(tx: &mut Tx, domain: &str, reason: Option<&str>) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO blocked_domains (domain, reason, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (domain) DO UPDATE SET reason = excluded.reason"
    )
    .bind(domain)
    .bind(reason)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn unblock_domain(tx: &mut Tx, domain: &str) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM blocked_domains WHERE domain = $1"
    )
    .bind(domain)
    .execute(c)
    .await
    .map(|r| r.rows_affected() > 0))
}

/// Whether `domain` or any parent domain of it is blocked (`evil.example` blocks
/// `a.evil.example` too).
pub async fn is_blocked(tx: &mut Tx, domain: &str) -> StorageResult<bool> {
    let domain = domain.to_ascii_lowercase();
    let host = domain.split(':').next().unwrap_or_default().to_string();
    let mut candidates = vec![domain.clone(), host.clone()];
    let mut rest = host.as_str();
    while let Some((_, parent)) = rest.split_once('.') {
        if parent.contains('.') {
            candidates.push(parent.to_string());
        }
        rest = parent;
    }
    for candidate in candidates {
        let found = on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM blocked_domains WHERE domain = $1"
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

pub async fn blocked_domains(tx: &mut Tx) -> StorageResult<Vec<(String, Option<String>)>> {
    on_conn!(tx, |c| sqlx::query_as::<_, (String, Option<String>)>(
        "SELECT domain, reason FROM blocked_domains ORDER BY domain"
    )
    .fetch_all(c)
    .await)
}
