//! Search over everything the node stores, its own content and its copies of followed groups
//! on other nodes: reads and checks the query (`parse`, the same for the API and the page),
//! asks `storage::search` for candidates of each kind (visibility is applied there, in SQL),
//! keeps those that really contain a query word, scores them with `domain::search` and merges
//! the kinds into one ranking. Nothing here writes.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::{
    app::AppState,
    domain::{
        competence::{query_terms, starter_skill},
        search::{self as rules, Candidate, Kind},
    },
    error::{AppError, AppResult},
    federation::resolve,
    storage::{
        self,
        search::{Filters, SearchRow},
    },
};

/// Longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;
/// Deepest page: beyond it, narrow the search instead.
pub const MAX_OFFSET: usize = 1000;
/// Candidates read per kind; the ranking is made among them.
const CANDIDATES_PER_KIND: i64 = 500;

/// The query as typed: every field a string, an empty one meaning absent.
#[derive(Debug, Clone, Default)]
pub struct RawQuery {
    pub q: Option<String>,
    pub kind: Option<String>,
    pub group: Option<String>,
    pub origin: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
}

/// A checked query.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    pub text: String,
    /// Folded words, each searched as a prefix.
    pub terms: Vec<String>,
    pub kinds: Vec<Kind>,
    pub group: Option<String>,
    pub origin: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: usize,
    pub offset: usize,
}

fn present(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A refusal naming its field in the code (`invalid_origin`), so that the page can say which.
fn invalid(code: &'static str, message: String) -> AppError {
    AppError::BadRequest(code, message)
}

pub(crate) fn date(field: &str, raw: Option<&str>) -> AppResult<Option<NaiveDate>> {
    raw.map(|r| {
        NaiveDate::parse_from_str(r, "%Y-%m-%d").map_err(|_| {
            invalid(
                "invalid_date",
                format!("{field} is a date written YYYY-MM-DD, not {r:?}"),
            )
        })
    })
    .transpose()
}

fn number(
    (code, field): (&'static str, &str),
    raw: Option<&str>,
    default: usize,
    (min, max): (usize, usize),
) -> AppResult<usize> {
    match raw {
        None => Ok(default),
        Some(r) => r
            .parse::<usize>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| {
                invalid(
                    code,
                    format!("{field} is a whole number from {min} to {max}, not {r:?}"),
                )
            }),
    }
}

/// A node's host name, with a port if any, as item origins are written: letters, digits, dots
/// and dashes (so it cannot carry a LIKE wildcard into the query).
pub(crate) fn origin(raw: Option<&str>) -> AppResult<Option<String>> {
    let Some(raw) = raw else { return Ok(None) };
    let host = raw.to_ascii_lowercase();
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host.as_str(), None),
    };
    let name_ok = !name.is_empty()
        && name.len() <= 253
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok());
    if name_ok && port_ok {
        Ok(Some(host))
    } else {
        Err(invalid(
            "invalid_origin",
            format!(
                "origin is a node's host name, such as coop.example or localhost:8080, not {raw:?}"
            ),
        ))
    }
}

