//! The `Event` object on the wire: what we serve and send for a group's event, and how we read
//! the events of other servers (another Maillon node, Mobilizon, Gancio, WordPress...).
//!
//! The shape follows FEP-8a8e and Mobilizon, so Mobilizon and Gancio show a full event and
//! Mastodon a readable post: `startTime`/`endTime` with the offset of the event's `timezone`,
//! a `Place` with a `PostalAddress`, `joinMode`, `maximumAttendeeCapacity`,
//! `remainingAttendeeCapacity`, `participantCount`, `status` (and Mobilizon's older
//! `ical:status`). What only Maillon nodes use rides under `maillon:` (our category, the
//! waitlist, members-only, the registration deadline, the recurrence, the contact).
//!
//! The online link is private: it travels only in copies addressed to accepted participants,
//! as Mobilizon's `Link` attachment named "Website". Public copies say `isOnline` and nothing
//! more, so a public update never erases the link a participant's node keeps.

use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

use super::post::id_of;
use crate::{
    domain::{
        content::{clean_line, sanitize_html},
        event::{is_time_zone, Category, EventTimes, JoinMode, Recurrence, Status},
    },
    error::AppError,
    federation::{context::PUBLIC, urls::MAX_ID_CHARS},
    storage::events::{EventFields, EventRow},
};

/// The name Mobilizon gives the attachment that carries an event's online address.
const ONLINE_LINK_NAME: &str = "Website";
const MAX_TITLE_CHARS: usize = 200;
const MAX_DESCRIPTION_CHARS: usize = 50_000;
/// When a peer sends no end, we assume a two-hour meeting (FEP-8a8e asks for an end).
const DEFAULT_DURATION_MS: i64 = 2 * 3600 * 1000;

#[derive(Serialize, Deserialize, Debug, Clone, Default)]
#[serde(rename_all = "camelCase")]
pub struct EventJson {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Value>,
    #[serde(default)]
    pub attributed_to: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Value>,
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_online: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_attendee_capacity: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_attendee_capacity: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant_count: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(
        rename = "ical:status",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ical_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymous_participation_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<Value>,
    #[serde(
        rename = "maillon:category",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub maillon_category: Option<String>,
    #[serde(
        rename = "maillon:status",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub maillon_status: Option<String>,
    #[serde(
        rename = "maillon:membersOnly",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub members_only: Option<bool>,
    #[serde(
        rename = "maillon:registrationDeadline",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub registration_deadline: Option<String>,
    #[serde(
        rename = "maillon:recurrence",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub recurrence: Option<Value>,
    #[serde(
        rename = "maillon:contact",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub contact: Option<String>,
    #[serde(
        rename = "maillon:waitlisted",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub waitlisted: Option<Value>,
}

/// The figures of a local event that go out with it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Attendance {
    pub accepted: i64,
    pub waitlisted: i64,
}

/// Our category as the nearest Mobilizon category, for servers that only know theirs.
fn mobilizon_category(category: Category) -> &'static str {
    match category {
        Category::Assembly => "MEETING",
        Category::DropIn => "MEETING",
        Category::Training => "LEARNING",
        Category::Meetup => "NETWORKING",
        Category::Coworking => "WORKSHOPS_SKILL_SHARING",
        Category::Other => "MEETING",
    }
}

fn category_from_mobilizon(raw: &str) -> Category {
    match raw.to_ascii_uppercase().as_str() {
        "MEETING" => Category::Meetup,
        "NETWORKING" | "SOCIAL_ACTIVITIES" | "PARTY" => Category::Meetup,
        "LEARNING" | "WORKSHOPS_SKILL_SHARING" => Category::Training,
        _ => Category::Other,
    }
}

fn wire_status(status: Status) -> &'static str {
    match status {
        Status::Confirmed => "CONFIRMED",
        // Neither iCalendar nor Mobilizon has "postponed": the nearest is "not sure yet".
        Status::Tentative | Status::Postponed => "TENTATIVE",
        Status::Cancelled => "CANCELLED",
    }
}

fn wire_join_mode(mode: JoinMode) -> &'static str {
    match mode {
        JoinMode::Open => "free",
        JoinMode::Approval => "restricted",
        JoinMode::Invitation => "invite",
    }
}

