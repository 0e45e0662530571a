//! The event form, shared by "new event" and "change this event": its fields as typed, the
//! choices it offers, and reading it into the service's `EventInput`. Wall-clock times are
//! read in the time zone the organizer picks (`domain::event::local_to_utc`), so "18:30 in
//! Paris" stays 18:30 in Paris across clock changes. Rules the domain owns (an event ends
//! after it starts, the deadline falls before the end...) are checked there; this module only
//! puts each refusal next to the field it is about.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::Deserialize;

use super::{
    decision_words::{parse_count, Pick},
    event_words::{
        category_key, join_mode_explain_key, join_mode_key, status_key, DEFAULT_TIME_ZONE,
        TIME_ZONES,
    },
};
use crate::{
    domain::{
        content::html_to_text,
        event::{
            is_time_zone, local_to_utc, utc_to_local, Category, Frequency, JoinMode, Recurrence,
            Status,
        },
    },
    error::AppError,
    service::events::EventInput,
    storage::events::EventRow,
    web::Ctx,
};

/// The form's values as typed (kept as text, so a wrong value is shown back as it was).
#[derive(Deserialize, Default, Clone)]
pub struct EventForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub start_date: String,
    #[serde(default)]
    pub start_time: String,
    /// Empty: the day it starts.
    #[serde(default)]
    pub end_date: String,
    #[serde(default)]
    pub end_time: String,
    #[serde(default)]
    pub timezone: String,
    #[serde(default)]
    pub place_name: String,
    #[serde(default)]
    pub place_address: String,
    #[serde(default)]
    pub online_url: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub join_mode: String,
    #[serde(default)]
    pub members_only: Option<String>,
    #[serde(default)]
    pub deadline_date: String,
    /// Empty: the end of that day.
    #[serde(default)]
    pub deadline_time: String,
    #[serde(default)]
    pub status: String,
    /// `none`, `daily`, `weekly` or `monthly`.
    #[serde(default)]
    pub repeat: String,
    #[serde(default)]
    pub interval: String,
    /// Last day of the series (empty: no end).
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub contact: String,
    /// Names or handles, one per line (or separated by commas).
    #[serde(default)]
    pub organizers: String,
}

fn split_local(millis: i64, zone: &str) -> (String, String) {
    utc_to_local(millis, zone)
        .map(|t: NaiveDateTime| {
            (
                t.format("%Y-%m-%d").to_string(),
                t.format("%H:%M").to_string(),
            )
        })
        .unwrap_or_default()
}

impl EventForm {
    /// A new event's form: the usual choices, the creator as organizer.
    pub fn blank(organizer: &str) -> EventForm {
        EventForm {
            category: Category::Meetup.as_str().into(),
            timezone: DEFAULT_TIME_ZONE.into(),
            join_mode: JoinMode::Open.as_str().into(),
            status: Status::Confirmed.as_str().into(),
            repeat: "none".into(),
            interval: "1".into(),
            organizers: organizer.into(),
            ..EventForm::default()
        }
    }

    /// The form of an existing event, as its organizers set it, times in its own zone.
    pub fn of(e: &EventRow, organizers: &[String]) -> EventForm {
        let zone = &e.timezone;
        let (start_date, start_time) = split_local(e.starts_at, zone);
        let (end_date, end_time) = split_local(e.ends_at, zone);
        let (deadline_date, deadline_time) = e
            .registration_deadline
            .map(|d| split_local(d, zone))
            .unwrap_or_default();
        let recurrence = e
            .recurrence
            .as_deref()
            .and_then(|r| serde_json::from_str::<Recurrence>(r).ok());
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        EventForm {
            title: e.title.clone(),
            description: e
                .description_source
                .clone()
                .unwrap_or_else(|| html_to_text(&e.description)),
            category: e.category.clone(),
            start_date,
            start_time,
            end_date,
            end_time,
            timezone: zone.clone(),
            place_name: text(&e.place_name),
            place_address: text(&e.place_address),
            online_url: text(&e.online_url),
            capacity: e.capacity.map(|c| c.to_string()).unwrap_or_default(),
            join_mode: e.join_mode.clone(),
            members_only: e.members_only.then(|| "on".into()),
            deadline_date,
            deadline_time,
            status: e.status.clone(),
            repeat: recurrence
                .map(|r| frequency_code(r.frequency))
                .unwrap_or("none")
                .into(),
            interval: recurrence.map_or(1, |r| r.interval).to_string(),
            until: recurrence
                .and_then(|r| r.until)
                .map(|u| split_local(u, zone).0)
                .unwrap_or_default(),
            contact: text(&e.contact),
            organizers: organizers.join("\n"),
        }
    }

