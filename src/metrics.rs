//! In-process request metrics for `/metrics`: how long HTTP requests take (a histogram by route
//! pattern and method), responses by status class, and inbox requests by status (the inbound
//! activity rate and its errors).
//!
//! One registry per process (like Prometheus clients' default registry), fed by the [`track`]
//! middleware and printed by `ops.rs` next to the figures it reads from the database. Routes
//! are labelled with axum's [`MatchedPath`] (`/groups/{name}/inbox`), never the requested URL,
//! and unknown methods are folded into `other`, so the number of series stays bounded whatever
//! clients send. Hand-written (a mutex over small maps) rather than the `metrics` crates: three
//! metric families do not justify two more dependencies.

use std::{
    collections::BTreeMap,
    fmt::Write,
    sync::{Mutex, OnceLock},
    time::{Duration, Instant},
};

use axum::{
    extract::{MatchedPath, Request},
    http::{Method, StatusCode},
    middleware::Next,
    response::Response,
};

/// Upper bounds of the latency buckets, in seconds: Prometheus' usual ones, and 30 s, the
/// request time limit (`app.rs`).
pub const LATENCY_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The route label of requests that matched no route (404s of the fallback).
pub const UNMATCHED: &str = "unmatched";

/// The process's registry.
pub fn global() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(Registry::default)
}

/// Middleware (outermost, so it sees the time-out and body-limit answers too): times each
/// request until its response headers, and counts it.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned());
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    global().observe(
        route.as_deref(),
        method,
        response.status(),
        started.elapsed(),
    );
    response
}

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

#[derive(Default)]
pub struct Registry {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// route pattern -> method -> histogram
    latency: BTreeMap<String, BTreeMap<&'static str, Histogram>>,
    /// "2xx" ... "5xx" -> count
    responses: BTreeMap<&'static str, u64>,
    /// status of POSTs to an inbox -> count
    inbox: BTreeMap<u16, u64>,
}

#[derive(Default, Clone)]
struct Histogram {
    /// Observations per bucket (not cumulative); the last slot is above every bound.
    counts: [u64; LATENCY_BUCKETS.len() + 1],
    sum: f64,
}

impl Registry {
    /// Records one answered request. `route` is the matched route pattern, if any.
    pub fn observe(
        &self,
        route: Option<&str>,
        method: &'static str,
        status: StatusCode,
        elapsed: Duration,
    ) {
        let route = route.unwrap_or(UNMATCHED);
        let seconds = elapsed.as_secs_f64();
        let bucket = LATENCY_BUCKETS
            .iter()
            .position(|bound| seconds <= *bound)
            .unwrap_or(LATENCY_BUCKETS.len());
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if !inner.latency.contains_key(route) {
            inner.latency.insert(route.to_owned(), BTreeMap::new());
        }
        if let Some(by_method) = inner.latency.get_mut(route) {
            let histogram = by_method.entry(method).or_default();
            histogram.counts[bucket] += 1;
            histogram.sum += seconds;
        }
        *inner.responses.entry(status_class(status)).or_default() += 1;
        // Every inbox route ends in `/inbox` (`/inbox`, `/actor/inbox`, `/users/{name}/inbox`,
        // `/groups/{name}/inbox`); this is the pattern, not the URL.
        if method == "POST" && route.ends_with("/inbox") {
            *inner.inbox.entry(status.as_u16()).or_default() += 1;
        }
    }

