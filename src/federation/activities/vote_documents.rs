//! `Create` and `Update` of a vote by a remote group that members here follow: the group's
//! `Question` (or `Page`) with our rules, kept so they vote from this node (see
//! `service::remote_votes`). Polls of other software are not votes on proposals and are
//! left alone.

use super::{announce::ensure_post_known, Envelope};
use crate::{
    error::AppResult,
    federation::{objects::question, resolve, FedData},
    service,
};

pub async fn receive(activity: Envelope, data: &FedData) -> AppResult<()> {
    let group = resolve::actor_by_url(data, activity.actor.inner()).await?;
    if !group.is_group() || group.local {
        // A person's poll: not a vote of a group.
        return Ok(());
    }
    let vote = question::received(&activity.object, activity.actor.inner())?;
    ensure_post_known(data, &group, &vote.proposal).await?;
    service::remote_votes::receive_vote(data, &group, vote, activity.origin()).await
}
