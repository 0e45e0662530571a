//! Admin moderation on real nodes: removing posts (federated), suspending local and remote
//! accounts, silencing a domain, and reports (by members, received as `Flag`, forwarded).

use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{eventually, follow_reaches, group_posts, join, post_arrives, Node},
    peer::{bytes, counts, Community, FakePeer},
    web::{browser_like, web_login},
};

fn cli_ok(node: &Node, args: &[&str]) -> String {
    let out = node.cli(args, None);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn post_gone(node: &Node, group: &str, url: &Value) {
    eventually(&format!("post gone on {}", node.name), 30, || async {
        (!group_posts(node, group)
            .await
            .iter()
            .any(|p| p["url"] == *url))
        .then_some(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removed_posts_disappear_everywhere() {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let c = Node::start("C", 2).await;
    let alice = a.user("alice").await;
    let root = a.admin("sacha").await;
    let erin = a.user("erin").await;
    let bob = b.user("bob").await;
    let carol = c.user("carol").await;
    let group = a.group("rennes", "open", &alice);
    join(&a, &erin, &group).await;
    join(&b, &bob, &group).await;
    join(&c, &carol, &group).await;

    // A remote member's post in our group: a moderator removes it, the group tells everyone.
    let bobs = b
        .post(
            &format!("/api/v1/groups/{group}/posts"),
            &bob.token,
            json!({"content": "Achetez mes montres"}),
        )
        .await;
    let on_a = post_arrives(&a, "rennes", "montres").await;
    post_arrives(&c, &group, "montres").await;
    // A member who moderates nothing may not remove it.
    let (status, _) = a
        .api(
            Method::POST,
            &format!("/api/v1/admin/posts/{}/remove", on_a["id"]),
            Some(&erin.token),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = a
        .api(
            Method::POST,
            &format!("/api/v1/admin/posts/{}/remove", on_a["id"]),
            Some(&alice.token),
            Some(json!({"reason": "spam"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    post_gone(&a, "rennes", &bobs["url"]).await;
    let (status, _) = a
        .api(
            Method::GET,
            &format!("/api/v1/posts/{}", on_a["id"]),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    post_gone(&c, &group, &bobs["url"]).await;
    post_gone(&b, &group, &bobs["url"]).await;
    let removal = a
        .text(
            "SELECT body FROM activities WHERE kind = 'Announce' AND body LIKE '%' || $1 || '%' \
             AND body LIKE '%Delete%'",
            bobs["url"].as_str().unwrap(),
        )
        .await;
    let removal: Value = serde_json::from_str(&removal).unwrap();
    assert_eq!(removal["actor"], a.url("/groups/rennes"));
    assert_eq!(removal["object"]["actor"], alice.url);
    assert_eq!(removal["object"]["summary"], "spam");

    // A local post: an admin (not a moderator of the group) removes it; its Delete goes out
    // through the delivery queue as the author's.
    let erins = a
        .post(
            "/api/v1/groups/rennes/posts",
            &erin.token,
            json!({"content": "Un message à retirer"}),
        )
        .await;
    post_arrives(&b, &group, "retirer").await;
    post_arrives(&c, &group, "retirer").await;
    let (status, _) = a
        .api(
            Method::POST,
            &format!("/api/v1/admin/posts/{}/remove", erins["id"]),
            Some(&root.token),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    post_gone(&b, &group, &erins["url"]).await;
    post_gone(&c, &group, &erins["url"]).await;
    let document = a
        .http
        .get(erins["url"].as_str().unwrap())
        .header(header::ACCEPT, "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(document.status(), StatusCode::GONE);
    let queued = a
        .count(
            "SELECT COUNT(*) FROM deliveries d JOIN activities x ON x.id = d.activity_id \
             WHERE x.kind = 'Announce' AND x.body LIKE '%' || $1 || '%'",
            erins["url"].as_str().unwrap(),
        )
        .await;
    assert!(queued >= 2, "{queued} deliveries of the removal");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suspended_accounts_are_shut_out_until_unsuspended() {
    let c = Community::start().await;
    let root = c.a.admin("sacha").await;
    let mia = c.a.user("mia").await;
    join(&c.a, &mia, &c.group).await;
    c.a.post(
        "/api/v1/groups/rennes/posts",
        &mia.token,
        json!({"content": "Message de Mia"}),
    )
    .await;
    assert_eq!(
        c.bob_sends(&c.bob_note("1", "Message de Bob")).await,
        StatusCode::ACCEPTED
    );
    assert_eq!(group_posts(&c.a, "rennes").await.len(), 2);

    // A local account, from the command line.
    cli_ok(
        &c.a,
        &["admin", "account", "suspend", "mia", "--reason", "test"],
    );
    let login = json!({"username": "mia", "password": "mia-password-123"});
    let (status, body) =
        c.a.api(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(login.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "account_suspended");
    let (status, _) =
        c.a.api(Method::GET, "/api/v1/me", Some(&mia.token), None)
            .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let actor =
        c.a.http
            .get(&mia.url)
            .header(header::ACCEPT, "application/activity+json")
            .send()
            .await
            .unwrap();
    assert_eq!(actor.status(), StatusCode::GONE);
    let listed = group_posts(&c.a, "rennes").await;
    assert_eq!(listed.len(), 1, "{listed:?}");

    // A remote actor, through the API: every activity refused, nothing changes.
    let (status, body) =
        c.a.api(
            Method::POST,
            "/api/v1/admin/suspensions",
            Some(&root.token),
            Some(json!({"account": c.bob.handle, "reason": "spam"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["actor"], c.bob.url);
    assert!(group_posts(&c.a, "rennes").await.is_empty());
    let before = counts(&c.a).await;
    assert_eq!(
        c.bob_sends(&c.bob_note("2", "Encore")).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(counts(&c.a).await, before);
    // Not an admin: refused.
    let (status, _) =
        c.a.api(
            Method::GET,
            "/api/v1/admin/suspensions",
            Some(&c.alice.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let list =
        c.a.get("/api/v1/admin/suspensions", Some(&root.token))
            .await;
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    let listed = cli_ok(&c.a, &["admin", "account", "suspended"]);
    assert!(
        listed.contains(&mia.url) && listed.contains(&c.bob.url),
        "{listed}"
    );

    // Lifting both restores everything.
    cli_ok(&c.a, &["admin", "account", "unsuspend", "mia"]);
    let (status, _) =
        c.a.api(
            Method::DELETE,
            &format!("/api/v1/admin/suspensions?account={}", c.bob.url),
            Some(&root.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) =
        c.a.api(Method::POST, "/api/v1/auth/login", None, Some(login))
            .await;
    assert_eq!(status, StatusCode::OK);
    c.a.get("/api/v1/me", Some(&mia.token)).await;
    assert_eq!(group_posts(&c.a, "rennes").await.len(), 2);
    assert_eq!(
        c.bob_sends(&c.bob_note("3", "De retour")).await,
        StatusCode::ACCEPTED
    );
    assert_eq!(group_posts(&c.a, "rennes").await.len(), 3);
    let out = c.a.cli(&["admin", "account", "unsuspend", "mia"], None);
    assert!(!out.status.success(), "not suspended any more");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silenced_domain_waits_for_moderators_and_its_posts_are_held() {
    let c = Community::start().await;
    let carol_node = Node::start("C", 2).await;
    let carol = carol_node.user("carol").await;
    join(&carol_node, &carol, &c.group).await;
    let root = c.a.admin("sacha").await;
    let (status, body) =
        c.a.api(
            Method::POST,
            "/api/v1/admin/domains",
            Some(&root.token),
            Some(json!({"domain": c.b.domain, "policy": "silence", "reason": "trop de spam"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["policy"], "silence");

    // A new member from the silenced domain waits for a moderator, though the group is open.
    let zoe = c.b.user("zoe").await;
    c.b.post("/api/v1/follows", &zoe.token, json!({"handle": c.group}))
        .await;
    let pending = eventually("zoe's request", 30, || async {
        let members =
            c.a.get(
                "/api/v1/groups/rennes/members?state=pending",
                Some(&c.alice.token),
            )
            .await;
        (members.as_array()?.len() == 1).then_some(members)
    })
    .await;
    assert_eq!(pending[0]["handle"], zoe.handle);
    c.a.post(
        &format!("/api/v1/groups/rennes/members/{}/accept", zoe.handle),
        &c.alice.token,
        json!({}),
    )
    .await;
    follow_reaches(&c.b, &zoe, &c.group, "accepted").await;

    // A member's post from the silenced domain is kept, but held: not listed, not relayed.
    assert_eq!(
        c.bob_sends(&c.bob_note("held", "Message retenu")).await,
        StatusCode::ACCEPTED
    );
    let stored =
        c.a.count(
            "SELECT COUNT(*) FROM posts WHERE ap_id = $1",
            &c.b.url("/posts/test-held"),
        )
        .await;
    assert_eq!(stored, 1);
    assert!(group_posts(&c.a, "rennes").await.is_empty());
    let relayed = c
        .a
        .count(
            "SELECT COUNT(*) FROM activities WHERE kind = 'Announce' AND body LIKE '%' || $1 || '%'",
            &c.b.url("/posts/test-held"),
        )
        .await;
    assert_eq!(relayed, 0);

    // Lifting the silence shows it again.
    let (status, _) =
        c.a.api(
            Method::DELETE,
            &format!("/api/v1/admin/domains/{}", c.b.domain),
            Some(&root.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(group_posts(&c.a, "rennes").await.len(), 1);
    // The CLI knows silences too.
    cli_ok(&c.a, &["admin", "domain", "silence", &c.b.domain]);
    let list = cli_ok(&c.a, &["admin", "domain", "list"]);
    assert!(
        list.contains(&format!("{}\t\tsilenced", c.b.domain)),
        "{list}"
    );
    cli_ok(&c.a, &["admin", "domain", "unsilence", &c.b.domain]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_from_members_and_servers_reach_the_admins() {
    let c = Community::start().await;
    let root = c.a.admin("sacha").await;
    let erin = c.a.user("erin").await;
    join(&c.a, &erin, &c.group).await;
    let b_admin = c.b.admin("badmin").await;
    let alices =
        c.a.post(
            "/api/v1/groups/rennes/posts",
            &c.alice.token,
            json!({"content": "Un message d'Alice"}),
        )
        .await;
    c.b.post(
        &format!("/api/v1/groups/{}/posts", c.group),
        &c.bob.token,
        json!({"content": "Un message douteux de Bob"}),
    )
    .await;
    let bobs = post_arrives(&c.a, "rennes", "douteux").await;

    // A member reports bob's post through the API.
    let (status, created) =
        c.a.api(
            Method::POST,
            "/api/v1/reports",
            Some(&erin.token),
            Some(json!({"post_id": bobs["id"], "comment": "Arnaque"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");

    // Another server's Flag, as Mastodon sends it: the instance actor, a list of ids.
    let mastodon = FakePeer::start().await;
    let instance = mastodon.actor("instance", "Application");
    let flag = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": mastodon.url("/0a2e6f0e-8f3c-4a51-9c3e-7d1c2b9a4f10"),
        "type": "Flag",
        "actor": instance.url,
        "content": "Propos haineux",
        "object": [c.alice.url, alices["url"]],
    });
    let status = instance
        .signed()
        .post(&c.a.http, &c.a.url("/inbox"), &bytes(&flag))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    // Sent twice, stored once.
    let status = instance
        .signed()
        .post(&c.a.http, &c.a.url("/inbox"), &bytes(&flag))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);

    let (status, _) =
        c.a.api(
            Method::GET,
            "/api/v1/admin/reports",
            Some(&erin.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let reports = c.a.get("/api/v1/admin/reports", Some(&root.token)).await;
    let reports = reports.as_array().unwrap().clone();
    assert_eq!(reports.len(), 2, "{reports:?}");
    let from_mastodon = &reports[0];
    assert_eq!(from_mastodon["origin"], mastodon.domain);
    assert_eq!(from_mastodon["comment"], "Propos haineux");
    assert_eq!(from_mastodon["account"], c.alice.url);
    assert_eq!(from_mastodon["post_id"], alices["id"]);
    let from_erin = &reports[1];
    assert_eq!(from_erin["reporter"], erin.url);
    assert_eq!(from_erin["account"], c.bob.url);
    assert_eq!(from_erin["post_local"], false);

    // The admin forwards erin's report to bob's server, which files it as a Flag from A.
    let forwarded =
        c.a.post(
            &format!("/api/v1/admin/reports/{}/forward", from_erin["id"]),
            &root.token,
            json!({}),
        )
        .await;
    assert!(forwarded["forwarded_at"].is_i64(), "{forwarded}");
    let on_b = eventually("the Flag on B", 30, || async {
        let reports = c.b.get("/api/v1/admin/reports", Some(&b_admin.token)).await;
        reports.as_array()?.first().cloned()
    })
    .await;
    assert_eq!(on_b["origin"], c.a.domain);
    assert_eq!(on_b["reporter"], c.a.url("/actor"));
    assert_eq!(on_b["comment"], "Arnaque");
    assert_eq!(on_b["account"], c.bob.url);
    assert_eq!(on_b["post_local"], true);
    let (status, _) =
        c.a.api(
            Method::POST,
            &format!("/api/v1/admin/reports/{}/forward", from_erin["id"]),
            Some(&root.token),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Resolved with a note: no longer open.
    let resolved =
        c.a.post(
            &format!("/api/v1/admin/reports/{}/resolve", from_mastodon["id"]),
            &root.token,
            json!({"note": "Rien de haineux"}),
        )
        .await;
    assert_eq!(resolved["resolution_note"], "Rien de haineux");
    assert_eq!(resolved["resolved_by"], root.url);
    let open = c.a.get("/api/v1/admin/reports", Some(&root.token)).await;
    assert_eq!(open.as_array().unwrap().len(), 1);
    let done =
        c.a.get("/api/v1/admin/reports?state=resolved", Some(&root.token))
            .await;
    assert_eq!(done[0]["id"], from_mastodon["id"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderation_through_the_web_pages() {
    let c = Community::start().await;
    c.a.admin("sacha").await;
    let erin = c.a.user("erin").await;
    join(&c.a, &erin, &c.group).await;
    let post =
        c.a.post(
            "/api/v1/groups/rennes/posts",
            &erin.token,
            json!({"content": "Un message à signaler"}),
        )
        .await;
    let http = browser_like();
    let alice = web_login(&c.a, &http, "alice", "alice-password-123").await;
    let root = web_login(&c.a, &http, "sacha", "sacha-password-123").await;

    // A member reports from the post's page (no script: a form).
    let page = http
        .get(c.a.url(&format!("/p/{}/report", post["id"])))
        .header(header::COOKIE, alice.cookies())
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("signaler"), "{html}");
    // alice moderates the group: she gets the removal form too.
    assert!(html.contains(&format!("action=\"/p/{}/remove\"", post["id"])));
    let sent = alice
        .post(
            &c.a,
            &http,
            &format!("/p/{}/report", post["id"]),
            &[
                ("comment", "Hors sujet"),
                ("back", &format!("/p/{}", post["id"])),
            ],
        )
        .await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    // Without the CSRF token: refused, nothing stored.
    let forged = http
        .post(c.a.url(&format!("/p/{}/report", post["id"])))
        .header(header::COOKIE, alice.cookies())
        .form(&[("comment", "forgé")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    // The admin sees it, in French, and resolves it.
    let page = http
        .get(c.a.url("/admin/reports"))
        .header(header::COOKIE, root.cookies())
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains("Hors sujet"), "{html}");
    assert!(!html.contains("forgé"));
    let id =
        c.a.count(
            "SELECT MAX(id) FROM reports WHERE comment = $1",
            "Hors sujet",
        )
        .await;
    let done = root
        .post(
            &c.a,
            &http,
            &format!("/admin/reports/{id}/resolve"),
            &[("note", "Vu")],
        )
        .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);

    // Silence and suspend from the moderation page; a member may not.
    let refused = alice
        .post(
            &c.a,
            &http,
            "/admin/moderation/domains",
            &[("domain", "spam.example"), ("policy", "block")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    for (path, form) in [
        (
            "/admin/moderation/domains",
            vec![("domain", c.b.domain.as_str()), ("policy", "silence")],
        ),
        ("/admin/moderation/suspensions", vec![("account", "erin")]),
    ] {
        let response = root.post(&c.a, &http, path, &form).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
    }
    let page = http
        .get(c.a.url("/admin/moderation"))
        .header(header::COOKIE, root.cookies())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&c.b.domain) && page.contains(&erin.url),
        "{page}"
    );
    assert!(group_posts(&c.a, "rennes").await.is_empty());

    // Removing from the web: the moderator's form.
    root.post(
        &c.a,
        &http,
        "/admin/moderation/suspensions/lift",
        &[("account", &erin.url)],
    )
    .await;
    let removed = alice
        .post(
            &c.a,
            &http,
            &format!("/p/{}/remove", post["id"]),
            &[("reason", "hors sujet")],
        )
        .await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    assert!(group_posts(&c.a, "rennes").await.is_empty());
    let _ =
        c.a.api(Method::GET, "/api/v1/groups/rennes", None, None)
            .await;
}
