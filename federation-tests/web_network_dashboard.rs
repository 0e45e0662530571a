//! The statistics pages through a browser's eyes (real forms, CSRF token, cookies, no
//! script): an antenna's own page in French and English with its chart; the dashboard of a
//! node following it, whose refresh button only admins see and only admins may press (a
//! member's press is refused and reads nothing), the notice after a refresh, the figure
//! chosen by a plain GET form, and every page labelled, headed and in a language.

use reqwest::StatusCode;

use crate::{
    harness::{join, Node},
    network_dashboard::{antenna, assert_well_formed, cells, svgs},
    web::assert_accessible,
    web_decisions::login,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statistics_pages_and_the_dashboard_in_a_browser() {
    let a = antenna("A", 0).await;
    let d = Node::start("D", 1).await;
    d.admin("dora").await;
    let dan = d.user("dan").await;
    join(&d, &dan, &a.handle).await;

    // The antenna's own page: figures, a chart, the definitions; in English too.
    let ana = login(&a.node, "ana").await;
    let (status, page) = ana.get(&a.node, "/groups/coop/stats").await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/groups/coop/stats", &page);
    assert!(
        page.contains("<h1>Statistiques de Groupe coop</h1>"),
        "{page}"
    );
    assert!(page.contains("Ce que comptent ces chiffres"));
    let charts = svgs(&page);
    assert_eq!(charts.len(), 1);
    assert_well_formed(charts[0]);
    assert!(charts[0].contains("<title id=\"group-chart-title\">Membres — Groupe coop</title>"));
    let english = a
        .node
        .http
        .get(a.node.url("/groups/coop/stats?figure=decisions"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("<html lang=\"en\">"));
    assert!(english.contains("Statistics of Groupe coop"));
    assert!(english.contains("<option value=\"decisions\" selected>Decisions</option>"));
    let (status, page) = ana.get(&a.node, "/groups/nope/stats").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("HTTP 404"), "{page}");

    // A member of D sees the dashboard, no refresh button, and may not refresh.
    let member = login(&d, "dan").await;
    let (status, page) = member.get(&d, "/network/dashboard").await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/network/dashboard", &page);
    assert!(page.contains("Pas encore lus"), "{page}");
    assert!(!page.contains("action=\"/network/dashboard/refresh\""));
    let (status, page) = member.post(&d, "/network/dashboard/refresh", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("HTTP 403"), "{page}");
    assert_eq!(
        d.count(
            "SELECT COUNT(*) FROM group_statistics WHERE url IS NULL OR url <> $1",
            ""
        )
        .await,
        0
    );

    // The admin presses the button: back to the dashboard with a notice and the figures.
    let admin = login(&d, "dora").await;
    let (_, page) = admin.get(&d, "/network/dashboard").await;
    assert!(page.contains("action=\"/network/dashboard/refresh\""));
    let (status, to) = admin.post(&d, "/network/dashboard/refresh", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
    assert_eq!(to, "/network/dashboard?notice=notice-dashboard-refreshed");
    let (_, page) = admin.get(&d, &to).await;
    assert!(page.contains("Les chiffres des autres nœuds ont été relus."));
    assert!(page.contains("Lus le"), "{page}");
    let own = a.node.get("/api/v1/groups/coop/stats", None).await;
    assert_eq!(
        cells(&page, &format!("data-group=\"{}\"", a.handle)),
        crate::network_dashboard::as_cells(&own["totals"])
    );

    // The figure is chosen with a GET form; an unknown one shows the members.
    let (_, page) = admin.get(&d, "/network/dashboard?figure=turnout").await;
    assert_accessible("/network/dashboard?figure=turnout", &page);
    assert!(page.contains("<option value=\"turnout\" selected>"));
    assert!(page.contains("Participation aux votes — Ensemble du réseau"));
    let turnout = own["months"].as_array().unwrap().last().unwrap()["turnout"]
        .as_f64()
        .unwrap();
    assert!(
        page.contains(&format!(">{turnout} %</text>")),
        "this month's turnout"
    );
    for svg in svgs(&page) {
        assert_well_formed(svg);
    }
    let (status, page) = admin.get(&d, "/network/dashboard?figure=nonsense").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<option value=\"members\" selected>"));
}
