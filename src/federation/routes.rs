//! What peers fetch: WebFinger, NodeInfo, host-meta, actor documents, collections, posts and
//! activities by id; and the inbox routes. Browsers asking for HTML get a plain page.

use activitypub_federation::fetch::webfinger::{
    build_webfinger_response_with_type, extract_webfinger_name, WEBFINGER_CONTENT_TYPE,
};
use axum::{
    extract::{Path, Query},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::Deserialize;
use serde_json::{json, Value};
use url::Url;

use super::{
    context::{with_context, ACTIVITY_JSON},
    inbox::post_inbox,
    objects::{actor::ApActor, post::PostJson},
    FedData,
};
use crate::{
    error::{AppError, AppResult},
    storage::{self, actors::ActorRow},
};

pub fn router() -> Router {
    Router::new()
        .route("/.well-known/webfinger", get(webfinger))
        .route("/.well-known/nodeinfo", get(nodeinfo_links))
        .route("/.well-known/host-meta", get(host_meta))
        .route("/nodeinfo/2.1", get(nodeinfo))
        .route("/inbox", post(post_inbox))
        .route("/actor", get(instance_actor))
        .route("/actor/inbox", post(post_inbox))
        .route("/actor/outbox", get(instance_outbox))
        .route("/users/{name}/inbox", post(post_inbox))
        .route("/users/{name}/outbox", get(person_outbox))
        .route("/users/{name}/followers", get(person_followers))
        .route("/groups/{name}/inbox", post(post_inbox))
        .route("/groups/{name}/outbox", get(group_outbox))
        .route("/groups/{name}/followers", get(group_followers))
        .route("/groups/{name}/moderators", get(group_moderators))
        .route("/activities/{kind}/{id}", get(activity_document))
        .route("/votes/{uuid}", get(vote_document))
        .route("/votes/{uuid}/decision", get(decision_document))
}

/// Whether the client asked for ActivityPub JSON rather than a page.
pub fn wants_activity_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| {
            accept.contains("application/activity+json") || accept.contains("application/ld+json")
        })
}

pub fn activity_json(value: Value) -> Response {
    (
        [(header::CONTENT_TYPE, ACTIVITY_JSON)],
        with_context(value).to_string(),
    )
        .into_response()
}

fn gone(id: &str) -> Response {
    let tombstone = json!({"id": id, "type": "Tombstone"});
    (
        StatusCode::GONE,
        [(header::CONTENT_TYPE, ACTIVITY_JSON)],
        with_context(tombstone).to_string(),
    )
        .into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[derive(Deserialize)]
struct WebfingerQuery {
    resource: String,
}

async fn webfinger(data: FedData, Query(query): Query<WebfingerQuery>) -> AppResult<Response> {
    let mut tx = data.db.read().await?;
    let actor = if query.resource.starts_with("acct:") {
        let name = extract_webfinger_name(&query.resource, &data)
            .map_err(|_| AppError::not_found("no such account on this node"))?;
        storage::actors::local_by_name(&mut tx, name, None).await?
    } else {
        storage::actors::by_ap_id(&mut tx, &query.resource)
            .await?
            .filter(|a| a.local && a.deleted_at.is_none())
    };
    let actor = actor.ok_or_else(|| AppError::not_found("no such account on this node"))?;
    let url = Url::parse(&actor.ap_id).map_err(|e| AppError::Internal(e.into()))?;
    let kind = super::objects::actor::kind_to_wire(&actor.kind);
    let mut response = build_webfinger_response_with_type(
        format!("acct:{}@{}", actor.username, data.urls.domain()),
        vec![(url.clone(), Some(kind))],
    );
    response.aliases = vec![url];
    Ok((
        [(header::CONTENT_TYPE, WEBFINGER_CONTENT_TYPE.clone())],
        serde_json::to_string(&response).map_err(|e| AppError::Internal(e.into()))?,
    )
        .into_response())
}

async fn nodeinfo_links(data: FedData) -> Json<Value> {
    Json(json!({
        "links": [{
            "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
            "href": data.urls.base().join("/nodeinfo/2.1").expect("static path"),
        }]
    }))
}

async fn nodeinfo(data: FedData) -> AppResult<Response> {
    let mut tx = data.db.read().await?;
    let users = storage::actors::count_local(&mut tx, "person").await?;
    let groups = storage::actors::count_local(&mut tx, "group").await?;
    let posts = storage::posts::count_local(&mut tx).await?;
    let body = json!({
        "version": "2.1",
        "software": {
            "name": "maillon",
            "version": env!("CARGO_PKG_VERSION"),
            "homepage": "https://maillon.coop/",
        },
        "protocols": ["activitypub"],
        "services": { "inbound": [], "outbound": [] },
        // The mode an admin chose on the admin page, else the configured one.
        "openRegistrations": crate::service::settings::registration_mode(&data)
            .await?
            .allows_self_registration(),
        "usage": {
            "users": { "total": users },
            "localPosts": posts,
        },
        "metadata": {
            "nodeName": data.urls.domain(),
            "groups": groups,
        },
    });
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"",
        )],
        body.to_string(),
    )
        .into_response())
}

