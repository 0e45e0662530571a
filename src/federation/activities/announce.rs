//! `Announce` from a remote group we follow: the group relays a member's post, edit or
//! deletion (FEP-1b12). Content from a third server is fetched again from its origin, so a
//! group cannot put words in anyone's mouth.
//!
//! A network relays its member groups' announces whole (`Announce` of an `Announce`): the
//! content is then filed under the member group, kept when someone here follows the group or
//! the network, and never trusted as embedded (the network's server signed, not the group's).
//! A network of this node relays, in turn, what its member groups announce to it
//! (`service::networks::relay_member_announce`).

use activitypub_federation::fetch::fetch_object_http;
use serde_json::Value;
use url::Url;

use super::{origin_of, Envelope};
use crate::{
    app::AppState,
    error::{AppError, AppResult},
    federation::{
        objects::{
            post::{id_of, PostJson},
            process::{ProcessJson, ReceivedProcess},
        },
        resolve,
        urls::same_origin,
        FedData,
    },
    service::{
        posts::{receive_announced, Announced},
        Origin,
    },
    storage::{self, actors::ActorRow},
};

/// How many unknown parents of a reply we fetch before giving up.
const MAX_PARENT_DEPTH: usize = 3;

/// Who an announced object reached us through: the group it belongs to and, when a network
/// relayed the group's announce, that network (whose server signed what we received).
#[derive(Clone, Copy)]
pub(super) struct Via<'a> {
    pub group: &'a ActorRow,
    pub network: Option<&'a ActorRow>,
}

impl Via<'_> {
    /// The server that signed the delivery: an object embedded in it is trusted only when it
    /// lives there.
    fn signer(&self) -> &ActorRow {
        self.network.unwrap_or(self.group)
    }
}

pub async fn receive_announce(activity: Envelope, data: &FedData) -> AppResult<()> {
    let group = resolve::actor_by_url(data, activity.actor.inner()).await?;
    if !group.is_group() {
        // A boost by a person: not part of group discussions.
        return Ok(());
    }
    if activity.object.get("type").and_then(Value::as_str) == Some("Announce") {
        return receive_relayed(activity, &group, data).await;
    }
    // A network here passes its member group's announce on first (deduplicated on its own).
    crate::service::networks::relay_member_announce(
        data,
        &group,
        activity.id.as_str(),
        activity.to_json("Announce"),
    )
    .await?;
    let via = Via {
        group: &group,
        network: None,
    };
    receive_from(data, via, &activity.object, activity.origin()).await
}

/// A network relays one of its member groups' announces.
async fn receive_relayed(activity: Envelope, network: &ActorRow, data: &FedData) -> AppResult<()> {
    if !network.network {
        // Only a network speaks for other groups.
        return Ok(());
    }
    let inner = &activity.object;
    let member_url = inner
        .get("actor")
        .and_then(id_of)
        .ok_or_else(|| AppError::bad_request("the relayed announce has no actor"))?;
    if member_url.as_str() == network.ap_id {
        return Err(AppError::bad_request(
            "a network relays its members, not itself",
        ));
    }
    let member = resolve::actor_by_url(data, &member_url).await?;
    if !member.is_group() || member.local {
        // Our own groups' news needs no relay back to us.
        return Ok(());
    }
    let object = inner.get("object").cloned().unwrap_or(Value::Null);
    if object.get("type").and_then(Value::as_str) == Some("Announce") {
        return Err(AppError::bad_request("a relay is relayed once, not nested"));
    }
    let via = Via {
        group: &member,
        network: Some(network),
    };
    receive_from(data, via, &object, activity.origin()).await
}

