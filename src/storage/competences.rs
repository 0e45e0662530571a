//! Offers and needs, their skills, members' competence profiles, and the full-text search over
//! offers and needs. The search is the one place with a dialect branch here: FTS5's `bm25` on
//! SQLite, `ts_rank` over the generated `tsvector` column on PostgreSQL (see
//! docs/architecture.md, "Competence search").

use super::{now_millis, on_conn, placeholders, StorageResult, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CompetenceRow {
    pub id: i64,
    pub ap_id: String,
    pub group_id: i64,
    pub author_id: i64,
    pub local: bool,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub description_source: Option<String>,
    pub form: String,
    pub mode: String,
    pub place: Option<String>,
    pub availability: Option<String>,
    pub terms: String,
    pub state: String,
    pub helpful_post_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: Option<i64>,
    pub expires_at: Option<i64>,
}

/// What the author sets; the same shape creates and updates an offer or a need.
#[derive(Debug, Clone)]
pub struct CompetenceFields {
    pub title: String,
    pub description: String,
    pub description_source: Option<String>,
    pub form: String,
    pub mode: String,
    pub place: Option<String>,
    pub availability: Option<String>,
    pub terms: String,
    pub expires_at: Option<i64>,
    /// Folded words the search indexes (title, text, skill labels).
    pub search_text: String,
}

const COLUMNS: &str = "id, ap_id, group_id, author_id, local, kind, title, description, \
    description_source, form, mode, place, availability, terms, state, helpful_post_id, \
    created_at, updated_at, expires_at";

pub async fn insert(
    tx: &mut Tx,
    ap_id: &str,
    group_id: i64,
    author_id: i64,
    local: bool,
    kind: &str,
    f: &CompetenceFields,
) -> StorageResult<CompetenceRow> {
    let sql = format!(
        "INSERT INTO competences (ap_id, group_id, author_id, local, kind, title, description, \
         description_source, form, mode, place, availability, terms, state, search_text, \
         created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
         $13, 'open', $14, $15, $16) RETURNING {COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, CompetenceRow>(&sql)
        .bind(ap_id)
        .bind(group_id)
        .bind(author_id)
        .bind(local)
        .bind(kind)
        .bind(&f.title)
        .bind(&f.description)
        .bind(&f.description_source)
        .bind(&f.form)
        .bind(&f.mode)
        .bind(&f.place)
        .bind(&f.availability)
        .bind(&f.terms)
        .bind(&f.search_text)
        .bind(now_millis())
        .bind(f.expires_at)
        .fetch_one(c)
        .await)
}

pub async fn update(
    tx: &mut Tx,
    id: i64,
    f: &CompetenceFields,
    state: &str,
    helpful_post_id: Option<i64>,
) -> StorageResult<CompetenceRow> {
    let sql = format!(
        "UPDATE competences SET title = $2, description = $3, description_source = $4, \
         form = $5, mode = $6, place = $7, availability = $8, terms = $9, expires_at = $10, \
         search_text = $11, state = $12, helpful_post_id = $13, updated_at = $14 \
         WHERE id = $1 RETURNING {COLUMNS}"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, CompetenceRow>(&sql)
        .bind(id)
        .bind(&f.title)
        .bind(&f.description)
        .bind(&f.description_source)
        .bind(&f.form)
        .bind(&f.mode)
        .bind(&f.place)
        .bind(&f.availability)
        .bind(&f.terms)
        .bind(f.expires_at)
        .bind(&f.search_text)
        .bind(state)
        .bind(helpful_post_id)
        .bind(now_millis())
        .fetch_one(c)
        .await)
}

/// What another node says of one of its offers or needs.
#[derive(Debug, Clone)]
pub struct RemoteCompetence<'a> {
    pub ap_id: &'a str,
    pub group_id: i64,
    pub author_id: i64,
    pub kind: &'a str,
    pub fields: &'a CompetenceFields,
    pub state: &'a str,
    pub helpful_post_id: Option<i64>,
    pub created_at: i64,
}

