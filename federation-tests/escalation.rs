//! Escalation, as issue 7 asks: node A hosts the network group `reseau` and its process; node
//! B hosts the antenna `antenne`, which joins the network, and its proposals. A moderator of
//! the antenna takes a proposal up to the network (through the API, then through the page's
//! form): A holds a network proposal written by the antenna group, pointing back at the
//! antenna's proposal; B's proposal shows where it went; node C, which follows the network,
//! shows where the copy comes from; the network's members decide it as usual, and B and C
//! learn the decision. Every refusal (not a moderator, not a member of the network, closed or
//! unknown process, draft, twice, not the antenna's proposal, a person claiming the antenna's
//! proposal) changes nothing.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{call, eventually, join, Node, User},
    peer::{fake_joins, FakePeer},
    remote_decisions::proposal_on,
    votes_federation::send,
    web::assert_accessible,
    web_decisions::login,
};

/// A process of `group` on `node`, opened by `moderator`; `closed` puts it past its proposals
/// phase. Returns the process as the API shows it.
async fn open_process(node: &Node, moderator: &User, group: &str, closed: bool) -> Value {
    let mut body = json!({"title": if closed { "Budget 2026" } else { "Congrès 2027" },
        "description": "Ce que le réseau décide ensemble.", "participation": "co_decision",
        "decision_rule": "Majorité simple."});
    if closed {
        let day = chrono::Duration::days(1);
        body["proposals_from"] = json!(chrono::Utc::now() - day * 2);
        body["deliberation_from"] = json!(chrono::Utc::now() - day);
    }
    let (status, process) = call(
        node,
        Method::POST,
        &format!("/api/v1/groups/{group}/processes"),
        moderator,
        body,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{process}");
    process
}

/// A proposal by `author` in process `process` of `node` (`draft`: not published).
async fn propose(node: &Node, author: &User, process: &Value, title: &str, draft: bool) -> Value {
    let (status, proposal) = call(
        node,
        Method::POST,
        &format!("/api/v1/processes/{}/proposals", process["id"]),
        author,
        json!({"title": title, "body": format!("{title} : le texte de l'antenne."), "draft": draft}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{proposal}");
    proposal
}

async fn escalate(node: &Node, user: &User, proposal: &Value, body: Value) -> (StatusCode, Value) {
    let path = format!("/api/v1/proposals/{}/escalation", proposal["id"]);
    call(node, Method::POST, &path, user, body).await
}

/// The antenna `antenne` of B, moderated by `moderator`, joins the network `network` (a
/// handle): B's group follows the network and the network (open) accepts it.
async fn join_network(b: &Node, moderator: &User, network: &str) {
    let joined = b
        .post(
            "/api/v1/groups/antenne/networks",
            &moderator.token,
            json!({"handle": network}),
        )
        .await;
    assert!(
        joined["state"] == "pending" || joined["state"] == "accepted",
        "{joined}"
    );
    eventually("the antenna accepted in the network", 30, || async {
        let networks = b.get("/api/v1/groups/antenne/networks", None).await;
        networks
            .as_array()?
            .iter()
            .any(|n| n["state"] == "accepted" && n["network"]["handle"] == network)
            .then_some(())
    })
    .await;
}

/// What the nodes hold of escalations: (escalations on B, proposals in the network's process
/// on A), to check that a refusal changed nothing.
async fn holdings(a: &Node, b: &Node, process_url: &str) -> (i64, i64) {
    (
        b.count(
            "SELECT COUNT(*) FROM escalations WHERE source_ap_id <> $1",
            "",
        )
        .await,
        a.count(
            "SELECT COUNT(*) FROM proposals p JOIN processes r ON r.id = p.process_id \
             WHERE r.ap_id = $1",
            process_url,
        )
        .await,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_antenna_takes_its_proposal_up_to_the_network() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let c = Node::start("C", 2).await;
    let nadia = a.admin("nadia").await;
    let out = a.cli(
        &[
            "admin",
            "group",
            "create",
            "reseau",
            "--display-name",
            "Réseau national",
            "--membership",
            "open",
            "--moderator",
            "nadia",
            "--network",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let network = format!("reseau@{}", a.domain);
    let process = open_process(&a, &nadia, "reseau", false).await;
    let process_url = process["url"].as_str().unwrap().to_string();
    let closed = open_process(&a, &nadia, "reseau", true).await;

    let gael = b.admin("gael").await;
    let bob = b.user("bob").await;
    let antenna = b.group("antenne", "open", &gael);
    join(&b, &bob, &antenna).await;
    let local = open_process(&b, &gael, "antenne", false).await;
    let velo = propose(&b, &gael, &local, "Vélos partagés", false).await;
    let local_url = velo["url"].as_str().unwrap().to_string();

    // C follows the network: it keeps copies of the network's proposals.
    let chloe = c.user("chloe").await;
    join(&c, &chloe, &network).await;

    // Not yet a member of the network: refused, though A's process is fetched and known.
    let (status, body) = escalate(&b, &gael, &velo, json!({"process": process_url})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "not_a_network_member");
    assert_eq!(holdings(&a, &b, &process_url).await, (0, 0));
    // Nor does the page offer it, to a group that belongs to no network.
    let browser = login(&b, "gael").await;
    let (_, page) = browser.get(&b, &format!("/proposal/{}", velo["id"])).await;
    assert!(!page.contains("Faire remonter au réseau"), "{page}");

    join_network(&b, &gael, &network).await;

    // Refusals, each changing nothing.
    let (status, body) = escalate(&b, &bob, &velo, json!({"process": process_url})).await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::FORBIDDEN, &json!("not_a_moderator"))
    );
    let (status, body) = escalate(&b, &gael, &velo, json!({"process": closed["url"]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "process_closed");
    let draft = propose(&b, &gael, &local, "Brouillon", true).await;
    let (status, body) = escalate(&b, &gael, &draft, json!({"process": process_url})).await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::UNPROCESSABLE_ENTITY, &json!("not_escalable"))
    );
    let (status, body) = escalate(&b, &gael, &velo, json!({"process": 999_999})).await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::UNPROCESSABLE_ENTITY, &json!("unknown_process"))
    );
    let (status, body) = escalate(&b, &gael, &velo, json!({"process": true})).await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::BAD_REQUEST, &json!("invalid_process"))
    );
    let (status, _) = escalate(
        &b,
        &gael,
        &json!({"id": 999_999}),
        json!({"process": process_url}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let long = "x".repeat(1001);
    let (status, body) = escalate(
        &b,
        &gael,
        &velo,
        json!({"process": process_url, "note": long}),
    )
    .await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::UNPROCESSABLE_ENTITY, &json!("invalid_note"))
    );
    assert_eq!(holdings(&a, &b, &process_url).await, (0, 0));

    // The antenna's moderator takes it up, with a word of context.
    let (status, up) = escalate(
        &b,
        &gael,
        &velo,
        json!({"process": process_url, "note": "Adoptée à l'unanimité par l'antenne."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{up}");
    assert_eq!(up["network"], network);
    assert_eq!(up["state"], "published");
    let up_url = up["url"].as_str().unwrap().to_string();
    // Twice: refused, still one.
    let (status, body) = escalate(&b, &gael, &velo, json!({"process": process_url})).await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::CONFLICT, &json!("already_escalated"))
    );
    // The network proposal is not the antenna's own: it does not go up from here.
    let (status, body) = escalate(
        &b,
        &gael,
        &json!({"id": up["proposal_id"]}),
        json!({"process": process_url}),
    )
    .await;
    assert_eq!(
        (status, &body["error"]),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!("not_an_antenna_proposal")
        )
    );

    // A holds a network proposal written by the antenna group, pointing back at B's proposal.
    let on_a = proposal_on(&a, "reseau", &up_url, "the network proposal on A").await;
    assert_eq!(on_a["author"], antenna, "{on_a}");
    assert_eq!(on_a["title"], "Vélos partagés");
    assert_eq!(on_a["state"], "published");
    let from = &on_a["escalated_from"];
    assert_eq!(from["url"], local_url, "{on_a}");
    assert_eq!(from["group"], antenna);
    assert_eq!(from["note"], "Adoptée à l'unanimité par l'antenne.");
    assert_eq!(holdings(&a, &b, &process_url).await, (1, 1));
    // B's proposal says where it went.
    let velo_now = b
        .get(&format!("/api/v1/proposals/{}", velo["id"]), None)
        .await;
    let to = &velo_now["escalated_to"][0];
    assert_eq!(
        (&to["network"], &to["url"]),
        (&json!(network), &json!(up_url)),
        "{velo_now}"
    );
    // C's copy says where it comes from.
    let on_c = proposal_on(&c, &network, &up_url, "the network proposal on C").await;
    assert_eq!(on_c["escalated_from"]["url"], local_url, "{on_c}");
    assert_eq!(on_c["author"], antenna);

    // The pages, in French.
    let (status, page) = login(&a, "nadia")
        .await
        .get(&a, &format!("/proposal/{}", on_a["id"]))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Proposée par l'antenne Groupe antenne, depuis :"),
        "{page}"
    );
    // The link leads to the antenna's proposal: on B, or to A's own copy of it once A has read
    // the antenna's outbox (A's network follows the antenna back).
    let from = page.split("escalated-from").nth(1).unwrap_or_default();
    let from = &from[..from.find("</p>").unwrap_or(from.len())];
    assert!(
        from.contains(&format!("href=\"{local_url}\"")) || from.contains("href=\"/proposal/"),
        "{page}"
    );
    assert_accessible("network proposal", &page);

    // The network's members decide it as usual, the antenna's members voting from B; B and C
    // learn the decision.
    let network_id = on_a["id"].as_i64().unwrap();
    let moved = a
        .post(
            &format!("/api/v1/proposals/{network_id}/state"),
            &nadia.token,
            json!({"state": "deliberation"}),
        )
        .await;
    assert_eq!(moved["state"], "deliberation", "{moved}");
    let closes = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let vote = a
        .post(
            &format!("/api/v1/proposals/{network_id}/votes"),
            &nadia.token,
            json!({"method": "majority", "closes_at": closes}),
        )
        .await;
    let vote_id = vote["id"].as_i64().unwrap();
    let up_id = up["proposal_id"].as_i64().unwrap();
    let b_vote = eventually("the network's vote on B", 30, || async {
        let copy = b.get(&format!("/api/v1/proposals/{up_id}"), None).await;
        copy["votes"].as_array()?.first()?["id"].as_i64()
    })
    .await;
    let (status, body) = call(
        &b,
        Method::POST,
        &format!("/api/v1/votes/{b_vote}/ballots"),
        &bob,
        json!({"choice": "for"}),
    )
    .await;
    assert!(status.is_success(), "{body}");
    a.post(
        &format!("/api/v1/votes/{vote_id}/ballots"),
        &nadia.token,
        json!({"choice": "for"}),
    )
    .await;
    eventually("bob's ballot on A", 30, || async {
        let n = a
            .count(
                "SELECT COUNT(*) FROM ballots x JOIN actors v ON v.id = x.voter_id \
                 WHERE v.ap_id = $1",
                &bob.url,
            )
            .await;
        (n == 1).then_some(())
    })
    .await;
    a.post(
        &format!("/api/v1/votes/{vote_id}/close"),
        &nadia.token,
        json!({}),
    )
    .await;
    let result = a
        .get(&format!("/api/v1/votes/{vote_id}/result"), None)
        .await;
    assert_eq!(result["ballots"], 2, "{result}");
    eventually("the network's decision on B", 30, || async {
        let velo_now = b
            .get(&format!("/api/v1/proposals/{}", velo["id"]), None)
            .await;
        (velo_now["escalated_to"][0]["state"] == "accepted").then_some(())
    })
    .await;
    eventually("the network's decision on C", 30, || async {
        let on_c = c
            .get(&format!("/api/v1/proposals/{}", on_c["id"]), None)
            .await;
        (on_c["state"] == "accepted").then_some(())
    })
    .await;
    let browser = login(&b, "gael").await;
    let (_, page) = browser.get(&b, &format!("/proposal/{}", velo["id"])).await;
    assert!(
        page.contains("Remontée au réseau Réseau national :"),
        "{page}"
    );
    assert!(page.contains("décision du réseau : adoptée"), "{page}");
    assert!(
        page.contains(&format!("href=\"/proposal/{}\"", up["proposal_id"])),
        "{page}"
    );
    assert_accessible("escalated proposal", &page);

    // Through the page's form: another proposal, into the process B knows now.
    let jardin = propose(&b, &gael, &local, "Jardins partagés", false).await;
    let (_, page) = browser
        .get(&b, &format!("/proposal/{}", jardin["id"]))
        .await;
    assert!(page.contains("Faire remonter au réseau"), "{page}");
    assert!(page.contains("Réseau national · Congrès 2027"), "{page}");
    assert_accessible("escalation form", &page);
    let b_process = b
        .count("SELECT id FROM processes WHERE ap_id = $1", &process_url)
        .await;
    let path = format!("/proposal/{}/escalation", jardin["id"]);
    let (status, location) = browser
        .post(
            &b,
            &path,
            &[("process", &b_process.to_string()), ("note", "")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    assert!(location.contains("notice=notice-escalated"), "{location}");
    let (status, page) = browser
        .post(
            &b,
            &path,
            &[("process", &b_process.to_string()), ("note", "encore")],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        page.contains("Cette proposition est déjà remontée à ce réseau."),
        "{page}"
    );
    assert!(page.contains(">encore</textarea>"), "{page}");
    // A member who does not moderate the antenna gets no form.
    let (_, page) = login(&b, "bob")
        .await
        .get(&b, &format!("/proposal/{}", jardin["id"]))
        .await;
    assert!(!page.contains("Faire remonter au réseau"), "{page}");
    assert_eq!(holdings(&a, &b, &process_url).await.0, 2);
    eventually("the second network proposal on A", 30, || async {
        (holdings(&a, &b, &process_url).await.1 == 2).then_some(())
    })
    .await;
}

/// A member of the network who is a person cannot pass their proposal off as an antenna's:
/// A refuses it and keeps nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_antenna_writes_its_escalated_proposal() {
    let a = Node::start("A", 0).await;
    let nadia = a.admin("nadia").await;
    a.group("reseau", "open", &nadia);
    let process = open_process(&a, &nadia, "reseau", false).await;
    let group_url = a.url("/groups/reseau");
    let peer = FakePeer::start().await;
    let mia = peer.actor("mia", "Person");
    fake_joins(&a, &group_url, &mia).await;
    let page = |claimed_group: &str| {
        json!({
            "id": peer.url("/proposals/1"), "type": "Page", "attributedTo": mia.url,
            "name": "Vélos partagés", "content": "<p>x</p>", "to": [group_url], "audience": group_url,
            "maillon:state": "published",
            "maillon:process": {"id": process["url"], "attributedTo": group_url,
                                "name": "Congrès 2027", "maillon:participation": "co_decision"},
            "maillon:escalatedFrom": {"type": "Page", "id": peer.url("/proposals/0"),
                                      "name": "Vélos", "audience": claimed_group}
        })
    };
    let claimed = page(&peer.url("/groups/antenne"));
    let status = send(&a, &mia, &mia.activity("Create", "p1", claimed)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Naming herself as the antenna does not pass either: she is no group.
    let herself = page(&mia.url);
    let status = send(&a, &mia, &mia.activity("Create", "p2", herself)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        a.count("SELECT COUNT(*) FROM proposals WHERE ap_id <> $1", "")
            .await,
        0
    );
    assert_eq!(
        a.count(
            "SELECT COUNT(*) FROM escalations WHERE source_ap_id <> $1",
            ""
        )
        .await,
        0
    );
}
