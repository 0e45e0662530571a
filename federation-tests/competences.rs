//! Competence sharing on one node, through the real API: members post offers and needs; a
//! need's matches come ranked (shared skills before text, then place; French words found with
//! or without accents and in the plural); non-members and bad input are refused and change
//! nothing; authors close and resolve; the directory shows each profile only to whom it may.
//! Run once on the first node of a test (PostgreSQL when configured) and once on the second
//! (SQLite), since the search is written in each dialect.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{call, join, Node, User};

async fn post(node: &Node, user: &User, body: Value) -> i64 {
    let (status, item) = call(
        node,
        Method::POST,
        "/api/v1/groups/coop/competences",
        user,
        body,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{item}");
    item["id"].as_i64().unwrap()
}

fn offer_ids(matches: &Value) -> Vec<i64> {
    matches["offers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["offer"]["id"].as_i64().unwrap())
        .collect()
}

fn handles(people: &Value) -> Vec<String> {
    let mut h: Vec<String> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["handle"]
                .as_str()
                .unwrap()
                .split('@')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    h.sort();
    h
}

async fn scenario(index: usize) {
    let a = Node::start("A", index).await;
    let ana = a.admin("ana").await;
    a.group("coop", "open", &ana);
    let group = format!("coop@{}", a.domain);
    let mut m = Vec::new();
    for name in ["bea", "chloe", "dan", "eve", "fred"] {
        let user = a.user(name).await;
        join(&a, &user, &group).await;
        m.push(user);
    }
    let (bea, chloe, dan, eve, fred) = (&m[0], &m[1], &m[2], &m[3], &m[4]);
    let zoe = a.user("zoe").await;

    // Offers. Dan's and Eve's differ only by place, so place alone orders them.
    let two_skills = post(&a, bea, json!({"kind": "offer", "title": "Relecture de comptes annuels",
        "description": "Bilan, annexes.", "skills": ["Comptabilité", "juridique"], "form": "mentoring",
        "mode": "either", "place": "Rennes"})).await;
    let far = post(
        &a,
        dan,
        json!({"kind": "offer", "title": "Coup de main tableur",
        "skills": ["bookkeeping"], "mode": "in_person", "place": "Nantes", "terms": "exchange"}),
    )
    .await;
    let near = post(
        &a,
        eve,
        json!({"kind": "offer", "title": "Coup de main tableur",
        "skills": ["bookkeeping"], "mode": "in_person", "place": "Rennes centre"}),
    )
    .await;
    let text_only = post(
        &a,
        chloe,
        json!({"kind": "offer", "title": "Outils en ligne",
        "description": "Je montre comment envoyer des factures électroniques.",
        "skills": ["communication"]}),
    )
    .await;
    let signature = post(
        &a,
        chloe,
        json!({"kind": "offer", "title": "Signature électronique des contrats",
        "description": "Yousign, Docusign: les essentiels."}),
    )
    .await;
    let unrelated = post(
        &a,
        eve,
        json!({"kind": "offer", "title": "Logo et charte graphique",
        "skills": ["design"]}),
    )
    .await;

    // A need typed without accents, with plural words.
    let need = post(
        &a,
        fred,
        json!({"kind": "need", "title": "Besoin d'aide en comptabilite",
        "description": "Mes factures s'accumulent.", "skills": ["comptabilite", "Legal"],
        "form": "question", "place": "rennes", "availability": "le mardi soir"}),
    )
    .await;
    let item = a.get(&format!("/api/v1/competences/{need}"), None).await;
    assert_eq!(item["kind"], "need");
    assert_eq!(item["skills"][0]["slug"], "bookkeeping");
    assert_eq!(item["skills"][0]["fr"], "Comptabilité");
    assert_eq!(item["state"], "open");

    let found = a
        .get(
            &format!("/api/v1/competences/{need}/matches"),
            Some(&fred.token),
        )
        .await;
    assert_eq!(
        offer_ids(&found),
        vec![two_skills, near, far, text_only],
        "two shared skills, then one skill near, one skill far, then text only: {found:#}"
    );
    let first = &found["offers"][0];
    assert_eq!(first["shared_skills"], json!(["bookkeeping", "legal"]));
    assert_eq!(first["same_place"], true);
    assert_eq!(found["offers"][1]["same_place"], true);
    assert_eq!(found["offers"][2]["same_place"], false);
    assert_eq!(
        found["offers"][3]["text_match"], true,
        "\"factures\" found in \"factures électroniques\""
    );
    assert!(!offer_ids(&found).contains(&unrelated));
    assert!(!offer_ids(&found).contains(&signature));

    // Text relevance alone: accents typed or not, the offer with more words of the need first.
    let question = post(
        &a,
        fred,
        json!({"kind": "need", "title": "Signature electronique des statuts",
        "description": "Quel logiciel ?"}),
    )
    .await;
    let found = a
        .get(&format!("/api/v1/competences/{question}/matches"), None)
        .await;
    assert_eq!(offer_ids(&found), vec![signature, text_only], "{found:#}");

    // Matches are for needs.
    let (status, body) = a
        .api(
            Method::GET,
            &format!("/api/v1/competences/{two_skills}/matches"),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "not_a_need");

    // Non-members and bad input are refused and create nothing.
    let count = |v: Value| v.as_array().unwrap().len();
    let before = count(
        a.get("/api/v1/groups/coop/competences?state=all", None)
            .await,
    );
    assert_eq!(before, 8);
    let (status, body) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/competences",
        &zoe,
        json!({"kind": "offer", "title": "Je passe par là"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "not_a_member");
    let past = (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339();
    for (body, status, code) in [
        (
            json!({"kind": "wish", "title": "x"}),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            json!({"kind": "offer", "title": "x", "form": "lecture"}),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            json!({"kind": "offer"}),
            StatusCode::BAD_REQUEST,
            "invalid_body",
        ),
        (
            json!({"kind": "offer", "title": "  "}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_competence",
        ),
        (
            json!({"kind": "offer", "title": "x", "mode": "in_person"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "place_required",
        ),
        (
            json!({"kind": "offer", "title": "x", "expires_at": past}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_expiry",
        ),
        (
            json!({"kind": "offer", "title": "x", "skills": ["?!"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_skill",
        ),
    ] {
        let (got, answer) = call(
            &a,
            Method::POST,
            "/api/v1/groups/coop/competences",
            bea,
            body.clone(),
        )
        .await;
        assert_eq!(
            (got, answer["error"].as_str().unwrap_or_default()),
            (status, code),
            "{body} -> {answer}"
        );
        assert!(answer["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(
        count(
            a.get("/api/v1/groups/coop/competences?state=all", None)
                .await
        ),
        before
    );
    assert_eq!(
        count(
            a.get("/api/v1/groups/coop/competences?kind=need", None)
                .await
        ),
        2
    );

    // Only the author changes an offer; a closed offer is no longer suggested.
    let path = format!("/api/v1/competences/{far}");
    let (status, body) = call(&a, Method::PATCH, &path, bea, json!({"state": "closed"})).await;
    assert_eq!(
        (status, body["error"].clone()),
        (StatusCode::FORBIDDEN, json!("not_the_author"))
    );
    let (status, body) = call(
        &a,
        Method::PATCH,
        &path,
        dan,
        json!({"mode": "in_person", "place": null}),
    )
    .await;
    assert_eq!(
        (status, body["error"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("place_required"))
    );
    let (status, body) = call(
        &a,
        Method::PATCH,
        &path,
        dan,
        json!({"state": "closed", "availability": "le samedi"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["state"].clone(), body["place"].clone()),
        (json!("closed"), json!("Nantes"))
    );
    let found = a
        .get(&format!("/api/v1/competences/{need}/matches"), None)
        .await;
    assert_eq!(offer_ids(&found), vec![two_skills, near, text_only]);

    // A suspended author's offers are hidden, and shown again when the suspension is lifted.
    let suspension = json!({"account": "eve"});
    a.post("/api/v1/admin/suspensions", &ana.token, suspension)
        .await;
    let found = a
        .get(&format!("/api/v1/competences/{need}/matches"), None)
        .await;
    assert_eq!(offer_ids(&found), vec![two_skills, text_only]);
    let (status, _) = a
        .api(
            Method::DELETE,
            "/api/v1/admin/suspensions?account=eve",
            Some(&ana.token),
            None,
        )
        .await;
    assert!(status.is_success());
    let found = a
        .get(&format!("/api/v1/competences/{need}/matches"), None)
        .await;
    assert_eq!(offer_ids(&found), vec![two_skills, near, text_only]);

    // The asker marks the answer that helped (a reply to the need): the need is resolved.
    let (status, body) = call(
        &a,
        Method::PATCH,
        &format!("/api/v1/competences/{need}"),
        fred,
        json!({"helpful_post_id": 999_999}),
    )
    .await;
    assert_eq!(
        (status, body["error"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("unknown_post"))
    );
    // A post of the group outside the need's discussion is not an answer to it.
    let elsewhere = a
        .post(
            "/api/v1/groups/coop/posts",
            &bea.token,
            json!({"content": "Rien à voir."}),
        )
        .await;
    let (status, body) = call(
        &a,
        Method::PATCH,
        &format!("/api/v1/competences/{need}"),
        fred,
        json!({"helpful_post_id": elsewhere["id"]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // Answers are replies to the need's thread.
    let thread = a.get(&format!("/api/v1/competences/{need}"), None).await["post_id"]
        .as_i64()
        .unwrap();
    let answer = a
        .post(
            &format!("/api/v1/posts/{thread}/replies"),
            &bea.token,
            json!({"content": "Passe me voir mardi."}),
        )
        .await;
    let (status, body) = call(
        &a,
        Method::PATCH,
        &format!("/api/v1/competences/{need}"),
        fred,
        json!({"helpful_post_id": answer["id"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["state"].clone(), body["helpful_post_id"].clone()),
        (json!("resolved"), answer["id"].clone())
    );

    // The directory: each profile as far as its owner allows.
    for (user, visibility, skills) in [
        (bea, "public", json!(["Comptabilité"])),
        (dan, "group", json!(["bookkeeping", "it"])),
        (eve, "network", json!(["comptabilite"])),
    ] {
        let (status, body) = call(
            &a,
            Method::PUT,
            "/api/v1/me/competences",
            user,
            json!({"skills": skills, "visibility": visibility, "place": "Rennes"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, body) = call(
        &a,
        Method::PUT,
        "/api/v1/me/competences",
        bea,
        json!({"skills": [], "visibility": "everyone"}),
    )
    .await;
    assert_eq!(
        (status, body["error"].clone()),
        (StatusCode::BAD_REQUEST, json!("invalid_field"))
    );
    let skill = "/api/v1/people?skill=Comptabilit%C3%A9";
    assert_eq!(
        handles(&a.get(skill, None).await),
        vec!["bea"],
        "anonymous: public only"
    );
    assert_eq!(
        handles(&a.get(skill, Some(&zoe.token)).await),
        vec!["bea", "eve"],
        "signed in, no shared group"
    );
    assert_eq!(
        handles(&a.get(skill, Some(&fred.token)).await),
        vec!["bea", "dan", "eve"],
        "a fellow member"
    );
    assert_eq!(
        handles(
            &a.get("/api/v1/people?skill=it&group=coop", Some(&fred.token))
                .await
        ),
        vec!["dan"]
    );
    let mine = a.get("/api/v1/me/competences", Some(&dan.token)).await;
    assert_eq!(mine["skills"][1]["en"], "IT");
    let found = a
        .get(
            &format!("/api/v1/competences/{question}/matches"),
            Some(&fred.token),
        )
        .await;
    assert!(
        found["people"].as_array().unwrap().is_empty(),
        "no skill asked, nobody suggested"
    );
    let need2 = post(
        &a,
        fred,
        json!({"kind": "need", "title": "Bilan", "skills": ["bookkeeping"]}),
    )
    .await;
    let found = a
        .get(&format!("/api/v1/competences/{need2}/matches"), None)
        .await;
    assert_eq!(
        handles(&json!(found["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["person"].clone())
            .collect::<Vec<_>>())),
        vec!["bea"],
        "matches show people as the directory does"
    );

    let skills = a.get("/api/v1/skills", None).await;
    assert!(skills
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["slug"] == "e_signature" && s["fr"] == "Signature électronique"));
    let doc = a.get("/api/v1/openapi.json", None).await;
    assert!(doc["paths"]["/api/v1/competences/{id}/matches"].is_object());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn competences_on_the_first_node() {
    scenario(0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn competences_on_the_second_node() {
    scenario(1).await;
}
