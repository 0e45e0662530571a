//! The record a closed vote publishes, and its recount: what anyone needs to recompute the
//! result with the same rules and the same code, and to check that their own ballot is in it.
//!
//! The record lists the frozen electorate (each member with their college), the roll (who
//! voted, and when), and every counted ballot with its college and choice, sorted by a
//! receipt: `sha256(vote id + "\n" + voter id + "\n" + ballot id)` in hex. The voter knows
//! the three ids, so they find their own ballot; the order says nothing about who cast which.
//! A ballot names its voter only when the process publishes choices, or for a consent
//! objection (the result already names objectors).
//!
//! [`DecisionRecord::recount`] checks that the parts agree (no voter twice, every voter in
//! the electorate, as many ballots as voters, the same colleges) and counts the ballots with
//! [`VoteSpec::tally`], then compares the whole result with the published one.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{
    consent,
    spec::{Choice, Elector, Method, Outcome, VoteSpec},
    Cast, Verdict,
};

/// The receipt of a ballot: hex SHA-256 of the vote's id, the voter's id and the ballot's
/// id, joined by newlines.
pub fn receipt(vote: &str, voter: &str, ballot: &str) -> String {
    Sha256::digest(format!("{vote}\n{voter}\n{ballot}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A member of the frozen electorate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedElector {
    /// The member's actor id.
    pub actor: String,
    #[serde(default)]
    pub college: Option<String>,
}

/// One voter of the roll.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollEntry {
    pub voter: String,
    /// When their counted ballot was cast (RFC 3339).
    #[serde(rename = "castAt")]
    pub cast_at: String,
}

/// One counted ballot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedBallot {
    pub receipt: String,
    #[serde(default)]
    pub college: Option<String>,
    pub choice: Choice,
    /// The voter, when choices are public (or for a consent objection).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voter: Option<String>,
}

/// A ballot as the node counted it.
pub struct CountedBallot {
    pub voter: String,
    pub ballot_id: String,
    pub choice: Choice,
    pub cast_at: String,
}

/// Everything needed to recount a closed vote.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionRecord {
    /// The vote's id (the `Question`).
    pub vote: String,
    pub rules: VoteSpec,
    pub electorate: Vec<RecordedElector>,
    pub roll: Vec<RollEntry>,
    pub ballots: Vec<RecordedBallot>,
    /// The result as published (kept as JSON, so a recount compares every field).
    pub outcome: Value,
}

fn is_objection(choice: &Choice) -> bool {
    matches!(
        choice,
        Choice::Consent {
            consent: consent::Ballot::Objection { .. }
        }
    )
}

impl DecisionRecord {
    /// The record of a vote closed with `outcome`, from its electorate and counted ballots.
    pub fn new(
        vote: &str,
        rules: &VoteSpec,
        electorate: &[Elector],
        ballots: Vec<CountedBallot>,
        public_choices: bool,
        outcome: &Outcome,
    ) -> DecisionRecord {
        let mut electors: Vec<RecordedElector> = electorate
            .iter()
            .map(|e| RecordedElector {
                actor: e.voter.clone(),
                college: e.college.clone(),
            })
            .collect();
        electors.sort_by(|a, b| a.actor.cmp(&b.actor));
        let college_of: BTreeMap<&str, Option<&str>> = electorate
            .iter()
            .map(|e| (e.voter.as_str(), e.college.as_deref()))
            .collect();
        let mut roll: Vec<RollEntry> = ballots
            .iter()
            .map(|b| RollEntry {
                voter: b.voter.clone(),
                cast_at: b.cast_at.clone(),
            })
            .collect();
        roll.sort_by(|a, b| a.voter.cmp(&b.voter));
        let mut recorded: Vec<RecordedBallot> = ballots
            .into_iter()
            .map(|b| RecordedBallot {
                receipt: receipt(vote, &b.voter, &b.ballot_id),
                college: college_of
                    .get(b.voter.as_str())
                    .copied()
                    .flatten()
                    .map(str::to_owned),
                voter: (public_choices || is_objection(&b.choice)).then_some(b.voter),
                choice: b.choice,
            })
            .collect();
        recorded.sort_by(|a, b| a.receipt.cmp(&b.receipt));
        DecisionRecord {
            vote: vote.to_owned(),
            rules: rules.clone(),
            electorate: electors,
            roll,
            ballots: recorded,
            outcome: serde_json::to_value(outcome).unwrap_or(Value::Null),
        }
    }

