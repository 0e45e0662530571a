//! Votes on proposals: a group's colleges, opening a vote (freezing its electorate),
//! casting ballots, and closing with the tally.
//!
//! [`cast_ballot`] is the one rule for ballots from the web, the API and the inbox: the
//! vote is open, the voter is in the frozen electorate, the ballot fits the method; a later
//! ballot replaces the earlier one. Anything else is refused before anything is written.

use serde::Serialize;

use super::{
    begin, commit,
    processes::{load_proposal, participation_of, require_member, require_moderator, state_of},
    Origin,
};
use crate::{
    domain::{
        involvement::News,
        process::{check_transition, ProposalState, Role},
        vote::{
            spec::{BallotInput, Choice, CollegeWeight, Elector, Outcome, VoteSpec},
            Cast, TallyError, Verdict,
        },
    },
    error::{AppError, AppResult},
    federation::FedData,
    storage::{
        self,
        actors::ActorRow,
        now_millis,
        votes::{BallotRow, CollegeRow, VoteRow},
        Tx,
    },
};

/// Longest a vote may stay open.
const MAX_VOTE_DURATION_MS: i64 = 366 * 24 * 3600 * 1000;

fn rule_broken(code: &'static str, message: impl Into<String>) -> AppError {
    AppError::Unprocessable(code, message.into())
}

pub(crate) fn tally_error(err: TallyError) -> AppError {
    match err {
        TallyError::UnknownOption { option, .. } => rule_broken(
            "unknown_option",
            format!("the ballot names an option this vote does not have: {option}"),
        ),
        TallyError::InvalidBallot { reason, .. } => rule_broken("invalid_ballot", reason),
        TallyError::InvalidRules(reason) => rule_broken("invalid_vote_rules", reason),
    }
}

/// A moderator defines a college of a local group, or changes its weight.
pub async fn set_college(
    data: &FedData,
    moderator: &ActorRow,
    group: &ActorRow,
    name: &str,
    weight: u32,
) -> AppResult<Vec<CollegeRow>> {
    let name = crate::domain::content::clean_line(name, 60);
    if name.is_empty() {
        return Err(rule_broken("invalid_college", "a college needs a name"));
    }
    if weight > 1000 {
        return Err(rule_broken(
            "invalid_college",
            "a weight is between 0 and 1000",
        ));
    }
    let mut tx = data.db.begin().await?;
    require_moderator(&mut tx, group, moderator).await?;
    storage::votes::upsert_college(&mut tx, group.id, &name, i64::from(weight)).await?;
    let colleges = storage::votes::colleges_of(&mut tx, group.id).await?;
    tx.commit().await?;
    Ok(colleges)
}

/// A moderator places a member of the group in one of its colleges.
pub async fn place_member(
    data: &FedData,
    moderator: &ActorRow,
    group: &ActorRow,
    member: &ActorRow,
    college: &str,
) -> AppResult<Vec<CollegeRow>> {
    let mut tx = data.db.begin().await?;
    require_moderator(&mut tx, group, moderator).await?;
    require_member(&mut tx, group, member).await.map_err(|_| {
        rule_broken(
            "not_a_member",
            "only members of the group are placed in a college",
        )
    })?;
    let colleges = storage::votes::colleges_of(&mut tx, group.id).await?;
    let target = colleges
        .iter()
        .find(|c| c.name == college)
        .ok_or_else(|| AppError::not_found(format!("the group has no college named {college}")))?;
    storage::votes::place_in_college(&mut tx, group.id, member.id, target.id).await?;
    let colleges = storage::votes::colleges_of(&mut tx, group.id).await?;
    tx.commit().await?;
    Ok(colleges)
}

pub async fn colleges(data: &FedData, group: &ActorRow) -> AppResult<Vec<CollegeRow>> {
    let mut tx = data.db.read().await?;
    Ok(storage::votes::colleges_of(&mut tx, group.id).await?)
}

/// What a moderator asks for when opening a vote.
#[derive(Debug, Clone)]
pub struct OpenVote {
    pub spec: VoteSpec,
    /// Use the group's colleges with their weights (the spec's own list is then ignored).
    pub group_colleges: bool,
    pub closes_at: i64,
}

