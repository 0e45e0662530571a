//! Deciding together in a browser, in French, from another node than the group's: bob, on
//! node B, belongs to a group of node A; from B's pages he supports A's proposal, proposes an
//! amendment, writes a proposal of his own in A's process, and votes; the result comes back
//! to B. The screenshots of the user guide's section on decisions are taken here (with
//! `MAILLON_UPDATE_SCREENSHOTS=1`).

use fantoccini::Locator;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{
    browser::{browser_available, Browser},
    harness::{eventually, join, Node},
    remote_decisions::{call, proposal_on},
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deciding_from_another_node_in_a_browser() {
    if !browser_available() {
        return;
    }
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let ana = a.admin("ana").await;
    let bob = b.user("bob").await;
    let group = a.group("coop", "open", &ana);
    join(&b, &bob, &group).await;
    let (_, process) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/processes",
        &ana,
        json!({"title": "AG 2027", "description": "Les décisions de l'assemblée générale.",
               "participation": "co_decision",
               "decision_rule": "Majorité simple des suffrages exprimés.",
               "support_threshold": 1}),
    )
    .await;
    let (status, proposal) = call(
        &a,
        Method::POST,
        &format!("/api/v1/processes/{}/proposals", process["id"]),
        &ana,
        json!({"title": "Nouveau local",
               "body": "Déménager rue Saint-Malo, au rez-de-chaussée, à la rentrée."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{proposal}");
    let ap_id = proposal["url"].as_str().unwrap().to_owned();
    let on_b = proposal_on(&b, &group, &ap_id, "the proposal on B").await;
    let page = b.url(&format!("/proposal/{}", on_b["id"]));

    let browser = Browser::start(false).await;
    browser.go(&b.url("/login")).await;
    browser.fill("#username", "bob").await;
    browser.fill("#password", "bob-password-123").await;
    browser.submit("/login").await;
    browser.expect_html("Se déconnecter").await;

    // The proposal, on bob's own node: where it is decided, and the support button.
    browser.go(&page).await;
    assert!(browser
        .text()
        .await
        .contains("Cette proposition est décidée sur"));
    browser.shot("06-proposition").await;
    browser
        .submit(&format!("/proposal/{}/support", on_b["id"]))
        .await;
    browser.expect_html("Votre soutien est enregistré.").await;
    browser.wait_for(&page, "Un soutien").await;
    browser.go(&format!("{page}#supports-heading")).await;
    browser.shot("07-soutien").await;

    // An amendment, from the same page.
    browser
        .fill(
            "#amendment-body",
            "Déménager rue de Brest, plus près de la gare.",
        )
        .await;
    browser
        .fill("#amendment-reason", "Plus simple pour venir en train")
        .await;
    browser
        .submit(&format!("/proposal/{}/amendments", on_b["id"]))
        .await;
    browser.expect_html("Amendement proposé.").await;
    browser.go(&format!("{page}#amendments-heading")).await;
    browser.shot("08-amendement").await;

    // A proposal of his own, in A's process, from B's page of it.
    let process_page = b.url(&format!("/process/{}", on_b["process_id"]));
    browser.go(&format!("{process_page}#submit-heading")).await;
    assert!(browser.text().await.contains("Ce groupe vit sur"));
    browser.fill("#proposal-title", "Jardin partagé").await;
    browser
        .fill(
            "#proposal-body",
            "Un potager **sur le toit**, entretenu à tour de rôle.",
        )
        .await;
    browser.shot("09-nouvelle-proposition").await;
    browser
        .submit(&format!("/process/{}/proposals", on_b["process_id"]))
        .await;
    browser.expect_html("Proposition publiée.").await;
    eventually("bob's proposal on A", 30, || async {
        let listed = a
            .get(&format!("/api/v1/processes/{}", process["id"]), None)
            .await;
        (listed["proposals"].as_array()?.len() == 2).then_some(())
    })
    .await;

    // The vote opens on A; bob votes from B.
    let closes_at = (chrono::Utc::now() + chrono::Duration::hours(2)).to_rfc3339();
    let (status, vote) = call(
        &a,
        Method::POST,
        &format!("/api/v1/proposals/{}/votes", proposal["id"]),
        &ana,
        json!({"method": "majority", "closes_at": closes_at}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{vote}");
    let b_vote = eventually("the vote on B", 30, || async {
        let shown = b
            .get(&format!("/api/v1/proposals/{}", on_b["id"]), None)
            .await;
        shown["votes"].as_array()?.first()?["id"].as_i64()
    })
    .await;
    let vote_page = b.url(&format!("/vote/{b_vote}"));
    browser.go(&format!("{vote_page}#ballot-heading")).await;
    browser
        .client
        .find(Locator::Css("input[name=choice][value=for]"))
        .await
        .expect("the 'for' answer")
        .click()
        .await
        .expect("click");
    browser.shot("10-vote").await;
    browser.submit(&format!("/vote/{b_vote}/ballot")).await;
    browser.expect_html("Votre vote est enregistré.").await;
    eventually("bob's ballot on A", 30, || async {
        let ballots = a
            .count(
                "SELECT COUNT(*) FROM ballots WHERE vote_id = CAST($1 AS BIGINT)",
                &vote["id"].to_string(),
            )
            .await;
        (ballots == 1).then_some(())
    })
    .await;

    // ana closes it on A; the result shows on B.
    let (status, body) = call(
        &a,
        Method::POST,
        &format!("/api/v1/votes/{}/close", vote["id"]),
        &ana,
        json!({}),
    )
    .await;
    assert!(status.is_success(), "{body}");
    browser.wait_for(&vote_page, "Résultat définitif").await;
    browser.go(&format!("{vote_page}#result-heading")).await;
    browser.shot("11-resultat").await;
    let _ = browser.client.clone().close().await;
}
