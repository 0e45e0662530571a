//! Posts and replies in groups, relayed by the group to every follower (FEP-1b12).

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{eventually, group_posts, join, post_arrives, Node};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_and_replies_reach_every_follower_exactly_once() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let c = Node::start("C", 2).await;
    let alice = a.user("alice").await;
    let bob = b.user("bob").await;
    let dan = b.user("dan").await;
    let carol = c.user("carol").await;
    let group = a.group("rennes", "open", &alice);
    for (node, user) in [(&b, &bob), (&b, &dan), (&c, &carol)] {
        join(node, user, &group).await;
    }

    // A member of the group's own node posts.
    let post = a
        .post(
            "/api/v1/groups/rennes/posts",
            &alice.token,
            json!({"title": "Ordre du jour", "content": "Qui vient **mardi** ?"}),
        )
        .await;
    assert_eq!(post["author"], alice.handle);
    let on_b = post_arrives(&b, &group, "mardi").await;
    let on_c = post_arrives(&c, &group, "mardi").await;
    assert_eq!(on_b["url"], post["url"]);
    assert_eq!(on_c["title"], "Ordre du jour");
    assert!(on_c["content"]
        .as_str()
        .unwrap()
        .contains("<strong>mardi</strong>"));

    // One delivery per server (shared inbox), though B has two followers.
    let announce_deliveries = a
        .count(
            "SELECT COUNT(*) FROM deliveries d JOIN activities x ON x.id = d.activity_id \
             WHERE x.kind = 'Announce' AND x.body LIKE '%' || $1 || '%'",
            post["url"].as_str().unwrap(),
        )
        .await;
    assert_eq!(announce_deliveries, 2);

    // A member on B replies; the reply travels to A, and A's group relays it to C.
    let reply = b
        .post(
            &format!("/api/v1/posts/{}/replies", on_b["id"]),
            &bob.token,
            json!({"content": "Je serai là."}),
        )
        .await;
    assert_eq!(reply["in_reply_to"], on_b["id"]);
    for node in [&a, &c] {
        let post_id = group_posts(node, &group)
            .await
            .into_iter()
            .find(|p| p["url"] == post["url"])
            .unwrap()["id"]
            .clone();
        let thread = eventually(&format!("reply on {}", node.name), 30, || async {
            let thread = node.get(&format!("/api/v1/posts/{post_id}"), None).await;
            (thread["replies"].as_array()?.len() == 1).then_some(thread)
        })
        .await;
        assert_eq!(thread["replies"][0]["author"], bob.handle);
        assert_eq!(thread["replies"][0]["url"], reply["url"]);
        assert_eq!(thread["replies_count"], 1);
    }

    // A member on C posts: A relays it to B; B fetches it from C, its origin.
    carol_posts_and_everyone_sees_it(&a, &b, &c, &carol.token, &group).await;

    // Every post appears once, everywhere.
    for node in [&a, &b, &c] {
        let posts = group_posts(node, &group).await;
        assert_eq!(posts.len(), 2, "{} lists {posts:?}", node.name);
    }
}

async fn carol_posts_and_everyone_sees_it(a: &Node, b: &Node, c: &Node, token: &str, group: &str) {
    let post = c
        .post(
            &format!("/api/v1/groups/{group}/posts"),
            token,
            json!({"content": "Une question de compta"}),
        )
        .await;
    for node in [a, b] {
        let seen = post_arrives(node, group, "question de compta").await;
        assert_eq!(seen["url"], post["url"]);
        assert_eq!(seen["author"], format!("carol@{}", c.domain));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_and_deletions_travel_to_every_node() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let alice = a.user("alice").await;
    let bob = b.user("bob").await;
    let group = a.group("rennes", "open", &alice);
    join(&b, &bob, &group).await;

    let post = a
        .post(
            "/api/v1/groups/rennes/posts",
            &alice.token,
            json!({"content": "version un"}),
        )
        .await;
    post_arrives(&b, &group, "version un").await;
    let (status, edited) = a
        .api(
            Method::PATCH,
            &format!("/api/v1/posts/{}", post["id"]),
            Some(&alice.token),
            Some(json!({"content": "version deux"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    post_arrives(&b, &group, "version deux").await;

    // Only the author may edit.
    let on_b = post_arrives(&b, &group, "version deux").await;
    let (status, _) = b
        .api(
            Method::PATCH,
            &format!("/api/v1/posts/{}", on_b["id"]),
            Some(&bob.token),
            Some(json!({"content": "pirate"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Bob's own post from B, then deleted from B: gone on A too.
    let bobs = b
        .post(
            &format!("/api/v1/groups/{group}/posts"),
            &bob.token,
            json!({"content": "à effacer"}),
        )
        .await;
    post_arrives(&a, &group, "à effacer").await;
    let (status, _) = b
        .api(
            Method::DELETE,
            &format!("/api/v1/posts/{}", bobs["id"]),
            Some(&bob.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    eventually("the deletion to reach A", 30, || async {
        let posts = group_posts(&a, &group).await;
        posts.iter().all(|p| p["url"] != bobs["url"]).then_some(())
    })
    .await;
    // The group's relay removes it on B too (B deleted it itself already).
    assert!(group_posts(&b, &group)
        .await
        .iter()
        .all(|p| p["url"] != bobs["url"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_members_post_and_bad_posts_are_refused() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let alice = a.user("alice").await;
    let eve = b.user("eve").await;
    let group = a.group("rennes", "approval", &alice);

    // Eve asked to join but was not accepted yet: she cannot post.
    b.post("/api/v1/follows", &eve.token, json!({"handle": group}))
        .await;
    let (status, body) = b
        .api(
            Method::POST,
            &format!("/api/v1/groups/{group}/posts"),
            Some(&eve.token),
            Some(json!({"content": "spam"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "not_a_member");

    let (status, body) = a
        .api(
            Method::POST,
            "/api/v1/groups/rennes/posts",
            Some(&alice.token),
            Some(json!({"content": "   "})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = a
        .api(
            Method::POST,
            "/api/v1/groups/rennes/posts",
            Some(&alice.token),
            Some(json!({"title": 3})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = a
        .api(
            Method::POST,
            "/api/v1/groups/nope/posts",
            Some(&alice.token),
            Some(json!({"content": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(group_posts(&a, "rennes").await.is_empty());
}
