//! When to try a failed delivery again. Pure arithmetic, tested on its own.

use rand::Rng;

/// First retry after 30 s, doubling each time, never more than 6 h apart.
const BASE_DELAY_MS: i64 = 30_000;
const MAX_DELAY_MS: i64 = 6 * 3_600_000;
/// After this many failed attempts the delivery is given up (about two and a half days).
pub const MAX_ATTEMPTS: i64 = 20;
/// A server failing this many deliveries in a row is unreachable, and tried rarely.
pub const UNREACHABLE_AFTER_FAILURES: i64 = 10;
/// How often an unreachable server is tried.
const UNREACHABLE_DELAY_MS: i64 = 3_600_000;

/// What a delivery attempt came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// 4xx other than 408 and 429, or unsendable (bad inbox URL, missing key): give up.
    Refused,
    /// Network error, 5xx, 408, 429, or a redirect we do not follow: try again later.
    Retry,
}

pub fn classify_status(status: u16) -> Outcome {
    match status {
        200..=299 => Outcome::Delivered,
        408 | 429 => Outcome::Retry,
        400..=499 => Outcome::Refused,
        _ => Outcome::Retry,
    }
}

/// Delay before the next attempt, after `attempts` failed ones (1 for the first failure).
/// `jitter` in [0, 1) spreads retries so a recovering server is not hit by all at once.
pub fn backoff_ms(attempts: i64, server_unreachable: bool, jitter: f64) -> i64 {
    let exponent = (attempts.max(1) - 1).min(20) as u32;
    let delay = BASE_DELAY_MS
        .saturating_mul(2_i64.saturating_pow(exponent))
        .min(MAX_DELAY_MS);
    let delay = if server_unreachable {
        delay.max(UNREACHABLE_DELAY_MS)
    } else {
        delay
    };
    // Jitter: between 75% and 125% of the delay.
    let factor = 0.75 + 0.5 * jitter.clamp(0.0, 1.0);
    (delay as f64 * factor) as i64
}

pub fn random_jitter() -> f64 {
    rand::thread_rng().gen::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(classify_status(202), Outcome::Delivered);
        assert_eq!(classify_status(400), Outcome::Refused);
        assert_eq!(classify_status(401), Outcome::Refused);
        assert_eq!(classify_status(410), Outcome::Refused);
        assert_eq!(classify_status(408), Outcome::Retry);
        assert_eq!(classify_status(429), Outcome::Retry);
        assert_eq!(classify_status(500), Outcome::Retry);
        assert_eq!(classify_status(503), Outcome::Retry);
        assert_eq!(classify_status(301), Outcome::Retry);
    }

    #[test]
    fn backoff_doubles_then_caps() {
        assert_eq!(backoff_ms(1, false, 0.5), 30_000);
        assert_eq!(backoff_ms(2, false, 0.5), 60_000);
        assert_eq!(backoff_ms(3, false, 0.5), 120_000);
        assert_eq!(backoff_ms(30, false, 0.5), MAX_DELAY_MS);
    }

    #[test]
    fn jitter_stays_within_a_quarter() {
        assert_eq!(backoff_ms(1, false, 0.0), 22_500);
        assert_eq!(backoff_ms(1, false, 0.999_999_9), 37_499);
    }

    #[test]
    fn unreachable_servers_wait_at_least_an_hour() {
        assert_eq!(backoff_ms(1, true, 0.5), UNREACHABLE_DELAY_MS);
        assert_eq!(backoff_ms(30, true, 0.5), MAX_DELAY_MS);
    }
}
