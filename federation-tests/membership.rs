//! Following groups on other nodes: open, approval and invite groups; leaving.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{eventually, follow_reaches, join, Node};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_group_accepts_followers_from_other_nodes_at_once() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let alice = a.user("alice").await;
    let bob = b.user("bob").await;
    let group = a.group("rennes", "open", &alice);

    let follow = b
        .post(
            "/api/v1/follows",
            &bob.token,
            json!({"handle": format!("@{group}")}),
        )
        .await;
    assert_eq!(follow["handle"], group);
    follow_reaches(&b, &bob, &group, "accepted").await;

    let members = a.get("/api/v1/groups/rennes/members", None).await;
    let handles: Vec<_> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["handle"].clone())
        .collect();
    assert!(handles.contains(&json!(bob.handle)), "{members}");
    // B now knows the group and shows it by handle.
    let shown = b.get(&format!("/api/v1/groups/{group}"), None).await;
    assert_eq!(shown["display_name"], "Groupe rennes");
    assert_eq!(shown["local"], false);

    // The moderators' description and rules reach B as an Update of the group.
    let (status, edited) = a
        .api(
            Method::PATCH,
            "/api/v1/groups/rennes",
            Some(&alice.token),
            Some(json!({"summary": "L'antenne de **Rennes**", "rules": "1. Bienveillance"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    let (status, _) = b
        .api(
            Method::PATCH,
            &format!("/api/v1/groups/{group}"),
            Some(&bob.token),
            Some(json!({"summary": "x", "rules": "y"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "only the group's own moderators edit it"
    );
    eventually("the rules on B", 30, || async {
        let shown = b.get(&format!("/api/v1/groups/{group}"), None).await;
        shown["rules"]
            .as_str()?
            .contains("Bienveillance")
            .then_some(())
    })
    .await;

    // Following again changes nothing.
    let again = b
        .post("/api/v1/follows", &bob.token, json!({"handle": group}))
        .await;
    assert_eq!(again["state"], "accepted");
    let members = a.get("/api/v1/groups/rennes/members", None).await;
    assert_eq!(
        members.as_array().unwrap().len(),
        2,
        "alice and bob: {members}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approval_group_waits_for_a_moderator() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let c = Node::start("C", 2).await;
    let alice = a.user("alice").await;
    let bob = b.user("bob").await;
    let carol = c.user("carol").await;
    let group = a.group("bureau", "approval", &alice);

    b.post("/api/v1/follows", &bob.token, json!({"handle": group}))
        .await;
    c.post("/api/v1/follows", &carol.token, json!({"handle": group}))
        .await;
    let pending = eventually("two pending requests", 30, || async {
        let list = a
            .get(
                "/api/v1/groups/bureau/members?state=pending",
                Some(&alice.token),
            )
            .await;
        (list.as_array()?.len() == 2).then_some(list)
    })
    .await;
    assert!(pending.to_string().contains(&bob.handle));

    // Only moderators see or answer requests.
    let (status, _) = a
        .api(
            Method::GET,
            "/api/v1/groups/bureau/members?state=pending",
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = b
        .api(
            Method::POST,
            &format!(
                "/api/v1/groups/bureau@{}/members/{}/accept",
                a.domain, bob.handle
            ),
            Some(&bob.token),
            None,
        )
        .await;
    assert!(status.is_client_error());

    let accepted = a
        .post(
            &format!("/api/v1/groups/bureau/members/{}/accept", bob.handle),
            &alice.token,
            json!({}),
        )
        .await;
    assert_eq!(accepted["state"], "accepted");
    a.post(
        &format!("/api/v1/groups/bureau/members/{}/reject", carol.handle),
        &alice.token,
        json!({}),
    )
    .await;

    follow_reaches(&b, &bob, &group, "accepted").await;
    follow_reaches(&c, &carol, &group, "rejected").await;
    let members = a.get("/api/v1/groups/bureau/members", None).await;
    assert!(members.to_string().contains(&bob.handle));
    assert!(!members.to_string().contains(&carol.handle));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invite_group_refuses_the_uninvited_and_admits_the_invited() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let alice = a.user("alice").await;
    let bob = b.user("bob").await;
    let dan = b.user("dan").await;
    let group = a.group("ca", "invite", &alice);

    b.post("/api/v1/follows", &bob.token, json!({"handle": group}))
        .await;
    follow_reaches(&b, &bob, &group, "rejected").await;

    let invited = a
        .post(
            "/api/v1/groups/ca/invitations",
            &alice.token,
            json!({"handle": format!("@{}", dan.handle)}),
        )
        .await;
    assert_eq!(invited["handle"], dan.handle);
    join(&b, &dan, &group).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_a_group_sends_undo_and_ends_membership() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let alice = a.user("alice").await;
    let bob = b.user("bob").await;
    let group = a.group("rennes", "open", &alice);
    join(&b, &bob, &group).await;

    let (status, _) = b
        .api(
            Method::DELETE,
            &format!("/api/v1/follows/{group}"),
            Some(&bob.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    eventually("bob to leave the group on A", 30, || async {
        let members = a.get("/api/v1/groups/rennes/members", None).await;
        (!members.to_string().contains(&bob.handle)).then_some(())
    })
    .await;
    let follows = b.get("/api/v1/follows", Some(&bob.token)).await;
    assert_eq!(follows.as_array().unwrap().len(), 0);

    // A post made after bob left is not delivered to B (deliveries are queued in the
    // post's own transaction, so counting right after the API call is exact).
    let before = a
        .count(
            "SELECT COUNT(*) FROM deliveries WHERE domain = $1",
            &b.domain,
        )
        .await;
    a.post(
        "/api/v1/groups/rennes/posts",
        &alice.token,
        json!({"content": "après le départ"}),
    )
    .await;
    let after = a
        .count(
            "SELECT COUNT(*) FROM deliveries WHERE domain = $1",
            &b.domain,
        )
        .await;
    assert_eq!(before, after, "nothing more is queued for B once bob left");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn following_an_unknown_handle_is_a_clear_error() {
    let b = Node::start("B", 1).await;
    let bob = b.user("bob").await;
    let (status, body) = b
        .api(
            Method::POST,
            "/api/v1/follows",
            Some(&bob.token),
            Some(json!({"handle": "pas un handle"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "invalid_handle");
    let (status, body) = b
        .api(
            Method::POST,
            "/api/v1/follows",
            Some(&bob.token),
            Some(json!({"handle": format!("@nobody@{}", b.domain)})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, _) = b
        .api(
            Method::POST,
            "/api/v1/follows",
            None,
            Some(json!({"handle": "x@y"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
