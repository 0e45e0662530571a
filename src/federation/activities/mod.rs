//! The activities our inboxes accept, each with its checks (`verify`) and its effect
//! (`receive`, which hands over to `service::*`). Unknown types never get here: the inbox
//! answers 202 and ignores them.

pub mod agenda;
pub mod amendments;
pub mod announce;
pub mod ballots;
pub mod event_documents;
pub mod event_participation;
pub mod flag;
pub mod follow;
pub mod posts;
pub mod proposal_status;
pub mod roster;
pub mod supports;
pub mod vote_documents;

use activitypub_federation::{config::Data, fetch::object_id::ObjectId, traits::Activity};
use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{Map, Value};
use url::Url;

use super::objects::{actor::ApActor, participation::answers_amendment};
use crate::{app::AppState, error::AppError, service::Origin};

/// Fields every accepted activity has; the rest is kept to re-embed it in an Announce.
#[derive(Deserialize, Debug, Clone)]
pub struct Envelope {
    pub id: Url,
    pub actor: ObjectId<ApActor>,
    #[serde(default)]
    pub object: Value,
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

impl Envelope {
    pub fn origin(&self) -> Origin<'_> {
        Origin::Inbound {
            activity_id: self.id.as_str(),
            actor: self.actor.inner().as_str(),
        }
    }

    /// The activity as received (minus signature and context), for the group to announce.
    pub fn to_json(&self, kind: &str) -> Value {
        let mut out = Map::new();
        out.insert("id".into(), Value::String(self.id.to_string()));
        out.insert("type".into(), Value::String(kind.into()));
        out.insert(
            "actor".into(),
            Value::String(self.actor.inner().to_string()),
        );
        out.insert("object".into(), self.object.clone());
        for (key, value) in &self.rest {
            if !matches!(key.as_str(), "@context" | "signature" | "type") {
                out.insert(key.clone(), value.clone());
            }
        }
        Value::Object(out)
    }
}

/// Activity types with an effect here; the inbox ignores every other type with a 202.
pub const ACCEPTED_TYPES: &[&str] = &[
    "Follow",
    "Add",
    "Remove",
    "Accept",
    "TentativeAccept",
    "Reject",
    "Undo",
    "Create",
    "Update",
    "Delete",
    "Announce",
    "Flag",
    "Join",
    "Leave",
    "Like",
];

#[derive(Deserialize, Debug)]
#[serde(tag = "type")]
pub enum InboxActivity {
    Follow(Envelope),
    Add(Envelope),
    Remove(Envelope),
    Accept(Envelope),
    TentativeAccept(Envelope),
    Reject(Envelope),
    Undo(Envelope),
    Create(Envelope),
    Update(Envelope),
    Delete(Envelope),
    Announce(Envelope),
    Flag(Envelope),
    Join(Envelope),
    Leave(Envelope),
    Like(Envelope),
}

impl InboxActivity {
    fn envelope(&self) -> &Envelope {
        match self {
            InboxActivity::Follow(e)
            | InboxActivity::Add(e)
            | InboxActivity::Remove(e)
            | InboxActivity::Accept(e)
            | InboxActivity::TentativeAccept(e)
            | InboxActivity::Reject(e)
            | InboxActivity::Undo(e)
            | InboxActivity::Create(e)
            | InboxActivity::Update(e)
            | InboxActivity::Delete(e)
            | InboxActivity::Announce(e)
            | InboxActivity::Flag(e)
            | InboxActivity::Join(e)
            | InboxActivity::Leave(e)
            | InboxActivity::Like(e) => e,
        }
    }
}

