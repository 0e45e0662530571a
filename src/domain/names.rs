//! Local user and group names: what a handle like `@rennes@node.example` may contain.

use std::fmt;

/// A validated local name: 1 to 30 characters among `a-z`, `0-9` and `_`, starting with a letter
/// or digit. Lowercase only, so `Rennes` and `rennes` can never be two different actors.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LocalName(String);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("a name needs 1 to 30 characters")]
    Length,
    #[error("a name may only contain lowercase letters a-z, digits and _")]
    Characters,
    #[error("a name must start with a letter or a digit")]
    Start,
    #[error("this name is reserved")]
    Reserved,
}

/// Names that would be confusing as handles or clash with our own routes.
const RESERVED: &[&str] = &[
    "admin", "api", "actor", "inbox", "instance", "root", "maillon",
];

impl LocalName {
    pub fn parse(raw: &str) -> Result<LocalName, NameError> {
        let name = raw.trim();
        if name.is_empty() || name.chars().count() > 30 {
            return Err(NameError::Length);
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(NameError::Characters);
        }
        if name.starts_with('_') {
            return Err(NameError::Start);
        }
        if RESERVED.contains(&name) {
            return Err(NameError::Reserved);
        }
        Ok(LocalName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LocalName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A handle as people type it: `@rennes@node.example`, `rennes@node.example` or
/// `acct:rennes@node.example`. Only the shape is checked here; resolving it is federation's job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handle {
    pub name: String,
    pub domain: String,
}

impl Handle {
    pub fn parse(raw: &str) -> Option<Handle> {
        let raw = raw.trim();
        let raw = raw.strip_prefix("acct:").unwrap_or(raw);
        let raw = raw.strip_prefix('@').unwrap_or(raw);
        let (name, domain) = raw.split_once('@')?;
        let name_ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        let domain_ok = !domain.is_empty()
            && domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
        if !name_ok || !domain_ok {
            return None;
        }
        Some(Handle {
            name: name.to_string(),
            domain: domain.to_ascii_lowercase(),
        })
    }

    /// `name@domain`, the form WebFinger takes.
    pub fn acct(&self) -> String {
        format!("{}@{}", self.name, self.domain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names() {
        assert_eq!(LocalName::parse("rennes").unwrap().as_str(), "rennes");
        assert_eq!(LocalName::parse("ca_2027").unwrap().as_str(), "ca_2027");
        assert_eq!(LocalName::parse("Rennes"), Err(NameError::Characters));
        assert_eq!(LocalName::parse("a b"), Err(NameError::Characters));
        assert_eq!(LocalName::parse(""), Err(NameError::Length));
        assert_eq!(LocalName::parse(&"a".repeat(31)), Err(NameError::Length));
        assert_eq!(LocalName::parse("_x"), Err(NameError::Start));
        assert_eq!(LocalName::parse("admin"), Err(NameError::Reserved));
    }

    #[test]
    fn handles_in_every_usual_spelling() {
        let expected = Handle {
            name: "rennes".into(),
            domain: "node.example".into(),
        };
        for raw in [
            "@rennes@node.example",
            "rennes@node.example",
            "acct:rennes@node.example",
            " @rennes@Node.Example ",
        ] {
            assert_eq!(Handle::parse(raw).as_ref(), Some(&expected), "{raw}");
        }
        assert_eq!(
            Handle::parse("rennes@localhost:8002").unwrap().domain,
            "localhost:8002"
        );
        assert!(Handle::parse("rennes").is_none());
        assert!(Handle::parse("@rennes@").is_none());
        assert!(Handle::parse("ren nes@x.org").is_none());
        assert!(Handle::parse("a@b/c").is_none());
    }
}
