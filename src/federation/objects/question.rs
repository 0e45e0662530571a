//! A vote on the wire: a Mastodon-compatible `Question` owned by the group, so members on
//! Mastodon, GoToSocial or another Maillon node vote from their own app, plus our own terms
//! (`maillon:voteRules`, `maillon:participation`, `maillon:proposal`, `maillon:outcome`) so
//! that Maillon nodes show the full rules and anyone can recompute the result.
//!
//! A method a poll cannot express (majority judgment) goes out as a readable `Page` that
//! links to the vote's page instead of a broken poll. Ballots come back as poll answers:
//! `Create(Note{name, inReplyTo: question})`, see `activities::ballots`.

use serde_json::{json, Value};

use crate::{
    domain::vote::{
        poll::PollKind,
        spec::{Outcome, VoteSpec},
    },
    federation::{context::PUBLIC, urls::Urls},
    storage::{
        actors::ActorRow,
        processes::{ProcessRow, ProposalRow},
        votes::VoteRow,
    },
};

/// Everything a vote's document is made of.
pub struct QuestionParts<'a> {
    pub vote: &'a VoteRow,
    pub spec: &'a VoteSpec,
    pub proposal: &'a ProposalRow,
    pub process: &'a ProcessRow,
    pub group: &'a ActorRow,
    /// Ballots per poll answer, and the number of voters; `None` while results are hidden.
    pub counts: Option<(Vec<u32>, i64)>,
    pub outcome: Option<&'a Outcome>,
}

fn rfc3339(millis: i64) -> Option<String> {
    chrono::DateTime::from_timestamp_millis(millis).map(|t| t.to_rfc3339())
}

/// The web page of a vote, where every method can be voted.
pub fn vote_page(urls: &Urls, vote_id: i64) -> String {
    urls.base()
        .join(&format!("/vote/{vote_id}"))
        .map(|u| u.to_string())
        .unwrap_or_default()
}

pub fn document(urls: &Urls, parts: &QuestionParts<'_>) -> Value {
    let page = vote_page(urls, parts.vote.id);
    let followers = parts
        .group
        .followers
        .clone()
        .unwrap_or_else(|| format!("{}/followers", parts.group.ap_id));
    let poll = parts.spec.poll();
    let content = format!(
        "<p><strong>{}</strong></p>{}<p><a href=\"{page}\">{page}</a></p>",
        html_escape(&parts.proposal.title),
        parts.proposal.content,
    );
    let mut doc = json!({
        "id": parts.vote.ap_id,
        "type": if poll.is_some() { "Question" } else { "Page" },
        "attributedTo": parts.group.ap_id,
        "audience": parts.group.ap_id,
        "to": [PUBLIC],
        "cc": [followers],
        "name": parts.proposal.title,
        "content": content,
        "mediaType": "text/html",
        "url": page,
        "published": rfc3339(parts.vote.opens_at),
        "endTime": rfc3339(parts.vote.closes_at),
        "maillon:voteRules": parts.spec,
        "maillon:participation": parts.process.participation,
        "maillon:process": parts.process.ap_id,
        "maillon:proposal": parts.proposal.ap_id,
        "maillon:electorate": parts.vote.electorate_size,
    });
    if let Some(closed) = parts.vote.closed_at {
        doc["closed"] = json!(rfc3339(closed));
    }
    if let Some((kind, answers)) = poll {
        let counts = parts.counts.as_ref().map(|(c, _)| c.clone());
        let options: Vec<Value> = answers
            .iter()
            .enumerate()
            .map(|(i, name)| {
                json!({
                    "type": "Note",
                    "name": name,
                    "replies": {
                        "type": "Collection",
                        "totalItems": counts.as_ref().and_then(|c| c.get(i)).copied().unwrap_or(0),
                    },
                })
            })
            .collect();
        let field = match kind {
            PollKind::OneOf => "oneOf",
            PollKind::AnyOf => "anyOf",
        };
        doc[field] = Value::Array(options);
        if let Some((_, voters)) = &parts.counts {
            doc["votersCount"] = json!(voters);
        }
    }
    if let Some(outcome) = parts.outcome {
        doc["maillon:outcome"] = json!(outcome);
    }
    doc
}

/// `Create` (the vote opens) or `Update` (new counts, or the close) of a vote, by its group.
pub fn activity(urls: &Urls, kind: &str, group: &ActorRow, document: Value) -> Value {
    json!({
        "id": urls.new_activity(kind),
        "type": kind,
        "actor": group.ap_id,
        "to": document["to"].clone(),
        "cc": document["cc"].clone(),
        "audience": group.ap_id,
        "object": document,
    })
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
