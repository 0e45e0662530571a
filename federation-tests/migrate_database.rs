//! `maillon admin migrate-database`: a SQLite node with members, a group, posts and replies,
//! a follower on another node, a process with a counted vote and queued deliveries moves to a
//! throw-away PostgreSQL database, and a node started on it shows the same things through the
//! API and goes on working. Runs only with `MAILLON_TEST_DATABASE_URL` (PostgreSQL).

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{join, post_arrives, Node, User};

async fn direct(
    node: &Node,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = node.http.request(method, node.direct_url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn get(node: &Node, path: &str, token: Option<&str>) -> Value {
    let (status, body) = direct(node, Method::GET, path, token, None).await;
    assert!(status.is_success(), "GET {path}: {status} {body}");
    body
}

/// What the API shows of the node (what the move must keep).
async fn view(node: &Node, alice: &User, vote: i64, proposal: i64) -> Value {
    let mut posts = get(node, "/api/v1/groups/rennes/posts", None).await;
    for post in posts.as_array_mut().unwrap() {
        let id = post["id"].clone();
        post["thread"] = get(node, &format!("/api/v1/posts/{id}"), None).await;
    }
    json!({
        "groups": get(node, "/api/v1/groups", None).await,
        "group": get(node, "/api/v1/groups/rennes", None).await,
        "members": get(node, "/api/v1/groups/rennes/members?state=accepted", Some(&alice.token)).await,
        "posts": posts,
        "me": get(node, "/api/v1/me", Some(&alice.token)).await,
        "follows": get(node, "/api/v1/follows", Some(&alice.token)).await,
        "proposal": get(node, &format!("/api/v1/proposals/{proposal}"), Some(&alice.token)).await,
        "result": get(node, &format!("/api/v1/votes/{vote}/result"), None).await,
        "decisions": get(node, "/api/v1/groups/rennes/decisions", None).await,
        "reports": get(node, "/api/v1/admin/reports?state=all", Some(&alice.token)).await,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_node_moves_to_postgresql_intact() {
    let Ok(admin_url) = std::env::var("MAILLON_TEST_DATABASE_URL") else {
        eprintln!("skipped: MAILLON_TEST_DATABASE_URL is not set");
        return;
    };
    // Odd indexes run on SQLite.
    let mut a = Node::start("A", 1).await;
    assert!(a.database_url.starts_with("sqlite:"));
    let b = Node::start("B", 3).await;
    let alice = a.admin("alice").await;
    let ben = a.user("ben").await;
    let bob = b.user("bob").await;
    let group = a.group("rennes", "open", &alice);
    join(&a, &ben, &group).await;
    join(&b, &bob, &group).await;
    let post = a
        .post(
            "/api/v1/groups/rennes/posts",
            &ben.token,
            json!({"title": "Assemblée", "content": "Ordre du **jour**"}),
        )
        .await;
    a.post(
        &format!("/api/v1/posts/{}/replies", post["id"]),
        &alice.token,
        json!({"content": "Merci"}),
    )
    .await;
    b.post(
        &format!("/api/v1/groups/{group}/posts"),
        &bob.token,
        json!({"content": "Bonjour de B"}),
    )
    .await;
    let bobs = post_arrives(&a, "rennes", "Bonjour de B").await;
    a.post(
        "/api/v1/reports",
        &ben.token,
        json!({"post_id": bobs["id"], "comment": "test"}),
    )
    .await;
    // A process, a proposal and a counted vote.
    let process = a
        .post(
            "/api/v1/groups/rennes/processes",
            &alice.token,
            json!({"title": "Budget", "description": "Le budget", "participation": "co_decision",
                   "decision_rule": "Majorité simple"}),
        )
        .await;
    let proposal = a
        .post(
            &format!("/api/v1/processes/{}/proposals", process["id"]),
            &ben.token,
            json!({"title": "Plus pour la formation", "body": "10 % de plus"}),
        )
        .await;
    let proposal_id = proposal["id"].as_i64().unwrap();
    let closes = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let vote = a
        .post(
            &format!("/api/v1/proposals/{proposal_id}/votes"),
            &alice.token,
            json!({"method": "majority", "closes_at": closes}),
        )
        .await;
    let vote_id = vote["id"].as_i64().unwrap();
    for user in [&alice, &ben] {
        a.post(
            &format!("/api/v1/votes/{vote_id}/ballots"),
            &user.token,
            json!({"choice": "for"}),
        )
        .await;
    }
    a.post(
        &format!("/api/v1/votes/{vote_id}/close"),
        &alice.token,
        json!({}),
    )
    .await;
    // Competence sharing: an offer, a need matching it (its author is notified), a profile.
    a.post(
        "/api/v1/groups/rennes/competences",
        &ben.token,
        json!({"kind": "offer", "title": "Tenue de comptabilité", "description": "Bilans",
               "skills": ["Comptabilité"], "form": "mentoring", "mode": "online", "terms": "free"}),
    )
    .await;
    let need = a
        .post(
            "/api/v1/groups/rennes/competences",
            &alice.token,
            json!({"kind": "need", "title": "Nos premiers bilans", "description": "Aide",
                   "skills": ["comptabilite"], "form": "question", "mode": "online", "terms": "free"}),
        )
        .await;
    let need_id = need["id"].as_i64().unwrap();
    a.api(
        Method::PUT,
        "/api/v1/me/competences",
        Some(&ben.token),
        Some(json!({"skills": ["bookkeeping"], "visibility": "group"})),
    )
    .await;
    let before = view(&a, &alice, vote_id, proposal_id).await;
    // The delivery queue moves too (what was still pending is sent from PostgreSQL).
    let deliveries: i64 = a
        .count("SELECT COUNT(*) FROM deliveries WHERE $1 = $1", "x")
        .await;
    assert!(deliveries > 0);
    a.kill9();

    let target = maillon::testing::TempPostgres::create(&admin_url)
        .await
        .unwrap();
    let out = a.cli(&["admin", "migrate-database", "--to", &target.url], None);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("copied"), "{stdout}");
    // One line per table: name, rows in SQLite, rows in PostgreSQL.
    let counts: Vec<(&str, i64, i64)> = stdout
        .lines()
        .filter_map(|l| {
            let mut parts = l.split('\t');
            let name = parts.next()?;
            Some((
                name,
                parts.next()?.parse().ok()?,
                parts.next()?.parse().ok()?,
            ))
        })
        .collect();
    for table in [
        "actors",
        "posts",
        "follows",
        "votes",
        "ballots",
        "deliveries",
        "reports",
        "competences",
        "competence_skills",
        "competence_profiles",
        "notifications",
    ] {
        let (_, from, to) = counts
            .iter()
            .find(|(name, _, _)| *name == table)
            .unwrap_or_else(|| panic!("{table} copied: {stdout}"));
        assert!(*from > 0 && from == to, "{table}: {stdout}");
    }

    // Never into a database that holds something.
    let out = a.cli(&["admin", "migrate-database", "--to", &target.url], None);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not empty"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");

    // A node on PostgreSQL, same domain: the same view, and it goes on working.
    let moved = Node::start_process("A-pg", &a.domain, &target.url, &[]).await;
    let after = view(&moved, &alice, vote_id, proposal_id).await;
    assert_eq!(after, before);
    // The search index is rebuilt by PostgreSQL's own schema: the need still finds the offer.
    let (status, found) = direct(
        &moved,
        Method::GET,
        &format!("/api/v1/competences/{need_id}/matches"),
        Some(&alice.token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(
        found["offers"][0]["offer"]["title"], "Tenue de comptabilité",
        "{found}"
    );
    assert_eq!(
        moved
            .count("SELECT COUNT(*) FROM deliveries WHERE $1 = $1", "x")
            .await,
        deliveries
    );
    // New rows get new ids (the sequences were moved past the copied ones).
    let (status, fresh) = direct(
        &moved,
        Method::POST,
        "/api/v1/groups/rennes/posts",
        Some(&ben.token),
        Some(json!({"content": "Après le déménagement"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{fresh}");
    assert!(fresh["id"].as_i64().unwrap() > bobs["id"].as_i64().unwrap());
    let (status, _) = direct(
        &moved,
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(json!({"username": "ben", "password": "ben-password-123"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    drop(moved);
    drop(target);
}
