//! A body's meeting on the wire: its agenda is an `OrderedCollection` owned by the group
//! (FEP-400e's target collection), carrying the meeting's date, place and body, and its items
//! in order with where each stands. An agenda item is a `Note` whose `target` is that
//! collection: a member proposes one by sending its `Create` to the group.
//! `service::meeting_federation` writes these documents; `service::remote_meetings` reads them.

use serde::Deserialize;
use serde_json::{json, Value};
use url::Url;

use super::post::id_of;
use crate::{
    domain::{
        agenda::{ItemState, TEXT_MAX, TITLE_MAX},
        content::{clean_line, sanitize_html},
    },
    error::AppError,
    federation::context::PUBLIC,
    storage::meetings::{ItemRow, MeetingRow},
};

/// Our meeting as its group publishes it, with its items (each with its author's id).
pub fn meeting_document(
    meeting: &MeetingRow,
    group_ap_id: &str,
    followers: &str,
    page: &Url,
    items: &[(ItemRow, String)],
) -> Value {
    let items: Vec<Value> = items
        .iter()
        .map(|(item, author)| item_document(item, author, meeting, group_ap_id))
        .collect();
    let mut doc = json!({
        "type": "OrderedCollection",
        "id": meeting.ap_id,
        "attributedTo": group_ap_id,
        "audience": group_ap_id,
        "to": [PUBLIC],
        "cc": [followers],
        "name": meeting.title,
        "url": page.as_str(),
        "startTime": millis_to_rfc3339(meeting.starts_at),
        "maillon:body": {"name": meeting.body_name, "kind": meeting.body_kind},
        "maillon:itemsOpen": meeting.items_open,
        "totalItems": items.len(),
        "orderedItems": items,
    });
    if let Some(place) = &meeting.place {
        doc["location"] = json!({"type": "Place", "name": place});
    }
    if let Some(minutes) = &meeting.minutes {
        doc["maillon:minutes"] = Value::String(minutes.clone());
    }
    doc
}

/// The collection an item targets, as FEP-400e shows it.
pub fn target_of(meeting_ap_id: &str, group_ap_id: &str) -> Value {
    json!({"type": "OrderedCollection", "id": meeting_ap_id, "attributedTo": group_ap_id})
}

/// An item as a `Note`. Its author's node serves the text; the group's node adds where the
/// item stands on the agenda.
pub fn item_document(
    item: &ItemRow,
    author: &str,
    meeting: &MeetingRow,
    group_ap_id: &str,
) -> Value {
    let mut doc = json!({
        "type": "Note",
        "id": item.ap_id,
        "attributedTo": author,
        "to": [group_ap_id, PUBLIC],
        "audience": group_ap_id,
        "name": item.title,
        "content": item.content,
        "mediaType": "text/html",
        "published": millis_to_rfc3339(item.created_at),
        "target": target_of(&meeting.ap_id, group_ap_id),
        "maillon:agendaState": item.state,
    });
    if let Some(source) = &item.content_source {
        doc["source"] = json!({"content": source, "mediaType": "text/markdown"});
    }
    if let Some(reason) = &item.reason {
        doc["maillon:reason"] = Value::String(reason.clone());
    }
    if let Some(at) = item.decided_at {
        doc["maillon:decidedAt"] = Value::String(millis_to_rfc3339(at));
    }
    if let Some(outcome) = &item.outcome {
        doc["maillon:outcome"] = Value::String(outcome.clone());
    }
    doc
}

fn millis_to_rfc3339(millis: i64) -> String {
    chrono::DateTime::from_timestamp_millis(millis)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn rfc3339_to_millis(text: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.timestamp_millis())
}

fn malformed(what: &str) -> AppError {
    AppError::BadRequest("malformed_object", format!("malformed {what}"))
}

/// Whether an object is a meeting's agenda (ours or a peer's).
pub fn is_meeting(object: &Value) -> bool {
    object.get("type").and_then(Value::as_str) == Some("OrderedCollection")
        && object.get("maillon:body").is_some()
}

/// The collection an object targets, when it names one (FEP-400e).
pub fn target_id(object: &Value) -> Option<Url> {
    object.get("target").and_then(id_of)
}

