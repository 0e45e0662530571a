//! Browser tests: Debian's Chromium driven over WebDriver (chromedriver), in French, against
//! real nodes. A person registers on node A, follows a group of node B by its handle, posts in
//! it, and sees a reply made on node B; bad form input shows a message next to the field and
//! changes nothing. The scenario runs with JavaScript off and on.
//!
//! Without `chromedriver` the tests say so and stop, unless `MAILLON_REQUIRE_BROWSER=1` (set by
//! `.ci/run`, which installs the packages). With `MAILLON_UPDATE_SCREENSHOTS=1` the screenshots
//! of the user guide (`docs/user-guide/*.png`) are taken again.

use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::harness::{eventually, group_posts, post_arrives, Node};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

pub(crate) struct Browser {
    pub(crate) client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
    shots: Option<PathBuf>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

pub(crate) fn browser_available() -> bool {
    let present = Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists();
    if !present {
        assert!(
            std::env::var("MAILLON_REQUIRE_BROWSER").is_err(),
            "MAILLON_REQUIRE_BROWSER is set but {CHROMEDRIVER} or {CHROMIUM} is missing"
        );
        eprintln!("browser test not run: install Debian's chromium and chromium-driver");
    }
    present
}

impl Browser {
    pub(crate) async fn start(javascript: bool) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().unwrap();
        let mut prefs = json!({"intl.accept_languages": "fr-FR,fr"});
        if !javascript {
            prefs["profile.managed_default_content_settings.javascript"] = json!(2);
        }
        let options = json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--lang=fr-FR", "--window-size=1000,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ],
            "prefs": prefs,
        });
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        let webdriver = format!("http://127.0.0.1:{port}");
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = eventually("chromedriver to accept a session", 30, || {
            let capabilities = capabilities.clone();
            let connector = connector.clone();
            let webdriver = webdriver.clone();
            async move {
                ClientBuilder::new(connector)
                    .capabilities(capabilities)
                    .connect(&webdriver)
                    .await
                    .ok()
            }
        })
        .await;
        let shots = std::env::var("MAILLON_UPDATE_SCREENSHOTS")
            .is_ok()
            .then(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/user-guide"));
        Browser {
            client,
            driver,
            _profile: profile,
            shots,
        }
    }

    pub(crate) async fn go(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    pub(crate) async fn fill(&self, css: &str, text: &str) {
        let field = self.client.find(Locator::Css(css)).await.expect(css);
        field.clear().await.expect("clear");
        field.send_keys(text).await.expect("type");
    }

    /// Clicks the form's button and waits until the browser has left the page (the answer
    /// to the POST has loaded): navigating sooner would cancel the request (seen under load
    /// in CI: a follow that never reached the node).
    pub(crate) async fn submit(&self, form_action: &str) {
        let css = format!("form[action='{form_action}'] button[type=submit]");
        let page = self
            .client
            .find(Locator::Css("html"))
            .await
            .expect("the page");
        self.client
            .find(Locator::Css(&css))
            .await
            .expect(&css)
            .click()
            .await
            .expect("click");
        eventually(&format!("the answer to {form_action}"), 30, || async {
            // The old page's element goes stale once the next page has replaced it.
            page.tag_name().await.is_err().then_some(())
        })
        .await;
    }

    pub(crate) async fn text(&self) -> String {
        self.client
            .find(Locator::Css("body"))
            .await
            .expect("body")
            .text()
            .await
            .expect("text")
    }

    pub(crate) async fn html(&self) -> String {
        self.client.source().await.expect("source")
    }

    /// Saves a screenshot for the user guide when asked to.
    pub(crate) async fn shot(&self, name: &str) {
        if let Some(dir) = &self.shots {
            std::fs::create_dir_all(dir).unwrap();
            let png = self.client.screenshot().await.expect("screenshot");
            std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
        }
    }

    /// Waits (without reloading) until the page shows `needle` in its HTML: a click may
    /// return before the next page has loaded.
    pub(crate) async fn expect_html(&self, needle: &str) {
        eventually(&format!("{needle:?} in the page"), 15, || async {
            self.html().await.contains(needle).then_some(())
        })
        .await;
    }

    /// Reloads `url` until its text contains `needle`.
    pub(crate) async fn wait_for(&self, url: &str, needle: &str) {
        eventually(&format!("{needle:?} on {url}"), 30, || async {
            self.go(url).await;
            self.text().await.contains(needle).then_some(())
        })
        .await;
    }
}

