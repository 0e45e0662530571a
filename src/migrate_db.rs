//! `maillon admin migrate-database --to postgres://...`: moves a node from SQLite to
//! PostgreSQL without losing anything.
//!
//! 1. The SQLite database is brought up to this binary's migrations (as a start would), and the
//!    PostgreSQL one gets the same schema from its own migrations. Both must then list the same
//!    migration versions.
//! 2. The target must be empty: not one row in any of our tables.
//! 3. Every table is copied in dependency order (a table after the tables its foreign keys
//!    point to; rows by primary key, so a reply comes after the post it answers), every column
//!    as it is, ids included, in one PostgreSQL transaction read from one SQLite snapshot.
//! 4. Each identity sequence is moved past the largest id copied.
//! 5. Row counts are compared table by table; any difference is an error.
//!
//! The node must be stopped while it runs (the copy would miss what it writes meanwhile).

use std::{
    collections::{BTreeMap, BTreeSet},
    str::FromStr,
    time::Duration,
};

use anyhow::{bail, Context};
use sqlx::{
    postgres::{PgArguments, PgConnectOptions, PgPoolOptions},
    query::Query,
    sqlite::{SqliteConnectOptions, SqliteRow},
    Acquire, ConnectOptions, Connection, Postgres, Row, SqliteConnection,
};

use crate::config::Config;

/// A table and its columns, with the PostgreSQL type of each.
struct Table {
    name: String,
    columns: Vec<(String, String)>,
    /// Columns of the primary key, to read rows in order.
    order_by: Vec<String>,
}

/// One value read from SQLite, in the type the PostgreSQL column wants.
enum Value {
    BigInt(Option<i64>),
    Int(Option<i32>),
    Bool(Option<bool>),
    Text(Option<String>),
    Float(Option<f64>),
    Bytes(Option<Vec<u8>>),
}

fn read(row: &SqliteRow, index: usize, pg_type: &str) -> anyhow::Result<Value> {
    Ok(match pg_type {
        "bigint" => Value::BigInt(row.try_get(index)?),
        "integer" | "smallint" => {
            let v: Option<i64> = row.try_get(index)?;
            Value::Int(v.map(i32::try_from).transpose()?)
        }
        // SQLite keeps booleans as 0 and 1.
        "boolean" => {
            let v: Option<i64> = row.try_get(index)?;
            Value::Bool(v.map(|n| n != 0))
        }
        "text" | "character varying" | "character" => Value::Text(row.try_get(index)?),
        "double precision" | "real" | "numeric" => Value::Float(row.try_get(index)?),
        "bytea" => Value::Bytes(row.try_get(index)?),
        other => bail!("no copy rule for the PostgreSQL type {other}"),
    })
}

fn bind<'q>(
    query: Query<'q, Postgres, PgArguments>,
    value: Value,
) -> Query<'q, Postgres, PgArguments> {
    match value {
        Value::BigInt(v) => query.bind(v),
        Value::Int(v) => query.bind(v),
        Value::Bool(v) => query.bind(v),
        Value::Text(v) => query.bind(v),
        Value::Float(v) => query.bind(v),
        Value::Bytes(v) => query.bind(v),
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Our tables in SQLite, each after the tables it references.
async fn sqlite_tables_in_order(conn: &mut SqliteConnection) -> anyhow::Result<Vec<String>> {
    let names: Vec<String> = sqlx::query_scalar(
        // `pragma_table_list` tells full-text indexes (`virtual`) and their storage (`shadow`)
        // from ordinary tables: they are rebuilt by the target's own schema, not copied.
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut depends: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in &names {
        let parents: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT \"table\" FROM pragma_foreign_key_list({})",
            quote_literal(name)
        ))
        .fetch_all(&mut *conn)
        .await?;
        depends.insert(
            name.clone(),
            parents.into_iter().filter(|p| p != name).collect(),
        );
    }
    let mut ordered = Vec::new();
    let mut done = BTreeSet::new();
    while ordered.len() < names.len() {
        let ready: Vec<String> = names
            .iter()
            .filter(|n| !done.contains(*n))
            .filter(|n| depends[*n].iter().all(|p| done.contains(p)))
            .cloned()
            .collect();
        if ready.is_empty() {
            bail!("the tables' foreign keys form a cycle: cannot order the copy");
        }
        for name in ready {
            done.insert(name.clone());
            ordered.push(name);
        }
    }
    Ok(ordered)
}

fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// `maillon admin migrate-database --to URL`.
pub async fn migrate_database(config: &Config, target_url: &str) -> anyhow::Result<()> {
    if !config.database_url.starts_with("sqlite:") {
        bail!(
            "the node's database is not SQLite: nothing to move (MAILLON_DATABASE_URL is {})",
            redact(&config.database_url)
        );
    }
    if !(target_url.starts_with("postgres://") || target_url.starts_with("postgresql://")) {
        bail!("--to must be a postgres:// URL");
    }

    // The source, up to date (what starting the node would do), then read from one snapshot.
    let source_db = crate::storage::Db::connect(&config.database_url).await?;
    source_db
        .migrate()
        .await
        .context("migrating the SQLite database")?;
    source_db.close().await;
    let source_path = SqliteConnectOptions::from_str(&config.database_url)?
        .get_filename()
        .to_path_buf();
    let mut source = SqliteConnectOptions::new()
        .filename(&source_path)
        .create_if_missing(false)
        .read_only(true)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await
        .with_context(|| format!("cannot open {}", source_path.display()))?;

    // The target: our schema, and nothing in it.
    let options = PgConnectOptions::from_str(target_url)?;
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .context("cannot connect to the PostgreSQL database")?;
    let result = copy(&mut source, &pool).await;
    pool.close().await;
    let _ = source.close().await;
    result
}

fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

async fn copy(source: &mut SqliteConnection, pool: &sqlx::PgPool) -> anyhow::Result<()> {
    sqlx::migrate!("./migrations/postgres")
        .run(pool)
        .await
        .context("preparing the PostgreSQL schema")?;
    let source_versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&mut *source)
            .await?;
    let target_versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await?;
    if source_versions != target_versions {
        bail!(
            "the two databases are at different migrations ({source_versions:?} and {target_versions:?}): is the PostgreSQL database another node's?"
        );
    }

    // One snapshot of the source for the whole copy.
    sqlx::query("BEGIN").execute(&mut *source).await?;
    let names = sqlite_tables_in_order(source).await?;
    let mut conn = pool.acquire().await?;
    let mut tx = conn.begin().await?;
    let mut tables = Vec::new();
    for name in &names {
        let columns: Vec<(String, String)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 \
             AND is_generated = 'NEVER' ORDER BY ordinal_position",
        )
        .bind(name)
        .fetch_all(&mut *tx)
        .await?;
        if columns.is_empty() {
            bail!("table {name} is missing in the PostgreSQL database");
        }
        let source_columns: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT name, pk FROM pragma_table_info({})",
            quote_literal(name)
        ))
        .fetch_all(&mut *source)
        .await?;
        let source_names: BTreeSet<&str> = source_columns.iter().map(|(n, _)| n.as_str()).collect();
        let target_names: BTreeSet<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        if source_names != target_names {
            bail!("table {name} has different columns in the two databases");
        }
        let mut keys: Vec<(i64, String)> = source_columns
            .iter()
            .filter(|(_, pk)| *pk > 0)
            .map(|(n, pk)| (*pk, n.clone()))
            .collect();
        keys.sort();
        let order_by = if keys.is_empty() {
            vec!["rowid".to_string()]
        } else {
            keys.into_iter().map(|(_, n)| quote(&n)).collect()
        };
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", quote(name)))
            .fetch_one(&mut *tx)
            .await?;
        if rows > 0 {
            bail!("the PostgreSQL database is not empty ({name} has {rows} rows): give an empty database");
        }
        tables.push(Table {
            name: name.clone(),
            columns,
            order_by,
        });
    }

    let mut copied = Vec::new();
    for table in &tables {
        let column_list = table
            .columns
            .iter()
            .map(|(n, _)| quote(n))
            .collect::<Vec<_>>()
            .join(", ");
        let placeholders = (1..=table.columns.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        // Ids are copied as they are, identity columns included.
        let insert = format!(
            "INSERT INTO {} ({column_list}) VALUES ({placeholders})",
            quote(&table.name)
        );
        let select = format!(
            "SELECT {column_list} FROM {} ORDER BY {}",
            quote(&table.name),
            table.order_by.join(", ")
        );
        let rows = sqlx::query(&select).fetch_all(&mut *source).await?;
        for row in &rows {
            let mut query = sqlx::query(&insert);
            for (index, (column, pg_type)) in table.columns.iter().enumerate() {
                let value = read(row, index, pg_type)
                    .with_context(|| format!("reading {}.{column}", table.name))?;
                query = bind(query, value);
            }
            query
                .execute(&mut *tx)
                .await
                .with_context(|| format!("copying a row of {}", table.name))?;
        }
        copied.push((table.name.clone(), rows.len() as i64));
        // Identity columns continue after the largest id copied.
        let sequence: Option<String> = if table.columns.iter().any(|(n, _)| n == "id") {
            sqlx::query_scalar("SELECT pg_get_serial_sequence($1, 'id')")
                .bind(quote(&table.name))
                .fetch_one(&mut *tx)
                .await?
        } else {
            None
        };
        if let Some(sequence) = sequence {
            sqlx::query(&format!(
                "SELECT setval($1, COALESCE((SELECT MAX(id) FROM {}), 0) + 1, false)",
                quote(&table.name)
            ))
            .bind(&sequence)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    sqlx::query("COMMIT").execute(&mut *source).await?;

    // Verify: the same number of rows on both sides, table by table.
    let mut differences = Vec::new();
    for (name, source_count) in &copied {
        let target_count: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", quote(name)))
                .fetch_one(pool)
                .await?;
        let check: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", quote(name)))
            .fetch_one(&mut *source)
            .await?;
        println!("{name}\t{source_count}\t{target_count}");
        if target_count != *source_count || check != *source_count {
            differences.push(format!(
                "{name} ({check} rows in SQLite, {target_count} in PostgreSQL)"
            ));
        }
    }
    if !differences.is_empty() {
        bail!("the copy differs: {}", differences.join(", "));
    }
    let total: i64 = copied.iter().map(|(_, n)| n).sum();
    println!(
        "copied {total} rows in {} tables; set MAILLON_DATABASE_URL to the PostgreSQL URL and start the node",
        copied.len()
    );
    Ok(())
}
