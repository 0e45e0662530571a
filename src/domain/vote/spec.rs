//! The rules of one vote as data, and the one entry point that counts it.
//!
//! A [`VoteSpec`] is what a moderator chooses when a vote opens (method, options, quorum,
//! colleges). It is stored with the vote, published in the vote's `Question` for other nodes,
//! and read back by `maillon verify-decision` to recompute a result. A [`Choice`] is one
//! member's ballot in the shape of the method; [`VoteSpec::check_choice`] is the single rule
//! every path (web, API, inbox) applies before a ballot is stored, so that the tally never
//! meets a ballot it cannot count. [`VoteSpec::tally`] dispatches to the method's count.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{
    approval, colleges, consent, majority, majority_judgment, ranked, Cast, OptionId,
    Participation, Quorum, TallyError, Verdict, VoterId,
};

/// How the ballots are counted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Method {
    /// For / against / abstain on the proposal itself.
    Majority {
        #[serde(default = "simple_majority")]
        threshold: majority::Threshold,
        #[serde(default)]
        abstentions: majority::Abstentions,
    },
    /// Members approve any number of options; the most approved wins.
    Approval,
    /// The proposal passes unless a reasoned objection stands.
    Consent,
    /// Members grade every option; the best median grade wins.
    MajorityJudgment {
        #[serde(default)]
        grades: majority_judgment::GradeScale,
    },
    /// Members rank the options; Schulze's method finds the winner.
    Ranked,
}

fn simple_majority() -> majority::Threshold {
    majority::Threshold::SIMPLE_MAJORITY
}

impl Method {
    pub fn name(&self) -> &'static str {
        match self {
            Method::Majority { .. } => "majority",
            Method::Approval => "approval",
            Method::Consent => "consent",
            Method::MajorityJudgment { .. } => "majority_judgment",
            Method::Ranked => "ranked",
        }
    }

    /// Whether members choose among options (as opposed to answering the proposal itself).
    pub fn has_options(&self) -> bool {
        matches!(
            self,
            Method::Approval | Method::MajorityJudgment { .. } | Method::Ranked
        )
    }
}

/// One option of a vote with options: a stable id and the words members read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteOption {
    pub id: OptionId,
    pub label: String,
}

/// A college's weight in a weighted (SCIC) vote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollegeWeight {
    pub name: String,
    pub weight: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteSpec {
    #[serde(flatten)]
    pub method: Method,
    /// For approval, majority judgment and ranked votes; empty otherwise.
    #[serde(default)]
    pub options: Vec<VoteOption>,
    #[serde(default)]
    pub quorum: Quorum,
    /// Majority votes only: the colleges that vote, with their weights. Empty: one body.
    #[serde(default)]
    pub colleges: Vec<CollegeWeight>,
    /// Double majority: in how many colleges the proposal must also be adopted.
    #[serde(default)]
    pub colleges_required: Option<u32>,
}

/// The limits that keep a vote readable (and a hostile spec small).
pub const MAX_OPTIONS: usize = 50;
pub const MAX_COLLEGES: usize = 12;
const MAX_LABEL_CHARS: usize = 200;
const MAX_REASON_CHARS: usize = 5000;

/// One member's ballot, in the shape of the vote's method.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Choice {
    Majority { vote: majority::Ballot },
    Approval { approved: BTreeSet<OptionId> },
    Consent { consent: consent::Ballot },
    MajorityJudgment { grades: BTreeMap<OptionId, usize> },
    Ranked { ranking: Vec<Vec<OptionId>> },
}

/// A ballot as a form or a JSON body gives it, before it is read in the vote's method:
/// `choice` for majority (`for`, `against`, `abstain`) and consent (`consent`,
/// `stand_aside`, `objection` with `reason`); `approved` for approval; `grades` (option id
/// to grade index, 0 the best) for majority judgment; `ranking` (groups of option ids,
/// best first) for ranked votes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotInput {
    #[serde(default)]
    pub choice: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub approved: Vec<OptionId>,
    #[serde(default)]
    pub grades: BTreeMap<OptionId, usize>,
    #[serde(default)]
    pub ranking: Vec<Vec<OptionId>>,
}

/// A member of the electorate frozen when the vote opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Elector {
    pub voter: VoterId,
    /// Their college, when the vote uses colleges.
    pub college: Option<String>,
}

