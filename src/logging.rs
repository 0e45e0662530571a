//! Logs: text by default, JSON lines with `MAILLON_LOG_JSON=1`; level from `RUST_LOG`
//! (default `info`).

use tracing_subscriber::{fmt, EnvFilter};

pub fn init() {
    crate::federation::install_crypto_provider();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var("MAILLON_LOG_JSON").is_ok_and(|v| v == "1" || v == "true");
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json {
        let _ = builder.json().try_init();
    } else {
        let _ = builder.try_init();
    }
}
