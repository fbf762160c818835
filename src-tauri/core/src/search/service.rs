//! The search index behind a handle the app can use from the first frame.
//!
//! Opening or building the index runs on a blocking task, so the window is usable at once;
//! until the index is ready, searches answer [`SearchError::NotReady`] and the status says
//! why. An index from disk is opened after a quick check and used at once, then read in
//! full in the background; one found damaged (then, or later by a search that runs into
//! damaged data, which fails and never crashes) is rebuilt from the content and swapped in.
//! Only one rebuild runs at a time, and while it runs searches keep answering from the index
//! there was: every search sees one complete index, the old or the new, never none.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use serde::Serialize;
use tokio::runtime::Handle;
use tokio::sync::watch;

use super::error::{IndexError, IndexResult};
use super::hits::Hit;
use super::index::{Scope, SearchIndex};
use super::store::{IndexStore, Origin, Verify};
use crate::content::Library;

/// Where the index is, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SearchStatus {
    /// The index is being opened or brought up to date.
    Preparing,
    /// The index is being built: `done` of `total` reports are in.
    Indexing { done: usize, total: usize },
    /// Searches work. `detail` tells how the index came to be.
    Ready { detail: String },
    /// No index could be made, not even in memory.
    Failed { message: String },
}

impl SearchStatus {
    /// Ready or failed: not on the way to either.
    pub fn is_settled(&self) -> bool {
        matches!(
            self,
            SearchStatus::Ready { .. } | SearchStatus::Failed { .. }
        )
    }
}

/// Why a search gave no results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchError {
    NotReady,
    Failed(String),
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::NotReady => write!(f, "the search index is still being prepared"),
            SearchError::Failed(message) => write!(f, "search failed: {message}"),
        }
    }
}

impl std::error::Error for SearchError {}

/// A shareable handle to the library's search index.
#[derive(Clone)]
pub struct SearchService {
    inner: Arc<Inner>,
}

struct Inner {
    /// The reports as they are now; replaced by [`SearchService::follow`].
    library: RwLock<Arc<Library>>,
    /// The library changed since the index was last brought up to date.
    stale: AtomicBool,
    store: Option<IndexStore>,
    index: RwLock<Option<Arc<SearchIndex>>>,
    status: watch::Sender<SearchStatus>,
    rebuilding: AtomicBool,
    /// Whether an index was asked for: not yet by a service [`SearchService::awaiting`]
    /// its library.
    begun: AtomicBool,
    runtime: Handle,
}

impl SearchService {
    /// Starts preparing the index of `library` on `runtime`. Without a `store`, the index is
    /// built in memory.
    pub fn start(library: Arc<Library>, store: Option<IndexStore>, runtime: Handle) -> Self {
        let service = Self::awaiting(store, runtime);
        service.follow(library);
        service
    }

    /// A service whose library is still being read: it says it is preparing, and starts
    /// preparing the index (opening the one on disk, as [`SearchService::start`] does) when
    /// [`SearchService::follow`] first gives it the library. Never from an empty stand-in
    /// library, which would empty a good index on disk only to fill it again.
    pub fn awaiting(store: Option<IndexStore>, runtime: Handle) -> Self {
        let (status, _) = watch::channel(SearchStatus::Preparing);
        // A build says how far it is, for the window's search status.
        let progress_status = status.clone();
        let store = store.map(|store| {
            store.with_progress(Arc::new(move |done, total| {
                progress_status.send_replace(SearchStatus::Indexing { done, total });
            }))
        });
        SearchService {
            inner: Arc::new(Inner {
                library: RwLock::new(Arc::new(Library::empty())),
                stale: AtomicBool::new(false),
                store,
                index: RwLock::new(None),
                status,
                // Claimed until the library comes: no update may run before it.
                rebuilding: AtomicBool::new(true),
                begun: AtomicBool::new(false),
                runtime,
            }),
        }
    }

    pub fn status(&self) -> SearchStatus {
        self.inner.status.borrow().clone()
    }

    /// The status now and every change after it: a rebuild sets it back to
    /// [`SearchStatus::Preparing`], then to ready again.
    pub fn watch(&self) -> watch::Receiver<SearchStatus> {
        self.inner.status.subscribe()
    }

    /// Waits until the index is ready (or failed) and returns that status.
    pub async fn ready(&self) -> SearchStatus {
        let mut receiver = self.inner.status.subscribe();
        let status = receiver
            .wait_for(SearchStatus::is_settled)
            .await
            .map(|status| status.clone());
        status.unwrap_or_else(|_| self.status())
    }

    /// Rebuilds the index from the content in the background, unless a rebuild is already
    /// running. Searches go on answering from the current index until the new one is in.
    pub fn rebuild(&self, why: &str) {
        self.inner.rebuild_in_background(why.to_owned());
    }

    /// Follows a new version of the reports (a file was saved, added or removed): the index
    /// is brought up to date in the background, only the reports that changed indexed again,
    /// and searches answer from the current index meanwhile. Changes that come while an
    /// update runs are taken up by another when it ends.
    pub fn follow(&self, library: Arc<Library>) {
        *self
            .inner
            .library
            .write()
            .unwrap_or_else(|p| p.into_inner()) = library;
        if !self.inner.begun.swap(true, Ordering::SeqCst) {
            // The first library: open (or build) the index, with the claim held since
            // `awaiting`.
            let inner = Arc::clone(&self.inner);
            self.inner.runtime.spawn_blocking(move || inner.prepare());
            return;
        }
        self.inner.stale.store(true, Ordering::SeqCst);
        self.inner.update_in_background();
    }