/// The result of any method, tagged by method so it can be stored and published as is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Outcome {
    Majority(majority::Outcome),
    Colleges(colleges::Outcome),
    Approval(approval::Outcome),
    Consent(consent::Outcome),
    MajorityJudgment(majority_judgment::Outcome),
    Ranked(ranked::Outcome),
}

impl Outcome {
    pub fn verdict(&self) -> &Verdict {
        match self {
            Outcome::Majority(o) => &o.verdict,
            Outcome::Colleges(o) => &o.verdict,
            Outcome::Approval(o) => &o.verdict,
            Outcome::Consent(o) => &o.verdict,
            Outcome::MajorityJudgment(o) => &o.verdict,
            Outcome::Ranked(o) => &o.verdict,
        }
    }

    pub fn participation(&self) -> &Participation {
        match self {
            Outcome::Majority(o) => &o.participation,
            Outcome::Colleges(o) => &o.participation,
            Outcome::Approval(o) => &o.participation,
            Outcome::Consent(o) => &o.participation,
            Outcome::MajorityJudgment(o) => &o.participation,
            Outcome::Ranked(o) => &o.participation,
        }
    }

    pub fn participation_mut(&mut self) -> &mut Participation {
        match self {
            Outcome::Majority(o) => &mut o.participation,
            Outcome::Colleges(o) => &mut o.participation,
            Outcome::Approval(o) => &mut o.participation,
            Outcome::Consent(o) => &mut o.participation,
            Outcome::MajorityJudgment(o) => &mut o.participation,
            Outcome::Ranked(o) => &mut o.participation,
        }
    }

    /// The rule's explanation of its verdict, in plain words.
    pub fn reason(&self) -> &str {
        match self {
            Outcome::Majority(o) => &o.reason,
            Outcome::Colleges(o) => &o.reason,
            Outcome::Approval(o) => &o.reason,
            Outcome::Consent(o) => &o.reason,
            Outcome::MajorityJudgment(o) => &o.reason,
            Outcome::Ranked(o) => &o.reason,
        }
    }

    /// Whether the proposal voted on is adopted: a yes/no verdict, or a winning option.
    pub fn adopts_proposal(&self) -> bool {
        matches!(self.verdict(), Verdict::Adopted | Verdict::Winner { .. })
    }
}

fn invalid(reason: impl Into<String>) -> TallyError {
    TallyError::InvalidRules(reason.into())
}

impl VoteSpec {
    /// Checks the rules before a vote opens: options where the method needs them, distinct
    /// ids and labels, colleges only for majority votes, a sensible double majority.
    pub fn validate(&self) -> Result<(), TallyError> {
        if self.method.has_options() {
            if self.options.len() < 2 {
                return Err(invalid("this method needs at least two options"));
            }
        } else if !self.options.is_empty() {
            return Err(invalid(
                "majority and consent votes answer the proposal itself and take no options",
            ));
        }
        if self.options.len() > MAX_OPTIONS {
            return Err(invalid(format!("at most {MAX_OPTIONS} options")));
        }
        let mut ids = BTreeSet::new();
        for option in &self.options {
            let label = option.label.trim();
            if option.id.trim().is_empty() || label.is_empty() {
                return Err(invalid("every option needs an id and a label"));
            }
            if label.chars().count() > MAX_LABEL_CHARS || option.id.len() > MAX_LABEL_CHARS {
                return Err(invalid(format!(
                    "an option label has at most {MAX_LABEL_CHARS} characters"
                )));
            }
            if !ids.insert(option.id.as_str()) {
                return Err(invalid(format!("the option id {} is repeated", option.id)));
            }
        }
        let labels: BTreeSet<&str> = self.options.iter().map(|o| o.label.trim()).collect();
        if labels.len() != self.options.len() {
            return Err(invalid("two options have the same label"));
        }
        if let Method::MajorityJudgment { grades } = &self.method {
            if grades.grades.len() < 2 || grades.grades.len() > 10 {
                return Err(invalid("majority judgment needs 2 to 10 grades"));
            }
        }
        if let Method::Majority { threshold, .. } = &self.method {
            let share = threshold.share;
            if share.denominator == 0 || share.numerator > share.denominator {
                return Err(invalid("the threshold is a fraction between 0 and 1"));
            }
        }
        self.validate_colleges()
    }

