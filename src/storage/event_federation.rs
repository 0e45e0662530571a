//! What federation needs of events beyond `storage::events`: copies of other servers' events,
//! finding a registration by the `Join` that made it, and the inboxes of an event's remote
//! participants (who must hear of every change, followers of the group or not).

use super::{
    events::{EventFields, EventRow},
    on_conn, StorageResult, Tx,
};

/// Stores or refreshes the copy of a peer's event, through the same writes as our own events
/// plus the origin's figures. The online link is written only when the copy carries one
/// (`Some(Some(link))`) or says there is none (`Some(None)`); `None` keeps what we have, since
/// public copies withhold it.
pub async fn upsert_remote_event(
    tx: &mut Tx,
    ap_id: &str,
    owner_id: i64,
    f: &EventFields,
    online_url: Option<Option<&str>>,
    participants: Option<i64>,
    waitlisted: Option<i64>,
) -> StorageResult<EventRow> {
    let existing = super::events::event_by_ap_id(tx, ap_id).await?;
    let online_url = match online_url {
        Some(given) => given.map(str::to_string),
        None => existing.as_ref().and_then(|row| row.online_url.clone()),
    };
    let fields = EventFields {
        online_url,
        ..f.clone()
    };
    let id = match existing {
        Some(row) => super::events::update_event(tx, row.id, &fields).await?.id,
        None => {
            super::events::insert_event(tx, ap_id, owner_id, None, false, &fields)
                .await?
                .id
        }
    };
    on_conn!(tx, |c| sqlx::query(
        "UPDATE events SET participant_count = $2, waitlist_count = $3 WHERE id = $1"
    )
    .bind(id)
    .bind(participants)
    .bind(waitlisted)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(super::events::event_by_id(tx, id)
        .await?
        .expect("the event was just written"))
}

/// Removes the copy of a peer's event (its server deleted it), with our members'
/// registrations to it.
pub async fn delete_remote_event(tx: &mut Tx, ap_id: &str) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM events WHERE ap_id = $1 AND local = FALSE"
    )
    .bind(ap_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected() > 0))
}

/// The registration a `Join` made: (event id, participant id).
pub async fn registration_by_join(
    tx: &mut Tx,
    join_ap_id: &str,
) -> StorageResult<Option<(i64, i64)>> {
    on_conn!(tx, |c| sqlx::query_as::<_, (i64, i64)>(
        "SELECT event_id, actor_id FROM event_registrations WHERE join_ap_id = $1"
    )
    .bind(join_ap_id)
    .fetch_optional(c)
    .await)
}

/// Records the `Join` that now stands for a registration (a member of ours registering
/// again after a refusal sends a new one).
pub async fn set_join(
    tx: &mut Tx,
    event_id: i64,
    actor_id: i64,
    join_ap_id: &str,
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE event_registrations SET join_ap_id = $3 WHERE event_id = $1 AND actor_id = $2"
    )
    .bind(event_id)
    .bind(actor_id)
    .bind(join_ap_id)
    .execute(c)
    .await
    .map(|_| ()))
}

/// The delivery inboxes (shared where known) of an event's remote participants, one per
/// server: everyone registered and not refused, or only those holding a seat.
pub async fn participant_inboxes(
    tx: &mut Tx,
    event_id: i64,
    seated_only: bool,
) -> StorageResult<Vec<String>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, String>(
        "SELECT DISTINCT COALESCE(a.shared_inbox, a.inbox) FROM event_registrations r \
         JOIN actors a ON a.id = r.actor_id WHERE r.event_id = $1 AND a.local = FALSE \
         AND a.deleted_at IS NULL AND (r.state = 'accepted' OR \
         ($2 = FALSE AND r.state <> 'rejected'))"
    )
    .bind(event_id)
    .bind(seated_only)
    .fetch_all(c)
    .await)
}
