//! Where offers and needs meet federation. An offer or a need is also the first post of its
//! own discussion thread, under the same id (as a proposal is): answers are ordinary replies
//! that Mastodon, Lemmy and other Maillon nodes thread without knowing about competences.
//! Its author's `Create`, and an `Update` at every change, go out in the same transaction as
//! the change: the group announces them to its followers (FEP-1b12), and a new need also goes
//! straight to the authors of matching offers kept here from other nodes, whose own nodes
//! then tell them (`remote_competences`).

use super::{competences::CompetenceDetails, posts::distribute};
use crate::{
    error::AppResult,
    federation::{
        objects::{
            competence::{readable_content, CompetenceJson},
            post::PostJson,
        },
        outbox, FedData,
    },
    storage::{
        self,
        actors::ActorRow,
        posts::{NewPost, PostRow},
        Tx,
    },
};

/// The wire form of an offer or a need: its thread's first post carrying the `Proposal`.
pub async fn competence_json(
    tx: &mut Tx,
    details: &CompetenceDetails,
    post: &PostRow,
) -> AppResult<PostJson> {
    let helpful = match details.row.helpful_post_id {
        Some(id) => storage::posts::by_id(tx, id).await?.map(|p| p.ap_id),
        None => None,
    };
    let mut json = PostJson::from_local(post, &details.author, Some(&details.group), None);
    json.competence = Some(CompetenceJson::from_local(
        &details.row,
        &details.author.ap_id,
        &details.skills,
        helpful.as_deref(),
    ));
    Ok(json)
}

/// The thread's first post of a local offer or need, written when it is first published.
async fn thread_post(tx: &mut Tx, details: &CompetenceDetails) -> AppResult<PostRow> {
    if let Some(post) = storage::posts::by_ap_id(tx, &details.row.ap_id).await? {
        return Ok(post);
    }
    let post = storage::posts::insert(
        tx,
        &NewPost {
            ap_id: details.row.ap_id.clone(),
            author_id: details.author.id,
            group_id: Some(details.group.id),
            in_reply_to_id: None,
            kind: "page".into(),
            title: Some(details.row.title.clone()),
            content: readable_content(&details.row, &details.skills),
            source: None,
            local: true,
            published_at: details.row.created_at,
            updated_at: None,
        },
    )
    .await?;
    storage::posts::link_competence(tx, post.id, details.row.id).await?;
    Ok(post)
}

/// A member just posted an offer or a need: its thread starts and its `Create` is queued, to
/// the group's followers and to the members of other nodes it `concerns` (copied in `cc`, so
/// their node knows whom to tell). Returns the thread post and the deliveries queued.
pub async fn publish(
    tx: &mut Tx,
    data: &FedData,
    details: &CompetenceDetails,
    concerns: &[ActorRow],
) -> AppResult<(PostRow, usize)> {
    let post = thread_post(tx, details).await?;
    let mut json = competence_json(tx, details, &post).await?;
    let mut also_to = Vec::new();
    for person in concerns.iter().filter(|p| !p.local) {
        json.cc.push(person.ap_id.clone());
        also_to.push(person.delivery_inbox().to_string());
    }
    also_to.sort();
    also_to.dedup();
    let activity = outbox::create_or_update(&data.urls, "Create", &details.author, &json);
    let queued = distribute(tx, data, &details.author, &details.group, activity, also_to).await?;
    Ok((post, queued))
}

/// An offer or a need changed (text, details, state, the answer that helped): its thread's
/// first post follows and its author's `Update` goes out.
pub async fn refresh(tx: &mut Tx, data: &FedData, details: &CompetenceDetails) -> AppResult<usize> {
    let post = thread_post(tx, details).await?;
    storage::posts::update_content(
        tx,
        post.id,
        Some(&details.row.title),
        &readable_content(&details.row, &details.skills),
        None,
    )
    .await?;
    let post = storage::posts::by_id(tx, post.id).await?.unwrap_or(post);
    let json = competence_json(tx, details, &post).await?;
    let activity = outbox::create_or_update(&data.urls, "Update", &details.author, &json);
    distribute(tx, data, &details.author, &details.group, activity, vec![]).await
}
