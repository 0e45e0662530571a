//! Meetings of governance bodies and their agenda items (migration 0014). A local meeting
//! belongs to one of our bodies; a copy of a followed group's meeting has no body here, only
//! the body's name as the group published it. Items are ordered by `position`.

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MeetingRow {
    pub id: i64,
    pub ap_id: String,
    pub local: bool,
    pub group_id: i64,
    pub body_id: Option<i64>,
    /// The body's current name here, or the name the group published for a copy.
    pub body_name: String,
    /// The body's kind (`general_assembly`...), for local meetings.
    pub body_kind: Option<String>,
    pub title: String,
    pub starts_at: i64,
    pub place: Option<String>,
    pub event_id: Option<i64>,
    pub items_open: bool,
    pub minutes: Option<String>,
    pub minutes_source: Option<String>,
    pub created_at: i64,
    pub updated_at: Option<i64>,
}

const MEETING_COLUMNS: &str = "m.id, m.ap_id, m.local, m.group_id, m.body_id, \
    COALESCE(b.name, m.body_name) AS body_name, b.kind AS body_kind, m.title, m.starts_at, \
    m.place, m.event_id, m.items_open, m.minutes, m.minutes_source, m.created_at, m.updated_at";

fn select_meetings(filter: &str) -> String {
    format!(
        "SELECT {MEETING_COLUMNS} FROM meetings m LEFT JOIN bodies b ON b.id = m.body_id {filter}"
    )
}

/// What a meeting says, for creating one or keeping a copy.
#[derive(Debug, Clone)]
pub struct MeetingFields {
    pub title: String,
    pub starts_at: i64,
    pub place: Option<String>,
    pub event_id: Option<i64>,
    pub items_open: bool,
}

pub async fn insert_local(
    tx: &mut Tx,
    ap_id: &str,
    group_id: i64,
    body_id: i64,
    body_name: &str,
    f: &MeetingFields,
) -> StorageResult<MeetingRow> {
    let id: i64 = on_conn!(tx, |c| sqlx::query_scalar(
        "INSERT INTO meetings (ap_id, local, group_id, body_id, body_name, title, starts_at, \
         place, event_id, items_open, created_at) \
         VALUES ($1, TRUE, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"
    )
    .bind(ap_id)
    .bind(group_id)
    .bind(body_id)
    .bind(body_name)
    .bind(&f.title)
    .bind(f.starts_at)
    .bind(&f.place)
    .bind(f.event_id)
    .bind(f.items_open)
    .bind(now_millis())
    .fetch_one(c)
    .await)?;
    Ok(by_id(tx, id).await?.expect("the meeting just written"))
}

pub async fn update(tx: &mut Tx, id: i64, f: &MeetingFields) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE meetings SET title = $2, starts_at = $3, place = $4, event_id = $5, \
         items_open = $6, updated_at = $7 WHERE id = $1"
    )
    .bind(id)
    .bind(&f.title)
    .bind(f.starts_at)
    .bind(&f.place)
    .bind(f.event_id)
    .bind(f.items_open)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn set_minutes(
    tx: &mut Tx,
    id: i64,
    html: Option<&str>,
    source: Option<&str>,
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE meetings SET minutes = $2, minutes_source = $3, updated_at = $4 WHERE id = $1"
    )
    .bind(id)
    .bind(html)
    .bind(source)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

/// Keeps or refreshes the copy of a followed group's meeting; returns it.
pub async fn upsert_copy(
    tx: &mut Tx,
    ap_id: &str,
    group_id: i64,
    body_name: &str,
    f: &MeetingFields,
    minutes: Option<&str>,
) -> StorageResult<MeetingRow> {
    let now = now_millis();
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO meetings (ap_id, local, group_id, body_name, title, starts_at, place, \
         items_open, minutes, created_at) VALUES ($1, FALSE, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (ap_id) DO UPDATE SET body_name = excluded.body_name, \
         title = excluded.title, starts_at = excluded.starts_at, place = excluded.place, \
         items_open = excluded.items_open, minutes = excluded.minutes, updated_at = $9 \
         WHERE NOT meetings.local AND meetings.group_id = excluded.group_id"
    )
    .bind(ap_id)
    .bind(group_id)
    .bind(body_name)
    .bind(&f.title)
    .bind(f.starts_at)
    .bind(&f.place)
    .bind(f.items_open)
    .bind(minutes)
    .bind(now)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(by_ap_id(tx, ap_id)
        .await?
        .expect("the meeting just written"))
}

