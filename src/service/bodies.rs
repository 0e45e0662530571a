//! A group's governance bodies: moderators of the group (and the node's admins) describe
//! them, order them, relate them and say who sits on them until when; anyone who can see the
//! group reads them (groups are public, so visitors too). Rules come from
//! `domain::governance`; photos are `service::photos`. Bodies are not federated yet.

use crate::{
    app::AppState,
    domain::{
        content::markdown_to_safe_html,
        governance::{self, BodyKind, RelationKind},
        names::Handle,
    },
    error::{AppError, AppResult},
    storage::{
        self,
        actors::ActorRow,
        bodies::{BodyFields, BodyRow, MemberFields, MemberRow, RelationRow},
        Tx,
    },
};

/// Who asks to change a body: a member, and whether they administer this node.
#[derive(Clone, Copy)]
pub struct Manager<'a> {
    pub actor: &'a ActorRow,
    pub is_admin: bool,
}

/// A body with its seats, in trombinoscope order.
#[derive(Debug, Clone)]
pub struct BodyDetails {
    pub row: BodyRow,
    pub members: Vec<MemberRow>,
}

/// Everything a group's governance page shows.
#[derive(Debug, Clone)]
pub struct Governance {
    pub group: ActorRow,
    pub bodies: Vec<BodyDetails>,
    pub relations: Vec<RelationRow>,
}

impl Governance {
    pub fn body_by_id(&self, id: i64) -> Option<&BodyDetails> {
        self.bodies.iter().find(|b| b.row.id == id)
    }

    pub fn body_by_uuid(&self, uuid: &str) -> Option<&BodyDetails> {
        self.bodies.iter().find(|b| b.row.uuid == uuid)
    }
}

/// What a moderator writes for a body.
#[derive(Debug, Clone)]
pub struct BodyInput {
    pub name: String,
    pub kind: BodyKind,
    /// Markdown: what the body is for.
    pub role: String,
    /// Markdown: how it decides.
    pub decides_how: String,
}

/// A seat: a member of this node by handle, or a name only (someone without an account).
#[derive(Debug, Clone, Default)]
pub struct MemberInput {
    pub handle: Option<String>,
    pub name: Option<String>,
    pub office: Option<String>,
    pub mandate_start: Option<String>,
    pub mandate_end: Option<String>,
}

pub(super) fn refused((code, message): governance::Refusal) -> AppError {
    AppError::Unprocessable(code, message)
}

fn no_body() -> AppError {
    AppError::not_found("no such body")
}

/// Whether `manager` may change the bodies of `group`: its moderators and the node's admins.
pub async fn may_manage(
    state: &AppState,
    group: &ActorRow,
    manager: Manager<'_>,
) -> AppResult<bool> {
    let mut tx = state.db.read().await?;
    may_manage_in(&mut tx, group, manager).await
}

async fn may_manage_in(tx: &mut Tx, group: &ActorRow, manager: Manager<'_>) -> AppResult<bool> {
    Ok(group.local
        && (manager.is_admin
            || storage::actors::is_moderator(tx, group.id, manager.actor.id).await?))
}

pub(super) async fn require_manager(
    tx: &mut Tx,
    group: &ActorRow,
    manager: Manager<'_>,
) -> AppResult<()> {
    if !group.local {
        return Err(AppError::Unprocessable(
            "not_a_local_group",
            "the bodies of a group are described on its own node".into(),
        ));
    }
    if may_manage_in(tx, group, manager).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "not_a_moderator",
            "only moderators of the group and the node's admins describe its bodies".into(),
        ))
    }
}

/// A body and its group, for a change: 404 if unknown, 403 if `manager` may not change it.
pub(super) async fn managed_body(
    tx: &mut Tx,
    uuid: &str,
    manager: Manager<'_>,
) -> AppResult<(BodyRow, ActorRow)> {
    let body = storage::bodies::by_uuid(tx, uuid)
        .await?
        .ok_or_else(no_body)?;
    let group = storage::actors::by_id(tx, body.group_id)
        .await?
        .ok_or_else(no_body)?;
    require_manager(tx, &group, manager).await?;
    Ok((body, group))
}

/// The bodies of a group, their seats and relations.
pub async fn governance(state: &AppState, group: ActorRow) -> AppResult<Governance> {
    let mut tx = state.db.read().await?;
    load(&mut tx, group).await
}