    /// The organizers' names as typed, each once.
    pub fn organizer_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for name in self.organizers.split([',', '\n', '\r', ' ', '\t']) {
            let name = name.trim().trim_start_matches('@');
            if !name.is_empty() && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
        names
    }
}

fn frequency_code(f: Frequency) -> &'static str {
    match f {
        Frequency::Daily => "daily",
        Frequency::Weekly => "weekly",
        Frequency::Monthly => "monthly",
    }
}

pub const REPEATS: [&str; 4] = ["none", "daily", "weekly", "monthly"];

/// Field errors: field id to the message shown under it.
pub type Errors = HashMap<&'static str, String>;

/// Reads a date and a time in `zone`; the error is a text key.
fn moment(date: &str, time: &str, zone: &str) -> Result<i64, &'static str> {
    if date.trim().is_empty() || time.trim().is_empty() {
        return Err("event-error-date-missing");
    }
    local_to_utc(&format!("{}T{}", date.trim(), time.trim()), zone).map_err(|e| {
        if e.contains("clocks change") {
            "event-error-clock-change"
        } else {
            "error-invalid-date"
        }
    })
}

/// Reads the form into the service's input, or says what is wrong with each field.
pub fn read_form(ctx: &Ctx, form: &EventForm) -> Result<EventInput, Errors> {
    let mut errors = Errors::new();
    let mut choice = |field: &'static str, found: bool| {
        if !found {
            errors.insert(field, ctx.t("error-invalid-choice"));
        }
    };
    let category = Category::parse(&form.category);
    choice("event-category", category.is_some());
    let join_mode = JoinMode::parse(&form.join_mode);
    choice("event-join-mode", join_mode.is_some());
    let status = Status::parse(&form.status);
    choice("event-status", status.is_some());
    let frequency = match form.repeat.as_str() {
        "" | "none" => None,
        other => {
            let parsed = Frequency::parse(other);
            choice("event-repeat", parsed.is_some());
            parsed
        }
    };
    let zone = form.timezone.trim();
    if !is_time_zone(zone) {
        errors.insert("event-timezone", ctx.t("event-error-invalid-time-zone"));
    }
    let zone = if is_time_zone(zone) {
        zone
    } else {
        DEFAULT_TIME_ZONE
    };
    let mut at = |field: &'static str, date: &str, time: &str| {
        moment(date, time, zone)
            .map_err(|key| errors.insert(field, ctx.t(key)))
            .ok()
    };
    let starts_at = at("event-start", &form.start_date, &form.start_time);
    let end_date = if form.end_date.trim().is_empty() {
        &form.start_date
    } else {
        &form.end_date
    };
    let ends_at = at("event-end", end_date, &form.end_time);
    let deadline = if form.deadline_date.trim().is_empty() {
        Some(None)
    } else {
        let time = Some(form.deadline_time.trim())
            .filter(|t| !t.is_empty())
            .unwrap_or("23:59");
        at("event-deadline", &form.deadline_date, time).map(Some)
    };
    let until = if form.until.trim().is_empty() {
        Some(None)
    } else {
        at("event-until", &form.until, "23:59").map(Some)
    };
    let mut count = |field: &'static str, raw: &str| {
        parse_count(raw)
            .map_err(|_| errors.insert(field, ctx.t("error-invalid-number")))
            .ok()
    };
    let capacity = count("event-capacity", &form.capacity);
    let interval = count("event-interval", &form.interval);
    if form.organizer_names().is_empty() {
        errors.insert("event-organizers", ctx.t("event-error-no-organizers"));
    }
    let (
        Some(category),
        Some(join_mode),
        Some(status),
        Some(starts_at),
        Some(ends_at),
        Some(deadline),
        Some(until),
        Some(capacity),
        Some(interval),
        true,
    ) = (
        category,
        join_mode,
        status,
        starts_at,
        ends_at,
        deadline,
        until,
        capacity,
        interval,
        errors.is_empty(),
    )
    else {
        return Err(errors);
    };
    let optional = |text: &str| Some(text.trim().to_string()).filter(|t| !t.is_empty());
    Ok(EventInput {
        title: form.title.clone(),
        description: form.description.clone(),
        category,
        starts_at,
        ends_at,
        timezone: zone.to_string(),
        place_name: optional(&form.place_name),
        place_address: optional(&form.place_address),
        online_url: optional(&form.online_url),
        capacity,
        join_mode,
        members_only: form.members_only.is_some(),
        registration_deadline: deadline,
        status,
        recurrence: frequency.map(|frequency| Recurrence {
            frequency,
            interval: interval.unwrap_or(1),
            until,
        }),
        contact: optional(&form.contact),
    })
}