    fn validate_colleges(&self) -> Result<(), TallyError> {
        if self.colleges.is_empty() {
            return match self.colleges_required {
                Some(_) => Err(invalid("a double majority needs colleges")),
                None => Ok(()),
            };
        }
        if !matches!(self.method, Method::Majority { .. }) {
            return Err(invalid("colleges apply to majority votes"));
        }
        if self.colleges.len() > MAX_COLLEGES {
            return Err(invalid(format!("at most {MAX_COLLEGES} colleges")));
        }
        let names: BTreeSet<&str> = self.colleges.iter().map(|c| c.name.as_str()).collect();
        if names.len() != self.colleges.len() {
            return Err(invalid("a college is named twice"));
        }
        if self.colleges.iter().all(|c| c.weight == 0) {
            return Err(invalid("at least one college needs a weight above zero"));
        }
        if let Some(required) = self.colleges_required {
            if required == 0 || required as usize > self.colleges.len() {
                return Err(invalid(
                    "a double majority requires between 1 and the number of colleges",
                ));
            }
        }
        Ok(())
    }

    pub fn option_label(&self, id: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.label.as_str())
    }

    fn known(&self, voter: &str, id: &str) -> Result<(), TallyError> {
        if self.options.iter().any(|o| o.id == id) {
            Ok(())
        } else {
            Err(TallyError::UnknownOption {
                voter: voter.to_owned(),
                option: id.to_owned(),
            })
        }
    }

    /// The rule every ballot passes before it is stored: the shape of the method, known
    /// options, grades within the scale, no option ranked twice, a reason for an objection.
    pub fn check_choice(&self, voter: &str, choice: &Choice) -> Result<(), TallyError> {
        let wrong = |reason: &str| TallyError::InvalidBallot {
            voter: voter.to_owned(),
            reason: reason.to_owned(),
        };
        match (&self.method, choice) {
            (Method::Majority { .. }, Choice::Majority { .. }) => Ok(()),
            (Method::Approval, Choice::Approval { approved }) => {
                approved.iter().try_for_each(|id| self.known(voter, id))
            }
            (Method::Consent, Choice::Consent { consent }) => {
                consent.validate().map_err(wrong)?;
                match consent {
                    consent::Ballot::Objection { reason }
                        if reason.chars().count() > MAX_REASON_CHARS =>
                    {
                        Err(wrong("the reason of an objection is too long"))
                    }
                    _ => Ok(()),
                }
            }
            (Method::MajorityJudgment { grades: scale }, Choice::MajorityJudgment { grades }) => {
                for (option, grade) in grades {
                    self.known(voter, option)?;
                    if *grade >= scale.grades.len() {
                        return Err(wrong("a grade is outside the scale"));
                    }
                }
                Ok(())
            }
            (Method::Ranked, Choice::Ranked { ranking }) => {
                let mut seen = BTreeSet::new();
                for option in ranking.iter().flatten() {
                    self.known(voter, option)?;
                    if !seen.insert(option) {
                        return Err(wrong("an option is ranked twice"));
                    }
                }
                Ok(())
            }
            _ => Err(wrong("this ballot is not of the vote's method")),
        }
    }

    /// Reads a ballot input in this vote's method; the error says what is missing. The
    /// result still goes through [`VoteSpec::check_choice`].
    pub fn choice_from(&self, input: BallotInput) -> Result<Choice, String> {
        let word = input.choice.as_deref().map(str::trim).unwrap_or_default();
        match &self.method {
            Method::Majority { .. } => {
                let vote = match word {
                    "for" => majority::Ballot::For,
                    "against" => majority::Ballot::Against,
                    "abstain" => majority::Ballot::Abstain,
                    _ => return Err("choose for, against or abstain".into()),
                };
                Ok(Choice::Majority { vote })
            }
            Method::Consent => {
                let consent = match word {
                    "consent" => consent::Ballot::Consent,
                    "stand_aside" => consent::Ballot::StandAside,
                    "objection" => consent::Ballot::Objection {
                        reason: input.reason.unwrap_or_default().trim().to_owned(),
                    },
                    _ => return Err("choose consent, stand_aside or objection".into()),
                };
                Ok(Choice::Consent { consent })
            }
            Method::Approval => Ok(Choice::Approval {
                approved: input.approved.into_iter().collect(),
            }),
            Method::MajorityJudgment { .. } => Ok(Choice::MajorityJudgment {
                grades: input.grades,
            }),
            Method::Ranked => Ok(Choice::Ranked {
                ranking: input
                    .ranking
                    .into_iter()
                    .filter(|group| !group.is_empty())
                    .collect(),
            }),
        }
    }

    fn option_ids(&self) -> Vec<OptionId> {
        self.options.iter().map(|o| o.id.clone()).collect()
    }

    /// Counts the ballots of the frozen electorate. `casts` are in the order they were
    /// cast; ballots of voters outside the electorate are not counted (the service already
    /// refuses them; a recount from published data must not trust that).
    pub fn tally(
        &self,
        electorate: &[Elector],
        casts: &[Cast<Choice>],
    ) -> Result<Outcome, TallyError> {
        self.validate()?;
        let entitled: BTreeMap<&str, Option<&str>> = electorate
            .iter()
            .map(|e| (e.voter.as_str(), e.college.as_deref()))
            .collect();
        let casts: Vec<&Cast<Choice>> = casts
            .iter()
            .filter(|c| entitled.contains_key(c.voter.as_str()))
            .collect();
        for cast in &casts {
            self.check_choice(&cast.voter, &cast.ballot)?;
        }
        let size = super::to_u32(entitled.len());
        macro_rules! casts_of {
            ($variant:ident { $field:ident }) => {
                casts
                    .iter()
                    .filter_map(|c| match &c.ballot {
                        Choice::$variant { $field } => {
                            Some(Cast::new(c.voter.clone(), $field.clone()))
                        }
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            };
        }
        Ok(match &self.method {
            Method::Majority {
                threshold,
                abstentions,
            } => {
                let rules = majority::Rules {
                    threshold: *threshold,
                    abstentions: *abstentions,
                    quorum: self.quorum,
                };
                let ballots = casts_of!(Majority { vote });
                if self.colleges.is_empty() {
                    Outcome::Majority(majority::tally(&ballots, size, &rules))
                } else {
                    let colleges = self.split_by_college(electorate, ballots);
                    Outcome::Colleges(colleges::tally(
                        &colleges,
                        &colleges::Rules {
                            majority: rules,
                            colleges_required: self.colleges_required,
                        },
                    )?)
                }
            }
            Method::Approval => Outcome::Approval(approval::tally(
                &self.option_ids(),
                &casts_of!(Approval { approved })
                    .into_iter()
                    .map(|c| Cast::new(c.voter, approval::Ballot { approved: c.ballot }))
                    .collect::<Vec<_>>(),
                size,
                self.quorum,
            )?),
            Method::Consent => Outcome::Consent(consent::tally(
                &casts_of!(Consent { consent }),
                size,
                self.quorum,
            )?),
            Method::MajorityJudgment { grades } => {
                Outcome::MajorityJudgment(majority_judgment::tally(
                    &self.option_ids(),
                    grades,
                    &casts_of!(MajorityJudgment { grades })
                        .into_iter()
                        .map(|c| Cast::new(c.voter, majority_judgment::Ballot { grades: c.ballot }))
                        .collect::<Vec<_>>(),
                    size,
                    self.quorum,
                )?)
            }
            Method::Ranked => Outcome::Ranked(ranked::tally(
                &self.option_ids(),
                &casts_of!(Ranked { ranking })
                    .into_iter()
                    .map(|c| Cast::new(c.voter, ranked::Ballot { ranking: c.ballot }))
                    .collect::<Vec<_>>(),
                size,
                self.quorum,
            )?),
        })
    }

    /// The ballots of each college, with each college's electorate. Electors in no college
    /// of the spec are not part of a college vote.
    fn split_by_college(
        &self,
        electorate: &[Elector],
        ballots: Vec<Cast<majority::Ballot>>,
    ) -> Vec<colleges::CollegeBallots> {
        let college_of: BTreeMap<&str, &str> = electorate
            .iter()
            .filter_map(|e| Some((e.voter.as_str(), e.college.as_deref()?)))
            .collect();
        self.colleges
            .iter()
            .map(|college| colleges::CollegeBallots {
                college: colleges::College {
                    name: college.name.clone(),
                    weight: college.weight,
                    electorate: super::to_u32(
                        college_of
                            .values()
                            .filter(|name| **name == college.name)
                            .count(),
                    ),
                },
                casts: ballots
                    .iter()
                    .filter(|c| college_of.get(c.voter.as_str()) == Some(&college.name.as_str()))
                    .cloned()
                    .collect(),
            })
            .collect()
    }
}

#[cfg(test)]
#[path = "spec_tests.rs"]
mod tests;