/// A moderator opens a vote on a proposal: the rules are checked, the electorate is frozen
/// (the group's accepted members now, or those placed in the vote's colleges) and the
/// proposal moves to the vote.
pub async fn open_vote(
    data: &FedData,
    moderator: &ActorRow,
    proposal_id: i64,
    request: OpenVote,
) -> AppResult<VoteRow> {
    let now = now_millis();
    if request.closes_at <= now + 60_000 {
        return Err(rule_broken(
            "invalid_closing_time",
            "the vote must close at least a minute from now",
        ));
    }
    if request.closes_at > now + MAX_VOTE_DURATION_MS {
        return Err(rule_broken(
            "invalid_closing_time",
            "a vote stays open at most a year",
        ));
    }
    let mut spec = request.spec;
    let mut tx = data.db.begin().await?;
    let ctx = load_proposal(&mut tx, proposal_id).await?;
    if !ctx.group.local {
        return Err(rule_broken(
            "remote_group",
            "votes are opened on the group's own node",
        ));
    }
    require_moderator(&mut tx, &ctx.group, moderator).await?;
    if !participation_of(&ctx.process).has_votes() {
        return Err(rule_broken(
            "information_only",
            "this process informs members and holds no votes",
        ));
    }
    let from = state_of(&ctx.proposal);
    check_transition(from, ProposalState::Vote, Role::Moderator)
        .map_err(|e| rule_broken("invalid_transition", e))?;
    let supports = super::supports::support_state(&mut tx, &ctx, None).await?;
    if !supports.reached {
        return Err(rule_broken(
            "not_enough_supports",
            format!(
                "the proposal has {} supports and needs {} to reach the vote",
                supports.supports,
                supports.threshold.unwrap_or_default()
            ),
        ));
    }
    let group_colleges = storage::votes::colleges_of(&mut tx, ctx.group.id).await?;
    if request.group_colleges {
        spec.colleges = group_colleges
            .iter()
            .map(|c| CollegeWeight {
                name: c.name.clone(),
                weight: u32::try_from(c.weight).unwrap_or(0),
            })
            .collect();
        if spec.colleges.is_empty() {
            return Err(rule_broken(
                "no_colleges",
                "the group has no colleges yet; define them first",
            ));
        }
    }
    for college in &spec.colleges {
        if !group_colleges.iter().any(|c| c.name == college.name) {
            return Err(rule_broken(
                "unknown_college",
                format!("the group has no college named {}", college.name),
            ));
        }
    }
    spec.validate().map_err(tally_error)?;
    let spec_json = serde_json::to_string(&spec).map_err(anyhow::Error::from)?;
    let vote = storage::votes::insert_vote(
        &mut tx,
        data.urls.new_object("votes").as_str(),
        proposal_id,
        &spec_json,
        now,
        request.closes_at,
        true,
    )
    .await?;
    storage::votes::freeze_electorate(&mut tx, vote.id, &ctx.group, !spec.colleges.is_empty())
        .await?;
    if !storage::processes::set_proposal_state(
        &mut tx,
        proposal_id,
        from.as_str(),
        ProposalState::Vote.as_str(),
    )
    .await?
    {
        return Err(AppError::Conflict(
            "state_changed",
            "the proposal changed meanwhile; reload and try again".into(),
        ));
    }
    let vote = storage::votes::vote_by_id(&mut tx, vote.id)
        .await?
        .ok_or_else(|| AppError::not_found("the vote is gone"))?;
    let queued = super::vote_publication::announce_vote(&mut tx, data, &vote, "Create").await?;
    super::news::group_news(
        &mut tx,
        &ctx.group,
        News::VoteOpened,
        &vote.ap_id,
        &ctx.proposal.title,
    )
    .await?;
    commit(data, tx, queued).await?;
    data.vote_wakeup.notify_one();
    Ok(vote)
}

pub fn spec_of(vote: &VoteRow) -> AppResult<VoteSpec> {
    serde_json::from_str(&vote.spec)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored vote spec unreadable: {e}")))
}

