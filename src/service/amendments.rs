//! Amendments: a member proposes a new text for someone's proposal, with a reason, and the
//! proposal's author accepts it (the text becomes the proposal's) or declines it.
//!
//! A member here may amend a proposal decided on its group's node: the amendment is kept here
//! (their page shows it, pending) and sent to the group, whose node applies the same rule and
//! shows it to the author; the author's answer comes back as `Accept` or `Reject`, and the new
//! text with the proposal's usual `Update`.

use super::{
    begin, commit,
    membership::require_member,
    processes::{checked_text, load_proposal, state_of, ProposalContext},
    proposal_publication, Origin,
};
use crate::{
    domain::{content::clean_line, process::ProposalState},
    error::{AppError, AppResult},
    federation::{
        objects::participation::{self, AmendmentJson, ReceivedAmendment, MAX_REASON_CHARS},
        outbox,
        urls::same_origin,
        FedData,
    },
    storage::{
        self,
        actors::ActorRow,
        amendments::{AmendmentRow, NewAmendment},
        Tx,
    },
};

fn open_for_amendments(ctx: &ProposalContext) -> bool {
    matches!(
        state_of(&ctx.proposal),
        ProposalState::Published | ProposalState::Deliberation
    )
}

/// Whether the proposal's author lives on the node that decides it, where they answer
/// amendments. A proposal submitted from another node has its author there.
pub fn author_on_groups_node(ctx: &ProposalContext) -> bool {
    match (
        url::Url::parse(&ctx.proposal.ap_id),
        url::Url::parse(&ctx.group.ap_id),
    ) {
        (Ok(proposal), Ok(group)) => same_origin(&proposal, &group),
        _ => false,
    }
}

/// The rule every amendment follows, whatever its path.
async fn check_may_amend(tx: &mut Tx, ctx: &ProposalContext, member: &ActorRow) -> AppResult<()> {
    require_member(tx, &ctx.group, member).await?;
    if !open_for_amendments(ctx) {
        return Err(AppError::Unprocessable(
            "not_open_for_amendments",
            "amendments are proposed before the vote".into(),
        ));
    }
    if ctx.proposal.author_id == member.id {
        return Err(AppError::Unprocessable(
            "own_proposal",
            "the author edits their proposal directly".into(),
        ));
    }
    if !author_on_groups_node(ctx) {
        return Err(AppError::Unprocessable(
            "author_elsewhere",
            "this proposal was submitted from another node, where its author would have to \
             answer amendments: that is not possible yet"
                .into(),
        ));
    }
    Ok(())
}

/// A member here proposes an amendment.
pub async fn propose_amendment(
    data: &FedData,
    member: &ActorRow,
    proposal_id: i64,
    new_text: &str,
    reason: Option<&str>,
) -> AppResult<AmendmentRow> {
    let text = checked_text(new_text)?;
    let reason = reason
        .map(|r| clean_line(r, MAX_REASON_CHARS))
        .filter(|r| !r.is_empty());
    let mut tx = data.db.begin().await?;
    let ctx = load_proposal(&mut tx, proposal_id).await?;
    check_may_amend(&mut tx, &ctx, member).await?;
    let ap_id = data.urls.new_object("amendments").to_string();
    let id = storage::amendments::insert(
        &mut tx,
        &NewAmendment {
            ap_id: &ap_id,
            proposal_id,
            author_id: member.id,
            content: &text.html,
            source: &text.source,
            reason: reason.as_deref(),
        },
    )
    .await?
    .ok_or_else(|| AppError::Conflict("duplicate", "this amendment exists already".into()))?;
    let queued = if ctx.process.local {
        0
    } else {
        let json = AmendmentJson::from_local(
            &ap_id,
            member,
            &ctx.proposal.ap_id,
            &ctx.group,
            &text.html,
            &text.source,
            reason.as_deref(),
        );
        let activity = participation::create_amendment(&data.urls, member, &json);
        outbox::publish(
            &mut tx,
            data,
            member,
            activity,
            vec![ctx.group.inbox.clone()],
        )
        .await?
    };
    let amendment = storage::amendments::by_id(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("the amendment is gone"))?;
    commit(data, tx, queued).await?;
    Ok(amendment)
}

