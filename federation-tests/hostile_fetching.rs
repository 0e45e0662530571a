//! Fetching: what a peer can make a node fetch. Outside development mode, loopback peers are
//! never contacted; every redirect is checked again and only one is followed; one inbound
//! activity costs at most 20 fetches; a slow peer times out while the node keeps serving.
//!
//! The address ranges themselves (loopback, private, link-local, CGNAT, NAT64) are unit-tested
//! on the node's resolver in `src/federation/mod.rs`: every test node here is on localhost.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{
    harness::{group_posts, Node},
    peer::{bytes, counts, Canned, Community, FakePeer},
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outside_development_mode_loopback_peers_are_never_contacted() {
    let node = Node::start_with("prod", 0, &[("MAILLON_DEV_FEDERATION", "false")]).await;
    let alice = node.user("alice").await;
    node.group("rennes", "open", &alice);
    let peer = FakePeer::start().await;
    let mallory = peer.actor("mallory", "Person");
    let before = counts(&node).await;

    // A signed activity from a peer on http://localhost:PORT.
    let group_url = format!("https://{}/groups/rennes", node.domain);
    let follow = mallory.activity("Follow", "1", json!(group_url));
    let status = mallory
        .signed()
        .post(
            &node.http,
            &node.url("/groups/rennes/inbox"),
            &bytes(&follow),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // A member asks to follow addresses inside the network: refused for their scheme or
    // port, for being a literal address, or (localhost) for what the name resolves to.
    let bad_request = StatusCode::BAD_REQUEST;
    for (target, status, why) in [
        (mallory.url.clone(), bad_request, "Http urls"),
        (
            format!("https://{}/users/mallory", peer.domain),
            bad_request,
            "port",
        ),
        (format!("mallory@{}", peer.domain), bad_request, "domain"),
        ("https://127.0.0.1/users/x".into(), bad_request, "domain"),
        (
            "https://169.254.169.254/latest/meta-data".into(),
            bad_request,
            "domain",
        ),
        ("https://[::1]/users/x".into(), bad_request, "domain"),
        (
            "https://localhost/users/x".into(),
            StatusCode::BAD_GATEWAY,
            "local IP",
        ),
    ] {
        let (got, body) = node
            .api(
                Method::POST,
                "/api/v1/follows",
                Some(&alice.token),
                Some(json!({"handle": target})),
            )
            .await;
        assert_eq!(got, status, "{target}: {body}");
        assert!(
            body["message"].as_str().unwrap_or_default().contains(why),
            "{target}: {body}"
        );
    }
    assert!(peer.all_hits().is_empty(), "{:?}", peer.all_hits());
    assert_eq!(counts(&node).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_checked_again_and_followed_only_once() {
    let c = Community::start().await;
    let peer = FakePeer::start().await;
    let blocked = FakePeer::start().await;
    let out =
        c.a.cli(&["admin", "domain", "block", &blocked.domain], None);
    assert!(out.status.success());
    let before = counts(&c.a).await;

    // The actor's URL redirects to a blocked server.
    let target = blocked.actor("r1", "Person");
    let r1 = peer.actor("r1", "Person");
    peer.set("GET", &r1.path, Canned::redirect(&target.url));
    let follow = r1.activity("Follow", "1", json!(c.group_url));
    let status = r1
        .signed()
        .post(&c.a.http, &c.group_inbox(), &bytes(&follow))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        blocked.all_hits().is_empty(),
        "the blocked server was not contacted"
    );

    // Two redirects in a row: the second is not followed.
    let r2 = peer.actor("r2", "Person");
    peer.set("GET", &r2.path, Canned::redirect(&peer.url("/users/r2b")));
    peer.set(
        "GET",
        "/users/r2b",
        Canned::redirect(&peer.url("/users/r2c")),
    );
    peer.serve("/users/r2c", &r2.document());
    let follow = r2.activity("Follow", "2", json!(c.group_url));
    let status = r2
        .signed()
        .post(&c.a.http, &c.group_inbox(), &bytes(&follow))
        .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(peer.hits("GET", "/users/r2b"), 1);
    assert_eq!(
        peer.hits("GET", "/users/r2c"),
        0,
        "a second redirect is not followed"
    );

    assert_eq!(counts(&c.a).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_activity_cannot_make_the_node_fetch_more_than_twenty_times() {
    let c = Community::start().await;
    let peer = FakePeer::start().await;
    // Each document claims to be the next one, so the library fetches it again from there.
    let head = peer.actor("m0", "Person");
    for n in 0..60 {
        let mut document = head.document();
        document["id"] = json!(peer.url(&format!("/users/m{}", n + 1)));
        peer.serve(&format!("/users/m{n}"), &document);
    }
    let before = counts(&c.a).await;
    let follow = head.activity("Follow", "1", json!(c.group_url));
    let status = head
        .signed()
        .post(&c.a.http, &c.group_inbox(), &bytes(&follow))
        .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    let fetches = peer.all_hits().len();
    assert!(
        (2..=20).contains(&fetches),
        "{fetches} fetches for one activity"
    );
    assert_eq!(counts(&c.a).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_peer_times_out_and_the_node_keeps_serving_others() {
    let c = Community::start().await;
    let peer = FakePeer::start().await;
    let slow = peer.actor("slow", "Person");
    peer.set(
        "GET",
        &slow.path,
        Canned::json(&slow.document()).slow(Duration::from_secs(60)),
    );
    let before = counts(&c.a).await;

    let follow = slow.activity("Follow", "1", json!(c.group_url));
    let http = c.a.http.clone();
    let inbox = c.group_inbox();
    let signer = crate::signing::Signer {
        key_id: slow.signer.key_id.clone(),
        key: slow.signer.key.clone(),
    };
    let pending = tokio::spawn(async move {
        crate::signing::Signed::new(&signer)
            .post(&http, &inbox, &bytes(&follow))
            .await
    });
    crate::harness::eventually("the node to be fetching from the slow peer", 10, || async {
        (peer.hits("GET", &slow.path) == 1).then_some(())
    })
    .await;

    // Meanwhile the node answers, and bob's post goes through.
    let health = c.a.http.get(c.a.url("/healthz")).send().await.unwrap();
    assert!(health.status().is_success());
    assert_eq!(
        c.bob_sends(&c.bob_note("meanwhile", "pendant l'attente"))
            .await,
        StatusCode::ACCEPTED
    );

    // The slow fetch gives up (10 s), well before the peer would answer (60 s).
    assert_eq!(pending.await.unwrap(), StatusCode::BAD_GATEWAY);
    let after = counts(&c.a).await;
    assert_eq!(after.posts, before.posts + 1);
    assert_eq!(after.follows, before.follows, "the slow actor did not join");
    assert_eq!(after.actors, before.actors);
    assert_eq!(group_posts(&c.a, "rennes").await.len(), 1);
}
