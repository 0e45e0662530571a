//! Application state, router assembly, and the `serve` loop with its background workers.

use std::{ops::Deref, sync::Arc};

use activitypub_federation::config::{FederationConfig, FederationMiddleware};
use axum::Router;
use tokio::sync::Notify;

use crate::{
    config::Config,
    federation::{self, objects::actor::ApActor, urls::Urls},
    service,
    storage::Db,
};

/// Shared by every handler and worker (cheap to clone).
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub db: Db,
    pub settings: Config,
    pub urls: Urls,
    /// The one HTTP client for fetches and deliveries (timeouts, validating DNS resolver).
    pub http: reqwest::Client,
    /// Per remote server, per account and per login name.
    pub limits: crate::ratelimit::RateLimits,
    /// Woken after a transaction queued deliveries, so they leave at once.
    pub delivery_wakeup: Notify,
    /// Woken when a vote opens, so the closer re-reads the soonest closing time.
    pub vote_wakeup: Notify,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(db: Db, config: Config) -> AppState {
        let urls = Urls::new(config.base_url());
        let http = federation::http_client(config.dev_federation());
        let limits = crate::ratelimit::RateLimits::new(&config);
        AppState(Arc::new(Inner {
            db,
            settings: config,
            urls,
            http,
            limits,
            delivery_wakeup: Notify::new(),
            vote_wakeup: Notify::new(),
        }))
    }

    /// Tells the delivery workers that new rows are due.
    pub fn deliveries_queued(&self) {
        self.delivery_wakeup.notify_waiters();
        self.delivery_wakeup.notify_one();
    }
}

/// Connects, migrates, makes sure the instance actor exists, and builds the library config.
pub async fn prepare(config: Config) -> anyhow::Result<FederationConfig<AppState>> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let state = AppState::new(db, config);
    let instance = service::accounts::ensure_instance_actor(&state).await?;
    federation::federation_config(state, &ApActor::new(instance)?).await
}

pub fn router(federation: FederationConfig<AppState>) -> Router {
    let max_body = federation.settings.max_inbox_body;
    let limited = Router::new()
        .merge(federation::routes::router())
        .merge(federation::process_routes::router())
        .merge(federation::competence_routes::router())
        .merge(federation::meeting_routes::router())
        .merge(crate::api::router())
        .merge(crate::ops::router())
        .merge(crate::web::router())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            max_body.max(1024 * 1024),
        ));
    // Photo uploads (up to 2 MB, checked by their handlers) get a limit of their own.
    let uploads = crate::api::upload_router()
        .merge(crate::web::upload_router())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            crate::web::pages::body_photos::UPLOAD_LIMIT,
        ));
    let mut router = limited.merge(uploads);
    for layer in crate::web::headers::layers() {
        router = router.layer(layer);
    }
    router
        .layer(tower_http::trace::TraceLayer::new_for_http())
        // A request (a slowly sent body included) gets 30 s; then 408, and the connection's
        // resources are freed. Handlers' own outgoing fetches time out after 10 s.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            std::time::Duration::from_secs(30),
        ))
        .layer(FederationMiddleware::new(federation))
        .layer(axum::middleware::from_fn(crate::metrics::track))
}

/// Runs the node until SIGINT or SIGTERM: stops accepting, lets in-flight requests and
/// deliveries finish, then closes the database.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let bind = config.bind;
    let federation = prepare(config).await?;
    let state: AppState = (*federation).clone();
    let (shutdown, shutdown_rx) = tokio::sync::watch::channel(false);
    let workers =
        federation::delivery::spawn_workers(federation.to_request_data(), shutdown_rx.clone());
    let closer =
        crate::service::vote_closer::spawn(federation.to_request_data(), shutdown_rx.clone());
    let dashboard =
        crate::service::network_dashboard::spawn(federation.to_request_data(), shutdown_rx.clone());
    let digests = crate::service::digests::spawn(state.clone(), shutdown_rx);

    let listener = tokio::net::TcpListener::bind(bind).await?;
    tracing::info!(
        address = %bind,
        domain = %state.settings.domain,
        database = state.db.backend_name(),
        "maillon is listening"
    );
    axum::serve(listener, router(federation))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("shutting down: finishing deliveries in flight");
    let _ = shutdown.send(true);
    let _ = workers.await;
    let _ = closer.await;
    let _ = dashboard.await;
    if let Some(digests) = digests {
        let _ = digests.await;
    }
    state.db.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
