//! Events of groups, their organizers and invitations, and registrations with the waitlist.
//! Seat counting is safe only inside [`lock_event`]: the service takes it first in every
//! transaction that adds, moves or removes a registration.

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub ap_id: String,
    pub group_id: i64,
    pub title: String,
    pub description: String,
    pub description_source: Option<String>,
    pub category: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub timezone: String,
    pub place_name: Option<String>,
    pub place_address: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<i64>,
    pub join_mode: String,
    pub members_only: bool,
    pub registration_deadline: Option<i64>,
    pub status: String,
    pub recurrence: Option<String>,
    pub contact: Option<String>,
    pub created_by: Option<i64>,
    pub local: bool,
    pub created_at: i64,
    pub updated_at: Option<i64>,
    /// Seats taken as the event's own server counts them (copies of remote events only).
    pub participant_count: Option<i64>,
    /// The waitlist's length on the event's own server (copies of remote events only).
    pub waitlist_count: Option<i64>,
}

/// What an organizer sets; the same shape creates and updates an event.
#[derive(Debug, Clone)]
pub struct EventFields {
    pub title: String,
    pub description: String,
    pub description_source: Option<String>,
    pub category: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub timezone: String,
    pub place_name: Option<String>,
    pub place_address: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<i64>,
    pub join_mode: String,
    pub members_only: bool,
    pub registration_deadline: Option<i64>,
    pub status: String,
    pub recurrence: Option<String>,
    pub contact: Option<String>,
}

pub(super) const COLUMNS: &str =
    "id, ap_id, group_id, title, description, description_source, category, \
    starts_at, ends_at, timezone, place_name, place_address, online_url, capacity, join_mode, \
    members_only, registration_deadline, status, recurrence, contact, created_by, local, \
    created_at, updated_at, participant_count, waitlist_count";

pub async fn insert_event(
    tx: &mut Tx,
    ap_id: &str,
    group_id: i64,
    created_by: Option<i64>,
    local: bool,
    f: &EventFields,
) -> StorageResult<EventRow> {
    let sql = format!(
        "INSERT INTO events (ap_id, group_id, title, description, description_source, category, \
         starts_at, ends_at, timezone, place_name, place_address, online_url, capacity, \
         join_mode, members_only, registration_deadline, status, recurrence, contact, \
         created_by, local, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
         $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING {COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, EventRow>(&sql)
        .bind(ap_id)
        .bind(group_id)
        .bind(&f.title)
        .bind(&f.description)
        .bind(&f.description_source)
        .bind(&f.category)
        .bind(f.starts_at)
        .bind(f.ends_at)
        .bind(&f.timezone)
        .bind(&f.place_name)
        .bind(&f.place_address)
        .bind(&f.online_url)
        .bind(f.capacity)
        .bind(&f.join_mode)
        .bind(f.members_only)
        .bind(f.registration_deadline)
        .bind(&f.status)
        .bind(&f.recurrence)
        .bind(&f.contact)
        .bind(created_by)
        .bind(local)
        .bind(now_millis())
        .fetch_one(c)
        .await)
}

pub async fn update_event(tx: &mut Tx, id: i64, f: &EventFields) -> StorageResult<EventRow> {
    let sql = format!(
        "UPDATE events SET title = $2, description = $3, description_source = $4, \
         category = $5, starts_at = $6, ends_at = $7, timezone = $8, place_name = $9, \
         place_address = $10, online_url = $11, capacity = $12, join_mode = $13, \
         members_only = $14, registration_deadline = $15, status = $16, recurrence = $17, \
         contact = $18, updated_at = $19 WHERE id = $1 RETURNING {COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, EventRow>(&sql)
        .bind(id)
        .bind(&f.title)
        .bind(&f.description)
        .bind(&f.description_source)
        .bind(&f.category)
        .bind(f.starts_at)
        .bind(f.ends_at)
        .bind(&f.timezone)
        .bind(&f.place_name)
        .bind(&f.place_address)
        .bind(&f.online_url)
        .bind(f.capacity)
        .bind(&f.join_mode)
        .bind(f.members_only)
        .bind(f.registration_deadline)
        .bind(&f.status)
        .bind(&f.recurrence)
        .bind(&f.contact)
        .bind(now_millis())
        .fetch_one(c)
        .await)
}

pub async fn event_by_id(tx: &mut Tx, id: i64) -> StorageResult<Option<EventRow>> {
    let sql = format!("SELECT {COLUMNS} FROM events WHERE id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, EventRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

pub async fn event_by_ap_id(tx: &mut Tx, ap_id: &str) -> StorageResult<Option<EventRow>> {
    let sql = format!("SELECT {COLUMNS} FROM events WHERE ap_id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, EventRow>(&sql)
        .bind(ap_id)
        .fetch_optional(c)
        .await)
}

/// A group's events ending after `from`, soonest first.
pub async fn events_of_group(
    tx: &mut Tx,
    group_id: i64,
    from: i64,
    limit: i64,
) -> StorageResult<Vec<EventRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM events WHERE group_id = $1 AND ends_at >= $2 \
         ORDER BY starts_at, id LIMIT $3"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, EventRow>(&sql)
        .bind(group_id)
        .bind(from)
        .bind(limit)
        .fetch_all(c)
        .await)
}

/// The events `actor_id` registered for (any state but rejected), ending after `from`.
pub async fn events_of_participant(
    tx: &mut Tx,
    actor_id: i64,
    from: i64,
) -> StorageResult<Vec<EventRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM events WHERE ends_at >= $2 AND id IN (SELECT event_id FROM \
         event_registrations WHERE actor_id = $1 AND state <> 'rejected') ORDER BY starts_at, id"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, EventRow>(&sql)
        .bind(actor_id)
        .bind(from)
        .fetch_all(c)
        .await)
}

