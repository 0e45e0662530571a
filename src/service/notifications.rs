//! A member's notifications: what the node told them about (needs that match their offers,
//! answers to their offers and needs, and their groups' news as far as their involvement level
//! asks: `news`), each with the local page of what it is about, and marking them read.

use crate::{
    error::AppResult,
    federation::FedData,
    storage::{self, actors::ActorRow, notifications::NotificationRow, Tx},
};

/// Most notifications listed at once.
const LIST_LIMIT: i64 = 100;

#[derive(Debug, Clone)]
pub struct Notification {
    pub row: NotificationRow,
    /// The local page of the subject, when this node keeps it.
    pub page: Option<String>,
}

pub async fn list(
    data: &FedData,
    member: &ActorRow,
    unread_only: bool,
) -> AppResult<(Vec<Notification>, i64)> {
    let mut tx = data.db.read().await?;
    let rows =
        storage::notifications::of_recipient(&mut tx, member.id, unread_only, LIST_LIMIT).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let page = local_page(&mut tx, &row.subject_ap_id).await?;
        out.push(Notification { row, page });
    }
    let unread = storage::notifications::unread_count(&mut tx, member.id).await?;
    Ok((out, unread))
}

/// The page here of what a notification is about, whatever it is and wherever it was written.
pub(crate) async fn local_page(tx: &mut Tx, ap_id: &str) -> AppResult<Option<String>> {
    if let Some(c) = storage::competences::by_ap_id(tx, ap_id).await? {
        return Ok(Some(format!("/competence/{}", c.id)));
    }
    if let Some(p) = storage::processes::proposal_by_ap_id(tx, ap_id).await? {
        return Ok(Some(format!("/proposal/{}", p.id)));
    }
    if let Some(v) = storage::votes::vote_by_ap_id(tx, ap_id).await? {
        return Ok(Some(format!("/vote/{}", v.id)));
    }
    if let Some(e) = storage::events::event_by_ap_id(tx, ap_id).await? {
        return Ok(Some(format!("/event/{}", e.id)));
    }
    if let Some(m) = storage::meetings::by_ap_id(tx, ap_id).await? {
        return Ok(Some(format!("/meeting/{}", m.id)));
    }
    if let Some(i) = storage::meetings::item_by_ap_id(tx, ap_id).await? {
        return Ok(Some(format!("/meeting/{}", i.meeting_id)));
    }
    Ok(None)
}

pub async fn unread_count(data: &FedData, member: &ActorRow) -> AppResult<i64> {
    let mut tx = data.db.read().await?;
    Ok(storage::notifications::unread_count(&mut tx, member.id).await?)
}

/// Marks the member's notifications read, up to `up_to_id` (all when `None`); returns how
/// many changed.
pub async fn mark_read(data: &FedData, member: &ActorRow, up_to_id: Option<i64>) -> AppResult<u64> {
    let mut tx = data.db.begin().await?;
    let changed = storage::notifications::mark_read(&mut tx, member.id, up_to_id).await?;
    tx.commit().await?;
    Ok(changed)
}
