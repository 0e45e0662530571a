//! The onboarding path's page, `/groups/{name}/onboarding`: its steps for anyone; for a member
//! of this node, their progress ("2 étapes sur 4", a `<progress>` bar with its text, no script)
//! and a button per step to mark it done or not done; for moderators, how many members did
//! each step, the buttons to move, change or remove it, and the form to add one
//! (`onboarding_steps`). Also the group page's "welcome" links and the prompt a newcomer sees
//! there until the path is complete.

use std::collections::HashMap;

use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{
    group_decisions::group_path,
    group_events::group_name,
    onboarding_steps::{StepFields, StepFormView},
};
use crate::{
    domain::onboarding::{auto_done, DoneHow, OnboardingError, Progress, StepKind, StepLink},
    error::AppError,
    federation::resolve,
    page_try, service,
    storage::actors::ActorRow,
    web::{csrf::CsrfForm, i18n::Lang, redirect_with_notice, render_with, Ctx},
};

/// A day as the welcome pages write it.
pub fn date_words(ctx: &Ctx, millis: i64) -> String {
    super::competence_words::day_words(ctx.lang, millis)
}

/// A refusal in the reader's language: the onboarding words first, then the shared ones.
pub fn error_words(ctx: &Ctx, err: &AppError) -> String {
    let key = format!("onboarding-error-{}", err.code().replace('_', "-"));
    if ctx.lang.has(&key) {
        ctx.t(&key)
    } else {
        ctx.error_text(err)
    }
}

/// "2 étapes sur 4".
pub fn progress_words(lang: Lang, progress: Progress) -> String {
    // Fluent chooses the plural of "steps" from a number, and `text_with` passes text: the
    // count of done steps is written first, then placed in the sentence.
    let steps = lang.count("onboarding-steps-done", progress.done as i64);
    lang.text_with(
        "onboarding-progress",
        &[("steps", steps), ("total", progress.total.to_string())],
    )
}

/// What the group page shows of the welcome: the links, and a member's prompt.
pub struct WelcomeSection {
    /// The group lives here (the welcome pages exist only on the group's node).
    pub local: bool,
    pub has_steps: bool,
    pub can_manage: bool,
    /// "2 étapes sur 4", while a member has steps to do.
    pub prompt: Option<String>,
    pub prompt_done: usize,
    pub prompt_total: usize,
}

pub async fn section(
    ctx: &Ctx,
    group: &ActorRow,
    can_manage: bool,
) -> Result<WelcomeSection, AppError> {
    if !group.local {
        return Ok(WelcomeSection {
            local: false,
            has_steps: false,
            can_manage: false,
            prompt: None,
            prompt_done: 0,
            prompt_total: 0,
        });
    }
    let has_steps = !service::onboarding::steps(&ctx.data, group)
        .await?
        .is_empty();
    let reader = ctx.user.as_ref().map(|u| &u.actor);
    let prompt = service::onboarding::prompt_for(&ctx.data, reader, group).await?;
    Ok(WelcomeSection {
        local: true,
        has_steps,
        can_manage,
        prompt: prompt.map(|p| progress_words(ctx.lang, p)),
        prompt_done: prompt.map_or(0, |p| p.done),
        prompt_total: prompt.map_or(0, |p| p.total),
    })
}

/// A step as the page shows it.
pub struct StepItem {
    pub id: i64,
    pub number: usize,
    pub title: String,
    /// Sanitized HTML.
    pub description: String,
    pub kind: String,
    pub href: Option<String>,
    pub link_label: String,
    /// How the step completes itself, if it does.
    pub automatic: Option<String>,
    /// For a member: whether it is done.
    pub done: bool,
    /// How it was done ("done by opening the page"), for a member.
    pub done_how: String,
    /// Done through a registration: marking it "not done" would change nothing.
    pub done_by_event: bool,
    /// For moderators: how many members did it, in words.
    pub completed_by: Option<String>,
    pub first: bool,
    pub last: bool,
}

#[derive(Template)]
#[template(path = "onboarding.html")]
struct OnboardingPage<'a> {
    ctx: &'a Ctx,
    group_name: String,
    path_name: String,
    steps: Vec<StepItem>,
    /// The reader is a member of this node: their progress is shown.
    is_member: bool,
    progress_text: String,
    done: usize,
    total: usize,
    complete: bool,
    can_manage: bool,
    /// The add-step form (moderators).
    sf: Option<StepFormView>,
}

fn step_item(
    ctx: &Ctx,
    group: &ActorRow,
    step: &service::onboarding::Step,
    index: usize,
    count: usize,
) -> StepItem {
    let path = group_path(group);
    let (href, link_label) = match &step.link {
        Some(StepLink::About) => (
            Some(format!("/groups/{path}/about")),
            ctx.t("onboarding-open-about"),
        ),
        Some(StepLink::Event(id)) => (
            Some(format!("/event/{id}")),
            step.row
                .event_title
                .clone()
                .unwrap_or_else(|| ctx.t("onboarding-open-event")),
        ),
        Some(StepLink::Url(url)) => (Some(url.clone()), url.clone()),
        None => (None, String::new()),
    };
    let automatic = auto_done(step.kind, step.link.as_ref()).map(|_| match step.kind {
        StepKind::Read => ctx.t("onboarding-auto-about"),
        _ => ctx.t("onboarding-auto-event"),
    });
    StepItem {
        id: step.row.id,
        number: index + 1,
        title: step.row.title.clone(),
        description: step.row.description.clone(),
        kind: ctx.t(&format!("onboarding-kind-{}", step.kind.as_str())),
        href,
        link_label,
        automatic,
        done: false,
        done_how: String::new(),
        done_by_event: false,
        completed_by: None,
        first: index == 0,
        last: index + 1 == count,
    }
}

