//! The network calendar: `/calendar`, the upcoming events of every group known here (this
//! node's and the followed groups' of other nodes), by day, each with its group, its node and
//! a link to it on its node; a GET form filters by group, node, category and dates. The same
//! query gives `/calendar.ics`. Both read `service::network_calendar`, as the API does.

use askama::Template;
use axum::{
    extract::{rejection::QueryRejection, Query},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use super::{
    event_words::{category_key, date_in, status_key, when},
    group_events::origin,
};
use crate::{
    calendar::calendar,
    domain::event::{Category, Status},
    error::{AppError, AppResult},
    federation::FedData,
    service::network_calendar::{self, CalendarEvent, RawCalendarQuery},
    web::{calendars::ics, render_with, Ctx},
};

#[derive(Deserialize, Default, Clone)]
pub struct CalendarForm {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub origin: String,
    #[serde(default)]
    pub category: String,
}

impl CalendarForm {
    fn raw(&self) -> RawCalendarQuery {
        let field = |v: &str| Some(v.to_string());
        RawCalendarQuery {
            from: field(&self.from),
            to: field(&self.to),
            group: field(&self.group),
            origin: field(&self.origin),
            category: field(&self.category),
        }
    }

    /// `path` with this query, another group and node.
    fn link(&self, path: &str, group: &str, origin: &str) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("from", self.from.as_str()),
            ("to", &self.to),
            ("group", group),
            ("origin", origin),
            ("category", &self.category),
        ] {
            if !v.trim().is_empty() {
                out.append_pair(k, v);
            }
        }
        let query = out.finish();
        if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        }
    }
}

/// One event in the list.
pub struct CalendarItem {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub zone: String,
    pub category: String,
    /// The status in words, unless simply confirmed; `alert` when cancelled or postponed.
    pub status: Option<String>,
    pub alert: bool,
    pub place: Option<String>,
    pub group_name: String,
    pub group_path: String,
    /// The node it lives on, and its address there.
    pub origin: String,
    pub url: String,
    /// This calendar narrowed to its group, and to its node.
    pub only_group: String,
    pub only_origin: String,
}

/// The events of one day (in each event's own time zone).
pub struct Day {
    pub label: String,
    pub events: Vec<CalendarItem>,
}

pub struct CategoryChoice {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "network_calendar.html")]
struct CalendarPage<'a> {
    ctx: &'a Ctx,
    form: &'a CalendarForm,
    categories: Vec<CategoryChoice>,
    error_field: &'static str,
    error: Option<String>,
    days: Vec<Day>,
    count: String,
    ics: String,
    /// Any filter set: offer to clear them.
    filtered: bool,
}

impl CalendarPage<'_> {
    fn bad(&self, field: &str) -> bool {
        self.error.is_some() && self.error_field == field
    }
}

fn item(ctx: &Ctx, form: &CalendarForm, c: &CalendarEvent) -> CalendarItem {
    let e = &c.event;
    let place = [e.place_name.as_deref(), e.place_address.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let local = origin(e.local, &e.ap_id).is_none();
    CalendarItem {
        id: e.id,
        title: e.title.clone(),
        when: when(ctx.lang, e.starts_at, e.ends_at, &e.timezone),
        zone: e.timezone.clone(),
        category: ctx.t(&category_key(&e.category)),
        status: (Status::parse(&e.status) != Some(Status::Confirmed))
            .then(|| ctx.t(&status_key(&e.status))),
        alert: matches!(
            Status::parse(&e.status),
            Some(Status::Cancelled | Status::Postponed)
        ),
        place: (!place.is_empty()).then_some(place),
        group_name: c.group_name.clone(),
        group_path: if local {
            c.group.split('@').next().unwrap_or_default().to_string()
        } else {
            c.group.clone()
        },
        origin: c.origin.clone(),
        url: e.ap_id.clone(),
        only_group: form.link("/calendar", &c.group, &form.origin),
        only_origin: form.link("/calendar", &form.group, &c.origin),
    }
}

/// Events grouped by the day they start, in their own zone, in order.
fn by_day(ctx: &Ctx, form: &CalendarForm, events: &[CalendarEvent]) -> Vec<Day> {
    let mut days: Vec<Day> = Vec::new();
    for c in events {
        let label = date_in(ctx.lang, c.event.starts_at, &c.event.timezone);
        let entry = item(ctx, form, c);
        match days.last_mut() {
            Some(day) if day.label == label => day.events.push(entry),
            _ => days.push(Day {
                label,
                events: vec![entry],
            }),
        }
    }
    days
}

fn refusal(ctx: &Ctx, err: &AppError) -> (&'static str, String) {
    let code = match err {
        AppError::BadRequest(code, _) => *code,
        AppError::NotFound(_) => "unknown_group",
        _ => "",
    };
    match code {
        "invalid_date" => ("from", ctx.t("calendar-error-date")),
        "invalid_dates" => ("to", ctx.t("calendar-error-dates")),
        "range_too_long" => ("to", ctx.t("calendar-error-range")),
        "invalid_category" => ("category", ctx.t("calendar-error-category")),
        "invalid_origin" => ("origin", ctx.t("search-error-origin")),
        "unknown_group" => ("group", ctx.t("search-error-group")),
        _ => ("", ctx.t("calendar-error-other")),
    }
}

async fn read(data: &FedData, form: &CalendarForm) -> AppResult<Vec<CalendarEvent>> {
    let query = network_calendar::parse(&form.raw(), network_calendar::today())?;
    network_calendar::events(data, &query).await
}

/// `GET /calendar?from=&to=&group=&origin=&category=`. A malformed query string (a field
/// repeated) is read as the empty form.
pub async fn calendar_page(
    ctx: Ctx,
    form: Result<Query<CalendarForm>, QueryRejection>,
) -> Response {
    let form = form.map(|Query(f)| f).unwrap_or_default();
    let mut page = CalendarPage {
        ctx: &ctx,
        form: &form,
        categories: std::iter::once(CategoryChoice {
            value: "",
            label: ctx.t("calendar-all-categories"),
            selected: form.category.is_empty(),
        })
        .chain(Category::ALL.iter().map(|c| CategoryChoice {
            value: c.as_str(),
            label: ctx.t(&category_key(c.as_str())),
            selected: form.category == c.as_str(),
        }))
        .collect(),
        error_field: "",
        error: None,
        days: vec![],
        count: String::new(),
        ics: form.link("/calendar.ics", &form.group, &form.origin),
        filtered: [
            &form.group,
            &form.origin,
            &form.category,
            &form.from,
            &form.to,
        ]
        .iter()
        .any(|v| !v.trim().is_empty()),
    };
    match read(&ctx.data, &form).await {
        Ok(events) => {
            page.count = ctx.count("calendar-count", events.len() as i64);
            page.days = by_day(&ctx, &form, &events);
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

/// `GET /calendar.ics?...`: the same events as iCalendar; each links to its origin.
pub async fn calendar_ics(
    data: FedData,
    form: Result<Query<CalendarForm>, QueryRejection>,
) -> AppResult<Response> {
    let Query(form) =
        form.map_err(|e| AppError::BadRequest("invalid_query_string", e.body_text()))?;
    let events = read(&data, &form).await?;
    let rows: Vec<_> = events.into_iter().map(|c| c.event).collect();
    let name = format!("Maillon {}", data.urls.domain());
    // Each event links to its page on its own node, which stays right wherever the feed goes.
    Ok(ics(calendar(&name, &rows, |e| e.ap_id.clone()), "network"))
}
