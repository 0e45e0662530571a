//! Majority vote on one proposal: each member votes for, against, or abstains.
//!
//! The proposal is adopted when the share of "for" reaches the threshold: a simple majority
//! (more than half), two thirds (at least 2/3), or any fraction. Whether abstentions count
//! in the denominator is part of the rules, because statutes differ: French cooperative law
//! since 2019 leaves abstentions out of the "suffrages exprimés", while older statutes
//! count them, which makes an abstention weigh like a vote against. Abstentions are always
//! shown in the result either way.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::{final_ballots, Cast, Fraction, Participation, Quorum, QuorumCheck, Verdict};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ballot {
    For,
    Against,
    Abstain,
}

/// Whether reaching the fraction exactly is enough.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Strictly more than the fraction ("plus de la moitié").
    MoreThan,
    /// The fraction or more ("au moins les deux tiers").
    AtLeast,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Threshold {
    pub share: Fraction,
    pub comparison: Comparison,
}

impl Threshold {
    /// More than half: with 10 votes, 6 are needed; 5 against 5 fails.
    pub const SIMPLE_MAJORITY: Threshold = Threshold {
        share: Fraction::HALF,
        comparison: Comparison::MoreThan,
    };
    /// At least two thirds: with 9 votes, 6 are enough.
    pub const TWO_THIRDS: Threshold = Threshold {
        share: Fraction::TWO_THIRDS,
        comparison: Comparison::AtLeast,
    };

    /// Whether `part` out of `whole` meets the threshold; `whole` must not be zero.
    pub fn is_met(self, part: u64, whole: u64) -> bool {
        matches!(
            (self.comparison, self.share.compare_share(part, whole)),
            (_, Ordering::Greater) | (Comparison::AtLeast, Ordering::Equal)
        )
    }

    fn describe(self) -> String {
        match self.comparison {
            Comparison::MoreThan => format!("more than {}", self.share),
            Comparison::AtLeast => format!("at least {}", self.share),
        }
    }
}

/// What the "for" share is measured against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Abstentions {
    /// Denominator = for + against (the votes expressed). The default.
    #[default]
    NotCounted,
    /// Denominator = for + against + abstain: an abstention weighs like "against".
    Counted,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    pub threshold: Threshold,
    pub abstentions: Abstentions,
    pub quorum: Quorum,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            threshold: Threshold::SIMPLE_MAJORITY,
            abstentions: Abstentions::NotCounted,
            quorum: Quorum::None,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    #[serde(rename = "for")]
    pub in_favour: u32,
    pub against: u32,
    pub abstain: u32,
}

