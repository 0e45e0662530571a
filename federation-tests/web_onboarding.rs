//! The welcome pages as a group's moderators write them, over real HTTP (the API, and the web
//! forms with their CSRF token, in French): the "who we are" page, empty then written (an
//! empty page refused), read by a visitor; a member who is not a moderator refused on both
//! paths; the onboarding steps added, refused when bad (no title, a `javascript:` link, an
//! event of no one, an unknown kind) with nothing changed, changed through the edit form,
//! reordered. Every page is checked for labels, one heading and a language. The newcomer's
//! side is in `onboarding.rs`.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{call, join, Node, User},
    web::{assert_accessible, browser_like},
    web_decisions::{login, Browser},
};

pub(crate) async fn anonymous(node: &Node, path: &str) -> (StatusCode, String) {
    let response = browser_like()
        .get(node.url(path))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// `user` calls `/api/v1/groups/coop{path}`.
pub(crate) async fn coop(
    node: &Node,
    user: &User,
    method: Method,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    call(
        node,
        method,
        &format!("/api/v1/groups/coop{path}"),
        user,
        body,
    )
    .await
}

pub(crate) async fn me(node: &Node, user: &User) -> Value {
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

pub(crate) fn done_how(path: &Value, id: i64) -> Value {
    path["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("step {id} in {path}"))["done_how"]
        .clone()
}

pub(crate) async fn step_titles(node: &Node) -> Vec<String> {
    let list = node.get("/api/v1/groups/coop/onboarding/steps", None).await;
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect()
}

pub(crate) async fn step_id(node: &Node, title: &str) -> i64 {
    let list = node.get("/api/v1/groups/coop/onboarding/steps", None).await;
    list.as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == title)
        .and_then(|s| s["id"].as_i64())
        .unwrap_or_else(|| panic!("no step {title}: {list}"))
}

pub(crate) async fn check_page(browser: Option<&Browser>, node: &Node, path: &str) -> String {
    let (status, html) = match browser {
        Some(b) => b.get(node, path).await,
        None => anonymous(node, path).await,
    };
    assert_eq!(status, StatusCode::OK, "{path}: {html}");
    assert_accessible(path, &html);
    html
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderators_write_the_welcome_pages_through_the_api_and_the_forms() {
    let a = Node::start("A", 0).await;
    let alice = a.user("alice").await;
    let bob = a.user("bob").await;
    let coop_handle = a.group("coop", "open", &alice);
    join(&a, &bob, &coop_handle).await;
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
    let (status, about) = coop(
        &a,
        &alice,
        Method::PUT,
        "/about",
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
    let (status, body) = coop(
        &a,
        &bob,
        Method::PUT,
        "/about",
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

    // The steps: two through the API, two through the page's form.
    let (status, read) = coop(
        &a,
        &alice,
        Method::POST,
        "/onboarding/steps",
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
    let (status, meet) = coop(
        &a,
        &alice,
        Method::POST,
        "/onboarding/steps",
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
        let (status, answer) = coop(&a, &alice, Method::POST, "/onboarding/steps", body).await;
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
    let (status, answer) = coop(
        &a,
        &alice,
        Method::PUT,
        &format!("/onboarding/steps/{meet_id}"),
        json!({"title": "", "kind": "meet"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let (status, answer) = coop(
        &a,
        &bob,
        Method::POST,
        "/onboarding/steps",
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
    let (status, _) = coop(
        &a,
        &bob,
        Method::DELETE,
        &format!("/onboarding/steps/{read_id}"),
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
    let (status, moved) = coop(
        &a,
        &alice,
        Method::PUT,
        &format!("/onboarding/steps/{other_id}"),
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
}