    /// The metrics in the Prometheus text format (version 0.0.4).
    pub fn render(&self) -> String {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        out.push_str(
            "# HELP maillon_inbox_requests_total Activities POSTed to the inboxes, by response \
             status (202 accepted, 4xx refused, 429 rate-limited, 5xx our fault).\n\
             # TYPE maillon_inbox_requests_total counter\n",
        );
        for (status, n) in &inner.inbox {
            let _ = writeln!(
                out,
                "maillon_inbox_requests_total{{status=\"{status}\"}} {n}"
            );
        }
        out.push_str(
            "# HELP maillon_http_responses_total HTTP responses, by status class.\n\
             # TYPE maillon_http_responses_total counter\n",
        );
        for (class, n) in &inner.responses {
            let _ = writeln!(out, "maillon_http_responses_total{{class=\"{class}\"}} {n}");
        }
        out.push_str(
            "# HELP maillon_http_request_duration_seconds Time to answer an HTTP request (until \
             the response headers), by route pattern and method.\n\
             # TYPE maillon_http_request_duration_seconds histogram\n",
        );
        for (route, by_method) in &inner.latency {
            let route = escape(route);
            for (method, histogram) in by_method {
                let labels = format!("route=\"{route}\",method=\"{method}\"");
                let mut cumulative = 0;
                for (bound, n) in LATENCY_BUCKETS.iter().zip(histogram.counts) {
                    cumulative += n;
                    let _ = writeln!(
                        out,
                        "maillon_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} \
                         {cumulative}"
                    );
                }
                let count: u64 = histogram.counts.iter().sum();
                let _ = writeln!(
                    out,
                    "maillon_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {count}"
                );
                let _ = writeln!(
                    out,
                    "maillon_http_request_duration_seconds_sum{{{labels}}} {}",
                    histogram.sum
                );
                let _ = writeln!(
                    out,
                    "maillon_http_request_duration_seconds_count{{{labels}}} {count}"
                );
            }
        }
        out
    }
}

fn status_class(status: StatusCode) -> &'static str {
    match status.as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// A label value as the text format wants it (backslash, quote and newline escaped).
pub fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line<'a>(text: &'a str, prefix: &str) -> &'a str {
        text.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line {prefix} in\n{text}"))
    }

    #[test]
    fn buckets_are_cumulative_with_sum_and_count() {
        let registry = Registry::default();
        let route = Some("/groups/{name}/inbox");
        for ms in [3, 40, 40, 700, 45_000] {
            registry.observe(
                route,
                "POST",
                StatusCode::ACCEPTED,
                Duration::from_millis(ms),
            );
        }
        let text = registry.render();
        let bucket = |le: &str| {
            line(
                &text,
                &format!(
                    "maillon_http_request_duration_seconds_bucket{{route=\"/groups/{{name}}/inbox\",method=\"POST\",le=\"{le}\"}}"
                ),
            )
            .rsplit(' ')
            .next()
            .unwrap()
            .to_string()
        };
        assert_eq!(bucket("0.005"), "1");
        assert_eq!(bucket("0.025"), "1");
        assert_eq!(bucket("0.05"), "3");
        assert_eq!(bucket("1"), "4");
        assert_eq!(bucket("30"), "4");
        assert_eq!(bucket("+Inf"), "5");
        assert!(line(&text, "maillon_http_request_duration_seconds_count{").ends_with(" 5"));
        let sum: f64 = line(&text, "maillon_http_request_duration_seconds_sum{")
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!((sum - 45.783).abs() < 1e-9, "{sum}");
        assert_eq!(
            line(&text, "maillon_inbox_requests_total{status=\"202\"}"),
            "maillon_inbox_requests_total{status=\"202\"} 5"
        );
    }

    #[test]
    fn only_posts_to_inbox_patterns_count_as_inbox_requests() {
        let registry = Registry::default();
        let ms = Duration::from_millis(1);
        registry.observe(Some("/inbox"), "POST", StatusCode::UNAUTHORIZED, ms);
        registry.observe(
            Some("/users/{name}/inbox"),
            "POST",
            StatusCode::ACCEPTED,
            ms,
        );
        registry.observe(Some("/users/{name}/inbox"), "GET", StatusCode::OK, ms);
        registry.observe(Some("/users/{name}"), "POST", StatusCode::ACCEPTED, ms);
        registry.observe(None, "POST", StatusCode::NOT_FOUND, ms);
        let text = registry.render();
        assert!(text.contains("maillon_inbox_requests_total{status=\"401\"} 1\n"));
        assert!(text.contains("maillon_inbox_requests_total{status=\"202\"} 1\n"));
        assert!(!text.contains("maillon_inbox_requests_total{status=\"200\"}"));
        assert!(!text.contains("maillon_inbox_requests_total{status=\"404\"}"));
        assert!(text.contains("route=\"unmatched\",method=\"POST\""));
        assert!(text.contains("maillon_http_responses_total{class=\"4xx\"} 2\n"));
        assert!(text.contains("maillon_http_responses_total{class=\"2xx\"} 3\n"));
    }

    #[test]
    fn label_values_are_escaped_and_odd_methods_folded() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
        assert_eq!(method_label(&Method::from_bytes(b"BREW").unwrap()), "other");
        assert_eq!(method_label(&Method::DELETE), "DELETE");
    }
}
