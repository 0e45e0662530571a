//! JSON shapes the API returns, built from storage rows.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::storage::{
    actors::ActorRow,
    follows::{FollowListing, FollowRow},
    posts::PostListing,
};

pub fn time(millis: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_millis_opt(millis).single()
}

#[derive(Serialize, ToSchema)]
pub struct GroupView {
    /// Local name for groups of this node, `name@domain` otherwise.
    pub name: String,
    /// `name@domain`.
    pub handle: String,
    /// ActivityPub id.
    pub url: String,
    pub display_name: Option<String>,
    pub summary: Option<String>,
    /// Sanitized HTML.
    pub rules: Option<String>,
    pub local: bool,
    /// `open`, `approval` or `invite`.
    pub membership: Option<String>,
    /// A network of groups: its members include groups (antennas).
    pub network: bool,
    pub members: Option<i64>,
    pub pending_requests: Option<i64>,
    pub moderators: Vec<String>,
}

impl GroupView {
    pub fn new(group: &ActorRow) -> GroupView {
        GroupView {
            name: if group.local {
                group.username.clone()
            } else {
                group.acct()
            },
            handle: group.acct(),
            url: group.ap_id.clone(),
            display_name: group.display_name.clone(),
            summary: group.summary.clone(),
            rules: group.rules.clone(),
            local: group.local,
            membership: group.membership.clone(),
            network: group.network,
            members: None,
            pending_requests: None,
            moderators: vec![],
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActorView {
    pub handle: String,
    pub url: String,
    pub kind: String,
    pub display_name: Option<String>,
    pub local: bool,
}

impl ActorView {
    pub fn new(actor: &ActorRow) -> ActorView {
        ActorView {
            handle: actor.acct(),
            url: actor.ap_id.clone(),
            kind: actor.kind.clone(),
            display_name: actor.display_name.clone(),
            local: actor.local,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FollowView {
    /// The followed actor's handle, or the follower's in member lists.
    pub handle: String,
    pub url: String,
    pub kind: String,
    pub display_name: Option<String>,
    /// `pending`, `accepted` or `rejected`.
    pub state: String,
    pub since: Option<DateTime<Utc>>,
}

impl FollowView {
    pub fn from_listing(f: &FollowListing) -> FollowView {
        FollowView {
            handle: format!("{}@{}", f.username, f.domain),
            url: f.ap_id.clone(),
            kind: f.kind.clone(),
            display_name: f.display_name.clone(),
            state: f.state.clone(),
            since: time(f.created_at),
        }
    }

    pub fn from_row(f: &FollowRow, other: &ActorRow) -> FollowView {
        FollowView {
            handle: other.acct(),
            url: other.ap_id.clone(),
            kind: other.kind.clone(),
            display_name: other.display_name.clone(),
            state: f.state.clone(),
            since: time(f.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PostView {
    /// Id of the post on this node (for `/api/v1/posts/{id}`).
    pub id: i64,
    /// Its ActivityPub id.
    pub url: String,
    /// Author's handle, `name@domain`.
    pub author: String,
    pub author_url: String,
    pub author_display_name: Option<String>,
    pub title: Option<String>,
    /// Sanitized HTML.
    pub content: String,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    pub in_reply_to: Option<i64>,
    pub replies_count: i64,
}

impl PostView {
    pub fn new(p: &PostListing) -> PostView {
        PostView {
            id: p.id,
            url: p.ap_id.clone(),
            author: format!("{}@{}", p.author_username, p.author_domain),
            author_url: p.author_ap_id.clone(),
            author_display_name: p.author_display_name.clone(),
            title: p.title.clone(),
            content: p.content.clone(),
            published: time(p.published_at),
            updated: p.updated_at.and_then(time),
            in_reply_to: p.in_reply_to_id,
            replies_count: p.replies_count,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PostThread {
    #[serde(flatten)]
    pub post: PostView,
    /// Direct replies, oldest first, each with its own replies.
    #[schema(no_recursion)]
    pub replies: Vec<PostThread>,
}
