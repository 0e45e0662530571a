//! The page of an offer or a need (`/competence/{id}`): what it says, its skills, author,
//! group and state; for a need, the offers and people who may help, best first, with why
//! (`service::competences::matches`); the author's tools (change, close, reopen, resolved);
//! for those who publish the group's events, "schedule a session", which opens the event
//! form filled in from the offer or need; and the answers (`competence_replies`).

use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};

use super::{
    competence_replies::{thread, Thread},
    competence_words::{
        actor_origin, day_words, error_text, person_link, person_name, skill_labels, CompetenceItem,
    },
    group_decisions::viewer_roles,
};
use crate::{
    domain::{
        competence::{Form, Kind},
        content::html_to_text,
    },
    error::AppError,
    page_try, service,
    service::competences::{CompetenceDetails, OfferMatch, PersonMatch},
    web::{render_with, Ctx},
};

/// A suggestion for a need, with why it is suggested.
pub struct MatchItem {
    pub title: String,
    /// The offer's page, or the person's profile.
    pub link: String,
    pub detail: String,
    pub shared_skills: Vec<String>,
    pub same_place: bool,
    pub text_match: bool,
    /// Where the offer was posted, or the node the person belongs to, when not this one.
    pub origin: Option<String>,
    /// A person rather than an offer (their origin reads "member of").
    pub person: bool,
}

fn offer_match(ctx: &Ctx, m: &OfferMatch) -> MatchItem {
    let item = CompetenceItem::new(ctx, &m.offer);
    MatchItem {
        detail: ctx.t_with(
            "competence-by-on",
            &[("name", item.author_name.clone()), ("date", item.published)],
        ),
        title: item.title,
        link: format!("/competence/{}", item.id),
        shared_skills: skill_labels(ctx.lang, &m.shared_skills),
        same_place: m.affinity.same_place,
        text_match: m.affinity.text > 0.0,
        origin: item.origin,
        person: false,
    }
}

fn person_match(ctx: &Ctx, m: &PersonMatch) -> MatchItem {
    let p = &m.person;
    MatchItem {
        title: person_name(&p.actor),
        link: person_link(&p.actor),
        detail: [p.profile.place.clone(), p.profile.availability.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
        shared_skills: skill_labels(ctx.lang, &m.shared_skills),
        same_place: m.affinity.same_place,
        text_match: false,
        origin: actor_origin(&p.actor),
        person: true,
    }
}

#[derive(Template)]
#[template(path = "competence.html")]
struct CompetencePage<'a> {
    ctx: &'a Ctx,
    item: CompetenceItem,
    /// Sanitized HTML.
    description: String,
    author_handle: String,
    is_need: bool,
    offers: Vec<MatchItem>,
    people: Vec<MatchItem>,
    /// The author of an offer or need of this node changes it here.
    is_author: bool,
    /// The event form, filled in from this offer or need, for those who publish events.
    schedule_link: Option<String>,
    updated: Option<String>,
    /// A refusal of the last form, in words.
    error: Option<String>,
    /// The replies, the reply form and "this helped".
    thread: Option<Thread>,
    /// A reply being corrected.
    draft: String,
}

/// The event form's address, prefilled, for a mentoring or training offer or for a need.
fn schedule_link(ctx: &Ctx, d: &CompetenceDetails) -> Option<String> {
    let schedulable = d.row.kind == Kind::Need.as_str()
        || [Form::Mentoring, Form::Training]
            .iter()
            .any(|f| f.as_str() == d.row.form);
    if !schedulable || !d.group.local {
        return None;
    }
    let description = format!(
        "{}\n\n{}",
        html_to_text(&d.row.description).trim(),
        ctx.t1(
            "competence-schedule-source",
            "name",
            &format!("/competence/{}", d.row.id)
        )
    );
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("title", &d.row.title)
        .append_pair("description", description.trim())
        .finish();
    Some(format!("/groups/{}/events/new?{query}", d.group.username))
}

async fn competence_view(
    ctx: &Ctx,
    id: i64,
    error: Option<String>,
    draft: String,
    status: StatusCode,
) -> Response {
    let viewer = ctx.user.as_ref().map(|u| &u.actor);
    let d = page_try!(ctx, service::competences::details(&ctx.data, id).await);
    let is_need = d.row.kind == Kind::Need.as_str();
    let (offers, people) = if is_need {
        let (_, offers, people) = page_try!(
            ctx,
            service::competences::matches(&ctx.data, viewer, id).await
        );
        (
            offers.iter().map(|m| offer_match(ctx, m)).collect(),
            people.iter().map(|m| person_match(ctx, m)).collect(),
        )
    } else {
        (vec![], vec![])
    };
    let (member, moderator) = {
        let mut tx = page_try!(ctx, ctx.data.db.read().await);
        page_try!(ctx, viewer_roles(&mut tx, &d.group, viewer).await)
    };
    let is_author = viewer.is_some_and(|v| v.id == d.row.author_id) && d.row.local;
    let thread = page_try!(ctx, thread(ctx, &d, member, is_author).await);
    render_with(
        status,
        &CompetencePage {
            ctx,
            description: d.row.description.clone(),
            author_handle: d.author.acct(),
            is_need,
            offers,
            people,
            is_author,
            schedule_link: moderator.then(|| schedule_link(ctx, &d)).flatten(),
            updated: d.row.updated_at.map(|at| day_words(ctx.lang, at)),
            error,
            thread,
            draft,
            item: CompetenceItem::new(ctx, &d),
        },
    )
}

/// `GET /competence/{id}`.
pub async fn competence_page(ctx: Ctx, Path(id): Path<i64>) -> Response {
    competence_view(&ctx, id, None, String::new(), StatusCode::OK).await
}

/// The page again with a refusal of one of its forms; a missing offer or need, or a fault,
/// gets the error page.
pub async fn refused(ctx: &Ctx, id: i64, err: AppError) -> Response {
    refused_with_draft(ctx, id, err, String::new()).await
}

/// The same, keeping a reply as it was typed.
pub async fn refused_with_draft(ctx: &Ctx, id: i64, err: AppError, draft: String) -> Response {
    if matches!(err, AppError::NotFound(_)) || err.status().is_server_error() {
        return ctx.fail(err);
    }
    let text = error_text(ctx, &err);
    competence_view(ctx, id, Some(text), draft, err.status()).await
}