/// Unix milliseconds as RFC 3339 with the offset `zone` has at that moment.
pub fn wire_time(millis: i64, zone: &str) -> String {
    let utc = DateTime::<Utc>::from_timestamp_millis(millis).unwrap_or_default();
    match zone.parse::<Tz>() {
        Ok(tz) => utc.with_timezone(&tz).to_rfc3339(),
        Err(_) => utc.to_rfc3339(),
    }
}

fn parse_time(raw: &str) -> Option<i64> {
    DateTime::<FixedOffset>::parse_from_rfc3339(raw.trim())
        .ok()
        .map(|t| t.timestamp_millis())
}

fn count(value: &Option<Value>) -> Option<i64> {
    value.as_ref().and_then(Value::as_i64).filter(|n| *n >= 0)
}

/// The online link Mobilizon puts among the attachments.
fn online_link_of(attachment: &Option<Value>) -> Option<String> {
    let list = match attachment.as_ref()? {
        Value::Array(items) => items.iter().collect::<Vec<_>>(),
        other => vec![other],
    };
    list.into_iter()
        .filter(|a| a.get("type").and_then(Value::as_str) == Some("Link"))
        .filter(|a| a.get("name").and_then(Value::as_str) == Some(ONLINE_LINK_NAME))
        .filter_map(|a| a.get("href").and_then(Value::as_str))
        .filter_map(|href| Url::parse(href).ok())
        .find(|u| matches!(u.scheme(), "https" | "http"))
        .map(|u| u.to_string())
}

/// A `location` as a place name and one line of address. Peers send a `Place` with a
/// `PostalAddress` (Mobilizon), a `Place` with a plain `address` (FEP-8a8e allows it), only a
/// name (Gancio), a bare string, or a list of those.
fn place_of(location: &Option<Value>) -> (Option<String>, Option<String>) {
    let place = match location {
        Some(Value::Array(items)) => items.first(),
        Some(other) => Some(other),
        None => None,
    };
    let Some(place) = place else {
        return (None, None);
    };
    if let Value::String(text) = place {
        return (Some(clean_line(text, 200)), None);
    }
    let name = place
        .get("name")
        .and_then(Value::as_str)
        .map(|n| clean_line(n, 200));
    let address = match place.get("address") {
        Some(Value::String(text)) => Some(clean_line(text, 500)),
        Some(Value::Object(parts)) => {
            let street = parts.get("streetAddress").and_then(Value::as_str);
            let postal = parts.get("postalCode").and_then(Value::as_str);
            let town = parts.get("addressLocality").and_then(Value::as_str);
            let country = parts.get("addressCountry").and_then(Value::as_str);
            let town_line = [postal, town]
                .into_iter()
                .flatten()
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let line = [street, Some(town_line.as_str()), country]
                .into_iter()
                .flatten()
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            Some(clean_line(&line, 500))
        }
        _ => None,
    };
    (
        name.filter(|n| !n.is_empty()),
        address.filter(|a| !a.is_empty()),
    )
}

