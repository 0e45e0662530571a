//! Inbound flow, first steps: `POST` to the shared inbox or an actor's inbox.
//!
//! Pre-checks (media type, size, signature header shape, date, host), then the JSON shape,
//! blocked domains, ignored types and a quick duplicate check; then the library verifies the
//! digest and the signature and calls the activity's `receive`, where the "already received"
//! row and the effect commit in one transaction.
//!
//! A signature that does not verify with a cached actor's key makes us fetch the actor again,
//! once, in case it rotated its key.
//!
//! Answers: 202 accepted (duplicates too), 400 malformed, 401 bad or missing signature,
//! 403 blocked domain, suspended actor or forbidden action, 413 too large, 415 wrong media type,
//! 503 when our storage fails (so the sender retries).

use activitypub_federation::{
    axum::inbox::{receive_activity, ActivityData},
    fetch::object_id::ObjectId,
};
use axum::{
    body::{Body, BodyDataStream, Bytes},
    extract::{FromRequest, Request},
    http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use futures::StreamExt;
use serde_json::Value;
use url::Url;

use super::{
    activities::{InboxActivity, ACCEPTED_TYPES},
    context::is_activity_media_type,
    objects::{actor::ApActor, post::id_of},
    urls::{same_origin, MAX_ID_CHARS},
    FedData,
};
use crate::{
    app::AppState,
    error::{AppError, AppResult, SIGNATURE_MISMATCH},
    storage::{self, deliveries::inbox_domain},
};

/// How far a signed request's `Date` may be from our clock.
const MAX_CLOCK_SKEW_SECONDS: i64 = 3600;
/// The headers a signature must cover for us to trust the request.
const REQUIRED_SIGNED: &[&str] = &["(request-target)", "host", "date", "digest"];
/// How much of a too-large body we read (and drop) before answering 413.
const DISCARD_AT_MOST: usize = 1024 * 1024;

pub async fn post_inbox(data: FedData, request: Request) -> Response {
    match handle(&data, request).await {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(err) => {
            if err.status().is_server_error() {
                tracing::warn!(error = %err, "inbox failure");
            } else {
                tracing::info!(status = %err.status(), error = %err, "inbox refused an activity");
            }
            let too_large = matches!(err, AppError::PayloadTooLarge);
            let mut response = err.into_response();
            if too_large {
                // Part of the body may be left unread: this connection cannot carry another
                // request, so tell the sender not to reuse it.
                response
                    .headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            response
        }
    }
}

async fn handle(data: &FedData, request: Request) -> AppResult<()> {
    let (parts, body) = request.into_parts();
    check_media_type(&parts.headers)?;
    let limit = data.settings.max_inbox_body;
    if let Some(length) = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
    {
        if length > limit {
            discard(body.into_data_stream(), 0).await;
            return Err(AppError::PayloadTooLarge);
        }
    }
    let bytes = read_body(body, limit).await?;
    check_signature_shape(&parts.headers, &data.settings.domain)?;
    // One bucket per signing server, before any parsing or key fetch is spent on it.
    data.limits.check_inbox(&signing_server(&parts.headers))?;

    let ActivityHead {
        id: activity_id,
        kind,
        actor,
    } = read_head(&bytes)?;
    let kind = kind.as_str();
    check_ids(&activity_id, &actor)?;
    check_key_id(&parts.headers, &actor)?;

    let actor_domain = inbox_domain(actor.as_str()).unwrap_or_default();
    {
        let mut tx = data.db.read().await?;
        if storage::servers::is_blocked(&mut tx, &actor_domain).await? {
            return Err(AppError::Forbidden(
                "blocked_domain",
                format!("{actor_domain} is blocked here"),
            ));
        }
        if storage::moderation::is_suspended(&mut tx, actor.as_str()).await? {
            return Err(AppError::Forbidden(
                "actor_suspended",
                "this actor is suspended here".into(),
            ));
        }
    }
    if !ACCEPTED_TYPES.contains(&kind) {
        tracing::debug!(kind, id = %activity_id, "activity type without effect here, ignored");
        return Ok(());
    }
    if already_received(data, &activity_id).await? {
        return Ok(());
    }

    let cached = actor_cached(data, &actor).await?;
    match receive(data, parts.clone(), bytes.clone()).await {
        Err(err) if cached && err.code() == SIGNATURE_MISMATCH => {
            // The actor may have rotated its key since we cached it: fetch it again, once,
            // and verify again. A forger costs us one fetch from the actor's own server.
            tracing::info!(actor = %actor, "signature does not match the cached key, refetching the actor");
            let refreshed = ObjectId::<ApActor>::from(actor.clone())
                .dereference_forced(data)
                .await;
            if let Err(fetch_error) = refreshed {
                tracing::info!(actor = %actor, error = %fetch_error, "the actor could not be refetched");
                return Err(err);
            }
            receive(data, parts, bytes).await
        }
        other => other,
    }
}

/// What the inbox reads of a body before trusting any of it.
#[derive(Debug)]
pub struct ActivityHead {
    pub id: String,
    pub kind: String,
    pub actor: Url,
}

/// The body as JSON with an id, a type and an actor (pub for the fuzz targets).
pub fn read_head(bytes: &[u8]) -> AppResult<ActivityHead> {
    let json: Value = serde_json::from_slice(bytes).map_err(|e| {
        AppError::BadRequest("malformed_json", format!("the body is not JSON: {e}"))
    })?;
    let id = json
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| AppError::BadRequest("malformed_activity", "the activity has no id".into()))?
        .to_string();
    let kind = json
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            AppError::BadRequest("malformed_activity", "the activity has no type".into())
        })?
        .to_string();
    let actor = json.get("actor").and_then(id_of).ok_or_else(|| {
        AppError::BadRequest("malformed_activity", "the activity has no actor".into())
    })?;
    Ok(ActivityHead { id, kind, actor })
}

