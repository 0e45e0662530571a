//! The background task that closes votes when their time is up.
//!
//! It sleeps until the soonest closing time (at most a minute, so a vote opened meanwhile
//! on another process sharing the database is not missed), then closes every due vote.
//! Closing is idempotent and guarded in the database, so several processes can run it.

use std::time::Duration;

use tokio::{sync::watch, task::JoinHandle};

use crate::{federation::FedData, storage};

const LONGEST_SLEEP: Duration = Duration::from_secs(60);

pub fn spawn(data: FedData, shutdown: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(run(data, shutdown))
}

async fn run(data: FedData, mut shutdown: watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            break;
        }
        if let Err(err) = super::votes::close_due_votes(&data).await {
            tracing::warn!(error = %err, "could not close due votes");
        }
        let wait = next_wait(&data).await;
        tokio::select! {
            _ = tokio::time::sleep(wait) => {},
            _ = data.vote_wakeup.notified() => {},
            _ = shutdown.changed() => {},
        }
    }
}

async fn next_wait(data: &FedData) -> Duration {
    let next = match data.db.read().await {
        Ok(mut tx) => storage::votes::next_closing(&mut tx).await.ok().flatten(),
        Err(_) => None,
    };
    match next {
        Some(at) => {
            let millis = (at - storage::now_millis()).max(0) as u64;
            Duration::from_millis(millis).min(LONGEST_SLEEP)
        }
        None => LONGEST_SLEEP,
    }
}
