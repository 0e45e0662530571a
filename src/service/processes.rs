//! Participation processes and proposals: opening a process, submitting, editing,
//! publishing and following up proposals. Supports are in `service::supports`, amendments in
//! `service::amendments`, votes in `service::votes`.
//!
//! Web pages and the API call these; each checks the rule in `domain::process`, then
//! writes in one transaction. A proposal belongs to the node of its process's group, which
//! alone decides it (`process.local`); it may have been written on another node
//! (`proposal.local` is false there), whose member submitted it from home.

pub use super::membership::require_member;
use super::{commit, proposal_publication};
use crate::{
    domain::{
        content::{ContentError, PostText},
        process::{check_transition, ParticipationLevel, Phase, Phases, ProposalState, Role},
    },
    error::{AppError, AppResult},
    federation::FedData,
    storage::{
        self,
        actors::ActorRow,
        now_millis,
        processes::{NewProcess, NewProposal, ProcessRow, ProposalListing, ProposalRow},
        Tx,
    },
};

/// What a moderator writes when opening a process.
#[derive(Debug, Clone)]
pub struct ProcessInput {
    pub title: String,
    /// Markdown.
    pub description: String,
    pub participation: ParticipationLevel,
    /// How the decision is made, in plain words (Markdown).
    pub decision_rule: String,
    pub support_threshold: Option<u32>,
    pub results_hidden: bool,
    pub public_choices: bool,
    pub phases: Phases,
}

fn rule_broken(code: &'static str, message: impl Into<String>) -> AppError {
    AppError::Unprocessable(code, message.into())
}

/// A titled text (a process, a proposal): the title and body rules of posts.
fn checked_titled(title: &str, body: &str) -> AppResult<(String, PostText)> {
    let text = PostText::from_markdown(Some(title), body).map_err(|e| {
        let code = match e {
            ContentError::TitleEmpty | ContentError::TitleTooLong => "invalid_title",
            _ => "invalid_text",
        };
        rule_broken(code, e.to_string())
    })?;
    let title = text
        .title
        .clone()
        .ok_or_else(|| rule_broken("invalid_title", ContentError::TitleEmpty.to_string()))?;
    Ok((title, text))
}

pub(super) fn checked_text(source: &str) -> AppResult<PostText> {
    PostText::from_markdown(None, source).map_err(|e| rule_broken("invalid_text", e.to_string()))
}

pub async fn require_moderator(tx: &mut Tx, group: &ActorRow, actor: &ActorRow) -> AppResult<()> {
    if storage::actors::is_moderator(tx, group.id, actor.id).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "not_a_moderator",
            "only moderators of the group may do this".into(),
        ))
    }
}

