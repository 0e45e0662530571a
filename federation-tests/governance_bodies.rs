//! A group's governance bodies on one node, through the real API: a moderator describes the
//! bodies, how they relate and who sits on them until when, with photos recognised by their
//! bytes and held to 2 MB; a member who is not a moderator is refused, bad input is refused and
//! changes nothing; an admin of the node may manage too. The pages are in
//! `web_governance_bodies`. The node is on PostgreSQL when `MAILLON_TEST_DATABASE_URL` is set,
//! SQLite otherwise.

use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{call, Node, User};

/// A PNG chunk with its CRC.
fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc: u32 = 0xFFFF_FFFF;
    for byte in kind.iter().chain(data) {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    chunk.extend_from_slice(&(!crc).to_be_bytes());
    chunk
}

/// A real 1×1 grey PNG; `with_author` adds a text chunk naming who took it, as cameras and
/// editors write.
fn png_image(with_author: bool) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(png_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
    if with_author {
        bytes.extend(png_chunk(b"tEXt", b"Author\0Mona Lisa, rue du Port"));
    }
    // zlib: one stored block holding the row (filter byte 0, pixel 0), then its Adler-32.
    let idat = [
        0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF, 0, 0, 0x00, 0x02, 0x00, 0x01,
    ];
    bytes.extend(png_chunk(b"IDAT", &idat));
    bytes.extend(png_chunk(b"IEND", &[]));
    bytes
}

/// The photo as a phone would send it, with its author's name inside.
pub(crate) fn png() -> Vec<u8> {
    png_image(true)
}

/// The same photo as the node keeps it: the picture without what was said about it.
pub(crate) fn png_without_metadata() -> Vec<u8> {
    png_image(false)
}