async fn load(tx: &mut Tx, group: ActorRow) -> AppResult<Governance> {
    let rows = storage::bodies::in_group(tx, group.id).await?;
    let mut members = storage::bodies::members_in_group(tx, group.id).await?;
    let relations = storage::bodies::relations_in_group(tx, group.id).await?;
    let bodies = rows
        .into_iter()
        .map(|row| {
            let (mine, rest): (Vec<_>, Vec<_>) =
                members.drain(..).partition(|m| m.body_id == row.id);
            members = rest;
            BodyDetails { row, members: mine }
        })
        .collect();
    Ok(Governance {
        group,
        bodies,
        relations,
    })
}

/// One body with its whole group's governance (its relations name the other bodies).
pub async fn body(state: &AppState, uuid: &str) -> AppResult<Governance> {
    let mut tx = state.db.read().await?;
    let row = storage::bodies::by_uuid(&mut tx, uuid)
        .await?
        .ok_or_else(no_body)?;
    let group = storage::actors::by_id(&mut tx, row.group_id)
        .await?
        .ok_or_else(no_body)?;
    load(&mut tx, group).await
}

fn fields(input: &BodyInput) -> AppResult<BodyFields> {
    let name = governance::check_name(&input.name).map_err(refused)?;
    let role = governance::check_text("the role", &input.role).map_err(refused)?;
    let decides = governance::check_text("how it decides", &input.decides_how).map_err(refused)?;
    Ok(BodyFields {
        name,
        kind: input.kind.as_str().into(),
        role: markdown_to_safe_html(&role),
        role_source: role,
        decides_how: markdown_to_safe_html(&decides),
        decides_how_source: decides,
    })
}

pub async fn create(
    state: &AppState,
    manager: Manager<'_>,
    group: &ActorRow,
    input: BodyInput,
) -> AppResult<BodyRow> {
    if !group.is_group() {
        return Err(AppError::not_found("no such group"));
    }
    let fields = fields(&input)?;
    let mut tx = state.db.begin().await?;
    require_manager(&mut tx, group, manager).await?;
    let uuid = uuid::Uuid::new_v4().to_string();
    let row = storage::bodies::insert(&mut tx, &uuid, group.id, &fields).await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn update(
    state: &AppState,
    manager: Manager<'_>,
    uuid: &str,
    input: BodyInput,
) -> AppResult<BodyRow> {
    let mut tx = state.db.begin().await?;
    let (body, _) = managed_body(&mut tx, uuid, manager).await?;
    let fields = fields(&input)?;
    let row = storage::bodies::update(&mut tx, body.id, &fields).await?;
    tx.commit().await?;
    Ok(row)
}

/// Moves a body to `index` (0 = first) on the group's page; the others keep their order.
pub async fn move_to(
    state: &AppState,
    manager: Manager<'_>,
    uuid: &str,
    index: usize,
) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    let (body, group) = managed_body(&mut tx, uuid, manager).await?;
    let mut order: Vec<i64> = storage::bodies::in_group(&mut tx, group.id)
        .await?
        .into_iter()
        .map(|b| b.id)
        .filter(|id| *id != body.id)
        .collect();
    order.insert(index.min(order.len()), body.id);
    for (position, id) in order.into_iter().enumerate() {
        storage::bodies::set_position(&mut tx, id, position as i64).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn delete(state: &AppState, manager: Manager<'_>, uuid: &str) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    let (body, _) = managed_body(&mut tx, uuid, manager).await?;
    storage::photos::delete_of_body(&mut tx, body.id).await?;
    storage::bodies::delete(&mut tx, body.id).await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the relations going out of a body: `(other body's uuid, kind)`. Repeats are
/// harmless; a relation to itself or to another group's body is refused and nothing changes.
pub async fn set_relations(
    state: &AppState,
    manager: Manager<'_>,
    uuid: &str,
    relations: &[(String, RelationKind)],
) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    let (body, _) = managed_body(&mut tx, uuid, manager).await?;
    let mut rows: Vec<(i64, String)> = Vec::new();
    for (to, kind) in relations {
        let target = storage::bodies::by_uuid(&mut tx, to.trim())
            .await?
            .ok_or_else(|| {
                AppError::Unprocessable("unknown_body", format!("no body {to:?} is known here"))
            })?;
        governance::check_relation(body.id, body.group_id, target.id, target.group_id)
            .map_err(refused)?;
        let row = (target.id, kind.as_str().to_string());
        if !rows.contains(&row) {
            rows.push(row);
        }
    }
    storage::bodies::replace_relations(&mut tx, body.id, &rows).await?;
    tx.commit().await?;
    Ok(())
}

/// Reads a seat: the member behind a handle of this node, or a name.
async fn member_fields(
    state: &AppState,
    tx: &mut Tx,
    input: &MemberInput,
) -> AppResult<MemberFields> {
    let (start, end) =
        governance::check_mandate(input.mandate_start.as_deref(), input.mandate_end.as_deref())
            .map_err(refused)?;
    let office = governance::check_office(input.office.as_deref()).map_err(refused)?;
    let typed_name = input.name.as_deref().filter(|n| !n.trim().is_empty());
    let handle = input
        .handle
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty());
    let actor = match handle {
        None => None,
        Some(raw) => {
            let local_name = match Handle::parse(raw) {
                Some(h) if h.domain == state.urls.domain() => h.name,
                Some(_) => return Err(AppError::Unprocessable(
                    "not_a_local_member",
                    "only members of this node are chosen by handle; give the name of anyone else"
                        .into(),
                )),
                None => raw.trim_start_matches('@').to_string(),
            };
            let found = storage::actors::local_by_name(tx, &local_name, Some("person")).await?;
            Some(found.ok_or_else(|| {
                AppError::Unprocessable("unknown_member", format!("no member {raw:?} on this node"))
            })?)
        }
    };
    let name = match (typed_name, &actor) {
        (Some(n), _) => n.to_string(),
        (None, Some(a)) => a
            .display_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| a.username.clone()),
        (None, None) => String::new(),
    };
    let name = governance::check_name(&name).map_err(|_| {
        AppError::Unprocessable(
            "invalid_member",
            "choose a member by handle or give a name of 1 to 120 characters".into(),
        )
    })?;
    Ok(MemberFields {
        actor_id: actor.map(|a| a.id),
        name,
        office,
        mandate_start: start,
        mandate_end: end,
    })
}

