//! Words and dates shared by the decision pages (processes, proposals, votes, archive): the
//! translation keys of participation levels, phases, proposal states, vote methods and
//! verdicts, and the date formats the forms read and the pages print (UTC).

use chrono::{NaiveDate, NaiveDateTime};

use crate::{
    api::views::time,
    domain::process::{ParticipationLevel, Phase, ProposalState},
};

/// One choice of a select or a set of radios, with its words.
pub struct Pick {
    pub value: &'static str,
    pub label: String,
    /// A plain-words explanation (may be empty).
    pub explain: String,
    pub selected: bool,
}

/// `prefix-code`, with the code's `_` as `-` (Fluent keys).
fn key(prefix: &str, code: &str) -> String {
    format!("{prefix}-{}", code.replace('_', "-"))
}

pub fn level_key(level: ParticipationLevel) -> String {
    key("level", level.as_str())
}

pub fn level_explain_key(level: ParticipationLevel) -> String {
    key("level-explain", level.as_str())
}

pub fn phase_key(phase: Phase) -> String {
    key("phase", phase.as_str())
}

pub fn state_key(code: &str) -> String {
    key("state", code)
}

/// `method` is `VoteSpec::method.name()`.
pub fn method_key(method: &str) -> String {
    key("method", method)
}

pub fn method_explain_key(method: &str) -> String {
    key("method-explain", method)
}

/// `verdict` is the stored code: adopted, rejected, winner, tie, no_quorum, no_result.
pub fn verdict_key(verdict: &str) -> String {
    key("verdict", verdict)
}

pub const METHODS: [&str; 5] = [
    "majority",
    "approval",
    "consent",
    "majority_judgment",
    "ranked",
];

pub const VERDICTS: [&str; 6] = [
    "adopted",
    "rejected",
    "winner",
    "tie",
    "no_quorum",
    "no_result",
];

/// A moment as pages print it.
pub fn moment(millis: i64) -> String {
    time(millis)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// A day as pages print it and date fields hold it.
pub fn day(millis: i64) -> String {
    time(millis)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// A moment as a `datetime-local` field holds it (UTC).
pub fn moment_field(millis: i64) -> String {
    time(millis)
        .map(|t| t.format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

/// A form field that does not read as what it should be.
#[derive(Debug, PartialEq, Eq)]
pub struct Unreadable;

/// An optional date field (`2027-03-01`, midnight UTC): `Ok(None)` when empty.
pub fn parse_day(raw: &str) -> Result<Option<i64>, Unreadable> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| Unreadable)?;
    Ok(date
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp_millis()))
}

/// A `datetime-local` field (`2027-03-01T18:00`, UTC).
pub fn parse_moment(raw: &str) -> Result<i64, Unreadable> {
    let raw = raw.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(raw, format).ok())
        .map(|t| t.and_utc().timestamp_millis())
        .ok_or(Unreadable)
}

/// An optional whole number field: `Ok(None)` when empty.
pub fn parse_count(raw: &str) -> Result<Option<u32>, Unreadable> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse().map(Some).map_err(|_| Unreadable)
}

/// `part` out of `whole` in whole percents (0 when `whole` is 0).
pub fn percent(part: u64, whole: u64) -> u64 {
    (part * 100 + whole / 2).checked_div(whole).unwrap_or(0)
}

/// Every key built by the functions above, for the test that they all exist.
pub fn all_keys() -> Vec<String> {
    let mut keys = Vec::new();
    for level in ParticipationLevel::ALL {
        keys.push(level_key(level));
        keys.push(level_explain_key(level));
    }
    for phase in [
        Phase::NotStarted,
        Phase::Proposals,
        Phase::Deliberation,
        Phase::Vote,
        Phase::Result,
    ] {
        keys.push(phase_key(phase));
    }
    for state in ProposalState::ALL {
        keys.push(state_key(state.as_str()));
    }
    for method in METHODS {
        keys.push(method_key(method));
        keys.push(method_explain_key(method));
    }
    for verdict in VERDICTS {
        keys.push(verdict_key(verdict));
    }
    for state in ["pending", "accepted", "declined"] {
        keys.push(format!("amendment-state-{state}"));
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Lang;

    #[test]
    fn every_built_key_exists_in_both_languages() {
        for key in all_keys() {
            for lang in Lang::ALL {
                assert!(lang.has(&key), "{key} is missing in {}", lang.code());
            }
        }
    }

    #[test]
    fn form_dates_are_read_as_utc() {
        assert_eq!(parse_day(""), Ok(None));
        assert_eq!(parse_day("1970-01-02"), Ok(Some(86_400_000)));
        assert!(parse_day("02/01/1970").is_err());
        assert_eq!(parse_moment("1970-01-01T01:00"), Ok(3_600_000));
        assert_eq!(moment_field(3_600_000), "1970-01-01T01:00");
        assert!(parse_moment("demain").is_err());
        assert_eq!(parse_count(" 3 "), Ok(Some(3)));
        assert!(parse_count("-1").is_err());
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 0), 0);
    }
}
