//! A vote as a fediverse poll: the answers a Mastodon-compatible `Question` offers, how a
//! poll answer (a `Note` whose `name` is the answer) becomes a ballot, and the per-answer
//! counts the poll shows.
//!
//! A poll answer carries only a name, so each method offers what a name can say: majority
//! and consent offer their words (an objection needs a reason, so it is made on the vote's
//! page); approval is a multiple-choice poll; a ranked vote offers the first preference;
//! majority judgment (a grade per option) has no poll form at all.

use std::collections::BTreeSet;

use super::{
    consent, majority,
    spec::{Choice, Method, VoteSpec},
};

/// Whether members pick one answer or several.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PollKind {
    OneOf,
    AnyOf,
}

/// The words of the majority and consent answers, French first as our members read them.
pub const FOR: &str = "Pour";
pub const AGAINST: &str = "Contre";
pub const ABSTAIN: &str = "Abstention";
pub const CONSENT: &str = "Consentement";
pub const STAND_ASIDE: &str = "Je me retire";

impl VoteSpec {
    /// The poll form of this vote, if a name can express its ballots.
    pub fn poll(&self) -> Option<(PollKind, Vec<String>)> {
        let words = |list: &[&str]| list.iter().map(|w| (*w).to_owned()).collect();
        let labels = || self.options.iter().map(|o| o.label.clone()).collect();
        match &self.method {
            Method::Majority { .. } => Some((PollKind::OneOf, words(&[FOR, AGAINST, ABSTAIN]))),
            Method::Consent => Some((PollKind::OneOf, words(&[CONSENT, STAND_ASIDE]))),
            Method::Approval => Some((PollKind::AnyOf, labels())),
            Method::Ranked => Some((PollKind::OneOf, labels())),
            Method::MajorityJudgment { .. } => None,
        }
    }

