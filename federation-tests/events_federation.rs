//! Events across servers, as new users would try them: a group on node A publishes an event
//! with three seats; a member of A registers from A, a member of B from B (through B's copy
//! of the event), and an account on another fediverse server with a Mobilizon-shaped `Join`.
//! The fourth goes to the waitlist and moves up when someone leaves, and the server of the
//! person who moved up gets its `Accept`. A change of time and status reaches B's copy and
//! every participant's server. The online link reaches only seated participants. Then the
//! last seat under registrations arriving at once through the API and the inbox.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{call, eventually, in_days, join, Node, User},
    peer::{bytes, FakeActor, FakePeer},
};

const WAIT: u64 = 30;

/// A `Join` as Mobilizon sends it (its context, the event's id as object, a message).
fn mobilizon_join(actor: &FakeActor, n: &str, event_url: &str) -> Value {
    let mut join = actor.activity("Join", n, json!(event_url));
    join["@context"] = json!([
        "https://www.w3.org/ns/activitystreams",
        "https://litepub.social/litepub/context.jsonld",
        {"mz": "https://joinmobilizon.org/ns#", "participationMessage": "mz:participationMessage"}
    ]);
    join["participationMessage"] = json!("Je viendrai avec une collègue");
    join
}

async fn deliver(node: &Node, actor: &FakeActor, activity: &Value) -> StatusCode {
    actor
        .signed()
        .post(&node.http, &node.url("/inbox"), &bytes(activity))
        .await
}

/// What the fake server received in its shared inbox of `kind` about the Join `join_id`.
fn answers(peer: &FakePeer, kind: &str, join_id: &str) -> usize {
    peer.received("/inbox")
        .iter()
        .filter(|a| a["type"] == kind)
        .filter(|a| a["object"]["id"] == join_id || a["object"] == join_id)
        .count()
}

