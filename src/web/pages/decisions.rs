//! A group's decision archive: every closed vote, newest first, searchable by title and
//! filterable by verdict (a GET form), with turnout, and links to the CSV and JSON exports of
//! the API; then participation over time (per quarter or month, and per college) as a bar
//! chart drawn in SVG on the server (no script) and a table with the same figures.

use askama::Template;
use axum::{
    extract::{Path, Query},
    response::Response,
};
use serde::Deserialize;

use super::{
    decision_words::{day, method_key, percent, verdict_key, Pick, VERDICTS},
    group_decisions::group_path,
    results::verdict_text,
};
use crate::{
    api::decision_views::{participation, DecisionView, ParticipationSummary, Period},
    domain::vote::spec::{Outcome, VoteSpec},
    federation::resolve,
    page_try, storage,
    storage::votes::DecisionListing,
    web::{render, Ctx},
};

pub struct DecisionLine {
    pub vote_id: i64,
    pub date: String,
    pub process_id: i64,
    pub process_title: String,
    pub proposal_id: i64,
    pub proposal_title: String,
    pub method: String,
    pub verdict: String,
    pub turnout: String,
    /// Per college: "name: ballots / electorate".
    pub colleges: Vec<String>,
}

/// One period of the participation table.
pub struct PeriodLine {
    pub period: String,
    pub decisions: u32,
    pub turnout: String,
    /// Per college: "name: 67 % (2 decisions)".
    pub colleges: Vec<String>,
}

/// One bar of the participation chart, in SVG user units.
pub struct Bar {
    pub x: u32,
    pub y: u32,
    pub height: u32,
    /// The bar's middle, where its labels go.
    pub middle: u32,
    pub value_y: u32,
    pub label: String,
    pub value: String,
}

/// Height of the chart's drawing area, and where it starts and ends.
const CHART_TOP: u32 = 20;
const CHART_HEIGHT: u32 = 100;
const BAR_WIDTH: u32 = 36;
const BAR_STEP: u32 = 64;
const CHART_LEFT: u32 = 8;

#[derive(Template)]
#[template(path = "decisions.html")]
struct DecisionsPage<'a> {
    ctx: &'a Ctx,
    group_name: String,
    group_path: String,
    q: String,
    verdicts: Vec<Pick>,
    lines: Vec<DecisionLine>,
    csv_url: String,
    json_url: String,
    period: &'static str,
    quarter_url: String,
    month_url: String,
    periods: Vec<PeriodLine>,
    bars: Vec<Bar>,
    chart_width: u32,
    chart_height: u32,
    axis_y: u32,
    label_y: u32,
}

#[derive(Deserialize)]
pub struct ArchiveQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    period: String,
}

fn period_lines(ctx: &Ctx, summary: &ParticipationSummary) -> Vec<PeriodLine> {
    let pct = |share: f64| ((share * 100.0).round() as u64).to_string();
    summary
        .periods
        .iter()
        .map(|p| PeriodLine {
            period: p.period.clone(),
            decisions: p.decisions,
            turnout: format!("{} %", pct(p.average_turnout)),
            colleges: p
                .colleges
                .iter()
                .map(|c| {
                    ctx.t_with(
                        "participation-college",
                        &[
                            ("name", c.college.clone()),
                            ("percent", pct(c.average_turnout)),
                            ("count", c.decisions.to_string()),
                        ],
                    )
                })
                .collect(),
        })
        .collect()
}

/// One bar per period, as tall as its average turnout.
fn bars(summary: &ParticipationSummary) -> Vec<Bar> {
    summary
        .periods
        .iter()
        .zip(0u32..)
        .map(|(p, i)| {
            let share = p.average_turnout.clamp(0.0, 1.0);
            let height = (share * f64::from(CHART_HEIGHT)).round() as u32;
            let x = CHART_LEFT + i * BAR_STEP;
            let y = CHART_TOP + CHART_HEIGHT - height;
            Bar {
                x,
                y,
                height,
                middle: x + BAR_WIDTH / 2,
                value_y: y.saturating_sub(4),
                label: p.period.clone(),
                value: format!("{} %", (share * 100.0).round() as u64),
            }
        })
        .collect()
}

/// The verdict in words, with the winning or tied options' labels.
fn verdict_words(ctx: &Ctx, listing: &DecisionListing) -> String {
    let spec = serde_json::from_str::<VoteSpec>(&listing.spec);
    let outcome = serde_json::from_str::<Outcome>(&listing.outcome);
    match (spec, outcome) {
        (Ok(spec), Ok(outcome)) => verdict_text(ctx, &spec, outcome.verdict()),
        _ => ctx.t(&verdict_key(&listing.verdict)),
    }
}