#[derive(Deserialize)]
struct PlaceJson {
    name: Option<String>,
}

#[derive(Deserialize)]
struct BodyJson {
    name: String,
    kind: Option<String>,
}

#[derive(Deserialize)]
struct MeetingJson {
    id: Url,
    #[serde(rename = "attributedTo")]
    attributed_to: Url,
    name: String,
    #[serde(rename = "startTime")]
    start_time: String,
    location: Option<PlaceJson>,
    #[serde(rename = "maillon:body")]
    body: BodyJson,
    #[serde(rename = "maillon:itemsOpen", default)]
    items_open: bool,
    #[serde(rename = "maillon:minutes")]
    minutes: Option<String>,
    #[serde(rename = "orderedItems", default)]
    ordered_items: Vec<Value>,
}

/// A peer's meeting, checked and made safe.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedMeeting {
    pub ap_id: Url,
    pub group: Url,
    pub body_name: String,
    /// `general_assembly` makes its news reach members who only stay informed.
    pub body_kind: Option<String>,
    pub title: String,
    pub starts_at: i64,
    pub place: Option<String>,
    pub items_open: bool,
    pub minutes: Option<String>,
    pub items: Vec<ReceivedItem>,
}

pub fn parse_meeting(object: Value) -> Result<ReceivedMeeting, AppError> {
    let json: MeetingJson =
        serde_json::from_value(object).map_err(|e| malformed(&format!("meeting: {e}")))?;
    let starts_at = rfc3339_to_millis(&json.start_time).ok_or_else(|| malformed("startTime"))?;
    let mut items = Vec::new();
    for (index, item) in json.ordered_items.into_iter().enumerate().take(500) {
        let mut item = parse_item(item)?;
        item.position = index as i64 + 1;
        items.push(item);
    }
    Ok(ReceivedMeeting {
        ap_id: json.id,
        group: json.attributed_to,
        body_name: clean_line(&json.body.name, TITLE_MAX),
        body_kind: json.body.kind.map(|k| clean_line(&k, 40)),
        title: clean_line(&json.name, TITLE_MAX),
        starts_at,
        place: json
            .location
            .and_then(|p| p.name)
            .map(|p| clean_line(&p, 300))
            .filter(|p| !p.is_empty()),
        items_open: json.items_open,
        minutes: json.minutes.map(|m| sanitize_html(&m)),
        items,
    })
}

#[derive(Deserialize)]
struct ItemJson {
    id: Url,
    #[serde(rename = "attributedTo")]
    attributed_to: Url,
    name: Option<String>,
    #[serde(default)]
    content: String,
    target: Option<Value>,
    #[serde(rename = "maillon:agendaState")]
    state: Option<String>,
    #[serde(rename = "maillon:reason")]
    reason: Option<String>,
    #[serde(rename = "maillon:decidedAt")]
    decided_at: Option<String>,
    #[serde(rename = "maillon:outcome")]
    outcome: Option<String>,
}

/// An agenda item from another server, checked and made safe.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedItem {
    pub ap_id: Url,
    pub author: Url,
    pub title: String,
    pub html: String,
    pub target: Option<Url>,
    /// What the group's node says of it (read only from the group's own documents).
    pub state: ItemState,
    pub reason: Option<String>,
    pub decided_at: Option<i64>,
    pub outcome: Option<String>,
    pub position: i64,
}

fn bounded(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().chars().take(TEXT_MAX).collect::<String>())
        .filter(|t| !t.is_empty())
}

