//! Offers and needs on the wire. A competence travels as the first post of its discussion
//! thread: a `Page` with a title and a readable text, which Mastodon, Lemmy and any other
//! server show as an ordinary post (and whose replies are ordinary replies). The structured
//! part rides inside it under `maillon:competence`: a FEP-0837 `Proposal` (ValueFlows) with
//! `purpose` `offer` or `request`, the `Intent` it publishes (a service, provided or
//! wanted), and Maillon's own terms (skills, form, online or in person, terms, state).
//!
//! Why not a bare `Proposal`: no microblogging server displays one, and a Lemmy community
//! refuses objects whose `type` is a list. The `Page` is readable everywhere; FEP-0837 readers
//! find the `Proposal` at `{id}#proposal` inside it.

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

use super::post::id_of;
use crate::{
    domain::{
        competence::{normalize_skill, starter_skill, Form, Kind, Mode, State, Terms, MAX_SKILLS},
        content::{clean_line, escape_html, sanitize_html, MAX_CONTENT_CHARS},
    },
    error::AppError,
    storage::competences::CompetenceRow,
};

/// Where our skill names live: a starter skill or a free tag is `{SKILLS_BASE}{slug}`, what the
/// published `Intent` says its service conforms to.
pub const SKILLS_BASE: &str = "https://maillon.coop/ns/skills#";

/// The embedded FEP-0837 `Proposal`.
#[derive(Serialize, Deserialize, Debug, Clone, Default)]
#[serde(rename_all = "camelCase")]
pub struct CompetenceJson {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    /// `offer` or `request`.
    pub purpose: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The description alone (the `Page`'s content adds a readable summary before it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publishes: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_based: Option<bool>,
    #[serde(rename = "maillon:skills", default)]
    pub skills: Vec<Value>,
    #[serde(rename = "maillon:form", default)]
    pub form: Option<String>,
    #[serde(rename = "maillon:mode", default)]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Value>,
    #[serde(rename = "maillon:availability", default)]
    pub availability: Option<String>,
    #[serde(rename = "maillon:terms", default)]
    pub terms: Option<String>,
    /// When the offer or need stops being listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<DateTime<Utc>>,
    #[serde(rename = "maillon:state", default)]
    pub state: Option<String>,
    /// The reply that answered a need.
    #[serde(
        rename = "maillon:helpful",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub helpful: Option<Value>,
}

/// A received offer or need, checked. Unknown words fall back to the loosest reading (a hand,
/// online or in person, on terms to agree), so a newer peer's vocabulary still shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedCompetence {
    pub kind: Kind,
    /// Sanitized HTML.
    pub description: String,
    pub skills: Vec<String>,
    pub form: Form,
    pub mode: Mode,
    pub place: Option<String>,
    pub availability: Option<String>,
    pub terms: Terms,
    pub expires_at: Option<i64>,
    pub state: State,
    pub helpful: Option<Url>,
}

/// The words of the readable summary. French: the fediverse around our cooperatives reads
/// French first, and Maillon nodes show their own translation from the structured part.
fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Offer => "Offre",
        Kind::Need => "Besoin",
    }
}

fn form_word(form: Form) -> &'static str {
    match form {
        Form::Mentoring => "mentorat",
        Form::Training => "formation",
        Form::AHand => "coup de main",
        Form::Coworking => "co-working",
        Form::Question => "question",
    }
}

fn terms_word(terms: Terms) -> &'static str {
    match terms {
        Terms::Free => "gratuit",
        Terms::Exchange => "en échange",
        Terms::Paid => "rémunéré",
    }
}

fn skill_label(slug: &str) -> String {
    starter_skill(slug).map_or_else(|| format!("#{slug}"), |s| s.fr.to_string())
}

/// What the `Page` says, for people on any server: the kind, form, place and terms in one
/// line, the skills, then the author's description.
pub fn readable_content(row: &CompetenceRow, skills: &[String]) -> String {
    let kind = Kind::parse(&row.kind).unwrap_or(Kind::Offer);
    let mut line = vec![
        format!("<strong>{}</strong>", kind_word(kind)),
        Form::parse(&row.form).map_or("", form_word).to_string(),
    ];
    match (Mode::parse(&row.mode), &row.place) {
        (Some(Mode::Online), _) => line.push("en ligne".into()),
        (Some(Mode::InPerson), Some(place)) => line.push(format!("à {}", escape_html(place))),
        (_, Some(place)) => line.push(format!("en ligne ou à {}", escape_html(place))),
        _ => line.push("en ligne ou sur place".into()),
    }
    line.push(Terms::parse(&row.terms).map_or("", terms_word).to_string());
    line.retain(|w| !w.is_empty());
    let mut html = format!("<p>{}</p>", line.join(" · "));
    if !skills.is_empty() {
        let labels: Vec<String> = skills
            .iter()
            .map(|s| escape_html(&skill_label(s)))
            .collect();
        html.push_str(&format!("<p>Compétences : {}</p>", labels.join(", ")));
    }
    if let Some(availability) = &row.availability {
        html.push_str(&format!(
            "<p>Disponibilités : {}</p>",
            escape_html(availability)
        ));
    }
    match State::parse(&row.state) {
        Some(State::Closed) => html.push_str("<p><em>Fermé.</em></p>"),
        Some(State::Resolved) => html.push_str("<p><em>Résolu.</em></p>"),
        _ => {}
    }
    html.push_str(&row.description);
    html
}

