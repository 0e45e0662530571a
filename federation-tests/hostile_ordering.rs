//! Ordering: the same activity through several inboxes at once, an `Update` overtaking its
//! `Create`, answers and undos of follows that never happened. Each has one effect or none.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    harness::group_posts,
    peer::{bytes, counts, signer_of, Community, FakePeer},
    signing::Signed,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_activity_through_every_inbox_at_once_counts_once() {
    let c = Community::start().await;
    let before = counts(&c.a).await;
    let note = bytes(&c.bob_note("everywhere", "partout à la fois"));
    let signed = Signed::new(&c.bob_signer);
    let inboxes = [
        c.a.url("/inbox"),
        c.group_inbox(),
        c.a.url("/users/alice/inbox"),
        c.a.url("/actor/inbox"),
    ];
    let (s1, s2, s3, s4) = tokio::join!(
        signed.post(&c.a.http, &inboxes[0], &note),
        signed.post(&c.a.http, &inboxes[1], &note),
        signed.post(&c.a.http, &inboxes[2], &note),
        signed.post(&c.a.http, &inboxes[3], &note),
    );
    for status in [s1, s2, s3, s4] {
        assert_eq!(status, StatusCode::ACCEPTED);
    }
    // Once more, later: still nothing new.
    assert_eq!(
        signed.post(&c.a.http, &inboxes[1], &note).await,
        StatusCode::ACCEPTED
    );

    let after = counts(&c.a).await;
    assert_eq!(after.posts, before.posts + 1, "one post");
    assert_eq!(after.received, before.received + 1, "recorded once");
    assert_eq!(after.activities, before.activities + 1, "announced once");
    assert_eq!(
        after.deliveries,
        before.deliveries + 1,
        "to bob's node, once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_that_overtakes_its_create_keeps_the_newest_version() {
    let c = Community::start().await;
    let now = chrono::Utc::now();
    let version =
        |kind: &str, n: &str, text: &str, updated: Option<chrono::DateTime<chrono::Utc>>| {
            let mut activity = c.bob_note(n, text);
            activity["type"] = json!(kind);
            activity["object"]["id"] = json!(c.b.url("/posts/late"));
            activity["object"]["published"] = json!(now - chrono::Duration::minutes(10));
            if let Some(updated) = updated {
                activity["object"]["updated"] = json!(updated);
            }
            activity
        };

    // The edit arrives first: stored as the post.
    let update = version("Update", "u1", "version corrigée", Some(now));
    assert_eq!(c.bob_sends(&update).await, StatusCode::ACCEPTED);
    // Then the original Create, and an older edit: neither replaces the newer text.
    let create = version("Create", "c1", "version originale", None);
    assert_eq!(c.bob_sends(&create).await, StatusCode::ACCEPTED);
    let stale = version(
        "Update",
        "u0",
        "brouillon",
        Some(now - chrono::Duration::minutes(5)),
    );
    assert_eq!(c.bob_sends(&stale).await, StatusCode::ACCEPTED);

    let posts = group_posts(&c.a, "rennes").await;
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert!(
        posts[0]["content"]
            .as_str()
            .unwrap()
            .contains("version corrigée"),
        "{posts:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undos_and_answers_of_follows_never_seen_change_nothing() {
    let c = Community::start().await;
    let carol = c.b.user("carol").await;
    let carol_signer = signer_of(&c.b, &carol).await;
    let before = counts(&c.a).await;
    let member = |handle: String| {
        let a = &c.a;
        async move {
            let members = a.get("/api/v1/groups/rennes/members", None).await;
            members
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["handle"] == handle)
        }
    };

    // carol never followed: her Undo, embedded or by id, has no effect.
    for (n, object) in [
        (
            "embedded",
            json!({"id": c.b.url("/activities/follow/never"), "type": "Follow",
                   "actor": carol.url, "object": c.group_url}),
        ),
        ("by-id", json!(c.b.url("/activities/follow/never-by-id"))),
    ] {
        let undo = json!({
            "id": c.b.url(&format!("/activities/undo/{n}")), "type": "Undo",
            "actor": carol.url, "object": object,
        });
        let status = Signed::new(&carol_signer)
            .post(&c.a.http, &c.group_inbox(), &bytes(&undo))
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{n}");
    }
    // bob undoes a follow id that was never his: he stays a member.
    let undo = json!({
        "id": c.b.url("/activities/undo/unknown-id"), "type": "Undo",
        "actor": c.bob.url, "object": c.b.url("/activities/follow/not-bobs"),
    });
    assert_eq!(c.bob_sends(&undo).await, StatusCode::ACCEPTED);
    // carol undoes bob's follow: refused.
    let undo = json!({
        "id": c.b.url("/activities/undo/for-bob"), "type": "Undo", "actor": carol.url,
        "object": {"type": "Follow", "actor": c.bob.url, "object": c.group_url},
    });
    let status = Signed::new(&carol_signer)
        .post(&c.a.http, &c.group_inbox(), &bytes(&undo))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A group answers a follow nobody here sent.
    let peer = FakePeer::start().await;
    let group = peer.actor("jardin", "Group");
    let accept = group.activity(
        "Accept",
        "unasked",
        json!({"type": "Follow", "actor": c.alice.url, "object": group.url}),
    );
    let status = group
        .signed()
        .post(&c.a.http, &c.a.url("/inbox"), &bytes(&accept))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let after = counts(&c.a).await;
    assert_eq!(
        after.follows, before.follows,
        "no follow created or removed"
    );
    assert_eq!(after.deliveries, before.deliveries, "nothing sent");
    assert_eq!(after.posts, before.posts);
    assert!(member(c.bob.handle.clone()).await, "bob is still a member");
    assert!(
        !member(carol.handle.clone()).await,
        "carol did not become one"
    );
}
