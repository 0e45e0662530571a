//! Group statistics, the SQL: the rows `domain::group_stats` turns into a local group's
//! figures (see there for what each figure means), the groups the network dashboard covers,
//! and the statistics documents it read from other nodes (`group_statistics`).

use super::{on_conn, StorageResult, Tx};

/// Join times of the group's current members: people whose follow is accepted.
pub async fn member_since(tx: &mut Tx, group_id: i64) -> StorageResult<Vec<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT f.created_at FROM follows f JOIN actors a ON a.id = f.follower_id \
         WHERE f.followed_id = $1 AND f.state = 'accepted' AND a.kind = 'person' \
         AND a.deleted_at IS NULL"
    )
    .bind(group_id)
    .fetch_all(c)
    .await)
}

/// (when, who) of everything that makes a person active in the group in `[from, to)`: posts
/// and replies (in the group, on its proposals or its offers and needs), supports, ballots,
/// registrations (not refused), offers and needs.
pub async fn actions(
    tx: &mut Tx,
    group_id: i64,
    from: i64,
    to: i64,
) -> StorageResult<Vec<(i64, i64)>> {
    on_conn!(tx, |c| sqlx::query_as::<_, (i64, i64)>(
        "SELECT x.at, x.who FROM ( \
           SELECT p.published_at AS at, p.author_id AS who FROM posts p \
           WHERE p.deleted_at IS NULL AND (p.group_id = $1 \
             OR p.proposal_id IN (SELECT q.id FROM proposals q \
                JOIN processes r ON r.id = q.process_id WHERE r.group_id = $1) \
             OR p.competence_id IN (SELECT k.id FROM competences k WHERE k.group_id = $1)) \
           UNION ALL \
           SELECT s.created_at AS at, s.actor_id AS who FROM proposal_supports s \
           JOIN proposals q ON q.id = s.proposal_id JOIN processes r ON r.id = q.process_id \
           WHERE r.group_id = $1 \
           UNION ALL \
           SELECT b.cast_at AS at, b.voter_id AS who FROM ballots b \
           JOIN votes v ON v.id = b.vote_id JOIN proposals q ON q.id = v.proposal_id \
           JOIN processes r ON r.id = q.process_id WHERE r.group_id = $1 \
           UNION ALL \
           SELECT g.created_at AS at, g.actor_id AS who FROM event_registrations g \
           JOIN events e ON e.id = g.event_id WHERE e.group_id = $1 AND g.state <> 'rejected' \
           UNION ALL \
           SELECT k.created_at AS at, k.author_id AS who FROM competences k \
           WHERE k.group_id = $1 \
         ) x JOIN actors a ON a.id = x.who \
         WHERE a.kind = 'person' AND x.at >= $2 AND x.at < $3"
    )
    .bind(group_id)
    .bind(from)
    .bind(to)
    .fetch_all(c)
    .await)
}

/// Creation times of the group's proposals in `[from, to)`, drafts left out.
pub async fn proposals(tx: &mut Tx, group_id: i64, from: i64, to: i64) -> StorageResult<Vec<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT q.created_at FROM proposals q JOIN processes r ON r.id = q.process_id \
         WHERE r.group_id = $1 AND q.state <> 'draft' AND q.created_at >= $2 AND q.created_at < $3"
    )
    .bind(group_id)
    .bind(from)
    .bind(to)
    .fetch_all(c)
    .await)
}

/// (closed at, ballots, electorate) of the group's votes counted here, closed in `[from, to)`:
/// the decision archive's votes.
pub async fn closed_votes(
    tx: &mut Tx,
    group_id: i64,
    from: i64,
    to: i64,
) -> StorageResult<Vec<(i64, i64, i64)>> {
    on_conn!(tx, |c| sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT v.closed_at, v.ballots_count, v.electorate_size FROM votes v \
         JOIN proposals q ON q.id = v.proposal_id JOIN processes r ON r.id = q.process_id \
         WHERE r.group_id = $1 AND v.local = TRUE AND v.closed_at IS NOT NULL \
         AND v.closed_at >= $2 AND v.closed_at < $3"
    )
    .bind(group_id)
    .bind(from)
    .bind(to)
    .fetch_all(c)
    .await)
}

/// (starts at, accepted registrations) of the group's own events that started in
/// `[from, to)`, cancelled ones left out.
pub async fn held_events(
    tx: &mut Tx,
    group_id: i64,
    from: i64,
    to: i64,
) -> StorageResult<Vec<(i64, i64)>> {
    on_conn!(tx, |c| sqlx::query_as::<_, (i64, i64)>(
        "SELECT e.starts_at, (SELECT COUNT(*) FROM event_registrations g \
           WHERE g.event_id = e.id AND g.state = 'accepted') \
         FROM events e WHERE e.group_id = $1 AND e.local = TRUE AND e.status <> 'cancelled' \
         AND e.starts_at >= $2 AND e.starts_at < $3"
    )
    .bind(group_id)
    .bind(from)
    .bind(to)
    .fetch_all(c)
    .await)
}

