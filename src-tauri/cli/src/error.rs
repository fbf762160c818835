//! Why a command failed: one type for every way, so each command reads as its steps, with
//! `?`, and one place decides what the user is told.

use std::io;

use report_core::content::LoadProblem;
use report_core::search::IndexError;

/// A command that could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Whoever read the output stopped (`report-viewer search x | head`): nothing failed
    /// that is worth a message.
    #[error("the output was closed")]
    ClosedOutput,
    #[error("cannot write the output: {0}")]
    Output(io::Error),
    /// The folders to read (the bundled reports missing, a `--content` folder unreadable).
    #[error("{0}")]
    Library(String),
    #[error("no report `{0}`; `report-viewer reports` lists the ids")]
    NoReport(String),
    #[error("no session `{0}`; `report-viewer sessions` lists the ids")]
    NoSession(String),
    /// The session's report file changed since the library was read, and lost it.
    #[error("no session `{id}` in {file} now")]
    SessionGone { id: String, file: String },
    #[error("{0}")]
    Report(#[from] LoadProblem),
    #[error("search index: {0}")]
    Index(#[source] IndexError),
    #[error("search failed: {0}")]
    Search(#[source] IndexError),
    /// `open` was asked of the commands that run without a window.
    #[error("`open` opens the window: run it as `report-viewer open LINK`")]
    NeedsWindow,
}

impl From<io::Error> for CliError {
    fn from(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            CliError::ClosedOutput
        } else {
            CliError::Output(error)
        }
    }
}
