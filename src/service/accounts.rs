//! Accounts: creating members (CLI, registration in every mode), approving them, passwords,
//! profiles, deleting an account (federated `Delete`), and the instance actor. Logging in and
//! sessions are in `service::auth`.

use crate::{
    app::AppState,
    domain::{names::LocalName, registration::RegistrationMode},
    error::{AppError, AppResult},
    federation::{objects::actor::ApActor, outbox, FedData},
    service::{auth, settings},
    storage::{
        self, accounts::AccountRow, accounts::NewAccount, actors::ActorRow, actors::NewActor,
    },
};

/// The instance actor's name: a dot makes it impossible as a member or group name.
const INSTANCE_ACTOR_NAME: &str = "maillon.instance";

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
        rules: None,
        network: false,
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
        rules: None,
        network: false,
    })
}

/// What a person fills in to open an account.
#[derive(Default)]
pub struct Registration<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub email: Option<&'a str>,
    /// In approval mode: a few words to the admins.
    pub application: Option<&'a str>,
    /// In invite mode: the code of the invite link.
    pub invite: Option<&'a str>,
}

/// Creates a member account (argon2id password hash) and its `Person` actor, approved at once
/// (the CLI and admins).
pub async fn create_account(
    state: &AppState,
    username: &str,
    password: &str,
    email: Option<&str>,
    is_admin: bool,
) -> AppResult<(AccountRow, ActorRow)> {
    let registration = Registration {
        username,
        password,
        email,
        ..Default::default()
    };
    insert_account(state, &registration, is_admin, true, None).await
}

/// Self-service registration, as the node's registration mode allows: open accounts are
/// active at once, approval accounts wait for an admin, invite accounts spend their invite.
pub async fn register(
    state: &AppState,
    registration: &Registration<'_>,
) -> AppResult<(AccountRow, ActorRow)> {
    match settings::registration_mode(state).await? {
        RegistrationMode::Open => insert_account(state, registration, false, true, None).await,
        RegistrationMode::Approval => insert_account(state, registration, false, false, None).await,
        RegistrationMode::Invite => {
            let code = registration
                .invite
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .ok_or_else(|| {
                    AppError::Forbidden(
                        "invite_required",
                        "this node registers people by invitation only".into(),
                    )
                })?;
            insert_account(
                state,
                registration,
                false,
                true,
                Some(auth::hash_secret(code)),
            )
            .await
        }
        RegistrationMode::Closed => Err(AppError::Forbidden(
            "registration_closed",
            "this node does not accept registrations".into(),
        )),
    }
}

async fn insert_account(
    state: &AppState,
    registration: &Registration<'_>,
    is_admin: bool,
    approved: bool,
    invite_hash: Option<String>,
) -> AppResult<(AccountRow, ActorRow)> {
    let name = LocalName::parse(registration.username)
        .map_err(|e| AppError::Unprocessable("invalid_username", e.to_string()))?;
    auth::check_password(registration.password)?;
    let email = registration.email.map(str::trim).filter(|e| !e.is_empty());
    if let Some(email) = email {
        if !email.contains('@') || email.len() > 254 {
            return Err(AppError::Unprocessable(
                "invalid_email",
                "the email address is not valid".into(),
            ));
        }
    }
    let application = registration
        .application
        .map(str::trim)
        .filter(|a| !a.is_empty());
    if application.is_some_and(|a| a.chars().count() > 2000) {
        return Err(AppError::Unprocessable(
            "invalid_application",
            "the message is too long".into(),
        ));
    }
    {
        let mut tx = state.db.read().await?;
        if storage::actors::local_by_name(&mut tx, name.as_str(), None)
            .await?
            .is_some()
        {
            return Err(name_taken(&name));
        }
        if let Some(hash) = &invite_hash {
            if !storage::invites::is_valid(&mut tx, hash).await? {
                return Err(invalid_invite());
            }
        }
    }
    let hash = auth::hash_password(registration.password).await?;
    let actor = new_local_actor(state, &name, "person", None, None, None).await?;
    let mut tx = state.db.begin().await?;
    let row = match storage::actors::insert_local(&mut tx, &actor).await {
        Err(e) if storage::is_unique_violation(&e) => return Err(name_taken(&name)),
        other => other?,
    };
    let account = storage::accounts::insert(
        &mut tx,
        &NewAccount {
            actor_id: row.id,
            password_hash: &hash,
            email,
            is_admin,
            approved,
            application,
        },
    )
    .await?;
    if let Some(hash) = &invite_hash {
        // Spent in the same transaction: one invite makes one account, even under a race.
        if !storage::invites::redeem(&mut tx, hash, account.id).await? {
            return Err(invalid_invite());
        }
    }
    tx.commit().await?;
    Ok((account, row))
}

fn name_taken(name: &LocalName) -> AppError {
    AppError::Conflict("name_taken", format!("the name {name} is already taken"))
}

fn invalid_invite() -> AppError {
    AppError::Forbidden(
        "invalid_invite",
        "this invite link is unknown, used or expired".into(),
    )
}

