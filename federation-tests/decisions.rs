//! Proposals that end in decisions, through the API of a real node: a process, a proposal
//! with supports and an amendment, a vote with its frozen electorate, ballots refused by the
//! one rule (non-member, latecomer, unknown option, after the close), a replaced ballot that
//! is counted once, the result with its roll, colleges, and the decision archive.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{call, eventually, join, Node, User};

fn in_an_hour() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339()
}

async fn ballot(node: &Node, vote: i64, user: &User, body: Value) -> (StatusCode, Value) {
    call(
        node,
        Method::POST,
        &format!("/api/v1/votes/{vote}/ballots"),
        user,
        body,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proposal_goes_from_submission_to_a_counted_decision() {
    let a = Node::start("A", 0).await;
    let ana = a.admin("ana").await;
    let ben = a.user("ben").await;
    let chloe = a.user("chloe").await;
    let dan = a.user("dan").await;
    let fred = a.user("fred").await;
    let group = a.group("coop", "open", &ana);
    join(&a, &ben, &group).await;
    join(&a, &chloe, &group).await;

    // Only a moderator opens a process; it says how far participation goes.
    let process_body = json!({
        "title": "Statuts 2027",
        "description": "Révision des **statuts**.",
        "participation": "co_decision",
        "decision_rule": "Majorité simple des suffrages exprimés, les abstentions ne comptent pas.",
        "support_threshold": 1
    });
    let (status, body) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/processes",
        &ben,
        process_body.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, process) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/processes",
        &ana,
        process_body,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{process}");
    assert_eq!(process["participation"], "co_decision");
    assert_eq!(process["binding"], true);
    assert_eq!(process["phase"], "proposals");
    assert!(process["description"]
        .as_str()
        .unwrap()
        .contains("<strong>statuts</strong>"));
    let (status, body) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/processes",
        &ana,
        json!({"title": "x", "description": "y", "participation": "plebiscite", "decision_rule": "z"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let process_id = process["id"].as_i64().unwrap();

    // A member submits a proposal; a non-member cannot; the body is sanitized.
    let path = format!("/api/v1/processes/{process_id}/proposals");
    let (status, body) = call(
        &a,
        Method::POST,
        &path,
        &dan,
        json!({"title": "Intrus", "body": "non"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, proposal) = call(
        &a,
        Method::POST,
        &path,
        &ben,
        json!({"title": "Article 12 : le conseil", "body": "Le conseil compte 7 membres.<script>alert(1)</script>"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{proposal}");
    assert_eq!(proposal["state"], "published");
    assert!(!proposal["content"].as_str().unwrap().contains("<script"));
    let proposal_id = proposal["id"].as_i64().unwrap();

    // The threshold of one support must be reached before a vote.
    let (status, body) = call(
        &a,
        Method::POST,
        &format!("/api/v1/proposals/{proposal_id}/votes"),
        &ana,
        json!({"method": "majority", "closes_at": in_an_hour()}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "not_enough_supports");
    for _ in 0..2 {
        let (status, support) = call(
            &a,
            Method::POST,
            &format!("/api/v1/proposals/{proposal_id}/supports"),
            &chloe,
            json!({}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{support}");
        assert_eq!(support["supports"], 1, "supporting twice counts once");
        assert_eq!(support["reached"], true);
    }

    // An amendment proposed by a member and accepted by the author changes the text.
    let (status, amendment) = call(
        &a,
        Method::POST,
        &format!("/api/v1/proposals/{proposal_id}/amendments"),
        &chloe,
        json!({"body": "Le conseil compte 9 membres.", "reason": "Représenter les trois collèges."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{amendment}");
    let amendment_id = amendment["id"].as_i64().unwrap();
    let (status, body) = call(
        &a,
        Method::POST,
        &format!("/api/v1/amendments/{amendment_id}/accept"),
        &chloe,
        json!({}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "only the author decides: {body}"
    );
    let (status, body) = call(
        &a,
        Method::POST,
        &format!("/api/v1/amendments/{amendment_id}/accept"),
        &ben,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "accepted");
    let (status, body) = call(
        &a,
        Method::POST,
        &format!("/api/v1/amendments/{amendment_id}/decline"),
        &ben,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let proposal = a
        .get(&format!("/api/v1/proposals/{proposal_id}"), None)
        .await;
    assert!(
        proposal["content"].as_str().unwrap().contains("9 membres"),
        "{proposal}"
    );

    // Only a moderator opens the vote; rules that cannot be counted are refused.
    let votes_path = format!("/api/v1/proposals/{proposal_id}/votes");
    let (status, body) = call(
        &a,
        Method::POST,
        &votes_path,
        &ben,
        json!({"method": "majority", "closes_at": in_an_hour()}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = call(
        &a,
        Method::POST,
        &votes_path,
        &ana,
        json!({"method": "majority", "options": [{"id": "a", "label": "A"}], "closes_at": in_an_hour()}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, vote) = call(
        &a,
        Method::POST,
        &votes_path,
        &ana,
        json!({"method": "majority", "quorum": {"kind": "ballots", "minimum": 2}, "closes_at": in_an_hour()}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{vote}");
    assert_eq!(
        vote["electorate"], 3,
        "ana, ben and chloe when the vote opened: {vote}"
    );
    let vote_id = vote["id"].as_i64().unwrap();
    let proposal = a
        .get(&format!("/api/v1/proposals/{proposal_id}"), None)
        .await;
    assert_eq!(proposal["state"], "vote");

    // fred joins after the vote opened: the electorate is frozen.
    join(&a, &fred, &group).await;

    assert_eq!(
        ballot(&a, vote_id, &ben, json!({"choice": "for"})).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        ballot(&a, vote_id, &chloe, json!({"choice": "against"}))
            .await
            .0,
        StatusCode::CREATED
    );
    // chloe changes her mind before the close: replaced, counted once.
    let (status, receipt) = ballot(&a, vote_id, &chloe, json!({"choice": "for"})).await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    assert_eq!(receipt["replaced_earlier_ballot"], true);
    for (user, body, status, code) in [
        (
            &dan,
            json!({"choice": "for"}),
            StatusCode::FORBIDDEN,
            "not_in_electorate",
        ),
        (
            &fred,
            json!({"choice": "for"}),
            StatusCode::FORBIDDEN,
            "not_in_electorate",
        ),
        (
            &ana,
            json!({"choice": "peut-être"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_ballot",
        ),
    ] {
        let (got, answer) = ballot(&a, vote_id, user, body).await;
        assert_eq!(got, status, "{answer}");
        assert_eq!(answer["error"], code, "{answer}");
    }
    assert_eq!(
        a.count(
            "SELECT COUNT(*) FROM ballots WHERE vote_id = CAST($1 AS BIGINT)",
            &vote_id.to_string()
        )
        .await,
        2
    );

    let live = a
        .get(&format!("/api/v1/votes/{vote_id}/result"), None)
        .await;
    assert_eq!(live["closed"], false);
    assert_eq!(live["outcome"]["counts"]["for"], 2, "{live}");
    assert_eq!(live["outcome"]["counts"]["against"], 0, "{live}");

    // The moderator closes the vote at the end of the assembly.
    let (status, body) = call(
        &a,
        Method::POST,
        &format!("/api/v1/votes/{vote_id}/close"),
        &ben,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, result) = call(
        &a,
        Method::POST,
        &format!("/api/v1/votes/{vote_id}/close"),
        &ana,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(result["closed"], true);
    assert_eq!(result["verdict"], "adopted");
    assert_eq!(result["electorate"], 3);
    assert_eq!(result["ballots"], 2);
    assert_eq!(result["outcome"]["participation"]["replaced"], 1);
    assert_eq!(result["outcome"]["quorum"]["met"], true);
    let roll = result["roll"].as_array().unwrap();
    assert_eq!(roll.len(), 2);
    assert!(
        roll.iter().all(|entry| entry["choice"].is_null()),
        "choices are private here: {result}"
    );
    assert!(
        roll.iter().all(|entry| entry["ballot"].is_null()),
        "a ballot id would link its voter to their receipt in the decision: {result}"
    );
    // chloe finds her ballot in the published decision with the id she got when voting.
    let vote_url = vote["url"].as_str().unwrap();
    let decision: Value = a
        .http
        .get(format!("{vote_url}/decision"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let hers = maillon::domain::vote::record::receipt(
        vote_url,
        &chloe.url,
        receipt["ballot_id"].as_str().unwrap(),
    );
    assert!(
        decision["maillon:ballots"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["receipt"] == hers && b["choice"]["vote"] == "for"),
        "{decision}"
    );
    let (status, body) = ballot(&a, vote_id, &ana, json!({"choice": "against"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "vote_closed");
    let proposal = a
        .get(&format!("/api/v1/proposals/{proposal_id}"), None)
        .await;
    assert_eq!(proposal["state"], "accepted");

    // Follow-up: the moderator records how it was carried out.
    let (status, body) = call(
        &a,
        Method::POST,
        &format!("/api/v1/proposals/{proposal_id}/state"),
        &ana,
        json!({"state": "implemented", "follow_up": "Statuts déposés au greffe le 3 mars."}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["follow_up"].as_str().unwrap().contains("greffe"));

    // The archive lists the decision with its participation, in JSON and CSV.
    let decisions = a.get("/api/v1/groups/coop/decisions", None).await;
    let listed = decisions["decisions"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{decisions}");
    assert_eq!(listed[0]["verdict"], "adopted");
    assert!((listed[0]["turnout"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    let periods = decisions["participation"]["periods"].as_array().unwrap();
    assert_eq!(decisions["participation"]["period"], "quarter");
    assert_eq!(periods.len(), 1, "{decisions}");
    assert_eq!(periods[0]["decisions"], 1);
    let filtered = a
        .get("/api/v1/groups/coop/decisions?verdict=rejected", None)
        .await;
    assert_eq!(filtered["decisions"].as_array().unwrap().len(), 0);
    let searched = a
        .get("/api/v1/groups/coop/decisions?q=article%2012", None)
        .await;
    assert_eq!(searched["decisions"].as_array().unwrap().len(), 1);
    let csv = a
        .http
        .get(a.url("/api/v1/groups/coop/decisions?format=csv"))
        .send()
        .await
        .unwrap();
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("closed_at,process,proposal"), "{csv}");
    assert!(csv.contains("\"Article 12 : le conseil\""), "{csv}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn colleges_weigh_their_results_and_options_are_checked() {
    let a = Node::start("A", 0).await;
    let ana = a.admin("ana").await;
    let ben = a.user("ben").await;
    let chloe = a.user("chloe").await;
    let dan = a.user("dan").await;
    let group = a.group("scic", "open", &ana);
    for user in [&ben, &chloe, &dan] {
        join(&a, user, &group).await;
    }
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
    let (status, body) = call(
        &a,
        Method::POST,
        "/api/v1/groups/scic/colleges",
        &ben,
        json!({"name": "pirates", "weight": 99}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // dan stays outside any college: a college vote does not count him.
    for (member, college) in [
        ("ana", "salariés"),
        ("ben", "salariés"),
        ("chloe", "usagers"),
    ] {
        let (status, body) = call(
            &a,
            Method::POST,
            "/api/v1/groups/scic/colleges/members",
            &ana,
            json!({"member": member, "college": college}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let colleges = a.get("/api/v1/groups/scic/colleges", None).await;
    assert_eq!(colleges[0]["name"], "salariés");
    assert_eq!(colleges[0]["members"], 2);

    let (_, process) = call(
        &a,
        Method::POST,
        "/api/v1/groups/scic/processes",
        &ana,
        json!({"title": "AG 2027", "description": "Assemblée générale.", "participation": "co_decision",
               "decision_rule": "Vote par collèges pondérés 60/40.", "public_choices": true}),
    )
    .await;
    let process_id = process["id"].as_i64().unwrap();
    let (_, proposal) = call(
        &a,
        Method::POST,
        &format!("/api/v1/processes/{process_id}/proposals"),
        &ana,
        json!({"title": "Nouveau local", "body": "Déménager rue Saint-Malo."}),
    )
    .await;
    let proposal_id = proposal["id"].as_i64().unwrap();
    let (status, vote) = call(
        &a,
        Method::POST,
        &format!("/api/v1/proposals/{proposal_id}/votes"),
        &ana,
        json!({"method": "majority", "use_group_colleges": true, "closes_at": in_an_hour()}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{vote}");
    assert_eq!(
        vote["electorate"], 3,
        "only members placed in a college: {vote}"
    );
    let vote_id = vote["id"].as_i64().unwrap();
    assert_eq!(
        ballot(&a, vote_id, &ana, json!({"choice": "for"})).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        ballot(&a, vote_id, &ben, json!({"choice": "against"}))
            .await
            .0,
        StatusCode::CREATED
    );
    assert_eq!(
        ballot(&a, vote_id, &chloe, json!({"choice": "against"}))
            .await
            .0,
        StatusCode::CREATED
    );
    assert_eq!(
        ballot(&a, vote_id, &dan, json!({"choice": "for"})).await.0,
        StatusCode::FORBIDDEN
    );
    let (_, result) = call(
        &a,
        Method::POST,
        &format!("/api/v1/votes/{vote_id}/close"),
        &ana,
        json!({}),
    )
    .await;
    // salariés: 1 for, 1 against -> 1/2 weighs 60; usagers: 0 for -> 0. 0.3 < 1/2: rejected.
    assert_eq!(result["verdict"], "rejected", "{result}");
    let outcome = &result["outcome"];
    assert_eq!(outcome["method"], "colleges");
    assert!(
        (outcome["weighted_share_for"].as_f64().unwrap() - 0.3).abs() < 1e-9,
        "{outcome}"
    );
    let salaries = outcome["colleges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "salariés")
        .unwrap();
    assert_eq!(salaries["counts"]["for"], 1);
    assert_eq!(salaries["counts"]["against"], 1);
    assert!(
        result["roll"]
            .as_array()
            .unwrap()
            .iter()
            .all(|entry| !entry["choice"].is_null() && entry["ballot"].is_string()),
        "choices are public here"
    );
    let decisions = a.get("/api/v1/groups/scic/decisions", None).await;
    assert_eq!(
        decisions["decisions"][0]["colleges"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "{decisions}"
    );
    participation_over_time(&a).await;

    // A ranked vote: an unknown option is refused, a ranking is counted by Schulze.
    let (_, second) = call(
        &a,
        Method::POST,
        &format!("/api/v1/processes/{process_id}/proposals"),
        &ana,
        json!({"title": "Nom du local", "body": "Choisir un nom."}),
    )
    .await;
    let (status, vote) = call(
        &a,
        Method::POST,
        &format!("/api/v1/proposals/{}/votes", second["id"]),
        &ana,
        json!({"method": "ranked", "options": [{"id": "ruche", "label": "La Ruche"}, {"id": "fabrique", "label": "La Fabrique"}, {"id": "maillon", "label": "Le Maillon"}],
               "closes_at": in_an_hour()}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{vote}");
    assert_eq!(vote["electorate"], 4);
    let vote_id = vote["id"].as_i64().unwrap();
    let (status, body) = ballot(
        &a,
        vote_id,
        &ben,
        json!({"ranking": [["ruche"], ["cabane"]]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "unknown_option");
    for (user, ranking) in [
        (&ana, json!([["maillon"], ["ruche"], ["fabrique"]])),
        (&ben, json!([["maillon"], ["fabrique"], ["ruche"]])),
        (&chloe, json!([["ruche"], ["maillon"], ["fabrique"]])),
    ] {
        let (status, body) = ballot(&a, vote_id, user, json!({"ranking": ranking})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (_, result) = call(
        &a,
        Method::POST,
        &format!("/api/v1/votes/{vote_id}/close"),
        &ana,
        json!({}),
    )
    .await;
    assert_eq!(result["verdict"], "winner", "{result}");
    assert_eq!(result["verdict_details"]["option"], "maillon");
}

/// A vote closes by itself at its closing time, without anyone asking.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vote_closes_at_its_time() {
    let a = Node::start("A", 0).await;
    let ana = a.admin("ana").await;
    a.group("rennes", "open", &ana);
    let (_, process) = call(
        &a,
        Method::POST,
        "/api/v1/groups/rennes/processes",
        &ana,
        json!({"title": "Ordre du jour", "description": "CA de mars.", "participation": "consultation", "decision_rule": "Avis consultatif du groupe."}),
    )
    .await;
    let (_, proposal) = call(
        &a,
        Method::POST,
        &format!("/api/v1/processes/{}/proposals", process["id"]),
        &ana,
        json!({"title": "Point budget", "body": "Ajouter le budget."}),
    )
    .await;
    let closes_at = chrono::Utc::now() + chrono::Duration::seconds(62);
    let (status, vote) = call(
        &a,
        Method::POST,
        &format!("/api/v1/proposals/{}/votes", proposal["id"]),
        &ana,
        json!({"method": "consent", "closes_at": closes_at.to_rfc3339()}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{vote}");
    assert_eq!(vote["binding"], false, "a consultation advises");
    let vote_id = vote["id"].as_i64().unwrap();
    let (status, body) = ballot(&a, vote_id, &ana, json!({"choice": "objection"})).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an objection needs its reason: {body}"
    );
    let (status, body) = ballot(&a, vote_id, &ana, json!({"choice": "consent"})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let result = eventually("the vote to close by itself", 120, || async {
        let result = a
            .get(&format!("/api/v1/votes/{vote_id}/result"), None)
            .await;
        (result["closed"] == true).then_some(result)
    })
    .await;
    assert_eq!(result["verdict"], "adopted", "{result}");
    let proposal = a
        .get(&format!("/api/v1/proposals/{}", proposal["id"]), None)
        .await;
    assert_eq!(proposal["state"], "accepted");
}

/// The archive's participation figures of the `scic` group, whose first vote (3 of 3
/// electors: salariés 2 of 2, usagers 1 of 1) closed this quarter, through the JSON, the
/// CSV and the page; plus an older vote (1 of 4 voted, moved back to last year) so that there
/// are two periods to compare.
async fn participation_over_time(a: &Node) {
    let vote_id = a
        .count(
            "SELECT MIN(v.id) FROM votes v JOIN proposals p ON p.id = v.proposal_id \
             WHERE p.title = $1",
            "Nouveau local",
        )
        .await;
    let closed_at = a
        .count(
            "SELECT closed_at FROM votes WHERE id = CAST($1 AS BIGINT)",
            &vote_id.to_string(),
        )
        .await;
    let a_year_earlier = 367 * 24 * 3600 * 1000_i64;
    let label = |millis: i64, format: &str| {
        let at = chrono::DateTime::from_timestamp_millis(millis).unwrap();
        let quarter = (chrono::Datelike::month(&at) - 1) / 3 + 1;
        at.format(format)
            .to_string()
            .replace("QQ", &format!("Q{quarter}"))
    };
    let quarter = label(closed_at, "%Y-QQ");
    let last_year = label(closed_at - a_year_earlier, "%Y-QQ");
    let month = label(closed_at, "%Y-%m");
    // A second, older decision: 1 ballot out of 4, closed a year earlier.
    let ana = a
        .text("SELECT ap_id FROM actors WHERE username = $1", "ana")
        .await;
    a.execute(&format!(
        "INSERT INTO votes (ap_id, proposal_id, spec, opens_at, closes_at, closed_at, outcome, \
         verdict, electorate_size, ballots_count, local, created_at) \
         SELECT '{ana}/old-vote', proposal_id, spec, opens_at - {a_year_earlier}, \
         closes_at - {a_year_earlier}, closed_at - {a_year_earlier}, outcome, 'adopted', 4, 1, \
         TRUE, created_at - {a_year_earlier} FROM votes WHERE id = {vote_id}"
    ))
    .await;

    let archive = a.get("/api/v1/groups/scic/decisions", None).await;
    let periods = archive["participation"]["periods"].as_array().unwrap();
    let labels: Vec<&str> = periods
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(labels, [last_year.as_str(), quarter.as_str()], "{archive}");
    let current = &periods[1];
    assert_eq!(current["decisions"], 1);
    assert_eq!(current["average_turnout"], 1.0);
    let colleges: Vec<(&str, f64)> = current["colleges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["college"].as_str().unwrap(),
                c["average_turnout"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(colleges, [("salariés", 1.0), ("usagers", 1.0)], "{archive}");
    assert_eq!(periods[0]["average_turnout"], 0.25);
    let college = &archive["decisions"][0]["colleges"][0];
    assert_eq!(college["turnout"], 1.0, "{archive}");
    let months = a
        .get("/api/v1/groups/scic/decisions?period=month", None)
        .await;
    assert_eq!(months["participation"]["period"], "month");
    assert_eq!(
        months["participation"]["periods"][1]["period"], month,
        "{months}"
    );
    let (status, _) = a
        .api(
            Method::GET,
            "/api/v1/groups/scic/decisions?period=week",
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let csv = a
        .http
        .get(a.url("/api/v1/groups/scic/decisions?format=csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "closed_at,process,proposal,participation,method,verdict,electorate,ballots,turnout,\
         \"turnout salariés\",\"turnout usagers\""
    );
    let newest = lines.next().unwrap();
    assert!(newest.ends_with(",3,3,1.0000,1.0000,1.0000"), "{csv}");

    let page = a
        .http
        .get(a.url("/groups/scic/decisions"))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Participation dans le temps"), "{page}");
    assert!(page.contains("<svg"), "{page}");
    assert!(!page.contains("<script"), "{page}");
    assert!(page.contains(&quarter), "{page}");
    assert!(page.contains("salariés : 100 % (1 décision(s))"), "{page}");
    let by_month = a
        .http
        .get(a.url("/groups/scic/decisions?period=month"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(by_month.contains("Participation over time"), "{by_month}");
    assert!(by_month.contains(&month), "{by_month}");
}
