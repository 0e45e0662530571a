//! Competence sharing in words, for every competence page: the text keys of kinds, forms,
//! modes, terms, states and visibilities; skills by their label in the reader's language
//! (starter categories) or as typed (free tags); dates; and [`CompetenceItem`], an offer or a
//! need as lists and matches show it.

use super::{
    event_words::{date_in, DEFAULT_TIME_ZONE},
    group_decisions::group_path,
    group_events::{group_name, origin},
};
use crate::{
    domain::competence::{starter_skill, Form, Kind, Mode, State, Terms, Visibility},
    error::AppError,
    service::competences::CompetenceDetails,
    storage::actors::ActorRow,
    web::{i18n::Lang, Ctx},
};

/// `competence-prefix-code`, with the code's `_` as `-` (Fluent keys).
pub fn word_key(prefix: &str, code: &str) -> String {
    format!("competence-{prefix}-{}", code.replace('_', "-"))
}

/// A skill as the reader reads it: the starter label in their language, else the tag.
pub fn skill_label(lang: Lang, slug: &str) -> String {
    match (starter_skill(slug), lang) {
        (Some(s), Lang::Fr) => s.fr.to_string(),
        (Some(s), Lang::En) => s.en.to_string(),
        (None, _) => slug.to_string(),
    }
}

pub fn skill_labels(lang: Lang, slugs: &[String]) -> Vec<String> {
    slugs.iter().map(|s| skill_label(lang, s)).collect()
}

/// A day as the pages write it ("mardi 14 mars 2027").
pub fn day_words(lang: Lang, millis: i64) -> String {
    date_in(lang, millis, DEFAULT_TIME_ZONE)
}

/// A person's name as lists show it, and their handle.
pub fn person_name(actor: &ActorRow) -> String {
    actor
        .display_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| actor.username.clone())
}

/// Where a profile page of the actor is: here for our members, their own node otherwise.
pub fn person_link(actor: &ActorRow) -> String {
    if actor.local {
        format!("/users/{}", actor.username)
    } else {
        actor.ap_id.clone()
    }
}

/// The node an actor lives on, when it is not this one.
pub fn actor_origin(actor: &ActorRow) -> Option<String> {
    (!actor.local).then(|| actor.domain.clone())
}

/// A refusal of the competence services in the reader's language.
pub fn error_text(ctx: &Ctx, err: &AppError) -> String {
    let key = format!("competence-error-{}", err.code().replace('_', "-"));
    if ctx.lang.has(&key) {
        ctx.t(&key)
    } else {
        ctx.error_text(err)
    }
}

/// Codes of the competence services' refusals that have words here.
pub const ERROR_CODES: [&str; 9] = [
    "invalid_competence",
    "invalid_skill",
    "place_required",
    "invalid_expiry",
    "not_a_local_group",
    "not_the_author",
    "remote_competence",
    "not_a_need",
    "unknown_post",
];

/// One offer or need in a list.
pub struct CompetenceItem {
    pub id: i64,
    pub kind: String,
    pub kind_words: String,
    pub title: String,
    pub skills: Vec<String>,
    pub form: String,
    pub mode: String,
    pub place: Option<String>,
    pub availability: Option<String>,
    pub terms: String,
    pub state: String,
    pub state_words: String,
    pub author_name: String,
    pub author_handle: String,
    pub author_link: String,
    pub published: String,
    pub expires: Option<String>,
    /// The node the offer or need comes from, when not this one.
    pub origin: Option<String>,
    pub group_name: String,
    pub group_path: String,
}

impl CompetenceItem {
    pub fn new(ctx: &Ctx, d: &CompetenceDetails) -> CompetenceItem {
        let r = &d.row;
        CompetenceItem {
            id: r.id,
            kind: r.kind.clone(),
            kind_words: ctx.t(&word_key("kind", &r.kind)),
            title: r.title.clone(),
            skills: skill_labels(ctx.lang, &d.skills),
            form: ctx.t(&word_key("form", &r.form)),
            mode: ctx.t(&word_key("mode", &r.mode)),
            place: r.place.clone(),
            availability: r.availability.clone(),
            terms: ctx.t(&word_key("terms", &r.terms)),
            state: r.state.clone(),
            state_words: ctx.t(&word_key("state", &r.state)),
            author_name: person_name(&d.author),
            author_handle: d.author.acct(),
            author_link: person_link(&d.author),
            published: day_words(ctx.lang, r.created_at),
            expires: r.expires_at.map(|at| day_words(ctx.lang, at)),
            origin: origin(r.local, &r.ap_id),
            group_name: group_name(&d.group),
            group_path: group_path(&d.group),
        }
    }
}

/// Every key built by the functions above, for the test that they all exist.
pub fn all_keys() -> Vec<String> {
    let mut keys = Vec::new();
    keys.extend(Kind::ALL.iter().map(|k| word_key("kind", k.as_str())));
    keys.extend(Form::ALL.iter().map(|f| word_key("form", f.as_str())));
    keys.extend(Mode::ALL.iter().map(|m| word_key("mode", m.as_str())));
    keys.extend(Terms::ALL.iter().map(|t| word_key("terms", t.as_str())));
    keys.extend(State::ALL.iter().map(|s| word_key("state", s.as_str())));
    for v in Visibility::ALL {
        keys.push(word_key("visibility", v.as_str()));
        keys.push(word_key("visibility-explain", v.as_str()));
    }
    keys.extend(
        ERROR_CODES
            .iter()
            .map(|c| format!("competence-error-{}", c.replace('_', "-"))),
    );
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_competence_key_exists_in_both_languages() {
        for key in all_keys() {
            for lang in Lang::ALL {
                assert!(lang.has(&key), "{key} is missing in {}", lang.code());
            }
        }
    }

    #[test]
    fn skills_read_in_the_readers_language() {
        assert_eq!(skill_label(Lang::Fr, "bookkeeping"), "Comptabilité");
        assert_eq!(skill_label(Lang::En, "bookkeeping"), "Bookkeeping");
        assert_eq!(skill_label(Lang::En, "facturation"), "facturation");
    }
}
