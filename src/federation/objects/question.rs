//! A vote on the wire: a Mastodon-compatible `Question` owned by the group, so members on
//! Mastodon, GoToSocial or another Maillon node vote from their own app, plus our own terms
//! (`maillon:voteRules`, `maillon:participation`, `maillon:proposal`, `maillon:outcome`) so
//! that Maillon nodes show the full rules and anyone can recompute the result.
//!
//! A method a poll cannot express (majority judgment) goes out as a readable `Page` that
//! links to the vote's page instead of a broken poll. Ballots come back as poll answers:
//! `Create(Note{name, inReplyTo: question})`, see `activities::ballots`.

use chrono::DateTime;
use serde_json::{json, Value};
use url::Url;

use crate::{
    domain::content::escape_html,
    domain::vote::{
        poll::PollKind,
        spec::{Choice, Outcome, VoteSpec},
    },
    error::AppError,
    federation::{
        context::PUBLIC,
        urls::{same_origin, Urls},
    },
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
        escape_html(&parts.proposal.title),
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

/// Whether a received object is a vote published by a Maillon group (a `Question` or `Page`
/// with our rules); other polls are not votes on proposals.
pub fn is_vote_document(object: &Value) -> bool {
    matches!(
        object.get("type").and_then(Value::as_str),
        Some("Question" | "Page")
    ) && object.get("maillon:voteRules").is_some()
}

/// A vote of a group on another node, as its document describes it.
#[derive(Debug, Clone)]
pub struct ReceivedVote {
    pub ap_id: Url,
    pub proposal: Url,
    pub spec: VoteSpec,
    pub opens_at: i64,
    pub closes_at: i64,
    pub closed_at: Option<i64>,
    pub outcome: Option<Outcome>,
    pub electorate_size: i64,
    pub voters: i64,
}

fn time_field(object: &Value, field: &str) -> Option<i64> {
    object
        .get(field)
        .and_then(Value::as_str)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.timestamp_millis())
}

fn malformed(message: impl Into<String>) -> AppError {
    AppError::BadRequest("malformed_object", message.into())
}

/// Reads and checks a vote document sent by `group`: the vote, its proposal and the group are
/// on one server, the rules are valid, and the outcome (once closed) is of the vote's method.
pub fn received(object: &Value, group: &Url) -> Result<ReceivedVote, AppError> {
    let url = |field: &str| {
        object
            .get(field)
            .and_then(Value::as_str)
            .and_then(|u| Url::parse(u).ok())
            .ok_or_else(|| malformed(format!("the vote has no {field}")))
    };
    let ap_id = url("id")?;
    let proposal = url("maillon:proposal")?;
    // The proposal may have been written on another server (its author's); the receiver
    // checks that it is a proposal of this group's process before keeping the vote.
    if url("attributedTo")? != *group || !same_origin(&ap_id, group) {
        return Err(AppError::BadRequest(
            "wrong_origin",
            "a vote belongs to the group that publishes it, on its server".into(),
        ));
    }
    let spec: VoteSpec = serde_json::from_value(object["maillon:voteRules"].clone())
        .map_err(|e| malformed(format!("maillon:voteRules is malformed: {e}")))?;
    spec.validate()
        .map_err(|e| AppError::Unprocessable("invalid_vote_rules", e.to_string()))?;
    let outcome = match object.get("maillon:outcome") {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            serde_json::from_value::<Outcome>(value.clone())
                .map_err(|e| malformed(format!("maillon:outcome is malformed: {e}")))?,
        ),
    };
    let opens_at = time_field(object, "published").unwrap_or_else(crate::storage::now_millis);
    let closes_at =
        time_field(object, "endTime").ok_or_else(|| malformed("the vote has no endTime"))?;
    let closed_at = time_field(object, "closed");
    if outcome.is_some() != closed_at.is_some() {
        return Err(malformed("a closed vote has an outcome, an open one none"));
    }
    let count = |field: &str| {
        object
            .get(field)
            .and_then(Value::as_i64)
            .unwrap_or(0)
            .max(0)
    };
    Ok(ReceivedVote {
        ap_id,
        proposal,
        spec,
        opens_at,
        closes_at,
        closed_at,
        outcome,
        electorate_size: count("maillon:electorate"),
        voters: count("votersCount"),
    })
}

