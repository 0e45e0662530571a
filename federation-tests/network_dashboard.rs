//! The network dashboard, as a network coordinator would check it: three antenna nodes, each
//! with a group and real activity (a member joins, a post, a proposal decided by a vote, an
//! event with a confirmed registration, an offer and a need), and a fourth node whose member
//! follows the three groups. After an admin's refresh, the dashboard's figures per antenna
//! equal what each antenna's node says of itself (its API and its page), the overall figures
//! are their sums, the CSV has a row per group and month plus the totals, and the SVG charts
//! are well-formed and carry the numbers. A non-admin's refresh is refused and changes
//! nothing; an antenna whose node is down keeps its last figures, marked with their date;
//! forged documents (an id on another host, another group's figures) are refused. And on a
//! network's own node, its dashboard shows the antennas that joined it, with their figures.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{decide_by_majority, follow_reaches, join, Node, User},
    peer::{bytes, FakePeer},
};

pub struct Antenna {
    pub node: Node,
    /// The group's moderator (an admin of the node).
    pub ana: User,
    /// `coop@localhost:PORT`
    pub handle: String,
}

async fn create(node: &Node, user: &User, path: &str, body: Value) -> Value {
    let (status, item) = node
        .api(Method::POST, path, Some(&user.token), Some(body))
        .await;
    assert!(status.is_success(), "POST {path}: {status} {item}");
    item
}

/// A node with a group `coop` and a month's worth of its life.
pub async fn antenna(name: &str, index: usize) -> Antenna {
    let node = Node::start(name, index).await;
    let ana = node.admin("ana").await;
    let bea = node.user("bea").await;
    let handle = node.group("coop", "open", &ana);
    join(&node, &bea, &handle).await;
    create(
        &node,
        &bea,
        "/api/v1/groups/coop/posts",
        json!({"title": format!("Nouvelles de {name}"), "content": "La permanence reprend."}),
    )
    .await;
    let process = create(
        &node,
        &ana,
        "/api/v1/groups/coop/processes",
        json!({
        "title": "Budget", "description": "Le budget de l'année.", "participation": "co_decision",
        "decision_rule": "Majorité simple."}),
    )
    .await;
    let proposal = create(
        &node,
        &bea,
        &format!("/api/v1/processes/{}/proposals", process["id"]),
        json!({"title": "Un local partagé", "body": "Louer un local avec la coopérative voisine."}),
    )
    .await;
    decide_by_majority(&node, &ana, proposal["id"].as_i64().unwrap()).await;
    // Under way: started an hour ago, so it is held, and still open to registrations.
    let now = chrono::Utc::now();
    let event = create(
        &node,
        &ana,
        "/api/v1/groups/coop/events",
        json!({
        "title": "Assemblée locale", "description": "Ordre du jour à venir", "category": "assembly",
        "starts_at": (now - chrono::Duration::hours(1)).to_rfc3339(),
        "ends_at": (now + chrono::Duration::hours(2)).to_rfc3339(),
        "timezone": "Europe/Paris", "place_name": "La Coop"}),
    )
    .await;
    create(
        &node,
        &bea,
        &format!("/api/v1/events/{}/registrations", event["id"]),
        json!({}),
    )
    .await;
    create(
        &node,
        &ana,
        "/api/v1/groups/coop/competences",
        json!({"kind": "offer",
        "title": "Tenue de comptes", "description": "Je montre comment tenir les comptes."}),
    )
    .await;
    create(
        &node,
        &bea,
        "/api/v1/groups/coop/competences",
        json!({"kind": "need",
        "title": "Statuts", "description": "Relire nos statuts."}),
    )
    .await;
    Antenna { node, ana, handle }
}

/// The dashboard's line for `handle`.
pub fn line<'a>(dashboard: &'a Value, handle: &str) -> &'a Value {
    dashboard["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == handle)
        .unwrap_or_else(|| panic!("{handle} not in {dashboard}"))
}

/// Whether every tag of `svg` closes in order (a small well-formedness check).
pub fn assert_well_formed(svg: &str) {
    let mut open: Vec<String> = Vec::new();
    let mut rest = svg;
    while let Some(at) = rest.find('<') {
        let end = rest[at..].find('>').expect("tag ends") + at;
        let tag = &rest[at + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop().as_deref(), Some(name), "in {svg}");
        } else if !tag.ends_with('/') {
            open.push(tag.split_whitespace().next().unwrap().to_string());
        }
        let text = &rest[end + 1
            ..rest[end + 1..]
                .find('<')
                .map_or(rest.len(), |n| n + end + 1)];
        for entity in text.split('&').skip(1) {
            assert!(
                ["amp;", "lt;", "gt;", "quot;", "#"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "unescaped & in {text:?}"
            );
        }
        rest = &rest[end + 1..];
    }
    assert!(open.is_empty(), "unclosed {open:?}");
}

