//! JSON shapes of processes, proposals, votes, results and decisions.
//!
//! Vote rules and results are the domain's own serde shapes (`domain::vote::spec`), passed
//! through as objects: the API shows exactly what is stored, published and recounted.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::views::time;
use crate::{
    service::{
        processes::{participation_of, phases_of, ProcessDetails, ProposalContext},
        supports::SupportState,
        votes::VoteDetails,
    },
    storage::{
        amendments::AmendmentRow,
        processes::{ProcessRow, ProposalListing},
        votes::{BallotRow, DecisionListing, VoteRow},
    },
};

fn handle(username: &str, domain: &str) -> String {
    format!("{username}@{domain}")
}

#[derive(Serialize, ToSchema)]
pub struct PhasesView {
    pub proposals_from: Option<DateTime<Utc>>,
    pub deliberation_from: Option<DateTime<Utc>>,
    pub vote_from: Option<DateTime<Utc>>,
    pub result_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct ProcessView {
    pub id: i64,
    /// ActivityPub id.
    pub url: String,
    /// The group's handle.
    pub group: String,
    pub title: String,
    /// Sanitized HTML.
    pub description: String,
    /// `information`, `consultation`, `concertation` or `co_decision`.
    pub participation: String,
    /// Whether votes decide (co-decision) or advise.
    pub binding: bool,
    /// How the decision is made, in plain words (sanitized HTML).
    pub decision_rule: String,
    pub support_threshold: Option<i64>,
    pub results_hidden: bool,
    pub public_choices: bool,
    pub phases: PhasesView,
    /// The phase the process is in now, by its dates.
    pub phase: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub proposals: Option<Vec<ProposalSummary>>,
}

impl ProcessView {
    pub fn new(process: &ProcessRow, group: &str) -> ProcessView {
        let phases = phases_of(process);
        let level = participation_of(process);
        ProcessView {
            id: process.id,
            url: process.ap_id.clone(),
            group: group.to_owned(),
            title: process.title.clone(),
            description: process.description.clone(),
            participation: level.as_str().into(),
            binding: level.vote_is_binding(),
            decision_rule: process.decision_rule.clone(),
            support_threshold: process.support_threshold,
            results_hidden: process.results_hidden,
            public_choices: process.public_choices,
            phases: PhasesView {
                proposals_from: phases.proposals_from.and_then(time),
                deliberation_from: phases.deliberation_from.and_then(time),
                vote_from: phases.vote_from.and_then(time),
                result_at: phases.result_at.and_then(time),
            },
            phase: None,
            created_at: time(process.created_at),
            proposals: None,
        }
    }