/// Keeps a copy of another node's offer or need, or refreshes it. `None` when the id is
/// already taken by something else: one of ours, or another author's or group's.
pub async fn upsert_remote(
    tx: &mut Tx,
    r: &RemoteCompetence<'_>,
) -> StorageResult<Option<CompetenceRow>> {
    let sql = format!(
        "INSERT INTO competences (ap_id, group_id, author_id, local, kind, title, description, \
         form, mode, place, availability, terms, state, helpful_post_id, search_text, \
         created_at, expires_at) VALUES ($1, $2, $3, FALSE, $4, $5, $6, $7, $8, $9, $10, $11, \
         $12, $13, $14, $15, $16) \
         ON CONFLICT (ap_id) DO UPDATE SET title = excluded.title, \
         description = excluded.description, form = excluded.form, mode = excluded.mode, \
         place = excluded.place, availability = excluded.availability, terms = excluded.terms, \
         state = excluded.state, helpful_post_id = excluded.helpful_post_id, \
         search_text = excluded.search_text, expires_at = excluded.expires_at, \
         updated_at = $17 \
         WHERE NOT competences.local AND competences.author_id = excluded.author_id \
         AND competences.group_id = excluded.group_id AND competences.kind = excluded.kind \
         RETURNING {COLUMNS}"
    );
    let f = r.fields;
    on_conn!(tx, |c| sqlx::query_as::<_, CompetenceRow>(&sql)
        .bind(r.ap_id)
        .bind(r.group_id)
        .bind(r.author_id)
        .bind(r.kind)
        .bind(&f.title)
        .bind(&f.description)
        .bind(&f.form)
        .bind(&f.mode)
        .bind(&f.place)
        .bind(&f.availability)
        .bind(&f.terms)
        .bind(r.state)
        .bind(r.helpful_post_id)
        .bind(&f.search_text)
        .bind(r.created_at)
        .bind(f.expires_at)
        .bind(now_millis())
        .fetch_optional(c)
        .await)
}

pub async fn by_ap_id(tx: &mut Tx, ap_id: &str) -> StorageResult<Option<CompetenceRow>> {
    let sql = format!("SELECT {COLUMNS} FROM competences WHERE ap_id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, CompetenceRow>(&sql)
        .bind(ap_id)
        .fetch_optional(c)
        .await)
}

/// `(competence id, post id)` of the first posts of the given competences' threads.
pub async fn thread_posts(tx: &mut Tx, ids: &[i64]) -> StorageResult<Vec<(i64, i64)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT competence_id, id FROM posts WHERE competence_id IN ({})",
        placeholders(1, ids.len())
    );
    on_conn!(tx, |c| {
        let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
        for id in ids {
            q = q.bind(id);
        }
        q.fetch_all(c).await
    })
}

pub async fn by_id(tx: &mut Tx, id: i64) -> StorageResult<Option<CompetenceRow>> {
    let sql = format!("SELECT {COLUMNS} FROM competences WHERE id = $1");
    on_conn!(tx, |c| sqlx::query_as::<_, CompetenceRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

/// A group's offers and needs, newest first; `open_only` hides closed, resolved and expired ones.
pub async fn in_group(
    tx: &mut Tx,
    group_id: i64,
    kind: Option<&str>,
    open_only: bool,
    now: i64,
) -> StorageResult<Vec<CompetenceRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM competences WHERE group_id = $1 \
         AND ($2 IS NULL OR kind = $2) \
         AND (NOT $3 OR (state = 'open' AND (expires_at IS NULL OR expires_at > $4))) \
         ORDER BY created_at DESC, id DESC LIMIT 500"
    );
    on_conn!(tx, |c| sqlx::query_as::<_, CompetenceRow>(&sql)
        .bind(group_id)
        .bind(kind)
        .bind(open_only)
        .bind(now)
        .fetch_all(c)
        .await)
}

/// Rows by id, in no particular order.
pub async fn by_ids(tx: &mut Tx, ids: &[i64]) -> StorageResult<Vec<CompetenceRow>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM competences WHERE id IN ({})",
        placeholders(1, ids.len())
    );
    on_conn!(tx, |c| {
        let mut q = sqlx::query_as::<_, CompetenceRow>(&sql);
        for id in ids {
            q = q.bind(id);
        }
        q.fetch_all(c).await
    })
}

pub async fn set_skills(tx: &mut Tx, competence_id: i64, skills: &[String]) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM competence_skills WHERE competence_id = $1"
    )
    .bind(competence_id)
    .execute(&mut *c)
    .await
    .map(|_| ()))?;
    for skill in skills {
        on_conn!(tx, |c| sqlx::query(
            "INSERT INTO competence_skills (competence_id, skill) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING"
        )
        .bind(competence_id)
        .bind(skill)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    Ok(())
}

/// `(competence id, skill)` pairs of the given offers and needs.
pub async fn skills_of(tx: &mut Tx, ids: &[i64]) -> StorageResult<Vec<(i64, String)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT competence_id, skill FROM competence_skills WHERE competence_id IN ({}) \
         ORDER BY competence_id, skill",
        placeholders(1, ids.len())
    );
    on_conn!(tx, |c| {
        let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
        for id in ids {
            q = q.bind(id);
        }
        q.fetch_all(c).await
    })
}

