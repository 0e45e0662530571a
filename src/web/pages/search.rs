//! The search page (`/search`): a GET form with the API's filters, and the results with their
//! kind, group, node of origin, a link to their page here and one to their origin. It reads
//! the form into `service::search::RawQuery` and asks `service::search`, like the API; a
//! refused query is shown on the page, in the reader's language, with the typed values kept.

use askama::Template;
use axum::{
    extract::{rejection::QueryRejection, Query},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use crate::{
    domain::search::Kind,
    error::AppError,
    service::search::{self, Hit, RawQuery, Results},
    web::{render_with, Ctx},
};

#[derive(Deserialize, Default)]
pub struct SearchForm {
    #[serde(default)]
    pub q: String,
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub origin: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub offset: String,
}

impl SearchForm {
    fn raw(&self) -> RawQuery {
        let field = |v: &str| Some(v.to_string());
        RawQuery {
            q: field(&self.q),
            kind: field(&self.kind),
            group: field(&self.group),
            origin: field(&self.origin),
            from: field(&self.from),
            to: field(&self.to),
            limit: None,
            offset: field(&self.offset),
        }
    }

    /// This search again at another offset.
    fn at(&self, offset: usize) -> String {
        self.link(&self.kind, offset)
    }

    /// This search with another type, at an offset.
    fn link(&self, kind: &str, offset: usize) -> String {
        self.link_with(kind, &self.group, &self.origin, offset)
    }

    /// This search narrowed to one group or one node (a facet), from the first result.
    fn narrowed(&self, group: &str, origin: &str) -> String {
        self.link_with(&self.kind, group, origin, 0)
    }

    fn link_with(&self, kind: &str, group: &str, origin: &str, offset: usize) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", self.q.as_str()),
            ("type", kind),
            ("group", group),
            ("origin", origin),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !v.trim().is_empty() {
                out.append_pair(k, v);
            }
        }
        if offset > 0 {
            out.append_pair("offset", &offset.to_string());
        }
        format!("/search?{}", out.finish())
    }
}

/// A choice of the type select.
pub struct TypeChoice {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

/// How many results a type has, linking to them alone.
pub struct Facet {
    pub label: String,
    pub count: usize,
    pub url: String,
}

pub struct ResultItem {
    pub kind: String,
    pub title: String,
    pub excerpt: String,
    pub page: String,
    pub url: String,
    pub group: String,
    pub origin: String,
    pub date: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage<'a> {
    ctx: &'a Ctx,
    form: &'a SearchForm,
    types: Vec<TypeChoice>,
    /// Which field the error is about (its input gets `aria-invalid`), and the message.
    error_field: &'static str,
    error: Option<String>,
    searched: bool,
    count: String,
    /// Per type, when every type was searched.
    facets: Vec<Facet>,
    /// Per group and per node of origin, when not narrowed to one already.
    group_facets: Vec<Facet>,
    origin_facets: Vec<Facet>,
    items: Vec<ResultItem>,
    previous: Option<String>,
    next: Option<String>,
}

impl SearchPage<'_> {
    /// Whether the refusal is about `field` (its input then says so).
    fn bad(&self, field: &str) -> bool {
        self.error.is_some() && self.error_field == field
    }
}

fn kind_label(ctx: &Ctx, kind: Kind) -> String {
    match kind {
        Kind::Proposal => ctx.t("search-type-proposal"),
        Kind::Decision => ctx.t("search-type-decision"),
        Kind::Event => ctx.t("search-type-event"),
        Kind::Competence => ctx.t("search-type-competence"),
        Kind::Post => ctx.t("search-type-post"),
    }
}

