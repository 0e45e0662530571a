//! The form a moderator fills to open a vote on a proposal: method, options (one per line,
//! `id: label` or just a label), threshold, quorum, closing time, the group's colleges. It
//! only reads the form into a `VoteSpec`; the service checks the rules and opens the vote.

use std::collections::{BTreeSet, HashMap};

use axum::{extract::Path, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{
    decision_words::{method_explain_key, method_key, moment_field, parse_moment, Pick, METHODS},
    proposals::{proposal_view, Drafts},
};
use crate::{
    domain::vote::{
        majority::{Abstentions, Comparison, Threshold},
        majority_judgment::GradeScale,
        spec::{Method, VoteOption, VoteSpec},
        Fraction, Quorum,
    },
    error::AppError,
    service::{self, votes::OpenVote},
    storage::now_millis,
    web::{csrf::CsrfForm, redirect_with_notice, Ctx},
};

#[derive(Deserialize, Clone)]
pub struct OpenVoteForm {
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub threshold: String,
    #[serde(default)]
    pub options: String,
    #[serde(default)]
    pub quorum_kind: String,
    #[serde(default)]
    pub quorum_value: String,
    #[serde(default)]
    pub closes_at: String,
    #[serde(default)]
    pub group_colleges: Option<String>,
    /// Count abstentions in the votes expressed (majority).
    #[serde(default)]
    pub count_abstentions: Option<String>,
    /// Double majority: how many colleges must each adopt (empty: the weighted result alone).
    #[serde(default)]
    pub colleges_required: String,
    /// Majority judgment: the grades, best first, one per line (empty: the usual seven).
    #[serde(default)]
    pub grades: String,
}

impl Default for OpenVoteForm {
    fn default() -> Self {
        OpenVoteForm {
            method: "majority".into(),
            threshold: "simple".into(),
            options: String::new(),
            quorum_kind: "none".into(),
            quorum_value: String::new(),
            closes_at: moment_field(now_millis() + 7 * 24 * 3600 * 1000),
            group_colleges: None,
            count_abstentions: None,
            colleges_required: String::new(),
            grades: String::new(),
        }
    }
}

const THRESHOLDS: [&str; 3] = ["simple", "two_thirds", "three_quarters"];
const QUORUM_KINDS: [&str; 3] = ["none", "ballots", "percent"];

/// The form with its choices in words.
pub struct OpenVoteView {
    pub form: OpenVoteForm,
    pub methods: Vec<Pick>,
    pub thresholds: Vec<Pick>,
    pub quorum_kinds: Vec<Pick>,
}

impl OpenVoteView {
    pub fn new(ctx: &Ctx, form: OpenVoteForm) -> OpenVoteView {
        let picks = |values: &[&'static str], prefix: &str, chosen: &str| {
            values
                .iter()
                .map(|value| Pick {
                    value,
                    label: ctx.t(&format!("{prefix}-{}", value.replace('_', "-"))),
                    explain: String::new(),
                    selected: *value == chosen,
                })
                .collect::<Vec<_>>()
        };
        OpenVoteView {
            methods: METHODS
                .iter()
                .map(|method| Pick {
                    value: method,
                    label: ctx.t(&method_key(method)),
                    explain: ctx.t(&method_explain_key(method)),
                    selected: *method == form.method,
                })
                .collect(),
            thresholds: picks(&THRESHOLDS, "threshold", &form.threshold),
            quorum_kinds: picks(&QUORUM_KINDS, "quorum-kind", &form.quorum_kind),
            form,
        }
    }

    /// Every key `new` builds, for the test that they exist.
    #[cfg(test)]
    fn keys() -> Vec<String> {
        THRESHOLDS
            .iter()
            .map(|t| format!("threshold-{}", t.replace('_', "-")))
            .chain(
                QUORUM_KINDS
                    .iter()
                    .map(|q| format!("quorum-kind-{}", q.replace('_', "-"))),
            )
            .collect()
    }
}

/// An option id made from a label: lowercase letters and digits, accents dropped, words
/// joined by `-`.
pub fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'œ' => {
                out.push('o');
                'e'
            }
            'æ' => {
                out.push('a');
                'e'
            }
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if plain != '-' || !out.ends_with('-') {
            out.push(plain);
        }
    }
    out.trim_matches('-').chars().take(60).collect()
}

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// One option per line: `id: label`, or a label whose id is made from it. Empty lines are
/// skipped; a repeated id gets a number.
pub fn parse_options(text: &str) -> Vec<VoteOption> {
    let mut options = Vec::new();
    let mut ids = BTreeSet::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (id, label) = match line.split_once(':') {
            Some((id, label)) if is_id(id.trim()) && !label.trim().is_empty() => {
                (id.trim().to_owned(), label.trim().to_owned())
            }
            _ => (slug(line), line.to_owned()),
        };
        let base = if id.is_empty() {
            format!("option-{}", options.len() + 1)
        } else {
            id
        };
        let mut id = base.clone();
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        options.push(VoteOption { id, label });
    }
    options
}

