//! Discussion posts in groups, and replies.
//!
//! A member writes to a group: on the group's own node the group announces the post to all its
//! followers (FEP-1b12); on another node the post goes to the group's inbox and comes back
//! through the group's Announce. Replies travel the same way.

use serde_json::Value;

use super::{begin, commit, membership::require_member, Origin};
use crate::{
    domain::{content::PostText, involvement::News},
    error::{AppError, AppResult},
    federation::{
        objects::post::{PostJson, ReceivedPost},
        outbox, FedData,
    },
    storage::{
        self,
        actors::ActorRow,
        posts::{NewPost, PostRow},
        Tx,
    },
};

/// Queues an activity of a member about a post in `group`: announced by the group when the
/// group is ours, sent to the group's inbox (and `also_to`) otherwise.
pub(super) async fn distribute(
    tx: &mut Tx,
    data: &FedData,
    author: &ActorRow,
    group: &ActorRow,
    activity: Value,
    also_to: Vec<String>,
) -> AppResult<usize> {
    if group.local {
        let direct = outbox::publish(tx, data, author, activity.clone(), also_to).await?;
        Ok(direct + announce(tx, data, group, activity).await?)
    } else {
        let mut inboxes = vec![group.inbox.clone()];
        inboxes.extend(also_to);
        outbox::publish(tx, data, author, activity, inboxes).await
    }
}

/// The group relays `activity` to every remote follower's server.
pub(crate) async fn announce(
    tx: &mut Tx,
    data: &FedData,
    group: &ActorRow,
    activity: Value,
) -> AppResult<usize> {
    let inboxes = storage::follows::remote_follower_inboxes(tx, group.id).await?;
    let announce = outbox::announce(&data.urls, group, activity);
    outbox::publish(tx, data, group, announce, inboxes).await
}

fn checked_text(title: Option<&str>, content: &str) -> AppResult<PostText> {
    PostText::from_markdown(title, content)
        .map_err(|e| AppError::Unprocessable("invalid_post", e.to_string()))
}

/// A local member posts in a group (local, or remote and followed).
pub async fn create_post(
    data: &FedData,
    author: &ActorRow,
    group: &ActorRow,
    title: Option<&str>,
    content: &str,
) -> AppResult<PostRow> {
    let text = checked_text(title, content)?;
    write_post(data, author, group, None, text).await
}

/// A local member replies to a post (or to a reply).
pub async fn reply(
    data: &FedData,
    author: &ActorRow,
    parent_id: i64,
    content: &str,
) -> AppResult<PostRow> {
    let text = checked_text(None, content)?;
    let (parent, group) = {
        let mut tx = data.db.read().await?;
        let parent = storage::posts::by_id(&mut tx, parent_id)
            .await?
            .filter(|p| p.deleted_at.is_none())
            .ok_or_else(|| AppError::not_found("no such post"))?;
        let group_id = parent.group_id.ok_or_else(|| {
            AppError::Unprocessable("no_group", "this post is not in a group".into())
        })?;
        let group = storage::actors::by_id(&mut tx, group_id)
            .await?
            .ok_or_else(|| AppError::not_found("the post's group is gone"))?;
        (parent, group)
    };
    write_post(data, author, &group, Some(parent), text).await
}

