//! The decision of a closed vote on the wire: a `Note` by the group, in reply to the vote's
//! `Question`, that Mastodon shows as a short bilingual sentence with a link, and that carries
//! the whole record under our own terms so anyone can recount it (`maillon verify-decision`):
//! `maillon:voteRules`, `maillon:electorate`, `maillon:roll`, `maillon:ballots` and
//! `maillon:outcome`. Served at the vote's id + `/decision`, sent as `Create` at the close.
//!
//! The note has no `name`: Mastodon reads a `Note` with a `name` in reply to a `Question` as a
//! poll answer.

use serde_json::{json, Value};

use super::question::vote_page;
use crate::{
    domain::content::escape_html,
    domain::vote::{
        record::{self, DecisionRecord, Lang},
        spec::{Outcome, VoteSpec},
    },
    federation::{context::PUBLIC, urls::Urls},
    storage::{actors::ActorRow, votes::VoteRow},
};

/// The decision's id: the vote's id + `/decision`.
pub fn decision_id(vote_ap_id: &str) -> String {
    format!("{vote_ap_id}/decision")
}

/// How a receipt is made, for whoever reads the document.
pub const RECEIPT_RULE: &str = "sha256(vote id + \"\\n\" + voter id + \"\\n\" + ballot id), hex";

fn rfc3339(millis: i64) -> Option<String> {
    chrono::DateTime::from_timestamp_millis(millis).map(|t| t.to_rfc3339())
}

/// The `Note` of a closed vote.
pub fn document(
    urls: &Urls,
    vote: &VoteRow,
    group: &ActorRow,
    title: &str,
    spec: &VoteSpec,
    outcome: &Outcome,
    record: &DecisionRecord,
) -> Value {
    let page = vote_page(urls, vote.id);
    let followers = group
        .followers
        .clone()
        .unwrap_or_else(|| format!("{}/followers", group.ap_id));
    let content = format!(
        "<p><strong>{}</strong></p><p>{}</p><p>{}</p><p><a href=\"{page}\">{page}</a></p>",
        escape_html(title),
        escape_html(&record::summary(spec, outcome, Lang::Fr)),
        escape_html(&record::summary(spec, outcome, Lang::En)),
    );
    json!({
        "id": decision_id(&vote.ap_id),
        "type": "Note",
        "attributedTo": group.ap_id,
        "audience": group.ap_id,
        "to": [PUBLIC],
        "cc": [followers],
        "inReplyTo": vote.ap_id,
        "content": content,
        "mediaType": "text/html",
        "url": page,
        "published": vote.closed_at.and_then(rfc3339),
        "maillon:voteRules": record.rules,
        "maillon:electorate": record.electorate,
        "maillon:roll": record.roll,
        "maillon:ballots": record.ballots,
        "maillon:receipt": RECEIPT_RULE,
        "maillon:outcome": record.outcome,
    })
}

fn field<T: serde::de::DeserializeOwned>(doc: &Value, name: &str) -> Result<T, String> {
    let value = doc
        .get(name)
        .ok_or_else(|| format!("the document has no {name}"))?;
    serde_json::from_value(value.clone()).map_err(|e| format!("{name} is malformed: {e}"))
}

/// Reads the record back from a decision document (as fetched, or as received).
pub fn record_of(doc: &Value) -> Result<DecisionRecord, String> {
    if doc.get("type").and_then(Value::as_str) != Some("Note") {
        return Err("the document is not a decision Note".into());
    }
    let vote = doc
        .get("inReplyTo")
        .and_then(Value::as_str)
        .ok_or("the document has no inReplyTo (the vote's id)")?
        .to_owned();
    let outcome = doc
        .get("maillon:outcome")
        .filter(|o| o.is_object())
        .cloned()
        .ok_or("the document has no maillon:outcome")?;
    Ok(DecisionRecord {
        vote,
        rules: field(doc, "maillon:voteRules")?,
        electorate: field(doc, "maillon:electorate")?,
        roll: field(doc, "maillon:roll")?,
        ballots: field(doc, "maillon:ballots")?,
        outcome,
    })
}
