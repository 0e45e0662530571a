//! Everything ActivityPub. The domain never imports this module.
//!
//! - `urls`: ids we mint; `context`: `@context` and media types
//! - `objects/`: wire shapes of actors and posts, and how they map to storage rows
//! - `activities/`: wire shapes of each activity we accept, with their `verify`/`receive`
//! - `inbox`: pre-checks before the library verifies the signature; `routes`: what peers GET
//!   (`process_routes`: proposals and processes)
//! - `outbox`: builds outgoing activities and queues their deliveries in the caller's transaction
//! - `delivery`: workers that sign and send queued deliveries, with retries

pub mod activities;
pub mod backfill;
pub mod competence_routes;
pub mod context;
pub mod delivery;
pub mod event_routes;
pub mod inbox;
pub mod meeting_routes;
pub mod objects;
pub mod outbox;
pub mod process_routes;
pub mod resolve;
pub mod retry;
pub mod routes;
pub mod signing;
pub mod stats_routes;
pub mod urls;

use std::time::Duration;

use activitypub_federation::config::{FederationConfig, UrlVerifier};
use async_trait::async_trait;
use url::Url;

use crate::{app::AppState, storage};
use objects::actor::ApActor;

/// Request-scoped handle the library passes to every handler.
pub type FedData = activitypub_federation::config::Data<AppState>;

/// Refuses fetches and deliveries to blocked domains.
#[derive(Clone)]
struct BlockedDomainVerifier {
    db: storage::Db,
}

#[async_trait]
impl UrlVerifier for BlockedDomainVerifier {
    async fn verify(&self, url: &Url) -> Result<(), activitypub_federation::error::Error> {
        let Some(domain) = storage::deliveries::inbox_domain(url.as_str()) else {
            return Err(activitypub_federation::error::Error::UrlVerificationError(
                "URL without host",
            ));
        };
        let blocked = async {
            let mut tx = self.db.read().await?;
            storage::servers::is_blocked(&mut tx, &domain).await
        }
        .await
        .unwrap_or(false);
        if blocked {
            return Err(activitypub_federation::error::Error::UrlVerificationError(
                "domain is blocked",
            ));
        }
        Ok(())
    }
}

/// Builds the library's configuration: our HTTP client, the instance actor for signed fetches,
/// and development mode when configured.
pub async fn federation_config(
    state: AppState,
    instance_actor: &ApActor,
) -> anyhow::Result<FederationConfig<AppState>> {
    let dev = state.settings.dev_federation();
    let config = FederationConfig::builder()
        .domain(state.settings.domain.clone())
        .client(state.http.clone().into())
        .debug(dev)
        .allow_http_urls(dev)
        .http_fetch_limit(20)
        .request_timeout(Duration::from_secs(10))
        // Sign `(request-target) host date digest` without `(created)`: what Mastodon,
        // GoToSocial and Lemmy all verify.
        .http_signature_compat(true)
        .url_verifier(Box::new(BlockedDomainVerifier {
            db: state.db.clone(),
        }))
        .signed_fetch_actor(instance_actor)
        .app_data(state)
        .build()
        .await?;
    Ok(config)
}

/// The HTTP client of the node: short timeouts, no redirects (the library follows one itself),
/// and, outside development, a DNS resolver that refuses private addresses at connect time so
/// DNS rebinding cannot reach them.
pub fn http_client(dev: bool) -> reqwest::Client {
    install_crypto_provider();
    reqwest::Client::builder()
        .user_agent(concat!("Maillon/", env!("CARGO_PKG_VERSION")))
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(std::sync::Arc::new(
            activitypub_federation::resolver::ValidatingDnsResolver::new(vec![], !dev),
        ))
        .build()
        .expect("the HTTP client builds with static settings")
}

/// One rustls crypto provider (ring) for every TLS client in the process: reqwest is built
/// without a provider of its own so that it and sqlx share this one.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::dns::Resolve;

    /// Outside development the client's resolver refuses every address that reaches inside:
    /// it runs when the connection is made, so a name that resolved to a public address a
    /// moment before (DNS rebinding) cannot lead us to a private one.
    #[tokio::test]
    async fn outside_development_internal_addresses_are_refused_at_connect_time() {
        let resolver = activitypub_federation::resolver::ValidatingDnsResolver::new(vec![], true);
        for internal in [
            "localhost",
            "127.0.0.1",
            "0.0.0.0",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254", // link-local: cloud metadata services
            "100.64.0.1",      // carrier-grade NAT
            "::1",
            "fe80::1",
            "fc00::1",
            "::ffff:127.0.0.1",
            "64:ff9b::7f00:1",  // NAT64 of 127.0.0.1
            "64:ff9b::a00:1",   // NAT64 of 10.0.0.1
            "64:ff9b:1::a00:1", // local-use NAT64
        ] {
            let name = internal.parse().unwrap();
            assert!(resolver.resolve(name).await.is_err(), "{internal}");
        }
        // Public addresses pass (literal addresses need no DNS, so this runs offline).
        for public in ["93.184.215.14", "2606:4700::1", "64:ff9b::5db8:d70e"] {
            let name = public.parse().unwrap();
            assert!(resolver.resolve(name).await.is_ok(), "{public}");
        }
    }

    /// The node's own client is built with that resolver outside development: a peer named
    /// `localhost` is not reached, while in development (the federation tests) it is.
    #[tokio::test]
    async fn the_production_client_does_not_connect_to_loopback() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let app = axum::Router::new().route("/", axum::routing::get(|| async { "inside" }));
        let server = tokio::spawn(async move { axum::serve(listener, app).await });
        let url = format!("http://localhost:{port}/");

        let refused = http_client(false).get(&url).send().await;
        assert!(refused.is_err(), "a production node reached {url}");
        let dev = http_client(true).get(&url).send().await.unwrap();
        assert_eq!(dev.text().await.unwrap(), "inside");
        server.abort();
    }
}
