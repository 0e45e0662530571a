//! Discussion posts on the wire: `Page` (a post with a title, as Lemmy) or `Note` (a post
//! without title, or a reply), addressed to a group through `audience` and `to`.

use activitypub_federation::protocol::helpers::deserialize_skip_error;
use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use url::Url;

use super::{
    super::{
        context::PUBLIC,
        urls::{same_origin, MAX_ID_CHARS},
    },
    competence::{CompetenceJson, ReceivedCompetence},
    escalation::{EscalatedFromJson, ReceivedEscalation},
    process::{ProcessJson, ReceivedProcess},
};
use crate::{
    domain::{
        content::{clean_line, sanitize_html, MAX_CONTENT_CHARS, MAX_TITLE_CHARS},
        process::ProposalState,
    },
    error::AppError,
    storage::{actors::ActorRow, posts::PostRow},
};

/// Most addresses (`to` and `cc` together) a received post may have. Each local address is
/// looked up to find the group, so an endless list would be an endless amount of work; real
/// posts have a handful.
pub const MAX_ADDRESSES: usize = 1000;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub content: String,
    pub media_type: String,
}

#[derive(Serialize, Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct PostJson {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: Url,
    /// A URL, an object with an `id`, or (PeerTube) a list of them.
    pub attributed_to: Value,
    #[serde(default, deserialize_with = "addresses")]
    pub to: Vec<String>,
    #[serde(default, deserialize_with = "addresses")]
    pub cc: Vec<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub audience: Option<Url>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub name: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub content: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub media_type: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub source: Option<Source>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "url_or_object"
    )]
    pub in_reply_to: Option<Url>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub published: Option<DateTime<Utc>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub updated: Option<DateTime<Utc>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub url: Option<Url>,
    /// A proposal carries the process it belongs to (Maillon's term); plain posts have none.
    #[serde(
        rename = "maillon:process",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub process: Option<ProcessJson>,
    /// The state of a proposal: published, deliberation, vote, accepted...
    #[serde(
        rename = "maillon:state",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub proposal_state: Option<String>,
    /// How many members support a proposal, as the group's node counts them.
    #[serde(
        rename = "maillon:supports",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub supports: Option<i64>,
    /// FEP-400e: the collection a proposal is added to (its process, owned by the group).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub target: Option<Value>,
    /// An offer or a need: the FEP-0837 `Proposal` this post opens the discussion of.
    #[serde(
        rename = "maillon:competence",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub competence: Option<CompetenceJson>,
    /// A network proposal written by an antenna: the antenna's proposal it comes from.
    #[serde(
        rename = "maillon:escalatedFrom",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_skip_error"
    )]
    pub escalated_from: Option<EscalatedFromJson>,
}

/// `to`/`cc` as a list of strings, whether the peer sent one address or many.
fn addresses<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(match value {
        Value::String(s) => vec![s],
        Value::Array(items) => items
            .into_iter()
            .filter_map(|item| match item {
                Value::String(s) => Some(s),
                Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_string),
                _ => None,
            })
            .collect(),
        _ => vec![],
    })
}

/// A link given as a URL or as an object with an `id` (some servers embed the parent).
fn url_or_object<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Url>, D::Error> {
    Ok(id_of(&Value::deserialize(deserializer)?))
}

/// The id of an object given as a URL string or as an object with an `id`.
pub fn id_of(value: &Value) -> Option<Url> {
    match value {
        Value::String(s) => Url::parse(s).ok(),
        Value::Object(o) => o
            .get("id")
            .and_then(Value::as_str)
            .and_then(|s| Url::parse(s).ok()),
        _ => None,
    }
}

/// What a received post says, checked and made safe.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedPost {
    pub ap_id: Url,
    pub author: Url,
    pub kind: &'static str,
    pub title: Option<String>,
    pub html: String,
    /// The author's Markdown, when given: shown as the starting text of an amendment.
    pub markdown: Option<String>,
    pub in_reply_to: Option<Url>,
    pub audience: Option<Url>,
    /// Everyone in `to` and `cc`, and `audience`.
    pub addressed: Vec<String>,
    pub published_at: i64,
    pub updated_at: Option<i64>,
    /// Set when the post is a proposal of a participation process.
    pub proposal: Option<ReceivedProposal>,
    /// Set when the post is an offer or a need.
    pub competence: Option<ReceivedCompetence>,
}