impl EventJson {
    /// A local event as we serve it. `page` is its HTML page; `online_link` is given only in
    /// copies addressed to accepted participants.
    pub fn from_local(
        event: &EventRow,
        group_ap_id: &str,
        group_followers: &str,
        page: &Url,
        attendance: Attendance,
        online_link: Option<&str>,
    ) -> EventJson {
        let category = Category::parse(&event.category).unwrap_or(Category::Other);
        let status = Status::parse(&event.status).unwrap_or(Status::Confirmed);
        let mode = JoinMode::parse(&event.join_mode).unwrap_or(JoinMode::Approval);
        let location = (event.place_name.is_some() || event.place_address.is_some()).then(|| {
            let mut place = json!({"type": "Place"});
            if let Some(name) = &event.place_name {
                place["name"] = json!(name);
            }
            if let Some(address) = &event.place_address {
                place["address"] = json!({"type": "PostalAddress", "streetAddress": address});
            }
            place
        });
        let attachment = online_link.map(|href| {
            json!([{"type": "Link", "name": ONLINE_LINK_NAME, "mediaType": "text/html", "href": href}])
        });
        let remaining = event.capacity.map(|c| (c - attendance.accepted).max(0));
        EventJson {
            kind: "Event".into(),
            id: event.ap_id.clone(),
            name: Some(event.title.clone()),
            content: Some(event.description.clone()),
            summary: None,
            media_type: Some("text/html".into()),
            url: Some(json!(page.as_str())),
            attributed_to: Some(json!(group_ap_id)),
            audience: Some(json!(group_ap_id)),
            actor: None,
            start_time: Some(wire_time(event.starts_at, &event.timezone)),
            end_time: Some(wire_time(event.ends_at, &event.timezone)),
            timezone: Some(event.timezone.clone()),
            location,
            is_online: Some(event.online_url.is_some()),
            attachment,
            category: Some(json!(mobilizon_category(category))),
            join_mode: Some(wire_join_mode(mode).into()),
            maximum_attendee_capacity: event.capacity.map(|c| json!(c)),
            remaining_attendee_capacity: remaining.map(|r| json!(r)),
            participant_count: Some(json!(attendance.accepted)),
            status: Some(wire_status(status).into()),
            ical_status: Some(wire_status(status).into()),
            anonymous_participation_enabled: Some(false),
            draft: Some(false),
            published: Some(wire_time(event.created_at, "UTC")),
            updated: event.updated_at.map(|u| wire_time(u, "UTC")),
            to: vec![json!(PUBLIC)],
            cc: vec![json!(group_followers), json!(group_ap_id)],
            maillon_category: Some(category.as_str().into()),
            maillon_status: Some(status.as_str().into()),
            members_only: Some(event.members_only),
            registration_deadline: event
                .registration_deadline
                .map(|d| wire_time(d, &event.timezone)),
            recurrence: event
                .recurrence
                .as_deref()
                .and_then(|r| serde_json::from_str(r).ok()),
            contact: event.contact.clone(),
            waitlisted: Some(json!(attendance.waitlisted)),
        }
    }

    /// The actor the event belongs to: its `attributedTo` (a group for Maillon and Mobilizon
    /// group events, the organizer or the instance for others), else its `actor`.
    pub fn owner(&self) -> Option<Url> {
        let first = |value: &Option<Value>| match value {
            Some(Value::Array(items)) => items.iter().find_map(id_of),
            Some(other) => id_of(other),
            None => None,
        };
        first(&self.attributed_to).or_else(|| first(&self.actor))
    }