async fn write_post(
    data: &FedData,
    author: &ActorRow,
    group: &ActorRow,
    parent: Option<PostRow>,
    text: PostText,
) -> AppResult<PostRow> {
    if !group.is_group() {
        return Err(AppError::Unprocessable(
            "not_a_group",
            "posts go to groups".into(),
        ));
    }
    let Some(mut tx) = begin(data, Origin::Local).await? else {
        unreachable!("local actions are never duplicates")
    };
    require_member(&mut tx, group, author).await?;
    let parent_author = match &parent {
        Some(p) => storage::actors::by_id(&mut tx, p.author_id).await?,
        None => None,
    };
    let post = storage::posts::insert(
        &mut tx,
        &NewPost {
            ap_id: data.urls.new_post().to_string(),
            author_id: author.id,
            group_id: Some(group.id),
            in_reply_to_id: parent.as_ref().map(|p| p.id),
            kind: if text.title.is_some() { "page" } else { "note" }.into(),
            title: text.title,
            content: text.html,
            source: Some(text.source),
            local: true,
            published_at: storage::now_millis(),
            updated_at: None,
        },
    )
    .await?;
    super::competence_answers::notify_author(&mut tx, &post).await?;
    post_news(&mut tx, group, &post).await?;
    let parent_pair = parent.as_ref().zip(parent_author.as_ref());
    let json = PostJson::from_local(&post, author, Some(group), parent_pair);
    let activity = outbox::create_or_update(&data.urls, "Create", author, &json);
    // A reply also reaches the author of what it answers, as Mastodon expects.
    let also_to = parent_author
        .filter(|a| !a.local && a.id != author.id)
        .map(|a| vec![a.delivery_inbox().to_string()])
        .unwrap_or_default();
    let queued = distribute(&mut tx, data, author, group, activity, also_to).await?;
    commit(data, tx, queued).await?;
    Ok(post)
}

/// Loads one of the author's own posts for editing, with its group.
async fn own_post(tx: &mut Tx, author: &ActorRow, post_id: i64) -> AppResult<(PostRow, ActorRow)> {
    let post = storage::posts::by_id(tx, post_id)
        .await?
        .filter(|p| p.deleted_at.is_none())
        .ok_or_else(|| AppError::not_found("no such post"))?;
    if post.author_id != author.id {
        return Err(AppError::forbidden("only the author may change a post"));
    }
    let group = match post.group_id {
        Some(id) => storage::actors::by_id(tx, id).await?,
        None => None,
    }
    .ok_or_else(|| AppError::Unprocessable("no_group", "this post is not in a group".into()))?;
    Ok((post, group))
}

/// The author edits a post; the change goes out as `Update`.
pub async fn update_post(
    data: &FedData,
    author: &ActorRow,
    post_id: i64,
    title: Option<&str>,
    content: &str,
) -> AppResult<PostRow> {
    let text = checked_text(title, content)?;
    let Some(mut tx) = begin(data, Origin::Local).await? else {
        unreachable!("local actions are never duplicates")
    };
    let (post, group) = own_post(&mut tx, author, post_id).await?;
    if post.in_reply_to_id.is_some() && text.title.is_some() {
        return Err(AppError::Unprocessable(
            "invalid_post",
            "replies have no title".into(),
        ));
    }
    storage::posts::update_content(
        &mut tx,
        post.id,
        text.title.as_deref(),
        &text.html,
        Some(&text.source),
    )
    .await?;
    let post = storage::posts::by_id(&mut tx, post.id)
        .await?
        .expect("just updated");
    let parent = match post.in_reply_to_id {
        Some(id) => storage::posts::by_id(&mut tx, id).await?,
        None => None,
    };
    let parent_author = match &parent {
        Some(p) => storage::actors::by_id(&mut tx, p.author_id).await?,
        None => None,
    };
    let json = PostJson::from_local(
        &post,
        author,
        Some(&group),
        parent.as_ref().zip(parent_author.as_ref()),
    );
    let activity = outbox::create_or_update(&data.urls, "Update", author, &json);
    let queued = distribute(&mut tx, data, author, &group, activity, vec![]).await?;
    commit(data, tx, queued).await?;
    Ok(post)
}

/// The author deletes a post; the deletion goes out as `Delete`.
pub async fn delete_post(data: &FedData, author: &ActorRow, post_id: i64) -> AppResult<()> {
    let Some(mut tx) = begin(data, Origin::Local).await? else {
        unreachable!("local actions are never duplicates")
    };
    let (post, group) = own_post(&mut tx, author, post_id).await?;
    storage::posts::mark_deleted(&mut tx, post.id).await?;
    let activity = outbox::delete_post(&data.urls, author, &post.ap_id, Some(&group));
    let queued = distribute(&mut tx, data, author, &group, activity, vec![]).await?;
    commit(data, tx, queued).await
}