/// An amendment sent by a member of another node, to a proposal decided here: the same rule
/// as one proposed here. Its Markdown is rendered here, as ours are. A repeated delivery finds
/// it stored and adds nothing.
pub async fn receive_amendment(
    data: &FedData,
    author: &ActorRow,
    amendment: ReceivedAmendment,
    origin: Origin<'_>,
) -> AppResult<()> {
    let text = checked_text(&amendment.markdown)?;
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let proposal = storage::processes::proposal_by_ap_id(&mut tx, amendment.proposal.as_str())
        .await?
        .ok_or_else(|| AppError::not_found("no such proposal"))?;
    let ctx = load_proposal(&mut tx, proposal.id).await?;
    if !ctx.process.local {
        // Decided on another node: not ours to take.
        return Ok(());
    }
    check_may_amend(&mut tx, &ctx, author).await?;
    storage::amendments::insert(
        &mut tx,
        &NewAmendment {
            ap_id: amendment.ap_id.as_str(),
            proposal_id: proposal.id,
            author_id: author.id,
            content: &text.html,
            source: &text.source,
            reason: amendment.reason.as_deref(),
        },
    )
    .await?;
    commit(data, tx, 0).await
}

/// The author accepts an amendment (its text becomes the proposal's) or declines it. An
/// amendment from another node gets the answer back, in the same transaction.
pub async fn decide_amendment(
    data: &FedData,
    author: &ActorRow,
    amendment_id: i64,
    accept: bool,
) -> AppResult<AmendmentRow> {
    let mut tx = data.db.begin().await?;
    let amendment = storage::amendments::by_id(&mut tx, amendment_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such amendment"))?;
    let ctx = load_proposal(&mut tx, amendment.proposal_id).await?;
    if ctx.proposal.author_id != author.id || !ctx.process.local {
        return Err(AppError::Forbidden(
            "not_the_author",
            "only the proposal's author accepts or declines amendments".into(),
        ));
    }
    if accept && !open_for_amendments(&ctx) {
        return Err(AppError::Unprocessable(
            "not_open_for_amendments",
            "the text cannot change once the vote is open".into(),
        ));
    }
    let state = if accept { "accepted" } else { "declined" };
    if !storage::amendments::decide(&mut tx, amendment_id, state).await? {
        return Err(AppError::Conflict(
            "already_decided",
            "this amendment was already accepted or declined".into(),
        ));
    }
    let mut queued = 0;
    if accept {
        storage::processes::update_proposal_title_and_text(
            &mut tx,
            ctx.proposal.id,
            &ctx.proposal.title,
            &amendment.content,
            amendment.source.as_deref(),
        )
        .await?;
        let ctx = load_proposal(&mut tx, ctx.proposal.id).await?;
        queued += proposal_publication::refresh(&mut tx, data, &ctx).await?;
    }
    if let (false, Some(_)) = (amendment.author_local, &amendment.ap_id) {
        let answer = participation::answer_amendment(
            &data.urls,
            author,
            accept,
            &amendment,
            &ctx.proposal.ap_id,
        );
        let inbox = storage::actors::by_id(&mut tx, amendment.author_id)
            .await?
            .map(|a| a.delivery_inbox().to_string())
            .unwrap_or_default();
        queued += outbox::publish(&mut tx, data, author, answer, vec![inbox]).await?;
    }
    let amendment = storage::amendments::by_id(&mut tx, amendment_id)
        .await?
        .ok_or_else(|| AppError::not_found("the amendment is gone"))?;
    commit(data, tx, queued).await?;
    Ok(amendment)
}

/// The author of a proposal decided on another node answered our member's amendment. Only
/// that author may; a repeated or late answer changes nothing.
pub async fn receive_answer(
    data: &FedData,
    actor: &ActorRow,
    amendment_ap_id: &str,
    accepted: bool,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let amendment = storage::amendments::by_ap_id(&mut tx, amendment_ap_id)
        .await?
        .filter(|a| a.author_local)
        .ok_or_else(|| {
            AppError::Unprocessable(
                "unknown_amendment",
                "no amendment of ours has this id".into(),
            )
        })?;
    let ctx = load_proposal(&mut tx, amendment.proposal_id).await?;
    if ctx.author.id != actor.id || ctx.process.local {
        return Err(AppError::Forbidden(
            "not_the_author",
            "only the proposal's author accepts or declines amendments".into(),
        ));
    }
    let state = if accepted { "accepted" } else { "declined" };
    storage::amendments::decide(&mut tx, amendment.id, state).await?;
    commit(data, tx, 0).await
}