fn reduced(numerator: u64, denominator: u64) -> Fraction {
    fn gcd(a: u64, b: u64) -> u64 {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    let g = gcd(numerator, denominator).max(1);
    Fraction {
        numerator: numerator / g,
        denominator: denominator / g,
    }
}

/// Reads the form; errors are (field, text key).
pub fn read_form(form: &OpenVoteForm) -> Result<OpenVote, Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    let threshold = match form.threshold.as_str() {
        "two_thirds" => Threshold::TWO_THIRDS,
        "three_quarters" => Threshold {
            share: Fraction {
                numerator: 3,
                denominator: 4,
            },
            comparison: Comparison::AtLeast,
        },
        _ => Threshold::SIMPLE_MAJORITY,
    };
    let abstentions = if form.count_abstentions.is_some() {
        Abstentions::Counted
    } else {
        Abstentions::NotCounted
    };
    let grades: Vec<String> = form
        .grades
        .lines()
        .map(|g| crate::domain::content::clean_line(g, 60))
        .filter(|g| !g.is_empty())
        .collect();
    let scale = if grades.is_empty() {
        GradeScale::default()
    } else {
        GradeScale::new(grades.iter().map(String::as_str))
    };
    let method = match form.method.as_str() {
        "majority" => Some(Method::Majority {
            threshold,
            abstentions,
        }),
        "approval" => Some(Method::Approval),
        "consent" => Some(Method::Consent),
        "majority_judgment" => {
            if !(2..=10).contains(&scale.grades.len()) {
                errors.push(("vote-grades", "error-invalid-grades"));
            }
            Some(Method::MajorityJudgment { grades: scale })
        }
        "ranked" => Some(Method::Ranked),
        _ => {
            errors.push(("vote-method", "error-invalid-choice"));
            None
        }
    };
    let value = form.quorum_value.trim().parse::<u32>().ok();
    let quorum = match (form.quorum_kind.as_str(), value) {
        ("ballots", Some(minimum)) if minimum > 0 => Quorum::Ballots { minimum },
        ("percent", Some(share)) if (1..=100).contains(&share) => Quorum::Share {
            minimum: reduced(u64::from(share), 100),
        },
        ("ballots" | "percent", _) => {
            errors.push(("vote-quorum", "error-invalid-quorum"));
            Quorum::None
        }
        _ => Quorum::None,
    };
    let colleges_required = match form.colleges_required.trim() {
        "" => None,
        raw => match raw.parse::<u32>() {
            Ok(n) if n > 0 && form.group_colleges.is_some() => Some(n),
            _ => {
                errors.push(("vote-colleges", "error-invalid-colleges-required"));
                None
            }
        },
    };
    let closes_at = parse_moment(&form.closes_at).unwrap_or_else(|_| {
        errors.push(("vote-closes", "error-invalid-date"));
        0
    });
    match method {
        Some(method) if errors.is_empty() => Ok(OpenVote {
            spec: VoteSpec {
                options: if method.has_options() {
                    parse_options(&form.options)
                } else {
                    vec![]
                },
                method,
                quorum,
                colleges: vec![],
                colleges_required,
            },
            group_colleges: form.group_colleges.is_some(),
            closes_at,
        }),
        _ => Err(errors),
    }
}

/// The field a service refusal is about.
fn field_of(err: &AppError) -> &'static str {
    match err.code() {
        "invalid_closing_time" => "vote-closes",
        "invalid_vote_rules" | "unknown_option" => "vote-options",
        "no_colleges" | "unknown_college" => "vote-colleges",
        _ => "vote-form",
    }
}

