//! Meetings and agenda items across nodes, on the receiving side.
//! - On a member's node: the copy of a followed group's meeting (kept from the group's
//!   `Create`/`Update`, which carries every item and where it stands), so members read the
//!   agenda and propose items from here; the answer to their item (`Add`, `Reject`, or the
//!   state in the next `Update`) reaches them as a notification.
//! - On the group's node: an item proposed by a member of another node (`Create` of a `Note`
//!   targeting one of our agendas), kept as proposed for the body to answer.

use serde_json::Value;

use super::{agenda::tell_author, begin, commit, membership::require_member, Origin};
use crate::{
    domain::{
        agenda::{answer_changes, Decision, ItemState, TEXT_MAX},
        involvement::News,
    },
    error::{AppError, AppResult},
    federation::{
        objects::meeting::{ReceivedItem, ReceivedMeeting},
        FedData,
    },
    storage::{
        self,
        actors::ActorRow,
        meetings::{MeetingFields, NewItem, PublishedItem},
    },
};

/// At most this many unknown item authors are fetched for one meeting document, so one
/// activity cannot make us fetch without end; items of authors not resolved are left out
/// until a later update.
const AUTHOR_FETCHES: usize = 20;

/// Keeps (or refreshes) the copy of `group`'s meeting, sent by the group itself. A new copy
/// is kept only when someone here follows the group.
pub async fn keep(
    data: &FedData,
    group: &ActorRow,
    meeting: ReceivedMeeting,
    origin: Origin<'_>,
) -> AppResult<()> {
    // Authors are resolved before the transaction: fetching may take a while.
    let mut authors = Vec::new();
    let mut fetched = 0;
    for item in &meeting.items {
        let known = {
            let mut tx = data.db.read().await?;
            storage::actors::by_ap_id(&mut tx, item.author.as_str()).await?
        };
        let author = match known {
            Some(actor) => Some(actor),
            None if fetched < AUTHOR_FETCHES => {
                fetched += 1;
                crate::federation::resolve::actor_by_url(data, &item.author)
                    .await
                    .ok()
            }
            None => None,
        };
        authors.push(author);
    }
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let known = storage::meetings::by_ap_id(&mut tx, meeting.ap_id.as_str()).await?;
    match &known {
        Some(k) if k.local || k.group_id != group.id => {
            return Err(AppError::forbidden("this meeting belongs to another group"));
        }
        Some(_) => {}
        None => {
            if !storage::follows::has_local_follower(&mut tx, group.id).await? {
                // Nobody here follows the group: nothing to show anyone.
                return commit(data, tx, 0).await;
            }
        }
    }
    let stored = storage::meetings::upsert_copy(
        &mut tx,
        meeting.ap_id.as_str(),
        group.id,
        &meeting.body_name,
        &MeetingFields {
            title: meeting.title.clone(),
            starts_at: meeting.starts_at,
            place: meeting.place.clone(),
            event_id: None,
            items_open: meeting.items_open,
        },
        meeting.minutes.as_deref(),
    )
    .await?;
    for (item, author) in meeting.items.iter().zip(authors) {
        let Some(author) = author else { continue };
        let before = storage::meetings::item_by_ap_id(&mut tx, item.ap_id.as_str()).await?;
        if before.as_ref().is_some_and(|b| b.meeting_id != stored.id) {
            continue;
        }
        if before.as_ref().is_some_and(|b| b.author_id != author.id) {
            continue;
        }
        let state_before = before.map(|b| b.state);
        storage::meetings::upsert_published(
            &mut tx,
            stored.id,
            &PublishedItem {
                ap_id: item.ap_id.as_str(),
                author_id: author.id,
                title: &item.title,
                content: &item.html,
                state: item.state.as_str(),
                reason: item.reason.as_deref(),
                decided_at: item.decided_at,
                position: item.position,
                outcome: item.outcome.as_deref(),
            },
        )
        .await?;
        let answered = item.state != ItemState::Proposed
            && state_before.as_deref() != Some(item.state.as_str());
        if author.local && answered {
            // The group's document repeats every item at each change: only a new answer is
            // news (and the notification's key, holding the state, tells it once anyway).
            let row = storage::meetings::item_by_ap_id(&mut tx, item.ap_id.as_str())
                .await?
                .expect("the item just written");
            tell_author(&mut tx, group, &row).await?;
        }
    }
    if known.is_none() {
        let news = if meeting.body_kind.as_deref() == Some("general_assembly") {
            News::Assembly
        } else {
            News::Meeting
        };
        super::news::group_news(&mut tx, group, news, &stored.ap_id, &stored.title).await?;
    }
    commit(data, tx, 0).await
}

