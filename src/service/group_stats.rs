//! A local group's statistics, computed by its own node: storage reads the rows of the last
//! twelve months, `domain::group_stats` turns them into figures. The group's stats page, its
//! JSON (`GET /api/v1/groups/{g}/stats`), its federation document and the dashboard's line for
//! a local group all come from here, so they agree.

use crate::{
    app::AppState,
    domain::group_stats::{self, ClosedVote, GroupStats, HeldEvent, Inputs},
    error::{AppError, AppResult},
    federation::resolve,
    storage::{self, actors::ActorRow, now_millis},
};

/// One of our groups by name; a group of another node is refused (its own node publishes
/// its figures).
pub async fn local_group(state: &AppState, name: &str) -> AppResult<ActorRow> {
    let group = resolve::known_group(state, name).await?;
    if !group.local || group.deleted_at.is_some() {
        return Err(AppError::NotFound(format!(
            "{name}'s figures are published by its own node, not here"
        )));
    }
    Ok(group)
}

/// The figures of one of our groups, now.
pub async fn compute(state: &AppState, group: &ActorRow) -> AppResult<GroupStats> {
    let now = now_millis();
    let months = group_stats::window(now);
    let (from, to) = (
        months[0].start_millis(),
        months[months.len() - 1].end_millis(),
    );
    let id = group.id;
    let mut tx = state.db.read().await?;
    let (open_offers, open_needs) =
        storage::group_stats::open_competences(&mut tx, id, now).await?;
    let inputs = Inputs {
        member_since: storage::group_stats::member_since(&mut tx, id).await?,
        actions: storage::group_stats::actions(&mut tx, id, from, to).await?,
        proposals: storage::group_stats::proposals(&mut tx, id, from, to).await?,
        votes: storage::group_stats::closed_votes(&mut tx, id, from, to)
            .await?
            .into_iter()
            .map(|(closed_at, ballots, electorate)| ClosedVote {
                closed_at,
                ballots,
                electorate,
            })
            .collect(),
        events: storage::group_stats::held_events(&mut tx, id, from, to)
            .await?
            .into_iter()
            .map(|(starts_at, attendance)| HeldEvent {
                starts_at,
                attendance,
            })
            .collect(),
        competences: storage::group_stats::competences(&mut tx, id, from, to)
            .await?
            .into_iter()
            .map(|(at, kind)| (at, kind == "offer"))
            .collect(),
        open_offers,
        open_needs,
        upcoming_events: storage::group_stats::upcoming_events(&mut tx, id, now).await?,
    };
    Ok(group_stats::compute(now, &inputs))
}
