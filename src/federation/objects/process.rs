//! A participation process on the wire: embedded in each of its proposals as
//! `maillon:process`, and served at its own id as an `OrderedCollection` of its proposals, so
//! another Maillon node shows the rules of the process (participation level, phases, how the
//! decision is made) next to the proposal, and other software sees a plain collection.

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

use crate::{
    domain::{
        content::{clean_line, sanitize_html, MAX_CONTENT_CHARS, MAX_TITLE_CHARS},
        process::{ParticipationLevel, Phases},
    },
    error::AppError,
    federation::urls::{same_origin, MAX_ID_CHARS},
    storage::{actors::ActorRow, processes::ProcessRow},
};

/// The dates of a process's phases, as RFC 3339 times.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PhasesJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposals_from: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliberation_from: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote_from: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_at: Option<DateTime<Utc>>,
}

/// What a process says about itself on the wire.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ProcessJson {
    pub id: Url,
    #[serde(rename = "attributedTo")]
    pub attributed_to: Url,
    pub name: String,
    /// The description, HTML.
    #[serde(default)]
    pub summary: String,
    #[serde(rename = "maillon:participation")]
    pub participation: ParticipationLevel,
    /// How the decision is made, in plain words (HTML).
    #[serde(rename = "maillon:decisionRule", default)]
    pub decision_rule: String,
    #[serde(rename = "maillon:phases", default)]
    pub phases: PhasesJson,
    #[serde(
        rename = "maillon:supportThreshold",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub support_threshold: Option<i64>,
    #[serde(rename = "maillon:resultsHidden", default)]
    pub results_hidden: bool,
    #[serde(rename = "maillon:publicChoices", default)]
    pub public_choices: bool,
}

fn time(millis: Option<i64>) -> Option<DateTime<Utc>> {
    millis.and_then(|m| Utc.timestamp_millis_opt(m).single())
}

fn millis(time: &Option<DateTime<Utc>>) -> Option<i64> {
    time.map(|t| t.timestamp_millis())
}

/// A process as another node keeps it: checked, its HTML sanitized.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedProcess {
    pub ap_id: Url,
    pub group: Url,
    pub title: String,
    pub description: String,
    pub participation: ParticipationLevel,
    pub decision_rule: String,
    pub phases: Phases,
    pub support_threshold: Option<i64>,
    pub results_hidden: bool,
    pub public_choices: bool,
}

impl ProcessJson {
    pub fn from_local(process: &ProcessRow, group: &ActorRow) -> ProcessJson {
        ProcessJson {
            id: Url::parse(&process.ap_id).expect("stored process id"),
            attributed_to: Url::parse(&group.ap_id).expect("stored group id"),
            name: process.title.clone(),
            summary: process.description.clone(),
            participation: ParticipationLevel::parse(&process.participation)
                .unwrap_or(ParticipationLevel::Information),
            decision_rule: process.decision_rule.clone(),
            phases: PhasesJson {
                proposals_from: time(process.proposals_from),
                deliberation_from: time(process.deliberation_from),
                vote_from: time(process.vote_from),
                result_at: time(process.result_at),
            },
            support_threshold: process.support_threshold,
            results_hidden: process.results_hidden,
            public_choices: process.public_choices,
        }
    }

