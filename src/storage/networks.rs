//! Networks of groups: which groups a group belongs to as a member, the member groups of a
//! network, and the members of remote member groups as their own node attested them. The
//! rules (who may join, what is sent) live in `service::networks`; this is only the SQL.

use super::{actors::ActorRow, now_millis, on_conn, StorageResult, Tx};

const ACTOR_COLUMNS: &str = "a.id, a.ap_id, a.kind, a.local, a.username, a.domain, \
    a.display_name, a.summary, a.inbox, a.shared_inbox, a.outbox, a.followers, a.html_url, \
    a.public_key_pem, a.private_key_pem, a.membership, a.manually_approves, a.rules, a.network, \
    a.fetched_at, a.created_at, a.deleted_at";

/// The networks `group_id` is an accepted member of (groups marked as networks that it
/// follows, accepted), by name.
pub async fn networks_of(tx: &mut Tx, group_id: i64) -> StorageResult<Vec<ActorRow>> {
    let sql = format!(
        "SELECT {ACTOR_COLUMNS} FROM follows f JOIN actors a ON a.id = f.followed_id \
         WHERE f.follower_id = $1 AND f.state = 'accepted' AND a.kind = 'group' \
         AND a.network = TRUE AND a.deleted_at IS NULL ORDER BY a.username, a.domain"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ActorRow>(&sql)
        .bind(group_id)
        .fetch_all(c)
        .await)
}

/// The groups that are accepted members of `network_id`, by name.
pub async fn member_groups(tx: &mut Tx, network_id: i64) -> StorageResult<Vec<ActorRow>> {
    let sql = format!(
        "SELECT {ACTOR_COLUMNS} FROM follows f JOIN actors a ON a.id = f.follower_id \
         WHERE f.followed_id = $1 AND f.state = 'accepted' AND a.kind = 'group' \
         AND a.deleted_at IS NULL ORDER BY a.username, a.domain"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ActorRow>(&sql)
        .bind(network_id)
        .fetch_all(c)
        .await)
}

/// Every person who is an accepted member of a group, local or remote (the roll a group's
/// node attests to its networks).
pub async fn people_members(tx: &mut Tx, group_id: i64) -> StorageResult<Vec<ActorRow>> {
    let sql = format!(
        "SELECT {ACTOR_COLUMNS} FROM follows f JOIN actors a ON a.id = f.follower_id \
         WHERE f.followed_id = $1 AND f.state = 'accepted' AND a.kind = 'person' \
         AND a.deleted_at IS NULL ORDER BY a.id"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ActorRow>(&sql)
        .bind(group_id)
        .fetch_all(c)
        .await)
}

/// Records that a member group's node attests `person_id` as one of its members.
pub async fn attest(tx: &mut Tx, group_id: i64, person_id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO attested_members (group_id, person_id, attested_at) VALUES ($1, $2, $3) \
         ON CONFLICT (group_id, person_id) DO UPDATE SET attested_at = excluded.attested_at"
    )
    .bind(group_id)
    .bind(person_id)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

/// The member group's node says `person_id` is no longer one of its members.
pub async fn unattest(tx: &mut Tx, group_id: i64, person_id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM attested_members WHERE group_id = $1 AND person_id = $2"
    )
    .bind(group_id)
    .bind(person_id)
    .execute(c)
    .await
    .map(|_| ()))
}

/// Forgets what a group's node attested (the group left every network here).
pub async fn forget_roster(tx: &mut Tx, group_id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM attested_members WHERE group_id = $1"
    )
    .bind(group_id)
    .execute(c)
    .await
    .map(|_| ()))
}

/// How many members a remote member group's node attested.
pub async fn attested_count(tx: &mut Tx, group_id: i64) -> StorageResult<i64> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM attested_members WHERE group_id = $1"
    )
    .bind(group_id)
    .fetch_one(c)
    .await)
}

/// Whether `actor_id` is a member of `network_id` through one of its member groups: an
/// accepted member of a group of this node that belongs to the network, or attested by a
/// remote member group's node.
pub async fn is_member_through_group(
    tx: &mut Tx,
    network_id: i64,
    actor_id: i64,
) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM follows m JOIN actors g ON g.id = m.follower_id \
         WHERE m.followed_id = $1 AND m.state = 'accepted' AND g.kind = 'group' \
         AND g.deleted_at IS NULL AND ( \
           EXISTS (SELECT 1 FROM follows p WHERE p.followed_id = g.id \
                   AND p.follower_id = $2 AND p.state = 'accepted') \
           OR EXISTS (SELECT 1 FROM attested_members r WHERE r.group_id = g.id \
                   AND r.person_id = $2))"
    )
    .bind(network_id)
    .bind(actor_id)
    .fetch_one(c)
    .await
    .map(|n| n > 0))
}

/// Adds to a vote's frozen electorate the people of the network's member groups (local members
/// of local member groups, attested members of remote ones), each once, without a college.
/// People already in it (direct members) are left as they are. Returns how many were added.
pub async fn freeze_member_groups_electorate(
    tx: &mut Tx,
    vote_id: i64,
    network_id: i64,
) -> StorageResult<u64> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO vote_electorate (vote_id, actor_id, college) \
         SELECT DISTINCT $1, p.id, NULL FROM actors p \
         WHERE p.kind = 'person' AND p.deleted_at IS NULL AND p.id IN ( \
           SELECT f.follower_id FROM follows f JOIN follows m ON m.follower_id = f.followed_id \
             JOIN actors g ON g.id = m.follower_id \
             WHERE m.followed_id = $2 AND m.state = 'accepted' AND g.kind = 'group' \
             AND g.deleted_at IS NULL AND f.state = 'accepted' \
           UNION \
           SELECT r.person_id FROM attested_members r JOIN follows m ON m.follower_id = r.group_id \
             JOIN actors g ON g.id = m.follower_id \
             WHERE m.followed_id = $2 AND m.state = 'accepted' AND g.kind = 'group' \
             AND g.deleted_at IS NULL) \
         ON CONFLICT (vote_id, actor_id) DO NOTHING"
    )
    .bind(vote_id)
    .bind(network_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
}
