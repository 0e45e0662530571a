//! Faults on the way out: peers answering 500, 429, 400, or never; a peer down for a while.
//! Nothing is lost, refusals are not retried, and no peer holds up the others. (A node killed
//! with SIGKILL during a fan-out is in `delivery.rs`.)
//!
//! Retries are hours or minutes apart; the tests move a delivery's due time to now rather
//! than wait for it, and the worker picks it up on its next round.

use std::time::Duration;

use serde_json::json;

use crate::{
    harness::{eventually, group_posts, join, post_arrives, Node},
    peer::{fake_joins, Canned, FakePeer},
};

fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// How many deliveries to `inbox` match `condition` (SQL).
async fn deliveries(node: &Node, inbox: &str, condition: &str) -> i64 {
    node.count(
        &format!("SELECT COUNT(*) FROM deliveries WHERE inbox = $1 AND {condition}"),
        inbox,
    )
    .await
}

/// Waits until both deliveries to `inbox` match `condition`.
async fn both(node: &Node, inbox: &str, condition: &str) {
    eventually(&format!("{inbox}: {condition}"), 30, || async {
        (deliveries(node, inbox, condition).await == 2).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn peers_answering_500_429_400_or_never_do_not_hold_up_the_others() {
    let a = Node::start("A", 0).await;
    let c_node = Node::start("C", 1).await;
    let alice = a.user("alice").await;
    let carol = c_node.user("carol").await;
    let group = a.group("rennes", "open", &alice);
    join(&c_node, &carol, &group).await;
    let group_url = a.url("/groups/rennes");

    let mut peers = Vec::new();
    for (name, answer) in [
        ("p500", Canned::status(500)),
        ("p429", Canned::status(429)),
        ("p400", Canned::status(400)),
        ("slow", Canned::status(202).slow(Duration::from_secs(60))),
    ] {
        let peer = FakePeer::start().await;
        let actor = peer.actor(name, "Person");
        fake_joins(&a, &group_url, &actor).await;
        peer.set("POST", "/inbox", answer);
        peers.push((name, peer));
    }
    let peer = |name: &str| &peers.iter().find(|(n, _)| *n == name).unwrap().1;
    let inbox = |name: &str| peer(name).url("/inbox");

    // The healthy node gets the post, whatever the others do; and the next post too, while
    // the slow peer still holds its first delivery (its attempt ends only at the 10 s
    // timeout): one slow peer holds one slot, not the queue.
    for text in ["malgré les pannes", "et encore"] {
        a.post(
            "/api/v1/groups/rennes/posts",
            &alice.token,
            json!({"content": text}),
        )
        .await;
        post_arrives(&c_node, &group, text).await;
    }
    assert_eq!(
        deliveries(&a, &inbox("slow"), "attempts > 0").await,
        0,
        "C was served while the slow peer's first delivery was still waiting"
    );

    // 400: refused for good, not retried.
    both(
        &a,
        &inbox("p400"),
        "state = 'failed' AND last_error LIKE '400%'",
    )
    .await;
    // 500 and 429: kept, to be tried again later, not right away.
    for name in ["p500", "p429"] {
        let condition = format!(
            "state = 'pending' AND attempts = 1 AND last_error LIKE '{}%' AND next_attempt_at > {}",
            &name[1..],
            now_millis() + 15_000
        );
        both(&a, &inbox(name), &condition).await;
    }

    // The failing peers recover; their retries come due (moved to now).
    for name in ["p500", "p429"] {
        peer(name).set("POST", "/inbox", Canned::status(202));
    }
    a.execute("UPDATE deliveries SET next_attempt_at = 0 WHERE state = 'pending'")
        .await;
    for name in ["p500", "p429"] {
        both(&a, &inbox(name), "state = 'delivered'").await;
    }
    // The peer that never answers in time: each attempt ends at the timeout, to retry.
    both(&a, &inbox("slow"), "state = 'pending' AND attempts >= 1").await;

    for (name, peer) in &peers {
        let received = peer.received("/inbox");
        let ids: std::collections::BTreeSet<&str> =
            received.iter().filter_map(|r| r["id"].as_str()).collect();
        assert_eq!(ids.len(), 2, "{name}: both announces arrived");
        assert!(received.iter().all(|r| r["type"] == "Announce"), "{name}");
        if *name == "p500" || *name == "p429" {
            // The failed attempt and the retry, nothing more.
            assert_eq!(received.len(), 4, "{name}: {received:?}");
        } else if *name == "p400" {
            assert_eq!(received.len(), 2, "{name}: a refusal is not retried");
        }
    }
    assert_eq!(
        group_posts(&c_node, &group).await.len(),
        2,
        "each once on C"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_down_for_a_while_gets_its_backlog_and_others_are_not_held_up() {
    let a = Node::start("A", 0).await;
    let mut b = Node::start("B", 1).await;
    let c = Node::start("C", 2).await;
    let alice = a.user("alice").await;
    let bob = b.user("bob").await;
    let carol = c.user("carol").await;
    let group = a.group("rennes", "open", &alice);
    join(&b, &bob, &group).await;
    join(&c, &carol, &group).await;

    // B goes down after nine failures in a row: the next one marks it unreachable.
    b.kill9();
    a.execute(&format!(
        "INSERT INTO remote_servers (domain, consecutive_failures) VALUES ('{0}', 9) \
         ON CONFLICT (domain) DO UPDATE SET consecutive_failures = 9",
        b.domain
    ))
    .await;
    const POSTS: usize = 3;
    for n in 0..POSTS {
        a.post(
            "/api/v1/groups/rennes/posts",
            &alice.token,
            json!({"content": format!("pendant la panne {n}")}),
        )
        .await;
    }
    // C has everything while B is down.
    eventually("all posts on C", 30, || async {
        (group_posts(&c, &group).await.len() == POSTS).then_some(())
    })
    .await;
    eventually("B marked unreachable", 30, || async {
        (a.count(
            "SELECT COUNT(*) FROM remote_servers WHERE domain = $1 AND unreachable_since IS NOT NULL",
            &b.domain,
        )
        .await
            == 1)
            .then_some(())
    })
    .await;
    eventually("B's backlog postponed together", 30, || async {
        let soonest: i64 = a
            .scalar(
                "SELECT MIN(next_attempt_at) FROM deliveries WHERE domain = $1 AND state = 'pending'",
                &b.domain,
            )
            .await;
        let pending = a
            .count(
                "SELECT COUNT(*) FROM deliveries WHERE domain = $1 AND state = 'pending'",
                &b.domain,
            )
            .await;
        (pending == POSTS as i64 && soonest > now_millis() + 40 * 60_000).then_some(())
    })
    .await;

    // B comes back; an hour later (moved forward here) its backlog drains.
    b.restart().await;
    a.execute(&format!(
        "UPDATE deliveries SET next_attempt_at = 0 WHERE domain = '{}' AND state = 'pending'",
        b.domain
    ))
    .await;
    eventually(&format!("all {POSTS} posts on B"), 60, || async {
        (group_posts(&b, &group).await.len() >= POSTS).then_some(())
    })
    .await;
    eventually("A's queue to B drained", 30, || async {
        (a.count(
            "SELECT COUNT(*) FROM deliveries WHERE domain = $1 AND state <> 'delivered'",
            &b.domain,
        )
        .await
            == 0)
            .then_some(())
    })
    .await;
    assert_eq!(group_posts(&b, &group).await.len(), POSTS, "each post once");
    assert_eq!(group_posts(&c, &group).await.len(), POSTS, "each post once");
    assert_eq!(
        a.count(
            "SELECT COUNT(*) FROM remote_servers WHERE domain = $1 AND unreachable_since IS NULL",
            &b.domain,
        )
        .await,
        1,
        "B is reachable again"
    );
}
