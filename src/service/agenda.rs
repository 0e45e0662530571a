//! Meetings of a group's bodies and their agendas, as members and moderators act on them
//! through the pages and the API. Moderators of the group plan a body's meeting, open or
//! close it to proposals, answer each proposed item (a decline says why), link items to the
//! proposals they led to, and write the minutes. Members propose items, to a meeting of
//! their own node's group or to the copy of a followed group's meeting: then the item is
//! sent to the group's node, which alone answers (`meeting_federation`, `remote_meetings`).
//! Every change is announced to the group's followers in its own transaction.

use super::{commit, membership::require_member, processes::require_moderator};
use crate::{
    domain::{
        agenda::{answer_changes, Decision, ItemInput, ItemState, MeetingInput},
        content::markdown_to_safe_html,
        involvement::News,
    },
    error::{AppError, AppResult},
    federation::FedData,
    storage::{
        self,
        actors::ActorRow,
        meetings::{ItemRow, MeetingFields, MeetingRow, NewItem},
        now_millis, Tx,
    },
};

use super::meeting_federation as wire;

/// A meeting with its group and its items, each with its author and the proposal it links to.
pub struct MeetingDetails {
    pub meeting: MeetingRow,
    pub group: ActorRow,
    pub items: Vec<ItemDetails>,
}

pub struct ItemDetails {
    pub row: ItemRow,
    pub author: ActorRow,
    /// (id, title, state) of the linked proposal.
    pub proposal: Option<(i64, String, String)>,
}