/// Puts a refusal of the service next to its field, in the reader's language.
pub fn service_error(ctx: &Ctx, err: &AppError) -> Errors {
    let message = err.to_string();
    let (field, key) = match err.code() {
        "invalid_event" if message.contains("title") => ("event-title", "event-error-title"),
        "invalid_event" => ("event-description", "event-error-description"),
        "invalid_event_times" => {
            // The domain's sentences are fixed: each names the rule it is about.
            if message.contains("capacity") {
                ("event-capacity", "event-error-capacity")
            } else if message.contains("registrations close") {
                ("event-deadline", "event-error-deadline-after-end")
            } else if message.contains("recurrence") {
                ("event-repeat", "event-error-recurrence")
            } else if message.contains("31 days") {
                ("event-end", "event-error-too-long")
            } else {
                ("event-end", "event-error-ends-before-start")
            }
        }
        "invalid_time_zone" => ("event-timezone", "event-error-invalid-time-zone"),
        "invalid_online_url" => ("event-online-url", "event-error-invalid-online-url"),
        _ => {
            return Errors::from([("event-form", super::event_words::error_text(ctx, err))]);
        }
    };
    Errors::from([(field, ctx.t(key))])
}

/// The form with its choices, ready for the template.
pub struct EventFormView {
    pub action: String,
    pub form: EventForm,
    pub categories: Vec<Pick>,
    pub join_modes: Vec<Pick>,
    pub statuses: Vec<Pick>,
    pub repeats: Vec<Pick>,
    /// Zone names, and whether each is chosen.
    pub zones: Vec<(String, bool)>,
    /// Whether the form changes an existing event (its button says so).
    pub editing: bool,
}

impl EventFormView {
    pub fn new(ctx: &Ctx, action: String, form: EventForm, editing: bool) -> EventFormView {
        fn picks<T: Copy>(
            all: &[T],
            code: fn(T) -> &'static str,
            chosen: &str,
            label: impl Fn(&str) -> String,
            explain: impl Fn(&str) -> String,
        ) -> Vec<Pick> {
            all.iter()
                .map(|v| Pick {
                    value: code(*v),
                    label: label(code(*v)),
                    explain: explain(code(*v)),
                    selected: code(*v) == chosen,
                })
                .collect()
        }
        let none = |_: &str| String::new();
        let mut zones: Vec<(String, bool)> = TIME_ZONES
            .iter()
            .map(|z| (z.to_string(), *z == form.timezone))
            .collect();
        // An event made elsewhere in another zone keeps it.
        if !TIME_ZONES.contains(&form.timezone.as_str()) && is_time_zone(&form.timezone) {
            zones.insert(0, (form.timezone.clone(), true));
        }
        EventFormView {
            action,
            categories: picks(
                Category::ALL,
                Category::as_str,
                &form.category,
                |c| ctx.t(&category_key(c)),
                none,
            ),
            join_modes: picks(
                JoinMode::ALL,
                JoinMode::as_str,
                &form.join_mode,
                |c| ctx.t(&join_mode_key(c)),
                |c| ctx.t(&join_mode_explain_key(c)),
            ),
            statuses: picks(
                Status::ALL,
                Status::as_str,
                &form.status,
                |c| ctx.t(&status_key(c)),
                none,
            ),
            repeats: REPEATS
                .iter()
                .map(|r| Pick {
                    value: r,
                    label: ctx.t(&format!("event-repeat-{r}")),
                    explain: String::new(),
                    selected: *r == form.repeat || (form.repeat.is_empty() && *r == "none"),
                })
                .collect(),
            zones,
            editing,
            form,
        }
    }
}

/// Text keys this module picks by code, for the test that they exist.
pub const KEYS: [&str; 13] = [
    "event-error-date-missing",
    "event-error-clock-change",
    "event-error-invalid-time-zone",
    "event-error-no-organizers",
    "event-error-title",
    "event-error-description",
    "event-error-capacity",
    "event-error-deadline-after-end",
    "event-error-recurrence",
    "event-error-too-long",
    "event-error-ends-before-start",
    "event-error-invalid-online-url",
    "error-invalid-date",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Lang;

    #[test]
    fn every_key_exists_in_both_languages() {
        let repeats = REPEATS.iter().map(|r| format!("event-repeat-{r}"));
        for key in KEYS.iter().map(|k| k.to_string()).chain(repeats) {
            for lang in Lang::ALL {
                assert!(lang.has(&key), "{key} is missing in {}", lang.code());
            }
        }
    }

    #[test]
    fn organizers_are_read_once_each_without_their_at_sign() {
        let form = EventForm {
            organizers: "ana\n@ben, ana  chloe@b.example\r\n".into(),
            ..EventForm::default()
        };
        assert_eq!(form.organizer_names(), ["ana", "ben", "chloe@b.example"]);
    }
}
