//! Tests for vote specs: the JSON shape other nodes read, the checks before a vote opens and
//! before a ballot is stored, and the dispatch to each method's tally.

use serde_json::json;

use super::*;

fn electors(names: &[&str]) -> Vec<Elector> {
    names
        .iter()
        .map(|n| Elector {
            voter: (*n).to_owned(),
            college: None,
        })
        .collect()
}

fn options(ids: &[&str]) -> Vec<VoteOption> {
    ids.iter()
        .map(|id| VoteOption {
            id: (*id).to_owned(),
            label: id.to_uppercase(),
        })
        .collect()
}

fn majority_vote(vote: majority::Ballot) -> Choice {
    Choice::Majority { vote }
}

#[test]
fn a_spec_reads_from_the_json_a_moderator_or_a_peer_writes() {
    let spec: VoteSpec = serde_json::from_value(json!({
        "method": "majority",
        "threshold": {"share": {"numerator": 2, "denominator": 3}, "comparison": "at_least"},
        "quorum": {"kind": "share", "minimum": {"numerator": 1, "denominator": 4}},
    }))
    .unwrap();
    assert_eq!(
        spec.method,
        Method::Majority {
            threshold: majority::Threshold::TWO_THIRDS,
            abstentions: majority::Abstentions::NotCounted
        }
    );
    spec.validate().unwrap();
    let back: VoteSpec = serde_json::from_value(serde_json::to_value(&spec).unwrap()).unwrap();
    assert_eq!(back, spec);

    let simple: VoteSpec = serde_json::from_value(json!({"method": "majority"})).unwrap();
    assert_eq!(
        simple.method,
        Method::Majority {
            threshold: majority::Threshold::SIMPLE_MAJORITY,
            abstentions: majority::Abstentions::NotCounted
        }
    );
}

#[test]
fn rules_that_cannot_be_counted_are_refused_before_the_vote_opens() {
    let no_options = VoteSpec {
        method: Method::Ranked,
        options: options(&["a"]),
        quorum: Quorum::None,
        colleges: vec![],
        colleges_required: None,
    };
    assert!(no_options.validate().is_err());

    let mut repeated = no_options.clone();
    repeated.options = options(&["a", "a"]);
    assert!(repeated.validate().is_err());

    let options_on_consent = VoteSpec {
        method: Method::Consent,
        options: options(&["a", "b"]),
        ..no_options.clone()
    };
    assert!(options_on_consent.validate().is_err());

    let colleges_on_approval = VoteSpec {
        method: Method::Approval,
        options: options(&["a", "b"]),
        colleges: vec![CollegeWeight {
            name: "salariés".into(),
            weight: 50,
        }],
        ..no_options.clone()
    };
    assert!(colleges_on_approval.validate().is_err());

    let double_without_colleges = VoteSpec {
        method: Method::Majority {
            threshold: majority::Threshold::SIMPLE_MAJORITY,
            abstentions: majority::Abstentions::NotCounted,
        },
        options: vec![],
        colleges_required: Some(2),
        ..no_options
    };
    assert!(double_without_colleges.validate().is_err());
}

#[test]
fn each_ballot_is_checked_against_the_method_and_its_options() {
    let ranked = VoteSpec {
        method: Method::Ranked,
        options: options(&["a", "b", "c"]),
        quorum: Quorum::None,
        colleges: vec![],
        colleges_required: None,
    };
    let ok = Choice::Ranked {
        ranking: vec![vec!["b".into()], vec!["a".into(), "c".into()]],
    };
    ranked.check_choice("v", &ok).unwrap();
    let unknown = Choice::Ranked {
        ranking: vec![vec!["z".into()]],
    };
    assert!(matches!(
        ranked.check_choice("v", &unknown),
        Err(TallyError::UnknownOption { .. })
    ));
    let twice = Choice::Ranked {
        ranking: vec![vec!["a".into()], vec!["a".into()]],
    };
    assert!(ranked.check_choice("v", &twice).is_err());
    assert!(ranked
        .check_choice("v", &majority_vote(majority::Ballot::For))
        .is_err());

    let judged = VoteSpec {
        method: Method::MajorityJudgment {
            grades: majority_judgment::GradeScale::default(),
        },
        ..ranked.clone()
    };
    let off_scale = Choice::MajorityJudgment {
        grades: [("a".to_owned(), 7)].into(),
    };
    assert!(judged.check_choice("v", &off_scale).is_err());

    let consent_spec = VoteSpec {
        method: Method::Consent,
        options: vec![],
        ..ranked
    };
    let silent_objection = Choice::Consent {
        consent: consent::Ballot::Objection { reason: " ".into() },
    };
    assert!(consent_spec.check_choice("v", &silent_objection).is_err());
}

