//! Consent (sociocracy): a proposal passes unless a reasoned objection stands.
//!
//! Each member consents, stands aside, or objects. An objection must give its reason (why
//! the proposal would harm the group's aims): an objection without a reason is refused.
//! An objection is withdrawn by casting a new ballot, since only each member's last ballot
//! counts. Standing aside is an abstention: it shows, and it does not block.

use serde::{Deserialize, Serialize};

use super::{
    final_ballots, Cast, Participation, Quorum, QuorumCheck, TallyError, Verdict, VoterId,
};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Ballot {
    Consent,
    StandAside,
    Objection { reason: String },
}

impl Ballot {
    /// The check a ballot passes before it is accepted: an objection needs a reason.
    pub fn validate(&self) -> Result<(), &'static str> {
        match self {
            Ballot::Objection { reason } if reason.trim().is_empty() => {
                Err("an objection must give its reason")
            }
            _ => Ok(()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandingObjection {
    pub voter: VoterId,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub participation: Participation,
    pub consents: u32,
    pub stand_asides: u32,
    /// Objections still standing after every member's last ballot.
    pub objections: Vec<StandingObjection>,
    pub quorum: QuorumCheck,
    pub verdict: Verdict,
    pub reason: String,
}

pub fn tally(
    casts: &[Cast<Ballot>],
    electorate: u32,
    quorum: Quorum,
) -> Result<Outcome, TallyError> {
    let ballots = final_ballots(casts);
    let mut participation = Participation::new(electorate, casts.len(), ballots.len());
    let (mut consents, mut stand_asides, mut objections) = (0, 0, Vec::new());
    for (voter, ballot) in &ballots {
        ballot
            .validate()
            .map_err(|reason| TallyError::InvalidBallot {
                voter: (*voter).to_owned(),
                reason: reason.to_owned(),
            })?;
        match ballot {
            Ballot::Consent => consents += 1,
            Ballot::StandAside => stand_asides += 1,
            Ballot::Objection { reason } => objections.push(StandingObjection {
                voter: (*voter).to_owned(),
                reason: reason.trim().to_owned(),
            }),
        }
    }
    participation.abstentions = stand_asides;

    let quorum = quorum.check(&participation);
    let (verdict, reason) = if !quorum.met {
        (Verdict::NoQuorum, quorum.shortfall_reason())
    } else if participation.ballots == 0 {
        (Verdict::NoResult, "No ballot was cast.".to_owned())
    } else if objections.is_empty() {
        let reason = format!(
            "Adopted by consent: no objection stands ({consents} consent(s), {stand_asides} standing aside)."
        );
        (Verdict::Adopted, reason)
    } else {
        let reason = format!(
            "Not adopted: {} reasoned objection(s) stand; the proposal goes back to deliberation.",
            objections.len()
        );
        (Verdict::Rejected, reason)
    };

    Ok(Outcome {
        participation,
        consents,
        stand_asides,
        objections,
        quorum,
        verdict,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objection(reason: &str) -> Ballot {
        Ballot::Objection {
            reason: reason.to_owned(),
        }
    }

    #[test]
    fn passes_when_nobody_objects() {
        let casts = vec![
            Cast::new("a", Ballot::Consent),
            Cast::new("b", Ballot::StandAside),
            Cast::new("c", Ballot::Consent),
        ];
        let outcome = tally(&casts, 4, Quorum::None).unwrap();
        assert_eq!(outcome.verdict, Verdict::Adopted);
        assert_eq!(outcome.consents, 2);
        assert_eq!(outcome.participation.abstentions, 1);
    }

    #[test]
    fn one_reasoned_objection_blocks() {
        let casts = vec![
            Cast::new("a", Ballot::Consent),
            Cast::new("b", objection("Le budget dépasse nos réserves.")),
        ];
        let outcome = tally(&casts, 2, Quorum::None).unwrap();
        assert_eq!(outcome.verdict, Verdict::Rejected);
        assert_eq!(outcome.objections[0].voter, "b");
        assert_eq!(
            outcome.objections[0].reason,
            "Le budget dépasse nos réserves."
        );
    }

    #[test]
    fn an_objection_without_reason_is_invalid() {
        assert!(objection("   ").validate().is_err());
        let casts = vec![Cast::new("a", objection(""))];
        let error = tally(&casts, 1, Quorum::None).unwrap_err();
        assert!(matches!(error, TallyError::InvalidBallot { .. }));
    }

    #[test]
    fn a_withdrawn_objection_no_longer_blocks() {
        let casts = vec![
            Cast::new("a", objection("Pas de date de bilan.")),
            Cast::new("b", Ballot::Consent),
            Cast::new("a", Ballot::Consent),
        ];
        let outcome = tally(&casts, 2, Quorum::None).unwrap();
        assert_eq!(outcome.verdict, Verdict::Adopted);
        assert!(outcome.objections.is_empty());
        assert_eq!(outcome.participation.replaced, 1);
    }

    #[test]
    fn nobody_voting_decides_nothing() {
        let outcome = tally(&[], 5, Quorum::None).unwrap();
        assert_eq!(outcome.verdict, Verdict::NoResult);
        let quorum = Quorum::Ballots { minimum: 3 };
        let casts = vec![Cast::new("a", Ballot::Consent)];
        assert_eq!(tally(&casts, 5, quorum).unwrap().verdict, Verdict::NoQuorum);
    }
}