    pub fn detailed(details: &ProcessDetails) -> ProcessView {
        let mut view = ProcessView::new(&details.process, &details.group.acct());
        view.phase = Some(details.phase.as_str().into());
        view.proposals = Some(details.proposals.iter().map(ProposalSummary::new).collect());
        view
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProposalSummary {
    pub id: i64,
    pub url: String,
    pub title: String,
    pub state: String,
    pub author: String,
    pub supports: i64,
    pub created_at: Option<DateTime<Utc>>,
}

impl ProposalSummary {
    pub fn new(p: &ProposalListing) -> ProposalSummary {
        ProposalSummary {
            id: p.id,
            url: p.ap_id.clone(),
            title: p.title.clone(),
            state: p.state.clone(),
            author: handle(&p.author_username, &p.author_domain),
            supports: p.supports,
            created_at: time(p.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AmendmentView {
    pub id: i64,
    /// The amendment's id on the wire: the same on the node of its author and on the node
    /// that decides the proposal (none for amendments made before they travelled).
    pub url: Option<String>,
    pub proposal_id: i64,
    pub author: String,
    /// The proposed text (sanitized HTML).
    pub content: String,
    pub reason: Option<String>,
    /// `pending`, `accepted` or `declined`.
    pub state: String,
    pub created_at: Option<DateTime<Utc>>,
}

impl AmendmentView {
    pub fn new(a: &AmendmentRow) -> AmendmentView {
        AmendmentView {
            id: a.id,
            url: a.ap_id.clone(),
            proposal_id: a.proposal_id,
            author: handle(&a.author_username, &a.author_domain),
            content: a.content.clone(),
            reason: a.reason.clone(),
            state: a.state.clone(),
            created_at: time(a.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct VoteSummary {
    pub id: i64,
    pub url: String,
    pub method: String,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    pub closed: bool,
    /// `adopted`, `rejected`, `winner`, `tie`, `no_quorum` or `no_result`, once closed.
    pub verdict: Option<String>,
    pub electorate: i64,
    pub ballots: i64,
}

impl VoteSummary {
    pub fn new(vote: &VoteRow) -> VoteSummary {
        let method = serde_json::from_str::<Value>(&vote.spec)
            .ok()
            .and_then(|spec| spec["method"].as_str().map(str::to_owned))
            .unwrap_or_default();
        VoteSummary {
            id: vote.id,
            url: vote.ap_id.clone(),
            method,
            opens_at: time(vote.opens_at),
            closes_at: time(vote.closes_at),
            closed: vote.closed_at.is_some(),
            verdict: vote.verdict.clone(),
            electorate: vote.electorate_size,
            ballots: vote.ballots_count,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProposalView {
    pub id: i64,
    pub url: String,
    pub process_id: i64,
    pub group: String,
    pub title: String,
    /// Sanitized HTML.
    pub content: String,
    pub state: String,
    pub author: String,
    /// How an accepted proposal was carried out (sanitized HTML).
    pub follow_up: Option<String>,
    pub support: SupportState,
    pub amendments: Vec<AmendmentView>,
    pub votes: Vec<VoteSummary>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    /// Whether the proposal was written here (its id is ours, its author edits it here).
    pub local: bool,
    /// Whether this node decides it (its group lives here). A proposal decided on its group's
    /// node takes comments, supports, amendments and ballots from here: they are sent there
    /// and counted there, and its state and supports are what that node published.
    pub decided_here: bool,
    /// The post that opens the proposal's discussion (the proposal itself): its comments are
    /// its replies (`GET /api/v1/posts/{id}`, `POST /api/v1/posts/{id}/replies`). None for a draft.
    pub discussion_post_id: Option<i64>,
    /// A network proposal an antenna escalated: the antenna's proposal it comes from.
    pub escalated_from: Option<super::escalation::EscalatedFromView>,
    /// The network proposals this proposal went up to, with the networks' decisions.
    pub escalated_to: Vec<super::escalation::EscalatedToView>,
}

impl ProposalView {
    pub fn new(
        found: &ProposalContext,
        support: SupportState,
        amendments: &[AmendmentRow],
        votes: &[VoteRow],
        discussion_post_id: Option<i64>,
    ) -> ProposalView {
        let ProposalContext {
            proposal,
            process,
            group,
            author,
        } = found;
        ProposalView {
            id: proposal.id,
            url: proposal.ap_id.clone(),
            process_id: proposal.process_id,
            group: group.acct(),
            title: proposal.title.clone(),
            content: proposal.content.clone(),
            state: proposal.state.clone(),
            author: author.acct(),
            follow_up: proposal.follow_up.clone(),
            support,
            amendments: amendments.iter().map(AmendmentView::new).collect(),
            votes: votes.iter().map(VoteSummary::new).collect(),
            created_at: time(proposal.created_at),
            updated_at: proposal.updated_at.and_then(time),
            local: proposal.local,
            decided_here: process.local,
            discussion_post_id,
            escalated_from: None,
            escalated_to: vec![],
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct VoteView {
    #[serde(flatten)]
    pub summary: VoteSummary,
    pub proposal_id: i64,
    pub proposal_title: String,
    pub group: String,
    /// The rules: method, options, quorum, colleges (the shape `maillon verify-decision` reads).
    #[schema(value_type = Object)]
    pub rules: Value,
    /// Whether the result decides (co-decision) or advises.
    pub binding: bool,
    pub results_hidden: bool,
    /// Whether the logged-in member is in the frozen electorate.
    pub you_may_vote: bool,
    /// The logged-in member's current ballot, if any.
    #[schema(value_type = Option<Object>)]
    pub your_ballot: Option<Value>,
    /// The id of that ballot, and its receipt in the decision published at the close
    /// (`maillon verify-decision URL --receipt HEX`): for the logged-in voter only.
    pub your_ballot_id: Option<String>,
    pub your_receipt: Option<String>,
}

impl VoteView {
    pub fn new(details: &VoteDetails) -> VoteView {
        VoteView {
            summary: VoteSummary::new(&details.vote),
            proposal_id: details.proposal_id,
            proposal_title: details.proposal_title.clone(),
            group: details.group.acct(),
            rules: serde_json::to_value(&details.spec).unwrap_or(Value::Null),
            binding: details.binding,
            results_hidden: details.results_hidden,
            you_may_vote: details.you_may_vote,
            your_ballot: details
                .your_ballot
                .as_ref()
                .and_then(|b| serde_json::from_str(&b.choice).ok()),
            your_ballot_id: details.your_ballot.as_ref().map(|b| b.ap_id.clone()),
            your_receipt: details.your_ballot.as_ref().map(|b| {
                crate::domain::vote::record::receipt(&details.vote.ap_id, &b.voter_ap_id, &b.ap_id)
            }),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RollEntry {
    /// The voter's actor id.
    pub voter: String,
    pub handle: String,
    /// The ballot's id, when the process publishes choices. With secret choices it is left
    /// out: it makes the ballot's receipt in the published decision, so only the voter (who
    /// got it when voting) may hold it.
    pub ballot: Option<String>,
    /// The choice, when the process publishes choices.
    #[schema(value_type = Option<Object>)]
    pub choice: Option<Value>,
}

impl RollEntry {
    pub fn new(row: &BallotRow, public_choices: bool) -> RollEntry {
        RollEntry {
            voter: row.voter_ap_id.clone(),
            handle: handle(&row.voter_username, &row.voter_domain),
            ballot: public_choices.then(|| row.ap_id.clone()),
            choice: public_choices
                .then(|| serde_json::from_str(&row.choice).ok())
                .flatten(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ResultView {
    pub vote_id: i64,
    /// `true` once the vote is closed: the result is final.
    pub closed: bool,
    /// `adopted`, `rejected`, `winner`, `tie`, `no_quorum` or `no_result`.
    pub verdict: String,
    /// The winning option, or the tied ones.
    #[schema(value_type = Object)]
    pub verdict_details: Value,
    /// The rule's explanation of the verdict.
    pub reason: String,
    pub electorate: u32,
    pub ballots: u32,
    pub abstentions: u32,
    /// Share of the electorate that voted.
    pub turnout: f64,
    /// The full count, per option and per college, in the method's shape.
    #[schema(value_type = Object)]
    pub outcome: Value,
    /// Who voted, once closed.
    pub roll: Option<Vec<RollEntry>>,
    /// Once closed: the published decision (ActivityPub `Note`) to recount with
    /// `maillon verify-decision`.
    pub decision: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DecisionView {
    pub vote_id: i64,
    pub vote_url: String,
    pub proposal_id: i64,
    pub proposal_title: String,
    pub proposal_state: String,
    pub process_id: i64,
    pub process_title: String,
    pub participation: String,
    pub method: String,
    pub verdict: String,
    pub electorate: i64,
    pub ballots: i64,
    pub turnout: f64,
    pub closed_at: Option<DateTime<Utc>>,
    /// Per-college participation (college name, electorate, ballots), for college votes.
    pub colleges: Vec<CollegeTurnout>,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct CollegeTurnout {
    pub college: String,
    pub electorate: u32,
    pub ballots: u32,
    /// Share of the college's electorate that voted.
    pub turnout: f64,
}

pub fn turnout(ballots: i64, electorate: i64) -> f64 {
    if electorate > 0 {
        ballots as f64 / electorate as f64
    } else {
        0.0
    }
}

impl DecisionView {
    pub fn new(d: &DecisionListing) -> DecisionView {
        let spec: Value = serde_json::from_str(&d.spec).unwrap_or(Value::Null);
        let outcome: Value = serde_json::from_str(&d.outcome).unwrap_or(Value::Null);
        let colleges = outcome["colleges"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|c| {
                        let electorate =
                            c["participation"]["electorate"].as_u64().unwrap_or(0) as u32;
                        let ballots = c["participation"]["ballots"].as_u64().unwrap_or(0) as u32;
                        CollegeTurnout {
                            college: c["name"].as_str().unwrap_or_default().to_owned(),
                            electorate,
                            ballots,
                            turnout: turnout(i64::from(ballots), i64::from(electorate)),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        DecisionView {
            vote_id: d.vote_id,
            vote_url: d.vote_ap_id.clone(),
            proposal_id: d.proposal_id,
            proposal_title: d.proposal_title.clone(),
            proposal_state: d.proposal_state.clone(),
            process_id: d.process_id,
            process_title: d.process_title.clone(),
            participation: d.participation.clone(),
            method: spec["method"].as_str().unwrap_or_default().to_owned(),
            verdict: d.verdict.clone(),
            electorate: d.electorate_size,
            ballots: d.ballots_count,
            turnout: turnout(d.ballots_count, d.electorate_size),
            closed_at: time(d.closed_at),
            colleges,
        }
    }
}

/// The archive: the decisions, newest first, and participation over time.
#[derive(Serialize, ToSchema)]
pub struct DecisionArchive {
    pub decisions: Vec<DecisionView>,
    pub participation: ParticipationSummary,
}

/// How decisions are grouped in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Quarter,
    Month,
}

impl Period {
    /// `quarter` (the default) or `month`; `None` for anything else.
    pub fn parse(text: Option<&str>) -> Option<Period> {
        match text.map(str::trim).unwrap_or_default() {
            "" | "quarter" => Some(Period::Quarter),
            "month" => Some(Period::Month),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Quarter => "quarter",
            Period::Month => "month",
        }
    }

    /// `2026-Q4` or `2026-11`: sorts in time order.
    pub fn label(self, at: DateTime<Utc>) -> String {
        use chrono::Datelike;
        match self {
            Period::Quarter => format!("{}-Q{}", at.year(), (at.month() - 1) / 3 + 1),
            Period::Month => format!("{}-{:02}", at.year(), at.month()),
        }
    }
}

/// Participation over time: one line per period with decisions, oldest first.
#[derive(Serialize, ToSchema)]
pub struct ParticipationSummary {
    /// `quarter` or `month`.
    pub period: String,
    pub periods: Vec<PeriodParticipation>,
}

#[derive(Serialize, ToSchema)]
pub struct PeriodParticipation {
    /// `2026-Q4` or `2026-11`.
    pub period: String,
    /// Decisions closed in the period.
    pub decisions: u32,
    /// Mean turnout (ballots / electorate) of those decisions.
    pub average_turnout: f64,
    /// Per college, over the college votes of the period.
    pub colleges: Vec<CollegeParticipation>,
}

#[derive(Serialize, ToSchema)]
pub struct CollegeParticipation {
    pub college: String,
    /// Decisions of the period in which the college voted.
    pub decisions: u32,
    /// Mean of the college's turnout in those decisions.
    pub average_turnout: f64,
}

/// Mean of the turnouts whose electorate is not empty (0 when there are none).
fn mean(turnouts: &[(f64, bool)]) -> f64 {
    let counted: Vec<f64> = turnouts
        .iter()
        .filter(|(_, n)| *n)
        .map(|(t, _)| *t)
        .collect();
    if counted.is_empty() {
        0.0
    } else {
        counted.iter().sum::<f64>() / counted.len() as f64
    }
}

/// Groups decisions by the period they closed in.
pub fn participation(views: &[DecisionView], period: Period) -> ParticipationSummary {
    use std::collections::BTreeMap;
    type CollegeTurnouts = BTreeMap<String, Vec<(f64, bool)>>;
    let mut periods: BTreeMap<String, (Vec<(f64, bool)>, CollegeTurnouts)> = BTreeMap::new();
    for view in views {
        let Some(closed) = view.closed_at else {
            continue;
        };
        let (turnouts, colleges) = periods.entry(period.label(closed)).or_default();
        turnouts.push((view.turnout, view.electorate > 0));
        for college in &view.colleges {
            colleges
                .entry(college.college.clone())
                .or_default()
                .push((college.turnout, college.electorate > 0));
        }
    }
    ParticipationSummary {
        period: period.as_str().into(),
        periods: periods
            .into_iter()
            .map(|(label, (turnouts, colleges))| PeriodParticipation {
                period: label,
                decisions: turnouts.len() as u32,
                average_turnout: mean(&turnouts),
                colleges: colleges
                    .into_iter()
                    .map(|(college, turnouts)| CollegeParticipation {
                        college,
                        decisions: turnouts.len() as u32,
                        average_turnout: mean(&turnouts),
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(
        closed: &str,
        ballots: i64,
        electorate: i64,
        colleges: &[(&str, u32, u32)],
    ) -> DecisionView {
        DecisionView {
            vote_id: 1,
            vote_url: String::new(),
            proposal_id: 1,
            proposal_title: String::new(),
            proposal_state: String::new(),
            process_id: 1,
            process_title: String::new(),
            participation: String::new(),
            method: "majority".into(),
            verdict: "adopted".into(),
            electorate,
            ballots,
            turnout: turnout(ballots, electorate),
            closed_at: Some(closed.parse().unwrap()),
            colleges: colleges
                .iter()
                .map(|(name, ballots, electorate)| CollegeTurnout {
                    college: (*name).into(),
                    electorate: *electorate,
                    ballots: *ballots,
                    turnout: turnout(i64::from(*ballots), i64::from(*electorate)),
                })
                .collect(),
        }
    }

    #[test]
    fn decisions_are_summed_up_per_quarter_and_per_month() {
        let views = vec![
            decision(
                "2026-11-20T10:00:00Z",
                3,
                4,
                &[("salariés", 2, 2), ("usagers", 1, 2)],
            ),
            decision("2026-10-02T10:00:00Z", 1, 4, &[]),
            decision("2026-03-31T23:00:00Z", 0, 0, &[]),
        ];
        let quarters = participation(&views, Period::Quarter);
        assert_eq!(quarters.period, "quarter");
        let labels: Vec<&str> = quarters.periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(labels, ["2026-Q1", "2026-Q4"]);
        let q4 = &quarters.periods[1];
        assert_eq!(q4.decisions, 2);
        assert!((q4.average_turnout - 0.5).abs() < 1e-9, "(3/4 + 1/4) / 2");
        assert_eq!(q4.colleges.len(), 2);
        assert_eq!(q4.colleges[0].college, "salariés");
        assert_eq!(q4.colleges[0].decisions, 1);
        assert!((q4.colleges[1].average_turnout - 0.5).abs() < 1e-9);
        let q1 = &quarters.periods[0];
        assert_eq!(q1.decisions, 1);
        assert_eq!(
            q1.average_turnout, 0.0,
            "an empty electorate is not averaged"
        );

        let months = participation(&views, Period::Month);
        let labels: Vec<&str> = months.periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(labels, ["2026-03", "2026-10", "2026-11"]);
        assert_eq!(Period::parse(Some("month")), Some(Period::Month));
        assert_eq!(Period::parse(None), Some(Period::Quarter));
        assert_eq!(Period::parse(Some("week")), None);
    }
}
