//! What the commands share.

use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use report_core::content::Library;
use report_core::search::SearchService;
use tokio::sync::watch;

use report_cli::settings::Settings;

/// State managed by the app, read by every command.
pub struct AppState {
    /// The reports as they are now: replaced whole when the content folder changes, so a
    /// command works on one consistent version from start to end.
    library: RwLock<Arc<Library>>,
    /// Counts the versions of the library the window has been told about.
    versions: watch::Sender<LibraryVersion>,
    pub search: SearchService,
    pub settings: Mutex<Settings>,
    pub started: Instant,
}

/// What the window is told when the library changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LibraryVersion {
    /// Goes up by one with every change the window should show.
    pub version: u64,
    /// Whether changes are seen as they happen; if not, the window asks for a check when it
    /// gets the focus.
    pub watching: bool,
    /// Whether the library is still being read (a first start): the window says so until
    /// the next version.
    pub reading: bool,
}

impl AppState {
    /// The state of an app showing `library`, or, when `reading`, waiting for it (`library`
    /// stands for it meanwhile, and `search` awaits it).
    pub fn new(
        library: Arc<Library>,
        reading: bool,
        search: SearchService,
        settings: Settings,
        started: Instant,
    ) -> Self {
        let (versions, _) = watch::channel(LibraryVersion {
            version: 0,
            watching: false,
            reading,
        });
        AppState {
            library: RwLock::new(library),
            versions,
            search,
            settings: Mutex::new(settings),
            started,
        }
    }

    /// The library as it is now.
    pub fn library(&self) -> Arc<Library> {
        Arc::clone(&self.library.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// Makes `library` the one every command reads and the index follows, and tells the
    /// window.
    pub fn replace_library(&self, library: Arc<Library>) {
        *self.library.write().unwrap_or_else(|p| p.into_inner()) = Arc::clone(&library);
        self.search.follow(library);
        self.versions.send_modify(|current| {
            current.version += 1;
            current.reading = false;
        });
    }

    /// Shows the library read since the window opened, unless another took its place
    /// meanwhile (a folder added from the window reads them all).
    pub fn library_read(&self, library: Arc<Library>) {
        if self.versions.borrow().reading {
            self.replace_library(library);
        }
    }

    /// Whether the library is still being read (a first start).
    pub fn reading(&self) -> bool {
        self.versions.borrow().reading
    }

    /// Records whether the content folder is watched.
    pub fn set_watching(&self, watching: bool) {
        self.versions
            .send_modify(|current| current.watching = watching);
    }

    /// The library's version now and at every change.
    pub fn versions(&self) -> watch::Receiver<LibraryVersion> {
        self.versions.subscribe()
    }
}
