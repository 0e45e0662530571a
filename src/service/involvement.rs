//! A member chooses, per group, what news they receive (their involvement level) and how (in
//! the app, an email digest, nothing). `news` reads the choice when news happens.

use crate::{
    domain::involvement::{Channel, Level, DEFAULT_CHANNEL, DEFAULT_LEVEL},
    error::{AppError, AppResult},
    federation::FedData,
    storage::{self, actors::ActorRow},
};

use super::membership::require_member;

/// A member's choice in a group (the defaults when they made none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Involvement {
    pub level: Level,
    pub channel: Channel,
    /// Whether the member chose, or these are the defaults.
    pub chosen: bool,
}

fn stored_word<T>(raw: &str, parse: fn(&str) -> Option<T>) -> AppResult<T> {
    parse(raw).ok_or_else(|| AppError::Internal(anyhow::anyhow!("stored word {raw:?} unknown")))
}

pub async fn get(data: &FedData, member: &ActorRow, group: &ActorRow) -> AppResult<Involvement> {
    let mut tx = data.db.read().await?;
    require_member(&mut tx, group, member).await?;
    Ok(
        match storage::involvement::get(&mut tx, member.id, group.id).await? {
            Some(row) => Involvement {
                level: stored_word(&row.level, Level::parse)?,
                channel: stored_word(&row.channel, Channel::parse)?,
                chosen: true,
            },
            None => Involvement {
                level: DEFAULT_LEVEL,
                channel: DEFAULT_CHANNEL,
                chosen: false,
            },
        },
    )
}

/// A member of `group` (here or followed on another node) sets what they receive from it.
pub async fn set(
    data: &FedData,
    member: &ActorRow,
    group: &ActorRow,
    level: Level,
    channel: Channel,
) -> AppResult<Involvement> {
    if !member.local {
        return Err(AppError::forbidden("only members of this node choose here"));
    }
    if !channel.available(data.settings.sends_email()) {
        return Err(AppError::Unprocessable(
            "channel_unavailable",
            "this node does not send email (no SMTP server configured): choose in_app or none"
                .into(),
        ));
    }
    let mut tx = data.db.begin().await?;
    require_member(&mut tx, group, member).await?;
    if channel.is_email() {
        let has_email = storage::digests::recipient(&mut tx, member.id)
            .await?
            .and_then(|r| r.email)
            .is_some_and(|e| !e.is_empty());
        if !has_email {
            return Err(AppError::Unprocessable(
                "email_missing",
                "email digests go to your email address: set it first (PUT /api/v1/me/email)"
                    .into(),
            ));
        }
    }
    storage::involvement::set(
        &mut tx,
        member.id,
        group.id,
        level.as_str(),
        channel.as_str(),
    )
    .await?;
    tx.commit().await?;
    Ok(Involvement {
        level,
        channel,
        chosen: true,
    })
}
