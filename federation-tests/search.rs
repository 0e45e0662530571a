//! Search, as members would try it: node A has a post, an event, a proposal with its decision,
//! a draft and an offer in its group; node B has a post and an event in its group, which two
//! members of A follow, so A keeps copies. Searches on A find both nodes' items with their
//! origins and links, without accents, in French or English for competences; the filters
//! (type, group, origin, dates) narrow them; an item reached by several paths appears once;
//! bad parameters are refused with `{"error","message"}`; drafts, deleted, removed and
//! suspended authors' items are not found; the page renders the same results.
//! A is on PostgreSQL when configured, B on SQLite: run once each way to cover both dialects
//! on the searching node.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{eventually, in_days, join, post_arrives, Node, User};

const WAIT: u64 = 30;

fn day(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string()
}

async fn create(node: &Node, user: &User, path: &str, body: Value) -> Value {
    let (status, item) = node
        .api(Method::POST, path, Some(&user.token), Some(body))
        .await;
    assert!(status.is_success(), "POST {path}: {status} {item}");
    item
}

/// The search's results (asserting 200).
async fn search(node: &Node, query: &str) -> Vec<Value> {
    let body = node.get(&format!("/api/v1/search?{query}"), None).await;
    body["results"].as_array().cloned().unwrap_or_default()
}

fn titles(results: &[Value]) -> Vec<String> {
    let mut t: Vec<String> = results
        .iter()
        .map(|r| {
            format!(
                "{}:{}",
                r["type"].as_str().unwrap(),
                r["title"].as_str().unwrap()
            )
        })
        .collect();
    t.sort();
    t
}

