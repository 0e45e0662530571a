//! Group statistics and the network dashboard over the API: a local group's figures
//! (`service::group_stats`), the dashboard of every group this node covers with the overall
//! sums (`service::network_dashboard`), an admin's refresh, and the CSV export (also served
//! by the web page at `/network/dashboard.csv`).

use axum::{
    extract::Path,
    http::header,
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::{csv::field, extract::CurrentUser, views::time};
use crate::{
    domain::group_stats::{Figures, GroupStats, MonthFigures, Totals},
    error::AppResult,
    federation::{stats_routes::stats_url, FedData},
    service::{
        group_stats,
        network_dashboard::{self, Dashboard, Entry},
    },
};

/// A group's figures for a month, or over the twelve months (see the user guide for what
/// each counts).
#[derive(Serialize, ToSchema, Debug, Clone, PartialEq)]
pub struct FiguresView {
    /// Members (people) at the end of the month; in totals, members now.
    pub members: i64,
    /// Distinct people who posted, replied, supported, voted, registered or offered; in
    /// totals, each person once over the twelve months.
    pub active: i64,
    pub proposals: i64,
    /// Votes closed.
    pub decisions: i64,
    pub ballots: i64,
    pub electorate: i64,
    /// `ballots / electorate` in percent, one decimal; null without an electorate.
    pub turnout: Option<f64>,
    /// Events held (started, not cancelled).
    pub events: i64,
    /// Confirmed registrations of those events.
    pub attendance: i64,
    pub offers: i64,
    pub needs: i64,
}

impl From<&Figures> for FiguresView {
    fn from(f: &Figures) -> Self {
        FiguresView {
            members: f.members,
            active: f.active,
            proposals: f.proposals,
            decisions: f.decisions,
            ballots: f.ballots,
            electorate: f.electorate,
            turnout: f.turnout(),
            events: f.events,
            attendance: f.attendance,
            offers: f.offers,
            needs: f.needs,
        }
    }
}

#[derive(Serialize, ToSchema, Debug, Clone, PartialEq)]
pub struct MonthView {
    /// `2026-11` (UTC).
    pub month: String,
    #[serde(flatten)]
    pub figures: FiguresView,
}

#[derive(Serialize, ToSchema, Debug, Clone, PartialEq)]
pub struct TotalsView {
    #[serde(flatten)]
    pub figures: FiguresView,
    pub open_offers: i64,
    pub open_needs: i64,
    pub upcoming_events: i64,
}

fn months_view(months: &[MonthFigures]) -> Vec<MonthView> {
    months
        .iter()
        .map(|m| MonthView {
            month: m.month.label(),
            figures: (&m.figures).into(),
        })
        .collect()
}

fn totals_view(t: &Totals) -> TotalsView {
    TotalsView {
        figures: (&t.figures).into(),
        open_offers: t.open_offers,
        open_needs: t.open_needs,
        upcoming_events: t.upcoming_events,
    }
}

fn rfc3339(millis: i64) -> String {
    time(millis).map(|t| t.to_rfc3339()).unwrap_or_default()
}

#[derive(Serialize, ToSchema)]
pub struct StatsView {
    /// `name@domain`.
    pub group: String,
    /// The statistics page, also the id of the federation document.
    pub page: String,
    /// RFC 3339: when the figures were computed.
    pub computed_at: String,
    /// The twelve months ending with the current one (UTC), oldest first.
    pub months: Vec<MonthView>,
    pub totals: TotalsView,
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/stats", tag = "dashboard",
    params(("group" = String, Path, description = "local name of one of this node's groups")),
    responses((status = 200, body = StatsView),
        (status = 404, description = "no such group here (another node's group: ask its node)", body = crate::error::ErrorBody)))]