/// The `<svg>...</svg>` elements of a page.
pub fn svgs(html: &str) -> Vec<&str> {
    html.match_indices("<svg")
        .map(|(at, _)| &html[at..at + html[at..].find("</svg>").unwrap() + 6])
        .collect()
}

/// The cells of the row of a figures table that starts at `marker`: figure -> text.
pub fn cells(html: &str, marker: &str) -> Vec<(String, String)> {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not in page"));
    let row = &html[at..at + html[at..].find("</tr>").unwrap()];
    row.match_indices("data-figure=\"")
        .map(|(i, m)| {
            let rest = &row[i + m.len()..];
            let name = &rest[..rest.find('"').unwrap()];
            let text = &rest[rest.find('>').unwrap() + 1..rest.find("</td>").unwrap()];
            (name.to_string(), text.to_string())
        })
        .collect()
}

/// The figures the API gives, as the page writes them (French: decimal comma).
pub fn as_cells(totals: &Value) -> Vec<(String, String)> {
    [
        "members",
        "active",
        "proposals",
        "decisions",
        "ballots",
        "electorate",
        "turnout",
        "events",
        "attendance",
        "offers",
        "needs",
    ]
    .iter()
    .map(|f| {
        let text = match (&totals[*f], *f) {
            (Value::Null, _) => "—".to_string(),
            (v, "turnout") => format!("{} %", v.as_f64().unwrap()).replace('.', ","),
            (v, _) => v.to_string(),
        };
        (f.to_string(), text)
    })
    .collect()
}