/// Takes the event's lock for the rest of the transaction, so that counting its seats and
/// writing a registration happen as one step. SQLite's write transactions are already
/// exclusive (`BEGIN IMMEDIATE`); PostgreSQL locks the event's row.
pub async fn lock_event(tx: &mut Tx, id: i64) -> StorageResult<bool> {
    let found = match tx {
        Tx::Sqlite(t) => {
            sqlx::query_scalar::<_, i64>("SELECT id FROM events WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut **t)
                .await?
        }
        Tx::Postgres(t) => {
            sqlx::query_scalar::<_, i64>("SELECT id FROM events WHERE id = $1 FOR UPDATE")
                .bind(id)
                .fetch_optional(&mut **t)
                .await?
        }
    };
    Ok(found.is_some())
}

pub async fn add_organizer(tx: &mut Tx, event_id: i64, actor_id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO event_organizers (event_id, actor_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    )
    .bind(event_id)
    .bind(actor_id)
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn is_organizer(tx: &mut Tx, event_id: i64, actor_id: i64) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM event_organizers WHERE event_id = $1 AND actor_id = $2"
    )
    .bind(event_id)
    .bind(actor_id)
    .fetch_one(c)
    .await
    .map(|n| n > 0))
}

/// The organizers' ap ids, for the event's page and document.
pub async fn organizers(tx: &mut Tx, event_id: i64) -> StorageResult<Vec<String>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, String>(
        "SELECT a.ap_id FROM event_organizers o JOIN actors a ON a.id = o.actor_id \
         WHERE o.event_id = $1 ORDER BY a.ap_id"
    )
    .bind(event_id)
    .fetch_all(c)
    .await)
}

pub async fn invite(
    tx: &mut Tx,
    event_id: i64,
    invitee_ap_id: &str,
    invited_by: i64,
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO event_invitations (event_id, invitee_ap_id, invited_by, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"
    )
    .bind(event_id)
    .bind(invitee_ap_id)
    .bind(invited_by)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn is_invited(tx: &mut Tx, event_id: i64, ap_id: &str) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM event_invitations WHERE event_id = $1 AND invitee_ap_id = $2"
    )
    .bind(event_id)
    .bind(ap_id)
    .fetch_one(c)
    .await
    .map(|n| n > 0))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RegistrationRow {
    pub event_id: i64,
    pub actor_id: i64,
    pub state: String,
    pub join_ap_id: Option<String>,
    pub note: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Registrations per state: (accepted, pending, waitlisted).
pub async fn counts(tx: &mut Tx, event_id: i64) -> StorageResult<(i64, i64, i64)> {
    let rows = on_conn!(tx, |c| sqlx::query_as::<_, (String, i64)>(
        "SELECT state, COUNT(*) FROM event_registrations WHERE event_id = $1 GROUP BY state"
    )
    .bind(event_id)
    .fetch_all(c)
    .await)?;
    let of = |state: &str| {
        rows.iter()
            .find(|(s, _)| s == state)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    Ok((of("accepted"), of("pending"), of("waitlisted")))
}

pub async fn registration_of(
    tx: &mut Tx,
    event_id: i64,
    actor_id: i64,
) -> StorageResult<Option<RegistrationRow>> {
    on_conn!(tx, |c| sqlx::query_as::<_, RegistrationRow>(
        "SELECT event_id, actor_id, state, join_ap_id, note, created_at, updated_at \
         FROM event_registrations WHERE event_id = $1 AND actor_id = $2"
    )
    .bind(event_id)
    .bind(actor_id)
    .fetch_optional(c)
    .await)
}

pub async fn insert_registration(
    tx: &mut Tx,
    event_id: i64,
    actor_id: i64,
    state: &str,
    join_ap_id: Option<&str>,
    note: Option<&str>,
) -> StorageResult<()> {
    let now = now_millis();
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO event_registrations (event_id, actor_id, state, join_ap_id, note, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)"
    )
    .bind(event_id)
    .bind(actor_id)
    .bind(state)
    .bind(join_ap_id)
    .bind(note)
    .bind(now)
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn set_state(
    tx: &mut Tx,
    event_id: i64,
    actor_id: i64,
    state: &str,
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE event_registrations SET state = $3, updated_at = $4 \
         WHERE event_id = $1 AND actor_id = $2"
    )
    .bind(event_id)
    .bind(actor_id)
    .bind(state)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn delete_registration(tx: &mut Tx, event_id: i64, actor_id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM event_registrations WHERE event_id = $1 AND actor_id = $2"
    )
    .bind(event_id)
    .bind(actor_id)
    .execute(c)
    .await
    .map(|_| ()))
}

