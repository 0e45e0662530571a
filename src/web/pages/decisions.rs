//! A group's decision archive: every closed vote, newest first, searchable by title and
//! filterable by verdict (a GET form), with turnout, and links to the CSV and JSON exports of
//! the API.

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
    api::decision_views::DecisionView,
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
}

#[derive(Deserialize)]
pub struct ArchiveQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    verdict: String,
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
    let path = group_path(&group);
    let api = format!("/api/v1/groups/{path}/decisions");
    let filters = [("q", q), ("verdict", verdict)];
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
        json_url: format!("{api}?{}", query_string(&filters))
            .trim_end_matches('?')
            .to_owned(),
        group_path: path,
    })
}
