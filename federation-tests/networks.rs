//! Networks of groups across three nodes: antennas on B and C join the network on A (their
//! group actors follow it; it follows them back), their nodes attest their members (`Add` /
//! `Remove`), and a network vote counts the people of both antennas, each once, who vote from
//! their own nodes; outsiders cannot. Leaving undoes it all.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{eventually, join, post_arrives, Node, User},
    peer::{bytes, FakeActor, FakePeer},
    remote_decisions::proposal_on,
    web_decisions::login,
};

/// `group`'s networks on `node` once the one called `network` reached `state`.
async fn network_state(node: &Node, group: &str, network: &str, state: &str) -> Value {
    eventually(&format!("{group} in {network}: {state}"), 30, || async {
        let list = node
            .get(&format!("/api/v1/groups/{group}/networks"), None)
            .await;
        list.as_array()?
            .iter()
            .find(|n| n["network"]["handle"] == network && n["state"] == state)
            .cloned()
    })
    .await
}

/// The member groups of `network` on `node`, once `group` counts `members` attested members.
async fn member_count_becomes(node: &Node, network: &str, group: &str, members: i64) {
    eventually(
        &format!("{group} to count {members} in {network}"),
        30,
        || async {
            let list = node
                .get(&format!("/api/v1/groups/{network}/member-groups"), None)
                .await;
            list.as_array()?
                .iter()
                .find(|g| g["group"]["handle"] == group && g["members"] == members)
                .map(|_| ())
        },
    )
    .await
}

/// Waits until `reseau` on `a` follows `groups` groups back, accepted.
async fn network_follows_back(a: &Node, groups: i64) {
    eventually(
        &format!("the network to follow {groups} groups back"),
        30,
        || async {
            let n = a
                .count(
                    "SELECT COUNT(*) FROM follows f JOIN actors n ON n.id = f.follower_id \
                 WHERE n.ap_id = $1 AND f.state = 'accepted'",
                    &a.url("/groups/reseau"),
                )
                .await;
            (n == groups).then_some(())
        },
    )
    .await;
}

