//! Taking part in a group's decisions from another server, on the wire. A support is a `Like`
//! of the proposal, sent to the group (the shape of a Mastodon favourite and of a Lemmy
//! upvote, so those count too when their author is a member), and `Undo` of it withdraws it.
//! An amendment is a `Note` answering the proposal with `maillon:amends`, sent to the group;
//! the proposal's author answers it with `Accept` or `Reject`. When the group's node changes
//! the state or the supports of a proposal written on another server, it says so with its own
//! `Update` of the proposal (the text stays its author's word).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

use super::post::{PostJson, Source};
use crate::{
    domain::content::clean_line,
    error::AppError,
    federation::{
        context::PUBLIC,
        urls::{same_origin, Urls, MAX_ID_CHARS},
    },
    storage::{actors::ActorRow, amendments::AmendmentRow},
};

/// Longest reason given with an amendment, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

/// `member` supports `proposal` (its id): a `Like` addressed to the group.
pub fn like(urls: &Urls, member: &ActorRow, proposal: &str, group: &ActorRow) -> Value {
    json!({
        "id": urls.new_activity("Like"),
        "type": "Like",
        "actor": member.ap_id,
        "object": proposal,
        "to": [group.ap_id],
        "audience": group.ap_id,
    })
}

/// `member` withdraws the support given by the `Like` `like_id`.
pub fn undo_like(
    urls: &Urls,
    member: &ActorRow,
    like_id: &str,
    proposal: &str,
    group: &ActorRow,
) -> Value {
    json!({
        "id": urls.new_activity("Undo"),
        "type": "Undo",
        "actor": member.ap_id,
        "object": {
            "id": like_id,
            "type": "Like",
            "actor": member.ap_id,
            "object": proposal,
        },
        "to": [group.ap_id],
        "audience": group.ap_id,
    })
}

/// An amendment on the wire: the whole new text of the proposal it amends.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct AmendmentJson {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: Url,
    #[serde(rename = "attributedTo")]
    pub attributed_to: Url,
    #[serde(rename = "inReplyTo")]
    pub in_reply_to: Url,
    #[serde(rename = "maillon:amends")]
    pub amends: Url,
    /// The new text, HTML.
    #[serde(default)]
    pub content: String,
    #[serde(rename = "mediaType", default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// The new text, Markdown: the proposal's node renders it itself.
    #[serde(default)]
    pub source: Option<Source>,
    /// Why the change is proposed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default)]
    pub to: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Url>,
}

/// What the group's node reads from an amendment, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedAmendment {
    pub ap_id: Url,
    pub author: Url,
    pub proposal: Url,
    /// The new text, Markdown, to be rendered by the receiving node.
    pub markdown: String,
    pub reason: Option<String>,
}

/// Whether a created object is an amendment rather than a post.
pub fn is_amendment(object: &Value) -> bool {
    object.get("maillon:amends").is_some()
}

impl AmendmentJson {
    /// Our member's amendment, for the group of another node.
    pub fn from_local(
        ap_id: &str,
        author: &ActorRow,
        proposal: &str,
        group: &ActorRow,
        html: &str,
        markdown: &str,
        reason: Option<&str>,
    ) -> AmendmentJson {
        let proposal = Url::parse(proposal).expect("stored proposal id");
        AmendmentJson {
            kind: "Note".into(),
            id: Url::parse(ap_id).expect("minted id"),
            attributed_to: Url::parse(&author.ap_id).expect("stored actor id"),
            in_reply_to: proposal.clone(),
            amends: proposal,
            content: html.into(),
            media_type: Some("text/html".into()),
            source: Some(Source {
                content: markdown.into(),
                media_type: "text/markdown".into(),
            }),
            summary: reason.map(str::to_owned),
            to: vec![group.ap_id.clone()],
            audience: Url::parse(&group.ap_id).ok(),
        }
    }

    /// Checks an amendment received from `actor`.
    pub fn into_received(self, actor: &Url) -> Result<ReceivedAmendment, AppError> {
        if self.attributed_to != *actor {
            return Err(AppError::forbidden(
                "an amendment's attributedTo must be the activity's actor",
            ));
        }
        if self.id.as_str().len() > MAX_ID_CHARS || !same_origin(&self.id, actor) {
            return Err(AppError::BadRequest(
                "wrong_origin",
                "the amendment's id is not on its author's server".into(),
            ));
        }
        if self.amends != self.in_reply_to {
            return Err(AppError::bad_request(
                "an amendment answers the proposal it amends",
            ));
        }
        let markdown = self
            .source
            .filter(|s| s.media_type == "text/markdown")
            .map(|s| s.content)
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| {
                AppError::Unprocessable(
                    "invalid_text",
                    "an amendment carries its new text as Markdown in source".into(),
                )
            })?;
        Ok(ReceivedAmendment {
            ap_id: self.id,
            author: self.attributed_to,
            proposal: self.amends,
            markdown,
            reason: self
                .summary
                .map(|r| clean_line(&r, MAX_REASON_CHARS))
                .filter(|r| !r.is_empty()),
        })
    }
}

