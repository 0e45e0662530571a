//! Tests for majority judgment, with the published Tennessee example.

use super::*;

const EXCELLENT: Grade = 0;
const GOOD: Grade = 1;
const FAIR: Grade = 2;
const POOR: Grade = 3;

fn cities() -> Vec<OptionId> {
    ["Memphis", "Nashville", "Chattanooga", "Knoxville"]
        .map(String::from)
        .to_vec()
}

fn english_scale() -> GradeScale {
    GradeScale::new(["Excellent", "Good", "Fair", "Poor"])
}

/// The worked example of the English Wikipedia article "Majority judgment" (section
/// "Example application"), also on electowiki.org "Majority Judgment": Tennessee chooses
/// its capital; 42% of voters live near Memphis, 26% near Nashville, 15% near Chattanooga,
/// 17% near Knoxville; everyone grades the nearest city Excellent, then Good, Fair, Poor
/// by distance. Taken here as 100 voters. Published profiles: Nashville 26/42/32/0,
/// Chattanooga 15/43/42/0; Nashville and Chattanooga both have the majority grade Good
/// and Nashville wins the tie-break.
fn tennessee() -> Vec<Cast<Ballot>> {
    let groups: [(usize, [(&str, Grade); 4]); 4] = [
        (
            42,
            [
                ("Memphis", EXCELLENT),
                ("Nashville", GOOD),
                ("Chattanooga", FAIR),
                ("Knoxville", POOR),
            ],
        ),
        (
            26,
            [
                ("Nashville", EXCELLENT),
                ("Chattanooga", GOOD),
                ("Knoxville", FAIR),
                ("Memphis", POOR),
            ],
        ),
        (
            15,
            [
                ("Chattanooga", EXCELLENT),
                ("Knoxville", GOOD),
                ("Nashville", FAIR),
                ("Memphis", POOR),
            ],
        ),
        (
            17,
            [
                ("Knoxville", EXCELLENT),
                ("Chattanooga", GOOD),
                ("Nashville", FAIR),
                ("Memphis", POOR),
            ],
        ),
    ];
    let mut casts = Vec::new();
    for (count, grades) in groups {
        for _ in 0..count {
            casts.push(Cast::new(
                format!("voter-{}", casts.len()),
                Ballot::grading(grades),
            ));
        }
    }
    casts
}

fn result<'a>(outcome: &'a Outcome, option: &str) -> &'a OptionResult {
    outcome.results.iter().find(|r| r.option == option).unwrap()
}

#[test]
fn tennessee_example_reproduces_the_published_numbers() {
    let outcome = tally(&cities(), &english_scale(), &tennessee(), 100, Quorum::None).unwrap();

    let nashville = result(&outcome, "Nashville");
    assert_eq!(nashville.grade_counts, [26, 42, 32, 0]);
    assert_eq!(nashville.majority_grade_label, "Good");
    assert_eq!((nashville.above, nashville.below), (26, 32));

    let chattanooga = result(&outcome, "Chattanooga");
    assert_eq!(chattanooga.grade_counts, [15, 43, 42, 0]);
    assert_eq!(chattanooga.majority_grade_label, "Good");
    assert_eq!((chattanooga.above, chattanooga.below), (15, 42));

    let knoxville = result(&outcome, "Knoxville");
    assert_eq!(knoxville.grade_counts, [17, 15, 26, 42]);
    assert_eq!(knoxville.majority_grade_label, "Fair");

    let memphis = result(&outcome, "Memphis");
    assert_eq!(memphis.grade_counts, [42, 0, 0, 58]);
    assert_eq!(memphis.majority_grade_label, "Poor");

    let ranking: Vec<&str> = outcome.results.iter().map(|r| r.option.as_str()).collect();
    assert_eq!(
        ranking,
        ["Nashville", "Chattanooga", "Knoxville", "Memphis"]
    );
    assert_eq!(
        outcome.verdict,
        Verdict::Winner {
            option: "Nashville".into()
        }
    );
}