/// What a group announced (`inner`: the object or activity it relays), reached `via` it.
async fn receive_from(
    data: &FedData,
    via: Via<'_>,
    inner: &Value,
    origin: Origin<'_>,
) -> AppResult<()> {
    let group = via.group;
    let inner_type = inner.get("type").and_then(Value::as_str);
    let announced = match (inner, inner_type) {
        (Value::String(url), _) => {
            let url =
                Url::parse(url).map_err(|_| AppError::bad_request("invalid announced object"))?;
            post_from_origin(data, via, &url, None).await?
        }
        (_, Some("Create" | "Update")) => {
            let object = inner.get("object").cloned().unwrap_or(Value::Null);
            let url = id_of(&object)
                .ok_or_else(|| AppError::bad_request("announced activity has no object"))?;
            let claimed_actor = inner.get("actor").and_then(id_of);
            if super::event_documents::is_event(&object) {
                return super::event_documents::receive_announced(
                    data,
                    via.signer(),
                    &url,
                    Some(object),
                    origin,
                )
                .await;
            }
            let embedded = object.get("type").is_some().then_some(object);
            match embedded
                .as_ref()
                .and_then(|o| o.get("type"))
                .and_then(Value::as_str)
            {
                Some(t) if !PostJson::is_supported_type(t) => None,
                _ => {
                    let announced = post_from_origin(data, via, &url, embedded).await?;
                    if let (Some(Announced::Post { author, .. }), Some(claimed)) =
                        (&announced, claimed_actor)
                    {
                        if author.ap_id != claimed.as_str() {
                            return Err(AppError::forbidden(
                                "the announced activity's actor is not the author",
                            ));
                        }
                    }
                    announced
                }
            }
        }
        (_, Some("Event")) => {
            let url =
                id_of(inner).ok_or_else(|| AppError::bad_request("announced event has no id"))?;
            return super::event_documents::receive_announced(
                data,
                via.signer(),
                &url,
                Some(inner.clone()),
                origin,
            )
            .await;
        }
        (_, Some("Note" | "Page" | "Article")) => {
            let url =
                id_of(inner).ok_or_else(|| AppError::bad_request("announced object has no id"))?;
            post_from_origin(data, via, &url, Some(inner.clone())).await?
        }
        (_, Some("Delete")) => {
            let object_id = inner
                .get("object")
                .and_then(id_of)
                .ok_or_else(|| AppError::bad_request("announced Delete has no object"))?;
            if via.network.is_some() && !gone_at_origin(data, &object_id).await {
                // A network's word alone does not delete a member group's post.
                return Ok(());
            }
            Some(Announced::Delete {
                object_id: object_id.to_string(),
            })
        }
        // Likes, votes and the rest are not kept.
        _ => None,
    };
    let Some(announced) = announced else {
        return Ok(());
    };
    if let Announced::Post { post, .. } = &announced {
        if let Some(parent) = &post.in_reply_to {
            ensure_parent_known(data, via, parent, MAX_PARENT_DEPTH).await?;
        }
    }
    receive_announced(data, group, via.network, announced, origin).await
}

/// Whether the origin of `object` says it no longer exists.
async fn gone_at_origin(data: &FedData, object: &Url) -> bool {
    match fetch_object_http::<AppState, Value>(object, data).await {
        Ok(_) => false,
        Err(err) => origin_has_no_such_post(&err),
    }
}

