//! Proposals and decisions through the web pages, over real HTTP with the real forms (CSRF
//! token, cookies, redirects), in French: a moderator opens a process, a member proposes,
//! another supports, the moderator opens a vote, members vote and change their ballot, a
//! non-member gets no ballot form and a clear refusal, the moderator closes, the result and
//! the archive show it. Then ranked and majority-judgment ballots through their forms.

use reqwest::{header, StatusCode};
use serde_json::json;

use crate::{
    harness::Node,
    web::{assert_accessible, browser_like},
};

/// The page with askama's escapes undone, so assertions read like the page.
fn unescape(html: String) -> String {
    html.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&#60;", "<")
        .replace("&gt;", ">")
        .replace("&#62;", ">")
        .replace("&amp;", "&")
        .replace("&#38;", "&")
}

/// A logged-in browser: cookies and CSRF token, redirects not followed.
pub(crate) struct Browser {
    http: reqwest::Client,
    cookies: String,
    csrf: String,
}

fn cookie(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .to_string()
}

pub(crate) async fn login(node: &Node, name: &str) -> Browser {
    let http = browser_like();
    let page = http.get(node.url("/login")).send().await.unwrap();
    let csrf = cookie(&page, "maillon_csrf");
    let password = format!("{name}-password-123");
    let response = http
        .post(node.url("/login"))
        .header(header::COOKIE, format!("maillon_csrf={csrf}"))
        .form(&[
            ("username", name),
            ("password", &password),
            ("csrf", &csrf),
            ("back", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "login {name}");
    let session = cookie(&response, "maillon_session");
    Browser {
        http,
        cookies: format!("maillon_session={session}; maillon_csrf={csrf}"),
        csrf,
    }
}

impl Browser {
    pub(crate) async fn get(&self, node: &Node, path: &str) -> (StatusCode, String) {
        let response = self
            .http
            .get(node.url(path))
            .header(header::COOKIE, &self.cookies)
            .header("accept-language", "fr")
            .send()
            .await
            .unwrap();
        (response.status(), unescape(response.text().await.unwrap()))
    }

    /// Posts a form; a redirect gives its `Location`, anything else the page.
    pub(crate) async fn post(
        &self,
        node: &Node,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let mut fields = form.to_vec();
        fields.push(("csrf", &self.csrf));
        let response = self
            .http
            .post(node.url(path))
            .header(header::COOKIE, &self.cookies)
            .header("accept-language", "fr")
            .form(&fields)
            .send()
            .await
            .unwrap();
        let status = response.status();
        if status == StatusCode::SEE_OTHER {
            let location = response.headers()[header::LOCATION].to_str().unwrap();
            return (status, location.to_string());
        }
        (status, unescape(response.text().await.unwrap()))
    }

    /// The photo form, as a browser sends it (multipart).
    pub(crate) async fn upload(
        &self,
        node: &Node,
        path: &str,
        bytes: &[u8],
    ) -> (StatusCode, String) {
        let boundary = "maillon-test-boundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\n\
             Content-Type: image/jpeg\r\n\r\n",
            self.csrf
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let response = self
            .http
            .post(node.url(path))
            .header(header::COOKIE, &self.cookies)
            .header("accept-language", "fr")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        if status == StatusCode::SEE_OTHER {
            return (
                status,
                response.headers()[header::LOCATION]
                    .to_str()
                    .unwrap()
                    .to_string(),
            );
        }
        (status, unescape(response.text().await.unwrap()))
    }

    /// The same session presenting another CSRF token (a forged form).
    pub(crate) fn with_csrf(&self, csrf: &str) -> Browser {
        Browser {
            http: self.http.clone(),
            cookies: self.cookies.clone(),
            csrf: csrf.to_string(),
        }
    }

    /// Posts a form that must succeed; returns where it redirects.
    pub(crate) async fn submit(&self, node: &Node, path: &str, form: &[(&str, &str)]) -> String {
        let (status, body) = self.post(node, path, form).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "POST {path}: {body}");
        body
    }
}

async fn anonymous(node: &Node, path: &str) -> String {
    let html = browser_like()
        .get(node.url(path))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    unescape(html)
}

/// The id in a redirect such as `/vote/12?notice=...`.
fn id_in(location: &str, prefix: &str) -> i64 {
    location
        .strip_prefix(prefix)
        .and_then(|rest| rest.split('?').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{location} is not under {prefix}"))
}

fn in_a_day() -> String {
    (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

async fn open_process(node: &Node, moderator: &Browser, title: &str, level: &str) -> i64 {
    let location = moderator
        .submit(
            node,
            "/groups/coop/processes",
            &[
                ("title", title),
                ("description", "Préparer l'**assemblée générale**."),
                ("participation", level),
                ("decision_rule", "Majorité simple des suffrages exprimés."),
                ("support_threshold", ""),
            ],
        )
        .await;
    id_in(&location, "/process/")
}

async fn propose(node: &Node, member: &Browser, process: i64, title: &str) -> i64 {
    let location = member
        .submit(
            node,
            &format!("/process/{process}/proposals"),
            &[("title", title), ("body", "Le texte de la proposition.")],
        )
        .await;
    id_in(&location, "/proposal/")
}

async fn open_vote(node: &Node, moderator: &Browser, proposal: i64, form: &[(&str, &str)]) -> i64 {
    let closes = in_a_day();
    let mut fields = form.to_vec();
    fields.push(("closes_at", &closes));
    let location = moderator
        .submit(node, &format!("/proposal/{proposal}/votes"), &fields)
        .await;
    id_in(&location, "/vote/")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_decide_through_the_web_forms() {
    let a = Node::start("A", 0).await;
    let ana_user = a.admin("ana").await;
    a.user("ben").await;
    a.user("chloe").await;
    a.user("dan").await;
    a.group("coop", "open", &ana_user);
    let ana = login(&a, "ana").await;
    let ben = login(&a, "ben").await;
    let chloe = login(&a, "chloe").await;
    let dan = login(&a, "dan").await;
    for member in [&ben, &chloe] {
        member.submit(&a, "/groups/coop/join", &[]).await;
    }

    // The moderator sees the form to open a process; a member does not.
    let (_, page) = ana.get(&a, "/groups/coop").await;
    assert!(page.contains("action=\"/groups/coop/processes\""), "{page}");
    assert!(page.contains("Codécision"), "the levels are explained");
    assert_accessible("/groups/coop (moderator)", &page);
    let (_, page) = ben.get(&a, "/groups/coop").await;
    assert!(!page.contains("action=\"/groups/coop/processes\""));

    // A process without a title is refused next to the field; a member may not open one.
    let (status, page) = ana
        .post(
            &a,
            "/groups/coop/processes",
            &[
                ("title", " "),
                ("description", "x"),
                ("participation", "co_decision"),
                ("decision_rule", "Majorité"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"process-title-error\""), "{page}");
    assert!(page.contains("Le titre est vide"), "{page}");
    let (status, page) = ben
        .post(
            &a,
            "/groups/coop/processes",
            &[
                ("title", "Putsch"),
                ("description", "x"),
                ("participation", "co_decision"),
                ("decision_rule", "Majorité"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("Seule l'équipe d'animation"), "{page}");
    assert_eq!(
        a.count("SELECT COUNT(*) FROM processes WHERE $1 = $1", "x")
            .await,
        0
    );
    let location = ana
        .submit(
            &a,
            "/groups/coop/processes",
            &[
                ("title", "Statuts 2027"),
                ("description", "Réviser les **statuts**."),
                ("participation", "co_decision"),
                ("decision_rule", "Majorité simple des suffrages exprimés."),
                ("support_threshold", "1"),
                ("public_choices", "on"),
                ("proposals_from", "2020-01-01"),
            ],
        )
        .await;
    let process = id_in(&location, "/process/");
    let group_page = anonymous(&a, "/groups/coop").await;
    assert!(group_page.contains(&format!("href=\"/process/{process}\"")));
    assert!(group_page.contains("Codécision"));
    let page = anonymous(&a, &format!("/process/{process}")).await;
    assert!(page.contains("<strong>statuts</strong>"), "{page}");
    assert!(
        page.contains("Les membres décident"),
        "the level in plain words"
    );
    assert!(page.contains("aria-current=\"step\""), "the current phase");
    assert!(page.contains("besoin d'un soutien"), "{page}");
    assert_accessible("/process", &page);

    // A member proposes; a draft stays theirs; a non-member sees why they cannot propose.
    let (_, page) = ben.get(&a, &format!("/process/{process}")).await;
    assert!(page.contains(&format!("action=\"/process/{process}/proposals\"")));
    let proposal = propose(&a, &ben, process, "Article 12 : le conseil").await;
    let draft = ben
        .submit(
            &a,
            &format!("/process/{process}/proposals"),
            &[
                ("title", "Idée en cours"),
                ("body", "À finir."),
                ("draft", "on"),
            ],
        )
        .await;
    assert!(draft.contains("notice-draft-saved"), "{draft}");
    let (_, page) = dan.get(&a, &format!("/process/{process}")).await;
    assert!(page.contains("Article 12"));
    assert!(!page.contains("Idée en cours"), "drafts are their author's");
    assert!(page.contains("Seuls les membres du groupe font des propositions"));

    // Another member supports it: the threshold is reached.
    let path = format!("/proposal/{proposal}");
    let (_, page) = chloe.get(&a, &path).await;
    assert!(page.contains("name=\"support\" value=\"yes\""), "{page}");
    assert_accessible("/proposal", &page);
    chloe
        .submit(&a, &format!("{path}/support"), &[("support", "yes")])
        .await;
    let (_, page) = chloe.get(&a, &path).await;
    assert!(page.contains("Un soutien"), "{page}");
    assert!(page.contains("seuil atteint"));
    assert!(page.contains("Vous soutenez cette proposition"));

    // Another member proposes an amendment; the author accepts it and the text changes.
    let (status, page) = chloe
        .post(&a, &format!("{path}/amendments"), &[("body", " ")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"amendment-body-error\""), "{page}");
    chloe
        .submit(
            &a,
            &format!("{path}/amendments"),
            &[
                ("body", "Le conseil compte 9 membres."),
                ("reason", "Trois collèges."),
            ],
        )
        .await;
    let (_, page) = ben.get(&a, &path).await;
    assert!(page.contains("Trois collèges."), "{page}");
    assert!(
        !page.contains(&format!("action=\"{path}/amendments\"")),
        "the author edits directly"
    );
    let amendment = a
        .count("SELECT id FROM amendments WHERE $1 = $1", "x")
        .await;
    let (status, _) = chloe
        .post(
            &a,
            &format!("/amendment/{amendment}/decide"),
            &[("decision", "accept"), ("proposal", &proposal.to_string())],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only the author decides");
    ben.submit(
        &a,
        &format!("/amendment/{amendment}/decide"),
        &[("decision", "accept"), ("proposal", &proposal.to_string())],
    )
    .await;
    assert!(anonymous(&a, &path).await.contains("9 membres"));

    // The moderator opens a majority vote; a closing time in the past is refused.
    let (_, page) = ana.get(&a, &path).await;
    assert!(page.contains(&format!("action=\"{path}/votes\"")), "{page}");
    assert_accessible("/proposal (moderator)", &page);
    let (status, page) = ana
        .post(
            &a,
            &format!("{path}/votes"),
            &[("method", "majority"), ("closes_at", "2020-01-01T10:00")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"vote-closes-error\""), "{page}");
    let vote = open_vote(
        &a,
        &ana,
        proposal,
        &[("method", "majority"), ("threshold", "simple")],
    )
    .await;
    let vote_path = format!("/vote/{vote}");

    // Two members vote through the form; one changes their ballot.
    let (_, page) = ben.get(&a, &vote_path).await;
    assert!(
        page.contains(&format!("action=\"{vote_path}/ballot\"")),
        "{page}"
    );
    assert!(page.contains("name=\"choice\" value=\"against\""));
    assert!(
        page.contains("plus de la moitié des suffrages exprimés"),
        "rules in words"
    );
    assert!(page.contains("Le résultat s'impose"), "binding");
    assert_accessible("/vote", &page);
    let first = ben
        .submit(&a, &format!("{vote_path}/ballot"), &[("choice", "against")])
        .await;
    assert!(first.contains("notice-ballot-cast"), "{first}");
    let second = ben
        .submit(&a, &format!("{vote_path}/ballot"), &[("choice", "for")])
        .await;
    assert!(second.contains("notice-ballot-replaced"), "{second}");
    let (_, page) = ben.get(&a, &vote_path).await;
    assert!(page.contains("Votre vote actuel : Pour"), "{page}");
    assert!(page.contains("jusqu'à la clôture"));
    assert!(
        page.contains("value=\"for\" checked"),
        "the form shows the ballot"
    );
    let (status, page) = chloe.post(&a, &format!("{vote_path}/ballot"), &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "no answer chosen");
    assert!(page.contains("Ce bulletin ne convient pas"), "{page}");
    chloe
        .submit(&a, &format!("{vote_path}/ballot"), &[("choice", "for")])
        .await;
    let (_, page) = chloe.get(&a, &vote_path).await;
    assert!(page.contains("Décompte en cours"), "a live count: {page}");

    // A non-member has no ballot form, and a forged ballot is refused with words.
    let (_, page) = dan.get(&a, &vote_path).await;
    assert!(!page.contains(&format!("action=\"{vote_path}/ballot\"")));
    assert!(
        page.contains("Vous ne faites pas partie du corps électoral"),
        "{page}"
    );
    let (status, page) = dan
        .post(&a, &format!("{vote_path}/ballot"), &[("choice", "against")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("role=\"alert\""), "{page}");
    assert!(page.contains("seuls les membres du groupe au moment de l'ouverture"));
    assert!(anonymous(&a, &vote_path)
        .await
        .contains("Connectez-vous pour voter"));
    let ballots = format!("SELECT COUNT(*) FROM ballots WHERE vote_id = {vote} AND $1 = $1");
    assert_eq!(a.count(&ballots, "x").await, 2);

    // Only a moderator closes; then the result is final, with its counts and roll.
    let (status, _) = ben.post(&a, &format!("{vote_path}/close"), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, page) = ana.get(&a, &vote_path).await;
    assert!(page.contains("Clore le vote maintenant"));
    ana.submit(&a, &format!("{vote_path}/close"), &[]).await;
    let page = anonymous(&a, &vote_path).await;
    assert!(page.contains("Résultat définitif"), "{page}");
    assert!(page.contains("Adoptée"));
    assert!(
        page.contains("<th scope=\"row\">Pour</th><td class=\"count\">2</td>"),
        "{page}"
    );
    assert!(page.contains("<th scope=\"row\">Contre</th><td class=\"count\">0</td>"));
    assert!(
        page.contains("Votes : 2 sur 3 membres du corps électoral (67 %)"),
        "{page}"
    );
    assert!(page.contains("un vote remplacé"), "{page}");
    assert!(
        page.contains("@ben@") && page.contains("@chloe@"),
        "the roll"
    );
    assert!(page.contains("— Pour"), "public choices are in the roll");
    assert!(page.contains("Ce vote est clos"));
    assert!(!page.contains("/close\""), "no close button once closed");
    assert_accessible("/vote (closed)", &page);
    let (status, page) = chloe
        .post(&a, &format!("{vote_path}/ballot"), &[("choice", "against")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Ce vote est clos"));

    // The proposal is adopted; the moderator records how it was carried out.
    let (_, page) = ana.get(&a, &path).await;
    assert!(page.contains("adoptée"), "{page}");
    let (status, page) = ana
        .post(&a, &format!("{path}/state"), &[("state", "implemented")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"proposal-follow-up-error\""), "{page}");
    ana.submit(
        &a,
        &format!("{path}/state"),
        &[
            ("state", "implemented"),
            ("follow_up", "Statuts déposés le 3 mars."),
        ],
    )
    .await;
    assert!(anonymous(&a, &path)
        .await
        .contains("Statuts déposés le 3 mars."));

    // The archive lists the decision, searches and filters, and links its exports.
    let archive = anonymous(&a, "/groups/coop/decisions").await;
    assert!(archive.contains("Article 12 : le conseil"), "{archive}");
    assert!(archive.contains("Adoptée"));
    assert!(archive.contains("Vote à la majorité"));
    assert!(archive.contains("2 / 3 (67 %)"));
    assert!(archive.contains("/api/v1/groups/coop/decisions?format=csv"));
    assert_accessible("/groups/coop/decisions", &archive);
    let none = anonymous(&a, "/groups/coop/decisions?q=&verdict=rejected").await;
    assert!(none.contains("Aucune décision ne correspond"), "{none}");
    let found = anonymous(&a, "/groups/coop/decisions?q=article&verdict=adopted").await;
    assert!(found.contains("Article 12"));
    assert!(
        found.contains("q=article&verdict=adopted&format=csv"),
        "{found}"
    );
    let csv = reqwest::get(a.url("/api/v1/groups/coop/decisions?format=csv"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("Article 12"), "{csv}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ranked_and_majority_judgment_ballots_through_their_forms() {
    let a = Node::start("A", 0).await;
    let ana_user = a.admin("ana").await;
    let ben_user = a.user("ben").await;
    a.group("coop", "open", &ana_user);
    let ana = login(&a, "ana").await;
    let ben = login(&a, "ben").await;
    ben.submit(&a, "/groups/coop/join", &[]).await;

    // Colleges: the moderator defines one and places a member; everyone sees it.
    ana.submit(
        &a,
        "/groups/coop/colleges",
        &[("name", "Salariés"), ("weight", "60")],
    )
    .await;
    let (status, page) = ana
        .post(
            &a,
            "/groups/coop/colleges",
            &[("name", "Usagers"), ("weight", "lourd")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("poids entier"), "{page}");
    let (_, page) = ana.get(&a, "/groups/coop").await;
    assert!(
        page.contains("<option value=\"ben\">@ben</option>"),
        "{page}"
    );
    ana.submit(
        &a,
        "/groups/coop/colleges/members",
        &[("member", "ben"), ("college", "Salariés")],
    )
    .await;
    let page = anonymous(&a, "/groups/coop").await;
    assert!(
        page.contains("<tr><th scope=\"row\">Salariés</th><td>60</td><td>1</td></tr>"),
        "{page}"
    );

    let process = open_process(&a, &ana, "Assemblée générale", "concertation").await;
    assert!(anonymous(&a, &format!("/process/{process}"))
        .await
        .contains("consultatifs"));

    // Ranked: equal numbers are a tie, an empty rank leaves the option out.
    let place = propose(&a, &ben, process, "Lieu de l'AG").await;
    let vote = open_vote(
        &a,
        &ana,
        place,
        &[("method", "ranked"), ("options", "Rennes\nNantes\nBrest")],
    )
    .await;
    let vote_path = format!("/vote/{vote}");
    let (_, page) = ben.get(&a, &vote_path).await;
    assert!(page.contains("name=\"rank-2\""), "{page}");
    assert!(page.contains("Le vote est consultatif"));
    assert_accessible("/vote (ranked)", &page);
    ben.submit(
        &a,
        &format!("{vote_path}/ballot"),
        &[("rank-0", "2"), ("rank-1", "1"), ("rank-2", "2")],
    )
    .await;
    let view = a
        .get(&format!("/api/v1/votes/{vote}"), Some(&ben_user.token))
        .await;
    assert_eq!(
        view["your_ballot"],
        json!({"method": "ranked", "ranking": [["nantes"], ["rennes", "brest"]]}),
        "{view}"
    );
    let (_, page) = ben.get(&a, &vote_path).await;
    assert!(
        page.contains("Votre vote actuel : 1. Nantes ; 2. Rennes = Brest"),
        "{page}"
    );
    let (status, page) = ben
        .post(&a, &format!("{vote_path}/ballot"), &[("rank-9", "1")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Ce vote ne contient pas cette option"),
        "{page}"
    );
    ana.submit(&a, &format!("{vote_path}/close"), &[]).await;
    let page = anonymous(&a, &vote_path).await;
    assert!(page.contains("Option retenue : Nantes"), "{page}");
    assert!(page.contains("Duels entre options"));

    // Majority judgment: one grade per option, from the scale.
    let date = propose(&a, &ben, process, "Date de l'AG").await;
    let vote = open_vote(
        &a,
        &ana,
        date,
        &[
            ("method", "majority_judgment"),
            ("options", "mars: Mars\navril: Avril"),
            ("quorum_kind", "percent"),
            ("quorum_value", "50"),
        ],
    )
    .await;
    let vote_path = format!("/vote/{vote}");
    let (_, page) = ben.get(&a, &vote_path).await;
    assert!(page.contains("name=\"grade-1\""), "{page}");
    assert!(page.contains("Très bien"));
    assert!(page.contains("au moins 1/2 du corps électoral"), "{page}");
    let (status, page) = ben
        .post(&a, &format!("{vote_path}/ballot"), &[("grade-0", "99")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Ce bulletin ne convient pas"), "{page}");
    ben.submit(
        &a,
        &format!("{vote_path}/ballot"),
        &[("grade-0", "1"), ("grade-1", "4")],
    )
    .await;
    let view = a
        .get(&format!("/api/v1/votes/{vote}"), Some(&ben_user.token))
        .await;
    assert_eq!(
        view["your_ballot"],
        json!({"method": "majority_judgment", "grades": {"mars": 1, "avril": 4}}),
        "{view}"
    );
    let (_, page) = ben.get(&a, &vote_path).await;
    assert!(
        page.contains("Mars : Très bien ; Avril : Passable"),
        "{page}"
    );
    assert!(page.contains("<option value=\"1\" selected>Très bien</option>"));
    ana.submit(&a, &format!("{vote_path}/close"), &[]).await;
    let page = anonymous(&a, &vote_path).await;
    assert!(page.contains("Mention majoritaire"), "{page}");
    assert!(page.contains("Quorum atteint"), "{page}");

    // In English, the same page speaks English.
    let english = browser_like()
        .get(a.url(&vote_path))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("Final result") && english.contains("Majority grade"));
    let archive = anonymous(&a, "/groups/coop/decisions").await;
    assert!(
        archive.contains("Lieu de l'AG") && archive.contains("Date de l'AG"),
        "{archive}"
    );
}
