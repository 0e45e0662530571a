//! Words and dates shared by the event pages (group list, event page, forms, attendees, my
//! events): the translation keys of categories, statuses, join modes and registration
//! states; dates and times written in the event's own time zone and the reader's language;
//! a recurrence in words; and the refusals of the events service in the reader's language.

use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::{
    domain::event::{
        utc_to_local, Category, Frequency, JoinMode, Recurrence, RegistrationState, Status,
    },
    error::AppError,
    web::{i18n::Lang, Ctx},
};

/// `prefix-code`, with the code's `_` as `-` (Fluent keys).
fn key(prefix: &str, code: &str) -> String {
    format!("{prefix}-{}", code.replace('_', "-"))
}

pub fn category_key(code: &str) -> String {
    key("event-category", code)
}

pub fn status_key(code: &str) -> String {
    key("event-status", code)
}

pub fn join_mode_key(code: &str) -> String {
    key("event-join", code)
}

pub fn join_mode_explain_key(code: &str) -> String {
    key("event-join-explain", code)
}

pub fn state_key(code: &str) -> String {
    key("event-state", code)
}

/// The time zones the form offers, those of the French-speaking places our cooperatives are
/// in first. An event made through the API in another zone keeps it (the form adds it).
pub const TIME_ZONES: [&str; 22] = [
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Luxembourg",
    "Europe/Zurich",
    "Europe/Monaco",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Berlin",
    "America/Guadeloupe",
    "America/Martinique",
    "America/Cayenne",
    "America/Miquelon",
    "America/Toronto",
    "Indian/Reunion",
    "Indian/Mayotte",
    "Pacific/Noumea",
    "Pacific/Tahiti",
    "Africa/Dakar",
    "Africa/Abidjan",
    "Africa/Casablanca",
    "UTC",
];

/// The zone events take when the organizer picks none.
pub const DEFAULT_TIME_ZONE: &str = "Europe/Paris";

fn local(millis: i64, zone: &str) -> Option<NaiveDateTime> {
    utc_to_local(millis, zone).or_else(|| utc_to_local(millis, "UTC"))
}

/// "mardi 14 mars 2027" / "Tuesday 14 March 2027", as the day falls in `zone`.
pub fn date_in(lang: Lang, millis: i64, zone: &str) -> String {
    local(millis, zone).map_or_else(String::new, |t| date_words(lang, &t))
}

fn date_words(lang: Lang, t: &NaiveDateTime) -> String {
    let day = if t.day() == 1 {
        lang.text("event-first-day")
    } else {
        t.day().to_string()
    };
    lang.text_with(
        "event-date",
        &[
            (
                "weekday",
                lang.text(&format!(
                    "event-weekday-{}",
                    t.weekday().number_from_monday()
                )),
            ),
            ("day", day),
            ("month", lang.text(&format!("event-month-{}", t.month()))),
            ("year", t.year().to_string()),
        ],
    )
}

fn time_words(lang: Lang, t: &NaiveDateTime) -> String {
    lang.text_with(
        "event-time",
        &[
            ("hour", t.hour().to_string()),
            ("minute", format!("{:02}", t.minute())),
        ],
    )
}

/// A moment with its day: "mardi 14 mars 2027 à 18 h 30".
pub fn moment_in(lang: Lang, millis: i64, zone: &str) -> String {
    local(millis, zone).map_or_else(String::new, |t| {
        lang.text_with(
            "event-date-time",
            &[
                ("date", date_words(lang, &t)),
                ("time", time_words(lang, &t)),
            ],
        )
    })
}

/// When an event takes place, in its zone: one day with two times, or two moments.
pub fn when(lang: Lang, starts_at: i64, ends_at: i64, zone: &str) -> String {
    let (Some(start), Some(end)) = (local(starts_at, zone), local(ends_at, zone)) else {
        return String::new();
    };
    if start.date() == end.date() {
        lang.text_with(
            "event-when-same-day",
            &[
                ("date", date_words(lang, &start)),
                ("from", time_words(lang, &start)),
                ("to", time_words(lang, &end)),
            ],
        )
    } else {
        lang.text_with(
            "event-when-span",
            &[
                ("from", moment_in(lang, starts_at, zone)),
                ("to", moment_in(lang, ends_at, zone)),
            ],
        )
    }
}

/// "Chaque semaine, le mardi, jusqu'au lundi 30 juin 2027": the rule starts from the first
/// session (its weekday, its day of the month), as the calendar's RRULE does.
pub fn recurrence_words(lang: Lang, rule: &Recurrence, starts_at: i64, zone: &str) -> String {
    let Some(first) = local(starts_at, zone) else {
        return String::new();
    };
    let frequency = match rule.frequency {
        Frequency::Daily => "daily",
        Frequency::Weekly => "weekly",
        Frequency::Monthly => "monthly",
    };
    let one_or_more = if rule.interval <= 1 { "1" } else { "n" };
    let words = lang.text_with(
        &format!("event-recurrence-{frequency}-{one_or_more}"),
        &[
            ("count", rule.interval.to_string()),
            (
                "weekday",
                lang.text(&format!(
                    "event-weekday-{}",
                    first.weekday().number_from_monday()
                )),
            ),
            ("day", first.day().to_string()),
        ],
    );
    match rule.until {
        Some(until) => lang.text_with(
            "event-recurrence-until",
            &[("rule", words), ("date", date_in(lang, until, zone))],
        ),
        None => words,
    }
}