impl CompetenceJson {
    /// The structured part of one of our offers or needs.
    pub fn from_local(
        row: &CompetenceRow,
        author_ap_id: &str,
        skills: &[String],
        helpful: Option<&str>,
    ) -> CompetenceJson {
        let offer = row.kind == Kind::Offer.as_str();
        let mut intent = json!({
            "type": "Intent",
            "id": format!("{}#primary", row.ap_id),
            "action": "deliverService",
            "resourceQuantity": {"hasUnit": "one", "hasNumericalValue": "1"},
        });
        if let Some(first) = skills.first() {
            intent["resourceConformsTo"] = json!(format!("{SKILLS_BASE}{first}"));
        }
        intent[if offer { "provider" } else { "receiver" }] = json!(author_ap_id);
        CompetenceJson {
            kind: "Proposal".into(),
            id: format!("{}#proposal", row.ap_id),
            purpose: if offer { "offer" } else { "request" }.into(),
            name: Some(row.title.clone()),
            content: Some(row.description.clone()),
            attributed_to: Some(json!(author_ap_id)),
            publishes: Some(intent),
            unit_based: Some(false),
            skills: skills.iter().map(|s| json!(s)).collect(),
            form: Some(row.form.clone()),
            mode: Some(row.mode.clone()),
            location: row
                .place
                .as_ref()
                .map(|p| json!({"type": "Place", "name": p})),
            availability: row.availability.clone(),
            terms: Some(row.terms.clone()),
            end_time: row
                .expires_at
                .and_then(|at| Utc.timestamp_millis_opt(at).single()),
            state: Some(row.state.clone()),
            helpful: helpful.map(|h| json!(h)),
        }
    }

    /// Checks what a peer sent for the post `post_id` by `author`.
    pub fn into_received(
        self,
        post_id: &Url,
        author: &Url,
    ) -> Result<ReceivedCompetence, AppError> {
        let kind = match self.purpose.as_str() {
            "offer" => Kind::Offer,
            "request" => Kind::Need,
            other => {
                return Err(AppError::Unprocessable(
                    "invalid_competence",
                    format!("a proposal's purpose is offer or request, not {other:?}"),
                ))
            }
        };
        if !self.id.starts_with(post_id.as_str()) {
            return Err(AppError::bad_request(
                "the proposal's id is not under its post's id",
            ));
        }
        if let Some(by) = self.attributed_to.as_ref().and_then(id_of) {
            if by != *author {
                return Err(AppError::forbidden(
                    "the proposal is attributed to someone else than the post",
                ));
            }
        }
        let description = sanitize_html(self.content.as_deref().unwrap_or_default());
        if description.chars().count() > MAX_CONTENT_CHARS * 2 {
            return Err(AppError::PayloadTooLarge);
        }
        // Skills a peer names that we cannot read are dropped, not the whole offer.
        let mut skills: Vec<String> = Vec::new();
        for skill in self.skills.iter().filter_map(Value::as_str) {
            let skill = skill.strip_prefix(SKILLS_BASE).unwrap_or(skill);
            if let Ok(s) = normalize_skill(skill) {
                if !skills.contains(&s) && skills.len() < MAX_SKILLS {
                    skills.push(s);
                }
            }
        }
        let place = self
            .location
            .as_ref()
            .and_then(|l| match l {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
                _ => None,
            })
            .map(|p| clean_line(&p, 200))
            .filter(|p| !p.is_empty());
        let mode = self
            .mode
            .as_deref()
            .and_then(Mode::parse)
            .unwrap_or(Mode::Either);
        Ok(ReceivedCompetence {
            kind,
            description,
            skills,
            form: self
                .form
                .as_deref()
                .and_then(Form::parse)
                .unwrap_or(Form::AHand),
            // An in-person offer without a place reads as "either": the place is unknown.
            mode: if mode == Mode::InPerson && place.is_none() {
                Mode::Either
            } else {
                mode
            },
            place,
            availability: self
                .availability
                .map(|a| clean_line(&a, 300))
                .filter(|a| !a.is_empty()),
            terms: self
                .terms
                .as_deref()
                .and_then(Terms::parse)
                .unwrap_or(Terms::Exchange),
            expires_at: self.end_time.map(|t| t.timestamp_millis()),
            state: self
                .state
                .as_deref()
                .and_then(State::parse)
                .unwrap_or(State::Open),
            helpful: self.helpful.as_ref().and_then(id_of),
        })
    }
}

