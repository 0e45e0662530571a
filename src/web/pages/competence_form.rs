//! The offer-or-need form, shared by "new" and "change": its fields as typed (skills come as
//! repeated `skill` checkboxes, which a plain struct cannot read, so the form is read from its
//! pairs), the choices it offers, and reading it into the service's `CompetenceInput`. The
//! service owns the rules (a place for in-person help, an expiry within a year, skill tags);
//! this module checks only what it must to read the form and puts each refusal beside its field.

use std::collections::HashMap;

use super::{
    competence_words::{error_text, word_key},
    decision_words::Pick,
    event_words::DEFAULT_TIME_ZONE,
};
use crate::{
    domain::{
        competence::{normalize_skills, starter_skill, Form, Kind, Mode, Terms, STARTER_SKILLS},
        content::{html_to_text, MAX_TITLE_CHARS},
        event::{local_to_utc, utc_to_local},
    },
    error::AppError,
    service::competences::{CompetenceDetails, CompetenceInput},
    web::{i18n::Lang, Ctx},
};

/// Field errors: field id to the message shown under it.
pub type Errors = HashMap<&'static str, String>;

/// The form's values as typed, kept as text so a wrong value is shown back as it was.
#[derive(Default, Clone, Debug)]
pub struct CompetenceForm {
    pub kind: String,
    pub title: String,
    pub description: String,
    /// Starter skills ticked, by slug.
    pub skills: Vec<String>,
    /// Free tags, separated by commas.
    pub tags: String,
    pub form: String,
    pub mode: String,
    pub place: String,
    pub availability: String,
    pub terms: String,
    /// `YYYY-MM-DD`, or empty.
    pub expires: String,
}

impl CompetenceForm {
    /// A new offer's or need's form with the usual choices.
    pub fn blank(kind: Kind) -> CompetenceForm {
        CompetenceForm {
            kind: kind.as_str().into(),
            form: match kind {
                Kind::Offer => Form::Mentoring,
                Kind::Need => Form::Question,
            }
            .as_str()
            .into(),
            mode: Mode::Either.as_str().into(),
            terms: Terms::Free.as_str().into(),
            ..CompetenceForm::default()
        }
    }

    /// The form as posted: repeated `skill` fields are the ticked boxes.
    pub fn from_pairs(pairs: &[(String, String)]) -> CompetenceForm {
        let mut form = CompetenceForm::default();
        for (name, value) in pairs {
            let slot = match name.as_str() {
                "skill" => {
                    if !form.skills.contains(value) {
                        form.skills.push(value.clone());
                    }
                    continue;
                }
                "kind" => &mut form.kind,
                "title" => &mut form.title,
                "description" => &mut form.description,
                "tags" => &mut form.tags,
                "form" => &mut form.form,
                "mode" => &mut form.mode,
                "place" => &mut form.place,
                "availability" => &mut form.availability,
                "terms" => &mut form.terms,
                "expires" => &mut form.expires,
                _ => continue,
            };
            *slot = value.clone();
        }
        form
    }

    /// The form of an existing offer or need, as its author set it.
    pub fn of(d: &CompetenceDetails) -> CompetenceForm {
        let r = &d.row;
        let (starter, tags): (Vec<String>, Vec<String>) = d
            .skills
            .iter()
            .cloned()
            .partition(|s| starter_skill(s).is_some());
        CompetenceForm {
            kind: r.kind.clone(),
            title: r.title.clone(),
            description: r
                .description_source
                .clone()
                .unwrap_or_else(|| html_to_text(&r.description)),
            skills: starter,
            tags: tags.join(", "),
            form: r.form.clone(),
            mode: r.mode.clone(),
            place: r.place.clone().unwrap_or_default(),
            availability: r.availability.clone().unwrap_or_default(),
            terms: r.terms.clone(),
            expires: r.expires_at.map(expiry_day).unwrap_or_default(),
        }
    }

