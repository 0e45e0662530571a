//! The network dashboard: per group and overall, the figures each group's own node publishes.
//! It covers this node's groups (computed here, by `service::group_stats`) and every group of
//! another node one of our actors follows (an aggregator follows antennas; a network group
//! follows its member groups back), whose documents are read by signed fetch
//! (`federation::stats_routes::fetch`) hourly in the background and on an admin's demand, and
//! kept in `group_statistics`. Figures are never recomputed from the copies this node holds:
//! a group whose node does not answer keeps its last figures with their date.

use std::time::Duration;

use futures::{stream, StreamExt};
use tokio::{sync::watch, task::JoinHandle};

use crate::{
    domain::group_stats::{self, GroupStats, Month},
    error::{AppError, AppResult},
    federation::{stats_routes, FedData},
    storage::{self, actors::ActorRow, group_stats::ReadStats, now_millis},
};

/// How often the background job reads the other nodes' documents.
pub const REFRESH_EVERY: Duration = Duration::from_secs(60 * 60);
/// The first background read, once the node has started.
const FIRST_REFRESH_AFTER: Duration = Duration::from_secs(60);
/// Documents read at once.
const CONCURRENT_READS: usize = 8;

/// One group of the dashboard.
#[derive(Debug, Clone)]
pub struct Entry {
    pub group: ActorRow,
    /// The node its figures come from (`host[:port]`).
    pub node: String,
    /// The group's statistics page on its own node.
    pub page: String,
    /// Its figures: computed now for ours, as last read for the others (none if never read).
    pub stats: Option<GroupStats>,
    /// When they were read (ours: now).
    pub read_at: Option<i64>,
    /// Why the last read failed (the figures, if any, are then older than that try).
    pub error: Option<String>,
}

impl Entry {
    /// `fresh`, `stale` (last read failed, older figures kept), `unreachable` (never read),
    /// or `pending` (not tried yet).
    pub fn status(&self) -> &'static str {
        match (&self.stats, &self.error) {
            (Some(_), None) => "fresh",
            (Some(_), Some(_)) => "stale",
            (None, Some(_)) => "unreachable",
            (None, None) => "pending",
        }
    }
}

pub struct Dashboard {
    /// The twelve months shown, oldest first.
    pub months: Vec<Month>,
    pub entries: Vec<Entry>,
    /// The sums of the groups' figures.
    pub overall: GroupStats,
}

/// The dashboard as this node knows it now (no network access).
pub async fn dashboard(data: &FedData) -> AppResult<Dashboard> {
    let now = now_millis();
    let (groups, read) = {
        let mut tx = data.db.read().await?;
        let ids = storage::group_stats::dashboard_groups(&mut tx).await?;
        let mut groups = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(g) = storage::actors::by_id(&mut tx, id).await? {
                groups.push(g);
            }
        }
        (groups, storage::group_stats::read_all(&mut tx).await?)
    };
    let mut entries = Vec::with_capacity(groups.len());
    for group in groups {
        let entry = if group.local {
            Entry {
                node: group.domain.clone(),
                page: stats_routes::stats_url(&group),
                stats: Some(super::group_stats::compute(data, &group).await?),
                read_at: Some(now),
                error: None,
                group,
            }
        } else {
            let row = read.iter().find(|r| r.actor_id == group.id);
            remote_entry(group, row)
        };
        entries.push(entry);
    }
    // Ours first, then by node and name.
    entries.sort_by(|a, b| {
        (!a.group.local, &a.node, &a.group.username).cmp(&(
            !b.group.local,
            &b.node,
            &b.group.username,
        ))
    });
    let months = group_stats::window(now);
    let overall = group_stats::sum(&months, entries.iter().filter_map(|e| e.stats.as_ref()));
    Ok(Dashboard {
        months,
        entries,
        overall,
    })
}

fn remote_entry(group: ActorRow, read: Option<&ReadStats>) -> Entry {
    // A stored document was checked when read; one that no longer parses is not shown.
    let stats = read
        .and_then(|r| r.document.as_deref())
        .and_then(|doc| serde_json::from_str(doc).ok())
        .and_then(|doc| stats_routes::parse(&doc, &group).ok());
    Entry {
        node: group.domain.clone(),
        page: read
            .and_then(|r| r.url.clone())
            .unwrap_or_else(|| stats_routes::stats_url(&group)),
        read_at: read.and_then(|r| r.fetched_at).filter(|_| stats.is_some()),
        error: read.and_then(|r| r.error.clone()),
        stats,
        group,
    }
}

/// What a refresh did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Refreshed {
    pub read: usize,
    pub failed: usize,
}

/// Reads the documents of every group of another node the dashboard covers.
pub async fn refresh(data: &FedData) -> AppResult<Refreshed> {
    let groups = {
        let mut tx = data.db.read().await?;
        let mut groups = Vec::new();
        for id in storage::group_stats::dashboard_groups(&mut tx).await? {
            if let Some(g) = storage::actors::by_id(&mut tx, id).await? {
                if !g.local {
                    groups.push(g);
                }
            }
        }
        groups
    };
    let results: Vec<AppResult<bool>> = stream::iter(groups)
        .map(|group| async move { refresh_group(data, &group).await })
        .buffer_unordered(CONCURRENT_READS)
        .collect()
        .await;
    let mut done = Refreshed::default();
    for result in results {
        match result? {
            true => done.read += 1,
            false => done.failed += 1,
        }
    }
    Ok(done)
}

/// Reads one group's document and keeps it, or records why not. True when read.
async fn refresh_group(data: &FedData, group: &ActorRow) -> AppResult<bool> {
    // A fresh request counter: the library's fetch limit is per request, not per job.
    let data = data.reset_request_count();
    let result = stats_routes::fetch(&data, group).await;
    let now = now_millis();
    let mut tx = data.db.begin().await?;
    let read = match result {
        Ok((url, document, _)) => {
            storage::group_stats::record_read(&mut tx, group.id, &url, &document.to_string(), now)
                .await?;
            true
        }
        Err(error) => {
            tracing::warn!(group = %group.ap_id, %error, "group statistics refused or unreachable");
            storage::group_stats::record_failure(&mut tx, group.id, &error, now).await?;
            false
        }
    };
    tx.commit().await?;
    Ok(read)
}

/// `refresh` for an admin only.
pub async fn refresh_as(data: &FedData, is_admin: bool) -> AppResult<Refreshed> {
    if !is_admin {
        return Err(AppError::forbidden(
            "only an admin may refresh the dashboard",
        ));
    }
    refresh(data).await
}

/// The background job: a first read soon after start, then every [`REFRESH_EVERY`].
pub fn spawn(data: FedData, mut shutdown: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut wait = FIRST_REFRESH_AFTER;
        loop {
            tokio::select! {
                _ = tokio::time::sleep(wait) => {},
                _ = shutdown.changed() => {},
            }
            if *shutdown.borrow() {
                break;
            }
            match refresh(&data).await {
                Ok(done) => tracing::info!(
                    read = done.read,
                    failed = done.failed,
                    "network dashboard refreshed"
                ),
                Err(err) => tracing::warn!(error = %err, "could not refresh the network dashboard"),
            }
            wait = REFRESH_EVERY;
        }
    })
}