/// The library's part: digest, actor (from cache or fetched), signature, then our handlers.
async fn receive(data: &FedData, parts: Parts, bytes: Bytes) -> AppResult<()> {
    let request = Request::from_parts(parts, Body::from(bytes));
    let activity_data = ActivityData::from_request(request, &())
        .await
        .map_err(|_| AppError::bad_request("unreadable request"))?;
    receive_activity::<InboxActivity, ApActor, AppState>(activity_data, data).await
}

/// The body, up to `limit` bytes; a longer one (sent without Content-Length) is 413.
async fn read_body(body: Body, limit: usize) -> AppResult<Bytes> {
    let mut stream = body.into_data_stream();
    let mut read = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| AppError::PayloadTooLarge)?;
        if read.len() + chunk.len() > limit {
            discard(stream, read.len() + chunk.len()).await;
            return Err(AppError::PayloadTooLarge);
        }
        read.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(read))
}

/// Reads and drops the rest of a body refused as too large, up to a bound, so the sender
/// gets our 413 rather than a connection reset while it is still writing (a reset looks like
/// a network error, which it would retry).
async fn discard(mut stream: BodyDataStream, mut seen: usize) {
    while let Some(Ok(chunk)) = stream.next().await {
        seen += chunk.len();
        if seen > DISCARD_AT_MOST {
            break;
        }
    }
}

/// Ids a peer sends must be reasonably short, and the activity must come from its actor's
/// own server (host and port).
pub fn check_ids(activity_id: &str, actor: &Url) -> AppResult<()> {
    if activity_id.len() > MAX_ID_CHARS || actor.as_str().len() > MAX_ID_CHARS {
        return Err(AppError::BadRequest(
            "id_too_long",
            format!("ids may not be longer than {MAX_ID_CHARS} characters"),
        ));
    }
    let id = Url::parse(activity_id).map_err(|_| {
        AppError::BadRequest("malformed_activity", "the activity id is not a URL".into())
    })?;
    if !same_origin(&id, actor) {
        return Err(AppError::BadRequest(
            "wrong_origin",
            "the activity id is not on its actor's server".into(),
        ));
    }
    Ok(())
}

