//! A group's governance through the web pages: the governance page shows the trombinoscope
//! (photo or initials, office, "mandat jusqu'au 30 juin 2027", mandates ending soon flagged)
//! and the SVG diagram, to visitors of the public group as well, and the body's page its links
//! in words; the moderator's forms work without JavaScript (the photo as a multipart form, its
//! CSRF token checked), refuse bad input beside what was typed, and are closed to others.

use reqwest::{header, Method, StatusCode};
use serde_json::json;

use crate::{
    governance_bodies::{counts, describe, in_days, png, put_photo},
    harness::{call, Node},
    web::{assert_accessible, browser_like},
    web_decisions::login,
    web_events::anonymous,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn governance_page_trombinoscope_diagram_and_forms() {
    let a = Node::start("A", 0).await;
    let mona = a.user("mona").await;
    a.user("bob").await;
    a.group("coop", "open", &mona);
    let (_, ca, _, _, _) = describe(&a, &mona).await;
    let soon = in_days(20);
    let (_, president) = call(
        &a,
        Method::POST,
        &format!("/api/v1/bodies/{ca}/members"),
        &mona,
        json!({"handle": "mona", "office": "Présidente", "mandate_end": "2027-06-30"}),
    )
    .await;
    call(
        &a,
        Method::POST,
        &format!("/api/v1/bodies/{ca}/members"),
        &mona,
        json!({"name": "Jeanne Extérieure", "office": "Administratrice <b>", "mandate_end": soon}),
    )
    .await;
    let president_id = president["id"].as_i64().unwrap();
    let (status, _) = put_photo(
        &a,
        &mona,
        &format!("/api/v1/bodies/{ca}/members/{president_id}/photo"),
        png(),
        "image/png",
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // A visitor of the public group finds and reads its governance.
    let (_, group) = anonymous(&a, "/groups/coop").await;
    assert!(
        group.contains("href=\"/groups/coop/governance\""),
        "{group}"
    );
    let (status, page) = anonymous(&a, "/groups/coop/governance").await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/groups/coop/governance", &page);
    assert!(page.contains("Gouvernance de Groupe coop"), "{page}");
    assert!(page.contains("mandat jusqu'au 30 juin 2027"), "{page}");
    assert!(page.contains("Présidente"));
    assert!(
        page.contains("Mandat bientôt échu"),
        "ending within 90 days is flagged"
    );
    let raw = a
        .http
        .get(a.url("/groups/coop/governance"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        raw.contains("Administratrice &lt;b&gt;") || raw.contains("Administratrice &#60;b&#62;"),
        "text is escaped"
    );
    assert!(page.contains("src=\"/media/photos/"), "the photo");
    assert!(page.contains(">JE</span>"), "initials for who has no photo");
    assert!(
        page.contains("<svg") && page.contains("role=\"img\""),
        "the diagram inline"
    );
    assert!(
        page.contains("Assemblée générale élit Conseil d'administration."),
        "relations in words"
    );
    assert!(page.contains(">rend compte à</text>"));
    assert!(!page.contains("<script"));
    assert!(
        !page.contains("Ajouter une instance"),
        "no tools for visitors"
    );
    let svg = browser_like()
        .get(a.url("/groups/coop/governance.svg"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(
        svg.headers()[header::CONTENT_TYPE],
        "image/svg+xml; charset=utf-8"
    );
    let svg = svg.text().await.unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("viewBox=") && svg.contains(">elects</text>"),
        "{svg}"
    );
    let (status, body_page) = anonymous(&a, &format!("/bodies/{ca}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/bodies/{id}", &body_page);
    assert!(
        body_page.contains("Conseil d'administration nomme Bureau."),
        "{body_page}"
    );
    assert!(body_page.contains("mandat jusqu'au 30 juin 2027"));

    // The moderator's forms; a member who is not a moderator gets none.
    let bob = login(&a, "bob").await;
    let (status, _) = bob.get(&a, &format!("/bodies/{ca}/edit")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = bob
        .post(
            &a,
            "/groups/coop/bodies",
            &[
                ("name", "X"),
                ("kind", "board"),
                ("role", "r"),
                ("decides_how", "d"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let web = login(&a, "mona").await;
    let (_, page) = web.get(&a, "/groups/coop/governance").await;
    assert!(page.contains("Ajouter une instance"));
    let (status, form) = web.get(&a, "/groups/coop/bodies/new").await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/groups/coop/bodies/new", &form);
    let before = counts(&a).await;
    let (status, refused) = web
        .post(
            &a,
            "/groups/coop/bodies",
            &[
                ("name", "Conseil des sages"),
                ("kind", "other"),
                ("role", " "),
                ("decides_how", "d"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.contains("Décrivez le rôle") && refused.contains("value=\"Conseil des sages\""),
        "{refused}"
    );
    assert_eq!(counts(&a).await, before);
    let (_, to) = web
        .post(
            &a,
            "/groups/coop/bodies",
            &[
                ("name", "Conseil des sages"),
                ("kind", "other"),
                ("role", "Avis."),
                ("decides_how", "Consensus."),
            ],
        )
        .await;
    assert!(to.starts_with("/groups/coop/governance"), "{to}");
    let (status, edit) = web.get(&a, &format!("/bodies/{ca}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible("/bodies/{id}/edit", &edit);
    let (status, refused) = web
        .post(
            &a,
            &format!("/bodies/{ca}/members"),
            &[
                ("name", "Paul"),
                ("mandate_start", "2027-01-01"),
                ("mandate_end", "2026-01-01"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.contains("ne peut pas finir avant de commencer"),
        "{refused}"
    );
    let (status, to) = web
        .post(
            &a,
            &format!("/bodies/{ca}/members"),
            &[
                ("name", "Paul Trésor"),
                ("office", "Trésorier"),
                ("mandate_end", "2028-03-31"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
    let paul = a
        .count("SELECT id FROM body_members WHERE name = $1", "Paul Trésor")
        .await;
    let member_page = format!("/bodies/{ca}/members/{paul}/edit");
    let (status, page) = web.get(&a, &member_page).await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible(&member_page, &page);
    assert!(page.contains("enctype=\"multipart/form-data\""));
    let photo_form = format!("/bodies/{ca}/members/{paul}/photo");
    let (status, refused) = web.upload(&a, &photo_form, b"GIF89a not accepted").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("PNG, JPEG ou WebP"), "{refused}");
    // A JPEG's structure, with the position a phone records in its EXIF segment.
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
    jpeg.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    jpeg.extend_from_slice(&[0xFF, 0xE1, 0, 24]);
    jpeg.extend_from_slice(b"Exif\0\0GPS 48.11N 1.67W");
    jpeg.extend_from_slice(&[
        0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, 0x12, 0x34, 0xFF, 0xD9,
    ]);
    let (status, to) = web.upload(&a, &photo_form, &jpeg).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
    let kept: Vec<u8> = a
        .scalar(
            "SELECT p.data FROM photos p JOIN body_members m ON m.photo_id = p.id WHERE m.name = $1",
            "Paul Trésor",
        )
        .await;
    assert!(kept.starts_with(&[0xFF, 0xD8]) && kept.ends_with(&[0xFF, 0xD9]));
    assert!(
        !String::from_utf8_lossy(&kept).contains("GPS"),
        "the position is not kept"
    );
    assert_eq!(a.text("SELECT p.content_type FROM photos p JOIN body_members m ON m.photo_id = p.id WHERE m.name = $1", "Paul Trésor").await, "image/jpeg");
    let forged = web.with_csrf(&"0".repeat(64));
    let (status, _) = forged.upload(&a, &photo_form, &png()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the form's token must match");
    let (_, page) = anonymous(&a, &format!("/bodies/{ca}")).await;
    assert!(
        page.contains("mandat jusqu'au 31 mars 2028") && page.contains("Trésorier"),
        "{page}"
    );
}