/// Checks every field; the first fault is the answer (400, or 422 when the words are all too
/// short or too common to search).
pub fn parse(raw: &RawQuery) -> AppResult<SearchQuery> {
    let text = present(&raw.q).ok_or_else(|| {
        AppError::BadRequest(
            "missing_query",
            "q, the words to search for, is required".into(),
        )
    })?;
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::BadRequest(
            "query_too_long",
            format!("q is at most {MAX_QUERY_CHARS} characters"),
        ));
    }
    let kinds = match present(&raw.kind) {
        None => Kind::ALL.to_vec(),
        Some(k) => vec![Kind::parse(k).ok_or_else(|| {
            invalid(
                "invalid_type",
                format!("type is one of proposal, decision, event, competence or post, not {k:?}"),
            )
        })?],
    };
    let origin = origin(present(&raw.origin))?;
    let from = date("from", present(&raw.from))?;
    let to = date("to", present(&raw.to))?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(invalid(
                "invalid_dates",
                format!("from ({f}) comes after to ({t})"),
            ));
        }
    }
    let limit = number(
        ("invalid_limit", "limit"),
        present(&raw.limit),
        DEFAULT_LIMIT,
        (1, MAX_LIMIT),
    )?;
    let offset = number(
        ("invalid_offset", "offset"),
        present(&raw.offset),
        0,
        (0, MAX_OFFSET),
    )?;
    let terms = query_terms(text);
    if terms.is_empty() {
        return Err(AppError::Unprocessable(
            "no_search_words",
            "q has no word to search: use words of three letters or more, other than common \
             ones such as \"les\" or \"the\""
                .into(),
        ));
    }
    Ok(SearchQuery {
        text: text.to_string(),
        terms,
        kinds,
        group: present(&raw.group).map(str::to_string),
        origin,
        from,
        to,
        limit,
        offset,
    })
}

/// One result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: Kind,
    pub id: i64,
    /// Its ActivityPub id: the link to its origin.
    pub url: String,
    /// Its page on this node.
    pub page: String,
    pub title: String,
    /// Plain text around the first hit.
    pub excerpt: String,
    /// `name@domain` of its group.
    pub group: String,
    /// The node that owns it (`host[:port]`).
    pub origin: String,
    /// Unix milliseconds.
    pub date: i64,
    pub score: f64,
}

/// A page of results, and how many there are in all (among the candidates read), in all and
/// per kind (the kinds searched, in `Kind::ALL` order, zeros included).
#[derive(Debug, Clone)]
pub struct Results {
    pub total: usize,
    pub per_kind: Vec<(Kind, usize)>,
    /// Results per group (`name@domain`) and per node of origin, most first: the facets an
    /// aggregator's reader narrows by.
    pub per_group: Vec<(String, usize)>,
    pub per_origin: Vec<(String, usize)>,
    pub hits: Vec<Hit>,
}

/// How many hits share each value of `key`, most first, then by name.
fn facet(hits: &[Hit], key: impl Fn(&Hit) -> &str) -> Vec<(String, usize)> {
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for h in hits {
        *counts.entry(key(h)).or_default() += 1;
    }
    let mut out: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

pub(crate) fn millis(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
        .timestamp_millis()
}

/// Runs a checked query: the group must be known here (404 otherwise).
pub async fn search(state: &AppState, query: &SearchQuery) -> AppResult<Results> {
    let group_id = match &query.group {
        Some(g) => Some(resolve::known_group(state, g).await?.id),
        None => None,
    };
    let filters = Filters {
        group_id,
        origin: query.origin.clone(),
        from: query.from.map(millis),
        // `to` is a whole day: up to the next midnight.
        to: query.to.and_then(|d| d.succ_opt()).map(millis),
    };
    let mut hits = Vec::new();
    let mut tx = state.db.read().await?;
    for &kind in &query.kinds {
        let rows =
            storage::search::candidates(&mut tx, kind, &query.terms, &filters, CANDIDATES_PER_KIND)
                .await?;
        let labels = if kind == Kind::Competence {
            skill_labels(&mut tx, &rows).await?
        } else {
            Default::default()
        };
        for row in rows {
            let extra = labels
                .get(&row.id)
                .map_or(row.extra.as_str(), String::as_str);
            if let Some(hit) = check(kind, &row, extra, &query.terms) {
                hits.push(hit);
            }
        }
    }
    drop(tx);
    Ok(page(merge(hits), &query.kinds, query.offset, query.limit))
}

/// A competence's skills as words it is found by: both labels of a starter skill, a free tag
/// as words.
async fn skill_labels(
    tx: &mut storage::Tx,
    rows: &[SearchRow],
) -> AppResult<std::collections::HashMap<i64, String>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut labels = std::collections::HashMap::<i64, String>::new();
    for (id, slug) in storage::competences::skills_of(tx, &ids).await? {
        let words = match starter_skill(&slug) {
            Some(s) => format!("{}, {}", s.fr, s.en),
            None => slug.replace('-', " "),
        };
        let entry = labels.entry(id).or_default();
        if !entry.is_empty() {
            entry.push_str(", ");
        }
        entry.push_str(&words);
    }
    Ok(labels)
}

