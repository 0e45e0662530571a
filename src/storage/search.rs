//! Search candidates per kind, from each database's full-text index (migration 0012 for posts,
//! proposals and events; 0010 for competences): FTS5 `MATCH` ranked by `bm25` on SQLite, the
//! generated `tsvector` with `@@` ranked by `ts_rank` on PostgreSQL. Every query applies the
//! visibility rules in SQL (nothing deleted, removed, drafted, or by a suspended, deleted or
//! silenced author) and the filters. `service::search` then checks, scores and merges.

use super::{on_conn, StorageResult, Tx};
use crate::domain::search::Kind;

/// Filters common to every kind; `None` leaves a filter out.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub group_id: Option<i64>,
    /// `host[:port]`: only items whose ActivityPub id is on that node.
    pub origin: Option<String>,
    /// Unix milliseconds, inclusive.
    pub from: Option<i64>,
    /// Unix milliseconds, exclusive.
    pub to: Option<i64>,
}

/// One candidate, in the same shape whatever its kind.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SearchRow {
    pub id: i64,
    pub ap_id: String,
    pub title: Option<String>,
    /// Sanitized HTML.
    pub body: String,
    /// Other words it is found by: an event's place.
    pub extra: String,
    pub group_username: String,
    pub group_domain: String,
    /// Unix milliseconds: published, proposed, decided, starting or posted.
    pub date: i64,
}

/// An actor whose content may be shown: not deleted, not suspended, its domain not silenced
/// (the same rule as `moderation::POST_VISIBLE`, for any alias).
fn actor_visible(a: &str) -> String {
    format!(
        "{a}.deleted_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM suspended_actors sa WHERE sa.ap_id = {a}.ap_id) \
         AND NOT EXISTS (SELECT 1 FROM silenced_domains sd WHERE {a}.domain = sd.domain \
             OR {a}.domain LIKE '%.' || sd.domain OR {a}.domain LIKE sd.domain || ':%' \
             OR {a}.domain LIKE '%.' || sd.domain || ':%')"
    )
}

/// A proposal neither drafted nor removed (moderation removes its discussion's first post,
/// which has the proposal's id).
const PROPOSAL_SHOWN: &str = "p.state <> 'draft' AND NOT EXISTS (SELECT 1 FROM posts dp \
    WHERE dp.ap_id = p.ap_id AND dp.deleted_at IS NOT NULL)";

/// What differs between kinds: the indexed table (alias, FTS5 table), the columns, the joins,
/// the visibility rule and the columns the filters read.
struct Source {
    table: &'static str,
    alias: &'static str,
    fts: &'static str,
    select: String,
    joins: String,
    visible: String,
    ap_id: &'static str,
    date: &'static str,
}

fn source(kind: Kind) -> Source {
    let group = "g.username AS group_username, g.domain AS group_domain";
    match kind {
        Kind::Post => Source {
            table: "posts",
            alias: "p",
            fts: "posts_fts",
            select: format!(
                "p.id, p.ap_id, p.title, p.content AS body, '' AS extra, {group}, \
                 p.published_at AS date"
            ),
            joins: "JOIN actors a ON a.id = p.author_id JOIN actors g ON g.id = p.group_id".into(),
            // A proposal's first post is the proposal itself: found as a proposal.
            visible: format!(
                "p.deleted_at IS NULL AND {} AND {} \
                 AND NOT EXISTS (SELECT 1 FROM proposals x WHERE x.ap_id = p.ap_id)",
                actor_visible("a"),
                actor_visible("g")
            ),
            ap_id: "p.ap_id",
            date: "p.published_at",
        },
        Kind::Proposal | Kind::Decision => {
            let decision = kind == Kind::Decision;
            Source {
                table: "proposals",
                alias: "p",
                fts: "proposals_fts",
                select: if decision {
                    format!(
                        "v.id, v.ap_id, p.title, p.content AS body, '' AS extra, {group}, \
                         v.closed_at AS date"
                    )
                } else {
                    format!(
                        "p.id, p.ap_id, p.title, p.content AS body, '' AS extra, {group}, \
                         p.created_at AS date"
                    )
                },
                joins: format!(
                    "JOIN processes r ON r.id = p.process_id JOIN actors g ON g.id = r.group_id \
                     JOIN actors a ON a.id = p.author_id{}",
                    if decision {
                        " JOIN votes v ON v.proposal_id = p.id AND v.closed_at IS NOT NULL"
                    } else {
                        ""
                    }
                ),
                visible: format!(
                    "{PROPOSAL_SHOWN} AND {} AND {}",
                    actor_visible("a"),
                    actor_visible("g")
                ),
                ap_id: if decision { "v.ap_id" } else { "p.ap_id" },
                date: if decision {
                    "v.closed_at"
                } else {
                    "p.created_at"
                },
            }
        }
        Kind::Event => Source {
            table: "events",
            alias: "e",
            fts: "events_fts",
            select: format!(
                "e.id, e.ap_id, e.title, e.description AS body, \
                 COALESCE(e.place_name, '') || ' ' || COALESCE(e.place_address, '') AS extra, \
                 {group}, e.starts_at AS date"
            ),
            // Copies of other nodes' events have no creator here; the group speaks for them.
            joins: "JOIN actors g ON g.id = e.group_id LEFT JOIN actors a ON a.id = e.created_by"
                .into(),
            visible: format!(
                "(a.id IS NULL OR ({})) AND {}",
                actor_visible("a"),
                actor_visible("g")
            ),
            ap_id: "e.ap_id",
            date: "e.starts_at",
        },
        Kind::Competence => Source {
            table: "competences",
            alias: "c",
            fts: "competences_fts",
            select: format!(
                "c.id, c.ap_id, c.title, c.description AS body, '' AS extra, {group}, \
                 c.created_at AS date"
            ),
            joins: "JOIN actors a ON a.id = c.author_id JOIN actors g ON g.id = c.group_id".into(),
            visible: format!("{} AND {}", actor_visible("a"), actor_visible("g")),
            ap_id: "c.ap_id",
            date: "c.created_at",
        },
    }
}

