//! `/metrics` as Prometheus scrapes it: the delivery queue per remote server (a killed node's
//! pending deliveries, a refusing peer's failed ones), inbox requests by status, and request
//! latency by route pattern, never by URL.

use serde_json::json;

use crate::{
    harness::{eventually, join, Node},
    peer::{fake_joins, Canned, FakePeer},
};

/// The value of the series `series` (name and labels, exactly), if listed.
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .map(|v| v.parse().expect("a number"))
}

async fn scrape(node: &Node) -> String {
    let response = node.http.get(node.url("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    response.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_show_the_queue_per_server_inbox_outcomes_and_latency() {
    let a = Node::start("A", 0).await;
    let alice = a.user("alice").await;
    let group = a.group("rennes", "open", &alice);
    let group_url = a.url("/groups/rennes");

    // Followers on two servers: a node that will be killed, and a peer refusing what it gets.
    let mut b = Node::start("B", 1).await;
    let bob = b.user("bob").await;
    join(&b, &bob, &group).await;
    let refusing = FakePeer::start().await;
    let rita = refusing.actor("rita", "Person");
    fake_joins(&a, &group_url, &rita).await;
    // The Accepts went out before anything else happens.
    eventually("the Accepts delivered", 30, || async {
        (a.count(
            "SELECT COUNT(*) FROM deliveries WHERE state = $1",
            "pending",
        )
        .await
            == 0)
            .then_some(())
    })
    .await;
    refusing.set("POST", "/inbox", Canned::status(400));
    let dead_domain = b.domain.clone();
    b.kill9();

    // An unsigned activity: refused before anything else.
    let refused = a
        .http
        .post(a.url("/groups/rennes/inbox"))
        .header("content-type", "application/activity+json")
        .body("{}")
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();
    assert_eq!(refused, 401);
    let missing = a.http.get(a.url("/no/such/page")).send().await.unwrap();
    assert_eq!(missing.status(), reqwest::StatusCode::NOT_FOUND);

    a.post(
        "/api/v1/groups/rennes/posts",
        &alice.token,
        json!({"content": "vers un serveur éteint"}),
    )
    .await;
    // The dead server's Announce was tried, failed, and waits for its retry.
    eventually("the attempt to the dead server", 30, || async {
        (a.count(
            "SELECT COUNT(*) FROM deliveries WHERE domain = $1 AND state = 'pending' \
             AND attempts >= 1",
            &dead_domain,
        )
        .await
            == 1)
            .then_some(())
    })
    .await;
    let text = eventually("the refusal recorded", 30, || async {
        let text = scrape(&a).await;
        value(
            &text,
            &format!(
                "maillon_server_deliveries{{server=\"{}\",state=\"failed\"}}",
                refusing.domain
            ),
        )
        .is_some()
        .then_some(text)
    })
    .await;

    assert_eq!(value(&text, "maillon_database_up"), Some(1.0), "{text}");
    // Per server: the dead one has one pending, the refusing one one failed, nothing else.
    assert_eq!(
        value(
            &text,
            &format!("maillon_server_deliveries{{server=\"{dead_domain}\",state=\"pending\"}}")
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        value(
            &text,
            &format!(
                "maillon_server_deliveries{{server=\"{}\",state=\"failed\"}}",
                refusing.domain
            )
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("maillon_server_deliveries{"))
            .count(),
        2,
        "{text}"
    );
    assert_eq!(
        value(&text, "maillon_deliveries{state=\"pending\"}"),
        Some(1.0)
    );

    // Inbox requests by status: the two follows accepted, the unsigned one refused.
    assert_eq!(
        value(&text, "maillon_inbox_requests_total{status=\"202\"}"),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        value(&text, "maillon_inbox_requests_total{status=\"401\"}"),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("maillon_inbox_requests_total{"))
            .count(),
        2,
        "{text}"
    );
    assert!(value(&text, "maillon_http_responses_total{class=\"4xx\"}").unwrap() >= 2.0);

    // Latency by route pattern and method, with cumulative buckets.
    let inbox = "route=\"/groups/{name}/inbox\",method=\"POST\"";
    let count = value(
        &text,
        &format!("maillon_http_request_duration_seconds_count{{{inbox}}}"),
    )
    .unwrap();
    assert!(count >= 2.0, "rita's follow and the unsigned POST: {text}");
    assert_eq!(
        value(
            &text,
            &format!("maillon_http_request_duration_seconds_bucket{{{inbox},le=\"+Inf\"}}")
        ),
        Some(count)
    );
    let mut previous = 0.0;
    for bound in ["0.005", "0.05", "0.5", "5", "30", "+Inf"] {
        let n = value(
            &text,
            &format!("maillon_http_request_duration_seconds_bucket{{{inbox},le=\"{bound}\"}}"),
        )
        .unwrap();
        assert!(n >= previous, "buckets are cumulative: {text}");
        previous = n;
    }
    assert!(
        value(
            &text,
            &format!("maillon_http_request_duration_seconds_sum{{{inbox}}}")
        )
        .unwrap()
            > 0.0
    );
    for series in [
        "maillon_http_request_duration_seconds_count{route=\"/api/v1/groups/{group}/posts\",method=\"POST\"}",
        "maillon_http_request_duration_seconds_count{route=\"unmatched\",method=\"GET\"}",
    ] {
        assert!(
            value(&text, series).is_some_and(|n| n >= 1.0),
            "{series} in {text}"
        );
    }
    // Never the requested URL: bounded series whatever clients ask for.
    for url in ["/groups/rennes", "/no/such/page"] {
        assert!(!text.contains(url), "{url} in {text}");
    }
}