    /// What a peer's event says, checked and made safe for storage.
    pub fn into_received(self) -> Result<ReceivedEvent, AppError> {
        if self.kind != "Event" {
            return Err(AppError::Unprocessable(
                "unsupported_object",
                format!("a {} is not an event", self.kind),
            ));
        }
        if self.id.len() > MAX_ID_CHARS {
            return Err(AppError::BadRequest(
                "id_too_long",
                format!("ids may not be longer than {MAX_ID_CHARS} characters"),
            ));
        }
        let ap_id = Url::parse(&self.id)
            .map_err(|_| AppError::bad_request("the event's id is not a URL"))?;
        let owner = self
            .owner()
            .ok_or_else(|| AppError::bad_request("the event has no attributedTo"))?;
        let title = clean_line(self.name.as_deref().unwrap_or_default(), MAX_TITLE_CHARS);
        if title.is_empty() {
            return Err(AppError::Unprocessable(
                "invalid_event",
                "the event has no name".into(),
            ));
        }
        let starts_at = self
            .start_time
            .as_deref()
            .and_then(parse_time)
            .ok_or_else(|| {
                AppError::Unprocessable(
                    "invalid_event_times",
                    "the event has no startTime in RFC 3339".into(),
                )
            })?;
        let ends_at = self
            .end_time
            .as_deref()
            .and_then(parse_time)
            .filter(|end| *end > starts_at)
            .unwrap_or(starts_at + DEFAULT_DURATION_MS);
        let description = sanitize_html(
            self.content
                .as_deref()
                .or(self.summary.as_deref())
                .unwrap_or_default(),
        );
        if description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(AppError::PayloadTooLarge);
        }
        let timezone = self
            .timezone
            .filter(|z| is_time_zone(z))
            .unwrap_or_else(|| "UTC".into());
        let category = self
            .maillon_category
            .as_deref()
            .and_then(Category::parse)
            .or_else(|| {
                self.category
                    .as_ref()
                    .and_then(Value::as_str)
                    .map(category_from_mobilizon)
            })
            .unwrap_or(Category::Other);
        let status = self
            .maillon_status
            .as_deref()
            .and_then(Status::parse)
            .or_else(|| {
                let raw = self.status.as_deref().or(self.ical_status.as_deref())?;
                match raw.to_ascii_uppercase().as_str() {
                    "CONFIRMED" => Some(Status::Confirmed),
                    "TENTATIVE" => Some(Status::Tentative),
                    "CANCELLED" => Some(Status::Cancelled),
                    _ => None,
                }
            })
            .unwrap_or(Status::Confirmed);
        let join_mode = match self.join_mode.as_deref() {
            None | Some("free") => JoinMode::Open,
            Some("restricted") => JoinMode::Approval,
            // "invite", "external" (registration elsewhere) and anything new: nobody
            // registers through us.
            Some(_) => JoinMode::Invitation,
        };
        let capacity = count(&self.maximum_attendee_capacity)
            .filter(|c| *c > 0)
            .and_then(|c| u32::try_from(c).ok());
        let registration_deadline = self.registration_deadline.as_deref().and_then(parse_time);
        let recurrence = self
            .recurrence
            .and_then(|r| serde_json::from_value::<Recurrence>(r).ok());
        // The rules we hold our own events to, so a copy never shows what we could not store.
        let times = EventTimes {
            starts_at,
            ends_at,
            registration_deadline: registration_deadline.filter(|d| *d <= ends_at),
            capacity: capacity.filter(|c| *c <= crate::domain::event::MAX_CAPACITY),
            recurrence: recurrence.filter(|r| r.interval >= 1 && r.interval <= 52),
        };
        let times = match times.validate() {
            Ok(()) => times,
            Err(_) => EventTimes {
                ends_at: starts_at + DEFAULT_DURATION_MS,
                recurrence: None,
                registration_deadline: None,
                ..times
            },
        };
        let (place_name, place_address) = place_of(&self.location);
        let online_link = online_link_of(&self.attachment);
        let participants = count(&self.participant_count).or_else(|| {
            let remaining = count(&self.remaining_attendee_capacity)?;
            Some(i64::from(times.capacity?) - remaining).filter(|n| *n >= 0)
        });
        Ok(ReceivedEvent {
            ap_id,
            owner,
            fields: EventFields {
                title,
                description,
                description_source: None,
                category: category.as_str().into(),
                starts_at: times.starts_at,
                ends_at: times.ends_at,
                timezone,
                place_name,
                place_address,
                online_url: online_link.clone(),
                capacity: times.capacity.map(i64::from),
                join_mode: join_mode.as_str().into(),
                members_only: self.members_only.unwrap_or(false),
                registration_deadline: times.registration_deadline,
                status: status.as_str().into(),
                recurrence: times
                    .recurrence
                    .and_then(|r| serde_json::to_string(&r).ok()),
                contact: self
                    .contact
                    .map(|c| clean_line(&c, 300))
                    .filter(|c| !c.is_empty()),
            },
            online: OnlineLink::from_wire(self.is_online, online_link),
            participants,
            waitlisted: count(&self.waitlisted),
        })
    }
}

/// What a copy tells about the online link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnlineLink {
    /// The link itself (a copy for participants, or a server that shows it to all).
    Given(String),
    /// The event has no online part: forget any link.
    None,
    /// Online, but this copy does not say where: keep what we have.
    Withheld,
}

impl OnlineLink {
    fn from_wire(is_online: Option<bool>, link: Option<String>) -> OnlineLink {
        match (link, is_online) {
            (Some(link), _) => OnlineLink::Given(link),
            (None, Some(true)) => OnlineLink::Withheld,
            (None, _) => OnlineLink::None,
        }
    }
}

/// A peer's event, checked and made safe.
#[derive(Debug, Clone)]
pub struct ReceivedEvent {
    pub ap_id: Url,
    pub owner: Url,
    pub fields: EventFields,
    pub online: OnlineLink,
    /// Seats taken, as the event's server counts them.
    pub participants: Option<i64>,
    pub waitlisted: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(value: Value) -> ReceivedEvent {
        serde_json::from_value::<EventJson>(value)
            .expect("parses")
            .into_received()
            .expect("accepted")
    }

