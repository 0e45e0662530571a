//! `maillon verify-decision URL`: fetch the decision of a closed vote, recount its ballots
//! with the same rules and the same code as the node, and compare with the published result.
//!
//! Exit status: 0 when the recount gives the published result and the record holds together,
//! 1 on any mismatch (or when the ballot asked about is not there), 2 when the document
//! cannot be fetched or read. Needs no configuration and no database.

use std::time::Duration;

use clap::Args;
use serde_json::Value;

use crate::{
    domain::vote::{
        record::{self, DecisionRecord, Lang, Recount},
        spec::Outcome,
    },
    federation::{context::ACTIVITY_JSON, objects::decision},
};

/// Largest decision document read, in bytes.
const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The decision's URL: the vote's id followed by `/decision`.
    pub url: String,
    /// Check that the ballot with this receipt was counted.
    #[arg(long, conflicts_with_all = ["voter", "ballot"])]
    pub receipt: Option<String>,
    /// Your actor id (with --ballot): check that your ballot was counted.
    #[arg(long, requires = "ballot")]
    pub voter: Option<String>,
    /// The id of the ballot you cast (given when you voted), with --voter.
    #[arg(long, requires = "voter")]
    pub ballot: Option<String>,
    /// Seconds to wait for the server.
    #[arg(long, default_value_t = 20)]
    pub timeout: u64,
}

/// Runs the check and returns the exit status.
pub async fn run(args: VerifyArgs) -> i32 {
    let document = match fetch(&args.url, Duration::from_secs(args.timeout.max(1))).await {
        Ok(document) => document,
        Err(err) => {
            eprintln!("maillon: cannot fetch the decision: {err}");
            return 2;
        }
    };
    let record = match decision::record_of(&document) {
        Ok(record) => record,
        Err(err) => {
            eprintln!("maillon: cannot read the decision: {err}");
            return 2;
        }
    };
    let (report, matches) = report(&args, &document, &record);
    print!("{report}");
    if matches {
        0
    } else {
        1
    }
}

async fn fetch(url: &str, timeout: Duration) -> Result<Value, String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("{url} is not a URL: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("{url} is not an http or https URL"));
    }
    crate::federation::install_crypto_provider();
    let client = reqwest::Client::builder()
        .user_agent(concat!(
            "Maillon/",
            env!("CARGO_PKG_VERSION"),
            " verify-decision"
        ))
        .connect_timeout(Duration::from_secs(10).min(timeout))
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::limited(3))
        .build()
        .map_err(|e| e.to_string())?;
    let mut response = client
        .get(parsed)
        .header(reqwest::header::ACCEPT, ACTIVITY_JSON)
        .send()
        .await
        .map_err(|e| format!("{e}"))?;
    if !response.status().is_success() {
        return Err(format!("the server answered {}", response.status()));
    }
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if content_type.starts_with("text/html") {
        return Err("the server answered with a web page, not the decision document".into());
    }
    if response
        .content_length()
        .is_some_and(|n| n > MAX_DOCUMENT_BYTES as u64)
    {
        return Err(format!(
            "the document is larger than {MAX_DOCUMENT_BYTES} bytes"
        ));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| format!("{e}"))? {
        if body.len() + chunk.len() > MAX_DOCUMENT_BYTES {
            return Err(format!(
                "the document is larger than {MAX_DOCUMENT_BYTES} bytes"
            ));
        }
        body.extend_from_slice(&chunk);
    }
    serde_json::from_slice(&body).map_err(|e| format!("the document is not JSON: {e}"))
}

fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1} %", f64::from(part) * 100.0 / f64::from(whole))
    }
}

/// The readable report, and whether everything matched.
pub fn report(args: &VerifyArgs, document: &Value, record: &DecisionRecord) -> (String, bool) {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    let id = document.get("id").and_then(Value::as_str).unwrap_or("");
    line(format!("Decision: {}", args.url));
    if id != args.url {
        line(format!("  (the document's id is {id})"));
    }
    line(format!("Vote: {}", record.vote));
    let spec = &record.rules;
    let mut method = spec.method.name().to_owned();
    if !spec.colleges.is_empty() {
        let colleges: Vec<String> = spec
            .colleges
            .iter()
            .map(|c| format!("{} {}", c.name, c.weight))
            .collect();
        method.push_str(&format!(" by colleges ({})", colleges.join(", ")));
    }
    line(format!("Method: {method}"));
    line(format!(
        "Electorate: {}; on the roll: {}; ballots: {}",
        record.electorate.len(),
        record.roll.len(),
        record.ballots.len()
    ));

    let recount: Recount = record.recount();
    if let Some(outcome) = &recount.recomputed {
        describe("Recomputed", spec, outcome, &mut line);
    }
    match record.published_outcome() {
        Ok(published) => line(format!(
            "Published verdict: {}",
            record::verdict_words(spec, published.verdict(), Lang::En)
        )),
        Err(err) => line(format!("Published outcome unreadable: {err}")),
    }

    let mut mismatches: Vec<String> = recount
        .problems
        .iter()
        .chain(&recount.differences)
        .cloned()
        .collect();
    if let Some(wanted) = ballot_asked(args, record) {
        match record.ballot_with_receipt(&wanted) {
            Some(ballot) => line(format!(
                "Your ballot: counted (receipt {}, college {}, choice {})",
                ballot.receipt,
                ballot.college.as_deref().unwrap_or("-"),
                serde_json::to_string(&ballot.choice).unwrap_or_default()
            )),
            None => mismatches.push(format!("no counted ballot has the receipt {wanted}")),
        }
        if let Some(voter) = &args.voter {
            if !record.roll.iter().any(|r| &r.voter == voter) {
                mismatches.push(format!("{voter} is not on the roll"));
            }
        }
    }
    if mismatches.is_empty() {
        line(
            "OK: the ballots recount to the published result, and the record holds together."
                .into(),
        );
        (out, true)
    } else {
        for mismatch in &mismatches {
            line(format!("MISMATCH: {mismatch}"));
        }
        (out, false)
    }
}

