//! The forms moderators (and admins) use to describe a group's bodies:
//! `/groups/{name}/bodies/new`, `/bodies/{id}/edit` (the body, its links to the other bodies,
//! its members), `/bodies/{id}/members/{member_id}/edit` (one seat; its photo is uploaded by
//! `body_photos`), and the move / delete / remove buttons. Every change goes through
//! `service::bodies`, which owns the rules; a refusal comes back on the form with what was
//! typed, and nothing is saved.

use askama::Template;
use axum::{extract::Path, http::StatusCode, response::Response};
use chrono::Utc;
use serde::Deserialize;

use super::{
    bodies::{kind_words, SeatView},
    group_decisions::group_path,
    group_events::group_name,
};
use crate::{
    domain::governance::{BodyKind, RelationKind},
    error::AppError,
    federation::resolve,
    page_try, service,
    service::bodies::{BodyInput, Governance, Manager, MemberInput},
    storage::{actors::ActorRow, bodies::MemberRow},
    web::{csrf::CsrfForm, redirect_with_notice, render_with, Ctx},
};

/// The body form as typed.
#[derive(Deserialize, Default, Clone)]
pub struct BodyForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub decides_how: String,
}

/// The member form as typed.
#[derive(Deserialize, Default, Clone)]
pub struct MemberForm {
    #[serde(default)]
    pub handle: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub office: String,
    #[serde(default)]
    pub mandate_start: String,
    #[serde(default)]
    pub mandate_end: String,
}

impl MemberForm {
    fn input(&self) -> MemberInput {
        let some = |s: &str| Some(s.to_string()).filter(|s| !s.trim().is_empty());
        MemberInput {
            handle: some(&self.handle),
            name: some(&self.name),
            office: some(&self.office),
            mandate_start: some(&self.mandate_start),
            mandate_end: some(&self.mandate_end),
        }
    }

    fn of(m: &MemberRow) -> MemberForm {
        MemberForm {
            handle: m.username.clone().unwrap_or_default(),
            name: m.name.clone(),
            office: m.office.clone().unwrap_or_default(),
            mandate_start: m.mandate_start.clone().unwrap_or_default(),
            mandate_end: m.mandate_end.clone().unwrap_or_default(),
        }
    }
}

/// One other body on the links form, with what this body does towards it.
pub struct RelationChoice {
    pub uuid: String,
    pub name: String,
    pub current: String,
}

/// What only the edit page has: links, members, the add-member form.
pub struct EditParts {
    pub uuid: String,
    pub others: Vec<RelationChoice>,
    pub relation_kinds: Vec<(String, String)>,
    pub seats: Vec<SeatView>,
    pub member: MemberForm,
    pub member_error: Option<String>,
    pub relations_error: Option<String>,
}

#[derive(Template)]
#[template(path = "body_form.html")]
struct BodyFormPage<'a> {
    ctx: &'a Ctx,
    heading: String,
    action: String,
    submit: String,
    back: String,
    form: BodyForm,
    kinds: Vec<(String, String)>,
    error: Option<String>,
    edit: Option<EditParts>,
}

fn manager(ctx: &Ctx) -> Option<Manager<'_>> {
    ctx.user.as_ref().map(|u| Manager {
        actor: &u.actor,
        is_admin: u.account.is_admin,
    })
}

fn kinds(ctx: &Ctx) -> Vec<(String, String)> {
    BodyKind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), ctx.t(&k.label_key())))
        .collect()
}

async fn require_manager(ctx: &Ctx, group: &ActorRow) -> Result<(), AppError> {
    let Some(m) = manager(ctx) else {
        return Err(AppError::unauthorized("log in first"));
    };
    if service::bodies::may_manage(&ctx.data, group, m).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "not_a_moderator",
            "only moderators of the group and the node's admins describe its bodies".into(),
        ))
    }
}

fn body_input(form: &BodyForm) -> Result<BodyInput, AppError> {
    Ok(BodyInput {
        name: form.name.clone(),
        kind: BodyKind::parse(&form.kind).ok_or_else(|| {
            AppError::BadRequest("invalid_choice", format!("unknown kind {:?}", form.kind))
        })?,
        role: form.role.clone(),
        decides_how: form.decides_how.clone(),
    })
}