/// A moderator of a local group opens a process.
pub async fn create_process(
    data: &FedData,
    moderator: &ActorRow,
    group: &ActorRow,
    input: ProcessInput,
) -> AppResult<ProcessRow> {
    if !group.is_group() || !group.local {
        return Err(rule_broken(
            "not_a_local_group",
            "processes are opened in a group of this node",
        ));
    }
    let (title, description) = checked_titled(&input.title, &input.description)?;
    let rule = checked_text(&input.decision_rule)
        .map_err(|_| rule_broken("invalid_decision_rule", "say how the decision will be made"))?;
    input
        .phases
        .validate()
        .map_err(|e| rule_broken("invalid_phases", e))?;
    let mut tx = data.db.begin().await?;
    require_moderator(&mut tx, group, moderator).await?;
    let process = storage::processes::insert_process(
        &mut tx,
        &NewProcess {
            ap_id: data.urls.new_object("processes").to_string(),
            group_id: group.id,
            title,
            description: description.html,
            description_source: Some(description.source),
            participation: input.participation.as_str().into(),
            decision_rule: rule.html,
            support_threshold: input.support_threshold.map(i64::from),
            results_hidden: input.results_hidden,
            public_choices: input.public_choices,
            proposals_from: input.phases.proposals_from,
            deliberation_from: input.phases.deliberation_from,
            vote_from: input.phases.vote_from,
            result_at: input.phases.result_at,
            created_by: Some(moderator.id),
            local: true,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(process)
}

pub fn participation_of(process: &ProcessRow) -> ParticipationLevel {
    ParticipationLevel::parse(&process.participation).unwrap_or(ParticipationLevel::Information)
}

pub fn phases_of(process: &ProcessRow) -> Phases {
    Phases {
        proposals_from: process.proposals_from,
        deliberation_from: process.deliberation_from,
        vote_from: process.vote_from,
        result_at: process.result_at,
    }
}

pub fn state_of(proposal: &ProposalRow) -> ProposalState {
    ProposalState::parse(&proposal.state).unwrap_or(ProposalState::Draft)
}

/// A process with its group, as pages and the API show it.
pub struct ProcessDetails {
    pub process: ProcessRow,
    pub group: ActorRow,
    pub proposals: Vec<ProposalListing>,
    pub phase: Phase,
}

pub async fn process_details(
    data: &FedData,
    id: i64,
    viewer: Option<&ActorRow>,
) -> AppResult<ProcessDetails> {
    let mut tx = data.db.read().await?;
    let process = storage::processes::process_by_id(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such process"))?;
    let group = group_of(&mut tx, &process).await?;
    let proposals =
        storage::processes::proposals_of_process(&mut tx, id, viewer.map(|v| v.id)).await?;
    let phase = phases_of(&process).current(now_millis());
    Ok(ProcessDetails {
        process,
        group,
        proposals,
        phase,
    })
}

pub async fn group_processes(data: &FedData, group: &ActorRow) -> AppResult<Vec<ProcessRow>> {
    let mut tx = data.db.read().await?;
    Ok(storage::processes::processes_of_group(&mut tx, group.id).await?)
}

async fn group_of(tx: &mut Tx, process: &ProcessRow) -> AppResult<ActorRow> {
    storage::actors::by_id(tx, process.group_id)
        .await?
        .ok_or_else(|| AppError::not_found("the process's group is gone"))
}

/// A proposal with the process it belongs to and its group.
pub struct ProposalContext {
    pub proposal: ProposalRow,
    pub process: ProcessRow,
    pub group: ActorRow,
    pub author: ActorRow,
}

pub async fn load_proposal(tx: &mut Tx, id: i64) -> AppResult<ProposalContext> {
    let proposal = storage::processes::proposal_by_id(tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such proposal"))?;
    let process = storage::processes::process_by_id(tx, proposal.process_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such process"))?;
    let group = group_of(tx, &process).await?;
    let author = storage::actors::by_id(tx, proposal.author_id)
        .await?
        .ok_or_else(|| AppError::not_found("the author is gone"))?;
    Ok(ProposalContext {
        proposal,
        process,
        group,
        author,
    })
}

/// The rule every new proposal follows, whether written here or on the member's own node:
/// members submit (only moderators, in a process that informs), in the proposals phase.
pub(super) async fn check_may_submit(
    tx: &mut Tx,
    process: &ProcessRow,
    group: &ActorRow,
    author: &ActorRow,
) -> AppResult<()> {
    require_member(tx, group, author).await?;
    if !participation_of(process).members_propose() {
        require_moderator(tx, group, author).await.map_err(|_| {
            AppError::Forbidden(
                "information_only",
                "this process informs members: only moderators publish in it".into(),
            )
        })?;
    }
    if phases_of(process).current(now_millis()) != Phase::Proposals {
        return Err(rule_broken(
            "not_accepting_proposals",
            "this process is not in its proposals phase",
        ));
    }
    Ok(())
}

/// A member submits a proposal, as a draft or published at once. In a process of a group on
/// another node, publishing sends it to the group, whose node applies the same rule.
pub async fn submit_proposal(
    data: &FedData,
    author: &ActorRow,
    process_id: i64,
    title: &str,
    body: &str,
    publish: bool,
) -> AppResult<ProposalRow> {
    let (title, text) = checked_titled(title, body)?;
    let mut tx = data.db.begin().await?;
    let process = storage::processes::process_by_id(&mut tx, process_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such process"))?;
    let group = group_of(&mut tx, &process).await?;
    check_may_submit(&mut tx, &process, &group, author).await?;
    let state = if publish {
        ProposalState::Published
    } else {
        ProposalState::Draft
    };
    let proposal = storage::processes::insert_proposal(
        &mut tx,
        &NewProposal {
            ap_id: data.urls.new_object("proposals").to_string(),
            process_id,
            author_id: author.id,
            title,
            content: text.html,
            source: Some(text.source),
            state: state.as_str().into(),
            local: true,
        },
    )
    .await?;
    let queued = if publish {
        let ctx = load_proposal(&mut tx, proposal.id).await?;
        proposal_publication::publish(&mut tx, data, &ctx).await?
    } else {
        0
    };
    commit(data, tx, queued).await?;
    Ok(proposal)
}

/// The author rewrites their proposal before the vote; followers get the new text.
pub async fn edit_proposal(
    data: &FedData,
    author: &ActorRow,
    proposal_id: i64,
    title: &str,
    body: &str,
) -> AppResult<ProposalRow> {
    let (title, text) = checked_titled(title, body)?;
    let mut tx = data.db.begin().await?;
    let ctx = load_proposal(&mut tx, proposal_id).await?;
    if ctx.proposal.author_id != author.id || !ctx.proposal.local {
        return Err(AppError::Forbidden(
            "not_the_author",
            "only the proposal's author edits it; others propose amendments".into(),
        ));
    }
    if !matches!(
        state_of(&ctx.proposal),
        ProposalState::Draft | ProposalState::Published | ProposalState::Deliberation
    ) {
        return Err(rule_broken(
            "not_open_for_amendments",
            "the text cannot change once the vote is open",
        ));
    }
    storage::processes::update_proposal_title_and_text(
        &mut tx,
        proposal_id,
        &title,
        &text.html,
        Some(&text.source),
    )
    .await?;
    let ctx = load_proposal(&mut tx, proposal_id).await?;
    let queued = proposal_publication::refresh(&mut tx, data, &ctx).await?;
    commit(data, tx, queued).await?;
    Ok(ctx.proposal)
}

/// Whether `actor` may read a proposal: drafts are their author's alone.
pub fn may_read(proposal: &ProposalRow, viewer: Option<&ActorRow>) -> bool {
    state_of(proposal) != ProposalState::Draft || viewer.is_some_and(|v| v.id == proposal.author_id)
}

/// Moves a proposal to another state (publish, open deliberation, withdraw, settle a
/// process without votes, mark implemented); `to_vote` and the tally go through votes.
pub async fn change_state(
    data: &FedData,
    actor: &ActorRow,
    proposal_id: i64,
    to: ProposalState,
    follow_up: Option<&str>,
) -> AppResult<ProposalRow> {
    if to == ProposalState::Vote {
        return Err(rule_broken(
            "open_a_vote",
            "a proposal goes to the vote when a moderator opens a vote on it",
        ));
    }
    let mut tx = data.db.begin().await?;
    let ctx = load_proposal(&mut tx, proposal_id).await?;
    let from = state_of(&ctx.proposal);
    // The group's node moves its proposals; from here, the author only publishes a draft
    // (which sends it there).
    let publishing_draft = from == ProposalState::Draft && to == ProposalState::Published;
    if !ctx.process.local && !publishing_draft {
        return Err(rule_broken(
            "remote_proposal",
            "this proposal is decided on its group's node",
        ));
    }
    let role = if ctx.proposal.author_id == actor.id
        && matches!(to, ProposalState::Published | ProposalState::Withdrawn)
    {
        Role::Author
    } else {
        require_moderator(&mut tx, &ctx.group, actor).await?;
        Role::Moderator
    };
    check_transition(from, to, role).map_err(|e| rule_broken("invalid_transition", e))?;
    if matches!(to, ProposalState::Accepted | ProposalState::Rejected)
        && participation_of(&ctx.process).has_votes()
    {
        return Err(rule_broken(
            "decided_by_vote",
            "in this process a proposal is accepted or rejected by a vote",
        ));
    }
    if !storage::processes::set_proposal_state(&mut tx, proposal_id, from.as_str(), to.as_str())
        .await?
    {
        return Err(AppError::Conflict(
            "state_changed",
            "the proposal changed meanwhile; reload and try again".into(),
        ));
    }
    if to == ProposalState::Implemented {
        let notes = follow_up
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| {
                rule_broken("follow_up_needed", "say how the decision was carried out")
            })?;
        let text = checked_text(notes)?;
        storage::processes::set_follow_up(&mut tx, proposal_id, &text.html).await?;
    }
    let ctx = load_proposal(&mut tx, proposal_id).await?;
    let queued = if from == ProposalState::Draft {
        proposal_publication::publish(&mut tx, data, &ctx).await?
    } else {
        proposal_publication::refresh(&mut tx, data, &ctx).await?
    };
    if from != ProposalState::Draft {
        super::news::proposal_moved(&mut tx, &ctx, to).await?;
    }
    commit(data, tx, queued).await?;
    Ok(ctx.proposal)
}
