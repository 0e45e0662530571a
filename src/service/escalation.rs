//! Escalation ("faire remonter au réseau"). A moderator of an antenna, a group G of this node,
//! takes one of G's proposals P up to a network group N that G belongs to (G follows N and N
//! accepted). The result is a new proposal in one of N's open processes, written here in G's
//! own name (the group actor: the proposal is the antenna's, not one person's), carrying
//! `maillon:escalatedFrom` (P), and sent to N like any proposal written on another node
//! (`proposal_publication::publish`; N's node takes it in `remote_submissions`). N's node
//! decides it; its decision comes back here as N's `Update` of the proposal
//! (`remote_proposals::receive_status`), so P's page shows where P went and what N decided.
//!
//! Inbound, `keep_origin` records where a received network proposal comes from, on N's node
//! and on every node that keeps a copy.

use activitypub_federation::fetch::fetch_object_http;
use url::Url;

use super::{
    begin, commit,
    membership::is_member,
    processes::{check_may_submit, load_proposal, require_moderator, state_of},
    proposal_publication, Origin,
};
use crate::{
    app::AppState,
    domain::process::{Phase, ProposalState},
    error::{AppError, AppResult},
    federation::{
        objects::{
            escalation::{clean_note, EscalatedFromJson, ReceivedEscalation, MAX_NOTE_CHARS},
            process::ProcessJson,
        },
        resolve, FedData,
    },
    storage::{
        self,
        actors::ActorRow,
        escalations::{EscalationRow, NewEscalation},
        now_millis,
        processes::{NewProposal, ProcessRow, ProposalRow},
        Tx,
    },
};

/// What an escalation made: the network proposal (written here), its process and network.
pub struct Escalated {
    pub proposal: ProposalRow,
    pub process: ProcessRow,
    pub network: ActorRow,
}

fn refused(code: &'static str, message: &str) -> AppError {
    AppError::Unprocessable(code, message.into())
}