pub async fn group(data: FedData, Path(group): Path<String>) -> AppResult<Json<StatsView>> {
    let group = group_stats::local_group(&data, &group).await?;
    let stats = group_stats::compute(&data, &group).await?;
    Ok(Json(StatsView {
        group: group.acct(),
        page: stats_url(&group),
        computed_at: rfc3339(stats.computed_at),
        months: months_view(&stats.months),
        totals: totals_view(&stats.totals),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct FiguresSeries {
    pub months: Vec<MonthView>,
    pub totals: TotalsView,
}

fn series(stats: &GroupStats) -> FiguresSeries {
    FiguresSeries {
        months: months_view(&stats.months),
        totals: totals_view(&stats.totals),
    }
}

#[derive(Serialize, ToSchema)]
pub struct DashboardGroupView {
    /// `name@domain`.
    pub group: String,
    pub name: String,
    /// The node the figures come from.
    pub node: String,
    /// True for this node's own groups (computed here, now).
    pub local: bool,
    /// The group's statistics page on its own node.
    pub page: String,
    /// `fresh`, `stale` (the last read failed: older figures shown), `unreachable` (never
    /// read) or `pending` (not read yet).
    pub status: String,
    /// RFC 3339: when the figures were read from the group's node.
    pub read_at: Option<String>,
    /// Why the last read failed.
    pub error: Option<String>,
    /// The figures as the group's node published them; null when never read.
    pub figures: Option<FiguresSeries>,
}

#[derive(Serialize, ToSchema)]
pub struct DashboardView {
    /// The months shown, oldest first.
    pub months: Vec<String>,
    pub groups: Vec<DashboardGroupView>,
    /// The groups' figures added up: a person in two groups counts in both, and turnout is
    /// the ballots over the electorates, summed.
    pub overall: FiguresSeries,
}

fn entry_view(e: &Entry) -> DashboardGroupView {
    DashboardGroupView {
        group: e.group.acct(),
        name: e
            .group
            .display_name
            .clone()
            .unwrap_or_else(|| e.group.username.clone()),
        node: e.node.clone(),
        local: e.group.local,
        page: e.page.clone(),
        status: e.status().into(),
        read_at: e.read_at.map(rfc3339),
        error: e.error.clone(),
        figures: e.stats.as_ref().map(series),
    }
}

pub fn dashboard_view(d: &Dashboard) -> DashboardView {
    DashboardView {
        months: d.months.iter().map(|m| m.label()).collect(),
        groups: d.entries.iter().map(entry_view).collect(),
        overall: series(&d.overall),
    }
}

#[utoipa::path(get, path = "/api/v1/network/dashboard", tag = "dashboard",
    responses((status = 200, body = DashboardView)))]
pub async fn dashboard(data: FedData) -> AppResult<Json<DashboardView>> {
    let d = network_dashboard::dashboard(&data).await?;
    Ok(Json(dashboard_view(&d)))
}

#[derive(Serialize, ToSchema)]
pub struct RefreshView {
    /// Documents read and kept.
    pub read: usize,
    /// Groups whose node did not answer, or whose document was refused.
    pub failed: usize,
    pub dashboard: DashboardView,
}

#[utoipa::path(post, path = "/api/v1/network/dashboard/refresh", tag = "dashboard", security(("bearer" = [])),
    responses((status = 200, body = RefreshView), (status = 401, body = crate::error::ErrorBody),
        (status = 403, description = "admins only", body = crate::error::ErrorBody)))]
pub async fn refresh(data: FedData, user: CurrentUser) -> AppResult<Json<RefreshView>> {
    let done = network_dashboard::refresh_as(&data, user.account.is_admin).await?;
    let d = network_dashboard::dashboard(&data).await?;
    Ok(Json(RefreshView {
        read: done.read,
        failed: done.failed,
        dashboard: dashboard_view(&d),
    }))
}

const CSV_HEADER: &str = "group,node,month,members,active,proposals,decisions,ballots,\
    electorate,turnout,events,attendance,offers,needs,status,read_at";

fn csv_row(
    group: &str,
    node: &str,
    month: &str,
    f: Option<&Figures>,
    status: &str,
    read: &str,
) -> String {
    let mut cells = vec![field(group), field(node), field(month)];
    for (i, (name, _)) in Figures::default().named().iter().enumerate() {
        let value = f.map(|f| f.named()[i].1.to_string()).unwrap_or_default();
        cells.push(field(&value));
        if *name == "electorate" {
            let turnout = f.and_then(Figures::turnout).map(|t| t.to_string());
            cells.push(field(&turnout.unwrap_or_default()));
        }
    }
    cells.push(field(status));
    cells.push(field(read));
    cells.join(",")
}

/// One row per group and month, a `total` row per group, then the overall rows (group
/// `total`). A month a group's document does not cover has empty cells.
pub fn dashboard_csv(d: &Dashboard) -> String {
    let mut lines = vec![CSV_HEADER.to_string()];
    for e in &d.entries {
        let handle = e.group.acct();
        let read = e.read_at.map(rfc3339).unwrap_or_default();
        for m in &d.months {
            let f = e.stats.as_ref().and_then(|s| s.month(*m));
            lines.push(csv_row(&handle, &e.node, &m.label(), f, e.status(), &read));
        }
        let totals = e.stats.as_ref().map(|s| &s.totals.figures);
        lines.push(csv_row(
            &handle,
            &e.node,
            "total",
            totals,
            e.status(),
            &read,
        ));
    }
    for m in &d.overall.months {
        lines.push(csv_row(
            "total",
            "",
            &m.month.label(),
            Some(&m.figures),
            "",
            "",
        ));
    }
    lines.push(csv_row(
        "total",
        "",
        "total",
        Some(&d.overall.totals.figures),
        "",
        "",
    ));
    let mut out = lines.join("\r\n");
    out.push_str("\r\n");
    out
}

pub fn csv_response(d: &Dashboard) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"network-dashboard.csv\"",
            ),
        ],
        dashboard_csv(d),
    )
        .into_response()
}

#[utoipa::path(get, path = "/api/v1/network/dashboard.csv", tag = "dashboard",
    responses((status = 200, description = "CSV: one row per group and month, a total row per group, then the overall rows", content_type = "text/csv")))]
pub async fn dashboard_csv_file(data: FedData) -> AppResult<Response> {
    let d = network_dashboard::dashboard(&data).await?;
    Ok(csv_response(&d))
}