    /// The ballot with this receipt, if it was counted.
    pub fn ballot_with_receipt(&self, receipt: &str) -> Option<&RecordedBallot> {
        let wanted = receipt.trim().to_ascii_lowercase();
        self.ballots.iter().find(|b| b.receipt == wanted)
    }

    /// The published outcome, read in the domain's shape.
    pub fn published_outcome(&self) -> Result<Outcome, String> {
        serde_json::from_value(self.outcome.clone()).map_err(|e| e.to_string())
    }

    /// Checks the parts against each other, counts the ballots and compares the result.
    pub fn recount(&self) -> Recount {
        let mut problems = Vec::new();
        let mut college_of: BTreeMap<&str, Option<&str>> = BTreeMap::new();
        for e in &self.electorate {
            if college_of
                .insert(e.actor.as_str(), e.college.as_deref())
                .is_some()
            {
                problems.push(format!("the electorate lists {} twice", e.actor));
            }
        }
        let mut voters = BTreeSet::new();
        for entry in &self.roll {
            if !voters.insert(entry.voter.as_str()) {
                problems.push(format!("the roll lists {} twice", entry.voter));
            }
            if !college_of.contains_key(entry.voter.as_str()) {
                problems.push(format!(
                    "{} is on the roll but not in the electorate",
                    entry.voter
                ));
            }
        }
        if self.ballots.len() != self.roll.len() {
            problems.push(format!(
                "{} ballots for {} voters on the roll",
                self.ballots.len(),
                self.roll.len()
            ));
        }
        let mut receipts = BTreeSet::new();
        let mut named = BTreeSet::new();
        for ballot in &self.ballots {
            if !receipts.insert(ballot.receipt.as_str()) {
                problems.push(format!("the receipt {} appears twice", ballot.receipt));
            }
            let Some(voter) = ballot.voter.as_deref() else {
                continue;
            };
            if !named.insert(voter) {
                problems.push(format!("{voter} has two ballots"));
            }
            if !voters.contains(voter) {
                problems.push(format!("{voter} has a ballot but is not on the roll"));
            }
            if let Some(college) = college_of.get(voter) {
                if *college != ballot.college.as_deref() {
                    problems.push(format!(
                        "the ballot of {voter} is in college {}, the electorate says {}",
                        college_name(ballot.college.as_deref()),
                        college_name(*college)
                    ));
                }
            }
        }
        // Anonymous ballots: their colleges must be those of the voters they stand for.
        let mut by_roll: BTreeMap<Option<&str>, i64> = BTreeMap::new();
        for voter in voters.iter().filter(|v| !named.contains(*v)) {
            if let Some(college) = college_of.get(voter) {
                *by_roll.entry(*college).or_default() += 1;
            }
        }
        let mut by_ballots: BTreeMap<Option<&str>, i64> = BTreeMap::new();
        for ballot in self.ballots.iter().filter(|b| b.voter.is_none()) {
            *by_ballots.entry(ballot.college.as_deref()).or_default() += 1;
        }
        if by_roll != by_ballots {
            problems.push(format!(
                "ballots per college ({}) differ from the roll's voters per college ({})",
                per_college(&by_ballots),
                per_college(&by_roll)
            ));
        }
        for ballot in &self.ballots {
            if let Some(college) = ballot.college.as_deref() {
                if !college_of.values().any(|c| *c == Some(college)) {
                    problems.push(format!(
                        "a ballot is in college {college}, which no elector belongs to"
                    ));
                }
            }
        }

        // Electors who voted anonymously stand for their ballot's receipt, so the count
        // sees the same electorate, the same colleges and one ballot per voter.
        let anonymous_voters: BTreeSet<&str> = voters.difference(&named).copied().collect();
        let mut electors: Vec<Elector> = self
            .electorate
            .iter()
            .filter(|e| !anonymous_voters.contains(e.actor.as_str()))
            .map(|e| Elector {
                voter: e.actor.clone(),
                college: e.college.clone(),
            })
            .collect();
        let mut casts = Vec::with_capacity(self.ballots.len());
        for ballot in &self.ballots {
            let voter = match &ballot.voter {
                Some(voter) => voter.clone(),
                None => {
                    let stand_in = format!("receipt:{}", ballot.receipt);
                    electors.push(Elector {
                        voter: stand_in.clone(),
                        college: ballot.college.clone(),
                    });
                    stand_in
                }
            };
            casts.push(Cast::new(voter, ballot.choice.clone()));
        }
        let mut differences = Vec::new();
        let recomputed = match self.rules.tally(&electors, &casts) {
            Ok(mut outcome) => {
                // Replaced ballots are gone: their number is taken as published.
                if let Some(replaced) = self.outcome["participation"]["replaced"].as_u64() {
                    outcome.participation_mut().replaced =
                        u32::try_from(replaced).unwrap_or(u32::MAX);
                }
                let value = serde_json::to_value(&outcome).unwrap_or(Value::Null);
                json_differences("outcome", &self.outcome, &value, &mut differences);
                Some(outcome)
            }
            Err(err) => {
                problems.push(format!("the ballots cannot be counted: {err}"));
                None
            }
        };
        Recount {
            problems,
            differences,
            recomputed,
        }
    }
}