/// The group's own events still to start after `now`, cancelled ones left out.
pub async fn upcoming_events(tx: &mut Tx, group_id: i64, now: i64) -> StorageResult<i64> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM events WHERE group_id = $1 AND local = TRUE \
         AND status <> 'cancelled' AND starts_at > $2"
    )
    .bind(group_id)
    .bind(now)
    .fetch_one(c)
    .await)
}

/// (posted at, kind) of the offers and needs posted in the group in `[from, to)`.
pub async fn competences(
    tx: &mut Tx,
    group_id: i64,
    from: i64,
    to: i64,
) -> StorageResult<Vec<(i64, String)>> {
    on_conn!(tx, |c| sqlx::query_as::<_, (i64, String)>(
        "SELECT created_at, kind FROM competences WHERE group_id = $1 AND local = TRUE \
         AND created_at >= $2 AND created_at < $3"
    )
    .bind(group_id)
    .bind(from)
    .bind(to)
    .fetch_all(c)
    .await)
}

/// How many offers and how many needs of the group are open at `now` (not expired).
pub async fn open_competences(tx: &mut Tx, group_id: i64, now: i64) -> StorageResult<(i64, i64)> {
    let rows = on_conn!(tx, |c| sqlx::query_as::<_, (String, i64)>(
        "SELECT kind, COUNT(*) FROM competences WHERE group_id = $1 AND local = TRUE \
         AND state = 'open' AND (expires_at IS NULL OR expires_at > $2) GROUP BY kind"
    )
    .bind(group_id)
    .bind(now)
    .fetch_all(c)
    .await)?;
    let of = |kind: &str| {
        rows.iter()
            .find(|(k, _)| k == kind)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    Ok((of("offer"), of("need")))
}

/// The groups the dashboard covers: this node's groups, and every group of another node
/// that one of our actors (a member, or one of our groups) follows, accepted.
pub async fn dashboard_groups(tx: &mut Tx) -> StorageResult<Vec<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT id FROM actors WHERE kind = 'group' AND local = TRUE AND deleted_at IS NULL \
         UNION \
         SELECT g.id FROM follows f JOIN actors l ON l.id = f.follower_id \
         JOIN actors g ON g.id = f.followed_id \
         WHERE l.local = TRUE AND f.state = 'accepted' AND g.kind = 'group' \
         AND g.local = FALSE AND g.deleted_at IS NULL"
    )
    .fetch_all(c)
    .await)
}

/// The statistics document of a group of another node, as last read here.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReadStats {
    pub actor_id: i64,
    pub url: Option<String>,
    pub document: Option<String>,
    pub fetched_at: Option<i64>,
    pub attempted_at: i64,
    pub error: Option<String>,
}

pub async fn read_all(tx: &mut Tx) -> StorageResult<Vec<ReadStats>> {
    on_conn!(tx, |c| sqlx::query_as::<_, ReadStats>(
        "SELECT actor_id, url, document, fetched_at, attempted_at, error FROM group_statistics"
    )
    .fetch_all(c)
    .await)
}

/// Keeps a validated document read at `at`.
pub async fn record_read(
    tx: &mut Tx,
    actor_id: i64,
    url: &str,
    document: &str,
    at: i64,
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO group_statistics (actor_id, url, document, fetched_at, attempted_at, error) \
         VALUES ($1, $2, $3, $4, $4, NULL) \
         ON CONFLICT (actor_id) DO UPDATE SET url = excluded.url, document = excluded.document, \
         fetched_at = excluded.fetched_at, attempted_at = excluded.attempted_at, error = NULL"
    )
    .bind(actor_id)
    .bind(url)
    .bind(document)
    .bind(at)
    .execute(c)
    .await
    .map(|_| ()))
}

/// Records a failed read at `at`; the last good document (if any) stays.
pub async fn record_failure(tx: &mut Tx, actor_id: i64, error: &str, at: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO group_statistics (actor_id, attempted_at, error) VALUES ($1, $2, $3) \
         ON CONFLICT (actor_id) DO UPDATE SET attempted_at = excluded.attempted_at, \
         error = excluded.error"
    )
    .bind(actor_id)
    .bind(at)
    .bind(error)
    .execute(c)
    .await
    .map(|_| ()))
}
