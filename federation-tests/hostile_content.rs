//! Content: whatever HTML a peer or a member sends, what is stored and shown has no script,
//! no event handler, no `javascript:` link, no svg or MathML; names and titles lose their
//! bidirectional overrides. (The allow-list itself is unit-tested in `src/domain/content.rs`.)

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    harness::group_posts,
    peer::{Community, FakePeer},
};

const HOSTILE_HTML: &str = concat!(
    "<p>bonjour</p>",
    "<script>alert('s')</script>",
    "<img src=x onerror=alert('i')>",
    "<a href=\"javascript:alert('a')\">lien</a>",
    "<a href=\"https://ok.example/\" onclick=\"alert('c')\">bon lien</a>",
    "<svg onload=alert('v')><a xlink:href=\"javascript:alert('x')\">svg</a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('m')>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<p style=\"background:url(javascript:alert('y'))\">fin</p>",
);

const FORBIDDEN: &[&str] = &[
    "<script",
    "alert",
    "onerror",
    "onclick",
    "onload",
    "javascript",
    "<svg",
    "<math",
    "<style",
    "<iframe",
    "style=",
    "<img",
];

fn assert_clean(html: &str) {
    for bad in FORBIDDEN {
        assert!(!html.contains(bad), "{bad:?} survived in {html:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_html_and_deceptive_names_are_neutralised() {
    let c = Community::start().await;

    // A peer's post, HTML as it likes.
    let mut note = c.bob_note("html", HOSTILE_HTML);
    note["object"]["type"] = json!("Page");
    note["object"]["name"] = json!("Compte rendu\u{202E}fdp.exe");
    assert_eq!(c.bob_sends(&note).await, StatusCode::ACCEPTED);

    // A local member's post, Markdown with HTML inside.
    c.a.post(
        "/api/v1/groups/rennes/posts",
        &c.alice.token,
        json!({
            "title": "Ordre du jour\u{2067} caché",
            "content": format!("**gras** [clic](javascript:alert(1))\n\n{HOSTILE_HTML}"),
        }),
    )
    .await;

    let posts = group_posts(&c.a, "rennes").await;
    assert_eq!(posts.len(), 2, "{posts:?}");
    for post in &posts {
        let html = post["content"].as_str().unwrap();
        assert_clean(html);
        assert!(html.contains("bonjour"), "the text stays: {html}");
        assert!(html.contains("href=\"https://ok.example/\""), "{html}");
        let title = post["title"].as_str().unwrap();
        assert!(
            !title.contains('\u{202E}') && !title.contains('\u{2067}'),
            "{title:?}"
        );
    }

    // A peer's actor with a name that reads backwards and a profile with script.
    let peer = FakePeer::start().await;
    let trickster = peer.actor("trickster", "Person");
    let mut document = trickster.document();
    document["name"] = json!("Modération\u{202E}\u{200B} officielle");
    document["summary"] = json!(HOSTILE_HTML);
    peer.serve(&trickster.path, &document);
    c.fake_joins(&trickster).await;
    let members = c.a.get("/api/v1/groups/rennes/members", None).await;
    let listed = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["handle"] == format!("trickster@{}", peer.domain))
        .unwrap_or_else(|| panic!("trickster is a member: {members}"))
        .clone();
    assert_eq!(listed["display_name"], "Modération officielle");
    let summary =
        c.a.text(
            "SELECT summary FROM actors WHERE ap_id = $1",
            &trickster.url,
        )
        .await;
    assert_clean(&summary);

    // The group's page, as a browser gets it, with a policy that forbids script anyway.
    let response =
        c.a.http
            .get(c.a.url("/groups/rennes"))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(policy.contains("default-src 'none'"), "{policy}");
    let page = response.text().await.unwrap();
    assert!(page.contains("bonjour"), "{page}");
    assert_clean(&page);
}
