//! A verifiable tally: a vote by colleges closes, the group publishes its decision (the
//! electorate, the roll, every counted ballot under a receipt, the result), sends it to its
//! followers as `Create(Note)`, and `maillon verify-decision` recounts it: the real document
//! is OK, a copy with a changed ballot, an edited count or a doubled voter is a MISMATCH, and
//! a document that cannot be fetched is an error.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::{
    harness::{eventually, join, Node, User},
    peer::{fake_joins, Canned, FakePeer},
};

async fn call(node: &Node, method: Method, path: &str, user: &User, body: Value) -> Value {
    let (status, answer) = node.api(method, path, Some(&user.token), Some(body)).await;
    assert!(status.is_success(), "{path}: {status} {answer}");
    answer
}

struct Verified {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the real binary: `maillon verify-decision ARGS`.
async fn verify(args: &[&str]) -> Verified {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_maillon"))
        .arg("verify-decision")
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .await
        .expect("run maillon verify-decision");
    Verified {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_vote_publishes_a_decision_anyone_can_recount() {
    let a = Node::start("A", 0).await;
    let ana = a.admin("ana").await;
    let ben = a.user("ben").await;
    let chloe = a.user("chloe").await;
    let group = a.group("scic", "open", &ana);
    join(&a, &ben, &group).await;
    join(&a, &chloe, &group).await;
    let group_url = a.url("/groups/scic");
    // mia follows the group from another server: she gets the decision.
    let peer = FakePeer::start().await;
    let mia = peer.actor("mia", "Person");
    fake_joins(&a, &group_url, &mia).await;
    for (name, weight) in [("salariés", 60), ("usagers", 40)] {
        call(
            &a,
            Method::POST,
            "/api/v1/groups/scic/colleges",
            &ana,
            json!({"name": name, "weight": weight}),
        )
        .await;
    }
    for (member, college) in [
        ("ana", "salariés"),
        ("ben", "salariés"),
        ("chloe", "usagers"),
    ] {
        call(
            &a,
            Method::POST,
            "/api/v1/groups/scic/colleges/members",
            &ana,
            json!({"member": member, "college": college}),
        )
        .await;
    }
    let process = call(
        &a,
        Method::POST,
        "/api/v1/groups/scic/processes",
        &ana,
        json!({"title": "AG 2027", "description": "Assemblée générale.", "participation": "co_decision",
               "decision_rule": "Collèges pondérés 60/40."}),
    )
    .await;
    let proposal = call(
        &a,
        Method::POST,
        &format!("/api/v1/processes/{}/proposals", process["id"]),
        &ana,
        json!({"title": "Nouveau local", "body": "Déménager rue Saint-Malo."}),
    )
    .await;
    let closes_at = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let vote = call(
        &a,
        Method::POST,
        &format!("/api/v1/proposals/{}/votes", proposal["id"]),
        &ana,
        json!({"method": "majority", "use_group_colleges": true, "closes_at": closes_at}),
    )
    .await;
    let vote_id = vote["id"].as_i64().unwrap();
    let vote_url = vote["url"].as_str().unwrap().to_owned();
    let decision_url = format!("{vote_url}/decision");
    let fetch = |url: String| {
        let http = a.http.clone();
        async move {
            http.get(url)
                .header("accept", "application/activity+json")
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        fetch(decision_url.clone()).await.status(),
        StatusCode::NOT_FOUND,
        "no decision before the close"
    );

    let ballot = |user: &User, choice: &str| {
        let path = format!("/api/v1/votes/{vote_id}/ballots");
        let body = json!({"choice": choice});
        let token = user.token.clone();
        let a = &a;
        async move {
            let (status, receipt) = a.api(Method::POST, &path, Some(&token), Some(body)).await;
            assert!(status.is_success(), "{receipt}");
            receipt["ballot_id"].as_str().unwrap().to_owned()
        }
    };
    let ana_ballot = ballot(&ana, "for").await;
    ballot(&ben, "against").await;
    ballot(&chloe, "for").await;
    let chloe_ballot = ballot(&chloe, "against").await;
    let result = call(
        &a,
        Method::POST,
        &format!("/api/v1/votes/{vote_id}/close"),
        &ana,
        json!({}),
    )
    .await;
    // salariés 1 for / 1 against (1/2 weighs 60), usagers 0 for: 0.3, rejected.
    assert_eq!(result["verdict"], "rejected", "{result}");
    assert_eq!(
        result["decision"], decision_url,
        "the result points to the decision"
    );

    // The decision: a Note in reply to the vote, with the record to recount.
    let response = fetch(decision_url.clone()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/activity+json"));
    let doc: Value = response.json().await.unwrap();
    assert_eq!(doc["id"], decision_url);
    assert_eq!(doc["type"], "Note");
    assert_eq!(doc["attributedTo"], group_url);
    assert_eq!(doc["inReplyTo"], vote_url);
    assert!(
        doc.get("name").is_none(),
        "a named Note would be a poll answer"
    );
    let content = doc["content"].as_str().unwrap();
    assert!(
        content.contains("Décision (vote à la majorité) : rejetée"),
        "{content}"
    );
    assert!(
        content.contains("Decision (majority vote): rejected. 3 of 3 voted"),
        "{content}"
    );
    assert!(content.contains(&format!("/vote/{vote_id}")), "{content}");
    assert_eq!(doc["maillon:voteRules"]["colleges"][0]["name"], "salariés");
    let electorate: Vec<(String, String)> = doc["maillon:electorate"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap().to_owned(),
                e["college"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        electorate,
        vec![
            (ana.url.clone(), "salariés".to_owned()),
            (ben.url.clone(), "salariés".to_owned()),
            (chloe.url.clone(), "usagers".to_owned()),
        ]
    );
    let roll: Vec<&str> = doc["maillon:roll"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert!(r["castAt"].is_string(), "{r}");
            r["voter"].as_str().unwrap()
        })
        .collect();
    assert_eq!(roll, vec![&ana.url, &ben.url, &chloe.url]);
    let ballots = doc["maillon:ballots"].as_array().unwrap();
    assert_eq!(ballots.len(), 3);
    let receipts: Vec<&str> = ballots
        .iter()
        .map(|b| b["receipt"].as_str().unwrap())
        .collect();
    let mut sorted = receipts.clone();
    sorted.sort();
    assert_eq!(receipts, sorted, "ballots are in receipt order");
    assert!(
        ballots.iter().all(|b| b.get("voter").is_none()),
        "choices are secret here: {doc}"
    );
    let ana_receipt = sha256_hex(&format!("{vote_url}\n{}\n{ana_ballot}", ana.url));
    let mine = ballots
        .iter()
        .find(|b| b["receipt"] == ana_receipt)
        .expect("ana finds her ballot by its receipt");
    assert_eq!(mine["college"], "salariés");
    let her_view = a
        .get(&format!("/api/v1/votes/{vote_id}"), Some(&ana.token))
        .await;
    assert_eq!(
        her_view["your_receipt"], ana_receipt,
        "the vote tells its voter her receipt"
    );
    assert_eq!(her_view["your_ballot_id"], ana_ballot);
    assert_eq!(mine["choice"], json!({"method": "majority", "vote": "for"}));
    let chloe_receipt = sha256_hex(&format!("{vote_url}\n{}\n{chloe_ballot}", chloe.url));
    let hers = ballots
        .iter()
        .find(|b| b["receipt"] == chloe_receipt)
        .unwrap();
    assert_eq!(
        hers["choice"]["vote"], "against",
        "the counted ballot is her last one"
    );
    assert_eq!(doc["maillon:outcome"], result["outcome"]);
    assert_eq!(doc["maillon:outcome"]["participation"]["replaced"], 1);

    // Browsers go to the vote's page.
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = browser.get(&decision_url).send().await.unwrap();
    assert!(page.status().is_redirection());
    assert_eq!(page.headers()["location"], format!("/vote/{vote_id}"));

    // The real binary recounts the real document.
    let ok = verify(&[&decision_url]).await;
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    for expected in [
        "Method: majority by colleges (salariés 60, usagers 40)",
        "Electorate: 3; on the roll: 3; ballots: 3",
        "Recomputed turnout: 3 of 3 (100.0 %), abstentions 0, blank 0, replaced 1",
        "college salariés (weight 60): 2 of 2 voted (100.0 %), for 1, against 1, abstain 0",
        "Recomputed verdict: rejected",
        "Published verdict: rejected",
        "OK: ",
    ] {
        assert!(ok.stdout.contains(expected), "{expected}:\n{}", ok.stdout);
    }
    let mine = verify(&[&decision_url, "--voter", &ana.url, "--ballot", &ana_ballot]).await;
    assert_eq!(mine.code, 0, "{}", mine.stdout);
    assert!(
        mine.stdout.contains(&format!(
            "Your ballot: counted (receipt {ana_receipt}, college salariés"
        )),
        "{}",
        mine.stdout
    );
    let missing = verify(&[&decision_url, "--receipt", &"0".repeat(64)]).await;
    assert_eq!(missing.code, 1, "{}", missing.stdout);
    assert!(missing
        .stdout
        .contains("MISMATCH: no counted ballot has the receipt"));

    // Tampered copies, served by another server, do not recount.
    let for_ballot = ballots
        .iter()
        .position(|b| b["choice"]["vote"] == "for")
        .unwrap();
    let mut changed = doc.clone();
    changed["maillon:ballots"][for_ballot]["choice"]["vote"] = json!("against");
    let mut edited = doc.clone();
    edited["maillon:outcome"]["colleges"][0]["counts"]["for"] = json!(2);
    let mut doubled = doc.clone();
    let first = doubled["maillon:roll"][0].clone();
    doubled["maillon:roll"].as_array_mut().unwrap().push(first);
    for (path, copy, expected) in [
        (
            "/copies/changed",
            &changed,
            "MISMATCH: outcome.colleges[0].counts.for: published 1, recomputed 0",
        ),
        (
            "/copies/edited",
            &edited,
            "MISMATCH: outcome.colleges[0].counts.for: published 2, recomputed 1",
        ),
        ("/copies/doubled", &doubled, "MISMATCH: the roll lists"),
    ] {
        peer.serve(path, copy);
        let run = verify(&[&peer.url(path)]).await;
        assert_eq!(run.code, 1, "{path}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains(expected), "{path}:\n{}", run.stdout);
        assert!(!run.stdout.contains("OK: "), "{path}:\n{}", run.stdout);
    }

    // What cannot be fetched or read is an error, not a verdict.
    let gone = verify(&[&peer.url("/copies/none")]).await;
    assert_eq!(gone.code, 2, "{}", gone.stdout);
    assert!(
        gone.stderr.contains("cannot fetch the decision"),
        "{}",
        gone.stderr
    );
    peer.set(
        "GET",
        "/copies/page",
        Canned::json(&json!({"type": "Note", "id": "x"})),
    );
    let unreadable = verify(&[&peer.url("/copies/page")]).await;
    assert_eq!(unreadable.code, 2, "{}", unreadable.stdout);
    assert!(
        unreadable.stderr.contains("cannot read the decision"),
        "{}",
        unreadable.stderr
    );

    // The group's follower on another server received the decision.
    let create = eventually("the decision to reach mia's server", 30, || async {
        peer.received("/inbox")
            .into_iter()
            .find(|a| a["type"] == "Create" && a["object"]["id"] == decision_url)
    })
    .await;
    assert_eq!(create["actor"], group_url);
    assert_eq!(create["object"]["maillon:ballots"], doc["maillon:ballots"]);
    assert!(
        peer.received("/inbox")
            .iter()
            .any(|a| a["type"] == "Update" && a["object"]["id"] == vote_url),
        "the closing Update went out too"
    );
}
