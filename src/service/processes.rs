//! Participation processes and proposals: opening a process, submitting, publishing,
//! supporting, amending and following up proposals, and commenting on them.
//!
//! Web pages and the API call these; each checks the rule in `domain::process`, then
//! writes in one transaction. Votes on a proposal are in `service::votes`.

use serde::Serialize;

pub use super::membership::require_member;
use super::{begin, commit, proposal_publication, Origin};
use crate::{
    domain::{
        content::{clean_line, ContentError, PostText},
        process::{
            check_transition, supports_reach, ParticipationLevel, Phase, Phases, ProposalState,
            Role,
        },
    },
    error::{AppError, AppResult},
    federation::FedData,
    storage::{
        self,
        actors::ActorRow,
        now_millis,
        processes::{
            AmendmentRow, NewProcess, NewProposal, ProcessRow, ProposalListing, ProposalRow,
        },
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

fn checked_text(source: &str) -> AppResult<PostText> {
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

/// A member submits a proposal, as a draft or published at once.
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
    require_member(&mut tx, &group, author).await?;
    let level = participation_of(&process);
    if !level.members_propose() {
        require_moderator(&mut tx, &group, author)
            .await
            .map_err(|_| {
                AppError::Forbidden(
                    "information_only",
                    "this process informs members: only moderators publish in it".into(),
                )
            })?;
    }
    let phase = phases_of(&process).current(now_millis());
    if phase != Phase::Proposals {
        return Err(rule_broken(
            "not_accepting_proposals",
            "this process is not in its proposals phase",
        ));
    }
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
        &text.source,
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
    commit(data, tx, queued).await?;
    Ok(ctx.proposal)
}

/// Supports of a proposal and whether they are enough to reach the vote.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupportState {
    pub supports: i64,
    pub threshold: Option<i64>,
    pub reached: bool,
    pub supported_by_you: bool,
}

/// Supports and amendments are kept by the proposal's own node; a copy here cannot take them.
fn require_local(ctx: &ProposalContext) -> AppResult<()> {
    if ctx.proposal.local {
        Ok(())
    } else {
        Err(rule_broken(
            "remote_proposal",
            "this proposal lives on its group's node: support or amend it there",
        ))
    }
}

/// A member supports (or stops supporting) a proposal. Supporting twice changes nothing.
pub async fn set_support(
    data: &FedData,
    member: &ActorRow,
    proposal_id: i64,
    support: bool,
) -> AppResult<SupportState> {
    let Some(mut tx) = begin(data, Origin::Local).await? else {
        unreachable!("local actions are never duplicates")
    };
    let ctx = load_proposal(&mut tx, proposal_id).await?;
    require_local(&ctx)?;
    require_member(&mut tx, &ctx.group, member).await?;
    if !matches!(
        state_of(&ctx.proposal),
        ProposalState::Published | ProposalState::Deliberation
    ) {
        return Err(rule_broken(
            "not_open_for_support",
            "supports are given while a proposal is published or in deliberation",
        ));
    }
    if support {
        storage::processes::add_support(&mut tx, proposal_id, member.id).await?;
    } else {
        storage::processes::remove_support(&mut tx, proposal_id, member.id).await?;
    }
    let state = support_state(&mut tx, &ctx, Some(member)).await?;
    commit(data, tx, 0).await?;
    Ok(state)
}

pub async fn support_state(
    tx: &mut Tx,
    ctx: &ProposalContext,
    viewer: Option<&ActorRow>,
) -> AppResult<SupportState> {
    let supports = storage::processes::count_supports(tx, ctx.proposal.id).await?;
    let threshold = ctx.process.support_threshold;
    let supported_by_you = match viewer {
        Some(v) => storage::processes::supports(tx, ctx.proposal.id, v.id).await?,
        None => false,
    };
    Ok(SupportState {
        supports,
        threshold,
        reached: supports_reach(
            threshold.map(|t| u32::try_from(t).unwrap_or(u32::MAX)),
            u32::try_from(supports).unwrap_or(u32::MAX),
        ),
        supported_by_you,
    })
}

/// A member proposes an amendment: a new text for the proposal, with a reason.
pub async fn propose_amendment(
    data: &FedData,
    member: &ActorRow,
    proposal_id: i64,
    new_text: &str,
    reason: Option<&str>,
) -> AppResult<AmendmentRow> {
    let text = checked_text(new_text)?;
    let reason = reason
        .map(|r| clean_line(r, 1000))
        .filter(|r| !r.is_empty());
    let mut tx = data.db.begin().await?;
    let ctx = load_proposal(&mut tx, proposal_id).await?;
    require_local(&ctx)?;
    require_member(&mut tx, &ctx.group, member).await?;
    if !matches!(
        state_of(&ctx.proposal),
        ProposalState::Published | ProposalState::Deliberation
    ) {
        return Err(rule_broken(
            "not_open_for_amendments",
            "amendments are proposed before the vote",
        ));
    }
    if ctx.proposal.author_id == member.id {
        return Err(rule_broken(
            "own_proposal",
            "the author edits their proposal directly",
        ));
    }
    let id = storage::processes::insert_amendment(
        &mut tx,
        proposal_id,
        member.id,
        &text.html,
        &text.source,
        reason.as_deref(),
    )
    .await?;
    let amendment = storage::processes::amendment_by_id(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("the amendment is gone"))?;
    tx.commit().await?;
    Ok(amendment)
}

/// The author accepts an amendment (its text becomes the proposal's) or declines it.
pub async fn decide_amendment(
    data: &FedData,
    author: &ActorRow,
    amendment_id: i64,
    accept: bool,
) -> AppResult<AmendmentRow> {
    let mut tx = data.db.begin().await?;
    let amendment = storage::processes::amendment_by_id(&mut tx, amendment_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such amendment"))?;
    let ctx = load_proposal(&mut tx, amendment.proposal_id).await?;
    if ctx.proposal.author_id != author.id {
        return Err(AppError::Forbidden(
            "not_the_author",
            "only the proposal's author accepts or declines amendments".into(),
        ));
    }
    if accept
        && !matches!(
            state_of(&ctx.proposal),
            ProposalState::Published | ProposalState::Deliberation
        )
    {
        return Err(rule_broken(
            "not_open_for_amendments",
            "the text cannot change once the vote is open",
        ));
    }
    let state = if accept { "accepted" } else { "declined" };
    if !storage::processes::decide_amendment(&mut tx, amendment_id, state).await? {
        return Err(AppError::Conflict(
            "already_decided",
            "this amendment was already accepted or declined".into(),
        ));
    }
    let mut queued = 0;
    if accept {
        storage::processes::update_proposal_title_and_text(
            &mut tx,
            ctx.proposal.id,
            &ctx.proposal.title,
            &amendment.content,
            amendment.source.as_deref().unwrap_or_default(),
        )
        .await?;
        let ctx = load_proposal(&mut tx, ctx.proposal.id).await?;
        queued = proposal_publication::refresh(&mut tx, data, &ctx).await?;
    }
    let amendment = storage::processes::amendment_by_id(&mut tx, amendment_id)
        .await?
        .ok_or_else(|| AppError::not_found("the amendment is gone"))?;
    commit(data, tx, queued).await?;
    Ok(amendment)
}
