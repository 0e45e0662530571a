//! Members' involvement in their groups (what news they want, and how), and the fan-out of a
//! group's news into the notifications of the members who want it, in one statement.

use super::{now_millis, on_conn, placeholders, StorageResult, Tx};
use crate::domain::involvement::{DEFAULT_CHANNEL, DEFAULT_LEVEL};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvolvementRow {
    pub actor_id: i64,
    pub group_id: i64,
    pub level: String,
    pub channel: String,
    pub updated_at: i64,
}

pub async fn get(
    tx: &mut Tx,
    actor_id: i64,
    group_id: i64,
) -> StorageResult<Option<InvolvementRow>> {
    on_conn!(tx, |c| sqlx::query_as::<_, InvolvementRow>(
        "SELECT actor_id, group_id, level, channel, updated_at FROM involvement \
         WHERE actor_id = $1 AND group_id = $2"
    )
    .bind(actor_id)
    .bind(group_id)
    .fetch_optional(c)
    .await)
}

pub async fn set(
    tx: &mut Tx,
    actor_id: i64,
    group_id: i64,
    level: &str,
    channel: &str,
) -> StorageResult<()> {
    // `email_since`: when news started going by email (kept while it stays an email
    // digest), so news from before is never mailed.
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO involvement (actor_id, group_id, level, channel, updated_at, email_since) \
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 LIKE 'email%' THEN $5 END) \
         ON CONFLICT (actor_id, group_id) DO UPDATE SET \
         level = excluded.level, channel = excluded.channel, updated_at = excluded.updated_at, \
         email_since = CASE WHEN excluded.channel NOT LIKE 'email%' THEN NULL \
             WHEN involvement.channel LIKE 'email%' THEN involvement.email_since \
             ELSE excluded.updated_at END"
    )
    .bind(actor_id)
    .bind(group_id)
    .bind(level)
    .bind(channel)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

/// Members of this node in `group_id` (accepted followers and moderators, not deleted; for a
/// network, the members of its member groups too), with their level and channel there (the
/// defaults when they chose nothing).
const MEMBERS: &str = "SELECT m.actor_id, COALESCE(i.level, $1) AS level, \
    COALESCE(i.channel, $2) AS channel FROM ( \
        SELECT follower_id AS actor_id FROM follows WHERE followed_id = $3 AND state = 'accepted' \
        UNION SELECT actor_id FROM group_moderators WHERE group_id = $3 \
        UNION SELECT p.follower_id FROM follows p JOIN follows g ON g.follower_id = p.followed_id \
            JOIN actors n ON n.id = g.followed_id AND n.network = TRUE \
            JOIN actors ga ON ga.id = g.follower_id AND ga.kind = 'group' \
            WHERE g.followed_id = $3 AND g.state = 'accepted' AND p.state = 'accepted') m \
    JOIN actors a ON a.id = m.actor_id AND a.local AND a.kind = 'person' AND a.deleted_at IS NULL \
    LEFT JOIN involvement i ON i.actor_id = m.actor_id AND i.group_id = $3";

/// What a notification of group news says.
pub struct News<'a> {
    pub group_id: i64,
    pub kind: &'a str,
    pub subject_ap_id: &'a str,
    pub about_ap_id: &'a str,
    pub title: &'a str,
}

/// Notifies the members of the group whose level is one of `levels` and who want news at all;
/// `only` narrows it to those members (personal news). Returns how many were notified (the
/// same news told again notifies no one).
pub async fn notify_members(
    tx: &mut Tx,
    news: &News<'_>,
    levels: &[&str],
    only: Option<&[i64]>,
) -> StorageResult<u64> {
    if levels.is_empty() || only.is_some_and(<[i64]>::is_empty) {
        return Ok(0);
    }
    let level_list = placeholders(9, levels.len());
    let only_filter = match only {
        Some(ids) => format!(
            "AND m.actor_id IN ({})",
            placeholders(9 + levels.len(), ids.len())
        ),
        None => String::new(),
    };
    let sql = format!(
        "INSERT INTO notifications (recipient_id, kind, subject_ap_id, about_ap_id, title, \
         group_id, created_at) \
         SELECT m.actor_id, $4, $5, $6, $7, $3, $8 FROM ({MEMBERS}) m \
         WHERE m.channel <> 'none' AND m.level IN ({level_list}) {only_filter} \
         ON CONFLICT DO NOTHING"
    );
    on_conn!(tx, |c| {
        let mut q = sqlx::query(&sql)
            .bind(DEFAULT_LEVEL.as_str())
            .bind(DEFAULT_CHANNEL.as_str())
            .bind(news.group_id)
            .bind(news.kind)
            .bind(news.subject_ap_id)
            .bind(news.about_ap_id)
            .bind(news.title)
            .bind(now_millis());
        for level in levels {
            q = q.bind(*level);
        }
        for id in only.unwrap_or_default() {
            q = q.bind(*id);
        }
        q.execute(c).await.map(|r| r.rows_affected())
    })
}

/// Who took part in a proposal: its author and its supporters.
pub async fn proposal_participants(tx: &mut Tx, proposal_id: i64) -> StorageResult<Vec<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT author_id FROM proposals WHERE id = $1 \
         UNION SELECT actor_id FROM proposal_supports WHERE proposal_id = $1"
    )
    .bind(proposal_id)
    .fetch_all(c)
    .await)
}

/// Members of this node registered for an event (with a seat, waiting, or on the waitlist).
pub async fn event_registrants(tx: &mut Tx, event_id: i64) -> StorageResult<Vec<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT r.actor_id FROM event_registrations r JOIN actors a ON a.id = r.actor_id \
         WHERE r.event_id = $1 AND a.local AND r.state <> 'rejected'"
    )
    .bind(event_id)
    .fetch_all(c)
    .await)
}
