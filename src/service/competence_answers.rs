//! Answers to offers and needs are replies in their threads; their author hears of each one
//! (from this node or another), so a need does not wait unseen. Called wherever a reply is
//! stored: written here, received from a member of another node, or relayed by a followed group.

use crate::{
    error::AppResult,
    storage::{self, posts::PostRow, Tx},
};

/// What a notification of an answer is called.
pub const COMPETENCE_ANSWERED: &str = "competence_answered";

/// `reply` was just stored: if it answers, at any depth, an offer or a need whose author is a
/// member of this node (and not the one answering), they are told, once per reply.
pub async fn notify_author(tx: &mut Tx, reply: &PostRow) -> AppResult<()> {
    if reply.in_reply_to_id.is_none() {
        return Ok(());
    }
    let Some(root) = storage::posts::thread_root(tx, reply.id).await? else {
        return Ok(());
    };
    let Some(competence) = storage::competences::by_ap_id(tx, &root.ap_id).await? else {
        return Ok(());
    };
    let author = storage::actors::by_id(tx, competence.author_id).await?;
    if author.is_some_and(|a| a.local) && competence.author_id != reply.author_id {
        storage::notifications::notify(
            tx,
            competence.author_id,
            COMPETENCE_ANSWERED,
            &competence.ap_id,
            &reply.ap_id,
            &competence.title,
        )
        .await?;
    }
    Ok(())
}