async fn group_of(tx: &mut Tx, meeting: &MeetingRow) -> AppResult<ActorRow> {
    storage::actors::by_id(tx, meeting.group_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such meeting"))
}

async fn meeting_in(tx: &mut Tx, id: i64) -> AppResult<MeetingRow> {
    storage::meetings::by_id(tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such meeting"))
}

async fn item_in(tx: &mut Tx, id: i64) -> AppResult<(ItemRow, MeetingRow)> {
    let item = storage::meetings::item_by_id(tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such agenda item"))?;
    let meeting = meeting_in(tx, item.meeting_id).await?;
    Ok((item, meeting))
}

fn decided_by_group_node() -> AppError {
    AppError::Unprocessable(
        "decided_on_the_group_node",
        "this meeting belongs to a group of another node: its moderators answer there".into(),
    )
}

async fn items_with_authors(tx: &mut Tx, meeting: &MeetingRow) -> AppResult<Vec<ItemDetails>> {
    let mut out = Vec::new();
    for row in storage::meetings::items_of(tx, meeting.id).await? {
        let Some(author) = storage::actors::by_id(tx, row.author_id).await? else {
            continue;
        };
        let proposal = match row.proposal_id {
            Some(id) => storage::processes::proposal_by_id(tx, id)
                .await?
                .map(|p| (p.id, p.title, p.state)),
            None => None,
        };
        out.push(ItemDetails {
            row,
            author,
            proposal,
        });
    }
    Ok(out)
}

pub async fn details(data: &FedData, id: i64) -> AppResult<MeetingDetails> {
    let mut tx = data.db.read().await?;
    let meeting = meeting_in(&mut tx, id).await?;
    let group = group_of(&mut tx, &meeting).await?;
    let items = items_with_authors(&mut tx, &meeting).await?;
    Ok(MeetingDetails {
        meeting,
        group,
        items,
    })
}

/// A group's meetings (its own, or copies of a followed group's), soonest first.
pub async fn of_group(data: &FedData, group: &ActorRow) -> AppResult<Vec<MeetingRow>> {
    let mut tx = data.db.read().await?;
    Ok(storage::meetings::of_group(&mut tx, group.id).await?)
}

/// An event given for a meeting must be one of the same group.
async fn checked_event(
    tx: &mut Tx,
    group: &ActorRow,
    event_id: Option<i64>,
) -> AppResult<Option<i64>> {
    let Some(id) = event_id else {
        return Ok(None);
    };
    match storage::events::event_by_id(tx, id).await? {
        Some(event) if event.group_id == group.id => Ok(Some(id)),
        _ => Err(AppError::Unprocessable(
            "unknown_event",
            "the event must be one of the group's events".into(),
        )),
    }
}

/// A moderator plans a meeting of one of the group's bodies; members hear of it (a general
/// assembly reaches even those who only stay informed).
pub async fn create_meeting(
    data: &FedData,
    actor: &ActorRow,
    group: &ActorRow,
    body_uuid: &str,
    input: MeetingInput,
    event_id: Option<i64>,
) -> AppResult<MeetingRow> {
    if !group.local {
        return Err(decided_by_group_node());
    }
    let mut tx = data.db.begin().await?;
    require_moderator(&mut tx, group, actor).await?;
    let body = storage::bodies::by_uuid(&mut tx, body_uuid)
        .await?
        .filter(|b| b.group_id == group.id)
        .ok_or_else(|| {
            AppError::Unprocessable("unknown_body", "the body must be one of the group's".into())
        })?;
    let event_id = checked_event(&mut tx, group, event_id).await?;
    let ap_id = data.urls.new_object("meetings");
    let meeting = storage::meetings::insert_local(
        &mut tx,
        ap_id.as_str(),
        group.id,
        body.id,
        &body.name,
        &fields(&input, event_id),
    )
    .await?;
    let news = if meeting.body_kind.as_deref() == Some("general_assembly") {
        News::Assembly
    } else {
        News::Meeting
    };
    super::news::group_news(&mut tx, group, news, &meeting.ap_id, &meeting.title).await?;
    let queued = wire::publish(&mut tx, data, &meeting, group, "Create").await?;
    commit(data, tx, queued).await?;
    Ok(meeting)
}

fn fields(input: &MeetingInput, event_id: Option<i64>) -> MeetingFields {
    MeetingFields {
        title: input.title.clone(),
        starts_at: input.starts_at,
        place: input.place.clone(),
        event_id,
        items_open: input.items_open,
    }
}

/// A moderator changes the meeting (date, place, whether items may still be proposed).
pub async fn update_meeting(
    data: &FedData,
    actor: &ActorRow,
    id: i64,
    input: MeetingInput,
    event_id: Option<i64>,
) -> AppResult<MeetingRow> {
    let mut tx = data.db.begin().await?;
    let meeting = meeting_in(&mut tx, id).await?;
    let group = moderated_group(&mut tx, &meeting, actor).await?;
    let event_id = checked_event(&mut tx, &group, event_id).await?;
    storage::meetings::update(&mut tx, id, &fields(&input, event_id)).await?;
    republish(tx, data, id, &group).await
}

/// A moderator writes (or clears) the minutes, in Markdown.
pub async fn set_minutes(
    data: &FedData,
    actor: &ActorRow,
    id: i64,
    markdown: &str,
) -> AppResult<MeetingRow> {
    let markdown = markdown.trim();
    if markdown.chars().count() > 100_000 {
        return Err(AppError::Unprocessable(
            "text_too_long",
            "the minutes are longer than 100,000 characters".into(),
        ));
    }
    let mut tx = data.db.begin().await?;
    let meeting = meeting_in(&mut tx, id).await?;
    let group = moderated_group(&mut tx, &meeting, actor).await?;
    let (html, source) = if markdown.is_empty() {
        (None, None)
    } else {
        (Some(markdown_to_safe_html(markdown)), Some(markdown))
    };
    storage::meetings::set_minutes(&mut tx, id, html.as_deref(), source).await?;
    republish(tx, data, id, &group).await
}

/// The group of a meeting of this node, if `actor` moderates it.
async fn moderated_group(
    tx: &mut Tx,
    meeting: &MeetingRow,
    actor: &ActorRow,
) -> AppResult<ActorRow> {
    if !meeting.local {
        return Err(decided_by_group_node());
    }
    let group = group_of(tx, meeting).await?;
    require_moderator(tx, &group, actor).await?;
    Ok(group)
}

/// Publishes the meeting as it now stands and commits.
async fn republish(mut tx: Tx, data: &FedData, id: i64, group: &ActorRow) -> AppResult<MeetingRow> {
    let meeting = meeting_in(&mut tx, id).await?;
    let queued = wire::publish(&mut tx, data, &meeting, group, "Update").await?;
    commit(data, tx, queued).await?;
    Ok(meeting)
}

/// A member proposes an item. On a meeting of this node it waits for the body's answer;
/// on the copy of another node's meeting it is sent to the group there.
pub async fn propose_item(
    data: &FedData,
    member: &ActorRow,
    meeting_id: i64,
    input: ItemInput,
) -> AppResult<ItemRow> {
    if !member.local {
        return Err(AppError::forbidden(
            "only members of this node propose here",
        ));
    }
    let mut tx = data.db.begin().await?;
    let meeting = meeting_in(&mut tx, meeting_id).await?;
    let group = group_of(&mut tx, &meeting).await?;
    require_member(&mut tx, &group, member).await?;
    if !meeting.items_open {
        return Err(AppError::Unprocessable(
            "agenda_closed",
            "this meeting's agenda no longer takes proposals".into(),
        ));
    }
    let ap_id = data.urls.new_object("agenda-items");
    let html = markdown_to_safe_html(&input.text);
    let item = storage::meetings::insert_item(
        &mut tx,
        &NewItem {
            ap_id: ap_id.as_str(),
            meeting_id,
            author_id: member.id,
            local: true,
            title: &input.title,
            content: &html,
            content_source: Some(&input.text),
            state: ItemState::Proposed.as_str(),
        },
    )
    .await?
    .expect("a fresh id");
    let queued = if meeting.local {
        wire::publish(&mut tx, data, &meeting, &group, "Update").await?
    } else {
        wire::send_item(&mut tx, data, &item, &meeting, &group, member).await?
    };
    commit(data, tx, queued).await?;
    Ok(item)
}

/// A moderator answers an item; its author hears of it, here or on their node.
pub async fn decide_item(
    data: &FedData,
    actor: &ActorRow,
    item_id: i64,
    decision: Decision,
) -> AppResult<ItemRow> {
    let mut tx = data.db.begin().await?;
    let (item, meeting) = item_in(&mut tx, item_id).await?;
    let group = moderated_group(&mut tx, &meeting, actor).await?;
    let current = ItemState::parse(&item.state).unwrap_or(ItemState::Proposed);
    if !answer_changes(current, &decision, item.reason.as_deref()) {
        commit(data, tx, 0).await?;
        return Ok(item);
    }
    storage::meetings::decide(
        &mut tx,
        item.id,
        decision.state().as_str(),
        decision.reason.as_deref(),
        now_millis(),
    )
    .await?;
    let item = storage::meetings::item_by_id(&mut tx, item.id)
        .await?
        .expect("the item just answered");
    tell_author(&mut tx, &group, &item).await?;
    let mut queued = wire::send_answer(&mut tx, data, &item, &meeting, &group).await?;
    queued += wire::publish(&mut tx, data, &meeting, &group, "Update").await?;
    commit(data, tx, queued).await?;
    Ok(item)
}

/// The author of an answered item, if they are a member here, gets a notification.
pub(super) async fn tell_author(tx: &mut Tx, group: &ActorRow, item: &ItemRow) -> AppResult<()> {
    let about = format!("{}#{}", item.ap_id, item.state);
    super::news::personal_news(
        tx,
        group,
        &super::news::Personal {
            kind: super::news::AGENDA_ITEM_ANSWERED,
            subject_ap_id: &item.ap_id,
            about_ap_id: &about,
            title: &item.title,
        },
        &[item.author_id],
    )
    .await?;
    Ok(())
}

/// What a moderator records after the meeting: its conclusion on the item and the proposal
/// it led to (or came from), which must be one of the group's.
pub async fn follow_up(
    data: &FedData,
    actor: &ActorRow,
    item_id: i64,
    outcome: Option<&str>,
    proposal_id: Option<i64>,
) -> AppResult<ItemRow> {
    let outcome = outcome.map(str::trim).filter(|o| !o.is_empty());
    if outcome.is_some_and(|o| o.chars().count() > crate::domain::agenda::TEXT_MAX) {
        return Err(AppError::Unprocessable(
            "text_too_long",
            "the outcome is longer than 10,000 characters".into(),
        ));
    }
    let mut tx = data.db.begin().await?;
    let (item, meeting) = item_in(&mut tx, item_id).await?;
    let group = moderated_group(&mut tx, &meeting, actor).await?;
    if let Some(id) = proposal_id {
        let in_group = match storage::processes::proposal_by_id(&mut tx, id).await? {
            Some(p) => storage::processes::process_by_id(&mut tx, p.process_id)
                .await?
                .is_some_and(|process| process.group_id == group.id),
            None => false,
        };
        if !in_group {
            return Err(AppError::Unprocessable(
                "unknown_proposal",
                "the proposal must be one of the group's".into(),
            ));
        }
    }
    storage::meetings::set_follow_up(&mut tx, item.id, outcome, proposal_id).await?;
    let item = storage::meetings::item_by_id(&mut tx, item.id)
        .await?
        .expect("the item just changed");
    let queued = wire::publish(&mut tx, data, &meeting, &group, "Update").await?;
    commit(data, tx, queued).await?;
    Ok(item)
}

/// A moderator moves an item one place up or down the agenda.
pub async fn move_item(data: &FedData, actor: &ActorRow, item_id: i64, up: bool) -> AppResult<()> {
    let mut tx = data.db.begin().await?;
    let (item, meeting) = item_in(&mut tx, item_id).await?;
    let group = moderated_group(&mut tx, &meeting, actor).await?;
    let items = storage::meetings::items_of(&mut tx, meeting.id).await?;
    let Some(index) = items.iter().position(|i| i.id == item.id) else {
        return commit(data, tx, 0).await;
    };
    let other = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1).filter(|i| *i < items.len())
    };
    let Some(other) = other else {
        // Already first (or last): nothing to move.
        return commit(data, tx, 0).await;
    };
    // Renumber the whole agenda with the two swapped, so equal positions cannot stick.
    let mut order: Vec<i64> = items.iter().map(|i| i.id).collect();
    order.swap(index, other);
    for (position, id) in order.iter().enumerate() {
        storage::meetings::set_position(&mut tx, *id, position as i64 + 1).await?;
    }
    let queued = wire::publish(&mut tx, data, &meeting, &group, "Update").await?;
    commit(data, tx, queued).await
}

/// The meetings and items that examined a proposal, for its page.
pub async fn examined_at(
    data: &FedData,
    proposal_id: i64,
) -> AppResult<Vec<(ItemRow, MeetingRow)>> {
    let mut tx = data.db.read().await?;
    let mut out = Vec::new();
    for item in storage::meetings::items_of_proposal(&mut tx, proposal_id).await? {
        if let Some(meeting) = storage::meetings::by_id(&mut tx, item.meeting_id).await? {
            out.push((item, meeting));
        }
    }
    Ok(out)
}
