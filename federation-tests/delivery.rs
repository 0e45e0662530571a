//! The persistent delivery queue: nothing is lost when the sending node is killed during a
//! fan-out, or when a receiving node is down for a while.

use serde_json::json;

use crate::harness::{eventually, group_posts, join, Node};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_killed_during_fan_out_delivers_everything_after_restart() {
    let mut a = Node::start("A", 0).await;
    let mut b = Node::start("B", 1).await;
    let c = Node::start("C", 2).await;
    let alice = a.user("alice").await;
    let bob = b.user("bob").await;
    let carol = c.user("carol").await;
    let group = a.group("rennes", "open", &alice);
    for (node, user) in [(&b, &bob), (&c, &carol)] {
        join(node, user, &group).await;
    }

    // B goes down; A keeps posting, then A itself is killed without warning.
    b.kill9();
    const POSTS: usize = 6;
    for n in 0..POSTS {
        a.post(
            "/api/v1/groups/rennes/posts",
            &alice.token,
            json!({"content": format!("lot numéro {n}")}),
        )
        .await;
    }
    a.kill9();
    let outstanding = a
        .count(
            "SELECT COUNT(*) FROM deliveries WHERE state = 'pending' AND domain = $1",
            &b.domain,
        )
        .await;
    assert!(
        outstanding > 0,
        "deliveries to B were still queued when A died"
    );

    b.restart().await;
    a.restart().await;
    for node in [&b, &c] {
        eventually(
            &format!("all {POSTS} posts on {}", node.name),
            120,
            || async {
                let posts = group_posts(node, &group).await;
                (posts.len() >= POSTS).then_some(())
            },
        )
        .await;
        let posts = group_posts(node, &group).await;
        assert_eq!(
            posts.len(),
            POSTS,
            "each post exactly once on {}",
            node.name
        );
        for n in 0..POSTS {
            let text = format!("lot numéro {n}");
            assert_eq!(
                posts
                    .iter()
                    .filter(|p| p["content"].as_str().unwrap_or("").contains(&text))
                    .count(),
                1,
                "{text} on {}",
                node.name
            );
        }
    }
    // The sender records each outcome just after the receiver answered: give it a moment.
    eventually("A's queue to drain", 30, || async {
        (a.count(
            "SELECT COUNT(*) FROM deliveries WHERE state = $1",
            "pending",
        )
        .await
            == 0)
            .then_some(())
    })
    .await;
    let failed = a
        .count("SELECT COUNT(*) FROM deliveries WHERE state = $1", "failed")
        .await;
    assert_eq!(failed, 0, "no delivery was given up");
}