/// The page, with an add-step form being corrected when `draft` is given.
pub async fn path_view(
    ctx: &Ctx,
    group: &ActorRow,
    draft: Option<(StepFields, HashMap<&'static str, String>)>,
    status: StatusCode,
) -> Response {
    let steps = page_try!(ctx, service::onboarding::steps(&ctx.data, group).await);
    let count = steps.len();
    let mut items: Vec<StepItem> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| step_item(ctx, group, s, i, count))
        .collect();
    let reader = ctx.user.as_ref().map(|u| &u.actor);
    let mut progress = None;
    if let Some(reader) = reader {
        match service::onboarding::my_path(&ctx.data, reader, group).await {
            Ok(path) => {
                for (item, (_, done)) in items.iter_mut().zip(&path.steps) {
                    item.done = done.is_some();
                    item.done_by_event = *done == Some(DoneHow::EventRegistration);
                    item.done_how = match done {
                        Some(DoneHow::Marked) => ctx.t("onboarding-done-marked"),
                        Some(DoneHow::AboutRead) => ctx.t("onboarding-done-about-read"),
                        Some(DoneHow::EventRegistration) => ctx.t("onboarding-done-event"),
                        None => String::new(),
                    };
                }
                progress = Some(path.progress);
            }
            Err(AppError::Forbidden(..)) => {}
            Err(e) => return ctx.fail(e),
        }
    }
    let counts = match reader {
        Some(reader) => {
            match service::onboarding::completion_counts(&ctx.data, reader, group).await {
                Ok(counts) => Some(counts),
                Err(AppError::Forbidden(..)) => None,
                Err(e) => return ctx.fail(e),
            }
        }
        None => None,
    };
    let can_manage = counts.is_some();
    if let Some(counts) = &counts {
        for item in &mut items {
            let count = counts.get(&item.id).copied().unwrap_or(0);
            item.completed_by = Some(ctx.count("onboarding-completed-by", count));
        }
    }
    let path_name = group_path(group);
    let sf = if can_manage {
        let (fields, errors) = draft.unwrap_or_default();
        let action = format!("/groups/{path_name}/onboarding/steps");
        Some(page_try!(
            ctx,
            StepFormView::new(ctx, group, action, fields, errors, false).await
        ))
    } else {
        None
    };
    let progress_value = progress.unwrap_or(Progress { done: 0, total: 0 });
    render_with(
        status,
        &OnboardingPage {
            ctx,
            group_name: group_name(group),
            path_name,
            steps: items,
            is_member: progress.is_some(),
            progress_text: progress_words(ctx.lang, progress_value),
            done: progress_value.done,
            total: progress_value.total,
            complete: progress_value.complete(),
            can_manage,
            sf,
        },
    )
}

/// `GET /groups/{name}/onboarding`.
pub async fn path_page(ctx: Ctx, Path(name): Path<String>) -> Response {
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    page_try!(ctx, service::group_about::require_local(&group));
    path_view(&ctx, &group, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct DoneFields {
    done: String,
}

/// `POST /groups/{name}/onboarding/steps/{id}/done` with `done` = `yes` or `no`.
pub async fn set_done(
    ctx: Ctx,
    Path((name, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<DoneFields>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let done = match form.done.as_str() {
        "yes" => true,
        "no" => false,
        _ => return ctx.fail(AppError::bad_request("done is yes or no")),
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let path = page_try!(
        ctx,
        service::onboarding::set_done(&ctx.data, &user.actor, &group, id, done).await
    );
    let notice = if path.progress.complete() {
        "notice-onboarding-complete"
    } else {
        "notice-onboarding-saved"
    };
    redirect_with_notice(
        &format!("/groups/{}/onboarding#step-{id}", group_path(&group)),
        notice,
    )
}

/// Every key these pages build at run time, for the test that they all exist.
pub fn all_keys() -> Vec<String> {
    let mut keys: Vec<String> = [
        OnboardingError::EmptyTitle,
        OnboardingError::TitleTooLong,
        OnboardingError::DescriptionTooLong,
        OnboardingError::InvalidKind,
        OnboardingError::InvalidLinkKind,
        OnboardingError::MissingEvent,
        OnboardingError::InvalidUrl,
        OnboardingError::TooManySteps,
        OnboardingError::EmptyAbout,
        OnboardingError::AboutTooLong,
    ]
    .iter()
    .map(|e| format!("onboarding-error-{}", e.code().replace('_', "-")))
    .collect();
    keys.push("onboarding-error-unknown-event".into());
    for kind in StepKind::ALL {
        keys.push(format!("onboarding-kind-{}", kind.as_str()));
        keys.push(format!("onboarding-kind-{}-explain", kind.as_str()));
    }
    for link in ["none", "about", "event", "url"] {
        keys.push(format!("onboarding-link-{link}"));
    }
    for part in [
        "about-who-we-are",
        "about-what-we-do",
        "about-how-to-take-part",
        "about-statutes-summary",
    ] {
        keys.push(part.into());
    }
    keys.push("onboarding-progress".into());
    keys.push("onboarding-steps-done".into());
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_key_exists_in_both_languages() {
        for key in all_keys() {
            for lang in Lang::ALL {
                assert!(lang.has(&key), "{key} is missing in {}", lang.code());
            }
        }
        assert_eq!(
            progress_words(Lang::Fr, Progress { done: 2, total: 4 }),
            "2 étapes sur 4"
        );
        assert_eq!(
            progress_words(Lang::En, Progress { done: 1, total: 4 }),
            "1 step of 4"
        );
    }
}
