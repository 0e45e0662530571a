//! Operations endpoints: `/healthz` (process alive), `/readyz` (database reachable) and
//! `/metrics` (Prometheus text format: the delivery queue and inbound counts).

use axum::{
    http::{header, StatusCode},
    response::IntoResponse,
    routing::get,
    Router,
};

use crate::{federation::FedData, storage};

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
    let counts = async {
        let mut tx = data.db.read().await?;
        let mut lines = String::new();
        lines.push_str("# HELP maillon_deliveries Deliveries in the persistent queue, by state.\n");
        lines.push_str("# TYPE maillon_deliveries gauge\n");
        for state in ["pending", "delivered", "failed"] {
            let n = storage::deliveries::count_by_state(&mut tx, state).await?;
            lines.push_str(&format!("maillon_deliveries{{state=\"{state}\"}} {n}\n"));
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
    match counts {
        Ok(text) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
            text,
        ),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
            "database unreachable\n".to_string(),
        ),
    }
}
