//! Governance as a new member lives it, across two nodes (issue 8's "done when"): Léa, whose
//! account is on node B, joins a cooperative hosted on node A. She reads who sits on its board
//! and when their mandates end, proposes an item for the board's next meeting from B and sees
//! it accepted, chooses "stay informed" with a daily email digest, and of everything the
//! cooperative then does (a proposal, a training, a board meeting, a decision) her digest,
//! checked in a real SMTP server, holds the decision alone.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{
    email_digests::{send_digests, SmtpSink},
    harness::{announce_event, call, decide_by_majority, eventually, in_days, join, Node},
    web::assert_accessible,
    web_decisions::login,
};

const WAIT: u64 = 30;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_member_sees_the_board_gets_her_agenda_item_accepted_and_only_decisions_by_email() {
    let sink = SmtpSink::start();
    let a = Node::start("A", 0).await;
    let env = sink.node_env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let b = Node::start_with("B", 1, &env).await;
    let ana = a.user("ana").await;
    let group = a.group("coop", "open", &ana);
    let lea = b.user("lea").await;

    // The cooperative describes its board and who sits on it.
    let (status, board) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/bodies",
        &ana,
        json!({
        "name": "Conseil d'administration", "kind": "board",
        "role": "Veille à la bonne marche de la coopérative", "decides_how": "Au consensus"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{board}");
    let board_id = board["id"].as_str().unwrap().to_string();
    let (status, seat) = call(
        &a,
        Method::POST,
        &format!("/api/v1/bodies/{board_id}/members"),
        &ana,
        json!({"handle": "ana", "office": "Présidente", "mandate_start": "2024-07-01",
               "mandate_end": "2027-06-30"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{seat}");

    // Léa joins from B and reads who sits on the board, and until when.
    join(&b, &lea, &group).await;
    let governance = a
        .http
        .get(a.url("/groups/coop/governance"))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    assert_eq!(governance.status(), StatusCode::OK);
    let page = governance.text().await.unwrap().replace("&#39;", "'");
    assert!(page.contains("Conseil d'administration") && page.contains("Présidente"));
    assert!(page.contains("30 juin 2027"), "the mandate's end: {page}");
    assert_accessible("/groups/coop/governance", &page);

    // The board plans its meeting; Léa proposes an item from B; the board accepts it.
    let (status, meeting) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/meetings",
        &ana,
        json!({"body": board_id, "title": "CA de rentrée", "starts_at": in_days(12, 18)}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{meeting}");
    let copy = eventually("the meeting on B", WAIT, || async {
        let list = b
            .get(&format!("/api/v1/groups/{group}/meetings"), None)
            .await;
        list.as_array()?
            .iter()
            .find(|m| m["title"] == "CA de rentrée")
            .cloned()
    })
    .await;
    let browser = login(&b, "lea").await;
    let location = browser
        .submit(
            &b,
            &format!("/meeting/{}/items", copy["id"]),
            &[
                ("title", "Accueil des nouveaux membres"),
                ("text", "Un parrainage ?"),
            ],
        )
        .await;
    assert!(location.starts_with("/meeting/"), "{location}");
    let item_on_a = eventually("the item on A", WAIT, || async {
        let m = a
            .get(&format!("/api/v1/meetings/{}", meeting["id"]), None)
            .await;
        m["items"].as_array()?.first().cloned()
    })
    .await;
    assert_eq!(item_on_a["author"], lea.handle);
    let (status, _) = call(
        &a,
        Method::POST,
        &format!("/api/v1/agenda-items/{}/decision", item_on_a["id"]),
        &ana,
        json!({"accepted": true}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    eventually("Léa sees it accepted on B", WAIT, || async {
        let (_, page) = browser.get(&b, &format!("/meeting/{}", copy["id"])).await;
        page.contains("accepté").then_some(())
    })
    .await;

    // Léa stays informed, by a daily email, in French.
    let (status, body) = call(
        &b,
        Method::PUT,
        "/api/v1/me/email",
        &lea,
        json!({"email": "lea@example.test", "language": "fr"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = call(
        &b,
        Method::PUT,
        &format!("/api/v1/groups/{group}/involvement"),
        &lea,
        json!({"level": "stay_informed", "channel": "email_daily"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // The cooperative lives: a board meeting, a training, a proposal, and a decision.
    call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/meetings",
        &ana,
        json!({"body": board_id, "title": "CA d'hiver", "starts_at": in_days(40, 18)}),
    )
    .await;
    announce_event(&a, &ana, "Formation compta", "training").await;
    let process = a
        .post(
            "/api/v1/groups/coop/processes",
            &ana.token,
            json!({"title": "Budget",
        "description": "Le budget 2027", "participation": "co_decision",
        "decision_rule": "Majorité simple"}),
        )
        .await;
    let proposal = a
        .post(
            &format!("/api/v1/processes/{}/proposals", process["id"]),
            &ana.token,
            json!({"title": "Plus pour la formation", "body": "10 % de plus"}),
        )
        .await;
    let proposal_id = proposal["id"].as_i64().unwrap();
    decide_by_majority(&a, &ana, proposal_id).await;

    // B hears of all of it; of what happened since she chose, Léa is told the decision only.
    eventually("the winter meeting on B", WAIT, || async {
        let list = b
            .get(&format!("/api/v1/groups/{group}/meetings"), None)
            .await;
        list.as_array()?
            .iter()
            .any(|m| m["title"] == "CA d'hiver")
            .then_some(())
    })
    .await;
    let news = eventually("the decision reaches Léa on B", WAIT, || async {
        let list = b.get("/api/v1/me/notifications", Some(&lea.token)).await;
        let news: Vec<(String, String)> = list["items"]
            .as_array()?
            .iter()
            .map(|n| {
                (
                    n["kind"].as_str().unwrap_or_default().to_string(),
                    n["title"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        news.iter()
            .any(|(kind, _)| kind == "decision")
            .then_some(news)
    })
    .await;
    for (kind, title) in &news {
        assert!(
            !["CA d'hiver", "Formation compta"].contains(&title.as_str())
                && kind != "proposal_published"
                && kind != "deliberation_opened"
                && kind != "vote_opened",
            "{kind} {title} in {news:?}"
        );
    }

    // Her digest: one email, the decision, nothing else.
    let (ok, said) = send_digests(&b, true);
    assert!(ok, "{said}");
    let mails = sink.to("lea@example.test");
    assert_eq!(mails.len(), 1, "{:#?}", sink.received());
    let text = mails[0]["text"].as_str().unwrap();
    assert!(text.contains("Plus pour la formation"), "{text}");
    for absent in [
        "Formation compta",
        "CA d'hiver",
        "Budget 2027",
        "Accueil des nouveaux",
    ] {
        assert!(!text.contains(absent), "{absent} in {text}");
    }
    let (ok, _) = send_digests(&b, true);
    assert!(ok);
    assert_eq!(sink.to("lea@example.test").len(), 1, "sent once");
}