/// A member's ballot on a vote of another node: a poll answer Mastodon understands (`name`),
/// carrying the full ballot in `maillon:choice`, sent to the group alone.
pub fn ballot_activity(
    urls: &Urls,
    ballot_id: &str,
    voter: &ActorRow,
    vote_ap_id: &str,
    group: &ActorRow,
    answer: &str,
    choice: &Choice,
) -> Value {
    let note = json!({
        "id": ballot_id,
        "type": "Note",
        "attributedTo": voter.ap_id,
        "inReplyTo": vote_ap_id,
        "name": answer,
        "to": [group.ap_id],
        "maillon:choice": choice,
    });
    json!({
        "id": urls.new_activity("Create"),
        "type": "Create",
        "actor": voter.ap_id,
        "to": [group.ap_id],
        "object": note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group() -> Url {
        Url::parse("https://a.example/groups/coop").unwrap()
    }

    fn vote(overrides: Value) -> Value {
        let mut doc = json!({
            "id": "https://a.example/votes/1",
            "type": "Question",
            "attributedTo": "https://a.example/groups/coop",
            "published": "2026-11-22T10:00:00Z",
            "endTime": "2026-11-29T18:00:00Z",
            "votersCount": 3,
            "maillon:electorate": 5,
            "maillon:proposal": "https://a.example/proposals/1",
            "maillon:voteRules": {
                "method": "majority",
                "threshold": {"share": {"numerator": 1, "denominator": 2}, "comparison": "more_than"},
                "abstentions": "not_counted",
                "options": [], "quorum": {"kind": "none"}, "colleges": [], "colleges_required": null
            }
        });
        for (key, value) in overrides.as_object().unwrap() {
            doc[key] = value.clone();
        }
        doc
    }

    #[test]
    fn a_groups_vote_is_read_with_its_rules() {
        let doc = vote(json!({}));
        assert!(is_vote_document(&doc));
        let read = received(&doc, &group()).unwrap();
        assert_eq!(read.electorate_size, 5);
        assert_eq!(read.voters, 3);
        assert!(read.closed_at.is_none() && read.outcome.is_none());
        assert!(read.opens_at < read.closes_at);
        // A plain Mastodon poll is not a vote on a proposal.
        assert!(!is_vote_document(&json!({"type": "Question", "oneOf": []})));
    }

    #[test]
    fn a_vote_of_another_server_or_with_broken_rules_is_refused() {
        let foreign = vote(json!({"id": "https://evil.example/votes/1"}));
        assert_eq!(
            received(&foreign, &group()).unwrap_err().code(),
            "wrong_origin"
        );
        // A proposal written on its author's server is named as it is.
        let submitted = vote(json!({"maillon:proposal": "https://b.example/proposals/1"}));
        assert_eq!(
            received(&submitted, &group()).unwrap().proposal.as_str(),
            "https://b.example/proposals/1"
        );
        let other_author = vote(json!({"attributedTo": "https://a.example/groups/other"}));
        assert_eq!(
            received(&other_author, &group()).unwrap_err().code(),
            "wrong_origin"
        );
        let no_options = vote(
            json!({"maillon:voteRules": {"method": "approval", "options": [],
            "quorum": {"kind": "none"}, "colleges": [], "colleges_required": null}}),
        );
        assert_eq!(
            received(&no_options, &group()).unwrap_err().code(),
            "invalid_vote_rules"
        );
        let closed_without_result = vote(json!({"closed": "2026-11-29T18:00:00Z"}));
        assert_eq!(
            received(&closed_without_result, &group())
                .unwrap_err()
                .code(),
            "malformed_object"
        );
    }
}
