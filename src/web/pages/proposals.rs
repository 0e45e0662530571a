//! A proposal's page: its text, state and author; supports with the threshold; amendments
//! (members propose, the author accepts or declines); what the author and the moderators may
//! do next (publish, withdraw, deliberation, open a vote, settle, mark implemented); and the
//! votes held on it.

use std::collections::HashMap;

use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{
    decision_words::{method_key, moment, state_key, verdict_key},
    group_decisions::{group_path, viewer_roles},
    posts::thread_replies,
    results::verdict_text,
    vote_open::{OpenVoteForm, OpenVoteView},
};
use crate::{
    domain::process::{check_transition, ProposalState, Role},
    error::AppError,
    page_try,
    service::{
        self,
        processes::{participation_of, state_of},
        supports::SupportState,
    },
    storage::{self, processes::ProposalRow},
    web::{csrf::CsrfForm, pages::PostItem, redirect_with_notice, render_with, Ctx},
};

/// Form values to show again after a refusal.
#[derive(Default)]
pub struct Drafts {
    pub amendment: Option<(String, String)>,
    pub follow_up: String,
    pub vote: Option<OpenVoteForm>,
    /// The author's edit: title and text.
    pub edit: Option<(String, String)>,
    /// The antenna's word of context when escalating to a network.
    pub escalation_note: String,
}

pub struct AmendmentItem {
    pub id: i64,
    pub author: String,
    pub content: String,
    pub reason: Option<String>,
    pub state: String,
    pub pending: bool,
}

pub struct VoteItem {
    pub id: i64,
    pub method: String,
    pub closes: String,
    pub closed: bool,
    pub verdict: Option<String>,
}

#[derive(Template)]
#[template(path = "proposal.html")]
struct ProposalPage<'a> {
    ctx: &'a Ctx,
    proposal: ProposalRow,
    state: String,
    author: String,
    process_id: i64,
    process_title: String,
    group_name: String,
    group_path: String,
    support: SupportState,
    can_support: bool,
    amendments: Vec<AmendmentItem>,
    is_author: bool,
    /// Amendments may still change the text (before the vote).
    amendments_open: bool,
    can_amend: bool,
    amendment_body: String,
    amendment_reason: String,
    can_publish: bool,
    can_withdraw: bool,
    can_deliberate: bool,
    can_settle: bool,
    can_implement: bool,
    follow_up_draft: String,
    /// The open-vote form, for moderators when the proposal may go to the vote.
    vote_form: Option<OpenVoteView>,
    votes: Vec<VoteItem>,
    /// The server of the group of a proposal decided on another node, where the supports,
    /// amendments and ballots given here are sent and counted.
    origin: Option<String>,
    /// The proposal's author answers amendments on another node than its group's, which is
    /// not possible yet: no amendment form.
    author_elsewhere: bool,
    /// Where the group's node shows the proposal (or, for one written on another node, its
    /// process).
    origin_link: String,
    /// The first post of the proposal's discussion (the proposal itself), once published.
    discussion: Option<i64>,
    comments: Vec<(usize, PostItem)>,
    can_comment: bool,
    /// The author may still rewrite the text (before the vote).
    can_edit: bool,
    edit_title: String,
    edit_body: String,
    /// The meetings whose agenda examined it: (page, meeting title, item title, outcome).
    examined: Vec<(String, String, String, Option<String>)>,
    /// Escalation to a network: the form, where it went, where it comes from.
    escalation: super::escalation::EscalationPanel,
    errors: HashMap<&'static str, String>,
}

impl ProposalPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

