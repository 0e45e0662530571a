//! A vote's rules and a ballot, in plain words for the vote page.

use crate::{
    domain::vote::{
        consent,
        majority::{self, Abstentions, Comparison, Threshold},
        spec::{Choice, Method, VoteSpec},
        Quorum,
    },
    web::Ctx,
};

use super::decision_words::{method_explain_key, method_key};

/// The rule's lines: method, threshold and abstentions, quorum, colleges, grades.
pub fn rules_in_words(ctx: &Ctx, spec: &VoteSpec, electorate: u32) -> Vec<String> {
    let mut lines = vec![format!(
        "{} {}",
        ctx.t1(
            "vote-rule-method",
            "name",
            &ctx.t(&method_key(spec.method.name()))
        ),
        ctx.t(&method_explain_key(spec.method.name()))
    )];
    match &spec.method {
        Method::Majority {
            threshold,
            abstentions,
        } => {
            lines.push(threshold_in_words(ctx, *threshold));
            lines.push(match abstentions {
                Abstentions::NotCounted => ctx.t("vote-rule-abstentions-not-counted"),
                Abstentions::Counted => ctx.t("vote-rule-abstentions-counted"),
            });
        }
        Method::MajorityJudgment { grades } => {
            lines.push(ctx.t1("vote-rule-grades", "name", &grades.grades.join(", ")));
        }
        _ => {}
    }
    lines.push(match spec.quorum {
        Quorum::None => ctx.t("vote-rule-quorum-none"),
        Quorum::Ballots { minimum } => ctx.count("vote-rule-quorum-ballots", i64::from(minimum)),
        Quorum::Share { minimum } => ctx.t_with(
            "vote-rule-quorum-share",
            &[
                ("share", minimum.to_string()),
                (
                    "required",
                    spec.quorum.required_ballots(electorate).to_string(),
                ),
            ],
        ),
    });
    if !spec.colleges.is_empty() {
        let colleges = spec
            .colleges
            .iter()
            .map(|c| format!("{} ({})", c.name, c.weight))
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(ctx.t1("vote-rule-colleges", "name", &colleges));
        if let Some(required) = spec.colleges_required {
            lines.push(ctx.count("vote-rule-colleges-required", i64::from(required)));
        }
    }
    lines
}

fn threshold_in_words(ctx: &Ctx, threshold: Threshold) -> String {
    if threshold == Threshold::SIMPLE_MAJORITY {
        return ctx.t("vote-rule-threshold-simple");
    }
    if threshold == Threshold::TWO_THIRDS {
        return ctx.t("vote-rule-threshold-two-thirds");
    }
    let share = threshold.share.to_string();
    match threshold.comparison {
        Comparison::MoreThan => ctx.t_with("vote-rule-threshold-more-than", &[("share", share)]),
        Comparison::AtLeast => ctx.t_with("vote-rule-threshold-at-least", &[("share", share)]),
    }
}

fn label<'a>(spec: &'a VoteSpec, id: &'a str) -> &'a str {
    spec.option_label(id).unwrap_or(id)
}

/// One ballot in words: "For", "Objection: …", "Approves: A, B", "A: Bien; B: Passable",
/// "1. A = B; 2. C".
pub fn choice_in_words(ctx: &Ctx, spec: &VoteSpec, choice: &Choice) -> String {
    match choice {
        Choice::Majority { vote } => ctx.t(match vote {
            majority::Ballot::For => "ballot-for",
            majority::Ballot::Against => "ballot-against",
            majority::Ballot::Abstain => "ballot-abstain",
        }),
        Choice::Consent { consent } => match consent {
            consent::Ballot::Consent => ctx.t("ballot-consent"),
            consent::Ballot::StandAside => ctx.t("ballot-stand-aside"),
            consent::Ballot::Objection { reason } => {
                ctx.t1("ballot-objection-because", "name", reason)
            }
        },
        Choice::Approval { approved } if approved.is_empty() => ctx.t("ballot-approves-nothing"),
        Choice::Approval { approved } => {
            let labels: Vec<&str> = spec
                .options
                .iter()
                .filter(|o| approved.contains(&o.id))
                .map(|o| o.label.as_str())
                .collect();
            ctx.t1("ballot-approves", "name", &labels.join(", "))
        }
        Choice::MajorityJudgment { grades } if grades.is_empty() => ctx.t("ballot-blank"),
        Choice::MajorityJudgment { grades } => {
            let scale = match &spec.method {
                Method::MajorityJudgment { grades } => grades.grades.clone(),
                _ => vec![],
            };
            spec.options
                .iter()
                .filter_map(|o| {
                    let grade = grades.get(&o.id)?;
                    let word = scale.get(*grade).cloned().unwrap_or_default();
                    Some(ctx.t_with(
                        "ballot-graded",
                        &[("name", o.label.clone()), ("grade", word)],
                    ))
                })
                .collect::<Vec<_>>()
                .join(" ; ")
        }
        Choice::Ranked { ranking } if ranking.iter().all(Vec::is_empty) => ctx.t("ballot-blank"),
        Choice::Ranked { ranking } => ranking
            .iter()
            .filter(|group| !group.is_empty())
            .enumerate()
            .map(|(place, group)| {
                let names: Vec<&str> = group.iter().map(|id| label(spec, id)).collect();
                format!("{}. {}", place + 1, names.join(" = "))
            })
            .collect::<Vec<_>>()
            .join(" ; "),
    }
}
