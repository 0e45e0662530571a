//! Full participation from one's own node, as issue 4 asks: members of node B who belong to a
//! group of node A support A's proposals from B (a `Like`), withdraw their support (`Undo`),
//! amend them (the author on A answers), and submit proposals into A's process from B; the
//! counts, states and answers come back to B. A member on another fediverse server supports
//! with a favourite; a non-member's `Like` or amendment changes nothing; repeated deliveries
//! count once; a proposal outside the proposals phase is refused, on B and on A.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{eventually, join, Node, User},
    peer::{fake_joins, FakeActor, FakePeer},
    remote_decisions::{call, proposal_on},
    votes_federation::send,
    web_decisions::login,
};

/// A group `coop` on A moderated by ana, its open process (support threshold 2) and ana's
/// published proposal; returns (process id on A, proposal as A's API shows it).
async fn process_with_a_proposal(a: &Node, ana: &User) -> (i64, Value) {
    let (status, process) = call(
        a,
        Method::POST,
        "/api/v1/groups/coop/processes",
        ana,
        json!({"title": "AG 2027", "description": "Assemblée générale annuelle.",
               "participation": "co_decision", "decision_rule": "Majorité simple.",
               "support_threshold": 2}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{process}");
    let process_id = process["id"].as_i64().unwrap();
    let (status, proposal) = call(
        a,
        Method::POST,
        &format!("/api/v1/processes/{process_id}/proposals"),
        ana,
        json!({"title": "Nouveau local", "body": "Déménager rue Saint-Malo."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{proposal}");
    (process_id, proposal)
}

async fn view(node: &Node, id: i64, user: Option<&User>) -> Value {
    node.get(
        &format!("/api/v1/proposals/{id}"),
        user.map(|u| u.token.as_str()),
    )
    .await
}

/// Waits until `node` shows `count` supports on proposal `id`.
async fn supports_become(node: &Node, id: i64, count: i64, what: &str) -> Value {
    eventually(what, 30, || async {
        let support = view(node, id, None).await["support"].clone();
        (support["supports"] == count).then_some(support)
    })
    .await
}

/// A `Like` as Mastodon sends a favourite (ids on a fake peer are per peer: name them).
fn like(actor: &FakeActor, n: &str, object: &str) -> Value {
    actor.activity("Like", &format!("{}-{n}", actor.name), json!(object))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supports_travel_as_likes_from_members_only() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let ana = a.admin("ana").await;
    let bob = b.user("bob").await;
    let group = a.group("coop", "open", &ana);
    join(&b, &bob, &group).await;
    let peer = FakePeer::start().await;
    let mia = peer.actor("mia", "Person");
    let otto = peer.actor("otto", "Person");
    fake_joins(&a, &a.url("/groups/coop"), &mia).await;
    let (_, proposal) = process_with_a_proposal(&a, &ana).await;
    let a_id = proposal["id"].as_i64().unwrap();
    let ap_id = proposal["url"].as_str().unwrap().to_owned();
    let b_id = proposal_on(&b, &group, &ap_id, "the proposal on B").await["id"]
        .as_i64()
        .unwrap();

    // bob supports from B's API: B keeps it as his and sends a Like; A counts it, and the
    // group's Update brings the count back to B.
    let (status, state) = call(
        &b,
        Method::POST,
        &format!("/api/v1/proposals/{b_id}/supports"),
        &bob,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{state}");
    assert_eq!(state["supported_by_you"], true);
    supports_become(&a, a_id, 1, "bob's support counted on A").await;
    let on_b = supports_become(&b, b_id, 1, "the count back on B").await;
    assert_eq!(on_b["reached"], false, "threshold 2: {on_b}");
    assert_eq!(
        view(&b, b_id, Some(&bob)).await["support"]["supported_by_you"],
        true
    );
    // Supporting again sends nothing more.
    let (status, _) = call(
        &b,
        Method::POST,
        &format!("/api/v1/proposals/{b_id}/supports"),
        &bob,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let likes = b
        .count("SELECT COUNT(*) FROM activities WHERE kind = $1", "Like")
        .await;
    assert_eq!(likes, 1, "one Like for one support");

    // mia, a member on another server, favourites the proposal as Mastodon does: it counts,
    // the threshold is reached, and B shows it. The same delivery again counts once.
    let favourite = like(&mia, "1", &ap_id);
    assert_eq!(send(&a, &mia, &favourite).await, StatusCode::ACCEPTED);
    assert_eq!(send(&a, &mia, &favourite).await, StatusCode::ACCEPTED);
    let on_b = supports_become(&b, b_id, 2, "mia's support shown on B").await;
    assert_eq!(on_b["reached"], true, "{on_b}");
    assert_eq!(
        supports_become(&a, a_id, 2, "two supports on A").await["reached"],
        true
    );

    // otto is no member: his Like is refused and changes nothing; nor does a Like of a
    // proposal A does not have.
    assert_eq!(
        send(&a, &otto, &like(&otto, "1", &ap_id)).await,
        StatusCode::FORBIDDEN
    );
    let unknown = a.url("/proposals/00000000-0000-4000-8000-000000000000");
    assert_eq!(
        send(&a, &mia, &like(&mia, "2", &unknown)).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(view(&a, a_id, None).await["support"]["supports"], 2);

    // mia takes hers back (Undo of the Like, embedded); bob his from B's page.
    let undo = mia.activity("Undo", "mia-1", favourite.clone());
    assert_eq!(send(&a, &mia, &undo).await, StatusCode::ACCEPTED);
    supports_become(&a, a_id, 1, "mia's support withdrawn on A").await;
    let bob_web = login(&b, "bob").await;
    let (_, page) = bob_web.get(&b, &format!("/proposal/{b_id}")).await;
    assert!(page.contains("Cette proposition est décidée sur"), "{page}");
    assert!(page.contains("Retirer mon soutien"), "{page}");
    let location = bob_web
        .submit(
            &b,
            &format!("/proposal/{b_id}/support"),
            &[("support", "no")],
        )
        .await;
    assert!(location.contains("notice-support-withdrawn"), "{location}");
    supports_become(&a, a_id, 0, "bob's support withdrawn on A").await;
    let on_b = supports_become(&b, b_id, 0, "no support left on B").await;
    assert_eq!(on_b["reached"], false);
    assert_eq!(
        view(&b, b_id, Some(&bob)).await["support"]["supported_by_you"],
        false
    );

    // Once withdrawn by its author, the proposal takes no support, by any path.
    let (status, body) = call(
        &a,
        Method::POST,
        &format!("/api/v1/proposals/{a_id}/state"),
        &ana,
        json!({"state": "withdrawn"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    eventually("the withdrawal on B", 30, || async {
        (view(&b, b_id, None).await["state"] == "withdrawn").then_some(())
    })
    .await;
    let (status, body) = call(
        &b,
        Method::POST,
        &format!("/api/v1/proposals/{b_id}/supports"),
        &bob,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "not_open_for_support");
    assert_eq!(
        send(&a, &mia, &like(&mia, "3", &ap_id)).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(view(&a, a_id, None).await["support"]["supports"], 0);
}

/// The amendment of `url` in a proposal view, once it is there in `state`.
async fn amendment_in(node: &Node, id: i64, url: &str, state: &str, what: &str) -> Value {
    eventually(what, 30, || async {
        view(node, id, None).await["amendments"]
            .as_array()?
            .iter()
            .find(|m| m["url"] == url && m["state"] == state)
            .cloned()
    })
    .await
}

/// An amendment note of a fake actor, as a Maillon node sends it.
fn amendment_of(actor: &FakeActor, n: &str, proposal: &str, group: &str) -> Value {
    let base = actor.url.split("/users/").next().unwrap().to_owned();
    let note = json!({
        "id": format!("{base}/amendments/{}-{n}", actor.name), "type": "Note",
        "attributedTo": actor.url, "inReplyTo": proposal, "maillon:amends": proposal,
        "content": "<p>Autre texte</p>",
        "source": {"content": "Autre texte", "mediaType": "text/markdown"},
        "to": [group], "audience": group
    });
    actor.activity("Create", &format!("amend-{}-{n}", actor.name), note)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn amendments_and_proposals_from_another_node() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let c = Node::start("C", 2).await;
    let ana = a.admin("ana").await;
    let bob = b.user("bob").await;
    let carl = c.user("carl").await;
    let group = a.group("coop", "open", &ana);
    let group_url = a.url("/groups/coop");
    join(&b, &bob, &group).await;
    join(&c, &carl, &group).await;
    let peer = FakePeer::start().await;
    let mia = peer.actor("mia", "Person");
    let otto = peer.actor("otto", "Person");
    fake_joins(&a, &group_url, &mia).await;
    let (a_process, proposal) = process_with_a_proposal(&a, &ana).await;
    let a_id = proposal["id"].as_i64().unwrap();
    let ap_id = proposal["url"].as_str().unwrap().to_owned();
    let on_b = proposal_on(&b, &group, &ap_id, "the proposal on B").await;
    let b_id = on_b["id"].as_i64().unwrap();
    let b_process = on_b["process_id"].as_i64().unwrap();

    // bob amends from B's page; A shows it to ana, who accepts: the text changes on A, and
    // B sees both the answer and the new text.
    let bob_web = login(&b, "bob").await;
    let location = bob_web
        .submit(
            &b,
            &format!("/proposal/{b_id}/amendments"),
            &[
                ("body", "Déménager rue de Brest."),
                ("reason", "Plus proche de la gare"),
            ],
        )
        .await;
    assert!(location.contains("notice-amendment-proposed"), "{location}");
    let mine = view(&b, b_id, None).await["amendments"][0].clone();
    assert_eq!(mine["state"], "pending", "{mine}");
    let url = mine["url"].as_str().unwrap().to_owned();
    let on_a = amendment_in(&a, a_id, &url, "pending", "bob's amendment on A").await;
    assert_eq!(on_a["author"], bob.handle);
    assert_eq!(on_a["reason"], "Plus proche de la gare");
    let a_amendment = on_a["id"].as_i64().unwrap();
    let (status, body) = call(
        &a,
        Method::POST,
        &format!("/api/v1/amendments/{a_amendment}/accept"),
        &ana,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(view(&a, a_id, None).await["content"]
        .as_str()
        .unwrap()
        .contains("rue de Brest"));
    amendment_in(&b, b_id, &url, "accepted", "the acceptance on B").await;
    eventually("the amended text on B", 30, || async {
        view(&b, b_id, None).await["content"]
            .as_str()?
            .contains("rue de Brest")
            .then_some(())
    })
    .await;

    // A second one, through B's API, is declined.
    let (status, second) = call(
        &b,
        Method::POST,
        &format!("/api/v1/proposals/{b_id}/amendments"),
        &bob,
        json!({"body": "Rester où nous sommes."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    let url = second["url"].as_str().unwrap().to_owned();
    let on_a = amendment_in(&a, a_id, &url, "pending", "the second amendment on A").await;
    let (status, _) = call(
        &a,
        Method::POST,
        &format!("/api/v1/amendments/{}/decline", on_a["id"]),
        &ana,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    amendment_in(&b, b_id, &url, "declined", "the refusal on B").await;

    // A member elsewhere sends one twice (the same note under two activity ids): kept once.
    // A non-member's is refused.
    let from_mia = amendment_of(&mia, "1", &ap_id, &group_url);
    assert_eq!(send(&a, &mia, &from_mia).await, StatusCode::ACCEPTED);
    let mut again = from_mia.clone();
    again["id"] = json!(format!("{}-again", from_mia["id"].as_str().unwrap()));
    assert_eq!(send(&a, &mia, &again).await, StatusCode::ACCEPTED);
    assert_eq!(
        send(&a, &otto, &amendment_of(&otto, "1", &ap_id, &group_url)).await,
        StatusCode::FORBIDDEN
    );
    let amendments = view(&a, a_id, None).await["amendments"].clone();
    assert_eq!(amendments.as_array().unwrap().len(), 3, "{amendments}");

    // bob writes a proposal on B's page of A's process: it goes to the group, A records it
    // as bob's, and announces it; C (another node following the group) keeps it with the
    // process as A serves it.
    let (_, page) = bob_web.get(&b, &format!("/process/{b_process}")).await;
    assert!(page.contains("Ce groupe vit sur"), "{page}");
    let location = bob_web
        .submit(
            &b,
            &format!("/process/{b_process}/proposals"),
            &[
                ("title", "Jardin partagé"),
                ("body", "Un potager **sur le toit**."),
            ],
        )
        .await;
    assert!(location.contains("notice-proposal-published"), "{location}");
    let b_q = location
        .strip_prefix("/proposal/")
        .and_then(|rest| rest.split('?').next())
        .and_then(|id| id.parse::<i64>().ok())
        .expect("B's proposal id");
    let q_url = view(&b, b_q, None).await["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(q_url.starts_with(&b.url("/proposals/")), "{q_url}");
    let on_a = proposal_on(&a, &group, &q_url, "bob's proposal on A").await;
    assert_eq!(on_a["author"], bob.handle);
    assert_eq!(on_a["state"], "published");
    assert_eq!(on_a["process_id"], a_process);
    assert_eq!(
        (on_a["local"].clone(), on_a["decided_here"].clone()),
        (json!(false), json!(true))
    );
    assert!(on_a["content"]
        .as_str()
        .unwrap()
        .contains("<strong>sur le toit</strong>"));
    let a_q = on_a["id"].as_i64().unwrap();
    let on_c = proposal_on(&c, &group, &q_url, "bob's proposal on C").await;
    assert_eq!(on_c["state"], "published");
    let c_process = c
        .get(&format!("/api/v1/processes/{}", on_c["process_id"]), None)
        .await;
    assert_eq!(c_process["title"], "AG 2027", "{c_process}");

    // A decides it: ana's support and the move to deliberation reach B and C with the
    // group's word.
    let (status, _) = call(
        &a,
        Method::POST,
        &format!("/api/v1/proposals/{a_q}/supports"),
        &ana,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    supports_become(&b, b_q, 1, "ana's support of bob's proposal on B").await;
    let (status, body) = call(
        &a,
        Method::POST,
        &format!("/api/v1/proposals/{a_q}/state"),
        &ana,
        json!({"state": "deliberation"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let c_q = on_c["id"].as_i64().unwrap();
    for (node, id) in [(&b, b_q), (&c, c_q)] {
        eventually(&format!("deliberation on {}", node.name), 30, || async {
            let shown = view(node, id, None).await;
            (shown["state"] == "deliberation" && shown["support"]["supports"] == 1).then_some(())
        })
        .await;
    }
    // bob edits his text on B: A follows. Its state stays A's to change, and its author
    // answers amendments on B, which is not possible yet: C's member is told so.
    let (status, body) = call(
        &b,
        Method::PATCH,
        &format!("/api/v1/proposals/{b_q}"),
        &bob,
        json!({"title": "Jardin partagé", "body": "Un potager sur le toit, et des ruches."}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    eventually("bob's edit on A", 30, || async {
        view(&a, a_q, None).await["content"]
            .as_str()?
            .contains("ruches")
            .then_some(())
    })
    .await;
    let (status, body) = call(
        &b,
        Method::POST,
        &format!("/api/v1/proposals/{b_q}/state"),
        &bob,
        json!({"state": "withdrawn"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "remote_proposal");
    let (status, body) = call(
        &c,
        Method::POST,
        &format!("/api/v1/proposals/{c_q}/amendments"),
        &carl,
        json!({"body": "Et des poules."}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "author_elsewhere");

    // A non-member cannot submit into the process.
    let page = json!({
        "id": peer.url("/proposals/1"), "type": "Page", "attributedTo": otto.url,
        "name": "Intrus", "content": "<p>x</p>", "to": [group_url], "audience": group_url,
        "maillon:state": "published",
        "maillon:process": {"id": c_process["url"], "attributedTo": group_url,
                            "name": "AG 2027", "maillon:participation": "co_decision"}
    });
    assert_eq!(
        send(&a, &otto, &otto.activity("Create", "p1", page)).await,
        StatusCode::FORBIDDEN
    );

    // Past its proposals phase, a process takes no more proposals: A refuses what B, not
    // knowing yet, sent; once B knows, B refuses at once.
    a.execute("UPDATE processes SET proposals_from = 1, deliberation_from = 2")
        .await;
    let (status, late) = call(
        &b,
        Method::POST,
        &format!("/api/v1/processes/{b_process}/proposals"),
        &bob,
        json!({"title": "Trop tard", "body": "Une idée de plus."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{late}");
    eventually("A's refusal of the late proposal", 30, || async {
        let refused = b
            .count(
                "SELECT COUNT(*) FROM deliveries WHERE state = 'failed' AND last_error LIKE $1",
                "%not_accepting_proposals%",
            )
            .await;
        (refused == 1).then_some(())
    })
    .await;
    let listed = a.get(&format!("/api/v1/processes/{a_process}"), None).await;
    assert_eq!(listed["proposals"].as_array().unwrap().len(), 2, "{listed}");
    b.execute("UPDATE processes SET proposals_from = 1, deliberation_from = 2")
        .await;
    let (status, body) = call(
        &b,
        Method::POST,
        &format!("/api/v1/processes/{b_process}/proposals"),
        &bob,
        json!({"title": "Encore trop tard", "body": "Et une autre."}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "not_accepting_proposals");
}
