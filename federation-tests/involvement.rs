//! Involvement levels, as members would use them: in one group, five members choose what they
//! receive (stay informed, take part, the default, co-decide, lead, and one who wants nothing),
//! and a member of another node who follows the group chooses "stay informed" there. Then the
//! group lives: a post, an assembly, a training, a proposal that goes to deliberation and to a
//! vote, the vote's decision, a change to the training. Each member's notifications hold what
//! their level asks for and nothing else; the one registered for the training hears of its
//! change; the author hears of her proposal's steps at any level. Bad choices are refused.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{
    harness::{announce_event, decide_by_majority, eventually, in_days, join, Node, User},
    web_decisions::login,
};

const WAIT: u64 = 30;

async fn choose(node: &Node, user: &User, group: &str, level: &str, channel: &str) {
    let (status, body) = node
        .api(
            Method::PUT,
            &format!("/api/v1/groups/{group}/involvement"),
            Some(&user.token),
            Some(json!({"level": level, "channel": channel})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["level"], level);
    assert_eq!(body["chosen"], true);
}

async fn kinds(node: &Node, user: &User) -> BTreeSet<String> {
    let list = node
        .get("/api/v1/me/notifications", Some(&user.token))
        .await;
    list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{list}"))
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect()
}

fn set(words: &[&str]) -> BTreeSet<String> {
    words.iter().map(|w| w.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_member_receives_what_their_involvement_asks_for() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let alice = a.admin("alice").await;
    let coop = a.group("coop", "open", &alice);
    let mut members = Vec::new();
    for name in ["sam", "tina", "cleo", "leo", "nina"] {
        let user = a.user(name).await;
        join(&a, &user, &coop).await;
        members.push(user);
    }
    let (sam, tina, cleo, leo, nina) = (
        &members[0],
        &members[1],
        &members[2],
        &members[3],
        &members[4],
    );
    let bob = b.user("bob").await;
    join(&b, &bob, &coop).await;

    // The default until one chooses: take part, in the app.
    let default = a
        .get("/api/v1/groups/coop/involvement", Some(&tina.token))
        .await;
    assert_eq!(
        (&default["level"], &default["channel"], &default["chosen"]),
        (&json!("take_part"), &json!("in_app"), &json!(false))
    );
    choose(&a, sam, "coop", "stay_informed", "in_app").await;
    choose(&a, cleo, "coop", "co_decide", "in_app").await;
    choose(&a, leo, "coop", "lead", "in_app").await;
    choose(&a, nina, "coop", "lead", "none").await;
    choose(&b, &bob, &coop, "stay_informed", "in_app").await;

    // Bad choices change nothing; outsiders choose nothing.
    for body in [
        json!({"level": "expert", "channel": "in_app"}),
        json!({"level": "lead", "channel": "sms"}),
    ] {
        let (status, error) = a
            .api(
                Method::PUT,
                "/api/v1/groups/coop/involvement",
                Some(&sam.token),
                Some(body),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        assert_eq!(error["error"], "invalid_field");
    }
    // Email digests are not sent yet: the choice is refused rather than silently ignored.
    let (status, error) = a
        .api(
            Method::PUT,
            "/api/v1/groups/coop/involvement",
            Some(&sam.token),
            Some(json!({"level": "lead", "channel": "email_weekly"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"], "channel_unavailable");
    let stranger = a.user("zoe").await;
    let (status, _) = a
        .api(
            Method::PUT,
            "/api/v1/groups/coop/involvement",
            Some(&stranger.token),
            Some(json!({"level": "lead", "channel": "in_app"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let sams = a
        .get("/api/v1/groups/coop/involvement", Some(&sam.token))
        .await;
    assert_eq!(sams["level"], "stay_informed");

    // The same choice on the group page: the form shows it, saves it, refuses nonsense.
    let browser = login(&a, "tina").await;
    let (_, page) = browser.get(&a, "/groups/coop").await;
    assert!(page.contains("Ce que je reçois de ce groupe"), "{page}");
    assert!(
        page.contains(r#"value="take_part" checked"#),
        "the default is shown: {page}"
    );
    let (status, _) = browser
        .post(
            &a,
            "/groups/coop/involvement",
            &[("level", "boss"), ("channel", "in_app")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    browser
        .submit(
            &a,
            "/groups/coop/involvement",
            &[("level", "co_decide"), ("channel", "in_app")],
        )
        .await;
    let (_, page) = browser.get(&a, "/groups/coop").await;
    assert!(page.contains(r#"value="co_decide" checked"#), "{page}");
    assert!(
        !page.contains("email_daily"),
        "email is not offered yet: {page}"
    );
    browser
        .submit(
            &a,
            "/groups/coop/involvement",
            &[("level", "take_part"), ("channel", "in_app")],
        )
        .await;
    let tinas = a
        .get("/api/v1/groups/coop/involvement", Some(&tina.token))
        .await;
    assert_eq!(
        (&tinas["level"], &tinas["chosen"]),
        (&json!("take_part"), &json!(true))
    );
    // A visitor sees no such form.
    let (_, page) = login(&a, "zoe").await.get(&a, "/groups/coop").await;
    assert!(!page.contains("Ce que je reçois de ce groupe"), "{page}");

    // The group lives.
    a.post(
        "/api/v1/groups/coop/posts",
        &alice.token,
        json!({"content": "Bienvenue aux nouveaux"}),
    )
    .await;
    announce_event(&a, &alice, "Assemblée générale", "assembly").await;
    let training = announce_event(&a, &alice, "Formation compta", "training").await;
    let training_id = training["id"].as_i64().unwrap();
    let (status, _) = a
        .api(
            Method::POST,
            &format!("/api/v1/events/{training_id}/registrations"),
            Some(&tina.token),
            Some(json!({})),
        )
        .await;
    assert!(status.is_success(), "{status}");
    let process = a
        .post(
            "/api/v1/groups/coop/processes",
            &alice.token,
            json!({"title": "Budget", "description": "Le budget 2027",
                "participation": "co_decision", "decision_rule": "Majorité simple"}),
        )
        .await;
    let proposal = a
        .post(
            &format!("/api/v1/processes/{}/proposals", process["id"]),
            &sam.token,
            json!({"title": "Plus pour la formation", "body": "10 % de plus"}),
        )
        .await;
    let proposal_id = proposal["id"].as_i64().unwrap();
    decide_by_majority(&a, &alice, proposal_id).await;
    let (status, body) = a
        .api(
            Method::PATCH,
            &format!("/api/v1/events/{training_id}"),
            Some(&alice.token),
            Some(
                json!({"title": "Formation compta", "description": "Ordre du jour à venir",
                "category": "training", "starts_at": in_days(6, 17), "ends_at": in_days(6, 20),
                "timezone": "Europe/Paris", "place_name": "La Coop", "capacity": 30}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // What each one received.
    let decided = set(&["decision", "assembly"]);
    let mut sam_expects = decided.clone();
    sam_expects.insert("proposal_moved".into()); // her own proposal, at any level
    assert_eq!(kinds(&a, sam).await, sam_expects);
    let mut taking_part = decided.clone();
    taking_part.extend(set(&["proposal_published", "event_announced"]));
    let mut tina_expects = taking_part.clone();
    tina_expects.insert("event_changed".into()); // she registered for the training
    assert_eq!(kinds(&a, tina).await, tina_expects);
    let mut co_deciding = taking_part.clone();
    co_deciding.extend(set(&["deliberation_opened", "vote_opened"]));
    assert_eq!(kinds(&a, cleo).await, co_deciding);
    let mut leading = co_deciding.clone();
    leading.insert("group_post".into());
    assert_eq!(kinds(&a, leo).await, leading);
    assert_eq!(kinds(&a, nina).await, BTreeSet::new(), "nina wants nothing");

    // Bob, on B, chose to stay informed: the decision and the assembly reach him there.
    eventually("bob's news on B", WAIT, || async {
        (kinds(&b, &bob).await == decided).then_some(())
    })
    .await;
    // And the decision's notification leads to the vote's page on B.
    let list = b.get("/api/v1/me/notifications", Some(&bob.token)).await;
    let decision = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "decision")
        .unwrap();
    assert!(
        decision["page"]
            .as_str()
            .is_some_and(|p| p.starts_with("/vote/")),
        "{decision}"
    );
}
