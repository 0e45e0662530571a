//! Finding actors from what people type: a handle (`@rennes@node.example`) or an actor URL.
//! Local names are read from storage; others go through WebFinger or a signed fetch.

use activitypub_federation::fetch::{object_id::ObjectId, webfinger::webfinger_resolve_actor};
use url::Url;

use super::{objects::actor::ApActor, FedData};
use crate::{
    app::AppState,
    domain::names::Handle,
    error::{AppError, AppResult},
    storage::{self, actors::ActorRow},
};

/// Like [`actor`], where a bare `name` also means the local person of that name (as forms and
/// organizers type the members of their own node).
pub async fn person(data: &FedData, name_handle_or_url: &str) -> AppResult<ActorRow> {
    let raw = name_handle_or_url.trim().trim_start_matches('@');
    if raw.contains('@') || raw.starts_with("http://") || raw.starts_with("https://") {
        actor(data, raw).await
    } else {
        actor(data, &format!("{raw}@{}", data.urls.domain())).await
    }
}

/// Resolves a handle or URL to an actor row, fetching and caching remote actors.
pub async fn actor(data: &FedData, handle_or_url: &str) -> AppResult<ActorRow> {
    let raw = handle_or_url.trim();
    if raw.starts_with("http://") || raw.starts_with("https://") {
        let url = Url::parse(raw).map_err(|_| AppError::bad_request("invalid actor URL"))?;
        return actor_by_url(data, &url).await;
    }
    let handle = Handle::parse(raw).ok_or_else(|| {
        AppError::BadRequest(
            "invalid_handle",
            format!("{raw:?} is not a handle like @group@node.example"),
        )
    })?;
    if handle.domain == data.urls.domain() {
        let mut tx = data.db.read().await?;
        return storage::actors::local_by_name(&mut tx, &handle.name, None)
            .await?
            .filter(|a| a.kind != "application")
            .ok_or_else(|| AppError::NotFound(format!("no one is called {} here", handle.name)));
    }
    // An actor we already hold is read from storage (refreshed from its origin when stale),
    // so answering a remote member's request or following a known group needs no WebFinger.
    // Only when the handle names both a known person and a known group (Lemmy allows it) does
    // WebFinger decide.
    let known = {
        let mut tx = data.db.read().await?;
        let group =
            storage::actors::remote_by_handle(&mut tx, &handle.name, &handle.domain, Some("group"))
                .await?;
        let person = storage::actors::remote_by_handle(
            &mut tx,
            &handle.name,
            &handle.domain,
            Some("person"),
        )
        .await?;
        match (group, person) {
            (Some(one), None) | (None, Some(one)) => Some(one),
            _ => None,
        }
    };
    if let Some(known) = known {
        let url = Url::parse(&known.ap_id).map_err(|e| AppError::Internal(e.into()))?;
        return actor_by_url(data, &url).await;
    }
    let found = webfinger_resolve_actor::<AppState, ApActor>(&handle.acct(), data)
        .await
        .map_err(|e| match e {
            AppError::NotFound(_) => AppError::NotFound(format!("{} was not found", handle.acct())),
            other => other,
        })?;
    Ok(found.into_row())
}

pub async fn actor_by_url(data: &FedData, url: &Url) -> AppResult<ActorRow> {
    if data.urls.is_local(url) {
        let mut tx = data.db.read().await?;
        return storage::actors::by_ap_id(&mut tx, url.as_str())
            .await?
            .ok_or_else(|| AppError::not_found("no such actor here"));
    }
    Ok(ObjectId::<ApActor>::from(url.clone())
        .dereference(data)
        .await?
        .into_row())
}

/// A group known to this node by local name or `name@domain` (no network access).
pub async fn known_group(state: &AppState, name_or_handle: &str) -> AppResult<ActorRow> {
    let raw = name_or_handle.trim();
    let not_found = || AppError::NotFound(format!("no group {raw} is known here"));
    let mut tx = state.db.read().await?;
    let found = match Handle::parse(raw) {
        Some(handle) if handle.domain == state.urls.domain() => {
            storage::actors::local_by_name(&mut tx, &handle.name, Some("group")).await?
        }
        Some(handle) => {
            storage::actors::remote_by_handle(&mut tx, &handle.name, &handle.domain, Some("group"))
                .await?
        }
        None => storage::actors::local_by_name(&mut tx, raw, Some("group")).await?,
    };
    found.ok_or_else(not_found)
}
