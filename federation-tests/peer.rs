//! What the hostile and fault tests share: a fake peer (a small axum server on 127.0.0.1,
//! named `localhost:PORT`, that serves what a test tells it to and records every request), a
//! fake actor on it with a key the test holds, a small community on real nodes, and a
//! snapshot of what a node stores, to assert that a refusal changed nothing.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, Method, StatusCode, Uri},
    response::{IntoResponse, Response},
    Router,
};
use rsa::{
    pkcs8::{EncodePublicKey, LineEnding},
    RsaPrivateKey,
};
use serde_json::{json, Value};

use crate::{
    harness::{follow_reaches, join, Node, User},
    signing::{Signed, Signer},
};

pub const ACTIVITY_JSON: &str = "application/activity+json";

/// A canned answer of the fake peer.
#[derive(Clone)]
pub struct Canned {
    pub status: u16,
    pub content_type: String,
    pub body: String,
    pub location: Option<String>,
    /// Wait this long before answering.
    pub delay: Duration,
}

impl Canned {
    /// 200 with an ActivityPub document.
    pub fn json(value: &Value) -> Canned {
        Canned {
            status: 200,
            content_type: ACTIVITY_JSON.into(),
            body: value.to_string(),
            location: None,
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: u16) -> Canned {
        Canned {
            status,
            content_type: "text/plain".into(),
            body: format!("status {status}"),
            location: None,
            delay: Duration::ZERO,
        }
    }

    pub fn redirect(to: &str) -> Canned {
        Canned {
            location: Some(to.to_string()),
            ..Canned::status(302)
        }
    }

    pub fn content_type(mut self, content_type: &str) -> Canned {
        self.content_type = content_type.into();
        self
    }

    pub fn slow(mut self, delay: Duration) -> Canned {
        self.delay = delay;
        self
    }
}

/// A request the fake peer received.
#[derive(Clone, Debug)]
pub struct Hit {
    pub method: String,
    pub path: String,
    pub body: Vec<u8>,
}

#[derive(Default)]
struct PeerState {
    /// `"GET /users/x"` -> answer. Unknown GETs are 404, unknown POSTs 202.
    routes: Mutex<HashMap<String, Canned>>,
    hits: Mutex<Vec<Hit>>,
}

pub struct FakePeer {
    /// `localhost:PORT`
    pub domain: String,
    state: Arc<PeerState>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakePeer {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn answer(
    State(state): State<Arc<PeerState>>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    state.hits.lock().unwrap().push(Hit {
        method: method.to_string(),
        path: path.clone(),
        body: body.to_vec(),
    });
    let canned = state
        .routes
        .lock()
        .unwrap()
        .get(&format!("{method} {path}"))
        .cloned();
    let canned = match canned {
        Some(canned) => canned,
        None if method == Method::POST => Canned::status(202),
        None => Canned::status(404),
    };
    if !canned.delay.is_zero() {
        tokio::time::sleep(canned.delay).await;
    }
    let mut headers = HeaderMap::new();
    headers.insert("content-type", canned.content_type.parse().unwrap());
    if let Some(location) = &canned.location {
        headers.insert("location", location.parse().unwrap());
    }
    (
        StatusCode::from_u16(canned.status).unwrap(),
        headers,
        canned.body,
    )
        .into_response()
}

impl FakePeer {
    pub async fn start() -> FakePeer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(PeerState::default());
        let app = Router::new().fallback(answer).with_state(state.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakePeer {
            domain: format!("localhost:{port}"),
            state,
            server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.domain, path)
    }

    /// What `METHOD path` answers from now on.
    pub fn set(&self, method: &str, path: &str, canned: Canned) {
        self.state
            .routes
            .lock()
            .unwrap()
            .insert(format!("{method} {path}"), canned);
    }

    /// Serves `value` as an ActivityPub document at `path`.
    pub fn serve(&self, path: &str, value: &Value) {
        self.set("GET", path, Canned::json(value));
    }

    /// How many `METHOD path` requests arrived (answered or still waiting).
    pub fn hits(&self, method: &str, path: &str) -> usize {
        self.state
            .hits
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.method == method && h.path == path)
            .count()
    }

    /// Every request that arrived.
    pub fn all_hits(&self) -> Vec<Hit> {
        self.state.hits.lock().unwrap().clone()
    }

    /// Bodies POSTed to `path`, as JSON.
    pub fn received(&self, path: &str) -> Vec<Value> {
        self.state
            .hits
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.method == "POST" && h.path == path)
            .filter_map(|h| serde_json::from_slice(&h.body).ok())
            .collect()
    }