/// Open, unexpired offers or needs (`kind`) that carry at least one of `skills`.
pub async fn open_with_skills(
    tx: &mut Tx,
    kind: &str,
    skills: &[String],
    now: i64,
) -> StorageResult<Vec<i64>> {
    if skills.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT DISTINCT c.id FROM competences c JOIN competence_skills s \
         ON s.competence_id = c.id WHERE c.kind = $1 AND c.state = 'open' \
         AND (c.expires_at IS NULL OR c.expires_at > $2) AND s.skill IN ({}) LIMIT 500",
        placeholders(3, skills.len())
    );
    on_conn!(tx, |c| {
        let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(kind).bind(now);
        for s in skills {
            q = q.bind(s);
        }
        q.fetch_all(c).await
    })
}

/// Open, unexpired offers or needs whose text contains any of `terms` (folded words, each
/// searched as a prefix), with their relevance: larger is better, always above zero.
/// `terms` come from `domain::competence::query_terms`, which keeps letters and digits only,
/// so they cannot carry query syntax into either dialect.
pub async fn text_search(
    tx: &mut Tx,
    kind: &str,
    terms: &[String],
    now: i64,
) -> StorageResult<Vec<(i64, f64)>> {
    if terms.is_empty() {
        return Ok(vec![]);
    }
    match tx {
        Tx::Sqlite(t) => {
            let query = terms
                .iter()
                .map(|t| format!("\"{t}\"*"))
                .collect::<Vec<_>>()
                .join(" OR ");
            // bm25 is negative, more so for better matches.
            sqlx::query_as::<_, (i64, f64)>(
                "SELECT c.id, -bm25(competences_fts) FROM competences_fts \
                 JOIN competences c ON c.id = competences_fts.rowid \
                 WHERE competences_fts MATCH $1 AND c.kind = $2 AND c.state = 'open' \
                 AND (c.expires_at IS NULL OR c.expires_at > $3) LIMIT 500",
            )
            .bind(query)
            .bind(kind)
            .bind(now)
            .fetch_all(&mut **t)
            .await
        }
        Tx::Postgres(t) => {
            let query = terms
                .iter()
                .map(|t| format!("{t}:*"))
                .collect::<Vec<_>>()
                .join(" | ");
            sqlx::query_as::<_, (i64, f64)>(
                "SELECT id, ts_rank(search_vector, to_tsquery('simple', $1))::float8 \
                 FROM competences WHERE search_vector @@ to_tsquery('simple', $1) \
                 AND kind = $2 AND state = 'open' \
                 AND (expires_at IS NULL OR expires_at > $3) LIMIT 500",
            )
            .bind(query)
            .bind(kind)
            .bind(now)
            .fetch_all(&mut **t)
            .await
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProfileRow {
    pub actor_id: i64,
    pub visibility: String,
    pub place: Option<String>,
    pub availability: Option<String>,
    pub updated_at: i64,
}

/// Opts a member in (or changes their profile) with exactly these skills.
pub async fn save_profile(
    tx: &mut Tx,
    actor_id: i64,
    visibility: &str,
    place: Option<&str>,
    availability: Option<&str>,
    skills: &[String],
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "INSERT INTO competence_profiles (actor_id, visibility, place, availability, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (actor_id) DO UPDATE SET \
         visibility = excluded.visibility, place = excluded.place, \
         availability = excluded.availability, updated_at = excluded.updated_at"
    )
    .bind(actor_id)
    .bind(visibility)
    .bind(place)
    .bind(availability)
    .bind(now_millis())
    .execute(&mut *c)
    .await
    .map(|_| ()))?;
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM profile_skills WHERE actor_id = $1"
    )
    .bind(actor_id)
    .execute(c)
    .await
    .map(|_| ()))?;
    for skill in skills {
        on_conn!(tx, |c| sqlx::query(
            "INSERT INTO profile_skills (actor_id, skill) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        )
        .bind(actor_id)
        .bind(skill)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    Ok(())
}

/// Opts a member out: their profile and its skills go.
pub async fn delete_profile(tx: &mut Tx, actor_id: i64) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM competence_profiles WHERE actor_id = $1"
    )
    .bind(actor_id)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn profile(tx: &mut Tx, actor_id: i64) -> StorageResult<Option<ProfileRow>> {
    on_conn!(tx, |c| sqlx::query_as::<_, ProfileRow>(
        "SELECT actor_id, visibility, place, availability, updated_at \
         FROM competence_profiles WHERE actor_id = $1"
    )
    .bind(actor_id)
    .fetch_optional(c)
    .await)
}

pub async fn profile_skills(tx: &mut Tx, actor_id: i64) -> StorageResult<Vec<String>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, String>(
        "SELECT skill FROM profile_skills WHERE actor_id = $1 ORDER BY skill"
    )
    .bind(actor_id)
    .fetch_all(c)
    .await)
}

