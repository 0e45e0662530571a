//! A vote's result as the page shows it: the verdict in words, participation, and the
//! figures of the method (per answer, option, grade or college) as rows with bars.

use crate::{
    domain::vote::{
        spec::{Outcome, VoteSpec},
        Quorum, QuorumCheck, Verdict,
    },
    web::Ctx,
};

use super::decision_words::percent;

/// One line of a table with a bar: a label, a count, its share in percent.
pub struct Bar {
    pub label: String,
    pub count: u32,
    pub percent: u64,
    /// Extra words (a rank, a majority grade).
    pub note: String,
}

pub struct CollegeLine {
    pub name: String,
    pub weight: u32,
    pub electorate: u32,
    pub ballots: u32,
    pub in_favour: u32,
    pub against: u32,
    pub abstain: u32,
    pub share_for: String,
    pub adopts: String,
}

/// Majority judgment: the number of each grade for each option.
pub struct GradeRow {
    pub label: String,
    pub rank: u32,
    pub majority_grade: String,
    pub counts: Vec<u32>,
}

/// Ranked votes: `cells[x][y]` voters preferring x to y (empty on the diagonal).
pub struct PairRow {
    pub label: String,
    pub cells: Vec<String>,
}

pub struct ResultView {
    pub verdict: String,
    /// Participation and quorum, in words.
    pub facts: Vec<String>,
    /// The heading of the bars' count column ("Votes", "Approvals").
    pub count_heading: String,
    /// Whether the bars' percent column means something (not for ranks).
    pub show_percent: bool,
    pub bars: Vec<Bar>,
    pub colleges: Vec<CollegeLine>,
    pub grades: Vec<String>,
    pub grade_rows: Vec<GradeRow>,
    pub pair_labels: Vec<String>,
    pub pair_rows: Vec<PairRow>,
    pub objections: Vec<String>,
}

/// Turnout, abstentions, blank and replaced ballots, quorum.
fn participation_facts(ctx: &Ctx, outcome: &Outcome) -> Vec<String> {
    let p = outcome.participation();
    let mut facts = vec![ctx.t_with(
        "result-turnout",
        &[
            ("ballots", p.ballots.to_string()),
            ("electorate", p.electorate.to_string()),
            (
                "percent",
                percent(u64::from(p.ballots), u64::from(p.electorate)).to_string(),
            ),
        ],
    )];
    for (key, n) in [
        ("result-abstentions", p.abstentions),
        ("result-blank", p.blank),
        ("result-replaced", p.replaced),
    ] {
        if n > 0 {
            facts.push(ctx.count(key, i64::from(n)));
        }
    }
    let quorum = quorum_of(outcome);
    if quorum.quorum != Quorum::None {
        facts.push(ctx.t_with(
            if quorum.met {
                "result-quorum-met"
            } else {
                "result-quorum-not-met"
            },
            &[
                ("required", quorum.required_ballots.to_string()),
                ("ballots", quorum.ballots.to_string()),
            ],
        ));
    }
    facts
}

fn share_text(share: Option<f64>) -> String {
    share
        .map(|s| format!("{:.1} %", s * 100.0))
        .unwrap_or_else(|| "—".into())
}

