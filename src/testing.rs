//! Helpers shared by unit tests and `federation-tests/`: throw-away PostgreSQL databases.
//! Not used by the server itself.

use sqlx::{Connection, PgConnection};

/// Creates a uniquely named empty database next to the one `admin_url` names, and returns its URL.
pub async fn create_postgres_database(admin_url: &str) -> anyhow::Result<String> {
    let mut conn = PgConnection::connect(admin_url).await?;
    let name = format!("maillon_test_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await?;
    let mut url = url::Url::parse(admin_url)?;
    url.set_path(&format!("/{name}"));
    Ok(url.to_string())
}