/// FTS5 query: each folded word as a prefix, any of them. Our indexes strip accents but keep
/// the ligatures œ and æ as letters, so a word the node spelled out ("oeuvre") is also
/// searched as written ("œuvre").
fn fts5_query(terms: &[String]) -> String {
    let mut words: Vec<String> = Vec::new();
    for t in terms {
        words.push(format!("\"{t}\"*"));
        let ligatures = t.replace("oe", "œ").replace("ae", "æ");
        if ligatures != *t {
            words.push(format!("\"{ligatures}\"*"));
        }
    }
    words.join(" OR ")
}

/// PostgreSQL query: the same words as prefixes, any of them.
fn tsquery(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("{t}:*"))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// At most `cap` candidates of `kind` containing any of `terms`, best first by the database's
/// relevance. `terms` come from `domain::competence::query_terms` (letters and digits only),
/// so no query syntax reaches either engine.
pub async fn candidates(
    tx: &mut Tx,
    kind: Kind,
    terms: &[String],
    filters: &Filters,
    cap: i64,
) -> StorageResult<Vec<SearchRow>> {
    if terms.is_empty() {
        return Ok(vec![]);
    }
    let s = source(kind);
    let filter_sql = format!(
        "AND ($2 IS NULL OR g.id = $2) \
         AND ($3 IS NULL OR {ap} LIKE $3 OR {ap} LIKE $4) \
         AND ($5 IS NULL OR {date} >= $5) AND ($6 IS NULL OR {date} < $6)",
        ap = s.ap_id,
        date = s.date
    );
    let (sql, query) = match tx {
        Tx::Sqlite(_) => (
            format!(
                "SELECT {select} FROM {fts} JOIN {table} {alias} ON {alias}.id = {fts}.rowid \
                 {joins} WHERE {fts} MATCH $1 AND {visible} {filter_sql} \
                 ORDER BY bm25({fts}) LIMIT $7",
                select = s.select,
                fts = s.fts,
                table = s.table,
                alias = s.alias,
                joins = s.joins,
                visible = s.visible,
            ),
            fts5_query(terms),
        ),
        Tx::Postgres(_) => (
            format!(
                "SELECT {select} FROM {table} {alias} {joins} \
                 WHERE {alias}.search_vector @@ to_tsquery('simple', $1) AND {visible} \
                 {filter_sql} \
                 ORDER BY ts_rank({alias}.search_vector, to_tsquery('simple', $1)) DESC \
                 LIMIT $7",
                select = s.select,
                table = s.table,
                alias = s.alias,
                joins = s.joins,
                visible = s.visible,
            ),
            tsquery(terms),
        ),
    };
    // Host names hold no LIKE wildcard (`service::search` checks the origin's characters).
    let (https, http) = match &filters.origin {
        Some(host) => (
            Some(format!("https://{host}/%")),
            Some(format!("http://{host}/%")),
        ),
        None => (None, None),
    };
    on_conn!(tx, |c| sqlx::query_as::<_, SearchRow>(&sql)
        .bind(&query)
        .bind(filters.group_id)
        .bind(&https)
        .bind(&http)
        .bind(filters.from)
        .bind(filters.to)
        .bind(cap)
        .fetch_all(c)
        .await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_search_every_word_as_a_prefix() {
        let terms = vec!["equipe".to_string(), "oeuvre".to_string()];
        assert_eq!(
            fts5_query(&terms),
            "\"equipe\"* OR \"oeuvre\"* OR \"œuvre\"*"
        );
        assert_eq!(tsquery(&terms), "equipe:* | oeuvre:*");
    }
}
