//! Vote methods and their tallies, as pure functions over ballots.
//!
//! Each method module (majority, approval, consent, majority judgment, Schulze) has its own
//! `Ballot` and `Outcome`; `quorum` and `colleges` (weighted colleges, double majority) apply
//! on top. They share what is here: the voter id that makes "one member, one ballot" hold in
//! the count, participation figures, the verdict, exact fractions, and errors.
//! Who may vote, and when, is decided before these functions are called; they only count.
//! `docs/decision-rules.md` explains every rule in plain words.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub mod approval;
pub mod colleges;
pub mod consent;
pub mod majority;
pub mod majority_judgment;
pub mod poll;
pub mod quorum;
pub mod ranked;
pub mod record;
pub mod spec;

pub use quorum::{Quorum, QuorumCheck};

/// Stable identity of a member of the electorate (e.g. their actor URL).
pub type VoterId = String;
/// Identity of an option (a candidate, a proposal variant) within one vote.
pub type OptionId = String;

/// A ballot as cast, in the order ballots arrived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cast<B> {
    pub voter: VoterId,
    pub ballot: B,
}

impl<B> Cast<B> {
    pub fn new(voter: impl Into<VoterId>, ballot: B) -> Self {
        Cast {
            voter: voter.into(),
            ballot,
        }
    }
}

/// One ballot per voter: the last one cast replaces the earlier ones.
///
/// `casts` must be in the order they were cast. The result is ordered by voter id, so the
/// tally never depends on arrival order beyond "last one wins".
pub fn final_ballots<B>(casts: &[Cast<B>]) -> BTreeMap<&str, &B> {
    let mut last = BTreeMap::new();
    for cast in casts {
        last.insert(cast.voter.as_str(), &cast.ballot);
    }
    last
}

/// Who took part: the figures every result shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participation {
    /// Members entitled to vote.
    pub electorate: u32,
    /// Ballots counted, one per voter (replaced ballots are not counted twice).
    pub ballots: u32,
    /// Ballots that explicitly abstain (majority "abstain", consent "stand aside").
    pub abstentions: u32,
    /// Ballots that express no choice at all (no approval, no grade, no ranking).
    pub blank: u32,
    /// Earlier ballots replaced by a later one from the same voter.
    pub replaced: u32,
}

impl Participation {
    pub(crate) fn new(electorate: u32, casts: usize, counted: usize) -> Self {
        Participation {
            electorate,
            ballots: to_u32(counted),
            abstentions: 0,
            blank: 0,
            replaced: to_u32(casts - counted),
        }
    }

    /// Members of the electorate who cast no ballot.
    pub fn non_voters(&self) -> u32 {
        self.electorate.saturating_sub(self.ballots)
    }
}

/// What the vote decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// The proposal is adopted.
    Adopted,
    /// The proposal is rejected.
    Rejected,
    /// One option comes first.
    Winner { option: OptionId },
    /// Several options share first place; the rule does not break the tie by chance.
    Tie { options: Vec<OptionId> },
    /// Too few ballots: the vote has no valid result.
    NoQuorum,
    /// Nothing to count (no ballot, or no ballot expressing a choice).
    NoResult,
}

/// A ballot or an input the tally refuses to count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TallyError {
    #[error("the ballot of {voter} names an unknown option: {option}")]
    UnknownOption { voter: VoterId, option: OptionId },
    #[error("the ballot of {voter} is invalid: {reason}")]
    InvalidBallot { voter: VoterId, reason: String },
    #[error("the rules of the vote are invalid: {0}")]
    InvalidRules(String),
}

/// An exact non-negative fraction such as 1/2 or 2/3, kept exact so that "exactly two
/// thirds" is never lost to floating point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fraction {
    pub numerator: u64,
    pub denominator: u64,
}

impl Fraction {
    /// `None` when the denominator is zero.
    pub fn new(numerator: u64, denominator: u64) -> Option<Fraction> {
        (denominator != 0).then_some(Fraction {
            numerator,
            denominator,
        })
    }

    pub const HALF: Fraction = Fraction {
        numerator: 1,
        denominator: 2,
    };
    pub const TWO_THIRDS: Fraction = Fraction {
        numerator: 2,
        denominator: 3,
    };

    /// Compares `part / whole` with this fraction, exactly. `whole` must not be zero.
    pub fn compare_share(self, part: u64, whole: u64) -> Ordering {
        let left = u128::from(part) * u128::from(self.denominator);
        let right = u128::from(self.numerator) * u128::from(whole);
        left.cmp(&right)
    }

    pub fn as_f64(self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }
}

impl std::fmt::Display for Fraction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.numerator, self.denominator)
    }
}

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Checks that every option a ballot names is one of the vote's options.
pub(crate) fn check_known<'a>(
    voter: &str,
    named: impl IntoIterator<Item = &'a OptionId>,
    options: &[OptionId],
) -> Result<(), TallyError> {
    for option in named {
        if !options.contains(option) {
            return Err(TallyError::UnknownOption {
                voter: voter.to_owned(),
                option: option.clone(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_ballot_of_a_voter_replaces_the_earlier_ones() {
        let casts = vec![
            Cast::new("alice", 1),
            Cast::new("bob", 2),
            Cast::new("alice", 3),
        ];
        let last = final_ballots(&casts);
        assert_eq!(last.len(), 2);
        assert_eq!(last["alice"], &3);
        assert_eq!(last["bob"], &2);
    }

    #[test]
    fn fractions_compare_exactly() {
        assert_eq!(Fraction::TWO_THIRDS.compare_share(2, 3), Ordering::Equal);
        assert_eq!(Fraction::TWO_THIRDS.compare_share(66, 100), Ordering::Less);
        assert_eq!(Fraction::HALF.compare_share(51, 100), Ordering::Greater);
        assert!(Fraction::new(1, 0).is_none());
    }
}
