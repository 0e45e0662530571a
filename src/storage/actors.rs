//! Actors: local members and groups, the instance actor, and cached remote actors.

use super::{now_millis, on_conn, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActorRow {
    pub id: i64,
    pub ap_id: String,
    pub kind: String,
    pub local: bool,
    pub username: String,
    pub domain: String,
    pub display_name: Option<String>,
    pub summary: Option<String>,
    pub inbox: String,
    pub shared_inbox: Option<String>,
    pub outbox: Option<String>,
    pub followers: Option<String>,
    pub html_url: Option<String>,
    pub public_key_pem: String,
    pub private_key_pem: Option<String>,
    pub membership: Option<String>,
    pub manually_approves: bool,
    /// Groups: their rules (sanitized HTML).
    pub rules: Option<String>,
    /// Groups: a network, whose members include groups (antennas).
    pub network: bool,
    pub fetched_at: i64,
    pub created_at: i64,
    pub deleted_at: Option<i64>,
}

impl ActorRow {
    pub fn is_group(&self) -> bool {
        self.kind == "group"
    }

    /// `name@domain`.
    pub fn acct(&self) -> String {
        format!("{}@{}", self.username, self.domain)
    }

    /// Where deliveries to this actor go: its server's shared inbox when it has one.
    pub fn delivery_inbox(&self) -> &str {
        self.shared_inbox.as_deref().unwrap_or(&self.inbox)
    }
}

/// What we know of an actor, local or remote, before it has a row.
#[derive(Debug, Clone)]
pub struct NewActor {
    pub ap_id: String,
    pub kind: String,
    pub local: bool,
    pub username: String,
    pub domain: String,
    pub display_name: Option<String>,
    pub summary: Option<String>,
    pub inbox: String,
    pub shared_inbox: Option<String>,
    pub outbox: Option<String>,
    pub followers: Option<String>,
    pub html_url: Option<String>,
    pub public_key_pem: String,
    pub private_key_pem: Option<String>,
    pub membership: Option<String>,
    pub manually_approves: bool,
    /// Groups: their rules (sanitized HTML).
    pub rules: Option<String>,
    /// Groups: a network, whose members include groups (antennas).
    pub network: bool,
}

const COLUMNS: &str = "id, ap_id, kind, local, username, domain, display_name, summary, inbox, \
    shared_inbox, outbox, followers, html_url, public_key_pem, private_key_pem, membership, \
    manually_approves, rules, network, fetched_at, created_at, deleted_at";

/// The INSERT shared by local and remote actors; `$3` is `local`, `$14` the private key.
const INSERT: &str = "INSERT INTO actors (ap_id, kind, local, username, domain, display_name, \
    summary, inbox, shared_inbox, outbox, followers, html_url, public_key_pem, private_key_pem, \
    membership, manually_approves, rules, network, fetched_at, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $19, $18, $18)";

/// A refresh of a remote actor: everything it says about itself, never a local row.
const REFRESH_REMOTE: &str = "ON CONFLICT (ap_id) DO UPDATE SET kind = excluded.kind, \
    username = excluded.username, display_name = excluded.display_name, \
    summary = excluded.summary, inbox = excluded.inbox, shared_inbox = excluded.shared_inbox, \
    outbox = excluded.outbox, followers = excluded.followers, html_url = excluded.html_url, \
    public_key_pem = excluded.public_key_pem, membership = excluded.membership, \
    manually_approves = excluded.manually_approves, rules = excluded.rules, \
    network = excluded.network, fetched_at = excluded.fetched_at, \
    deleted_at = NULL WHERE actors.local = FALSE";

async fn write(
    tx: &mut Tx,
    actor: &NewActor,
    local: bool,
    conflict: &str,
) -> StorageResult<Option<ActorRow>> {
    let sql = format!("{INSERT} {conflict} RETURNING {COLUMNS}");
    let private_key = if local {
        actor.private_key_pem.as_ref()
    } else {
        None
    };
    on_conn!(tx, |c| {
        sqlx::query_as::<_, ActorRow>(&sql)
            .bind(&actor.ap_id)
            .bind(&actor.kind)
            .bind(local)
            .bind(&actor.username)
            .bind(&actor.domain)
            .bind(&actor.display_name)
            .bind(&actor.summary)
            .bind(&actor.inbox)
            .bind(&actor.shared_inbox)
            .bind(&actor.outbox)
            .bind(&actor.followers)
            .bind(&actor.html_url)
            .bind(&actor.public_key_pem)
            .bind(private_key)
            .bind(&actor.membership)
            .bind(actor.manually_approves)
            .bind(&actor.rules)
            .bind(now_millis())
            .bind(actor.network)
            .fetch_optional(c)
            .await
    })
}

/// Inserts a local actor. Fails with a unique violation when the name is taken.
pub async fn insert_local(tx: &mut Tx, actor: &NewActor) -> StorageResult<ActorRow> {
    write(tx, actor, true, "")
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

/// Inserts or refreshes a remote actor. Never touches a local row: `None` if `ap_id` is ours.
pub async fn upsert_remote(tx: &mut Tx, actor: &NewActor) -> StorageResult<Option<ActorRow>> {
    write(tx, actor, false, REFRESH_REMOTE).await
}

pub async fn by_ap_id(tx: &mut Tx, ap_id: &str) -> StorageResult<Option<ActorRow>> {
    let sql = format!("SELECT {COLUMNS} FROM actors WHERE ap_id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, ActorRow>(&sql)
        .bind(ap_id)
        .fetch_optional(c)
        .await)
}

pub async fn by_id(tx: &mut Tx, id: i64) -> StorageResult<Option<ActorRow>> {
    let sql = format!("SELECT {COLUMNS} FROM actors WHERE id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, ActorRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

/// A local, not deleted actor by name, optionally of one kind.
pub async fn local_by_name(
    tx: &mut Tx,
    username: &str,
    kind: Option<&str>,
) -> StorageResult<Option<ActorRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM actors WHERE local = TRUE AND username = $1 \
         AND deleted_at IS NULL AND ($2 IS NULL OR kind = $2)"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ActorRow>(&sql)
        .bind(username)
        .bind(kind)
        .fetch_optional(c)
        .await)
}

/// A known remote actor by handle parts, preferring the kind asked for.
pub async fn remote_by_handle(
    tx: &mut Tx,
    username: &str,
    domain: &str,
    kind: Option<&str>,
) -> StorageResult<Option<ActorRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM actors WHERE local = FALSE AND username = $1 AND domain = $2 \
         AND deleted_at IS NULL AND ($3 IS NULL OR kind = $3) ORDER BY id LIMIT 1"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ActorRow>(&sql)
        .bind(username)
        .bind(domain)
        .bind(kind)
        .fetch_optional(c)
        .await)
}

