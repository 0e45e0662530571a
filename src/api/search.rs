//! `GET /api/v1/search`: full-text search over proposals, decisions, events, competences and
//! posts, this node's own and its copies of followed groups elsewhere. Reads the query string
//! into `service::search::RawQuery`; the service checks it, searches and ranks.

use std::collections::BTreeMap;

use axum::{
    extract::{rejection::QueryRejection, Query},
    Json,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::time;
use crate::{
    error::{AppError, AppResult},
    federation::FedData,
    service::search::{self, Hit, RawQuery},
};

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SearchParams {
    /// The words to search for (1 to 200 characters); accents and case do not matter, and
    /// each word also finds longer ones it starts ("coop" finds "coopérative").
    pub q: Option<String>,
    /// `proposal`, `decision`, `event`, `competence` or `post`; every kind when absent.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: Option<String>,
    /// A group: local name or `name@domain`.
    pub group: Option<String>,
    /// Only items from this node: `host` or `host:port`.
    pub origin: Option<String>,
    /// From this day on (`YYYY-MM-DD`, UTC): a post's publication, a proposal's submission, a
    /// decision's close, an event's start, a competence's publication.
    pub from: Option<String>,
    /// Up to this day, included (`YYYY-MM-DD`, UTC).
    pub to: Option<String>,
    /// 1 to 100; 20 when absent.
    pub limit: Option<String>,
    /// Results to skip, up to 1000.
    pub offset: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchResult {
    /// `proposal`, `decision`, `event`, `competence` or `post`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Its id in this node's API (a decision: its vote's id).
    pub id: i64,
    /// Its ActivityPub id: the link to it on its own node.
    pub url: String,
    /// Its page on this node.
    pub page: String,
    pub title: String,
    /// Plain text around the first word found.
    pub excerpt: String,
    /// `name@domain` of its group.
    pub group: String,
    /// The node it comes from (`host` or `host:port`).
    pub origin: String,
    /// Published, submitted, decided (decisions), starting (events).
    pub date: Option<DateTime<Utc>>,
    /// Larger is better: the share of the words found, plus half the share found in the title.
    pub score: f64,
}

impl SearchResult {
    pub fn new(h: &Hit) -> SearchResult {
        SearchResult {
            kind: h.kind.as_str().into(),
            id: h.id,
            url: h.url.clone(),
            page: h.page.clone(),
            title: h.title.clone(),
            excerpt: h.excerpt.clone(),
            group: h.group.clone(),
            origin: h.origin.clone(),
            date: time(h.date),
            score: h.score,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SearchResults {
    /// Results in all (among the 500 best of each kind).
    pub total: usize,
    /// Results in all per type searched, zeros included: `{"proposal": 2, "event": 0, ...}`.
    pub counts: BTreeMap<String, usize>,
    /// Results in all per group (`name@domain`): `{"rennes@coop.example": 3, ...}`.
    pub groups: BTreeMap<String, usize>,
    /// Results in all per node of origin (`host` or `host:port`).
    pub origins: BTreeMap<String, usize>,
    pub limit: usize,
    pub offset: usize,
    /// Best first.
    pub results: Vec<SearchResult>,
}

impl From<SearchParams> for RawQuery {
    fn from(p: SearchParams) -> RawQuery {
        RawQuery {
            q: p.q,
            kind: p.kind,
            group: p.group,
            origin: p.origin,
            from: p.from,
            to: p.to,
            limit: p.limit,
            offset: p.offset,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams),
    responses((status = 200, body = SearchResults),
        (status = 400, description = "q missing or too long, or a field not as described", body = crate::error::ErrorBody),
        (status = 404, description = "the group is not known here", body = crate::error::ErrorBody),
        (status = 422, description = "q has no word to search (all too short or too common)", body = crate::error::ErrorBody)))]
pub async fn search(
    data: FedData,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> AppResult<Json<SearchResults>> {
    // A repeated field is the one way the query string itself can be malformed here.
    let Query(params) =
        params.map_err(|e| AppError::BadRequest("invalid_query_string", e.body_text()))?;
    let query = search::parse(&params.into())?;
    let results = search::search(&data, &query).await?;
    Ok(Json(SearchResults {
        total: results.total,
        counts: results
            .per_kind
            .iter()
            .map(|(k, n)| (k.as_str().to_string(), *n))
            .collect(),
        groups: results.per_group.iter().cloned().collect(),
        origins: results.per_origin.iter().cloned().collect(),
        limit: query.limit,
        offset: query.offset,
        results: results.hits.iter().map(SearchResult::new).collect(),
    }))
}
