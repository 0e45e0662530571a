//! "My competence profile" (`/me/competences`): a member opts in to the directory of resource
//! people with their skills (starter categories ticked, free tags typed), place and
//! availability, chooses who sees them (public, the network, their groups), and opts out.
//! Saved through `service::competence_people::save_profile`; no skills at all is opting out.

use askama::Template;
use axum::{http::StatusCode, response::Response};

use super::{
    competence_form::{skill_boxes, SkillBox},
    competence_words::{error_text, word_key},
    decision_words::Pick,
};
use crate::{
    domain::competence::{starter_skill, Visibility},
    error::AppError,
    page_try, service,
    service::competence_people::ProfileInput,
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

/// The profile form as typed.
#[derive(Default)]
struct ProfileForm {
    skills: Vec<String>,
    tags: String,
    visibility: String,
    place: String,
    availability: String,
    opt_out: bool,
}

impl ProfileForm {
    fn from_pairs(pairs: &[(String, String)]) -> ProfileForm {
        let mut form = ProfileForm::default();
        for (name, value) in pairs {
            match name.as_str() {
                "skill" if !form.skills.contains(value) => form.skills.push(value.clone()),
                "tags" => form.tags = value.clone(),
                "visibility" => form.visibility = value.clone(),
                "place" => form.place = value.clone(),
                "availability" => form.availability = value.clone(),
                "opt_out" => form.opt_out = true,
                _ => {}
            }
        }
        form
    }

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

#[derive(Template)]
#[template(path = "my_competences.html")]
struct MyCompetencesPage<'a> {
    ctx: &'a Ctx,
    /// Whether the member is in the directory now.
    listed: bool,
    skills: Vec<SkillBox>,
    tags: String,
    visibilities: Vec<Pick>,
    place: String,
    availability: String,
    error: Option<String>,
}

fn page(ctx: &Ctx, listed: bool, form: ProfileForm, error: Option<String>) -> Response {
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_with(
        status,
        &MyCompetencesPage {
            ctx,
            listed,
            skills: skill_boxes(ctx.lang, &form.skills),
            tags: form.tags,
            visibilities: Visibility::ALL
                .iter()
                .map(|v| Pick {
                    value: v.as_str(),
                    label: ctx.t(&word_key("visibility", v.as_str())),
                    explain: ctx.t(&word_key("visibility-explain", v.as_str())),
                    selected: v.as_str() == form.visibility,
                })
                .collect(),
            place: form.place,
            availability: form.availability,
            error,
        },
    )
}

/// `GET /me/competences`.
pub async fn my_competences_page(ctx: Ctx) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let own = page_try!(
        ctx,
        service::competence_people::own_profile(&ctx.data, &user.actor).await
    );
    let form = match &own {
        Some(p) => {
            let (starter, tags): (Vec<String>, Vec<String>) = p
                .skills
                .iter()
                .cloned()
                .partition(|s| starter_skill(s).is_some());
            ProfileForm {
                skills: starter,
                tags: tags.join(", "),
                visibility: p.profile.visibility.clone(),
                place: p.profile.place.clone().unwrap_or_default(),
                availability: p.profile.availability.clone().unwrap_or_default(),
                opt_out: false,
            }
        }
        // Seen by the groups one belongs to, until the member says otherwise.
        None => ProfileForm {
            visibility: Visibility::Group.as_str().into(),
            ..ProfileForm::default()
        },
    };
    page(&ctx, own.is_some(), form, None)
}

/// `POST /me/competences`: save the profile, or leave the directory (`opt_out`, or no skill).
pub async fn save(ctx: Ctx, CsrfForm(pairs): CsrfForm<Vec<(String, String)>>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let form = ProfileForm::from_pairs(&pairs);
    let listed = page_try!(
        ctx,
        service::competence_people::own_profile(&ctx.data, &user.actor).await
    )
    .is_some();
    let Some(visibility) = Visibility::parse(&form.visibility) else {
        let error = ctx.t("error-invalid-choice");
        return page(&ctx, listed, form, Some(error));
    };
    if form.skills.iter().any(|s| starter_skill(s).is_none()) {
        let error = ctx.t("error-invalid-choice");
        return page(&ctx, listed, form, Some(error));
    }
    let input = ProfileInput {
        skills: if form.opt_out {
            vec![]
        } else {
            form.all_skills()
        },
        visibility,
        place: Some(form.place.clone()),
        availability: Some(form.availability.clone()),
    };
    match service::competence_people::save_profile(&ctx.data, &user.actor, input).await {
        Ok(Some(_)) => redirect_with_notice("/me/competences", "notice-competence-profile-saved"),
        Ok(None) => redirect_with_notice("/me/competences", "notice-competence-profile-removed"),
        Err(err @ AppError::Unprocessable(..)) => {
            let error = error_text(&ctx, &err);
            page(&ctx, listed, form, Some(error))
        }
        Err(err) => ctx.fail(err),
    }
}