/// The key that signed must be on the actor's server. (The signature is then checked against
/// the key in the actor's own document, whatever the keyId names.)
pub fn check_key_id(headers: &HeaderMap, actor: &Url) -> AppResult<()> {
    let key_id = headers
        .get("signature")
        .and_then(|v| v.to_str().ok())
        .and_then(|s| signature_param(s, "keyId"))
        .and_then(|k| Url::parse(k).ok())
        .ok_or_else(|| AppError::signature("the signature has no usable keyId"))?;
    if !same_origin(&key_id, actor) {
        return Err(AppError::signature(
            "the signing key is not on the actor's server",
        ));
    }
    Ok(())
}

fn check_media_type(headers: &HeaderMap) -> AppResult<()> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if is_activity_media_type(content_type) {
        Ok(())
    } else {
        Err(AppError::UnsupportedMediaType(format!(
            "inboxes take application/activity+json, not {content_type:?}"
        )))
    }
}

/// Cheap checks before any key is fetched: a draft-cavage `Signature` header covering what we
/// need, a fresh `Date`, and a `Host` that is us.
pub fn check_signature_shape(headers: &HeaderMap, our_domain: &str) -> AppResult<()> {
    let signature = headers
        .get("signature")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| AppError::signature("the request is not signed (no Signature header)"))?;
    let signed: Vec<String> = signature_param(signature, "headers")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    for required in REQUIRED_SIGNED {
        if !signed.iter().any(|h| h == required) {
            return Err(AppError::signature(format!(
                "the signature does not cover {required}"
            )));
        }
    }
    let date = headers
        .get(header::DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .ok_or_else(|| AppError::signature("the Date header is missing or invalid"))?;
    let age = chrono::Utc::now().timestamp()
        - date
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
    if age.abs() > MAX_CLOCK_SKEW_SECONDS {
        return Err(AppError::signature("the Date header is too far from now"));
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or(our_domain);
    if !host.eq_ignore_ascii_case(our_domain) {
        return Err(AppError::signature(format!(
            "the request was signed for {host}, not for us"
        )));
    }
    Ok(())
}

/// The value of `name="..."` in a Signature header.
/// `host[:port]` of the signature's keyId (already known to be present): the server whose
/// rate limit the request counts against.
fn signing_server(headers: &HeaderMap) -> String {
    headers
        .get("signature")
        .and_then(|v| v.to_str().ok())
        .and_then(|s| signature_param(s, "keyId"))
        .and_then(|k| Url::parse(k).ok())
        .and_then(|u| inbox_domain(u.as_str()))
        .unwrap_or_default()
}

fn signature_param<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(',').find_map(|part| {
        let (key, value) = part.trim().split_once('=')?;
        (key.trim() == name).then(|| value.trim().trim_matches('"'))
    })
}

/// Whether we hold a copy of this remote actor (and so maybe an outdated key).
async fn actor_cached(data: &FedData, actor: &Url) -> AppResult<bool> {
    let mut tx = data.db.read().await?;
    Ok(storage::actors::by_ap_id(&mut tx, actor.as_str())
        .await?
        .is_some_and(|a| !a.local))
}

