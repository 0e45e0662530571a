//! Competence sharing through the members' web pages, over real HTTP with the real forms
//! (cookies, CSRF token, redirects), in French: members post an offer and a need through the
//! form (bad input is refused beside its field and saves nothing; a non-member is refused);
//! the need's page lists the matching offer and the resource person, with why; the directory
//! lists who opted in, as far as the reader may see, and not who did not; the author changes,
//! closes, reopens and resolves; a moderator schedules a session from an offer.

use reqwest::StatusCode;

use crate::{
    harness::Node,
    web::{assert_accessible, browser_like},
    web_decisions::{login, Browser},
    web_events::anonymous,
};

/// The offer-or-need form as a member fills it, with some fields changed; `skill` may repeat.
fn competence_form<'a>(kind: &'a str, changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("kind", kind),
        ("title", "Relecture de comptes annuels"),
        ("description", "Bilan, **annexes**, premières questions."),
        ("skill", "bookkeeping"),
        ("skill", "legal"),
        ("tags", "Bilan annuel"),
        ("form", "mentoring"),
        ("mode", "in_person"),
        ("place", "Rennes"),
        ("availability", "le mardi soir"),
        ("terms", "free"),
        ("expires", ""),
    ];
    for (name, value) in changes {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value,
            None => fields.push((name, value)),
        }
    }
    fields
}

