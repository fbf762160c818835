//! The arguments both binaries take: the window's options and the commands.

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
        Args::parse()
    }
}
