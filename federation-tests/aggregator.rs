//! The aggregator, as a network coordinator would try it (issue 7): three antenna nodes with
//! their own posts, proposals, events, competences and resource people; a fourth node whose
//! admin runs `maillon admin aggregate add` for the three groups (one approves its members,
//! so its moderator lets the aggregator in). The aggregator's instance actor is never a member
//! or a voter there. On the aggregator, a search finds items of all three with their origins,
//! the filters (antenna, node, date, type) narrow it and the facets count right; the network
//! calendar lists the three antennas' events with their origins, in JSON and in a calendar
//! file that parses; the directory lists the people of the three; an item reached by two
//! follows appears once; a member's ballot and registration made on the aggregator go to the
//! origin node; bad input (unknown handle, a person, a local group, a non-admin, bad dates) is
//! refused with a clear 4xx and changes nothing.
//! The aggregator and the second antenna are on PostgreSQL when configured, the others on
//! SQLite.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{announce_event, call, eventually, in_days, join, Node, User};

const WAIT: u64 = 30;

fn day(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string()
}

/// One antenna: a node with its group `coop` (open, or approval), its moderator, and their
/// profile in the directory.
struct Antenna {
    node: Node,
    moderator: User,
    group: String,
    city: &'static str,
}

async fn antenna(name: &str, index: usize, city: &'static str, membership: &str) -> Antenna {
    let node = Node::start(name, index).await;
    let moderator = node.admin(&format!("mod{index}")).await;
    let group = node.group("coop", membership, &moderator);
    Antenna {
        node,
        moderator,
        group,
        city,
    }
}

async fn created(node: &Node, user: &User, path: &str, body: Value) -> Value {
    let (status, item) = call(node, Method::POST, path, user, body).await;
    assert!(status.is_success(), "POST {path}: {status} {item}");
    item
}

