//! Operations endpoints: `/healthz` (process alive), `/readyz` (database reachable) and
//! `/metrics` (Prometheus text format): the delivery queue, in total and per remote server, and
//! the activities received, read from the database (the same from every process sharing it);
//! then this process's request counters and latencies (`crate::metrics`).

use axum::{
    http::{header, StatusCode},
    response::IntoResponse,
    routing::get,
    Router,
};

use crate::{federation::FedData, metrics, storage};

pub fn router() -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

async fn readyz(data: FedData) -> impl IntoResponse {
    match data.db.read().await {
        Ok(tx) => {
            drop(tx);
            (StatusCode::OK, "ready")
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unreachable"),
    }
}

async fn metrics(data: FedData) -> impl IntoResponse {
    let from_db = async {
        let mut tx = data.db.read().await?;
        let mut lines = String::new();
        lines.push_str("# HELP maillon_deliveries Deliveries in the persistent queue, by state.\n");
        lines.push_str("# TYPE maillon_deliveries gauge\n");
        for state in ["pending", "delivered", "failed"] {
            let n = storage::deliveries::count_by_state(&mut tx, state).await?;
            lines.push_str(&format!("maillon_deliveries{{state=\"{state}\"}} {n}\n"));
        }
        lines.push_str(
            "# HELP maillon_server_deliveries Deliveries still pending, or given up (failed), \
             per remote server (host[:port]); servers with none are not listed.\n",
        );
        lines.push_str("# TYPE maillon_server_deliveries gauge\n");
        for row in storage::deliveries::count_by_server(&mut tx).await? {
            lines.push_str(&format!(
                "maillon_server_deliveries{{server=\"{}\",state=\"{}\"}} {}\n",
                metrics::escape(&row.domain),
                metrics::escape(&row.state),
                row.count
            ));
        }
        let received = storage::inbox::count_received(&mut tx).await?;
        lines.push_str(
            "# HELP maillon_received_activities_total Distinct activities accepted by the inbox.\n",
        );
        lines.push_str("# TYPE maillon_received_activities_total counter\n");
        lines.push_str(&format!("maillon_received_activities_total {received}\n"));
        Ok::<_, sqlx::Error>(lines)
    }
    .await;
    // Without the database, the process's own figures are still worth a scrape.
    let (up, from_db) = match from_db {
        Ok(text) => (1, text),
        Err(err) => {
            tracing::warn!(error = %err, "metrics: database unreachable");
            (0, String::new())
        }
    };
    let text = format!(
        "# HELP maillon_database_up Whether this process could read the database for this \
         scrape (1) or not (0).\n# TYPE maillon_database_up gauge\nmaillon_database_up {up}\n\
         {from_db}{}",
        metrics::global().render()
    );
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        text,
    )
}