fn ballot_asked(args: &VerifyArgs, record: &DecisionRecord) -> Option<String> {
    if let Some(receipt) = &args.receipt {
        return Some(receipt.trim().to_ascii_lowercase());
    }
    match (&args.voter, &args.ballot) {
        (Some(voter), Some(ballot)) => Some(record::receipt(&record.vote, voter, ballot)),
        _ => None,
    }
}

fn describe(
    what: &str,
    spec: &crate::domain::vote::spec::VoteSpec,
    outcome: &Outcome,
    line: &mut impl FnMut(String),
) {
    let p = outcome.participation();
    line(format!(
        "{what} turnout: {} of {} ({}), abstentions {}, blank {}, replaced {}",
        p.ballots,
        p.electorate,
        percent(p.ballots, p.electorate),
        p.abstentions,
        p.blank,
        p.replaced
    ));
    if let Outcome::Colleges(colleges) = outcome {
        for c in &colleges.colleges {
            line(format!(
                "  college {} (weight {}): {} of {} voted ({}), for {}, against {}, abstain {}",
                c.name,
                c.weight,
                c.participation.ballots,
                c.participation.electorate,
                percent(c.participation.ballots, c.participation.electorate),
                c.counts.in_favour,
                c.counts.against,
                c.counts.abstain
            ));
        }
    }
    line(format!(
        "{what} counts: {}",
        record::count_lines(spec, outcome, Lang::En).join(", ")
    ));
    line(format!(
        "{what} verdict: {} ({})",
        record::verdict_words(spec, outcome.verdict(), Lang::En),
        outcome.reason()
    ));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::domain::vote::{
        majority,
        record::CountedBallot,
        spec::{Choice, Elector, VoteSpec},
        Cast,
    };

    const VOTE: &str = "https://n.example/votes/1";

    fn args(receipt: Option<&str>) -> VerifyArgs {
        VerifyArgs {
            url: format!("{VOTE}/decision"),
            receipt: receipt.map(str::to_owned),
            voter: None,
            ballot: None,
            timeout: 20,
        }
    }

    fn record() -> DecisionRecord {
        let spec: VoteSpec = serde_json::from_value(json!({"method": "majority"})).unwrap();
        let electorate: Vec<Elector> = ["ana", "ben", "chloe"]
            .iter()
            .map(|n| Elector {
                voter: format!("https://n.example/users/{n}"),
                college: None,
            })
            .collect();
        let ballots: Vec<CountedBallot> = [
            ("ana", majority::Ballot::For),
            ("ben", majority::Ballot::Against),
        ]
        .into_iter()
        .map(|(n, vote)| CountedBallot {
            voter: format!("https://n.example/users/{n}"),
            ballot_id: format!("https://n.example/ballots/{n}"),
            choice: Choice::Majority { vote },
            cast_at: "2026-11-29T18:00:00+00:00".into(),
        })
        .collect();
        let casts: Vec<Cast<Choice>> = ballots
            .iter()
            .map(|b| Cast::new(b.voter.clone(), b.choice.clone()))
            .collect();
        let outcome = spec.tally(&electorate, &casts).unwrap();
        DecisionRecord::new(VOTE, &spec, &electorate, ballots, false, &outcome)
    }

    #[test]
    fn a_faithful_record_reads_ok_and_finds_a_ballot() {
        let record = record();
        let ana = record::receipt(
            VOTE,
            "https://n.example/users/ana",
            "https://n.example/ballots/ana",
        );
        let document = json!({"id": format!("{VOTE}/decision")});
        let (text, ok) = report(&args(Some(&ana)), &document, &record);
        assert!(ok, "{text}");
        assert!(
            text.contains("Recomputed turnout: 2 of 3 (66.7 %)"),
            "{text}"
        );
        assert!(
            text.contains("Recomputed counts: for 1, against 1, abstain 0"),
            "{text}"
        );
        assert!(
            text.contains(&format!("Your ballot: counted (receipt {ana}")),
            "{text}"
        );
        assert!(
            text.ends_with(
                "OK: the ballots recount to the published result, and the record holds together.\n"
            ),
            "{text}"
        );
        assert!(!text.contains("(the document's id is"), "{text}");
    }

    #[test]
    fn an_edited_result_is_a_mismatch_line_per_difference() {
        let mut record = record();
        record.outcome["counts"]["for"] = json!(2);
        record.outcome["verdict"] = json!({"kind": "adopted"});
        let document = json!({"id": "https://elsewhere.example/copy"});
        let (text, ok) = report(&args(None), &document, &record);
        assert!(!ok);
        assert!(
            text.contains("(the document's id is https://elsewhere.example/copy)"),
            "{text}"
        );
        assert!(text.contains("Published verdict: adopted"), "{text}");
        assert!(
            text.contains("MISMATCH: outcome.counts.for: published 2, recomputed 1\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "MISMATCH: outcome.verdict.kind: published \"adopted\", recomputed \"rejected\"\n"
            ),
            "{text}"
        );
        assert!(!text.contains("OK:"), "{text}");
    }
}