    /// An event as Mobilizon 4 serves it (a group's event, with a postal address, an online
    /// address among the attachments and the participation fields).
    #[test]
    fn mobilizon_event() {
        let event = parse(json!({
            "@context": ["https://www.w3.org/ns/activitystreams", "https://litepub.social/litepub/context.jsonld",
                {"mz": "https://joinmobilizon.org/ns#", "sc": "http://schema.org#", "ical": "http://www.w3.org/2002/12/cal/ical#"}],
            "type": "Event",
            "id": "https://mobilizon.example/events/5b1f3c7e-1d22-4f0e-9a5e-0b3e2a1c9d10",
            "url": "https://mobilizon.example/events/5b1f3c7e-1d22-4f0e-9a5e-0b3e2a1c9d10",
            "uuid": "5b1f3c7e-1d22-4f0e-9a5e-0b3e2a1c9d10",
            "name": "Atelier compta pour indépendants",
            "content": "<p>Apportez vos factures <script>alert(1)</script></p>",
            "mediaType": "text/html",
            "attributedTo": "https://mobilizon.example/@cae_rennes",
            "actor": "https://mobilizon.example/@claire",
            "startTime": "2027-03-16T18:00:00+01:00",
            "endTime": "2027-03-16T20:00:00+01:00",
            "timezone": "Europe/Paris",
            "category": "LEARNING",
            "joinMode": "restricted",
            "maximumAttendeeCapacity": 12,
            "remainingAttendeeCapacity": 4,
            "participantCount": 8,
            "anonymousParticipationEnabled": false,
            "repliesModerationOption": "allow_all",
            "commentsEnabled": true,
            "draft": false,
            "ical:status": "CONFIRMED",
            "status": "CONFIRMED",
            "isOnline": true,
            "location": {
                "type": "Place", "name": "La Maison des Coops",
                "address": {"type": "PostalAddress", "streetAddress": "12 rue de la Paix",
                    "postalCode": "35000", "addressLocality": "Rennes", "addressCountry": "France"}
            },
            "attachment": [
                {"type": "Document", "name": "Banner", "mediaType": "image/jpeg", "url": "https://mobilizon.example/media/x.jpg"},
                {"type": "Link", "name": "Website", "mediaType": "text/html", "href": "https://visio.example/compta"}
            ],
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "cc": ["https://mobilizon.example/@cae_rennes/followers"]
        }));
        assert_eq!(
            event.owner.as_str(),
            "https://mobilizon.example/@cae_rennes"
        );
        assert_eq!(event.fields.title, "Atelier compta pour indépendants");
        assert!(!event.fields.description.contains("script"));
        assert_eq!(event.fields.starts_at, 1_805_216_400_000);
        assert_eq!(
            event.fields.ends_at - event.fields.starts_at,
            2 * 3600 * 1000
        );
        assert_eq!(event.fields.timezone, "Europe/Paris");
        assert_eq!(event.fields.category, "training");
        assert_eq!(event.fields.join_mode, "approval");
        assert_eq!(event.fields.capacity, Some(12));
        assert_eq!(event.fields.status, "confirmed");
        assert_eq!(
            event.fields.place_name.as_deref(),
            Some("La Maison des Coops")
        );
        assert_eq!(
            event.fields.place_address.as_deref(),
            Some("12 rue de la Paix, 35000 Rennes, France")
        );
        assert_eq!(
            event.online,
            OnlineLink::Given("https://visio.example/compta".into())
        );
        assert_eq!(event.participants, Some(8));
    }

