//! Votes, ballots, results, the decision archive and colleges.

use axum::{
    extract::{Path, Query},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::{
    decision_views::{
        participation, turnout, DecisionArchive, DecisionView, Period, ResultView, RollEntry,
        VoteView,
    },
    extract::{ApiJson, CurrentUser},
};
use crate::{
    domain::vote::spec::{BallotInput, VoteSpec},
    error::{AppError, AppResult},
    federation::{resolve, FedData},
    service::{
        self,
        votes::{BallotReceipt, OpenVote, VoteDetails},
    },
    storage::{self, votes::CollegeRow},
};

#[derive(Deserialize, ToSchema)]
pub struct OpenVoteRequest {
    /// The rules: `{"method": "majority"|"approval"|"consent"|"majority_judgment"|"ranked",
    /// "options": [{"id","label"}], "quorum": {"kind": "share", "minimum": {"numerator": 1,
    /// "denominator": 4}}, "threshold": ..., "colleges": [{"name","weight"}],
    /// "colleges_required": 2}`. See `docs/decision-rules.md`.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub rules: Value,
    pub closes_at: DateTime<Utc>,
    /// Vote by the group's colleges with their weights.
    #[serde(default)]
    pub use_group_colleges: bool,
}

#[utoipa::path(post, path = "/api/v1/proposals/{id}/votes", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = OpenVoteRequest,
    responses((status = 201, body = VoteView), (status = 403, description = "moderators only", body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn open_vote(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<OpenVoteRequest>,
) -> AppResult<(StatusCode, Json<VoteView>)> {
    let mut rules = body.rules;
    if let Some(map) = rules.as_object_mut() {
        map.remove("closes_at");
        map.remove("use_group_colleges");
    }
    let spec: VoteSpec = serde_json::from_value(rules)
        .map_err(|e| AppError::BadRequest("invalid_vote_rules", format!("the vote rules: {e}")))?;
    let vote = service::votes::open_vote(
        &data,
        &user.actor,
        id,
        OpenVote {
            spec,
            group_colleges: body.use_group_colleges,
            closes_at: body.closes_at.timestamp_millis(),
        },
    )
    .await?;
    let details = service::votes::vote_details(&data, vote.id, Some(&user.actor)).await?;
    Ok((StatusCode::CREATED, Json(VoteView::new(&details))))
}

#[utoipa::path(get, path = "/api/v1/votes/{id}", tag = "decisions", params(("id" = i64, Path)),
    responses((status = 200, body = VoteView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_vote(
    data: FedData,
    user: Option<CurrentUser>,
    Path(id): Path<i64>,
) -> AppResult<Json<VoteView>> {
    let viewer = user.as_ref().map(|u| &u.actor);
    let details = service::votes::vote_details(&data, id, viewer).await?;
    Ok(Json(VoteView::new(&details)))
}

#[utoipa::path(post, path = "/api/v1/votes/{id}/ballots", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body(content = Object, description = "`{\"choice\": \"for\"}`, `{\"choice\": \"objection\", \"reason\": \"...\"}`, `{\"approved\": [\"a\"]}`, `{\"grades\": {\"a\": 0}}` or `{\"ranking\": [[\"a\"], [\"b\", \"c\"]]}`"),
    responses((status = 201, description = "first ballot", body = BallotReceipt), (status = 200, description = "replaced the earlier ballot", body = BallotReceipt),
        (status = 403, description = "not in the electorate", body = crate::error::ErrorBody),
        (status = 422, description = "closed, unknown option, malformed ballot", body = crate::error::ErrorBody)))]
pub async fn cast_ballot(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<BallotInput>,
) -> AppResult<(StatusCode, Json<BallotReceipt>)> {
    let receipt = service::votes::cast_local_ballot(&data, &user.actor, id, body).await?;
    let status = if receipt.replaced_earlier_ballot {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(receipt)))
}

#[utoipa::path(post, path = "/api/v1/votes/{id}/close", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, description = "closed now; the final result", body = ResultView),
        (status = 403, description = "moderators only", body = crate::error::ErrorBody),
        (status = 409, description = "already closed", body = crate::error::ErrorBody)))]
