//! Rate limits: per remote server on the inbox, per account on writes, per name on logins.
//! Nodes run with small limits so the tests reach them quickly.

use reqwest::{header, Method, StatusCode};
use serde_json::json;

use crate::harness::Node;

const LIMITS: &[(&str, &str)] = &[
    ("MAILLON_INBOX_RATE_PER_MINUTE", "3"),
    ("MAILLON_WRITE_RATE_PER_MINUTE", "3"),
    ("MAILLON_LOGIN_RATE_PER_MINUTE", "3"),
];

/// A request shaped like a signed activity from `server` (the signature itself is bogus, so
/// each one that passes the limit is refused later with 401).
async fn from_server(node: &Node, server: &str) -> StatusCode {
    let date = httpdate::fmt_http_date(std::time::SystemTime::now());
    node.http
        .post(node.url("/inbox"))
        .header("content-type", "application/activity+json")
        .header("date", date)
        .header("digest", "SHA-256=AAAA")
        .header(
            "signature",
            format!(
                "keyId=\"http://{server}/users/x#main-key\",algorithm=\"rsa-sha256\",\
                 headers=\"(request-target) host date digest\",signature=\"AAAA\""
            ),
        )
        .body(json!({"id": format!("http://{server}/a/1"), "type": "Create", "actor": format!("http://{server}/users/x")}).to_string())
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_noisy_server_is_slowed_down_and_others_are_not() {
    let a = Node::start_with("A", 0, LIMITS).await;
    for _ in 0..3 {
        assert_ne!(
            from_server(&a, "noisy.example").await,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
    let response_status = from_server(&a, "noisy.example").await;
    assert_eq!(response_status, StatusCode::TOO_MANY_REQUESTS);
    assert_ne!(
        from_server(&a, "quiet.example").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_and_logins_have_their_own_limits() {
    let a = Node::start_with("A", 0, LIMITS).await;
    let alice = a.user("alice").await; // one login attempt for alice
    let bob = a.user("bob").await;
    a.group("rennes", "open", &alice);

    for n in 0..3 {
        let (status, body) = a
            .api(
                Method::POST,
                "/api/v1/groups/rennes/posts",
                Some(&alice.token),
                Some(json!({"content": format!("message {n}")})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let response = a
        .http
        .post(a.url("/api/v1/groups/rennes/posts"))
        .bearer_auth(&alice.token)
        .json(&json!({"content": "un de trop"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key(header::RETRY_AFTER));
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "rate_limited");
    // Reading is not limited, and the refused post was not stored.
    let posts = a
        .get("/api/v1/groups/rennes/posts", Some(&alice.token))
        .await;
    assert_eq!(posts.as_array().unwrap().len(), 3);
    // Bob's bucket is his own (joining the group is his first write).
    let (status, _) = a
        .api(
            Method::POST,
            "/api/v1/follows",
            Some(&bob.token),
            Some(json!({"handle": format!("rennes@{}", a.domain)})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // The web pages share the account's bucket: the next form gets the error page, in French.
    let http = crate::web::browser_like();
    let session = crate::web::web_login(&a, &http, "alice", "alice-password-123").await;
    let page = session
        .post(
            &a,
            &http,
            "/groups/rennes/posts",
            &[("content", "depuis le navigateur")],
        )
        .await;
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(page.text().await.unwrap().contains("Trop de demandes"));

    // Guessing alice's password: one more attempt, then 429 even with the right password.
    for _ in 0..1 {
        let (status, _) = a
            .api(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"username": "alice", "password": "devine"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, body) = a
        .api(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"username": "alice", "password": "alice-password-123"})),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
}
