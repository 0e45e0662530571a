//! Tests for the published record of a vote: receipts, what is named and what is not, and the
//! recount that finds a changed ballot, an edited count or parts that disagree.

use serde_json::json;

use super::*;
use crate::domain::vote::majority;

const VOTE: &str = "https://n.example/votes/1";

fn college_spec() -> VoteSpec {
    serde_json::from_value(json!({
        "method": "majority",
        "colleges": [{"name": "salariés", "weight": 60}, {"name": "usagers", "weight": 40}],
    }))
    .unwrap()
}

fn elector(name: &str, college: Option<&str>) -> Elector {
    Elector {
        voter: format!("https://n.example/users/{name}"),
        college: college.map(str::to_owned),
    }
}

fn majority(vote: majority::Ballot) -> Choice {
    Choice::Majority { vote }
}

fn counted(name: &str, choice: Choice) -> CountedBallot {
    CountedBallot {
        voter: format!("https://n.example/users/{name}"),
        ballot_id: format!("https://n.example/ballots/{name}"),
        choice,
        cast_at: "2026-11-29T18:00:00+00:00".into(),
    }
}

/// ana and ben (salariés) vote for and against, chloe (usagers) against, dan does not vote.
fn college_record(public_choices: bool) -> DecisionRecord {
    let spec = college_spec();
    let electorate = vec![
        elector("ana", Some("salariés")),
        elector("ben", Some("salariés")),
        elector("chloe", Some("usagers")),
        elector("dan", Some("usagers")),
    ];
    let ballots = vec![
        counted("ana", majority(majority::Ballot::For)),
        counted("ben", majority(majority::Ballot::Against)),
        counted("chloe", majority(majority::Ballot::Against)),
    ];
    let casts: Vec<Cast<Choice>> = ballots
        .iter()
        .map(|b| Cast::new(b.voter.clone(), b.choice.clone()))
        .collect();
    let mut outcome = spec.tally(&electorate, &casts).unwrap();
    outcome.participation_mut().replaced = 1;
    DecisionRecord::new(VOTE, &spec, &electorate, ballots, public_choices, &outcome)
}

#[test]
fn a_receipt_is_the_sha256_of_the_three_ids() {
    // printf 'https://n.example/votes/1\nhttps://n.example/users/ana\nhttps://n.example/ballots/2' | sha256sum
    assert_eq!(
        receipt(
            VOTE,
            "https://n.example/users/ana",
            "https://n.example/ballots/2"
        ),
        "a9b6294488b8684c56c5d99e4e319917138d2af1e40a8ce681b8f63b77999958"
    );
    assert_ne!(
        receipt(VOTE, "https://n.example/users/ana", "b"),
        receipt(VOTE, "https://n.example/users/ben", "b")
    );
}

#[test]
fn the_record_recounts_to_the_published_result() {
    let record = college_record(false);
    let recount = record.recount();
    assert!(recount.matches(), "{recount:?}");
    assert_eq!(record.electorate.len(), 4);
    assert_eq!(record.roll.len(), 3);
    let receipts: Vec<&str> = record.ballots.iter().map(|b| b.receipt.as_str()).collect();
    let mut sorted = receipts.clone();
    sorted.sort();
    assert_eq!(receipts, sorted, "ballots are in receipt order");
    assert!(
        record.ballots.iter().all(|b| b.voter.is_none()),
        "choices are secret"
    );
    let ana = receipt(
        VOTE,
        "https://n.example/users/ana",
        "https://n.example/ballots/ana",
    );
    let mine = record.ballot_with_receipt(&ana.to_uppercase()).unwrap();
    assert_eq!(mine.college.as_deref(), Some("salariés"));
    assert_eq!(mine.choice, majority(majority::Ballot::For));
    assert_eq!(record.outcome["participation"]["replaced"], 1);
}

#[test]
fn public_choices_name_the_voter_and_still_recount() {
    let record = college_record(true);
    assert!(record.ballots.iter().all(|b| b.voter.is_some()));
    assert!(record.recount().matches());
}