/// An admin approves a registration made in approval mode.
pub async fn approve(state: &AppState, admin: &AccountRow, account_id: i64) -> AppResult<()> {
    require_admin(admin)?;
    let mut tx = state.db.begin().await?;
    if !storage::accounts::approve(&mut tx, account_id).await? {
        return Err(AppError::not_found(
            "no registration waits with this number",
        ));
    }
    tx.commit().await?;
    Ok(())
}

/// An admin creates an invite link's code, valid for a week.
pub async fn create_invite(state: &AppState, admin: &AccountRow) -> AppResult<String> {
    require_admin(admin)?;
    let code = auth::new_secret();
    let mut tx = state.db.begin().await?;
    let week = 7 * 24 * 3_600_000;
    storage::invites::insert(
        &mut tx,
        &auth::hash_secret(&code),
        admin.id,
        storage::now_millis() + week,
    )
    .await?;
    tx.commit().await?;
    Ok(code)
}

pub fn require_admin(account: &AccountRow) -> AppResult<()> {
    if account.is_admin {
        Ok(())
    } else {
        Err(AppError::forbidden("only admins may do this"))
    }
}

/// The member changes their password, proving the current one.
pub async fn change_password(
    state: &AppState,
    account: &AccountRow,
    current: &str,
    new: &str,
) -> AppResult<()> {
    if !auth::password_matches(current, &account.password_hash).await {
        return Err(AppError::Unprocessable(
            "wrong_password",
            "the current password is not right".into(),
        ));
    }
    auth::check_password(new)?;
    let hash = auth::hash_password(new).await?;
    let mut tx = state.db.begin().await?;
    storage::accounts::set_password(&mut tx, account.id, &hash).await?;
    tx.commit().await?;
    Ok(())
}

/// Remote inboxes that know a member: the servers of what they follow and of their followers.
async fn audience_of(tx: &mut storage::Tx, actor: &ActorRow) -> AppResult<Vec<String>> {
    let mut inboxes = storage::follows::remote_follower_inboxes(tx, actor.id).await?;
    for followed in storage::follows::following(tx, actor.id).await? {
        if followed.local {
            continue;
        }
        if let Some(row) = storage::actors::by_id(tx, followed.actor_id).await? {
            inboxes.push(row.delivery_inbox().to_string());
        }
    }
    inboxes.sort();
    inboxes.dedup();
    Ok(inboxes)
}

/// The member edits their display name and bio (Markdown); the servers that know them get an
/// `Update` of the actor.
pub async fn update_profile(
    data: &FedData,
    actor: &ActorRow,
    display_name: &str,
    bio: &str,
) -> AppResult<ActorRow> {
    let display_name = display_name.trim();
    if display_name.chars().count() > 100 {
        return Err(AppError::Unprocessable(
            "invalid_display_name",
            "the name has more than 100 characters".into(),
        ));
    }
    let bio = bio.trim();
    if bio.chars().count() > 5000 {
        return Err(AppError::Unprocessable(
            "invalid_bio",
            "the presentation has more than 5000 characters".into(),
        ));
    }
    let display_name = (!display_name.is_empty()).then_some(display_name);
    let summary = (!bio.is_empty()).then(|| crate::domain::content::markdown_to_safe_html(bio));
    let mut tx = data.db.begin().await?;
    storage::actors::update_profile(&mut tx, actor.id, display_name, summary.as_deref()).await?;
    let updated = storage::actors::by_id(&mut tx, actor.id)
        .await?
        .ok_or_else(|| AppError::not_found("the account is gone"))?;
    let json = ApActor::new(updated.clone())?.into_json_value(data).await?;
    let activity = outbox::update_actor(&data.urls, &updated, json);
    let inboxes = audience_of(&mut tx, &updated).await?;
    let queued = outbox::publish(&mut tx, data, &updated, activity, inboxes).await?;
    crate::service::commit(data, tx, queued).await?;
    Ok(updated)
}

/// The member deletes their account, proving their password: they leave every group, the
/// servers that know them get a `Delete` of the actor, and the name stays reserved.
pub async fn delete_account(
    data: &FedData,
    account: &AccountRow,
    actor: &ActorRow,
    password: &str,
) -> AppResult<()> {
    if !auth::password_matches(password, &account.password_hash).await {
        return Err(AppError::Unprocessable(
            "wrong_password",
            "the password is not right".into(),
        ));
    }
    let mut tx = data.db.begin().await?;
    let inboxes = audience_of(&mut tx, actor).await?;
    let activity = outbox::delete_actor(&data.urls, actor);
    // The actor row stays (marked deleted, keys kept) so the Delete can still be signed.
    let queued = outbox::publish(&mut tx, data, actor, activity, inboxes).await?;
    storage::follows::delete_all_of(&mut tx, actor.id).await?;
    storage::actors::mark_deleted(&mut tx, actor.id).await?;
    storage::accounts::delete(&mut tx, account.id).await?;
    crate::service::commit(data, tx, queued).await
}