#[test]
fn the_result_does_not_depend_on_ballot_order() {
    let forward = tennessee();
    let mut shuffled = forward.clone();
    shuffled.reverse();
    shuffled.rotate_left(37);
    let scale = english_scale();
    let a = tally(&cities(), &scale, &forward, 100, Quorum::None).unwrap();
    let b = tally(&cities(), &scale, &shuffled, 100, Quorum::None).unwrap();
    assert_eq!(a.results, b.results);
    assert_eq!(a.verdict, b.verdict);
}

#[test]
fn lower_median_takes_the_worse_middle_grade() {
    // Two voters: Excellent and Poor; the lower median is Poor.
    assert_eq!(lower_median(&[1, 0, 0, 1]), POOR);
    assert_eq!(lower_median(&[1, 1, 1, 0]), GOOD);
    assert_eq!(lower_median(&[2, 1, 1, 0]), GOOD);
}

#[test]
fn removing_median_grades_breaks_a_tie() {
    // Both have the majority grade "Bien"; removing Bien twice leaves A with "Assez bien"
    // and B with "Passable", so A ranks first.
    let options = ["A", "B"].map(String::from).to_vec();
    let casts = vec![
        Cast::new("1", Ballot::grading([("A", 1), ("B", 2)])),
        Cast::new("2", Ballot::grading([("A", 2), ("B", 2)])),
        Cast::new("3", Ballot::grading([("A", 2), ("B", 2)])),
        Cast::new("4", Ballot::grading([("A", 3), ("B", 4)])),
    ];
    let outcome = tally(&options, &GradeScale::default(), &casts, 4, Quorum::None).unwrap();
    assert_eq!(outcome.results[0].majority_grade_label, "Bien");
    assert_eq!(outcome.results[1].majority_grade_label, "Bien");
    assert_eq!(outcome.verdict, Verdict::Winner { option: "A".into() });
}

#[test]
fn identical_grades_are_a_tie() {
    let options = ["A", "B"].map(String::from).to_vec();
    let casts = vec![
        Cast::new("1", Ballot::grading([("A", 1), ("B", 2)])),
        Cast::new("2", Ballot::grading([("A", 2), ("B", 1)])),
    ];
    let outcome = tally(&options, &GradeScale::default(), &casts, 2, Quorum::None).unwrap();
    assert_eq!(
        outcome.verdict,
        Verdict::Tie {
            options: vec!["A".into(), "B".into()]
        }
    );
    assert_eq!(outcome.results[1].rank, 1);
}

#[test]
fn an_ungraded_option_gets_the_lowest_grade_and_an_empty_ballot_is_blank() {
    let options = ["A", "B"].map(String::from).to_vec();
    let casts = vec![
        Cast::new("1", Ballot::grading([("A", 0)])),
        Cast::new("2", Ballot::default()),
    ];
    let outcome = tally(&options, &GradeScale::default(), &casts, 2, Quorum::None).unwrap();
    assert_eq!(outcome.participation.blank, 1);
    let b = result(&outcome, "B");
    assert_eq!(b.majority_grade_label, "À rejeter");
    assert_eq!(b.grade_counts.iter().sum::<u32>(), 1);
}

#[test]
fn no_ballots_give_no_result_and_bad_input_is_refused() {
    let options = cities();
    let scale = GradeScale::default();
    let outcome = tally(&options, &scale, &[], 10, Quorum::None).unwrap();
    assert_eq!(outcome.verdict, Verdict::NoResult);

    let off_scale = vec![Cast::new("1", Ballot::grading([("Memphis", 7)]))];
    assert!(tally(&options, &scale, &off_scale, 1, Quorum::None).is_err());
    let unknown = vec![Cast::new("1", Ballot::grading([("Paris", 0)]))];
    assert!(tally(&options, &scale, &unknown, 1, Quorum::None).is_err());
}

#[test]
fn a_regraded_ballot_replaces_the_first() {
    let options = ["A"].map(String::from).to_vec();
    let casts = vec![
        Cast::new("1", Ballot::grading([("A", 0)])),
        Cast::new("1", Ballot::grading([("A", 6)])),
    ];
    let outcome = tally(&options, &GradeScale::default(), &casts, 1, Quorum::None).unwrap();
    assert_eq!(outcome.results[0].majority_grade_label, "À rejeter");
    assert_eq!(outcome.participation.replaced, 1);
}
