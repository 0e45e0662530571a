//! Typed configuration: defaults < `maillon.toml` (or `--config FILE`) < `MAILLON_*` environment.
//!
//! Read once at start-up by `main`; everything else receives a validated [`Config`].

use std::{fmt, net::SocketAddr, path::Path};

use figment::{
    providers::{Env, Format, Serialized, Toml},
    Figment,
};
use serde::{Deserialize, Serialize};

use crate::domain::registration::RegistrationMode;

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Public host name, with port when not 443: `localhost:8001`, `rennes.example.coop`.
    pub domain: String,
    /// Listen address.
    pub bind: SocketAddr,
    /// `sqlite://PATH` or `postgres://...`.
    pub database_url: String,
    /// Allows plain http and `host:port` peers. `None` means "on only for a localhost domain".
    #[serde(default, deserialize_with = "optional_flag")]
    pub dev_federation: Option<bool>,
    pub registration: RegistrationMode,
    /// Largest inbox body accepted, in bytes.
    pub max_inbox_body: usize,
    /// Deliveries sent at once by this process.
    pub delivery_concurrency: usize,
    /// Log lines as JSON objects instead of text.
    #[serde(deserialize_with = "flag")]
    pub log_json: bool,
    /// Activities accepted per minute from one remote server (bursts up to the same number).
    pub inbox_rate_per_minute: u32,
    /// Writes (posts, follows, settings...) per minute by one account, web and API together.
    pub write_rate_per_minute: u32,
    /// Login attempts per minute for one username.
    pub login_rate_per_minute: u32,
    // Email digests (`service::digests`): off while `smtp_host` or `smtp_from` is unset.
    /// SMTP server host name; unset: no email is sent and email digests are not offered.
    #[serde(default, deserialize_with = "optional_text")]
    pub smtp_host: Option<String>,
    /// SMTP port; unset: 25 without TLS, 587 with STARTTLS, 465 with implicit TLS.
    #[serde(default)]
    pub smtp_port: Option<u16>,
    #[serde(default, deserialize_with = "optional_text")]
    pub smtp_username: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub smtp_password: Option<String>,
    /// `none` (a local test server only), `starttls` or `tls` (implicit TLS).
    pub smtp_tls: SmtpTls,
    /// The sender of digests: `Maillon <noreply@rennes.example.coop>` or a bare address.
    #[serde(default, deserialize_with = "optional_text")]
    pub smtp_from: Option<String>,
    /// The hour (0-23, UTC) at which daily and weekly digests go out.
    pub digest_hour: u8,
    /// The day of weekly digests: `monday` ... `sunday`.
    pub digest_weekday: String,
}

/// How the SMTP connection is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text: for a server on the same machine (tests, a local relay).
    None,
    /// Plain connection upgraded with STARTTLS (required, not opportunistic).
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

/// Text that the environment may hand over as a number (`MAILLON_SMTP_PASSWORD=1234`).
fn optional_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Int(i64),
        Float(f64),
        Bool(bool),
    }
    Ok(match Option::<Raw>::deserialize(deserializer)? {
        None => None,
        Some(Raw::Text(t)) => Some(t),
        Some(Raw::Int(n)) => Some(n.to_string()),
        Some(Raw::Float(n)) => Some(n.to_string()),
        Some(Raw::Bool(b)) => Some(b.to_string()),
    }
    .filter(|t| !t.trim().is_empty()))
}

/// A yes/no setting as people write it in the environment or a file: `true`/`false`, `1`/`0`,
/// `yes`/`no`, `on`/`off` (the environment gives `1` as a number, not as a boolean).
fn flag<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Bool(bool),
        Int(i64),
        Text(String),
    }
    match Raw::deserialize(deserializer)? {
        Raw::Bool(b) => Ok(b),
        Raw::Int(1) => Ok(true),
        Raw::Int(0) => Ok(false),
        Raw::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Ok(true),
            "false" | "0" | "no" | "off" => Ok(false),
            _ => Err(serde::de::Error::custom(format!(
                "expected true or false (or 1/0, yes/no, on/off), got {t:?}"
            ))),
        },
        Raw::Int(n) => Err(serde::de::Error::custom(format!(
            "expected true or false (or 1/0), got {n}"
        ))),
    }
}

struct Flag(bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Flag, D::Error> {
        flag(deserializer).map(Flag)
    }
}

fn optional_flag<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<bool>, D::Error> {
    Ok(Option::<Flag>::deserialize(deserializer)?.map(|f| f.0))
}