pub async fn close_vote(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ResultView>> {
    service::votes::close_now(&data, &user.actor, id).await?;
    let details = service::votes::vote_details(&data, id, None).await?;
    result_view(&data, &details)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a closed vote has no result")))
}

/// The result as the API shows it; `None` while results are hidden until the close.
pub async fn result_view(data: &FedData, details: &VoteDetails) -> AppResult<Option<ResultView>> {
    let Some(outcome) = service::votes::current_result(data, details).await? else {
        return Ok(None);
    };
    let closed = details.vote.closed_at.is_some();
    // The roll of a vote counted elsewhere is published by its node (its decision), not here.
    let roll = if closed && details.vote.local {
        let rows = service::votes::roll(data, &details.vote).await?;
        Some(
            rows.iter()
                .map(|r| RollEntry::new(r, details.public_choices))
                .collect(),
        )
    } else {
        None
    };
    let participation = outcome.participation().clone();
    let verdict = serde_json::to_value(outcome.verdict()).unwrap_or(Value::Null);
    Ok(Some(ResultView {
        vote_id: details.vote.id,
        closed,
        verdict: verdict["kind"].as_str().unwrap_or_default().to_owned(),
        verdict_details: verdict,
        reason: outcome.reason().to_owned(),
        electorate: participation.electorate,
        ballots: participation.ballots,
        abstentions: participation.abstentions,
        turnout: turnout(
            i64::from(participation.ballots),
            i64::from(participation.electorate),
        ),
        outcome: serde_json::to_value(&outcome).unwrap_or(Value::Null),
        roll,
        decision: (closed && details.vote.local)
            .then(|| crate::federation::objects::decision::decision_id(&details.vote.ap_id)),
    }))
}

#[utoipa::path(get, path = "/api/v1/votes/{id}/result", tag = "decisions", params(("id" = i64, Path)),
    responses((status = 200, description = "final once `closed` is true, a live count before", body = ResultView),
        (status = 403, description = "results hidden until the close", body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
        (status = 409, description = "counted on another node and not closed yet", body = crate::error::ErrorBody)))]
pub async fn result(data: FedData, Path(id): Path<i64>) -> AppResult<Json<ResultView>> {
    let details = service::votes::vote_details(&data, id, None).await?;
    if !details.vote.local && details.vote.closed_at.is_none() {
        return Err(AppError::Conflict(
            "counted_elsewhere",
            "this vote is counted on its group's node; its result comes here when it closes".into(),
        ));
    }
    result_view(&data, &details)
        .await?
        .map(Json)
        .ok_or_else(|| {
            AppError::Forbidden(
                "results_hidden",
                "this process shows results only after the vote closes".into(),
            )
        })
}

#[derive(Deserialize, IntoParams)]
pub struct DecisionsQuery {
    /// Words in the proposal's or the process's title.
    pub q: Option<String>,
    /// `adopted`, `rejected`, `winner`, `tie`, `no_quorum` or `no_result`.
    pub verdict: Option<String>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
    /// How `participation` groups decisions in time: `quarter` (default) or `month`.
    pub period: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/decisions", tag = "decisions", params(("group" = String, Path), DecisionsQuery),
    responses((status = 200, description = "the decisions, newest first, and participation per period; CSV (one line per decision, a turnout column per college) with format=csv", body = DecisionArchive)))]
pub async fn decisions(
    data: FedData,
    Path(group): Path<String>,
    Query(query): Query<DecisionsQuery>,
) -> AppResult<Response> {
    let group = resolve::known_group(&data, &group).await?;
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let verdict = query.verdict.as_deref().filter(|v| !v.is_empty());
    let rows = {
        let mut tx = data.db.read().await?;
        storage::votes::decisions_of_group(&mut tx, group.id, q, verdict).await?
    };
    let period = Period::parse(query.period.as_deref()).ok_or_else(|| {
        AppError::BadRequest("invalid_period", "period is quarter or month".into())
    })?;
    let views: Vec<DecisionView> = rows.iter().map(DecisionView::new).collect();
    match query.format.as_deref() {
        None | Some("json") => Ok(Json(DecisionArchive {
            participation: participation(&views, period),
            decisions: views,
        })
        .into_response()),
        Some("csv") => Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"decisions.csv\"",
                ),
            ],
            decisions_csv(&views),
        )
            .into_response()),
        Some(_) => Err(AppError::BadRequest(
            "invalid_format",
            "format is json or csv".into(),
        )),
    }
}

