//! Agendas across nodes, as a member would live them: the board of a group on node A plans its
//! meeting; Bob, a member on node B, reads the agenda on B and proposes an item from there; the
//! board accepts it (and declines another with its reason); Bob sees both answers on B and is
//! notified. Then the moderators record what came of the item (linked to a proposal) and the
//! minutes, close the agenda, and B follows. Refusals change nothing.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{call, eventually, in_days, join, Node},
    web::assert_accessible,
    web_decisions::login,
};

const WAIT: u64 = 30;

/// The copy of the meeting titled `title` as `node` lists it for `group`.
async fn listed_meeting(node: &Node, group: &str, title: &str) -> Value {
    eventually(
        &format!("{title} listed on {}", node.name),
        WAIT,
        || async {
            let list = node
                .get(&format!("/api/v1/groups/{group}/meetings"), None)
                .await;
            list.as_array()?
                .iter()
                .find(|m| m["title"] == title)
                .cloned()
        },
    )
    .await
}

fn item<'a>(meeting: &'a Value, title: &str) -> Option<&'a Value> {
    meeting["items"]
        .as_array()?
        .iter()
        .find(|i| i["title"] == title)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_on_another_node_proposes_an_agenda_item_and_sees_it_accepted() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let ana = a.user("ana").await;
    let carl = a.user("carl").await;
    let bob = b.user("bob").await;
    let group = a.group("coop", "open", &ana);
    join(&a, &carl, &group).await;
    join(&b, &bob, &group).await;
    // The board, as the governance pages describe it.
    let (status, board) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/bodies",
        &ana,
        json!({
        "name": "Conseil d'administration", "kind": "board", "role": "Gère la coopérative",
        "decides_how": "Au consensus"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{board}");
    let board_id = board["id"].as_str().unwrap().to_string();

    // Only moderators plan meetings; bad input is refused.
    let meeting = json!({"body": board_id, "title": "CA de décembre", "starts_at": in_days(10, 18),
        "place": "Salle du 1er"});
    let (status, body) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/meetings",
        &carl,
        meeting.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/meetings",
        &ana,
        json!({"body": "no-such-body", "title": "CA", "starts_at": in_days(10, 18)}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_body"))
    );
    let (status, body) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/meetings",
        &ana,
        json!({"body": board_id, "title": "  ", "starts_at": in_days(10, 18)}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("title_required"))
    );
    assert_eq!(
        a.count("SELECT COUNT(*) FROM meetings WHERE ap_id <> $1", "")
            .await,
        0
    );
    let (status, created) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/meetings",
        &ana,
        meeting,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["body"], "Conseil d'administration");
    let meeting_on_a = created["id"].as_i64().unwrap();

    // Peers read the agenda as an OrderedCollection owned by the group.
    let document: Value = a
        .http
        .get(created["url"].as_str().unwrap())
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(document["type"], "OrderedCollection");
    assert_eq!(document["attributedTo"], a.url("/groups/coop"));
    assert_eq!(document["maillon:body"]["name"], "Conseil d'administration");

    // B keeps a copy; Bob proposes two items from B.
    let copy = listed_meeting(&b, &group, "CA de décembre").await;
    assert_eq!(copy["local"], false);
    assert_eq!(copy["place"], "Salle du 1er");
    let copy_id = copy["id"].as_i64().unwrap();
    let (status, body) = call(
        &b,
        Method::POST,
        &format!("/api/v1/meetings/{copy_id}/items"),
        &bob,
        json!({"title": "", "text": "x"}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("title_required"))
    );
    let (status, proposed) = call(
        &b,
        Method::POST,
        &format!("/api/v1/meetings/{copy_id}/items"),
        &bob,
        json!({"title": "Budget formation 2027", "text": "Prévoir **3 sessions**."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{proposed}");
    assert_eq!(proposed["state"], "proposed");
    let bobs_item = proposed["id"].as_i64().unwrap();
    let (status, _) = call(
        &b,
        Method::POST,
        &format!("/api/v1/meetings/{copy_id}/items"),
        &bob,
        json!({"title": "Changer de banque", "text": "Une banque coopérative."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);

    // A receives both, proposed, by Bob of B.
    let on_a = eventually("both items on A", WAIT, || async {
        let m = a
            .get(&format!("/api/v1/meetings/{meeting_on_a}"), None)
            .await;
        (m["items"].as_array()?.len() == 2).then_some(m)
    })
    .await;
    let budget = item(&on_a, "Budget formation 2027").unwrap();
    assert_eq!(budget["state"], "proposed");
    assert_eq!(budget["author"], bob.handle);
    assert!(budget["content"]
        .as_str()
        .unwrap()
        .contains("<strong>3 sessions</strong>"));
    let budget_on_a = budget["id"].as_i64().unwrap();
    let bank_on_a = item(&on_a, "Changer de banque").unwrap()["id"]
        .as_i64()
        .unwrap();

    // Only moderators answer; a decline says why; B cannot answer for A.
    let decide = |id: i64| format!("/api/v1/agenda-items/{id}/decision");
    let (status, _) = call(
        &a,
        Method::POST,
        &decide(budget_on_a),
        &carl,
        json!({"accepted": true}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = call(
        &a,
        Method::POST,
        &decide(bank_on_a),
        &ana,
        json!({"accepted": false, "reason": " "}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason_required"))
    );
    let (status, body) = call(
        &b,
        Method::POST,
        &decide(bobs_item),
        &bob,
        json!({"accepted": true}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("decided_on_the_group_node")
        )
    );
    assert_eq!(
        a.count(
            "SELECT COUNT(*) FROM agenda_items WHERE state <> $1",
            "proposed"
        )
        .await,
        0
    );
    let (status, accepted) = call(
        &a,
        Method::POST,
        &decide(budget_on_a),
        &ana,
        json!({"accepted": true}),
    )
    .await;
    assert_eq!(
        (status, accepted["state"].as_str()),
        (StatusCode::OK, Some("accepted")),
        "{accepted}"
    );
    let (status, declined) = call(
        &a,
        Method::POST,
        &decide(bank_on_a),
        &ana,
        json!({"accepted": false, "reason": "Déjà examiné en octobre"}),
    )
    .await;
    assert_eq!(
        (status, declined["state"].as_str()),
        (StatusCode::OK, Some("declined"))
    );
    // The same answer again changes nothing.
    let (status, _) = call(
        &a,
        Method::POST,
        &decide(budget_on_a),
        &ana,
        json!({"accepted": true}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // Bob sees both answers on B, and is told.
    let seen = eventually("answers on B", WAIT, || async {
        let m = b.get(&format!("/api/v1/meetings/{copy_id}"), None).await;
        let bank = item(&m, "Changer de banque")?;
        (item(&m, "Budget formation 2027")?["state"] == "accepted" && bank["state"] == "declined")
            .then(|| m.clone())
    })
    .await;
    assert_eq!(
        item(&seen, "Changer de banque").unwrap()["reason"],
        "Déjà examiné en octobre"
    );
    // Bob's own item kept his text on B.
    assert!(item(&seen, "Budget formation 2027").unwrap()["content"]
        .as_str()
        .unwrap()
        .contains("3 sessions"));
    let notifications = eventually("Bob notified", WAIT, || async {
        let list = b.get("/api/v1/me/notifications", Some(&bob.token)).await;
        let answered: Vec<Value> = list["items"]
            .as_array()?
            .iter()
            .filter(|n| n["kind"] == "agenda_item_answered")
            .cloned()
            .collect();
        (answered.len() == 2).then_some(answered)
    })
    .await;
    assert!(notifications
        .iter()
        .any(|n| n["title"] == "Budget formation 2027"));

    // The meeting page on B shows the agenda to Bob, with the form to propose; it reads well.
    let browser = login(&b, "bob").await;
    let (status, page) = browser.get(&b, &format!("/meeting/{copy_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Budget formation 2027") && page.contains("accepté"),
        "{page}"
    );
    assert!(page.contains("Déjà examiné en octobre"));
    assert!(page.contains(&format!("action=\"/meeting/{copy_id}/items\"")));
    assert!(!page.contains("/decision\""), "no answer buttons on a copy");
    assert_accessible("/meeting", &page);
    // A third item through the page form.
    let location = browser
        .submit(
            &b,
            &format!("/meeting/{copy_id}/items"),
            &[("title", "Horaires d'été"), ("text", "")],
        )
        .await;
    assert!(
        location.starts_with(&format!("/meeting/{copy_id}")),
        "{location}"
    );
    eventually("third item on A", WAIT, || async {
        let m = a
            .get(&format!("/api/v1/meetings/{meeting_on_a}"), None)
            .await;
        item(&m, "Horaires d'été").map(|_| ())
    })
    .await;

    // After the meeting: the item's outcome, linked to a proposal; the minutes; the agenda closes.
    let (_, process) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/processes",
        &ana,
        json!({
        "title": "Plan de formation", "description": "Le plan 2027", "participation": "co_decision",
        "decision_rule": "Majorité"}),
    )
    .await;
    let (status, proposal) = call(
        &a,
        Method::POST,
        &format!("/api/v1/processes/{}/proposals", process["id"]),
        &ana,
        json!({"title": "Trois sessions", "body": "Trois sessions en 2027"}),
    )
    .await;
    assert!(status.is_success(), "{proposal}");
    let (status, body) = call(
        &a,
        Method::PUT,
        &format!("/api/v1/agenda-items/{budget_on_a}/follow-up"),
        &ana,
        json!({"outcome": "Adopté : trois sessions.", "proposal": proposal["id"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["proposal"], proposal["id"]);
    let (status, body) = call(
        &a,
        Method::PUT,
        &format!("/api/v1/agenda-items/{bank_on_a}/follow-up"),
        &ana,
        json!({"proposal": 999999}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_proposal"))
    );
    let (status, _) = call(
        &a,
        Method::PUT,
        &format!("/api/v1/meetings/{meeting_on_a}/minutes"),
        &ana,
        json!({"minutes": "Présents : 7. **Budget** adopté."}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = call(&a, Method::PUT, &format!("/api/v1/meetings/{meeting_on_a}"), &ana,
        json!({"title": "CA de décembre", "starts_at": in_days(10, 18), "place": "Salle du 1er", "items_open": false})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let closed = eventually("closed agenda and minutes on B", WAIT, || async {
        let m = b.get(&format!("/api/v1/meetings/{copy_id}"), None).await;
        (m["items_open"] == false && m["minutes"].as_str()?.contains("<strong>Budget</strong>"))
            .then_some(m)
    })
    .await;
    assert_eq!(
        item(&closed, "Budget formation 2027").unwrap()["outcome"],
        "Adopté : trois sessions."
    );
    let (status, body) = call(
        &b,
        Method::POST,
        &format!("/api/v1/meetings/{copy_id}/items"),
        &bob,
        json!({"title": "Trop tard", "text": ""}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("agenda_closed"))
    );

    // On A, the moderator's page has the answer and follow-up forms and links the proposal.
    let moderator = login(&a, "ana").await;
    let (status, page) = moderator.get(&a, &format!("/meeting/{meeting_on_a}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("/agenda-item/{bank_on_a}/decision")));
    assert!(page.contains(&format!("href=\"/proposal/{}\"", proposal["id"])));
    assert_accessible("/meeting (moderator)", &page);
    // The proposal links back to the meeting that examined it, with what was concluded.
    let (status, page) = moderator
        .get(&a, &format!("/proposal/{}", proposal["id"]))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("href=\"/meeting/{meeting_on_a}\"")),
        "{page}"
    );
    assert!(page.contains("Adopté : trois sessions."));
    assert_accessible("/proposal (examined)", &page);
    // The board's page shows its next meeting and the agenda so far.
    let (status, page) = moderator.get(&a, &format!("/bodies/{board_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("href=\"/meeting/{meeting_on_a}\"")),
        "{page}"
    );
    assert!(page.contains("Budget formation 2027") && !page.contains("Changer de banque"));
    assert_accessible("/bodies (next meeting)", &page);
    let (status, page) = moderator.get(&a, "/groups/coop/meetings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("CA de décembre"));
    assert_accessible("/groups/coop/meetings", &page);
}

/// Agenda items and meetings that peers may not send: an item by someone who is not a member,
/// in another's name, with an id of ours, or twice; a meeting published in a group's name by
/// another actor; an answer to an item by an actor that is not the meeting's group.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_agenda_items_meetings_and_answers_are_refused() {
    use crate::peer::{bytes, Community, FakePeer};

    let c = Community::start().await;
    let peer = FakePeer::start().await;
    let mallory = peer.actor("mallory", "Person");
    peer.serve(&mallory.path, &mallory.document());
    let (status, bureau) = call(
        &c.a,
        Method::POST,
        "/api/v1/groups/rennes/bodies",
        &c.alice,
        json!({
        "name": "Bureau", "kind": "bureau", "role": "Prépare", "decides_how": "À la majorité"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{bureau}");
    let (status, meeting) = call(
        &c.a,
        Method::POST,
        "/api/v1/groups/rennes/meetings",
        &c.alice,
        json!({"body": bureau["id"], "title": "Bureau de janvier", "starts_at": in_days(20, 18)}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{meeting}");
    let meeting_url = meeting["url"].as_str().unwrap().to_string();
    let item = |id: String, author: &str| {
        json!({"type": "Note", "id": id, "attributedTo": author, "name": "Un point",
            "content": "<p>texte</p>",
            "target": {"type": "OrderedCollection", "id": meeting_url, "attributedTo": c.group_url}})
    };
    let items = || {
        c.a.count("SELECT COUNT(*) FROM agenda_items WHERE ap_id <> $1", "")
    };

    // Not a member of the group: refused.
    let from_mallory = mallory.activity("Create", "m1", item(peer.url("/items/m1"), &mallory.url));
    let status = mallory
        .signed()
        .post(&c.a.http, &c.group_inbox(), &bytes(&from_mallory))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // In someone else's name, or with an id of ours: refused.
    let create = |n: &str, object: Value| {
        json!({
        "id": c.b.url(&format!("/activities/create/agenda-{n}")), "type": "Create",
        "actor": c.bob.url, "to": [c.group_url], "object": object})
    };
    let as_alice = create("1", item(c.b.url("/agenda-items/x1"), &c.alice.url));
    assert_eq!(c.bob_sends(&as_alice).await, StatusCode::FORBIDDEN);
    let our_id = create("2", item(c.a.url("/agenda-items/x2"), &c.bob.url));
    assert_eq!(c.bob_sends(&our_id).await, StatusCode::FORBIDDEN);
    assert_eq!(items().await, 0);
    // Bob's item is kept once, even delivered twice under two activity ids.
    let fine = item(c.b.url("/agenda-items/x3"), &c.bob.url);
    assert_eq!(
        c.bob_sends(&create("3", fine.clone())).await,
        StatusCode::ACCEPTED
    );
    assert_eq!(c.bob_sends(&create("4", fine)).await, StatusCode::ACCEPTED);
    assert_eq!(items().await, 1);

    // Mallory publishes a meeting in the group's name: refused, nothing kept.
    let fake_meeting = mallory.activity(
        "Update",
        "meeting",
        json!({
        "type": "OrderedCollection", "id": peer.url("/meetings/fake"), "attributedTo": c.group_url,
        "name": "Faux bureau", "startTime": "2027-01-10T18:00:00Z",
        "maillon:body": {"name": "Bureau"}, "orderedItems": []}),
    );
    let status = mallory
        .signed()
        .post(&c.b.http, &c.b.url("/inbox"), &bytes(&fake_meeting))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        c.b.count(
            "SELECT COUNT(*) FROM meetings WHERE title = $1",
            "Faux bureau"
        )
        .await,
        0
    );

    // Mallory "declines" an item of alice's meeting: only the meeting's group answers.
    let (status, alices) = call(
        &c.a,
        Method::POST,
        &format!("/api/v1/meetings/{}/items", meeting["id"]),
        &c.alice,
        json!({"title": "Point d'alice", "text": ""}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let reject = mallory.activity(
        "Reject",
        "r1",
        json!({"type": "Note", "id": alices["url"],
        "target": {"type": "OrderedCollection", "id": peer.url("/meetings/other")}}),
    );
    let status = mallory
        .signed()
        .post(&c.a.http, &c.a.url("/inbox"), &bytes(&reject))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        c.a.text(
            "SELECT state FROM agenda_items WHERE ap_id = $1",
            alices["url"].as_str().unwrap()
        )
        .await,
        "proposed"
    );
}