/// The post `url` as its origin serves it. An embedded copy is trusted only when the group's
/// server is the post's origin (it signed the Announce).
async fn post_from_origin(
    data: &FedData,
    via: Via<'_>,
    url: &Url,
    embedded: Option<Value>,
) -> AppResult<Option<Announced>> {
    if data.urls.is_local(url) {
        // Our own post, relayed back to us by the group: we have it already.
        return Ok(None);
    }
    let group = via.group;
    let group_origin = Url::parse(&via.signer().ap_id)
        .ok()
        .as_ref()
        .and_then(origin_of);
    let json: PostJson = match embedded {
        Some(object) if origin_of(url) == group_origin => {
            serde_json::from_value(object).map_err(|e| {
                AppError::BadRequest("malformed_object", format!("malformed post: {e}"))
            })?
        }
        _ => match fetch_object_http::<AppState, PostJson>(url, data).await {
            Ok(fetched) => fetched.object,
            Err(err) if origin_has_no_such_post(&err) => {
                // The origin answered, and has no such post: nothing to keep, and nothing the
                // announcing server should retry (a 502 would make it try for days).
                tracing::info!(%url, error = %err, "announced post not found at its origin");
                return Ok(None);
            }
            Err(err) => return Err(err.into()),
        },
    };
    let mut post = json.into_received()?;
    if origin_of(&post.author) != origin_of(&post.ap_id) {
        return Err(AppError::forbidden(
            "a post's author must live on the post's server",
        ));
    }
    if let Some(proposal) = post.proposal.as_mut().filter(|p| !p.from_group) {
        // A proposal written on its author's server: the rules of its process are the
        // group's word, so they are read from the group's server.
        match process_from_group(data, group, &proposal.process.ap_id).await? {
            Some(process) => proposal.process = process,
            None => post.proposal = None,
        }
    }
    let author = resolve::actor_by_url(data, &post.author).await?;
    Ok(Some(Announced::Post {
        author: Box::new(author),
        post: Box::new(post),
    }))
}

/// A process as the group's own server serves it, or `None` if it has no such process.
async fn process_from_group(
    data: &FedData,
    group: &ActorRow,
    process: &Url,
) -> AppResult<Option<ReceivedProcess>> {
    let group_url =
        Url::parse(&group.ap_id).map_err(|_| AppError::bad_request("invalid group id"))?;
    if !same_origin(process, &group_url) {
        return Err(AppError::BadRequest(
            "wrong_origin",
            "a process belongs to the group that publishes it, on its server".into(),
        ));
    }
    match fetch_object_http::<AppState, ProcessJson>(process, data).await {
        Ok(fetched) => Ok(Some(fetched.object.into_received(&group_url)?)),
        Err(err) if origin_has_no_such_post(&err) => Ok(None),
        Err(err) => Err(err.into()),
    }
}

/// Whether a failed fetch is the origin's definitive answer (gone, not found, not an
/// ActivityPub post) rather than a failure to reach it, which is worth retrying.
fn origin_has_no_such_post(err: &activitypub_federation::error::Error) -> bool {
    use activitypub_federation::error::Error as E;
    matches!(
        err,
        E::NotFound
            | E::ObjectDeleted(_)
            | E::FetchInvalidContentType(_)
            | E::FetchWrongId(_)
            | E::ParseFetchedObject(..)
    )
}

/// Fetches a post of `group` from its origin when it is not known here (a proposal whose
/// vote arrives before it, because members here followed the group after it was published).
pub(super) async fn ensure_post_known(
    data: &FedData,
    group: &ActorRow,
    url: &Url,
) -> AppResult<()> {
    let via = Via {
        group,
        network: None,
    };
    ensure_parent_known(data, via, url, MAX_PARENT_DEPTH).await
}

/// Fetches the chain of unknown parents of a reply, oldest last, so the thread holds together.
async fn ensure_parent_known(
    data: &FedData,
    via: Via<'_>,
    parent: &Url,
    depth: usize,
) -> AppResult<()> {
    let known = {
        let mut tx = data.db.read().await?;
        storage::posts::by_ap_id(&mut tx, parent.as_str())
            .await?
            .is_some()
    };
    if known || depth == 0 || data.urls.is_local(parent) {
        return Ok(());
    }
    let Ok(Some(announced)) = post_from_origin(data, via, parent, None).await else {
        return Ok(());
    };
    if let Announced::Post { post, .. } = &announced {
        if let Some(grandparent) = &post.in_reply_to {
            Box::pin(ensure_parent_known(data, via, grandparent, depth - 1)).await?;
        }
    }
    receive_announced(data, via.group, via.network, announced, Origin::Local).await
}