    /// A new actor on this peer, with a fresh key, its document served at `/users/NAME`.
    pub fn actor(&self, name: &str, kind: &str) -> FakeActor {
        let actor = FakeActor::new(self, name, kind);
        self.serve(&actor.path, &actor.document());
        actor
    }
}

pub fn new_key() -> RsaPrivateKey {
    RsaPrivateKey::new(&mut rand_core::OsRng, 2048).expect("RSA key")
}

pub fn public_pem(key: &RsaPrivateKey) -> String {
    rsa::RsaPublicKey::from(key)
        .to_public_key_pem(LineEnding::LF)
        .expect("public PEM")
}

/// An actor living on a [`FakePeer`]; the test holds its private key.
pub struct FakeActor {
    pub name: String,
    pub kind: String,
    /// `/users/NAME`
    pub path: String,
    pub url: String,
    pub inbox: String,
    pub shared_inbox: String,
    pub signer: Signer,
}

impl FakeActor {
    fn new(peer: &FakePeer, name: &str, kind: &str) -> FakeActor {
        let path = format!("/users/{name}");
        let url = peer.url(&path);
        FakeActor {
            name: name.to_string(),
            kind: kind.to_string(),
            inbox: format!("{url}/inbox"),
            shared_inbox: peer.url("/inbox"),
            signer: Signer {
                key_id: format!("{url}#main-key"),
                key: new_key(),
            },
            path,
            url,
        }
    }

    /// The actor document, with the public half of the current key.
    pub fn document(&self) -> Value {
        json!({
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": self.url,
            "type": self.kind,
            "preferredUsername": self.name,
            "inbox": self.inbox,
            "outbox": format!("{}/outbox", self.url),
            "followers": format!("{}/followers", self.url),
            "endpoints": {"sharedInbox": self.shared_inbox},
            "publicKey": {
                "id": self.signer.key_id,
                "owner": self.url,
                "publicKeyPem": public_pem(&self.signer.key),
            }
        })
    }

    pub fn signed(&self) -> Signed<'_> {
        Signed::new(&self.signer)
    }

    /// An activity of this actor, with an id on its server.
    pub fn activity(&self, kind: &str, n: &str, object: Value) -> Value {
        let base = self.url.split("/users/").next().unwrap();
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{base}/activities/{}/{n}", kind.to_ascii_lowercase()),
            "type": kind,
            "actor": self.url,
            "object": object,
        })
    }
}

pub fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

/// A group `rennes` on node A (moderated by alice, open), and bob on node B, a member.
pub struct Community {
    pub a: Node,
    pub b: Node,
    pub alice: User,
    pub bob: User,
    /// `rennes@localhost:PORT`
    pub group: String,
    pub group_url: String,
    /// bob's key, to sign by hand as B would.
    pub bob_signer: Signer,
}

impl Community {
    pub async fn start() -> Community {
        let a = Node::start("A", 0).await;
        let b = Node::start("B", 1).await;
        let alice = a.user("alice").await;
        let bob = b.user("bob").await;
        let group = a.group("rennes", "open", &alice);
        join(&b, &bob, &group).await;
        let bob_signer = signer_of(&b, &bob).await;
        Community {
            group_url: a.url("/groups/rennes"),
            a,
            b,
            alice,
            bob,
            group,
            bob_signer,
        }
    }

