//! The library at start: read before the window opens when that is quick (a start with
//! catalogs), else read while the window shows that it is reading (a first start, which
//! parses every report) and shown when it comes.

use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use report_cli::library::Sources;
use report_cli::terminal;
use report_core::content::{Library, LoadProblem};
use tauri::{Manager, Runtime};

use super::{live, AppState};

/// How long a start waits for the library before it opens the window without it. A start
/// with catalogs takes a fraction of this even at thousands of reports; a first start, which
/// parses every report, takes seconds, and the window then says it is reading them.
const LIBRARY_WAIT: Duration = Duration::from_millis(500);

/// The library an app starts with.
pub enum StartLibrary {
    /// Read already.
    Read(Arc<Library>),
    /// Still being read: it comes through this channel, and the window shows it then
    /// (see [`receive_library`]).
    Reading(mpsc::Receiver<Result<Library, String>>),
}

/// The library still being read, for [`receive_library`] to wait for.
pub(super) struct LibraryToCome(Mutex<Option<mpsc::Receiver<Result<Library, String>>>>);

impl LibraryToCome {
    pub(super) fn new(to_come: Option<mpsc::Receiver<Result<Library, String>>>) -> Self {
        LibraryToCome(Mutex::new(to_come))
    }
}

/// Watches the library's folders; if the library is still being read, first waits for it
/// (off the window's thread) and shows it.
pub fn receive_library<R: Runtime>(app: &tauri::AppHandle<R>) {
    let to_come = app
        .state::<LibraryToCome>()
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take();
    let Some(to_come) = to_come else {
        live::start(app);
        return;
    };
    let app = app.clone();
    std::thread::spawn(move || {
        let library = match to_come.recv() {
            Ok(Ok(library)) => library,
            Ok(Err(message)) => unreadable(message),
            Err(_) => unreadable("reading the reports failed unexpectedly".into()),
        };
        for problem in &library.problems {
            log::warn!("{}", terminal::clean(&problem.to_string()));
        }
        app.state::<AppState>().library_read(Arc::new(library));
        live::start(&app);
    });
}

/// A library of no reports that says why.
fn unreadable(message: String) -> Library {
    let mut library = Library::empty();
    library.problems.push(LoadProblem {
        path: PathBuf::new(),
        line: None,
        message,
    });
    library
}

/// Reads the library of `sources`, waiting for it [`LIBRARY_WAIT`] at most: if it takes
/// longer (a first start, with no catalog yet), the window opens meanwhile.
pub(super) fn read_library(sources: &Sources) -> Result<StartLibrary, String> {
    let (sender, receiver) = mpsc::channel();
    let dirs = sources.dirs.clone();
    std::thread::Builder::new()
        .name("library".into())
        .spawn(move || {
            let _ = sender.send(report_cli::library::load(&dirs));
        })
        .map_err(|error| format!("cannot read the reports: {error}"))?;
    match receiver.recv_timeout(LIBRARY_WAIT) {
        Ok(library) => {
            let library = library?;
            for problem in &library.problems {
                log::warn!("{}", terminal::clean(&problem.to_string()));
            }
            Ok(StartLibrary::Read(Arc::new(library)))
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            log::info!("the reports take a while to read: the window opens meanwhile");
            Ok(StartLibrary::Reading(receiver))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err("reading the reports failed unexpectedly".into())
        }
    }
}