#[async_trait]
impl Activity for InboxActivity {
    type DataType = AppState;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.envelope().id
    }

    fn actor(&self) -> &Url {
        self.envelope().actor.inner()
    }

    async fn verify(&self, _data: &Data<AppState>) -> Result<(), AppError> {
        // The library has checked that the id and the actor share a domain and that the
        // signature is the actor's. Embedded objects are checked by each handler.
        Ok(())
    }

    async fn receive(self, data: &Data<AppState>) -> Result<(), AppError> {
        match self {
            InboxActivity::Follow(e) => follow::receive_follow(e, data).await,
            InboxActivity::Add(e) if roster::is_roster_change(&e) => {
                roster::receive(e, true, data).await
            }
            InboxActivity::Add(e) => agenda::receive_answer(e, true, data).await,
            InboxActivity::Remove(e) if roster::is_roster_change(&e) => {
                roster::receive(e, false, data).await
            }
            // Removing a moderator or a featured post: nothing kept here changes.
            InboxActivity::Remove(_) => Ok(()),
            InboxActivity::Accept(e) => answer(e, "Accept", data).await,
            InboxActivity::TentativeAccept(e) => answer(e, "TentativeAccept", data).await,
            InboxActivity::Reject(e) => answer(e, "Reject", data).await,
            InboxActivity::Undo(e) => {
                if supports::undoes_like(&e, data).await? {
                    supports::receive_undo(e, data).await
                } else {
                    follow::receive_undo(e, data).await
                }
            }
            InboxActivity::Create(e) => posts::receive_create_or_update(e, false, data).await,
            InboxActivity::Update(e) => posts::receive_create_or_update(e, true, data).await,
            InboxActivity::Delete(e) => posts::receive_delete(e, data).await,
            InboxActivity::Announce(e) => announce::receive_announce(e, data).await,
            InboxActivity::Flag(e) => flag::receive_flag(e, data).await,
            InboxActivity::Join(e) => event_participation::receive_join(e, data).await,
            InboxActivity::Leave(e) => event_participation::receive_leave(e, data).await,
            InboxActivity::Like(e) => supports::receive_like(e, data).await,
        }
    }
}

/// `Accept`, `TentativeAccept` or `Reject`: of an agenda item, of an amendment one of our members proposed, of a
/// `Join` one of our members sent to an event, or of a follow.
async fn answer(activity: Envelope, kind: &str, data: &Data<AppState>) -> Result<(), AppError> {
    if kind == "Reject" && agenda::answers_item(data, &activity) {
        // A group declines an agenda item one of our members proposed.
        return agenda::receive_answer(activity, false, data).await;
    }
    if answers_amendment(&activity.object) {
        // The author of a proposal answers one of our members' amendments.
        return match kind {
            "Accept" => amendments::receive_answer(activity, true, data).await,
            "Reject" => amendments::receive_answer(activity, false, data).await,
            _ => Ok(()),
        };
    }
    if let Some(join) = event_participation::answered_join(&activity, data).await? {
        return event_participation::receive_answer(activity, join, kind, data).await;
    }
    match kind {
        "Accept" => follow::receive_answer(activity, true, data).await,
        "Reject" => follow::receive_answer(activity, false, data).await,
        // Tentative answers to follows mean nothing to us.
        _ => Ok(()),
    }
}

