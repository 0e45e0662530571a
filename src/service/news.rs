//! A group's news reaches its members here as notifications, as far as each member's
//! involvement level asks for it (`domain::involvement`), and news that concerns members
//! personally (their registration, a proposal they took part in) reaches them at any level.
//! Called in the transaction of the change, for a group of this node or a followed one.

use super::processes::ProposalContext;
use crate::{
    domain::{
        involvement::{Level, News},
        process::ProposalState,
    },
    error::AppResult,
    storage::{self, actors::ActorRow, events::EventRow, involvement, Tx},
};

/// What a notification of a proposal that moved on is called.
pub const PROPOSAL_MOVED: &str = "proposal_moved";
/// What a notification of a change to an event one registered for is called.
pub const EVENT_CHANGED: &str = "event_changed";
/// What a notification of the answer to one's agenda item is called.
pub const AGENDA_ITEM_ANSWERED: &str = "agenda_item_answered";

/// Notifies the members of `group` who want `news` about `subject_ap_id`.
pub async fn group_news(
    tx: &mut Tx,
    group: &ActorRow,
    news: News,
    subject_ap_id: &str,
    title: &str,
) -> AppResult<u64> {
    let levels: Vec<&str> = news.levels().into_iter().map(Level::as_str).collect();
    Ok(storage::involvement::notify_members(
        tx,
        &involvement::News {
            group_id: group.id,
            kind: news.kind(),
            subject_ap_id,
            about_ap_id: subject_ap_id,
            title,
        },
        &levels,
        None,
    )
    .await?)
}

/// What personal news is about: `kind` of `subject_ap_id`, told once per `about_ap_id` (the
/// change: an activity id, a new state).
pub struct Personal<'a> {
    pub kind: &'a str,
    pub subject_ap_id: &'a str,
    pub about_ap_id: &'a str,
    pub title: &'a str,
}

/// Notifies `people`, members of `group` here, whatever their level, unless they want nothing
/// from the group.
pub async fn personal_news(
    tx: &mut Tx,
    group: &ActorRow,
    news: &Personal<'_>,
    people: &[i64],
) -> AppResult<u64> {
    let levels: Vec<&str> = Level::ALL.iter().map(|l| l.as_str()).collect();
    Ok(storage::involvement::notify_members(
        tx,
        &involvement::News {
            group_id: group.id,
            kind: news.kind,
            subject_ap_id: news.subject_ap_id,
            about_ap_id: news.about_ap_id,
            title: news.title,
        },
        &levels,
        Some(people),
    )
    .await?)
}

/// A proposal moved to `to`: the group hears of a deliberation opening (co-decide and lead),
/// and its author and supporters of every step.
pub async fn proposal_moved(
    tx: &mut Tx,
    ctx: &ProposalContext,
    to: ProposalState,
) -> AppResult<()> {
    if to == ProposalState::Deliberation {
        group_news(
            tx,
            &ctx.group,
            News::Deliberation,
            &ctx.proposal.ap_id,
            &ctx.proposal.title,
        )
        .await?;
    }
    let people = storage::involvement::proposal_participants(tx, ctx.proposal.id).await?;
    personal_news(
        tx,
        &ctx.group,
        &Personal {
            kind: PROPOSAL_MOVED,
            subject_ap_id: &ctx.proposal.ap_id,
            about_ap_id: &format!("{}#{}", ctx.proposal.ap_id, to.as_str()),
            title: &ctx.proposal.title,
        },
        &people,
    )
    .await?;
    Ok(())
}

/// An event of `group` was announced: an assembly reaches every level, another event those
/// who take part and more.
pub async fn event_announced(tx: &mut Tx, group: &ActorRow, event: &EventRow) -> AppResult<()> {
    let news = if event.category == "assembly" {
        News::Assembly
    } else {
        News::Event
    };
    group_news(tx, group, news, &event.ap_id, &event.title).await?;
    Ok(())
}

/// An event changed (`change_id`: the activity or moment that tells it): the members here who
/// registered for it are told.
pub async fn event_changed(
    tx: &mut Tx,
    group: &ActorRow,
    event: &EventRow,
    change_id: &str,
) -> AppResult<()> {
    let people = storage::involvement::event_registrants(tx, event.id).await?;
    personal_news(
        tx,
        group,
        &Personal {
            kind: EVENT_CHANGED,
            subject_ap_id: &event.ap_id,
            about_ap_id: change_id,
            title: &event.title,
        },
        &people,
    )
    .await?;
    Ok(())
}