    pub fn group_inbox(&self) -> String {
        self.a.url("/groups/rennes/inbox")
    }

    /// A `Create` of a `Note` by bob in the group, with ids `test-N` on B.
    pub fn bob_note(&self, n: &str, text: &str) -> Value {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": self.b.url(&format!("/activities/create/test-{n}")),
            "type": "Create",
            "actor": self.bob.url,
            "to": [self.group_url, "https://www.w3.org/ns/activitystreams#Public"],
            "object": {
                "id": self.b.url(&format!("/posts/test-{n}")),
                "type": "Note",
                "attributedTo": self.bob.url,
                "to": [self.group_url, "as:Public"],
                "audience": self.group_url,
                "content": text,
            }
        })
    }

    /// POSTs `activity` signed by bob to the group's inbox on A.
    pub async fn bob_sends(&self, activity: &Value) -> reqwest::StatusCode {
        Signed::new(&self.bob_signer)
            .post(&self.a.http, &self.group_inbox(), &bytes(activity))
            .await
    }

    /// alice follows a fake group `jardin` on `peer`, which accepts.
    pub async fn follow_fake_group(&self, peer: &FakePeer) -> FakeActor {
        let group = peer.actor("jardin", "Group");
        self.a
            .post(
                "/api/v1/follows",
                &self.alice.token,
                json!({"handle": group.url}),
            )
            .await;
        let accept = group.activity(
            "Accept",
            "alice",
            json!({"type": "Follow", "actor": self.alice.url, "object": group.url}),
        );
        let status = group
            .signed()
            .post(&self.a.http, &self.a.url("/inbox"), &bytes(&accept))
            .await;
        assert_eq!(status, reqwest::StatusCode::ACCEPTED);
        let handle = format!("jardin@{}", peer.domain);
        follow_reaches(&self.a, &self.alice, &handle, "accepted").await;
        group
    }

    /// A fake actor follows the group on A (open: accepted at once).
    pub async fn fake_joins(&self, actor: &FakeActor) {
        fake_joins(&self.a, &self.group_url, actor).await;
    }
}

/// A fake actor follows the open group `group_url` of `node`: accepted at once.
pub async fn fake_joins(node: &Node, group_url: &str, actor: &FakeActor) {
    let follow = actor.activity("Follow", &format!("join-{}", actor.name), json!(group_url));
    let status = actor
        .signed()
        .post(&node.http, &format!("{group_url}/inbox"), &bytes(&follow))
        .await;
    assert_eq!(
        status,
        reqwest::StatusCode::ACCEPTED,
        "{} joins",
        actor.name
    );
}

/// The private key of a member, as its node signs with it.
pub async fn signer_of(node: &Node, user: &User) -> Signer {
    let pem = node
        .text(
            "SELECT private_key_pem FROM actors WHERE ap_id = $1",
            &user.url,
        )
        .await;
    Signer::from_pem(&format!("{}#main-key", user.url), &pem)
}

/// How many rows a node holds in the tables a hostile request could touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub actors: i64,
    pub posts: i64,
    pub follows: i64,
    pub received: i64,
    pub activities: i64,
    pub deliveries: i64,
}

pub async fn counts(node: &Node) -> Counts {
    let db = node.db().await;
    let mut values = Vec::new();
    for table in [
        "actors",
        "posts",
        "follows",
        "received_activities",
        "activities",
        "deliveries",
    ] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let n: i64 = match &db {
            maillon::storage::Db::Sqlite(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await,
            maillon::storage::Db::Postgres(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await,
        }
        .expect("count");
        values.push(n);
    }
    db.close().await;
    Counts {
        actors: values[0],
        posts: values[1],
        follows: values[2],
        received: values[3],
        activities: values[4],
        deliveries: values[5],
    }
}
