//! The one place where ActivityPub ids of this node are minted and recognised.

use url::Url;

/// Longest id (URL) accepted from a peer. PostgreSQL cannot index a value longer than about
/// 2.7 kB, so a longer id would fail to store there (a 503, retried for ever) while SQLite took
/// it; no real server mints ids this long.
pub const MAX_ID_CHARS: usize = 2048;

/// `host[:port]` of a URL: what "the same server" means. Ports count, so `localhost:8001` and
/// `localhost:8002` are two servers (the federation library compares host names only).
pub fn origin(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// Whether two URLs live on the same server (same host, same port).
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.host_str().is_some() && origin(a) == origin(b)
}

#[derive(Clone, Debug)]
pub struct Urls {
    base: Url,
}

impl Urls {
    pub fn new(base: Url) -> Urls {
        Urls { base }
    }

    fn join(&self, path: &str) -> Url {
        self.base.join(path).expect("static path joins")
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    /// `host[:port]` as it appears in handles.
    pub fn domain(&self) -> String {
        let host = self.base.host_str().unwrap_or_default();
        match self.base.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        }
    }

    pub fn person(&self, name: &str) -> Url {
        self.join(&format!("/users/{name}"))
    }

    pub fn group(&self, name: &str) -> Url {
        self.join(&format!("/groups/{name}"))
    }

    /// The node's own actor, used to sign fetches.
    pub fn instance_actor(&self) -> Url {
        self.join("/actor")
    }

    pub fn shared_inbox(&self) -> Url {
        self.join("/inbox")
    }

    pub fn inbox_of(&self, actor: &Url) -> Url {
        Url::parse(&format!("{actor}/inbox")).expect("actor url")
    }

    pub fn outbox_of(&self, actor: &Url) -> Url {
        Url::parse(&format!("{actor}/outbox")).expect("actor url")
    }

    pub fn followers_of(&self, actor: &Url) -> Url {
        Url::parse(&format!("{actor}/followers")).expect("actor url")
    }

    pub fn moderators_of(&self, group: &Url) -> Url {
        Url::parse(&format!("{group}/moderators")).expect("group url")
    }

    pub fn new_post(&self) -> Url {
        self.join(&format!("/posts/{}", uuid::Uuid::new_v4()))
    }

    /// A fresh id for an object of a decision process: `/processes/UUID`, `/proposals/UUID`,
    /// `/votes/UUID`, `/ballots/UUID`.
    pub fn new_object(&self, collection: &str) -> Url {
        self.join(&format!("/{collection}/{}", uuid::Uuid::new_v4()))
    }

    /// A fresh activity id: `/activities/follow/UUID`.
    pub fn new_activity(&self, kind: &str) -> Url {
        self.join(&format!(
            "/activities/{}/{}",
            kind.to_ascii_lowercase(),
            uuid::Uuid::new_v4()
        ))
    }

    /// Whether `url` is on this node: same host and port, whatever the scheme (as the
    /// federation library sees it), so `http://` spellings of our ids are ours too.
    pub fn is_local(&self, url: &Url) -> bool {
        url.host_str().is_some() && origin(url) == self.domain()
    }

    pub fn is_local_str(&self, url: &str) -> bool {
        Url::parse(url).map(|u| self.is_local(&u)).unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_live_under_the_base() {
        let urls = Urls::new(Url::parse("http://localhost:8001").unwrap());
        assert_eq!(
            urls.group("rennes").as_str(),
            "http://localhost:8001/groups/rennes"
        );
        assert_eq!(
            urls.inbox_of(&urls.person("alice")).as_str(),
            "http://localhost:8001/users/alice/inbox"
        );
        assert_eq!(urls.domain(), "localhost:8001");
        assert!(urls.is_local(&urls.new_post()));
        assert!(!urls.is_local(&Url::parse("http://localhost:8002/users/a").unwrap()));
        assert!(urls.is_local(&Url::parse("https://localhost:8001/posts/x").unwrap()));
        assert!(!urls.is_local(&Url::parse("http://localhost/posts/x").unwrap()));
        assert!(urls
            .new_activity("Follow")
            .path()
            .starts_with("/activities/follow/"));
    }

    #[test]
    fn origins_count_the_port() {
        let a = Url::parse("http://localhost:8001/users/a").unwrap();
        let b = Url::parse("http://localhost:8002/users/a").unwrap();
        assert!(!same_origin(&a, &b));
        assert!(same_origin(
            &a,
            &Url::parse("https://localhost:8001/x").unwrap()
        ));
        assert_eq!(
            origin(&Url::parse("https://Rennes.Example.coop/x").unwrap()),
            "rennes.example.coop"
        );
        // A look-alike host is shown in its ASCII (punycode) form, never as the letters it mimics.
        let lookalike = Url::parse("https://rennes.ex\u{0430}mple.coop/users/alice").unwrap();
        assert!(origin(&lookalike).is_ascii());
        assert!(
            origin(&lookalike).contains("xn--"),
            "{}",
            origin(&lookalike)
        );
    }
}