/// Every configuration key, as `MAILLON_<KEY>` in the environment.
const KEYS: &[&str] = &[
    "domain",
    "bind",
    "database_url",
    "dev_federation",
    "registration",
    "max_inbox_body",
    "delivery_concurrency",
    "log_json",
    "inbox_rate_per_minute",
    "write_rate_per_minute",
    "login_rate_per_minute",
    "smtp_host",
    "smtp_port",
    "smtp_username",
    "smtp_password",
    "smtp_tls",
    "smtp_from",
    "digest_hour",
    "digest_weekday",
];

impl Default for Config {
    fn default() -> Self {
        Config {
            domain: "localhost:8080".into(),
            bind: "127.0.0.1:8080".parse().expect("valid default address"),
            database_url: "sqlite://data/maillon.db".into(),
            dev_federation: None,
            registration: RegistrationMode::Closed,
            max_inbox_body: 256 * 1024,
            delivery_concurrency: 16,
            log_json: false,
            inbox_rate_per_minute: 600,
            write_rate_per_minute: 60,
            login_rate_per_minute: 10,
            smtp_host: None,
            smtp_port: None,
            smtp_username: None,
            smtp_password: None,
            smtp_tls: SmtpTls::Starttls,
            smtp_from: None,
            digest_hour: 7,
            digest_weekday: "monday".into(),
        }
    }
}

// Secrets (a database password in the URL) never reach the logs.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("domain", &self.domain)
            .field("bind", &self.bind)
            .field("database_url", &redact_url(&self.database_url))
            .field("dev_federation", &self.dev_federation)
            .field("registration", &self.registration)
            .field("max_inbox_body", &self.max_inbox_body)
            .field("delivery_concurrency", &self.delivery_concurrency)
            .field("log_json", &self.log_json)
            .field("inbox_rate_per_minute", &self.inbox_rate_per_minute)
            .field("write_rate_per_minute", &self.write_rate_per_minute)
            .field("login_rate_per_minute", &self.login_rate_per_minute)
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("smtp_username", &self.smtp_username)
            .field("smtp_password", &self.smtp_password.as_ref().map(|_| "***"))
            .field("smtp_tls", &self.smtp_tls)
            .field("smtp_from", &self.smtp_from)
            .field("digest_hour", &self.digest_hour)
            .field("digest_weekday", &self.digest_weekday)
            .finish()
    }
}

fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

impl Config {
    /// Loads the layered configuration. A missing default `maillon.toml` is fine;
    /// a missing file named explicitly with `--config` is an error.
    pub fn load(explicit_file: Option<&Path>) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match explicit_file {
            Some(path) => {
                if !path.exists() {
                    anyhow::bail!("configuration file {} does not exist", path.display());
                }
                figment = figment.merge(Toml::file(path));
            }
            None => figment = figment.merge(Toml::file("maillon.toml")),
        }
        let config: Config = figment
            // Only our own keys: other MAILLON_* variables (test settings, say) are not ours.
            .merge(Env::prefixed("MAILLON_").only(KEYS))
            .extract()
            .map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?;
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> anyhow::Result<()> {
        let domain_ok = !self.domain.is_empty()
            && self
                .domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
            && url::Url::parse(&format!("http://{}/", self.domain)).is_ok();
        if !domain_ok {
            anyhow::bail!(
                "MAILLON_DOMAIN must be a host name with an optional port, got {:?}",
                self.domain
            );
        }
        if !(self.database_url.starts_with("sqlite:")
            || self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://"))
        {
            anyhow::bail!("MAILLON_DATABASE_URL must start with sqlite:// or postgres://");
        }
        if self.inbox_rate_per_minute == 0
            || self.write_rate_per_minute == 0
            || self.login_rate_per_minute == 0
        {
            anyhow::bail!("rate limits must be at least 1 per minute");
        }
        if self.delivery_concurrency == 0 {
            anyhow::bail!("delivery_concurrency must be at least 1");
        }
        if self.digest_hour > 23 {
            anyhow::bail!("MAILLON_DIGEST_HOUR is an hour of the day, 0 to 23 (UTC)");
        }
        if self.digest_weekday().is_none() {
            anyhow::bail!(
                "MAILLON_DIGEST_WEEKDAY is a day of the week in English (monday...), got {:?}",
                self.digest_weekday
            );
        }
        if self.smtp_host.is_some() != self.smtp_from.is_some() {
            anyhow::bail!("email digests need both MAILLON_SMTP_HOST and MAILLON_SMTP_FROM");
        }
        if let Some(from) = &self.smtp_from {
            if from.parse::<lettre::message::Mailbox>().is_err() {
                anyhow::bail!("MAILLON_SMTP_FROM is not an email address: {from:?}");
            }
        }
        if self.smtp_username.is_some() != self.smtp_password.is_some() {
            anyhow::bail!("MAILLON_SMTP_USERNAME and MAILLON_SMTP_PASSWORD go together");
        }
        Ok(())
    }

    /// Development federation: plain http, explicit ports, loopback peers.
    pub fn dev_federation(&self) -> bool {
        self.dev_federation.unwrap_or_else(|| {
            let host = self.domain.split(':').next().unwrap_or_default();
            host == "localhost" || host.ends_with(".localhost")
        })
    }

    /// Whether this node sends email (SMTP server and sender set): email digests are offered.
    pub fn sends_email(&self) -> bool {
        self.smtp_host.is_some() && self.smtp_from.is_some()
    }

    /// The weekday of weekly digests (validated at load).
    pub fn digest_weekday(&self) -> Option<chrono::Weekday> {
        self.digest_weekday.trim().parse().ok()
    }

    /// `http` in development federation, `https` otherwise.
    pub fn scheme(&self) -> &'static str {
        if self.dev_federation() {
            "http"
        } else {
            "https"
        }
    }

