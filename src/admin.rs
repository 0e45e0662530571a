//! The admin commands that work on the node as a whole: `backup`, `restore` and `check`.
//!
//! - Backup: on SQLite an online snapshot (`VACUUM INTO`, transactionally consistent while the
//!   node runs and writes); on PostgreSQL `pg_dump --format=custom`. Either way the copy is
//!   written under a temporary name in the destination folder, flushed to disk, then linked to
//!   its final name, which never overwrites an existing file.
//! - Restore: the node must be stopped (nothing here can tell reliably whether it runs). On
//!   SQLite the backup is copied next to the database, checked (`SQLite format 3`, integrity,
//!   our migrations table, no migration newer than this binary), then swapped in by a rename;
//!   the previous database is kept as `DB.before-restore`. On PostgreSQL `pg_restore --clean
//!   --if-exists --single-transaction`: all or nothing.
//! - Check: configuration, database, migrations, and the domain answering NodeInfo; one line per
//!   check on stdout, and an error naming the failed checks.

use std::{
    collections::BTreeSet,
    fs::File,
    io::Read,
    path::{Path, PathBuf},
    process::Command,
    str::FromStr,
    time::Duration,
};

use anyhow::{anyhow, bail, Context};
use sqlx::{
    migrate::Migrator,
    postgres::PgConnectOptions,
    sqlite::{SqliteConnectOptions, SqliteJournalMode},
    ConnectOptions, Connection, PgConnection, SqliteConnection,
};

use crate::config::Config;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const PGDUMP_MAGIC: &[u8] = b"PGDMP";

fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// The database file a `sqlite://PATH` URL names.
fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    Ok(SqliteConnectOptions::from_str(url)?
        .get_filename()
        .to_path_buf())
}

/// Opens an existing SQLite database (never creates one).
async fn open_sqlite(path: &Path) -> anyhow::Result<SqliteConnection> {
    if !path.is_file() {
        bail!("no SQLite database at {}", path.display());
    }
    Ok(SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await?)
}

async fn open_postgres(url: &str) -> anyhow::Result<PgConnection> {
    let options = PgConnectOptions::from_str(url)?;
    tokio::time::timeout(Duration::from_secs(10), options.connect())
        .await
        .map_err(|_| anyhow!("no answer from PostgreSQL within 10 s"))?
        .map_err(Into::into)
}

/// `.NAME.tmp-PID` in the folder of `path`.
fn temp_sibling(path: &Path, what: &str) -> anyhow::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| anyhow!("{} is not a file name", path.display()))?;
    let dir = parent_dir(path);
    Ok(dir.join(format!(
        ".{}.{what}-{}",
        name.to_string_lossy(),
        std::process::id()
    )))
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn sync_file(path: &Path) -> std::io::Result<()> {
    File::open(path)?.sync_all()
}