/// Whether a received post is a `Create` or an `Update`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Create,
    Update,
}

/// A remote member's `Create` or `Update` of a post in one of our groups: stored, then
/// announced by the group to all its followers.
pub async fn receive_group_post(
    data: &FedData,
    author: &ActorRow,
    group: &ActorRow,
    change: Change,
    post: ReceivedPost,
    activity: Value,
    origin: Origin<'_>,
) -> AppResult<()> {
    if post.proposal.is_some() {
        // A proposal submitted from the author's own node: the rules of proposals apply.
        return super::remote_submissions::receive(
            data, author, group, change, post, activity, origin,
        )
        .await;
    }
    if post.competence.is_some() {
        return Err(AppError::Unprocessable(
            "not_supported",
            "offers and needs are posted in a group by members of its own node".into(),
        ));
    }
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    require_member(&mut tx, group, author).await?;
    let parent_id = match &post.in_reply_to {
        None => None,
        Some(parent) => {
            let parent = storage::posts::by_ap_id(&mut tx, parent.as_str())
                .await?
                .filter(|p| p.group_id == Some(group.id) && p.deleted_at.is_none())
                .ok_or_else(|| {
                    AppError::Unprocessable(
                        "unknown_parent",
                        "the post answered is not in this group".into(),
                    )
                })?;
            Some(parent.id)
        }
    };
    if let Some(existing) = storage::posts::by_ap_id(&mut tx, post.ap_id.as_str()).await? {
        if existing.author_id != author.id {
            return Err(AppError::forbidden("this post belongs to someone else"));
        }
        if existing.deleted_at.is_some() {
            // A late Create or Update cannot bring a deleted post back.
            return commit(data, tx, 0).await;
        }
    } else if change == Change::Update {
        tracing::debug!(post = %post.ap_id, "update of an unknown post, stored as new");
    }
    let stored =
        storage::posts::upsert_remote(&mut tx, &remote_row(&post, author.id, group.id, parent_id))
            .await?;
    if let Some(stored) = stored.filter(|_| change == Change::Create) {
        super::competence_answers::notify_author(&mut tx, &stored).await?;
        post_news(&mut tx, group, &stored).await?;
    }
    // A silenced domain's posts are held: kept, but the group does not relay them.
    let queued = if super::moderation::is_silenced_actor(&mut tx, author).await? {
        0
    } else {
        announce(&mut tx, data, group, activity).await?
    };
    commit(data, tx, queued).await
}

/// A new discussion post (not a reply; callers leave out the threads of proposals and offers,
/// which have news of their own) is news for the members who follow everything.
async fn post_news(tx: &mut Tx, group: &ActorRow, post: &PostRow) -> AppResult<()> {
    if post.in_reply_to_id.is_none() {
        let title = post
            .title
            .clone()
            .unwrap_or_else(|| crate::domain::content::html_to_text(&post.content));
        let title: String = title.chars().take(120).collect();
        super::news::group_news(tx, group, News::Post, &post.ap_id, &title).await?;
    }
    Ok(())
}

pub(super) fn remote_row(
    post: &ReceivedPost,
    author_id: i64,
    group_id: i64,
    parent_id: Option<i64>,
) -> NewPost {
    NewPost {
        ap_id: post.ap_id.to_string(),
        author_id,
        group_id: Some(group_id),
        in_reply_to_id: parent_id,
        kind: post.kind.into(),
        title: post.title.clone(),
        content: post.html.clone(),
        source: None,
        local: false,
        published_at: post.published_at,
        updated_at: post.updated_at,
    }
}

