//! Accounts: creating members (CLI, registration), logging in, API tokens, the instance actor.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{
    app::AppState,
    domain::names::LocalName,
    error::{AppError, AppResult},
    storage::{self, accounts::AccountRow, actors::ActorRow, actors::NewActor},
};

/// The instance actor's name: a dot makes it impossible as a member or group name.
const INSTANCE_ACTOR_NAME: &str = "maillon.instance";

pub const MIN_PASSWORD_CHARS: usize = 8;
const MAX_PASSWORD_CHARS: usize = 1024;

/// An RSA key pair for a new local actor; generated off the async threads (it is slow).
pub async fn generate_keys() -> AppResult<activitypub_federation::http_signatures::Keypair> {
    tokio::task::spawn_blocking(activitypub_federation::http_signatures::generate_actor_keypair)
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(anyhow::anyhow!("key generation failed: {e}")))
}

/// The node's own `Application` actor, created on first start.
pub async fn ensure_instance_actor(state: &AppState) -> AppResult<ActorRow> {
    let mut tx = state.db.read().await?;
    if let Some(row) =
        storage::actors::local_by_name(&mut tx, INSTANCE_ACTOR_NAME, Some("application")).await?
    {
        return Ok(row);
    }
    drop(tx);
    let keys = generate_keys().await?;
    let urls = &state.urls;
    let id = urls.instance_actor();
    let actor = NewActor {
        ap_id: id.to_string(),
        kind: "application".into(),
        local: true,
        username: INSTANCE_ACTOR_NAME.into(),
        domain: urls.domain(),
        display_name: Some(format!("Maillon {}", urls.domain())),
        summary: None,
        inbox: urls.shared_inbox().to_string(),
        shared_inbox: Some(urls.shared_inbox().to_string()),
        outbox: Some(urls.outbox_of(&id).to_string()),
        followers: None,
        html_url: None,
        public_key_pem: keys.public_key,
        private_key_pem: Some(keys.private_key),
        membership: None,
        manually_approves: true,
    };
    let mut tx = state.db.begin().await?;
    let row = storage::actors::insert_local(&mut tx, &actor).await?;
    tx.commit().await?;
    Ok(row)
}

/// A new local actor (member or group) with its keys and collections.
pub async fn new_local_actor(
    state: &AppState,
    name: &LocalName,
    kind: &str,
    display_name: Option<String>,
    summary: Option<String>,
    membership: Option<crate::domain::membership::MembershipPolicy>,
) -> AppResult<NewActor> {
    let keys = generate_keys().await?;
    let urls = &state.urls;
    let id = if kind == "group" {
        urls.group(name.as_str())
    } else {
        urls.person(name.as_str())
    };
    Ok(NewActor {
        ap_id: id.to_string(),
        kind: kind.into(),
        local: true,
        username: name.to_string(),
        domain: urls.domain(),
        display_name,
        summary,
        inbox: urls.inbox_of(&id).to_string(),
        shared_inbox: Some(urls.shared_inbox().to_string()),
        outbox: Some(urls.outbox_of(&id).to_string()),
        followers: Some(urls.followers_of(&id).to_string()),
        html_url: Some(id.to_string()),
        public_key_pem: keys.public_key,
        private_key_pem: Some(keys.private_key),
        membership: membership.map(|m| m.as_str().to_string()),
        manually_approves: membership.is_some_and(|m| m.manually_approves()),
    })
}

fn check_password(password: &str) -> AppResult<()> {
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

async fn hash_password(password: &str) -> AppResult<String> {
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

async fn password_matches(password: &str, hash: &str) -> bool {
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

/// Creates a member account (argon2id password hash) and its `Person` actor.
pub async fn create_account(
    state: &AppState,
    username: &str,
    password: &str,
    email: Option<&str>,
    is_admin: bool,
) -> AppResult<(AccountRow, ActorRow)> {
    let name = LocalName::parse(username)
        .map_err(|e| AppError::Unprocessable("invalid_username", e.to_string()))?;
    check_password(password)?;
    if let Some(email) = email {
        if !email.contains('@') || email.len() > 254 {
            return Err(AppError::Unprocessable(
                "invalid_email",
                "the email address is not valid".into(),
            ));
        }
    }
    {
        let mut tx = state.db.read().await?;
        if storage::actors::local_by_name(&mut tx, name.as_str(), None)
            .await?
            .is_some()
        {
            return Err(name_taken(&name));
        }
    }
    let hash = hash_password(password).await?;
    let actor = new_local_actor(state, &name, "person", None, None, None).await?;
    let mut tx = state.db.begin().await?;
    let row = match storage::actors::insert_local(&mut tx, &actor).await {
        Err(e) if storage::is_unique_violation(&e) => return Err(name_taken(&name)),
        other => other?,
    };
    let account = storage::accounts::insert(&mut tx, row.id, &hash, email, is_admin).await?;
    tx.commit().await?;
    Ok((account, row))
}

fn name_taken(name: &LocalName) -> AppError {
    AppError::Conflict("name_taken", format!("the name {name} is already taken"))
}

/// Self-service registration, as the node's registration mode allows.
pub async fn register(
    state: &AppState,
    username: &str,
    password: &str,
    email: Option<&str>,
) -> AppResult<(AccountRow, ActorRow)> {
    if !state.settings.registration.allows_self_registration() {
        return Err(AppError::Forbidden(
            "registration_closed",
            "this node does not accept open registrations".into(),
        ));
    }
    create_account(state, username, password, email, false).await
}

fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks the password and returns a new API token (only its hash is stored).
pub async fn login(state: &AppState, username: &str, password: &str) -> AppResult<String> {
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
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut tx = state.db.begin().await?;
    storage::accounts::insert_token(&mut tx, &token_hash(&token), account.id).await?;
    tx.commit().await?;
    Ok(token)
}

/// The account and actor behind an API token.
pub async fn authenticate(
    state: &AppState,
    token: &str,
) -> AppResult<Option<(AccountRow, ActorRow)>> {
    let mut tx = state.db.read().await?;
    let Some(account) = storage::accounts::by_token(&mut tx, &token_hash(token)).await? else {
        return Ok(None);
    };
    let actor = storage::actors::by_id(&mut tx, account.actor_id)
        .await?
        .ok_or_else(|| AppError::unauthorized("the account no longer exists"))?;
    Ok(Some((account, actor)))
}
