//! Groups: creating them (CLI, admins), and reading what a group page or API shows.

use crate::{
    app::AppState,
    domain::{membership::MembershipPolicy, names::LocalName},
    error::{AppError, AppResult},
    storage::{
        self,
        actors::{ActorRow, NewActor},
    },
};

/// Creates a local group. The creator, if any, becomes its first moderator and member.
pub async fn create_group(
    state: &AppState,
    name: &str,
    display_name: &str,
    summary: Option<&str>,
    membership: MembershipPolicy,
    network: bool,
    creator: Option<&ActorRow>,
) -> AppResult<ActorRow> {
    let name = LocalName::parse(name)
        .map_err(|e| AppError::Unprocessable("invalid_group_name", e.to_string()))?;
    let display_name = display_name.trim();
    if display_name.is_empty() || display_name.chars().count() > 100 {
        return Err(AppError::Unprocessable(
            "invalid_display_name",
            "the display name needs 1 to 100 characters".into(),
        ));
    }
    let summary = summary
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(crate::domain::content::markdown_to_safe_html);
    let actor = crate::service::accounts::new_local_actor(
        state,
        &name,
        "group",
        Some(display_name.to_string()),
        summary,
        Some(membership),
    )
    .await?;
    let actor = NewActor { network, ..actor };
    let mut tx = state.db.begin().await?;
    let group = match storage::actors::insert_local(&mut tx, &actor).await {
        Err(e) if storage::is_unique_violation(&e) => {
            return Err(AppError::Conflict(
                "name_taken",
                format!("the name {name} is already taken"),
            ))
        }
        other => other?,
    };
    if let Some(creator) = creator {
        storage::actors::add_moderator(&mut tx, group.id, creator.id).await?;
        let follow_id = state.urls.new_activity("Follow");
        storage::follows::upsert(
            &mut tx,
            creator.id,
            group.id,
            "accepted",
            follow_id.as_str(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(group)
}

/// Makes a local member a moderator of a local group (CLI).
pub async fn add_moderator(state: &AppState, group: &ActorRow, member: &ActorRow) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    storage::actors::add_moderator(&mut tx, group.id, member.id).await?;
    if storage::follows::get(&mut tx, member.id, group.id)
        .await?
        .is_none()
    {
        let follow_id = state.urls.new_activity("Follow");
        storage::follows::upsert(&mut tx, member.id, group.id, "accepted", follow_id.as_str())
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What a group page and the API show of a group.
pub struct GroupDetails {
    pub group: ActorRow,
    pub members: i64,
    pub pending: i64,
    pub moderators: Vec<ActorRow>,
}

pub async fn details(state: &AppState, group: ActorRow) -> AppResult<GroupDetails> {
    let mut tx = state.db.read().await?;
    let members = storage::follows::count_followers(&mut tx, group.id, "accepted").await?;
    let pending = storage::follows::count_followers(&mut tx, group.id, "pending").await?;
    let moderators = storage::actors::moderators(&mut tx, group.id).await?;
    Ok(GroupDetails {
        group,
        members,
        pending,
        moderators,
    })
}

pub async fn list_local(state: &AppState) -> AppResult<Vec<ActorRow>> {
    let mut tx = state.db.read().await?;
    Ok(storage::actors::list_local(&mut tx, "group").await?)
}

pub async fn is_moderator(state: &AppState, group: &ActorRow, actor: &ActorRow) -> AppResult<bool> {
    let mut tx = state.db.read().await?;
    Ok(storage::actors::is_moderator(&mut tx, group.id, actor.id).await?)
}

/// A moderator edits the group's description and rules (Markdown); the group's followers get
/// an `Update` of the group.
pub async fn update_texts(
    data: &crate::federation::FedData,
    moderator: &ActorRow,
    group: &ActorRow,
    summary: &str,
    rules: &str,
) -> AppResult<ActorRow> {
    if !group.local {
        return Err(AppError::forbidden("this group is managed on its own node"));
    }
    if summary.chars().count() > 5000 || rules.chars().count() > 10_000 {
        return Err(AppError::Unprocessable(
            "text_too_long",
            "the text is too long".into(),
        ));
    }
    let render = |text: &str| {
        let text = text.trim();
        (!text.is_empty()).then(|| crate::domain::content::markdown_to_safe_html(text))
    };
    let mut tx = data.db.begin().await?;
    if !storage::actors::is_moderator(&mut tx, group.id, moderator.id).await? {
        return Err(AppError::forbidden(
            "only the group's moderators may edit it",
        ));
    }
    storage::actors::update_group_texts(
        &mut tx,
        group.id,
        render(summary).as_deref(),
        render(rules).as_deref(),
    )
    .await?;
    let updated = storage::actors::by_id(&mut tx, group.id)
        .await?
        .ok_or_else(|| AppError::not_found("the group is gone"))?;
    let document = crate::federation::objects::actor::ApActor::new(updated.clone())?
        .into_json_value(data)
        .await?;
    let activity = crate::federation::outbox::update_actor(&data.urls, &updated, document);
    let inboxes = storage::follows::remote_follower_inboxes(&mut tx, group.id).await?;
    let queued =
        crate::federation::outbox::publish(&mut tx, data, &updated, activity, inboxes).await?;
    crate::service::commit(data, tx, queued).await?;
    Ok(updated)
}