async fn already_received(data: &FedData, activity_id: &str) -> AppResult<bool> {
    let mut tx = data.db.read().await?;
    Ok(storage::inbox::was_received(&mut tx, activity_id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(signature: &str, date: &str, host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("signature", HeaderValue::from_str(signature).unwrap());
        h.insert(header::DATE, HeaderValue::from_str(date).unwrap());
        h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        h
    }

    fn now() -> String {
        httpdate::fmt_http_date(std::time::SystemTime::now())
    }

    const GOOD: &str = r#"keyId="https://a.example/u#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest content-type",signature="abc""#;

    #[test]
    fn a_complete_signature_passes() {
        check_signature_shape(&headers(GOOD, &now(), "node.example"), "node.example").unwrap();
    }

    #[test]
    fn missing_signature_or_digest_coverage_is_refused() {
        assert!(check_signature_shape(&HeaderMap::new(), "node.example").is_err());
        let no_digest = GOOD.replace(" digest", "");
        let err =
            check_signature_shape(&headers(&no_digest, &now(), "node.example"), "node.example")
                .unwrap_err();
        assert_eq!(err.status(), StatusCode::UNAUTHORIZED);
        assert!(err.to_string().contains("digest"));
    }

    #[test]
    fn stale_date_and_wrong_host_are_refused() {
        let old = httpdate::fmt_http_date(
            std::time::SystemTime::now() - std::time::Duration::from_secs(7200),
        );
        assert!(
            check_signature_shape(&headers(GOOD, &old, "node.example"), "node.example").is_err()
        );
        assert!(
            check_signature_shape(&headers(GOOD, &now(), "other.example"), "node.example").is_err()
        );
    }

    #[test]
    fn media_type_check() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        assert_eq!(
            check_media_type(&h).unwrap_err().status(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/activity+json"),
        );
        assert!(check_media_type(&h).is_ok());
    }

    #[test]
    fn ids_must_be_short_and_on_the_actor_server() {
        let actor = Url::parse("http://localhost:8002/users/bob").unwrap();
        assert!(check_ids("http://localhost:8002/activities/1", &actor).is_ok());
        for (id, code) in [
            ("http://localhost:8003/activities/1", "wrong_origin"),
            ("http://elsewhere.example/activities/1", "wrong_origin"),
            ("not a url", "malformed_activity"),
        ] {
            assert_eq!(check_ids(id, &actor).unwrap_err().code(), code, "{id}");
        }
        let long = format!("http://localhost:8002/{}", "x".repeat(MAX_ID_CHARS));
        assert_eq!(check_ids(&long, &actor).unwrap_err().code(), "id_too_long");
    }

    #[test]
    fn the_key_must_be_on_the_actor_server() {
        let actor = Url::parse("https://a.example/users/bob").unwrap();
        let with_key = |key_id: &str| {
            let mut h = HeaderMap::new();
            let value = GOOD.replace("https://a.example/u#main-key", key_id);
            h.insert("signature", HeaderValue::from_str(&value).unwrap());
            h
        };
        assert!(check_key_id(&with_key("https://a.example/users/bob#main-key"), &actor).is_ok());
        // GoToSocial's key ids are paths, not fragments.
        assert!(check_key_id(&with_key("https://a.example/users/bob/main-key"), &actor).is_ok());
        for other in [
            "https://b.example/users/bob#main-key",
            "https://a.example:8443/k",
            "k",
        ] {
            let err = check_key_id(&with_key(other), &actor).unwrap_err();
            assert_eq!(err.status(), StatusCode::UNAUTHORIZED, "{other}");
        }
    }

    #[test]
    fn future_and_unparsable_dates_are_refused() {
        let future = httpdate::fmt_http_date(
            std::time::SystemTime::now() + std::time::Duration::from_secs(7200),
        );
        for date in [
            future.as_str(),
            "yesterday",
            "Mon, 32 Foo 2026 99:00:00 GMT",
        ] {
            let err = check_signature_shape(&headers(GOOD, date, "node.example"), "node.example")
                .unwrap_err();
            assert_eq!(err.status(), StatusCode::UNAUTHORIZED, "{date}");
        }
        for missing in ["(request-target)", "host"] {
            let partial = GOOD.replace(&format!("{missing} "), "");
            assert!(
                check_signature_shape(&headers(&partial, &now(), "node.example"), "node.example")
                    .is_err(),
                "{missing}"
            );
        }
    }
}