fn new_page_with(
    ctx: &Ctx,
    group: &ActorRow,
    form: BodyForm,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let path = group_path(group);
    render_with(
        status,
        &BodyFormPage {
            heading: ctx.t1("body-new-heading", "name", &group_name(group)),
            action: format!("/groups/{path}/bodies"),
            submit: ctx.t("body-create"),
            back: format!("/groups/{path}/governance"),
            form,
            kinds: kinds(ctx),
            error,
            edit: None,
            ctx,
        },
    )
}

/// `GET /groups/{name}/bodies/new`.
pub async fn new_page(ctx: Ctx, Path(name): Path<String>) -> Response {
    if ctx.user.is_none() {
        return ctx.login_first();
    }
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    page_try!(ctx, require_manager(&ctx, &group).await);
    let form = BodyForm {
        kind: BodyKind::Board.as_str().into(),
        ..BodyForm::default()
    };
    new_page_with(&ctx, &group, form, None, StatusCode::OK)
}

/// A refusal shown on the form (rules broken, bad choice), or the error page otherwise.
fn on_form(ctx: &Ctx, err: &AppError) -> Option<String> {
    matches!(err, AppError::Unprocessable(..) | AppError::BadRequest(..))
        .then(|| ctx.error_text(err))
}

/// `POST /groups/{name}/bodies`.
pub async fn create(
    ctx: Ctx,
    Path(name): Path<String>,
    CsrfForm(form): CsrfForm<BodyForm>,
) -> Response {
    let Some(m) = manager(&ctx) else {
        return ctx.login_first();
    };
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let result = match body_input(&form) {
        Ok(input) => service::bodies::create(&ctx.data, m, &group, input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => redirect_with_notice(
            &format!("/groups/{}/governance", group_path(&group)),
            "notice-body-created",
        ),
        Err(err) => match on_form(&ctx, &err) {
            Some(message) => new_page_with(&ctx, &group, form, Some(message), err.status()),
            None => ctx.fail(err),
        },
    }
}

/// What the edit page shows around a body, with the forms as typed.
struct EditState {
    form: Option<BodyForm>,
    error: Option<String>,
    member: MemberForm,
    member_error: Option<String>,
    relations_error: Option<String>,
}

fn edit_page_with(
    ctx: &Ctx,
    g: &Governance,
    uuid: &str,
    state: EditState,
    status: StatusCode,
) -> Response {
    let Some(b) = g.body_by_uuid(uuid) else {
        return ctx.fail(AppError::not_found("no such body"));
    };
    let today = Utc::now().date_naive();
    let others = g
        .bodies
        .iter()
        .filter(|o| o.row.id != b.row.id)
        .map(|o| RelationChoice {
            uuid: o.row.uuid.clone(),
            name: format!("{} ({})", o.row.name, kind_words(ctx.lang, &o.row.kind)),
            current: g
                .relations
                .iter()
                .find(|r| r.from_body_id == b.row.id && r.to_body_id == o.row.id)
                .map(|r| r.kind.clone())
                .unwrap_or_default(),
        })
        .collect();
    let form = state.form.unwrap_or_else(|| BodyForm {
        name: b.row.name.clone(),
        kind: b.row.kind.clone(),
        role: b.row.role_source.clone(),
        decides_how: b.row.decides_how_source.clone(),
    });
    render_with(
        status,
        &BodyFormPage {
            heading: ctx.t1("body-edit-heading", "name", &b.row.name),
            action: format!("/bodies/{uuid}/edit"),
            submit: ctx.t("body-save"),
            back: format!("/bodies/{uuid}"),
            form,
            kinds: kinds(ctx),
            error: state.error,
            edit: Some(EditParts {
                uuid: uuid.to_string(),
                others,
                relation_kinds: RelationKind::ALL
                    .iter()
                    .map(|k| (k.as_str().to_string(), ctx.t(&k.label_key())))
                    .collect(),
                seats: b
                    .members
                    .iter()
                    .map(|m| SeatView::new(ctx.lang, m, today))
                    .collect(),
                member: state.member,
                member_error: state.member_error,
                relations_error: state.relations_error,
            }),
            ctx,
        },
    )
}

fn fresh() -> EditState {
    EditState {
        form: None,
        error: None,
        member: MemberForm::default(),
        member_error: None,
        relations_error: None,
    }
}

/// The body's governance, for a moderator's form (403 for others).
async fn managed(ctx: &Ctx, uuid: &str) -> Result<Governance, AppError> {
    let g = service::bodies::body(&ctx.data, uuid).await?;
    require_manager(ctx, &g.group).await?;
    Ok(g)
}

/// `GET /bodies/{id}/edit`.
pub async fn edit_page(ctx: Ctx, Path(id): Path<String>) -> Response {
    if ctx.user.is_none() {
        return ctx.login_first();
    }
    let g = page_try!(ctx, managed(&ctx, &id).await);
    edit_page_with(&ctx, &g, &id, fresh(), StatusCode::OK)
}

/// After a refused change: the edit page again, with the refusal where it belongs.
async fn refused_edit(
    ctx: &Ctx,
    id: &str,
    err: AppError,
    state: impl FnOnce(String) -> EditState,
) -> Response {
    let Some(message) = on_form(ctx, &err) else {
        return ctx.fail(err);
    };
    let g = page_try!(ctx, service::bodies::body(&ctx.data, id).await);
    edit_page_with(ctx, &g, id, state(message), err.status())
}

/// `POST /bodies/{id}/edit`.
pub async fn edit(
    ctx: Ctx,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<BodyForm>,
) -> Response {
    let Some(m) = manager(&ctx) else {
        return ctx.login_first();
    };
    let result = match body_input(&form) {
        Ok(input) => service::bodies::update(&ctx.data, m, &id, input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => redirect_with_notice(&format!("/bodies/{id}"), "notice-body-saved"),
        Err(err) => {
            refused_edit(&ctx, &id, err, |message| EditState {
                form: Some(form),
                error: Some(message),
                ..fresh()
            })
            .await
        }
    }
}

/// `POST /bodies/{id}/relations`: one `rel-{uuid}` field per other body, its kind or empty.
pub async fn relations(
    ctx: Ctx,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(m) = manager(&ctx) else {
        return ctx.login_first();
    };
    let mut wanted = Vec::new();
    for (name, value) in &pairs {
        let (Some(other), false) = (name.strip_prefix("rel-"), value.is_empty()) else {
            continue;
        };
        match RelationKind::parse(value) {
            Some(kind) => wanted.push((other.to_string(), kind)),
            None => {
                let err = AppError::BadRequest("invalid_choice", format!("unknown link {value:?}"));
                return refused_edit(&ctx, &id, err, |message| EditState {
                    relations_error: Some(message),
                    ..fresh()
                })
                .await;
            }
        }
    }
    match service::bodies::set_relations(&ctx.data, m, &id, &wanted).await {
        Ok(()) => {
            redirect_with_notice(&format!("/bodies/{id}/edit"), "notice-body-relations-saved")
        }
        Err(err) => {
            refused_edit(&ctx, &id, err, |message| EditState {
                relations_error: Some(message),
                ..fresh()
            })
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    direction: String,
}

/// `POST /bodies/{id}/move`: one place up or down on the governance page.
pub async fn move_body(
    ctx: Ctx,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> Response {
    let Some(m) = manager(&ctx) else {
        return ctx.login_first();
    };
    let g = page_try!(ctx, service::bodies::body(&ctx.data, &id).await);
    let index = g.bodies.iter().position(|b| b.row.uuid == id).unwrap_or(0);
    let target = match form.direction.as_str() {
        "up" => index.saturating_sub(1),
        "down" => index + 1,
        _ => return ctx.fail(AppError::bad_request("move up or down")),
    };
    page_try!(
        ctx,
        service::bodies::move_to(&ctx.data, m, &id, target).await
    );
    redirect_with_notice(
        &format!("/groups/{}/governance", group_path(&g.group)),
        "notice-body-saved",
    )
}

#[derive(Deserialize)]
pub struct Nothing {}

/// `POST /bodies/{id}/delete`.
pub async fn delete(ctx: Ctx, Path(id): Path<String>, CsrfForm(_): CsrfForm<Nothing>) -> Response {
    let Some(m) = manager(&ctx) else {
        return ctx.login_first();
    };
    let g = page_try!(ctx, service::bodies::body(&ctx.data, &id).await);
    page_try!(ctx, service::bodies::delete(&ctx.data, m, &id).await);
    redirect_with_notice(
        &format!("/groups/{}/governance", group_path(&g.group)),
        "notice-body-deleted",
    )
}

/// `POST /bodies/{id}/members`.
pub async fn add_member(
    ctx: Ctx,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<MemberForm>,
) -> Response {
    let Some(m) = manager(&ctx) else {
        return ctx.login_first();
    };
    match service::bodies::add_member(&ctx.data, m, &id, form.input()).await {
        Ok(_) => redirect_with_notice(&format!("/bodies/{id}/edit"), "notice-body-member-added"),
        Err(err) => {
            refused_edit(&ctx, &id, err, |message| EditState {
                member: form,
                member_error: Some(message),
                ..fresh()
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "body_member_form.html")]
struct MemberFormPage<'a> {
    ctx: &'a Ctx,
    heading: String,
    body_uuid: String,
    member_id: i64,
    seat: SeatView,
    form: MemberForm,
    error: Option<String>,
}

fn member_page_with(
    ctx: &Ctx,
    g: &Governance,
    uuid: &str,
    member_id: i64,
    form: Option<MemberForm>,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let found = g
        .body_by_uuid(uuid)
        .and_then(|b| b.members.iter().find(|m| m.id == member_id).map(|m| (b, m)));
    let Some((b, m)) = found else {
        return ctx.fail(AppError::not_found("no such member of this body"));
    };
    render_with(
        status,
        &MemberFormPage {
            heading: ctx.t_with(
                "body-member-heading",
                &[("name", m.name.clone()), ("to", b.row.name.clone())],
            ),
            body_uuid: uuid.to_string(),
            member_id,
            seat: SeatView::new(ctx.lang, m, Utc::now().date_naive()),
            form: form.unwrap_or_else(|| MemberForm::of(m)),
            error,
            ctx,
        },
    )
}

/// The member page again after a refused change (the photo upload uses it too).
pub async fn refused_member(
    ctx: &Ctx,
    uuid: &str,
    member_id: i64,
    form: Option<MemberForm>,
    err: AppError,
) -> Response {
    let Some(message) = on_form(ctx, &err).or_else(|| {
        matches!(err, AppError::PayloadTooLarge).then(|| ctx.t("error-photo-too-large"))
    }) else {
        return ctx.fail(err);
    };
    let g = page_try!(ctx, service::bodies::body(&ctx.data, uuid).await);
    member_page_with(ctx, &g, uuid, member_id, form, Some(message), err.status())
}

/// `GET /bodies/{id}/members/{member_id}/edit`.
pub async fn member_page(ctx: Ctx, Path((id, member_id)): Path<(String, i64)>) -> Response {
    if ctx.user.is_none() {
        return ctx.login_first();
    }
    let g = page_try!(ctx, managed(&ctx, &id).await);
    member_page_with(&ctx, &g, &id, member_id, None, None, StatusCode::OK)
}

/// `POST /bodies/{id}/members/{member_id}/edit`.
pub async fn edit_member(
    ctx: Ctx,
    Path((id, member_id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<MemberForm>,
) -> Response {
    let Some(m) = manager(&ctx) else {
        return ctx.login_first();
    };
    match service::bodies::update_member(&ctx.data, m, &id, member_id, form.input()).await {
        Ok(_) => redirect_with_notice(&format!("/bodies/{id}/edit"), "notice-body-member-saved"),
        Err(err) => refused_member(&ctx, &id, member_id, Some(form), err).await,
    }
}

/// `POST /bodies/{id}/members/{member_id}/remove`.
pub async fn remove_member(
    ctx: Ctx,
    Path((id, member_id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Nothing>,
) -> Response {
    let Some(m) = manager(&ctx) else {
        return ctx.login_first();
    };
    page_try!(
        ctx,
        service::bodies::remove_member(&ctx.data, m, &id, member_id).await
    );
    redirect_with_notice(&format!("/bodies/{id}/edit"), "notice-body-member-removed")
}
