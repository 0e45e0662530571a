//! Storage: the only place with SQL.
//!
//! [`Db`] is either a SQLite or a PostgreSQL pool, chosen by the database URL. Every query is
//! written once, in SQL both dialects accept (`$1` placeholders, `ON CONFLICT`, `RETURNING`), and
//! run through [`on_conn!`] on whichever backend is live. Queries are therefore checked at run
//! time only, which is why every storage test runs on both databases.
//!
//! Writes go through a [`Tx`] from [`Db::begin`]: the service layer puts a change, its outbox
//! rows and (for inbound activities) the deduplication row in one transaction.

pub mod accounts;
pub mod activities;
pub mod actors;
pub mod amendments;
pub mod bodies;
pub mod calendar_feeds;
pub mod competences;
pub mod deliveries;
pub mod digests;
pub mod event_federation;
pub mod events;
pub mod follows;
pub mod inbox;
pub mod invites;
pub mod involvement;
pub mod meetings;
pub mod moderation;
pub mod networks;
pub mod notifications;
pub mod photos;
pub mod posts;
pub mod processes;
pub mod search;
pub mod servers;
pub mod sessions;
pub mod settings;
pub mod votes;

// The network dashboard: a group's figures, and those read from other nodes.
pub mod group_stats;

// Welcoming newcomers: the "who we are" page and the onboarding path.
pub mod group_about;
pub mod onboarding;

// The network level: an antenna's proposal escalated to a network group.
pub mod escalations;

// The aggregator: groups followed by the instance actor, the network calendar.
pub mod aggregation;

use std::{str::FromStr, time::Duration};

use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    Connection, PgPool, Postgres, Sqlite, SqlitePool, Transaction,
};

/// Runs `$body` with `$c` bound to the live connection of a [`Tx`]; the body is compiled once
/// per backend, so it must use only what both support.
/// `$first, $first+1, ...` for an `IN (...)` list of `n` values.
pub fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[macro_export]
macro_rules! on_conn {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::storage::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::storage::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}
pub use on_conn;

pub type StorageResult<T> = Result<T, sqlx::Error>;

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Db {
    /// Connects to `sqlite://PATH` (creating the file and its folder) or `postgres://...`.
    ///
    /// A connection still inside a transaction when it is handed out again is closed instead:
    /// when a `COMMIT` fails (SQLite's disk full, a PostgreSQL server going away), the database
    /// has rolled back by itself, the driver's `ROLLBACK` then fails and it keeps believing a
    /// transaction is open, so every later `BEGIN` on that connection would fail. (The pool
    /// pings a connection before this check, and the ping waits behind any queued rollback.)
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: an activity we acknowledged to a peer must survive a power cut.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            if let Some(parent) = options.get_filename().parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent)?;
                }
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .before_acquire(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(pool))
        } else {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .before_acquire(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
                .connect_with(options)
                .await?;
            Ok(Db::Postgres(pool))
        }
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// A transaction that may write. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`), so two writers queue on `busy_timeout` instead of failing on upgrade.
    pub async fn begin(&self) -> StorageResult<Tx> {
        self.open(true).await
    }

    /// A transaction for reading only.
    pub async fn read(&self) -> StorageResult<Tx> {
        self.open(false).await
    }

    /// Opens a transaction in a task of its own. A caller that goes away while `BEGIN` waits
    /// (a peer hanging up while SQLite's write lock is busy) would otherwise leave the
    /// connection inside a transaction nobody owns: it keeps the write lock and poisons the
    /// pool. Spawned, the `BEGIN` completes, and a transaction no one awaits any more is
    /// dropped, which rolls it back.
    async fn open(&self, write: bool) -> StorageResult<Tx> {
        let db = self.clone();
        tokio::spawn(async move {
            Ok(match (&db, write) {
                (Db::Sqlite(pool), true) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
                (Db::Sqlite(pool), false) => Tx::Sqlite(pool.begin().await?),
                (Db::Postgres(pool), _) => Tx::Postgres(pool.begin().await?),
            })
        })
        .await
        .map_err(|e| sqlx::Error::Protocol(format!("the task opening a transaction failed: {e}")))?
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> StorageResult<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await,
            Tx::Postgres(t) => t.commit().await,
        }
    }
}

/// Current time in Unix milliseconds, the unit of every `*_at` column.
pub fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Whether a database error is a unique-constraint violation (a duplicate).
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(e) if e.is_unique_violation())
}

#[cfg(test)]
pub mod test_support;
#[cfg(test)]
mod tests;