pub async fn by_id(tx: &mut Tx, id: i64) -> StorageResult<Option<MeetingRow>> {
    let sql = select_meetings("WHERE m.id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, MeetingRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

pub async fn by_ap_id(tx: &mut Tx, ap_id: &str) -> StorageResult<Option<MeetingRow>> {
    let sql = select_meetings("WHERE m.ap_id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, MeetingRow>(&sql)
        .bind(ap_id)
        .fetch_optional(c)
        .await)
}

/// A group's meetings (its own or the copies of a followed group's), soonest first.
pub async fn of_group(tx: &mut Tx, group_id: i64) -> StorageResult<Vec<MeetingRow>> {
    let sql = select_meetings("WHERE m.group_id = $1 ORDER BY m.starts_at, m.id");
    on_conn!(tx, |c| sqlx::query_as::<_, MeetingRow>(&sql)
        .bind(group_id)
        .fetch_all(c)
        .await)
}

/// One body's meetings, soonest first.
pub async fn of_body(tx: &mut Tx, body_id: i64) -> StorageResult<Vec<MeetingRow>> {
    let sql = select_meetings("WHERE m.body_id = $1 ORDER BY m.starts_at, m.id");
    on_conn!(tx, |c| sqlx::query_as::<_, MeetingRow>(&sql)
        .bind(body_id)
        .fetch_all(c)
        .await)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub ap_id: String,
    pub meeting_id: i64,
    pub author_id: i64,
    pub local: bool,
    pub title: String,
    pub content: String,
    pub content_source: Option<String>,
    pub state: String,
    pub reason: Option<String>,
    pub decided_at: Option<i64>,
    pub position: i64,
    pub proposal_id: Option<i64>,
    pub outcome: Option<String>,
    pub created_at: i64,
    pub updated_at: Option<i64>,
}

const ITEM_COLUMNS: &str = "id, ap_id, meeting_id, author_id, local, title, content, \
    content_source, state, reason, decided_at, position, proposal_id, outcome, created_at, \
    updated_at";

/// A new agenda item, as its author wrote it.
#[derive(Debug, Clone)]
pub struct NewItem<'a> {
    pub ap_id: &'a str,
    pub meeting_id: i64,
    pub author_id: i64,
    pub local: bool,
    pub title: &'a str,
    pub content: &'a str,
    pub content_source: Option<&'a str>,
    pub state: &'a str,
}

/// Writes a new item at the end of the agenda; `None` when its id is already known (a
/// repeated delivery).
pub async fn insert_item(tx: &mut Tx, item: &NewItem<'_>) -> StorageResult<Option<ItemRow>> {
    let sql = format!(
        "INSERT INTO agenda_items (ap_id, meeting_id, author_id, local, title, content, \
         content_source, state, position, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
         (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = $2), $9) \
         ON CONFLICT (ap_id) DO NOTHING RETURNING {ITEM_COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ItemRow>(&sql)
        .bind(item.ap_id)
        .bind(item.meeting_id)
        .bind(item.author_id)
        .bind(item.local)
        .bind(item.title)
        .bind(item.content)
        .bind(item.content_source)
        .bind(item.state)
        .bind(now_millis())
        .fetch_optional(c)
        .await)
}

pub async fn item_by_id(tx: &mut Tx, id: i64) -> StorageResult<Option<ItemRow>> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM agenda_items WHERE id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, ItemRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

pub async fn item_by_ap_id(tx: &mut Tx, ap_id: &str) -> StorageResult<Option<ItemRow>> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM agenda_items WHERE ap_id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, ItemRow>(&sql)
        .bind(ap_id)
        .fetch_optional(c)
        .await)
}

