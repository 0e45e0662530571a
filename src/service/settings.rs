//! Node settings an admin may change at run time; each falls back to the configuration.

use crate::{
    app::AppState,
    domain::registration::RegistrationMode,
    error::{AppError, AppResult},
    service::accounts::require_admin,
    storage::{self, accounts::AccountRow},
};

const REGISTRATION: &str = "registration";

pub async fn registration_mode(state: &AppState) -> AppResult<RegistrationMode> {
    let mut tx = state.db.read().await?;
    let stored = storage::settings::get(&mut tx, REGISTRATION).await?;
    Ok(stored
        .as_deref()
        .and_then(RegistrationMode::parse)
        .unwrap_or(state.settings.registration))
}

pub async fn set_registration_mode(
    state: &AppState,
    admin: &AccountRow,
    mode: RegistrationMode,
) -> AppResult<()> {
    require_admin(admin)
        .map_err(|_| AppError::forbidden("only admins change how people register"))?;
    let mut tx = state.db.begin().await?;
    storage::settings::set(&mut tx, REGISTRATION, mode.as_str()).await?;
    tx.commit().await?;
    Ok(())
}
