//! Issue 7's "done when", tried as a network coordinator would: five antenna nodes
//! (Montpellier, Paris, Rennes, Bruxelles, Lyon), each with its own members and content, and a
//! national node that hosts the network group and aggregates the five antennas.
//! - A search on the national node finds items of all five, each linking to its origin: those
//!   published before it followed them (read from their outboxes) and those published after.
//! - Montpellier escalates one of its proposals to the network; members of three antennas vote
//!   on it from their own nodes, and a person who belongs to two antennas counts once.
//! - The dashboard's figures per antenna are what each antenna shows itself.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{eventually, follow_reaches, in_days, join, Node, User},
    remote_decisions::proposal_on,
};

struct Antenna {
    node: Node,
    name: &'static str,
    moderator: User,
    member: User,
    /// `name@domain`
    handle: String,
    /// Its own proposal, as its node's API shows it.
    proposal: Value,
}

async fn created(node: &Node, user: &User, path: &str, body: Value) -> Value {
    let (status, answer) = node
        .api(Method::POST, path, Some(&user.token), Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{path}: {answer}");
    answer
}

/// An antenna node with its group, a moderator and a member.
async fn antenna(name: &'static str, index: usize) -> Antenna {
    let node = Node::start(name, index).await;
    let moderator = node.admin(&format!("anim_{name}")).await;
    let member = node.user(&format!("membre_{name}")).await;
    let handle = node.group(name, "open", &moderator);
    join(&node, &member, &handle).await;
    Antenna {
        node,
        name,
        moderator,
        member,
        handle,
        proposal: Value::Null,
    }
}

/// The antenna's content: a post, a proposal, an event and an offer.
async fn publish(antenna: &mut Antenna) {
    let (node, name, moderator, member) = (
        &antenna.node,
        antenna.name,
        &antenna.moderator,
        &antenna.member,
    );
    let city = name;
    created(
        node,
        member,
        &format!("/api/v1/groups/{name}/posts"),
        json!({"title": format!("Nouvelles de {city}"),
               "content": format!("La coopérative de {city} ouvre une permanence.")}),
    )
    .await;
    let process = created(
        node,
        moderator,
        &format!("/api/v1/groups/{name}/processes"),
        json!({"title": format!("Projets {city}"), "description": "Nos projets de l'année.",
               "participation": "co_decision", "decision_rule": "Majorité simple."}),
    )
    .await;
    let proposal = created(
        node,
        moderator,
        &format!("/api/v1/processes/{}/proposals", process["id"]),
        json!({"title": format!("Mutuelle coopérative {city}"),
               "body": format!("Une mutuelle pour les membres de la coopérative à {city}.")}),
    )
    .await;
    created(
        node,
        moderator,
        &format!("/api/v1/groups/{name}/events"),
        json!({"title": format!("Assemblée coopérative {city}"), "description": "Ordre du jour à venir",
               "category": "assembly", "starts_at": in_days(9, 18), "ends_at": in_days(9, 20),
               "timezone": "Europe/Paris", "place_name": city, "capacity": 40}),
    )
    .await;
    created(
        node,
        member,
        &format!("/api/v1/groups/{name}/competences"),
        json!({"kind": "offer", "title": format!("Comptabilité coopérative à {city}"),
               "skills": ["Comptabilité"], "mode": "either", "place": city}),
    )
    .await;
    antenna.proposal = proposal;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_sees_five_antennas_decides_with_three_and_reads_their_figures() {
    let national = Node::start("national", 0).await;
    let nadia = national.admin("nadia").await;
    let network = national.network_group("reseau", "open", &nadia);
    let mut antennas = Vec::new();
    for (i, name) in ["montpellier", "paris", "rennes", "bruxelles", "lyon"]
        .into_iter()
        .enumerate()
    {
        antennas.push(antenna(name, i + 1).await);
    }
    // Three antennas publish before the national node aggregates the five, two after (every
    // text says "coopérative" and the city): the aggregator reads what came before from each
    // group's outbox, and receives the rest as it is published.
    for a in &mut antennas[..3] {
        publish(a).await;
    }
    let mut args = vec!["admin", "aggregate", "add"];
    args.extend(antennas.iter().map(|a| a.handle.as_str()));
    let out = national.cli(&args, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eventually("the five antennas to accept the aggregator", 60, || async {
        let listed = national
            .get("/api/v1/admin/aggregated-groups", Some(&nadia.token))
            .await;
        let accepted = listed
            .as_array()?
            .iter()
            .filter(|g| g["state"] == "accepted")
            .count();
        (accepted == 5).then_some(())
    })
    .await;
    for a in &mut antennas[3..] {
        publish(a).await;
    }
    let (montpellier, paris, rennes) = (&antennas[0], &antennas[1], &antennas[2]);

    // The member of Rennes also belongs to Paris's antenna (from her own node).
    let zoe = &rennes.member;
    rennes
        .node
        .post(
            "/api/v1/follows",
            &zoe.token,
            json!({"handle": paris.handle}),
        )
        .await;
    follow_reaches(&rennes.node, zoe, &paris.handle, "accepted").await;

    // Montpellier, Paris and Rennes join the network.
    for a in [montpellier, paris, rennes] {
        let (status, body) = a
            .node
            .api(
                Method::POST,
                &format!("/api/v1/groups/{}/networks", a.name),
                Some(&a.moderator.token),
                Some(json!({ "handle": network })),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    for (a, members) in [(montpellier, 2), (paris, 3), (rennes, 2)] {
        eventually(
            &format!("{} attested in the network", a.name),
            60,
            || async {
                let list = national
                    .get("/api/v1/groups/reseau/member-groups", None)
                    .await;
                list.as_array()?
                    .iter()
                    .find(|g| g["group"]["handle"] == a.handle && g["members"] == members)
                    .map(|_| ())
            },
        )
        .await;
    }

    // 1. Search on the national node finds all five antennas' items, linking to their origin.
    let hits = eventually("items of the five antennas in the search", 60, || async {
        let found = national
            .get("/api/v1/search?q=coop%C3%A9rative&limit=100", None)
            .await;
        let hits = found["results"].as_array()?.clone();
        // Every antenna, each with its post, proposal, event and offer.
        let found_of = |domain: &str| -> BTreeSet<String> {
            hits.iter()
                .filter(|h| h["origin"] == domain)
                .filter_map(|h| h["type"].as_str().map(str::to_string))
                .collect()
        };
        let all_kinds: BTreeSet<String> = ["post", "proposal", "event", "competence"]
            .iter()
            .map(|k| k.to_string())
            .collect();
        antennas
            .iter()
            .all(|a| found_of(&a.node.domain) == all_kinds)
            .then_some(hits)
    })
    .await;
    for hit in &hits {
        let origin = hit["origin"].as_str().unwrap();
        assert!(
            hit["url"]
                .as_str()
                .unwrap()
                .starts_with(&format!("http://{origin}/")),
            "{hit}"
        );
        // The link leads to the object on its own node.
        let (status, _) = call_origin(&national, hit["url"].as_str().unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{hit}");
    }
    // Filtered by antenna, only that antenna's items.
    let only_lyon = national
        .get(
            &format!(
                "/api/v1/search?q=coop%C3%A9rative&group={}",
                antennas[4].handle
            ),
            None,
        )
        .await;
    let lyon_hits = only_lyon["results"].as_array().unwrap();
    assert!(!lyon_hits.is_empty(), "{only_lyon}");
    assert!(
        lyon_hits.iter().all(|h| h["group"] == antennas[4].handle),
        "{only_lyon}"
    );

    // 2. Montpellier escalates its proposal to the network's process.
    let process = created(
        &national,
        &nadia,
        "/api/v1/groups/reseau/processes",
        json!({"title": "Orientations nationales", "description": "Ce que les antennes font remonter.",
               "participation": "co_decision", "decision_rule": "Majorité simple."}),
    )
    .await;
    let process_url = process["url"].as_str().unwrap().to_string();
    // Montpellier's node fetches the process from the network's node when it needs it.
    let up = created(
        &montpellier.node,
        &montpellier.moderator,
        &format!(
            "/api/v1/proposals/{}/escalation",
            montpellier.proposal["id"]
        ),
        json!({"process": process_url, "note": "Adoptée par l'antenne de Montpellier."}),
    )
    .await;
    let up_url = up["url"].as_str().unwrap().to_string();
    let on_national = proposal_on(&national, "reseau", &up_url, "the escalated proposal").await;
    assert_eq!(
        on_national["escalated_from"]["url"], montpellier.proposal["url"],
        "{on_national}"
    );
    let proposal_id = on_national["id"].as_i64().unwrap();
    national
        .post(
            &format!("/api/v1/proposals/{proposal_id}/state"),
            &nadia.token,
            json!({"state": "deliberation"}),
        )
        .await;
    let closes = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let vote = created(
        &national,
        &nadia,
        &format!("/api/v1/proposals/{proposal_id}/votes"),
        json!({"method": "majority", "closes_at": closes}),
    )
    .await;
    // nadia, and the people of three antennas: zoe once though she is in two.
    assert_eq!(vote["electorate"], 7, "{vote}");
    let vote_id = vote["id"].as_i64().unwrap();

    // Members of the three antennas vote from their own node; zoe changes her mind.
    let voters: [(&Antenna, &User, &str); 4] = [
        (montpellier, &montpellier.member, "for"),
        (paris, &paris.member, "for"),
        (rennes, &rennes.member, "against"),
        (rennes, &rennes.member, "for"),
    ];
    for (a, voter, choice) in voters {
        let copy = eventually(&format!("the network vote on {}", a.name), 60, || async {
            let copy = proposal_on(&a.node, &network, &up_url, "the network proposal").await;
            (copy["state"] == "vote").then_some(())?;
            copy["votes"].as_array()?.first()?["id"].as_i64()
        })
        .await;
        let (status, body) = a
            .node
            .api(
                Method::POST,
                &format!("/api/v1/votes/{copy}/ballots"),
                Some(&voter.token),
                Some(json!({ "choice": choice })),
            )
            .await;
        assert!(status.is_success(), "{}: {body}", a.name);
    }
    let (status, body) = national
        .api(
            Method::POST,
            &format!("/api/v1/votes/{vote_id}/ballots"),
            Some(&nadia.token),
            Some(json!({"choice": "for"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    eventually(
        "three antennas' ballots counted on the national node",
        60,
        || async {
            let n = national
                .count(
                    &format!("SELECT COUNT(*) FROM ballots WHERE vote_id = {vote_id} AND $1 <> ''"),
                    "x",
                )
                .await;
            (n == 4).then_some(())
        },
    )
    .await;
    eventually("zoe's last ballot", 60, || async {
        let n = national
            .count(
                &format!(
                    "SELECT COUNT(*) FROM ballots b JOIN actors v ON v.id = b.voter_id \
                     WHERE b.vote_id = {vote_id} AND v.ap_id = $1 AND b.choice LIKE '%\"for\"%'"
                ),
                &zoe.url,
            )
            .await;
        (n == 1).then_some(())
    })
    .await;
    national
        .post(
            &format!("/api/v1/votes/{vote_id}/close"),
            &nadia.token,
            json!({}),
        )
        .await;
    let result = national
        .get(&format!("/api/v1/votes/{vote_id}/result"), None)
        .await;
    assert_eq!(result["ballots"], 4, "{result}");
    assert_eq!(result["electorate"], 7, "{result}");
    // Montpellier's proposal says where it went, and learns the decision.
    eventually("the network's decision back in Montpellier", 60, || async {
        let own = montpellier
            .node
            .get(
                &format!("/api/v1/proposals/{}", montpellier.proposal["id"]),
                None,
            )
            .await;
        let to = &own["escalated_to"][0];
        (to["url"] == up_url.as_str() && to["state"] == "accepted").then_some(())
    })
    .await;

    // 3. The dashboard: each antenna's figures as the antenna itself shows them.
    let (status, body) = national
        .api(
            Method::POST,
            "/api/v1/network/dashboard/refresh",
            Some(&nadia.token),
            Some(json!({})),
        )
        .await;
    assert!(status.is_success(), "{body}");
    let dashboard = national.get("/api/v1/network/dashboard", None).await;
    for a in &antennas {
        let own = a
            .node
            .get(&format!("/api/v1/groups/{}/stats", a.name), None)
            .await;
        let seen = dashboard["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["group"] == a.handle)
            .unwrap_or_else(|| panic!("{} not on the dashboard: {dashboard}", a.handle));
        assert_eq!(seen["status"], "fresh", "{seen}");
        assert_eq!(seen["figures"]["totals"], own["totals"], "{}", a.name);
        assert_eq!(seen["figures"]["months"], own["months"], "{}", a.name);
        for figure in ["proposals", "upcoming_events", "offers"] {
            assert_eq!(own["totals"][figure], 1, "{}: {figure}: {own}", a.name);
        }
    }
    let page = national.get("/network/dashboard", None).await;
    let page = page.as_str().unwrap();
    for a in &antennas {
        assert!(page.contains(&a.handle), "{page}");
    }
}

/// GET of an object's id on its own node, as a browser would follow the link.
async fn call_origin(node: &Node, url: &str) -> (StatusCode, String) {
    let response = node.http.get(url).send().await.unwrap();
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}