/// What a received proposal adds to a post.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedProposal {
    pub process: ReceivedProcess,
    pub state: ProposalState,
    pub supports: Option<i64>,
    /// Whether the group's own server said this (it served or signed the proposal), so its
    /// state, supports and process are the group's word. A proposal written on another node
    /// (its author's) speaks for its text only.
    pub from_group: bool,
    /// Set when an antenna group escalated one of its proposals into this network proposal.
    pub escalated_from: Option<ReceivedEscalation>,
}

impl PostJson {
    pub fn author(&self) -> Option<Url> {
        match &self.attributed_to {
            Value::Array(items) => items.iter().find_map(|item| match item {
                Value::Object(o) if o.get("type").and_then(Value::as_str) == Some("Group") => None,
                other => id_of(other),
            }),
            other => id_of(other),
        }
    }

    pub fn is_supported_type(kind: &str) -> bool {
        matches!(kind, "Note" | "Page" | "Article")
    }

    /// Checks the post and sanitizes its HTML.
    pub fn into_received(self) -> Result<ReceivedPost, AppError> {
        if !Self::is_supported_type(&self.kind) {
            return Err(AppError::Unprocessable(
                "unsupported_object",
                format!("objects of type {} are not discussion posts", self.kind),
            ));
        }
        let author = self
            .author()
            .ok_or_else(|| AppError::bad_request("the post has no attributedTo"))?;
        if self.id.as_str().len() > MAX_ID_CHARS {
            return Err(AppError::BadRequest(
                "id_too_long",
                format!("ids may not be longer than {MAX_ID_CHARS} characters"),
            ));
        }
        if self.to.len() + self.cc.len() > MAX_ADDRESSES {
            return Err(AppError::BadRequest(
                "too_many_addresses",
                format!("a post may have at most {MAX_ADDRESSES} addresses in to and cc"),
            ));
        }
        let html = sanitize_html(self.content.as_deref().unwrap_or_default());
        let title = self
            .name
            .map(|t| clean_line(&t, MAX_TITLE_CHARS))
            .filter(|t| !t.is_empty());
        if html.chars().count() > MAX_CONTENT_CHARS * 2 {
            return Err(AppError::PayloadTooLarge);
        }
        if html.trim().is_empty() && title.is_none() {
            return Err(AppError::Unprocessable(
                "empty_post",
                "the post is empty".into(),
            ));
        }
        let proposal = match self.process {
            None => None,
            Some(process) => {
                let group = self.audience.as_ref().ok_or_else(|| {
                    AppError::bad_request("a proposal names its group in audience")
                })?;
                let state = self
                    .proposal_state
                    .as_deref()
                    .and_then(ProposalState::parse)
                    .filter(|s| *s != ProposalState::Draft)
                    .ok_or_else(|| {
                        AppError::Unprocessable(
                            "invalid_state",
                            "a proposal has a published state".into(),
                        )
                    })?;
                if title.is_none() || self.in_reply_to.is_some() {
                    return Err(AppError::Unprocessable(
                        "invalid_proposal",
                        "a proposal has a title and answers nothing".into(),
                    ));
                }
                let from_group = same_origin(&self.id, group);
                Some(ReceivedProposal {
                    process: process.into_received(group)?,
                    state,
                    supports: self.supports.filter(|n| *n >= 0),
                    from_group,
                    escalated_from: match self.escalated_from {
                        Some(e) => Some(e.into_received(&author)?),
                        None => None,
                    },
                })
            }
        };
        let competence = match self.competence {
            None => None,
            Some(_) if proposal.is_some() => {
                return Err(AppError::Unprocessable(
                    "invalid_competence",
                    "a post is a proposal or an offer or need, not both".into(),
                ))
            }
            Some(competence) => {
                if title.is_none() || self.in_reply_to.is_some() {
                    return Err(AppError::Unprocessable(
                        "invalid_competence",
                        "an offer or a need has a title and answers nothing".into(),
                    ));
                }
                Some(competence.into_received(&self.id, &author)?)
            }
        };
        let mut addressed: Vec<String> = self.to.into_iter().chain(self.cc).collect();
        if let Some(audience) = &self.audience {
            addressed.push(audience.to_string());
        }
        let markdown = self
            .source
            .filter(|s| s.media_type == "text/markdown")
            .map(|s| s.content)
            .filter(|s| s.chars().count() <= MAX_CONTENT_CHARS);
        Ok(ReceivedPost {
            markdown,
            kind: if self.kind == "Note" && title.is_none() {
                "note"
            } else {
                "page"
            },
            ap_id: self.id,
            author,
            title,
            html,
            in_reply_to: self.in_reply_to,
            audience: self.audience,
            addressed,
            published_at: self
                .published
                .map(|p| p.timestamp_millis())
                .unwrap_or_else(crate::storage::now_millis),
            updated_at: self.updated.map(|u| u.timestamp_millis()),
            proposal,
            competence,
        })
    }