/// A refusal of the events service in the reader's language. Events have words of their own
/// for codes other pages share (`registration_closed` means the node's sign-ups there).
pub fn error_text(ctx: &Ctx, err: &AppError) -> String {
    let key = format!("event-error-{}", err.code().replace('_', "-"));
    if ctx.lang.has(&key) {
        ctx.t(&key)
    } else {
        ctx.error_text(err)
    }
}

/// Codes of the events service's refusals that have words here.
pub const ERROR_CODES: [&str; 15] = [
    "members_only",
    "invitation_only",
    "registration_closed",
    "event_cancelled",
    "event_over",
    "remote_event",
    "not_an_organizer",
    "not_a_moderator",
    "not_a_local_group",
    "invalid_event",
    "invalid_event_times",
    "invalid_time_zone",
    "invalid_online_url",
    "no_organizers",
    "organizer_not_a_person",
];

/// Every key built by the functions above, for the test that they all exist.
pub fn all_keys() -> Vec<String> {
    let mut keys = Vec::new();
    for c in Category::ALL {
        keys.push(category_key(c.as_str()));
    }
    for s in Status::ALL {
        keys.push(status_key(s.as_str()));
    }
    for j in JoinMode::ALL {
        keys.push(join_mode_key(j.as_str()));
        keys.push(join_mode_explain_key(j.as_str()));
    }
    for s in RegistrationState::ALL {
        keys.push(state_key(s.as_str()));
    }
    for n in 1..=7 {
        keys.push(format!("event-weekday-{n}"));
    }
    for n in 1..=12 {
        keys.push(format!("event-month-{n}"));
    }
    for f in ["daily", "weekly", "monthly"] {
        keys.push(format!("event-recurrence-{f}-1"));
        keys.push(format!("event-recurrence-{f}-n"));
    }
    for code in ERROR_CODES {
        keys.push(format!("event-error-{}", code.replace('_', "-")));
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{is_time_zone, local_to_utc};

    #[test]
    fn every_built_key_exists_in_both_languages() {
        for key in all_keys() {
            for lang in Lang::ALL {
                assert!(lang.has(&key), "{key} is missing in {}", lang.code());
            }
        }
    }

    #[test]
    fn offered_zones_exist() {
        assert!(TIME_ZONES.iter().all(|z| is_time_zone(z)));
        assert!(TIME_ZONES.contains(&DEFAULT_TIME_ZONE));
    }

    #[test]
    fn dates_read_in_the_events_zone_and_the_readers_language() {
        // 18:30 in Paris on a Tuesday in March; 22:30 there is 01:30 the next day in Réunion.
        let start = local_to_utc("2027-03-16T18:30", "Europe/Paris").unwrap();
        let end = local_to_utc("2027-03-16T20:00", "Europe/Paris").unwrap();
        assert_eq!(
            when(Lang::Fr, start, end, "Europe/Paris"),
            "mardi 16 mars 2027, de 18 h 30 à 20 h 00"
        );
        assert_eq!(
            when(Lang::En, start, end, "Europe/Paris"),
            "Tuesday 16 March 2027, 18:30 to 20:00"
        );
        let late = local_to_utc("2027-03-16T22:30", "Europe/Paris").unwrap();
        assert_eq!(
            date_in(Lang::Fr, late, "Europe/Paris"),
            "mardi 16 mars 2027"
        );
        assert_eq!(
            date_in(Lang::Fr, late, "Indian/Reunion"),
            "mercredi 17 mars 2027"
        );
        let first = local_to_utc("2027-04-01T09:00", "Europe/Paris").unwrap();
        let later = local_to_utc("2027-04-02T17:00", "Europe/Paris").unwrap();
        assert_eq!(
            when(Lang::Fr, first, later, "Europe/Paris"),
            "du jeudi 1er avril 2027 à 9 h 00 au vendredi 2 avril 2027 à 17 h 00"
        );
    }

    #[test]
    fn recurrences_read_as_words() {
        let start = local_to_utc("2027-03-16T18:30", "Europe/Paris").unwrap();
        let until = local_to_utc("2027-06-29T23:59", "Europe/Paris").unwrap();
        let weekly = Recurrence {
            frequency: Frequency::Weekly,
            interval: 1,
            until: Some(until),
        };
        assert_eq!(
            recurrence_words(Lang::Fr, &weekly, start, "Europe/Paris"),
            "chaque semaine, le mardi, jusqu'au mardi 29 juin 2027"
        );
        let fortnightly = Recurrence {
            interval: 2,
            until: None,
            ..weekly
        };
        assert_eq!(
            recurrence_words(Lang::En, &fortnightly, start, "Europe/Paris"),
            "every 2 weeks, on Tuesday"
        );
    }
}
