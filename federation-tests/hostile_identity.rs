//! Identity: an activity, a post, a fetched document is what it claims only when its id lives
//! on the server that vouches for it. Every refusal leaves the node as it was.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    harness::{group_posts, post_arrives},
    peer::{bytes, counts, Canned, Community, FakePeer},
    signing::Signed,
};

/// The stored content of the post `ap_id` on `node`.
async fn content_of(node: &crate::harness::Node, ap_id: &str) -> String {
    node.text("SELECT content FROM posts WHERE ap_id = $1", ap_id)
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_of_another_server_or_of_ours_are_refused() {
    let c = Community::start().await;
    let post =
        c.a.post(
            "/api/v1/groups/rennes/posts",
            &c.alice.token,
            json!({"content": "le texte d'alice"}),
        )
        .await;
    let alice_post = post["url"].as_str().unwrap().to_string();
    let before = counts(&c.a).await;

    // The activity's id is on another server than its actor.
    let mut foreign_id = c.bob_note("1", "id d'ailleurs");
    foreign_id["id"] = json!("http://localhost:9/activities/create/1");
    assert_eq!(c.bob_sends(&foreign_id).await, StatusCode::BAD_REQUEST);

    // The post's id is on another server than its author.
    let mut foreign_post = c.bob_note("2", "message d'ailleurs");
    foreign_post["object"]["id"] = json!("http://localhost:9/posts/2");
    assert_eq!(c.bob_sends(&foreign_post).await, StatusCode::BAD_REQUEST);

    // attributedTo is not the actor.
    let mut other_author = c.bob_note("3", "au nom d'alice");
    other_author["object"]["attributedTo"] = json!(c.alice.url);
    assert_eq!(c.bob_sends(&other_author).await, StatusCode::FORBIDDEN);

    // A Create, an Update and a Delete of ids of our own node.
    let mut ours = c.bob_note("4", "je crée chez vous");
    ours["object"]["id"] = json!(c.a.url("/posts/forged-by-bob"));
    assert_eq!(c.bob_sends(&ours).await, StatusCode::FORBIDDEN);
    let mut edit = c.bob_note("5", "alice a changé d'avis");
    edit["type"] = json!("Update");
    edit["object"]["id"] = json!(alice_post);
    assert_eq!(c.bob_sends(&edit).await, StatusCode::FORBIDDEN);
    let delete = json!({
        "id": c.b.url("/activities/delete/6"), "type": "Delete",
        "actor": c.bob.url, "object": alice_post,
    });
    assert_eq!(c.bob_sends(&delete).await, StatusCode::FORBIDDEN);

    assert_eq!(counts(&c.a).await, before, "nothing stored or recorded");
    assert_eq!(
        content_of(&c.a, &alice_post).await,
        "<p>le texte d'alice</p>\n"
    );
    let listed = group_posts(&c.a, "rennes").await;
    assert_eq!(listed.len(), 1, "alice's post is still there: {listed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_actor_cannot_delete_or_edit_another_of_its_own_server() {
    let c = Community::start().await;
    let carol = c.b.user("carol").await;
    crate::harness::join(&c.b, &carol, &c.group).await;
    c.b.post(
        &format!("/api/v1/groups/{}/posts", c.group),
        &carol.token,
        json!({"content": "le message de carol"}),
    )
    .await;
    let carol_post = post_arrives(&c.a, "rennes", "le message de carol").await["url"]
        .as_str()
        .unwrap()
        .to_string();
    let carol_row = |field: &'static str| {
        let a = &c.a;
        let url = carol.url.clone();
        async move {
            a.count(
                &format!("SELECT COUNT(*) FROM actors WHERE ap_id = $1 AND {field}"),
                &url,
            )
            .await
        }
    };
    let before = counts(&c.a).await;

    // bob deletes carol's account: nothing happens (it is not his to delete).
    let delete_carol = json!({
        "id": c.b.url("/activities/delete/carol"), "type": "Delete",
        "actor": c.bob.url, "object": carol.url,
    });
    assert_eq!(c.bob_sends(&delete_carol).await, StatusCode::ACCEPTED);
    // bob deletes carol's post: refused.
    let delete_post = json!({
        "id": c.b.url("/activities/delete/carol-post"), "type": "Delete",
        "actor": c.bob.url, "object": carol_post,
    });
    assert_eq!(c.bob_sends(&delete_post).await, StatusCode::FORBIDDEN);
    // bob edits carol's post, as himself or in her name: refused.
    for (n, author) in [("as-bob", &c.bob.url), ("as-carol", &carol.url)] {
        let mut edit = c.bob_note(n, "carol a tout changé");
        edit["type"] = json!("Update");
        edit["object"]["id"] = json!(carol_post);
        edit["object"]["attributedTo"] = json!(author);
        assert_eq!(c.bob_sends(&edit).await, StatusCode::FORBIDDEN, "{n}");
    }
    // bob edits carol's profile: actor updates are ignored.
    let update_carol = json!({
        "id": c.b.url("/activities/update/carol"), "type": "Update", "actor": c.bob.url,
        "object": {"id": carol.url, "type": "Person", "preferredUsername": "carol", "name": "pirate"},
    });
    assert_eq!(c.bob_sends(&update_carol).await, StatusCode::ACCEPTED);

    let after = counts(&c.a).await;
    assert_eq!(
        (
            after.actors,
            after.posts,
            after.follows,
            after.activities,
            after.deliveries
        ),
        (
            before.actors,
            before.posts,
            before.follows,
            before.activities,
            before.deliveries
        ),
    );
    assert_eq!(
        carol_row("deleted_at IS NULL").await,
        1,
        "carol's account lives"
    );
    assert_eq!(
        carol_row("(display_name IS NULL OR display_name <> 'pirate')").await,
        1
    );
    let members = c.a.get("/api/v1/groups/rennes/members", None).await;
    assert!(
        members
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["handle"] == carol.handle),
        "carol is still a member: {members}"
    );
    assert!(content_of(&c.a, &carol_post)
        .await
        .contains("le message de carol"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetched_documents_must_carry_their_own_url_and_an_activitypub_type() {
    let c = Community::start().await;
    let peer = FakePeer::start().await;
    let before = counts(&c.a).await;

    // Each fake actor signs correctly, but what its server serves is not acceptable.
    let wrong_id = peer.actor("wrongid", "Person");
    let mut document = wrong_id.document();
    document["id"] = json!("http://elsewhere.example/users/wrongid");
    document["publicKey"]["owner"] = document["id"].clone();
    peer.serve(&wrong_id.path, &document);

    let as_json = peer.actor("plainjson", "Person");
    peer.set(
        "GET",
        &as_json.path,
        Canned::json(&as_json.document()).content_type("application/json"),
    );
    let as_html = peer.actor("html", "Person");
    peer.set(
        "GET",
        &as_html.path,
        Canned::json(&as_html.document()).content_type("text/html; charset=utf-8"),
    );

    for actor in [&wrong_id, &as_json, &as_html] {
        let follow = actor.activity("Follow", "1", json!(c.group_url));
        let status = actor
            .signed()
            .post(&c.a.http, &c.group_inbox(), &bytes(&follow))
            .await;
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{}", actor.name);
        assert_eq!(peer.hits("GET", &actor.path), 1, "{}", actor.name);
    }
    assert_eq!(counts(&c.a).await, before, "no actor, no follow stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_announced_post_of_a_third_server_is_fetched_from_its_origin() {
    let c = Community::start().await;
    let group_server = FakePeer::start().await;
    let author_server = FakePeer::start().await;
    let group = c.follow_fake_group(&group_server).await;
    let group_handle = format!("jardin@{}", group_server.domain);
    let tina = author_server.actor("tina", "Person");
    let note = |n: &str, content: &str| -> Value {
        json!({
            "id": author_server.url(&format!("/notes/{n}")),
            "type": "Note",
            "attributedTo": tina.url,
            "to": [group.url, "https://www.w3.org/ns/activitystreams#Public"],
            "audience": group.url,
            "content": content,
        })
    };
    let announce = |n: &str, inner: Value| group.activity("Announce", n, inner);
    let send = |activity: Value| {
        let http = c.a.http.clone();
        let inbox = c.a.url("/inbox");
        let signer = crate::signing::Signer {
            key_id: group.signer.key_id.clone(),
            key: group.signer.key.clone(),
        };
        async move {
            Signed::new(&signer)
                .post(&http, &inbox, &bytes(&activity))
                .await
        }
    };

    // tina's server has the genuine post; the group embeds a forged copy.
    author_server.serve("/notes/1", &note("1", "la version de tina"));
    let forged = json!({
        "id": author_server.url("/activities/create/1"), "type": "Create", "actor": tina.url,
        "object": note("1", "une version falsifiée"),
    });
    assert_eq!(send(announce("1", forged)).await, StatusCode::ACCEPTED);
    let stored = post_arrives(&c.a, &group_handle, "la version de tina").await;
    assert_eq!(stored["author"], format!("tina@{}", author_server.domain));
    assert_eq!(
        author_server.hits("GET", "/notes/1"),
        1,
        "fetched from its origin"
    );
    let before = counts(&c.a).await;

    // A post its origin does not have is not kept, and the group is not asked to retry.
    let invented = json!({
        "id": author_server.url("/activities/create/2"), "type": "Create", "actor": tina.url,
        "object": note("2", "jamais écrit par tina"),
    });
    assert_eq!(send(announce("2", invented)).await, StatusCode::ACCEPTED);
    assert_eq!(author_server.hits("GET", "/notes/2"), 1);

    // An announced Create whose actor is not the post's author is refused.
    author_server.serve("/notes/3", &note("3", "écrit par tina"));
    let usurped = json!({
        "id": group_server.url("/activities/create/3"), "type": "Create",
        "actor": group_server.url("/users/someone"), "object": note("3", "écrit par tina"),
    });
    assert_eq!(send(announce("3", usurped)).await, StatusCode::FORBIDDEN);

    assert_eq!(counts(&c.a).await, before, "nothing more stored");
    let posts = group_posts(&c.a, &group_handle).await;
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert!(!posts[0]["content"].as_str().unwrap().contains("falsifiée"));
}