pub fn outcome_of(vote: &VoteRow) -> AppResult<Option<Outcome>> {
    vote.outcome
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored outcome unreadable: {e}")))
}

/// Whether a vote takes ballots at `now`.
pub fn is_open(vote: &VoteRow, now: i64) -> bool {
    vote.closed_at.is_none() && now >= vote.opens_at && now < vote.closes_at
}

/// What a voter gets back: their ballot is stored (first, or replacing their earlier one).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BallotReceipt {
    pub vote_id: i64,
    /// The ballot's id: the voter can check it appears in the published roll.
    pub ballot_id: String,
    pub replaced_earlier_ballot: bool,
}

/// Casts a ballot: the same rule for the web, the API and the inbox. `ballot_ap_id` is the
/// remote ballot's own id; local ballots get one here.
pub async fn cast_ballot(
    data: &FedData,
    voter: &ActorRow,
    vote_id: i64,
    choice: Choice,
    origin: Origin<'_>,
    ballot_ap_id: Option<&str>,
) -> AppResult<Option<BallotReceipt>> {
    cast(data, voter, vote_id, origin, ballot_ap_id, |_| Ok(choice)).await
}

/// A local member's ballot as a form or the API gives it, read in the vote's method.
pub async fn cast_local_ballot(
    data: &FedData,
    voter: &ActorRow,
    vote_id: i64,
    input: BallotInput,
) -> AppResult<BallotReceipt> {
    let counted_elsewhere = {
        let mut tx = data.db.read().await?;
        storage::votes::vote_by_id(&mut tx, vote_id)
            .await?
            .is_some_and(|v| !v.local)
    };
    if counted_elsewhere {
        return super::remote_votes::send_ballot(data, voter, vote_id, input).await;
    }
    cast(data, voter, vote_id, Origin::Local, None, |spec| {
        spec.choice_from(input)
            .map_err(|why| rule_broken("invalid_ballot", why))
    })
    .await?
    .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a local ballot was a duplicate")))
}

async fn cast(
    data: &FedData,
    voter: &ActorRow,
    vote_id: i64,
    origin: Origin<'_>,
    ballot_ap_id: Option<&str>,
    choice_of: impl FnOnce(&VoteSpec) -> AppResult<Choice>,
) -> AppResult<Option<BallotReceipt>> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(None);
    };
    let vote = storage::votes::vote_by_id(&mut tx, vote_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such vote"))?;
    let spec = spec_of(&vote)?;
    let choice = choice_of(&spec)?;
    check_ballot(&mut tx, &vote, &spec, voter, &choice).await?;
    let ap_id = match ballot_ap_id {
        Some(id) => id.to_owned(),
        None => data.urls.new_object("ballots").to_string(),
    };
    let choice_json = serde_json::to_string(&choice).map_err(anyhow::Error::from)?;
    let first =
        storage::votes::upsert_ballot(&mut tx, vote.id, voter.id, &ap_id, &choice_json).await?;
    commit(data, tx, 0).await?;
    Ok(Some(BallotReceipt {
        vote_id: vote.id,
        ballot_id: ap_id,
        replaced_earlier_ballot: !first,
    }))
}