/// Whether a received object is a Maillon competence (a post carrying a `Proposal`).
pub fn is_competence(object: &Value) -> bool {
    object.get("maillon:competence").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> CompetenceRow {
        CompetenceRow {
            id: 1,
            ap_id: "https://a.example/competences/1".into(),
            group_id: 1,
            author_id: 2,
            local: true,
            kind: "need".into(),
            title: "Signature électronique".into(),
            description: "<p>Quel outil pour signer nos contrats ?</p>".into(),
            description_source: None,
            form: "question".into(),
            mode: "in_person".into(),
            place: Some("Rennes <centre>".into()),
            availability: None,
            terms: "free".into(),
            state: "open".into(),
            helpful_post_id: None,
            created_at: 0,
            updated_at: None,
            expires_at: None,
        }
    }

    #[test]
    fn a_competence_reads_as_a_post_and_round_trips_as_a_proposal() {
        let skills = vec!["legal".to_string(), "statuts-scop".to_string()];
        let html = readable_content(&row(), &skills);
        assert!(
            html.starts_with(
                "<p><strong>Besoin</strong> · question · à Rennes &lt;centre&gt; · gratuit</p>"
            ),
            "{html}"
        );
        assert!(
            html.contains("Compétences : Juridique, #statuts-scop"),
            "{html}"
        );
        assert!(html.ends_with("<p>Quel outil pour signer nos contrats ?</p>"));

        let author = Url::parse("https://a.example/users/ana").unwrap();
        let json = CompetenceJson::from_local(&row(), author.as_str(), &skills, None);
        let wire = serde_json::to_value(&json).unwrap();
        assert_eq!(wire["type"], "Proposal");
        assert_eq!(wire["purpose"], "request");
        assert_eq!(wire["publishes"]["receiver"], author.as_str());
        assert_eq!(
            wire["publishes"]["resourceConformsTo"],
            "https://maillon.coop/ns/skills#legal"
        );
        let back: CompetenceJson = serde_json::from_value(wire).unwrap();
        let post = Url::parse(&row().ap_id).unwrap();
        let received = back.into_received(&post, &author).unwrap();
        assert_eq!(received.kind, Kind::Need);
        assert_eq!(received.skills, skills);
        assert_eq!(received.mode, Mode::InPerson);
        assert_eq!(received.place.as_deref(), Some("Rennes <centre>"));
        assert_eq!(received.state, State::Open);
    }

    #[test]
    fn a_foreign_proposal_is_read_loosely_but_not_blindly() {
        let post = Url::parse("https://b.example/competences/9").unwrap();
        let author = Url::parse("https://b.example/users/bo").unwrap();
        let foreign: CompetenceJson = serde_json::from_value(json!({
            "type": "Proposal",
            "id": "https://b.example/competences/9#proposal",
            "purpose": "offer",
            "content": "<p onclick=\"x()\">Aide</p><script>alert(1)</script>",
            "maillon:skills": ["Comptabilité", "https://maillon.coop/ns/skills#bookkeeping", "???", 3],
            "maillon:form": "hackathon",
            "maillon:mode": "in_person",
        }))
        .unwrap();
        let received = foreign.clone().into_received(&post, &author).unwrap();
        assert_eq!(received.skills, vec!["bookkeeping"]);
        assert_eq!(received.form, Form::AHand);
        assert_eq!(received.mode, Mode::Either, "no place: not only in person");
        assert_eq!(received.description, "<p>Aide</p>");

        let elsewhere = Url::parse("https://c.example/competences/9").unwrap();
        assert!(foreign.clone().into_received(&elsewhere, &author).is_err());
        let someone_else = CompetenceJson {
            attributed_to: Some(json!("https://b.example/users/eve")),
            ..foreign.clone()
        };
        assert!(someone_else.into_received(&post, &author).is_err());
        let odd = CompetenceJson {
            purpose: "gift".into(),
            ..foreign
        };
        assert!(odd.into_received(&post, &author).is_err());
    }
}
