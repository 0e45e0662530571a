//! Competence sharing across nodes, as new users would try it: node A's member follows the
//! group "atelier" of node B, whose members offer bookkeeping and legal help and list their
//! skills in the directory. A member of A posts a need in A's group: B's offers come back as
//! ranked matches on A, with links to B; the author of the matching offer on B is notified
//! on B; the directory on A lists B's resource people (network visibility) and not the one
//! who kept her profile to her group. An account on another server that follows B's group
//! receives the offer as a readable `Page` carrying the FEP-0837 `Proposal`. Answers are
//! replies: one from B answers the need on A, its author marks it as the one that helped,
//! and B's copy hears the need is resolved.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{call, eventually, join, Node, User},
    peer::{bytes, FakePeer},
    web_decisions::login,
};

const WAIT: u64 = 30;

async fn post_competence(node: &Node, group: &str, user: &User, body: Value) -> Value {
    let (status, item) = call(
        node,
        Method::POST,
        &format!("/api/v1/groups/{group}/competences"),
        user,
        body,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{item}");
    item
}

/// The competences `node` lists for `group`, as `user` sees them.
async fn listed(node: &Node, group: &str) -> Vec<Value> {
    node.get(&format!("/api/v1/groups/{group}/competences"), None)
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn copy_of(node: &Node, group: &str, url: &str) -> Value {
    eventually(&format!("{url} on {}", node.name), WAIT, || async {
        listed(node, group)
            .await
            .into_iter()
            .find(|c| c["url"] == url)
    })
    .await
}

async fn save_profile(node: &Node, user: &User, skills: &[&str], visibility: &str) {
    let (status, body) = call(
        node,
        Method::PUT,
        "/api/v1/me/competences",
        user,
        json!({"skills": skills, "visibility": visibility, "place": "Rennes"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

fn people_handles(people: &Value) -> Vec<String> {
    let mut handles: Vec<String> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["handle"].as_str().unwrap().to_string())
        .collect();
    handles.sort();
    handles
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_need_on_one_node_finds_offers_and_people_of_another() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let ana = a.admin("ana").await;
    let coop = a.group("coop", "open", &ana);
    let bob = b.admin("bob").await;
    let atelier = b.group("atelier", "open", &bob);
    let bea = b.user("bea").await;
    let bill = b.user("bill").await;
    join(&b, &bea, &atelier).await;
    join(&b, &bill, &atelier).await;

    // An account on another server follows B's group, and A's member joins it from A.
    let peer = FakePeer::start().await;
    let mia = peer.actor("mia", "Person");
    let atelier_url = b.url("/groups/atelier");
    let follow = mia.activity("Follow", "1", json!(atelier_url));
    let status = mia
        .signed()
        .post(&b.http, &b.url("/groups/atelier/inbox"), &bytes(&follow))
        .await;
    assert!(status.is_success(), "{status}");
    join(&a, &ana, &atelier).await;

    // B's members: directory profiles (bill keeps his to the group), and two offers.
    save_profile(&b, &bea, &["Comptabilité", "facturation"], "network").await;
    save_profile(&b, &bill, &["comptabilite"], "group").await;
    let bookkeeping = post_competence(
        &b,
        "atelier",
        &bea,
        json!({
            "kind": "offer", "title": "Tenir sa comptabilité pas à pas",
            "description": "Je relis vos **factures** et votre bilan.",
            "skills": ["Comptabilité"], "form": "mentoring", "mode": "either",
            "place": "Rennes", "terms": "free"
        }),
    )
    .await;
    let legal = post_competence(
        &b,
        "atelier",
        &bill,
        json!({
            "kind": "offer", "title": "Relire vos statuts",
            "description": "Statuts de SCOP et de SCIC.", "skills": ["juridique"],
            "form": "a_hand", "mode": "online", "terms": "exchange"
        }),
    )
    .await;
    let bookkeeping_url = bookkeeping["url"].as_str().unwrap().to_string();

    // The other server's account got the offer as an ordinary post it can show.
    let page = eventually(
        "the offer at the fediverse account's server",
        WAIT,
        || async {
            peer.received("/inbox").into_iter().find_map(|a| {
                let object = if a["type"] == "Announce" {
                    &a["object"]["object"]
                } else {
                    &a["object"]
                };
                (object["id"] == bookkeeping_url.as_str()).then(|| object.clone())
            })
        },
    )
    .await;
    assert_eq!(page["type"], "Page", "{page}");
    assert_eq!(page["name"], "Tenir sa comptabilité pas à pas");
    let content = page["content"].as_str().unwrap();
    assert!(
        content.contains("<strong>Offre</strong> · mentorat"),
        "{content}"
    );
    assert!(content.contains("Compétences : Comptabilité"), "{content}");
    assert!(content.contains("<strong>factures</strong>"), "{content}");
    let proposal = &page["maillon:competence"];
    assert_eq!(proposal["type"], "Proposal", "{page}");
    assert_eq!(proposal["purpose"], "offer");
    assert_eq!(proposal["publishes"]["provider"], bea.url.as_str());
    // Fetched at its id, it is the same document.
    let fetched: Value = b
        .http
        .get(&bookkeeping_url)
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        fetched["maillon:competence"]["purpose"], "offer",
        "{fetched}"
    );

    // A keeps copies of both offers.
    let copy = copy_of(&a, &atelier, &bookkeeping_url).await;
    assert_eq!(copy["local"], false);
    assert_eq!(copy["skills"][0]["slug"], "bookkeeping");
    assert_eq!(copy["mode"], "either");
    copy_of(&a, &atelier, legal["url"].as_str().unwrap()).await;

    // Ana's need on A: B's bookkeeping offer comes first, linked to B.
    let need = post_competence(
        &a,
        "coop",
        &ana,
        json!({
            "kind": "need", "title": "Tenir la comptabilité de la coopérative",
            "description": "Nous débutons, qui peut nous guider pour les factures ?",
            "skills": ["comptabilite"], "form": "mentoring", "mode": "in_person",
            "place": "Rennes", "terms": "free"
        }),
    )
    .await;
    let need_id = need["id"].as_i64().unwrap();
    let need_url = need["url"].as_str().unwrap().to_string();
    let matches = a
        .get(
            &format!("/api/v1/competences/{need_id}/matches"),
            Some(&ana.token),
        )
        .await;
    let offers = matches["offers"].as_array().unwrap();
    assert_eq!(
        offers[0]["offer"]["url"],
        bookkeeping_url.as_str(),
        "{matches}"
    );
    assert_eq!(offers[0]["shared_skills"][0], "bookkeeping", "{matches}");
    assert!(
        offers.iter().all(|o| o["offer"]["url"] != legal["url"]),
        "the legal offer shares nothing with the need: {matches}"
    );

    // Bea hears of it on B, with the need kept there to read and answer.
    let notice = eventually("bea's notification on B", WAIT, || async {
        let list = b.get("/api/v1/me/notifications", Some(&bea.token)).await;
        list["items"]
            .as_array()?
            .iter()
            .find(|n| n["subject"] == need_url.as_str())
            .cloned()
    })
    .await;
    assert_eq!(notice["kind"], "need_matches_offer");
    assert_eq!(notice["about"], bookkeeping_url.as_str());
    assert_eq!(notice["read"], false);
    let page_on_b = notice["page"].as_str().unwrap().to_string();
    let need_on_b_id: i64 = page_on_b.rsplit('/').next().unwrap().parse().unwrap();
    let need_on_b = b
        .get(
            &format!("/api/v1/competences/{need_on_b_id}"),
            Some(&bea.token),
        )
        .await;
    assert_eq!(need_on_b["url"], need_url.as_str());
    assert_eq!(need_on_b["local"], false);
    // Bill's legal offer does not match: he is told nothing.
    let bills = b.get("/api/v1/me/notifications", Some(&bill.token)).await;
    assert_eq!(bills["items"].as_array().unwrap().len(), 0, "{bills}");
    // Her notifications page on B links to the need's page there; the menu counts it.
    let browser = login(&b, "bea").await;
    let (status, html) = browser.get(&b, "/me/notifications").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Un besoin correspond à votre offre"),
        "{html}"
    );
    assert!(html.contains(&format!("href=\"{page_on_b}\"")), "{html}");
    assert!(html.contains("1 notification non lue"), "{html}");
    let (status, marked) = call(
        &b,
        Method::POST,
        "/api/v1/me/notifications/read",
        &bea,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(marked["marked"], 1);
    let (_, html) = browser.get(&b, "/me/notifications").await;
    assert!(!html.contains("notification non lue"), "{html}");

    // The directory on A lists bea (network) but not bill (group only).
    let people = eventually("bea in A's directory", WAIT, || async {
        let people = a
            .get("/api/v1/people?skill=comptabilite", Some(&ana.token))
            .await;
        people_handles(&people)
            .iter()
            .any(|h| h.starts_with("bea@"))
            .then_some(people)
    })
    .await;
    assert_eq!(people_handles(&people), vec![format!("bea@{}", b.domain)]);
    let in_group = a
        .get(
            &format!("/api/v1/people?skill=comptabilite&group={atelier}"),
            Some(&ana.token),
        )
        .await;
    assert_eq!(
        people_handles(&in_group),
        vec![format!("bea@{}", b.domain)],
        "{in_group}"
    );
    // Network visibility: not for visitors.
    let anonymous = a.get("/api/v1/people?skill=comptabilite", None).await;
    assert_eq!(people_handles(&anonymous), Vec::<String>::new());
    // Bea withdraws her profile: A's directory follows.
    let (status, _) = call(
        &b,
        Method::PUT,
        "/api/v1/me/competences",
        &bea,
        json!({"skills": [], "visibility": "network"}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NO_CONTENT,
        "opting out leaves no profile"
    );
    eventually("bea out of A's directory", WAIT, || async {
        let people = a
            .get("/api/v1/people?skill=comptabilite", Some(&ana.token))
            .await;
        people_handles(&people).is_empty().then_some(())
    })
    .await;

    // Bea answers the need from B (she joins A's group to do so): a reply in its thread.
    join(&b, &bea, &coop).await;
    let need_post_on_b = need_on_b["post_id"].as_i64().unwrap();
    let (status, reply) = call(
        &b,
        Method::POST,
        &format!("/api/v1/posts/{need_post_on_b}/replies"),
        &bea,
        json!({"content": "Je peux passer jeudi, apportez vos factures."}),
    )
    .await;
    assert!(status.is_success(), "{reply}");
    let reply_url = reply["url"].as_str().unwrap().to_string();
    let need_post_on_a = need["post_id"].as_i64().unwrap();
    let reply_on_a = eventually("bea's answer on A", WAIT, || async {
        let (_, thread) = a
            .api(
                Method::GET,
                &format!("/api/v1/posts/{need_post_on_a}"),
                None,
                None,
            )
            .await;
        thread["replies"]
            .as_array()?
            .iter()
            .find(|r| r["url"] == reply_url.as_str())
            .and_then(|r| r["id"].as_i64())
    })
    .await;

    // Ana is told of the answer, with a link to her need.
    let told = a.get("/api/v1/me/notifications", Some(&ana.token)).await;
    let answered = told["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "competence_answered")
        .unwrap_or_else(|| panic!("{told}"));
    assert_eq!(answered["about"], reply_url.as_str());
    assert_eq!(answered["page"], format!("/competence/{need_id}").as_str());

    // A post outside the thread is not an answer; the reply is, and resolves the need.
    let (status, body) = call(
        &a,
        Method::PATCH,
        &format!("/api/v1/competences/{need_id}"),
        &ana,
        json!({"helpful_post_id": need_post_on_a}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, resolved) = call(
        &a,
        Method::PATCH,
        &format!("/api/v1/competences/{need_id}"),
        &ana,
        json!({"helpful_post_id": reply_on_a}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{resolved}");
    assert_eq!(resolved["state"], "resolved");
    assert_eq!(resolved["helpful_post_id"], reply_on_a);
    // B follows A's group now (bea joined): its copy hears the need was resolved by her reply.
    eventually("the need resolved on B", WAIT, || async {
        let copy = b
            .get(
                &format!("/api/v1/competences/{need_on_b_id}"),
                Some(&bea.token),
            )
            .await;
        (copy["state"] == "resolved" && copy["helpful_post_id"].is_i64()).then_some(())
    })
    .await;

    // A peer cannot pass its own post off as B's offer.
    let forged_before = listed(&a, &atelier).await.len();
    let forged = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": peer.url("/activities/create/77"), "type": "Create", "actor": mia.url,
        "object": {
            "type": "Page", "id": peer.url("/competences/77"), "attributedTo": mia.url,
            "name": "Fausse offre", "content": "<p>x</p>", "audience": atelier_url,
            "to": [atelier_url],
            "maillon:competence": {"type": "Proposal", "id": bookkeeping_url.clone() + "#proposal",
                "purpose": "offer"}
        }
    });
    let status = mia
        .signed()
        .post(&a.http, &a.url("/inbox"), &bytes(&forged))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(listed(&a, &atelier).await.len(), forged_before);
}