#[test]
fn ballots_outside_the_frozen_electorate_are_never_counted() {
    let spec = VoteSpec {
        method: Method::Majority {
            threshold: majority::Threshold::SIMPLE_MAJORITY,
            abstentions: majority::Abstentions::NotCounted,
        },
        options: vec![],
        quorum: Quorum::None,
        colleges: vec![],
        colleges_required: None,
    };
    let casts = vec![
        Cast::new("ana", majority_vote(majority::Ballot::For)),
        Cast::new("outsider", majority_vote(majority::Ballot::Against)),
        Cast::new("outsider2", majority_vote(majority::Ballot::Against)),
        Cast::new("ben", majority_vote(majority::Ballot::Against)),
        Cast::new("ben", majority_vote(majority::Ballot::For)),
    ];
    let outcome = spec
        .tally(&electors(&["ana", "ben", "chloé"]), &casts)
        .unwrap();
    let Outcome::Majority(result) = &outcome else {
        panic!("a majority outcome")
    };
    assert_eq!(result.counts.in_favour, 2);
    assert_eq!(result.counts.against, 0);
    assert_eq!(result.participation.electorate, 3);
    assert_eq!(result.participation.ballots, 2);
    assert_eq!(result.participation.replaced, 1);
    assert_eq!(outcome.verdict(), &Verdict::Adopted);
    assert!(outcome.adopts_proposal());
}

/// The SCIC example of `colleges_tests.rs` reached through a spec: three colleges weighted
/// 50 / 30 / 20 adopt a proposal that a head count rejects.
#[test]
fn a_college_vote_is_counted_per_college_from_the_electorate() {
    let spec = VoteSpec {
        method: Method::Majority {
            threshold: majority::Threshold::SIMPLE_MAJORITY,
            abstentions: majority::Abstentions::NotCounted,
        },
        options: vec![],
        quorum: Quorum::None,
        colleges: vec![
            CollegeWeight {
                name: "salariés".into(),
                weight: 50,
            },
            CollegeWeight {
                name: "usagers".into(),
                weight: 30,
            },
            CollegeWeight {
                name: "fondateurs".into(),
                weight: 20,
            },
        ],
        colleges_required: None,
    };
    let mut electorate = Vec::new();
    let mut casts = Vec::new();
    for (college, for_, against) in [("salariés", 6, 4), ("usagers", 2, 18), ("fondateurs", 5, 0)]
    {
        for i in 0..(for_ + against) {
            let voter = format!("{college}-{i}");
            electorate.push(Elector {
                voter: voter.clone(),
                college: Some(college.to_owned()),
            });
            let ballot = if i < for_ {
                majority::Ballot::For
            } else {
                majority::Ballot::Against
            };
            casts.push(Cast::new(voter, majority_vote(ballot)));
        }
    }
    let outcome = spec.tally(&electorate, &casts).unwrap();
    let Outcome::Colleges(result) = &outcome else {
        panic!("a college outcome")
    };
    assert_eq!(result.colleges.len(), 3);
    assert_eq!(result.colleges[1].counts.against, 18);
    assert_eq!(result.participation.ballots, 35);
    let weighted = result.weighted_share_for.unwrap();
    assert!((weighted - 0.53).abs() < 1e-9, "{weighted}");
    assert_eq!(outcome.verdict(), &Verdict::Adopted);

    let double = VoteSpec {
        colleges_required: Some(3),
        ..spec
    };
    let outcome = double.tally(&electorate, &casts).unwrap();
    assert_eq!(outcome.verdict(), &Verdict::Rejected);
}

#[test]
fn an_outcome_keeps_its_method_through_json() {
    let spec = VoteSpec {
        method: Method::Approval,
        options: options(&["a", "b"]),
        quorum: Quorum::None,
        colleges: vec![],
        colleges_required: None,
    };
    let casts = vec![Cast::new(
        "ana",
        Choice::Approval {
            approved: ["b".to_owned()].into(),
        },
    )];
    let outcome = spec.tally(&electors(&["ana"]), &casts).unwrap();
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["method"], "approval");
    let back: Outcome = serde_json::from_value(json).unwrap();
    assert_eq!(back, outcome);
    assert_eq!(outcome.verdict(), &Verdict::Winner { option: "b".into() });
}