/// `POST /proposal/{id}/votes`: a moderator opens a vote.
pub async fn open_vote(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<OpenVoteForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let (errors, status) = match read_form(&form) {
        Ok(request) => match service::votes::open_vote(&ctx.data, &user.actor, id, request).await {
            Ok(vote) => {
                return redirect_with_notice(&format!("/vote/{}", vote.id), "notice-vote-opened")
            }
            Err(err @ (AppError::Unprocessable(..) | AppError::Forbidden(..))) => (
                HashMap::from([(field_of(&err), ctx.error_text(&err))]),
                err.status(),
            ),
            Err(err) => return ctx.fail(err),
        },
        Err(errors) => (
            errors
                .into_iter()
                .map(|(field, key)| (field, ctx.t(key)))
                .collect(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    };
    let drafts = Drafts {
        vote: Some(form),
        ..Drafts::default()
    };
    proposal_view(&ctx, id, drafts, errors, status).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Lang;

    #[test]
    fn options_take_an_id_or_get_one_from_their_label() {
        let options = parse_options(
            "oui: Oui, tel quel\n\nArticle 12 : le conseil\nÉlection à main levée\nÉlection à main levée\n !!! \n",
        );
        let pairs: Vec<(&str, &str)> = options
            .iter()
            .map(|o| (o.id.as_str(), o.label.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("oui", "Oui, tel quel"),
                ("article-12-le-conseil", "Article 12 : le conseil"),
                ("election-a-main-levee", "Élection à main levée"),
                ("election-a-main-levee-2", "Élection à main levée"),
                ("option-5", "!!!"),
            ]
        );
        assert_eq!(slug("Cœur d'œuvre"), "coeur-d-oeuvre");
    }

    #[test]
    fn the_form_becomes_a_spec() {
        let form = OpenVoteForm {
            method: "ranked".into(),
            options: "Rennes\nNantes".into(),
            quorum_kind: "percent".into(),
            quorum_value: "25".into(),
            closes_at: "2030-01-01T12:00".into(),
            ..OpenVoteForm::default()
        };
        let open = read_form(&form).unwrap();
        assert_eq!(open.spec.method, Method::Ranked);
        assert_eq!(open.spec.options.len(), 2);
        assert_eq!(
            open.spec.quorum,
            Quorum::Share {
                minimum: Fraction {
                    numerator: 1,
                    denominator: 4
                }
            }
        );
        let majority = OpenVoteForm {
            options: "ignored: for a majority vote".into(),
            threshold: "two_thirds".into(),
            ..form.clone()
        };
        let majority = OpenVoteForm {
            method: "majority".into(),
            quorum_kind: "none".into(),
            ..majority
        };
        let open = read_form(&majority).unwrap();
        assert!(open.spec.options.is_empty());
        assert!(
            matches!(open.spec.method, Method::Majority { threshold, .. } if threshold == Threshold::TWO_THIRDS)
        );
        let wrong = OpenVoteForm {
            method: "tirage".into(),
            quorum_kind: "ballots".into(),
            quorum_value: "0".into(),
            closes_at: "bientôt".into(),
            ..OpenVoteForm::default()
        };
        let fields: Vec<&str> = read_form(&wrong)
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["vote-method", "vote-quorum", "vote-closes"]);
    }

    #[test]
    fn abstentions_grades_and_double_majority_come_from_the_form() {
        let base = OpenVoteForm {
            closes_at: "2030-01-01T12:00".into(),
            ..OpenVoteForm::default()
        };
        let counted = read_form(&OpenVoteForm {
            count_abstentions: Some("on".into()),
            group_colleges: Some("on".into()),
            colleges_required: "2".into(),
            ..base.clone()
        })
        .unwrap();
        assert!(matches!(
            counted.spec.method,
            Method::Majority {
                abstentions: Abstentions::Counted,
                ..
            }
        ));
        assert_eq!(counted.spec.colleges_required, Some(2));
        let judged = read_form(&OpenVoteForm {
            method: "majority_judgment".into(),
            options: "A\nB".into(),
            grades: "Oui\n\n  Plutôt oui \nNon".into(),
            ..base.clone()
        })
        .unwrap();
        assert!(matches!(
            &judged.spec.method,
            Method::MajorityJudgment { grades } if grades.grades == ["Oui", "Plutôt oui", "Non"]
        ));
        let wrong = read_form(&OpenVoteForm {
            method: "majority_judgment".into(),
            grades: "Seule".into(),
            colleges_required: "2".into(),
            ..base
        })
        .unwrap_err();
        let fields: Vec<&str> = wrong.into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            ["vote-grades", "vote-colleges"],
            "one grade, and a double majority without colleges"
        );
    }

    #[test]
    fn every_choice_has_words() {
        for key in OpenVoteView::keys().into_iter().chain(
            [
                "error-invalid-quorum",
                "error-invalid-grades",
                "error-invalid-colleges-required",
            ]
            .map(String::from),
        ) {
            for lang in Lang::ALL {
                assert!(lang.has(&key), "{key} is missing in {}", lang.code());
            }
        }
    }
}
