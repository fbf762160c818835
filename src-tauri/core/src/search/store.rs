//! The search index on disk: one per content folder, updated report by report, rebuilt when
//! damaged.
//!
//! Each index lives in a folder named after a key of the content folder and of the index
//! format ([`SCHEMA_VERSION`], the app version). Opening finds that folder and brings the
//! index up to date: only the reports added, changed or removed since it was written are
//! indexed again, in one commit (see [`SearchIndex::update`]). If the folder is missing,
//! incomplete or damaged, a new index is built in a scratch folder beside it and renamed
//! into place only once complete, so a crash halfway leaves whatever index was there before
//! usable, and no reader ever sees a half-built index.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::error::{IndexError, IndexResult};
use super::index::SearchIndex;
use super::schema::SCHEMA_VERSION;
use crate::content::digest::Digest;
use crate::content::Library;

/// Written into an index folder once the index in it is complete.
const COMPLETE_MARKER: &str = "complete";
/// Scratch folders start with this; one older than [`STALE_SCRATCH`] is a crashed build.
const SCRATCH_PREFIX: &str = ".building-";
const STALE_SCRATCH: Duration = Duration::from_secs(3600);
/// A replaced index is moved to a folder starting with this, then deleted.
const TRASH_PREFIX: &str = ".replaced-";
/// The catalog of a content folder is `<its index key><CATALOG_SUFFIX>`.
const CATALOG_SUFFIX: &str = ".catalog";
/// A catalog unchanged this long is removed (its folder is likely gone).
const STALE_CATALOG: Duration = Duration::from_secs(90 * 24 * 3600);
/// Indexes kept, the most recently used first: the bundled reports and a few `--content`
/// folders each keep theirs.
const KEPT_INDEXES: usize = 4;

/// How thoroughly an existing index is checked before use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verify {
    /// Opens it and checks its document count. Damage in the files may go unnoticed until a
    /// search runs into it (and fails, never crashes).
    Quick,
    /// First checks every file against its checksum (reads the whole index).
    Full,
}

/// How the index being used came to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An up-to-date index was found on disk.
    Opened,
    /// The index on disk was brought up to date with the reports that changed.
    Updated(String),
    /// No usable index was on disk; one was built there. The reason says why.
    Built(String),
    /// The index folder cannot be written; the index lives in memory for this run.
    InMemory(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Opened => write!(f, "opened the search index from disk"),
            Origin::Updated(what) => write!(f, "updated the search index ({what})"),
            Origin::Built(why) => write!(f, "built the search index ({why})"),
            Origin::InMemory(why) => write!(f, "search index kept in memory: {why}"),
        }
    }
}

/// Told how many reports of how many a build has indexed so far.
pub type Progress = Arc<dyn Fn(usize, usize) + Send + Sync>;

/// The folder that holds the search indexes of one user.
#[derive(Clone)]
pub struct IndexStore {
    dir: PathBuf,
    progress: Option<Progress>,
}

impl fmt::Debug for IndexStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IndexStore")
            .field("dir", &self.dir)
            .finish()
    }
}