/// A moderator of the antenna escalates the antenna's proposal `proposal_id` into the
/// network's process `process_ref` (its id here, or its address), with an optional word of
/// context. Every refusal changes nothing.
pub async fn escalate(
    data: &FedData,
    moderator: &ActorRow,
    proposal_id: i64,
    process_ref: &str,
    note: Option<&str>,
) -> AppResult<Escalated> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(refused(
            "invalid_note",
            &format!("the note may have at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    {
        // Who asks, about what, before anything is fetched for them.
        let mut tx = data.db.read().await?;
        let source = load_proposal(&mut tx, proposal_id).await?;
        check_source(&mut tx, &source.group, &source.process, moderator).await?;
    }
    let process_id = find_process(data, process_ref).await?;
    let Some(mut tx) = begin(data, Origin::Local).await? else {
        unreachable!("local actions are never duplicates")
    };
    let source = load_proposal(&mut tx, proposal_id).await?;
    let antenna = source.group.clone();
    check_source(&mut tx, &antenna, &source.process, moderator).await?;
    if matches!(
        state_of(&source.proposal),
        ProposalState::Draft | ProposalState::Withdrawn
    ) {
        return Err(refused(
            "not_escalable",
            "a draft or a withdrawn proposal does not go up to the network",
        ));
    }
    let process = storage::processes::process_by_id(&mut tx, process_id)
        .await?
        .ok_or_else(|| refused("unknown_process", "no such process"))?;
    let network = storage::actors::by_id(&mut tx, process.group_id)
        .await?
        .ok_or_else(|| refused("unknown_process", "the process's group is gone"))?;
    let member = network.network && is_member(&mut tx, &network, &antenna).await?;
    if network.id == antenna.id || !member {
        return Err(AppError::Forbidden(
            "not_a_network_member",
            format!(
                "{} is not an accepted member of {}: a proposal goes up to a network the antenna belongs to",
                antenna.acct(),
                network.acct()
            ),
        ));
    }
    if storage::escalations::to_network(&mut tx, &source.proposal.ap_id, network.id)
        .await?
        .is_some()
    {
        return Err(already_escalated(&network));
    }
    // The rule of any proposal in that process, as N's node will apply it.
    check_may_submit(&mut tx, &process, &network, &antenna)
        .await
        .map_err(|e| match e {
            AppError::Forbidden("information_only", _) => refused(
                "process_closed",
                "this process informs the network's members and takes no proposals",
            ),
            AppError::Unprocessable("not_accepting_proposals", _) => refused(
                "process_closed",
                "this process is not in its proposals phase",
            ),
            other => other,
        })?;
    let proposal = storage::processes::insert_proposal(
        &mut tx,
        &NewProposal {
            ap_id: data.urls.new_object("proposals").to_string(),
            process_id: process.id,
            author_id: antenna.id,
            title: source.proposal.title.clone(),
            content: source.proposal.content.clone(),
            source: source.proposal.source.clone(),
            state: ProposalState::Published.as_str().into(),
            local: true,
        },
    )
    .await?;
    storage::escalations::insert(
        &mut tx,
        &NewEscalation {
            proposal_id: proposal.id,
            antenna_id: antenna.id,
            network_id: network.id,
            source_ap_id: source.proposal.ap_id.clone(),
            source_title: source.proposal.title.clone(),
            source_id: Some(source.proposal.id),
            note: note.map(clean_note),
            created_by: Some(moderator.id),
        },
    )
    .await?
    .ok_or_else(|| already_escalated(&network))?;
    let ctx = load_proposal(&mut tx, proposal.id).await?;
    let queued = proposal_publication::publish(&mut tx, data, &ctx).await?;
    commit(data, tx, queued).await?;
    Ok(Escalated {
        proposal: ctx.proposal,
        process: ctx.process,
        network,
    })
}

fn already_escalated(network: &ActorRow) -> AppError {
    AppError::Conflict(
        "already_escalated",
        format!("this proposal went up to {} already", network.acct()),
    )
}

/// The proposal is one of this node's groups' (decided here), and `moderator` moderates it.
async fn check_source(
    tx: &mut Tx,
    antenna: &ActorRow,
    process: &ProcessRow,
    moderator: &ActorRow,
) -> AppResult<()> {
    if !antenna.local || !process.local {
        return Err(refused(
            "not_an_antenna_proposal",
            "only a proposal of a group of this node goes up from here",
        ));
    }
    require_moderator(tx, antenna, moderator).await
}

/// The process `reference` names: its id here, or its address; a process of another node
/// not known here yet is fetched from its group's server.
async fn find_process(data: &FedData, reference: &str) -> AppResult<i64> {
    let reference = reference.trim();
    let unknown = || refused("unknown_process", "no such process is known here");
    let mut tx = data.db.read().await?;
    if let Ok(id) = reference.parse::<i64>() {
        return storage::processes::process_by_id(&mut tx, id)
            .await?
            .map(|p| p.id)
            .ok_or_else(unknown);
    }
    let url = Url::parse(reference)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| {
            AppError::BadRequest(
                "invalid_process",
                "give the process's id here or its address".into(),
            )
        })?;
    if let Some(process) = storage::processes::process_by_ap_id(&mut tx, url.as_str()).await? {
        return Ok(process.id);
    }
    drop(tx);
    if data.urls.is_local(&url) {
        return Err(unknown());
    }
    let fetched = fetch_object_http::<AppState, ProcessJson>(&url, data)
        .await
        .map_err(|e| {
            tracing::info!(%url, error = %e, "process to escalate to not fetched");
            unknown()
        })?;
    let group_url = fetched.object.attributed_to.clone();
    let received = fetched.object.into_received(&group_url)?;
    let group = resolve::actor_by_url(data, &group_url).await?;
    if !group.is_group() {
        return Err(unknown());
    }
    let mut tx = data.db.begin().await?;
    let process = super::remote_proposals::keep_process(&mut tx, &group, &received).await?;
    tx.commit().await?;
    Ok(process.id)
}