    /// Gancio's event: a place with only a name, no time zone, an attributedTo instance actor.
    #[test]
    fn gancio_event() {
        let event = parse(json!({
            "id": "https://gancio.example/federation/m/1",
            "name": "Repair café",
            "url": "https://gancio.example/event/repair-cafe",
            "type": "Event",
            "startTime": "2027-07-14T17:30:00+02:00",
            "endTime": "2027-07-14T18:30:00+02:00",
            "location": {"name": "Le Local"},
            "attachment": [{"type": "Document", "mediaType": "image/jpeg", "url": "https://gancio.example/media/a.jpg", "name": ""}],
            "tag": [{"type": "Hashtag", "name": "#repair", "href": "/tags/repair"}],
            "published": "2027-07-01T22:33:36Z",
            "attributedTo": "https://gancio.example/federation/u/gancio",
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "cc": ["https://gancio.example/federation/u/gancio/followers"],
            "content": "\n 📍 Le Local\n 📅 mercredi 14 juillet (17:30)\n",
            "summary": "📍 Le Local"
        }));
        assert_eq!(event.fields.place_name.as_deref(), Some("Le Local"));
        assert_eq!(event.fields.place_address, None);
        assert_eq!(event.fields.timezone, "UTC");
        assert_eq!(event.fields.join_mode, "open");
        assert_eq!(event.fields.capacity, None);
        assert_eq!(event.online, OnlineLink::None);
        assert_eq!(event.fields.ends_at - event.fields.starts_at, 3600 * 1000);
    }

    /// A Maillon event goes out and comes back the same, the online link only when given.
    #[test]
    fn our_event_round_trips() {
        let row = EventRow {
            id: 7,
            ap_id: "https://a.example/events/3f0c".into(),
            group_id: 1,
            title: "Permanence du mardi".into(),
            description: "<p>Venez</p>".into(),
            description_source: Some("Venez".into()),
            category: "drop_in".into(),
            starts_at: 1_805_216_400_000,
            ends_at: 1_805_223_600_000,
            timezone: "Europe/Paris".into(),
            place_name: Some("Antenne".into()),
            place_address: Some("3 place du Marché, Rennes".into()),
            online_url: Some("https://visio.example/mardi".into()),
            capacity: Some(3),
            join_mode: "open".into(),
            members_only: false,
            registration_deadline: None,
            status: "postponed".into(),
            recurrence: Some(r#"{"frequency":"weekly","interval":1,"until":null}"#.into()),
            contact: Some("permanence@a.example".into()),
            created_by: None,
            local: true,
            created_at: 1_800_000_000_000,
            updated_at: None,
            participant_count: None,
            waitlist_count: None,
        };
        let page = Url::parse("https://a.example/event/7").unwrap();
        let attendance = Attendance {
            accepted: 3,
            waitlisted: 2,
        };
        let public = EventJson::from_local(
            &row,
            "https://a.example/groups/rennes",
            "https://a.example/groups/rennes/followers",
            &page,
            attendance,
            None,
        );
        let wire = serde_json::to_value(&public).unwrap();
        assert_eq!(wire["startTime"], "2027-03-16T18:00:00+01:00");
        assert_eq!(wire["status"], "TENTATIVE");
        assert_eq!(wire["joinMode"], "free");
        assert_eq!(wire["remainingAttendeeCapacity"], 0);
        assert_eq!(wire["isOnline"], true);
        assert!(wire.get("attachment").is_none());
        let back = serde_json::from_value::<EventJson>(wire)
            .unwrap()
            .into_received()
            .unwrap();
        assert_eq!(back.fields.status, "postponed");
        assert_eq!(back.fields.category, "drop_in");
        assert_eq!(back.fields.recurrence, row.recurrence);
        assert_eq!(back.online, OnlineLink::Withheld);
        assert_eq!(back.participants, Some(3));
        assert_eq!(back.waitlisted, Some(2));

        let private = EventJson::from_local(
            &row,
            "https://a.example/groups/rennes",
            "https://a.example/groups/rennes/followers",
            &page,
            attendance,
            row.online_url.as_deref(),
        );
        let back = serde_json::from_value::<EventJson>(serde_json::to_value(&private).unwrap())
            .unwrap()
            .into_received()
            .unwrap();
        assert_eq!(
            back.online,
            OnlineLink::Given("https://visio.example/mardi".into())
        );
    }

    #[test]
    fn an_event_without_start_or_name_is_refused() {
        let no_start = json!({"type": "Event", "id": "https://x.example/e/1", "name": "x", "attributedTo": "https://x.example/u"});
        assert!(serde_json::from_value::<EventJson>(no_start)
            .unwrap()
            .into_received()
            .is_err());
        let no_name = json!({"type": "Event", "id": "https://x.example/e/1", "startTime": "2027-01-01T10:00:00Z", "attributedTo": "https://x.example/u"});
        assert!(serde_json::from_value::<EventJson>(no_name)
            .unwrap()
            .into_received()
            .is_err());
    }
}
