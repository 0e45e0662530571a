//! Statistics pages: a group's figures at `/groups/{name}/stats` (the same address serves the
//! federation document to peers asking for ActivityPub JSON), and the network dashboard at
//! `/network/dashboard` with its CSV and, for admins, a button that reads the other nodes'
//! figures again. Charts are SVG drawn by `web::dashboard_chart`; a GET form chooses the
//! figure they show, so no script is needed.

use askama::Template;
use axum::{
    extract::{Path, Query},
    http::HeaderMap,
    response::Response,
};
use serde::Deserialize;

use super::{competence_words::day_words, group_events::group_name};
use crate::{
    domain::group_stats::{Figures, GroupStats, Month, Totals},
    federation::{routes::wants_activity_json, stats_routes},
    page_try,
    service::{
        group_stats,
        network_dashboard::{self, Entry},
    },
    web::{
        csrf::CsrfForm,
        dashboard_chart::{self, Bar, BarChart},
        redirect_with_notice, render, Ctx,
    },
};

/// The figures in table order (turnout after the ballots and the electorate it divides).
pub const FIGURES: [&str; 11] = [
    "members",
    "active",
    "proposals",
    "decisions",
    "ballots",
    "electorate",
    "turnout",
    "events",
    "attendance",
    "offers",
    "needs",
];

/// One cell of a figures table: its figure (for `data-figure`) and its text.
pub struct Cell {
    pub figure: &'static str,
    pub text: String,
}

/// A row of a figures table: the month (or "total") and the cells.
pub struct Row {
    pub label: String,
    pub cells: Vec<Cell>,
}

fn value(f: &Figures, figure: &str) -> Option<f64> {
    match figure {
        "turnout" => f.turnout(),
        _ => f
            .named()
            .iter()
            .find(|(n, _)| *n == figure)
            .map(|(_, v)| *v as f64),
    }
}

fn text(ctx: &Ctx, f: &Figures, figure: &str) -> String {
    match (figure, value(f, figure)) {
        ("turnout", Some(t)) => {
            let t = if ctx.lang.code() == "fr" {
                t.to_string().replace('.', ",")
            } else {
                t.to_string()
            };
            format!("{t} %")
        }
        (_, Some(v)) => format!("{v}"),
        (_, None) => "—".into(),
    }
}

fn row(ctx: &Ctx, label: String, f: Option<&Figures>) -> Row {
    Row {
        label,
        cells: FIGURES
            .iter()
            .map(|figure| Cell {
                figure,
                text: f.map(|f| text(ctx, f, figure)).unwrap_or_default(),
            })
            .collect(),
    }
}

/// The twelve months and the total, as table rows.
fn rows(ctx: &Ctx, months: &[Month], stats: &GroupStats) -> Vec<Row> {
    let mut rows: Vec<Row> = months
        .iter()
        .map(|m| row(ctx, m.label(), stats.month(*m)))
        .collect();
    rows.push(row(ctx, ctx.t("stats-total"), Some(&stats.totals.figures)));
    rows
}

/// Counts only known now (not per month), with their words.
fn now_counts(ctx: &Ctx, t: &Totals) -> Vec<(String, i64)> {
    vec![
        (ctx.t("stats-open-offers"), t.open_offers),
        (ctx.t("stats-open-needs"), t.open_needs),
        (ctx.t("stats-upcoming-events"), t.upcoming_events),
    ]
}

fn chart(
    ctx: &Ctx,
    id: &str,
    whose: &str,
    figure: &str,
    months: &[Month],
    s: &GroupStats,
) -> String {
    let figure_words = ctx.t(&format!("stats-figure-{figure}"));
    let bars: Vec<Bar> = months
        .iter()
        .map(|m| {
            let f = s.month(*m);
            Bar {
                label: m.label(),
                value: f.and_then(|f| value(f, figure)).unwrap_or(0.0),
                text: f
                    .map(|f| text(ctx, f, figure))
                    .unwrap_or_else(|| "—".into()),
            }
        })
        .collect();
    let listed: Vec<String> = bars
        .iter()
        .map(|b| format!("{} : {}", b.label, b.text))
        .collect();
    dashboard_chart::render(&BarChart {
        id: id.into(),
        title: format!("{figure_words} — {whose}"),
        description: format!(
            "{} {}",
            ctx.t1("stats-chart-desc", "name", &figure_words),
            listed.join(" ; ")
        ),
        bars,
    })
}

/// The table's column headings.
fn column_headers(ctx: &Ctx) -> Vec<(&'static str, String)> {
    FIGURES
        .iter()
        .map(|f| (*f, ctx.t(&format!("stats-figure-{f}"))))
        .collect()
}

/// What each figure counts, in words.
fn definitions(ctx: &Ctx) -> Vec<(String, String)> {
    FIGURES
        .iter()
        .map(|f| {
            (
                ctx.t(&format!("stats-figure-{f}")),
                ctx.t(&format!("stats-def-{f}")),
            )
        })
        .collect()
}

/// The choices of the figure form: (value, words, chosen).
fn figure_options(ctx: &Ctx, chosen: &str) -> Vec<(&'static str, String, bool)> {
    FIGURES
        .iter()
        .map(|f| (*f, ctx.t(&format!("stats-figure-{f}")), *f == chosen))
        .collect()
}

#[derive(Deserialize, Default)]
pub struct FigureQuery {
    pub figure: Option<String>,
}

fn chosen(query: &FigureQuery) -> &'static str {
    query
        .figure
        .as_deref()
        .and_then(|f| FIGURES.iter().find(|known| **known == f).copied())
        .unwrap_or("members")
}