/// The first `limit` people of the waitlist, in order of arrival.
pub async fn first_waiting(tx: &mut Tx, event_id: i64, limit: i64) -> StorageResult<Vec<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT actor_id FROM event_registrations WHERE event_id = $1 AND state = 'waitlisted' \
         ORDER BY created_at, actor_id LIMIT $2"
    )
    .bind(event_id)
    .bind(limit)
    .fetch_all(c)
    .await)
}

/// A registration with who made it, for organizers.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttendeeRow {
    pub actor_id: i64,
    pub ap_id: String,
    pub username: String,
    pub domain: String,
    pub display_name: Option<String>,
    pub state: String,
    pub note: Option<String>,
    pub created_at: i64,
}

/// Everyone registered, seats first, then pending, waitlist (in order), refused.
pub async fn attendees(tx: &mut Tx, event_id: i64) -> StorageResult<Vec<AttendeeRow>> {
    on_conn!(tx, |c| sqlx::query_as::<_, AttendeeRow>(
        "SELECT r.actor_id, a.ap_id, a.username, a.domain, a.display_name, r.state, r.note, \
         r.created_at FROM event_registrations r JOIN actors a ON a.id = r.actor_id \
         WHERE r.event_id = $1 ORDER BY CASE r.state WHEN 'accepted' THEN 0 \
         WHEN 'pending' THEN 1 WHEN 'waitlisted' THEN 2 ELSE 3 END, r.created_at, r.actor_id"
    )
    .bind(event_id)
    .fetch_all(c)
    .await)
}

// --- Reads and writes for the members' web pages ---

/// A group's events that ended before `before`, the most recent first.
pub async fn past_events_of_group(
    tx: &mut Tx,
    group_id: i64,
    before: i64,
    limit: i64,
) -> StorageResult<Vec<EventRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM events WHERE group_id = $1 AND ends_at < $2 \
         ORDER BY starts_at DESC, id DESC LIMIT $3"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, EventRow>(&sql)
        .bind(group_id)
        .bind(before)
        .bind(limit)
        .fetch_all(c)
        .await)
}

/// The organizers as (name, domain), for pages that show handles.
pub async fn organizer_handles(tx: &mut Tx, event_id: i64) -> StorageResult<Vec<(String, String)>> {
    on_conn!(tx, |c| sqlx::query_as::<_, (String, String)>(
        "SELECT a.username, a.domain FROM event_organizers o JOIN actors a ON a.id = o.actor_id \
         WHERE o.event_id = $1 ORDER BY a.username, a.domain"
    )
    .bind(event_id)
    .fetch_all(c)
    .await)
}

/// Takes everyone off the organizers' list (before writing the new one).
pub async fn clear_organizers(tx: &mut Tx, event_id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM event_organizers WHERE event_id = $1"
    )
    .bind(event_id)
    .execute(c)
    .await
    .map(|_| ()))
}

/// Where `actor_id` stands on the waitlist (1 for the next to move up), in the order
/// [`first_waiting`] promotes.
pub async fn waitlist_position(
    tx: &mut Tx,
    event_id: i64,
    actor_id: i64,
) -> StorageResult<Option<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT 1 + (SELECT COUNT(*) FROM event_registrations w WHERE w.event_id = me.event_id \
         AND w.state = 'waitlisted' AND (w.created_at < me.created_at \
         OR (w.created_at = me.created_at AND w.actor_id < me.actor_id))) \
         FROM event_registrations me WHERE me.event_id = $1 AND me.actor_id = $2 \
         AND me.state = 'waitlisted'"
    )
    .bind(event_id)
    .bind(actor_id)
    .fetch_optional(c)
    .await)
}