/// Local actors of one kind, by name.
pub async fn list_local(tx: &mut Tx, kind: &str) -> StorageResult<Vec<ActorRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM actors WHERE local = TRUE AND kind = $1 AND deleted_at IS NULL \
         ORDER BY username"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ActorRow>(&sql)
        .bind(kind)
        .fetch_all(c)
        .await)
}

/// Marks a remote actor deleted (a `Delete` of the actor, or a 410 on refetch).
pub async fn mark_deleted(tx: &mut Tx, id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE actors SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL"
    )
    .bind(id)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn count_local(tx: &mut Tx, kind: &str) -> StorageResult<i64> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM actors WHERE local = TRUE AND kind = $1 AND deleted_at IS NULL"
    )
    .bind(kind)
    .fetch_one(c)
    .await)
}

pub async fn add_moderator(tx: &mut Tx, group_id: i64, actor_id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO group_moderators (group_id, actor_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING"
    )
    .bind(group_id)
    .bind(actor_id)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn is_moderator(tx: &mut Tx, group_id: i64, actor_id: i64) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM group_moderators WHERE group_id = $1 AND actor_id = $2"
    )
    .bind(group_id)
    .bind(actor_id)
    .fetch_one(c)
    .await
    .map(|n| n > 0))
}

pub async fn moderators(tx: &mut Tx, group_id: i64) -> StorageResult<Vec<ActorRow>> {
    let sql = format!(
        "SELECT {} FROM actors a JOIN group_moderators m ON m.actor_id = a.id \
         WHERE m.group_id = $1 ORDER BY a.username",
        COLUMNS
            .split(", ")
            .map(|col| format!("a.{col}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    on_conn!(tx, |c| sqlx::query_as::<_, ActorRow>(&sql)
        .bind(group_id)
        .fetch_all(c)
        .await)
}

pub async fn invite(
    tx: &mut Tx,
    group_id: i64,
    invitee_ap_id: &str,
    invited_by: i64,
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO group_invitations (group_id, invitee_ap_id, invited_by, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"
    )
    .bind(group_id)
    .bind(invitee_ap_id)
    .bind(invited_by)
    .bind(now_millis())
    .execute(c)
    .await
    .map(|_| ()))
}

pub async fn is_invited(tx: &mut Tx, group_id: i64, invitee_ap_id: &str) -> StorageResult<bool> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM group_invitations WHERE group_id = $1 AND invitee_ap_id = $2"
    )
    .bind(group_id)
    .bind(invitee_ap_id)
    .fetch_one(c)
    .await
    .map(|n| n > 0))
}

/// A local group's description and rules (sanitized HTML).
pub async fn update_group_texts(
    tx: &mut Tx,
    id: i64,
    summary: Option<&str>,
    rules: Option<&str>,
) -> StorageResult<()> {
    on_conn!(tx, |c| {
        sqlx::query(
        "UPDATE actors SET summary = $2, rules = $3 WHERE id = $1 AND local = TRUE AND kind = 'group'"
    )
    .bind(id)
    .bind(summary)
    .bind(rules)
    .execute(c)
    .await
    .map(|_| ())
    })
}

/// A local member's display name and bio (sanitized HTML).
pub async fn update_profile(
    tx: &mut Tx,
    id: i64,
    display_name: Option<&str>,
    summary: Option<&str>,
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "UPDATE actors SET display_name = $2, summary = $3 WHERE id = $1 AND local = TRUE"
    )
    .bind(id)
    .bind(display_name)
    .bind(summary)
    .execute(c)
    .await
    .map(|_| ()))
}