async fn host_meta(data: FedData) -> Response {
    let template = format!("{}.well-known/webfinger?resource={{uri}}", data.urls.base());
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n  <Link rel=\"lrdd\" template=\"{}\"/>\n</XRD>\n",
        escape(&template)
    );
    ([(header::CONTENT_TYPE, "application/xrd+xml")], xml).into_response()
}

async fn local_actor(data: &FedData, name: &str, kind: &str) -> AppResult<ActorRow> {
    let mut tx = data.db.read().await?;
    storage::actors::local_by_name(&mut tx, name, Some(kind))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no {kind} called {name} here")))
}

/// The ActivityPub document of one of our actors (410 once it was deleted, or while it is
/// suspended).
pub async fn actor_document(data: &FedData, actor: ActorRow) -> AppResult<Response> {
    if actor.deleted_at.is_some()
        || crate::service::moderation::is_suspended(data, &actor.ap_id).await?
    {
        return Ok(gone(&actor.ap_id));
    }
    let json = ApActor::new(actor)?.into_json_value(data).await?;
    Ok(activity_json(json))
}

async fn instance_actor(data: FedData) -> AppResult<Response> {
    let actor = crate::service::accounts::ensure_instance_actor(&data).await?;
    actor_document(&data, actor).await
}

async fn instance_outbox(data: FedData) -> AppResult<Response> {
    let actor = crate::service::accounts::ensure_instance_actor(&data).await?;
    outbox(&data, &actor).await
}

async fn outbox(data: &FedData, actor: &ActorRow) -> AppResult<Response> {
    let mut tx = data.db.read().await?;
    let total = storage::activities::count_public_by_actor(&mut tx, actor.id).await?;
    let items: Vec<Value> = storage::activities::public_by_actor(&mut tx, actor.id, 20)
        .await?
        .into_iter()
        .filter_map(|a| serde_json::from_str::<Value>(&a.body).ok())
        .map(|mut v| {
            if let Value::Object(fields) = &mut v {
                fields.remove("@context");
            }
            v
        })
        .collect();
    Ok(activity_json(json!({
        "id": actor.outbox,
        "type": "OrderedCollection",
        "totalItems": total,
        "orderedItems": items,
    })))
}

async fn followers(data: &FedData, actor: &ActorRow) -> AppResult<Response> {
    let mut tx = data.db.read().await?;
    let total = storage::follows::count_followers(&mut tx, actor.id, "accepted").await?;
    // The count is public; who follows whom is not.
    Ok(activity_json(json!({
        "id": actor.followers,
        "type": "OrderedCollection",
        "totalItems": total,
    })))
}

async fn person_outbox(data: FedData, Path(name): Path<String>) -> AppResult<Response> {
    let actor = local_actor(&data, &name, "person").await?;
    outbox(&data, &actor).await
}

async fn group_outbox(data: FedData, Path(name): Path<String>) -> AppResult<Response> {
    let actor = local_actor(&data, &name, "group").await?;
    outbox(&data, &actor).await
}

async fn person_followers(data: FedData, Path(name): Path<String>) -> AppResult<Response> {
    let actor = local_actor(&data, &name, "person").await?;
    followers(&data, &actor).await
}

async fn group_followers(data: FedData, Path(name): Path<String>) -> AppResult<Response> {
    let actor = local_actor(&data, &name, "group").await?;
    followers(&data, &actor).await
}

async fn group_moderators(data: FedData, Path(name): Path<String>) -> AppResult<Response> {
    let group = local_actor(&data, &name, "group").await?;
    let mut tx = data.db.read().await?;
    let moderators: Vec<String> = storage::actors::moderators(&mut tx, group.id)
        .await?
        .into_iter()
        .map(|m| m.ap_id)
        .collect();
    let id = data
        .urls
        .moderators_of(&Url::parse(&group.ap_id).map_err(|e| AppError::Internal(e.into()))?);
    Ok(activity_json(json!({
        "id": id,
        "type": "OrderedCollection",
        "totalItems": moderators.len(),
        "orderedItems": moderators,
    })))
}

