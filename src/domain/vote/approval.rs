//! Approval voting: each member approves any number of options; most approvals wins.
//!
//! A ballot approving nothing is blank: it counts for participation, not for any option.
//! When several options share the most approvals the result is a tie, reported as such:
//! the rule never breaks it by chance or by the order of the options.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{
    check_known, final_ballots, Cast, OptionId, Participation, Quorum, QuorumCheck, TallyError,
    Verdict,
};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    pub approved: BTreeSet<OptionId>,
}

impl Ballot {
    pub fn approving<'a>(options: impl IntoIterator<Item = &'a str>) -> Ballot {
        Ballot {
            approved: options.into_iter().map(str::to_owned).collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionCount {
    pub option: OptionId,
    pub approvals: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub participation: Participation,
    /// Every option, in the order given, with its approvals.
    pub counts: Vec<OptionCount>,
    pub quorum: QuorumCheck,
    pub verdict: Verdict,
    pub reason: String,
}

pub fn tally(
    options: &[OptionId],
    casts: &[Cast<Ballot>],
    electorate: u32,
    quorum: Quorum,
) -> Result<Outcome, TallyError> {
    let ballots = final_ballots(casts);
    let mut participation = Participation::new(electorate, casts.len(), ballots.len());
    let mut counts: Vec<OptionCount> = options
        .iter()
        .map(|option| OptionCount {
            option: option.clone(),
            approvals: 0,
        })
        .collect();
    for (voter, ballot) in &ballots {
        check_known(voter, &ballot.approved, options)?;
        if ballot.approved.is_empty() {
            participation.blank += 1;
        }
        for count in counts.iter_mut() {
            if ballot.approved.contains(&count.option) {
                count.approvals += 1;
            }
        }
    }

    let quorum = quorum.check(&participation);
    let most = counts.iter().map(|c| c.approvals).max().unwrap_or(0);
    let leaders: Vec<OptionId> = counts
        .iter()
        .filter(|c| c.approvals == most)
        .map(|c| c.option.clone())
        .collect();
    let (verdict, reason) = if !quorum.met {
        (Verdict::NoQuorum, quorum.shortfall_reason())
    } else if most == 0 {
        (
            Verdict::NoResult,
            "No option received any approval.".to_owned(),
        )
    } else if let [winner] = leaders.as_slice() {
        let reason = format!("{winner} wins with {most} approval(s).");
        (
            Verdict::Winner {
                option: winner.clone(),
            },
            reason,
        )
    } else {
        let reason = format!(
            "Tie: {} each have {most} approval(s); the tie is not broken.",
            leaders.join(", ")
        );
        (Verdict::Tie { options: leaders }, reason)
    };

    Ok(Outcome {
        participation,
        counts,
        quorum,
        verdict,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Vec<OptionId> {
        ["mardi", "mercredi", "jeudi"].map(String::from).to_vec()
    }

    #[test]
    fn most_approvals_wins() {
        let casts = vec![
            Cast::new("a", Ballot::approving(["mardi", "jeudi"])),
            Cast::new("b", Ballot::approving(["jeudi"])),
            Cast::new("c", Ballot::approving(["mardi", "mercredi", "jeudi"])),
            Cast::new("d", Ballot::approving([])),
        ];
        let outcome = tally(&options(), &casts, 5, Quorum::None).unwrap();
        assert_eq!(
            outcome.verdict,
            Verdict::Winner {
                option: "jeudi".into()
            }
        );
        let approvals: Vec<u32> = outcome.counts.iter().map(|c| c.approvals).collect();
        assert_eq!(approvals, [2, 1, 3]);
        assert_eq!(outcome.participation.blank, 1);
        assert_eq!(outcome.participation.ballots, 4);
    }

    #[test]
    fn a_tie_is_reported_not_broken() {
        let casts = vec![
            Cast::new("a", Ballot::approving(["mardi"])),
            Cast::new("b", Ballot::approving(["jeudi"])),
        ];
        let outcome = tally(&options(), &casts, 2, Quorum::None).unwrap();
        assert_eq!(
            outcome.verdict,
            Verdict::Tie {
                options: vec!["mardi".into(), "jeudi".into()]
            }
        );
    }

    #[test]
    fn no_ballots_or_only_blank_ones_give_no_result() {
        let none = tally(&options(), &[], 3, Quorum::None).unwrap();
        assert_eq!(none.verdict, Verdict::NoResult);
        let blank = vec![Cast::new("a", Ballot::default())];
        let outcome = tally(&options(), &blank, 3, Quorum::None).unwrap();
        assert_eq!(outcome.verdict, Verdict::NoResult);
        assert_eq!(outcome.participation.blank, 1);
    }

    #[test]
    fn a_new_ballot_replaces_the_old_one() {
        let casts = vec![
            Cast::new("a", Ballot::approving(["mardi"])),
            Cast::new("b", Ballot::approving(["mardi"])),
            Cast::new("a", Ballot::approving(["mercredi"])),
            Cast::new("c", Ballot::approving(["mercredi"])),
        ];
        let outcome = tally(&options(), &casts, 3, Quorum::None).unwrap();
        assert_eq!(
            outcome.verdict,
            Verdict::Winner {
                option: "mercredi".into()
            }
        );
        assert_eq!(outcome.counts[0].approvals, 1);
        assert_eq!(outcome.participation.replaced, 1);
    }

    #[test]
    fn an_unknown_option_is_refused() {
        let casts = vec![Cast::new("a", Ballot::approving(["dimanche"]))];
        let error = tally(&options(), &casts, 1, Quorum::None).unwrap_err();
        assert!(matches!(error, TallyError::UnknownOption { .. }));
    }

    #[test]
    fn quorum_applies() {
        let casts = vec![Cast::new("a", Ballot::approving(["mardi"]))];
        let quorum = Quorum::Ballots { minimum: 2 };
        let outcome = tally(&options(), &casts, 10, quorum).unwrap();
        assert_eq!(outcome.verdict, Verdict::NoQuorum);
    }
}