pub fn verdict_text(ctx: &Ctx, spec: &VoteSpec, verdict: &Verdict) -> String {
    let label = |id: &str| spec.option_label(id).unwrap_or(id).to_owned();
    match verdict {
        Verdict::Adopted => ctx.t("verdict-adopted"),
        Verdict::Rejected => ctx.t("verdict-rejected"),
        Verdict::Winner { option } => ctx.t1("verdict-winner-is", "name", &label(option)),
        Verdict::Tie { options } => ctx.t1(
            "verdict-tie-between",
            "name",
            &options
                .iter()
                .map(|o| label(o))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Verdict::NoQuorum => ctx.t("verdict-no-quorum"),
        Verdict::NoResult => ctx.t("verdict-no-result"),
    }
}

fn quorum_of(outcome: &Outcome) -> &QuorumCheck {
    match outcome {
        Outcome::Majority(o) => &o.quorum,
        Outcome::Colleges(o) => &o.quorum,
        Outcome::Approval(o) => &o.quorum,
        Outcome::Consent(o) => &o.quorum,
        Outcome::MajorityJudgment(o) => &o.quorum,
        Outcome::Ranked(o) => &o.quorum,
    }
}

fn bar(label: String, count: u32, whole: u32) -> Bar {
    Bar {
        label,
        count,
        percent: percent(u64::from(count), u64::from(whole)),
        note: String::new(),
    }
}

pub fn result_view(ctx: &Ctx, spec: &VoteSpec, outcome: &Outcome) -> ResultView {
    let p = outcome.participation();
    let label = |id: &str| spec.option_label(id).unwrap_or(id).to_owned();
    let mut view = ResultView {
        verdict: verdict_text(ctx, spec, outcome.verdict()),
        facts: participation_facts(ctx, outcome),
        count_heading: ctx.t("result-votes"),
        show_percent: true,
        bars: vec![],
        colleges: vec![],
        grades: vec![],
        grade_rows: vec![],
        pair_labels: vec![],
        pair_rows: vec![],
        objections: vec![],
    };
    match outcome {
        Outcome::Majority(o) => {
            let c = &o.counts;
            view.bars = vec![
                bar(ctx.t("ballot-for"), c.in_favour, p.ballots),
                bar(ctx.t("ballot-against"), c.against, p.ballots),
                bar(ctx.t("ballot-abstain"), c.abstain, p.ballots),
            ];
            view.facts
                .push(ctx.t1("result-share-for", "name", &share_text(o.share_for)));
        }
        Outcome::Colleges(o) => {
            let (f, a, s) = o.colleges.iter().fold((0, 0, 0), |(f, a, s), c| {
                (
                    f + c.counts.in_favour,
                    a + c.counts.against,
                    s + c.counts.abstain,
                )
            });
            view.bars = vec![
                bar(ctx.t("ballot-for"), f, p.ballots),
                bar(ctx.t("ballot-against"), a, p.ballots),
                bar(ctx.t("ballot-abstain"), s, p.ballots),
            ];
            view.facts.push(ctx.t1(
                "result-weighted-share-for",
                "name",
                &share_text(o.weighted_share_for),
            ));
            view.colleges = o
                .colleges
                .iter()
                .map(|c| CollegeLine {
                    name: c.name.clone(),
                    weight: c.weight,
                    electorate: c.participation.electorate,
                    ballots: c.participation.ballots,
                    in_favour: c.counts.in_favour,
                    against: c.counts.against,
                    abstain: c.counts.abstain,
                    share_for: share_text(c.share_for),
                    adopts: ctx.t(match c.adopts {
                        Some(true) => "result-college-adopts",
                        Some(false) => "result-college-rejects",
                        None => "result-college-silent",
                    }),
                })
                .collect();
        }
        Outcome::Approval(o) => {
            view.count_heading = ctx.t("result-approvals");
            view.bars = o
                .counts
                .iter()
                .map(|c| bar(label(&c.option), c.approvals, p.ballots))
                .collect();
        }
        Outcome::Consent(o) => {
            view.bars = vec![
                bar(ctx.t("ballot-consent"), o.consents, p.ballots),
                bar(ctx.t("ballot-stand-aside"), o.stand_asides, p.ballots),
                bar(
                    ctx.t("ballot-objection"),
                    u32::try_from(o.objections.len()).unwrap_or(u32::MAX),
                    p.ballots,
                ),
            ];
            view.objections = o.objections.iter().map(|x| x.reason.clone()).collect();
        }
        Outcome::MajorityJudgment(o) => {
            view.grades = o.scale.grades.clone();
            view.grade_rows = o
                .results
                .iter()
                .map(|r| GradeRow {
                    label: label(&r.option),
                    rank: r.rank,
                    majority_grade: r.majority_grade_label.clone(),
                    counts: r.grade_counts.clone(),
                })
                .collect();
        }
        Outcome::Ranked(o) => {
            view.count_heading = ctx.t("result-beats");
            view.show_percent = false;
            view.bars = o
                .ranking
                .iter()
                .map(|r| Bar {
                    note: ctx.count("result-rank", i64::from(r.rank)),
                    ..bar(
                        label(&r.option),
                        r.beats,
                        u32::try_from(o.options.len().saturating_sub(1)).unwrap_or(0),
                    )
                })
                .collect();
            view.pair_labels = o.options.iter().map(|id| label(id)).collect();
            view.pair_rows = o
                .options
                .iter()
                .enumerate()
                .map(|(x, id)| PairRow {
                    label: label(id),
                    cells: o
                        .pairwise
                        .get(x)
                        .map(|row| {
                            row.iter()
                                .enumerate()
                                .map(|(y, n)| if x == y { "—".into() } else { n.to_string() })
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect();
        }
    }
    view
}
