//! Faults of the node's own storage: the SQLite disk fills up, and the PostgreSQL server
//! restarts under load. Requests get 503 (retry later), never a half-written change, and the
//! node serves again by itself once the storage is back.
//!
//! Both need root (to mount a small disk, to run a PostgreSQL server of their own as the
//! `postgres` user). Without it they say so and stop, unless `MAILLON_REQUIRE_FAULTS=1` (set by
//! `.ci/run`) makes that a failure.

use std::{path::PathBuf, process::Command, time::Duration};

use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::Connection;

use crate::harness::{call, Node, User};

fn required() -> bool {
    std::env::var("MAILLON_REQUIRE_FAULTS").is_ok()
}

/// Says why the test cannot run here; a failure when CI requires it.
fn cannot_run(why: &str) {
    assert!(!required(), "MAILLON_REQUIRE_FAULTS is set but {why}");
    eprintln!("skipped: {why} (run as root, or set MAILLON_REQUIRE_FAULTS=1 to require it)");
}

fn run(program: &str, args: &[&str]) -> Result<(), String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// A tmpfs of a few megabytes, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(megabytes: u32) -> Result<SmallDisk, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let path = dir.path().to_str().unwrap().to_string();
        run(
            "mount",
            &[
                "-t",
                "tmpfs",
                "-o",
                &format!("size={megabytes}m"),
                "tmpfs",
                &path,
            ],
        )?;
        Ok(SmallDisk { dir })
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn grow(&self, megabytes: u32) {
        let path = self.dir.path().to_str().unwrap();
        run(
            "mount",
            &["-o", &format!("remount,size={megabytes}m"), path],
        )
        .expect("grow the disk");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = run("umount", &["-l", self.dir.path().to_str().unwrap()]);
    }
}

async fn post(node: &Node, user: &User, n: usize, size: usize) -> StatusCode {
    let text = format!(
        "Message {n} : {}",
        "une ligne de compte rendu ".repeat(size / 26)
    );
    call(
        node,
        Method::POST,
        "/api/v1/groups/coop/posts",
        user,
        json!({"content": text}),
    )
    .await
    .0
}

