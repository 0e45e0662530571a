//! Tests for weighted colleges and double majority.

use super::*;
use crate::domain::vote::majority::{Ballot, Comparison, Threshold};
use crate::domain::vote::{Fraction, Quorum};

fn college(name: &str, weight: u32, for_: usize, against: usize, abstain: usize) -> CollegeBallots {
    let mut casts = Vec::new();
    for (count, ballot) in [
        (for_, Ballot::For),
        (against, Ballot::Against),
        (abstain, Ballot::Abstain),
    ] {
        for _ in 0..count {
            casts.push(Cast::new(format!("{name}-{}", casts.len()), ballot));
        }
    }
    CollegeBallots {
        college: College {
            name: name.to_owned(),
            weight,
            electorate: super::super::to_u32(casts.len()) + 2,
        },
        casts,
    }
}

fn rules(colleges_required: Option<u32>) -> Rules {
    Rules {
        majority: majority::Rules::default(),
        colleges_required,
    }
}

/// A SCIC with three colleges weighted 50 / 30 / 20. By head count the proposal loses
/// (13 for, 22 against); by college it is adopted: 0.5 × 6/10 + 0.3 × 2/20 + 0.2 × 5/5
/// = 0.30 + 0.03 + 0.20 = 0.53.
fn scic() -> Vec<CollegeBallots> {
    vec![
        college("salariés", 50, 6, 4, 1),
        college("bénéficiaires", 30, 2, 18, 0),
        college("fondateurs", 20, 5, 0, 0),
    ]
}

#[test]
fn colleges_count_for_their_weight_not_their_size() {
    let outcome = tally(&scic(), &rules(None)).unwrap();
    assert_eq!(outcome.verdict, Verdict::Adopted);
    let share = outcome.weighted_share_for.unwrap();
    assert!((share - 0.53).abs() < 1e-9, "{share}");
    assert_eq!(outcome.participation.ballots, 36);
    assert_eq!(outcome.participation.abstentions, 1);
    let per_college: Vec<Option<bool>> = outcome.colleges.iter().map(|c| c.adopts).collect();
    assert_eq!(per_college, [Some(true), Some(false), Some(true)]);
}

#[test]
fn double_majority_requires_enough_colleges() {
    assert_eq!(
        tally(&scic(), &rules(Some(2))).unwrap().verdict,
        Verdict::Adopted
    );
    let three = tally(&scic(), &rules(Some(3))).unwrap();
    assert_eq!(three.verdict, Verdict::Rejected);
    assert!(
        three.reason.contains("2 college(s), 3 required"),
        "{}",
        three.reason
    );
}

#[test]
fn an_exact_weighted_half_is_not_a_simple_majority() {
    let colleges = vec![college("a", 50, 1, 0, 0), college("b", 50, 0, 1, 0)];
    assert_eq!(
        tally(&colleges, &rules(None)).unwrap().verdict,
        Verdict::Rejected
    );
    let at_least_half = Rules {
        majority: majority::Rules {
            threshold: Threshold {
                share: Fraction::HALF,
                comparison: Comparison::AtLeast,
            },
            ..majority::Rules::default()
        },
        colleges_required: None,
    };
    assert_eq!(
        tally(&colleges, &at_least_half).unwrap().verdict,
        Verdict::Adopted
    );
}

#[test]
fn a_college_that_did_not_vote_is_left_out() {
    // "b" only abstains: the 60 % of "a" stands alone and decides.
    let colleges = vec![college("a", 40, 3, 1, 0), college("b", 60, 0, 0, 2)];
    let outcome = tally(&colleges, &rules(None)).unwrap();
    assert_eq!(outcome.colleges[1].adopts, None);
    assert_eq!(outcome.weighted_share_for, Some(0.75));
    assert_eq!(outcome.verdict, Verdict::Adopted);
}

#[test]
fn quorum_is_on_the_whole_electorate_and_voters_belong_to_one_college() {
    let quorum_rules = Rules {
        majority: majority::Rules {
            quorum: Quorum::Ballots { minimum: 100 },
            ..majority::Rules::default()
        },
        colleges_required: None,
    };
    assert_eq!(
        tally(&scic(), &quorum_rules).unwrap().verdict,
        Verdict::NoQuorum
    );

    let mut colleges = scic();
    let intruder = colleges[0].casts[0].clone();
    colleges[1].casts.push(intruder);
    assert!(matches!(
        tally(&colleges, &rules(None)),
        Err(TallyError::InvalidBallot { .. })
    ));
}

#[test]
fn nobody_voting_gives_no_result() {
    let colleges = vec![college("a", 50, 0, 0, 0), college("b", 50, 0, 0, 0)];
    assert_eq!(
        tally(&colleges, &rules(None)).unwrap().verdict,
        Verdict::NoResult
    );
}
