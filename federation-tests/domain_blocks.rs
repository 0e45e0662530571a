//! Domain blocks: a blocked domain and its subdomains are refused at the inbox before any
//! fetch, never fetched from (not even as the author inside a group's Announce), and no
//! longer delivered to, including deliveries queued before the block.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    harness::eventually,
    peer::{bytes, counts, new_key, Canned, Community, FakePeer},
    signing::{Signed, Signer},
};

fn block(node: &crate::harness::Node, domain: &str) {
    let out = node.cli(&["admin", "domain", "block", domain], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_domain_and_its_subdomains_are_refused_before_any_fetch() {
    let c = Community::start().await;
    block(&c.a, "evil.localhost");
    let before = counts(&c.a).await;
    let key = new_key();

    // Names that do not resolve: a 403 proves the block answered before any fetch was tried.
    for (host, expected) in [
        ("evil.localhost:9", StatusCode::FORBIDDEN),
        ("a.b.evil.localhost:9", StatusCode::FORBIDDEN),
        ("EVIL.localhost.:9", StatusCode::FORBIDDEN),
        // Not a subdomain: goes on to fetch the actor, which fails.
        ("notevil.localhost:9", StatusCode::BAD_GATEWAY),
    ] {
        let actor = format!("http://{host}/users/x");
        let signer = Signer {
            key_id: format!("{actor}#main-key"),
            key: key.clone(),
        };
        let follow = json!({
            "id": format!("http://{host}/activities/follow/1"), "type": "Follow",
            "actor": actor, "object": c.group_url,
        });
        let status = Signed::new(&signer)
            .post(&c.a.http, &c.group_inbox(), &bytes(&follow))
            .await;
        assert_eq!(status, expected, "{host}");
    }
    assert_eq!(counts(&c.a).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_author_inside_an_announce_is_not_fetched() {
    let c = Community::start().await;
    let group_server = FakePeer::start().await;
    let author_server = FakePeer::start().await;
    let group = c.follow_fake_group(&group_server).await;
    let tina = author_server.actor("tina", "Person");
    author_server.serve(
        "/notes/1",
        &json!({
            "id": author_server.url("/notes/1"), "type": "Note", "attributedTo": tina.url,
            "audience": group.url, "content": "d'un serveur bloqué",
        }),
    );
    block(&c.a, &author_server.domain);
    let before = counts(&c.a).await;

    let announce = group.activity(
        "Announce",
        "blocked-author",
        json!({
            "id": author_server.url("/activities/create/1"), "type": "Create",
            "actor": tina.url, "object": author_server.url("/notes/1"),
        }),
    );
    let status = group
        .signed()
        .post(&c.a.http, &c.a.url("/inbox"), &bytes(&announce))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        author_server.all_hits().is_empty(),
        "the blocked server was not contacted"
    );
    assert_eq!(counts(&c.a).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_stop_when_a_domain_is_blocked_even_those_already_queued() {
    let c = Community::start().await;
    let peer = FakePeer::start().await;
    let follower = peer.actor("follower", "Person");
    c.fake_joins(&follower).await;
    // The peer fails at first, so its delivery is still queued when the admin blocks it.
    peer.set("POST", "/inbox", Canned::status(503));
    let inbox = peer.url("/inbox");
    c.a.post(
        "/api/v1/groups/rennes/posts",
        &c.alice.token,
        json!({"content": "avant le blocage"}),
    )
    .await;
    eventually("a first failed attempt", 30, || async {
        let n = c
            .a
            .count(
                "SELECT COUNT(*) FROM deliveries WHERE inbox = $1 AND attempts = 1 AND state = 'pending'",
                &inbox,
            )
            .await;
        (n == 1).then_some(())
    })
    .await;

    block(&c.a, &peer.domain);
    peer.set("POST", "/inbox", Canned::status(202));
    c.a.execute("UPDATE deliveries SET next_attempt_at = 0 WHERE state = 'pending'")
        .await;
    eventually("the queued delivery refused", 30, || async {
        let state =
            c.a.text("SELECT state FROM deliveries WHERE inbox = $1", &inbox)
                .await;
        (state == "failed").then_some(())
    })
    .await;
    let error =
        c.a.text("SELECT last_error FROM deliveries WHERE inbox = $1", &inbox)
            .await;
    assert!(error.contains("blocked"), "{error}");

    // A new post is not even queued for the blocked peer; bob still gets it.
    c.a.post(
        "/api/v1/groups/rennes/posts",
        &c.alice.token,
        json!({"content": "après le blocage"}),
    )
    .await;
    crate::harness::post_arrives(&c.b, &c.group, "après le blocage").await;
    assert_eq!(
        c.a.count(
            "SELECT COUNT(*) FROM deliveries WHERE domain = $1",
            &peer.domain
        )
        .await,
        2,
        "the join's Accept and the first post's Announce only"
    );
    assert_eq!(
        peer.received("/inbox").len(),
        1,
        "only the attempt before the block"
    );
}
