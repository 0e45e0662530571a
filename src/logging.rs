//! Logs on stderr: text by default, JSON lines when `log_json` is set (`MAILLON_LOG_JSON=1`);
//! the level comes from `RUST_LOG`, by default `info` for the server and `warn` for admin
//! commands (whose stderr is one line on failure, as scripts expect). sqlx's own notices (such
//! as "relation already exists, skipping" during migrations) are kept at `warn`.

use tracing_subscriber::{fmt, EnvFilter};

pub fn init(json: bool, default_level: &str) {
    crate::federation::install_crypto_provider();
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(format!("{default_level},sqlx=warn")));
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json {
        let _ = builder.json().try_init();
    } else {
        let _ = builder.try_init();
    }
}