    /// Checks a process received inside a proposal of `group`: it must be the group's own,
    /// on the group's server.
    pub fn into_received(self, group: &Url) -> Result<ReceivedProcess, AppError> {
        if self.attributed_to != *group || !same_origin(&self.id, group) {
            return Err(AppError::BadRequest(
                "wrong_origin",
                "a process belongs to the group that publishes it, on its server".into(),
            ));
        }
        if self.id.as_str().len() > MAX_ID_CHARS {
            return Err(AppError::BadRequest(
                "id_too_long",
                format!("ids may not be longer than {MAX_ID_CHARS} characters"),
            ));
        }
        let title = clean_line(&self.name, MAX_TITLE_CHARS);
        if title.is_empty() {
            return Err(AppError::Unprocessable(
                "invalid_title",
                "a process needs a title".into(),
            ));
        }
        let description = sanitize_html(&self.summary);
        let decision_rule = sanitize_html(&self.decision_rule);
        if description.chars().count() + decision_rule.chars().count() > MAX_CONTENT_CHARS * 2 {
            return Err(AppError::PayloadTooLarge);
        }
        let phases = Phases {
            proposals_from: millis(&self.phases.proposals_from),
            deliberation_from: millis(&self.phases.deliberation_from),
            vote_from: millis(&self.phases.vote_from),
            result_at: millis(&self.phases.result_at),
        };
        phases
            .validate()
            .map_err(|e| AppError::Unprocessable("invalid_phases", e.into()))?;
        Ok(ReceivedProcess {
            ap_id: self.id,
            group: self.attributed_to,
            title,
            description,
            participation: self.participation,
            decision_rule,
            phases,
            support_threshold: self.support_threshold.filter(|t| *t >= 0),
            results_hidden: self.results_hidden,
            public_choices: self.public_choices,
        })
    }

    /// The process served at its own id: an ordered collection of its proposals.
    pub fn collection(&self, proposals: &[String]) -> Value {
        let mut doc = serde_json::to_value(self).expect("serializable");
        doc["type"] = json!("OrderedCollection");
        doc["totalItems"] = json!(proposals.len());
        doc["orderedItems"] = json!(proposals);
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn received(json: Value) -> Result<ReceivedProcess, AppError> {
        let group = Url::parse("https://a.example/groups/rennes").unwrap();
        serde_json::from_value::<ProcessJson>(json)
            .unwrap()
            .into_received(&group)
    }

    #[test]
    fn a_process_of_the_group_is_kept_with_its_rules() {
        let process = received(json!({
            "id": "https://a.example/processes/1",
            "attributedTo": "https://a.example/groups/rennes",
            "name": "Statuts 2027",
            "summary": "<p>Révision</p><script>alert(1)</script>",
            "maillon:participation": "co_decision",
            "maillon:decisionRule": "<p>Deux tiers</p>",
            "maillon:phases": {"proposalsFrom": "2026-03-01T00:00:00Z", "voteFrom": "2026-04-01T00:00:00Z"},
            "maillon:supportThreshold": 3,
            "maillon:resultsHidden": true
        }))
        .unwrap();
        assert_eq!(process.title, "Statuts 2027");
        assert_eq!(process.description, "<p>Révision</p>");
        assert_eq!(process.participation, ParticipationLevel::CoDecision);
        assert_eq!(process.support_threshold, Some(3));
        assert!(process.results_hidden && !process.public_choices);
        assert!(process.phases.proposals_from.unwrap() < process.phases.vote_from.unwrap());
    }

    #[test]
    fn a_process_of_another_group_or_server_is_refused() {
        let foreign = received(json!({
            "id": "https://evil.example/processes/1",
            "attributedTo": "https://a.example/groups/rennes",
            "name": "x", "maillon:participation": "information"
        }));
        assert_eq!(foreign.unwrap_err().code(), "wrong_origin");
        let other_group = received(json!({
            "id": "https://a.example/processes/1",
            "attributedTo": "https://a.example/groups/paris",
            "name": "x", "maillon:participation": "information"
        }));
        assert_eq!(other_group.unwrap_err().code(), "wrong_origin");
    }

    #[test]
    fn phases_out_of_order_are_refused() {
        let err = received(json!({
            "id": "https://a.example/processes/1",
            "attributedTo": "https://a.example/groups/rennes",
            "name": "x", "maillon:participation": "consultation",
            "maillon:phases": {"proposalsFrom": "2026-05-01T00:00:00Z", "voteFrom": "2026-04-01T00:00:00Z"}
        }))
        .unwrap_err();
        assert_eq!(err.code(), "invalid_phases");
    }
}