    /// The wire form of one of our posts.
    pub fn from_local(
        post: &PostRow,
        author: &ActorRow,
        group: Option<&ActorRow>,
        parent: Option<(&PostRow, &ActorRow)>,
    ) -> PostJson {
        let mut to = vec![];
        let mut cc = vec![];
        match (group, parent) {
            // A reply: public, copied to the group and to the author of what it answers.
            (group, Some((_, parent_author))) => {
                to.push(PUBLIC.to_string());
                if let Some(group) = group {
                    cc.push(group.ap_id.clone());
                }
                if parent_author.ap_id != author.ap_id {
                    cc.push(parent_author.ap_id.clone());
                }
            }
            (Some(group), None) => {
                to.push(group.ap_id.clone());
                to.push(PUBLIC.to_string());
            }
            (None, None) => to.push(PUBLIC.to_string()),
        }
        let id = Url::parse(&post.ap_id).expect("stored post id");
        PostJson {
            kind: if post.kind == "page" { "Page" } else { "Note" }.to_string(),
            attributed_to: Value::String(author.ap_id.clone()),
            to,
            cc,
            audience: group.and_then(|g| Url::parse(&g.ap_id).ok()),
            name: post.title.clone(),
            content: Some(post.content.clone()),
            media_type: Some("text/html".into()),
            source: post.source.as_ref().map(|s| Source {
                content: s.clone(),
                media_type: "text/markdown".into(),
            }),
            in_reply_to: parent.and_then(|(p, _)| Url::parse(&p.ap_id).ok()),
            published: Utc.timestamp_millis_opt(post.published_at).single(),
            updated: post
                .updated_at
                .and_then(|u| Utc.timestamp_millis_opt(u).single()),
            url: Some(id.clone()),
            id,
            process: None,
            proposal_state: None,
            supports: None,
            target: None,
            competence: None,
            escalated_from: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> ReceivedPost {
        serde_json::from_str::<PostJson>(json)
            .unwrap()
            .into_received()
            .unwrap()
    }

    #[test]
    fn lemmy_page_in_a_community() {
        let post = parse(
            r#"{
              "id": "https://lemmy.example/post/55143",
              "type": "Page",
              "attributedTo": "https://lemmy.example/u/alice",
              "to": ["https://lemmy.example/c/rennes", "https://www.w3.org/ns/activitystreams#Public"],
              "name": "Atelier compta",
              "cc": [],
              "content": "<p>Qui vient ?</p><script>x</script>",
              "mediaType": "text/html",
              "source": {"content": "Qui vient ?", "mediaType": "text/markdown"},
              "sensitive": false,
              "published": "2026-03-01T10:00:00.000000Z",
              "audience": "https://lemmy.example/c/rennes"
            }"#,
        );
        assert_eq!(post.kind, "page");
        assert_eq!(post.title.as_deref(), Some("Atelier compta"));
        assert_eq!(post.html, "<p>Qui vient ?</p>");
        assert_eq!(post.author.as_str(), "https://lemmy.example/u/alice");
        assert_eq!(
            post.audience.as_ref().map(Url::as_str),
            Some("https://lemmy.example/c/rennes")
        );
    }

    #[test]
    fn mastodon_reply_note() {
        let post = parse(
            r#"{
              "id": "https://mastodon.example/users/bob/statuses/1",
              "type": "Note",
              "summary": null,
              "inReplyTo": "https://maillon.example/posts/abc",
              "published": "2026-03-01T10:05:00Z",
              "url": "https://mastodon.example/@bob/1",
              "attributedTo": "https://mastodon.example/users/bob",
              "to": "https://www.w3.org/ns/activitystreams#Public",
              "cc": ["https://mastodon.example/users/bob/followers", "https://maillon.example/groups/rennes"],
              "sensitive": false,
              "content": "<p><span class=\"h-card\"><a href=\"https://maillon.example/groups/rennes\" class=\"u-url mention\">@rennes</a></span> oui</p>",
              "contentMap": {"fr": "..."},
              "attachment": [],
              "tag": [{"type": "Mention", "href": "https://maillon.example/groups/rennes", "name": "@rennes@maillon.example"}],
              "replies": {"id": "https://mastodon.example/users/bob/statuses/1/replies", "type": "Collection"}
            }"#,
        );
        assert_eq!(post.kind, "note");
        assert_eq!(
            post.in_reply_to.as_ref().map(Url::as_str),
            Some("https://maillon.example/posts/abc")
        );
        assert!(post
            .addressed
            .contains(&"https://maillon.example/groups/rennes".to_string()));
        assert!(!post.html.contains("class=\"h-card\""));
    }