/// `host[:port]` of a URL, for same-origin checks.
pub fn origin_of(url: &Url) -> Option<String> {
    crate::storage::deliveries::inbox_domain(url.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: Value) -> InboxActivity {
        serde_json::from_value(value).expect("parses")
    }

    #[test]
    fn lemmy_announce_of_a_create_page() {
        let activity = parse(json!({
            "@context": ["https://join-lemmy.org/context.json", "https://www.w3.org/ns/activitystreams"],
            "actor": "https://lemmy.example/c/cooperatives",
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "object": {
                "actor": "https://lemmy.example/u/alice",
                "to": ["https://lemmy.example/c/cooperatives", "https://www.w3.org/ns/activitystreams#Public"],
                "object": {
                    "type": "Page", "id": "https://lemmy.example/post/1",
                    "attributedTo": "https://lemmy.example/u/alice", "name": "Bonjour",
                    "to": ["https://lemmy.example/c/cooperatives", "https://www.w3.org/ns/activitystreams#Public"],
                    "audience": "https://lemmy.example/c/cooperatives"
                },
                "cc": [], "type": "Create", "id": "https://lemmy.example/activities/create/1",
                "audience": "https://lemmy.example/c/cooperatives"
            },
            "cc": ["https://lemmy.example/c/cooperatives/followers"],
            "type": "Announce",
            "id": "https://lemmy.example/activities/announce/1"
        }));
        let InboxActivity::Announce(envelope) = activity else {
            panic!("an Announce")
        };
        assert_eq!(
            envelope.actor.inner().as_str(),
            "https://lemmy.example/c/cooperatives"
        );
        assert_eq!(envelope.object["type"], "Create");
        // Re-embedded as received, minus the context.
        let again = envelope.to_json("Announce");
        assert!(again.get("@context").is_none());
        assert_eq!(
            again["cc"][0],
            "https://lemmy.example/c/cooperatives/followers"
        );
    }

    #[test]
    fn mastodon_follow_and_undo() {
        let follow = parse(json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "https://mastodon.example/2f7b1c9e-0a52-4e4c-9c35-1f1b5f6b8a11",
            "type": "Follow",
            "actor": "https://mastodon.example/users/Claire",
            "object": "https://maillon.example/groups/rennes"
        }));
        assert!(matches!(follow, InboxActivity::Follow(_)));
        let undo = parse(json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "https://mastodon.example/users/Claire#follows/1/undo",
            "type": "Undo",
            "actor": "https://mastodon.example/users/Claire",
            "object": {
                "id": "https://mastodon.example/2f7b1c9e-0a52-4e4c-9c35-1f1b5f6b8a11",
                "type": "Follow",
                "actor": "https://mastodon.example/users/Claire",
                "object": "https://maillon.example/groups/rennes"
            }
        }));
        let InboxActivity::Undo(envelope) = undo else {
            panic!("an Undo")
        };
        assert_eq!(envelope.object["type"], "Follow");
    }

    /// Mobilizon's participation activities: `Join` with its message, `Leave` of the event,
    /// and the organizer's `Accept` carrying the `Join`.
    #[test]
    fn mobilizon_join_leave_and_accept() {
        let join = parse(json!({
            "@context": ["https://www.w3.org/ns/activitystreams", "https://litepub.social/litepub/context.jsonld",
                {"mz": "https://joinmobilizon.org/ns#", "participationMessage": "mz:participationMessage"}],
            "type": "Join",
            "id": "https://mobilizon.example/join/event/9a2c",
            "actor": "https://mobilizon.example/@lea",
            "object": "https://maillon.example/events/0d5e",
            "participationMessage": "Je viens avec un collègue"
        }));
        let InboxActivity::Join(envelope) = join else {
            panic!("a Join")
        };
        assert_eq!(
            envelope.rest["participationMessage"],
            "Je viens avec un collègue"
        );
        let leave = parse(json!({
            "type": "Leave",
            "id": "https://mobilizon.example/leave/event/9a2c",
            "actor": "https://mobilizon.example/@lea",
            "object": "https://maillon.example/events/0d5e"
        }));
        assert!(matches!(leave, InboxActivity::Leave(_)));
        let accept = parse(json!({
            "type": "Accept",
            "id": "https://mobilizon.example/accept/join/77",
            "actor": "https://mobilizon.example/@cae_rennes",
            "object": {
                "type": "Join",
                "id": "https://maillon.example/activities/join/5c1e",
                "actor": "https://maillon.example/users/bob",
                "object": "https://mobilizon.example/events/8cf7"
            },
            "to": ["https://maillon.example/users/bob"]
        }));
        let InboxActivity::Accept(envelope) = accept else {
            panic!("an Accept")
        };
        assert_eq!(envelope.object["type"], "Join");
    }

    #[test]
    fn every_accepted_type_parses_and_others_do_not() {
        for kind in ACCEPTED_TYPES {
            let value = json!({"id": "https://a.example/1", "type": kind, "actor": "https://a.example/u", "object": "https://b.example/x"});
            assert!(
                serde_json::from_value::<InboxActivity>(value).is_ok(),
                "{kind}"
            );
        }
        let dislike = json!({"id": "https://a.example/1", "type": "Dislike", "actor": "https://a.example/u", "object": "x"});
        assert!(serde_json::from_value::<InboxActivity>(dislike).is_err());
        let no_actor = json!({"id": "https://a.example/1", "type": "Follow", "object": "x"});
        assert!(serde_json::from_value::<InboxActivity>(no_actor).is_err());
    }
}
