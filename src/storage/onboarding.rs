//! A group's onboarding path: its ordered steps, what each member has done (marked, or the
//! about page opened), the steps done through a confirmed event registration (read from
//! `event_registrations`, never copied), and how many members completed each step.

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StepRow {
    pub id: i64,
    pub group_id: i64,
    pub position: i64,
    pub title: String,
    pub description: String,
    pub description_source: String,
    pub kind: String,
    pub link_kind: Option<String>,
    pub event_id: Option<i64>,
    pub link_url: Option<String>,
    pub created_at: i64,
    pub updated_at: Option<i64>,
    /// The linked event's title, if it still exists.
    pub event_title: Option<String>,
}

/// What a moderator sets on a step.
pub struct StepFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub description_source: &'a str,
    pub kind: &'a str,
    pub link_kind: Option<&'a str>,
    pub event_id: Option<i64>,
    pub link_url: Option<&'a str>,
}

const SELECT: &str = "SELECT s.id, s.group_id, s.position, s.title, s.description, \
    s.description_source, s.kind, s.link_kind, s.event_id, s.link_url, s.created_at, \
    s.updated_at, e.title AS event_title FROM onboarding_steps s \
    LEFT JOIN events e ON e.id = s.event_id";

/// The group's steps in their order.
pub async fn list(tx: &mut Tx, group_id: i64) -> StorageResult<Vec<StepRow>> {
    let sql = format!("{SELECT} WHERE s.group_id = $1 ORDER BY s.position, s.id");
    on_conn!(tx, |c| sqlx::query_as::<_, StepRow>(&sql)
        .bind(group_id)
        .fetch_all(c)
        .await)
}

/// Step `id` of the group (`None` for a step of another group).
pub async fn get(tx: &mut Tx, group_id: i64, id: i64) -> StorageResult<Option<StepRow>> {
    let sql = format!("{SELECT} WHERE s.group_id = $1 AND s.id = $2");
    on_conn!(tx, |c| sqlx::query_as::<_, StepRow>(&sql)
        .bind(group_id)
        .bind(id)
        .fetch_optional(c)
        .await)
}

/// Adds a step at the end of the path; returns its id.
pub async fn insert(tx: &mut Tx, group_id: i64, f: &StepFields<'_>) -> StorageResult<i64> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "INSERT INTO onboarding_steps (group_id, position, title, description, \
         description_source, kind, link_kind, event_id, link_url, created_at) \
         VALUES ($1, (SELECT COALESCE(MAX(position) + 1, 0) FROM onboarding_steps \
         WHERE group_id = $1), $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"
    )
    .bind(group_id)
    .bind(f.title)
    .bind(f.description)
    .bind(f.description_source)
    .bind(f.kind)
    .bind(f.link_kind)
    .bind(f.event_id)
    .bind(f.link_url)
    .bind(now_millis())
    .fetch_one(c)
    .await)
}

pub async fn update(tx: &mut Tx, id: i64, f: &StepFields<'_>) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE onboarding_steps SET title = $2, description = $3, description_source = $4, \
         kind = $5, link_kind = $6, event_id = $7, link_url = $8, updated_at = $9 WHERE id = $1"
    )
    .bind(id)
    .bind(f.title)
    .bind(f.description)
    .bind(f.description_source)
    .bind(f.kind)
    .bind(f.link_kind)
    .bind(f.event_id)
    .bind(f.link_url)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn delete(tx: &mut Tx, id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM onboarding_steps WHERE id = $1"
    )
    .bind(id)
    .execute(c)
    .await
    .map(|_| ()))
}