fn college_name(college: Option<&str>) -> &str {
    college.unwrap_or("(none)")
}

fn per_college(counts: &BTreeMap<Option<&str>, i64>) -> String {
    counts
        .iter()
        .map(|(college, n)| format!("{}: {n}", college_name(*college)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a recount found.
#[derive(Debug)]
pub struct Recount {
    /// Parts of the record that do not agree with each other.
    pub problems: Vec<String>,
    /// Fields of the published result that differ from the recomputed one.
    pub differences: Vec<String>,
    pub recomputed: Option<Outcome>,
}

impl Recount {
    pub fn matches(&self) -> bool {
        self.problems.is_empty() && self.differences.is_empty() && self.recomputed.is_some()
    }
}

/// At most this many differences are listed.
const MAX_DIFFERENCES: usize = 50;

fn numbers_equal(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return x == y;
    }
    match (a.as_f64(), b.as_f64()) {
        // Shares are printed and read back as decimals: allow the last digit.
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
        _ => false,
    }
}

fn shown(value: Option<&Value>) -> String {
    match value {
        None => "(absent)".into(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 80 {
                format!("{}…", text.chars().take(80).collect::<String>())
            } else {
                text
            }
        }
    }
}

/// Every path where `published` and `recomputed` differ, as `path: published X, recomputed Y`.
pub fn json_differences(path: &str, published: &Value, recomputed: &Value, out: &mut Vec<String>) {
    if out.len() >= MAX_DIFFERENCES {
        return;
    }
    match (published, recomputed) {
        (Value::Object(p), Value::Object(r)) => {
            let keys: BTreeSet<&String> = p.keys().chain(r.keys()).collect();
            for key in keys {
                let here = format!("{path}.{key}");
                match (p.get(key), r.get(key)) {
                    (Some(a), Some(b)) => json_differences(&here, a, b, out),
                    (a, b) => out.push(format!(
                        "{here}: published {}, recomputed {}",
                        shown(a),
                        shown(b)
                    )),
                }
            }
        }
        (Value::Array(p), Value::Array(r)) if p.len() == r.len() => {
            for (i, (a, b)) in p.iter().zip(r).enumerate() {
                json_differences(&format!("{path}[{i}]"), a, b, out);
            }
        }
        (Value::Number(a), Value::Number(b)) if numbers_equal(a, b) => {}
        (a, b) if a == b => {}
        (a, b) => out.push(format!(
            "{path}: published {}, recomputed {}",
            shown(Some(a)),
            shown(Some(b))
        )),
    }
}

/// The words of a summary, in French or English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

fn label<'a>(spec: &'a VoteSpec, option: &'a str) -> &'a str {
    spec.option_label(option).unwrap_or(option)
}

/// The verdict in a few words.
pub fn verdict_words(spec: &VoteSpec, verdict: &Verdict, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    match verdict {
        Verdict::Adopted => (if fr { "adoptée" } else { "adopted" }).into(),
        Verdict::Rejected => (if fr { "rejetée" } else { "rejected" }).into(),
        Verdict::Winner { option } => {
            let option = label(spec, option);
            if fr {
                format!("« {option} » l'emporte")
            } else {
                format!("\"{option}\" wins")
            }
        }
        Verdict::Tie { options } => {
            let names: Vec<&str> = options.iter().map(|o| label(spec, o)).collect();
            if fr {
                format!("égalité entre {}", names.join(", "))
            } else {
                format!("tie between {}", names.join(", "))
            }
        }
        Verdict::NoQuorum => (if fr {
            "quorum non atteint"
        } else {
            "no quorum"
        })
        .into(),
        Verdict::NoResult => (if fr { "aucun résultat" } else { "no result" }).into(),
    }
}

/// The counts of a result, one `label: figure` per option or answer.
pub fn count_lines(spec: &VoteSpec, outcome: &Outcome, lang: Lang) -> Vec<String> {
    let fr = lang == Lang::Fr;
    let pick = |f: &'static str, e: &'static str| if fr { f } else { e };
    let majority = |counts: &super::majority::Counts| {
        vec![
            format!("{} {}", pick("pour", "for"), counts.in_favour),
            format!("{} {}", pick("contre", "against"), counts.against),
            format!("{} {}", pick("abstention", "abstain"), counts.abstain),
        ]
    };
    match outcome {
        Outcome::Majority(o) => majority(&o.counts),
        Outcome::Colleges(o) => {
            let mut total = super::majority::Counts::default();
            for c in &o.colleges {
                total.in_favour += c.counts.in_favour;
                total.against += c.counts.against;
                total.abstain += c.counts.abstain;
            }
            let mut lines = majority(&total);
            for c in &o.colleges {
                lines.push(format!(
                    "{} {} ({}) {}/{}/{}",
                    pick("collège", "college"),
                    c.name,
                    c.weight,
                    c.counts.in_favour,
                    c.counts.against,
                    c.counts.abstain
                ));
            }
            lines
        }
        Outcome::Approval(o) => o
            .counts
            .iter()
            .map(|c| format!("{} {}", label(spec, &c.option), c.approvals))
            .collect(),
        Outcome::Consent(o) => vec![
            format!("{} {}", pick("consentements", "consents"), o.consents),
            format!("{} {}", pick("retraits", "stand asides"), o.stand_asides),
            format!(
                "{} {}",
                pick("objections", "objections"),
                o.objections.len()
            ),
        ],
        Outcome::MajorityJudgment(o) => o
            .results
            .iter()
            .map(|r| {
                format!(
                    "{}. {} ({})",
                    r.rank,
                    label(spec, &r.option),
                    r.majority_grade_label
                )
            })
            .collect(),
        Outcome::Ranked(o) => o
            .ranking
            .iter()
            .map(|r| format!("{}. {}", r.rank, label(spec, &r.option)))
            .collect(),
    }
}

/// One sentence: the verdict, the turnout and the counts.
pub fn summary(spec: &VoteSpec, outcome: &Outcome, lang: Lang) -> String {
    let p = outcome.participation();
    let percent = (u64::from(p.ballots) * 100)
        .checked_div(u64::from(p.electorate))
        .unwrap_or(0);
    let verdict = verdict_words(spec, outcome.verdict(), lang);
    let counts = count_lines(spec, outcome, lang).join(", ");
    let method = match (&spec.method, lang) {
        (Method::Majority { .. }, Lang::Fr) => "vote à la majorité",
        (Method::Approval, Lang::Fr) => "vote par approbation",
        (Method::Consent, Lang::Fr) => "décision par consentement",
        (Method::MajorityJudgment { .. }, Lang::Fr) => "jugement majoritaire",
        (Method::Ranked, Lang::Fr) => "vote par classement (Schulze)",
        (Method::Majority { .. }, Lang::En) => "majority vote",
        (Method::Approval, Lang::En) => "approval vote",
        (Method::Consent, Lang::En) => "consent decision",
        (Method::MajorityJudgment { .. }, Lang::En) => "majority judgment",
        (Method::Ranked, Lang::En) => "ranked vote (Schulze)",
    };
    match lang {
        Lang::Fr => format!(
            "Décision ({method}) : {verdict}. {} votant(s) sur {} ({percent} %) ; {counts}.",
            p.ballots, p.electorate
        ),
        Lang::En => format!(
            "Decision ({method}): {verdict}. {} of {} voted ({percent}%); {counts}.",
            p.ballots, p.electorate
        ),
    }
}

#[cfg(test)]
#[path = "record_tests.rs"]
mod tests;
