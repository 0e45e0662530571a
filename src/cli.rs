//! Command line: `maillon serve` and the `maillon admin ...` commands of the contract.

use std::{io::Read, path::PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::{
    app::{self, AppState},
    config::Config,
    domain::membership::MembershipPolicy,
    service::{
        self,
        moderation::{Authority, DomainPolicy},
    },
    storage::{self, Db},
};

#[derive(Parser)]
#[command(
    name = "maillon",
    version,
    about = "A federated community node for cooperatives"
)]
pub struct Cli {
    /// Configuration file (default: ./maillon.toml when present).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the node.
    Serve,
    /// Exit 0 if the node listening on this configuration's `bind` address answers `/healthz`
    /// (for container health checks: no shell or curl needed).
    Healthcheck,
    /// Administration of this node.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Fetch the decision of a closed vote (the vote's URL + `/decision`), recount its
    /// ballots with the same rules and compare with the published result. Exit status 0: the
    /// same; 1: a mismatch; 2: the document cannot be fetched or read.
    VerifyDecision(crate::verify::VerifyArgs),
}

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Member accounts.
    Account {
        #[command(subcommand)]
        command: AccountCommand,
    },
    /// Groups of this node.
    Group {
        #[command(subcommand)]
        command: GroupCommand,
    },
    /// Blocked and silenced domains.
    Domain {
        #[command(subcommand)]
        command: DomainCommand,
    },
    /// Write a consistent copy of the whole node to FILE, while it runs (SQLite: an online
    /// snapshot; PostgreSQL: pg_dump). Never overwrites FILE.
    Backup { file: PathBuf },
    /// Replace the node's database with a backup made by `admin backup`. Stop the node first.
    Restore { file: PathBuf },
    /// Check the configuration, the database and its migrations, and that the domain answers.
    Check,
    /// Email digests.
    Digests {
        #[command(subcommand)]
        command: DigestsCommand,
    },
    /// Groups of other nodes this node follows to index them (an aggregator): their
    /// proposals, decisions, events, competences and posts reach its search, its network
    /// calendar and its directory.
    Aggregate {
        #[command(subcommand)]
        command: AggregateCommand,
    },
    /// Copy this node's SQLite database into an empty PostgreSQL database (every table, ids
    /// kept), then compare row counts. Stop the node first; afterwards point
    /// MAILLON_DATABASE_URL at the PostgreSQL database.
    MigrateDatabase {
        /// The PostgreSQL database: `postgres://USER:PASSWORD@HOST/DB`.
        #[arg(long)]
        to: String,
    },
}

#[derive(Subcommand)]
pub enum AggregateCommand {
    /// Follow groups (`@rennes@coop.example`...) with this node's instance actor. Every handle
    /// is checked before anything is sent; adding a group twice changes nothing.
    Add {
        #[arg(required = true)]
        handles: Vec<String>,
    },
    /// The aggregated groups: `HANDLE<TAB>STATE<TAB>LAST ACTIVITY` (RFC 3339, or `-`).
    List,
    /// Stop following a group; what it sent stays searchable.
    Remove { handle: String },
}

#[derive(Subcommand)]
pub enum DigestsCommand {
    /// Send the digests that are due now (news from before the last digest hour), as the
    /// node's job does; exits with an error when some could not be sent.
    Send {
        /// Send every waiting piece of news now, whatever the hour.
        #[arg(long)]
        all_pending: bool,
    },
}

