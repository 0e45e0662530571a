//! Quorum: the minimum participation for a vote to have a valid result.
//!
//! Participation is the number of ballots counted (one per voter, abstentions and blank
//! ballots included: a member who abstains has taken part) against the size of the
//! electorate. Below the quorum the vote has no result, whatever the ballots say.

use serde::{Deserialize, Serialize};

use super::{Fraction, Participation};

/// The minimum participation a vote requires.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Quorum {
    /// Any number of ballots gives a result (but at least one ballot is still needed).
    #[default]
    None,
    /// At least this many ballots.
    Ballots { minimum: u32 },
    /// At least this share of the electorate (e.g. 1/4 for "un quart des associés").
    Share { minimum: Fraction },
}

/// How a vote stands against its quorum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuorumCheck {
    pub quorum: Quorum,
    /// Ballots needed for the quorum, rounded up for a share.
    pub required_ballots: u32,
    pub ballots: u32,
    pub electorate: u32,
    pub met: bool,
}

impl Quorum {
    /// Ballots needed out of `electorate`.
    pub fn required_ballots(self, electorate: u32) -> u32 {
        match self {
            Quorum::None => 0,
            Quorum::Ballots { minimum } => minimum,
            Quorum::Share { minimum } => {
                // Ceiling of electorate × n / d: "at least a quarter of 10" is 3 ballots.
                let product = u128::from(electorate) * u128::from(minimum.numerator);
                let needed = product.div_ceil(u128::from(minimum.denominator));
                u32::try_from(needed).unwrap_or(u32::MAX)
            }
        }
    }

    pub fn check(self, participation: &Participation) -> QuorumCheck {
        let required_ballots = self.required_ballots(participation.electorate);
        QuorumCheck {
            quorum: self,
            required_ballots,
            ballots: participation.ballots,
            electorate: participation.electorate,
            met: participation.ballots >= required_ballots,
        }
    }
}

impl QuorumCheck {
    /// Plain words for a vote that failed its quorum.
    pub fn shortfall_reason(&self) -> String {
        format!(
            "Quorum not reached: {} ballot(s) of {} member(s), {} required. The vote has no result.",
            self.ballots, self.electorate, self.required_ballots
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn participation(electorate: u32, ballots: u32) -> Participation {
        Participation {
            electorate,
            ballots,
            abstentions: 0,
            blank: 0,
            replaced: 0,
        }
    }

    #[test]
    fn a_share_rounds_up_to_whole_ballots() {
        let quarter = Quorum::Share {
            minimum: Fraction::new(1, 4).unwrap(),
        };
        assert_eq!(quarter.required_ballots(10), 3);
        assert_eq!(quarter.required_ballots(8), 2);
        assert!(!quarter.check(&participation(10, 2)).met);
        assert!(quarter.check(&participation(10, 3)).met);
    }

    #[test]
    fn exactly_the_minimum_is_enough() {
        let quorum = Quorum::Ballots { minimum: 5 };
        assert!(quorum.check(&participation(20, 5)).met);
        assert!(!quorum.check(&participation(20, 4)).met);
    }

    #[test]
    fn half_of_an_odd_electorate() {
        let half = Quorum::Share {
            minimum: Fraction::HALF,
        };
        assert_eq!(half.required_ballots(7), 4);
        assert!(Quorum::None.check(&participation(7, 0)).met);
    }
}
