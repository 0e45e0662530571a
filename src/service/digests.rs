//! Email digests: news that members chose to receive by a daily or weekly email (their
//! channel per group, `service::involvement`) goes out in one email per member and period,
//! grouped by group. Each digest is recorded and claims its notifications before it is sent,
//! and is marked sent together with them after the SMTP server accepted it: a failure leaves
//! them for the next run, and two processes sharing the database never send the same news
//! (`storage::digests`). Also the member's email address and language for these emails.

use std::time::Duration;

use lettre::{message::Mailbox, Address};
use tokio::{sync::watch, task::JoinHandle};

use crate::{
    app::AppState,
    domain::digest::{Period, Schedule},
    email::{
        digest::{self, Digest, Line, Section},
        Mailer,
    },
    error::{AppError, AppResult},
    storage::{self, actors::ActorRow, digests::DigestItem, now_millis},
    web::i18n::Lang,
};

/// A digest claimed longer ago than this was abandoned (its process died between claiming
/// and marking it): its news is claimed again. Far above the SMTP timeout.
const STALE_AFTER: Duration = Duration::from_secs(15 * 60);
/// The job looks again at least this often (retries after a failure, other processes).
const LONGEST_SLEEP: Duration = Duration::from_secs(5 * 60);

/// Which news a run sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// News from before each period's last slot (the job, `admin digests send`).
    Scheduled,
    /// Every waiting piece of news, whatever the hour (`admin digests send --all-pending`).
    AllPending,
}

/// What a run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub sent: u64,
    pub notifications: u64,
    pub failed: u64,
}

pub fn schedule(state: &AppState) -> Schedule {
    Schedule {
        hour: u32::from(state.settings.digest_hour),
        weekday: state
            .settings
            .digest_weekday()
            .unwrap_or(chrono::Weekday::Mon),
    }
}

/// Sends every due digest, daily then weekly.
pub async fn send_due(state: &AppState, mailer: &Mailer, due: Due) -> AppResult<Report> {
    let now = now_millis();
    let stale_before = now - STALE_AFTER.as_millis() as i64;
    let schedule = schedule(state);
    let mut report = Report::default();
    for period in Period::ALL.iter().copied() {
        let before = match due {
            Due::Scheduled => schedule.last_slot(period, now),
            Due::AllPending => now + 1,
        };
        let channel = period.channel().as_str();
        let recipients = {
            let mut tx = state.db.read().await?;
            storage::digests::due_recipients(&mut tx, channel, before, stale_before).await?
        };
        for recipient in recipients {
            let mut tx = state.db.begin().await?;
            let claimed = storage::digests::claim(
                &mut tx,
                recipient,
                period.as_str(),
                channel,
                before,
                stale_before,
            )
            .await?;
            tx.commit().await?;
            let Some(digest) = claimed else {
                continue; // another process took it
            };
            match send_one(state, mailer, period, recipient, digest).await {
                Ok(()) => {
                    let mut tx = state.db.begin().await?;
                    report.notifications += storage::digests::mark_sent(&mut tx, digest).await?;
                    tx.commit().await?;
                    report.sent += 1;
                }
                Err(err) => {
                    tracing::warn!(error = %err, digest, recipient, "email digest not sent: retried next run");
                    let mut tx = state.db.begin().await?;
                    storage::digests::release(&mut tx, digest).await?;
                    tx.commit().await?;
                    report.failed += 1;
                }
            }
        }
    }
    if report != Report::default() {
        tracing::info!(
            sent = report.sent,
            notifications = report.notifications,
            failed = report.failed,
            "email digests"
        );
    }
    Ok(report)
}