pub(crate) async fn body(a: &Node, user: &User, name: &str, kind: &str) -> String {
    let (status, made) = call(
        a,
        Method::POST,
        "/api/v1/groups/coop/bodies",
        user,
        json!({"name": name, "kind": kind, "role": format!("Ce que fait **{name}**."),
               "decides_how": "Par consensus, sinon à la majorité."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    made["id"].as_str().unwrap().to_string()
}

pub(crate) async fn put_photo(
    a: &Node,
    user: &User,
    path: &str,
    bytes: Vec<u8>,
    declared: &str,
) -> (StatusCode, Value) {
    let response = a
        .http
        .put(a.url(path))
        .bearer_auth(&user.token)
        .header(header::CONTENT_TYPE, declared)
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

pub(crate) async fn counts(a: &Node) -> (i64, i64, i64, i64) {
    (
        a.count("SELECT COUNT(*) FROM bodies WHERE $1 = $1", "x")
            .await,
        a.count("SELECT COUNT(*) FROM body_relations WHERE $1 = $1", "x")
            .await,
        a.count("SELECT COUNT(*) FROM body_members WHERE $1 = $1", "x")
            .await,
        a.count("SELECT COUNT(*) FROM photos WHERE $1 = $1", "x")
            .await,
    )
}

pub(crate) fn in_days(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// The bodies of group `coop`, as the tests below set them up: an assembly that elects a
/// board, which appoints a bureau; a local committee reporting to the board; an ethics
/// committee linked to nobody. Returns (assembly, board, bureau, committee, ethics).
pub(crate) async fn describe(a: &Node, mona: &User) -> (String, String, String, String, String) {
    let ag = body(a, mona, "Assemblée générale", "general_assembly").await;
    let ca = body(a, mona, "Conseil d'administration", "board").await;
    let bureau = body(a, mona, "Bureau", "bureau").await;
    let local = body(a, mona, "Comité local de Rennes", "local_committee").await;
    let ethics = body(a, mona, "Comité d'éthique", "other").await;
    for (from, kind, to) in [
        (&ag, "elects", &ca),
        (&ca, "appoints", &bureau),
        (&local, "reports_to", &ca),
    ] {
        let (status, answer) = call(
            a,
            Method::PUT,
            &format!("/api/v1/bodies/{from}/relations"),
            mona,
            json!({"relations": [{"kind": kind, "to": to}, {"kind": kind, "to": to}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(
            answer["relations"].as_array().unwrap().len(),
            1,
            "repeats are harmless"
        );
    }
    (ag, ca, bureau, local, ethics)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn governance_bodies_through_the_api() {
    let a = Node::start("A", 0).await;
    let mona = a.user("mona").await;
    let bob = a.user("bob").await;
    let adele = a.admin("adele").await;
    a.group("coop", "open", &mona);
    a.group("autre", "open", &bob);
    let (ag, ca, bureau, _local, ethics) = describe(&a, &mona).await;

    // A member who is not a moderator changes nothing.
    let before = counts(&a).await;
    let (status, answer) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/bodies",
        &bob,
        json!({"name": "Putsch", "kind": "board", "role": "x", "decides_how": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert_eq!(answer["error"], "not_a_moderator");
    for (method, path, body) in [
        (
            Method::PUT,
            format!("/api/v1/bodies/{ca}"),
            json!({"name": "X", "kind": "board", "role": "x", "decides_how": "x"}),
        ),
        (Method::DELETE, format!("/api/v1/bodies/{ca}"), json!({})),
        (
            Method::PUT,
            format!("/api/v1/bodies/{ca}/relations"),
            json!({"relations": []}),
        ),
        (
            Method::POST,
            format!("/api/v1/bodies/{ca}/members"),
            json!({"name": "Bob"}),
        ),
    ] {
        let (status, answer) = call(&a, method, &path, &bob, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {answer}");
    }
    let (status, _) = put_photo(
        &a,
        &bob,
        &format!("/api/v1/bodies/{ca}/members/1/photo"),
        png(),
        "image/png",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(counts(&a).await, before);

    // Bad input is refused and changes nothing.
    let long = "x".repeat(121);
    for (body, status, code) in [
        (
            json!({"name": " ", "kind": "board", "role": "r", "decides_how": "d"}),
            422,
            "invalid_name",
        ),
        (
            json!({"name": long, "kind": "board", "role": "r", "decides_how": "d"}),
            422,
            "invalid_name",
        ),
        (
            json!({"name": "N", "kind": "senate", "role": "r", "decides_how": "d"}),
            400,
            "invalid_field",
        ),
        (
            json!({"name": "N", "kind": "board", "role": "  ", "decides_how": "d"}),
            422,
            "invalid_body_text",
        ),
        (
            json!({"name": "N", "kind": "board", "role": "r"}),
            400,
            "invalid_body",
        ),
    ] {
        let (got, answer) = call(&a, Method::POST, "/api/v1/groups/coop/bodies", &mona, body).await;
        assert_eq!(got.as_u16(), status, "{answer}");
        assert_eq!(answer["error"], code, "{answer}");
    }
    let (_, other) = call(
        &a,
        Method::POST,
        "/api/v1/groups/autre/bodies",
        &bob,
        json!({"name": "CA d'ailleurs", "kind": "board", "role": "r", "decides_how": "d"}),
    )
    .await;
    let before = counts(&a).await;
    for (relations, status) in [
        (json!([{"kind": "elects", "to": ca}]), 422),
        (json!([{"kind": "elects", "to": other["id"]}]), 422),
        (
            json!([{"kind": "elects", "to": "00000000-0000-0000-0000-000000000000"}]),
            422,
        ),
        (json!([{"kind": "rules", "to": bureau}]), 400),
        (
            json!([{"kind": "appoints", "to": bureau}, {"kind": "appoints", "to": ca}]),
            422,
        ),
    ] {
        let (got, answer) = call(
            &a,
            Method::PUT,
            &format!("/api/v1/bodies/{ca}/relations"),
            &mona,
            json!({"relations": relations}),
        )
        .await;
        assert_eq!(got.as_u16(), status, "{answer}");
    }
    assert_eq!(counts(&a).await, before, "refused relations change nothing");

    // Members with mandates: one of this node by handle, one by name only.
    let (status, president) = call(&a, Method::POST, &format!("/api/v1/bodies/{ca}/members"), &mona,
        json!({"handle": "mona", "office": "Présidente", "mandate_start": "2024-07-01", "mandate_end": "2027-06-30"})).await;
    assert_eq!(status, StatusCode::CREATED, "{president}");
    assert_eq!(president["name"], "mona");
    assert_eq!(president["handle"], format!("mona@{}", a.domain));
    assert!(president["profile_url"]
        .as_str()
        .unwrap()
        .ends_with("/users/mona"));
    assert_eq!(president["mandate_end"], "2027-06-30");
    let soon = in_days(30);
    let (status, outside) = call(
        &a,
        Method::POST,
        &format!("/api/v1/bodies/{ca}/members"),
        &mona,
        json!({"name": "Jeanne Extérieure", "office": "Administratrice", "mandate_end": soon}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{outside}");
    assert_eq!(outside["mandate_ends_soon"], true);
    assert_eq!(outside["handle"], Value::Null);
    assert_eq!(outside["profile_url"], Value::Null);
    let before = counts(&a).await;
    for (member, code) in [
        (
            json!({"name": "A", "mandate_start": "2027-01-01", "mandate_end": "2026-01-01"}),
            "invalid_mandate",
        ),
        (
            json!({"name": "A", "mandate_end": "30/06/2027"}),
            "invalid_mandate_date",
        ),
        (json!({"office": "Trésorier"}), "invalid_member"),
        (json!({"handle": "nobody"}), "unknown_member"),
        (
            json!({"handle": "zoe@elsewhere.example"}),
            "not_a_local_member",
        ),
    ] {
        let (got, answer) = call(
            &a,
            Method::POST,
            &format!("/api/v1/bodies/{ca}/members"),
            &mona,
            member,
        )
        .await;
        assert_eq!(got, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(answer["error"], code, "{answer}");
    }
    assert_eq!(counts(&a).await, before, "refused members change nothing");
    let president_id = president["id"].as_i64().unwrap();
    let (status, changed) = call(&a, Method::PUT, &format!("/api/v1/bodies/{ca}/members/{president_id}"), &mona,
        json!({"handle": "mona", "name": "Mona Lisa", "office": "Co-présidente", "mandate_start": "2024-07-01", "mandate_end": "2027-06-30"})).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["name"], "Mona Lisa");

    // Photos: judged by their bytes, not by what the sender declares; 2 MB at most.
    let photo_path = format!("/api/v1/bodies/{ca}/members/{president_id}/photo");
    let (status, seat) = put_photo(&a, &mona, &photo_path, png(), "image/jpeg").await;
    assert_eq!(status, StatusCode::OK, "{seat}");
    let photo_url = seat["photo_url"].as_str().unwrap().to_string();
    let photo = a.http.get(&photo_url).send().await.unwrap();
    assert_eq!(photo.status(), StatusCode::OK);
    assert_eq!(photo.headers()[header::CONTENT_TYPE], "image/png");
    assert_eq!(photo.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(photo.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("max-age=31536000"));
    let csp = photo.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("script-src 'none'") && csp.contains("sandbox"),
        "{csp}"
    );
    // Stored and served without its metadata (the author's name and address are gone).
    assert_eq!(
        photo.bytes().await.unwrap().to_vec(),
        png_without_metadata()
    );
    let before = counts(&a).await;
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
    let (status, answer) = put_photo(&a, &mona, &photo_path, svg, "image/png").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"], "not_an_image");
    let mut huge = png();
    huge.resize(2 * 1024 * 1024 + 1, 0);
    let (status, answer) = put_photo(&a, &mona, &photo_path, huge, "image/png").await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    assert_eq!(answer["error"], "photo_too_large");
    assert!(answer["message"].as_str().unwrap().contains("2 MB"));
    let mut largest = png();
    largest.resize(2 * 1024 * 1024, 0);
    let (status, replaced) =
        put_photo(&a, &mona, &photo_path, largest, "application/octet-stream").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "exactly 2 MB is accepted: {replaced}"
    );
    assert_ne!(
        replaced["photo_url"],
        photo_url.as_str(),
        "a new photo, a new address"
    );
    assert_eq!(
        counts(&a).await,
        before,
        "the old photo is gone with the refused ones"
    );
    assert_eq!(
        a.http.get(&photo_url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    // Anyone reads, in order; moderators reorder; an admin of the node manages too.
    let list = a.get("/api/v1/groups/coop/bodies", None).await;
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Assemblée générale",
            "Conseil d'administration",
            "Bureau",
            "Comité local de Rennes",
            "Comité d'éthique"
        ]
    );
    let board = a.get(&format!("/api/v1/bodies/{ca}"), None).await;
    assert_eq!(board["kind"], "board");
    assert!(
        board["role"].as_str().unwrap().contains("<strong>"),
        "{board}"
    );
    assert_eq!(board["relations"][0]["kind"], "appoints");
    assert_eq!(board["relations"][0]["to"], bureau.as_str());
    assert_eq!(board["members"][0]["office"], "Co-présidente");
    assert!(board["members"][0]["photo_url"]
        .as_str()
        .unwrap()
        .contains("/media/photos/"));
    assert_eq!(board["members"][1]["mandate_ends_soon"], true);
    let (status, moved) = call(&a, Method::PUT, &format!("/api/v1/bodies/{ethics}"), &mona,
        json!({"name": "Comité d'éthique", "kind": "other", "role": "Veille.", "decides_how": "Avis.", "position": 0})).await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    let list = a.get("/api/v1/groups/coop/bodies", None).await;
    assert_eq!(list[0]["id"], ethics.as_str());
    assert_eq!(list[1]["id"], ag.as_str());
    let (status, made) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/bodies",
        &adele,
        json!({"name": "CSE", "kind": "works_council", "role": "r", "decides_how": "d"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "an admin of the node: {made}");
    let (status, _) = call(
        &a,
        Method::DELETE,
        &format!("/api/v1/bodies/{}", made["id"].as_str().unwrap()),
        &adele,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // Removing a member takes their photo; deleting a body takes its seats and links.
    let (status, _) = call(
        &a,
        Method::DELETE,
        &format!("/api/v1/bodies/{ca}/members/{president_id}"),
        &mona,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        a.count("SELECT COUNT(*) FROM photos WHERE $1 = $1", "x")
            .await,
        0
    );
    let (status, _) = call(
        &a,
        Method::DELETE,
        &format!("/api/v1/bodies/{ca}"),
        &mona,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = a
        .api(Method::GET, &format!("/api/v1/bodies/{ca}"), None, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        a.count("SELECT COUNT(*) FROM body_relations WHERE $1 = $1", "x")
            .await,
        0
    );

    let openapi = a.get("/api/v1/openapi.json", None).await;
    for path in [
        "/api/v1/groups/{group}/bodies",
        "/api/v1/bodies/{id}/relations",
        "/api/v1/bodies/{id}/members/{member_id}/photo",
    ] {
        assert!(openapi["paths"][path].is_object(), "{path} documented");
    }
}