/// The object of one of our posts, by the UUID of its id (410 once deleted).
pub async fn post_document(data: &FedData, uuid: &str) -> AppResult<Response> {
    let ap_id = data
        .urls
        .base()
        .join(&format!("/posts/{uuid}"))
        .map_err(|_| AppError::not_found("no such post"))?;
    let mut tx = data.db.read().await?;
    let post = storage::posts::by_ap_id(&mut tx, ap_id.as_str())
        .await?
        .filter(|p| p.local)
        .ok_or_else(|| AppError::not_found("no such post"))?;
    if post.deleted_at.is_some() {
        return Ok(gone(&post.ap_id));
    }
    let author = storage::actors::by_id(&mut tx, post.author_id)
        .await?
        .ok_or_else(|| AppError::not_found("no author"))?;
    if storage::moderation::is_suspended(&mut tx, &author.ap_id).await? {
        return Ok(gone(&post.ap_id));
    }
    let group = match post.group_id {
        Some(g) => storage::actors::by_id(&mut tx, g).await?,
        None => None,
    };
    let parent = match post.in_reply_to_id {
        Some(p) => storage::posts::by_id(&mut tx, p).await?,
        None => None,
    };
    let parent_author = match &parent {
        Some(p) => storage::actors::by_id(&mut tx, p.author_id).await?,
        None => None,
    };
    let json = PostJson::from_local(
        &post,
        &author,
        group.as_ref(),
        parent.as_ref().zip(parent_author.as_ref()),
    );
    Ok(activity_json(
        serde_json::to_value(json).map_err(|e| AppError::Internal(e.into()))?,
    ))
}

async fn activity_document(
    data: FedData,
    Path((kind, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let ap_id = data
        .urls
        .base()
        .join(&format!("/activities/{kind}/{id}"))
        .map_err(|_| AppError::not_found("no such activity"))?;
    let mut tx = data.db.read().await?;
    let activity = storage::activities::by_ap_id(&mut tx, ap_id.as_str())
        .await?
        .filter(|a| a.public)
        .ok_or_else(|| AppError::not_found("no such activity"))?;
    let body: Value =
        serde_json::from_str(&activity.body).map_err(|e| AppError::Internal(e.into()))?;
    Ok(activity_json(body))
}

/// A vote's id: the `Question` for peers, the vote's page for browsers.
async fn vote_document(
    data: FedData,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> AppResult<Response> {
    let ap_id = data
        .urls
        .base()
        .join(&format!("/votes/{uuid}"))
        .map_err(|_| AppError::not_found("no such vote"))?;
    let mut tx = data.db.read().await?;
    let vote = storage::votes::vote_by_ap_id(&mut tx, ap_id.as_str())
        .await?
        .filter(|v| v.local)
        .ok_or_else(|| AppError::not_found("no such vote"))?;
    if !wants_activity_json(&headers) {
        return Ok(axum::response::Redirect::to(&format!("/vote/{}", vote.id)).into_response());
    }
    let (document, _) = crate::service::vote_publication::document(&mut tx, &data, &vote).await?;
    Ok(activity_json(document))
}

/// The decision of a closed vote (404 while it is open): the `Note` with the record for
/// peers and recounts, the vote's page for browsers.
async fn decision_document(
    data: FedData,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> AppResult<Response> {
    let ap_id = data
        .urls
        .base()
        .join(&format!("/votes/{uuid}"))
        .map_err(|_| AppError::not_found("no such vote"))?;
    let mut tx = data.db.read().await?;
    let vote = storage::votes::vote_by_ap_id(&mut tx, ap_id.as_str())
        .await?
        .filter(|v| v.local && v.closed_at.is_some())
        .ok_or_else(|| AppError::not_found("no decision: the vote is not closed"))?;
    if !wants_activity_json(&headers) {
        return Ok(axum::response::Redirect::to(&format!("/vote/{}", vote.id)).into_response());
    }
    let (document, _, _) = crate::service::decision_record::document(&mut tx, &data, &vote)
        .await?
        .ok_or_else(|| AppError::not_found("no decision: the vote is not closed"))?;
    Ok(activity_json(document))
}
