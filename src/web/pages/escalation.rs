//! Escalation on a proposal's page (`templates/proposal_escalation.html`, included there):
//! for the antenna's moderators, the form "Faire remonter au réseau" (a network's open
//! process, or its address, and a word of context), posted to `/proposal/{id}/escalation`
//! and handled by `service::escalation`; once done, where the proposal went and what the
//! network decided; on a network proposal, the antenna and the proposal it comes from.

use std::collections::HashMap;

use axum::{extract::Path, response::Response};
use serde::Deserialize;

use super::{
    decision_words::state_key,
    proposals::{proposal_view, Drafts},
};
use crate::{
    domain::process::ProposalState,
    error::{AppError, AppResult},
    service::{
        self,
        processes::{state_of, ProposalContext},
    },
    storage::{self, actors::ActorRow, Tx},
    web::{csrf::CsrfForm, redirect_with_notice, Ctx},
};

/// The form field errors are shown under.
pub const FIELD: &str = "proposal-escalation";

/// On a network proposal: the antenna's proposal it comes from.
pub struct FromItem {
    pub antenna: String,
    pub href: String,
    pub title: String,
    pub note: Option<String>,
}

/// Where the proposal went: the network proposal and its state (the network's decision).
pub struct ToItem {
    pub network: String,
    pub href: String,
    pub state: String,
    pub decided: bool,
}

/// A network process the antenna may escalate into.
pub struct Choice {
    pub id: i64,
    pub label: String,
}

pub struct EscalationForm {
    pub choices: Vec<Choice>,
    pub note: String,
}

#[derive(Default)]
pub struct EscalationPanel {
    pub from: Option<FromItem>,
    pub to: Vec<ToItem>,
    pub form: Option<EscalationForm>,
}

fn name_of(actor: &ActorRow) -> String {
    actor.display_name.clone().unwrap_or_else(|| actor.acct())
}

/// What the proposal's page shows of escalation, for a viewer who moderates its group or not.
pub async fn panel(
    ctx: &Ctx,
    tx: &mut Tx,
    found: &ProposalContext,
    moderator: bool,
    note: String,
) -> AppResult<EscalationPanel> {
    let from = service::escalation::origin_of(tx, found.proposal.id)
        .await?
        .map(|o| FromItem {
            antenna: name_of(&o.antenna),
            href: o
                .row
                .source_id
                .map(|id| format!("/proposal/{id}"))
                .unwrap_or(o.row.source_ap_id),
            title: o.row.source_title,
            note: o.row.note,
        });
    let targets = service::escalation::targets_of(tx, found.proposal.id).await?;
    let escalable = moderator
        && found.group.local
        && found.process.local
        && !matches!(
            state_of(&found.proposal),
            ProposalState::Draft | ProposalState::Withdrawn
        );
    let networks = if escalable {
        storage::networks::networks_of(tx, found.group.id).await?
    } else {
        vec![]
    };
    // No form for a group that belongs to no network.
    let form = if !networks.is_empty() {
        let choices = service::escalation::open_processes(tx, &networks)
            .await?
            .into_iter()
            // A network it went up to already is not offered again.
            .filter(|(network, _)| !targets.iter().any(|t| t.network.id == network.id))
            .map(|(network, process)| Choice {
                id: process.id,
                label: format!("{} · {}", name_of(&network), process.title),
            })
            .collect();
        Some(EscalationForm { choices, note })
    } else {
        None
    };
    let to = targets
        .iter()
        .map(|t| ToItem {
            network: name_of(&t.network),
            href: format!("/proposal/{}", t.proposal.id),
            state: ctx.t(&state_key(&t.proposal.state)),
            decided: matches!(
                state_of(&t.proposal),
                ProposalState::Accepted | ProposalState::Rejected | ProposalState::Implemented
            ),
        })
        .collect();
    Ok(EscalationPanel { from, to, form })
}

#[derive(Deserialize)]
pub struct EscalateForm {
    /// A process chosen among the known open ones.
    #[serde(default)]
    process: String,
    /// Or a process's address, typed in.
    #[serde(default)]
    process_url: String,
    #[serde(default)]
    note: String,
}

/// `POST /proposal/{id}/escalation`: a moderator of the antenna takes the proposal up.
pub async fn escalate(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<EscalateForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let reference = [form.process_url.trim(), form.process.trim()]
        .into_iter()
        .find(|r| !r.is_empty())
        .unwrap_or_default()
        .to_string();
    let result = if reference.is_empty() {
        Err(AppError::Unprocessable(
            "unknown_process",
            "choose a process of the network".into(),
        ))
    } else {
        let note = Some(form.note.as_str());
        service::escalation::escalate(&ctx.data, &user.actor, id, &reference, note).await
    };
    match result {
        Ok(_) => redirect_with_notice(&format!("/proposal/{id}"), "notice-escalated"),
        Err(
            err @ (AppError::Unprocessable(..)
            | AppError::Forbidden(..)
            | AppError::Conflict(..)
            | AppError::BadRequest(..)),
        ) => {
            let status = err.status();
            let errors = HashMap::from([(FIELD, ctx.error_text(&err))]);
            let drafts = Drafts {
                escalation_note: form.note,
                ..Drafts::default()
            };
            proposal_view(&ctx, id, drafts, errors, status).await
        }
        Err(err) => ctx.fail(err),
    }
}
