//! A member's private "my events" calendar: a secret address that calendar applications
//! subscribe to without logging in. The web page (`/me/events`) and the API
//! (`/api/v1/me/calendar`) ask here for the address and reset it; the feed route
//! (`/calendar/{token}.ics`) asks here whose events a token opens.

use crate::{
    error::{AppError, AppResult},
    federation::FedData,
    service::{auth::new_secret, moderation::refuse_if_suspended},
    storage::{self, accounts::AccountRow, actors::ActorRow, events::EventRow, now_millis},
};

/// How far back the feed reaches, so a calendar keeps last season's meetings.
const FEED_PAST_MS: i64 = 90 * 24 * 3600 * 1000;

/// The feed's address for a token.
pub fn feed_url(data: &FedData, token: &str) -> String {
    data.urls
        .base()
        .join(&format!("/calendar/{token}.ics"))
        .map(|u| u.to_string())
        .unwrap_or_default()
}

/// The member's token, made the first time they ask for it.
pub async fn token(data: &FedData, account: &AccountRow) -> AppResult<String> {
    {
        let mut tx = data.db.read().await?;
        if let Some(token) = storage::calendar_feeds::token_of(&mut tx, account.id).await? {
            return Ok(token);
        }
    }
    let mut tx = data.db.begin().await?;
    // Two first visits at once: the second finds the first's token inside its write lock.
    if let Some(token) = storage::calendar_feeds::token_of(&mut tx, account.id).await? {
        tx.commit().await?;
        return Ok(token);
    }
    let token = new_secret();
    storage::calendar_feeds::set_token(&mut tx, account.id, &token).await?;
    tx.commit().await?;
    Ok(token)
}

/// A new token: the old address stops working at once.
pub async fn reset(data: &FedData, account: &AccountRow) -> AppResult<String> {
    let token = new_secret();
    let mut tx = data.db.begin().await?;
    storage::calendar_feeds::set_token(&mut tx, account.id, &token).await?;
    tx.commit().await?;
    Ok(token)
}

/// Whose feed a token opens, and their events (from three months back, any registration but
/// a refused one). An unknown token and a suspended member's token read alike: no such feed.
pub async fn feed(data: &FedData, token: &str) -> AppResult<(ActorRow, Vec<EventRow>)> {
    let not_found = || AppError::not_found("no such calendar");
    // Tokens are 64 hex digits; anything else is not worth a query.
    if token.len() != 64 || !token.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(not_found());
    }
    let mut tx = data.db.read().await?;
    let account_id = storage::calendar_feeds::account_of(&mut tx, token)
        .await?
        .ok_or_else(not_found)?;
    let account = storage::accounts::by_id(&mut tx, account_id)
        .await?
        .ok_or_else(not_found)?;
    let actor = storage::actors::by_id(&mut tx, account.actor_id)
        .await?
        .ok_or_else(not_found)?;
    refuse_if_suspended(&mut tx, &actor.ap_id)
        .await
        .map_err(|_| not_found())?;
    let events =
        storage::events::events_of_participant(&mut tx, actor.id, now_millis() - FEED_PAST_MS)
            .await?;
    Ok((actor, events))
}
