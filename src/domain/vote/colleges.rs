//! Colleges: a majority vote whose electorate is divided into weighted colleges.
//!
//! In a SCIC general assembly each college (salariés, bénéficiaires, fondateurs…) counts
//! for a fixed weight, e.g. 50 / 30 / 20, whatever its size. Each college's "for" share is
//! computed on its own, with the same threshold and abstention rule, and the shares are
//! combined by weight. A college in which nobody expressed a vote is left out and the
//! weights of the others are scaled up, so that an absent college neither approves nor
//! blocks. A double majority also requires the proposal to be adopted within a given
//! number of colleges. Quorum applies to the whole electorate.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::majority::{self, Counts};
use super::{Cast, Participation, QuorumCheck, TallyError, Verdict};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct College {
    pub name: String,
    /// Relative weight, e.g. 50 for 50 %.
    pub weight: u32,
    /// Members of this college entitled to vote.
    pub electorate: u32,
}

/// The ballots cast within one college, in the order they were cast.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollegeBallots {
    pub college: College,
    pub casts: Vec<Cast<majority::Ballot>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    pub majority: majority::Rules,
    /// Double majority: the number of colleges in which the proposal must also be adopted.
    pub colleges_required: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollegeResult {
    pub name: String,
    pub weight: u32,
    pub participation: Participation,
    pub counts: Counts,
    pub share_for: Option<f64>,
    /// `None` when nobody in the college expressed a vote (the college is left out).
    pub adopts: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// All colleges together.
    pub participation: Participation,
    pub colleges: Vec<CollegeResult>,
    /// Weighted "for" share over the colleges that expressed votes, for display.
    pub weighted_share_for: Option<f64>,
    pub colleges_adopting: u32,
    pub rules: Rules,
    pub quorum: QuorumCheck,
    pub verdict: Verdict,
    pub reason: String,
}

pub fn tally(colleges: &[CollegeBallots], rules: &Rules) -> Result<Outcome, TallyError> {
    check_voters_in_one_college(colleges)?;
    let mut results = Vec::with_capacity(colleges.len());
    let mut total = Participation::new(0, 0, 0);
    for college in colleges {
        let own = majority::tally(&college.casts, college.college.electorate, &rules.majority);
        total.electorate += own.participation.electorate;
        total.ballots += own.participation.ballots;
        total.abstentions += own.participation.abstentions;
        total.replaced += own.participation.replaced;
        results.push(CollegeResult {
            name: college.college.name.clone(),
            weight: college.college.weight,
            adopts: majority::adopts(&own.counts, &rules.majority),
            share_for: own.share_for,
            participation: own.participation,
            counts: own.counts,
        });
    }

    let expressed: Vec<&CollegeResult> = results.iter().filter(|r| r.adopts.is_some()).collect();
    let total_weight: u64 = expressed.iter().map(|r| u64::from(r.weight)).sum();
    let weighted_share_for = (total_weight > 0).then(|| {
        expressed
            .iter()
            .map(|r| f64::from(r.weight) * r.share_for.unwrap_or(0.0))
            .sum::<f64>()
            / total_weight as f64
    });
    let colleges_adopting =
        super::to_u32(results.iter().filter(|r| r.adopts == Some(true)).count());
    let quorum = rules.majority.quorum.check(&total);

    let (verdict, reason) = if !quorum.met {
        (Verdict::NoQuorum, quorum.shortfall_reason())
    } else if total.ballots == 0 {
        (Verdict::NoResult, "No ballot was cast.".to_owned())
    } else if total_weight == 0 {
        (
            Verdict::Rejected,
            "Rejected: no vote for or against in any college.".to_owned(),
        )
    } else {
        let weighted_ok = weighted_threshold_met(&expressed, total_weight, rules);
        let share = weighted_share_for.unwrap_or(0.0) * 100.0;
        let colleges_ok = rules
            .colleges_required
            .is_none_or(|n| colleges_adopting >= n);
        let mut reason = format!(
            "Weighted share for: {share:.2} % over {} college(s) that voted",
            expressed.len()
        );
        if let Some(required) = rules.colleges_required {
            reason.push_str(&format!(
                "; adopted within {colleges_adopting} college(s), {required} required"
            ));
        }
        if weighted_ok && colleges_ok {
            (Verdict::Adopted, format!("Adopted. {reason}."))
        } else {
            (Verdict::Rejected, format!("Rejected. {reason}."))
        }
    };

    Ok(Outcome {
        participation: total,
        colleges: results,
        weighted_share_for,
        colleges_adopting,
        rules: *rules,
        quorum,
        verdict,
        reason,
    })
}

/// Whether Σ weight × for / base, over Σ weight, meets the threshold, computed exactly in
/// integers so that a weighted share of exactly one half is recognised as such.
fn weighted_threshold_met(expressed: &[&CollegeResult], total_weight: u64, rules: &Rules) -> bool {
    let abstentions = rules.majority.abstentions;
    let exact = || -> Option<bool> {
        // Running sum as numerator / denominator.
        let (mut numerator, mut denominator) = (0u128, 1u128);
        for college in expressed {
            let base = u128::from(college.counts.base(abstentions));
            let part = u128::from(college.weight) * u128::from(college.counts.in_favour);
            numerator = numerator
                .checked_mul(base)?
                .checked_add(part.checked_mul(denominator)?)?;
            denominator = denominator.checked_mul(base)?;
            let divisor = gcd(numerator, denominator);
            numerator /= divisor;
            denominator /= divisor;
        }
        // numerator / (denominator × total_weight) against share.n / share.d.
        let share = rules.majority.threshold.share;
        let left = numerator.checked_mul(u128::from(share.denominator))?;
        let right = u128::from(share.numerator)
            .checked_mul(denominator)?
            .checked_mul(u128::from(total_weight))?;
        Some(match rules.majority.threshold.comparison {
            majority::Comparison::MoreThan => left > right,
            majority::Comparison::AtLeast => left >= right,
        })
    };
    // Overflow needs dozens of large colleges; floating point is then close enough.
    exact().unwrap_or_else(|| {
        let share: f64 = expressed
            .iter()
            .map(|r| f64::from(r.weight) * r.share_for.unwrap_or(0.0))
            .sum::<f64>()
            / total_weight as f64;
        let threshold = rules.majority.threshold.share.as_f64();
        match rules.majority.threshold.comparison {
            majority::Comparison::MoreThan => share > threshold,
            majority::Comparison::AtLeast => share >= threshold,
        }
    })
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

fn check_voters_in_one_college(colleges: &[CollegeBallots]) -> Result<(), TallyError> {
    let mut seen_elsewhere = BTreeSet::new();
    for college in colleges {
        let voters: BTreeSet<&str> = college.casts.iter().map(|c| c.voter.as_str()).collect();
        for voter in voters {
            if !seen_elsewhere.insert(voter) {
                return Err(TallyError::InvalidBallot {
                    voter: voter.to_owned(),
                    reason: "voted in more than one college".into(),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "colleges_tests.rs"]
mod tests;
