//! `/groups/{name}/networks`: the networks a group belongs to (and, for its moderators, the
//! form to join one and the buttons to leave), and, for a network, its member groups (the
//! antennas) with their member counts. The rules are in `service::networks`.

use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{group_decisions::group_path, group_events::group_name};
use crate::{
    error::AppError,
    federation::resolve,
    page_try, service,
    storage::actors::ActorRow,
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

/// A group as this page lists it.
pub struct GroupLine {
    pub name: String,
    /// This node's page for it.
    pub path: String,
    pub handle: String,
    /// Its page on its own node.
    pub origin_url: String,
    pub local: bool,
    pub state: String,
    pub members: i64,
}

impl GroupLine {
    fn new(group: &ActorRow, state: &str, members: i64) -> GroupLine {
        GroupLine {
            name: group_name(group),
            path: group_path(group),
            handle: group.acct(),
            origin_url: group
                .html_url
                .clone()
                .unwrap_or_else(|| group.ap_id.clone()),
            local: group.local,
            state: state.to_string(),
            members,
        }
    }
}

#[derive(Template)]
#[template(path = "group_networks.html")]
struct NetworksPage<'a> {
    ctx: &'a Ctx,
    group_name: String,
    path_name: String,
    is_network: bool,
    networks: Vec<GroupLine>,
    member_groups: Vec<GroupLine>,
    can_manage: bool,
    handle: String,
    error: Option<String>,
}

async fn page(
    ctx: &Ctx,
    group: &ActorRow,
    handle: String,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let networks = service::networks::networks(&ctx.data, group).await?;
    let member_groups = if group.network {
        service::networks::member_groups(&ctx.data, group).await?
    } else {
        vec![]
    };
    let can_manage = group.local
        && match &ctx.user {
            Some(user) => service::groups::is_moderator(&ctx.data, group, &user.actor).await?,
            None => false,
        };
    Ok(render_with(
        status,
        &NetworksPage {
            ctx,
            group_name: group_name(group),
            path_name: group_path(group),
            is_network: group.network,
            networks: networks
                .iter()
                .map(|n| GroupLine::new(&n.network, &n.state, 0))
                .collect(),
            member_groups: member_groups
                .iter()
                .map(|m| GroupLine::new(&m.group, "accepted", m.members))
                .collect(),
            can_manage,
            handle,
            error,
        },
    ))
}

/// `GET /groups/{name}/networks`.
pub async fn networks_page(ctx: Ctx, Path(name): Path<String>) -> Response {
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    page_try!(
        ctx,
        page(&ctx, &group, String::new(), None, StatusCode::OK).await
    )
}

#[derive(Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    handle: String,
}

/// `POST /groups/{name}/networks`: a moderator asks for the group to join a network.
pub async fn join(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(form): CsrfForm<JoinForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    match service::networks::join(&ctx.data, &user.actor, &group, &form.handle).await {
        Ok((row, _)) => {
            let notice = if row.state == "accepted" {
                "notice-network-joined"
            } else {
                "notice-network-requested"
            };
            redirect_with_notice(&format!("/groups/{}/networks", group_path(&group)), notice)
        }
        Err(err) if err.status().is_client_error() && err.status() != StatusCode::FORBIDDEN => {
            let text = ctx.error_text(&err);
            page_try!(
                ctx,
                page(&ctx, &group, form.handle, Some(text), err.status()).await
            )
        }
        Err(err) => ctx.fail(err),
    }
}

#[derive(Deserialize)]
pub struct LeaveForm {
    network: String,
}

/// `POST /groups/{name}/networks/leave`: a moderator takes the group out of a network.
pub async fn leave(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(form): CsrfForm<LeaveForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    page_try!(
        ctx,
        service::networks::leave(&ctx.data, &user.actor, &group, &form.network).await
    );
    redirect_with_notice(
        &format!("/groups/{}/networks", group_path(&group)),
        "notice-network-left",
    )
}
