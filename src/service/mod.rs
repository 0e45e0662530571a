//! Use-cases shared by the JSON API, the web pages and the inbox:
//! check -> domain rule -> storage, in one transaction that also holds the outbox rows.

pub mod accounts;
pub mod agenda;
pub mod amendments;
pub mod auth;
pub mod bodies;
pub mod calendar_feeds;
pub mod competence_answers;
pub mod competence_matching;
pub mod competence_people;
pub mod competence_publication;
pub mod competences;
pub mod decision_record;
pub mod digests;
pub mod event_federation;
pub mod event_pages;
pub mod events;
pub mod groups;
pub mod involvement;
pub mod meeting_federation;
pub mod membership;
pub mod moderation;
pub mod networks;
pub mod news;
pub mod notifications;
pub mod photos;
pub mod posts;
pub mod processes;
pub mod proposal_publication;
pub mod remote_competences;
pub mod remote_events;
pub mod remote_meetings;
pub mod remote_profiles;
pub mod remote_proposals;
pub mod remote_submissions;
pub mod remote_votes;
pub mod search;
pub mod settings;
pub mod supports;
pub mod vote_closer;
pub mod vote_publication;
pub mod votes;

// The network dashboard: a group's figures, and the dashboard of the groups followed.
pub mod group_stats;
pub mod network_dashboard;

// Welcoming newcomers: the "who we are" page and the onboarding path.
pub mod group_about;
pub mod onboarding;

// The network level: an antenna's proposal escalated to a network group.
pub mod escalation;

// The aggregator: the groups it follows, the network calendar.
pub mod aggregation;
pub mod network_calendar;

use crate::{app::AppState, error::AppResult, storage::Tx};

/// Where an action comes from.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    /// Our own members, through the web pages or the API.
    Local,
    /// A peer's activity: recorded as received in the same transaction as its effect.
    Inbound {
        activity_id: &'a str,
        actor: &'a str,
    },
}

/// Opens the write transaction of an action. For an inbound activity the "already received"
/// row is written first; `None` means the activity was seen before and must change nothing.
pub async fn begin(state: &AppState, origin: Origin<'_>) -> AppResult<Option<Tx>> {
    let mut tx = state.db.begin().await?;
    if let Origin::Inbound { activity_id, actor } = origin {
        if !crate::storage::inbox::mark_received(&mut tx, activity_id, actor).await? {
            return Ok(None);
        }
    }
    Ok(Some(tx))
}

/// Commits, then wakes the delivery workers if anything was queued.
pub async fn commit(state: &AppState, tx: Tx, queued: usize) -> AppResult<()> {
    tx.commit().await?;
    if queued > 0 {
        state.deliveries_queued();
    }
    Ok(())
}
