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
pub(super) fn actor_visible(a: &str) -> String {
    format!(
        "{a}.deleted_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM suspended_actors sa WHERE sa.ap_id = {a}.ap_id) \
         AND NOT EXISTS (SELECT 1 FROM silenced_domains sd WHERE {a}.domain = sd.domain \
             OR {a}.domain LIKE '%.' || sd.domain OR {a}.domain LIKE sd.domain || ':%' \
             OR {a}.domain LIKE '%.' || sd.domain || ':%')"
    )
}

/// An item whose discussion thread opens with a post of the same id (proposals, competences)
/// is removed by moderation when that post is.
fn not_removed(alias: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM posts dp WHERE dp.ap_id = {alias}.ap_id \
         AND dp.deleted_at IS NOT NULL)"
    )
}

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
            // The first post of a proposal's or a competence's thread is that proposal or
            // competence itself (same id): found as such, not again as a post.
            visible: format!(
                "p.deleted_at IS NULL AND {} AND {} \
                 AND NOT EXISTS (SELECT 1 FROM proposals x WHERE x.ap_id = p.ap_id) \
                 AND NOT EXISTS (SELECT 1 FROM competences x WHERE x.ap_id = p.ap_id)",
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
                    "p.state <> 'draft' AND {} AND {} AND {}",
                    not_removed("p"),
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
            visible: format!(
                "{} AND {} AND {}",
                not_removed("c"),
                actor_visible("a"),
                actor_visible("g")
            ),
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
    use crate::storage::Db;
    use std::borrow::Cow;

    /// Runs the migrations before 0012 only, as a node upgraded from an older version has.
    async fn migrate_before_search(db: &Db) {
        let mut sqlite = sqlx::migrate!("./migrations/sqlite");
        let mut postgres = sqlx::migrate!("./migrations/postgres");
        for m in [&mut sqlite, &mut postgres] {
            m.migrations = Cow::Owned(
                m.migrations
                    .iter()
                    .filter(|x| x.version < 12)
                    .cloned()
                    .collect(),
            );
        }
        match db {
            Db::Sqlite(pool) => sqlite.run(pool).await.expect("sqlite up to 0011"),
            Db::Postgres(pool) => postgres.run(pool).await.expect("postgres up to 0011"),
        }
    }

    async fn exec(tx: &mut Tx, sql: &str) {
        on_conn!(tx, |c| sqlx::query(sql).execute(c).await.map(|_| ())).expect(sql);
    }

    async fn found(tx: &mut Tx, words: &[&str]) -> usize {
        let terms: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        candidates(tx, Kind::Post, &terms, &Filters::default(), 10)
            .await
            .unwrap()
            .len()
    }

    #[tokio::test]
    async fn the_migration_indexes_rows_written_before_it_and_triggers_follow_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut dbs =
            vec![
                Db::connect(&format!("sqlite://{}", dir.path().join("old.db").display()))
                    .await
                    .unwrap(),
            ];
        let pg = crate::testing::TempPostgres::from_env().await;
        if let Some(pg) = &pg {
            dbs.push(Db::connect(&pg.url).await.unwrap());
        }
        for db in dbs {
            migrate_before_search(&db).await;
            let mut tx = db.begin().await.unwrap();
            exec(
                &mut tx,
                "INSERT INTO actors (ap_id, kind, local, username, domain, inbox, \
                 public_key_pem, fetched_at, created_at) VALUES \
                 ('https://b.example/groups/coop', 'group', FALSE, 'coop', 'b.example', \
                  'https://b.example/inbox', 'k', 0, 0), \
                 ('https://b.example/users/ana', 'person', FALSE, 'ana', 'b.example', \
                  'https://b.example/inbox', 'k', 0, 0)",
            )
            .await;
            exec(
                &mut tx,
                "INSERT INTO posts (ap_id, author_id, group_id, kind, title, content, local, \
                 published_at) SELECT 'https://b.example/posts/1', a.id, g.id, 'page', \
                 'L''ÉQUIPE', '<p>Une <em>Œuvre</em> commune</p>', FALSE, 5 \
                 FROM actors a, actors g WHERE a.username = 'ana' AND g.username = 'coop'",
            )
            .await;
            tx.commit().await.unwrap();
            db.migrate().await.expect("0012 on a database with rows");

            let mut tx = db.begin().await.unwrap();
            assert_eq!(
                found(&mut tx, &["equipe"]).await,
                1,
                "{}",
                db.backend_name()
            );
            assert_eq!(
                found(&mut tx, &["oeuvre"]).await,
                1,
                "{}",
                db.backend_name()
            );
            assert_eq!(found(&mut tx, &["commun"]).await, 1, "prefix");
            assert_eq!(found(&mut tx, &["absent"]).await, 0);
            // An edit replaces the indexed words; a deletion (content emptied) removes them.
            exec(&mut tx, "UPDATE posts SET content = '<p>Autre texte</p>'").await;
            assert_eq!(found(&mut tx, &["oeuvre"]).await, 0);
            assert_eq!(found(&mut tx, &["autre"]).await, 1);
            exec(
                &mut tx,
                "UPDATE posts SET deleted_at = 9, content = '', title = NULL",
            )
            .await;
            assert_eq!(found(&mut tx, &["autre", "equipe"]).await, 0);
            // Filters: origin and dates.
            exec(
                &mut tx,
                "UPDATE posts SET deleted_at = NULL, content = 'texte'",
            )
            .await;
            let terms = vec!["texte".to_string()];
            let with = |origin: &str, from: Option<i64>, to: Option<i64>| Filters {
                origin: Some(origin.to_string()),
                from,
                to,
                ..Filters::default()
            };
            for (filters, expected) in [
                (with("b.example", None, None), 1),
                (with("c.example", None, None), 0),
                (with("b.example", Some(5), Some(6)), 1),
                (with("b.example", Some(6), None), 0),
                (with("b.example", None, Some(5)), 0),
            ] {
                let n = candidates(&mut tx, Kind::Post, &terms, &filters, 10)
                    .await
                    .unwrap()
                    .len();
                assert_eq!(n, expected, "{filters:?} on {}", db.backend_name());
            }
            db.close().await;
        }
        drop(pg);
    }

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
