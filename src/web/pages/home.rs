//! The node's home page: its groups and recent activity.

use askama::Template;
use axum::response::Response;

use super::PostItem;
use crate::{
    page_try, service, storage,
    web::{render, Ctx},
};

pub struct GroupCard {
    pub name: String,
    pub display_name: String,
    pub members: i64,
    pub membership: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    ctx: &'a Ctx,
    groups: Vec<GroupCard>,
    recent: Vec<PostItem>,
}

pub async fn home(ctx: Ctx) -> Response {
    let data = &ctx.data;
    let mut groups = Vec::new();
    for group in page_try!(ctx, service::groups::list_local(data).await) {
        let details = page_try!(ctx, service::groups::details(data, group).await);
        groups.push(GroupCard {
            name: details.group.username.clone(),
            display_name: details
                .group
                .display_name
                .clone()
                .unwrap_or_else(|| details.group.username.clone()),
            members: details.members,
            membership: ctx.t(match details.group.membership.as_deref() {
                Some("approval") => "group-membership-approval",
                Some("invite") => "group-membership-invite",
                _ => "group-membership-open",
            }),
        });
    }
    let member = ctx.user.as_ref().map(|u| u.actor.id);
    let recent = {
        let mut tx = page_try!(ctx, data.db.read().await);
        page_try!(ctx, storage::posts::recent(&mut tx, member, 20).await)
    };
    let recent = recent
        .iter()
        .map(|p| PostItem::new(p, &ctx.domain))
        .collect();
    render(&HomePage {
        ctx: &ctx,
        groups,
        recent,
    })
}
