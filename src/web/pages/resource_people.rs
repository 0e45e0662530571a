//! The directory of resource people: per group (`/groups/{name}/people`) and across the node
//! (`/people`), filtered by a skill typed or picked (a starter category in either language,
//! or a free tag). Only the profiles the reader may see are listed
//! (`service::competence_people::directory`); people of other nodes show where they live.

use askama::Template;
use axum::{
    extract::{Path, Query},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use super::{
    competence_words::{actor_origin, error_text, person_link, person_name, skill_labels},
    group_decisions::group_path,
    group_events::group_name,
};
use crate::{
    domain::competence::STARTER_SKILLS,
    federation::resolve,
    page_try, service,
    service::competence_people::Person,
    storage::actors::ActorRow,
    web::{i18n::Lang, render_with, Ctx},
};

/// One person in the directory.
pub struct PersonItem {
    pub name: String,
    pub handle: String,
    pub link: String,
    pub skills: Vec<String>,
    pub place: Option<String>,
    pub availability: Option<String>,
    pub origin: Option<String>,
}

impl PersonItem {
    pub fn new(ctx: &Ctx, p: &Person) -> PersonItem {
        PersonItem {
            name: person_name(&p.actor),
            handle: p.actor.acct(),
            link: person_link(&p.actor),
            skills: skill_labels(ctx.lang, &p.skills),
            place: p.profile.place.clone(),
            availability: p.profile.availability.clone(),
            origin: actor_origin(&p.actor),
        }
    }
}

#[derive(Deserialize, Default)]
pub struct PeopleQuery {
    #[serde(default)]
    skill: String,
    /// The node's directory only: a group (antenna) and a node of origin to narrow it to.
    #[serde(default)]
    group: String,
    #[serde(default)]
    origin: String,
}

#[derive(Template)]
#[template(path = "resource_people.html")]
struct PeoplePage<'a> {
    ctx: &'a Ctx,
    heading: String,
    /// The group's name and path, for a group's directory.
    group: Option<(String, String)>,
    action: String,
    skill: String,
    /// Starter labels in the reader's language, offered as suggestions.
    suggestions: Vec<&'static str>,
    people: Vec<PersonItem>,
    error: Option<String>,
    /// The node's directory: its group and node filters as typed.
    filter_group: String,
    filter_origin: String,
}

async fn people_view(ctx: &Ctx, group: Option<&ActorRow>, query: PeopleQuery) -> Response {
    let viewer = ctx.user.as_ref().map(|u| &u.actor);
    let skill = Some(query.skill.trim()).filter(|s| !s.is_empty());
    let found = match service::search::origin(Some(query.origin.trim()).filter(|o| !o.is_empty())) {
        Ok(origin) => service::competence_people::directory(&ctx.data, viewer, skill, group)
            .await
            .map(|mut people| {
                // Only the people of one node: an aggregator's reader narrowing the network.
                if let Some(origin) = origin {
                    people.retain(|p| p.actor.domain == origin);
                }
                people
            }),
        Err(err) => Err(err),
    };
    let (people, error, status) = match found {
        Ok(people) => (people, None, StatusCode::OK),
        Err(err) if err.status().is_client_error() => {
            (vec![], Some(error_text(ctx, &err)), err.status())
        }
        Err(err) => return ctx.fail(err),
    };
    let (heading, action) = match group {
        Some(g) => (
            ctx.t1("people-group-title", "name", &group_name(g)),
            format!("/groups/{}/people", group_path(g)),
        ),
        None => (ctx.t("people-title"), "/people".to_string()),
    };
    // The node's directory narrowed by its group field stays the node's directory.
    let (heading, action) = if query.group.trim().is_empty() {
        (heading, action)
    } else {
        (ctx.t("people-title"), "/people".to_string())
    };
    render_with(
        status,
        &PeoplePage {
            heading,
            group: group.map(|g| (group_name(g), group_path(g))),
            action,
            skill: query.skill,
            suggestions: STARTER_SKILLS
                .iter()
                .map(|s| match ctx.lang {
                    Lang::Fr => s.fr,
                    Lang::En => s.en,
                })
                .collect(),
            people: people.iter().map(|p| PersonItem::new(ctx, p)).collect(),
            error,
            filter_group: query.group,
            filter_origin: query.origin,
            ctx,
        },
    )
}

/// `GET /people`: resource people across the node.
pub async fn node_people(ctx: Ctx, Query(query): Query<PeopleQuery>) -> Response {
    let name = query.group.trim();
    if name.is_empty() {
        return people_view(&ctx, None, query).await;
    }
    let group = page_try!(ctx, resolve::known_group(&ctx.data, name).await);
    people_view(&ctx, Some(&group), query).await
}

/// `GET /groups/{name}/people`: resource people of one group.
pub async fn group_people(
    ctx: Ctx,
    Path(name): Path<String>,
    Query(query): Query<PeopleQuery>,
) -> Response {
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    people_view(&ctx, Some(&group), query).await
}
