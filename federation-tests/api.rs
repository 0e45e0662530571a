//! The JSON API contract on a real node: accounts, login, errors, the OpenAPI document.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::Node;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_login_and_errors_follow_the_contract() {
    let a = Node::start("A", 0).await;

    let (status, body) = a
        .api(
            Method::POST,
            "/api/v1/accounts",
            None,
            Some(json!({"username": "zoe", "password": "un mot de passe"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["handle"], format!("zoe@{}", a.domain));

    // The same name again: 409, and the first account is untouched.
    let (status, body) = a
        .api(
            Method::POST,
            "/api/v1/accounts",
            None,
            Some(json!({"username": "zoe", "password": "autre mot de passe"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"], "name_taken");
    assert!(body["message"].as_str().unwrap().contains("zoe"));

    for (bad, code) in [
        (
            json!({"username": "Zoé!", "password": "un mot de passe"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"username": "yann", "password": "court"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (json!({"username": "yann"}), StatusCode::BAD_REQUEST),
    ] {
        let (status, body) = a
            .api(Method::POST, "/api/v1/accounts", None, Some(bad.clone()))
            .await;
        assert_eq!(status, code, "{bad} -> {body}");
        assert!(
            body["error"].is_string() && body["message"].is_string(),
            "{body}"
        );
    }
    let malformed = a
        .http
        .post(a.url("/api/v1/accounts"))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);

    let (status, body) = a
        .api(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"username": "zoe", "password": "autre mot de passe"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, body) = a
        .api(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"username": "zoe", "password": "un mot de passe"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let token = body["token"].as_str().unwrap().to_string();
    let me = a.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me["handle"], format!("zoe@{}", a.domain));
    assert_eq!(me["is_admin"], false);

    // Members do not create groups; admins do.
    let (status, _) = a
        .api(
            Method::POST,
            "/api/v1/groups",
            Some(&token),
            Some(json!({"name": "atelier", "display_name": "Atelier"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = a
        .api(Method::GET, "/api/v1/me", Some("not-a-token"), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = a
        .api(Method::GET, "/api/v1/groups/inconnu", None, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_document_lists_the_contract_routes() {
    let a = Node::start("A", 0).await;
    let doc = a.get("/api/v1/openapi.json", None).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/auth/login",
        "/api/v1/accounts",
        "/api/v1/groups",
        "/api/v1/groups/{group}",
        "/api/v1/follows",
        "/api/v1/follows/{handle}",
        "/api/v1/groups/{group}/members",
        "/api/v1/groups/{group}/members/{handle}/accept",
        "/api/v1/groups/{group}/members/{handle}/reject",
        "/api/v1/groups/{group}/posts",
        "/api/v1/posts/{id}/replies",
        "/api/v1/search",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from the OpenAPI document"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_and_operations_endpoints() {
    let a = Node::start("A", 0).await;
    let alice = a.user("alice").await;
    a.group("rennes", "approval", &alice);

    let finger = a
        .get(
            &format!("/.well-known/webfinger?resource=acct:rennes@{}", a.domain),
            None,
        )
        .await;
    assert_eq!(finger["subject"], format!("acct:rennes@{}", a.domain));
    let own = finger["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "self")
        .unwrap()
        .clone();
    assert_eq!(own["href"], a.url("/groups/rennes"));
    let (status, _) = a
        .api(
            Method::GET,
            &format!("/.well-known/webfinger?resource=acct:nobody@{}", a.domain),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let links = a.get("/.well-known/nodeinfo", None).await;
    assert_eq!(
        links["links"][0]["rel"],
        "http://nodeinfo.diaspora.software/ns/schema/2.1"
    );
    let info = a.get("/nodeinfo/2.1", None).await;
    assert_eq!(info["software"]["name"], "maillon");
    assert_eq!(info["usage"]["users"]["total"], 1);

    let group: serde_json::Value = a
        .http
        .get(a.url("/groups/rennes"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(group["type"], "Group");
    assert_eq!(group["manuallyApprovesFollowers"], true);
    assert_eq!(group["membership"], "approval");
    assert_eq!(group["@context"][1], "https://w3id.org/security/v1");
    assert_eq!(group["publicKey"]["owner"], a.url("/groups/rennes"));
    assert!(group["publicKey"]["publicKeyPem"]
        .as_str()
        .unwrap()
        .contains("BEGIN PUBLIC KEY"));
    assert_eq!(group["endpoints"]["sharedInbox"], a.url("/inbox"));
    let html = a.http.get(a.url("/groups/rennes")).send().await.unwrap();
    assert!(html.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));

    let instance: serde_json::Value = a
        .http
        .get(a.url("/actor"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(instance["type"], "Application");
    let outbox = a.http.get(a.url("/actor/outbox")).send().await.unwrap();
    assert_eq!(outbox.status(), StatusCode::OK);

    assert_eq!(
        a.http.get(a.url("/healthz")).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        a.http.get(a.url("/readyz")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let metrics = a
        .http
        .get(a.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("maillon_deliveries{state=\"pending\"}"),
        "{metrics}"
    );

    // The CLI: listing, and a clear one-line error with a non-zero exit.
    let out = a.cli(&["admin", "group", "list"], None);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("rennes"));
    let out = a.cli(
        &[
            "admin",
            "group",
            "create",
            "rennes",
            "--display-name",
            "Encore",
        ],
        None,
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("already taken"), "{err}");
    let out = a.cli(
        &["admin", "account", "create", "bob", "--password-stdin"],
        Some("court"),
    );
    assert!(!out.status.success());
}