fn line(ctx: &Ctx, listing: &DecisionListing) -> DecisionLine {
    let view = DecisionView::new(listing);
    DecisionLine {
        vote_id: listing.vote_id,
        date: day(listing.closed_at),
        process_id: listing.process_id,
        process_title: listing.process_title.clone(),
        proposal_id: listing.proposal_id,
        proposal_title: listing.proposal_title.clone(),
        method: ctx.t(&method_key(&view.method)),
        verdict: verdict_words(ctx, listing),
        turnout: ctx.t_with(
            "decisions-turnout-short",
            &[
                ("ballots", view.ballots.to_string()),
                ("electorate", view.electorate.to_string()),
                (
                    "percent",
                    percent(view.ballots.max(0) as u64, view.electorate.max(0) as u64).to_string(),
                ),
            ],
        ),
        colleges: view
            .colleges
            .iter()
            .map(|c| {
                ctx.t_with(
                    "decisions-college-turnout",
                    &[
                        ("name", c.college.clone()),
                        ("ballots", c.ballots.to_string()),
                        ("electorate", c.electorate.to_string()),
                    ],
                )
            })
            .collect(),
    }
}

fn query_string(pairs: &[(&str, &str)]) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        out.append_pair(k, v);
    }
    out.finish()
}

/// `GET /groups/{name}/decisions?q=&verdict=`.
pub async fn archive(
    ctx: Ctx,
    Path(name): Path<String>,
    Query(query): Query<ArchiveQuery>,
) -> Response {
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let q = query.q.trim();
    let verdict = VERDICTS
        .iter()
        .find(|v| **v == query.verdict)
        .copied()
        .unwrap_or("");
    let rows = {
        let mut tx = page_try!(ctx, ctx.data.db.read().await);
        page_try!(
            ctx,
            storage::votes::decisions_of_group(
                &mut tx,
                group.id,
                Some(q).filter(|q| !q.is_empty()),
                Some(verdict).filter(|v| !v.is_empty()),
            )
            .await
        )
    };
    let period = Period::parse(Some(&query.period)).unwrap_or(Period::Quarter);
    let path = group_path(&group);
    let api = format!("/api/v1/groups/{path}/decisions");
    let filters = [("q", q), ("verdict", verdict)];
    let views: Vec<DecisionView> = rows.iter().map(DecisionView::new).collect();
    let summary = participation(&views, period);
    let bars = bars(&summary);
    let page = format!("/groups/{path}/decisions");
    let period_url = |value: &str| {
        format!(
            "{page}?{}#participation",
            query_string(&[filters[0], filters[1], ("period", value)])
        )
    };
    let mut verdicts = vec![Pick {
        value: "",
        label: ctx.t("decisions-any-verdict"),
        explain: String::new(),
        selected: verdict.is_empty(),
    }];
    verdicts.extend(VERDICTS.iter().map(|v| Pick {
        value: v,
        label: ctx.t(&verdict_key(v)),
        explain: String::new(),
        selected: *v == verdict,
    }));
    render(&DecisionsPage {
        ctx: &ctx,
        group_name: group
            .display_name
            .clone()
            .unwrap_or_else(|| group.username.clone()),
        q: q.to_owned(),
        verdicts,
        lines: rows.iter().map(|r| line(&ctx, r)).collect(),
        csv_url: format!(
            "{api}?{}",
            query_string(&[filters[0], filters[1], ("format", "csv")])
        ),
        json_url: format!(
            "{api}?{}",
            query_string(&[filters[0], filters[1], ("period", period_param(period))])
        )
        .trim_end_matches('?')
        .to_owned(),
        period: period.as_str(),
        quarter_url: period_url("quarter"),
        month_url: period_url("month"),
        periods: period_lines(&ctx, &summary),
        chart_width: CHART_LEFT * 2 + BAR_STEP * (bars.len() as u32).max(1),
        chart_height: CHART_TOP + CHART_HEIGHT + 24,
        axis_y: CHART_TOP + CHART_HEIGHT,
        label_y: CHART_TOP + CHART_HEIGHT + 16,
        bars,
        group_path: path,
    })
}

/// The period as the API's query takes it: nothing for the default.
fn period_param(period: Period) -> &'static str {
    match period {
        Period::Quarter => "",
        Period::Month => "month",
    }
}
