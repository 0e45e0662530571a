//! Reading a group's governance: `/groups/{name}/governance` (its bodies in order, each with
//! its role, how it decides and its trombinoscope, and the diagram inline),
//! `/groups/{name}/governance.svg` (the diagram alone) and `/bodies/{id}` (one body, with its
//! links to the others). Anyone who can see the group reads them; moderators and admins also
//! get the links to `body_forms`. Data comes from `service::bodies`; the drawing from
//! `web::governance_diagram`.

use askama::Template;
use axum::{
    extract::Path,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::{Datelike, NaiveDate, Utc};

use super::{group_decisions::group_path, group_events::group_name};
use crate::{
    domain::governance::{
        initials, mandate_state, parse_day, BodyKind, MandateState, RelationKind,
    },
    federation::resolve,
    page_try, service,
    service::bodies::{BodyDetails, Governance, Manager},
    storage::bodies::MemberRow,
    web::{
        governance_diagram::{self, Diagram, DiagramArrow, DiagramBox},
        i18n::Lang,
        render_with, Ctx,
    },
};

/// "30 juin 2027" / "June 30, 2027" for a stored `YYYY-MM-DD`.
pub fn long_day(lang: Lang, day: NaiveDate) -> String {
    lang.text_with(
        "body-day",
        &[
            ("day", day.day().to_string()),
            ("month", lang.text(&format!("event-month-{}", day.month()))),
            ("year", day.year().to_string()),
        ],
    )
}

/// A seat as the trombinoscope shows it.
pub struct SeatView {
    pub id: i64,
    pub name: String,
    pub initials: String,
    pub profile: Option<String>,
    pub office: Option<String>,
    pub photo: Option<String>,
    /// "mandat jusqu'au 30 juin 2027".
    pub until: Option<String>,
    pub since: Option<String>,
    pub ending_soon: bool,
    pub ended: bool,
}

impl SeatView {
    pub fn new(lang: Lang, m: &MemberRow, today: NaiveDate) -> SeatView {
        let words = |key: &str, day: Option<&str>| {
            day.and_then(parse_day)
                .map(|d| lang.text_with(key, &[("date", long_day(lang, d))]))
        };
        let state = mandate_state(m.mandate_end.as_deref(), today);
        SeatView {
            id: m.id,
            name: m.name.clone(),
            initials: initials(&m.name),
            profile: m.username.as_ref().map(|u| format!("/users/{u}")),
            office: m.office.clone(),
            photo: m.photo_uuid.as_ref().map(|p| format!("/media/photos/{p}")),
            until: words("body-mandate-until", m.mandate_end.as_deref()),
            since: words("body-mandate-since", m.mandate_start.as_deref()),
            ending_soon: state == MandateState::EndingSoon,
            ended: state == MandateState::Ended,
        }
    }
}

/// A body as the pages show it.
pub struct BodyCard {
    pub uuid: String,
    pub name: String,
    pub kind: String,
    /// Sanitized HTML.
    pub role: String,
    pub decides_how: String,
    pub seats: Vec<SeatView>,
    /// Its links, in words: "Assemblée générale élit Conseil d'administration."
    pub relations: Vec<String>,
}

pub fn kind_words(lang: Lang, kind: &str) -> String {
    BodyKind::parse(kind)
        .map(|k| lang.text(&k.label_key()))
        .unwrap_or_else(|| kind.to_string())
}

fn relation_label(lang: Lang, kind: &str) -> String {
    RelationKind::parse(kind)
        .map(|k| lang.text(&k.label_key()))
        .unwrap_or_else(|| kind.to_string())
}

/// Every relation of the group in words, or only those touching `body_id`.
fn sentences(lang: Lang, g: &Governance, body_id: Option<i64>) -> Vec<String> {
    g.relations
        .iter()
        .filter(|r| body_id.is_none_or(|id| r.from_body_id == id || r.to_body_id == id))
        .filter_map(|r| {
            let from = g.body_by_id(r.from_body_id)?;
            let to = g.body_by_id(r.to_body_id)?;
            Some(lang.text_with(
                "body-relation-sentence",
                &[
                    ("from", from.row.name.clone()),
                    ("rule", relation_label(lang, &r.kind)),
                    ("to", to.row.name.clone()),
                ],
            ))
        })
        .collect()
}

pub fn card(lang: Lang, g: &Governance, b: &BodyDetails, today: NaiveDate) -> BodyCard {
    BodyCard {
        uuid: b.row.uuid.clone(),
        name: b.row.name.clone(),
        kind: kind_words(lang, &b.row.kind),
        role: b.row.role.clone(),
        decides_how: b.row.decides_how.clone(),
        seats: b
            .members
            .iter()
            .map(|m| SeatView::new(lang, m, today))
            .collect(),
        relations: sentences(lang, g, Some(b.row.id)),
    }
}

/// The diagram of the group's bodies, in the reader's language.
pub fn diagram(lang: Lang, g: &Governance) -> String {
    let group = group_name(&g.group);
    let names: Vec<String> = g.bodies.iter().map(|b| b.row.name.clone()).collect();
    let mut description =
        vec![lang.text_with("governance-diagram-bodies", &[("name", names.join(", "))])];
    let relations = sentences(lang, g, None);
    if relations.is_empty() {
        description.push(lang.text("governance-diagram-no-relations"));
    }
    description.extend(relations);
    governance_diagram::render(&Diagram {
        title: lang.text_with("governance-diagram-title", &[("name", group)]),
        description: description.join(" "),
        boxes: g
            .bodies
            .iter()
            .map(|b| DiagramBox {
                id: b.row.id,
                name: b.row.name.clone(),
                kind: kind_words(lang, &b.row.kind),
                members: lang.count("governance-members-count", b.members.len() as i64),
            })
            .collect(),
        arrows: g
            .relations
            .iter()
            .map(|r| DiagramArrow {
                from: r.from_body_id,
                to: r.to_body_id,
                label: relation_label(lang, &r.kind),
                points_down: RelationKind::parse(&r.kind).is_some_and(RelationKind::points_down),
            })
            .collect(),
    })
}

/// Whether the reader may change the group's bodies.
pub async fn can_manage(ctx: &Ctx, g: &Governance) -> Result<bool, crate::error::AppError> {
    match &ctx.user {
        None => Ok(false),
        Some(u) => {
            service::bodies::may_manage(
                &ctx.data,
                &g.group,
                Manager {
                    actor: &u.actor,
                    is_admin: u.account.is_admin,
                },
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "governance.html")]
struct GovernancePage<'a> {
    ctx: &'a Ctx,
    group_title: String,
    path_name: String,
    bodies: Vec<BodyCard>,
    diagram: String,
    can_manage: bool,
}

/// `GET /groups/{name}/governance`.
pub async fn governance_page(ctx: Ctx, Path(name): Path<String>) -> Response {
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let g = page_try!(ctx, service::bodies::governance(&ctx.data, group).await);
    let can_manage = page_try!(ctx, can_manage(&ctx, &g).await);
    let today = Utc::now().date_naive();
    render_with(
        StatusCode::OK,
        &GovernancePage {
            group_title: group_name(&g.group),
            path_name: group_path(&g.group),
            bodies: g
                .bodies
                .iter()
                .map(|b| card(ctx.lang, &g, b, today))
                .collect(),
            diagram: diagram(ctx.lang, &g),
            can_manage,
            ctx: &ctx,
        },
    )
}

/// `GET /groups/{name}/governance.svg`: the diagram alone, for a document or a slide.
pub async fn governance_svg(ctx: Ctx, Path(name): Path<String>) -> Response {
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let g = page_try!(ctx, service::bodies::governance(&ctx.data, group).await);
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        diagram(ctx.lang, &g),
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "body.html")]
struct BodyPage<'a> {
    ctx: &'a Ctx,
    body: BodyCard,
    group_title: String,
    path_name: String,
    can_manage: bool,
    next_meeting: Option<super::meetings::NextMeeting>,
}

