//! A vote's page: its rules in plain words, the ballot form shaped by the method (with the
//! member's current ballot), the result (a live count unless hidden, final once closed), the
//! roll, and the moderators' "close now".

use std::collections::HashMap;

use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{
    ballots::{ballot_form, ballot_input, BallotForm},
    decision_words::{method_key, moment},
    group_decisions::{group_path, viewer_roles},
    results::{result_view, ResultView},
    vote_rules::{choice_in_words, rules_in_words},
};
use crate::{
    domain::vote::spec::Choice,
    error::AppError,
    page_try, service,
    storage::now_millis,
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

pub struct RollLine {
    pub handle: String,
    pub choice: Option<String>,
}

#[derive(Template)]
#[template(path = "vote.html")]
struct VotePage<'a> {
    ctx: &'a Ctx,
    vote_id: i64,
    proposal_id: i64,
    proposal_title: String,
    group_name: String,
    group_path: String,
    method: String,
    opened: String,
    closes: String,
    closed: Option<String>,
    rules: Vec<String>,
    binding: bool,
    results_hidden: bool,
    public_choices: bool,
    options: Vec<String>,
    /// `login`, `closed`, `not-elector` or `vote`.
    ballot_state: &'static str,
    current: Option<String>,
    ballot: Option<BallotForm>,
    result: Option<ResultView>,
    roll: Vec<RollLine>,
    can_close: bool,
    /// The server of the group, when the vote is counted there rather than here.
    counted_on: Option<String>,
    /// The published decision (ballots and roll) anyone can recount.
    decision_url: String,
    verify_command: String,
    errors: HashMap<&'static str, String>,
}

impl VotePage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

async fn vote_view(
    ctx: &Ctx,
    id: i64,
    errors: HashMap<&'static str, String>,
    status: StatusCode,
) -> Response {
    let viewer = ctx.user.as_ref().map(|u| &u.actor);
    let details = page_try!(
        ctx,
        service::votes::vote_details(&ctx.data, id, viewer).await
    );
    let outcome = page_try!(
        ctx,
        service::votes::current_result(&ctx.data, &details).await
    );
    let (_, moderator) = {
        let mut tx = page_try!(ctx, ctx.data.db.read().await);
        page_try!(ctx, viewer_roles(&mut tx, &details.group, viewer).await)
    };
    let spec = &details.spec;
    let vote = &details.vote;
    let open = service::votes::is_open(vote, now_millis());
    let current: Option<Choice> = details
        .your_ballot
        .as_ref()
        .and_then(|b| serde_json::from_str(&b.choice).ok());
    let ballot_state = if !open {
        "closed"
    } else if ctx.user.is_none() {
        "login"
    } else if !details.you_may_vote {
        "not-elector"
    } else {
        "vote"
    };
    let roll = if vote.closed_at.is_some() && vote.local {
        page_try!(ctx, service::votes::roll(&ctx.data, vote).await)
            .iter()
            .map(|row| RollLine {
                handle: format!("{}@{}", row.voter_username, row.voter_domain),
                choice: details
                    .public_choices
                    .then(|| serde_json::from_str::<Choice>(&row.choice).ok())
                    .flatten()
                    .map(|c| choice_in_words(ctx, spec, &c)),
            })
            .collect()
    } else {
        vec![]
    };
    render_with(
        status,
        &VotePage {
            ctx,
            vote_id: vote.id,
            proposal_id: details.proposal_id,
            proposal_title: details.proposal_title.clone(),
            group_name: details
                .group
                .display_name
                .clone()
                .unwrap_or_else(|| details.group.username.clone()),
            group_path: group_path(&details.group),
            method: ctx.t(&method_key(spec.method.name())),
            opened: moment(vote.opens_at),
            closes: moment(vote.closes_at),
            closed: vote.closed_at.map(moment),
            rules: rules_in_words(ctx, spec, u32::try_from(vote.electorate_size).unwrap_or(0)),
            binding: details.binding,
            results_hidden: details.results_hidden,
            public_choices: details.public_choices,
            options: spec.options.iter().map(|o| o.label.clone()).collect(),
            ballot_state,
            current: current.as_ref().map(|c| choice_in_words(ctx, spec, c)),
            ballot: (ballot_state == "vote").then(|| ballot_form(ctx, spec, current.as_ref())),
            result: outcome.as_ref().map(|o| result_view(ctx, spec, o)),
            roll,
            can_close: moderator && vote.closed_at.is_none() && vote.local,
            counted_on: (!vote.local).then(|| details.group.domain.clone()),
            decision_url: format!("{}/decision", vote.ap_id),
            verify_command: format!("maillon verify-decision {}/decision", vote.ap_id),
            errors,
        },
    )
}

/// `GET /vote/{id}`.
pub async fn vote_page(ctx: Ctx, Path(id): Path<i64>) -> Response {
    vote_view(&ctx, id, HashMap::new(), StatusCode::OK).await
}

/// `POST /vote/{id}/ballot`: casts or replaces the member's ballot.
pub async fn cast(
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let spec = page_try!(ctx, service::votes::vote_spec(&ctx.data, id).await);
    let result = match ballot_input(&spec, &fields) {
        Err(key) => {
            let errors = HashMap::from([("ballot", ctx.t(key))]);
            return vote_view(&ctx, id, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Ok(input) => service::votes::cast_local_ballot(&ctx.data, &user.actor, id, input).await,
    };
    match result {
        Ok(receipt) => redirect_with_notice(
            &format!("/vote/{id}"),
            if receipt.replaced_earlier_ballot {
                "notice-ballot-replaced"
            } else {
                "notice-ballot-cast"
            },
        ),
        Err(err @ (AppError::Unprocessable(..) | AppError::Forbidden(..))) => {
            let errors = HashMap::from([("ballot", ctx.error_text(&err))]);
            vote_view(&ctx, id, errors, err.status()).await
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct CloseForm {}

/// `POST /vote/{id}/close`: a moderator closes the vote now.
pub async fn close(ctx: Ctx, Path(id): Path<i64>, CsrfForm(_): CsrfForm<CloseForm>) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    match service::votes::close_now(&ctx.data, &user.actor, id).await {
        Ok(()) => redirect_with_notice(&format!("/vote/{id}"), "notice-vote-closed"),
        Err(err @ (AppError::Forbidden(..) | AppError::Conflict(..))) => {
            let text = ctx.error_text(&err);
            vote_view(&ctx, id, HashMap::from([("ballot", text)]), err.status()).await
        }
        Err(err) => ctx.fail(err),
    }
}