fn find<'a>(results: &'a [Value], title: &str) -> &'a Value {
    results
        .iter()
        .find(|r| r["title"] == title)
        .unwrap_or_else(|| panic!("{title:?} not in {results:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_across_nodes_with_filters_and_visibility() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let ana = a.admin("ana").await;
    let ben = a.user("ben").await;
    let cleo = a.user("cleo").await;
    let bob = b.admin("bob").await;
    let coop = a.group("coop", "open", &ana);
    let rennes = b.group("rennes", "open", &bob);
    join(&a, &ben, &coop).await;
    join(&a, &cleo, &coop).await;
    // Two members of A follow B's group: its posts reach A by two follows, stored once.
    join(&a, &ben, &rennes).await;
    join(&a, &cleo, &rennes).await;

    // A's own content.
    let a_post = create(
        &a,
        &ana,
        "/api/v1/groups/coop/posts",
        json!({
        "title": "Assemblée de l'équipe", "content": "Ordre du jour : budget **participatif**."}),
    )
    .await;
    create(&a, &ana, "/api/v1/groups/coop/events", json!({
        "title": "Atelier comptabilité", "description": "Tenir ses comptes.", "category": "training",
        "starts_at": in_days(5, 17), "ends_at": in_days(5, 19), "timezone": "Europe/Paris",
        "place_name": "Maison des coopératives", "place_address": "1 rue de Brest, Rennes"})).await;
    let process = create(&a, &ana, "/api/v1/groups/coop/processes", json!({
        "title": "Mobilité 2027", "description": "Nos déplacements.", "participation": "co_decision",
        "decision_rule": "Majorité simple."})).await;
    let proposals = format!("/api/v1/processes/{}/proposals", process["id"]);
    let proposal = create(
        &a,
        &ben,
        &proposals,
        json!({
        "title": "Une équipe vélo", "body": "Créer une équipe pour les trajets à vélo."}),
    )
    .await;
    create(
        &a,
        &ben,
        &proposals,
        json!({
        "title": "Brouillon vélo", "body": "Pas encore prêt.", "draft": true}),
    )
    .await;
    let vote = create(&a, &ana, &format!("/api/v1/proposals/{}/votes", proposal["id"]),
        json!({"method": "majority", "closes_at": (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339()})).await;
    create(
        &a,
        &ana,
        &format!("/api/v1/votes/{}/close", vote["id"]),
        json!({}),
    )
    .await;
    create(
        &a,
        &cleo,
        "/api/v1/groups/coop/competences",
        json!({"kind": "offer",
        "title": "Animation d'équipe", "description": "Des réunions qui avancent.",
        "skills": ["Comptabilité"]}),
    )
    .await;

    // B's content, and A's copies of it.
    let b_post = create(
        &b,
        &bob,
        "/api/v1/groups/rennes/posts",
        json!({
        "title": "Équipe de Rennes", "content": "La réunion de l'équipe aura lieu jeudi."}),
    )
    .await;
    create(
        &b,
        &bob,
        "/api/v1/groups/rennes/events",
        json!({
        "title": "Permanence de l'équipe", "description": "Venez nous voir.", "category": "drop_in",
        "starts_at": in_days(6, 10), "ends_at": in_days(6, 12), "timezone": "Europe/Paris",
        "place_name": "Local", "place_address": "Rennes"}),
    )
    .await;
    post_arrives(&a, &rennes, "jeudi").await;
    eventually("B's event on A", WAIT, || async {
        let list = a
            .get(&format!("/api/v1/groups/{rennes}/events"), None)
            .await;
        (list.as_array()?.len() == 1).then_some(())
    })
    .await;

    // Without accents, both nodes' items, with origins and links.
    let all = search(&a, "q=equipe").await;
    assert_eq!(
        titles(&all),
        [
            "competence:Animation d'équipe",
            "decision:Une équipe vélo",
            "event:Permanence de l'équipe",
            "post:Assemblée de l'équipe",
            "post:Équipe de Rennes",
            "proposal:Une équipe vélo",
        ],
        "{all:?}"
    );
    let copy = find(&all, "Équipe de Rennes");
    assert_eq!(copy["url"], b_post["url"]);
    assert_eq!(copy["origin"], b.domain.as_str());
    assert_eq!(copy["group"], rennes.as_str());
    assert!(
        copy["excerpt"]
            .as_str()
            .unwrap()
            .contains("l'équipe aura lieu jeudi"),
        "{copy}"
    );
    let page = copy["page"].as_str().unwrap();
    assert_eq!(page, format!("/p/{}", copy["id"]));
    let own = find(&all, "Assemblée de l'équipe");
    assert_eq!(own["origin"], a.domain.as_str());
    assert_eq!(own["url"], a_post["url"]);
    // More of the words first: B's post has both, in its title and its text.
    let ranked = search(&a, "q=equipe+jeudi").await;
    assert_eq!(ranked[0]["url"], b_post["url"], "{ranked:?}");
    assert!(ranked[0]["score"].as_f64() > ranked[1]["score"].as_f64());
    // The decision links to its vote; every page opens (competence pages come with their own
    // branch).
    let decision = all.iter().find(|r| r["type"] == "decision").unwrap();
    assert_eq!(decision["page"], format!("/vote/{}", vote["id"]));
    for r in all.iter().filter(|r| r["type"] != "competence") {
        let (status, _) = a
            .api(Method::GET, r["page"].as_str().unwrap(), None, None)
            .await;
        assert_eq!(status, StatusCode::OK, "{}", r["page"]);
    }

    // Accents, capitals and plurals do not matter; places and skills (in English) are words.
    assert_eq!(
        titles(&search(&a, "q=COMPTABILITE&type=event").await),
        ["event:Atelier comptabilité"]
    );
    assert_eq!(search(&a, "q=%C3%A9quipes").await.len(), all.len());
    assert_eq!(
        titles(&search(&a, "q=bookkeeping").await),
        ["competence:Animation d'équipe"]
    );

    // Filters.
    let events = search(&a, "q=rennes&type=event").await;
    assert_eq!(
        titles(&events),
        ["event:Atelier comptabilité", "event:Permanence de l'équipe"]
    );
    let in_b = search(&a, &format!("q=equipe&group={rennes}")).await;
    assert_eq!(
        titles(&in_b),
        ["event:Permanence de l'équipe", "post:Équipe de Rennes"]
    );
    assert!(in_b.iter().all(|r| r["group"] == rennes.as_str()));
    let from_b = search(&a, &format!("q=equipe&origin={}", b.domain)).await;
    assert_eq!(titles(&from_b), titles(&in_b));
    assert!(from_b.iter().all(|r| r["origin"] == b.domain.as_str()));
    let later = search(&a, &format!("q=equipe&from={}", day(1))).await;
    assert_eq!(titles(&later), ["event:Permanence de l'équipe"]);
    assert!(search(&a, &format!("q=equipe&to={}", day(-1)))
        .await
        .is_empty());
    let page2 = a
        .get("/api/v1/search?q=equipe&limit=2&offset=2", None)
        .await;
    assert_eq!(page2["total"], all.len());
    assert_eq!(
        page2["counts"],
        json!({"competence": 1, "decision": 1, "event": 1, "post": 2, "proposal": 1})
    );
    assert_eq!(page2["results"].as_array().unwrap().len(), 2);
    assert_eq!(page2["results"][0], all[2]);

    // Bad parameters: a clear refusal, and nothing changes.
    let long = format!("q={}", "a".repeat(201));
    for (query, status, code) in [
        ("", 400, "missing_query"),
        ("q=%20", 400, "missing_query"),
        (long.as_str(), 400, "query_too_long"),
        ("q=le+de", 422, "no_search_words"),
        ("q=equipe&type=poll", 400, "invalid_type"),
        ("q=equipe&from=2027-13-01", 400, "invalid_date"),
        (
            "q=equipe&from=2027-03-02&to=2027-03-01",
            400,
            "invalid_dates",
        ),
        ("q=equipe&origin=a%25b", 400, "invalid_origin"),
        ("q=equipe&limit=0", 400, "invalid_limit"),
        ("q=equipe&offset=x", 400, "invalid_offset"),
        ("q=equipe&q=velo", 400, "invalid_query_string"),
    ] {
        let (got, body) = a
            .api(Method::GET, &format!("/api/v1/search?{query}"), None, None)
            .await;
        assert_eq!(got.as_u16(), status, "{query}: {body}");
        assert_eq!(body["error"], code, "{query}: {body}");
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{body}"
        );
    }
    let (got, body) = a
        .api(
            Method::GET,
            "/api/v1/search?q=equipe&group=nobody",
            None,
            None,
        )
        .await;
    assert_eq!(got, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(search(&a, "q=equipe").await, all);

    // The OpenAPI document lists the route.
    let doc = a.get("/api/v1/openapi.json", None).await;
    assert!(doc["paths"]["/api/v1/search"]["get"].is_object());

    // The page: the same results, with origin and links; a refusal shown on the page.
    let html = a
        .http
        .get(a.url("/search?q=equipe"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Équipe de Rennes") && html.contains(&b.domain),
        "{html}"
    );
    assert!(html.contains(&format!("href=\"{page}\"")), "{html}");
    assert!(html.contains(b_post["url"].as_str().unwrap()), "{html}");
    assert!(
        html.contains("href=\"/search\""),
        "the header links to the page"
    );
    assert!(html.contains("type=event"), "links per type: {html}");
    crate::web::assert_accessible("/search?q=equipe", &html);
    let refused = a
        .http
        .get(a.url("/search?q=le"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("No word to search for") && html.contains("aria-invalid"),
        "{html}"
    );
    crate::web::assert_accessible("/search?q=le", &html);

    // B edits its post: A's copy is the same row, searched by its new words only.
    let (status, body) = b.api(Method::PATCH, &format!("/api/v1/posts/{}", b_post["id"]),
        Some(&bob.token), Some(json!({"title": "Équipe de Rennes", "content": "La réunion de l'équipe aura lieu vendredi."}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    eventually("the edit searchable on A", WAIT, || async {
        (search(&a, "q=vendredi").await.len() == 1).then_some(())
    })
    .await;
    assert!(search(&a, "q=jeudi").await.is_empty());
    let once = search(&a, "q=equipe").await;
    assert_eq!(once.iter().filter(|r| r["url"] == b_post["url"]).count(), 1);

    // Deleted at its origin, removed by a moderator, or by a suspended author: not found.
    let (status, body) = b
        .api(
            Method::DELETE,
            &format!("/api/v1/posts/{}", b_post["id"]),
            Some(&bob.token),
            None,
        )
        .await;
    assert!(status.is_success(), "{body}");
    eventually("the deletion on A", WAIT, || async {
        search(&a, "q=vendredi").await.is_empty().then_some(())
    })
    .await;
    let (status, body) = a
        .api(
            Method::POST,
            &format!("/api/v1/admin/posts/{}/remove", a_post["id"]),
            Some(&ana.token),
            Some(json!({"reason": "doublon"})),
        )
        .await;
    assert!(status.is_success(), "{body}");
    assert!(search(&a, "q=participatif").await.is_empty());
    // An offer opens its own thread: removing that post removes the offer.
    let thread = crate::harness::group_posts(&a, "coop")
        .await
        .into_iter()
        .find(|p| p["title"] == "Animation d'équipe")
        .expect("the offer's thread post");
    let (status, body) = a
        .api(
            Method::POST,
            &format!("/api/v1/admin/posts/{}/remove", thread["id"]),
            Some(&ana.token),
            Some(json!({"reason": "hors sujet"})),
        )
        .await;
    assert!(status.is_success(), "{body}");
    assert!(search(&a, "q=bookkeeping").await.is_empty());
    // A suspended author's proposal and its decision go.
    let (status, body) = a
        .api(
            Method::POST,
            "/api/v1/admin/suspensions",
            Some(&ana.token),
            Some(json!({"account": ben.handle, "reason": "test"})),
        )
        .await;
    assert!(status.is_success(), "{body}");
    assert!(search(&a, "q=velo").await.is_empty());
    assert_eq!(
        titles(&search(&a, "q=equipe").await),
        ["event:Permanence de l'équipe"]
    );
}
