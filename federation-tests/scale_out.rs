//! Scale-out: two `maillon serve` processes of one node, on one PostgreSQL database, behind a
//! balancer (a round-robin TCP proxy, as a reverse proxy would spread connections). Both take
//! requests and both deliver: a fan-out of posts to four servers (three fake peers that record
//! what they get, with two followers each behind a shared inbox, and a real node) reaches every
//! server exactly once per activity while both run, and with none lost when one process is
//! killed with SIGKILL midway.
//!
//! SQLite has one writer per file: a scale-out node needs PostgreSQL, so without
//! `MAILLON_TEST_DATABASE_URL` the test says it is skipped and returns.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

use serde_json::{json, Value};
use tokio::{net::TcpStream, task::JoinHandle};

use crate::{
    harness::{eventually, group_posts, join, Node, User},
    peer::{fake_joins, Canned, FakePeer},
};

/// Deliveries each process keeps in flight: few, so that neither can take the whole fan-out.
const CONCURRENCY: usize = 2;
/// How long the fake peers take to answer, so the work lasts long enough to be shared.
const PEER_DELAY: Duration = Duration::from_millis(300);

/// A round-robin TCP balancer on `localhost:PORT` (the node's public name). A connection goes
/// to the next process that accepts it, so a dead process is skipped.
struct Balancer {
    domain: String,
    backends: Arc<Mutex<Vec<u16>>>,
    task: JoinHandle<()>,
}

impl Drop for Balancer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Balancer {
    async fn start() -> Balancer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let domain = format!("localhost:{}", listener.local_addr().unwrap().port());
        let backends: Arc<Mutex<Vec<u16>>> = Arc::default();
        let next = Arc::new(AtomicUsize::new(0));
        let task = tokio::spawn({
            let backends = backends.clone();
            async move {
                loop {
                    let Ok((mut inbound, _)) = listener.accept().await else {
                        continue;
                    };
                    let ports = backends.lock().unwrap().clone();
                    let first = next.fetch_add(1, Ordering::Relaxed);
                    tokio::spawn(async move {
                        for i in 0..ports.len() {
                            let port = ports[(first + i) % ports.len()];
                            if let Ok(mut outbound) = TcpStream::connect(("127.0.0.1", port)).await
                            {
                                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound)
                                    .await;
                                return;
                            }
                        }
                    });
                }
            }
        });
        Balancer {
            domain,
            backends,
            task,
        }
    }

    fn add(&self, process: &Node) {
        self.backends.lock().unwrap().push(process.port);
    }
}

/// Creates a post in the group through `process` itself (not the balancer), so that the
/// commit wakes that process's delivery workers.
async fn post_via(process: &Node, user: &User, text: &str) {
    let response = process
        .http
        .post(process.direct_url("/api/v1/groups/rennes/posts"))
        .bearer_auth(&user.token)
        .json(&json!({"content": text}))
        .send()
        .await
        .expect("post");
    assert!(
        response.status().is_success(),
        "post through {}: {}",
        process.name,
        response.status()
    );
}

/// How many deliveries `process` logged as done (JSON log lines).
fn delivered_by(process: &Node) -> usize {
    process
        .log()
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["fields"]["message"] == "delivered")
        .count()
}

/// The Announces a fake peer received on its shared inbox: (POSTs, distinct activity ids).
fn announces(peer: &FakePeer) -> (usize, BTreeSet<String>) {
    let received: Vec<Value> = peer
        .received("/inbox")
        .into_iter()
        .filter(|activity| activity["type"] == "Announce")
        .collect();
    let ids = received
        .iter()
        .map(|activity| activity["id"].as_str().expect("id").to_string())
        .collect();
    (received.len(), ids)
}

async fn pending(process: &Node) -> i64 {
    process
        .count(
            "SELECT COUNT(*) FROM deliveries WHERE state = $1",
            "pending",
        )
        .await
}

/// Waits until every server has every one of `posts` posts and the queue is empty.
async fn all_arrive(process: &Node, peers: &[FakePeer], real: &Node, group: &str, posts: usize) {
    eventually(
        &format!("{posts} posts on every server, queue empty"),
        120,
        || async {
            let peers_done = peers.iter().all(|peer| announces(peer).1.len() >= posts);
            let real_done = group_posts(real, group).await.len() >= posts;
            (peers_done && real_done && pending(process).await == 0).then_some(())
        },
    )
    .await;
}

