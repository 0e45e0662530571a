//! Real nodes for the federation tests: each `Node` is a `maillon serve` process on
//! `localhost:PORT` with its own database (SQLite, or PostgreSQL for every other node when
//! `MAILLON_TEST_DATABASE_URL` is set), driven through its JSON API and its CLI.

use std::{
    io::Write,
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Output, Stdio},
    time::Duration,
};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub struct Node {
    pub name: String,
    /// Where this process listens (the domain's port, except behind a balancer).
    pub port: u16,
    pub domain: String,
    pub database_url: String,
    dir: tempfile::TempDir,
    child: Option<Child>,
    /// Dropped after the process is killed (fields drop after `Drop::drop`).
    _postgres: Option<maillon::testing::TempPostgres>,
    pub http: reqwest::Client,
    /// Extra `MAILLON_*` settings for this node (kept across restarts).
    env: Vec<(String, String)>,
}

pub struct User {
    pub name: String,
    pub token: String,
    /// `name@localhost:PORT`
    pub handle: String,
    pub url: String,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Whether the `index`-th node of a test runs on PostgreSQL.
fn uses_postgres(index: usize) -> Option<String> {
    let url = std::env::var("MAILLON_TEST_DATABASE_URL").ok()?;
    index.is_multiple_of(2).then_some(url)
}

impl Node {
    /// Starts node number `index` of a test (index 0 is on PostgreSQL when available).
    pub async fn start(name: &str, index: usize) -> Node {
        Node::start_with(name, index, &[]).await
    }

    /// Like [`Node::start`], with extra environment settings (`MAILLON_DEV_FEDERATION`...).
    pub async fn start_with(name: &str, index: usize, env: &[(&str, &str)]) -> Node {
        maillon::federation::install_crypto_provider();
        let postgres = match uses_postgres(index) {
            Some(admin_url) => Some(
                maillon::testing::TempPostgres::create(&admin_url)
                    .await
                    .expect("create postgres database"),
            ),
            None => None,
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = match &postgres {
            Some(pg) => pg.url.clone(),
            None => format!("sqlite://{}", dir.path().join("node.db").display()),
        };
        let port = free_port();
        let mut node =
            Node::unstarted(name, port, &format!("localhost:{port}"), &database_url, env);
        node.dir = dir;
        node._postgres = postgres;
        node.spawn().await;
        node
    }

    /// A node not started yet, with its own temporary directory (its log and its files).
    fn unstarted(
        name: &str,
        port: u16,
        domain: &str,
        database_url: &str,
        env: &[(&str, &str)],
    ) -> Node {
        Node {
            name: name.to_string(),
            port,
            domain: domain.to_string(),
            database_url: database_url.to_string(),
            dir: tempfile::tempdir().expect("temp dir"),
            child: None,
            _postgres: None,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client"),
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// A node on a database the test provides (a SQLite file on a small disk, a PostgreSQL
    /// server of its own), with extra environment settings.
    pub async fn start_on(name: &str, database_url: &str, env: &[(&str, &str)]) -> Node {
        maillon::federation::install_crypto_provider();
        let port = free_port();
        let mut node = Node::unstarted(name, port, &format!("localhost:{port}"), database_url, env);
        node.spawn().await;
        node
    }

    /// One of several processes serving the same node (scale-out): public name `domain` (a
    /// balancer in front of them), the shared `database_url`, a bind port of its own.
    pub async fn start_process(
        name: &str,
        domain: &str,
        database_url: &str,
        env: &[(&str, &str)],
    ) -> Node {
        maillon::federation::install_crypto_provider();
        let mut node = Node::unstarted(name, free_port(), domain, database_url, env);
        node.spawn().await;
        node
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_maillon"));
        cmd.current_dir(self.dir.path())
            .env("MAILLON_DOMAIN", &self.domain)
            .env("MAILLON_BIND", format!("127.0.0.1:{}", self.port))
            .env("MAILLON_DATABASE_URL", &self.database_url)
            .env("MAILLON_REGISTRATION", "open")
            // Admin commands run with their own defaults, as in an admin's script.
            .env_remove("RUST_LOG");
        for (key, value) in &self.env {
            cmd.env(key, value);
        }
        cmd
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("node.log")
    }

    async fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .expect("log file");
        let child = self
            .command()
            .env("RUST_LOG", "info,maillon=debug")
            .arg("serve")
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start maillon");
        self.child = Some(child);
        for _ in 0..300 {
            if let Ok(r) = self.http.get(self.direct_url("/healthz")).send().await {
                if r.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{} did not start:\n{}", self.name, self.log_tail());
    }

    /// SIGKILL: no shutdown, no chance to finish anything.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("kill");
            child.wait().expect("wait");
        }
    }

    pub async fn restart(&mut self) {
        self.kill9();
        self.spawn().await;
    }

    /// Everything this node's processes logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    pub fn log_tail(&self) -> String {
        let text = self.log();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(60)..].join("\n")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.domain, path)
    }