    #[test]
    fn peertube_style_attribution_list() {
        let json = serde_json::json!({
            "id": "https://tube.example/videos/1", "type": "Note",
            "attributedTo": [
                {"type": "Group", "id": "https://tube.example/c/chan"},
                {"type": "Person", "id": "https://tube.example/a/carol"}
            ],
            "content": "x"
        });
        let post: PostJson = serde_json::from_value(json).unwrap();
        assert_eq!(
            post.author().unwrap().as_str(),
            "https://tube.example/a/carol"
        );
    }

    #[test]
    fn empty_and_foreign_types_are_refused() {
        let empty: PostJson = serde_json::from_value(serde_json::json!({
            "id": "https://a.example/1", "type": "Note", "attributedTo": "https://a.example/u", "content": " "
        }))
        .unwrap();
        assert!(empty.into_received().is_err());
        let video: PostJson = serde_json::from_value(serde_json::json!({
            "id": "https://a.example/1", "type": "Video", "attributedTo": "https://a.example/u", "content": "x"
        }))
        .unwrap();
        assert!(video.into_received().is_err());
    }

    #[test]
    fn huge_address_lists_and_ids_are_refused() {
        let many: Vec<String> = (0..=MAX_ADDRESSES)
            .map(|n| format!("https://a.example/users/{n}"))
            .collect();
        let post: PostJson = serde_json::from_value(serde_json::json!({
            "id": "https://a.example/1", "type": "Note", "attributedTo": "https://a.example/u",
            "content": "x", "to": many
        }))
        .unwrap();
        let err = post.into_received().unwrap_err();
        assert_eq!(err.code(), "too_many_addresses");

        let long_id = format!("https://a.example/{}", "x".repeat(MAX_ID_CHARS));
        let post: PostJson = serde_json::from_value(serde_json::json!({
            "id": long_id, "type": "Note", "attributedTo": "https://a.example/u", "content": "x"
        }))
        .unwrap();
        assert_eq!(post.into_received().unwrap_err().code(), "id_too_long");
    }

    fn proposal_page(process_group: &str, state: &str) -> serde_json::Value {
        serde_json::json!({
            "id": "https://a.example/proposals/1", "type": "Page",
            "attributedTo": "https://a.example/users/ana",
            "audience": "https://a.example/groups/coop",
            "to": ["https://a.example/groups/coop"],
            "name": "Nouveau local", "content": "<p>Rue Saint-Malo</p>",
            "maillon:state": state,
            "maillon:process": {
                "id": "https://a.example/processes/1", "attributedTo": process_group,
                "name": "AG 2027", "maillon:participation": "co_decision"
            }
        })
    }

    #[test]
    fn a_proposal_carries_its_process_and_state() {
        let post = serde_json::from_value::<PostJson>(proposal_page(
            "https://a.example/groups/coop",
            "deliberation",
        ))
        .unwrap()
        .into_received()
        .unwrap();
        let proposal = post.proposal.expect("a proposal");
        assert_eq!(proposal.state, ProposalState::Deliberation);
        assert_eq!(proposal.process.title, "AG 2027");
        // An ordinary post has none.
        assert!(parse(r#"{"id": "https://a.example/2", "type": "Note", "attributedTo": "https://a.example/u", "content": "x"}"#).proposal.is_none());
    }

    #[test]
    fn a_proposal_of_another_groups_process_or_a_draft_is_refused() {
        let foreign = serde_json::from_value::<PostJson>(proposal_page(
            "https://a.example/groups/other",
            "published",
        ))
        .unwrap();
        assert_eq!(foreign.into_received().unwrap_err().code(), "wrong_origin");
        let draft = serde_json::from_value::<PostJson>(proposal_page(
            "https://a.example/groups/coop",
            "draft",
        ))
        .unwrap();
        assert_eq!(draft.into_received().unwrap_err().code(), "invalid_state");
    }

    #[test]
    fn titles_are_one_clean_line() {
        let post = parse(&format!(
            r#"{{"id": "https://a.example/1", "type": "Page", "attributedTo": "https://a.example/u",
               "name": "Vote\u202e\n final {}", "content": "x"}}"#,
            "t".repeat(500)
        ));
        let title = post.title.unwrap();
        assert!(title.starts_with("Vote final t"), "{title}");
        assert_eq!(title.chars().count(), MAX_TITLE_CHARS);
    }
}