impl Counts {
    pub fn from_ballots<'a>(ballots: impl IntoIterator<Item = &'a Ballot>) -> Counts {
        let mut counts = Counts::default();
        for ballot in ballots {
            match ballot {
                Ballot::For => counts.in_favour += 1,
                Ballot::Against => counts.against += 1,
                Ballot::Abstain => counts.abstain += 1,
            }
        }
        counts
    }

    /// The denominator the threshold applies to.
    pub fn base(&self, abstentions: Abstentions) -> u32 {
        match abstentions {
            Abstentions::NotCounted => self.in_favour + self.against,
            Abstentions::Counted => self.in_favour + self.against + self.abstain,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub participation: Participation,
    pub counts: Counts,
    pub rules: Rules,
    /// The denominator used: votes expressed, or all ballots when abstentions count.
    pub base: u32,
    /// Share of "for" in the base, for display (the decision itself is exact).
    pub share_for: Option<f64>,
    pub quorum: QuorumCheck,
    pub verdict: Verdict,
    pub reason: String,
}

/// Whether `counts` adopt the proposal under `rules`, ignoring quorum; `None` when there is
/// nothing to decide on (no vote in the base).
pub fn adopts(counts: &Counts, rules: &Rules) -> Option<bool> {
    let base = counts.base(rules.abstentions);
    (base > 0).then(|| {
        rules
            .threshold
            .is_met(u64::from(counts.in_favour), u64::from(base))
    })
}

pub fn tally(casts: &[Cast<Ballot>], electorate: u32, rules: &Rules) -> Outcome {
    let ballots = final_ballots(casts);
    let counts = Counts::from_ballots(ballots.values().copied());
    let mut participation = Participation::new(electorate, casts.len(), ballots.len());
    participation.abstentions = counts.abstain;
    let quorum = rules.quorum.check(&participation);
    let base = counts.base(rules.abstentions);
    let share_for = (base > 0).then(|| f64::from(counts.in_favour) / f64::from(base));

    let figures = format!(
        "{} for, {} against, {} abstaining",
        counts.in_favour, counts.against, counts.abstain
    );
    let (verdict, reason) = if !quorum.met {
        (Verdict::NoQuorum, quorum.shortfall_reason())
    } else {
        match adopts(&counts, rules) {
            None if participation.ballots == 0 => (Verdict::NoResult, "No ballot was cast.".into()),
            None => (
                Verdict::Rejected,
                format!("Rejected: no vote for or against ({figures})."),
            ),
            Some(adopted) => {
                let base_words = match rules.abstentions {
                    Abstentions::NotCounted => "of the votes expressed",
                    Abstentions::Counted => "of the ballots, abstentions included",
                };
                let (verdict, word, needed) = if adopted {
                    (Verdict::Adopted, "Adopted", "reaching")
                } else {
                    (Verdict::Rejected, "Rejected", "short of")
                };
                let reason = format!(
                    "{word}: {} of {} {base_words}, {needed} the threshold of {} ({figures}).",
                    counts.in_favour,
                    base,
                    rules.threshold.describe()
                );
                (verdict, reason)
            }
        }
    };

    Outcome {
        participation,
        counts,
        rules: *rules,
        base,
        share_for,
        quorum,
        verdict,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn casts(for_: usize, against: usize, abstain: usize) -> Vec<Cast<Ballot>> {
        let mut casts = Vec::new();
        let groups = [
            (for_, Ballot::For),
            (against, Ballot::Against),
            (abstain, Ballot::Abstain),
        ];
        for (count, ballot) in groups {
            for _ in 0..count {
                casts.push(Cast::new(format!("voter-{}", casts.len()), ballot));
            }
        }
        casts
    }

    fn with(threshold: Threshold, abstentions: Abstentions) -> Rules {
        Rules {
            threshold,
            abstentions,
            quorum: Quorum::None,
        }
    }

    #[test]
    fn simple_majority_needs_more_than_half() {
        let rules = Rules::default();
        assert_eq!(tally(&casts(6, 4, 0), 10, &rules).verdict, Verdict::Adopted);
        let even = tally(&casts(5, 5, 0), 10, &rules);
        assert_eq!(even.verdict, Verdict::Rejected);
        assert!(even.reason.contains("5 of 10"), "{}", even.reason);
    }

    #[test]
    fn two_thirds_exactly_is_enough() {
        let rules = with(Threshold::TWO_THIRDS, Abstentions::NotCounted);
        assert_eq!(tally(&casts(6, 3, 0), 9, &rules).verdict, Verdict::Adopted);
        assert_eq!(tally(&casts(5, 3, 0), 9, &rules).verdict, Verdict::Rejected);
        // 66 of 100 is just under two thirds.
        assert_eq!(
            tally(&casts(66, 34, 0), 100, &rules).verdict,
            Verdict::Rejected
        );
        assert_eq!(
            tally(&casts(67, 33, 0), 100, &rules).verdict,
            Verdict::Adopted
        );
    }

    #[test]
    fn any_fraction_can_be_the_threshold() {
        let three_quarters = Threshold {
            share: Fraction::new(3, 4).unwrap(),
            comparison: Comparison::AtLeast,
        };
        let rules = with(three_quarters, Abstentions::NotCounted);
        assert_eq!(tally(&casts(3, 1, 0), 4, &rules).verdict, Verdict::Adopted);
        assert_eq!(tally(&casts(2, 1, 0), 4, &rules).verdict, Verdict::Rejected);
    }

    #[test]
    fn abstentions_change_the_result_only_when_counted() {
        // 5 for, 4 against, 3 abstaining.
        let ballots = casts(5, 4, 3);
        let not_counted = tally(
            &ballots,
            12,
            &with(Threshold::SIMPLE_MAJORITY, Abstentions::NotCounted),
        );
        assert_eq!(not_counted.verdict, Verdict::Adopted);
        assert_eq!(not_counted.base, 9);
        let counted = tally(
            &ballots,
            12,
            &with(Threshold::SIMPLE_MAJORITY, Abstentions::Counted),
        );
        assert_eq!(counted.verdict, Verdict::Rejected);
        assert_eq!(counted.base, 12);
        // Shown either way.
        assert_eq!(not_counted.participation.abstentions, 3);
        assert_eq!(counted.counts.abstain, 3);
    }

    #[test]
    fn all_abstain_or_nobody_votes() {
        let all_abstain = tally(&casts(0, 0, 4), 10, &Rules::default());
        assert_eq!(all_abstain.verdict, Verdict::Rejected);
        assert_eq!(all_abstain.share_for, None);
        let nobody = tally(&[], 10, &Rules::default());
        assert_eq!(nobody.verdict, Verdict::NoResult);
        assert_eq!(nobody.participation.non_voters(), 10);
    }

    #[test]
    fn a_later_ballot_replaces_an_earlier_one() {
        let casts = vec![
            Cast::new("alice", Ballot::For),
            Cast::new("bob", Ballot::Against),
            Cast::new("alice", Ballot::Against),
        ];
        let outcome = tally(&casts, 3, &Rules::default());
        assert_eq!(outcome.counts.in_favour, 0);
        assert_eq!(outcome.counts.against, 2);
        assert_eq!(outcome.participation.ballots, 2);
        assert_eq!(outcome.participation.replaced, 1);
        assert_eq!(outcome.verdict, Verdict::Rejected);
    }

    #[test]
    fn without_quorum_there_is_no_result() {
        let rules = Rules {
            quorum: Quorum::Share {
                minimum: Fraction::HALF,
            },
            ..Rules::default()
        };
        let outcome = tally(&casts(4, 0, 0), 10, &rules);
        assert_eq!(outcome.verdict, Verdict::NoQuorum);
        assert!(outcome.reason.contains("5 required"), "{}", outcome.reason);
        // Abstentions count towards the quorum.
        assert_eq!(tally(&casts(4, 0, 1), 10, &rules).verdict, Verdict::Adopted);
    }

    #[test]
    fn the_result_serializes_for_the_api() {
        let outcome = tally(&casts(2, 1, 1), 5, &Rules::default());
        let json = serde_json::to_value(&outcome).unwrap();
        assert_eq!(json["counts"]["for"], 2);
        assert_eq!(json["verdict"]["kind"], "adopted");
        let back: Outcome = serde_json::from_value(json).unwrap();
        assert_eq!(back, outcome);
    }
}