/// Writes and sends one claimed digest.
async fn send_one(
    state: &AppState,
    mailer: &Mailer,
    period: Period,
    recipient: i64,
    digest: i64,
) -> anyhow::Result<()> {
    let mut tx = state.db.read().await?;
    let who = storage::digests::recipient(&mut tx, recipient)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no account for actor {recipient}"))?;
    let address: Address = who
        .email
        .as_deref()
        .ok_or_else(|| anyhow::anyhow!("the member removed their email address"))?
        .parse()?;
    let items = storage::digests::items(&mut tx, digest).await?;
    let mut sections: Vec<Section> = Vec::new();
    for item in items {
        let line = Line {
            kind: item.kind.clone(),
            title: item.title.clone(),
            url: link(state, &mut tx, &item.subject_ap_id).await?,
        };
        match sections.last_mut() {
            Some(last) if last.group_url == group_url(state, &item) => last.lines.push(line),
            _ => sections.push(Section {
                group_name: item
                    .group_name
                    .clone()
                    .unwrap_or_else(|| item.group_username.clone()),
                group_url: group_url(state, &item),
                lines: vec![line],
            }),
        }
    }
    drop(tx);
    let name = who.display_name.clone().unwrap_or(who.username.clone());
    let mail = digest::render(&Digest {
        lang: who
            .language
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(Lang::Fr),
        period,
        server: state.settings.domain.clone(),
        recipient_name: name.clone(),
        settings_url: absolute(state, "/settings/email"),
        sections,
    });
    mailer
        .send(
            Mailbox::new(Some(name), address),
            &format!("digest-{digest}"),
            &mail,
        )
        .await
}

fn absolute(state: &AppState, path: &str) -> String {
    let base = state.settings.base_url();
    base.join(path)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| format!("{base}{path}"))
}

fn group_url(state: &AppState, item: &DigestItem) -> String {
    if item.group_local {
        absolute(state, &format!("/groups/{}", item.group_username))
    } else {
        absolute(
            state,
            &format!("/groups/{}@{}", item.group_username, item.group_domain),
        )
    }
}

/// The page here of what the news is about, else its own address.
async fn link(state: &AppState, tx: &mut storage::Tx, ap_id: &str) -> AppResult<String> {
    Ok(match super::notifications::local_page(tx, ap_id).await? {
        Some(page) => absolute(state, &page),
        None => ap_id.to_string(),
    })
}

/// Starts the digest job when the node sends email; `None` otherwise.
pub fn spawn(state: AppState, shutdown: watch::Receiver<bool>) -> Option<JoinHandle<()>> {
    let mailer = match Mailer::from_config(&state.settings) {
        Ok(Some(mailer)) => mailer,
        Ok(None) => return None,
        Err(err) => {
            tracing::error!(error = %err, "SMTP settings unusable: no email digests");
            return None;
        }
    };
    Some(tokio::spawn(run(state, mailer, shutdown)))
}

async fn run(state: AppState, mailer: Mailer, mut shutdown: watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            break;
        }
        if let Err(err) = send_due(&state, &mailer, Due::Scheduled).await {
            tracing::warn!(error = %err, "could not send email digests");
        }
        let now = now_millis();
        let until_slot = (schedule(&state).next_slot(now) - now).max(0) as u64;
        let wait = Duration::from_millis(until_slot).min(LONGEST_SLEEP);
        tokio::select! {
            _ = tokio::time::sleep(wait) => {},
            _ = shutdown.changed() => {},
        }
    }
}

/// A member sets (or with an empty text removes) the address their digests go to.
pub async fn set_email(
    state: &AppState,
    member: &ActorRow,
    email: Option<&str>,
) -> AppResult<Option<String>> {
    let email = email.map(str::trim).filter(|e| !e.is_empty());
    if let Some(email) = email {
        if email.len() > 254 || email.parse::<Address>().is_err() {
            return Err(AppError::Unprocessable(
                "invalid_email",
                "the email address is not valid".into(),
            ));
        }
    }
    let mut tx = state.db.begin().await?;
    storage::digests::set_email(&mut tx, member.id, email).await?;
    tx.commit().await?;
    Ok(email.map(str::to_string))
}

/// The member's address, if they gave one.
pub async fn email_of(state: &AppState, member: &ActorRow) -> AppResult<Option<String>> {
    let mut tx = state.db.read().await?;
    Ok(storage::digests::recipient(&mut tx, member.id)
        .await?
        .and_then(|r| r.email)
        .filter(|e| !e.is_empty()))
}

/// Remembers the language the member reads the site in: their emails are written in it.
pub async fn remember_language(state: &AppState, member: &ActorRow, lang: Lang) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    storage::digests::set_language(&mut tx, member.id, lang.code()).await?;
    tx.commit().await?;
    Ok(())
}