/// A meeting's items in agenda order.
pub async fn items_of(tx: &mut Tx, meeting_id: i64) -> StorageResult<Vec<ItemRow>> {
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM agenda_items WHERE meeting_id = $1 ORDER BY position, id"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ItemRow>(&sql)
        .bind(meeting_id)
        .fetch_all(c)
        .await)
}

/// The items that discussed a proposal, for its page to link back to the meetings.
pub async fn items_of_proposal(tx: &mut Tx, proposal_id: i64) -> StorageResult<Vec<ItemRow>> {
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM agenda_items WHERE proposal_id = $1 ORDER BY created_at"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ItemRow>(&sql)
        .bind(proposal_id)
        .fetch_all(c)
        .await)
}

/// The body's answer; returns whether the item changed.
pub async fn decide(
    tx: &mut Tx,
    id: i64,
    state: &str,
    reason: Option<&str>,
    decided_at: i64,
) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE agenda_items SET state = $2, reason = $3, decided_at = $4, updated_at = $4 \
         WHERE id = $1"
    )
    .bind(id)
    .bind(state)
    .bind(reason)
    .bind(decided_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected() > 0))
}

/// What came of an item: the meeting's conclusion, the proposal it led to or came from.
pub async fn set_follow_up(
    tx: &mut Tx,
    id: i64,
    outcome: Option<&str>,
    proposal_id: Option<i64>,
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE agenda_items SET outcome = $2, proposal_id = $3, updated_at = $4 WHERE id = $1"
    )
    .bind(id)
    .bind(outcome)
    .bind(proposal_id)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn set_position(tx: &mut Tx, id: i64, position: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE agenda_items SET position = $2 WHERE id = $1"
    )
    .bind(id)
    .bind(position)
    .execute(c)
    .await
    .map(|_| ()))
}

/// The state the group's node published for an item (on a copy of its meeting): items of our
/// members follow it, and items of others are kept as the group shows them.
#[derive(Debug, Clone)]
pub struct PublishedItem<'a> {
    pub ap_id: &'a str,
    pub author_id: i64,
    pub title: &'a str,
    pub content: &'a str,
    pub state: &'a str,
    pub reason: Option<&'a str>,
    pub decided_at: Option<i64>,
    pub position: i64,
    pub outcome: Option<&'a str>,
}

/// Writes the group's view of an item of a copied meeting. Our own members' items keep
/// their text (it is theirs) and take the state, reason, order and outcome.
pub async fn upsert_published(
    tx: &mut Tx,
    meeting_id: i64,
    item: &PublishedItem<'_>,
) -> StorageResult<()> {
    let now = now_millis();
    on_conn!(tx, |c| {
        sqlx::query(
        "INSERT INTO agenda_items (ap_id, meeting_id, author_id, local, title, content, state, \
         reason, decided_at, position, outcome, created_at) \
         VALUES ($1, $2, $3, FALSE, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (ap_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, \
         decided_at = excluded.decided_at, position = excluded.position, \
         outcome = excluded.outcome, updated_at = $11, \
         title = CASE WHEN agenda_items.local THEN agenda_items.title ELSE excluded.title END, \
         content = CASE WHEN agenda_items.local THEN agenda_items.content ELSE excluded.content END \
         WHERE agenda_items.meeting_id = excluded.meeting_id"
    )
    .bind(item.ap_id)
    .bind(meeting_id)
    .bind(item.author_id)
    .bind(item.title)
    .bind(item.content)
    .bind(item.state)
    .bind(item.reason)
    .bind(item.decided_at)
    .bind(item.position)
    .bind(item.outcome)
    .bind(now)
    .execute(c)
    .await
    .map(|_| ())
    })
}
