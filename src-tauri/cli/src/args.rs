//! The arguments both binaries take: the window's options and the commands.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Read event reports offline and search their sessions.
///
/// With no command, opens the reading window.
#[derive(Debug, Parser)]
#[command(name = "report-viewer", version)]
pub struct Args {
    /// Read reports from DIR (every .md file below it, or the _posts/ of a Jekyll site)
    /// instead of the bundled reports and the folders added in the window; give it again
    /// to read several folders
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Vec<PathBuf>,

    /// Passed by WebKitWebDriver when a test drives the window; nothing to do with it.
    #[arg(long, hide = true)]
    pub automation: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the reports, newest first
    Reports {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// List the sessions of every report
    Sessions {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Print one session (ids are listed by `sessions`)
    Show {
        /// The session id, such as 2019-03-27-google-cloud-kubernetes-day/3
        session_id: String,
        /// Print the sanitized HTML the window shows instead of plain text
        #[arg(long)]
        html: bool,
    },
    /// Open the window at a link (report-viewer://page/…, as "Copy link" makes them); a
    /// window already open on the same library goes there instead
    Open {
        /// The link, such as report-viewer://page/2019-03-27-google-cloud-kubernetes-day/3
        link: String,
    },
    /// Search the sessions, as the search box does: every word must occur in the same section
    Search {
        /// Words to find, joined with spaces as one query; a phrase in double quotes inside
        /// the query must occur as written: search '"Cloud NAT"'
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// Most sections to list
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
        /// Search only the report of this id (ids are listed by `reports`)
        #[arg(long, value_name = "ID")]
        report: Option<String>,
    },
}

impl Args {
    /// Parses the process arguments; on a usage error prints it and exits with status 2.
    pub fn parse_or_exit() -> Args {
        Args::parse_from(link_alone_means_open(std::env::args_os().collect()))
    }

    /// Parses the arguments of another start of the app (the first is the program's path).
    pub fn try_from_args(args: Vec<String>) -> Result<Args, String> {
        let args = link_alone_means_open(args.into_iter().map(OsString::from).collect());
        Args::try_parse_from(args).map_err(|error| error.to_string())
    }

    /// The link the window is to open at (`open LINK`).
    pub fn window_link(&self) -> Option<&str> {
        match &self.command {
            Some(Command::Open { link }) => Some(link),
            _ => None,
        }
    }

    /// Whether these arguments open the window (no command, or `open`).
    pub fn opens_window(&self) -> bool {
        matches!(self.command, None | Some(Command::Open { .. }))
    }
}

/// The desktop opens a link by starting the app with the link alone (the desktop entry's
/// `Exec=report-viewer-window %u`), and so do browsers and `xdg-open`: that means
/// `open LINK`. Only a `report-viewer:` link is taken so; any other word stays a command,
/// and a mistyped one is told as such.
fn link_alone_means_open(mut args: Vec<OsString>) -> Vec<OsString> {
    let scheme = format!("{}:", report_core::link::SCHEME);
    let mut at = 1;
    while let Some(arg) = args.get(at).and_then(|a| a.to_str()) {
        match arg {
            "--content" => at += 2,
            option if option.starts_with('-') => at += 1,
            word => {
                let is_link = word
                    .get(..scheme.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(&scheme));
                if is_link {
                    args.insert(at, "open".into());
                }
                break;
            }
        }
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, String> {
        Args::try_from_args(args.iter().map(|a| a.to_string()).collect())
    }

    #[test]
    fn a_link_alone_opens_the_window_there() {
        let link = "report-viewer://page/r/1";
        for args in [
            vec!["report-viewer-window", link],
            vec!["report-viewer-window", "open", link],
            vec!["report-viewer", "--content", "/x", link],
            vec!["report-viewer", "--content=/x", "REPORT-VIEWER://page/r/1"],
        ] {
            let parsed = parse(&args).unwrap();
            assert!(parsed.opens_window(), "{args:?}");
            assert!(
                parsed.window_link().unwrap().eq_ignore_ascii_case(link),
                "{args:?}"
            );
        }
        let commands = parse(&["report-viewer", "--content", "/x", "sessions"]).unwrap();
        assert!(!commands.opens_window());
        let plain = parse(&["report-viewer"]).unwrap();
        assert!(plain.opens_window());
        assert_eq!(plain.window_link(), None);
        // Anything else is no link: a mistyped command stays one, and is told as such.
        for args in [
            &["report-viewer", "serch"][..],
            &["report-viewer", "https://x/"],
        ] {
            let error = parse(args).unwrap_err();
            assert!(
                error.contains("unrecognized subcommand"),
                "{args:?}: {error}"
            );
        }
    }
}
