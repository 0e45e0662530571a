//! Events on one node, through the real API and calendar feeds: an event with three seats
//! fills, the fourth registration waits and moves up when someone leaves; twenty concurrent
//! registrations for the last seat give exactly one; organizers see and export the list; the
//! online link is for seated participants; the group's feed reads back in an iCalendar parser.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{call, in_days, join, Node, User};

async fn register(node: &Node, event_id: i64, user: &User) -> (StatusCode, Value) {
    call(
        node,
        Method::POST,
        &format!("/api/v1/events/{event_id}/registrations"),
        user,
        json!({}),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seats_waitlist_and_the_last_seat_under_load() {
    let a = Node::start("A", 0).await;
    let ana = a.admin("ana").await;
    let group = a.group("coop", "open", &ana);
    let mut members = Vec::new();
    for n in 0..24 {
        let user = a.user(&format!("m{n}")).await;
        join(&a, &user, &group).await;
        members.push(user);
    }

    // Bad input is refused with a clear error and creates nothing.
    let (status, body) = call(&a, Method::POST, "/api/v1/groups/coop/events", &ana,
        json!({"title": "x", "description": "y", "starts_at": in_days(3, 18), "ends_at": in_days(3, 17)})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "invalid_event_times");
    let (status, body) = call(&a, Method::POST, "/api/v1/groups/coop/events", &members[0],
        json!({"title": "x", "description": "y", "starts_at": in_days(3, 17), "ends_at": in_days(3, 18)})).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "moderators publish events: {body}"
    );

    let (status, event) = call(&a, Method::POST, "/api/v1/groups/coop/events", &ana, json!({
        "title": "Atelier compta", "description": "Tenir sa **comptabilité**.", "category": "training",
        "starts_at": in_days(3, 17), "ends_at": in_days(3, 19), "timezone": "Europe/Paris",
        "place_name": "La Coop", "place_address": "1 rue de Brest, Rennes",
        "online_url": "https://visio.example/atelier", "capacity": 3
    })).await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let id = event["id"].as_i64().unwrap();
    assert_eq!(event["seats_left"], 3);
    assert_eq!(
        event["online_url"], "https://visio.example/atelier",
        "organizers see the link"
    );

    // Three seats, then the waitlist; registering twice changes nothing.
    for user in &members[0..3] {
        let (status, outcome) = register(&a, id, user).await;
        assert_eq!(status, StatusCode::CREATED, "{outcome}");
        assert_eq!(outcome["state"], "accepted");
    }
    let (status, again) = register(&a, id, &members[0]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["new"], false);
    let (_, fourth) = register(&a, id, &members[3]).await;
    assert_eq!(fourth["state"], "waitlisted");
    let seated = a
        .get(&format!("/api/v1/events/{id}"), Some(&members[0].token))
        .await;
    assert_eq!(seated["online_url"], "https://visio.example/atelier");
    let waiting = a
        .get(&format!("/api/v1/events/{id}"), Some(&members[3].token))
        .await;
    assert_eq!(waiting["online_url"], Value::Null, "not seated: no link");
    assert_eq!(waiting["online"], true);
    assert_eq!(waiting["your_registration"], "waitlisted");

    // Someone leaves: the first on the waitlist moves up.
    let (status, _) = a
        .api(
            Method::DELETE,
            &format!("/api/v1/events/{id}/registrations/me"),
            Some(&members[1].token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let promoted = a
        .get(&format!("/api/v1/events/{id}"), Some(&members[3].token))
        .await;
    assert_eq!(promoted["your_registration"], "accepted");
    assert_eq!(promoted["participants"], 3);

    // Organizers see the list and export it; members do not.
    let (status, _) = a
        .api(
            Method::GET,
            &format!("/api/v1/events/{id}/attendees"),
            Some(&members[0].token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let list = a
        .get(&format!("/api/v1/events/{id}/attendees"), Some(&ana.token))
        .await;
    assert_eq!(list.as_array().unwrap().len(), 3);
    let csv = a
        .http
        .get(a.url(&format!("/api/v1/events/{id}/attendees?format=csv")))
        .bearer_auth(&ana.token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.starts_with("handle,name,state,registered_at,note\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 4);

    // One seat more, and twenty members try for it at once: exactly one gets it.
    let (status, body) = call(&a, Method::PATCH, &format!("/api/v1/events/{id}"), &ana, json!({
        "title": "Atelier compta", "description": "Tenir sa comptabilité.", "category": "training",
        "starts_at": in_days(3, 17), "ends_at": in_days(3, 19), "capacity": 4
    })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let racers = &members[4..24];
    let outcomes =
        futures::future::join_all(racers.iter().map(|user| register(&a, id, user))).await;
    let seats: usize = outcomes
        .iter()
        .filter(|(_, o)| o["state"] == "accepted")
        .count();
    let waitlisted: usize = outcomes
        .iter()
        .filter(|(_, o)| o["state"] == "waitlisted")
        .count();
    assert_eq!((seats, waitlisted), (1, 19), "{outcomes:?}");
    let accepted = a.count(
        "SELECT COUNT(*) FROM event_registrations WHERE state = 'accepted' AND event_id = CAST($1 AS BIGINT)",
        &id.to_string()).await;
    assert_eq!(accepted, 4, "the capacity holds");

    // The group's calendar reads back in an iCalendar parser, without the online link.
    let response = a
        .http
        .get(a.url("/groups/coop/calendar.ics"))
        .send()
        .await
        .unwrap();
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let text = response.text().await.unwrap();
    assert!(!text.contains("visio.example"));
    let parsed = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()))
        .next()
        .expect("a calendar")
        .expect("valid iCalendar");
    assert_eq!(parsed.events.len(), 1);
    let summary = parsed.events[0]
        .properties
        .iter()
        .find(|p| p.name == "SUMMARY")
        .unwrap();
    assert_eq!(summary.value.as_deref(), Some("Atelier compta"));
    let single = a
        .http
        .get(a.url(&format!("/events/{id}.ics")))
        .send()
        .await
        .unwrap();
    assert_eq!(single.status(), StatusCode::OK);
}