#[derive(Subcommand)]
pub enum AccountCommand {
    /// Create a member account; the password is read from standard input.
    Create {
        username: String,
        #[arg(long)]
        admin: bool,
        #[arg(long)]
        email: Option<String>,
        /// Read the password from standard input (required: passwords never go in arguments).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List accounts.
    List,
    /// Suspend a local account (by name) or a remote actor (by handle or actor URL): it can no
    /// longer log in, its content is hidden, its activities are refused.
    Suspend {
        /// `alice`, `bob@other.example` or `https://other.example/users/bob`.
        account: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Lift a suspension: everything comes back as it was.
    Unsuspend { account: String },
    /// List suspended accounts and actors.
    Suspended,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum MembershipArg {
    Open,
    Approval,
    Invite,
}

impl From<MembershipArg> for MembershipPolicy {
    fn from(value: MembershipArg) -> Self {
        match value {
            MembershipArg::Open => MembershipPolicy::Open,
            MembershipArg::Approval => MembershipPolicy::Approval,
            MembershipArg::Invite => MembershipPolicy::Invite,
        }
    }
}

#[derive(Subcommand)]
pub enum GroupCommand {
    /// Create a group.
    Create(GroupCreate),
    /// List the groups of this node.
    List,
    /// Make a member a moderator of a group (the member joins it if needed).
    AddModerator { group: String, username: String },
}

#[derive(Args)]
pub struct GroupCreate {
    name: String,
    #[arg(long)]
    display_name: String,
    #[arg(long, value_enum, default_value = "open")]
    membership: MembershipArg,
    #[arg(long)]
    summary: Option<String>,
    /// A member who moderates the group (and joins it).
    #[arg(long)]
    moderator: Option<String>,
    /// A network of groups: other groups (antennas, on other nodes) join it as members.
    #[arg(long)]
    network: bool,
}

#[derive(Subcommand)]
pub enum DomainCommand {
    /// Refuse all activities from a domain (and its subdomains) and stop delivering to it.
    Block {
        domain: String,
        #[arg(long)]
        reason: Option<String>,
    },
    Unblock {
        domain: String,
    },
    /// Hold follows from a domain (and its subdomains) for a moderator, and hide its posts.
    Silence {
        domain: String,
        #[arg(long)]
        reason: Option<String>,
    },
    Unsilence {
        domain: String,
    },
    /// Blocked domains (`DOMAIN<TAB>REASON`), then silenced ones (`DOMAIN<TAB>REASON<TAB>silenced`).
    List,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Admin {
        command: AdminCommand::Check,
    } = cli.command
    {
        // Reports a bad configuration as one of its checks.
        crate::logging::init(false, "warn");
        return crate::admin::check(cli.config.as_deref()).await;
    }
    if let Command::VerifyDecision(args) = cli.command {
        // Reads nothing local: no configuration, no database.
        crate::logging::init(false, "warn");
        std::process::exit(crate::verify::run(args).await);
    }
    let config = Config::load(cli.config.as_deref())?;
    let default_level = match cli.command {
        Command::Serve => "info",
        Command::Admin { .. } | Command::VerifyDecision(_) | Command::Healthcheck => "warn",
    };
    crate::logging::init(config.log_json, default_level);
    match cli.command {
        Command::Serve => app::serve(config).await,
        Command::Healthcheck => crate::admin::healthcheck(&config).await,
        Command::Admin {
            command: AdminCommand::Backup { file },
        } => crate::admin::backup(&config, &file).await,
        Command::Admin {
            command: AdminCommand::Restore { file },
        } => crate::admin::restore(&config, &file).await,
        Command::Admin {
            command: AdminCommand::MigrateDatabase { to },
        } => crate::migrate_db::migrate_database(&config, &to).await,
        Command::Admin {
            command: AdminCommand::Aggregate { command },
        } => aggregate(config, command).await,
        Command::Admin { command } => {
            let db = Db::connect(&config.database_url).await?;
            db.migrate().await?;
            let state = AppState::new(db, config);
            let result = admin(&state, command).await;
            state.db.close().await;
            result
        }
        Command::VerifyDecision(_) => unreachable!("handled above, without configuration"),
    }
}

async fn admin(state: &AppState, command: AdminCommand) -> anyhow::Result<()> {
    match command {
        AdminCommand::Account { command } => match command {
            AccountCommand::Create {
                username,
                admin,
                email,
                ..
            } => {
                let mut password = String::new();
                std::io::stdin().read_to_string(&mut password)?;
                let password = password.trim_end_matches(['\n', '\r']);
                let (_, actor) = service::accounts::create_account(
                    state,
                    &username,
                    password,
                    email.as_deref(),
                    admin,
                )
                .await?;
                println!("created @{} ({})", actor.acct(), actor.ap_id);
            }
            AccountCommand::List => {
                let mut tx = state.db.read().await?;
                for (name, is_admin, _) in storage::accounts::list(&mut tx).await? {
                    println!("{name}{}", if is_admin { " (admin)" } else { "" });
                }
            }
            AccountCommand::Suspend { account, reason } => {
                let ap_id = service::moderation::suspend(
                    state,
                    Authority::Console,
                    &account,
                    reason.as_deref(),
                )
                .await?;
                println!("suspended {ap_id}");
            }
            AccountCommand::Unsuspend { account } => {
                let ap_id =
                    service::moderation::unsuspend(state, Authority::Console, &account).await?;
                println!("unsuspended {ap_id}");
            }
            AccountCommand::Suspended => {
                for s in service::moderation::suspensions(state, Authority::Console).await? {
                    println!(
                        "{}\t{}\t{}",
                        s.actor,
                        s.handle.unwrap_or_default(),
                        s.reason.unwrap_or_default()
                    );
                }
            }
        },
        AdminCommand::Group { command } => match command {
            GroupCommand::Create(args) => {
                let moderator = match &args.moderator {
                    Some(name) => {
                        let mut tx = state.db.read().await?;
                        Some(
                            storage::actors::local_by_name(&mut tx, name, Some("person"))
                                .await?
                                .ok_or_else(|| anyhow::anyhow!("no member called {name}"))?,
                        )
                    }
                    None => None,
                };
                let group = service::groups::create_group(
                    state,
                    &args.name,
                    &args.display_name,
                    args.summary.as_deref(),
                    args.membership.into(),
                    args.network,
                    moderator.as_ref(),
                )
                .await?;
                println!("created group @{} ({})", group.acct(), group.ap_id);
            }
            GroupCommand::AddModerator { group, username } => {
                let (group_row, member) = {
                    let mut tx = state.db.read().await?;
                    let group_row = storage::actors::local_by_name(&mut tx, &group, Some("group"))
                        .await?
                        .ok_or_else(|| anyhow::anyhow!("no group called {group}"))?;
                    let member = storage::actors::local_by_name(&mut tx, &username, Some("person"))
                        .await?
                        .ok_or_else(|| anyhow::anyhow!("no member called {username}"))?;
                    (group_row, member)
                };
                service::groups::add_moderator(state, &group_row, &member).await?;
                println!("{username} now moderates {group}");
            }
            GroupCommand::List => {
                for group in service::groups::list_local(state).await? {
                    let details = service::groups::details(state, group).await?;
                    println!(
                        "{}\t{}\t{}\t{} members",
                        details.group.username,
                        details.group.display_name.unwrap_or_default(),
                        details.group.membership.unwrap_or_default(),
                        details.members
                    );
                }
            }
        },
        AdminCommand::Backup { .. }
        | AdminCommand::Restore { .. }
        | AdminCommand::Check
        | AdminCommand::MigrateDatabase { .. }
        | AdminCommand::Aggregate { .. } => {
            unreachable!("handled in run, without migrating the database")
        }
        AdminCommand::Digests {
            command: DigestsCommand::Send { all_pending },
        } => {
            let Some(mailer) = crate::email::Mailer::from_config(&state.settings)? else {
                anyhow::bail!(
                    "this node sends no email: set MAILLON_SMTP_HOST and MAILLON_SMTP_FROM"
                );
            };
            let due = if all_pending {
                service::digests::Due::AllPending
            } else {
                service::digests::Due::Scheduled
            };
            let report = service::digests::send_due(state, &mailer, due).await?;
            println!(
                "sent {} digests ({} notifications), {} failed",
                report.sent, report.notifications, report.failed
            );
            if report.failed > 0 {
                anyhow::bail!(
                    "{} digests could not be sent: they wait for the next run",
                    report.failed
                );
            }
        }
        AdminCommand::Domain {
            command: DomainCommand::Silence { domain, reason },
        } => {
            service::moderation::set_domain_policy(
                state,
                Authority::Console,
                &domain,
                DomainPolicy::Silence,
                reason.as_deref(),
            )
            .await?;
            println!("silenced {domain}");
        }
        AdminCommand::Domain {
            command: DomainCommand::Unsilence { domain },
        } => {
            let mut tx = state.db.begin().await?;
            if !storage::moderation::unsilence_domain(&mut tx, &domain.to_ascii_lowercase()).await?
            {
                anyhow::bail!("{domain} was not silenced");
            }
            tx.commit().await?;
            println!("unsilenced {domain}");
        }
        AdminCommand::Domain { command } => {
            let mut tx = state.db.begin().await?;
            match command {
                DomainCommand::Block { domain, reason } => {
                    storage::servers::block_domain(
                        &mut tx,
                        &domain.to_ascii_lowercase(),
                        reason.as_deref(),
                    )
                    .await?;
                    println!("blocked {domain}");
                }
                DomainCommand::Unblock { domain } => {
                    if !storage::servers::unblock_domain(&mut tx, &domain.to_ascii_lowercase())
                        .await?
                    {
                        anyhow::bail!("{domain} was not blocked");
                    }
                    println!("unblocked {domain}");
                }
                DomainCommand::List => {
                    for (domain, reason) in storage::servers::blocked_domains(&mut tx).await? {
                        println!("{domain}\t{}", reason.unwrap_or_default());
                    }
                    for (domain, reason, _) in
                        storage::moderation::silenced_domains(&mut tx).await?
                    {
                        println!("{domain}\t{}\tsilenced", reason.unwrap_or_default());
                    }
                }
                DomainCommand::Silence { .. } | DomainCommand::Unsilence { .. } => {
                    unreachable!("handled above")
                }
            }
            tx.commit().await?;
        }
    }
    Ok(())
}

/// `maillon admin aggregate ...`: fetching groups and signing follows needs the federation
/// configuration, as `serve` builds it; the running node's delivery workers send what is
/// queued here (they poll the queue).
async fn aggregate(config: Config, command: AggregateCommand) -> anyhow::Result<()> {
    let federation = app::prepare(config).await?;
    let data = federation.to_request_data();
    let result =
        match command {
            AggregateCommand::Add { handles } => service::aggregation::add(&data, &handles)
                .await
                .map(|added| {
                    for a in added {
                        let note = if a.already { " (already listed)" } else { "" };
                        println!("{}\t{}{note}", a.group.acct(), a.state);
                    }
                }),
            AggregateCommand::List => service::aggregation::list(&data).await.map(|groups| {
                for g in groups {
                    let last = g
                        .last_activity
                        .and_then(chrono::DateTime::from_timestamp_millis)
                        .map_or_else(|| "-".to_string(), |t| t.to_rfc3339());
                    println!("{}@{}\t{}\t{last}", g.username, g.domain, g.state);
                }
            }),
            AggregateCommand::Remove { handle } => service::aggregation::remove(&data, &handle)
                .await
                .map(|group| println!("no longer aggregating {}", group.acct())),
        };
    data.db.close().await;
    // The service's refusal is already a sentence for the admin.
    Ok(result?)
}
