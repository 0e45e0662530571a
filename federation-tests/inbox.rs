//! The inbox against signed requests made by hand: valid, tampered, incomplete, unsigned,
//! malformed, duplicated, from a blocked domain, from a non-member. Each refusal changes nothing.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    harness::{group_posts, join, Node, User},
    signing::{Signed, Signer},
};

struct Setup {
    a: Node,
    b: Node,
    group: String,
    bob: User,
    signer: Signer,
}

async fn setup() -> Setup {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let alice = a.user("alice").await;
    let bob = b.user("bob").await;
    let group = a.group("rennes", "open", &alice);
    join(&b, &bob, &group).await;
    let pem = b
        .text(
            "SELECT private_key_pem FROM actors WHERE ap_id = $1",
            &bob.url,
        )
        .await;
    let signer = Signer::from_pem(&format!("{}#main-key", bob.url), &pem);
    Setup {
        a,
        b,
        group,
        bob,
        signer,
    }
}

/// A Create of a Note by bob (on B) in the group on A.
fn create_note(s: &Setup, n: &str, text: &str) -> Value {
    let group_url = s.a.url("/groups/rennes");
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": s.b.url(&format!("/activities/create/test-{n}")),
        "type": "Create",
        "actor": s.bob.url,
        "to": [group_url, "https://www.w3.org/ns/activitystreams#Public"],
        "object": {
            "id": s.b.url(&format!("/posts/test-{n}")),
            "type": "Note",
            "attributedTo": s.bob.url,
            "to": [group_url, "as:Public"],
            "audience": group_url,
            "content": text,
        }
    })
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_activities_are_accepted_once_and_forgeries_refused() {
    let s = setup().await;
    let inbox = s.a.url("/groups/rennes/inbox");
    let http = &s.a.http;

    // A body swapped after signing: 401, nothing stored.
    let mut swapped = Signed::new(&s.signer);
    swapped.swapped_body = Some(bytes(&create_note(&s, "1", "texte falsifié")));
    let status = swapped
        .post(http, &inbox, &bytes(&create_note(&s, "1", "texte signé")))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A signature that does not cover the digest: 401.
    let mut no_digest = Signed::new(&s.signer);
    no_digest.covered = vec!["(request-target)", "host", "date"];
    assert_eq!(
        no_digest
            .post(http, &inbox, &bytes(&create_note(&s, "2", "sans digest")))
            .await,
        StatusCode::UNAUTHORIZED
    );

    // Signed with another key than the actor's: 401.
    let stranger = Signer {
        key_id: s.signer.key_id.clone(),
        key: rsa::RsaPrivateKey::new(&mut rand_core::OsRng, 2048).unwrap(),
    };
    assert_eq!(
        Signed::new(&stranger)
            .post(http, &inbox, &bytes(&create_note(&s, "3", "autre clé")))
            .await,
        StatusCode::UNAUTHORIZED
    );

    // No signature at all: 401.
    let unsigned = http
        .post(&inbox)
        .header("content-type", "application/activity+json")
        .body(bytes(&create_note(&s, "4", "pas signé")))
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    assert!(
        group_posts(&s.a, "rennes").await.is_empty(),
        "no refused activity left a trace"
    );

    // The genuine activity: 202, stored; sent twice, still one post.
    let genuine = bytes(&create_note(&s, "5", "message authentique"));
    assert_eq!(
        Signed::new(&s.signer).post(http, &inbox, &genuine).await,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        Signed::new(&s.signer)
            .post(http, &s.a.url("/inbox"), &genuine)
            .await,
        StatusCode::ACCEPTED
    );
    let posts = group_posts(&s.a, "rennes").await;
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert!(posts[0]["content"]
        .as_str()
        .unwrap()
        .contains("message authentique"));
    assert_eq!(posts[0]["author"], s.bob.handle);
    let _ = &s.group;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_oversized_and_unknown_activities_get_clear_answers() {
    let s = setup().await;
    let inbox = s.a.url("/inbox");
    let http = &s.a.http;
    let signed = Signed::new(&s.signer);

    assert_eq!(
        signed.post(http, &inbox, b"{not json").await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        signed
            .post(
                http,
                &inbox,
                &bytes(&json!({"type": "Create", "actor": s.bob.url}))
            )
            .await,
        StatusCode::BAD_REQUEST,
        "no id"
    );
    let unknown = json!({"id": s.b.url("/activities/x/1"), "type": "EmojiReact", "actor": s.bob.url, "object": s.a.url("/groups/rennes")});
    assert_eq!(
        signed.post(http, &inbox, &bytes(&unknown)).await,
        StatusCode::ACCEPTED
    );

    let huge = create_note(&s, "big", &"x".repeat(400 * 1024));
    assert_eq!(
        signed.post(http, &inbox, &bytes(&huge)).await,
        StatusCode::PAYLOAD_TOO_LARGE
    );

    let wrong_type = http
        .post(&inbox)
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let error: Value = wrong_type.json().await.unwrap();
    assert_eq!(error["error"], "unsupported_media_type");
    assert!(group_posts(&s.a, "rennes").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocked_domains_and_non_members_are_refused() {
    let s = setup().await;
    let inbox = s.a.url("/inbox");
    let http = &s.a.http;

    // A non-member of B writes into the group: 403.
    let eve = s.b.user("eve").await;
    let pem =
        s.b.text(
            "SELECT private_key_pem FROM actors WHERE ap_id = $1",
            &eve.url,
        )
        .await;
    let eve_signer = Signer::from_pem(&format!("{}#main-key", eve.url), &pem);
    let mut note = create_note(&s, "eve", "je ne suis pas membre");
    note["actor"] = json!(eve.url);
    note["object"]["attributedTo"] = json!(eve.url);
    assert_eq!(
        Signed::new(&eve_signer)
            .post(http, &inbox, &bytes(&note))
            .await,
        StatusCode::FORBIDDEN
    );

    // The admin blocks B's domain: even bob is refused.
    let out = s.a.cli(
        &["admin", "domain", "block", &s.b.domain, "--reason", "test"],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status = Signed::new(&s.signer)
        .post(http, &inbox, &bytes(&create_note(&s, "b1", "bloqué")))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(group_posts(&s.a, "rennes").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storage_failure_answers_503_so_the_sender_retries() {
    let s = setup().await;
    let inbox = s.a.url("/inbox");
    let http = &s.a.http;
    let note = bytes(&create_note(&s, "503", "pendant la panne"));

    // Break the node's storage under it: the table that records received activities is gone.
    let db = s.a.db().await;
    let break_it = "ALTER TABLE received_activities RENAME TO received_activities_away";
    let mend_it = "ALTER TABLE received_activities_away RENAME TO received_activities";
    match &db {
        maillon::storage::Db::Sqlite(pool) => sqlx::query(break_it).execute(pool).await.map(|_| ()),
        maillon::storage::Db::Postgres(pool) => {
            sqlx::query(break_it).execute(pool).await.map(|_| ())
        }
    }
    .unwrap();
    assert_eq!(
        Signed::new(&s.signer).post(http, &inbox, &note).await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    match &db {
        maillon::storage::Db::Sqlite(pool) => sqlx::query(mend_it).execute(pool).await.map(|_| ()),
        maillon::storage::Db::Postgres(pool) => {
            sqlx::query(mend_it).execute(pool).await.map(|_| ())
        }
    }
    .unwrap();
    db.close().await;
    assert!(
        group_posts(&s.a, "rennes").await.is_empty(),
        "the failed attempt left nothing"
    );

    // The sender's retry goes through, once.
    assert_eq!(
        Signed::new(&s.signer).post(http, &inbox, &note).await,
        StatusCode::ACCEPTED
    );
    let posts = group_posts(&s.a, "rennes").await;
    assert_eq!(posts.len(), 1);
}