/// A member of another node proposes `item` for one of our meetings (`meeting_ap_id`).
/// The same rules as here: a member of the group, the agenda open to proposals.
pub async fn receive_item(
    data: &FedData,
    author: &ActorRow,
    meeting_ap_id: &str,
    item: ReceivedItem,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let meeting = storage::meetings::by_ap_id(&mut tx, meeting_ap_id)
        .await?
        .filter(|m| m.local)
        .ok_or_else(|| AppError::not_found("no such meeting"))?;
    let group = storage::actors::by_id(&mut tx, meeting.group_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such meeting"))?;
    require_member(&mut tx, &group, author).await?;
    if let Some(known) = storage::meetings::item_by_ap_id(&mut tx, item.ap_id.as_str()).await? {
        if known.author_id != author.id || known.meeting_id != meeting.id {
            return Err(AppError::forbidden(
                "this agenda item belongs to someone else",
            ));
        }
        // The same item again (a repeated delivery under another activity id).
        return commit(data, tx, 0).await;
    }
    if !meeting.items_open {
        return Err(AppError::Unprocessable(
            "agenda_closed",
            "this meeting's agenda no longer takes proposals".into(),
        ));
    }
    storage::meetings::insert_item(
        &mut tx,
        &NewItem {
            ap_id: item.ap_id.as_str(),
            meeting_id: meeting.id,
            author_id: author.id,
            local: false,
            title: &item.title,
            content: &item.html,
            content_source: None,
            state: ItemState::Proposed.as_str(),
        },
    )
    .await?;
    let queued =
        super::meeting_federation::publish(&mut tx, data, &meeting, &group, "Update").await?;
    commit(data, tx, queued).await
}

/// The group answers one of our members' items: `Add` (accepted) or `Reject` (with the
/// reason). Only the group whose meeting it is may answer.
pub async fn receive_answer(
    data: &FedData,
    group: &ActorRow,
    item_ap_id: &str,
    accepted: bool,
    reason: Option<String>,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let item = storage::meetings::item_by_ap_id(&mut tx, item_ap_id)
        .await?
        .filter(|i| i.local)
        .ok_or_else(|| {
            AppError::Unprocessable("unknown_item", "no such agenda item here".into())
        })?;
    let meeting = storage::meetings::by_id(&mut tx, item.meeting_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such meeting"))?;
    if meeting.group_id != group.id {
        return Err(AppError::forbidden(
            "only the meeting's group answers its agenda items",
        ));
    }
    let reason = reason
        .map(|r| r.trim().chars().take(TEXT_MAX).collect::<String>())
        .filter(|r| !r.is_empty());
    let decision = Decision { accepted, reason };
    let current = ItemState::parse(&item.state).unwrap_or(ItemState::Proposed);
    if answer_changes(current, &decision, item.reason.as_deref()) {
        storage::meetings::decide(
            &mut tx,
            item.id,
            decision.state().as_str(),
            decision.reason.as_deref(),
            storage::now_millis(),
        )
        .await?;
        let item = storage::meetings::item_by_id(&mut tx, item.id)
            .await?
            .expect("the item just answered");
        tell_author(&mut tx, group, &item).await?;
    }
    commit(data, tx, 0).await
}

/// The reason a `Reject` gives, in `content` or `summary`.
pub fn reason_of(activity: &serde_json::Map<String, Value>) -> Option<String> {
    ["content", "summary"]
        .iter()
        .find_map(|k| activity.get(*k).and_then(Value::as_str))
        .map(crate::domain::content::html_to_text)
}