    /// The node's base URL, e.g. `https://rennes.example.coop`.
    pub fn base_url(&self) -> url::Url {
        url::Url::parse(&format!("{}://{}", self.scheme(), self.domain))
            .expect("domain validated at load")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_no_settings_take_1_and_0_from_the_environment() {
        // The environment provider turns `MAILLON_LOG_JSON=1` into the number 1.
        let read = |value: figment::value::Value| {
            Figment::from(Serialized::defaults(Config::default()))
                .merge(("log_json", value.clone()))
                .merge(("dev_federation", value))
                .extract::<Config>()
                .map(|c| (c.log_json, c.dev_federation))
                .map_err(|e| e.to_string())
        };
        for (raw, expected) in [
            (figment::value::Value::from(1u8), true),
            (figment::value::Value::from(0u8), false),
            (figment::value::Value::from(true), true),
            (figment::value::Value::from("off"), false),
            (figment::value::Value::from("Yes"), true),
        ] {
            assert_eq!(read(raw).unwrap(), (expected, Some(expected)));
        }
        assert!(read(figment::value::Value::from(2u8)).is_err());
        assert!(read(figment::value::Value::from("maybe")).is_err());
        // Absent: the defaults.
        let config: Config = Figment::from(Serialized::defaults(Config::default()))
            .extract()
            .unwrap();
        assert_eq!(config.dev_federation, None);
    }

    #[test]
    fn defaults_are_a_local_sqlite_node() {
        let config = Config::default();
        config.validate().unwrap();
        assert!(config.dev_federation());
        assert_eq!(config.base_url().as_str(), "http://localhost:8080/");
    }

    #[test]
    fn public_domain_uses_https_unless_forced() {
        let mut config = Config {
            domain: "rennes.example.coop".into(),
            ..Config::default()
        };
        assert!(!config.dev_federation());
        assert_eq!(config.scheme(), "https");
        config.dev_federation = Some(true);
        assert_eq!(config.scheme(), "http");
    }

    #[test]
    fn bad_domain_and_database_are_refused() {
        let bad_domain = Config {
            domain: "http://x/".into(),
            ..Config::default()
        };
        assert!(bad_domain.validate().is_err());
        let bad_db = Config {
            database_url: "mysql://x".into(),
            ..Config::default()
        };
        assert!(bad_db.validate().is_err());
    }

    #[test]
    fn smtp_settings_are_checked_and_the_password_hidden() {
        let mut config = Config {
            smtp_host: Some("127.0.0.1".into()),
            smtp_from: Some("Maillon <noreply@example.coop>".into()),
            smtp_username: Some("maillon".into()),
            smtp_password: Some("hunter2".into()),
            ..Config::default()
        };
        config.validate().unwrap();
        assert!(config.sends_email());
        assert!(!format!("{config:?}").contains("hunter2"));
        assert_eq!(config.digest_weekday(), Some(chrono::Weekday::Mon));
        config.digest_weekday = "funday".into();
        assert!(config.validate().is_err());
        config.digest_weekday = "Sunday".into();
        config.digest_hour = 24;
        assert!(config.validate().is_err());
        config.digest_hour = 23;
        config.smtp_from = Some("not an address".into());
        assert!(config.validate().is_err());
        config.smtp_from = None;
        assert!(config.validate().is_err(), "a host without a sender");
        assert!(!Config::default().sends_email());
        // A numeric password from the environment is still text.
        let numeric: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(("smtp_password", 1234))
            .merge(("smtp_tls", "none"))
            .extract()
            .unwrap();
        assert_eq!(numeric.smtp_password.as_deref(), Some("1234"));
        assert_eq!(numeric.smtp_tls, SmtpTls::None);
    }

    #[test]
    fn password_is_redacted_in_debug() {
        let config = Config {
            database_url: "postgres://u:secret@h/db".into(),
            ..Config::default()
        };
        let shown = format!("{config:?}");
        assert!(!shown.contains("secret"), "{shown}");
    }
}
