//! Welcoming newcomers, as a cooperative would use it, over real HTTP: the moderator writes the
//! "who we are" page and four steps through the API (the page's forms are in
//! `web_onboarding.rs`). A newcomer joins, sees 0 of 4 and the prompt on the group page, opens
//! the about page (the read step ticks itself), registers for the information session (the
//! attend step ticks itself once the organizer confirms the seat, not before), marks the
//! meeting step and the last one, and sees 4 of 4; marking twice is harmless, and "not done"
//! cannot undo a confirmed seat. The moderator sees how many did each step, never who; steps
//! are removed on the page and through the API. Every page is checked for accessibility.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{call, join, Node, User},
    web_decisions::login,
    web_onboarding::{check_page, coop, done_how, me, step_titles},
};

/// A step added by `moderator` through the API; its id.
async fn add_step(node: &Node, moderator: &User, step: Value) -> i64 {
    let (status, body) = coop(node, moderator, Method::POST, "/onboarding/steps", step).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newcomer_follows_the_onboarding_path_to_the_end() {
    let a = Node::start("A", 0).await;
    let alice = a.user("alice").await;
    let bob = a.user("bob").await;
    let nina = a.user("nina").await;
    let coop_handle = a.group("coop", "open", &alice);
    join(&a, &bob, &coop_handle).await;
    let mod_web = login(&a, "alice").await;

    let (status, about) = coop(
        &a,
        &alice,
        Method::PUT,
        "/about",
        json!({"who_we_are": "Une coopérative d'habitants à Rennes.",
            "statutes_summary": "Une personne, une voix."}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{about}");
    // The information session, where an organizer confirms each seat.
    let day = chrono::Utc::now().date_naive() + chrono::Duration::days(8);
    let (status, event) = coop(
        &a,
        &alice,
        Method::POST,
        "/events",
        json!({"title": "Réunion d'information", "description": "Pour découvrir la coop",
            "category": "meetup", "starts_at": format!("{day}T18:00:00+01:00"),
            "ends_at": format!("{day}T19:30:00+01:00"), "timezone": "Europe/Paris",
            "place_name": "La Maison", "join_mode": "approval"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let event_id = event["id"].as_i64().unwrap();
    let read_id = add_step(
        &a,
        &alice,
        json!({"title": "Lire nos statuts en clair", "kind": "read", "link": "about"}),
    )
    .await;
    let attend_id = add_step(
        &a,
        &alice,
        json!({"title": "Venir à une réunion d'information", "kind": "attend",
            "link": "event", "event_id": event_id}),
    )
    .await;
    let meet_id = add_step(
        &a,
        &alice,
        json!({"title": "Rencontrer un membre du bureau", "kind": "meet"}),
    )
    .await;
    let other_id = add_step(
        &a,
        &alice,
        json!({"title": "Parcourir le guide", "kind": "other", "link": "url",
            "url": "https://coop.example/guide"}),
    )
    .await;
    let order = [
        "Lire nos statuts en clair",
        "Venir à une réunion d'information",
        "Rencontrer un membre du bureau",
        "Parcourir le guide",
    ];
    assert_eq!(step_titles(&a).await, order);

    // A newcomer joins: the group page invites them, the path says 0 of 4.
    join(&a, &nina, &coop_handle).await;
    let nina_web = login(&a, "nina").await;
    let html = check_page(Some(&nina_web), &a, "/groups/coop").await;
    assert!(html.contains("Suivre le parcours"), "{html}");
    assert!(html.contains("0 étape sur 4"), "{html}");
    let path = me(&a, &nina).await;
    assert_eq!(
        (path["done"].clone(), path["total"].clone()),
        (json!(0), json!(4))
    );
    let html = check_page(Some(&nina_web), &a, "/groups/coop/onboarding").await;
    assert!(html.contains("<progress max=\"4\" value=\"0\""), "{html}");

    // Opening the about page ticks the read step.
    check_page(Some(&nina_web), &a, "/groups/coop/about").await;
    let path = me(&a, &nina).await;
    assert_eq!(path["done"], 1);
    assert_eq!(done_how(&path, read_id), "about_read");

    // Registering for the session: pending, not done; confirmed by the organizer, done.
    let (status, body) = call(
        &a,
        Method::POST,
        &format!("/api/v1/events/{event_id}/registrations"),
        &nina,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        me(&a, &nina).await["done"],
        1,
        "a pending seat is not attendance"
    );
    let (status, body) = call(
        &a,
        Method::POST,
        &format!("/api/v1/events/{event_id}/attendees"),
        &alice,
        json!({"participant": "nina", "decision": "accept"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let path = me(&a, &nina).await;
    assert_eq!(path["done"], 2);
    assert_eq!(done_how(&path, attend_id), "event_registration");

    // The meeting step, marked on the page; marking again through the API is harmless.
    let location = nina_web
        .submit(
            &a,
            &format!("/groups/coop/onboarding/steps/{meet_id}/done"),
            &[("done", "yes")],
        )
        .await;
    assert!(location.contains("notice-onboarding-saved"), "{location}");
    for _ in 0..2 {
        let (status, path) = coop(
            &a,
            &nina,
            Method::PUT,
            &format!("/onboarding/steps/{meet_id}/done"),
            json!({}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(path["done"], 3);
        assert_eq!(done_how(&path, meet_id), "marked");
    }
    // Undoing the attend step changes nothing while the seat stands.
    let (_, path) = coop(
        &a,
        &nina,
        Method::DELETE,
        &format!("/onboarding/steps/{attend_id}/done"),
        json!({}),
    )
    .await;
    assert_eq!(path["done"], 3);
    let location = nina_web
        .submit(
            &a,
            &format!("/groups/coop/onboarding/steps/{other_id}/done"),
            &[("done", "yes")],
        )
        .await;
    assert!(
        location.contains("notice-onboarding-complete"),
        "{location}"
    );
    let path = me(&a, &nina).await;
    assert_eq!(
        (
            path["done"].clone(),
            path["total"].clone(),
            path["complete"].clone()
        ),
        (json!(4), json!(4), json!(true))
    );
    let html = check_page(Some(&nina_web), &a, "/groups/coop/onboarding").await;
    assert!(html.contains("4 étapes sur 4"), "{html}");
    assert!(html.contains("<progress max=\"4\" value=\"4\""));
    let html = check_page(Some(&nina_web), &a, "/groups/coop").await;
    assert!(
        !html.contains("Suivre le parcours"),
        "no prompt once complete"
    );
    // Not done, then done again.
    let (_, path) = coop(
        &a,
        &nina,
        Method::DELETE,
        &format!("/onboarding/steps/{meet_id}/done"),
        json!({}),
    )
    .await;
    assert_eq!(path["done"], 3);
    coop(
        &a,
        &nina,
        Method::PUT,
        &format!("/onboarding/steps/{meet_id}/done"),
        json!({}),
    )
    .await;

    // The moderator sees counts per step; others see none.
    let (_, steps) = a
        .api(
            Method::GET,
            "/api/v1/groups/coop/onboarding/steps",
            Some(&alice.token),
            None,
        )
        .await;
    for step in steps.as_array().unwrap() {
        assert_eq!(step["completed_by"], 1, "{step}");
    }
    let (_, steps) = a
        .api(
            Method::GET,
            "/api/v1/groups/coop/onboarding/steps",
            Some(&bob.token),
            None,
        )
        .await;
    assert!(steps[0]["completed_by"].is_null());
    let html = check_page(Some(&mod_web), &a, "/groups/coop/onboarding").await;
    assert!(html.contains("1 membre l'a faite"), "{html}");
    assert!(!html.contains("nina"), "counts, never names");
    let html = check_page(None, &a, "/groups/coop/onboarding").await;
    assert!(html.contains("Lire nos statuts en clair"));
    assert!(!html.contains("a faite"), "counts are for moderators");
    let (status, _) = a
        .api(Method::GET, "/api/v1/groups/coop/onboarding/me", None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Removing steps: on the page and through the API.
    mod_web
        .submit(
            &a,
            &format!("/groups/coop/onboarding/steps/{other_id}/delete"),
            &[],
        )
        .await;
    let (status, _) = coop(
        &a,
        &alice,
        Method::DELETE,
        &format!("/onboarding/steps/{meet_id}"),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(step_titles(&a).await, [order[0], order[1]]);
    assert_eq!(me(&a, &nina).await["total"], 2);
    let (status, _) = coop(
        &a,
        &alice,
        Method::DELETE,
        &format!("/onboarding/steps/{meet_id}"),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The routes are in the OpenAPI document.
    let doc = a.get("/api/v1/openapi.json", None).await;
    for path in [
        "/api/v1/groups/{group}/about",
        "/api/v1/groups/{group}/onboarding/steps",
        "/api/v1/groups/{group}/onboarding/steps/{id}",
        "/api/v1/groups/{group}/onboarding/steps/{id}/done",
        "/api/v1/groups/{group}/onboarding/me",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} in the OpenAPI document"
        );
    }
}
