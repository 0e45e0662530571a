//! The ballot form, shaped by the vote's method, and its reading back into a `BallotInput`.
//!
//! Majority and consent are radios (`choice`, and `reason` for an objection); approval is
//! one checkbox per option (`approved`, the option's index); majority judgment one grade
//! select per option (`grade-N`, the grade's index, 0 the best); ranked one rank select per
//! option (`rank-N`; equal numbers are a tie, an empty rank leaves the option unranked).
//! Options are named by index in the form so that any option id is safe in a field name.

use std::collections::BTreeMap;

use crate::{
    domain::vote::{
        consent, majority,
        spec::{BallotInput, Choice, Method, VoteSpec},
    },
    web::Ctx,
};

/// A radio, checkbox or select choice.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One option of the vote, as the form shows it.
pub struct OptionField {
    pub index: usize,
    pub label: String,
    /// Approval: ticked. Grades and ranks: the choices of its select.
    pub checked: bool,
    pub choices: Vec<Opt>,
}

/// What the ballot form shows: `kind` is majority, consent, approval, grades or ranks.
pub struct BallotForm {
    pub kind: &'static str,
    /// Majority and consent: the answers.
    pub answers: Vec<Opt>,
    pub reason: String,
    pub options: Vec<OptionField>,
}

/// The form for `spec`, filled with the member's `current` ballot.
pub fn ballot_form(ctx: &Ctx, spec: &VoteSpec, current: Option<&Choice>) -> BallotForm {
    let answer = |value: &str, key: &str, selected: bool| Opt {
        value: value.to_owned(),
        label: ctx.t(key),
        selected,
    };
    let mut form = BallotForm {
        kind: "majority",
        answers: vec![],
        reason: String::new(),
        options: vec![],
    };
    match &spec.method {
        Method::Majority { .. } => {
            let vote = match current {
                Some(Choice::Majority { vote }) => Some(*vote),
                _ => None,
            };
            form.answers = vec![
                answer("for", "ballot-for", vote == Some(majority::Ballot::For)),
                answer(
                    "against",
                    "ballot-against",
                    vote == Some(majority::Ballot::Against),
                ),
                answer(
                    "abstain",
                    "ballot-abstain",
                    vote == Some(majority::Ballot::Abstain),
                ),
            ];
        }
        Method::Consent => {
            form.kind = "consent";
            let given = match current {
                Some(Choice::Consent { consent }) => Some(consent),
                _ => None,
            };
            if let Some(consent::Ballot::Objection { reason }) = given {
                form.reason = reason.clone();
            }
            form.answers = vec![
                answer(
                    "consent",
                    "ballot-consent",
                    matches!(given, Some(consent::Ballot::Consent)),
                ),
                answer(
                    "stand_aside",
                    "ballot-stand-aside",
                    matches!(given, Some(consent::Ballot::StandAside)),
                ),
                answer(
                    "objection",
                    "ballot-objection",
                    matches!(given, Some(consent::Ballot::Objection { .. })),
                ),
            ];
        }
        Method::Approval => {
            form.kind = "approval";
            form.options = option_fields(spec, |id| {
                let checked =
                    matches!(current, Some(Choice::Approval { approved }) if approved.contains(id));
                (checked, vec![])
            });
        }
        Method::MajorityJudgment { grades } => {
            form.kind = "grades";
            form.options = option_fields(spec, |id| {
                let given = match current {
                    Some(Choice::MajorityJudgment { grades }) => grades.get(id).copied(),
                    _ => None,
                };
                let mut choices = vec![Opt {
                    value: String::new(),
                    label: ctx.t("ballot-no-grade"),
                    selected: given.is_none(),
                }];
                choices.extend(grades.grades.iter().enumerate().map(|(i, word)| Opt {
                    value: i.to_string(),
                    label: word.clone(),
                    selected: given == Some(i),
                }));
                (false, choices)
            });
        }
        Method::Ranked => {
            form.kind = "ranks";
            let count = spec.options.len();
            form.options = option_fields(spec, |id| {
                let given = match current {
                    Some(Choice::Ranked { ranking }) => ranking
                        .iter()
                        .filter(|group| !group.is_empty())
                        .position(|group| group.iter().any(|o| o == id))
                        .map(|place| place + 1),
                    _ => None,
                };
                let mut choices = vec![Opt {
                    value: String::new(),
                    label: ctx.t("ballot-no-rank"),
                    selected: given.is_none(),
                }];
                choices.extend((1..=count).map(|rank| Opt {
                    value: rank.to_string(),
                    label: rank.to_string(),
                    selected: given == Some(rank),
                }));
                (false, choices)
            });
        }
    }
    form
}