/// The rules of a vote, for a page that shapes its ballot form after them.
pub async fn vote_spec(data: &FedData, vote_id: i64) -> AppResult<VoteSpec> {
    let mut tx = data.db.read().await?;
    let vote = storage::votes::vote_by_id(&mut tx, vote_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such vote"))?;
    spec_of(&vote)
}

async fn check_ballot(
    tx: &mut Tx,
    vote: &VoteRow,
    spec: &VoteSpec,
    voter: &ActorRow,
    choice: &Choice,
) -> AppResult<()> {
    if !vote.local {
        return Err(rule_broken(
            "remote_vote",
            "this vote is counted on the group's own node",
        ));
    }
    if !is_open(vote, now_millis()) {
        return Err(rule_broken("vote_closed", "this vote is closed"));
    }
    if storage::votes::elector(tx, vote.id, voter.id)
        .await?
        .is_none()
    {
        return Err(AppError::Forbidden(
            "not_in_electorate",
            "only members of the group when the vote opened (in its colleges, if it has any) may vote"
                .into(),
        ));
    }
    spec.check_choice(&voter.ap_id, choice).map_err(tally_error)
}

/// The electorate and ballots of a vote in the shape the tally takes.
pub async fn tally_inputs(
    tx: &mut Tx,
    vote: &VoteRow,
) -> AppResult<(Vec<Elector>, Vec<Cast<Choice>>, Vec<BallotRow>)> {
    let electorate = storage::votes::electorate(tx, vote.id)
        .await?
        .into_iter()
        .map(|e| Elector {
            voter: e.ap_id,
            college: e.college,
        })
        .collect();
    let rows = storage::votes::ballots(tx, vote.id).await?;
    let mut casts = Vec::with_capacity(rows.len());
    for row in &rows {
        let choice: Choice = serde_json::from_str(&row.choice)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("stored ballot unreadable: {e}")))?;
        casts.push(Cast::new(row.voter_ap_id.clone(), choice));
    }
    Ok((electorate, casts, rows))
}

pub(crate) fn verdict_code(verdict: &Verdict) -> &'static str {
    match verdict {
        Verdict::Adopted => "adopted",
        Verdict::Rejected => "rejected",
        Verdict::Winner { .. } => "winner",
        Verdict::Tie { .. } => "tie",
        Verdict::NoQuorum => "no_quorum",
        Verdict::NoResult => "no_result",
    }
}

/// Closes a vote whose time is up: counts, stores the result, settles the proposal.
/// Returns `false` when it was already closed (by another process, or a retry).
pub async fn close_vote(data: &FedData, vote_id: i64) -> AppResult<bool> {
    let mut tx = data.db.begin().await?;
    let Some(vote) = storage::votes::vote_by_id(&mut tx, vote_id).await? else {
        return Ok(false);
    };
    if vote.closed_at.is_some() || !vote.local {
        return Ok(false);
    }
    let spec = spec_of(&vote)?;
    let (electorate, casts, rows) = tally_inputs(&mut tx, &vote).await?;
    let mut outcome = spec.tally(&electorate, &casts).map_err(tally_error)?;
    outcome.participation_mut().replaced = rows
        .iter()
        .map(|r| u32::try_from(r.replaced).unwrap_or(u32::MAX))
        .sum();
    let outcome_json = serde_json::to_string(&outcome).map_err(anyhow::Error::from)?;
    if !storage::votes::close_vote(
        &mut tx,
        vote.id,
        &outcome_json,
        verdict_code(outcome.verdict()),
    )
    .await?
    {
        return Ok(false);
    }
    let settled = if outcome.adopts_proposal() {
        ProposalState::Accepted
    } else {
        ProposalState::Rejected
    };
    storage::processes::set_proposal_state(
        &mut tx,
        vote.proposal_id,
        ProposalState::Vote.as_str(),
        settled.as_str(),
    )
    .await?;
    let closed = storage::votes::vote_by_id(&mut tx, vote.id)
        .await?
        .ok_or_else(|| AppError::not_found("the vote is gone"))?;
    let queued = super::vote_publication::announce_vote(&mut tx, data, &closed, "Update").await?
        + super::decision_record::publish(&mut tx, data, &closed).await?;
    let decided = load_proposal(&mut tx, closed.proposal_id).await?;
    super::news::group_news(
        &mut tx,
        &decided.group,
        News::Decision,
        &closed.ap_id,
        &decided.proposal.title,
    )
    .await?;
    commit(data, tx, queued).await?;
    tracing::info!(vote = %vote.ap_id, verdict = verdict_code(outcome.verdict()), "vote closed");
    Ok(true)
}

