//! The decisions part of a group page: its processes with their participation level, the
//! link to the decision archive, its colleges, and for moderators the form that opens a
//! process (shown again on a page of its own when it needs correcting).

use std::collections::HashMap;

use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};
use serde::Deserialize;

use super::decision_words::{
    level_explain_key, level_key, parse_count, parse_day, phase_key, Pick,
};
use crate::{
    domain::process::{ParticipationLevel, Phases},
    error::AppError,
    federation::resolve,
    page_try,
    service::{
        self,
        processes::{participation_of, phases_of, ProcessInput},
    },
    storage::{self, actors::ActorRow, now_millis, votes::CollegeRow, Tx},
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

/// Whether the reader is an accepted member, and a moderator, of `group`.
pub async fn viewer_roles(
    tx: &mut Tx,
    group: &ActorRow,
    viewer: Option<&ActorRow>,
) -> Result<(bool, bool), AppError> {
    let Some(viewer) = viewer else {
        return Ok((false, false));
    };
    let moderator = storage::actors::is_moderator(tx, group.id, viewer.id).await?;
    let member = service::membership::is_member(tx, group, viewer).await?;
    Ok((member || moderator, moderator))
}

/// What the URL of a group's pages calls it.
pub fn group_path(group: &ActorRow) -> String {
    if group.local {
        group.username.clone()
    } else {
        group.acct()
    }
}

/// A process in the group's list.
pub struct ProcessItem {
    pub id: i64,
    pub title: String,
    pub level: String,
    pub phase: String,
}

/// The values of the "open a process" form, as typed.
#[derive(Deserialize, Default, Clone)]
pub struct ProcessForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub participation: String,
    #[serde(default)]
    pub decision_rule: String,
    #[serde(default)]
    pub support_threshold: String,
    #[serde(default)]
    pub results_hidden: Option<String>,
    #[serde(default)]
    pub public_choices: Option<String>,
    #[serde(default)]
    pub proposals_from: String,
    #[serde(default)]
    pub deliberation_from: String,
    #[serde(default)]
    pub vote_from: String,
    #[serde(default)]
    pub result_at: String,
}

/// The form to open a process, with its values and where it posts.
pub struct ProcessFormView {
    pub action: String,
    pub form: ProcessForm,
    pub levels: Vec<Pick>,
}

impl ProcessFormView {
    fn new(ctx: &Ctx, path: &str, form: ProcessForm) -> ProcessFormView {
        let chosen = ParticipationLevel::parse(&form.participation)
            .unwrap_or(ParticipationLevel::CoDecision);
        ProcessFormView {
            action: format!("/groups/{path}/processes"),
            levels: ParticipationLevel::ALL
                .into_iter()
                .map(|level| Pick {
                    value: level.as_str(),
                    label: ctx.t(&level_key(level)),
                    explain: ctx.t(&level_explain_key(level)),
                    selected: level == chosen,
                })
                .collect(),
            form,
        }
    }
}

/// Everything the group page shows about decisions.
pub struct DecisionsSection {
    pub processes: Vec<ProcessItem>,
    pub colleges: Vec<CollegeRow>,
    /// Moderators of a group of this node: open processes, define colleges.
    pub can_manage: bool,
    /// Handles of the members a moderator may place in a college.
    pub members: Vec<String>,
    pub process_form: ProcessFormView,
}