fn sync_dir(dir: &Path) {
    // Best effort: not every file system lets a folder be opened and synced.
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

fn remove_if_exists(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Gives the finished temporary file `temp` its final name `file`, refusing to replace a file
/// that appeared meanwhile (a hard link fails when its target exists).
fn publish(temp: &Path, file: &Path) -> anyhow::Result<()> {
    sync_file(temp)?;
    let linked = std::fs::hard_link(temp, file);
    let _ = std::fs::remove_file(temp);
    match linked {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!("{} already exists: choose another name", file.display())
        }
        Err(e) => return Err(e).context(format!("cannot create {}", file.display())),
    }
    sync_dir(&parent_dir(file));
    Ok(())
}

fn read_magic(path: &Path, len: usize) -> anyhow::Result<Vec<u8>> {
    let mut f = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    if !f.metadata()?.is_file() {
        bail!("{} is not a file", path.display());
    }
    let mut buf = Vec::with_capacity(len);
    f.by_ref().take(len as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// A PostgreSQL URL without its password, and the password (for `PGPASSWORD`), so that it does
/// not show in the process list of `pg_dump`/`pg_restore`.
fn split_password(url: &str) -> (String, Option<String>) {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            let password = parsed.password().map(|p| {
                url::form_urlencoded::parse(format!("p={p}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            });
            let _ = parsed.set_password(None);
            (parsed.to_string(), password)
        }
        Err(_) => (url.to_string(), None),
    }
}

/// Runs a PostgreSQL client tool; a missing tool gets a message saying what to do instead.
fn run_pg_tool(tool: &str, args: &[&str], url: &str) -> anyhow::Result<String> {
    let (bare_url, password) = split_password(url);
    let mut cmd = Command::new(tool);
    for arg in args {
        cmd.arg(if *arg == "{URL}" { &bare_url } else { *arg });
    }
    if let Some(password) = password {
        cmd.env("PGPASSWORD", password);
    }
    let output = match cmd.output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "{tool} is not on the PATH: install the PostgreSQL client tools (Debian: postgresql-client) \
             or run {tool} yourself (see docs/admin-guide.md)"
        ),
        Err(e) => return Err(e).context(format!("cannot run {tool}")),
    };
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let reason = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        bail!("{tool} failed: {reason}");
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `maillon admin backup FILE`.
pub async fn backup(config: &Config, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} already exists: choose another name", file.display());
    }
    let dir = parent_dir(file);
    if !dir.is_dir() {
        bail!("folder {} does not exist", dir.display());
    }
    let temp = temp_sibling(file, "tmp")?;
    remove_if_exists(&temp)?;
    let written = if is_sqlite(&config.database_url) {
        backup_sqlite(&config.database_url, &temp).await
    } else {
        let temp_str = temp.to_string_lossy();
        run_pg_tool(
            "pg_dump",
            &["--format=custom", "--file", &temp_str, "--dbname", "{URL}"],
            &config.database_url,
        )
        .map(|_| ())
    };
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    publish(&temp, file)?;
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    println!("backup written to {} ({size} bytes)", file.display());
    Ok(())
}

async fn backup_sqlite(url: &str, temp: &Path) -> anyhow::Result<()> {
    let source = sqlite_path(url)?;
    let mut conn = open_sqlite(&source).await?;
    // One read transaction: a consistent snapshot even while the node writes.
    let result = sqlx::query("VACUUM INTO $1")
        .bind(temp.to_string_lossy().into_owned())
        .execute(&mut conn)
        .await;
    conn.close().await?;
    result.context("SQLite backup failed")?;
    Ok(())
}

/// `maillon admin restore FILE`. The node must be stopped.
pub async fn restore(config: &Config, file: &Path) -> anyhow::Result<()> {
    if is_sqlite(&config.database_url) {
        restore_sqlite(&config.database_url, file).await
    } else {
        restore_postgres(&config.database_url, file)
    }
}

async fn restore_sqlite(url: &str, file: &Path) -> anyhow::Result<()> {
    if read_magic(file, SQLITE_MAGIC.len())? != SQLITE_MAGIC {
        bail!("{} is not a SQLite database", file.display());
    }
    let target = sqlite_path(url)?;
    let dir = parent_dir(&target);
    std::fs::create_dir_all(&dir)?;
    let temp = temp_sibling(&target, "restore")?;
    remove_if_exists(&temp)?;
    std::fs::copy(file, &temp)
        .with_context(|| format!("cannot copy {} to {}", file.display(), dir.display()))?;
    if let Err(e) = verify_sqlite_copy(&temp, file).await {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    sync_file(&temp)?;

    let kept = if target.exists() {
        // Fold the write-ahead log into the old database, so the copy kept aside is whole.
        if let Ok(mut conn) = open_sqlite(&target).await {
            let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&mut conn)
                .await;
            let _ = conn.close().await;
        }
        let kept = PathBuf::from(format!("{}.before-restore", target.display()));
        std::fs::rename(&target, &kept)?;
        Some(kept)
    } else {
        None
    };
    // A stale log next to the new file would be replayed into it: remove it first.
    for suffix in ["-wal", "-shm"] {
        remove_if_exists(&PathBuf::from(format!("{}{suffix}", target.display())))?;
    }
    std::fs::rename(&temp, &target)?;
    sync_dir(&dir);
    match kept {
        Some(kept) => println!(
            "restored {} into {} (previous database kept as {})",
            file.display(),
            target.display(),
            kept.display()
        ),
        None => println!("restored {} into {}", file.display(), target.display()),
    }
    Ok(())
}

/// Checks a copy of a SQLite backup: whole, and a Maillon database this binary can run.
async fn verify_sqlite_copy(copy: &Path, original: &Path) -> anyhow::Result<()> {
    let not_ours = || anyhow!("{} is not a Maillon database", original.display());
    let mut conn = SqliteConnectOptions::new()
        .filename(copy)
        .create_if_missing(false)
        .journal_mode(SqliteJournalMode::Delete)
        .connect()
        .await
        .map_err(|_| not_ours())?;
    let result = async {
        let check: String = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_one(&mut conn)
            .await
            .map_err(|_| not_ours())?;
        if check != "ok" {
            bail!("{} is damaged: {check}", original.display());
        }
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(&mut conn)
                .await
                .map_err(|_| not_ours())?;
        check_not_newer(&applied, &SQLITE_MIGRATIONS)
    }
    .await;
    let _ = conn.close().await;
    result
}

/// Refuses a database that has migrations this binary does not know (made by a newer version).
fn check_not_newer(applied: &[i64], known: &Migrator) -> anyhow::Result<()> {
    let known: BTreeSet<i64> = known.iter().map(|m| m.version).collect();
    if let Some(unknown) = applied.iter().find(|v| !known.contains(v)) {
        bail!("the database has migration {unknown}, unknown to this version of maillon: upgrade maillon first");
    }
    Ok(())
}

fn restore_postgres(url: &str, file: &Path) -> anyhow::Result<()> {
    if read_magic(file, PGDUMP_MAGIC.len())? != PGDUMP_MAGIC {
        bail!(
            "{} is not a PostgreSQL custom-format dump (pg_dump --format=custom)",
            file.display()
        );
    }
    let file_str = file.to_string_lossy();
    let listing = run_pg_tool("pg_restore", &["--list", &file_str], url)?;
    if !listing.contains("_sqlx_migrations") {
        bail!("{} is not a dump of a Maillon database", file.display());
    }
    run_pg_tool(
        "pg_restore",
        &[
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--dbname",
            "{URL}",
            &file_str,
        ],
        url,
    )?;
    println!("restored {} into the PostgreSQL database", file.display());
    Ok(())
}

/// One line of `admin check`.
fn report(ok: bool, name: &str, detail: &str, failed: &mut Vec<String>) {
    println!("{} {name}: {detail}", if ok { "ok  " } else { "FAIL" });
    if !ok {
        failed.push(name.to_string());
    }
}

/// `maillon admin check`: configuration, database, migrations, domain.
pub async fn check(config_file: Option<&Path>) -> anyhow::Result<()> {
    let mut failed = Vec::new();
    let config = match Config::load(config_file) {
        Ok(config) => {
            report(
                true,
                "configuration",
                &format!(
                    "domain {}, {} database, {}",
                    config.domain,
                    if is_sqlite(&config.database_url) {
                        "SQLite"
                    } else {
                        "PostgreSQL"
                    },
                    config.base_url()
                ),
                &mut failed,
            );
            config
        }
        Err(e) => {
            report(false, "configuration", &format!("{e:#}"), &mut failed);
            bail!("check failed: configuration");
        }
    };

    match applied_migrations(&config.database_url).await {
        Ok(applied) => {
            report(true, "database", "reachable", &mut failed);
            let (ok, detail) = describe_migrations(&config.database_url, &applied);
            report(ok, "migrations", &detail, &mut failed);
        }
        Err(e) => {
            let line = format!("{e:#}").replace('\n', " ");
            report(false, "database", &line, &mut failed);
        }
    }

    match check_domain(&config).await {
        Ok(detail) => report(true, "domain", &detail, &mut failed),
        Err(e) => {
            let line = format!("{e:#}").replace('\n', " ");
            report(false, "domain", &line, &mut failed);
        }
    }

    if failed.is_empty() {
        Ok(())
    } else {
        bail!("check failed: {}", failed.join(", "))
    }
}

/// Versions recorded in `_sqlx_migrations` (empty for a database never started), with success.
async fn applied_migrations(url: &str) -> anyhow::Result<Vec<(i64, bool)>> {
    const SQL: &str = "SELECT version, success FROM _sqlx_migrations ORDER BY version";
    if is_sqlite(url) {
        let mut conn = open_sqlite(&sqlite_path(url)?).await?;
        let has_table: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_one(&mut conn)
        .await?;
        let rows = if has_table > 0 {
            sqlx::query_as(SQL).fetch_all(&mut conn).await?
        } else {
            vec![]
        };
        conn.close().await?;
        Ok(rows)
    } else {
        let mut conn = open_postgres(url).await?;
        let has_table: Option<String> =
            sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations')::text")
                .fetch_one(&mut conn)
                .await?;
        let rows = if has_table.is_some() {
            sqlx::query_as(SQL).fetch_all(&mut conn).await?
        } else {
            vec![]
        };
        conn.close().await?;
        Ok(rows)
    }
}

fn describe_migrations(url: &str, applied: &[(i64, bool)]) -> (bool, String) {
    let known = if is_sqlite(url) {
        &SQLITE_MIGRATIONS
    } else {
        &POSTGRES_MIGRATIONS
    };
    let known_versions: BTreeSet<i64> = known.iter().map(|m| m.version).collect();
    if let Some((version, _)) = applied.iter().find(|(_, ok)| !ok) {
        return (
            false,
            format!("migration {version} failed half-way: restore a backup"),
        );
    }
    let versions: Vec<i64> = applied.iter().map(|(v, _)| *v).collect();
    if let Err(e) = check_not_newer(&versions, known) {
        return (false, e.to_string());
    }
    let done = versions
        .iter()
        .filter(|v| known_versions.contains(v))
        .count();
    let pending = known_versions.len() - done;
    let mut detail = format!("{done} of {} applied", known_versions.len());
    if pending > 0 {
        detail.push_str(&format!(
            ", {pending} pending (they run when the node starts)"
        ));
    }
    (true, detail)
}

/// `maillon healthcheck`: `GET /healthz` on the listen address (a wildcard address is asked on
/// loopback), 5 s at most.
pub async fn healthcheck(config: &Config) -> anyhow::Result<()> {
    crate::federation::install_crypto_provider();
    let mut address = config.bind;
    if address.ip().is_unspecified() {
        address.set_ip(if address.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    let url = format!("http://{address}/healthz");
    let response = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()?
        .get(&url)
        .send()
        .await
        .map_err(|e| anyhow!("GET {url}: {}", root_cause(&e)))?;
    if !response.status().is_success() {
        bail!("GET {url}: HTTP {}", response.status());
    }
    Ok(())
}

/// The node answers NodeInfo discovery on its public domain, and names itself there.
async fn check_domain(config: &Config) -> anyhow::Result<String> {
    crate::federation::install_crypto_provider();
    let url = config.base_url().join("/.well-known/nodeinfo")?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;
    let response = client
        .get(url.clone())
        .send()
        .await
        .map_err(|e| anyhow!("GET {url}: {}", root_cause(&e)))?;
    let status = response.status();
    if !status.is_success() {
        bail!("GET {url}: HTTP {status}");
    }
    let body: serde_json::Value = response
        .json()
        .await
        .map_err(|_| anyhow!("GET {url}: the answer is not NodeInfo JSON"))?;
    let base = config.base_url();
    let names_us = body["links"].as_array().is_some_and(|links| {
        links.iter().any(|l| {
            l["href"]
                .as_str()
                .is_some_and(|h| h.starts_with(base.as_str()))
        })
    });
    if !names_us {
        bail!(
            "GET {url}: answered by a server that is not this node (a proxy to the wrong place?)"
        );
    }
    Ok(format!("{url} answers"))
}

fn root_cause(err: &dyn std::error::Error) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_leaves_the_url() {
        let (url, password) = split_password("postgres://u:p%40ss@h:5432/db");
        assert_eq!(url, "postgres://u@h:5432/db");
        assert_eq!(password.as_deref(), Some("p@ss"));
        let (url, password) = split_password("postgres://u@h/db");
        assert_eq!(url, "postgres://u@h/db");
        assert_eq!(password, None);
    }

    #[test]
    fn newer_migrations_are_refused() {
        let known: Vec<i64> = SQLITE_MIGRATIONS.iter().map(|m| m.version).collect();
        assert!(check_not_newer(&known, &SQLITE_MIGRATIONS).is_ok());
        assert!(check_not_newer(&[99_999_999], &SQLITE_MIGRATIONS).is_err());
        let (ok, detail) = describe_migrations("sqlite://x", &[(known[0], true)]);
        assert!(ok);
        assert!(detail.contains("pending"), "{detail}");
    }
}
