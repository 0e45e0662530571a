//! A vote across the fediverse: the group's followers receive a Mastodon-shaped `Question`,
//! a member on another server votes with a poll answer (`Create(Note{name, inReplyTo})`),
//! signed by their server; the same rule refuses outsiders, unknown answers, forged authors
//! and late ballots; a repeated activity changes nothing; the close goes out as `Update`.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{eventually, Node},
    peer::{bytes, fake_joins, FakeActor, FakePeer},
};

pub(crate) fn poll_answer(voter: &FakeActor, n: &str, vote_url: &str, name: &str) -> Value {
    let note_id = format!("{}#votes/{n}", voter.url);
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/activity", note_id),
        "type": "Create",
        "actor": voter.url,
        "to": [],
        "object": {
            "id": note_id,
            "type": "Note",
            "name": name,
            "attributedTo": voter.url,
            "inReplyTo": vote_url,
            "to": [],
        }
    })
}

pub(crate) async fn send(node: &Node, voter: &FakeActor, activity: &Value) -> StatusCode {
    voter
        .signed()
        .post(&node.http, &node.url("/inbox"), &bytes(activity))
        .await
}

/// The activities of `kind` about `object_id` the peer received.
fn received_about(peer: &FakePeer, kind: &str, object_id: &str) -> Vec<Value> {
    peer.received("/inbox")
        .into_iter()
        .filter(|a| a["type"] == kind && a["object"]["id"] == object_id)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_on_another_server_votes_from_their_own_app() {
    let a = Node::start("A", 0).await;
    let ana = a.admin("ana").await;
    a.group("coop", "open", &ana);
    let group_url = a.url("/groups/coop");
    let peer = FakePeer::start().await;
    let mia = peer.actor("mia", "Person");
    let otto = peer.actor("otto", "Person");
    fake_joins(&a, &group_url, &mia).await;

    let (_, process) = a
        .api(
            Method::POST,
            "/api/v1/groups/coop/processes",
            Some(&ana.token),
            Some(json!({"title": "Local", "description": "Choisir un local.", "participation": "co_decision",
                        "decision_rule": "Majorité simple."})),
        )
        .await;
    let (_, proposal) = a
        .api(
            Method::POST,
            &format!("/api/v1/processes/{}/proposals", process["id"]),
            Some(&ana.token),
            Some(json!({"title": "Rue de Brest", "body": "Louer le local de la rue de Brest."})),
        )
        .await;
    let closes_at = (chrono::Utc::now() + chrono::Duration::hours(2)).to_rfc3339();
    let (status, vote) = a
        .api(
            Method::POST,
            &format!("/api/v1/proposals/{}/votes", proposal["id"]),
            Some(&ana.token),
            Some(json!({"method": "majority", "closes_at": closes_at})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{vote}");
    assert_eq!(vote["electorate"], 2, "ana and mia: {vote}");
    let vote_id = vote["id"].as_i64().unwrap();
    let vote_url = vote["url"].as_str().unwrap().to_owned();

    // The peer's server receives the poll, shaped as Mastodon reads one.
    let create = eventually("the Question to reach the peer", 30, || async {
        received_about(&peer, "Create", &vote_url)
            .into_iter()
            .next()
    })
    .await;
    let question = &create["object"];
    assert_eq!(create["actor"], group_url);
    assert_eq!(question["type"], "Question");
    assert_eq!(question["attributedTo"], group_url);
    let answers: Vec<&str> = question["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(answers, ["Pour", "Contre", "Abstention"]);
    assert!(question["endTime"]
        .as_str()
        .unwrap()
        .starts_with(&closes_at[..16]));
    assert_eq!(question["maillon:voteRules"]["method"], "majority");
    assert_eq!(question["maillon:participation"], "co_decision");
    assert!(question["content"].as_str().unwrap().contains("/vote/"));

    // Its id answers with the same document to peers, and sends browsers to the page.
    let fetched: Value = a
        .http
        .get(&vote_url)
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fetched["type"], "Question");
    assert_eq!(fetched["id"], vote_url);

    // mia votes "Contre", then changes to "Pour": one ballot, counted once.
    let first = poll_answer(&mia, "1", &vote_url, "Contre");
    assert_eq!(send(&a, &mia, &first).await, StatusCode::ACCEPTED);
    assert_eq!(
        send(&a, &mia, &first).await,
        StatusCode::ACCEPTED,
        "a repeated activity is harmless"
    );
    let changed = poll_answer(&mia, "2", &vote_url, "Pour");
    assert_eq!(send(&a, &mia, &changed).await, StatusCode::ACCEPTED);
    let count_ballots = || {
        a.count("SELECT COUNT(*) FROM ballots WHERE voter_id IN (SELECT id FROM actors WHERE ap_id = $1)", &mia.url)
    };
    assert_eq!(count_ballots().await, 1);
    assert_eq!(
        a.count("SELECT replaced FROM ballots WHERE voter_id IN (SELECT id FROM actors WHERE ap_id = $1)", &mia.url).await,
        1,
        "the repeated activity did not count as a new ballot"
    );

    // Refused by the same rule as local ballots, and nothing stored.
    assert_eq!(
        send(&a, &otto, &poll_answer(&otto, "1", &vote_url, "Pour")).await,
        StatusCode::FORBIDDEN,
        "not a member"
    );
    assert_eq!(
        send(&a, &mia, &poll_answer(&mia, "3", &vote_url, "Peut-être")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not an answer of the poll"
    );
    let mut forged = poll_answer(&mia, "4", &vote_url, "Contre");
    forged["object"]["attributedTo"] = json!(otto.url);
    assert_eq!(
        send(&a, &mia, &forged).await,
        StatusCode::FORBIDDEN,
        "a ballot in someone else's name"
    );
    assert_eq!(
        a.count(
            "SELECT COUNT(*) FROM ballots WHERE vote_id = CAST($1 AS BIGINT)",
            &vote_id.to_string()
        )
        .await,
        1
    );
    let live = a
        .get(&format!("/api/v1/votes/{vote_id}/result"), None)
        .await;
    assert_eq!(live["outcome"]["counts"]["for"], 1, "{live}");
    assert_eq!(live["outcome"]["counts"]["against"], 0, "{live}");

    // The close goes out as an Update with the final counts and the Maillon outcome.
    let (status, result) = a
        .api(
            Method::POST,
            &format!("/api/v1/votes/{vote_id}/close"),
            Some(&ana.token),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(result["verdict"], "adopted");
    let update = eventually("the closing Update to reach the peer", 30, || async {
        received_about(&peer, "Update", &vote_url)
            .into_iter()
            .next()
    })
    .await;
    let closed = &update["object"];
    assert!(closed["closed"].is_string(), "{closed}");
    assert_eq!(closed["oneOf"][0]["replies"]["totalItems"], 1);
    assert_eq!(closed["votersCount"], 1);
    assert_eq!(closed["maillon:outcome"]["verdict"]["kind"], "adopted");
    assert_eq!(
        send(&a, &mia, &poll_answer(&mia, "5", &vote_url, "Contre")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "after the close"
    );
}
