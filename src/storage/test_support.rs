//! Test databases: a fresh SQLite file always, and a throw-away PostgreSQL database when
//! `MAILLON_TEST_DATABASE_URL` points at a server. Storage tests run on every backend returned.

use super::Db;

/// One migrated, empty database per available backend.
pub async fn test_databases() -> Vec<(Db, Option<tempfile::TempDir>)> {
    let mut dbs = Vec::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let db = Db::connect(&url).await.expect("sqlite");
    db.migrate().await.expect("migrate sqlite");
    dbs.push((db, Some(dir)));
    if let Some(url) = fresh_postgres_database().await {
        let db = Db::connect(&url).await.expect("postgres");
        db.migrate().await.expect("migrate postgres");
        dbs.push((db, None));
    }
    dbs
}

/// Creates an empty database on the server named by `MAILLON_TEST_DATABASE_URL` and returns
/// its URL; `None` when the variable is unset.
pub async fn fresh_postgres_database() -> Option<String> {
    let admin_url = std::env::var("MAILLON_TEST_DATABASE_URL").ok()?;
    Some(
        crate::testing::create_postgres_database(&admin_url)
            .await
            .expect("create test database"),
    )
}
