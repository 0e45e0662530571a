//! Competence sharing across two nodes through the web pages, as new users would try it: a
//! member of node B lists her competences and posts an offer through B's forms; on node A,
//! whose member follows B's group, the offer shows in that group's list with where it comes
//! from; a need posted through A's form finds the offer and the person from B among its
//! matches; A's directory lists her, with her node, to people signed in (not to visitors); and
//! a reply written on A's copy of the offer reaches the offer's page on B.

use reqwest::StatusCode;

use crate::{
    harness::{eventually, join, Node},
    web::assert_accessible,
    web_decisions::login,
    web_events::anonymous,
};

const WAIT: u64 = 30;

/// The first `/competence/{id}` link after `title` on a page.
fn link_after(page: &str, title: &str) -> Option<String> {
    let at = page.find(title)?;
    let before = &page[..at];
    let start = before.rfind("href=\"/competence/")? + "href=\"".len();
    let end = start + page[start..].find('"')?;
    Some(page[start..end].to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_competences_across_two_nodes() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let ana_user = a.admin("ana").await;
    a.group("coop", "open", &ana_user);
    let bob = b.admin("bob").await;
    let atelier = b.group("atelier", "open", &bob);
    let bea_user = b.user("bea").await;
    join(&b, &bea_user, &atelier).await;
    join(&a, &ana_user, &atelier).await;
    let ana = login(&a, "ana").await;
    let bea = login(&b, "bea").await;

    // On B, Bea lists her competences for the whole network, and offers a hand.
    bea.submit(
        &b,
        "/me/competences",
        &[
            ("skill", "bookkeeping"),
            ("visibility", "network"),
            ("place", "Rennes"),
            ("availability", "le jeudi"),
        ],
    )
    .await;
    let location = bea
        .submit(
            &b,
            "/groups/atelier/competences",
            &[
                ("kind", "offer"),
                ("title", "Tenir sa comptabilité pas à pas"),
                ("description", "Je relis vos factures."),
                ("skill", "bookkeeping"),
                ("form", "mentoring"),
                ("mode", "either"),
                ("place", "Rennes"),
                ("terms", "free"),
            ],
        )
        .await;
    let on_b = location.split('?').next().unwrap().to_string();

    // On A, B's group lists the offer, saying where it comes from.
    let list_path = format!("/groups/{atelier}/competences");
    let list = eventually("B's offer listed on A", WAIT, || async {
        let (_, page) = anonymous(&a, &list_path).await;
        page.contains("Tenir sa comptabilité pas à pas")
            .then_some(page)
    })
    .await;
    assert_accessible("remote group's competences", &list);
    assert!(list.contains(&format!("publié sur {}", b.domain)), "{list}");
    let copy = link_after(&list, "Tenir sa comptabilité pas à pas").expect("a link to the copy");

    // Ana's need, through A's form, finds the offer and Bea, both from B.
    let location = ana
        .submit(
            &a,
            "/groups/coop/competences",
            &[
                ("kind", "need"),
                ("title", "Aide pour ma comptabilité"),
                ("description", "Premier bilan."),
                ("skill", "bookkeeping"),
                ("form", "question"),
                ("mode", "online"),
                ("terms", "free"),
            ],
        )
        .await;
    let need = location.split('?').next().unwrap().to_string();
    let page = eventually("Bea among the need's matches on A", WAIT, || async {
        let (_, page) = ana.get(&a, &need).await;
        page.contains(&format!("membre de {}", b.domain))
            .then_some(page)
    })
    .await;
    assert!(page.contains(&format!("href=\"{copy}\"")), "{page}");
    assert!(page.contains(&format!("publié sur {}", b.domain)), "{page}");
    assert!(page.contains("compétences en commun"), "{page}");

    // A's directory: Bea, from B, for people signed in; not for visitors.
    let (status, page) = ana.get(&a, "/people?skill=comptabilite").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("@bea@{}", b.domain)), "{page}");
    assert!(page.contains("le jeudi"), "{page}");
    let (_, page) = anonymous(&a, "/people?skill=comptabilite").await;
    assert!(!page.contains("@bea@"), "network only: {page}");

    // The copy's page on A: where it lives, no author tools, and Ana's reply reaches B.
    let (_, page) = ana.get(&a, &copy).await;
    assert!(page.contains(&format!("publié sur {}", b.domain)), "{page}");
    assert!(!page.contains("/edit\""), "changed on B only: {page}");
    let location = ana
        .submit(
            &a,
            &format!("{copy}/replies"),
            &[("content", "Merci, je vous écris jeudi.")],
        )
        .await;
    assert!(location.contains("notice-replied"), "{location}");
    eventually("Ana's reply on B's offer page", WAIT, || async {
        let (_, page) = anonymous(&b, &on_b).await;
        page.contains("Merci, je vous écris jeudi.").then_some(())
    })
    .await;
}
