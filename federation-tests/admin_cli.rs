//! `maillon admin backup`, `restore` and `check` on real nodes (SQLite, or PostgreSQL with
//! `pg_dump`/`pg_restore` when `MAILLON_TEST_DATABASE_URL` is set).

use std::{path::Path, process::Output};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{join, Node};

fn stderr_line(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "expected one line on stderr, got {stderr:?}"
    );
    stderr.trim_end().to_string()
}

fn succeeded(out: &Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the API shows of the group, its members and its posts (what a restore must keep).
async fn node_view(node: &Node, password_of: &str) -> Value {
    let (status, login) = node
        .api(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(
                json!({"username": password_of, "password": format!("{password_of}-password-123")}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "login on {}: {login}", node.name);
    let token = login["token"].as_str().unwrap().to_string();
    json!({
        "group": node.get("/api/v1/groups/rennes", None).await,
        "members": node.get("/api/v1/groups/rennes/members?state=accepted", Some(&token)).await,
        "posts": node.get("/api/v1/groups/rennes/posts", None).await,
        "groups": node.get("/api/v1/groups", None).await,
    })
}

/// The SQLite folder of a node, to check that a failed command left nothing behind.
fn sqlite_dir_listing(node: &Node) -> Option<Vec<String>> {
    let path = node.database_url.strip_prefix("sqlite://")?;
    let mut names: Vec<String> = std::fs::read_dir(Path::new(path).parent()?)
        .ok()?
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "node.log")
        .collect();
    names.sort();
    Some(names)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_restores_into_an_identical_node() {
    let a = Node::start("A", 0).await;
    let alice = a.user("alice").await;
    let bob = a.user("bob").await;
    let group = a.group("rennes", "open", &alice);
    join(&a, &bob, &group).await;
    a.post(
        "/api/v1/groups/rennes/posts",
        &bob.token,
        json!({"title": "Sauvegarde", "content": "Ce message doit **survivre**."}),
    )
    .await;
    let before = node_view(&a, "alice").await;
    assert_eq!(before["posts"].as_array().unwrap().len(), 1, "{before}");
    assert_eq!(before["members"].as_array().unwrap().len(), 2, "{before}");

    // Backup while the node runs.
    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("maillon.backup");
    let file_arg = file.to_str().unwrap();
    let out = a.cli(&["admin", "backup", file_arg], None);
    succeeded(&out, "backup");
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.len() > 1000, "a backup of {} bytes", bytes.len());

    // Never over an existing file; the first backup stays as it was.
    let out = a.cli(&["admin", "backup", file_arg], None);
    assert!(!out.status.success());
    assert!(stderr_line(&out).contains("already exists"));
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    let mut left: Vec<_> = std::fs::read_dir(backups.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(left, vec![std::ffi::OsString::from("maillon.backup")]);

    // A second node with the same public name, stopped, restored from the backup, started.
    let mut b = Node::start_with("B", 2, &[("MAILLON_DOMAIN", &a.domain)]).await;
    b.kill9();
    let out = b.cli(&["admin", "restore", file_arg], None);
    succeeded(&out, "restore");
    b.restart().await;
    let after = node_view(&b, "alice").await;
    assert_eq!(after, before);
    // bob's password came along too.
    node_view(&b, "bob").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_what_is_not_a_backup_and_changes_nothing() {
    let mut a = Node::start("A", 0).await;
    let alice = a.user("alice").await;
    a.group("rennes", "open", &alice);
    let before = node_view(&a, "alice").await;
    a.kill9();
    let listing = sqlite_dir_listing(&a);

    let junk = tempfile::tempdir().unwrap();
    let text = junk.path().join("notes.txt");
    std::fs::write(&text, "ceci n'est pas une sauvegarde\n".repeat(100)).unwrap();
    let empty = junk.path().join("empty.backup");
    std::fs::write(&empty, "").unwrap();
    let missing = junk.path().join("missing.backup");
    for file in [&text, &empty, &missing] {
        let out = a.cli(&["admin", "restore", file.to_str().unwrap()], None);
        assert!(
            !out.status.success(),
            "restore of {} succeeded",
            file.display()
        );
        let line = stderr_line(&out);
        assert!(line.starts_with("maillon: "), "{line}");
    }
    assert_eq!(sqlite_dir_listing(&a), listing);

    a.restart().await;
    assert_eq!(node_view(&a, "alice").await, before);
}

fn check_with_database(node: &Node, database_url: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    std::process::Command::new(env!("CARGO_BIN_EXE_maillon"))
        .current_dir(dir.path())
        .env("MAILLON_DOMAIN", &node.domain)
        .env("MAILLON_DATABASE_URL", database_url)
        .env_remove("RUST_LOG")
        .args(["admin", "check"])
        .output()
        .expect("run maillon")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_passes_on_a_running_node_and_names_what_fails() {
    let mut a = Node::start("A", 0).await;
    let out = a.cli(&["admin", "check"], None);
    let stdout = succeeded(&out, "check");
    for name in ["configuration", "database", "migrations", "domain"] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with("ok") && l.contains(name)),
            "{name} in {stdout}"
        );
    }
    assert!(stdout.contains("/.well-known/nodeinfo"), "{stdout}");

    let missing_dir = tempfile::tempdir().unwrap();
    let missing = missing_dir.path().join("nothing/here.db");
    for bad in [
        format!("sqlite://{}", missing.display()),
        "postgres://maillon@127.0.0.1:1/nothing".to_string(),
    ] {
        let out = check_with_database(&a, &bad);
        assert!(!out.status.success(), "check passed with {bad}");
        let line = stderr_line(&out);
        assert!(line.contains("database"), "{line}");
        assert!(!line.contains("domain"), "{line}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.lines().any(|l| l.starts_with("FAIL database")),
            "{stdout}"
        );
    }
    // Checking does not create a database.
    assert!(!missing.exists() && !missing.parent().unwrap().exists());

    // A stopped node: the domain does not answer.
    a.kill9();
    let out = a.cli(&["admin", "check"], None);
    assert!(!out.status.success());
    let line = stderr_line(&out);
    assert!(
        line.contains("domain") && !line.contains("database"),
        "{line}"
    );
}