/// The refusal in words, and the field it concerns.
fn refusal(ctx: &Ctx, err: &AppError) -> (&'static str, String) {
    let code = match err {
        AppError::BadRequest(code, _) | AppError::Unprocessable(code, _) => *code,
        AppError::NotFound(_) => "unknown_group",
        _ => "",
    };
    match code {
        "query_too_long" => ("q", ctx.t("search-error-too-long")),
        "no_search_words" => ("q", ctx.t("search-error-no-words")),
        "invalid_type" => ("type", ctx.t("search-error-type")),
        "unknown_group" => ("group", ctx.t("search-error-group")),
        "invalid_origin" => ("origin", ctx.t("search-error-origin")),
        "invalid_date" => ("from", ctx.t("search-error-date")),
        "invalid_dates" => ("to", ctx.t("search-error-dates")),
        _ => ("", ctx.t("search-error-other")),
    }
}

fn item(ctx: &Ctx, h: &Hit) -> ResultItem {
    ResultItem {
        kind: kind_label(ctx, h.kind),
        title: h.title.clone(),
        excerpt: h.excerpt.clone(),
        page: h.page.clone(),
        url: h.url.clone(),
        group: h.group.clone(),
        origin: h.origin.clone(),
        date: crate::api::views::time(h.date)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    }
}

/// `GET /search?q=&type=&group=&origin=&from=&to=&offset=`; without words, the empty form.
/// A malformed query string (a field repeated) is read as the empty form.
pub async fn search_page(ctx: Ctx, form: Result<Query<SearchForm>, QueryRejection>) -> Response {
    let form = form.map(|Query(f)| f).unwrap_or_default();
    let mut page = SearchPage {
        ctx: &ctx,
        form: &form,
        types: std::iter::once(TypeChoice {
            value: "",
            label: ctx.t("search-type-all"),
            selected: form.kind.is_empty(),
        })
        .chain(Kind::ALL.iter().map(|k| TypeChoice {
            value: k.as_str(),
            label: kind_label(&ctx, *k),
            selected: form.kind == k.as_str(),
        }))
        .collect(),
        error_field: "",
        error: None,
        searched: false,
        count: String::new(),
        facets: vec![],
        group_facets: vec![],
        origin_facets: vec![],
        items: vec![],
        previous: None,
        next: None,
    };
    if form.q.trim().is_empty() {
        return render_with(StatusCode::OK, &page);
    }
    let outcome = match search::parse(&form.raw()) {
        Ok(query) => search::search(&ctx.data, &query)
            .await
            .map(|results| (query, results)),
        Err(err) => Err(err),
    };
    match outcome {
        Ok((
            query,
            Results {
                total,
                per_kind,
                per_group,
                per_origin,
                hits,
            },
        )) => {
            page.searched = true;
            page.count = ctx.count("search-results-count", total as i64);
            if per_kind.len() > 1 {
                page.facets = per_kind
                    .iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(k, n)| Facet {
                        label: kind_label(&ctx, *k),
                        count: *n,
                        url: form.link(k.as_str(), 0),
                    })
                    .collect();
            }
            if form.group.trim().is_empty() {
                page.group_facets = per_group
                    .into_iter()
                    .map(|(g, count)| Facet {
                        url: form.narrowed(&g, &form.origin),
                        label: g,
                        count,
                    })
                    .collect();
            }
            if form.origin.trim().is_empty() {
                page.origin_facets = per_origin
                    .into_iter()
                    .map(|(o, count)| Facet {
                        url: form.narrowed(&form.group, &o),
                        label: o,
                        count,
                    })
                    .collect();
            }
            page.items = hits.iter().map(|h| item(&ctx, h)).collect();
            page.previous =
                (query.offset > 0).then(|| form.at(query.offset.saturating_sub(query.limit)));
            let next = query.offset + query.limit;
            page.next = (next < total && next <= search::MAX_OFFSET).then(|| form.at(next));
            render_with(StatusCode::OK, &page)
        }
        Err(err) if err.status().is_client_error() => {
            let status = err.status();
            let (field, message) = refusal(&ctx, &err);
            page.error_field = field;
            page.error = Some(message);
            render_with(status, &page)
        }
        Err(err) => ctx.fail(err),
    }
}