impl IndexStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        IndexStore {
            dir: dir.into(),
            progress: None,
        }
    }

    /// Tells `progress` how a build goes (see [`Progress`]).
    pub fn with_progress(mut self, progress: Progress) -> Self {
        self.progress = Some(progress);
        self
    }

    /// The folder the index of `library` lives in: the index of its first folder. Folders
    /// added to it or removed from it are reports added or removed, which an update
    /// follows report by report, not a new index.
    pub fn index_dir(&self, library: &Library) -> PathBuf {
        let first = library.folders.first().map(|f| f.root.path());
        self.dir.join(format!(
            "{:016x}",
            index_key(first.unwrap_or_else(|| Path::new("")))
        ))
    }

    /// The file the catalog of the content folder `root` (canonical, as
    /// [`crate::content::ContentRoot`] has it) is kept in: beside the indexes, under the key
    /// the folder's own index has.
    pub fn catalog_file(&self, root: &Path) -> PathBuf {
        self.dir
            .join(format!("{:016x}{CATALOG_SUFFIX}", index_key(root)))
    }

    /// Opens the up-to-date index of `library`, or builds it. Never fails for a problem with
    /// the files on disk: it rebuilds, and if the folder cannot be written, builds in memory.
    pub fn open_or_build(
        &self,
        library: &Library,
        verify: Verify,
    ) -> IndexResult<(SearchIndex, Origin)> {
        let target = self.index_dir(library);
        let reason = if target.join(COMPLETE_MARKER).is_file() {
            match open_updated(&target, library, verify) {
                Ok(opened) => {
                    mark_used(&target);
                    return Ok(opened);
                }
                // Another process is writing it: this run reads an index of its own.
                Err(error) if error.is_locked() => {
                    let why = "another window or command is updating the index".to_owned();
                    return Ok((SearchIndex::build_in_ram(library)?, Origin::InMemory(why)));
                }
                Err(error) => format!("the index on disk is damaged: {error}"),
            }
        } else if target.exists() {
            "the index on disk is incomplete".to_owned()
        } else {
            "no index for this content yet".to_owned()
        };
        match self.build(library, &target) {
            Ok(index) => Ok((index, Origin::Built(reason))),
            Err(error) => {
                let why = format!("cannot write {}: {error}", self.dir.display());
                Ok((SearchIndex::build_in_ram(library)?, Origin::InMemory(why)))
            }
        }
    }

    /// Builds the index of `library` anew, replacing the one on disk (which was found damaged
    /// after it was opened). Falls back to memory like [`IndexStore::open_or_build`].
    pub fn rebuild(&self, library: &Library, why: &str) -> IndexResult<(SearchIndex, Origin)> {
        match self.build(library, &self.index_dir(library)) {
            Ok(index) => Ok((index, Origin::Built(why.to_owned()))),
            Err(error) => {
                let why = format!("cannot write {}: {error}", self.dir.display());
                Ok((SearchIndex::build_in_ram(library)?, Origin::InMemory(why)))
            }
        }
    }

    /// Builds the index of `library` in a scratch folder and moves it to `target`.
    fn build(&self, library: &Library, target: &Path) -> Result<SearchIndex, BuildError> {
        fs::create_dir_all(&self.dir)?;
        let scratch = self
            .dir
            .join(format!("{SCRATCH_PREFIX}{}", unique_suffix()));
        fs::create_dir(&scratch)?;
        let progress = |done: usize, total: usize| {
            if let Some(progress) = &self.progress {
                progress(done, total);
            }
        };
        let built = SearchIndex::build_in_dir(&scratch, library, &progress).and_then(|index| {
            fs::write(scratch.join(COMPLETE_MARKER), index.num_docs().to_string())
                .map_err(tantivy::TantivyError::from)?;
            Ok(index)
        });
        let index = match built {
            Ok(index) => index,
            Err(error) => {
                let _ = fs::remove_dir_all(&scratch);
                return Err(error.into());
            }
        };
        drop(index);
        // A damaged or incomplete index of the same content (or one another process just
        // built) is moved aside, not deleted first: between the two renames is the only
        // moment without an index in `target`, and a process reading the old one keeps it.
        let replaced = self.dir.join(format!("{TRASH_PREFIX}{}", unique_suffix()));
        let moved_aside = target.exists() && fs::rename(target, &replaced).is_ok();
        if let Err(error) = fs::rename(&scratch, target) {
            let _ = fs::remove_dir_all(&scratch);
            // Another process may have moved its own build in first; use that one.
            if !target.join(COMPLETE_MARKER).is_file() {
                return Err(error.into());
            }
        }
        if moved_aside {
            if let Err(error) = fs::remove_dir_all(&replaced) {
                log::debug!("could not remove {}: {error}", replaced.display());
            }
        }
        self.remove_others(target);
        Ok(SearchIndex::open_in_dir(target, false)?)
    }

    /// Removes the indexes of other content beyond the [`KEPT_INDEXES`] most recently used,
    /// replaced indexes, and scratch folders of crashed builds.
    fn remove_others(&self, keep: &Path) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        let age = |path: &Path| {
            fs::metadata(path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|modified| modified.elapsed().ok())
        };
        let mut indexes = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            // A catalog is one folder's, and a folder may be in several libraries: it goes
            // when nothing has changed it for a long time (the next reading makes it anew).
            if name.ends_with(CATALOG_SUFFIX) {
                if age(&path).is_some_and(|age| age > STALE_CATALOG) {
                    let _ = fs::remove_file(&path);
                }
                continue;
            }
            if path == keep || !path.is_dir() {
                continue;
            }
            if name.len() == 16 && name.chars().all(|c| c.is_ascii_hexdigit()) {
                let last_used = age(&path.join(COMPLETE_MARKER)).unwrap_or(Duration::MAX);
                indexes.push((last_used, path));
            } else if name.starts_with(TRASH_PREFIX)
                || (name.starts_with(SCRATCH_PREFIX)
                    && age(&path).is_some_and(|age| age > STALE_SCRATCH))
            {
                remove(&path);
            }
        }
        indexes.sort();
        for (_, path) in indexes.iter().skip(KEPT_INDEXES - 1) {
            remove(path);
        }
    }
}

fn remove(path: &Path) {
    if let Err(error) = fs::remove_dir_all(path) {
        log::debug!("could not remove {}: {error}", path.display());
    }
}

/// Records that the index in `dir` was used now, so it is among the last to be removed.
fn mark_used(dir: &Path) {
    let marker = fs::OpenOptions::new()
        .write(true)
        .open(dir.join(COMPLETE_MARKER));
    if let Err(error) = marker.and_then(|file| file.set_modified(SystemTime::now())) {
        log::debug!("could not mark {} as used: {error}", dir.display());
    }
}

/// A name part no other build, in this process or another, uses at the same time.
fn unique_suffix() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos()
    )
}

/// Opens the index in `dir`, brings it up to date with `library` and checks it holds a
/// document for every section.
fn open_updated(
    dir: &Path,
    library: &Library,
    verify: Verify,
) -> IndexResult<(SearchIndex, Origin)> {
    let index = SearchIndex::open_in_dir(dir, verify == Verify::Full)?;
    let origin = match index.update(library)? {
        Some(changes) => Origin::Updated(changes.to_string()),
        None => Origin::Opened,
    };
    index.check_count()?;
    Ok((index, origin))
}

/// The key of the index of the content folder `root`: the folder and the index format. The
/// reports themselves are not part of it: one index per folder follows them as they change.
pub fn index_key(root: &Path) -> u64 {
    Digest::new()
        .field(&SCHEMA_VERSION.to_le_bytes())
        .field(env!("CARGO_PKG_VERSION").as_bytes())
        .field(root.as_os_str().as_encoded_bytes())
        .finish()
}

/// Building on disk failed.
#[derive(Debug)]
enum BuildError {
    Io(io::Error),
    Index(IndexError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Io(error) => error.fmt(f),
            BuildError::Index(error) => error.fmt(f),
        }
    }
}

impl From<io::Error> for BuildError {
    fn from(error: io::Error) -> Self {
        BuildError::Io(error)
    }
}

impl From<IndexError> for BuildError {
    fn from(error: IndexError) -> Self {
        BuildError::Index(error)
    }
}
