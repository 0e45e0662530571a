//! Helpers shared by unit tests and `federation-tests/`: throw-away PostgreSQL databases.
//! Not used by the server itself.

use sqlx::{Connection, PgConnection};

/// A database created for one test on the server of `MAILLON_TEST_DATABASE_URL`; dropped
/// (connections and all) when this value is.
pub struct TempPostgres {
    pub url: String,
    admin_url: String,
    name: String,
}

impl TempPostgres {
    /// Creates a uniquely named empty database next to the one `admin_url` names.
    pub async fn create(admin_url: &str) -> anyhow::Result<TempPostgres> {
        let mut conn = PgConnection::connect(admin_url).await?;
        let name = format!("maillon_test_{}", uuid::Uuid::new_v4().simple());
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await?;
        let mut url = url::Url::parse(admin_url)?;
        url.set_path(&format!("/{name}"));
        Ok(TempPostgres {
            url: url.to_string(),
            admin_url: admin_url.to_string(),
            name,
        })
    }

    /// A database for a test when `MAILLON_TEST_DATABASE_URL` is set.
    pub async fn from_env() -> Option<TempPostgres> {
        let admin_url = std::env::var("MAILLON_TEST_DATABASE_URL").ok()?;
        Some(
            TempPostgres::create(&admin_url)
                .await
                .expect("create test database"),
        )
    }
}

impl Drop for TempPostgres {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop may run inside a runtime: do the async work on a thread of its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let mut conn = PgConnection::connect(&admin_url).await.ok()?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await
                    .ok()
            })
        })
        .join();
    }
}