/// A candidate becomes a hit if a query word is really in its text.
fn check(kind: Kind, row: &SearchRow, extra: &str, terms: &[String]) -> Option<Hit> {
    let body = rules::plain_text(&row.body);
    let title = row
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(|| rules::title_from_body(&body), str::to_string);
    let extra = extra.trim();
    let candidate = Candidate {
        title: &title,
        body: &body,
        extra,
    };
    let score = rules::score(&candidate, terms)?;
    Some(Hit {
        kind,
        id: row.id,
        excerpt: rules::excerpt(&candidate, terms),
        url: row.ap_id.clone(),
        page: kind.page(row.id),
        title,
        group: format!("{}@{}", row.group_username, row.group_domain),
        origin: rules::origin_of(&row.ap_id),
        date: row.date,
        score,
    })
}

/// One ranking across kinds: best score first, then newest; each ActivityPub id once.
fn merge(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.date.cmp(&a.date))
            .then(a.kind.as_str().cmp(b.kind.as_str()))
            .then(a.id.cmp(&b.id))
    });
    let mut seen = HashSet::new();
    hits.retain(|h| seen.insert(h.url.clone()));
    hits
}

fn page(hits: Vec<Hit>, kinds: &[Kind], offset: usize, limit: usize) -> Results {
    Results {
        total: hits.len(),
        per_kind: kinds
            .iter()
            .map(|k| (*k, hits.iter().filter(|h| h.kind == *k).count()))
            .collect(),
        per_group: facet(&hits, |h| &h.group),
        per_origin: facet(&hits, |h| &h.origin),
        hits: hits.into_iter().skip(offset).take(limit).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(q: &str) -> RawQuery {
        RawQuery {
            q: Some(q.into()),
            ..Default::default()
        }
    }

    fn code(r: AppResult<SearchQuery>) -> (u16, &'static str) {
        match r {
            Err(AppError::BadRequest(c, _)) => (400, c),
            Err(AppError::Unprocessable(c, _)) => (422, c),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_plain_query_takes_the_defaults() {
        let q = parse(&raw("  Équipe de Rennes ")).unwrap();
        assert_eq!(q.text, "Équipe de Rennes");
        assert_eq!(q.terms, vec!["equipe", "renne"]);
        assert_eq!(q.kinds, Kind::ALL.to_vec());
        assert_eq!((q.limit, q.offset), (DEFAULT_LIMIT, 0));
    }

    #[test]
    fn empty_fields_are_absent() {
        let q = parse(&RawQuery {
            kind: Some("".into()),
            origin: Some(" ".into()),
            from: Some("".into()),
            ..raw("budget")
        })
        .unwrap();
        assert_eq!(q.kinds.len(), 5);
        assert_eq!((q.origin, q.from), (None, None));
    }

    #[test]
    fn every_field_is_checked() {
        assert_eq!(code(parse(&RawQuery::default())), (400, "missing_query"));
        assert_eq!(code(parse(&raw("   "))), (400, "missing_query"));
        assert_eq!(code(parse(&raw(&"a".repeat(201)))), (400, "query_too_long"));
        assert!(
            parse(&raw(&"é".repeat(200))).is_ok(),
            "characters, not bytes"
        );
        assert_eq!(code(parse(&raw("le la de"))), (422, "no_search_words"));
        let with = |f: fn(&mut RawQuery)| {
            let mut r = raw("budget");
            f(&mut r);
            code(parse(&r))
        };
        assert_eq!(with(|r| r.kind = Some("poll".into())).1, "invalid_type");
        assert_eq!(
            with(|r| r.from = Some("2027-02-30".into())).1,
            "invalid_date"
        );
        assert_eq!(with(|r| r.to = Some("12/03/2027".into())).1, "invalid_date");
        assert_eq!(
            with(|r| {
                r.from = Some("2027-03-02".into());
                r.to = Some("2027-03-01".into());
            })
            .1,
            "invalid_dates"
        );
        assert_eq!(with(|r| r.limit = Some("0".into())), (400, "invalid_limit"));
        assert_eq!(
            with(|r| r.limit = Some("101".into())),
            (400, "invalid_limit")
        );
        assert_eq!(
            with(|r| r.offset = Some("-1".into())),
            (400, "invalid_offset")
        );
        assert_eq!(
            with(|r| r.origin = Some("a%b".into())),
            (400, "invalid_origin")
        );
        assert_eq!(
            with(|r| r.origin = Some("host_name".into())).1,
            "invalid_origin"
        );
        assert_eq!(
            with(|r| r.origin = Some("host:99999".into())).1,
            "invalid_origin"
        );
    }

    #[test]
    fn origins_and_dates_are_read() {
        let q = parse(&RawQuery {
            origin: Some("LocalHost:8001".into()),
            from: Some("2027-03-01".into()),
            to: Some("2027-03-01".into()),
            limit: Some("100".into()),
            offset: Some("40".into()),
            kind: Some("event".into()),
            ..raw("atelier")
        })
        .unwrap();
        assert_eq!(q.origin.as_deref(), Some("localhost:8001"));
        assert_eq!(q.from, q.to);
        assert_eq!((q.limit, q.offset), (100, 40));
        assert_eq!(q.kinds, vec![Kind::Event]);
    }

    fn hit(kind: Kind, id: i64, url: &str, score: f64, date: i64) -> Hit {
        Hit {
            kind,
            id,
            url: url.into(),
            page: kind.page(id),
            title: String::new(),
            excerpt: String::new(),
            group: String::new(),
            origin: String::new(),
            date,
            score,
        }
    }

    #[test]
    fn merging_ranks_by_score_then_date_and_keeps_each_id_once() {
        let merged = merge(vec![
            hit(Kind::Post, 1, "https://a/1", 0.5, 10),
            hit(Kind::Event, 2, "https://a/2", 1.5, 5),
            hit(Kind::Proposal, 3, "https://a/3", 0.5, 20),
            hit(Kind::Post, 4, "https://a/2", 0.5, 30),
        ]);
        let ids: Vec<i64> = merged.iter().map(|h| h.id).collect();
        assert_eq!(ids, vec![2, 3, 1]);
        let p = page(merged, &Kind::ALL, 1, 1);
        assert_eq!((p.total, p.hits[0].id), (3, 3));
        assert_eq!(
            p.per_kind,
            vec![
                (Kind::Proposal, 1),
                (Kind::Decision, 0),
                (Kind::Event, 1),
                (Kind::Competence, 0),
                (Kind::Post, 1)
            ]
        );
        assert_eq!(p.per_group, vec![(String::new(), 3)]);
    }

    #[test]
    fn facets_count_every_result_most_first() {
        let mut hits = vec![
            hit(Kind::Post, 1, "https://b/1", 1.0, 1),
            hit(Kind::Post, 2, "https://a/2", 1.0, 2),
            hit(Kind::Event, 3, "https://a/3", 1.0, 3),
        ];
        for (h, (group, origin)) in
            hits.iter_mut()
                .zip([("coop@b", "b"), ("rennes@a", "a"), ("rennes@a", "a")])
        {
            h.group = group.into();
            h.origin = origin.into();
        }
        let p = page(hits, &Kind::ALL, 0, 1);
        assert_eq!(p.hits.len(), 1, "the page is cut, not the facets");
        assert_eq!(
            p.per_group,
            vec![("rennes@a".to_string(), 2), ("coop@b".to_string(), 1)]
        );
        assert_eq!(
            p.per_origin,
            vec![("a".to_string(), 2), ("b".to_string(), 1)]
        );
    }
}