/// Profiles with at least one of `skills` (every profile when `skills` is empty), of members
/// of `group_id` when given (accepted followers or moderators), of actors not deleted.
pub async fn profiles_with_skills(
    tx: &mut Tx,
    skills: &[String],
    group_id: Option<i64>,
) -> StorageResult<Vec<ProfileRow>> {
    let skill_filter = if skills.is_empty() {
        String::new()
    } else {
        format!(
            "AND p.actor_id IN (SELECT actor_id FROM profile_skills WHERE skill IN ({}))",
            placeholders(2, skills.len())
        )
    };
    let sql = format!(
        "SELECT p.actor_id, p.visibility, p.place, p.availability, p.updated_at \
         FROM competence_profiles p JOIN actors a ON a.id = p.actor_id \
         WHERE a.deleted_at IS NULL {skill_filter} \
         AND ($1 IS NULL OR p.actor_id IN ( \
             SELECT follower_id FROM follows WHERE followed_id = $1 AND state = 'accepted' \
             UNION SELECT actor_id FROM group_moderators WHERE group_id = $1 \
             UNION SELECT actor_id FROM competence_profile_groups WHERE group_id = $1)) \
         ORDER BY p.updated_at DESC LIMIT 500"
    );
    on_conn!(tx, |c| {
        let mut q = sqlx::query_as::<_, ProfileRow>(&sql).bind(group_id);
        for s in skills {
            q = q.bind(s);
        }
        q.fetch_all(c).await
    })
}

/// `(actor id, skill)` pairs of the given profiles.
pub async fn skills_of_profiles(
    tx: &mut Tx,
    actor_ids: &[i64],
) -> StorageResult<Vec<(i64, String)>> {
    if actor_ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT actor_id, skill FROM profile_skills WHERE actor_id IN ({}) ORDER BY actor_id, skill",
        placeholders(1, actor_ids.len())
    );
    on_conn!(tx, |c| {
        let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
        for id in actor_ids {
            q = q.bind(id);
        }
        q.fetch_all(c).await
    })
}

/// The members (`actor_ids`) who share at least one group with `viewer`: both accepted
/// followers or moderators of it.
pub async fn sharing_a_group(
    tx: &mut Tx,
    viewer: i64,
    actor_ids: &[i64],
) -> StorageResult<Vec<i64>> {
    if actor_ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "WITH memberships (actor_id, group_id) AS ( \
             SELECT follower_id, followed_id FROM follows WHERE state = 'accepted' \
             UNION SELECT actor_id, group_id FROM group_moderators) \
         SELECT DISTINCT other.actor_id FROM memberships mine \
         JOIN memberships other ON other.group_id = mine.group_id \
         WHERE mine.actor_id = $1 AND other.actor_id IN ({})",
        placeholders(2, actor_ids.len())
    );
    on_conn!(tx, |c| {
        let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(viewer);
        for id in actor_ids {
            q = q.bind(id);
        }
        q.fetch_all(c).await
    })
}

/// The groups of this node `actor_id` belongs to (accepted member or moderator).
pub async fn local_groups_of(tx: &mut Tx, actor_id: i64) -> StorageResult<Vec<i64>> {
    on_conn!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT f.followed_id FROM follows f JOIN actors g ON g.id = f.followed_id \
         WHERE f.follower_id = $1 AND f.state = 'accepted' AND g.local AND g.kind = 'group' \
         UNION SELECT group_id FROM group_moderators WHERE actor_id = $1"
    )
    .bind(actor_id)
    .fetch_all(c)
    .await)
}

/// Records the groups that relayed a profile of another node's member (replacing the list).
pub async fn set_profile_groups(
    tx: &mut Tx,
    actor_id: i64,
    group_ids: &[i64],
) -> StorageResult<()> {
    on_conn!(tx, |c| sqlx::query(
        "DELETE FROM competence_profile_groups WHERE actor_id = $1"
    )
    .bind(actor_id)
    .execute(c)
    .await
    .map(|_| ()))?;
    for group_id in group_ids {
        on_conn!(tx, |c| sqlx::query(
            "INSERT INTO competence_profile_groups (actor_id, group_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING"
        )
        .bind(actor_id)
        .bind(group_id)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    Ok(())
}