    /// Ticked skills, then the typed tags, as the service takes them.
    fn all_skills(&self) -> Vec<String> {
        let tags = self
            .tags
            .split([',', ';', '\n'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        self.skills.iter().cloned().chain(tags).collect()
    }
}

/// The day an expiry falls on, as the date field holds it.
pub fn expiry_day(millis: i64) -> String {
    utc_to_local(millis, DEFAULT_TIME_ZONE)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// An expiry date means "until the end of that day" where the node's members live.
fn read_expiry(raw: &str) -> Result<Option<i64>, ()> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    local_to_utc(&format!("{raw}T23:59"), DEFAULT_TIME_ZONE)
        .map(Some)
        .map_err(|_| ())
}

fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

/// Reads the form into the service's input, or says what is wrong with each field.
pub fn read_form(ctx: &Ctx, form: &CompetenceForm) -> Result<CompetenceInput, Errors> {
    let mut errors = Errors::new();
    let choice = Form::parse(&form.form);
    if choice.is_none() {
        errors.insert("competence-form", ctx.t("error-invalid-choice"));
    }
    let mode = Mode::parse(&form.mode);
    if mode.is_none() {
        errors.insert("competence-mode", ctx.t("error-invalid-choice"));
    }
    let terms = Terms::parse(&form.terms);
    if terms.is_none() {
        errors.insert("competence-terms", ctx.t("error-invalid-choice"));
    }
    if form.title.trim().is_empty() {
        errors.insert("competence-title", ctx.t("competence-error-title-missing"));
    } else if form.title.trim().chars().count() > MAX_TITLE_CHARS {
        errors.insert("competence-title", ctx.t("competence-error-title-long"));
    }
    if form.skills.iter().any(|s| starter_skill(s).is_none()) {
        errors.insert("competence-skills", ctx.t("error-invalid-choice"));
    } else if normalize_skills(&form.all_skills()).is_err() {
        errors.insert("competence-skills", ctx.t("competence-error-invalid-skill"));
    }
    if mode == Some(Mode::InPerson) && form.place.trim().is_empty() {
        errors.insert("competence-place", ctx.t("competence-error-place-required"));
    }
    let expires_at = read_expiry(&form.expires);
    if expires_at.is_err() {
        errors.insert("competence-expires", ctx.t("error-invalid-date"));
    }
    let (Some(form_choice), Some(mode), Some(terms), Ok(expires_at), true) =
        (choice, mode, terms, expires_at, errors.is_empty())
    else {
        return Err(errors);
    };
    Ok(CompetenceInput {
        title: form.title.clone(),
        description: form.description.clone(),
        skills: form.all_skills(),
        form: form_choice,
        mode,
        place: optional(&form.place),
        availability: optional(&form.availability),
        terms,
        expires_at,
    })
}

/// Puts a refusal of the service beside its field, in the reader's language.
pub fn service_error(ctx: &Ctx, err: &AppError) -> Errors {
    let field = match err.code() {
        "invalid_competence" if err.to_string().contains("title") => "competence-title",
        "invalid_competence" => "competence-description",
        "invalid_skill" => "competence-skills",
        "place_required" => "competence-place",
        "invalid_expiry" => "competence-expires",
        _ => "competence-general",
    };
    Errors::from([(field, error_text(ctx, err))])
}

/// A starter skill as a checkbox.
pub struct SkillBox {
    pub slug: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

/// The starter skills as checkboxes in the reader's language, those in `checked` ticked.
pub fn skill_boxes(lang: Lang, checked: &[String]) -> Vec<SkillBox> {
    STARTER_SKILLS
        .iter()
        .map(|s| SkillBox {
            slug: s.slug,
            label: match lang {
                Lang::Fr => s.fr,
                Lang::En => s.en,
            },
            checked: checked.iter().any(|c| c == s.slug),
        })
        .collect()
}

/// The form with its choices, ready for the template.
pub struct CompetenceFormView {
    pub action: String,
    pub form: CompetenceForm,
    pub kinds: Vec<Pick>,
    pub forms: Vec<Pick>,
    pub modes: Vec<Pick>,
    pub terms: Vec<Pick>,
    pub skills: Vec<SkillBox>,
    /// Whether the form changes an existing offer or need (the kind stays).
    pub editing: bool,
}

fn picks<T: Copy>(
    ctx: &Ctx,
    all: &[T],
    code: fn(T) -> &'static str,
    prefix: &str,
    chosen: &str,
) -> Vec<Pick> {
    all.iter()
        .map(|v| Pick {
            value: code(*v),
            label: ctx.t(&word_key(prefix, code(*v))),
            explain: String::new(),
            selected: code(*v) == chosen,
        })
        .collect()
}

impl CompetenceFormView {
    pub fn new(
        ctx: &Ctx,
        action: String,
        form: CompetenceForm,
        editing: bool,
    ) -> CompetenceFormView {
        CompetenceFormView {
            action,
            kinds: picks(ctx, Kind::ALL, Kind::as_str, "kind", &form.kind),
            forms: picks(ctx, Form::ALL, Form::as_str, "form", &form.form),
            modes: picks(ctx, Mode::ALL, Mode::as_str, "mode", &form.mode),
            terms: picks(ctx, Terms::ALL, Terms::as_str, "terms", &form.terms),
            skills: skill_boxes(ctx.lang, &form.skills),
            editing,
            form,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competence_form_reads_ticked_skills_and_typed_tags() {
        let pairs: Vec<(String, String)> = [
            ("kind", "need"),
            ("title", "Relire mes statuts"),
            ("skill", "legal"),
            ("skill", "governance"),
            ("skill", "legal"),
            ("tags", "statuts, SCIC ;"),
            ("unknown", "x"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let form = CompetenceForm::from_pairs(&pairs);
        assert_eq!(form.kind, "need");
        assert_eq!(form.skills, ["legal", "governance"]);
        assert_eq!(
            form.all_skills(),
            ["legal", "governance", "statuts", "SCIC"]
        );
    }

    #[test]
    fn competence_expiry_is_the_end_of_the_day_in_paris() {
        let at = read_expiry("2027-03-14").unwrap().unwrap();
        assert_eq!(expiry_day(at), "2027-03-14");
        assert_eq!(read_expiry(" ").unwrap(), None);
        assert!(read_expiry("14/03/2027").is_err());
    }
}
