//! Outbound flow, last step: workers claim due rows of the delivery queue, sign each activity
//! with its actor's key, send it, and record the outcome (delivered, retry later with backoff
//! and jitter, or given up). Rows survive restarts; a claim is a lease, so a worker killed
//! mid-send leaves its rows to be sent again once the lease ends.

use std::{collections::HashMap, sync::Arc, time::Duration, time::SystemTime};

use tokio::{
    sync::watch,
    task::{JoinHandle, JoinSet},
};
use url::{Host, Url};

use super::{
    retry::{self, classify_status, Outcome},
    signing::SigningKey,
    FedData,
};
use crate::storage::{self, activities::ActivityRow, deliveries::ClaimedDelivery, now_millis};

/// How long a claimed row is reserved for the worker that claimed it.
const LEASE_MS: i64 = 30_000;
/// Longest sleep when nothing is due (a safety net: commits wake the workers).
const IDLE_POLL: Duration = Duration::from_secs(5);

/// Starts the delivery loop; it stops after the batch in flight when `shutdown` turns true.
pub fn spawn_workers(data: FedData, shutdown: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(run(data, shutdown))
}

/// Keeps up to `delivery_concurrency` deliveries in flight, claiming new rows as soon as one
/// finishes: a peer that is slow to answer holds one slot until its timeout, not the whole
/// queue (a batch that waited for its slowest member held everyone up for up to 10 s).
async fn run(data: FedData, mut shutdown: watch::Receiver<bool>) {
    let concurrency = data.settings.delivery_concurrency;
    let mut in_flight = JoinSet::new();
    loop {
        if *shutdown.borrow() {
            break;
        }
        while in_flight.try_join_next().is_some() {}
        let free = concurrency.saturating_sub(in_flight.len());
        if free == 0 {
            tokio::select! {
                _ = in_flight.join_next() => {},
                _ = shutdown.changed() => {},
            }
            continue;
        }
        let batch = match storage::deliveries::claim_due(&data.db, free as i64, LEASE_MS).await {
            Ok(batch) => batch,
            Err(err) => {
                tracing::warn!(error = %err, "could not claim deliveries");
                Vec::new()
            }
        };
        if batch.is_empty() {
            let wait = idle_wait(&data).await;
            tokio::select! {
                _ = data.delivery_wakeup.notified() => {},
                _ = tokio::time::sleep(wait) => {},
                _ = shutdown.changed() => {},
            }
            continue;
        }
        let activities: Arc<ActivityCache> = Arc::new(tokio::sync::Mutex::new(HashMap::new()));
        for delivery in batch {
            let data = data.clone();
            let activities = activities.clone();
            in_flight.spawn(async move { deliver(&data, delivery, &activities).await });
        }
    }
    // Deliveries already sent get their outcome recorded before we stop.
    while in_flight.join_next().await.is_some() {}
    tracing::info!("delivery worker stopped");
}

/// Time until the next pending row is due, capped by [`IDLE_POLL`].
async fn idle_wait(data: &FedData) -> Duration {
    let next = async {
        let mut tx = data.db.read().await?;
        storage::deliveries::next_due_at(&mut tx).await
    }
    .await
    .ok()
    .flatten();
    match next {
        Some(at) => {
            Duration::from_millis((at - now_millis()).clamp(10, IDLE_POLL.as_millis() as i64) as u64)
        }
        None => IDLE_POLL,
    }
}

/// An activity to send, with the key of the actor who signs it.
type Loaded = Option<Arc<(ActivityRow, SigningKey)>>;
type ActivityCache = tokio::sync::Mutex<HashMap<i64, Loaded>>;

/// Loads each activity of a batch once, however many inboxes it goes to.
async fn load(data: &FedData, activity_id: i64, cache: &ActivityCache) -> Loaded {
    let mut cache = cache.lock().await;
    if let Some(found) = cache.get(&activity_id) {
        return found.clone();
    }
    let loaded = async {
        let mut tx = data.db.read().await.ok()?;
        let activity = storage::activities::by_id(&mut tx, activity_id)
            .await
            .ok()??;
        let actor = storage::actors::by_id(&mut tx, activity.actor_id)
            .await
            .ok()??;
        let key = SigningKey::from_pem(&actor.ap_id, actor.private_key_pem.as_deref()?).ok()?;
        Some(Arc::new((activity, key)))
    }
    .await;
    cache.insert(activity_id, loaded.clone());
    loaded
}

async fn deliver(data: &FedData, delivery: ClaimedDelivery, cache: &ActivityCache) {
    let outcome = match load(data, delivery.activity_id, cache).await {
        None => Err((
            Outcome::Refused,
            "activity or signing key missing".to_string(),
        )),
        Some(loaded) => send(data, &loaded.0, &loaded.1, &delivery.inbox).await,
    };
    if let Err(err) = record(data, &delivery, outcome).await {
        // The lease runs out and the row is tried again: nothing is lost.
        tracing::warn!(error = %err, delivery = delivery.id, "could not record a delivery outcome");
    }
}

