//! The aggregator's pages, without JavaScript: the admin adds an antenna's group on
//! `/admin/aggregation` (a bad handle is refused on the page and adds nothing; a member may
//! not see the page), sees it accepted with its last activity, and removes it; the network
//! calendar `/calendar` shows the antenna's event by day with its group, its node and a link
//! to its origin, narrows by node and refuses bad dates on the page; the search page offers
//! its facets per group and per node as links; the directory filters by node. Every page is
//! labelled, has one heading and a language.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    harness::{announce_event, call, eventually, Node},
    web::assert_accessible,
    web_decisions::login,
};

const WAIT: u64 = 30;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_aggregators_pages_work_without_javascript() {
    let agg = Node::start("AGG", 0).await;
    let r1 = Node::start("R1", 1).await;
    let root = agg.admin("alix").await;
    agg.user("mia").await;
    let ana = r1.admin("ana").await;
    let group = r1.group("coop", "open", &ana);
    // Something of the aggregator's own, so the facets have two nodes to offer.
    agg.group("maison", "open", &root);
    call(
        &agg,
        reqwest::Method::POST,
        "/api/v1/groups/maison/posts",
        &root,
        json!({"title": "Assemblée de la maison", "content": "Notre assemblée locale."}),
    )
    .await;

    let admin = login(&agg, "alix").await;
    let (status, page) = admin.get(&agg, "/admin/aggregation").await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/admin/aggregation", &page);
    assert!(page.contains("n'agrège encore aucun groupe"), "{page}");
    let (status, _) = login(&agg, "mia")
        .await
        .get(&agg, "/admin/aggregation")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A handle that names no one: refused on the page, the typed text kept, nothing added.
    let unknown = format!("@nobody@{}", r1.domain);
    let (status, page) = admin
        .post(&agg, "/admin/aggregation", &[("handles", &unknown)])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{page}");
    assert!(page.contains("introuvable"), "{page}");
    assert!(page.contains(&unknown), "{page}");
    assert_accessible("/admin/aggregation (refused)", &page);
    assert!(page.contains("n'agrège encore aucun groupe"), "{page}");

    let location = admin
        .submit(
            &agg,
            "/admin/aggregation",
            &[("handles", &format!("@{group}"))],
        )
        .await;
    assert!(location.contains("notice-aggregation-added"), "{location}");
    eventually("the group accepted on the page", WAIT, || async {
        let (_, page) = admin.get(&agg, "/admin/aggregation").await;
        page.contains("<td class=\"aggregation-state\">accepté</td>")
            .then_some(())
    })
    .await;

    // The antenna announces an event and writes a post; both reach the aggregator.
    let event = announce_event(&r1, &ana, "Assemblée de Rennes", "assembly").await;
    call(
        &r1,
        reqwest::Method::POST,
        "/api/v1/groups/coop/posts",
        &ana,
        json!({"title": "Assemblée générale", "content": "L'assemblée vote le budget."}),
    )
    .await;
    let (_, page) = eventually("the event in the network calendar", WAIT, || async {
        let (status, page) = admin.get(&agg, "/calendar").await;
        page.contains("Assemblée de Rennes")
            .then_some((status, page))
    })
    .await;
    assert_accessible("/calendar", &page);
    assert!(page.contains("Agenda du réseau"), "{page}");
    assert!(page.contains(&r1.domain), "{page}");
    assert!(
        page.contains(&format!("href=\"{}\"", event["url"].as_str().unwrap())),
        "{page}"
    );
    assert!(page.contains("href=\"/calendar.ics\""), "{page}");
    let (_, narrowed) = admin
        .get(&agg, &format!("/calendar?origin={}", agg.domain))
        .await;
    assert!(!narrowed.contains("Assemblée de Rennes"), "{narrowed}");
    let (status, refused) = admin
        .get(&agg, "/calendar?from=2027-03-02&to=2027-03-01")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        refused.contains("La date de début vient après la date de fin"),
        "{refused}"
    );
    assert!(
        refused.contains("value=\"2027-03-02\""),
        "the dates typed are kept"
    );
    assert_accessible("/calendar (refused)", &refused);

    // The search page offers its facets per group and per node as links.
    let page = eventually("the antenna's post in search", WAIT, || async {
        let (_, page) = admin.get(&agg, "/search?q=assemblee").await;
        page.contains("Assemblée générale").then_some(page)
    })
    .await;
    assert_accessible("/search", &page);
    assert!(page.contains("Par nœud :"), "{page}");
    assert!(page.contains("Par groupe :"), "{page}");
    assert!(
        page.contains(&format!("origin={}", r1.domain.replace(':', "%3A"))),
        "{page}"
    );
    let (_, narrowed) = admin
        .get(&agg, &format!("/search?q=assemblee&origin={}", r1.domain))
        .await;
    assert!(!narrowed.contains("Assemblée de la maison"), "{narrowed}");
    assert!(narrowed.contains("Assemblée générale"), "{narrowed}");

    // The directory lists the antenna's resource person with their node, filtered by node.
    let (status, body) = call(
        &r1,
        reqwest::Method::PUT,
        "/api/v1/me/competences",
        &ana,
        json!({"skills": ["Comptabilité"], "visibility": "public", "place": "Rennes"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let page = eventually("ana in the directory", WAIT, || async {
        let (_, page) = admin
            .get(&agg, &format!("/people?origin={}", r1.domain))
            .await;
        page.contains(&format!("@{}", ana.handle)).then_some(page)
    })
    .await;
    assert_accessible("/people", &page);
    assert!(page.contains("id=\"people-origin\""), "{page}");
    assert!(
        page.contains(&ana.url),
        "a link to her profile on her node: {page}"
    );
    let (_, page) = admin
        .get(&agg, &format!("/people?origin={}", agg.domain))
        .await;
    assert!(!page.contains(&ana.handle), "{page}");
    let (_, page) = admin.get(&agg, &format!("/people?group={group}")).await;
    assert!(page.contains(&ana.handle), "{page}");
    let (status, _) = admin
        .get(&agg, "/people?group=nobody@nowhere.example")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The admin removes the group.
    let location = admin
        .submit(&agg, "/admin/aggregation/remove", &[("handle", &group)])
        .await;
    assert!(
        location.contains("notice-aggregation-removed"),
        "{location}"
    );
    let (_, page) = admin.get(&agg, "/admin/aggregation").await;
    assert!(page.contains("n'agrège encore aucun groupe"), "{page}");
}
