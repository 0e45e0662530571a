//! Email digests through a real SMTP server (Python's aiosmtpd, `smtp/sink.py`, started by
//! the test on a free port; installed with pip under the target folder on first use when the
//! system's Python lacks it). One member stays informed by a daily digest, one takes part by
//! a weekly one, one reads in the app: after a proposal, an event and a decision, one run of
//! `maillon admin digests send --all-pending` sends each email member exactly their news, once.
//! With the SMTP server down nothing is marked sent, and the news goes out once it is back;
//! two runs at once send it once.

use std::{
    io::{BufRead, BufReader},
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::OnceLock,
};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    harness::{announce_event, decide_by_majority, join, Node, User},
    web::assert_accessible,
    web_decisions::login,
};

/// The Python that has aiosmtpd, and the folder to add to its path (a pip install of ours).
fn python() -> &'static (String, Option<PathBuf>) {
    static PYTHON: OnceLock<(String, Option<PathBuf>)> = OnceLock::new();
    PYTHON.get_or_init(|| {
        for candidate in ["python3", "/usr/bin/python3"] {
            let has_it = Command::new(candidate)
                .args(["-c", "import aiosmtpd"])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if has_it {
                return (candidate.to_string(), None);
            }
        }
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("aiosmtpd");
        if !dir.join("aiosmtpd").exists() {
            let out = Command::new("python3")
                .args(["-m", "pip", "install", "--quiet", "--target"])
                .arg(&dir)
                .arg("aiosmtpd")
                .output()
                .expect("run pip (Python 3 with pip must be installed)");
            assert!(
                out.status.success(),
                "pip install aiosmtpd failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        ("python3".to_string(), Some(dir))
    })
}

/// A running SMTP server that keeps every message it accepts.
pub(crate) struct SmtpSink {
    port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl SmtpSink {
    pub(crate) fn start() -> SmtpSink {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let mut sink = SmtpSink {
            port,
            dir: tempfile::tempdir().expect("temp dir"),
            child: None,
        };
        sink.resume();
        sink
    }

    /// Starts (again) on the same port, keeping the messages received so far.
    fn resume(&mut self) {
        let (python, path) = python();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/federation-tests/smtp/sink.py");
        let mut command = Command::new(python);
        command
            .arg(script)
            .arg(self.port.to_string())
            .arg(self.dir.path().join("mail"))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(path) = path {
            command.env("PYTHONPATH", path);
        }
        let mut child = command.spawn().expect("start the SMTP sink");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("SMTP sink output");
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        self.child = Some(child);
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The messages received, oldest first.
    pub(crate) fn received(&self) -> Vec<Value> {
        let Ok(entries) = std::fs::read_dir(self.dir.path().join("mail")) else {
            return Vec::new();
        };
        let mut names: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }

    pub(crate) fn to(&self, address: &str) -> Vec<Value> {
        self.received()
            .into_iter()
            .filter(|m| m["rcpt_tos"].as_array().unwrap().contains(&json!(address)))
            .collect()
    }

    /// Settings of a node that sends through this server; digests are due at an hour far
    /// from now, so only `--all-pending` sends today's news during the test.
    pub(crate) fn node_env(&self) -> Vec<(&'static str, String)> {
        let far_hour = (chrono::Timelike::hour(&chrono::Utc::now()) + 12) % 24;
        vec![
            ("MAILLON_SMTP_HOST", "127.0.0.1".into()),
            ("MAILLON_SMTP_PORT", self.port.to_string()),
            ("MAILLON_SMTP_TLS", "none".into()),
            ("MAILLON_SMTP_FROM", "Maillon <digests@example.test>".into()),
            ("MAILLON_DIGEST_HOUR", far_hour.to_string()),
        ]
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn start_node(sink: &SmtpSink) -> Node {
    let env = sink.node_env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Node::start_with("A", 0, &env).await
}

async fn choose(node: &Node, user: &User, level: &str, channel: &str) -> (StatusCode, Value) {
    node.api(
        Method::PUT,
        "/api/v1/groups/coop/involvement",
        Some(&user.token),
        Some(json!({"level": level, "channel": channel})),
    )
    .await
}

async fn set_email(node: &Node, user: &User, body: Value) -> (StatusCode, Value) {
    node.api(
        Method::PUT,
        "/api/v1/me/email",
        Some(&user.token),
        Some(body),
    )
    .await
}

/// `maillon admin digests send [--all-pending]`: its exit status and first line.
pub(crate) fn send_digests(node: &Node, all_pending: bool) -> (bool, String) {
    let mut args = vec!["admin", "digests", "send"];
    if all_pending {
        args.push("--all-pending");
    }
    let out = node.cli(&args, None);
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_member_gets_one_digest_of_the_news_they_chose() {
    let sink = SmtpSink::start();
    let a = start_node(&sink).await;
    let alice = a.admin("alice").await;
    let coop = a.group("coop", "open", &alice);
    let sam = a.user("sam").await;
    let tina = a.user("tina").await;
    let leo = a.user("leo").await;
    for user in [&sam, &tina, &leo] {
        join(&a, user, &coop).await;
    }

    // No address yet: the digest is refused with a way out; a bad address is refused.
    let (status, error) = choose(&a, &sam, "stay_informed", "email_daily").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"], "email_missing");
    let (status, error) = set_email(&a, &sam, json!({"email": "not an address"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"], "invalid_email");
    let (status, error) = set_email(
        &a,
        &sam,
        json!({"email": "sam@example.test", "language": "de"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    let mine = a.get("/api/v1/me/email", Some(&sam.token)).await;
    assert_eq!(mine, json!({"email": null, "digests_available": true}));
    let (status, body) = set_email(
        &a,
        &sam,
        json!({"email": "sam@example.test", "language": "en"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["email"], "sam@example.test");
    let (status, body) = choose(&a, &sam, "stay_informed", "email_daily").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["channel"], "email_daily");

    // Tina does the same in the pages (in French): the form sends her to her address first.
    let browser = login(&a, "tina").await;
    let (_, page) = browser.get(&a, "/groups/coop").await;
    assert!(
        page.contains(r#"value="email_daily""#),
        "email is offered: {page}"
    );
    assert!(page.contains(r#"href="/settings/email""#), "{page}");
    assert_accessible("/groups/coop", &page);
    let location = browser
        .submit(
            &a,
            "/groups/coop/involvement",
            &[("level", "take_part"), ("channel", "email_weekly")],
        )
        .await;
    assert_eq!(location, "/settings/email?notice=notice-email-needed");
    let (status, page) = browser.get(&a, &location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("indiquez-la ici"), "{page}");
    assert_accessible("/settings/email", &page);
    let (status, page) = browser
        .post(&a, "/settings/email", &[("email", "tina@")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(r#"aria-invalid="true""#), "{page}");
    assert_accessible("/settings/email", &page);
    browser
        .submit(&a, "/settings/email", &[("email", "tina@example.test")])
        .await;
    browser
        .submit(
            &a,
            "/groups/coop/involvement",
            &[("level", "take_part"), ("channel", "email_weekly")],
        )
        .await;
    let tinas = a
        .get("/api/v1/groups/coop/involvement", Some(&tina.token))
        .await;
    assert_eq!(tinas["channel"], "email_weekly");
    let (_, page) = browser.get(&a, "/settings").await;
    assert!(page.contains(r#"href="/settings/email""#), "{page}");

    // Leo has an address but reads his news in the app.
    set_email(&a, &leo, json!({"email": "leo@example.test"})).await;
    let (status, _) = choose(&a, &leo, "take_part", "in_app").await;
    assert_eq!(status, StatusCode::OK);

    // The group lives: a proposal, an event, a vote that closes with a decision.
    let event_id = announce_event(&a, &alice, "Formation compta", "training").await["id"]
        .as_i64()
        .unwrap();
    let process = a
        .post(
            "/api/v1/groups/coop/processes",
            &alice.token,
            json!({"title": "Budget", "description": "Le budget 2027",
                "participation": "co_decision", "decision_rule": "Majorité simple"}),
        )
        .await;
    let proposal = a
        .post(
            &format!("/api/v1/processes/{}/proposals", process["id"]),
            &alice.token,
            json!({"title": "Plus pour la formation", "body": "10 % de plus"}),
        )
        .await;
    let proposal_id = proposal["id"].as_i64().unwrap();
    let vote_id = decide_by_majority(&a, &alice, proposal_id).await;

    // The digest hour has not come: a scheduled run sends nothing yet.
    let (ok, said) = send_digests(&a, false);
    assert!(ok, "{said}");
    assert!(said.contains("sent 0 digests"), "{said}");
    assert!(sink.received().is_empty());

    // Now: one email each for Sam and Tina, none for Leo.
    let (ok, said) = send_digests(&a, true);
    assert!(ok, "{said}");
    assert!(
        said.contains("sent 2 digests (4 notifications), 0 failed"),
        "{said}"
    );
    assert_eq!(sink.received().len(), 2, "{:#?}", sink.received());
    let base = a.url("");
    let sams = sink.to("sam@example.test");
    assert_eq!(sams.len(), 1);
    let mail = &sams[0];
    assert_eq!(
        mail["subject"],
        format!("Your daily news from {}", a.domain)
    );
    assert!(
        mail["from"]
            .as_str()
            .unwrap()
            .contains("digests@example.test"),
        "{mail}"
    );
    assert!(
        mail["to"].as_str().unwrap().contains("sam@example.test"),
        "{mail}"
    );
    assert!(
        mail["message_id"].as_str().unwrap().starts_with("<digest-"),
        "{mail}"
    );
    assert_eq!(mail["content_type"], "multipart/alternative");
    let text = mail["text"].as_str().unwrap();
    assert!(text.starts_with("Hello sam,"), "{text}");
    assert!(text.contains("== Groupe coop =="), "{text}");
    assert!(
        text.contains("- Decision: Plus pour la formation"),
        "{text}"
    );
    assert!(text.contains(&format!("{base}/vote/{vote_id}")), "{text}");
    assert!(text.contains(&format!("{base}/groups/coop")), "{text}");
    for absent in [
        "/proposal/",
        "/event/",
        "Formation compta",
        "New proposal",
        "New event",
    ] {
        assert!(!text.contains(absent), "no {absent} for sam: {text}");
    }
    let html = mail["html"].as_str().unwrap();
    assert!(html.contains(r#"<html lang="en">"#), "{html}");
    assert!(
        html.contains(&format!(
            r#"<a href="{base}/vote/{vote_id}">Plus pour la formation</a>"#
        )),
        "{html}"
    );

    let tinas = sink.to("tina@example.test");
    assert_eq!(tinas.len(), 1);
    let mail = &tinas[0];
    assert_eq!(
        mail["subject"],
        format!("Vos nouvelles de la semaine sur {}", a.domain)
    );
    let text = mail["text"].as_str().unwrap();
    assert!(
        text.starts_with("Bonjour tina,\nvoici 3 nouvelles"),
        "{text}"
    );
    for line in [
        format!("- Nouvelle proposition: Plus pour la formation\n  {base}/proposal/{proposal_id}"),
        format!("- Nouvel événement: Formation compta\n  {base}/event/{event_id}"),
        format!("- Décision: Plus pour la formation\n  {base}/vote/{vote_id}"),
    ] {
        assert!(text.contains(&line), "{line} in {text}");
    }
    assert!(
        mail["html"]
            .as_str()
            .unwrap()
            .contains(r#"<html lang="fr">"#),
        "{mail}"
    );
    assert!(
        sink.to("leo@example.test").is_empty(),
        "leo reads in the app"
    );

    // Nothing twice; the notifications stay in the app, marked as emailed.
    let (ok, said) = send_digests(&a, true);
    assert!(ok, "{said}");
    assert!(said.contains("sent 0 digests"), "{said}");
    assert_eq!(sink.received().len(), 2);
    assert_eq!(
        a.count(
            "SELECT COUNT(*) FROM notifications WHERE emailed_at IS NOT NULL AND $1 = $1",
            "x"
        )
        .await,
        4
    );
    let leos = a.get("/api/v1/me/notifications", Some(&leo.token)).await;
    assert!(!leos["items"].as_array().unwrap().is_empty(), "{leos}");
    let sams = a.get("/api/v1/me/notifications", Some(&sam.token)).await;
    assert_eq!(sams["items"].as_array().unwrap().len(), 1, "{sams}");

    // News from before one chose a digest is not mailed: Leo moves to a daily digest.
    let (status, _) = choose(&a, &leo, "take_part", "email_daily").await;
    assert_eq!(status, StatusCode::OK);
    let (ok, said) = send_digests(&a, true);
    assert!(ok && said.contains("sent 0 digests"), "{said}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn news_waits_while_smtp_is_down_and_goes_out_once_when_it_is_back() {
    let mut sink = SmtpSink::start();
    let a = start_node(&sink).await;
    let alice = a.admin("alice").await;
    let coop = a.group("coop", "open", &alice);
    let sam = a.user("sam").await;
    join(&a, &sam, &coop).await;
    set_email(&a, &sam, json!({"email": "sam@example.test"})).await;
    let (status, body) = choose(&a, &sam, "stay_informed", "email_daily").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    announce_event(&a, &alice, "Assemblée de printemps", "assembly").await;

    sink.stop();
    let (ok, said) = send_digests(&a, true);
    assert!(!ok, "a failed send is an error: {said}");
    assert!(
        said.contains("sent 0 digests (0 notifications), 1 failed"),
        "{said}"
    );
    assert_eq!(
        a.count(
            "SELECT COUNT(*) FROM notifications WHERE emailed_at IS NULL AND digest_id IS NULL \
             AND recipient_id = (SELECT id FROM actors WHERE local AND username = $1)",
            "sam"
        )
        .await,
        1,
        "left for the next run"
    );
    assert_eq!(
        a.count(
            "SELECT COUNT(*) FROM email_digests WHERE state = $1",
            "failed"
        )
        .await,
        1
    );

    // Back up: two runs at once (as two processes sharing the database) send it once.
    sink.resume();
    let (first, second) = std::thread::scope(|s| {
        let one = s.spawn(|| send_digests(&a, true));
        let two = s.spawn(|| send_digests(&a, true));
        (one.join().unwrap(), two.join().unwrap())
    });
    assert!(first.0 && second.0, "{first:?} {second:?}");
    let mails = sink.to("sam@example.test");
    assert_eq!(mails.len(), 1, "{mails:#?}");
    let text = mails[0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("Bonjour sam,"),
        "French by default: {text}"
    );
    assert!(
        text.contains("- Assemblée générale: Assemblée de printemps"),
        "{text}"
    );
    assert_eq!(
        a.count(
            "SELECT COUNT(*) FROM notifications WHERE emailed_at IS NULL \
             AND recipient_id = (SELECT id FROM actors WHERE local AND username = $1)",
            "sam"
        )
        .await,
        0
    );
    let (ok, said) = send_digests(&a, true);
    assert!(ok && said.contains("sent 0 digests"), "{said}");
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_email_digests_are_not_offered() {
    let a = Node::start("A", 0).await;
    let alice = a.admin("alice").await;
    let coop = a.group("coop", "open", &alice);
    let sam = a.user("sam").await;
    join(&a, &sam, &coop).await;
    set_email(&a, &sam, json!({"email": "sam@example.test"})).await;
    let (status, error) = choose(&a, &sam, "lead", "email_weekly").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"], "channel_unavailable");
    let mine = a.get("/api/v1/me/email", Some(&sam.token)).await;
    assert_eq!(
        mine,
        json!({"email": "sam@example.test", "digests_available": false})
    );
    let (ok, said) = send_digests(&a, true);
    assert!(!ok && said.contains("sends no email"), "{said}");
    // The form offers no email either; the address route is in the API's document.
    let (_, page) = login(&a, "sam").await.get(&a, "/groups/coop").await;
    assert!(!page.contains("email_daily"), "{page}");
    let doc = a.get("/api/v1/openapi.json", None).await;
    for method in ["get", "put"] {
        assert!(
            doc["paths"]["/api/v1/me/email"][method].is_object(),
            "{method}"
        );
    }
}