pub async fn section(
    ctx: &Ctx,
    group: &ActorRow,
    can_manage: bool,
) -> Result<DecisionsSection, AppError> {
    let now = now_millis();
    let processes = service::processes::group_processes(&ctx.data, group)
        .await?
        .iter()
        .map(|p| ProcessItem {
            id: p.id,
            title: p.title.clone(),
            level: ctx.t(&level_key(participation_of(p))),
            phase: ctx.t(&phase_key(phases_of(p).current(now))),
        })
        .collect();
    let colleges = service::votes::colleges(&ctx.data, group).await?;
    let mut members = Vec::new();
    if can_manage {
        let mut tx = ctx.data.db.read().await?;
        let followers = storage::follows::followers(&mut tx, group.id, "accepted").await?;
        let moderators = storage::actors::moderators(&mut tx, group.id).await?;
        let handles = followers
            .iter()
            .map(|f| {
                if f.local {
                    f.username.clone()
                } else {
                    format!("{}@{}", f.username, f.domain)
                }
            })
            .chain(moderators.iter().map(|m| {
                if m.local {
                    m.username.clone()
                } else {
                    m.acct()
                }
            }));
        for handle in handles {
            if !members.contains(&handle) {
                members.push(handle);
            }
        }
        members.sort();
    }
    Ok(DecisionsSection {
        processes,
        colleges,
        can_manage,
        members,
        process_form: ProcessFormView::new(ctx, &group_path(group), ProcessForm::default()),
    })
}

#[derive(Template)]
#[template(path = "process_new.html")]
struct NewProcessPage<'a> {
    ctx: &'a Ctx,
    group_name: String,
    group_path: String,
    pf: ProcessFormView,
    errors: HashMap<&'static str, String>,
}

impl NewProcessPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// Reads the form; the errors name the fields.
fn read_form(ctx: &Ctx, form: &ProcessForm) -> Result<ProcessInput, HashMap<&'static str, String>> {
    let mut errors = HashMap::new();
    let participation = ParticipationLevel::parse(&form.participation);
    if participation.is_none() {
        errors.insert("process-participation", ctx.t("error-invalid-choice"));
    }
    let support_threshold = parse_count(&form.support_threshold).unwrap_or_else(|_| {
        errors.insert("process-threshold", ctx.t("error-invalid-number"));
        None
    });
    let mut date = |field: &'static str, raw: &str| {
        parse_day(raw).unwrap_or_else(|_| {
            errors.insert(field, ctx.t("error-invalid-date"));
            None
        })
    };
    let phases = Phases {
        proposals_from: date("process-proposals-from", &form.proposals_from),
        deliberation_from: date("process-deliberation-from", &form.deliberation_from),
        vote_from: date("process-vote-from", &form.vote_from),
        result_at: date("process-result-at", &form.result_at),
    };
    match participation {
        Some(participation) if errors.is_empty() => Ok(ProcessInput {
            title: form.title.clone(),
            description: form.description.clone(),
            participation,
            decision_rule: form.decision_rule.clone(),
            support_threshold,
            results_hidden: form.results_hidden.is_some(),
            public_choices: form.public_choices.is_some(),
            phases,
        }),
        _ => Err(errors),
    }
}

/// The field a service refusal is about.
fn field_of(err: &AppError) -> &'static str {
    match err.code() {
        "invalid_title" => "process-title",
        "invalid_text" => "process-description",
        "invalid_decision_rule" => "process-rule",
        "invalid_phases" => "process-proposals-from",
        _ => "process-form",
    }
}

/// `POST /groups/{name}/processes`: a moderator opens a process.
pub async fn create_process(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(form): CsrfForm<ProcessForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let (errors, status) = match read_form(&ctx, &form) {
        Ok(input) => {
            match service::processes::create_process(&ctx.data, &user.actor, &group, input).await {
                Ok(process) => {
                    return redirect_with_notice(
                        &format!("/process/{}", process.id),
                        "notice-process-opened",
                    )
                }
                Err(err @ AppError::Unprocessable(..)) => (
                    HashMap::from([(field_of(&err), ctx.error_text(&err))]),
                    err.status(),
                ),
                Err(err) => return ctx.fail(err),
            }
        }
        Err(errors) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let path = group_path(&group);
    render_with(
        status,
        &NewProcessPage {
            group_name: group
                .display_name
                .clone()
                .unwrap_or_else(|| group.username.clone()),
            pf: ProcessFormView::new(&ctx, &path, form),
            group_path: path,
            errors,
            ctx: &ctx,
        },
    )
}