async fn ballot(node: &Node, user: &User, vote_id: i64, choice: &str) -> (StatusCode, Value) {
    node.api(
        Method::POST,
        &format!("/api/v1/votes/{vote_id}/ballots"),
        Some(&user.token),
        Some(json!({ "choice": choice })),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn antennas_join_a_network_and_their_members_vote_once_each() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let c = Node::start("C", 2).await;
    let nadia = a.admin("nadia").await;
    let network = a.network_group("reseau", "open", &nadia);
    let bea = b.admin("bea").await;
    let leo = b.user("leo").await;
    let ugo = b.user("ugo").await;
    let montpellier = b.group("montpellier", "open", &bea);
    join(&b, &leo, &montpellier).await;
    let cam = c.admin("cam").await;
    let zoe = c.user("zoe").await;
    let max = c.user("max").await;
    let rennes = c.group("rennes", "approval", &cam);
    // zoe belongs to both antennas: to rennes at home, to montpellier from C.
    let (status, _) = c
        .api(
            Method::POST,
            "/api/v1/follows",
            Some(&zoe.token),
            Some(json!({"handle": montpellier})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    crate::harness::follow_reaches(&c, &zoe, &montpellier, "accepted").await;
    c.post("/api/v1/follows", &zoe.token, json!({"handle": rennes}))
        .await;
    c.post(
        &format!("/api/v1/groups/rennes/members/{}/accept", zoe.handle),
        &cam.token,
        json!({}),
    )
    .await;
    crate::harness::follow_reaches(&c, &zoe, &rennes, "accepted").await;

    // The wire says which group is a network.
    let actor: Value = a
        .http
        .get(a.url("/groups/reseau"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(actor["maillon:network"], true, "{actor}");

    // Only a moderator makes a group join, and only a network.
    let join_network = |node: &'static str, group: &'static str, who: &User, handle: &str| {
        let node = match node {
            "B" => &b,
            _ => &c,
        };
        let token = who.token.clone();
        let handle = handle.to_string();
        async move {
            node.api(
                Method::POST,
                &format!("/api/v1/groups/{group}/networks"),
                Some(&token),
                Some(json!({ "handle": handle })),
            )
            .await
        }
    };
    let (status, body) = join_network("B", "montpellier", &leo, &network).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = join_network("B", "montpellier", &bea, &rennes).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "not_a_network");
    let (status, body) = join_network("B", "montpellier", &bea, "nobody").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(b
        .get("/api/v1/groups/montpellier/networks", None)
        .await
        .as_array()
        .unwrap()
        .is_empty());

    let (status, body) = join_network("B", "montpellier", &bea, &network).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["network"]["network"], true);
    let (status, _) = join_network("C", "rennes", &cam, &network).await;
    assert_eq!(status, StatusCode::OK);
    network_state(&b, "montpellier", &network, "accepted").await;
    network_state(&c, "rennes", &network, "accepted").await;

    // The network follows each antenna back (rennes admits members on approval, yet its
    // own network is let in), and learns who their members are from their nodes.
    for (group, members) in [(&montpellier, 3), (&rennes, 2)] {
        member_count_becomes(&a, "reseau", group, members).await;
    }
    network_follows_back(&a, 2).await;

    // A new member of montpellier is attested too; one who leaves is removed.
    join(&b, &ugo, &montpellier).await;
    member_count_becomes(&a, "reseau", &montpellier, 4).await;
    let (status, _) = b
        .api(
            Method::DELETE,
            &format!("/api/v1/follows/{montpellier}"),
            Some(&ugo.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    member_count_becomes(&a, "reseau", &montpellier, 3).await;

    // A network vote: nadia, bea, leo, cam and zoe (in two antennas, counted once).
    let (_, process) = a
        .api(
            Method::POST,
            "/api/v1/groups/reseau/processes",
            Some(&nadia.token),
            Some(
                json!({"title": "Orientations nationales", "description": "Décider ensemble.",
                        "participation": "co_decision", "decision_rule": "Majorité simple."}),
            ),
        )
        .await;
    let (status, proposal) = a
        .api(
            Method::POST,
            &format!("/api/v1/processes/{}/proposals", process["id"]),
            Some(&nadia.token),
            Some(json!({"title": "Une mutuelle commune", "body": "Souscrire une mutuelle pour toutes les antennes."})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{proposal}");
    let proposal_id = proposal["id"].as_i64().unwrap();
    a.post(
        &format!("/api/v1/proposals/{proposal_id}/state"),
        &nadia.token,
        json!({"state": "deliberation"}),
    )
    .await;
    let closes = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let (status, vote) = a
        .api(
            Method::POST,
            &format!("/api/v1/proposals/{proposal_id}/votes"),
            Some(&nadia.token),
            Some(json!({"method": "majority", "closes_at": closes})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{vote}");
    assert_eq!(vote["electorate"], 5, "{vote}");
    let vote_id = vote["id"].as_i64().unwrap();
    let proposal_url = proposal["url"].as_str().unwrap();

    // Each antenna's node keeps the network's proposal; its members vote from there.
    let copy_vote = |node: &'static str| {
        let node = if node == "B" { &b } else { &c };
        let network = network.clone();
        async move {
            proposal_on(node, &network, proposal_url, "the network's proposal").await;
            eventually("the network's vote on an antenna's node", 30, || async {
                let copy = proposal_on(node, &network, proposal_url, "the proposal").await;
                (copy["state"] == "vote").then_some(())?;
                copy["votes"].as_array()?.first()?["id"].as_i64()
            })
            .await
        }
    };
    let b_vote = copy_vote("B").await;
    let c_vote = copy_vote("C").await;
    let view = b
        .get(&format!("/api/v1/votes/{b_vote}"), Some(&leo.token))
        .await;
    assert_eq!(view["you_may_vote"], true, "{view}");
    // leo hears of the network's proposal on B as a member through his antenna (once; at
    // the default level, "take part", votes opening are not news).
    let notified = b.get("/api/v1/me/notifications", Some(&leo.token)).await;
    let votes: Vec<&Value> = notified["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "proposal_published" && n["title"] == "Une mutuelle commune")
        .collect();
    assert_eq!(votes.len(), 1, "{notified}");
    let (status, body) = ballot(&b, &leo, b_vote, "for").await;
    assert!(status.is_success(), "{body}");
    let (status, body) = ballot(&c, &zoe, c_vote, "against").await;
    assert!(status.is_success(), "{body}");
    let (status, body) = ballot(&c, &zoe, c_vote, "for").await;
    assert!(status.is_success(), "{body}");
    // ugo left montpellier, max never joined an antenna: their nodes refuse them.
    let (status, body) = ballot(&b, &ugo, b_vote, "against").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = ballot(&c, &max, c_vote, "against").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = ballot(&a, &nadia, vote_id, "against").await;
    assert_eq!(status, StatusCode::CREATED);

    let ballots_on_a = || async {
        a.count(
            &format!("SELECT COUNT(*) FROM ballots WHERE vote_id = {vote_id} AND $1 <> ''"),
            "x",
        )
        .await
    };
    eventually("leo's and zoe's ballots on A", 30, || async {
        (ballots_on_a().await == 3).then_some(())
    })
    .await;
    eventually("zoe's changed ballot on A", 30, || async {
        let n = a
            .count(
                &format!(
                    "SELECT COUNT(*) FROM ballots x JOIN actors v ON v.id = x.voter_id \
                     WHERE x.vote_id = {vote_id} AND v.ap_id = $1 AND x.choice LIKE '%\"for\"%'"
                ),
                &zoe.url,
            )
            .await;
        (n == 1).then_some(())
    })
    .await;
    let (status, closed) = a
        .api(
            Method::POST,
            &format!("/api/v1/votes/{vote_id}/close"),
            Some(&nadia.token),
            Some(json!({})),
        )
        .await;
    assert!(status.is_success(), "{closed}");
    let result = a
        .get(&format!("/api/v1/votes/{vote_id}/result"), None)
        .await;
    assert_eq!(result["ballots"], 3, "{result}");
    assert_eq!(result["electorate"], 5, "{result}");

    // The network's page lists its antennas; the antenna's page its network.
    let visitor = login(&a, "nadia").await;
    let (status, page) = visitor.get(&a, "/groups/reseau/networks").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Antennes membres"), "{page}");
    assert!(page.contains(&format!("@{montpellier}")), "{page}");
    assert!(page.contains(&format!("@{rennes}")), "{page}");
    let (_, page) = visitor.get(&a, "/groups/reseau").await;
    assert!(page.contains("Réseau de groupes"), "{page}");

    // montpellier leaves: the network forgets its members and stops following it.
    let (status, _) = b
        .api(
            Method::DELETE,
            &format!("/api/v1/groups/montpellier/networks/{network}"),
            Some(&bea.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    eventually("montpellier to leave the network", 30, || async {
        let list = a.get("/api/v1/groups/reseau/member-groups", None).await;
        let handles: Vec<&str> = list
            .as_array()?
            .iter()
            .filter_map(|g| g["group"]["handle"].as_str())
            .collect();
        (handles == [rennes.as_str()]).then_some(())
    })
    .await;
    eventually("the network to stop following montpellier", 30, || async {
        let n = a
            .count(
                "SELECT COUNT(*) FROM attested_members r JOIN actors g ON g.id = r.group_id \
                 WHERE g.ap_id = $1",
                &b.url("/groups/montpellier"),
            )
            .await;
        (n == 0).then_some(())
    })
    .await;
}

/// `user` on `node` follows the fake group `group`, which accepts.
async fn follow_fake(node: &Node, user: &User, group: &FakeActor, handle: &str) {
    node.post("/api/v1/follows", &user.token, json!({"handle": group.url}))
        .await;
    let accept = group.activity(
        "Accept",
        &format!("{}-{}", group.name, user.name),
        json!({"type": "Follow", "actor": user.url, "object": group.url}),
    );
    let status = group
        .signed()
        .post(&node.http, &node.url("/inbox"), &bytes(&accept))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    crate::harness::follow_reaches(node, user, handle, "accepted").await;
}

/// What a member group announced, relayed by a network: the member's `Announce`, whole.
fn relay_of(network: &FakeActor, n: &str, member: &str, post: Value) -> Value {
    let n = &format!("{}-{n}", network.name);
    let inner = json!({
        "id": format!("{member}/activities/announce/{n}"),
        "type": "Announce",
        "actor": member,
        "object": {"id": format!("{member}/activities/create/{n}"), "type": "Create",
                   "actor": post["attributedTo"], "object": post},
    });
    network.activity("Announce", n, inner)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_network_relays_its_antennas_to_its_followers_and_nothing_else() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let d = Node::start("D", 2).await;
    let nadia = a.admin("nadia").await;
    let network = a.network_group("reseau", "open", &nadia);
    let bea = b.admin("bea").await;
    let montpellier = b.group("montpellier", "open", &bea);
    let noa = d.user("noa").await;
    join(&d, &noa, &network).await;
    b.post(
        "/api/v1/groups/montpellier/networks",
        &bea.token,
        json!({ "handle": network }),
    )
    .await;
    network_state(&b, "montpellier", &network, "accepted").await;
    network_follows_back(&a, 1).await;

    // bea writes in her antenna; noa, who follows only the network, reads it on D, filed
    // under montpellier.
    let (status, post) = b
        .api(
            Method::POST,
            "/api/v1/groups/montpellier/posts",
            Some(&bea.token),
            Some(json!({"title": "Permanence", "content": "Permanence juridique jeudi à Montpellier"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{post}");
    let copy = post_arrives(&d, &montpellier, "Permanence juridique").await;
    assert_eq!(copy["url"], post["url"], "{copy}");
    // The network's own node keeps it too, and relayed it once.
    post_arrives(&a, &montpellier, "Permanence juridique").await;
    let relays = a
        .count(
            "SELECT COUNT(*) FROM activities x JOIN actors n ON n.id = x.actor_id \
             WHERE n.ap_id = $1 AND x.kind = 'Announce'",
            &a.url("/groups/reseau"),
        )
        .await;
    assert_eq!(relays, 1);

    // A fake network relays a post it made up in bea's name: D fetches it from B, which has
    // no such post, and keeps nothing. A group that is no network relays nothing at all.
    let peer = FakePeer::start().await;
    let fake_network = peer.actor("national", "Group");
    let mut document = fake_network.document();
    document["maillon:network"] = json!(true);
    peer.serve(&fake_network.path, &document);
    follow_fake(
        &d,
        &noa,
        &fake_network,
        &format!("national@{}", peer.domain),
    )
    .await;
    let plain_group = peer.actor("jardin", "Group");
    follow_fake(&d, &noa, &plain_group, &format!("jardin@{}", peer.domain)).await;
    let forged = json!({
        "id": b.url("/posts/forged-1"), "type": "Note",
        "attributedTo": bea.url, "content": "Faux message de bea",
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": [b.url("/groups/montpellier")], "audience": b.url("/groups/montpellier"),
    });
    let member = b.url("/groups/montpellier");
    for (relayer, n) in [(&fake_network, "1"), (&plain_group, "2")] {
        let relay = relay_of(relayer, n, &member, forged.clone());
        let status = relayer
            .signed()
            .post(&d.http, &d.url("/inbox"), &bytes(&relay))
            .await;
        assert!(status.is_success(), "{status}");
    }
    // The real post relayed the same way is kept (fetched from B), once.
    let mut real = forged.clone();
    real["id"] = post["url"].clone();
    let relay = relay_of(&fake_network, "3", &member, real);
    let status = fake_network
        .signed()
        .post(&d.http, &d.url("/inbox"), &bytes(&relay))
        .await;
    assert!(status.is_success(), "{status}");
    let posts = crate::harness::group_posts(&d, &montpellier).await;
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert!(
        !posts[0]["content"].as_str().unwrap().contains("Faux"),
        "{posts:?}"
    );
    let forged_kept = d
        .count(
            "SELECT COUNT(*) FROM posts WHERE content LIKE '%' || $1 || '%'",
            "Faux message",
        )
        .await;
    assert_eq!(forged_kept, 0);
}
