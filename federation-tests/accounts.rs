//! A member's profile and account across nodes: an edited profile reaches the groups' servers
//! as `Update`; a deleted account reaches them as `Delete` and ends its memberships.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{eventually, join, Node};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_updates_and_account_deletion_reach_other_nodes() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let alice = a.user("alice").await;
    let bob = b.user("bob").await;
    let group = a.group("rennes", "open", &alice);
    join(&b, &bob, &group).await;

    let (status, me) = b
        .api(
            Method::PATCH,
            "/api/v1/me",
            Some(&bob.token),
            Some(json!({"display_name": "Bob B.", "bio": "Menuisier, **coop** depuis 2019"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert!(me["bio"]
        .as_str()
        .unwrap()
        .contains("<strong>coop</strong>"));
    eventually("the new name on A", 30, || async {
        let members = a.get("/api/v1/groups/rennes/members", None).await;
        members
            .as_array()?
            .iter()
            .any(|m| m["handle"] == bob.handle && m["display_name"] == "Bob B.")
            .then_some(())
    })
    .await;

    // Deleting needs the password; a wrong one changes nothing.
    let (status, body) = b
        .api(
            Method::DELETE,
            "/api/v1/me",
            Some(&bob.token),
            Some(json!({"password": "pas le bon"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        b.get("/api/v1/me", Some(&bob.token)).await["handle"],
        bob.handle
    );

    let (status, _) = b
        .api(
            Method::DELETE,
            "/api/v1/me",
            Some(&bob.token),
            Some(json!({"password": "bob-password-123"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    eventually("bob to leave the group on A", 30, || async {
        let members = a.get("/api/v1/groups/rennes/members", None).await;
        (!members.to_string().contains(&bob.handle)).then_some(())
    })
    .await;
    // On B: the token is gone, the actor answers 410, and the name stays taken.
    let (status, _) = b
        .api(Method::GET, "/api/v1/me", Some(&bob.token), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let actor = b
        .http
        .get(b.url("/users/bob"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(actor.status(), StatusCode::GONE);
    let (status, _) = b
        .api(
            Method::POST,
            "/api/v1/accounts",
            None,
            Some(json!({"username": "bob", "password": "un mot de passe"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a deleted member's name stays reserved"
    );
}
