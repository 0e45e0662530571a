//! The aggregator's reads: the groups the instance actor follows (with when each last sent
//! something), and the network calendar, every stored event of every group, local or a copy
//! of a followed group's, filtered in SQL. `service::aggregation` and
//! `service::network_calendar` call these; nothing here writes.

use super::{events::EventRow, on_conn, search::actor_visible, StorageResult, Tx};

/// A group the instance actor follows, and where that follow stands.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AggregatedGroup {
    pub actor_id: i64,
    pub ap_id: String,
    pub username: String,
    pub domain: String,
    pub display_name: Option<String>,
    /// `pending`, `accepted` or `rejected`.
    pub state: String,
    /// When the admin added it (Unix milliseconds).
    pub added_at: i64,
    /// The newest activity received from the group, if any.
    pub last_activity: Option<i64>,
}

/// What `follower_id` (the instance actor) follows, by node then name.
pub async fn followed_by(tx: &mut Tx, follower_id: i64) -> StorageResult<Vec<AggregatedGroup>> {
    on_conn!(tx, |c| sqlx::query_as::<_, AggregatedGroup>(
        "SELECT a.id AS actor_id, a.ap_id, a.username, a.domain, a.display_name, f.state, \
         f.created_at AS added_at, \
         (SELECT MAX(r.received_at) FROM received_activities r WHERE r.actor_ap_id = a.ap_id) \
             AS last_activity \
         FROM follows f JOIN actors a ON a.id = f.followed_id \
         WHERE f.follower_id = $1 ORDER BY a.domain, a.username"
    )
    .bind(follower_id)
    .fetch_all(c)
    .await)
}

/// The network calendar's filters; `None` leaves one out.
#[derive(Debug, Clone, Default)]
pub struct CalendarFilters {
    pub group_id: Option<i64>,
    /// `host[:port]` (checked by the service: no LIKE wildcard in it).
    pub origin: Option<String>,
    pub category: Option<String>,
    /// Events still running at or after this moment (Unix milliseconds).
    pub from: i64,
    /// Events starting before this moment.
    pub to: i64,
    pub limit: i64,
}

/// An event with the group it belongs to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CalendarRow {
    #[sqlx(flatten)]
    pub event: EventRow,
    pub group_username: String,
    pub group_domain: String,
    pub group_name: Option<String>,
}

/// Events of every group known here overlapping `[from, to)`, soonest first. Events are
/// unique by ActivityPub id, so one that reached the node by several paths is one row.
pub async fn network_events(tx: &mut Tx, f: &CalendarFilters) -> StorageResult<Vec<CalendarRow>> {
    let columns = super::events::COLUMNS
        .split(", ")
        .map(|col| format!("e.{}", col.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    // Copies of other nodes' events have no creator here: the group speaks for them.
    let sql = format!(
        "SELECT {columns}, g.username AS group_username, g.domain AS group_domain, \
         g.display_name AS group_name \
         FROM events e JOIN actors g ON g.id = e.group_id \
         LEFT JOIN actors a ON a.id = e.created_by \
         WHERE e.ends_at >= $1 AND e.starts_at < $2 \
         AND ($3 IS NULL OR g.id = $3) \
         AND ($4 IS NULL OR e.ap_id LIKE $4 OR e.ap_id LIKE $5) \
         AND ($6 IS NULL OR e.category = $6) \
         AND (a.id IS NULL OR ({author})) AND {group} \
         ORDER BY e.starts_at, e.id LIMIT $7",
        author = actor_visible("a"),
        group = actor_visible("g"),
    );
    let (https, http) = match &f.origin {
        Some(host) => (
            Some(format!("https://{host}/%")),
            Some(format!("http://{host}/%")),
        ),
        None => (None, None),
    };
    on_conn!(tx, |c| sqlx::query_as::<_, CalendarRow>(&sql)
        .bind(f.from)
        .bind(f.to)
        .bind(f.group_id)
        .bind(&https)
        .bind(&http)
        .bind(&f.category)
        .bind(f.limit)
        .fetch_all(c)
        .await)
}
