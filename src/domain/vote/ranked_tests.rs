//! Tests for the Schulze method, with the published 45-voter example.

use super::*;

fn abcde() -> Vec<OptionId> {
    ["A", "B", "C", "D", "E"].map(String::from).to_vec()
}

fn casts_from(groups: &[(usize, &str)]) -> Vec<Cast<Ballot>> {
    let mut casts = Vec::new();
    for &(count, order) in groups {
        for _ in 0..count {
            let ballot = Ballot {
                ranking: order.chars().map(|c| vec![c.to_string()]).collect(),
            };
            casts.push(Cast::new(format!("voter-{}", casts.len()), ballot));
        }
    }
    casts
}

/// The example of the English Wikipedia article "Schulze method" (section "Example"),
/// first given in Markus Schulze's paper "A new monotonic, clone-independent, reversal
/// symmetric, and Condorcet-consistent single-winner election method" (Social Choice and
/// Welfare, 2011): 45 voters, 5 candidates. Published matrices d and p below; result
/// E > A > C > B > D.
fn wikipedia_45_voters() -> Vec<Cast<Ballot>> {
    casts_from(&[
        (5, "ACBED"),
        (5, "ADECB"),
        (8, "BEDAC"),
        (3, "CABED"),
        (7, "CAEBD"),
        (2, "CBADE"),
        (7, "DCEBA"),
        (8, "EBADC"),
    ])
}

#[test]
fn wikipedia_example_reproduces_the_published_matrices_and_ranking() {
    let outcome = tally(&abcde(), &wikipedia_45_voters(), 45, Quorum::None).unwrap();
    let d = [
        [0, 20, 26, 30, 22],
        [25, 0, 16, 33, 18],
        [19, 29, 0, 17, 24],
        [15, 12, 28, 0, 14],
        [23, 27, 21, 31, 0],
    ];
    assert_eq!(outcome.pairwise, d.map(|row| row.to_vec()).to_vec());
    let p = [
        [0, 28, 28, 30, 24],
        [25, 0, 28, 33, 24],
        [25, 29, 0, 29, 24],
        [25, 28, 28, 0, 24],
        [25, 28, 28, 31, 0],
    ];
    assert_eq!(outcome.strongest_paths, p.map(|row| row.to_vec()).to_vec());
    let order: Vec<&str> = outcome.ranking.iter().map(|r| r.option.as_str()).collect();
    assert_eq!(order, ["E", "A", "C", "B", "D"]);
    let ranks: Vec<u32> = outcome.ranking.iter().map(|r| r.rank).collect();
    assert_eq!(ranks, [1, 2, 3, 4, 5]);
    assert_eq!(outcome.verdict, Verdict::Winner { option: "E".into() });
}

#[test]
fn the_result_does_not_depend_on_ballot_order() {
    let mut shuffled = wikipedia_45_voters();
    shuffled.reverse();
    shuffled.rotate_left(11);
    let a = tally(&abcde(), &wikipedia_45_voters(), 45, Quorum::None).unwrap();
    let b = tally(&abcde(), &shuffled, 45, Quorum::None).unwrap();
    assert_eq!(a.ranking, b.ranking);
}

#[test]
fn a_condorcet_winner_is_elected() {
    // Property check on a family of profiles: B is preferred to each other option by a
    // majority, whatever the rest of the ballots say.
    for extra in 0..6 {
        let casts = casts_from(&[
            (4 + extra, "BACDE"),
            (3, "ABCDE"),
            (2 + extra, "CBDEA"),
            (2, "DBEAC"),
            (extra, "EDCAB"),
        ]);
        let outcome = tally(&abcde(), &casts, 100, Quorum::None).unwrap();
        let b = 1;
        for other in 0..5 {
            if other != b {
                assert!(outcome.pairwise[b][other] > outcome.pairwise[other][b]);
            }
        }
        assert_eq!(outcome.verdict, Verdict::Winner { option: "B".into() });
    }
}

#[test]
fn a_perfect_cycle_is_a_tie() {
    let options = ["A", "B", "C"].map(String::from).to_vec();
    let casts = casts_from(&[(1, "ABC"), (1, "BCA"), (1, "CAB")]);
    let outcome = tally(&options, &casts, 3, Quorum::None).unwrap();
    assert_eq!(
        outcome.verdict,
        Verdict::Tie {
            options: vec!["A".into(), "B".into(), "C".into()]
        }
    );
}

#[test]
fn equal_ranks_and_unranked_options() {
    let options = ["A", "B", "C"].map(String::from).to_vec();
    // One voter puts A and B first together and leaves C out: C is below both.
    let ballot = Ballot {
        ranking: vec![vec!["A".into(), "B".into()]],
    };
    let outcome = tally(&options, &[Cast::new("1", ballot)], 1, Quorum::None).unwrap();
    assert_eq!(outcome.pairwise[0][1], 0);
    assert_eq!(outcome.pairwise[0][2], 1);
    assert_eq!(outcome.pairwise[1][2], 1);
    assert_eq!(
        outcome.verdict,
        Verdict::Tie {
            options: vec!["A".into(), "B".into()]
        }
    );
}

#[test]
fn blank_and_invalid_ballots() {
    let options = abcde();
    let blank = vec![Cast::new("1", Ballot::default())];
    let outcome = tally(&options, &blank, 1, Quorum::None).unwrap();
    assert_eq!(outcome.verdict, Verdict::NoResult);
    assert_eq!(outcome.participation.blank, 1);

    let twice = vec![Cast::new("1", Ballot::strict(["A", "B", "A"]))];
    assert!(matches!(
        tally(&options, &twice, 1, Quorum::None),
        Err(TallyError::InvalidBallot { .. })
    ));
    let unknown = vec![Cast::new("1", Ballot::strict(["Z"]))];
    assert!(tally(&options, &unknown, 1, Quorum::None).is_err());
}

#[test]
fn a_new_ranking_replaces_the_old_one() {
    let options = ["A", "B"].map(String::from).to_vec();
    let casts = vec![
        Cast::new("1", Ballot::strict(["A", "B"])),
        Cast::new("2", Ballot::strict(["A", "B"])),
        Cast::new("1", Ballot::strict(["B", "A"])),
        Cast::new("3", Ballot::strict(["B", "A"])),
    ];
    let outcome = tally(&options, &casts, 3, Quorum::None).unwrap();
    assert_eq!(outcome.pairwise, vec![vec![0, 1], vec![2, 0]]);
    assert_eq!(outcome.verdict, Verdict::Winner { option: "B".into() });
}
