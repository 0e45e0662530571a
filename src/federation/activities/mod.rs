//! The activities our inboxes accept, each with its checks (`verify`) and its effect
//! (`receive`, which hands over to `service::*`). Unknown types never get here: the inbox
//! answers 202 and ignores them.

pub mod announce;
pub mod follow;
pub mod posts;

use activitypub_federation::{config::Data, fetch::object_id::ObjectId, traits::Activity};
use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{Map, Value};
use url::Url;

use super::objects::actor::ApActor;
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
    "Follow", "Accept", "Reject", "Undo", "Create", "Update", "Delete", "Announce",
];

#[derive(Deserialize, Debug)]
#[serde(tag = "type")]
pub enum InboxActivity {
    Follow(Envelope),
    Accept(Envelope),
    Reject(Envelope),
    Undo(Envelope),
    Create(Envelope),
    Update(Envelope),
    Delete(Envelope),
    Announce(Envelope),
}

impl InboxActivity {
    fn envelope(&self) -> &Envelope {
        match self {
            InboxActivity::Follow(e)
            | InboxActivity::Accept(e)
            | InboxActivity::Reject(e)
            | InboxActivity::Undo(e)
            | InboxActivity::Create(e)
            | InboxActivity::Update(e)
            | InboxActivity::Delete(e)
            | InboxActivity::Announce(e) => e,
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
            InboxActivity::Accept(e) => follow::receive_answer(e, true, data).await,
            InboxActivity::Reject(e) => follow::receive_answer(e, false, data).await,
            InboxActivity::Undo(e) => follow::receive_undo(e, data).await,
            InboxActivity::Create(e) => posts::receive_create_or_update(e, false, data).await,
            InboxActivity::Update(e) => posts::receive_create_or_update(e, true, data).await,
            InboxActivity::Delete(e) => posts::receive_delete(e, data).await,
            InboxActivity::Announce(e) => announce::receive_announce(e, data).await,
        }
    }
}

/// `host[:port]` of a URL, for same-origin checks.
pub fn origin_of(url: &Url) -> Option<String> {
    crate::storage::deliveries::inbox_domain(url.as_str())
}
