//! The network calendar: upcoming events of every group known here, this node's own and the
//! copies of followed groups' events, by day. Reads and checks the query (`parse`, shared by
//! `GET /api/v1/events`, the `/calendar` page and `/calendar.ics`), then asks
//! `storage::aggregation::network_events`. Nothing here writes.

use chrono::{Duration, NaiveDate, Utc};

use super::search::{date, millis, origin};
use crate::{
    app::AppState,
    domain::{event::Category, search::origin_of},
    error::{AppError, AppResult},
    federation::resolve,
    storage::{self, aggregation::CalendarFilters, events::EventRow},
};

/// Days shown when no end is given.
pub const DEFAULT_DAYS: i64 = 90;
/// Longest range asked at once, in days.
pub const MAX_DAYS: i64 = 366;
/// Most events in one answer.
const MAX_EVENTS: i64 = 500;

/// The query as typed; an empty field means absent.
#[derive(Debug, Clone, Default)]
pub struct RawCalendarQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub group: Option<String>,
    pub origin: Option<String>,
    pub category: Option<String>,
}

/// A checked query: days in UTC, `to` included.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub group: Option<String>,
    pub origin: Option<String>,
    pub category: Option<Category>,
}

fn present(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Checks every field (400 with a code naming it); `today` is the default start.
pub fn parse(raw: &RawCalendarQuery, today: NaiveDate) -> AppResult<CalendarQuery> {
    let from = date("from", present(&raw.from))?.unwrap_or(today);
    let to = date("to", present(&raw.to))?.unwrap_or(from + Duration::days(DEFAULT_DAYS));
    if from > to {
        return Err(AppError::BadRequest(
            "invalid_dates",
            format!("from ({from}) comes after to ({to})"),
        ));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(AppError::BadRequest(
            "range_too_long",
            format!("from and to are at most {MAX_DAYS} days apart"),
        ));
    }
    let category = match present(&raw.category) {
        None => None,
        Some(c) => Some(Category::parse(c).ok_or_else(|| {
            AppError::BadRequest(
                "invalid_category",
                format!(
                    "category is one of assembly, drop_in, training, meetup, coworking or \
                     other, not {c:?}"
                ),
            )
        })?),
    };
    Ok(CalendarQuery {
        from,
        to,
        group: present(&raw.group).map(str::to_string),
        origin: origin(present(&raw.origin))?,
        category,
    })
}

/// Today in UTC, the default start.
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// One event of the calendar, with where it comes from.
#[derive(Debug, Clone)]
pub struct CalendarEvent {
    pub event: EventRow,
    /// `name@domain` of its group.
    pub group: String,
    pub group_name: String,
    /// The node that owns it (`host[:port]`).
    pub origin: String,
}

/// The events overlapping the query's days, soonest first; an unknown group is 404.
pub async fn events(state: &AppState, query: &CalendarQuery) -> AppResult<Vec<CalendarEvent>> {
    let group_id = match &query.group {
        Some(g) => Some(resolve::known_group(state, g).await?.id),
        None => None,
    };
    let filters = CalendarFilters {
        group_id,
        origin: query.origin.clone(),
        category: query.category.map(|c| c.as_str().to_string()),
        from: millis(query.from),
        // `to` is a whole day: up to the next midnight.
        to: millis(query.to + Duration::days(1)),
        limit: MAX_EVENTS,
    };
    let mut tx = state.db.read().await?;
    let rows = storage::aggregation::network_events(&mut tx, &filters).await?;
    Ok(rows
        .into_iter()
        .map(|r| CalendarEvent {
            origin: origin_of(&r.event.ap_id),
            group: format!("{}@{}", r.group_username, r.group_domain),
            group_name: r
                .group_name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or(r.group_username),
            event: r.event,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn code(r: AppResult<CalendarQuery>) -> &'static str {
        match r {
            Err(AppError::BadRequest(c, _)) => c,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn defaults_run_ninety_days_from_today() {
        let q = parse(&RawCalendarQuery::default(), day("2027-03-01")).unwrap();
        assert_eq!((q.from, q.to), (day("2027-03-01"), day("2027-05-30")));
        assert_eq!((q.group, q.origin, q.category), (None, None, None));
        let q = parse(
            &RawCalendarQuery {
                from: Some("2027-04-01".into()),
                origin: Some("LocalHost:8001".into()),
                category: Some("training".into()),
                group: Some(" ".into()),
                ..Default::default()
            },
            day("2027-03-01"),
        )
        .unwrap();
        assert_eq!(q.to, day("2027-06-30"));
        assert_eq!(q.origin.as_deref(), Some("localhost:8001"));
        assert_eq!(q.category, Some(Category::Training));
        assert_eq!(q.group, None);
    }

    #[test]
    fn bad_fields_are_refused_by_name() {
        let today = day("2027-03-01");
        let with = |f: fn(&mut RawCalendarQuery)| {
            let mut r = RawCalendarQuery::default();
            f(&mut r);
            code(parse(&r, today))
        };
        assert_eq!(with(|r| r.from = Some("2027-02-30".into())), "invalid_date");
        assert_eq!(with(|r| r.to = Some("tomorrow".into())), "invalid_date");
        assert_eq!(
            with(|r| {
                r.from = Some("2027-03-02".into());
                r.to = Some("2027-03-01".into());
            }),
            "invalid_dates"
        );
        assert_eq!(with(|r| r.to = Some("2028-03-01".into())), "range_too_long");
        assert_eq!(
            with(|r| r.category = Some("party".into())),
            "invalid_category"
        );
        assert_eq!(with(|r| r.origin = Some("a%b".into())), "invalid_origin");
    }
}
