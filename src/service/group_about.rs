//! A group's "who we are" page: its moderators write it (`domain::onboarding::check_about`
//! renders the Markdown), anyone reads it, and a member who opens it while logged in has the
//! "read" steps of the onboarding path that link to it done. The page belongs to the group's
//! own node: it is not federated, so a group of another node has none here.

use crate::{
    domain::onboarding::{check_about, AboutInput},
    error::{AppError, AppResult},
    federation::FedData,
    storage::{
        self,
        actors::ActorRow,
        group_about::{AboutParts, AboutRow},
    },
};

use super::{membership::require_member, onboarding::refused, processes::require_moderator};

/// Only groups of this node have these pages.
pub fn require_local(group: &ActorRow) -> AppResult<()> {
    if group.local && group.is_group() {
        Ok(())
    } else {
        Err(AppError::NotFound(
            "this group's welcome pages live on its own node".into(),
        ))
    }
}

/// The page, `None` while the moderators have not written it.
pub async fn get(data: &FedData, group: &ActorRow) -> AppResult<Option<AboutRow>> {
    require_local(group)?;
    let mut tx = data.db.read().await?;
    Ok(storage::group_about::get(&mut tx, group.id).await?)
}

/// `reader` opened the page: if they are a member of this node with "read" steps linking
/// here still to do, those steps are done. Anyone else changes nothing.
pub async fn opened_by(data: &FedData, group: &ActorRow, reader: &ActorRow) -> AppResult<()> {
    if !reader.local {
        return Ok(());
    }
    let mut tx = data.db.read().await?;
    if storage::onboarding::unread_about_steps(&mut tx, group.id, reader.id).await? == 0
        || require_member(&mut tx, group, reader).await.is_err()
    {
        return Ok(());
    }
    drop(tx);
    let mut tx = data.db.begin().await?;
    storage::onboarding::mark_about_read(&mut tx, group.id, reader.id).await?;
    tx.commit().await?;
    Ok(())
}

/// A moderator writes the page (all four parts at once; an empty part is simply not shown).
pub async fn save(
    data: &FedData,
    moderator: &ActorRow,
    group: &ActorRow,
    input: &AboutInput,
) -> AppResult<AboutRow> {
    require_local(group)?;
    let mut tx = data.db.begin().await?;
    require_moderator(&mut tx, group, moderator).await?;
    let page = check_about(input).map_err(refused)?;
    let parts = AboutParts {
        who_we_are: (&page.who_we_are.html, &page.who_we_are.source),
        what_we_do: (&page.what_we_do.html, &page.what_we_do.source),
        how_to_take_part: (&page.how_to_take_part.html, &page.how_to_take_part.source),
        statutes_summary: (&page.statutes_summary.html, &page.statutes_summary.source),
    };
    let row = storage::group_about::save(&mut tx, group.id, &parts, moderator.id).await?;
    tx.commit().await?;
    Ok(row)
}