pub async fn proposal_view(
    ctx: &Ctx,
    id: i64,
    drafts: Drafts,
    errors: HashMap<&'static str, String>,
    status: StatusCode,
) -> Response {
    let viewer = ctx.user.as_ref().map(|u| &u.actor);
    let mut tx = page_try!(ctx, ctx.data.db.read().await);
    let found = page_try!(ctx, service::processes::load_proposal(&mut tx, id).await);
    if !service::processes::may_read(&found.proposal, viewer) {
        return ctx.fail(AppError::not_found("no such proposal"));
    }
    let support = page_try!(
        ctx,
        service::supports::support_state(&mut tx, &found, viewer).await
    );
    let amendments = page_try!(ctx, storage::amendments::of_proposal(&mut tx, id).await);
    let votes = page_try!(ctx, storage::votes::votes_of_proposal(&mut tx, id).await);
    let examined = page_try!(ctx, service::agenda::examined_at(&ctx.data, id).await);
    let (member, moderator) = page_try!(ctx, viewer_roles(&mut tx, &found.group, viewer).await);
    let discussion = page_try!(
        ctx,
        storage::posts::by_ap_id(&mut tx, &found.proposal.ap_id).await
    )
    .filter(|p| p.deleted_at.is_none())
    .map(|p| p.id);
    let mut comments = Vec::new();
    if let Some(post_id) = discussion {
        page_try!(
            ctx,
            thread_replies(&mut tx, post_id, &ctx.domain, 1, 8, &mut comments).await
        );
    }
    let note = drafts.escalation_note.clone();
    let escalation = page_try!(
        ctx,
        super::escalation::panel(ctx, &mut tx, &found, moderator, note).await
    );
    drop(tx);
    // Written here (the author edits it here), and decided here (the group's node).
    let local = found.proposal.local;
    let decided_here = found.process.local;
    let author_elsewhere = !service::amendments::author_on_groups_node(&found);

    let from = state_of(&found.proposal);
    let is_author = viewer.is_some_and(|v| v.id == found.proposal.author_id);
    // From another node than the group's, the author only publishes their draft (which
    // sends it to the group); the group's node moves it on.
    let may = |to: ProposalState, role: Role, allowed: bool| {
        allowed
            && (decided_here || (from == ProposalState::Draft && to == ProposalState::Published))
            && check_transition(from, to, role).is_ok()
    };
    let level = participation_of(&found.process);
    let open = matches!(from, ProposalState::Published | ProposalState::Deliberation);
    let vote_form = (moderator
        && found.group.local
        && level.has_votes()
        && check_transition(from, ProposalState::Vote, Role::Moderator).is_ok())
    .then(|| OpenVoteView::new(ctx, drafts.vote.unwrap_or_default()));
    let (edit_title, edit_body) = drafts.edit.unwrap_or_else(|| {
        (
            found.proposal.title.clone(),
            found.proposal.source.clone().unwrap_or_default(),
        )
    });
    let (amendment_body, amendment_reason) = drafts.amendment.unwrap_or_else(|| {
        (
            found.proposal.source.clone().unwrap_or_default(),
            String::new(),
        )
    });
    render_with(
        status,
        &ProposalPage {
            ctx,
            state: ctx.t(&state_key(from.as_str())),
            author: found.author.acct(),
            process_id: found.process.id,
            process_title: found.process.title.clone(),
            group_name: found
                .group
                .display_name
                .clone()
                .unwrap_or_else(|| found.group.username.clone()),
            group_path: group_path(&found.group),
            support,
            can_support: member && open,
            amendments: amendments
                .iter()
                .map(|a| AmendmentItem {
                    id: a.id,
                    author: format!("{}@{}", a.author_username, a.author_domain),
                    content: a.content.clone(),
                    reason: a.reason.clone(),
                    state: ctx.t(&format!("amendment-state-{}", a.state)),
                    pending: a.state == "pending",
                })
                .collect(),
            is_author,
            amendments_open: open,
            can_amend: member && open && !is_author && !author_elsewhere,
            author_elsewhere: member && open && !is_author && author_elsewhere,
            amendment_body,
            amendment_reason,
            can_publish: may(ProposalState::Published, Role::Author, is_author),
            can_withdraw: may(ProposalState::Withdrawn, Role::Author, is_author),
            can_deliberate: may(ProposalState::Deliberation, Role::Moderator, moderator),
            can_settle: may(ProposalState::Accepted, Role::Moderator, moderator)
                && !level.has_votes(),
            can_implement: may(ProposalState::Implemented, Role::Moderator, moderator),
            follow_up_draft: drafts.follow_up,
            examined: examined
                .into_iter()
                .map(|(item, meeting)| {
                    (
                        format!("/meeting/{}", meeting.id),
                        meeting.title,
                        item.title,
                        item.outcome,
                    )
                })
                .collect(),
            vote_form,
            votes: votes
                .iter()
                .map(|v| VoteItem {
                    id: v.id,
                    method: service::votes::spec_of(v)
                        .map(|s| ctx.t(&method_key(s.method.name())))
                        .unwrap_or_default(),
                    closes: moment(v.closed_at.unwrap_or(v.closes_at)),
                    closed: v.closed_at.is_some(),
                    verdict: match (service::votes::spec_of(v), service::votes::outcome_of(v)) {
                        (Ok(spec), Ok(Some(outcome))) => {
                            Some(verdict_text(ctx, &spec, outcome.verdict()))
                        }
                        _ => v.verdict.as_deref().map(|code| ctx.t(&verdict_key(code))),
                    },
                })
                .collect(),
            origin: (!decided_here).then(|| found.group.domain.clone()),
            origin_link: if author_elsewhere {
                found.process.ap_id.clone()
            } else {
                found.proposal.ap_id.clone()
            },
            discussion,
            comments,
            can_comment: member && discussion.is_some(),
            can_edit: is_author
                && local
                && matches!(
                    from,
                    ProposalState::Draft | ProposalState::Published | ProposalState::Deliberation
                ),
            edit_title,
            edit_body,
            escalation,
            errors,
            proposal: found.proposal,
        },
    )
}