/// `GET /bodies/{id}`.
pub async fn body_page(ctx: Ctx, Path(id): Path<String>) -> Response {
    let g = page_try!(ctx, service::bodies::body(&ctx.data, &id).await);
    let Some(b) = g.body_by_uuid(&id) else {
        return ctx.fail(crate::error::AppError::not_found("no such body"));
    };
    let can_manage = page_try!(ctx, can_manage(&ctx, &g).await);
    let next_meeting = page_try!(
        ctx,
        super::meetings::next_meeting_of_body(&ctx, b.row.id).await
    );
    render_with(
        StatusCode::OK,
        &BodyPage {
            next_meeting,
            body: card(ctx.lang, &g, b, Utc::now().date_naive()),
            group_title: group_name(&g.group),
            path_name: group_path(&g.group),
            can_manage,
            ctx: &ctx,
        },
    )
}

/// Every key this module builds at run time, for the i18n test.
pub fn all_keys() -> Vec<String> {
    let mut keys: Vec<String> = BodyKind::ALL.iter().map(|k| k.label_key()).collect();
    keys.extend(RelationKind::ALL.iter().map(|k| k.label_key()));
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_keys_exist_in_both_languages() {
        for lang in Lang::ALL {
            for key in all_keys() {
                assert!(lang.has(&key), "{key} in {}", lang.code());
            }
        }
    }

    #[test]
    fn days_read_in_each_language() {
        let day = parse_day("2027-06-30").unwrap();
        assert_eq!(long_day(Lang::Fr, day), "30 juin 2027");
        assert_eq!(long_day(Lang::En, day), "June 30, 2027");
    }
}