/// Each antenna writes a post, a proposal and an offer, and opts in to the directory; the
/// event comes apart (its date differs per antenna). Returns the proposal.
async fn content(a: &Antenna) -> Value {
    let (node, user, city) = (&a.node, &a.moderator, a.city);
    created(
        node,
        user,
        "/api/v1/groups/coop/posts",
        json!({"title": format!("Nouvelles coopératives de {city}"),
               "content": "La coopérative accueille deux membres."}),
    )
    .await;
    let process = created(
        node,
        user,
        "/api/v1/groups/coop/processes",
        json!({"title": format!("Budget {city}"), "description": "Le budget de l'année.",
               "participation": "co_decision", "decision_rule": "Majorité simple."}),
    )
    .await;
    let proposal = created(
        node,
        user,
        &format!("/api/v1/processes/{}/proposals", process["id"]),
        json!({"title": format!("Une caisse coopérative à {city}"),
               "body": "Mettre en commun les petites dépenses."}),
    )
    .await;
    created(
        node,
        user,
        "/api/v1/groups/coop/competences",
        json!({"kind": "offer", "title": format!("Comptabilité coopérative à {city}"),
               "description": "Je tiens les comptes d'une coopérative.",
               "skills": ["Comptabilité"]}),
    )
    .await;
    let (status, body) = call(
        node,
        Method::PUT,
        "/api/v1/me/competences",
        user,
        json!({"skills": ["Comptabilité"], "visibility": "public", "place": city}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    proposal
}

async fn search(node: &Node, query: &str) -> Value {
    node.get(&format!("/api/v1/search?{query}"), None).await
}

fn results(body: &Value) -> Vec<Value> {
    body["results"].as_array().cloned().unwrap_or_default()
}

fn origins_of(items: &[Value]) -> Vec<String> {
    let mut origins: Vec<String> = items
        .iter()
        .map(|i| i["origin"].as_str().unwrap().to_string())
        .collect();
    origins.sort();
    origins.dedup();
    origins
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// `maillon admin aggregate ARGS` on the aggregator: exit status, stdout, stderr.
fn aggregate(node: &Node, args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["admin", "aggregate"];
    all.extend_from_slice(args);
    let out = node.cli(&all, None);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn listed(node: &Node, admin: &User) -> Vec<Value> {
    node.get("/api/v1/admin/aggregated-groups", Some(&admin.token))
        .await
        .as_array()
        .cloned()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_aggregator_indexes_three_antennas_and_forwards_participation() {
    let agg = Node::start("AGG", 0).await;
    let r1 = antenna("R1", 1, "Rennes", "open").await;
    let r2 = antenna("R2", 2, "Paris", "open").await;
    let r3 = antenna("R3", 3, "Lyon", "approval").await;
    let root = agg.admin("alix").await;
    let mia = agg.user("mia").await;
    agg.group("local", "open", &root);
    let instance = agg.url("/actor");

    // Bad input first: nothing may change.
    let unknown = format!("nobody@{}", r1.node.domain);
    let (ok, _, err) = aggregate(&agg, &["add", &r1.group, &unknown]);
    assert!(!ok && err.contains("not found"), "{err}");
    let (ok, _, err) = aggregate(&agg, &["add", &r1.moderator.handle]);
    assert!(!ok && err.contains("not a group"), "{err}");
    let (ok, _, err) = aggregate(&agg, &["add", "local"]);
    assert!(!ok && err.contains("group of this node"), "{err}");
    let (status, body) = call(
        &agg,
        Method::POST,
        "/api/v1/admin/aggregated-groups",
        &mia,
        json!({"handles": [r1.group]}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    for (handles, status, code) in [
        (json!([]), StatusCode::BAD_REQUEST, "missing_handle"),
        (
            json!(["not a handle"]),
            StatusCode::BAD_REQUEST,
            "invalid_handle",
        ),
        (json!([unknown]), StatusCode::NOT_FOUND, "not_found"),
    ] {
        let (got, body) = call(
            &agg,
            Method::POST,
            "/api/v1/admin/aggregated-groups",
            &root,
            json!({ "handles": handles }),
        )
        .await;
        assert_eq!(
            (got, body["error"].as_str()),
            (status, Some(code)),
            "{body}"
        );
        assert!(!body["message"].as_str().unwrap().is_empty());
    }
    assert!(listed(&agg, &root).await.is_empty());
    assert_eq!(
        r1.node
            .count("SELECT COUNT(*) FROM follows f JOIN actors a ON a.id = f.follower_id WHERE a.ap_id = $1", &instance)
            .await,
        0,
        "a refused add sent nothing"
    );

    // The admin adds the three groups.
    let (ok, out, err) = aggregate(
        &agg,
        &["add", &r1.group, &r2.group, &format!("@{}", r3.group)],
    );
    assert!(ok, "{err}");
    assert_eq!(out.lines().count(), 3, "{out}");
    // The approval group holds the aggregator for its moderator, who lets it in.
    eventually("the aggregator's request on R3", WAIT, || async {
        let pending = r3
            .node
            .get(
                "/api/v1/groups/coop/members?state=pending",
                Some(&r3.moderator.token),
            )
            .await;
        pending
            .as_array()?
            .iter()
            .find(|m| m["url"] == instance.as_str())
            .map(|_| ())
    })
    .await;
    let accept = format!(
        "/api/v1/groups/coop/members/{}/accept",
        url::form_urlencoded::byte_serialize(instance.as_bytes()).collect::<String>()
    );
    let (status, body) = call(&r3.node, Method::POST, &accept, &r3.moderator, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    eventually("three groups accepted", WAIT, || async {
        let groups = listed(&agg, &root).await;
        (groups.len() == 3 && groups.iter().all(|g| g["state"] == "accepted")).then_some(())
    })
    .await;
    // Adding again is harmless.
    let (ok, out, _) = aggregate(&agg, &["add", &r1.group]);
    assert!(ok && out.contains("already listed"), "{out}");
    let (_, out, _) = aggregate(&agg, &["list"]);
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(out.contains(&format!("{}\taccepted", r2.group)), "{out}");

    // The aggregator is no member anywhere: not counted, not listed.
    for a in [&r1, &r2, &r3] {
        let group = a.node.get("/api/v1/groups/coop", None).await;
        assert_eq!(group["members"], 1, "{group}");
        let members = a.node.get("/api/v1/groups/coop/members", None).await;
        assert!(!members.to_string().contains(&instance), "{members}");
    }

    // mia, a member of the aggregator's node, also joins R1's group: a second path there.
    join(&agg, &mia, &r1.group).await;

    // The antennas' content, written once the aggregator follows them.
    let mut proposals = Vec::new();
    for a in [&r1, &r2, &r3] {
        proposals.push(content(a).await);
    }
    let e1 = announce_event(&r1.node, &r1.moderator, "Assemblée de Rennes", "assembly").await;
    let e2 = announce_event(&r2.node, &r2.moderator, "Assemblée de Paris", "assembly").await;
    let e3 = created(
        &r3.node,
        &r3.moderator,
        "/api/v1/groups/coop/events",
        json!({"title": "Formation coopérative à Lyon", "description": "Les statuts.",
               "category": "training", "starts_at": in_days(20, 9), "ends_at": in_days(20, 12),
               "timezone": "Europe/Paris", "place_name": "Maison de la coopération"}),
    )
    .await;

    // Everything reaches the aggregator.
    let all = eventually("the three antennas' items in search", WAIT, || async {
        let body = search(&agg, "q=cooperative+assemblee&limit=100").await;
        let n = body["total"].as_u64()?;
        (n >= 12 && body["counts"]["event"] == 3 && body["origins"].as_object()?.len() == 3)
            .then_some(body)
    })
    .await;
    let items = results(&all);
    let antenna_hosts = sorted(vec![
        r1.node.domain.clone(),
        r2.node.domain.clone(),
        r3.node.domain.clone(),
    ]);
    assert_eq!(origins_of(&items), antenna_hosts, "{all}");
    for item in &items {
        let origin = item["origin"].as_str().unwrap();
        assert!(
            item["url"]
                .as_str()
                .unwrap()
                .starts_with(&format!("http://{origin}/")),
            "each links to its origin: {item}"
        );
        assert!(item["group"]
            .as_str()
            .unwrap()
            .ends_with(&format!("@{origin}")));
    }
    // Facets: per type, per group, per node, each adding up to the total.
    let total = all["total"].as_u64().unwrap();
    for facet in ["counts", "groups", "origins"] {
        let sum: u64 = all[facet]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(sum, total, "{facet}: {all}");
    }
    assert_eq!(all["counts"]["post"], 3, "{all}");
    assert_eq!(all["counts"]["proposal"], 3, "{all}");
    assert_eq!(all["counts"]["competence"], 3, "{all}");
    assert_eq!(all["counts"]["event"], 3, "{all}");
    assert_eq!(all["groups"][r1.group.as_str()], 4, "{all}");
    assert_eq!(all["origins"][r3.node.domain.as_str()], 4, "{all}");
    // Each item once, though R1's reached the node by two follows.
    let mut urls: Vec<&str> = items.iter().map(|i| i["url"].as_str().unwrap()).collect();
    let before = urls.len();
    urls.sort();
    urls.dedup();
    assert_eq!(urls.len(), before, "{all}");

    // Filters: antenna, node, type, dates.
    let only_r2 =
        results(&search(&agg, &format!("q=cooperative+assemblee&group={}", r2.group)).await);
    assert_eq!(origins_of(&only_r2), vec![r2.node.domain.clone()]);
    assert_eq!(only_r2.len(), 4);
    let from_r3 = results(&search(&agg, &format!("q=cooperative&origin={}", r3.node.domain)).await);
    assert_eq!(origins_of(&from_r3), vec![r3.node.domain.clone()]);
    let events = results(&search(&agg, "q=assemblee+formation&type=event").await);
    assert_eq!(events.len(), 3, "{events:?}");
    let later = results(
        &search(
            &agg,
            &format!("q=assemblee+formation&type=event&from={}", day(10)),
        )
        .await,
    );
    assert_eq!(later.len(), 1, "{later:?}");
    assert_eq!(later[0]["url"], e3["url"]);
    let (status, body) = agg
        .api(
            Method::GET,
            "/api/v1/search?q=cooperative&from=2027-02-30",
            None,
            None,
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_date"))
    );

    // The network calendar: the three antennas' events, soonest first, with their origins.
    let calendar = agg.get("/api/v1/events", None).await;
    let listed_events = calendar.as_array().unwrap();
    let titles: Vec<&str> = listed_events
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 3, "{calendar}");
    assert_eq!(titles[2], "Formation coopérative à Lyon", "{calendar}");
    for (event, antenna) in [(&e1, &r1), (&e2, &r2), (&e3, &r3)] {
        let shown = listed_events
            .iter()
            .find(|e| e["url"] == event["url"])
            .expect("listed");
        assert_eq!(shown["origin"], antenna.node.domain.as_str());
        assert_eq!(shown["group"], antenna.group.as_str());
        let (status, _) = agg
            .api(Method::GET, shown["page"].as_str().unwrap(), None, None)
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let one = |query: String| {
        let agg = &agg;
        async move {
            agg.get(&format!("/api/v1/events?{query}"), None)
                .await
                .as_array()
                .unwrap()
                .len()
        }
    };
    assert_eq!(one(format!("origin={}", r2.node.domain)).await, 1);
    assert_eq!(one(format!("group={}", r1.group)).await, 1);
    assert_eq!(one("category=training".into()).await, 1);
    assert_eq!(one(format!("from={}&to={}", day(10), day(30))).await, 1);
    assert_eq!(one(format!("to={}", day(1))).await, 0);
    for (query, status, code) in [
        (
            format!("from={}&to={}", day(3), day(1)),
            StatusCode::BAD_REQUEST,
            "invalid_dates",
        ),
        (
            "from=2027-13-01".to_string(),
            StatusCode::BAD_REQUEST,
            "invalid_date",
        ),
        (
            format!("to={}", day(400)),
            StatusCode::BAD_REQUEST,
            "range_too_long",
        ),
        (
            "category=party".to_string(),
            StatusCode::BAD_REQUEST,
            "invalid_category",
        ),
        (
            format!("group=nobody@{}", r1.node.domain),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ] {
        let (got, body) = agg
            .api(Method::GET, &format!("/api/v1/events?{query}"), None, None)
            .await;
        assert_eq!(
            (got, body["error"].as_str()),
            (status, Some(code)),
            "{query}: {body}"
        );
    }
    // The same as a calendar file.
    let response = agg.http.get(agg.url("/calendar.ics")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let text = response.text().await.unwrap();
    let parsed = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()))
        .next()
        .expect("a calendar")
        .expect("valid iCalendar");
    assert_eq!(parsed.events.len(), 3);
    let mut links: Vec<String> = parsed
        .events
        .iter()
        .filter_map(|e| e.properties.iter().find(|p| p.name == "URL")?.value.clone())
        .collect();
    links.sort();
    let mut expected: Vec<String> = [&e1, &e2, &e3]
        .iter()
        .map(|e| e["url"].as_str().unwrap().to_string())
        .collect();
    expected.sort();
    assert_eq!(links, expected, "each event links to its origin");

    // The directory: the three antennas' resource people, with their node.
    let people = eventually("three people in the directory", WAIT, || async {
        let people = agg.get("/api/v1/people", None).await;
        (people.as_array()?.len() == 3).then_some(people)
    })
    .await;
    assert_eq!(
        origins_of(people.as_array().unwrap()),
        antenna_hosts,
        "{people}"
    );
    let of = |query: String| {
        let agg = &agg;
        async move { agg.get(&format!("/api/v1/people?{query}"), None).await }
    };
    let from_r2 = of(format!("origin={}", r2.node.domain)).await;
    assert_eq!(from_r2.as_array().unwrap().len(), 1);
    assert_eq!(from_r2[0]["url"], r2.moderator.url.as_str());
    assert_eq!(
        of(format!("group={}", r3.group))
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let (status, body) = agg
        .api(Method::GET, "/api/v1/people?origin=a%25b", None, None)
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_origin"))
    );

    // Forwarding: mia votes on R1's vote and registers for R1's event from the aggregator.
    let proposal_id = proposals[0]["id"].as_i64().unwrap();
    let closes = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let vote = created(
        &r1.node,
        &r1.moderator,
        &format!("/api/v1/proposals/{proposal_id}/votes"),
        json!({"method": "majority", "closes_at": closes}),
    )
    .await;
    assert_eq!(
        vote["electorate"], 2,
        "the moderator and mia, not the aggregator: {vote}"
    );
    let vote_url = vote["url"].as_str().unwrap().to_string();
    let agg_vote = eventually("R1's vote on the aggregator", WAIT, || async {
        let hits = results(&search(&agg, "q=caisse+rennes&type=proposal").await);
        let proposal = agg
            .get(
                hits.first()?["page"]
                    .as_str()?
                    .replace("/proposal/", "/api/v1/proposals/")
                    .as_str(),
                None,
            )
            .await;
        proposal["votes"].as_array()?.first()?["id"].as_i64()
    })
    .await;
    let (status, receipt) = call(
        &agg,
        Method::POST,
        &format!("/api/v1/votes/{agg_vote}/ballots"),
        &mia,
        json!({"choice": "for"}),
    )
    .await;
    assert!(status.is_success(), "{receipt}");
    eventually("mia's ballot counted on R1", WAIT, || async {
        let n = r1
            .node
            .count(
                "SELECT COUNT(*) FROM ballots b JOIN actors x ON x.id = b.voter_id \
                 JOIN votes v ON v.id = b.vote_id WHERE v.ap_id = $1",
                &vote_url,
            )
            .await;
        (n == 1).then_some(())
    })
    .await;
    let agg_event = listed_events
        .iter()
        .find(|e| e["url"] == e1["url"])
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (status, outcome) = call(
        &agg,
        Method::POST,
        &format!("/api/v1/events/{agg_event}/registrations"),
        &mia,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    eventually("mia registered on R1", WAIT, || async {
        let attendees = r1
            .node
            .get(
                &format!("/api/v1/events/{}/attendees", e1["id"]),
                Some(&r1.moderator.token),
            )
            .await;
        attendees.to_string().contains("mia@").then_some(())
    })
    .await;
    // The aggregator itself took part in nothing.
    for a in [&r1, &r2, &r3] {
        assert_eq!(
            a.node
                .count(
                    "SELECT COUNT(*) FROM event_registrations r JOIN actors x ON x.id = r.actor_id \
                     WHERE x.ap_id = $1",
                    &instance
                )
                .await,
            0
        );
    }

    // The admin sees when each group last sent something, and removes one.
    let groups = listed(&agg, &root).await;
    assert!(
        groups.iter().all(|g| !g["last_activity"].is_null()),
        "{groups:?}"
    );
    let (ok, out, err) = aggregate(&agg, &["remove", &r3.group]);
    assert!(ok, "{err}");
    assert!(out.contains(&r3.group), "{out}");
    eventually("the aggregator leaves R3", WAIT, || async {
        let n = r3
            .node
            .count("SELECT COUNT(*) FROM follows f JOIN actors a ON a.id = f.follower_id WHERE a.ap_id = $1", &instance)
            .await;
        (n == 0).then_some(())
    })
    .await;
    assert_eq!(listed(&agg, &root).await.len(), 2);
    let (ok, _, err) = aggregate(&agg, &["remove", &r3.group]);
    assert!(
        !ok && err.contains("not among the aggregated groups"),
        "{err}"
    );
    let (status, _) = call(
        &agg,
        Method::DELETE,
        &format!("/api/v1/admin/aggregated-groups/{}", r2.group),
        &mia,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(listed(&agg, &root).await.len(), 2);
}