/// `GET /proposal/{id}`.
pub async fn proposal_page(ctx: Ctx, Path(id): Path<i64>) -> Response {
    proposal_view(&ctx, id, Drafts::default(), HashMap::new(), StatusCode::OK).await
}

/// Shows a refusal at the top of the proposal's page.
async fn refused(
    ctx: &Ctx,
    id: i64,
    err: AppError,
    drafts: Drafts,
    field: &'static str,
) -> Response {
    match err {
        AppError::Unprocessable(..) | AppError::Forbidden(..) | AppError::Conflict(..) => {
            let errors = HashMap::from([(field, ctx.error_text(&err))]);
            proposal_view(ctx, id, drafts, errors, err.status()).await
        }
        err => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct SupportForm {
    #[serde(default)]
    support: String,
}

/// `POST /proposal/{id}/support`: support the proposal (`support=yes`) or stop (`no`).
pub async fn support(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<SupportForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let yes = form.support != "no";
    match service::supports::set_support(&ctx.data, &user.actor, id, yes).await {
        Ok(_) => redirect_with_notice(
            &format!("/proposal/{id}"),
            if yes {
                "notice-supported"
            } else {
                "notice-support-withdrawn"
            },
        ),
        Err(err) => refused(&ctx, id, err, Drafts::default(), "proposal-actions").await,
    }
}

#[derive(Deserialize)]
pub struct StateForm {
    #[serde(default)]
    state: String,
    #[serde(default)]
    follow_up: String,
}

/// `POST /proposal/{id}/state`: publish a draft, withdraw, move to deliberation, settle a
/// process without votes, or mark implemented with follow-up notes.
pub async fn change_state(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<StateForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let Some(to) = ProposalState::parse(&form.state) else {
        return ctx.fail(AppError::bad_request("unknown proposal state"));
    };
    let follow_up = Some(form.follow_up.as_str()).filter(|f| !f.trim().is_empty());
    match service::processes::change_state(&ctx.data, &user.actor, id, to, follow_up).await {
        Ok(_) => redirect_with_notice(&format!("/proposal/{id}"), "notice-state-changed"),
        Err(err) => {
            let field = if to == ProposalState::Implemented {
                "proposal-follow-up"
            } else {
                "proposal-actions"
            };
            let drafts = Drafts {
                follow_up: form.follow_up,
                ..Drafts::default()
            };
            refused(&ctx, id, err, drafts, field).await
        }
    }
}

#[derive(Deserialize)]
pub struct AmendmentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    reason: String,
}

/// `POST /proposal/{id}/amendments`: a member proposes a new text.
pub async fn propose_amendment(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AmendmentForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let reason = Some(form.reason.as_str()).filter(|r| !r.trim().is_empty());
    match service::amendments::propose_amendment(&ctx.data, &user.actor, id, &form.body, reason)
        .await
    {
        Ok(_) => redirect_with_notice(&format!("/proposal/{id}"), "notice-amendment-proposed"),
        Err(err) => {
            let drafts = Drafts {
                amendment: Some((form.body, form.reason)),
                ..Drafts::default()
            };
            refused(&ctx, id, err, drafts, "amendment-body").await
        }
    }
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    proposal: i64,
}

/// `POST /amendment/{id}/decide`: the author accepts or declines an amendment.
pub async fn decide_amendment(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let accept = match form.decision.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return ctx.fail(AppError::bad_request("decision is accept or decline")),
    };
    match service::amendments::decide_amendment(&ctx.data, &user.actor, id, accept).await {
        Ok(amendment) => redirect_with_notice(
            &format!("/proposal/{}", amendment.proposal_id),
            if accept {
                "notice-amendment-accepted"
            } else {
                "notice-amendment-declined"
            },
        ),
        Err(err) if form.proposal > 0 => {
            refused(
                &ctx,
                form.proposal,
                err,
                Drafts::default(),
                "proposal-actions",
            )
            .await
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

/// `POST /proposal/{id}/edit`: the author rewrites their proposal before the vote.
pub async fn edit(ctx: Ctx, Path(id): Path<i64>, CsrfForm(form): CsrfForm<EditForm>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    match service::processes::edit_proposal(&ctx.data, &user.actor, id, &form.title, &form.body)
        .await
    {
        Ok(_) => redirect_with_notice(&format!("/proposal/{id}"), "notice-proposal-edited"),
        Err(err) => {
            let drafts = Drafts {
                edit: Some((form.title, form.body)),
                ..Drafts::default()
            };
            refused(&ctx, id, err, drafts, "proposal-edit").await
        }
    }
}
