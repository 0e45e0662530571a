//! Welcoming newcomers, as a cooperative would use it, over real HTTP (API and web forms with
//! their CSRF token, in French): the moderator writes the "who we are" page and the onboarding
//! path's steps through both; a visitor reads the page; a member who is not a moderator is
//! refused; bad steps (no title, a `javascript:` link, someone else's event) are refused with
//! nothing changed. A newcomer joins, sees 0 of 4 and the prompt on the group page, opens the
//! about page (the read step ticks itself), registers for the information session (the attend
//! step ticks itself once the organizer confirms the seat), marks the meeting step and the last
//! one, and sees 4 of 4. The moderator sees how many did each step. Every page is checked for
//! labels, one heading and a language.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{call, join, Node, User},
    web::{assert_accessible, browser_like},
    web_decisions::{login, Browser},
};

async fn anonymous(node: &Node, path: &str) -> (StatusCode, String) {
    let response = browser_like()
        .get(node.url(path))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn me(node: &Node, user: &User) -> Value {
    let (status, body) = node
        .api(
            Method::GET,
            "/api/v1/groups/coop/onboarding/me",
            Some(&user.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn done_how(path: &Value, id: i64) -> Value {
    path["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("step {id} in {path}"))["done_how"]
        .clone()
}

async fn step_titles(node: &Node) -> Vec<String> {
    let list = node.get("/api/v1/groups/coop/onboarding/steps", None).await;
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect()
}

async fn step_id(node: &Node, title: &str) -> i64 {
    let list = node.get("/api/v1/groups/coop/onboarding/steps", None).await;
    list.as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == title)
        .and_then(|s| s["id"].as_i64())
        .unwrap_or_else(|| panic!("no step {title}: {list}"))
}

async fn check_page(browser: Option<&Browser>, node: &Node, path: &str) -> String {
    let (status, html) = match browser {
        Some(b) => b.get(node, path).await,
        None => anonymous(node, path).await,
    };
    assert_eq!(status, StatusCode::OK, "{path}: {html}");
    assert_accessible(path, &html);
    html
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newcomer_follows_the_onboarding_path_to_the_end() {
    let a = Node::start("A", 0).await;
    let alice = a.user("alice").await;
    let bob = a.user("bob").await;
    let nina = a.user("nina").await;
    let coop = a.group("coop", "open", &alice);
    join(&a, &bob, &coop).await;
    let mod_web = login(&a, "alice").await;
    let bob_web = login(&a, "bob").await;

    // Before anything is written: visitors read a sentence, the moderator an invitation.
    let (status, html) = anonymous(&a, "/groups/coop/about").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("pas encore écrit sa présentation"), "{html}");
    assert!(!html.contains("/about/edit"));
    let about = a.get("/api/v1/groups/coop/about", None).await;
    assert_eq!(about["written"], false);
    let html = check_page(Some(&mod_web), &a, "/groups/coop/about").await;
    assert!(
        html.contains("Cette page n'est pas encore écrite"),
        "{html}"
    );
    assert!(html.contains("/groups/coop/about/edit"));
    let html = check_page(Some(&mod_web), &a, "/groups/coop").await;
    assert!(
        html.contains("href=\"/groups/coop/about\""),
        "group page links the page"
    );

    // The moderator writes it through the form; an empty page is refused.
    check_page(Some(&mod_web), &a, "/groups/coop/about/edit").await;
    let empty = [
        ("who_we_are", " "),
        ("what_we_do", ""),
        ("how_to_take_part", ""),
        ("statutes_summary", ""),
    ];
    let (status, html) = mod_web.post(&a, "/groups/coop/about/edit", &empty).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Écrivez au moins une partie"), "{html}");
    assert_accessible("/groups/coop/about/edit (422)", &html);
    let location = mod_web
        .submit(
            &a,
            "/groups/coop/about/edit",
            &[
                ("who_we_are", "Une **coopérative** d'habitants à Rennes."),
                (
                    "what_we_do",
                    "Nous gérons un jardin partagé.<script>x()</script>",
                ),
                ("how_to_take_part", "Venez à la réunion d'information."),
                ("statutes_summary", ""),
            ],
        )
        .await;
    assert!(
        location.starts_with("/groups/coop/about?notice="),
        "{location}"
    );
    // ... and completes it through the API.
    let (status, about) = call(
        &a,
        Method::PUT,
        "/api/v1/groups/coop/about",
        &alice,
        json!({"who_we_are": "Une **coopérative** d'habitants à Rennes.",
            "what_we_do": "Nous gérons un jardin partagé.",
            "how_to_take_part": "Venez à la réunion d'information.",
            "statutes_summary": "Une personne, une voix. L'assemblée générale décide."}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{about}");
    assert_eq!(about["written"], true);
    assert!(about["who_we_are"]
        .as_str()
        .unwrap()
        .contains("<strong>coopérative</strong>"));

    // A visitor reads it, with the date it was last updated.
    let html = check_page(None, &a, "/groups/coop/about").await;
    assert!(html.contains("Nos statuts en clair"));
    assert!(html.contains("Une personne, une voix."));
    assert!(html.contains("<strong>coopérative</strong>"));
    assert!(html.contains("Mis à jour le"));
    assert!(!html.contains("<script>x()"));

    // A member who is not a moderator may not edit: 403 on the API and the form.
    let (status, body) = call(
        &a,
        Method::PUT,
        "/api/v1/groups/coop/about",
        &bob,
        json!({"who_we_are": "Pris"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "not_a_moderator");
    let (status, _) = bob_web
        .post(&a, "/groups/coop/about/edit", &[("who_we_are", "Pris")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = bob_web.get(&a, "/groups/coop/about/edit").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = a
        .api(
            Method::PUT,
            "/api/v1/groups/coop/about",
            None,
            Some(json!({"who_we_are": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let about = a.get("/api/v1/groups/coop/about", None).await;
    assert!(about["who_we_are_source"]
        .as_str()
        .unwrap()
        .starts_with("Une **coopérative**"));

    // The information session, where an organizer confirms each seat.
    let day = chrono::Utc::now().date_naive() + chrono::Duration::days(8);
    let (status, event) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/events",
        &alice,
        json!({"title": "Réunion d'information", "description": "Pour découvrir la coop",
            "category": "meetup", "starts_at": format!("{day}T18:00:00+01:00"),
            "ends_at": format!("{day}T19:30:00+01:00"), "timezone": "Europe/Paris",
            "place_name": "La Maison", "join_mode": "approval"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let event_id = event["id"].as_i64().unwrap();

    // The steps: two through the API, two through the page's form.
    let (status, read) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/onboarding/steps",
        &alice,
        json!({"title": "Lire nos statuts en clair", "kind": "read", "link": "about",
            "description": "Cinq minutes de lecture."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{read}");
    assert_eq!(read["automatic"], true);
    assert_eq!(read["position"], 1);
    let read_id = read["id"].as_i64().unwrap();
    check_page(Some(&mod_web), &a, "/groups/coop/onboarding").await;
    let event_field = event_id.to_string();
    let location = mod_web
        .submit(
            &a,
            "/groups/coop/onboarding/steps",
            &[
                ("title", "Venir à une réunion d'information"),
                ("description", "Le premier mardi du mois."),
                ("kind", "attend"),
                ("link", "event"),
                ("event_id", &event_field),
                ("url", ""),
            ],
        )
        .await;
    assert!(
        location.starts_with("/groups/coop/onboarding?notice="),
        "{location}"
    );
    let attend_id = step_id(&a, "Venir à une réunion d'information").await;
    let (status, meet) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/onboarding/steps",
        &alice,
        json!({"title": "Rencontrer un membre du bureau", "kind": "meet"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{meet}");
    let meet_id = meet["id"].as_i64().unwrap();
    mod_web
        .submit(
            &a,
            "/groups/coop/onboarding/steps",
            &[
                ("title", "Parcourir le guide"),
                ("description", ""),
                ("kind", "other"),
                ("link", "url"),
                ("event_id", ""),
                ("url", "https://coop.example/guide"),
            ],
        )
        .await;
    let other_id = step_id(&a, "Parcourir le guide").await;

    // Bad steps change nothing: 422 with a code, or the form again with the message.
    for (body, code) in [
        (json!({"title": "  ", "kind": "read"}), "empty_title"),
        (
            json!({"title": "Piège", "kind": "other", "link": "url", "url": "javascript:alert(1)"}),
            "invalid_url",
        ),
        (
            json!({"title": "Ailleurs", "kind": "attend", "link": "event", "event_id": 999999}),
            "unknown_event",
        ),
        (json!({"title": "Quoi", "kind": "visit"}), "invalid_kind"),
    ] {
        let (status, answer) = call(
            &a,
            Method::POST,
            "/api/v1/groups/coop/onboarding/steps",
            &alice,
            body,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(answer["error"], code);
    }
    let (status, html) = mod_web
        .post(
            &a,
            "/groups/coop/onboarding/steps",
            &[
                ("title", "Piège"),
                ("description", ""),
                ("kind", "other"),
                ("link", "url"),
                ("event_id", ""),
                ("url", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("L'adresse doit commencer par https://"),
        "{html}"
    );
    assert!(html.contains("value=\"Piège\""), "what was typed is kept");
    assert_accessible("/groups/coop/onboarding/steps (422)", &html);
    let (status, html) = mod_web
        .post(
            &a,
            "/groups/coop/onboarding/steps",
            &[("title", ""), ("kind", "read"), ("link", "none")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Donnez un titre à l'étape"));
    let (status, answer) = call(
        &a,
        Method::PUT,
        &format!("/api/v1/groups/coop/onboarding/steps/{meet_id}"),
        &alice,
        json!({"title": "", "kind": "meet"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let (status, answer) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/onboarding/steps",
        &bob,
        json!({"title": "Étape de Bob", "kind": "other"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    let (status, _) = bob_web
        .post(
            &a,
            "/groups/coop/onboarding/steps",
            &[("title", "Étape de Bob"), ("kind", "other")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &a,
        Method::DELETE,
        &format!("/api/v1/groups/coop/onboarding/steps/{read_id}"),
        &bob,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let order = [
        "Lire nos statuts en clair",
        "Venir à une réunion d'information",
        "Rencontrer un membre du bureau",
        "Parcourir le guide",
    ];
    assert_eq!(step_titles(&a).await, order, "nothing changed");

    // Reordering: up on the page, back to its place through the API.
    mod_web
        .submit(
            &a,
            &format!("/groups/coop/onboarding/steps/{other_id}/move"),
            &[("direction", "up")],
        )
        .await;
    assert_eq!(
        step_titles(&a).await,
        [order[0], order[1], order[3], order[2]]
    );
    let (status, moved) = call(
        &a,
        Method::PUT,
        &format!("/api/v1/groups/coop/onboarding/steps/{other_id}"),
        &alice,
        json!({"title": "Parcourir le guide", "kind": "other", "link": "url",
            "url": "https://coop.example/guide", "position": 4}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["position"], 4);
    assert_eq!(step_titles(&a).await, order);
    let edit_path = format!("/groups/coop/onboarding/steps/{attend_id}/edit");
    let html = check_page(Some(&mod_web), &a, &edit_path).await;
    assert!(html.contains("Venir à une réunion d'information"));
    let mut fields = vec![
        ("title", "Venir à une réunion d'information"),
        ("description", "Le **premier** mardi du mois."),
        ("kind", "attend"),
        ("link", "url"),
        ("event_id", ""),
        ("url", "javascript:alert(1)"),
    ];
    let (status, html) = mod_web.post(&a, &edit_path, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("L'adresse doit commencer par https://"));
    assert_accessible(&edit_path, &html);
    fields[3] = ("link", "event");
    fields[4] = ("event_id", &event_field);
    fields[5] = ("url", "");
    mod_web.submit(&a, &edit_path, &fields).await;
    let list = a.get("/api/v1/groups/coop/onboarding/steps", None).await;
    assert_eq!(list[1]["event_id"], event_id, "{list}");
    assert!(list[1]["description"]
        .as_str()
        .unwrap()
        .contains("<strong>premier</strong>"));
    let (status, _) = bob_web.get(&a, &edit_path).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A newcomer joins: the group page invites them, the path says 0 of 4.
    join(&a, &nina, &coop).await;
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
        let (status, path) = call(
            &a,
            Method::PUT,
            &format!("/api/v1/groups/coop/onboarding/steps/{meet_id}/done"),
            &nina,
            json!({}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(path["done"], 3);
        assert_eq!(done_how(&path, meet_id), "marked");
    }
    // Undoing the attend step changes nothing while the seat stands.
    let (_, path) = call(
        &a,
        Method::DELETE,
        &format!("/api/v1/groups/coop/onboarding/steps/{attend_id}/done"),
        &nina,
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
    let (_, path) = call(
        &a,
        Method::DELETE,
        &format!("/api/v1/groups/coop/onboarding/steps/{meet_id}/done"),
        &nina,
        json!({}),
    )
    .await;
    assert_eq!(path["done"], 3);
    call(
        &a,
        Method::PUT,
        &format!("/api/v1/groups/coop/onboarding/steps/{meet_id}/done"),
        &nina,
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
    let (status, _) = call(
        &a,
        Method::DELETE,
        &format!("/api/v1/groups/coop/onboarding/steps/{meet_id}"),
        &alice,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(step_titles(&a).await, [order[0], order[1]]);
    assert_eq!(me(&a, &nina).await["total"], 2);
    let (status, _) = call(
        &a,
        Method::DELETE,
        &format!("/api/v1/groups/coop/onboarding/steps/{meet_id}"),
        &alice,
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
