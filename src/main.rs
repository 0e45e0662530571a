//! `maillon`: parse the command line, set up logging, run.

use clap::Parser;

fn main() {
    let cli = maillon::cli::Cli::parse();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    if let Err(err) = runtime.block_on(maillon::cli::run(cli)) {
        // One line on stderr, as admins' scripts expect.
        let message = format!("{err:#}").replace('\n', " ");
        eprintln!("maillon: {message}");
        std::process::exit(1);
    }
}