#[test]
fn a_changed_ballot_is_a_mismatch() {
    let mut record = college_record(false);
    let against = record
        .ballots
        .iter()
        .position(|b| b.choice == majority(majority::Ballot::Against))
        .unwrap();
    record.ballots[against].choice = majority(majority::Ballot::For);
    let recount = record.recount();
    assert!(!recount.matches());
    assert!(recount.problems.is_empty(), "{:?}", recount.problems);
    assert!(
        recount
            .differences
            .iter()
            .any(|d| d.starts_with("outcome.colleges[") && d.contains(".counts.for")),
        "{:?}",
        recount.differences
    );
}

#[test]
fn an_edited_count_is_a_mismatch() {
    let mut record = college_record(false);
    record.outcome["colleges"][1]["counts"]["against"] = json!(0);
    record.outcome["verdict"] = json!({"kind": "adopted"});
    let recount = record.recount();
    assert_eq!(
        recount.differences,
        vec![
            "outcome.colleges[1].counts.against: published 0, recomputed 1",
            "outcome.verdict.kind: published \"adopted\", recomputed \"rejected\"",
        ]
    );
}

#[test]
fn parts_that_disagree_are_reported() {
    let mut record = college_record(false);
    record.roll.push(record.roll[0].clone());
    record.roll.push(RollEntry {
        voter: "https://elsewhere.example/users/eve".into(),
        cast_at: "2026-11-29T18:00:00+00:00".into(),
    });
    record.ballots[0].college = Some("usagers".into());
    let problems = record.recount().problems;
    for expected in [
        "the roll lists https://n.example/users/ana twice",
        "https://elsewhere.example/users/eve is on the roll but not in the electorate",
        "3 ballots for 5 voters on the roll",
        "ballots per college",
    ] {
        assert!(
            problems.iter().any(|p| p.starts_with(expected)),
            "{expected}: {problems:?}"
        );
    }

    let mut named = college_record(true);
    let ana = named
        .ballots
        .iter()
        .position(|b| b.voter.as_deref() == Some("https://n.example/users/ana"))
        .unwrap();
    named.ballots[ana].college = Some("usagers".into());
    let problems = named.recount().problems;
    assert!(
        problems.iter().any(|p| p.contains("the electorate says")),
        "{problems:?}"
    );
}

#[test]
fn a_consent_objection_names_its_author_and_recounts() {
    let spec: VoteSpec = serde_json::from_value(json!({"method": "consent"})).unwrap();
    let electorate = vec![elector("ana", None), elector("ben", None)];
    let ballots = vec![
        counted(
            "ana",
            Choice::Consent {
                consent: consent::Ballot::Objection {
                    reason: "Trop cher.".into(),
                },
            },
        ),
        counted(
            "ben",
            Choice::Consent {
                consent: consent::Ballot::Consent,
            },
        ),
    ];
    let casts: Vec<Cast<Choice>> = ballots
        .iter()
        .map(|b| Cast::new(b.voter.clone(), b.choice.clone()))
        .collect();
    let outcome = spec.tally(&electorate, &casts).unwrap();
    let record = DecisionRecord::new(VOTE, &spec, &electorate, ballots, false, &outcome);
    let named: Vec<Option<&str>> = record
        .ballots
        .iter()
        .filter(|b| b.voter.is_some())
        .map(|b| b.voter.as_deref())
        .collect();
    assert_eq!(named, vec![Some("https://n.example/users/ana")]);
    assert!(record.recount().matches(), "{:?}", record.recount());
}

