//! Report Viewer: read event reports offline and search their sessions.
//!
//! One binary, two faces: with no arguments it opens the reading window ([`app`]); with a
//! subcommand it is a command-line tool ([`cli`]). Both are thin layers over `report-core`,
//! which owns content, Markdown and search.

pub mod app;
pub mod asset_url;
pub mod cli;
pub mod library;
pub mod locations;

use std::process::ExitCode;

/// Entry point of the `report-viewer` binary.
pub fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let args = cli::Args::parse_or_exit();
    init_logging(args.command.is_some());
    match args.command {
        Some(command) => cli::run(command, &args.content),
        None => match app::run(args.content, started) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("report-viewer: {error}");
                ExitCode::FAILURE
            }
        },
    }
}

/// Logs to stderr. The window logs what it does at `info`; the command line only warnings,
/// so its output stays clean for scripts. `RUST_LOG` overrides both.
fn init_logging(command_line: bool) {
    let default = if command_line { "warn" } else { "info" };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(default))
        .format_target(false)
        .init();
}
