//! A process's page: what it is about, how far participation goes and how the decision is
//! made, its phases, its proposals, and the form to submit one.

use std::collections::HashMap;

use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{
    decision_words::{day, level_explain_key, level_key, phase_key, state_key},
    group_decisions::{group_path, viewer_roles},
};
use crate::{
    domain::process::Phase,
    error::AppError,
    page_try,
    service::{
        self,
        processes::{participation_of, ProcessDetails},
    },
    storage::processes::ProcessRow,
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

pub struct PhaseLine {
    pub label: String,
    /// The day it starts, or empty when the process gives no date.
    pub from: String,
    pub current: bool,
}

pub struct ProposalItem {
    pub id: i64,
    pub title: String,
    pub state: String,
    pub supports: i64,
    pub author: String,
}

#[derive(Default)]
pub struct ProposalDraft {
    pub title: String,
    pub body: String,
    pub draft: bool,
}

#[derive(Template)]
#[template(path = "process.html")]
struct ProcessPage<'a> {
    ctx: &'a Ctx,
    process: ProcessRow,
    group_name: String,
    group_path: String,
    level: String,
    level_explain: String,
    has_votes: bool,
    binding: bool,
    not_started: bool,
    phases: Vec<PhaseLine>,
    proposals: Vec<ProposalItem>,
    /// The server of the group of a process of another node, where proposals written here go.
    remote_server: Option<String>,
    /// Why the reader cannot submit a proposal (a text key), or `None` when they can.
    cannot_propose: Option<&'static str>,
    draft: ProposalDraft,
    errors: HashMap<&'static str, String>,
}

impl ProcessPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

fn phase_lines(ctx: &Ctx, details: &ProcessDetails) -> Vec<PhaseLine> {
    let p = &details.process;
    [
        (Phase::Proposals, p.proposals_from),
        (Phase::Deliberation, p.deliberation_from),
        (Phase::Vote, p.vote_from),
        (Phase::Result, p.result_at),
    ]
    .into_iter()
    .map(|(phase, from)| PhaseLine {
        label: ctx.t(&phase_key(phase)),
        from: from.map(day).unwrap_or_default(),
        current: phase == details.phase,
    })
    .collect()
}

async fn process_view(
    ctx: &Ctx,
    id: i64,
    draft: ProposalDraft,
    errors: HashMap<&'static str, String>,
    status: StatusCode,
) -> Response {
    let viewer = ctx.user.as_ref().map(|u| &u.actor);
    let details = page_try!(
        ctx,
        service::processes::process_details(&ctx.data, id, viewer).await
    );
    let (member, moderator) = {
        let mut tx = page_try!(ctx, ctx.data.db.read().await);
        page_try!(ctx, viewer_roles(&mut tx, &details.group, viewer).await)
    };
    let level = participation_of(&details.process);
    let cannot_propose = if ctx.user.is_none() {
        Some("process-login-to-propose")
    } else if !member {
        Some("process-members-propose")
    } else if !level.members_propose() && !moderator {
        Some("process-information-only")
    } else if details.phase != Phase::Proposals {
        Some("process-not-taking-proposals")
    } else {
        None
    };
    let proposals = details
        .proposals
        .iter()
        .map(|p| ProposalItem {
            id: p.id,
            title: p.title.clone(),
            state: ctx.t(&state_key(&p.state)),
            supports: p.supports,
            author: format!("{}@{}", p.author_username, p.author_domain),
        })
        .collect();
    render_with(
        status,
        &ProcessPage {
            ctx,
            group_name: details
                .group
                .display_name
                .clone()
                .unwrap_or_else(|| details.group.username.clone()),
            group_path: group_path(&details.group),
            level: ctx.t(&level_key(level)),
            level_explain: ctx.t(&level_explain_key(level)),
            has_votes: level.has_votes(),
            binding: level.vote_is_binding(),
            not_started: details.phase == Phase::NotStarted,
            phases: phase_lines(ctx, &details),
            proposals,
            remote_server: (!details.process.local).then(|| details.group.domain.clone()),
            cannot_propose,
            draft,
            errors,
            process: details.process,
        },
    )
}

/// `GET /process/{id}`.
pub async fn process_page(ctx: Ctx, Path(id): Path<i64>) -> Response {
    process_view(
        &ctx,
        id,
        ProposalDraft::default(),
        HashMap::new(),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
pub struct ProposalForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    draft: Option<String>,
}

/// `POST /process/{id}/proposals`: a member submits a proposal, or saves it as a draft.
pub async fn submit_proposal(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ProposalForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let publish = form.draft.is_none();
    match service::processes::submit_proposal(
        &ctx.data,
        &user.actor,
        id,
        &form.title,
        &form.body,
        publish,
    )
    .await
    {
        Ok(proposal) => redirect_with_notice(
            &format!("/proposal/{}", proposal.id),
            if publish {
                "notice-proposal-published"
            } else {
                "notice-draft-saved"
            },
        ),
        Err(err @ (AppError::Unprocessable(..) | AppError::Forbidden(..))) => {
            let field = match err.code() {
                "invalid_title" => "proposal-title",
                "invalid_text" => "proposal-body",
                _ => "proposal-form",
            };
            let errors = HashMap::from([(field, ctx.error_text(&err))]);
            let draft = ProposalDraft {
                title: form.title,
                body: form.body,
                draft: !publish,
            };
            process_view(&ctx, id, draft, errors, err.status()).await
        }
        Err(err) => ctx.fail(err),
    }
}