#[test]
fn shares_may_differ_in_the_last_printed_digit() {
    let mut out = Vec::new();
    json_differences(
        "outcome",
        &json!({"share": 0.30000000000000004, "n": 3}),
        &json!({"share": 0.3, "n": 3}),
        &mut out,
    );
    assert!(out.is_empty(), "{out:?}");
    json_differences(
        "outcome",
        &json!({"share": 0.31, "n": 3, "gone": true}),
        &json!({"share": 0.3, "n": 4}),
        &mut out,
    );
    assert_eq!(
        out,
        vec![
            "outcome.gone: published true, recomputed (absent)",
            "outcome.n: published 3, recomputed 4",
            "outcome.share: published 0.31, recomputed 0.3",
        ]
    );
}

#[test]
fn the_summary_says_the_verdict_and_the_counts_in_both_languages() {
    let record = college_record(false);
    let outcome = record.published_outcome().unwrap();
    let fr = summary(&record.rules, &outcome, Lang::Fr);
    let en = summary(&record.rules, &outcome, Lang::En);
    assert!(
        fr.starts_with("Décision (vote à la majorité) : rejetée. 3 votant(s) sur 4 (75 %)"),
        "{fr}"
    );
    assert!(fr.contains("pour 1, contre 2, abstention 0"), "{fr}");
    assert!(
        en.starts_with("Decision (majority vote): rejected. 3 of 4 voted (75%)"),
        "{en}"
    );
}

/// Records of every method recount to their own result: stand-in voters change nothing.
#[test]
fn every_method_recounts_with_anonymous_ballots() {
    let options =
        json!([{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}]);
    let cases: Vec<(serde_json::Value, Vec<Choice>)> = vec![
        (
            json!({"method": "approval", "options": options}),
            vec![
                Choice::Approval {
                    approved: ["a".to_owned(), "b".to_owned()].into(),
                },
                Choice::Approval {
                    approved: ["b".to_owned()].into(),
                },
                Choice::Approval {
                    approved: Default::default(),
                },
            ],
        ),
        (
            json!({"method": "majority_judgment", "options": options}),
            vec![
                Choice::MajorityJudgment {
                    grades: [
                        ("a".to_owned(), 0),
                        ("b".to_owned(), 3),
                        ("c".to_owned(), 6),
                    ]
                    .into(),
                },
                Choice::MajorityJudgment {
                    grades: [
                        ("a".to_owned(), 2),
                        ("b".to_owned(), 1),
                        ("c".to_owned(), 5),
                    ]
                    .into(),
                },
                Choice::MajorityJudgment {
                    grades: [("a".to_owned(), 1)].into(),
                },
            ],
        ),
        (
            json!({"method": "ranked", "options": options}),
            vec![
                Choice::Ranked {
                    ranking: vec![vec!["c".into()], vec!["a".into(), "b".into()]],
                },
                Choice::Ranked {
                    ranking: vec![vec!["a".into()], vec!["c".into()], vec!["b".into()]],
                },
                Choice::Ranked {
                    ranking: vec![vec!["c".into()]],
                },
            ],
        ),
        (
            json!({"method": "majority", "quorum": {"kind": "ballots", "minimum": 4}}),
            vec![
                majority(majority::Ballot::For),
                majority(majority::Ballot::Abstain),
                majority(majority::Ballot::Against),
            ],
        ),
    ];
    for (rules, choices) in cases {
        let spec: VoteSpec = serde_json::from_value(rules).unwrap();
        let names = ["ana", "ben", "chloe", "dan"];
        let electorate: Vec<Elector> = names.iter().map(|n| elector(n, None)).collect();
        let ballots: Vec<CountedBallot> = names
            .iter()
            .zip(choices)
            .map(|(n, c)| counted(n, c))
            .collect();
        let casts: Vec<Cast<Choice>> = ballots
            .iter()
            .map(|b| Cast::new(b.voter.clone(), b.choice.clone()))
            .collect();
        let outcome = spec.tally(&electorate, &casts).unwrap();
        let record = DecisionRecord::new(VOTE, &spec, &electorate, ballots, false, &outcome);
        let recount = record.recount();
        assert!(recount.matches(), "{}: {recount:?}", spec.method.name());
        assert_eq!(recount.recomputed.as_ref(), Some(&outcome));
    }
}