/// Whether we may send to this inbox: https (or http in development), and no literal IP
/// outside development (names are checked by the resolver when connecting).
fn sendable(url: &Url, dev: bool) -> Result<(), String> {
    match url.scheme() {
        "https" => {}
        "http" if dev => {}
        other => return Err(format!("scheme {other} is not allowed")),
    }
    match url.host() {
        Some(Host::Domain(_)) => Ok(()),
        Some(_) if dev => Ok(()),
        _ => Err("inboxes must be named by a domain".into()),
    }
}

async fn send(
    data: &FedData,
    activity: &ActivityRow,
    key: &SigningKey,
    inbox: &str,
) -> Result<(), (Outcome, String)> {
    let refused = |why: String| (Outcome::Refused, why);
    let url = Url::parse(inbox).map_err(|e| refused(e.to_string()))?;
    sendable(&url, data.settings.dev_federation()).map_err(refused)?;
    // The domain may have been blocked since the delivery was queued.
    let blocked = async {
        let mut tx = data.db.read().await?;
        storage::servers::is_blocked(&mut tx, &crate::federation::urls::origin(&url)).await
    }
    .await
    .map_err(|e| (Outcome::Retry, e.to_string()))?;
    if blocked {
        return Err(refused("the domain is blocked".into()));
    }
    let headers = key
        .sign_post(&url, activity.body.as_bytes(), SystemTime::now())
        .map_err(refused)?;
    let response = data
        .http
        .post(url)
        .headers(headers)
        .body(activity.body.clone())
        .send()
        .await
        .map_err(|e| (Outcome::Retry, e.to_string()))?;
    let status = response.status();
    match classify_status(status.as_u16()) {
        Outcome::Delivered => Ok(()),
        outcome => {
            let text: String = response
                .text()
                .await
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect();
            Err((outcome, format!("{status}: {text}")))
        }
    }
}

async fn record(
    data: &FedData,
    delivery: &ClaimedDelivery,
    outcome: Result<(), (Outcome, String)>,
) -> Result<(), sqlx::Error> {
    let mut tx = data.db.begin().await?;
    match outcome {
        Ok(()) => {
            storage::deliveries::mark_delivered(&mut tx, delivery.id).await?;
            storage::servers::record_success(&mut tx, &delivery.domain).await?;
            tracing::debug!(inbox = %delivery.inbox, "delivered");
        }
        Err((Outcome::Retry, error)) => {
            let server = storage::servers::record_failure(
                &mut tx,
                &delivery.domain,
                retry::UNREACHABLE_AFTER_FAILURES,
            )
            .await?;
            let attempts = delivery.attempts + 1;
            if attempts >= retry::MAX_ATTEMPTS {
                storage::deliveries::mark_failed(&mut tx, delivery.id, &error).await?;
                tracing::warn!(inbox = %delivery.inbox, %error, "delivery given up");
            } else {
                let unreachable = server.unreachable_since.is_some();
                let next =
                    now_millis() + retry::backoff_ms(attempts, unreachable, retry::random_jitter());
                storage::deliveries::schedule_retry(&mut tx, delivery.id, next, &error).await?;
                if unreachable {
                    // Everything else queued for that server waits too.
                    storage::deliveries::postpone_domain(&mut tx, &delivery.domain, next).await?;
                }
                tracing::info!(inbox = %delivery.inbox, attempts, %error, "delivery will be retried");
            }
        }
        Err((_, error)) => {
            // Refused for good; the server answered, so it is reachable.
            storage::deliveries::mark_failed(&mut tx, delivery.id, &error).await?;
            storage::servers::record_success(&mut tx, &delivery.domain).await?;
            tracing::warn!(inbox = %delivery.inbox, %error, "delivery refused");
        }
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_development_only_https_inboxes_named_by_a_domain() {
        let ok = |u: &str, dev: bool| sendable(&Url::parse(u).unwrap(), dev).is_ok();
        assert!(ok("https://rennes.example.coop/inbox", false));
        assert!(!ok("http://rennes.example.coop/inbox", false));
        assert!(!ok("ftp://rennes.example.coop/inbox", false));
        for literal in [
            "https://127.0.0.1/inbox",
            "https://10.0.0.1/inbox",
            "https://169.254.169.254/inbox",
            "https://100.64.0.1/inbox",
            "https://[::1]/inbox",
            "https://[64:ff9b::7f00:1]/inbox",
        ] {
            assert!(!ok(literal, false), "{literal}");
        }
        // Development federation: plain http and loopback peers are how tests run.
        assert!(ok("http://localhost:8002/inbox", true));
        assert!(ok("http://127.0.0.1:8002/inbox", true));
    }
}