    /// `path` on this process itself, even when a balancer serves the node's domain.
    pub fn direct_url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    /// Runs `maillon ARGS` against this node's database, with `stdin` piped in.
    pub fn cli(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run maillon");
        if let Some(input) = stdin {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(input.as_bytes())
                .expect("write stdin");
        }
        drop(child.stdin.take());
        child.wait_with_output().expect("maillon output")
    }

    pub async fn api(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("API request");
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Value {
        let (status, body) = self.api(Method::GET, path, token, None).await;
        assert!(
            status.is_success(),
            "GET {path} on {}: {status} {body}",
            self.name
        );
        body
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Value {
        let (status, response) = self.api(Method::POST, path, Some(token), Some(body)).await;
        assert!(
            status.is_success(),
            "POST {path} on {}: {status} {response}",
            self.name
        );
        response
    }

    /// Creates a member with the CLI and logs in through the API.
    pub async fn user(&self, name: &str) -> User {
        self.account(name, false).await
    }

    /// Creates an admin with the CLI and logs in through the API.
    pub async fn admin(&self, name: &str) -> User {
        self.account(name, true).await
    }

    async fn account(&self, name: &str, admin: bool) -> User {
        let password = format!("{name}-password-123");
        let mut args = vec!["admin", "account", "create", name, "--password-stdin"];
        if admin {
            args.push("--admin");
        }
        let out = self.cli(&args, Some(&password));
        assert!(
            out.status.success(),
            "account create: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (status, body) = self
            .api(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"username": name, "password": password})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "login: {body}");
        User {
            name: name.to_string(),
            token: body["token"].as_str().expect("token").to_string(),
            handle: format!("{name}@{}", self.domain),
            url: self.url(&format!("/users/{name}")),
        }
    }

    /// Creates a group with the CLI, moderated by `moderator`.
    pub fn group(&self, name: &str, membership: &str, moderator: &User) -> String {
        self.group_with(name, membership, moderator, &[])
    }

    /// A network of groups (`--network`): antennas of other nodes join it as members.
    pub fn network_group(&self, name: &str, membership: &str, moderator: &User) -> String {
        self.group_with(name, membership, moderator, &["--network"])
    }

    fn group_with(&self, name: &str, membership: &str, moderator: &User, extra: &[&str]) -> String {
        let display_name = format!("Groupe {name}");
        let mut args = vec![
            "admin",
            "group",
            "create",
            name,
            "--display-name",
            &display_name,
            "--membership",
            membership,
            "--moderator",
            &moderator.name,
        ];
        args.extend_from_slice(extra);
        let out = self.cli(&args, None);
        assert!(
            out.status.success(),
            "group create: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        format!("{name}@{}", self.domain)
    }

    pub async fn db(&self) -> maillon::storage::Db {
        maillon::storage::Db::connect(&self.database_url)
            .await
            .expect("test db connection")
    }

    /// A single value from this node's database (for assertions on what it stored).
    pub async fn scalar<T>(&self, sql: &str, arg: &str) -> T
    where
        T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
        T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
    {
        let db = self.db().await;
        let value = match &db {
            maillon::storage::Db::Sqlite(pool) => {
                sqlx::query_scalar::<_, T>(sql)
                    .bind(arg)
                    .fetch_one(pool)
                    .await
            }
            maillon::storage::Db::Postgres(pool) => {
                sqlx::query_scalar::<_, T>(sql)
                    .bind(arg)
                    .fetch_one(pool)
                    .await
            }
        }
        .expect("test query");
        db.close().await;
        value
    }

    /// Runs one statement on this node's database (to stage a fault, or move time forward).
    pub async fn execute(&self, sql: &str) {
        let db = self.db().await;
        match &db {
            maillon::storage::Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
            maillon::storage::Db::Postgres(pool) => {
                sqlx::query(sql).execute(pool).await.map(|_| ())
            }
        }
        .expect("test statement");
        db.close().await;
    }

    pub async fn count(&self, sql: &str, arg: &str) -> i64 {
        self.scalar(sql, arg).await
    }

    pub async fn text(&self, sql: &str, arg: &str) -> String {
        self.scalar(sql, arg).await
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "----- last log lines of node {} ({}) -----\n{}",
                self.name,
                self.domain,
                self.log_tail()
            );
        }
        self.kill9();
    }
}