    fn option_by_label(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|o| o.label.trim() == name.trim())
            .map(|o| o.id.as_str())
    }

    /// The ballot a poll answer stands for. For approval, a poll sends one answer per
    /// approved option, so each answer adds to the voter's `current` ballot. `None` when the
    /// name is not one of the poll's answers.
    pub fn choice_from_poll_answer(&self, name: &str, current: Option<&Choice>) -> Option<Choice> {
        let name = name.trim();
        match &self.method {
            Method::Majority { .. } => {
                let vote = match name {
                    FOR => majority::Ballot::For,
                    AGAINST => majority::Ballot::Against,
                    ABSTAIN => majority::Ballot::Abstain,
                    _ => return None,
                };
                Some(Choice::Majority { vote })
            }
            Method::Consent => {
                let consent = match name {
                    CONSENT => consent::Ballot::Consent,
                    STAND_ASIDE => consent::Ballot::StandAside,
                    _ => return None,
                };
                Some(Choice::Consent { consent })
            }
            Method::Approval => {
                let option = self.option_by_label(name)?.to_owned();
                let mut approved = match current {
                    Some(Choice::Approval { approved }) => approved.clone(),
                    _ => BTreeSet::new(),
                };
                approved.insert(option);
                Some(Choice::Approval { approved })
            }
            Method::Ranked => Some(Choice::Ranked {
                ranking: vec![vec![self.option_by_label(name)?.to_owned()]],
            }),
            Method::MajorityJudgment { .. } => None,
        }
    }

    /// How many ballots give each poll answer, in the order of [`VoteSpec::poll`]: for a
    /// ranked vote, first preferences.
    pub fn poll_counts<'a>(&self, choices: impl IntoIterator<Item = &'a Choice>) -> Vec<u32> {
        let Some((_, answers)) = self.poll() else {
            return Vec::new();
        };
        let mut counts = vec![0u32; answers.len()];
        for choice in choices {
            for (index, answer) in answers.iter().enumerate() {
                if self.gives_answer(choice, index, answer) {
                    counts[index] += 1;
                }
            }
        }
        counts
    }

    /// The poll answer a ballot reads as (its first, for approval), for software that only
    /// knows polls; `None` when the method is not a poll or the ballot gives no answer.
    pub fn poll_answer(&self, choice: &Choice) -> Option<String> {
        let (_, answers) = self.poll()?;
        answers
            .iter()
            .enumerate()
            .find(|(index, answer)| self.gives_answer(choice, *index, answer))
            .map(|(_, answer)| answer.clone())
    }

    fn gives_answer(&self, choice: &Choice, index: usize, answer: &str) -> bool {
        match choice {
            Choice::Majority { vote } => {
                let words = [FOR, AGAINST, ABSTAIN];
                let ballots = [
                    majority::Ballot::For,
                    majority::Ballot::Against,
                    majority::Ballot::Abstain,
                ];
                words.get(index) == Some(&answer) && ballots.get(index) == Some(vote)
            }
            Choice::Consent { consent } => matches!(
                (index, consent),
                (0, consent::Ballot::Consent) | (1, consent::Ballot::StandAside)
            ),
            Choice::Approval { approved } => self
                .option_by_label(answer)
                .is_some_and(|id| approved.contains(id)),
            Choice::Ranked { ranking } => self.option_by_label(answer).is_some_and(|id| {
                ranking
                    .first()
                    .is_some_and(|first| first.iter().any(|o| o == id))
            }),
            Choice::MajorityJudgment { .. } => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vote::{spec::VoteOption, Quorum};

    fn spec(method: Method, labels: &[&str]) -> VoteSpec {
        VoteSpec {
            method,
            options: labels
                .iter()
                .enumerate()
                .map(|(i, l)| VoteOption {
                    id: format!("o{i}"),
                    label: (*l).to_owned(),
                })
                .collect(),
            quorum: Quorum::None,
            colleges: vec![],
            colleges_required: None,
        }
    }

    #[test]
    fn majority_answers_are_its_three_words() {
        let vote = spec(
            Method::Majority {
                threshold: majority::Threshold::SIMPLE_MAJORITY,
                abstentions: majority::Abstentions::NotCounted,
            },
            &[],
        );
        let (kind, answers) = vote.poll().unwrap();
        assert_eq!(kind, PollKind::OneOf);
        assert_eq!(answers, ["Pour", "Contre", "Abstention"]);
        assert_eq!(
            vote.choice_from_poll_answer("Contre", None),
            Some(Choice::Majority {
                vote: majority::Ballot::Against
            })
        );
        assert_eq!(vote.choice_from_poll_answer("Peut-être", None), None);
        let ballots = [
            Choice::Majority {
                vote: majority::Ballot::For,
            },
            Choice::Majority {
                vote: majority::Ballot::For,
            },
            Choice::Majority {
                vote: majority::Ballot::Abstain,
            },
        ];
        assert_eq!(vote.poll_counts(&ballots), [2, 0, 1]);
        assert_eq!(vote.poll_answer(&ballots[2]).as_deref(), Some("Abstention"));
    }

    #[test]
    fn approval_answers_add_up_to_one_ballot() {
        let vote = spec(Method::Approval, &["Lundi", "Mardi", "Jeudi"]);
        assert_eq!(vote.poll().unwrap().0, PollKind::AnyOf);
        let first = vote.choice_from_poll_answer("Lundi", None).unwrap();
        let both = vote.choice_from_poll_answer("Jeudi", Some(&first)).unwrap();
        assert_eq!(
            both,
            Choice::Approval {
                approved: ["o0".to_owned(), "o2".to_owned()].into()
            }
        );
        assert_eq!(vote.poll_counts([&first, &both]), [2, 0, 1]);
        assert_eq!(vote.poll_answer(&both).as_deref(), Some("Lundi"));
        let none = Choice::Approval {
            approved: Default::default(),
        };
        assert_eq!(vote.poll_answer(&none), None);
    }

    #[test]
    fn a_ranked_poll_answer_is_a_first_preference_and_grades_have_no_poll() {
        let vote = spec(Method::Ranked, &["A", "B"]);
        assert_eq!(
            vote.choice_from_poll_answer("B", None),
            Some(Choice::Ranked {
                ranking: vec![vec!["o1".to_owned()]]
            })
        );
        let judged = spec(
            Method::MajorityJudgment {
                grades: Default::default(),
            },
            &["A", "B"],
        );
        assert!(judged.poll().is_none());
        assert_eq!(judged.choice_from_poll_answer("A", None), None);
    }
}
