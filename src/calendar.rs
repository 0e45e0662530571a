//! Events as iCalendar (RFC 5545): one event, a group's feed, a member's own events. Calendar
//! applications subscribe to these URLs; times are written in UTC (always valid, whatever the
//! reader's zone database), with the organizers' time zone named for readers that show it.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use crate::{
    domain::{
        content::html_to_text,
        event::{Frequency, Recurrence, Status},
    },
    storage::events::EventRow,
};

fn utc(millis: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

/// `RRULE` of a recurring event, e.g. `FREQ=WEEKLY;INTERVAL=1;UNTIL=20270630T220000Z`.
fn rrule(recurrence: &Recurrence) -> String {
    let frequency = match recurrence.frequency {
        Frequency::Daily => "DAILY",
        Frequency::Weekly => "WEEKLY",
        Frequency::Monthly => "MONTHLY",
    };
    let mut rule = format!("FREQ={frequency};INTERVAL={}", recurrence.interval.max(1));
    if let Some(until) = recurrence.until {
        rule.push_str(&format!(";UNTIL={}", utc(until).format("%Y%m%dT%H%M%SZ")));
    }
    rule
}

/// One `VEVENT`. `page` is the event's web page; the online link is never written here (a
/// feed is readable by anyone who has its address).
fn vevent(event: &EventRow, page: &str) -> Event {
    let mut out = Event::new();
    out.uid(&event.ap_id)
        .summary(&event.title)
        .description(&html_to_text(&event.description))
        .starts(utc(event.starts_at))
        .ends(utc(event.ends_at))
        .url(page)
        .timestamp(utc(event.updated_at.unwrap_or(event.created_at)))
        .last_modified(utc(event.updated_at.unwrap_or(event.created_at)))
        .add_property("X-MAILLON-TIMEZONE", &event.timezone)
        .add_property(
            "CATEGORIES",
            event.category.to_uppercase().replace('_', "-"),
        );
    let place = [event.place_name.as_deref(), event.place_address.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    if !place.is_empty() {
        out.location(&place);
    } else if event.online_url.is_some() {
        out.location("En ligne / Online");
    }
    match Status::parse(&event.status) {
        Some(Status::Cancelled) => {
            out.status(EventStatus::Cancelled);
        }
        Some(Status::Tentative | Status::Postponed) => {
            out.status(EventStatus::Tentative);
        }
        _ => {
            out.status(EventStatus::Confirmed);
        }
    }
    if let Some(recurrence) = event
        .recurrence
        .as_deref()
        .and_then(|r| serde_json::from_str::<Recurrence>(r).ok())
    {
        out.add_property("RRULE", rrule(&recurrence));
    }
    out.done()
}

/// A calendar named `name` with `events`; `page_of` gives each event's web page.
pub fn calendar(name: &str, events: &[EventRow], page_of: impl Fn(&EventRow) -> String) -> String {
    let mut calendar = Calendar::new();
    calendar.name(name);
    for event in events {
        calendar.push(vevent(event, &page_of(event)));
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(recurrence: Option<&str>) -> EventRow {
        EventRow {
            id: 1,
            ap_id: "https://a.example/events/1".into(),
            group_id: 1,
            title: "Permanence, le mardi; café".into(),
            description: "<p>Venez <strong>nombreux</strong></p>".into(),
            description_source: None,
            category: "drop_in".into(),
            starts_at: 1_800_000_000_000,
            ends_at: 1_800_007_200_000,
            timezone: "Europe/Paris".into(),
            place_name: Some("La Coop".into()),
            place_address: Some("1 rue de Brest, Rennes".into()),
            online_url: Some("https://visio.example/secret".into()),
            capacity: Some(3),
            join_mode: "open".into(),
            members_only: false,
            registration_deadline: None,
            status: "confirmed".into(),
            recurrence: recurrence.map(str::to_owned),
            contact: None,
            created_by: None,
            local: true,
            created_at: 1_700_000_000_000,
            updated_at: None,
            participant_count: None,
            waitlist_count: None,
        }
    }

    #[test]
    fn a_feed_parses_back_with_its_events_and_no_online_link() {
        let text = calendar(
            "coop",
            &[
                event(None),
                event(Some(
                    r#"{"frequency":"weekly","interval":1,"until":1810000000000}"#,
                )),
            ],
            |e| format!("https://a.example/event/{}", e.id),
        );
        assert!(text.contains("\r\n"), "lines end with CRLF");
        assert!(
            !text.contains("visio.example"),
            "the link is for participants"
        );
        let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
        let parsed = parser.next().expect("a calendar").expect("valid iCalendar");
        assert_eq!(parsed.events.len(), 2);
        let value = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
            e.properties
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
        };
        let first = &parsed.events[0];
        assert_eq!(
            value(first, "SUMMARY").as_deref(),
            Some("Permanence\\, le mardi\\; café")
        );
        assert_eq!(value(first, "DTSTART").as_deref(), Some("20270115T080000Z"));
        assert_eq!(value(first, "STATUS").as_deref(), Some("CONFIRMED"));
        assert!(value(first, "DTSTAMP").is_some());
        assert_eq!(
            value(&parsed.events[1], "RRULE").as_deref(),
            Some("FREQ=WEEKLY;INTERVAL=1;UNTIL=20270511T014640Z")
        );
    }
}