async fn registration_on(node: &Node, event_id: i64, user: &User) -> Value {
    node.get(&format!("/api/v1/events/{event_id}"), Some(&user.token))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_from_three_servers_with_waitlist_and_updates() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let ana = a.admin("ana").await;
    let ben = a.user("ben").await;
    let bob = b.user("bob").await;
    let bea = b.user("bea").await;
    let group = a.group("coop", "open", &ana);
    join(&a, &ben, &group).await;
    join(&b, &bob, &group).await;
    let peer = FakePeer::start().await;
    let mia = peer.actor("mia", "Person");
    let otto = peer.actor("otto", "Person");

    let (status, event) = call(&a, Method::POST, "/api/v1/groups/coop/events", &ana, json!({
        "title": "Atelier compta", "description": "Tenir sa **comptabilité**.", "category": "training",
        "starts_at": in_days(5, 17), "ends_at": in_days(5, 19), "timezone": "Europe/Paris",
        "place_name": "La Coop", "place_address": "1 rue de Brest, Rennes",
        "online_url": "https://visio.example/atelier", "capacity": 3
    })).await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let id = event["id"].as_i64().unwrap();
    let event_url = event["url"].as_str().unwrap().to_owned();

    // Peers fetch the event at its id: FEP-8a8e and Mobilizon's fields, no online link.
    let fetched: Value = a
        .http
        .get(&event_url)
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fetched["type"], "Event");
    assert_eq!(fetched["name"], "Atelier compta");
    assert_eq!(fetched["joinMode"], "free");
    assert_eq!(fetched["maximumAttendeeCapacity"], 3);
    assert_eq!(fetched["timezone"], "Europe/Paris");
    assert_eq!(
        fetched["location"]["address"]["streetAddress"],
        "1 rue de Brest, Rennes"
    );
    assert_eq!(fetched["isOnline"], true);
    assert!(!fetched.to_string().contains("visio.example"), "{fetched}");

    // The event reaches B, where bob's group follows it.
    let b_id = eventually("the event on B", WAIT, || async {
        let list = b.get(&format!("/api/v1/groups/{group}/events"), None).await;
        list.as_array()?
            .iter()
            .find(|e| e["url"] == event_url.as_str())?["id"]
            .as_i64()
    })
    .await;
    let on_b = registration_on(&b, b_id, &bob).await;
    assert_eq!(on_b["local"], false);
    assert_eq!(on_b["title"], "Atelier compta");
    assert_eq!(on_b["capacity"], 3);
    assert_eq!(on_b["online_url"], Value::Null);

    // ben registers on A; bob from B; mia with a Mobilizon Join.
    let (status, outcome) = call(
        &a,
        Method::POST,
        &format!("/api/v1/events/{id}/registrations"),
        &ben,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    assert_eq!(outcome["state"], "accepted");
    let (status, outcome) = call(
        &b,
        Method::POST,
        &format!("/api/v1/events/{b_id}/registrations"),
        &bob,
        json!({"note": "Végétarien"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    assert_eq!(outcome["state"], "pending", "B waits for A's answer");
    eventually("bob seated, as B sees it", WAIT, || async {
        let view = registration_on(&b, b_id, &bob).await;
        (view["your_registration"] == "accepted").then_some(())
    })
    .await;
    let mia_join = mobilizon_join(&mia, "mia-1", &event_url);
    assert_eq!(deliver(&a, &mia, &mia_join).await, StatusCode::ACCEPTED);
    let mia_join_id = mia_join["id"].as_str().unwrap().to_owned();
    eventually("mia's Accept", WAIT, || async {
        (answers(&peer, "Accept", &mia_join_id) == 1).then_some(())
    })
    .await;
    // The same Join again (a retry) changes nothing.
    assert_eq!(deliver(&a, &mia, &mia_join).await, StatusCode::ACCEPTED);

    let list = a
        .get(&format!("/api/v1/events/{id}/attendees"), Some(&ana.token))
        .await;
    let seated: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["state"] == "accepted")
        .collect();
    assert_eq!(seated.len(), 3, "{list}");
    assert!(
        list.to_string().contains("Je viendrai avec une collègue"),
        "{list}"
    );
    assert!(list.to_string().contains("Végétarien"), "{list}");

    // The online link: bob (seated) sees it on B, bea (not registered) does not.
    eventually("the link for bob on B", WAIT, || async {
        let view = registration_on(&b, b_id, &bob).await;
        (view["online_url"] == "https://visio.example/atelier").then_some(())
    })
    .await;
    let bea_view = registration_on(&b, b_id, &bea).await;
    assert_eq!(bea_view["online_url"], Value::Null);
    assert_eq!(bea_view["online"], true);

    // The fourth, otto, waits; his server hears it.
    let otto_join = otto.activity("Join", "otto-1", json!(event_url));
    assert_eq!(deliver(&a, &otto, &otto_join).await, StatusCode::ACCEPTED);
    let otto_join_id = otto_join["id"].as_str().unwrap().to_owned();
    eventually("otto's TentativeAccept", WAIT, || async {
        (answers(&peer, "TentativeAccept", &otto_join_id) == 1).then_some(())
    })
    .await;
    assert_eq!(answers(&peer, "Accept", &otto_join_id), 0);

    // bob leaves from B: his seat frees on A, and otto moves up with an Accept.
    let (status, _) = b
        .api(
            Method::DELETE,
            &format!("/api/v1/events/{b_id}/registrations/me"),
            Some(&bob.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    eventually("otto moved up", WAIT, || async {
        (answers(&peer, "Accept", &otto_join_id) == 1).then_some(())
    })
    .await;
    let list = a
        .get(&format!("/api/v1/events/{id}/attendees"), Some(&ana.token))
        .await;
    assert!(
        !list.to_string().contains(&bob.url),
        "bob is gone from A's list: {list}"
    );
    let seated = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["state"] == "accepted")
        .count();
    assert_eq!(seated, 3, "{list}");

    // The organizer postpones and moves the event: B's copy and the participants' server follow.
    let (status, changed) = call(&a, Method::PATCH, &format!("/api/v1/events/{id}"), &ana, json!({
        "title": "Atelier compta", "description": "Tenir sa **comptabilité**.", "category": "training",
        "starts_at": in_days(12, 9), "ends_at": in_days(12, 11), "timezone": "Europe/Paris",
        "place_name": "La Coop", "place_address": "1 rue de Brest, Rennes",
        "online_url": "https://visio.example/atelier", "capacity": 3, "status": "postponed"
    })).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    eventually("the change on B", WAIT, || async {
        let view = registration_on(&b, b_id, &bea).await;
        (view["status"] == "postponed" && view["starts_at"] == changed["starts_at"]).then_some(())
    })
    .await;
    eventually("the change at the participants' server", WAIT, || async {
        peer.received("/inbox")
            .iter()
            .any(|a| {
                a["type"] == "Update"
                    && a["object"]["id"] == event_url.as_str()
                    && a["object"]["status"] == "TENTATIVE"
            })
            .then_some(())
    })
    .await;

    // otto withdraws with Undo(Join): his seat is free again.
    let undo = otto.activity("Undo", "otto-1", otto_join.clone());
    assert_eq!(deliver(&a, &otto, &undo).await, StatusCode::ACCEPTED);
    eventually("otto's seat freed", WAIT, || async {
        let view = a.get(&format!("/api/v1/events/{id}"), None).await;
        (view["participants"] == 2).then_some(())
    })
    .await;
    // Someone else's Undo of mia's Join changes nothing.
    let forged = otto.activity("Undo", "otto-2", mia_join.clone());
    let status = deliver(&a, &otto, &forged).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let view = a.get(&format!("/api/v1/events/{id}"), None).await;
    assert_eq!(view["participants"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_joins_and_the_last_seat_through_api_and_inbox() {
    let a = Node::start("A", 0).await;
    let ana = a.admin("ana").await;
    let group = a.group("assemblee", "open", &ana);
    let peer = FakePeer::start().await;

    // An assembly for members only: an outsider's Join is rejected and stores nothing.
    let (_, assembly) = call(
        &a,
        Method::POST,
        "/api/v1/groups/assemblee/events",
        &ana,
        json!({
            "title": "AG", "description": "Assemblée générale", "category": "assembly",
            "starts_at": in_days(9, 18), "ends_at": in_days(9, 20), "members_only": true
        }),
    )
    .await;
    let outsider = peer.actor("zoe", "Person");
    let refused = outsider.activity("Join", "ag", json!(assembly["url"]));
    assert_eq!(deliver(&a, &outsider, &refused).await, StatusCode::ACCEPTED);
    let join_id = refused["id"].as_str().unwrap().to_owned();
    eventually("the Reject", WAIT, || async {
        (answers(&peer, "Reject", &join_id) == 1).then_some(())
    })
    .await;
    let view = a
        .get(
            &format!("/api/v1/events/{}/attendees", assembly["id"]),
            Some(&ana.token),
        )
        .await;
    assert_eq!(view.as_array().unwrap().len(), 0, "{view}");
    // A Join for an event that does not exist here: 404, nothing sent.
    let lost = outsider.activity(
        "Join",
        "lost",
        json!(a.url("/events/6f1e0d8c-0000-4000-8000-000000000000")),
    );
    assert_eq!(deliver(&a, &outsider, &lost).await, StatusCode::NOT_FOUND);

    // On approval: no answer until an organizer decides, then the Accept.
    let (_, training) = call(
        &a,
        Method::POST,
        "/api/v1/groups/assemblee/events",
        &ana,
        json!({
            "title": "Formation", "description": "Sur inscription validée", "category": "training",
            "starts_at": in_days(6, 9), "ends_at": in_days(6, 12), "join_mode": "approval"
        }),
    )
    .await;
    let asking = outsider.activity("Join", "training", json!(training["url"]));
    assert_eq!(deliver(&a, &outsider, &asking).await, StatusCode::ACCEPTED);
    let asking_id = asking["id"].as_str().unwrap().to_owned();
    let list = eventually("zoe pending", WAIT, || async {
        let list = a
            .get(
                &format!("/api/v1/events/{}/attendees", training["id"]),
                Some(&ana.token),
            )
            .await;
        (list[0]["state"] == "pending").then_some(list)
    })
    .await;
    assert_eq!(
        answers(&peer, "Accept", &asking_id) + answers(&peer, "Reject", &asking_id),
        0
    );
    let (status, decided) = call(
        &a,
        Method::POST,
        &format!("/api/v1/events/{}/attendees", training["id"]),
        &ana,
        json!({"participant": list[0]["handle"], "decision": "accept"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    eventually("zoe's Accept after the decision", WAIT, || async {
        (answers(&peer, "Accept", &asking_id) == 1).then_some(())
    })
    .await;

    // One seat left; ten members through the API and ten accounts through the inbox at once.
    let (_, event) = call(
        &a,
        Method::POST,
        "/api/v1/groups/assemblee/events",
        &ana,
        json!({
            "title": "Visite", "description": "Visite de l'atelier", "category": "meetup",
            "starts_at": in_days(4, 10), "ends_at": in_days(4, 12), "capacity": 1
        }),
    )
    .await;
    let id = event["id"].as_i64().unwrap();
    let url = event["url"].as_str().unwrap().to_owned();
    let mut members = Vec::new();
    for n in 0..10 {
        let user = a.user(&format!("m{n}")).await;
        join(&a, &user, &group).await;
        members.push(user);
    }
    let remote: Vec<FakeActor> = (0..10)
        .map(|n| peer.actor(&format!("r{n}"), "Person"))
        .collect();
    // Every request is under way before any answer is awaited.
    let mut tasks: Vec<std::pin::Pin<Box<dyn std::future::Future<Output = StatusCode> + '_>>> =
        Vec::new();
    for user in &members {
        let path = a.url(&format!("/api/v1/events/{id}/registrations"));
        let request = a.http.post(path).bearer_auth(&user.token).json(&json!({}));
        tasks.push(Box::pin(
            async move { request.send().await.unwrap().status() },
        ));
    }
    for (n, actor) in remote.iter().enumerate() {
        let body = bytes(&actor.activity("Join", &format!("visit-{n}"), json!(url)));
        let inbox = a.url("/inbox");
        let http = &a.http;
        tasks.push(Box::pin(async move {
            actor.signed().post(http, &inbox, &body).await
        }));
    }
    for status in futures::future::join_all(tasks).await {
        assert!(status.is_success(), "{status}");
    }
    let seated = a
        .count(
            "SELECT COUNT(*) FROM event_registrations r JOIN events e ON e.id = r.event_id \
             WHERE e.ap_id = $1 AND r.state = 'accepted'",
            &url,
        )
        .await;
    assert_eq!(seated, 1, "exactly one person has the last seat");
    let waiting = a
        .count(
            "SELECT COUNT(*) FROM event_registrations r JOIN events e ON e.id = r.event_id \
             WHERE e.ap_id = $1 AND r.state = 'waitlisted'",
            &url,
        )
        .await;
    assert_eq!(waiting, 19);
}