/// A received network proposal (in `network`'s process, by `author`) that says it comes
/// from an antenna's proposal: recorded, once. Only a group escalates its own proposals (the
/// wire check made sure the antenna named is the author).
pub async fn keep_origin(
    tx: &mut Tx,
    proposal: &ProposalRow,
    network: &ActorRow,
    author: &ActorRow,
    escalated: Option<&ReceivedEscalation>,
) -> AppResult<()> {
    let Some(escalated) = escalated else {
        return Ok(());
    };
    if !author.is_group() || author.ap_id != escalated.antenna.as_str() {
        return Err(refused(
            "invalid_escalation",
            "an escalated proposal is written by the antenna group it comes from",
        ));
    }
    let source_id = storage::processes::proposal_by_ap_id(tx, escalated.source.as_str())
        .await?
        .map(|p| p.id);
    let inserted = storage::escalations::insert(
        tx,
        &NewEscalation {
            proposal_id: proposal.id,
            antenna_id: author.id,
            network_id: network.id,
            source_ap_id: escalated.source.to_string(),
            source_title: escalated.title.clone(),
            source_id,
            note: escalated.note.clone(),
            created_by: None,
        },
    )
    .await?;
    if inserted.is_none()
        && storage::escalations::of_network_proposal(tx, proposal.id)
            .await?
            .is_none()
    {
        // Another network proposal came from the same one already.
        return Err(already_escalated(network));
    }
    Ok(())
}

/// `maillon:escalatedFrom` for the wire form of a network proposal, if it was escalated.
pub async fn wire_origin(tx: &mut Tx, proposal_id: i64) -> AppResult<Option<EscalatedFromJson>> {
    let Some(origin) = origin_of(tx, proposal_id).await? else {
        return Ok(None);
    };
    Ok(EscalatedFromJson::new(
        &origin.row.source_ap_id,
        &origin.row.source_title,
        &origin.antenna.ap_id,
        origin.row.note.as_deref(),
    ))
}

/// Where a network proposal comes from: the antenna and its proposal.
pub struct EscalationOrigin {
    pub row: EscalationRow,
    pub antenna: ActorRow,
}

pub async fn origin_of(tx: &mut Tx, proposal_id: i64) -> AppResult<Option<EscalationOrigin>> {
    let Some(row) = storage::escalations::of_network_proposal(tx, proposal_id).await? else {
        return Ok(None);
    };
    let Some(antenna) = storage::actors::by_id(tx, row.antenna_id).await? else {
        return Ok(None);
    };
    Ok(Some(EscalationOrigin { row, antenna }))
}

/// Where an antenna's proposal went: one network proposal per network, with its state as
/// the network's node last said it.
pub struct EscalationTarget {
    pub row: EscalationRow,
    pub network: ActorRow,
    pub proposal: ProposalRow,
    pub process: ProcessRow,
}

pub async fn targets_of(tx: &mut Tx, proposal_id: i64) -> AppResult<Vec<EscalationTarget>> {
    let mut targets = vec![];
    for row in storage::escalations::of_source(tx, proposal_id).await? {
        let ctx = load_proposal(tx, row.proposal_id).await?;
        targets.push(EscalationTarget {
            network: ctx.group,
            proposal: ctx.proposal,
            process: ctx.process,
            row,
        });
    }
    Ok(targets)
}

/// The processes a moderator of an antenna may escalate into: the open processes (members
/// propose, proposals phase) known here of `networks` (`storage::networks::networks_of`).
pub async fn open_processes(
    tx: &mut Tx,
    networks: &[ActorRow],
) -> AppResult<Vec<(ActorRow, ProcessRow)>> {
    let mut open = vec![];
    for network in networks {
        for process in storage::processes::processes_of_group(tx, network.id).await? {
            let phase = super::processes::phases_of(&process).current(now_millis());
            if phase == Phase::Proposals
                && super::processes::participation_of(&process).members_propose()
            {
                open.push((network.clone(), process));
            }
        }
    }
    Ok(open)
}
