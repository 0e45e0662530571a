//! Rate limits, so that no single remote server or account can flood the node: activities per
//! remote server on the inboxes, writes per account (web and API together), login attempts per
//! username. Each is a token bucket (GCRA) holding a minute's worth of requests.

use std::{
    hash::Hash,
    num::NonZeroU32,
    sync::atomic::{AtomicU64, Ordering},
};

use governor::{clock::Clock, DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::{
    config::Config,
    error::{AppError, AppResult},
};

/// How often (in checks) idle keys are forgotten, so the maps stay small.
const CLEANUP_EVERY: u64 = 10_000;

struct Limiter<K: Hash + Eq + Clone> {
    buckets: DefaultKeyedRateLimiter<K>,
    checks: AtomicU64,
    what: &'static str,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    fn per_minute(count: u32, what: &'static str) -> Limiter<K> {
        let count = NonZeroU32::new(count).unwrap_or(NonZeroU32::MIN);
        Limiter {
            buckets: RateLimiter::keyed(Quota::per_minute(count)),
            checks: AtomicU64::new(0),
            what,
        }
    }

    fn check(&self, key: &K) -> AppResult<()> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % CLEANUP_EVERY == CLEANUP_EVERY - 1 {
            self.buckets.retain_recent();
            self.buckets.shrink_to_fit();
        }
        self.buckets.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::DefaultClock::default().now());
            AppError::TooManyRequests {
                what: self.what,
                retry_after_secs: wait.as_secs().max(1),
            }
        })
    }
}

pub struct RateLimits {
    inbox: Limiter<String>,
    writes: Limiter<i64>,
    logins: Limiter<String>,
}

impl RateLimits {
    pub fn new(config: &Config) -> RateLimits {
        RateLimits {
            inbox: Limiter::per_minute(config.inbox_rate_per_minute, "activities from this server"),
            writes: Limiter::per_minute(config.write_rate_per_minute, "changes from this account"),
            logins: Limiter::per_minute(
                config.login_rate_per_minute,
                "login attempts for this name",
            ),
        }
    }

    /// An activity from `server` (host[:port] of the signing key).
    pub fn check_inbox(&self, server: &str) -> AppResult<()> {
        self.inbox.check(&server.to_ascii_lowercase())
    }

    /// A write by a local account.
    pub fn check_write(&self, account_id: i64) -> AppResult<()> {
        self.writes.check(&account_id)
    }

    /// A login attempt for `username`, right or wrong.
    pub fn check_login(&self, username: &str) -> AppResult<()> {
        self.logins.check(&username.trim().to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_has_its_own_bucket() {
        let config = Config {
            inbox_rate_per_minute: 3,
            ..Config::default()
        };
        let limits = RateLimits::new(&config);
        for _ in 0..3 {
            limits.check_inbox("noisy.example").unwrap();
        }
        let refused = limits.check_inbox("Noisy.Example").unwrap_err();
        assert_eq!(refused.status(), axum::http::StatusCode::TOO_MANY_REQUESTS);
        limits.check_inbox("quiet.example").unwrap();
    }
}
