//! Offers and needs of other nodes, kept so members here find them: in the matches for a
//! need, in the directory, in search. They arrive two ways: announced by a followed group
//! (with every later change), or sent straight to a member of this node whose offer matches
//! a need written elsewhere. Either way a need that matches offers of members here notifies
//! them. The author's node decides everything; the copy follows what it says.

use super::{
    begin, commit,
    competence_matching::notify_offer_authors,
    competences::{search_text, with_people},
    posts::remote_row,
    Origin,
};
use crate::{
    domain::competence::State,
    error::{AppError, AppResult},
    federation::{
        objects::{competence::ReceivedCompetence, post::ReceivedPost},
        FedData,
    },
    storage::{
        self,
        actors::ActorRow,
        competences::{CompetenceFields, RemoteCompetence},
        posts::PostRow,
        Tx,
    },
};

/// Keeps (or refreshes) the offer or need whose thread's first post is `post_row`, posted by
/// `author` in the remote `group`.
pub async fn keep(
    tx: &mut Tx,
    group: &ActorRow,
    author: &ActorRow,
    post_row: &PostRow,
    post: &ReceivedPost,
    competence: &ReceivedCompetence,
) -> AppResult<()> {
    if group.local {
        return Err(AppError::Unprocessable(
            "not_supported",
            "offers and needs are posted in a group by members of its own node".into(),
        ));
    }
    let title = post.title.clone().unwrap_or_default();
    let helpful_post_id = match &competence.helpful {
        Some(reply) => storage::posts::by_ap_id(tx, reply.as_str())
            .await?
            .filter(|p| p.group_id == Some(group.id))
            .map(|p| p.id),
        None => None,
    };
    let known = storage::competences::by_ap_id(tx, post.ap_id.as_str()).await?;
    let fields = CompetenceFields {
        search_text: search_text(&title, &competence.description, &competence.skills),
        title,
        description: competence.description.clone(),
        description_source: None,
        form: competence.form.as_str().into(),
        mode: competence.mode.as_str().into(),
        place: competence.place.clone(),
        availability: competence.availability.clone(),
        terms: competence.terms.as_str().into(),
        expires_at: competence.expires_at,
    };
    let row = storage::competences::upsert_remote(
        tx,
        &RemoteCompetence {
            ap_id: post.ap_id.as_str(),
            group_id: group.id,
            author_id: author.id,
            kind: competence.kind.as_str(),
            fields: &fields,
            state: competence.state.as_str(),
            helpful_post_id,
            created_at: post.published_at,
        },
    )
    .await?
    .ok_or_else(|| AppError::forbidden("this offer or need belongs to someone else"))?;
    storage::competences::set_skills(tx, row.id, &competence.skills).await?;
    storage::posts::link_competence(tx, post_row.id, row.id).await?;
    // A need tells the authors of matching offers here when it first arrives, open.
    if known.is_none() && competence.state == State::Open {
        if let Some(need) = with_people(tx, vec![row]).await?.pop() {
            notify_offer_authors(tx, &need).await?;
        }
    }
    Ok(())
}

/// A need written on another node, sent to members here whose offers match it (they are in
/// its `cc`), from a group this node may not follow: kept, so they read it and answer it.
pub async fn receive_addressed(
    data: &FedData,
    author: &ActorRow,
    group: &ActorRow,
    post: ReceivedPost,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(competence) = &post.competence else {
        return Ok(());
    };
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let mut concerns_us = false;
    for address in &post.addressed {
        if data.urls.is_local_str(address) {
            concerns_us |= storage::actors::by_ap_id(&mut tx, address)
                .await?
                .is_some_and(|a| !a.is_group() && a.deleted_at.is_none());
        }
    }
    if !concerns_us || group.local || !group.is_group() {
        // Addressed to no one here: nothing to keep.
        return commit(data, tx, 0).await;
    }
    if let Some(existing) = storage::posts::by_ap_id(&mut tx, post.ap_id.as_str()).await? {
        if existing.author_id != author.id {
            return Err(AppError::forbidden("this post belongs to someone else"));
        }
    }
    let row = storage::posts::upsert_remote(&mut tx, &remote_row(&post, author.id, group.id, None))
        .await?;
    if let Some(row) = row {
        keep(&mut tx, group, author, &row, &post, competence).await?;
    }
    commit(data, tx, 0).await
}