/// Each server has each post's activity exactly once, or (`allowed_repeats`) at least once,
/// with at most that many extra POSTs in all. Returns the number of repeats.
async fn check_each_once(
    peers: &[FakePeer],
    real: &Node,
    group: &str,
    texts: &[String],
    allowed_repeats: usize,
) -> usize {
    let mut repeats = 0;
    let mut id_sets = Vec::new();
    for peer in peers {
        let (posts, ids) = announces(peer);
        assert_eq!(ids.len(), texts.len(), "{}: every activity", peer.domain);
        repeats += posts - ids.len();
        id_sets.push(ids);
    }
    assert!(
        id_sets.windows(2).all(|pair| pair[0] == pair[1]),
        "every server got the same activities"
    );
    assert!(
        repeats <= allowed_repeats,
        "{repeats} activities sent twice (at most {allowed_repeats} allowed)"
    );
    // The real node keeps each post once, whatever it was sent.
    let stored = group_posts(real, group).await;
    assert_eq!(stored.len(), texts.len(), "{}", real.name);
    let mut per_text: BTreeMap<&str, usize> = BTreeMap::new();
    for post in &stored {
        let content = post["content"].as_str().unwrap_or("");
        if let Some(text) = texts.iter().find(|t| content.contains(t.as_str())) {
            *per_text.entry(text).or_default() += 1;
        }
    }
    for text in texts {
        assert_eq!(
            per_text.get(text.as_str()),
            Some(&1),
            "{text} on {}",
            real.name
        );
    }
    repeats
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_one_postgres_share_a_fan_out_each_activity_once() {
    let Some(postgres) = maillon::testing::TempPostgres::from_env().await else {
        eprintln!(
            "scale_out: skipped, it needs PostgreSQL (set MAILLON_TEST_DATABASE_URL); \
             SQLite is not a scale-out setup"
        );
        return;
    };
    let balancer = Balancer::start().await;
    let concurrency = CONCURRENCY.to_string();
    let env = [
        ("MAILLON_DELIVERY_CONCURRENCY", concurrency.as_str()),
        ("MAILLON_LOG_JSON", "true"),
    ];
    // The first process creates the schema; the second finds it there.
    let a = Node::start_process("A", &balancer.domain, &postgres.url, &env).await;
    balancer.add(&a);
    let mut b = Node::start_process("B", &balancer.domain, &postgres.url, &env).await;
    balancer.add(&b);

    let alice = a.user("alice").await;
    let group = a.group("rennes", "open", &alice);
    let group_url = a.url("/groups/rennes");

    let mut peers = Vec::new();
    for p in 0..3 {
        let peer = FakePeer::start().await;
        for f in 0..2 {
            let follower = peer.actor(&format!("f{p}{f}"), "Person");
            fake_joins(&a, &group_url, &follower).await;
        }
        peer.set("POST", "/inbox", Canned::status(202).slow(PEER_DELAY));
        peers.push(peer);
    }
    // A real node too (SQLite), whose member joins through the balancer.
    let real = Node::start("R", 1).await;
    let rose = real.user("rose").await;
    join(&real, &rose, &group).await;
    eventually("the Accepts delivered", 30, || async {
        (pending(&a).await == 0).then_some(())
    })
    .await;

    // Both processes running: posts through each in turn.
    const FIRST: usize = 8;
    let before = (delivered_by(&a), delivered_by(&b));
    let mut texts = Vec::new();
    for n in 0..FIRST {
        let text = format!("envoi partagé {n}");
        post_via(if n % 2 == 0 { &a } else { &b }, &alice, &text).await;
        texts.push(text);
    }
    all_arrive(&a, &peers, &real, &group, FIRST).await;
    let repeats = check_each_once(&peers, &real, &group, &texts, 0).await;
    assert_eq!(repeats, 0);
    let shares = (delivered_by(&a) - before.0, delivered_by(&b) - before.1);
    assert_eq!(
        shares.0 + shares.1,
        FIRST * (peers.len() + 1),
        "one delivery per post and server"
    );
    assert!(
        shares.0 > 0 && shares.1 > 0,
        "both processes delivered: {shares:?}"
    );
    eprintln!("scale_out: deliveries by process A and B: {shares:?}");
    assert_eq!(
        a.count("SELECT COUNT(*) FROM deliveries WHERE state = $1", "failed")
            .await,
        0
    );

    // More posts, and B is killed with SIGKILL while the fan-out is under way.
    const SECOND: usize = 6;
    for n in 0..SECOND {
        let text = format!("envoi interrompu {n}");
        post_via(if n % 2 == 0 { &a } else { &b }, &alice, &text).await;
        texts.push(text);
    }
    // The last post went through B, whose workers are now sending: kill it there.
    b.kill9();
    assert!(
        pending(&a).await > 0,
        "B was killed while the fan-out was under way"
    );
    // A takes over what B held once B's leases run out (30 s).
    all_arrive(&a, &peers, &real, &group, FIRST + SECOND).await;
    // Only what B was sending when it died can have gone twice (the receiver had it, B had not
    // yet recorded it): at most its concurrency. Receivers deduplicate by activity id.
    let repeats = check_each_once(&peers, &real, &group, &texts, CONCURRENCY).await;
    eprintln!("scale_out: sent again after the kill: {repeats}");
    assert_eq!(
        a.count("SELECT COUNT(*) FROM deliveries WHERE state = $1", "failed")
            .await,
        0
    );
}
