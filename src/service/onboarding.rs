//! A group's onboarding path: moderators add, change, reorder and remove its steps; a member
//! of this node follows it, marking steps done or not done. Two kinds of step complete
//! themselves (`domain::onboarding::auto_done`): reading the about page is recorded when the
//! member opens it (`group_about::opened_by`), and a confirmed registration to a linked
//! event is read from the registrations whenever progress is shown, so no event code needs to
//! know about the path. Moderators see how many members did each step, never who.

use std::collections::HashMap;

use crate::{
    domain::onboarding::{
        check_step, moved, placed, step_done, DoneHow, LinkKind, OnboardingError, Progress,
        StepInput, StepKind, StepLink, MAX_STEPS,
    },
    error::{AppError, AppResult},
    federation::FedData,
    storage::{
        self,
        actors::ActorRow,
        onboarding::{StepFields, StepRow},
        Tx,
    },
};

use super::{group_about::require_local, membership::require_member, processes::require_moderator};

/// A domain refusal as the API and pages show it: 422 with its code.
pub fn refused(err: OnboardingError) -> AppError {
    AppError::Unprocessable(err.code(), err.to_string())
}

/// A stored step, with its words read back.
#[derive(Debug, Clone)]
pub struct Step {
    pub row: StepRow,
    pub kind: StepKind,
    pub link: Option<StepLink>,
}

impl Step {
    fn from_row(row: StepRow) -> AppResult<Step> {
        let kind = StepKind::parse(&row.kind).ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!("stored step kind {:?} unknown", row.kind))
        })?;
        let link = match row.link_kind.as_deref().and_then(LinkKind::parse) {
            Some(LinkKind::About) => Some(StepLink::About),
            // An event that was deleted leaves the step without a link.
            Some(LinkKind::Event) => row.event_id.map(StepLink::Event),
            Some(LinkKind::Url) => row.link_url.clone().map(StepLink::Url),
            None => None,
        };
        Ok(Step { row, kind, link })
    }
}

async fn load_steps(tx: &mut Tx, group: &ActorRow) -> AppResult<Vec<Step>> {
    storage::onboarding::list(tx, group.id)
        .await?
        .into_iter()
        .map(Step::from_row)
        .collect()
}

async fn load_step(tx: &mut Tx, group: &ActorRow, id: i64) -> AppResult<Step> {
    let row = storage::onboarding::get(tx, group.id, id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no step {id} in this group's path")))?;
    Step::from_row(row)
}

/// The path's steps, in order; anyone may read them.
pub async fn steps(data: &FedData, group: &ActorRow) -> AppResult<Vec<Step>> {
    require_local(group)?;
    let mut tx = data.db.read().await?;
    load_steps(&mut tx, group).await
}

/// Per step id, how many members completed it: for the group's moderators only.
pub async fn completion_counts(
    data: &FedData,
    moderator: &ActorRow,
    group: &ActorRow,
) -> AppResult<HashMap<i64, i64>> {
    require_local(group)?;
    let mut tx = data.db.read().await?;
    require_moderator(&mut tx, group, moderator).await?;
    Ok(storage::onboarding::completion_counts(&mut tx, group.id)
        .await?
        .into_iter()
        .collect())
}

/// Checks a step against the domain and, for an event link, that the event is the group's.
async fn checked_fields(
    tx: &mut Tx,
    group: &ActorRow,
    input: &StepInput,
) -> AppResult<crate::domain::onboarding::CheckedStep> {
    let step = check_step(input).map_err(refused)?;
    if let Some(StepLink::Event(event_id)) = step.link {
        let event = storage::events::event_by_id(tx, event_id).await?;
        if event.is_none_or(|e| e.group_id != group.id) {
            return Err(AppError::Unprocessable(
                "unknown_event",
                "the step may link only to an event of this group".into(),
            ));
        }
    }
    Ok(step)
}

fn fields(step: &crate::domain::onboarding::CheckedStep) -> StepFields<'_> {
    StepFields {
        title: &step.title,
        description: &step.description_html,
        description_source: &step.description_source,
        kind: step.kind.as_str(),
        link_kind: step.link.as_ref().map(|l| l.kind().as_str()),
        event_id: match step.link {
            Some(StepLink::Event(id)) => Some(id),
            _ => None,
        },
        link_url: match &step.link {
            Some(StepLink::Url(url)) => Some(url.as_str()),
            _ => None,
        },
    }
}

/// A moderator adds a step at the end of the path.
pub async fn create_step(
    data: &FedData,
    moderator: &ActorRow,
    group: &ActorRow,
    input: &StepInput,
) -> AppResult<Step> {
    require_local(group)?;
    let mut tx = data.db.begin().await?;
    require_moderator(&mut tx, group, moderator).await?;
    let step = checked_fields(&mut tx, group, input).await?;
    if storage::onboarding::list(&mut tx, group.id).await?.len() >= MAX_STEPS {
        return Err(refused(OnboardingError::TooManySteps));
    }
    let id = storage::onboarding::insert(&mut tx, group.id, &fields(&step)).await?;
    let created = load_step(&mut tx, group, id).await?;
    tx.commit().await?;
    Ok(created)
}

