//! The command line of Report Viewer, and what it shares with the window: which folders
//! make the library, where the user's data lives, and the settings.
//!
//! `report-viewer` is this crate's binary. With a command it runs it here; with none it
//! becomes the window, `report-viewer-window`, installed beside it ([`window`]). The two
//! binaries exist for speed: the window links WebKitGTK and its ~170 shared libraries,
//! whose loading alone cost every command about 40 ms before `main` ran. Nothing here links
//! them, so a search pays only for the search.
//!
//! Exit codes: 0 success, 2 usage error, 1 any other error (including a report file that
//! could not be loaded: the output for the other reports is still printed, as `grep` does
//! when one of its files is unreadable).

pub mod args;
pub mod asset_url;
mod commands;
pub mod error;
pub mod library;
pub mod locations;
pub mod settings;
pub mod terminal;
pub mod window;

use std::path::PathBuf;
use std::process::ExitCode;

pub use args::{Args, Command};
use report_core::link::Link;

/// The app's identifier (`identifier` in `tauri.conf.json`): it names the folders of the
/// user's data and settings, shared by the window and the commands.
pub const IDENTIFIER: &str = "org.reportviewer.desktop";

/// The app's name (`productName` in `tauri.conf.json`): it names the folder the package
/// installs the bundled reports in.
pub const PRODUCT_NAME: &str = "Report Viewer";

/// Entry point of the `report-viewer` binary.
pub fn main() -> ExitCode {
    let args = Args::parse_or_exit();
    let link = args.window_link().map(str::to_owned);
    if let Some(command) = args.command.filter(|c| !matches!(c, Command::Open { .. })) {
        init_logging(true);
        return run(command, &args.content);
    }
    // From a shell, a mistyped link or command is said here; the window shows what a link
    // from elsewhere (a browser, another app) gets wrong.
    if let Some((link, Err(error))) = link.as_deref().map(|l| (l, Link::parse(l))) {
        terminal::say(&format!(
            "report-viewer: {}: {error}; `report-viewer --help` lists the commands",
            terminal::clean(link)
        ));
        return ExitCode::from(2);
    }
    // The same arguments, for the window to parse again: it takes the same ones.
    window::open(std::env::args_os().skip(1))
}

/// Runs a command and returns the process exit code.
pub fn run(command: Command, content: &[PathBuf]) -> ExitCode {
    match commands::run(command, content) {
        Ok(commands::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(commands::Outcome::WithProblems) => ExitCode::FAILURE,
        Err(error) => {
            terminal::say(&format!(
                "report-viewer: {}",
                terminal::clean(&error.to_string())
            ));
            ExitCode::FAILURE
        }
    }
}

/// Logs to stderr. The window logs what it does at `info`; the command line only warnings,
/// so its output stays clean for scripts. `RUST_LOG` overrides both.
pub fn init_logging(command_line: bool) {
    let default = if command_line { "warn" } else { "info" };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(default))
        .format_target(false)
        .init();
}
