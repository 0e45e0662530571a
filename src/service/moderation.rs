//! Node-level moderation: blocking and silencing domains, suspending accounts (local or
//! remote), removing posts, and reports (made by members, or received as `Flag`).
//!
//! - **Block** a domain: nothing it sends is accepted, nothing is delivered to it.
//! - **Silence** a domain: its actors' follows of our actors wait for a moderator (an invitation
//!   still admits), and their posts and replies are *held*: stored, but shown in no listing,
//!   page or API answer, and never relayed by our groups, while the silence lasts. Lifting it
//!   shows them again (they were never relayed: other servers do not get them afterwards).
//! - **Suspend** an actor: a local account can no longer log in or use its tokens or sessions,
//!   its actor document answers 410 Gone, and its posts are hidden; a remote actor's
//!   activities are refused with 403 at the inbox and its posts hidden. Unsuspending restores
//!   all of it (nothing was deleted).
//! - **Remove** a post (admins, and the moderators of the post's group): it is deleted here;
//!   a local post's `Delete` goes out as if its author had deleted it; a remote post in one of
//!   our groups is removed by a moderator's `Delete` that the group announces to its followers.
//! - **Reports** from members (`POST /api/v1/reports`, the Report page) and from servers
//!   (`Flag`) are listed for admins, who resolve them with a note and may forward a report
//!   about a remote post to its server as a `Flag` by our instance actor.

use serde_json::{json, Value};
use url::Url;

use super::{begin, commit, Origin};
use crate::{
    app::AppState,
    domain::names::Handle,
    error::{AppError, AppResult},
    federation::{context::PUBLIC, outbox, FedData},
    service::accounts::require_admin,
    storage::{
        self,
        accounts::AccountRow,
        actors::ActorRow,
        moderation::{NewReport, ReportRow},
        posts::PostRow,
        Tx,
    },
};

/// A domain as admins type it: `evil.example`, maybe with a port; no scheme, no path.
pub fn parse_domain(raw: &str) -> AppResult<String> {
    let domain = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    let valid = !domain.is_empty()
        && domain.len() <= 253
        && domain.contains(|c: char| c.is_ascii_alphanumeric())
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        && !domain.starts_with(['.', '-', ':']);
    if valid {
        Ok(domain)
    } else {
        Err(AppError::Unprocessable(
            "invalid_domain",
            format!("{raw:?} is not a domain name like evil.example"),
        ))
    }
}

/// Who asks for a node-wide moderation action: an admin through the web or the API, or
/// whoever runs `maillon admin` on the server.
#[derive(Clone, Copy)]
pub enum Authority<'a> {
    Admin(&'a AccountRow),
    Console,
}

impl Authority<'_> {
    fn check(&self) -> AppResult<()> {
        match self {
            Authority::Admin(account) => require_admin(account),
            Authority::Console => Ok(()),
        }
    }
}

/// What an admin decided about a domain.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DomainPolicy {
    /// Refuse everything from it, deliver nothing to it.
    Block,
    /// Follows wait for a moderator; posts are held.
    Silence,
}

impl DomainPolicy {
    pub fn parse(raw: &str) -> Option<DomainPolicy> {
        match raw {
            "block" => Some(DomainPolicy::Block),
            "silence" => Some(DomainPolicy::Silence),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            DomainPolicy::Block => "block",
            DomainPolicy::Silence => "silence",
        }
    }
}

/// A domain rule as the admin page and the API list it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct DomainRule {
    pub domain: String,
    pub policy: DomainPolicy,
    pub reason: Option<String>,
}

fn own_domain_check(state: &AppState, domain: &str) -> AppResult<()> {
    if domain == state.urls.domain() {
        return Err(AppError::Unprocessable(
            "own_domain",
            "a node cannot block or silence itself".into(),
        ));
    }
    Ok(())
}

pub async fn block_domain(
    state: &AppState,
    admin: &AccountRow,
    domain: &str,
    reason: Option<&str>,
) -> AppResult<()> {
    set_domain_policy(
        state,
        Authority::Admin(admin),
        domain,
        DomainPolicy::Block,
        reason,
    )
    .await
}