pub async fn add_member(
    state: &AppState,
    manager: Manager<'_>,
    uuid: &str,
    input: MemberInput,
) -> AppResult<MemberRow> {
    let mut tx = state.db.begin().await?;
    let (body, _) = managed_body(&mut tx, uuid, manager).await?;
    let fields = member_fields(state, &mut tx, &input).await?;
    let id = storage::bodies::insert_member(&mut tx, body.id, &fields).await?;
    let row = storage::bodies::member(&mut tx, id)
        .await?
        .ok_or_else(no_body)?;
    tx.commit().await?;
    Ok(row)
}

/// A seat of the body, or 404.
pub(super) async fn seat(tx: &mut Tx, body: &BodyRow, member_id: i64) -> AppResult<MemberRow> {
    storage::bodies::member(tx, member_id)
        .await?
        .filter(|m| m.body_id == body.id)
        .ok_or_else(|| AppError::not_found("no such member of this body"))
}

pub async fn update_member(
    state: &AppState,
    manager: Manager<'_>,
    uuid: &str,
    member_id: i64,
    input: MemberInput,
) -> AppResult<MemberRow> {
    let mut tx = state.db.begin().await?;
    let (body, _) = managed_body(&mut tx, uuid, manager).await?;
    seat(&mut tx, &body, member_id).await?;
    let fields = member_fields(state, &mut tx, &input).await?;
    storage::bodies::update_member(&mut tx, member_id, &fields).await?;
    let row = seat(&mut tx, &body, member_id).await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn remove_member(
    state: &AppState,
    manager: Manager<'_>,
    uuid: &str,
    member_id: i64,
) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    let (body, _) = managed_body(&mut tx, uuid, manager).await?;
    let seat = seat(&mut tx, &body, member_id).await?;
    storage::bodies::delete_member(&mut tx, member_id).await?;
    if let Some(photo) = seat.photo_id {
        storage::photos::delete(&mut tx, photo).await?;
    }
    tx.commit().await?;
    Ok(())
}