fn moment_words(ctx: &Ctx, millis: i64) -> String {
    let time = chrono::DateTime::from_timestamp_millis(millis)
        .map(|t| t.format("%H:%M UTC").to_string())
        .unwrap_or_default();
    format!("{} {time}", day_words(ctx.lang, millis))
}

#[derive(Template)]
#[template(path = "group_stats.html")]
struct GroupStatsPage<'a> {
    ctx: &'a Ctx,
    title: String,
    group_title: String,
    path_name: String,
    computed: String,
    form_action: String,
    headers: Vec<(&'static str, String)>,
    definitions: Vec<(String, String)>,
    rows: Vec<Row>,
    now_counts: Vec<(String, i64)>,
    options: Vec<(&'static str, String, bool)>,
    chart: String,
}

/// `GET /groups/{name}/stats`: the page, or the federation document for a peer.
pub async fn group_stats_page(
    ctx: Ctx,
    Path(name): Path<String>,
    Query(query): Query<FigureQuery>,
    headers: HeaderMap,
) -> Response {
    let group = page_try!(ctx, group_stats::local_group(&ctx.data, &name).await);
    if wants_activity_json(&headers) {
        return page_try!(
            ctx,
            stats_routes::document_response(&ctx.data, &group).await
        );
    }
    let stats = page_try!(ctx, group_stats::compute(&ctx.data, &group).await);
    let months: Vec<Month> = stats.months.iter().map(|m| m.month).collect();
    let figure = chosen(&query);
    let group_title = group_name(&group);
    render(&GroupStatsPage {
        ctx: &ctx,
        title: ctx.t1("stats-page-title", "name", &group_title),
        computed: ctx.t1(
            "stats-computed",
            "date",
            &moment_words(&ctx, stats.computed_at),
        ),
        path_name: group.username.clone(),
        form_action: format!("/groups/{}/stats", group.username),
        headers: column_headers(&ctx),
        definitions: definitions(&ctx),
        rows: rows(&ctx, &months, &stats),
        now_counts: now_counts(&ctx, &stats.totals),
        options: figure_options(&ctx, figure),
        chart: chart(&ctx, "group-chart", &group_title, figure, &months, &stats),
        group_title,
    })
}

/// A group of the dashboard, as the page shows it.
struct GroupBlock {
    /// For ids: `g1`, `g2`...
    key: String,
    name: String,
    handle: String,
    node: String,
    page: String,
    status: String,
    error: Option<String>,
    totals: Row,
    chart: Option<String>,
}

fn status_words(ctx: &Ctx, e: &Entry) -> String {
    if e.group.local {
        return ctx.t("dashboard-status-local");
    }
    let date = e.read_at.map(|t| moment_words(ctx, t)).unwrap_or_default();
    match e.status() {
        "fresh" => ctx.t1("dashboard-status-fresh", "date", &date),
        "stale" => ctx.t1("dashboard-status-stale", "date", &date),
        "unreachable" => ctx.t("dashboard-status-unreachable"),
        _ => ctx.t("dashboard-status-pending"),
    }
}

#[derive(Template)]
#[template(path = "network_dashboard.html")]
struct DashboardPage<'a> {
    ctx: &'a Ctx,
    form_action: String,
    headers: Vec<(&'static str, String)>,
    definitions: Vec<(String, String)>,
    options: Vec<(&'static str, String, bool)>,
    overall_chart: String,
    overall_rows: Vec<Row>,
    now_counts: Vec<(String, i64)>,
    groups: Vec<GroupBlock>,
}

/// `GET /network/dashboard`.
pub async fn dashboard_page(ctx: Ctx, Query(query): Query<FigureQuery>) -> Response {
    let d = page_try!(ctx, network_dashboard::dashboard(&ctx.data).await);
    let figure = chosen(&query);
    let overall_words = ctx.t("dashboard-overall");
    let groups = d
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let name = group_name(&e.group);
            GroupBlock {
                key: format!("g{}", i + 1),
                handle: e.group.acct(),
                node: e.node.clone(),
                page: e.page.clone(),
                status: status_words(&ctx, e),
                error: e.error.clone(),
                totals: row(
                    &ctx,
                    name.clone(),
                    e.stats.as_ref().map(|s| &s.totals.figures),
                ),
                chart: e.stats.as_ref().map(|s| {
                    chart(
                        &ctx,
                        &format!("chart-g{}", i + 1),
                        &name,
                        figure,
                        &d.months,
                        s,
                    )
                }),
                name,
            }
        })
        .collect();
    render(&DashboardPage {
        ctx: &ctx,
        form_action: "/network/dashboard".into(),
        headers: column_headers(&ctx),
        definitions: definitions(&ctx),
        options: figure_options(&ctx, figure),
        overall_chart: chart(
            &ctx,
            "chart-overall",
            &overall_words,
            figure,
            &d.months,
            &d.overall,
        ),
        overall_rows: rows(&ctx, &d.months, &d.overall),
        now_counts: now_counts(&ctx, &d.overall.totals),
        groups,
    })
}

#[derive(Deserialize)]
pub struct EmptyForm {}

/// `POST /network/dashboard/refresh`: an admin has the other nodes' figures read now.
pub async fn refresh(ctx: Ctx, CsrfForm(_): CsrfForm<EmptyForm>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    page_try!(
        ctx,
        network_dashboard::refresh_as(&ctx.data, user.account.is_admin).await
    );
    redirect_with_notice("/network/dashboard", "notice-dashboard-refreshed")
}

/// `GET /network/dashboard.csv`.
pub async fn dashboard_csv(ctx: Ctx) -> Response {
    let d = page_try!(ctx, network_dashboard::dashboard(&ctx.data).await);
    crate::api::stats::csv_response(&d)
}