/// Writes the positions of the group's steps in this order.
pub async fn set_order(tx: &mut Tx, group_id: i64, ids: &[i64]) -> StorageResult<()> {
    for (position, id) in ids.iter().enumerate() {
        on_conn!(tx, |c| sqlx::query(
            "UPDATE onboarding_steps SET position = $3 WHERE id = $1 AND group_id = $2"
        )
        .bind(*id)
        .bind(group_id)
        .bind(position as i64)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    Ok(())
}

/// What a member has stored as done in the group: (step id, how).
pub async fn stored_progress(
    tx: &mut Tx,
    group_id: i64,
    actor_id: i64,
) -> StorageResult<Vec<(i64, String)>> {
    on_conn!(tx, |c| sqlx::query_as::<_, (i64, String)>(
        "SELECT p.step_id, p.how FROM onboarding_progress p \
         JOIN onboarding_steps s ON s.id = p.step_id \
         WHERE s.group_id = $1 AND p.actor_id = $2"
    )
    .bind(group_id)
    .bind(actor_id)
    .fetch_all(c)
    .await)
}

/// The group's "attend" steps whose linked event has the member's confirmed registration
/// (`domain::onboarding::auto_done`'s rule for events, applied to all steps at once).
pub async fn attended_steps(tx: &mut Tx, group_id: i64, actor_id: i64) -> StorageResult<Vec<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT s.id FROM onboarding_steps s JOIN event_registrations r \
         ON r.event_id = s.event_id AND r.actor_id = $2 AND r.state = 'accepted' \
         WHERE s.group_id = $1 AND s.kind = 'attend' AND s.link_kind = 'event'"
    )
    .bind(group_id)
    .bind(actor_id)
    .fetch_all(c)
    .await)
}

/// Records a step as done; doing it again changes nothing.
pub async fn mark(tx: &mut Tx, step_id: i64, actor_id: i64, how: &str) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO onboarding_progress (step_id, actor_id, how, done_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (step_id, actor_id) DO NOTHING"
    )
    .bind(step_id)
    .bind(actor_id)
    .bind(how)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn unmark(tx: &mut Tx, step_id: i64, actor_id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM onboarding_progress WHERE step_id = $1 AND actor_id = $2"
    )
    .bind(step_id)
    .bind(actor_id)
    .execute(c)
    .await
    .map(|_| ()))
}

/// The member opened the group's about page: its "read" steps linking there are done
/// (`domain::onboarding::auto_done`'s rule for the about page). Returns how many were new.
pub async fn mark_about_read(tx: &mut Tx, group_id: i64, actor_id: i64) -> StorageResult<u64> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO onboarding_progress (step_id, actor_id, how, done_at) \
         SELECT id, $2, 'about_read', $3 FROM onboarding_steps \
         WHERE group_id = $1 AND kind = 'read' AND link_kind = 'about' \
         ON CONFLICT (step_id, actor_id) DO NOTHING"
    )
    .bind(group_id)
    .bind(actor_id)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
}

/// Per step of the group: how many of its current local members have done it (stored, or
/// through a confirmed registration to the linked event). Counts only, never names.
pub async fn completion_counts(tx: &mut Tx, group_id: i64) -> StorageResult<Vec<(i64, i64)>> {
    on_conn!(tx, |c| sqlx::query_as::<_, (i64, i64)>(
        "SELECT s.id, (SELECT COUNT(*) FROM ( \
             SELECT follower_id AS actor_id FROM follows WHERE followed_id = $1 \
             AND state = 'accepted' UNION SELECT actor_id FROM group_moderators \
             WHERE group_id = $1) m JOIN actors a ON a.id = m.actor_id AND a.local \
             AND a.deleted_at IS NULL \
           WHERE EXISTS (SELECT 1 FROM onboarding_progress p WHERE p.step_id = s.id \
             AND p.actor_id = m.actor_id) \
           OR (s.kind = 'attend' AND s.link_kind = 'event' AND EXISTS (SELECT 1 FROM \
             event_registrations r WHERE r.event_id = s.event_id AND r.actor_id = m.actor_id \
             AND r.state = 'accepted'))) AS done \
         FROM onboarding_steps s WHERE s.group_id = $1"
    )
    .bind(group_id)
    .fetch_all(c)
    .await)
}

/// How many of the group's "read" steps linking to the about page the member has not done
/// (so that opening the page writes only when there is something to record).
pub async fn unread_about_steps(tx: &mut Tx, group_id: i64, actor_id: i64) -> StorageResult<i64> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM onboarding_steps s WHERE s.group_id = $1 AND s.kind = 'read' \
         AND s.link_kind = 'about' AND NOT EXISTS (SELECT 1 FROM onboarding_progress p \
         WHERE p.step_id = s.id AND p.actor_id = $2)"
    )
    .bind(group_id)
    .bind(actor_id)
    .fetch_one(c)
    .await)
}
