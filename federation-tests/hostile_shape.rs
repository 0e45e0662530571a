//! Size and shape: bodies over the cap are answered 413 before anything is parsed; deep
//! nesting, huge address lists, overlong ids and fields get a clear answer, and what is kept
//! is cut to size. The node keeps serving throughout.

use futures::stream;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    harness::group_posts,
    peer::{bytes, counts, Community, FakePeer},
    signing::Signed,
};

/// An id segment of `n` random characters (random, so PostgreSQL cannot compress it).
fn random_segment(n: usize) -> String {
    let mut out = String::new();
    while out.len() < n {
        out.push_str(&uuid::Uuid::new_v4().simple().to_string());
    }
    out.truncate(n);
    out
}

async fn healthy(c: &Community) {
    let health = c.a.http.get(c.a.url("/healthz")).send().await.unwrap();
    assert!(health.status().is_success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_over_the_cap_get_413_before_anything_is_parsed() {
    let c = Community::start().await;
    let before = counts(&c.a).await;
    let garbage = vec![b'{'; 400 * 1024];

    // Unsigned and not even JSON: the size is checked first, so the answer is 413, not 401.
    let declared =
        c.a.http
            .post(c.group_inbox())
            .header("content-type", "application/activity+json")
            .body(garbage.clone())
            .send()
            .await
            .expect("a 413, not a reset connection");
    assert_eq!(declared.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        declared.headers()["connection"],
        "close",
        "the sender is told not to reuse a connection with unread bytes on it"
    );

    // The same without Content-Length (chunked): counted while reading.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        garbage.chunks(16 * 1024).map(|c| Ok(c.to_vec())).collect();
    let chunked =
        c.a.http
            .post(c.a.url("/inbox"))
            .header("content-type", "application/activity+json")
            .body(reqwest::Body::wrap_stream(stream::iter(chunks)))
            .send()
            .await
            .expect("a 413, not a reset connection");
    assert_eq!(chunked.status(), StatusCode::PAYLOAD_TOO_LARGE);

    healthy(&c).await;
    assert_eq!(counts(&c.a).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_nesting_huge_address_lists_and_overlong_ids_are_refused() {
    let c = Community::start().await;
    let before = counts(&c.a).await;

    // 100 000 nested arrays, then 40 000 nested objects, inside a signed activity.
    for (open, close, depth) in [("[", "]", 100_000), ("{\"a\":", "}", 40_000)] {
        let body = format!(
            r#"{{"id":"{}","type":"Create","actor":"{}","object":{}1{}}}"#,
            c.b.url("/activities/create/deep"),
            c.bob.url,
            open.repeat(depth),
            close.repeat(depth)
        );
        let status = Signed::new(&c.bob_signer)
            .post(&c.a.http, &c.group_inbox(), body.as_bytes())
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "nested {open}");
    }
    healthy(&c).await;

    // 5 000 addresses, each one a local URL the node would look up.
    let mut crowded = c.bob_note("crowded", "tout le monde");
    let many: Vec<Value> = (0..5000)
        .map(|n| json!(c.a.url(&format!("/groups/g{n}"))))
        .collect();
    crowded["object"]["cc"] = json!(many);
    assert_eq!(c.bob_sends(&crowded).await, StatusCode::BAD_REQUEST);

    // Ids too long to index (a 503 for ever on PostgreSQL before they were refused).
    let long = random_segment(3000);
    let mut long_activity = c.bob_note("long-activity", "id trop long");
    long_activity["id"] = json!(c.b.url(&format!("/activities/{long}")));
    assert_eq!(c.bob_sends(&long_activity).await, StatusCode::BAD_REQUEST);
    let mut long_post = c.bob_note("long-post", "id trop long");
    long_post["object"]["id"] = json!(c.b.url(&format!("/posts/{long}")));
    assert_eq!(c.bob_sends(&long_post).await, StatusCode::BAD_REQUEST);

    // A post too long to keep.
    let too_long = c.bob_note("too-long", &"x".repeat(150_000));
    assert_eq!(c.bob_sends(&too_long).await, StatusCode::PAYLOAD_TOO_LARGE);

    assert_eq!(counts(&c.a).await, before, "nothing stored");

    // A few addresses are fine, and an endless title is cut.
    let mut fine = c.bob_note("fine", "un message normal");
    fine["object"]["cc"] = json!(many[..50]);
    fine["object"]["name"] = json!("T".repeat(10_000));
    assert_eq!(c.bob_sends(&fine).await, StatusCode::ACCEPTED);
    let posts = group_posts(&c.a, "rennes").await;
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0]["title"].as_str().unwrap().chars().count(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_actor_fields_are_cut_and_odd_usernames_refused() {
    let c = Community::start().await;
    let peer = FakePeer::start().await;

    let verbose = peer.actor("verbose", "Person");
    let mut document = verbose.document();
    document["name"] = json!("N".repeat(5000));
    document["summary"] = json!(format!("<p>{}</p>", "s".repeat(200_000)));
    peer.serve(&verbose.path, &document);
    c.fake_joins(&verbose).await;
    let name_length =
        c.a.count(
            "SELECT CAST(LENGTH(display_name) AS BIGINT) FROM actors WHERE ap_id = $1",
            &verbose.url,
        )
        .await;
    assert_eq!(name_length, 100);
    let summary_length =
        c.a.count(
            "SELECT CAST(LENGTH(summary) AS BIGINT) FROM actors WHERE ap_id = $1",
            &verbose.url,
        )
        .await;
    assert!(summary_length <= 10_010, "{summary_length}");

    let before = counts(&c.a).await;
    for (n, username) in [
        "u".repeat(200),
        "alice@rennes.example.coop".to_string(),
        "\u{0430}lice".to_string(),
        "alice\u{202E}".to_string(),
    ]
    .iter()
    .enumerate()
    {
        let odd = peer.actor(&format!("odd{n}"), "Person");
        let mut document = odd.document();
        document["preferredUsername"] = json!(username);
        peer.serve(&odd.path, &document);
        let follow = odd.activity("Follow", "1", json!(c.group_url));
        let status = odd
            .signed()
            .post(&c.a.http, &c.group_inbox(), &bytes(&follow))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{username:?}");
    }
    assert_eq!(counts(&c.a).await, before, "no odd actor stored");
}

/// A sender that trickles its body, one byte a second (slowloris), gets 408 when the
/// request's 30 s are up, and the node serves everyone else meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_sent_byte_by_byte_gets_408_and_others_are_served() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let a = crate::harness::Node::start("A", 0).await;
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", a.port))
        .await
        .unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Content-Length: 4000\r\n\r\n{{",
        a.domain
    );
    writer.write_all(head.as_bytes()).await.unwrap();
    let trickle = tokio::spawn(async move {
        for _ in 0..90 {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            if writer.write_all(b" ").await.is_err() {
                break;
            }
        }
    });
    // Others are served while the slow request hangs on.
    for _ in 0..3 {
        let health = a.http.get(a.url("/healthz")).send().await.unwrap();
        assert_eq!(health.status(), StatusCode::OK);
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
    let mut answer = vec![0; 2048];
    let read = tokio::time::timeout(std::time::Duration::from_secs(90), reader.read(&mut answer))
        .await
        .expect("the node answers the slow sender")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    trickle.abort();
    let health = a.http.get(a.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}
