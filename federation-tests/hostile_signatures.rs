//! Signatures that do not prove who sent a request: refused with 401, before any key is
//! fetched when the header alone shows it, and nothing stored. A key the actor rotated is
//! fetched again once, then accepted. (Missing signature, wrong key, body swapped after
//! signing and digest not signed are in `inbox.rs`.)

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    harness::group_posts,
    peer::{bytes, counts, new_key, signer_of, Community, FakePeer},
    signing::{Signed, Signer},
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incomplete_stale_or_misdirected_signatures_are_refused_before_any_fetch() {
    let c = Community::start().await;
    let peer = FakePeer::start().await;
    let mallory = peer.actor("mallory", "Person");
    c.fake_joins(&mallory).await;
    let actor_fetches = peer.hits("GET", &mallory.path);
    let before = counts(&c.a).await;

    let http_date = |t: SystemTime| httpdate::fmt_http_date(t);
    let two_hours = Duration::from_secs(7200);
    type Breaker = Box<dyn Fn(&mut Signed)>;
    let cases: Vec<(&str, Breaker)> = vec![
        (
            "(request-target) not signed",
            Box::new(|s: &mut Signed| s.covered = vec!["host", "date", "digest"]),
        ),
        (
            "host not signed",
            Box::new(|s: &mut Signed| s.covered = vec!["(request-target)", "date", "digest"]),
        ),
        (
            "Date two hours old",
            Box::new(move |s: &mut Signed| s.date = Some(http_date(SystemTime::now() - two_hours))),
        ),
        (
            "Date two hours ahead",
            Box::new(move |s: &mut Signed| s.date = Some(http_date(SystemTime::now() + two_hours))),
        ),
        (
            "Date unparsable",
            Box::new(|s: &mut Signed| s.date = Some("hier vers midi".into())),
        ),
        (
            "Host of another server",
            Box::new(|s: &mut Signed| s.host = Some("rennes.example.coop".into())),
        ),
    ];
    for (n, (case, breaker)) in cases.iter().enumerate() {
        let mut signed = mallory.signed();
        breaker(&mut signed);
        let note = mallory.activity(
            "Create",
            &format!("sig-{n}"),
            json!({
                "id": peer.url(&format!("/notes/sig-{n}")),
                "type": "Note",
                "attributedTo": mallory.url,
                "audience": c.group_url,
                "content": format!("signature cassée : {case}"),
            }),
        );
        let status = signed
            .post(&c.a.http, &c.group_inbox(), &bytes(&note))
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{case}");
    }

    // A keyId on another server than the actor, though the key is the actor's own.
    let elsewhere = Signer {
        key_id: "http://localhost:9/users/mallory#main-key".into(),
        key: mallory.signer.key.clone(),
    };
    let note = mallory.activity(
        "Create",
        "sig-keyid",
        json!({
            "id": peer.url("/notes/sig-keyid"), "type": "Note", "attributedTo": mallory.url,
            "audience": c.group_url, "content": "clé d'ailleurs",
        }),
    );
    let status = Signed::new(&elsewhere)
        .post(&c.a.http, &c.group_inbox(), &bytes(&note))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "keyId on another host");

    assert_eq!(
        peer.hits("GET", &mallory.path),
        actor_fetches,
        "refused on the headers alone: the actor's key was never fetched again"
    );
    assert_eq!(counts(&c.a).await, before, "nothing stored");
    assert!(group_posts(&c.a, "rennes").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_of_another_actor_does_not_sign_for_this_one() {
    let c = Community::start().await;
    let carol = c.b.user("carol").await;
    let carol_signer = signer_of(&c.b, &carol).await;
    let before = counts(&c.a).await;

    // carol signs with her own key and names it, for an activity of bob's: the signature is
    // checked against bob's key, so it fails (bob's key is even fetched again once, in case
    // it had rotated, and still fails).
    let status = Signed::new(&carol_signer)
        .post(
            &c.a.http,
            &c.group_inbox(),
            &bytes(&c.bob_note("carol-for-bob", "carol parle pour bob")),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // bob's keyId with carol's key: the same.
    let mixed = Signer {
        key_id: c.bob_signer.key_id.clone(),
        key: carol_signer.key.clone(),
    };
    let status = Signed::new(&mixed)
        .post(
            &c.a.http,
            &c.group_inbox(),
            &bytes(&c.bob_note("mixed", "clé de carol, nom de bob")),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(counts(&c.a).await, before);

    // A document whose key belongs to someone else is not an actor we accept.
    let peer = FakePeer::start().await;
    let eve = peer.actor("eve", "Person");
    let mut document = eve.document();
    document["publicKey"]["owner"] = json!(peer.url("/users/someone-else"));
    peer.serve(&eve.path, &document);
    let follow = eve.activity("Follow", "1", json!(c.group_url));
    let status = eve
        .signed()
        .post(&c.a.http, &c.group_inbox(), &bytes(&follow))
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "key owner is not the actor"
    );
    assert_eq!(counts(&c.a).await, before, "eve was not stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_key_is_fetched_again_once_then_accepted() {
    let c = Community::start().await;
    let peer = FakePeer::start().await;
    let mut mallory = peer.actor("mallory", "Person");
    c.fake_joins(&mallory).await;
    assert_eq!(
        peer.hits("GET", &mallory.path),
        1,
        "fetched once, then cached"
    );

    let note = |n: &str, mallory: &crate::peer::FakeActor| {
        mallory.activity(
            "Create",
            n,
            json!({
                "id": peer.url(&format!("/notes/{n}")), "type": "Note",
                "attributedTo": mallory.url, "audience": c.group_url,
                "content": format!("message {n}"),
            }),
        )
    };
    let send = |activity: serde_json::Value, signer: &Signer| {
        let http = c.a.http.clone();
        let inbox = c.group_inbox();
        let signer = Signer {
            key_id: signer.key_id.clone(),
            key: signer.key.clone(),
        };
        async move {
            Signed::new(&signer)
                .post(&http, &inbox, &bytes(&activity))
                .await
        }
    };

    assert_eq!(
        send(note("first", &mallory), &mallory.signer).await,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        peer.hits("GET", &mallory.path),
        1,
        "the cached key verified"
    );

    // mallory's server rotates her key.
    mallory.signer.key = new_key();
    peer.serve(&mallory.path, &mallory.document());
    assert_eq!(
        send(note("rotated", &mallory), &mallory.signer).await,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        peer.hits("GET", &mallory.path),
        2,
        "the stale key made Maillon fetch the actor again, once"
    );

    // A forger's key: one more fetch (it might have been a rotation), then 401.
    let before = counts(&c.a).await;
    let forger = Signer {
        key_id: mallory.signer.key_id.clone(),
        key: new_key(),
    };
    assert_eq!(
        send(note("forged", &mallory), &forger).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        peer.hits("GET", &mallory.path),
        3,
        "fetched again once, not more"
    );
    assert_eq!(counts(&c.a).await, before, "the forgery stored nothing");

    // The new key stays in use without more fetches.
    assert_eq!(
        send(note("again", &mallory), &mallory.signer).await,
        StatusCode::ACCEPTED
    );
    assert_eq!(peer.hits("GET", &mallory.path), 3);
    let contents: Vec<String> = group_posts(&c.a, "rennes")
        .await
        .iter()
        .map(|p| p["content"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(contents.len(), 3, "{contents:?}");
    assert!(!contents.iter().any(|t| t.contains("forged")));
}