/// A remote author's `Delete` of their post. In one of our groups, the group announces it.
pub async fn receive_delete(
    data: &FedData,
    actor: &ActorRow,
    object_id: &str,
    activity: Value,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let Some(post) = storage::posts::by_ap_id(&mut tx, object_id).await? else {
        // Nothing of it here: the deletion is recorded as received, and that is all.
        return commit(data, tx, 0).await;
    };
    if post.author_id != actor.id {
        return Err(AppError::forbidden("only the author may delete a post"));
    }
    let mut queued = 0;
    if storage::posts::mark_deleted(&mut tx, post.id).await? {
        if let Some(group_id) = post.group_id {
            let group = storage::actors::by_id(&mut tx, group_id).await?;
            if let Some(group) = group.filter(|g| g.local) {
                queued = announce(&mut tx, data, &group, activity).await?;
            }
        }
    }
    commit(data, tx, queued).await
}

/// What a remote group's `Announce` carries.
pub enum Announced {
    /// A post created or updated in the group, checked against its origin.
    Post {
        author: Box<ActorRow>,
        post: Box<ReceivedPost>,
    },
    /// A post deleted from the group (by its author or a moderator).
    Delete { object_id: String },
}

/// A remote group relays an activity to us because members here follow it, or follow the
/// network that relayed it (`network`).
pub async fn receive_announced(
    data: &FedData,
    group: &ActorRow,
    network: Option<&ActorRow>,
    announced: Announced,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let mut followed = storage::follows::has_local_follower(&mut tx, group.id).await?;
    if let Some(network) = network.filter(|_| !followed) {
        followed = storage::follows::has_local_follower(&mut tx, network.id).await?;
    }
    if !followed {
        // No one here follows this group: nothing to keep.
        return commit(data, tx, 0).await;
    }
    match announced {
        Announced::Post { author, post } => {
            let parent = match &post.in_reply_to {
                Some(parent) => storage::posts::by_ap_id(&mut tx, parent.as_str()).await?,
                None => None,
            };
            if post.in_reply_to.is_some() && parent.is_none() {
                tracing::info!(post = %post.ap_id, "reply to an unknown post, not kept");
                return commit(data, tx, 0).await;
            }
            // A group relays what was written in it: a post addressed to it, or a reply in
            // one of its threads. Anything else is not filed under this group.
            let addressed = post.addressed.contains(&group.ap_id);
            let in_thread = parent
                .as_ref()
                .is_some_and(|p| p.group_id == Some(group.id));
            if !addressed && !in_thread {
                tracing::info!(post = %post.ap_id, group = %group.ap_id, "announced post not in this group, ignored");
                return commit(data, tx, 0).await;
            }
            let parent_id = parent.map(|p| p.id);
            if let Some(existing) = storage::posts::by_ap_id(&mut tx, post.ap_id.as_str()).await? {
                if existing.author_id != author.id {
                    return Err(AppError::forbidden("this post belongs to someone else"));
                }
            }
            let row = storage::posts::upsert_remote(
                &mut tx,
                &remote_row(&post, author.id, group.id, parent_id),
            )
            .await?;
            if let Some(row) = row {
                super::competence_answers::notify_author(&mut tx, &row).await?;
                if post.proposal.is_none() && post.competence.is_none() {
                    post_news(&mut tx, group, &row).await?;
                }
                if let Some(proposal) = &post.proposal {
                    super::remote_proposals::keep(&mut tx, group, &author, &row, &post, proposal)
                        .await?;
                }
                if let Some(competence) = &post.competence {
                    super::remote_competences::keep(
                        &mut tx, group, &author, &row, &post, competence,
                    )
                    .await?;
                }
            }
        }
        Announced::Delete { object_id } => {
            if let Some(post) = storage::posts::by_ap_id(&mut tx, &object_id).await? {
                // The group may remove what was posted in it (our members' posts included: the
                // group's moderators took them out of it), and nothing else.
                if post.group_id == Some(group.id) {
                    storage::posts::mark_deleted(&mut tx, post.id).await?;
                }
            }
        }
    }
    commit(data, tx, 0).await
}