/// `user` calls the API of `node`: the status and the JSON answer.
pub async fn call(
    node: &Node,
    method: Method,
    path: &str,
    user: &User,
    body: Value,
) -> (StatusCode, Value) {
    node.api(method, path, Some(&user.token), Some(body)).await
}

/// Polls `check` until it returns `Some`, for at most `seconds`.
pub async fn eventually<T, F, Fut>(what: &str, seconds: u64, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if tokio::time::Instant::now() > deadline {
            panic!("timed out after {seconds}s waiting for: {what}");
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// The follow of `handle` in `user`'s follows on `node`, once it reaches `state`.
pub async fn follow_reaches(node: &Node, user: &User, handle: &str, state: &str) {
    eventually(
        &format!("{} follow of {handle} to be {state}", user.name),
        30,
        || async {
            let follows = node.get("/api/v1/follows", Some(&user.token)).await;
            follows
                .as_array()?
                .iter()
                .find(|f| f["handle"] == handle && f["state"] == state)
                .map(|_| ())
        },
    )
    .await
}

/// `user` on `node` follows `group` and waits until the group accepted.
pub async fn join(node: &Node, user: &User, group: &str) {
    node.post("/api/v1/follows", &user.token, json!({"handle": group}))
        .await;
    follow_reaches(node, user, group, "accepted").await;
}

/// Posts of `group` as `node` lists them.
pub async fn group_posts(node: &Node, group: &str) -> Vec<Value> {
    let (status, body) = node
        .api(
            Method::GET,
            &format!("/api/v1/groups/{group}/posts"),
            None,
            None,
        )
        .await;
    if !status.is_success() {
        return vec![];
    }
    body.as_array().cloned().unwrap_or_default()
}

/// Waits until `node` lists a post of `group` whose content contains `text`, and returns it.
pub async fn post_arrives(node: &Node, group: &str, text: &str) -> Value {
    eventually(&format!("post {text:?} on {}", node.name), 30, || async {
        group_posts(node, group)
            .await
            .into_iter()
            .find(|p| p["content"].as_str().is_some_and(|c| c.contains(text)))
    })
    .await
}

/// A moderator takes a published proposal through deliberation to a majority vote, answers it
/// "for" alone and closes it: the proposal is decided. Returns the vote's id.
pub async fn decide_by_majority(node: &Node, moderator: &User, proposal_id: i64) -> i64 {
    let moved = node
        .post(
            &format!("/api/v1/proposals/{proposal_id}/state"),
            &moderator.token,
            json!({"state": "deliberation"}),
        )
        .await;
    assert_eq!(moved["state"], "deliberation", "{moved}");
    let closes = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let vote = node
        .post(
            &format!("/api/v1/proposals/{proposal_id}/votes"),
            &moderator.token,
            json!({"method": "majority", "closes_at": closes}),
        )
        .await;
    let vote_id = vote["id"].as_i64().expect("the vote's id");
    node.post(
        &format!("/api/v1/votes/{vote_id}/ballots"),
        &moderator.token,
        json!({"choice": "for"}),
    )
    .await;
    node.post(
        &format!("/api/v1/votes/{vote_id}/close"),
        &moderator.token,
        json!({}),
    )
    .await;
    vote_id
}

/// A moment `days` from today at `hour` (Paris winter time), as the API takes it.
pub fn in_days(days: i64, hour: u32) -> String {
    let day = chrono::Utc::now().date_naive() + chrono::Duration::days(days);
    format!("{day}T{hour:02}:00:00+01:00")
}

/// `user` announces an event of `category` in the group `coop` of `node`, six days from now;
/// returns it as the API answers.
pub async fn announce_event(node: &Node, user: &User, title: &str, category: &str) -> Value {
    let (status, body) = node
        .api(
            Method::POST,
            "/api/v1/groups/coop/events",
            Some(&user.token),
            Some(
                json!({"title": title, "description": "Ordre du jour à venir",
                "category": category, "starts_at": in_days(6, 18), "ends_at": in_days(6, 20),
                "timezone": "Europe/Paris", "place_name": "La Coop", "capacity": 30}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}