/// Blocks or silences a domain (a domain has at most one rule: setting one lifts the other).
pub async fn set_domain_policy(
    state: &AppState,
    by: Authority<'_>,
    domain: &str,
    policy: DomainPolicy,
    reason: Option<&str>,
) -> AppResult<()> {
    by.check()?;
    let domain = parse_domain(domain)?;
    own_domain_check(state, &domain)?;
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let mut tx = state.db.begin().await?;
    match policy {
        DomainPolicy::Block => {
            storage::moderation::unsilence_domain(&mut tx, &domain).await?;
            storage::servers::block_domain(&mut tx, &domain, reason).await?;
        }
        DomainPolicy::Silence => {
            storage::servers::unblock_domain(&mut tx, &domain).await?;
            storage::moderation::silence_domain(&mut tx, &domain, reason).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Lifts the block or silence of a domain; 404 when it had neither.
pub async fn lift_domain_policy(
    state: &AppState,
    by: Authority<'_>,
    domain: &str,
) -> AppResult<()> {
    by.check()?;
    let domain = parse_domain(domain)?;
    let mut tx = state.db.begin().await?;
    let unblocked = storage::servers::unblock_domain(&mut tx, &domain).await?;
    let unsilenced = storage::moderation::unsilence_domain(&mut tx, &domain).await?;
    if !unblocked && !unsilenced {
        return Err(AppError::NotFound(format!(
            "{domain} is neither blocked nor silenced"
        )));
    }
    tx.commit().await?;
    Ok(())
}

/// Every blocked and silenced domain, by domain.
pub async fn domain_rules(state: &AppState) -> AppResult<Vec<DomainRule>> {
    let mut tx = state.db.read().await?;
    let mut rules: Vec<DomainRule> = storage::servers::blocked_domains(&mut tx)
        .await?
        .into_iter()
        .map(|(domain, reason)| DomainRule {
            domain,
            policy: DomainPolicy::Block,
            reason,
        })
        .collect();
    rules.extend(
        storage::moderation::silenced_domains(&mut tx)
            .await?
            .into_iter()
            .map(|(domain, reason, _)| DomainRule {
                domain,
                policy: DomainPolicy::Silence,
                reason,
            }),
    );
    rules.sort_by(|a, b| a.domain.cmp(&b.domain));
    Ok(rules)
}

/// Whether the actor `ap_id` lives on a silenced domain.
pub async fn is_silenced_actor(tx: &mut Tx, actor: &ActorRow) -> AppResult<bool> {
    if actor.local {
        return Ok(false);
    }
    Ok(storage::moderation::is_silenced(tx, &actor.domain).await?)
}

// --- suspensions ---

/// A suspension as listed: the actor's id, its handle when known here, the reason.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Suspension {
    pub actor: String,
    pub handle: Option<String>,
    pub local: bool,
    pub reason: Option<String>,
    /// Unix milliseconds.
    pub since: i64,
}

/// The actor id an admin names: a local member's name, a handle (`bob@other.example`, which
/// must be known here) or an actor URL (known here or not: a remote actor can be suspended
/// before it ever writes).
async fn suspension_target(
    state: &AppState,
    tx: &mut Tx,
    raw: &str,
) -> AppResult<(String, Option<ActorRow>)> {
    let raw = raw.trim();
    let not_found = || AppError::NotFound(format!("no account {raw} is known here"));
    if raw.starts_with("http://") || raw.starts_with("https://") {
        let url = Url::parse(raw).map_err(|_| AppError::bad_request("invalid actor URL"))?;
        let actor = storage::actors::by_ap_id(tx, url.as_str()).await?;
        if !state.urls.is_local(&url) {
            return Ok((url.to_string(), actor));
        }
        let actor = actor.filter(|a| a.kind == "person").ok_or_else(not_found)?;
        return Ok((actor.ap_id.clone(), Some(actor)));
    }
    let actor = match Handle::parse(raw) {
        Some(handle) if handle.domain == state.urls.domain() => {
            storage::actors::local_by_name(tx, &handle.name, Some("person")).await?
        }
        Some(handle) => {
            storage::actors::remote_by_handle(tx, &handle.name, &handle.domain, None).await?
        }
        None => storage::actors::local_by_name(tx, raw, Some("person")).await?,
    };
    let actor = actor.ok_or_else(not_found)?;
    Ok((actor.ap_id.clone(), Some(actor)))
}

/// Suspends an account or a remote actor. Returns its actor id.
pub async fn suspend(
    state: &AppState,
    by: Authority<'_>,
    target: &str,
    reason: Option<&str>,
) -> AppResult<String> {
    by.check()?;
    let mut tx = state.db.begin().await?;
    let (ap_id, actor) = suspension_target(state, &mut tx, target).await?;
    if let (Authority::Admin(admin), Some(actor)) = (by, &actor) {
        if admin.actor_id == actor.id {
            return Err(AppError::Unprocessable(
                "own_account",
                "you cannot suspend your own account".into(),
            ));
        }
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    storage::moderation::suspend(&mut tx, &ap_id, reason).await?;
    tx.commit().await?;
    Ok(ap_id)
}

/// Lifts a suspension; 404 when the actor was not suspended.
pub async fn unsuspend(state: &AppState, by: Authority<'_>, target: &str) -> AppResult<String> {
    by.check()?;
    let mut tx = state.db.begin().await?;
    let ap_id = match suspension_target(state, &mut tx, target).await {
        Ok((ap_id, _)) => ap_id,
        // A suspended actor is listed by id: accept the id as listed.
        Err(AppError::NotFound(_)) => target.trim().to_string(),
        Err(err) => return Err(err),
    };
    if !storage::moderation::unsuspend(&mut tx, &ap_id).await? {
        return Err(AppError::NotFound(format!(
            "{} is not suspended",
            target.trim()
        )));
    }
    tx.commit().await?;
    Ok(ap_id)
}

pub async fn suspensions(state: &AppState, by: Authority<'_>) -> AppResult<Vec<Suspension>> {
    by.check()?;
    let mut tx = state.db.read().await?;
    let mut out = Vec::new();
    for (ap_id, reason, since) in storage::moderation::suspended(&mut tx).await? {
        let actor = storage::actors::by_ap_id(&mut tx, &ap_id).await?;
        out.push(Suspension {
            handle: actor.as_ref().map(|a| a.acct()),
            local: actor.as_ref().is_some_and(|a| a.local),
            actor: ap_id,
            reason,
            since,
        });
    }
    Ok(out)
}

/// Whether the actor with this id is suspended.
pub async fn is_suspended(state: &AppState, ap_id: &str) -> AppResult<bool> {
    let mut tx = state.db.read().await?;
    Ok(storage::moderation::is_suspended(&mut tx, ap_id).await?)
}

/// Refuses a suspended local account (login, token, session).
pub async fn refuse_if_suspended(tx: &mut Tx, actor_ap_id: &str) -> AppResult<()> {
    if storage::moderation::is_suspended(tx, actor_ap_id).await? {
        return Err(AppError::Forbidden(
            "account_suspended",
            "this account is suspended".into(),
        ));
    }
    Ok(())
}

// --- removing posts ---

/// Whether `moderator` may remove `post`: an admin anywhere, a group's moderator in a group
/// of ours.
async fn may_remove(
    tx: &mut Tx,
    moderator: &ActorRow,
    is_admin: bool,
    group: Option<&ActorRow>,
) -> AppResult<bool> {
    if is_admin {
        return Ok(true);
    }
    match group {
        Some(group) if group.local => {
            Ok(storage::actors::is_moderator(tx, group.id, moderator.id).await?)
        }
        _ => Ok(false),
    }
}

/// The moderator's `Delete` of a post in a group, as Lemmy's moderators send it (the reason
/// in `summary`); the group announces it to its followers.
fn moderator_delete(
    data: &FedData,
    moderator: &ActorRow,
    post: &PostRow,
    group: &ActorRow,
    reason: Option<&str>,
) -> Value {
    let mut activity = json!({
        "id": data.urls.new_activity("Delete"),
        "type": "Delete",
        "actor": moderator.ap_id,
        "object": post.ap_id,
        "to": [PUBLIC],
        "cc": [group.ap_id],
        "audience": group.ap_id,
    });
    if let Some(reason) = reason {
        activity["summary"] = json!(reason);
    }
    activity
}

/// An admin, or a moderator of the post's group, removes a post.
pub async fn remove_post(
    data: &FedData,
    moderator: &ActorRow,
    account: &AccountRow,
    post_id: i64,
    reason: Option<&str>,
) -> AppResult<()> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let Some(mut tx) = begin(data, Origin::Local).await? else {
        unreachable!("local actions are never duplicates")
    };
    let post = storage::posts::by_id(&mut tx, post_id)
        .await?
        .filter(|p| p.deleted_at.is_none())
        .ok_or_else(|| AppError::not_found("no such post"))?;
    let group = match post.group_id {
        Some(id) => storage::actors::by_id(&mut tx, id).await?,
        None => None,
    };
    if !may_remove(&mut tx, moderator, account.is_admin, group.as_ref()).await? {
        return Err(AppError::forbidden(
            "only admins and the group's moderators may remove a post",
        ));
    }
    let author = storage::actors::by_id(&mut tx, post.author_id)
        .await?
        .ok_or_else(|| AppError::not_found("the post's author is gone"))?;
    storage::moderation::mark_removed(&mut tx, post.id, moderator.id, reason).await?;
    let queued = match (&group, post.local) {
        // Our post: deleted everywhere as its author would delete it.
        (Some(group), true) => {
            let activity = outbox::delete_post(&data.urls, &author, &post.ap_id, Some(group));
            super::posts::distribute(&mut tx, data, &author, group, activity, vec![]).await?
        }
        (None, true) => {
            let activity = outbox::delete_post(&data.urls, &author, &post.ap_id, None);
            outbox::publish(&mut tx, data, &author, activity, vec![]).await?
        }
        // Someone else's post in our group: the group tells its followers it removed it.
        (Some(group), false) if group.local => {
            let activity = moderator_delete(data, moderator, &post, group, reason);
            outbox::publish(&mut tx, data, moderator, activity.clone(), vec![]).await?;
            super::posts::announce(&mut tx, data, group, activity).await?
        }
        // Someone else's post in someone else's group: hidden here only.
        _ => 0,
    };
    commit(data, tx, queued).await
}

// --- reports ---

/// A report as the admin pages and the API show it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Report {
    pub id: i64,
    /// Who reported: a member here, or the actor of the server that sent the `Flag`.
    pub reporter: Option<String>,
    /// `host[:port]` of the server the report came from; absent when made here.
    pub origin: Option<String>,
    /// The reported account.
    pub account: Option<String>,
    /// The reported post, when it is known here.
    pub post_id: Option<i64>,
    pub post_url: Option<String>,
    /// Whether the post was written on this node.
    pub post_local: Option<bool>,
    /// Whether the post has been deleted or removed since.
    pub post_removed: bool,
    /// The post's text (sanitized HTML), while it is there.
    pub post_content: Option<String>,
    /// Every id the report names.
    pub objects: Vec<String>,
    pub comment: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub forwarded_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub resolved_by: Option<String>,
    pub resolution_note: Option<String>,
}

impl From<ReportRow> for Report {
    fn from(row: ReportRow) -> Report {
        Report {
            id: row.id,
            reporter: row.reporter_ap_id,
            origin: row.origin_domain,
            account: row.target_actor_ap_id,
            post_id: row.post_id,
            post_url: row.post_ap_id,
            post_local: row.post_local,
            post_removed: row.post_deleted.unwrap_or(false),
            post_content: row.post_content.filter(|c| !c.is_empty()),
            objects: serde_json::from_str(&row.object_ap_ids).unwrap_or_default(),
            comment: row.comment,
            created_at: row.created_at,
            forwarded_at: row.forwarded_at,
            resolved_at: row.resolved_at,
            resolved_by: row.resolved_by_ap_id,
            resolution_note: row.resolution_note,
        }
    }
}

const MAX_COMMENT_CHARS: usize = 2000;

fn checked_comment(comment: &str) -> AppResult<String> {
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(AppError::Unprocessable(
            "comment_too_long",
            format!("a report's comment has at most {MAX_COMMENT_CHARS} characters"),
        ));
    }
    Ok(comment.to_string())
}