/// A moderator changes a step, and may move it to `position` (0-based) at the same time.
pub async fn update_step(
    data: &FedData,
    moderator: &ActorRow,
    group: &ActorRow,
    id: i64,
    input: &StepInput,
    position: Option<usize>,
) -> AppResult<Step> {
    require_local(group)?;
    let mut tx = data.db.begin().await?;
    require_moderator(&mut tx, group, moderator).await?;
    load_step(&mut tx, group, id).await?;
    let step = checked_fields(&mut tx, group, input).await?;
    storage::onboarding::update(&mut tx, id, &fields(&step)).await?;
    if let Some(position) = position {
        let order = order_of(&mut tx, group).await?;
        if let Some(order) = placed(&order, id, position) {
            storage::onboarding::set_order(&mut tx, group.id, &order).await?;
        }
    }
    let updated = load_step(&mut tx, group, id).await?;
    tx.commit().await?;
    Ok(updated)
}

async fn order_of(tx: &mut Tx, group: &ActorRow) -> AppResult<Vec<i64>> {
    Ok(storage::onboarding::list(tx, group.id)
        .await?
        .iter()
        .map(|s| s.id)
        .collect())
}

/// A moderator moves a step one place up or down; at either end nothing changes.
pub async fn move_step(
    data: &FedData,
    moderator: &ActorRow,
    group: &ActorRow,
    id: i64,
    up: bool,
) -> AppResult<()> {
    require_local(group)?;
    let mut tx = data.db.begin().await?;
    require_moderator(&mut tx, group, moderator).await?;
    load_step(&mut tx, group, id).await?;
    let order = order_of(&mut tx, group).await?;
    if let Some(order) = moved(&order, id, up) {
        storage::onboarding::set_order(&mut tx, group.id, &order).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A moderator removes a step (and what members had recorded of it).
pub async fn delete_step(
    data: &FedData,
    moderator: &ActorRow,
    group: &ActorRow,
    id: i64,
) -> AppResult<()> {
    require_local(group)?;
    let mut tx = data.db.begin().await?;
    require_moderator(&mut tx, group, moderator).await?;
    load_step(&mut tx, group, id).await?;
    storage::onboarding::delete(&mut tx, id).await?;
    let order = order_of(&mut tx, group).await?;
    storage::onboarding::set_order(&mut tx, group.id, &order).await?;
    tx.commit().await?;
    Ok(())
}

/// A member's way along the path: each step and whether (and how) it is done.
pub struct MyPath {
    pub steps: Vec<(Step, Option<DoneHow>)>,
    pub progress: Progress,
}

fn require_local_member_actor(member: &ActorRow) -> AppResult<()> {
    if member.local {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "only members of this node follow the path here",
        ))
    }
}

async fn path_of(tx: &mut Tx, group: &ActorRow, member: &ActorRow) -> AppResult<MyPath> {
    let steps = load_steps(tx, group).await?;
    let stored: HashMap<i64, DoneHow> =
        storage::onboarding::stored_progress(tx, group.id, member.id)
            .await?
            .into_iter()
            .filter_map(|(id, how)| DoneHow::parse(&how).map(|how| (id, how)))
            .collect();
    let attended = storage::onboarding::attended_steps(tx, group.id, member.id).await?;
    let steps: Vec<(Step, Option<DoneHow>)> = steps
        .into_iter()
        .map(|step| {
            let done = step_done(
                stored.get(&step.row.id).copied(),
                attended.contains(&step.row.id),
            );
            (step, done)
        })
        .collect();
    let progress = Progress::of(steps.iter().map(|(_, done)| done.is_some()));
    Ok(MyPath { steps, progress })
}

/// A member's progress along the group's path (members of this node only).
pub async fn my_path(data: &FedData, member: &ActorRow, group: &ActorRow) -> AppResult<MyPath> {
    require_local(group)?;
    require_local_member_actor(member)?;
    let mut tx = data.db.read().await?;
    require_member(&mut tx, group, member).await?;
    path_of(&mut tx, group, member).await
}

/// A member marks a step done or not done; doing it twice is harmless. A step done through a
/// confirmed event registration stays done while the registration stands.
pub async fn set_done(
    data: &FedData,
    member: &ActorRow,
    group: &ActorRow,
    id: i64,
    done: bool,
) -> AppResult<MyPath> {
    require_local(group)?;
    require_local_member_actor(member)?;
    let mut tx = data.db.begin().await?;
    require_member(&mut tx, group, member).await?;
    load_step(&mut tx, group, id).await?;
    if done {
        storage::onboarding::mark(&mut tx, id, member.id, DoneHow::Marked.as_str()).await?;
    } else {
        storage::onboarding::unmark(&mut tx, id, member.id).await?;
    }
    let path = path_of(&mut tx, group, member).await?;
    tx.commit().await?;
    Ok(path)
}

/// For the group page: the reader's progress when they are a member with steps still to do.
pub async fn prompt_for(
    data: &FedData,
    reader: Option<&ActorRow>,
    group: &ActorRow,
) -> AppResult<Option<Progress>> {
    let Some(reader) = reader else {
        return Ok(None);
    };
    if !group.local || !reader.local {
        return Ok(None);
    }
    match my_path(data, reader, group).await {
        Ok(path) => Ok(path.progress.worth_prompting().then_some(path.progress)),
        Err(AppError::Forbidden(..)) => Ok(None),
        Err(e) => Err(e),
    }
}