    /// Searches, best first, at most `limit` hits.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        self.search_in(query, limit, &Scope::All)
    }

    /// Searches the reports of `scope`, best first, at most `limit` hits.
    pub fn search_in(
        &self,
        query: &str,
        limit: usize,
        scope: &Scope,
    ) -> Result<Vec<Hit>, SearchError> {
        let index = self
            .inner
            .index
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        let Some(index) = index else {
            return match self.status() {
                SearchStatus::Failed { message } => Err(SearchError::Failed(message)),
                _ => Err(SearchError::NotReady),
            };
        };
        index.search_in(query, limit, scope).map_err(|error| {
            // A search still running on an index that has since been replaced (a damaged one
            // answers while its replacement is built) says nothing about the new one.
            let current = self
                .inner
                .index
                .read()
                .ok()
                .and_then(|guard| guard.clone())
                .is_some_and(|installed| Arc::ptr_eq(&installed, &index));
            if error.is_damage() && current {
                log::warn!("search failed, rebuilding the index: {error}");
                self.inner
                    .rebuild_in_background(format!("a search failed: {error}"));
            } else {
                log::warn!("search failed: {error}");
            }
            SearchError::Failed(error.to_string())
        })
    }
}

impl Inner {
    fn library(&self) -> Arc<Library> {
        Arc::clone(&self.library.read().unwrap_or_else(|p| p.into_inner()))
    }

    fn prepare(self: Arc<Self>) {
        let library = self.library();
        let result = unpanicked(|| match &self.store {
            Some(store) => store.open_or_build(&library, Verify::Quick),
            None => SearchIndex::build_in_ram(&library)
                .map(|index| (index, Origin::InMemory("no data folder".into()))),
        });
        let opened = matches!(result, Ok((_, Origin::Opened | Origin::Updated(_))));
        // Still claimed (from `start`) while the full check runs, so a failing search does
        // not start a second rebuild beside the one the check may start.
        self.install(result);
        if opened {
            self.verify_in_full();
        } else {
            self.release();
        }
    }

    /// Brings the index up to date with the library until no change is left, unless an
    /// update or rebuild is running (which takes the change up when it ends).
    fn update_in_background(self: &Arc<Self>) {
        if self.rebuilding.swap(true, Ordering::SeqCst) {
            return;
        }
        let inner = Arc::clone(self);
        self.runtime.spawn_blocking(move || {
            while inner.stale.swap(false, Ordering::SeqCst) {
                let library = inner.library();
                inner.status.send_replace(SearchStatus::Preparing);
                let result = unpanicked(|| match &inner.store {
                    Some(store) => store.open_or_build(&library, Verify::Quick),
                    None => SearchIndex::build_in_ram(&library)
                        .map(|index| (index, Origin::InMemory("no data folder".into()))),
                });
                inner.install(result);
            }
            inner.release();
        });
    }

    /// Releases the rebuild claim; a change that came while it was held is taken up now.
    fn release(self: &Arc<Self>) {
        self.rebuilding.store(false, Ordering::SeqCst);
        if self.stale.load(Ordering::SeqCst) {
            self.update_in_background();
        }
    }

    /// Reads the whole index just opened; rebuilds it if any file is damaged. Runs with the
    /// rebuild claimed, and releases it.
    fn verify_in_full(self: &Arc<Self>) {
        let index = self.index.read().ok().and_then(|guard| guard.clone());
        match index.map(|index| index.verify()) {
            Some(Err(error)) => {
                log::warn!("the search index is damaged, rebuilding it: {error}");
                self.rebuild(format!("the index on disk was damaged: {error}"));
            }
            _ => self.release(),
        }
    }

    /// Starts a rebuild unless one is already running (or the index is being checked).
    fn rebuild_in_background(self: &Arc<Self>, why: String) {
        if self.rebuilding.swap(true, Ordering::SeqCst) {
            return;
        }
        let inner = Arc::clone(self);
        self.runtime.spawn_blocking(move || inner.rebuild(why));
    }

    /// Rebuilds the index. The caller holds the rebuild claim; this releases it.
    /// Searches meanwhile use the index being replaced: a damaged one still answers most
    /// of them, and one that fails says so, where no index would leave every search empty.
    fn rebuild(self: &Arc<Self>, why: String) {
        self.status.send_replace(SearchStatus::Preparing);
        let library = self.library();
        let result = unpanicked(|| match &self.store {
            Some(store) => store.rebuild(&library, &why),
            None => SearchIndex::build_in_ram(&library)
                .map(|index| (index, Origin::InMemory("no data folder".into()))),
        });
        self.install(result);
        self.release();
    }

    /// Makes `result` the index searches use and announces it.
    fn install(&self, result: IndexResult<(SearchIndex, Origin)>) {
        let status = match result {
            Ok((index, origin)) => {
                match &origin {
                    Origin::InMemory(_) => log::warn!("{origin}"),
                    _ => log::info!("{origin}: {} sections", index.num_docs()),
                }
                *self.index.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(index));
                SearchStatus::Ready {
                    detail: origin.to_string(),
                }
            }
            Err(error) => {
                log::error!("no search index: {error}");
                SearchStatus::Failed {
                    message: error.to_string(),
                }
            }
        };
        self.status.send_replace(status);
    }
}

/// Runs `work` so that a panic becomes a failed status instead of a task that silently died
/// and left the window waiting for an index forever.
fn unpanicked(
    work: impl FnOnce() -> IndexResult<(SearchIndex, Origin)>,
) -> IndexResult<(SearchIndex, Origin)> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|_| {
        Err(IndexError::Panicked {
            what: "preparing the search index",
            message: "unexpectedly".into(),
        })
    })
}
