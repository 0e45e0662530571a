//! The one place where ActivityPub ids of this node are minted and recognised.

use url::Url;

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

    /// A fresh activity id: `/activities/follow/UUID`.
    pub fn new_activity(&self, kind: &str) -> Url {
        self.join(&format!(
            "/activities/{}/{}",
            kind.to_ascii_lowercase(),
            uuid::Uuid::new_v4()
        ))
    }

    pub fn is_local(&self, url: &Url) -> bool {
        url.scheme() == self.base.scheme()
            && url.host_str() == self.base.host_str()
            && url.port_or_known_default() == self.base.port_or_known_default()
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
        assert!(urls
            .new_activity("Follow")
            .path()
            .starts_with("/activities/follow/"));
    }
}
