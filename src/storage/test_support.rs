//! Test databases: a fresh SQLite file always, and a throw-away PostgreSQL database when
//! `MAILLON_TEST_DATABASE_URL` points at a server. Storage tests run on every backend returned.

use super::Db;
use crate::testing::TempPostgres;

/// Keeps a test database alive; dropping it removes the database.
pub enum Guard {
    Sqlite(tempfile::TempDir),
    Postgres(TempPostgres),
}

/// One migrated, empty database per available backend.
pub async fn test_databases() -> Vec<(Db, Guard)> {
    let mut dbs = Vec::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let db = Db::connect(&url).await.expect("sqlite");
    db.migrate().await.expect("migrate sqlite");
    dbs.push((db, Guard::Sqlite(dir)));
    if let Some(pg) = TempPostgres::from_env().await {
        let db = Db::connect(&pg.url).await.expect("postgres");
        db.migrate().await.expect("migrate postgres");
        dbs.push((db, Guard::Postgres(pg)));
    }
    dbs
}
