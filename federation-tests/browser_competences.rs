//! Sharing competences in a browser, in French, without JavaScript: a member posts a need
//! through the form (a missing place is shown beside its field), then reads who can help (an
//! offer and a resource person, with why), and the group's directory. The screenshots of the
//! user guide's section on competences are taken here (with `MAILLON_UPDATE_SCREENSHOTS=1`).

use fantoccini::Locator;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{
    browser::{browser_available, Browser},
    harness::{join, Node},
};

async fn click(browser: &Browser, css: &str) {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .expect(css)
        .click()
        .await
        .expect("click");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posting_a_need_and_finding_help_in_a_browser() {
    if !browser_available() {
        return;
    }
    let a = Node::start("A", 0).await;
    let ana = a.admin("ana").await;
    let group = a.group("coop", "open", &ana);
    let bea = a.user("bea").await;
    let dan = a.user("dan").await;
    a.user("chloe").await;
    for member in [&bea, &dan] {
        join(&a, member, &group).await;
    }
    let (status, offer) = a
        .api(
            Method::POST,
            "/api/v1/groups/coop/competences",
            Some(&bea.token),
            Some(
                json!({"kind": "offer", "title": "Tenir sa comptabilité pas à pas",
                "description": "Je relis vos factures et votre bilan.",
                "skills": ["Comptabilité"], "form": "mentoring", "mode": "either",
                "place": "Rennes", "terms": "free"}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{offer}");
    let (status, profile) = a
        .api(
            Method::PUT,
            "/api/v1/me/competences",
            Some(&dan.token),
            Some(
                json!({"skills": ["Comptabilité", "paie"], "visibility": "network",
                "place": "Rennes", "availability": "un soir par mois"}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{profile}");

    let browser = Browser::start(false).await;
    browser.go(&a.url("/login")).await;
    browser.fill("#username", "chloe").await;
    browser.fill("#password", "chloe-password-123").await;
    browser.submit("/login").await;
    browser.expect_html("Se déconnecter").await;
    browser.go(&a.url("/groups/coop")).await;
    browser.submit("/groups/coop/join").await;
    browser.expect_html("Offres et besoins").await;

    // The need's form: in person, but where? The answer says so beside the field.
    browser
        .go(&a.url("/groups/coop/competences/new?kind=need"))
        .await;
    browser
        .fill("#competence-title", "Besoin d'aide pour ma comptabilité")
        .await;
    browser
        .fill(
            "#competence-description",
            "Premier bilan de notre SCOP : par où commencer ?",
        )
        .await;
    click(&browser, "input[name=skill][value=bookkeeping]").await;
    click(&browser, "#competence-mode option[value=in_person]").await;
    browser.submit("/groups/coop/competences").await;
    browser.expect_html("id=\"competence-place-error\"").await;
    assert!(browser.text().await.contains("Indiquez où vous retrouver"));
    // A click brings the field into view for the picture (no script runs).
    click(&browser, "#competence-availability").await;
    browser.shot("12-besoin-erreur").await;

    // Corrected: the need's page suggests Bea's offer and Dan, with why.
    browser.fill("#competence-place", "Rennes").await;
    browser.submit("/groups/coop/competences").await;
    browser.expect_html("Offres correspondantes").await;
    let text = browser.text().await;
    assert!(text.contains("Tenir sa comptabilité pas à pas"), "{text}");
    assert!(text.contains("compétences en commun"), "{text}");
    assert!(text.contains("dan"), "{text}");
    click(&browser, "#replies-heading").await;
    browser.shot("13-besoin-suggestions").await;

    // The group's directory of resource people.
    browser.go(&a.url("/groups/coop/people")).await;
    let text = browser.text().await;
    assert!(text.contains("un soir par mois"), "{text}");
    browser.shot("14-personnes-ressources").await;
}
