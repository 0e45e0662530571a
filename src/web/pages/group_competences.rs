//! A group's offers and needs (`/groups/{name}/competences`): the list, newest first, with
//! filters (offers or needs, open ones or all) read from the query, so the filter form is a
//! plain GET that works without script; members find the "new offer" and "new need" links here.
//! The list comes from `service::competences::in_group`, the same as the API's.

use askama::Template;
use axum::{
    extract::{Path, Query},
    response::Response,
};
use serde::Deserialize;

use super::{
    competence_words::CompetenceItem,
    group_decisions::{group_path, viewer_roles},
    group_events::group_name,
};
use crate::{
    domain::competence::Kind,
    federation::resolve,
    page_try, service,
    web::{render, Ctx},
};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    /// `offer`, `need`, or anything else for both.
    #[serde(default)]
    kind: String,
    /// `all` shows closed, resolved and expired ones too; open ones only otherwise.
    #[serde(default)]
    show: String,
}

#[derive(Template)]
#[template(path = "group_competences.html")]
struct GroupCompetencesPage<'a> {
    ctx: &'a Ctx,
    group_name: String,
    path_name: String,
    items: Vec<CompetenceItem>,
    /// The filter as chosen: `offer`, `need` or empty.
    kind: String,
    show_all: bool,
    /// Members of a group of this node post offers and needs here.
    can_post: bool,
}

/// `GET /groups/{name}/competences`.
pub async fn competences_page(
    ctx: Ctx,
    Path(name): Path<String>,
    Query(query): Query<ListQuery>,
) -> Response {
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let kind = Kind::parse(&query.kind);
    let show_all = query.show == "all";
    let list = page_try!(
        ctx,
        service::competences::in_group(&ctx.data, &group, kind, !show_all).await
    );
    let (member, _) = {
        let mut tx = page_try!(ctx, ctx.data.db.read().await);
        let viewer = ctx.user.as_ref().map(|u| &u.actor);
        page_try!(ctx, viewer_roles(&mut tx, &group, viewer).await)
    };
    render(&GroupCompetencesPage {
        group_name: group_name(&group),
        path_name: group_path(&group),
        items: list.iter().map(|d| CompetenceItem::new(&ctx, d)).collect(),
        kind: kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
        show_all,
        can_post: member && group.local,
        ctx: &ctx,
    })
}
