//! `maillon:escalatedFrom` on the wire: a network-level proposal written by an antenna group
//! says which of the antenna's own proposals it comes from. It rides on the proposal's `Page`
//! (see `post.rs`); `service::escalation` stores it and the pages show it.

use serde::{Deserialize, Serialize};
use url::Url;

use super::super::urls::{same_origin, MAX_ID_CHARS};
use crate::{
    domain::content::{clean_line, MAX_TITLE_CHARS},
    error::AppError,
};

/// Longest word of context an antenna adds, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

/// The antenna's proposal, as the network proposal names it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct EscalatedFromJson {
    #[serde(rename = "type")]
    pub kind: String,
    /// The antenna's proposal (on the antenna's node).
    pub id: Url,
    /// Its title when it went up.
    pub name: String,
    /// The antenna group whose proposal it is (and who writes the network proposal).
    pub audience: Url,
    /// The antenna's word of context, plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// What a received `maillon:escalatedFrom` says, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedEscalation {
    pub source: Url,
    pub title: String,
    pub antenna: Url,
    pub note: Option<String>,
}

impl EscalatedFromJson {
    pub fn new(source: &str, title: &str, antenna: &str, note: Option<&str>) -> Option<Self> {
        Some(EscalatedFromJson {
            kind: "Page".into(),
            id: Url::parse(source).ok()?,
            name: title.to_string(),
            audience: Url::parse(antenna).ok()?,
            summary: note.map(str::to_string),
        })
    }

    /// Checks it against the network proposal's `author`: only the antenna itself escalates
    /// its proposals, so the author is the antenna and the proposal lives on its server.
    pub fn into_received(self, author: &Url) -> Result<ReceivedEscalation, AppError> {
        let invalid = |message: &str| AppError::Unprocessable("invalid_escalation", message.into());
        if self.audience != *author {
            return Err(invalid(
                "an escalated proposal is written by the antenna group it comes from",
            ));
        }
        if !same_origin(&self.id, author) || self.id.as_str().len() > MAX_ID_CHARS {
            return Err(invalid(
                "the escalated proposal lives on its antenna's server",
            ));
        }
        let title = clean_line(&self.name, MAX_TITLE_CHARS);
        if title.is_empty() {
            return Err(invalid("the escalated proposal has a title"));
        }
        Ok(ReceivedEscalation {
            source: self.id,
            title,
            antenna: self.audience,
            note: self
                .summary
                .map(|n| clean_note(&n))
                .filter(|n| !n.is_empty()),
        })
    }
}

/// A note as stored and sent: one plain line, hidden characters removed, cut to its limit.
pub fn clean_note(note: &str) -> String {
    clean_line(note, MAX_NOTE_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escalation(audience: &str, id: &str) -> EscalatedFromJson {
        serde_json::from_value(serde_json::json!({
            "type": "Page", "id": id, "name": "  Local\u{202e} vélo ",
            "audience": audience, "summary": "Voté à l'unanimité\n à Rennes"
        }))
        .unwrap()
    }

    #[test]
    fn the_antenna_escalates_its_own_proposal() {
        let antenna = Url::parse("https://rennes.example/groups/rennes").unwrap();
        let got = escalation(antenna.as_str(), "https://rennes.example/proposals/1")
            .into_received(&antenna)
            .unwrap();
        assert_eq!(got.title, "Local vélo");
        assert_eq!(got.note.as_deref(), Some("Voté à l'unanimité à Rennes"));
    }

    #[test]
    fn someone_else_or_another_server_is_refused() {
        let antenna = Url::parse("https://rennes.example/groups/rennes").unwrap();
        let person = Url::parse("https://rennes.example/users/ana").unwrap();
        let by_person = escalation(antenna.as_str(), "https://rennes.example/proposals/1")
            .into_received(&person)
            .unwrap_err();
        assert_eq!(by_person.code(), "invalid_escalation");
        let elsewhere = escalation(antenna.as_str(), "https://evil.example/proposals/1")
            .into_received(&antenna)
            .unwrap_err();
        assert_eq!(elsewhere.code(), "invalid_escalation");
    }
}
