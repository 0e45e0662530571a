//! A decision across nodes, as issue 4 describes it: a group on node A opens a co-decision
//! process with colleges; its proposal reaches node B, where a member reads it, comments on
//! it and sees the author's edit; the vote reaches B too, and B's member votes from B's
//! pages (and changes their ballot through B's API); an account on another fediverse server
//! votes with a poll answer; a non-member's ballot and a second ballot change nothing; the
//! result with its per-college figures shows on both nodes.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{eventually, join, Node, User},
    peer::{fake_joins, FakePeer},
    votes_federation::{poll_answer, send},
    web_decisions::login,
};

pub(crate) async fn call(
    node: &Node,
    method: Method,
    path: &str,
    user: &User,
    body: Value,
) -> (StatusCode, Value) {
    node.api(method, path, Some(&user.token), Some(body)).await
}

/// The proposal `ap_id` as `node` keeps it, once it arrived.
pub(crate) async fn proposal_on(node: &Node, group: &str, ap_id: &str, what: &str) -> Value {
    eventually(what, 30, || async {
        let processes = node
            .get(&format!("/api/v1/groups/{group}/processes"), None)
            .await;
        for process in processes.as_array()? {
            let details = node
                .get(&format!("/api/v1/processes/{}", process["id"]), None)
                .await;
            for proposal in details["proposals"].as_array().into_iter().flatten() {
                if proposal["url"] == ap_id {
                    return Some(
                        node.get(&format!("/api/v1/proposals/{}", proposal["id"]), None)
                            .await,
                    );
                }
            }
        }
        None
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_of_two_nodes_and_of_another_server_decide_together() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let ana = a.admin("ana").await;
    let ben = a.user("ben").await;
    let bob = b.user("bob").await;
    let group = a.group("scic", "open", &ana);
    join(&a, &ben, &group).await;
    join(&b, &bob, &group).await;
    let peer = FakePeer::start().await;
    let mia = peer.actor("mia", "Person");
    let otto = peer.actor("otto", "Person");
    let group_url = a.url("/groups/scic");
    fake_joins(&a, &group_url, &mia).await;

    // Two colleges: A's members are employees, bob (on B) and mia (elsewhere) are users.
    for (name, weight) in [("salariés", 60), ("usagers", 40)] {
        let (status, body) = call(
            &a,
            Method::POST,
            "/api/v1/groups/scic/colleges",
            &ana,
            json!({"name": name, "weight": weight}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    for (member, college) in [
        ("ana", "salariés"),
        ("ben", "salariés"),
        (bob.handle.as_str(), "usagers"),
        (mia.url.as_str(), "usagers"),
    ] {
        let (status, body) = call(
            &a,
            Method::POST,
            "/api/v1/groups/scic/colleges/members",
            &ana,
            json!({"member": member, "college": college}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{member}: {body}");
    }

    // A co-decision process and a proposal, published at once: it reaches B with its process.
    let (_, process) = call(
        &a,
        Method::POST,
        "/api/v1/groups/scic/processes",
        &ana,
        json!({"title": "AG 2027", "description": "Assemblée générale annuelle.",
               "participation": "co_decision", "decision_rule": "Collèges pondérés 60/40.",
               "support_threshold": 1}),
    )
    .await;
    let (status, proposal) = call(
        &a,
        Method::POST,
        &format!("/api/v1/processes/{}/proposals", process["id"]),
        &ana,
        json!({"title": "Nouveau local", "body": "Déménager **rue Saint-Malo**."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{proposal}");
    let ap_id = proposal["url"].as_str().unwrap().to_owned();
    let on_b = proposal_on(&b, &group, &ap_id, "the proposal on B").await;
    assert_eq!(on_b["title"], "Nouveau local");
    assert_eq!(on_b["state"], "published");
    assert_eq!(on_b["local"], false);
    assert!(on_b["content"]
        .as_str()
        .unwrap()
        .contains("<strong>rue Saint-Malo</strong>"));
    let b_process = b
        .get(&format!("/api/v1/processes/{}", on_b["process_id"]), None)
        .await;
    assert_eq!(b_process["participation"], "co_decision", "{b_process}");
    assert_eq!(b_process["title"], "AG 2027");
    let b_proposal_id = on_b["id"].as_i64().unwrap();

    // Its id serves the proposal to peers, with its process.
    let fetched: Value = a
        .http
        .get(&ap_id)
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fetched["type"], "Page");
    assert_eq!(
        fetched["maillon:process"]["maillon:participation"],
        "co_decision"
    );
    assert_eq!(fetched["maillon:state"], "published");

    // A member of A supports it (supports from B: remote_participation.rs).
    let (status, _) = call(
        &a,
        Method::POST,
        &format!("/api/v1/proposals/{}/supports", proposal["id"]),
        &ben,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // bob comments from B's proposal page; the comment reaches A's discussion of it.
    let bob_web = login(&b, "bob").await;
    let (status, page) = bob_web.get(&b, &format!("/proposal/{b_proposal_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Cette proposition est décidée sur"),
        "remote notice: {page}"
    );
    let discussion = on_b["discussion_post_id"]
        .as_i64()
        .expect("a discussion on B");
    bob_web
        .submit(
            &b,
            &format!("/p/{discussion}/replies"),
            &[("content", "Et l'accès en bus ?")],
        )
        .await;
    let a_discussion = eventually("bob's comment on A", 30, || async {
        let view = a
            .get(&format!("/api/v1/proposals/{}", proposal["id"]), None)
            .await;
        let post = a
            .get(
                &format!("/api/v1/posts/{}", view["discussion_post_id"]),
                None,
            )
            .await;
        post["replies"]
            .as_array()?
            .iter()
            .any(|r| {
                r["content"]
                    .as_str()
                    .is_some_and(|c| c.contains("accès en bus"))
            })
            .then_some(post)
    })
    .await;
    assert_eq!(
        a_discussion["url"], ap_id,
        "the discussion opens with the proposal itself"
    );

    // The author edits the text before the vote: B's copy follows.
    let (status, edited) = call(
        &a,
        Method::PATCH,
        &format!("/api/v1/proposals/{}", proposal["id"]),
        &ana,
        json!({"title": "Nouveau local", "body": "Déménager rue Saint-Malo, près du bus."}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    let (status, body) = call(
        &a,
        Method::PATCH,
        &format!("/api/v1/proposals/{}", proposal["id"]),
        &ben,
        json!({"title": "x", "body": "y"}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "only the author edits: {body}"
    );
    eventually("the edit on B", 30, || async {
        let view = b
            .get(&format!("/api/v1/proposals/{b_proposal_id}"), None)
            .await;
        view["content"]
            .as_str()?
            .contains("près du bus")
            .then_some(())
    })
    .await;

    // The vote opens on A with the colleges; it reaches B.
    let closes_at = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let (status, vote) = call(
        &a,
        Method::POST,
        &format!("/api/v1/proposals/{}/votes", proposal["id"]),
        &ana,
        json!({"method": "majority", "use_group_colleges": true, "closes_at": closes_at}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{vote}");
    assert_eq!(vote["electorate"], 4, "{vote}");
    let vote_id = vote["id"].as_i64().unwrap();
    let vote_url = vote["url"].as_str().unwrap().to_owned();
    let b_vote_id = eventually("the vote on B", 30, || async {
        let view = b
            .get(&format!("/api/v1/proposals/{b_proposal_id}"), None)
            .await;
        (view["state"] == "vote").then_some(())?;
        view["votes"].as_array()?.first()?["id"].as_i64()
    })
    .await;
    let b_vote = b
        .get(&format!("/api/v1/votes/{b_vote_id}"), Some(&bob.token))
        .await;
    assert_eq!(b_vote["you_may_vote"], true, "{b_vote}");
    assert_eq!(
        b_vote["rules"]["colleges"][0]["name"], "salariés",
        "{b_vote}"
    );
    let (status, body) = b
        .api(
            Method::GET,
            &format!("/api/v1/votes/{b_vote_id}/result"),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    // bob votes from B's page: "contre"; then changes his mind through B's API: "pour".
    let (status, page) = bob_web.get(&b, &format!("/vote/{b_vote_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("dépouillé sur"), "{page}");
    let location = bob_web
        .submit(
            &b,
            &format!("/vote/{b_vote_id}/ballot"),
            &[("choice", "against")],
        )
        .await;
    assert!(location.contains("notice-ballot-cast"), "{location}");
    let ballot_on_a =
        |choice: &'static str| {
            let a = &a;
            let bob_url = bob.url.clone();
            async move {
                eventually(&format!("bob's {choice} ballot on A"), 30, || async {
                    let stored = a.count(
                    &format!("SELECT COUNT(*) FROM ballots b JOIN actors x ON x.id = b.voter_id \
                      WHERE b.vote_id = {vote_id} AND x.ap_id = $1 AND b.choice LIKE '%{choice}%'"),
                    &bob_url).await;
                    (stored == 1).then_some(())
                })
                .await
            }
        };
    ballot_on_a("against").await;
    let (status, receipt) = call(
        &b,
        Method::POST,
        &format!("/api/v1/votes/{b_vote_id}/ballots"),
        &bob,
        json!({"choice": "for"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "a replaced ballot: {receipt}");
    assert_eq!(receipt["replaced_earlier_ballot"], true);
    ballot_on_a("\"for\"").await;

    // A member of A votes on A; mia votes from her own server with a poll answer.
    let (status, _) = call(
        &a,
        Method::POST,
        &format!("/api/v1/votes/{vote_id}/ballots"),
        &ben,
        json!({"choice": "against"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = call(
        &a,
        Method::POST,
        &format!("/api/v1/votes/{vote_id}/ballots"),
        &ana,
        json!({"choice": "for"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        send(&a, &mia, &poll_answer(&mia, "1", &vote_url, "Pour")).await,
        StatusCode::ACCEPTED
    );
    // otto is no member: refused, and nothing changes; a repeated ballot counts once.
    let refused = send(&a, &otto, &poll_answer(&otto, "1", &vote_url, "Contre")).await;
    assert_eq!(refused, StatusCode::FORBIDDEN);
    assert_eq!(
        send(&a, &mia, &poll_answer(&mia, "1", &vote_url, "Pour")).await,
        StatusCode::ACCEPTED
    );
    let ballots = a
        .count(
            "SELECT COUNT(*) FROM ballots WHERE vote_id = CAST($1 AS BIGINT)",
            &vote_id.to_string(),
        )
        .await;
    assert_eq!(ballots, 4, "ana, ben, bob and mia, once each");

    // The moderator closes: employees 1 for 1 against (no majority), users 2 for: 40 %.
    let (status, body) = call(
        &a,
        Method::POST,
        &format!("/api/v1/votes/{vote_id}/close"),
        &ana,
        json!({}),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let on_a = a
        .get(&format!("/api/v1/votes/{vote_id}/result"), None)
        .await;
    let on_b = eventually("the result on B", 30, || async {
        let (status, body) = b
            .api(
                Method::GET,
                &format!("/api/v1/votes/{b_vote_id}/result"),
                None,
                None,
            )
            .await;
        (status == StatusCode::OK).then_some(body)
    })
    .await;
    assert_eq!(
        on_b["outcome"], on_a["outcome"],
        "the same result on both nodes"
    );
    assert_eq!(on_b["outcome"]["method"], "colleges");
    assert_eq!(on_b["ballots"], 4);
    let colleges = on_b["outcome"]["colleges"].as_array().unwrap();
    assert_eq!(colleges.len(), 2, "{on_b}");
    let b_state = b
        .get(&format!("/api/v1/proposals/{b_proposal_id}"), None)
        .await["state"]
        .clone();
    let a_state = a
        .get(&format!("/api/v1/proposals/{}", proposal["id"]), None)
        .await["state"]
        .clone();
    assert_eq!(b_state, a_state);
    assert!(a_state == "accepted" || a_state == "rejected", "{a_state}");

    // B's vote page shows the final result with the per-college table.
    let (_, page) = bob_web.get(&b, &format!("/vote/{b_vote_id}")).await;
    assert!(
        page.contains("salariés") && page.contains("usagers"),
        "{page}"
    );
    assert!(
        page.contains(&format!("{vote_url}/decision")),
        "B links to the decision A published: {page}"
    );
    // bob checks from B that his ballot was counted on A: B gives him his receipt, and the
    // real binary recounts A's published decision and finds it.
    let b_vote = b
        .get(&format!("/api/v1/votes/{b_vote_id}"), Some(&bob.token))
        .await;
    let receipt = b_vote["your_receipt"]
        .as_str()
        .expect("bob's receipt on B")
        .to_owned();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_maillon"))
        .args([
            "verify-decision",
            &format!("{vote_url}/decision"),
            "--receipt",
            &receipt,
        ])
        .env_remove("RUST_LOG")
        .output()
        .await
        .expect("run maillon verify-decision");
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains("OK"), "{report}");

    // A late ballot from B is refused on B at once.
    let (status, body) = call(
        &b,
        Method::POST,
        &format!("/api/v1/votes/{b_vote_id}/ballots"),
        &bob,
        json!({"choice": "against"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "vote_closed");
}