async fn register_follow_post_and_see_reply(javascript: bool) {
    let a = Node::start("A", 0).await;
    let b = Node::start("B", 1).await;
    let bruno = b.user("bruno").await;
    let group = b.group("paris", "open", &bruno);
    let browser = Browser::start(javascript).await;

    // Registration, first with a mistake: the message sits next to the field, nothing is created.
    browser.go(&a.url("/register")).await;
    assert!(browser.html().await.contains("<html lang=\"fr\">"));
    browser.fill("#username", "camille").await;
    browser.fill("#password", "un mot de passe solide").await;
    browser
        .fill("#password_again", "un autre mot de passe")
        .await;
    browser.submit("/register").await;
    browser.expect_html("id=\"password_again-error\"").await;
    assert!(browser
        .text()
        .await
        .contains("Les deux mots de passe ne sont pas identiques."));
    assert_eq!(
        a.count("SELECT COUNT(*) FROM accounts WHERE $1 = $1", "x")
            .await,
        0
    );
    browser.shot("01-inscription-erreur").await;

    browser
        .fill("#password_again", "un mot de passe solide")
        .await;
    browser.fill("#password", "un mot de passe solide").await;
    browser.submit("/register").await;
    browser
        .expect_html("Bienvenue ! Votre compte est créé.")
        .await;
    browser.shot("02-accueil").await;

    // Following a group of node B by its handle.
    browser.go(&a.url("/follow")).await;
    browser.fill("#handle", &format!("@{group}")).await;
    browser.shot("03-suivre").await;
    browser.submit("/follow").await;
    let group_page = a.url(&format!("/groups/{group}"));
    browser
        .wait_for(&group_page, "Vous êtes membre de ce groupe.")
        .await;

    // An empty post is refused next to the field; then a real one.
    browser.fill("#content", "   ").await;
    browser.submit(&format!("/groups/{group}/posts")).await;
    browser.expect_html("id=\"content-error\"").await;
    browser.fill("#title", "Bonjour de Rennes").await;
    browser
        .fill("#content", "Qui vient à la **permanence** jeudi ?")
        .await;
    browser.submit(&format!("/groups/{group}/posts")).await;
    browser.expect_html("Message publié.").await;
    browser.shot("04-message").await;

    // The post reaches node B; bruno replies there; the reply shows on A.
    let on_b = post_arrives(&b, "paris", "permanence").await;
    b.post(
        &format!("/api/v1/posts/{}/replies", on_b["id"]),
        &bruno.token,
        json!({"content": "Moi, avec plaisir !"}),
    )
    .await;
    browser.wait_for(&group_page, "Moi, avec plaisir !").await;
    assert!(
        browser
            .text()
            .await
            .contains(&format!("depuis {}", b.domain)),
        "remote content shows its origin"
    );

    // Replying from A, in the thread page.
    let on_a = group_posts(&a, &group).await;
    let thread = a.url(&format!("/p/{}", on_a[0]["id"]));
    browser.go(&thread).await;
    browser.shot("05-discussion").await;
    browser.fill("#content", "Super, à jeudi.").await;
    browser
        .submit(&format!("/p/{}/replies", on_a[0]["id"]))
        .await;
    browser.expect_html("Réponse envoyée.").await;
    eventually("A's reply on B", 30, || async {
        let thread = b.get(&format!("/api/v1/posts/{}", on_b["id"]), None).await;
        (thread["replies"].as_array()?.len() == 2).then_some(())
    })
    .await;

    // Switching to English keeps the page.
    browser.go(&group_page).await;
    browser
        .client
        .find(Locator::Css("a[hreflang=en]"))
        .await
        .expect("language switch")
        .click()
        .await
        .unwrap();
    browser.expect_html("You are a member of this group.").await;
    let _ = browser.client.clone().close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_browser_without_javascript() {
    if browser_available() {
        register_follow_post_and_see_reply(false).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_browser_with_javascript() {
    if browser_available() {
        register_follow_post_and_see_reply(true).await;
    }
}