pub fn parse_item(object: Value) -> Result<ReceivedItem, AppError> {
    let json: ItemJson =
        serde_json::from_value(object).map_err(|e| malformed(&format!("agenda item: {e}")))?;
    let title = clean_line(json.name.as_deref().unwrap_or_default(), TITLE_MAX);
    if title.is_empty() {
        return Err(AppError::Unprocessable(
            "title_required",
            "an agenda item needs a name".into(),
        ));
    }
    if json.content.chars().count() > TEXT_MAX * 4 {
        return Err(AppError::Unprocessable(
            "text_too_long",
            "the agenda item's text is too long".into(),
        ));
    }
    Ok(ReceivedItem {
        ap_id: json.id,
        author: json.attributed_to,
        title,
        html: sanitize_html(&json.content),
        target: json.target.as_ref().and_then(id_of),
        state: json
            .state
            .as_deref()
            .and_then(ItemState::parse)
            .unwrap_or(ItemState::Proposed),
        reason: bounded(json.reason),
        decided_at: json.decided_at.as_deref().and_then(rfc3339_to_millis),
        outcome: bounded(json.outcome),
        position: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting() -> MeetingRow {
        MeetingRow {
            id: 3,
            ap_id: "https://a.example/meetings/m1".into(),
            local: true,
            group_id: 1,
            body_id: Some(2),
            body_name: "Conseil d'administration".into(),
            body_kind: Some("board".into()),
            title: "CA de décembre".into(),
            starts_at: 1_796_000_000_000,
            place: Some("Salle du 1er".into()),
            event_id: None,
            items_open: true,
            minutes: None,
            minutes_source: None,
            created_at: 1,
            updated_at: None,
        }
    }

    fn item(state: &str, reason: Option<&str>) -> ItemRow {
        ItemRow {
            id: 9,
            ap_id: "https://b.example/agenda-items/i1".into(),
            meeting_id: 3,
            author_id: 7,
            local: false,
            title: "Budget formation".into(),
            content: "<p>Voir l'annexe</p>".into(),
            content_source: None,
            state: state.into(),
            reason: reason.map(str::to_string),
            decided_at: Some(1_796_000_000_000),
            position: 1,
            proposal_id: None,
            outcome: None,
            created_at: 1_795_000_000_000,
            updated_at: None,
        }
    }

    #[test]
    fn a_meeting_goes_out_and_comes_back_the_same() {
        let page = Url::parse("https://a.example/meeting/3").unwrap();
        let items = vec![
            (
                item("accepted", None),
                "https://b.example/users/bob".to_string(),
            ),
            (
                {
                    let mut i = item("declined", Some("Déjà traité"));
                    i.ap_id = "https://a.example/agenda-items/i2".into();
                    i
                },
                "https://a.example/users/ana".to_string(),
            ),
        ];
        let doc = meeting_document(
            &meeting(),
            "https://a.example/groups/coop",
            "https://a.example/groups/coop/followers",
            &page,
            &items,
        );
        assert!(is_meeting(&doc));
        assert_eq!(
            doc["orderedItems"][0]["target"]["id"],
            "https://a.example/meetings/m1"
        );
        let back = parse_meeting(doc).unwrap();
        assert_eq!(back.title, "CA de décembre");
        assert_eq!(back.body_name, "Conseil d'administration");
        assert_eq!(back.starts_at, 1_796_000_000_000);
        assert_eq!(back.place.as_deref(), Some("Salle du 1er"));
        assert_eq!(back.items.len(), 2);
        assert_eq!(back.items[0].state, ItemState::Accepted);
        assert_eq!(back.items[1].state, ItemState::Declined);
        assert_eq!(back.items[1].reason.as_deref(), Some("Déjà traité"));
        assert_eq!(back.items[1].position, 2);
    }

    #[test]
    fn a_proposed_item_from_another_server_is_made_safe() {
        let item = parse_item(json!({
            "type": "Note",
            "id": "https://b.example/agenda-items/x",
            "attributedTo": "https://b.example/users/bob",
            "name": "Local \u{202E}vélo",
            "content": "<p onclick=\"x()\">Un local <script>alert(1)</script>vélo</p>",
            "target": {"type": "OrderedCollection", "id": "https://a.example/meetings/m1"}
        }))
        .unwrap();
        assert_eq!(item.title, "Local vélo");
        assert!(!item.html.contains("script") && !item.html.contains("onclick"));
        assert_eq!(
            item.target.unwrap().as_str(),
            "https://a.example/meetings/m1"
        );
        assert_eq!(item.state, ItemState::Proposed);
        let nameless = parse_item(json!({
            "type": "Note", "id": "https://b.example/i", "attributedTo": "https://b.example/u",
            "content": "x"
        }));
        assert_eq!(nameless.unwrap_err().code(), "title_required");
    }
}
