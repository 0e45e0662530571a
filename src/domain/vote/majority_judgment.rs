//! Majority judgment (jugement majoritaire, Balinski & Laraki, 2007).
//!
//! Each member grades every option on a common scale of words ("Très bien" … "À rejeter").
//! An option's majority grade is the lower median of its grades: the best grade that a
//! majority of voters give it or better. Options are ranked by majority grade; ties are
//! broken by the published procedure: remove one median grade from each tied option and
//! take the median again, as often as needed (the "majority value"). Options with exactly
//! the same grades stay tied. An option a voter leaves ungraded gets the lowest grade, as
//! Balinski and Laraki recommend (no opinion means not convinced); a ballot grading
//! nothing is blank.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    check_known, final_ballots, Cast, OptionId, Participation, Quorum, QuorumCheck, TallyError,
    Verdict,
};

/// The grades, best first. Data, so that a group may choose its own words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeScale {
    pub grades: Vec<String>,
}

impl Default for GradeScale {
    /// The seven French grades used by Balinski and Laraki.
    fn default() -> Self {
        GradeScale::new([
            "Excellent",
            "Très bien",
            "Bien",
            "Assez bien",
            "Passable",
            "Insuffisant",
            "À rejeter",
        ])
    }
}

impl GradeScale {
    pub fn new<'a>(best_first: impl IntoIterator<Item = &'a str>) -> GradeScale {
        GradeScale {
            grades: best_first.into_iter().map(str::to_owned).collect(),
        }
    }

    fn worst(&self) -> Grade {
        self.grades.len() - 1
    }
}

/// A position in the scale: 0 is the best grade.
pub type Grade = usize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    pub grades: BTreeMap<OptionId, Grade>,
}

impl Ballot {
    pub fn grading<'a>(grades: impl IntoIterator<Item = (&'a str, Grade)>) -> Ballot {
        Ballot {
            grades: grades
                .into_iter()
                .map(|(option, grade)| (option.to_owned(), grade))
                .collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionResult {
    pub option: OptionId,
    /// Number of each grade, in scale order (best first).
    pub grade_counts: Vec<u32>,
    pub majority_grade: Grade,
    pub majority_grade_label: String,
    /// Grades strictly better than the majority grade.
    pub above: u32,
    /// Grades strictly worse than the majority grade.
    pub below: u32,
    /// 1 for first place; tied options share a rank.
    pub rank: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub participation: Participation,
    pub scale: GradeScale,
    /// Every option, best ranked first.
    pub results: Vec<OptionResult>,
    pub quorum: QuorumCheck,
    pub verdict: Verdict,
    pub reason: String,
}

pub fn tally(
    options: &[OptionId],
    scale: &GradeScale,
    casts: &[Cast<Ballot>],
    electorate: u32,
    quorum: Quorum,
) -> Result<Outcome, TallyError> {
    if scale.grades.len() < 2 {
        return Err(TallyError::InvalidRules(
            "a grade scale needs at least two grades".into(),
        ));
    }
    let ballots = final_ballots(casts);
    let mut participation = Participation::new(electorate, casts.len(), ballots.len());
    let mut profiles = vec![vec![0u32; scale.grades.len()]; options.len()];
    for (voter, ballot) in &ballots {
        check_known(voter, ballot.grades.keys(), options)?;
        if let Some((_, &grade)) = ballot.grades.iter().find(|(_, &g)| g > scale.worst()) {
            return Err(TallyError::InvalidBallot {
                voter: (*voter).to_owned(),
                reason: format!("grade {grade} is not on the scale"),
            });
        }
        if ballot.grades.is_empty() {
            participation.blank += 1;
            continue;
        }
        for (option, profile) in options.iter().zip(profiles.iter_mut()) {
            let grade = ballot.grades.get(option).copied().unwrap_or(scale.worst());
            profile[grade] += 1;
        }
    }

    let mut order: Vec<usize> = (0..options.len()).collect();
    order.sort_by(|&a, &b| compare_profiles(&profiles[b], &profiles[a]));
    let mut results: Vec<OptionResult> = Vec::with_capacity(options.len());
    for (position, &index) in order.iter().enumerate() {
        let profile = &profiles[index];
        let rank = match results.last() {
            Some(previous) if profiles_equal(&previous.grade_counts, profile) => previous.rank,
            _ => u32::try_from(position + 1).unwrap_or(u32::MAX),
        };
        let grade = lower_median(profile);
        results.push(OptionResult {
            option: options[index].clone(),
            grade_counts: profile.clone(),
            majority_grade: grade,
            majority_grade_label: scale.grades[grade].clone(),
            above: profile[..grade].iter().sum(),
            below: profile[grade + 1..].iter().sum(),
            rank,
        });
    }

    let quorum = quorum.check(&participation);
    let graded = participation.ballots - participation.blank;
    let first: Vec<&OptionResult> = results.iter().filter(|r| r.rank == 1).collect();
    let (verdict, reason) = if !quorum.met {
        (Verdict::NoQuorum, quorum.shortfall_reason())
    } else if graded == 0 || first.is_empty() {
        (Verdict::NoResult, "No ballot graded any option.".to_owned())
    } else if let [winner] = first.as_slice() {
        let reason = format!(
            "{} comes first with the majority grade \"{}\" ({} grade(s) above it, {} below).",
            winner.option, winner.majority_grade_label, winner.above, winner.below
        );
        let option = winner.option.clone();
        (Verdict::Winner { option }, reason)
    } else {
        let tied: Vec<OptionId> = first.iter().map(|r| r.option.clone()).collect();
        let reason = format!("Tie: {} received exactly the same grades.", tied.join(", "));
        (Verdict::Tie { options: tied }, reason)
    };

    Ok(Outcome {
        participation,
        scale: scale.clone(),
        results,
        quorum,
        verdict,
        reason,
    })
}

/// The lower median of a profile (counts per grade, best first): the grade at position
/// n/2 when the n grades are listed best first, i.e. the worse of the two middle grades
/// when n is even.
fn lower_median(profile: &[u32]) -> Grade {
    let total: u32 = profile.iter().sum();
    let position = total / 2;
    let mut seen = 0;
    for (grade, &count) in profile.iter().enumerate() {
        seen += count;
        if seen > position {
            return grade;
        }
    }
    profile.len() - 1
}

/// Compares two options by majority value: their successive lower medians, each found
/// after removing one copy of the previous median. `Greater` means `a` ranks higher.
/// Both profiles hold the same number of grades, since every non-blank ballot grades
/// every option.
fn compare_profiles(a: &[u32], b: &[u32]) -> Ordering {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    loop {
        if a.iter().all(|&c| c == 0) || b.iter().all(|&c| c == 0) {
            return Ordering::Equal;
        }
        let (median_a, median_b) = (lower_median(&a), lower_median(&b));
        if median_a != median_b {
            // A smaller index is a better grade.
            return median_b.cmp(&median_a);
        }
        a[median_a] -= 1;
        b[median_b] -= 1;
    }
}

fn profiles_equal(a: &[u32], b: &[u32]) -> bool {
    compare_profiles(a, b) == Ordering::Equal
}

#[cfg(test)]
#[path = "majority_judgment_tests.rs"]
mod tests;