async fn stored_posts(node: &Node) -> i64 {
    node.count("SELECT COUNT(*) FROM posts WHERE kind <> $1", "")
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_sqlite_disk_answers_503_loses_nothing_and_recovers() {
    let disk = match SmallDisk::mount(8) {
        Ok(disk) => disk,
        Err(why) => return cannot_run(&format!("no small disk can be mounted ({why})")),
    };
    let url = format!("sqlite://{}", disk.path().join("node.db").display());
    let a = Node::start_on("A", &url, &[("MAILLON_WRITE_RATE_PER_MINUTE", "100000")]).await;
    let ana = a.user("ana").await;
    a.group("coop", "open", &ana);

    // Large posts until the disk is full: each answer is 201 or 503, never anything else.
    let mut accepted = 0;
    let mut full = 0;
    for n in 0..400 {
        match post(&a, &ana, n, 45_000).await {
            StatusCode::CREATED | StatusCode::OK => accepted += 1,
            StatusCode::SERVICE_UNAVAILABLE => {
                full += 1;
                if full == 3 {
                    break;
                }
            }
            other => panic!(
                "post {n} answered {other} on a filling disk:\n{}",
                a.log_tail()
            ),
        }
    }
    assert!(full > 0, "the disk never filled up ({accepted} posts)");
    assert!(accepted > 0);
    // Nothing half-written: every accepted post is there, each with its own activity, and
    // none of the refused ones.
    assert_eq!(stored_posts(&a).await, accepted);
    let (status, _) = a
        .api(Method::GET, "/api/v1/groups/coop/posts", None, None)
        .await;
    assert_eq!(status, StatusCode::OK, "reading still works on a full disk");

    // Space comes back: the node writes again at once, without a restart, on every one of
    // its connections (one left believing it is inside the failed transaction would refuse).
    disk.grow(64);
    for n in 0..12 {
        let status = post(&a, &ana, 1000 + n, 100).await;
        assert!(
            status.is_success(),
            "post {n} after the disk grew: {status}\n{}",
            a.log_tail()
        );
    }
    assert_eq!(stored_posts(&a).await, accepted + 12);
    assert_eq!(
        a.http.get(a.url("/readyz")).send().await.unwrap().status(),
        StatusCode::OK
    );
}

/// A PostgreSQL server of the test's own, run as the `postgres` user, on its own port.
struct OwnPostgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

impl OwnPostgres {
    fn start() -> Result<OwnPostgres, String> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .map_err(|e| format!("no PostgreSQL server binaries ({e})"))?
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("bin"))
            .filter(|p| p.join("initdb").exists())
            .max()
            .ok_or("no initdb")?;
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let path = dir.path().to_str().unwrap().to_string();
        run("chown", &["postgres", &path])?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(|e| e.to_string())?;
        let pg = OwnPostgres { dir, bin, port };
        pg.as_postgres(
            "initdb",
            &[
                "-D",
                &pg.data(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
        )?;
        pg.pg_ctl(&["start"])?;
        Ok(pg)
    }

    fn data(&self) -> String {
        format!("{}/data", self.dir.path().display())
    }

    fn as_postgres(&self, tool: &str, args: &[&str]) -> Result<(), String> {
        let program = self.bin.join(tool);
        let mut all = vec!["-u", "postgres", "--", program.to_str().unwrap()];
        all.extend_from_slice(args);
        run("runuser", &all)
    }

    fn pg_ctl(&self, args: &[&str]) -> Result<(), String> {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = format!("{}/server.log", self.dir.path().display());
        let data = self.data();
        let mut all = vec!["-D", &data, "-o", &options, "-l", &log, "-w"];
        all.extend_from_slice(args);
        self.as_postgres("pg_ctl", &all)
    }

    fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let _ = self.pg_ctl(&["stop", "-m", "immediate"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgresql_restart_under_load_loses_nothing_and_the_node_recovers() {
    let pg = match OwnPostgres::start() {
        Ok(pg) => pg,
        Err(why) => return cannot_run(&format!("no PostgreSQL server of its own ({why})")),
    };
    {
        let mut admin = sqlx::postgres::PgConnection::connect(&pg.url("postgres"))
            .await
            .expect("connect");
        sqlx::query("CREATE DATABASE maillon")
            .execute(&mut admin)
            .await
            .expect("create database");
    }
    let a = Node::start_on(
        "A",
        &pg.url("maillon"),
        &[("MAILLON_WRITE_RATE_PER_MINUTE", "100000")],
    )
    .await;
    let ana = a.user("ana").await;
    a.group("coop", "open", &ana);

    // Posts keep coming while the server restarts (fast shutdown: connections cut).
    let writer = {
        let (node_url, token) = (a.url("/api/v1/groups/coop/posts"), ana.token.clone());
        let http = a.http.clone();
        tokio::spawn(async move {
            let mut answers = Vec::new();
            for n in 0..150 {
                let status = http
                    .post(&node_url)
                    .bearer_auth(&token)
                    .json(&json!({"content": format!("pendant le redémarrage {n}")}))
                    .send()
                    .await
                    .map(|r| r.status())
                    .ok();
                answers.push(status);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            answers
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    pg.pg_ctl(&["restart", "-m", "fast"]).expect("restart");
    let answers = writer.await.unwrap();
    let accepted = answers
        .iter()
        .filter(|s| s.is_some_and(|s| s.is_success()))
        .count() as i64;
    for status in answers.iter().flatten() {
        assert!(
            status.is_success() || *status == StatusCode::SERVICE_UNAVAILABLE,
            "a post answered {status} during the restart"
        );
    }
    assert!(accepted > 0);

    // Every accepted post is stored, none twice; one whose answer was lost with its
    // connection may be stored too (at most the number of attempts).
    let stored = stored_posts(&a).await;
    assert!(
        stored >= accepted && stored <= answers.len() as i64,
        "{stored} stored, {accepted} accepted of {}",
        answers.len()
    );
    // The node serves again by itself.
    let (status, body) = call(
        &a,
        Method::POST,
        "/api/v1/groups/coop/posts",
        &ana,
        json!({"content": "après le redémarrage"}),
    )
    .await;
    assert!(status.is_success(), "{status} {body}\n{}", a.log_tail());
}