/// The id in a redirect such as `/competence/12?notice=...`.
fn competence_id(location: &str) -> i64 {
    location
        .strip_prefix("/competence/")
        .and_then(|rest| rest.split('?').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{location} is not a competence page"))
}

async fn publish(a: &Node, member: &Browser, form: &[(&str, &str)]) -> i64 {
    competence_id(&member.submit(a, "/groups/coop/competences", form).await)
}

async fn stored(a: &Node) -> i64 {
    a.count("SELECT COUNT(*) FROM competences WHERE $1 = $1", "x")
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_competences_offers_needs_matches_and_the_directory() {
    let a = Node::start("A", 0).await;
    let ana_user = a.admin("ana").await;
    for name in ["bea", "chloe", "dan", "eve", "zoe"] {
        a.user(name).await;
    }
    a.group("coop", "open", &ana_user);
    let ana = login(&a, "ana").await;
    let bea = login(&a, "bea").await;
    let chloe = login(&a, "chloe").await;
    let dan = login(&a, "dan").await;
    let eve = login(&a, "eve").await;
    let zoe = login(&a, "zoe").await;
    for member in [&bea, &chloe, &dan, &eve] {
        member.submit(&a, "/groups/coop/join", &[]).await;
    }

    // The group page leads to the offers and needs; members find the form.
    let (_, group) = bea.get(&a, "/groups/coop").await;
    assert!(
        group.contains("href=\"/groups/coop/competences\""),
        "{group}"
    );
    assert!(group.contains("Proposer une offre"), "{group}");
    let (status, page) = bea.get(&a, "/groups/coop/competences/new?kind=offer").await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/groups/coop/competences/new", &page);
    assert!(page.contains("Nouvelle offre dans Groupe coop"), "{page}");
    assert!(
        page.contains("value=\"bookkeeping\""),
        "starter skills offered"
    );
    assert!(page.contains("Signature électronique"), "in French");

    // Bad input: each refusal beside its field, what was typed kept, nothing saved.
    for (changes, field, words) in [
        (vec![("title", " ")], "competence-title", "Donnez un titre."),
        (
            vec![("place", "")],
            "competence-place",
            "Indiquez où vous retrouver",
        ),
        (
            vec![("tags", "!!!")],
            "competence-skills",
            "Un mot-clé ne convient pas",
        ),
        (
            vec![("expires", "2020-01-01")],
            "competence-expires",
            "dans le futur",
        ),
        (
            vec![("expires", "demain")],
            "competence-expires",
            "Cette date n'est pas valable",
        ),
        (
            vec![("terms", "gratis")],
            "competence-terms",
            "Ce choix n'existe pas.",
        ),
    ] {
        let (status, page) = bea
            .post(
                &a,
                "/groups/coop/competences",
                &competence_form("offer", &changes),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{changes:?}");
        assert!(page.contains(&format!("id=\"{field}-error\"")), "{page}");
        assert!(page.contains(words), "{changes:?}: {page}");
        assert!(page.contains("Rien n'a été enregistré."), "{page}");
        assert_accessible("competence form with errors", &page);
    }
    let (_, page) = bea
        .post(
            &a,
            "/groups/coop/competences",
            &competence_form("offer", &[("tags", "!!!")]),
        )
        .await;
    assert!(
        page.contains("value=\"Relecture de comptes annuels\""),
        "kept"
    );
    assert!(
        page.contains("value=\"legal\" checked"),
        "ticked boxes kept: {page}"
    );

    // Not a member: no form, and a post is refused.
    let (status, page) = zoe.get(&a, "/groups/coop/competences/new?kind=need").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("Seuls les membres du groupe"), "{page}");
    let (status, _) = zoe
        .post(
            &a,
            "/groups/coop/competences",
            &competence_form("need", &[]),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(stored(&a).await, 0, "refused forms save nothing");

    // An offer and a need through the forms.
    let offer = publish(&a, &bea, &competence_form("offer", &[])).await;
    let need = publish(
        &a,
        &chloe,
        &competence_form(
            "need",
            &[
                ("title", "Besoin d'aide pour ma comptabilité"),
                ("description", "Premier bilan de notre SCOP."),
                ("skill", "bookkeeping"),
                ("tags", ""),
                ("form", "question"),
                ("mode", "either"),
                ("place", "Rennes, quartier Colombier"),
            ],
        ),
    )
    .await;
    assert_eq!(stored(&a).await, 2);
    // Its discussion opens in the group's posts, leading back to its page.
    let (_, group) = anonymous(&a, "/groups/coop").await;
    assert!(
        group.contains(&format!("href=\"/competence/{offer}\"")),
        "{group}"
    );
    let (status, page) = anonymous(&a, &format!("/competence/{offer}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/competence (offer)", &page);
    for words in [
        "Relecture de comptes annuels",
        "<strong>annexes</strong>",
        "Comptabilité",
        "Juridique",
        "bilan-annuel",
        "Mentorat",
        "En personne · Rennes",
        "le mardi soir",
        "Gratuit",
        "Ouvert",
        "@bea@",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }

    // Dan opts in to the directory (seen by his groups); Eve does not.
    let (status, page) = dan.get(&a, "/me/competences").await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/me/competences", &page);
    assert!(page.contains("Vous ne figurez pas dans l'annuaire"));
    let location = dan
        .submit(
            &a,
            "/me/competences",
            &[
                ("skill", "bookkeeping"),
                ("tags", "paie"),
                ("visibility", "group"),
                ("place", "Rennes"),
                ("availability", "un soir par mois"),
            ],
        )
        .await;
    assert!(location.contains("notice-competence-profile-saved"));
    let (_, page) = dan.get(&a, "/me/competences").await;
    assert!(page.contains("Vous figurez dans l'annuaire"), "{page}");
    assert!(page.contains("value=\"bookkeeping\" checked"), "{page}");
    assert!(page.contains("value=\"paie\""), "{page}");
    let (status, page) = eve
        .post(
            &a,
            "/me/competences",
            &[("skill", "nope"), ("visibility", "group")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");

    // The need's page: the offer and Dan, with why.
    let (_, page) = chloe.get(&a, &format!("/competence/{need}")).await;
    assert_accessible("/competence (need)", &page);
    assert!(page.contains("Offres correspondantes"), "{page}");
    assert!(
        page.contains(&format!("href=\"/competence/{offer}\"")),
        "{page}"
    );
    assert!(page.contains("compétences en commun"), "{page}");
    assert!(page.contains("même lieu"), "{page}");
    assert!(page.contains("href=\"/users/dan\""), "Dan matches: {page}");
    assert!(!page.contains("href=\"/users/eve\""), "{page}");

    // The directory: Dan, to members of his group, not to visitors; never Eve.
    let (status, page) = chloe.get(&a, "/groups/coop/people").await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/groups/coop/people", &page);
    assert!(page.contains("href=\"/users/dan\""), "{page}");
    assert!(page.contains("un soir par mois"), "{page}");
    assert!(!page.contains("href=\"/users/eve\""), "{page}");
    let (_, page) = chloe.get(&a, "/people?skill=Comptabilit%C3%A9").await;
    assert!(page.contains("href=\"/users/dan\""), "{page}");
    let (_, page) = chloe.get(&a, "/people?skill=design").await;
    assert!(!page.contains("href=\"/users/dan\""), "{page}");
    let (_, page) = anonymous(&a, "/people").await;
    assert!(!page.contains("href=\"/users/dan\""), "group only: {page}");
    let (status, page) = chloe.get(&a, "/people?skill=%21%21").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");

    // The group's list and its filters.
    let (_, page) = anonymous(&a, "/groups/coop/competences").await;
    assert_accessible("/groups/coop/competences", &page);
    assert!(page.contains(&format!("href=\"/competence/{offer}\"")));
    assert!(page.contains(&format!("href=\"/competence/{need}\"")));
    let (_, page) = anonymous(&a, "/groups/coop/competences?kind=need").await;
    assert!(!page.contains(&format!("href=\"/competence/{offer}\"")));
    assert!(page.contains(&format!("href=\"/competence/{need}\"")));

    // Only the author changes it; the change shows.
    let (status, _) = chloe.get(&a, &format!("/competence/{offer}/edit")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = chloe
        .post(
            &a,
            &format!("/competence/{offer}/state"),
            &[("state", "closed")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, page) = bea.get(&a, &format!("/competence/{offer}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/competence/edit", &page);
    assert!(page.contains("value=\"bilan-annuel\""), "{page}");
    let (status, page) = bea
        .post(
            &a,
            &format!("/competence/{offer}/edit"),
            &competence_form("offer", &[("mode", "in_person"), ("place", "")]),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"competence-place-error\""), "{page}");
    bea.submit(
        &a,
        &format!("/competence/{offer}/edit"),
        &competence_form("offer", &[("title", "Relecture de bilans")]),
    )
    .await;
    let (_, page) = anonymous(&a, &format!("/competence/{offer}")).await;
    assert!(page.contains("<h1>Relecture de bilans</h1>"), "{page}");

    // Closed: gone from the open list and the matches; reopened: back.
    let location = bea
        .submit(
            &a,
            &format!("/competence/{offer}/state"),
            &[("state", "closed")],
        )
        .await;
    assert!(location.contains("notice-competence-closed"));
    let (_, page) = anonymous(&a, "/groups/coop/competences").await;
    assert!(!page.contains(&format!("href=\"/competence/{offer}\"")));
    let (_, page) = anonymous(&a, "/groups/coop/competences?show=all").await;
    assert!(page.contains(&format!("href=\"/competence/{offer}\"")));
    assert!(page.contains("Fermé"), "{page}");
    let (_, page) = chloe.get(&a, &format!("/competence/{need}")).await;
    assert!(!page.contains(&format!("href=\"/competence/{offer}\"")));
    bea.submit(
        &a,
        &format!("/competence/{offer}/state"),
        &[("state", "open")],
    )
    .await;
    let (_, page) = chloe.get(&a, &format!("/competence/{need}")).await;
    assert!(page.contains(&format!("href=\"/competence/{offer}\"")));

    // The need's author marks it resolved.
    let location = chloe
        .submit(
            &a,
            &format!("/competence/{need}/state"),
            &[("state", "resolved")],
        )
        .await;
    assert!(location.contains("notice-competence-resolved"));
    let (_, page) = chloe.get(&a, &location).await;
    assert!(page.contains("Résolu"), "{page}");
    assert!(page.contains("Rouvrir"), "{page}");

    // Scheduling a session: moderators (who publish events) get the prefilled event form.
    let (_, page) = bea.get(&a, &format!("/competence/{offer}")).await;
    assert!(!page.contains("Planifier une séance"), "members do not");
    let (_, page) = ana.get(&a, &format!("/competence/{offer}")).await;
    let start = page
        .find("/groups/coop/events/new?")
        .expect("a schedule link");
    let end = start + page[start..].find('"').unwrap();
    let (status, form) = ana.get(&a, &page[start..end]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("value=\"Relecture de bilans\""), "{form}");
    assert!(form.contains(&format!("/competence/{offer}")), "{form}");

    // Dan leaves the directory.
    dan.submit(
        &a,
        "/me/competences",
        &[("visibility", "group"), ("opt_out", "1")],
    )
    .await;
    let (_, page) = chloe.get(&a, "/groups/coop/people").await;
    assert!(!page.contains("href=\"/users/dan\""), "{page}");

    // The same page in English.
    let page = browser_like()
        .get(a.url(&format!("/competence/{offer}")))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Bookkeeping") && page.contains("Mentoring"),
        "{page}"
    );
}

/// The id of the first reply shown on a competence page (`id="reply-12"`).
fn first_reply_id(page: &str) -> i64 {
    let start = page.find("id=\"reply-").expect("a reply") + "id=\"reply-".len();
    let end = start + page[start..].find('"').unwrap();
    page[start..end].parse().unwrap()
}

async fn posts_stored(a: &Node) -> i64 {
    a.count("SELECT COUNT(*) FROM posts WHERE $1 = $1", "x")
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_competences_replies_and_the_answer_that_helped() {
    let a = Node::start("A", 0).await;
    let ana_user = a.admin("ana").await;
    for name in ["bea", "chloe", "zoe"] {
        a.user(name).await;
    }
    a.group("coop", "open", &ana_user);
    let bea = login(&a, "bea").await;
    let chloe = login(&a, "chloe").await;
    let zoe = login(&a, "zoe").await;
    for member in [&bea, &chloe] {
        member.submit(&a, "/groups/coop/join", &[]).await;
    }
    let need = publish(
        &a,
        &chloe,
        &competence_form(
            "need",
            &[
                ("title", "Facturation électronique"),
                ("form", "question"),
                ("mode", "online"),
                ("place", ""),
            ],
        ),
    )
    .await;
    let path = format!("/competence/{need}");

    // Visitors read the (empty) discussion and are asked to log in; outsiders cannot reply.
    let (_, page) = anonymous(&a, &path).await;
    assert!(page.contains("Aucune réponse pour l'instant"), "{page}");
    assert!(page.contains("Connectez-vous pour répondre"), "{page}");
    let (_, page) = zoe.get(&a, &path).await;
    assert!(page.contains("Seuls les membres du groupe peuvent répondre ici."));
    let before = posts_stored(&a).await;
    let (status, _) = zoe
        .post(&a, &format!("{path}/replies"), &[("content", "Moi !")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // An empty reply is refused on the page and saves nothing.
    let (status, page) = bea
        .post(&a, &format!("{path}/replies"), &[("content", "  ")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("id=\"competence-error\""), "{page}");
    assert_eq!(
        posts_stored(&a).await,
        before,
        "refused replies save nothing"
    );

    // Bea answers; the answer shows under the need.
    let location = bea
        .submit(
            &a,
            &format!("{path}/replies"),
            &[(
                "content",
                "Je connais la **plateforme publique** : appelez-moi.",
            )],
        )
        .await;
    assert!(location.contains("notice-replied"), "{location}");
    assert_eq!(posts_stored(&a).await, before + 1);
    let (_, page) = chloe.get(&a, &path).await;
    assert_accessible("/competence (with replies)", &page);
    assert!(page.contains("1 réponse"), "{page}");
    assert!(
        page.contains("<strong>plateforme publique</strong>"),
        "{page}"
    );
    assert!(
        page.contains("Cette réponse m'a aidé"),
        "the author may mark it"
    );
    let reply = first_reply_id(&page);
    // Chloé's notification of the answer leads to the need's page.
    let (_, notices) = chloe.get(&a, "/me/notifications").await;
    assert!(notices.contains(&format!("href=\"{path}\"")), "{notices}");
    let (_, page) = bea.get(&a, &path).await;
    assert!(!page.contains("Cette réponse m'a aidé"), "only the author");

    // Only the need's author marks the answer; only a reply of this discussion counts.
    let (status, _) = bea
        .post(
            &a,
            &format!("{path}/helpful"),
            &[("post_id", &reply.to_string())],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, page) = chloe
        .post(&a, &format!("{path}/helpful"), &[("post_id", "999999")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains("doit être une réponse dans la discussion"),
        "{page}"
    );
    let location = chloe
        .submit(
            &a,
            &format!("{path}/helpful"),
            &[("post_id", &reply.to_string())],
        )
        .await;
    assert!(location.contains("notice-competence-helpful"), "{location}");
    let (_, page) = anonymous(&a, &path).await;
    assert!(page.contains("La réponse qui a aidé"), "{page}");
    assert!(page.contains("Résolu grâce à la réponse de bea."), "{page}");
    assert!(page.contains("Résolu"), "{page}");
    assert!(page.contains(&format!("href=\"#reply-{reply}\"")), "{page}");
}
