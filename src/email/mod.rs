//! Outgoing email: the SMTP connection built from the configuration (`MAILLON_SMTP_*`) and
//! sending one message. `digest` writes the digest emails; `service::digests` decides when
//! and to whom they go.

pub mod digest;

use std::time::Duration;

use lettre::{
    message::{Mailbox, MultiPart},
    transport::smtp::authentication::Credentials,
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

use crate::config::{Config, SmtpTls};

/// How long one SMTP exchange may take; digests claimed for longer are taken as abandoned
/// (`service::digests::STALE_AFTER` is well above it).
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(60);

/// An email ready to go: subject, plain text and its HTML alternative.
#[derive(Debug, Clone)]
pub struct Mail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The node's SMTP connection settings and sender.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The host part of Message-IDs.
    domain: String,
}

impl Mailer {
    /// `None` when the node sends no email (no SMTP server or sender configured).
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Mailer>> {
        let (Some(host), Some(from)) = (&config.smtp_host, &config.smtp_from) else {
            return Ok(None);
        };
        let mut builder = match config.smtp_tls {
            // Plain text: only for a server on this machine or a trusted network.
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
        };
        let port = config.smtp_port.unwrap_or(match config.smtp_tls {
            SmtpTls::None => 25,
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
        });
        builder = builder.port(port).timeout(Some(SMTP_TIMEOUT));
        if let (Some(user), Some(password)) = (&config.smtp_username, &config.smtp_password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Some(Mailer {
            transport: builder.build(),
            from: from
                .parse()
                .map_err(|e| anyhow::anyhow!("MAILLON_SMTP_FROM: {e}"))?,
            domain: config
                .domain
                .split(':')
                .next()
                .unwrap_or("localhost")
                .into(),
        }))
    }

    /// Sends `mail` to `to`; `id` makes its Message-ID (`<digest-ID@domain>`).
    pub async fn send(&self, to: Mailbox, id: &str, mail: &Mail) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .message_id(Some(format!("<{id}@{}>", self.domain)))
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))?;
        self.transport.send(message).await?;
        Ok(())
    }
}
