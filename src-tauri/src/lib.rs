//! Report Viewer's window: a thin Tauri layer ([`app`]) over `report-core`, which owns
//! content, Markdown and search, and `report-cli`, which owns the command line and what
//! both share (the library's folders, the user's data and settings).
//!
//! Two binaries: `report-viewer` (the command line, from `report-cli`; with no command it
//! starts this one) and `report-viewer-window`, this crate's, which opens the window. It
//! takes the same arguments and runs a command given to it too, so either binary does what
//! its arguments say.

pub mod app;

use std::process::ExitCode;

/// Entry point of the `report-viewer-window` binary.
pub fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let args = report_cli::Args::parse_or_exit();
    report_cli::init_logging(!args.opens_window());
    let link = args.window_link().map(str::to_owned);
    match args.command {
        Some(command) if !matches!(command, report_cli::Command::Open { .. }) => {
            report_cli::run(command, &args.content)
        }
        _ => match app::run(args.content, link, started) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                report_cli::terminal::say(&format!("report-viewer: {error}"));
                ExitCode::FAILURE
            }
        },
    }
}
