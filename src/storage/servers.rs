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

/// A domain as an admin typed it, in the form URLs carry it: lower case, international names
/// in punycode (`exаmple.com` with a Cyrillic `а` is `xn--exmple-4nf.com`), no trailing dot.
pub fn normalize_domain(raw: &str) -> String {
    let raw = raw.trim().trim_end_matches('.');
    url::Url::parse(&format!("https://{raw}/"))
        .ok()
        .and_then(|u| {
            let host = u.host_str()?.trim_end_matches('.').to_string();
            Some(match u.port() {
                Some(port) => format!("{host}:{port}"),
                None => host,
            })
        })
        .unwrap_or_else(|| raw.to_ascii_lowercase())
}

pub async fn block_domain(tx: &mut Tx, domain: &str, reason: Option<&str>) -> StorageResult<()> {
    let domain = normalize_domain(domain);
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO blocked_domains (domain, reason, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (domain) DO UPDATE SET reason = excluded.reason"
    )
    .bind(&domain)
    .bind(reason)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn unblock_domain(tx: &mut Tx, domain: &str) -> StorageResult<bool> {
    let domain = normalize_domain(domain);
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM blocked_domains WHERE domain = $1"
    )
    .bind(&domain)
    .execute(c)
    .await
    .map(|r| r.rows_affected() > 0))
}

/// `domain` as URLs carry it, then (without the port) itself and each parent domain of at least
/// two labels: `a.evil.example:8443` gives `a.evil.example:8443`, `a.evil.example`,
/// `evil.example`. A rule on any of them covers `domain`.
pub fn domain_and_parents(domain: &str) -> Vec<String> {
    let domain = domain.to_ascii_lowercase();
    let (host, port) = match domain.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (domain.as_str(), None),
    };
    // `evil.example.` (trailing dot) is the same host: it must not slip past a rule.
    let host = host.trim_end_matches('.').to_string();
    let mut candidates = Vec::new();
    if let Some(port) = port {
        candidates.push(format!("{host}:{port}"));
    }
    candidates.push(host.clone());
    let mut rest = host.as_str();
    while let Some((_, parent)) = rest.split_once('.') {
        if parent.contains('.') {
            candidates.push(parent.to_string());
        }
        rest = parent;
    }
    candidates
}

/// Whether `domain` or any parent domain of it is blocked (`evil.example` blocks
/// `a.evil.example` too).
pub async fn is_blocked(tx: &mut Tx, domain: &str) -> StorageResult<bool> {
    let candidates = domain_and_parents(domain);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::test_support::test_databases;

    #[tokio::test]
    async fn blocks_cover_subdomains_ports_and_trailing_dots() {
        for (db, _guard) in test_databases().await {
            let mut tx = db.begin().await.unwrap();
            block_domain(&mut tx, "evil.example", None).await.unwrap();
            block_domain(&mut tx, "localhost:8002", None).await.unwrap();
            // Typed by an admin in Unicode, with a trailing dot: stored as URLs carry it.
            block_domain(&mut tx, "Ex\u{0430}mple.coop.", None)
                .await
                .unwrap();
            let lookalike = url::Url::parse("https://a.ex\u{0430}mple.coop/users/x").unwrap();
            assert!(is_blocked(&mut tx, lookalike.host_str().unwrap())
                .await
                .unwrap());
            assert!(!is_blocked(&mut tx, "example.coop").await.unwrap());
            for blocked in [
                "evil.example",
                "EVIL.example",
                "evil.example.",
                "a.b.evil.example.",
                "a.evil.example:8443",
                "localhost:8002",
            ] {
                assert!(is_blocked(&mut tx, blocked).await.unwrap(), "{blocked}");
            }
            for free in [
                "notevil.example",
                "evil.example.org",
                "localhost:8003",
                "localhost",
            ] {
                assert!(!is_blocked(&mut tx, free).await.unwrap(), "{free}");
            }
            tx.commit().await.unwrap();
        }
    }
}