/// One line per decision, with participation figures, for a spreadsheet: the turnout of the
/// whole electorate, then one column per college (empty when the college did not vote).
pub fn decisions_csv(views: &[DecisionView]) -> String {
    use super::csv::field;
    let colleges: std::collections::BTreeSet<&str> = views
        .iter()
        .flat_map(|d| d.colleges.iter().map(|c| c.college.as_str()))
        .collect();
    let mut out = String::from(
        "closed_at,process,proposal,participation,method,verdict,electorate,ballots,turnout",
    );
    for college in &colleges {
        out.push(',');
        out.push_str(&field(&format!("turnout {college}")));
    }
    out.push('\n');
    for d in views {
        let closed = d.closed_at.map(|t| t.to_rfc3339()).unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{:.4}",
            field(&closed),
            field(&d.process_title),
            field(&d.proposal_title),
            field(&d.participation),
            field(&d.method),
            field(&d.verdict),
            d.electorate,
            d.ballots,
            d.turnout
        ));
        for college in &colleges {
            out.push(',');
            if let Some(c) = d.colleges.iter().find(|c| c.college == *college) {
                out.push_str(&format!("{:.4}", c.turnout));
            }
        }
        out.push('\n');
    }
    out
}

#[derive(serde::Serialize, ToSchema)]
pub struct CollegeView {
    pub name: String,
    pub weight: i64,
    pub members: i64,
}

fn college_views(rows: Vec<CollegeRow>) -> Vec<CollegeView> {
    rows.into_iter()
        .map(|c| CollegeView {
            name: c.name,
            weight: c.weight,
            members: c.members,
        })
        .collect()
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/colleges", tag = "decisions", params(("group" = String, Path)),
    responses((status = 200, body = [CollegeView])))]
pub async fn list_colleges(
    data: FedData,
    Path(group): Path<String>,
) -> AppResult<Json<Vec<CollegeView>>> {
    let group = resolve::known_group(&data, &group).await?;
    Ok(Json(college_views(
        service::votes::colleges(&data, &group).await?,
    )))
}

#[derive(Deserialize, ToSchema)]
pub struct CollegeRequest {
    pub name: String,
    /// Relative weight, e.g. 40 for 40 %.
    pub weight: u32,
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/colleges", tag = "decisions", security(("bearer" = [])),
    params(("group" = String, Path)), request_body = CollegeRequest,
    responses((status = 200, description = "the group's colleges", body = [CollegeView]), (status = 403, body = crate::error::ErrorBody)))]
pub async fn set_college(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<CollegeRequest>,
) -> AppResult<Json<Vec<CollegeView>>> {
    let group = resolve::known_group(&data, &group).await?;
    Ok(Json(college_views(
        service::votes::set_college(&data, &user.actor, &group, &body.name, body.weight).await?,
    )))
}

#[derive(Deserialize, ToSchema)]
pub struct PlaceRequest {
    /// The member's handle (`name` for a local member, `name@domain` otherwise) or actor URL.
    pub member: String,
    pub college: String,
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/colleges/members", tag = "decisions", security(("bearer" = [])),
    params(("group" = String, Path)), request_body = PlaceRequest,
    responses((status = 200, body = [CollegeView]), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn place_member(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<PlaceRequest>,
) -> AppResult<Json<Vec<CollegeView>>> {
    let group = resolve::known_group(&data, &group).await?;
    let member = resolve::person(&data, &body.member).await?;
    Ok(Json(college_views(
        service::votes::place_member(&data, &user.actor, &group, &member, &body.college).await?,
    )))
}