/// A member reports a post they can see.
pub async fn report_post(
    state: &AppState,
    reporter: &ActorRow,
    post_id: i64,
    comment: &str,
) -> AppResult<i64> {
    let comment = checked_comment(comment)?;
    let mut tx = state.db.begin().await?;
    if storage::posts::listing(&mut tx, post_id).await?.is_none() {
        return Err(AppError::not_found("no such post"));
    }
    let post = storage::posts::by_id(&mut tx, post_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such post"))?;
    let author = storage::actors::by_id(&mut tx, post.author_id).await?;
    let author_id = author.map(|a| a.ap_id);
    let objects: Vec<&str> = author_id
        .iter()
        .map(String::as_str)
        .chain([post.ap_id.as_str()])
        .collect();
    let id = storage::moderation::insert_report(
        &mut tx,
        &NewReport {
            flag_ap_id: None,
            reporter_id: Some(reporter.id),
            origin_domain: None,
            target_actor_ap_id: author_id.as_deref(),
            post_id: Some(post.id),
            object_ap_ids: serde_json::to_string(&objects)?,
            comment: &comment,
        },
    )
    .await?
    .ok_or_else(|| AppError::Internal(anyhow::anyhow!("report not stored")))?;
    tx.commit().await?;
    Ok(id)
}

/// A `Flag` from another server: stored when it names an account or a post known here.
pub async fn receive_flag(
    data: &FedData,
    reporter: &ActorRow,
    flag_id: &str,
    objects: &[Url],
    comment: &str,
    origin: Origin<'_>,
) -> AppResult<()> {
    let comment: String = comment.trim().chars().take(MAX_COMMENT_CHARS).collect();
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let mut account = None;
    let mut post = None;
    for object in objects {
        if let Some(found) = storage::posts::by_ap_id(&mut tx, object.as_str()).await? {
            if post.is_none() {
                if account.is_none() {
                    account = storage::actors::by_id(&mut tx, found.author_id)
                        .await?
                        .map(|a| a.ap_id);
                }
                post = Some(found);
            }
        } else if let Some(actor) = storage::actors::by_ap_id(&mut tx, object.as_str()).await? {
            if actor.local || account.is_none() {
                account = Some(actor.ap_id);
            }
        }
    }
    if account.is_none() && post.is_none() {
        tracing::info!(flag = flag_id, "a Flag about nothing known here, ignored");
        return commit(data, tx, 0).await;
    }
    let names: Vec<&str> = objects.iter().map(Url::as_str).collect();
    storage::moderation::insert_report(
        &mut tx,
        &NewReport {
            flag_ap_id: Some(flag_id),
            reporter_id: Some(reporter.id),
            origin_domain: Some(&reporter.domain),
            target_actor_ap_id: account.as_deref(),
            post_id: post.as_ref().map(|p| p.id),
            object_ap_ids: serde_json::to_string(&names)?,
            comment: &comment,
        },
    )
    .await?;
    commit(data, tx, 0).await
}

/// Reports for admins: open (`Some(false)`), resolved (`Some(true)`) or all.
pub async fn reports(
    state: &AppState,
    admin: &AccountRow,
    resolved: Option<bool>,
) -> AppResult<Vec<Report>> {
    require_admin(admin)?;
    let mut tx = state.db.read().await?;
    Ok(storage::moderation::reports(&mut tx, resolved, 200)
        .await?
        .into_iter()
        .map(Report::from)
        .collect())
}

pub async fn report(state: &AppState, admin: &AccountRow, id: i64) -> AppResult<Report> {
    require_admin(admin)?;
    let mut tx = state.db.read().await?;
    storage::moderation::report(&mut tx, id)
        .await?
        .map(Report::from)
        .ok_or_else(|| AppError::not_found("no such report"))
}

/// An admin closes a report, with a note for the other admins.
pub async fn resolve_report(
    state: &AppState,
    admin: &AccountRow,
    admin_actor: &ActorRow,
    id: i64,
    note: Option<&str>,
) -> AppResult<Report> {
    require_admin(admin)?;
    let note = note
        .map(checked_comment)
        .transpose()?
        .filter(|n| !n.is_empty());
    let mut tx = state.db.begin().await?;
    let existing = storage::moderation::report(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such report"))?;
    if existing.resolved_at.is_some() {
        return Err(AppError::Conflict(
            "already_resolved",
            "this report is already resolved".into(),
        ));
    }
    storage::moderation::resolve_report(&mut tx, id, admin_actor.id, note.as_deref()).await?;
    let report = storage::moderation::report(&mut tx, id)
        .await?
        .map(Report::from)
        .expect("just resolved");
    tx.commit().await?;
    Ok(report)
}

/// The `Flag` our instance actor sends to a post's server, as Mastodon sends it: the account
/// and the post as objects, the comment as content, addressed to the account.
pub fn flag(
    data: &FedData,
    instance: &ActorRow,
    account: &str,
    post: &str,
    comment: &str,
) -> Value {
    json!({
        "id": data.urls.new_activity("Flag"),
        "type": "Flag",
        "actor": instance.ap_id,
        "content": comment,
        "object": [account, post],
        "to": [account],
    })
}

/// An admin forwards a member's report about a remote post to the post's server (and to its
/// group's server when that is another one), through the delivery queue.
pub async fn forward_report(data: &FedData, admin: &AccountRow, id: i64) -> AppResult<Report> {
    require_admin(admin)?;
    let instance = super::accounts::ensure_instance_actor(data).await?;
    let Some(mut tx) = begin(data, Origin::Local).await? else {
        unreachable!("local actions are never duplicates")
    };
    let report = storage::moderation::report(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such report"))?;
    if report.origin_domain.is_some() {
        return Err(AppError::Unprocessable(
            "not_forwardable",
            "this report came from another server".into(),
        ));
    }
    if report.forwarded_at.is_some() {
        return Err(AppError::Conflict(
            "already_forwarded",
            "this report was already forwarded".into(),
        ));
    }
    let post = match report.post_id {
        Some(post_id) => storage::posts::by_id(&mut tx, post_id).await?,
        None => None,
    }
    .filter(|p| !p.local)
    .ok_or_else(|| {
        AppError::Unprocessable(
            "not_forwardable",
            "only reports about another server's post can be forwarded".into(),
        )
    })?;
    let author = storage::actors::by_id(&mut tx, post.author_id)
        .await?
        .ok_or_else(|| AppError::not_found("the post's author is gone"))?;
    let mut inboxes = vec![author.delivery_inbox().to_string()];
    if let Some(group_id) = post.group_id {
        if let Some(group) = storage::actors::by_id(&mut tx, group_id).await? {
            if !group.local && group.domain != author.domain {
                inboxes.push(group.delivery_inbox().to_string());
            }
        }
    }
    let activity = flag(data, &instance, &author.ap_id, &post.ap_id, &report.comment);
    let queued = outbox::publish(&mut tx, data, &instance, activity, inboxes).await?;
    storage::moderation::mark_forwarded(&mut tx, id).await?;
    let report = storage::moderation::report(&mut tx, id)
        .await?
        .map(Report::from)
        .expect("just forwarded");
    commit(data, tx, queued).await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::parse_domain;

    #[test]
    fn domains_as_admins_type_them() {
        assert_eq!(parse_domain(" Evil.Example. ").unwrap(), "evil.example");
        assert_eq!(parse_domain("localhost:8002").unwrap(), "localhost:8002");
        assert!(parse_domain("https://evil.example/").is_err());
        assert!(parse_domain("").is_err());
        assert!(parse_domain("a b").is_err());
        assert!(parse_domain(".evil").is_err());
    }
}
