//! The web interface over plain HTTP: CSRF protection, security headers, cookies, registration
//! modes. (The browser tests cover the pages as a person uses them.)

use reqwest::{header, StatusCode};

use crate::harness::Node;

/// A client that keeps cookies, like a browser, and does not follow redirects.
pub fn browser_like() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn csrf_of(html: &str) -> String {
    let start = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token")
        + 19;
    html[start..start + 64].to_string()
}

fn cookie_value(set_cookies: &[String], name: &str) -> String {
    set_cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| c[name.len() + 1..].split(';').next().unwrap().to_string())
        .unwrap_or_else(|| panic!("no {name} cookie in {set_cookies:?}"))
}

fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_need_their_csrf_token_and_pages_carry_security_headers() {
    let a = Node::start("A", 0).await;
    let http = browser_like();

    let page = http
        .get(a.url("/register"))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(page.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let cookies = set_cookies(&page);
    let csrf_cookie = cookies
        .iter()
        .find(|c| c.starts_with("maillon_csrf="))
        .unwrap();
    assert!(
        csrf_cookie.contains("HttpOnly") && csrf_cookie.contains("SameSite=Strict"),
        "{csrf_cookie}"
    );
    let token = cookie_value(&cookies, "maillon_csrf");
    let html = page.text().await.unwrap();
    assert_eq!(csrf_of(&html), token);
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("<label for=\"username\">"));

    let form = [
        ("username", "dominique"),
        ("password", "un mot de passe"),
        ("password_again", "un mot de passe"),
    ];
    // No token, or a token that is not the cookie's: 403, no account.
    for (cookie, field) in [(None, None), (Some(token.as_str()), Some("0".repeat(64)))] {
        let mut request = http.post(a.url("/register")).form(&form);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, format!("maillon_csrf={cookie}"));
        }
        if let Some(field) = field {
            request = http
                .post(a.url("/register"))
                .header(header::COOKIE, format!("maillon_csrf={token}"))
                .form(&[form[0], form[1], form[2], ("csrf", field.as_str())]);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(
        a.count("SELECT COUNT(*) FROM accounts WHERE $1 = $1", "x")
            .await,
        0
    );

    // With the token: the account is created and a session cookie is set.
    let response = http
        .post(a.url("/register"))
        .header(header::COOKIE, format!("maillon_csrf={token}"))
        .form(&[form[0], form[1], form[2], ("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "{}",
        response.text().await.unwrap()
    );
    let session = set_cookies(&response)
        .into_iter()
        .find(|c| c.starts_with("maillon_session="))
        .expect("session cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );
    assert_eq!(
        a.count("SELECT COUNT(*) FROM accounts WHERE $1 = $1", "x")
            .await,
        1
    );
    let secret = cookie_value(&[session], "maillon_session");
    let home = http
        .get(a.url("/"))
        .header(
            header::COOKIE,
            format!("maillon_session={secret}; maillon_csrf={token}"),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("action=\"/logout\""), "logged in");
}

/// A logged-in browser session: its cookies and its CSRF token.
pub struct WebSession {
    cookies: String,
    csrf: String,
}

pub async fn web_login(
    node: &Node,
    http: &reqwest::Client,
    username: &str,
    password: &str,
) -> WebSession {
    let page = http.get(node.url("/login")).send().await.unwrap();
    let csrf = cookie_value(&set_cookies(&page), "maillon_csrf");
    let response = http
        .post(node.url("/login"))
        .header(header::COOKIE, format!("maillon_csrf={csrf}"))
        .form(&[
            ("username", username),
            ("password", password),
            ("csrf", &csrf),
            ("back", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let session = cookie_value(&set_cookies(&response), "maillon_session");
    WebSession {
        cookies: format!("maillon_session={session}; maillon_csrf={csrf}"),
        csrf,
    }
}

impl WebSession {
    /// The `Cookie` header of this session, for GETs.
    pub fn cookies(&self) -> &str {
        &self.cookies
    }

    pub async fn post(
        &self,
        node: &Node,
        http: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        fields.push(("csrf", &self.csrf));
        http.post(node.url(path))
            .header(header::COOKIE, &self.cookies)
            .form(&fields)
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_modes_decide_who_gets_an_account() {
    let a = Node::start("A", 0).await;
    a.admin("claude").await;
    let member = a.user("membre").await;
    let http = browser_like();
    let admin = web_login(&a, &http, "claude", "claude-password-123").await;
    let set_mode = |mode: &'static str| {
        let (admin, a, http) = (&admin, &a, &http);
        async move {
            let response = admin
                .post(a, http, "/admin/registration", &[("mode", mode)])
                .await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{mode}");
            let location = response.headers()[header::LOCATION].to_str().unwrap();
            assert_eq!(location, "/admin?notice=notice-saved", "{mode}");
        }
    };
    let register = |username: &'static str, extra: serde_json::Value| {
        let mut body = serde_json::json!({"username": username, "password": "un mot de passe"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };

    // A member who is not an admin may not change the mode.
    let not_admin = web_login(&a, &http, &member.name, "membre-password-123").await;
    let refused = not_admin
        .post(&a, &http, "/admin/registration", &[("mode", "open")])
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // Approval: the account exists but cannot log in until an admin approves it.
    set_mode("approval").await;
    let (status, body) = a
        .api(
            reqwest::Method::POST,
            "/api/v1/accounts",
            None,
            Some(register(
                "elise",
                serde_json::json!({"application": "Je suis de l'antenne"}),
            )),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["approved"], false);
    let login = serde_json::json!({"username": "elise", "password": "un mot de passe"});
    let (status, body) = a
        .api(
            reqwest::Method::POST,
            "/api/v1/auth/login",
            None,
            Some(login.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "awaiting_approval");
    let elise_id = a
        .count(
            "SELECT id FROM accounts WHERE approved = FALSE AND $1 = $1",
            "x",
        )
        .await;
    let approved = admin
        .post(
            &a,
            &http,
            &format!("/admin/accounts/{elise_id}/approve"),
            &[],
        )
        .await;
    assert_eq!(approved.status(), StatusCode::SEE_OTHER);
    let (status, _) = a
        .api(
            reqwest::Method::POST,
            "/api/v1/auth/login",
            None,
            Some(login),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // Invite: without a code, refused; with a code from the admin page, once.
    set_mode("invite").await;
    let (status, body) = a
        .api(
            reqwest::Method::POST,
            "/api/v1/accounts",
            None,
            Some(register("fabien", serde_json::json!({}))),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "invite_required");
    let page = admin
        .post(&a, &http, "/admin/invites", &[])
        .await
        .text()
        .await
        .unwrap();
    let start = page
        .find("register?invite=")
        .expect("an invite link on the admin page")
        + 16;
    let code = page[start..start + 64].to_string();
    let (status, body) = a
        .api(
            reqwest::Method::POST,
            "/api/v1/accounts",
            None,
            Some(register("fabien", serde_json::json!({"invite": code}))),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = a
        .api(
            reqwest::Method::POST,
            "/api/v1/accounts",
            None,
            Some(register("gaelle", serde_json::json!({"invite": code}))),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "an invite is spent once: {body}"
    );
    assert_eq!(body["error"], "invalid_invite");

    // Closed: refused, and NodeInfo says so.
    set_mode("closed").await;
    let (status, body) = a
        .api(
            reqwest::Method::POST,
            "/api/v1/accounts",
            None,
            Some(register("gael", serde_json::json!({}))),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "registration_closed");
    let info = a.get("/nodeinfo/2.1", None).await;
    assert_eq!(info["openRegistrations"], false);
    assert_eq!(
        a.count("SELECT COUNT(*) FROM accounts WHERE $1 = $1", "x")
            .await,
        4,
        "claude, membre, elise, fabien"
    );
}

/// Every form control has a label, the page has one `h1` and says its language.
pub fn assert_accessible(path: &str, html: &str) {
    assert!(
        html.contains("<html lang=\"fr\">") || html.contains("<html lang=\"en\">"),
        "{path}: no lang"
    );
    assert_eq!(html.matches("<h1").count(), 1, "{path}: one h1");
    for tag in ["<input", "<textarea", "<select"] {
        for (at, _) in html.match_indices(tag) {
            let end = html[at..].find('>').map(|e| at + e).unwrap();
            let element = &html[at..end];
            if element.contains("type=\"hidden\"") {
                continue;
            }
            if element.contains("type=\"checkbox\"") || element.contains("type=\"radio\"") {
                // Wrapped in its label.
                let before = &html[..at];
                let open = before.rfind("<label").unwrap_or(0);
                assert!(
                    before.rfind("</label>").is_none_or(|close| close < open),
                    "{path}: {element}"
                );
                continue;
            }
            let id_start = element
                .find(" id=\"")
                .unwrap_or_else(|| panic!("{path}: {element} has no id"))
                + 5;
            let id = &element[id_start..id_start + element[id_start..].find('"').unwrap()];
            assert!(
                html.contains(&format!("<label for=\"{id}\"")),
                "{path}: {id} has no label"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_is_labelled_headed_and_in_a_language() {
    let a = Node::start("A", 0).await;
    a.admin("claude").await;
    let alice = a.user("alice").await;
    a.group("rennes", "approval", &alice);
    let http = browser_like();
    let admin = web_login(&a, &http, "claude", "claude-password-123").await;
    let moderator = web_login(&a, &http, "alice", "alice-password-123").await;
    for (session, path) in [
        (None, "/"),
        (None, "/login"),
        (None, "/register"),
        (None, "/groups/rennes"),
        (None, "/users/alice"),
        (Some(&admin), "/follow"),
        (Some(&admin), "/settings"),
        (Some(&admin), "/admin"),
        (Some(&moderator), "/groups/rennes"),
        (None, "/groups/inconnu"),
    ] {
        let mut request = http
            .get(a.url(path))
            .header("accept-language", "fr-BE,fr;q=0.9");
        if let Some(session) = session {
            request = request.header(header::COOKIE, &session.cookies);
        }
        let response = request.send().await.unwrap();
        let html = response.text().await.unwrap();
        assert_accessible(path, &html);
    }
}