async fn follow_fake_group(d: &Node, dan: &User, peer: &FakePeer, name: &str, stats: Value) {
    let group = peer.actor(name, "Group");
    let mut document = group.document();
    let stats_url = peer.url(&format!("/groups/{name}/stats"));
    document["maillon:statistics"] = json!(stats_url);
    peer.serve(&group.path, &document);
    peer.serve(&format!("/groups/{name}/stats"), &stats);
    d.post("/api/v1/follows", &dan.token, json!({"handle": group.url}))
        .await;
    let accept = group.activity(
        "Accept",
        &format!("dan-{name}"),
        json!({"type": "Follow", "actor": dan.url, "object": group.url}),
    );
    let status = group
        .signed()
        .post(&d.http, &d.url("/inbox"), &bytes(&accept))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    follow_reaches(d, dan, &format!("{name}@{}", peer.domain), "accepted").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_shows_each_antennas_own_figures() {
    let mut antennas = vec![
        antenna("A", 1).await,
        antenna("B", 2).await,
        antenna("C", 3).await,
    ];
    // The dashboard's node on PostgreSQL when configured, with B; A and C on SQLite.
    let d = Node::start("D", 0).await;
    let dora = d.admin("dora").await;
    let dan = d.user("dan").await;
    for a in &antennas {
        join(&d, &dan, &a.handle).await;
    }

    // Each node publishes its group's figures: the Group actor names the document, served
    // as ActivityPub JSON at the stats page's address.
    let a = &antennas[0];
    let actor: Value = a
        .node
        .http
        .get(a.node.url("/groups/coop"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stats_url = a.node.url("/groups/coop/stats");
    assert_eq!(actor["maillon:statistics"], stats_url.as_str());
    let response = a
        .node
        .http
        .get(&stats_url)
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["content-type"],
        "application/activity+json"
    );
    let doc: Value = response.json().await.unwrap();
    assert_eq!(doc["id"], stats_url.as_str());
    assert_eq!(doc["type"], "maillon:GroupStatistics");
    assert_eq!(doc["attributedTo"], a.node.url("/groups/coop").as_str());
    assert_eq!(doc["maillon:months"].as_array().unwrap().len(), 12);

    // Bad input changes nothing: an unknown group, another node's group, a refresh by a
    // member or by no one; nothing has been read yet.
    let (status, body) = a
        .node
        .api(Method::GET, "/api/v1/groups/nope/stats", None, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert!(body["message"].is_string(), "{body}");
    let (status, _) = d
        .api(
            Method::GET,
            &format!("/api/v1/groups/{}/stats", a.handle),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = d
        .api(
            Method::POST,
            "/api/v1/network/dashboard/refresh",
            Some(&dan.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "forbidden", "{body}");
    let (status, _) = d
        .api(
            Method::POST,
            "/api/v1/network/dashboard/refresh",
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        d.count(
            "SELECT COUNT(*) FROM group_statistics WHERE url IS NULL OR url <> $1",
            ""
        )
        .await,
        0
    );
    let before = d.get("/api/v1/network/dashboard", None).await;
    for a in &antennas {
        assert_eq!(line(&before, &a.handle)["status"], "pending");
        assert!(line(&before, &a.handle)["figures"].is_null());
    }

    // The admin reads the three antennas' figures.
    let refreshed = d
        .post("/api/v1/network/dashboard/refresh", &dora.token, json!({}))
        .await;
    assert_eq!(
        (refreshed["read"].as_i64(), refreshed["failed"].as_i64()),
        (Some(3), Some(0)),
        "{refreshed}"
    );
    let dashboard = d.get("/api/v1/network/dashboard", None).await;
    let page = d.get("/network/dashboard", None).await;
    let page = page.as_str().unwrap().to_string();
    let mut members = 0;
    for a in &antennas {
        let own = a.node.get("/api/v1/groups/coop/stats", None).await;
        let seen = line(&dashboard, &a.handle);
        assert_eq!(seen["status"], "fresh", "{seen}");
        assert_eq!(seen["node"], a.node.domain.as_str());
        assert_eq!(seen["page"], own["page"]);
        assert_eq!(seen["figures"]["months"], own["months"], "{}", a.handle);
        assert_eq!(seen["figures"]["totals"], own["totals"], "{}", a.handle);
        let t = &own["totals"];
        assert!(t["members"].as_i64().unwrap() >= 2, "{t}");
        assert!(t["active"].as_i64().unwrap() >= 2, "{t}");
        for (figure, n) in [
            ("proposals", 1),
            ("decisions", 1),
            ("ballots", 1),
            ("events", 1),
            ("attendance", 1),
            ("offers", 1),
            ("needs", 1),
            ("open_offers", 1),
            ("open_needs", 1),
        ] {
            assert_eq!(t[figure], n, "{figure}: {t}");
        }
        assert_eq!(
            t["turnout"].as_f64().unwrap(),
            100.0 * t["ballots"].as_f64().unwrap() / t["electorate"].as_f64().unwrap()
        );
        members += t["members"].as_i64().unwrap();
        // The antenna's own page shows the same figures, and so does the dashboard's page.
        let own_page = a.node.get("/groups/coop/stats", None).await;
        let own_page = own_page.as_str().unwrap();
        assert_eq!(cells(own_page, "<tr class=\"total\">"), as_cells(t));
        assert_eq!(
            cells(&page, &format!("data-group=\"{}\"", a.handle)),
            as_cells(t)
        );
        for svg in svgs(own_page) {
            assert_well_formed(svg);
        }
    }
    assert_eq!(dashboard["overall"]["totals"]["members"], members);
    assert_eq!(dashboard["overall"]["totals"]["decisions"], 3);
    assert!(
        page.contains("Le total") || page.contains("deux antennes"),
        "the sums are explained"
    );

    // The charts: one overall and one per antenna, well-formed, titled, with their numbers.
    let charts = svgs(&page);
    assert_eq!(charts.len(), 4, "{page}");
    for svg in &charts {
        assert_well_formed(svg);
        assert!(svg.contains("<title id=") && svg.contains("<desc id="));
    }
    let month = dashboard["months"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    // The first group's chart (the page lists the groups in the API's order).
    let first = &dashboard["groups"][0];
    let now_members = first["figures"]["months"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()["members"]
        .to_string();
    assert!(
        charts[1].contains(&format!(">{now_members}</text>")),
        "{}",
        charts[1]
    );
    assert!(
        charts[1].contains(&format!("{month} : {now_members}")),
        "{}",
        charts[1]
    );

    // The CSV: a row per group and month, a total row per group, then the overall rows.
    let csv = d
        .http
        .get(d.url("/network/dashboard.csv"))
        .send()
        .await
        .unwrap();
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 1 + 3 * 13 + 13, "{csv}");
    assert!(rows[0].starts_with("group,node,month,members,active"));
    let prefix = format!(
        "\"{}\",\"{}\",\"{month}\",\"{now_members}\"",
        first["group"].as_str().unwrap(),
        first["node"].as_str().unwrap()
    );
    assert!(
        rows.iter().any(|r| r.starts_with(&prefix)),
        "{prefix} in {csv}"
    );
    assert!(
        rows.last()
            .unwrap()
            .starts_with(&format!("\"total\",\"\",\"total\",\"{members}\"")),
        "{csv}"
    );
    assert_eq!(
        csv,
        d.get("/api/v1/network/dashboard.csv", None)
            .await
            .as_str()
            .unwrap()
    );

    // C's node goes down: its last figures stay, with the date they were read.
    let read_at = line(&dashboard, &antennas[2].handle)["read_at"].clone();
    antennas[2].node.kill9();
    let refreshed = d
        .post("/api/v1/network/dashboard/refresh", &dora.token, json!({}))
        .await;
    assert_eq!(
        (refreshed["read"].as_i64(), refreshed["failed"].as_i64()),
        (Some(2), Some(1)),
        "{refreshed}"
    );
    let c = line(&refreshed["dashboard"], &antennas[2].handle);
    assert_eq!(c["status"], "stale", "{c}");
    assert_eq!(c["read_at"], read_at);
    assert!(
        c["error"].as_str().unwrap().contains("could not be read"),
        "{c}"
    );
    assert_eq!(
        c["figures"],
        line(&dashboard, &antennas[2].handle)["figures"]
    );
    let page = d.get("/network/dashboard", None).await;
    assert!(
        page.as_str().unwrap().contains("Anciens chiffres, lus le"),
        "stale figures are marked"
    );

    // Forged documents are refused and logged: one whose id is on another host, one that
    // gives another group's figures; they are listed as unreachable, with no figures.
    let peer = FakePeer::start().await;
    let mut on_other_host = doc.clone();
    on_other_host["attributedTo"] = json!(peer.url("/users/jardin"));
    follow_fake_group(&d, &dan, &peer, "jardin", on_other_host).await;
    let mut someone_elses = doc.clone();
    someone_elses["id"] = json!(peer.url("/groups/verger/stats"));
    someone_elses["url"] = someone_elses["id"].clone();
    follow_fake_group(&d, &dan, &peer, "verger", someone_elses).await;
    let refreshed = d
        .post("/api/v1/network/dashboard/refresh", &dora.token, json!({}))
        .await;
    for (name, reason) in [
        ("jardin", "not on the group's node"),
        ("verger", "attributed to"),
    ] {
        let forged = line(&refreshed["dashboard"], &format!("{name}@{}", peer.domain));
        assert_eq!(forged["status"], "unreachable", "{forged}");
        assert!(forged["figures"].is_null());
        assert!(
            forged["error"].as_str().unwrap().contains(reason),
            "{forged}"
        );
    }
    assert!(d.log().contains("group statistics refused or unreachable"));
    assert_eq!(
        d.count(
            "SELECT COUNT(*) FROM group_statistics WHERE document IS NOT NULL AND url <> $1",
            ""
        )
        .await,
        3
    );
}

/// A network's own node: its dashboard covers the network group (computed there) and each
/// accepted antenna, which the network follows back, with the antenna's own figures. The
/// network following the antenna does not make it a member of the antenna: groups never
/// count among members.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_networks_node_shows_its_antennas_figures() {
    let n = Node::start("N", 0).await;
    let nadia = n.admin("nadia").await;
    let network = n.network_group("reseau", "open", &nadia);
    let a = antenna("A", 1).await;
    let own_before = a.node.get("/api/v1/groups/coop/stats", None).await;
    let joined = a
        .node
        .post(
            "/api/v1/groups/coop/networks",
            &a.ana.token,
            json!({"handle": network}),
        )
        .await;
    assert!(
        joined["state"] == "pending" || joined["state"] == "accepted",
        "{joined}"
    );
    // Accepted, and followed back: the antenna is on the network's dashboard.
    crate::harness::eventually("the network to follow the antenna back", 30, || async {
        let d = n.get("/api/v1/network/dashboard", None).await;
        d["groups"]
            .as_array()?
            .iter()
            .any(|g| g["group"] == a.handle.as_str())
            .then_some(())
    })
    .await;
    let refreshed = n
        .post("/api/v1/network/dashboard/refresh", &nadia.token, json!({}))
        .await;
    assert_eq!(refreshed["read"], 1, "{refreshed}");
    let own = a.node.get("/api/v1/groups/coop/stats", None).await;
    let seen = line(&refreshed["dashboard"], &a.handle);
    assert_eq!(seen["status"], "fresh");
    assert_eq!(seen["figures"]["totals"], own["totals"]);
    assert_eq!(seen["figures"]["months"], own["months"]);
    assert_eq!(
        own["totals"]["members"], own_before["totals"]["members"],
        "groups are not members"
    );
    let home = line(&refreshed["dashboard"], &format!("reseau@{}", n.domain));
    assert_eq!(
        (home["local"].as_bool(), home["status"].as_str()),
        (Some(true), Some("fresh"))
    );
    let sum = |f: &str| {
        own["totals"][f].as_i64().unwrap() + home["figures"]["totals"][f].as_i64().unwrap()
    };
    assert_eq!(
        refreshed["dashboard"]["overall"]["totals"]["members"],
        sum("members")
    );
}