/// A moderator closes a vote before its time (the assembly ended, everyone present voted).
pub async fn close_now(data: &FedData, moderator: &ActorRow, vote_id: i64) -> AppResult<()> {
    {
        let mut tx = data.db.read().await?;
        let vote = storage::votes::vote_by_id(&mut tx, vote_id)
            .await?
            .ok_or_else(|| AppError::not_found("no such vote"))?;
        let ctx = load_proposal(&mut tx, vote.proposal_id).await?;
        require_moderator(&mut tx, &ctx.group, moderator).await?;
        if vote.closed_at.is_some() {
            return Err(AppError::Conflict(
                "already_closed",
                "this vote is already closed".into(),
            ));
        }
    }
    close_vote(data, vote_id).await?;
    Ok(())
}

/// Closes every local vote whose time is up; returns how many it closed.
pub async fn close_due_votes(data: &FedData) -> AppResult<usize> {
    let due = {
        let mut tx = data.db.read().await?;
        storage::votes::due_to_close(&mut tx, now_millis(), 100).await?
    };
    let mut closed = 0;
    for id in due {
        match close_vote(data, id).await {
            Ok(true) => closed += 1,
            Ok(false) => {}
            Err(err) => tracing::warn!(vote = id, error = %err, "could not close a vote"),
        }
    }
    Ok(closed)
}

/// A vote with its proposal, as the pages and the API show it.
pub struct VoteDetails {
    pub vote: VoteRow,
    pub spec: VoteSpec,
    pub outcome: Option<Outcome>,
    pub results_hidden: bool,
    pub public_choices: bool,
    pub proposal_id: i64,
    pub proposal_title: String,
    pub group: ActorRow,
    pub your_ballot: Option<BallotRow>,
    pub you_may_vote: bool,
    pub binding: bool,
}

pub async fn vote_details(
    data: &FedData,
    vote_id: i64,
    viewer: Option<&ActorRow>,
) -> AppResult<VoteDetails> {
    let mut tx = data.db.read().await?;
    let vote = storage::votes::vote_by_id(&mut tx, vote_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such vote"))?;
    let ctx = load_proposal(&mut tx, vote.proposal_id).await?;
    let (your_ballot, you_may_vote) = match viewer {
        Some(v) => (
            storage::votes::ballot_of(&mut tx, vote.id, v.id).await?,
            if vote.local {
                storage::votes::elector(&mut tx, vote.id, v.id)
                    .await?
                    .is_some()
            } else {
                // Counted on the group's node, which checks the electorate; here, members.
                super::membership::is_member(&mut tx, &ctx.group, v).await?
            },
        ),
        None => (None, false),
    };
    Ok(VoteDetails {
        spec: spec_of(&vote)?,
        outcome: outcome_of(&vote)?,
        results_hidden: ctx.process.results_hidden,
        public_choices: ctx.process.public_choices,
        proposal_id: ctx.proposal.id,
        proposal_title: ctx.proposal.title,
        binding: participation_of(&ctx.process).vote_is_binding(),
        group: ctx.group,
        your_ballot,
        you_may_vote,
        vote,
    })
}

/// The current count of a vote: the stored result once closed; while open, a live count
/// unless the process hides results until the close (then `None`).
pub async fn current_result(data: &FedData, details: &VoteDetails) -> AppResult<Option<Outcome>> {
    if let Some(outcome) = &details.outcome {
        return Ok(Some(outcome.clone()));
    }
    if details.results_hidden || !details.vote.local {
        // Hidden until the close, or counted on another node, which publishes the result.
        return Ok(None);
    }
    let mut tx = data.db.read().await?;
    let (electorate, casts, _) = tally_inputs(&mut tx, &details.vote).await?;
    Ok(Some(
        details
            .spec
            .tally(&electorate, &casts)
            .map_err(tally_error)?,
    ))
}

/// The ballots of a closed vote, for the published roll.
pub async fn roll(data: &FedData, vote: &VoteRow) -> AppResult<Vec<BallotRow>> {
    let mut tx = data.db.read().await?;
    Ok(storage::votes::ballots(&mut tx, vote.id).await?)
}

/// The latest vote on a proposal, if any.
pub async fn latest_vote_of(data: &FedData, proposal_id: i64) -> AppResult<Option<VoteRow>> {
    let mut tx = data.db.read().await?;
    Ok(storage::votes::votes_of_proposal(&mut tx, proposal_id)
        .await?
        .into_iter()
        .next())
}