/// `Create` of our member's amendment, for the group's inbox.
pub fn create_amendment(urls: &Urls, author: &ActorRow, amendment: &AmendmentJson) -> Value {
    json!({
        "id": urls.new_activity("Create"),
        "type": "Create",
        "actor": author.ap_id,
        "to": amendment.to,
        "audience": amendment.audience,
        "object": amendment,
    })
}

/// The proposal's author accepts or declines an amendment from another server: `Accept` or
/// `Reject` of the amendment, to its author.
pub fn answer_amendment(
    urls: &Urls,
    proposal_author: &ActorRow,
    accepted: bool,
    amendment: &AmendmentRow,
    proposal: &str,
) -> Value {
    let kind = if accepted { "Accept" } else { "Reject" };
    json!({
        "id": urls.new_activity(kind),
        "type": kind,
        "actor": proposal_author.ap_id,
        "object": {
            "id": amendment.ap_id,
            "type": "Note",
            "attributedTo": amendment.author_ap_id,
            "maillon:amends": proposal,
        },
        "to": [amendment.author_ap_id],
    })
}

/// Whether an `Accept` or `Reject` answers an amendment (rather than a follow).
pub fn answers_amendment(object: &Value) -> bool {
    object.is_object() && is_amendment(object)
}

/// The group's own word on a proposal written on another server: its `Update` of the
/// proposal as the group's node holds it, for the group's followers. Receivers take only the
/// state and the supports count from it.
pub fn group_update(urls: &Urls, group: &ActorRow, proposal: &PostJson) -> Value {
    let followers = group.followers.clone().unwrap_or_else(|| {
        urls.followers_of(&Url::parse(&group.ap_id).expect("id"))
            .to_string()
    });
    json!({
        "id": urls.new_activity("Update"),
        "type": "Update",
        "actor": group.ap_id,
        "to": [PUBLIC],
        "cc": [followers],
        "audience": group.ap_id,
        "object": proposal,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amendment(json: Value) -> Result<ReceivedAmendment, AppError> {
        let actor = Url::parse("https://b.example/users/carol").unwrap();
        serde_json::from_value::<AmendmentJson>(json)
            .expect("parses")
            .into_received(&actor)
    }

    fn note() -> Value {
        json!({
            "id": "https://b.example/amendments/1", "type": "Note",
            "attributedTo": "https://b.example/users/carol",
            "inReplyTo": "https://a.example/proposals/1",
            "maillon:amends": "https://a.example/proposals/1",
            "content": "<p>Rue <em>de Brest</em></p>",
            "source": {"content": "Rue *de Brest*", "mediaType": "text/markdown"},
            "summary": "Plus proche\nde la gare",
            "to": ["https://a.example/groups/coop"],
            "audience": "https://a.example/groups/coop"
        })
    }

    #[test]
    fn an_amendment_gives_its_markdown_and_reason() {
        let read = amendment(note()).unwrap();
        assert_eq!(read.markdown, "Rue *de Brest*");
        assert_eq!(read.reason.as_deref(), Some("Plus proche de la gare"));
        assert_eq!(read.proposal.as_str(), "https://a.example/proposals/1");
        assert!(is_amendment(&note()));
        assert!(!is_amendment(&json!({"type": "Note", "content": "x"})));
    }

    #[test]
    fn a_forged_or_textless_amendment_is_refused() {
        let mut other_author = note();
        other_author["attributedTo"] = json!("https://b.example/users/dan");
        assert_eq!(amendment(other_author).unwrap_err().code(), "forbidden");
        let mut elsewhere = note();
        elsewhere["id"] = json!("https://evil.example/amendments/1");
        assert_eq!(amendment(elsewhere).unwrap_err().code(), "wrong_origin");
        let mut html_only = note();
        html_only.as_object_mut().unwrap().remove("source");
        assert_eq!(amendment(html_only).unwrap_err().code(), "invalid_text");
    }
}