fn option_fields(
    spec: &VoteSpec,
    mut field: impl FnMut(&String) -> (bool, Vec<Opt>),
) -> Vec<OptionField> {
    spec.options
        .iter()
        .enumerate()
        .map(|(index, option)| {
            let (checked, choices) = field(&option.id);
            OptionField {
                index,
                label: option.label.clone(),
                checked,
                choices,
            }
        })
        .collect()
}

/// Reads the submitted fields into a `BallotInput` for `spec`. `Err` is an error text key.
pub fn ballot_input(
    spec: &VoteSpec,
    fields: &[(String, String)],
) -> Result<BallotInput, &'static str> {
    let option = |raw: &str| -> Result<String, &'static str> {
        raw.trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| spec.options.get(i))
            .map(|o| o.id.clone())
            .ok_or("error-unknown-option")
    };
    let mut input = BallotInput::default();
    let mut ranks: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for (name, value) in fields {
        match name.as_str() {
            "choice" => input.choice = Some(value.clone()),
            "reason" => input.reason = Some(value.clone()),
            "approved" => input.approved.push(option(value)?),
            _ => {
                if let Some(index) = name.strip_prefix("grade-") {
                    if !value.trim().is_empty() {
                        let grade = value.trim().parse().map_err(|_| "error-invalid-ballot")?;
                        input.grades.insert(option(index)?, grade);
                    }
                } else if let Some(index) = name.strip_prefix("rank-") {
                    if !value.trim().is_empty() {
                        let rank = value.trim().parse().map_err(|_| "error-invalid-ballot")?;
                        ranks.entry(rank).or_default().push(option(index)?);
                    }
                }
            }
        }
    }
    input.ranking = ranks.into_values().collect();
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vote::spec::VoteOption;

    fn spec(method: Method) -> VoteSpec {
        VoteSpec {
            method,
            options: ["rennes", "nantes", "brest"]
                .iter()
                .map(|id| VoteOption {
                    id: id.to_string(),
                    label: id.to_uppercase(),
                })
                .collect(),
            quorum: Default::default(),
            colleges: vec![],
            colleges_required: None,
        }
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn equal_ranks_are_ties_and_empty_ranks_are_left_out() {
        let spec = spec(Method::Ranked);
        let input = ballot_input(
            &spec,
            &fields(&[
                ("csrf", "x"),
                ("rank-0", "2"),
                ("rank-1", "1"),
                ("rank-2", "2"),
            ]),
        )
        .unwrap();
        assert_eq!(
            input.ranking,
            vec![
                vec!["nantes".to_string()],
                vec!["rennes".into(), "brest".into()]
            ]
        );
        let choice = spec.choice_from(input).unwrap();
        spec.check_choice("v", &choice).unwrap();
        let input = ballot_input(&spec, &fields(&[("rank-0", "3"), ("rank-1", "")])).unwrap();
        assert_eq!(input.ranking, vec![vec!["rennes".to_string()]]);
        assert_eq!(
            ballot_input(&spec, &fields(&[("rank-7", "1")])),
            Err("error-unknown-option")
        );
    }

    #[test]
    fn grades_and_approvals_name_options_by_index() {
        let spec = spec(Method::MajorityJudgment {
            grades: Default::default(),
        });
        let input = ballot_input(&spec, &fields(&[("grade-0", "1"), ("grade-2", "")])).unwrap();
        assert_eq!(input.grades.get("rennes"), Some(&1));
        assert_eq!(input.grades.len(), 1);
        let approval = super::tests::spec(Method::Approval);
        let input =
            ballot_input(&approval, &fields(&[("approved", "0"), ("approved", "2")])).unwrap();
        assert_eq!(input.approved, ["rennes", "brest"]);
    }
}
