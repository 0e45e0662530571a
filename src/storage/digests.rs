//! Email digests in the database: which members have news due by email, claiming that news
//! for one digest (so two processes sharing the database never send it twice), what a digest
//! lists, and marking it sent or releasing it after a failure. Also the address and language
//! a member's emails go to. `service::digests` drives these steps.

use super::{now_millis, on_conn, StorageResult, Tx};

/// Notifications of `recipient` that wait for an email digest of channel `$ch`: not emailed,
/// older than the slot `$before`, in a group whose channel is that digest since before the
/// news, and not claimed by a digest in progress (unless that claim is older than `$stale`:
/// its process died). `{n}` is the notifications table's name or alias.
fn waiting(n: &str) -> String {
    format!(
        "{n}.emailed_at IS NULL AND {n}.created_at < $2 \
         AND ({n}.digest_id IS NULL OR {n}.digest_id IN \
             (SELECT d.id FROM email_digests d WHERE d.state = 'sending' AND d.claimed_at < $3)) \
         AND EXISTS (SELECT 1 FROM involvement i WHERE i.actor_id = {n}.recipient_id \
             AND i.group_id = {n}.group_id AND i.channel = $1 \
             AND {n}.created_at >= COALESCE(i.email_since, 0))"
    )
}

/// Members with an email address who have news waiting for a digest of `channel`.
pub async fn due_recipients(
    tx: &mut Tx,
    channel: &str,
    before: i64,
    stale_before: i64,
) -> StorageResult<Vec<i64>> {
    let sql = format!(
        "SELECT DISTINCT n.recipient_id FROM notifications n \
         JOIN accounts ac ON ac.actor_id = n.recipient_id \
         WHERE ac.email IS NOT NULL AND ac.email <> '' AND {} ORDER BY n.recipient_id",
        waiting("n")
    );
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(&sql)
        .bind(channel)
        .bind(before)
        .bind(stale_before)
        .fetch_all(c)
        .await)
}

/// Records a digest of `period` for `recipient` as being sent and claims its notifications;
/// `None` (and nothing recorded) when another process claimed them first.
pub async fn claim(
    tx: &mut Tx,
    recipient: i64,
    period: &str,
    channel: &str,
    before: i64,
    stale_before: i64,
) -> StorageResult<Option<i64>> {
    let digest: i64 = on_conn!(tx, |c| sqlx::query_scalar(
        "INSERT INTO email_digests (actor_id, period, state, claimed_at) \
         VALUES ($1, $2, 'sending', $3) RETURNING id"
    )
    .bind(recipient)
    .bind(period)
    .bind(now_millis())
    .fetch_one(c)
    .await)?;
    // On PostgreSQL a concurrent claim of the same rows waits for ours, then finds them
    // taken (`digest_id` no longer NULL nor stale) and claims nothing; SQLite writes one at
    // a time.
    let sql = format!(
        "UPDATE notifications SET digest_id = $4 WHERE recipient_id = $5 AND {}",
        waiting("notifications")
    );
    let claimed = on_conn!(tx, |c| sqlx::query(&sql)
        .bind(channel)
        .bind(before)
        .bind(stale_before)
        .bind(digest)
        .bind(recipient)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if claimed == 0 {
        on_conn!(tx, |c| sqlx::query(
            "DELETE FROM email_digests WHERE id = $1"
        )
        .bind(digest)
        .execute(c)
        .await
        .map(|_| ()))?;
        return Ok(None);
    }
    Ok(Some(digest))
}

/// One line of a digest: a notification and the group it comes from.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DigestItem {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub subject_ap_id: String,
    pub created_at: i64,
    pub group_id: i64,
    pub group_username: String,
    pub group_domain: String,
    pub group_local: bool,
    pub group_name: Option<String>,
}

/// The notifications a digest claimed, by group then oldest first.
pub async fn items(tx: &mut Tx, digest: i64) -> StorageResult<Vec<DigestItem>> {
    on_conn!(tx, |c| sqlx::query_as::<_, DigestItem>(
        "SELECT n.id, n.kind, n.title, n.subject_ap_id, n.created_at, g.id AS group_id, \
         g.username AS group_username, g.domain AS group_domain, g.local AS group_local, \
         g.display_name AS group_name \
         FROM notifications n JOIN actors g ON g.id = n.group_id \
         WHERE n.digest_id = $1 AND n.emailed_at IS NULL \
         ORDER BY COALESCE(g.display_name, g.username), g.id, n.created_at, n.id"
    )
    .bind(digest)
    .fetch_all(c)
    .await)
}

/// The digest went out: it and its notifications are marked in one transaction (the
/// caller's). Returns how many notifications it held.
pub async fn mark_sent(tx: &mut Tx, digest: i64) -> StorageResult<u64> {
    let now = now_millis();
    let marked = on_conn!(tx, |c| sqlx::query(
        "UPDATE notifications SET emailed_at = $2 WHERE digest_id = $1 AND emailed_at IS NULL"
    )
    .bind(digest)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    on_conn!(tx, |c| sqlx::query(
        "UPDATE email_digests SET state = 'sent', sent_at = $2, items = $3 WHERE id = $1"
    )
    .bind(digest)
    .bind(now)
    .bind(marked as i64)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(marked)
}

/// The digest could not be sent: its notifications wait for the next run.
pub async fn release(tx: &mut Tx, digest: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE notifications SET digest_id = NULL WHERE digest_id = $1 AND emailed_at IS NULL"
    )
    .bind(digest)
    .execute(c)
    .await
    .map(|_| ()))?;
    on_conn!(tx, |c| sqlx::query(
        "UPDATE email_digests SET state = 'failed' WHERE id = $1"
    )
    .bind(digest)
    .execute(c)
    .await
    .map(|_| ()))
}

/// Where a member's digest goes and in which language.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub email: Option<String>,
    pub language: Option<String>,
    pub username: String,
    pub display_name: Option<String>,
}

pub async fn recipient(tx: &mut Tx, actor_id: i64) -> StorageResult<Option<Recipient>> {
    on_conn!(tx, |c| sqlx::query_as::<_, Recipient>(
        "SELECT ac.email, ac.language, a.username, a.display_name FROM accounts ac \
         JOIN actors a ON a.id = ac.actor_id WHERE ac.actor_id = $1"
    )
    .bind(actor_id)
    .fetch_optional(c)
    .await)
}

/// Sets (or, with `None`, removes) a member's email address.
pub async fn set_email(tx: &mut Tx, actor_id: i64, email: Option<&str>) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE accounts SET email = $2 WHERE actor_id = $1"
    )
    .bind(actor_id)
    .bind(email)
    .execute(c)
    .await
    .map(|_| ()))
}

/// Remembers the language a member reads the site in, for their emails.
pub async fn set_language(tx: &mut Tx, actor_id: i64, language: &str) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE accounts SET language = $2 WHERE actor_id = $1"
    )
    .bind(actor_id)
    .bind(language)
    .execute(c)
    .await
    .map(|_| ()))
}

/// Digests sent to a member, newest first: `(period, items, sent_at)` (tests, admins).
pub async fn sent_to(tx: &mut Tx, actor_id: i64) -> StorageResult<Vec<(String, i64, i64)>> {
    on_conn!(tx, |c| sqlx::query_as::<_, (String, i64, i64)>(
        "SELECT period, items, sent_at FROM email_digests \
         WHERE actor_id = $1 AND state = 'sent' ORDER BY sent_at DESC, id DESC"
    )
    .bind(actor_id)
    .fetch_all(c)
    .await)
}
