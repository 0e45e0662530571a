//! Proving who you are: argon2id password hashes, API tokens (JSON API) and browser sessions
//! (web pages). Only hashes of tokens and session secrets are stored.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{
    app::AppState,
    error::{AppError, AppResult},
    storage::{self, accounts::AccountRow, actors::ActorRow},
};

pub const MIN_PASSWORD_CHARS: usize = 8;
const MAX_PASSWORD_CHARS: usize = 1024;
/// How long a browser session lasts.
pub const SESSION_DAYS: i64 = 30;

/// A random secret (token, session, invite code): 32 bytes as hex.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What we store of a secret.
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn check_password(password: &str) -> AppResult<()> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(AppError::Unprocessable(
            "weak_password",
            format!("the password needs at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(AppError::bad_request("the password is too long"));
    }
    Ok(())
}

/// argon2id with a random salt, off the async threads (it is slow on purpose).
pub async fn hash_password(password: &str) -> AppResult<String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
    .map_err(|e| AppError::Internal(anyhow::anyhow!("hashing failed: {e}")))
}

pub async fn password_matches(password: &str, hash: &str) -> bool {
    let password = password.to_string();
    let hash = hash.to_string();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// The account of `username` if `password` is right and the account may log in.
pub async fn check_credentials(
    state: &AppState,
    username: &str,
    password: &str,
) -> AppResult<AccountRow> {
    // Counted before the password is checked: guessing costs the same, right or wrong.
    state.limits.check_login(username)?;
    let refused =
        || AppError::Unauthorized("invalid_credentials", "wrong username or password".into());
    let account = {
        let mut tx = state.db.read().await?;
        storage::accounts::by_username(&mut tx, username.trim()).await?
    };
    let Some(account) = account else {
        return Err(refused());
    };
    if !password_matches(password, &account.password_hash).await {
        return Err(refused());
    }
    if !account.approved {
        return Err(AppError::Forbidden(
            "awaiting_approval",
            "an admin has not approved this account yet".into(),
        ));
    }
    refuse_suspended(state, &account).await?;
    Ok(account)
}

/// A suspended account may not log in, nor use its tokens or sessions (403).
async fn refuse_suspended(state: &AppState, account: &AccountRow) -> AppResult<()> {
    let mut tx = state.db.read().await?;
    if let Some(actor) = storage::actors::by_id(&mut tx, account.actor_id).await? {
        crate::service::moderation::refuse_if_suspended(&mut tx, &actor.ap_id).await?;
    }
    Ok(())
}

/// Checks the password and returns a new API token.
pub async fn login(state: &AppState, username: &str, password: &str) -> AppResult<String> {
    let account = check_credentials(state, username, password).await?;
    let token = new_secret();
    let mut tx = state.db.begin().await?;
    storage::accounts::insert_token(&mut tx, &hash_secret(&token), account.id).await?;
    tx.commit().await?;
    Ok(token)
}

/// The account and actor behind an API token.
pub async fn authenticate(
    state: &AppState,
    token: &str,
) -> AppResult<Option<(AccountRow, ActorRow)>> {
    let mut tx = state.db.read().await?;
    let Some(account) = storage::accounts::by_token(&mut tx, &hash_secret(token)).await? else {
        return Ok(None);
    };
    let actor = storage::actors::by_id(&mut tx, account.actor_id)
        .await?
        .ok_or_else(|| AppError::unauthorized("the account no longer exists"))?;
    crate::service::moderation::refuse_if_suspended(&mut tx, &actor.ap_id).await?;
    Ok(Some((account, actor)))
}

/// Opens a browser session; returns the secret for the cookie.
pub async fn start_session(state: &AppState, account: &AccountRow) -> AppResult<String> {
    let secret = new_secret();
    let expires = storage::now_millis() + SESSION_DAYS * 24 * 3_600_000;
    let mut tx = state.db.begin().await?;
    storage::sessions::insert(&mut tx, &hash_secret(&secret), account.id, expires).await?;
    tx.commit().await?;
    Ok(secret)
}

/// The account and actor of a live session.
pub async fn session(state: &AppState, secret: &str) -> AppResult<Option<(AccountRow, ActorRow)>> {
    let mut tx = state.db.read().await?;
    let Some(account_id) = storage::sessions::account_of(&mut tx, &hash_secret(secret)).await?
    else {
        return Ok(None);
    };
    let Some(account) = storage::accounts::by_id(&mut tx, account_id).await? else {
        return Ok(None);
    };
    let Some(actor) = storage::actors::by_id(&mut tx, account.actor_id).await? else {
        return Ok(None);
    };
    if storage::moderation::is_suspended(&mut tx, &actor.ap_id).await? {
        // A suspended member browses as a visitor.
        return Ok(None);
    }
    Ok(Some((account, actor)))
}

pub async fn end_session(state: &AppState, secret: &str) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    storage::sessions::delete(&mut tx, &hash_secret(secret)).await?;
    tx.commit().await?;
    Ok(())
}

/// After a password change: every other session of the account ends.
pub async fn end_other_sessions(
    state: &AppState,
    account: &AccountRow,
    keep_secret: &str,
) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    storage::sessions::delete_others(&mut tx, account.id, &hash_secret(keep_secret)).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("un mot de passe").await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(password_matches("un mot de passe", &hash).await);
        assert!(!password_matches("un autre", &hash).await);
        assert!(!password_matches("x", "not a hash").await);
    }

    #[test]
    fn secrets_are_random_and_hashed() {
        let a = new_secret();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_secret());
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert_ne!(hash_secret(&a), a);
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(check_password("court").is_err());
        assert!(check_password("assez long").is_ok());
    }
}
