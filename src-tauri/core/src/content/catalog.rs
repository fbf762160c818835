//! The catalog: what listing a report and finding its pages needs, kept between runs.
//!
//! Parsing 10,000 reports takes seconds; reading what they were takes milliseconds. So each
//! report is kept as a [`ReportEntry`] (title, date, categories, sessions with their
//! speakers and images, the file's digest) with the [`Stamp`] its file had when it was read.
//! The next start looks at each file's metadata only: a file with the same stamp is taken
//! from the catalog unread; one whose stamp changed is read and hashed, and parsed only when
//! its bytes changed, so a file that was merely touched costs a read, not a parse.
//!
//! A file changed within the timestamp resolution of its last reading could keep its stamp,
//! so, as git does for its index, an entry whose file was modified shortly before the stamps
//! were taken is "racy" and hashed again next time ([`RACY_NANOS`]).
//!
//! The catalog is one versioned binary file, replaced atomically ([`crate::storage`]) but
//! not waited onto the disk: it is a cache. One from
//! another version or another folder, or damaged, is ignored and written anew; the reports
//! are then read as if there were none, so nothing is lost.

use std::fmt;
use std::fs::{self, Metadata};
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::report::Report;
use crate::markdown::ImageRef;
use crate::storage;

/// Changes with anything that changes what an entry holds or means.
pub const CATALOG_VERSION: u32 = 1;

/// A file modified this shortly before its stamp was taken may change again within the
/// same timestamp: it is hashed again at the next reading.
pub const RACY_NANOS: i64 = 2_000_000_000;

/// What the sidebar, the command line and the search index need of one report, without
/// reading its file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportEntry {
    /// Unique within a library (see [`super::discovery`]).
    pub id: String,
    /// Path of the report file relative to the content folder, `/`-separated.
    pub file: String,
    pub title: String,
    pub date: Option<String>,
    pub categories: Vec<String>,
    /// Digest of the file's bytes, what the search index records of each report.
    pub digest: u64,
    /// Whether there is text before the first session: the report's overview page.
    pub has_overview: bool,
    pub overview_images: Vec<ImageRef>,
    pub sessions: Vec<SessionEntry>,
    /// The file's metadata when it was read; `None` for a file reached through a link, which
    /// is read again every time.
    pub stamp: Option<Stamp>,
    /// Which folder of its library the report is in (each folder has its own catalog).
    #[serde(skip)]
    pub folder: usize,
}

/// One session of a [`ReportEntry`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionEntry {
    /// `<report id>/<number>`.
    pub id: String,
    pub number: usize,
    pub title: String,
    /// 1-based line of the session's heading in the report file.
    pub line: usize,
    pub speakers: Vec<String>,
    /// The images as written; whether each file is there is looked up when shown.
    pub images: Vec<ImageRef>,
}

impl ReportEntry {
    /// The entry of a report just parsed from a file that had `stamp`.
    pub fn of(report: &Report, stamp: Option<Stamp>) -> Self {
        ReportEntry {
            id: report.id.clone(),
            file: report.file.clone(),
            title: report.title.clone(),
            date: report.date.clone(),
            categories: report.categories.clone(),
            digest: report.digest,
            has_overview: !report.overview.outline.sections.is_empty(),
            overview_images: report.overview.outline.images.clone(),
            sessions: report
                .sessions
                .iter()
                .map(|session| SessionEntry {
                    id: session.id.clone(),
                    number: session.number,
                    title: session.title.clone(),
                    line: session.line,
                    speakers: session.speakers.clone(),
                    images: session.body.outline.images.clone(),
                })
                .collect(),
            stamp,
            folder: 0,
        }
    }

    pub fn session(&self, id: &str) -> Option<&SessionEntry> {
        self.sessions.iter().find(|s| s.id == id)
    }

    /// Folder of the report file relative to the content folder (`_posts`), for images.
    pub fn dir(&self) -> &str {
        self.file.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// Whether the file may have changed without its stamp changing: it was modified less
    /// than [`RACY_NANOS`] before `checked` (when the stamps were taken).
    pub fn is_racy(&self, checked: i64) -> bool {
        self.stamp
            .is_none_or(|stamp| stamp.modified_nanos > checked.saturating_sub(RACY_NANOS))
    }
}

/// What tells that a file is unchanged without reading it: its size, modification and
/// status-change times and, on Unix, its inode (an editor that saves by renaming a new file
/// over the old one gives it a new inode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub len: u64,
    pub modified_nanos: i64,
    pub changed_nanos: i64,
    pub inode: u64,
}

impl Stamp {
    /// The stamp of a regular file from its `symlink_metadata`; `None` for anything else (a
    /// link is read through, and checked, every time).
    pub fn of(metadata: &Metadata) -> Option<Stamp> {
        if !metadata.file_type().is_file() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let nanos = |secs: i64, nanos: i64| secs.saturating_mul(1_000_000_000) + nanos;
            Some(Stamp {
                len: metadata.len(),
                modified_nanos: nanos(metadata.mtime(), metadata.mtime_nsec()),
                changed_nanos: nanos(metadata.ctime(), metadata.ctime_nsec()),
                inode: metadata.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            let modified = metadata.modified().ok().map_or(0, unix_nanos);
            Some(Stamp {
                len: metadata.len(),
                modified_nanos: modified,
                changed_nanos: modified,
                inode: 0,
            })
        }
    }
}

/// Nanoseconds since the Unix epoch (negative before it), saturating.
pub fn unix_nanos(time: std::time::SystemTime) -> i64 {
    match time.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_nanos()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_nanos()).unwrap_or(i64::MAX),
    }
}

/// The catalog of one content folder, as read from its file.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    pub entries: Vec<ReportEntry>,
    /// When the stamps of the entries were taken (see [`ReportEntry::is_racy`]).
    pub checked: i64,
}

/// What a catalog file starts with, before its version (`u32`, little-endian) and its body
/// (postcard: compact and read in a few milliseconds where JSON of the same 10,000
/// entries takes tens).
const MAGIC: &[u8; 8] = b"RVCATLG\0";

/// The file's body.
#[derive(Serialize, Deserialize)]
struct Body {
    root: String,
    checked: i64,
    entries: Vec<ReportEntry>,
}

/// Why a catalog file was not used.
#[derive(Debug)]
pub enum CatalogError {
    Missing,
    Unreadable(io::Error),
    Damaged(String),
    OtherVersion(u32),
    OtherFolder(String),
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogError::Missing => write!(f, "no catalog yet"),
            CatalogError::Unreadable(error) => write!(f, "the catalog cannot be read: {error}"),
            CatalogError::Damaged(error) => write!(f, "the catalog is damaged: {error}"),
            CatalogError::OtherVersion(version) => {
                write!(f, "the catalog is of another version ({version})")
            }
            CatalogError::OtherFolder(root) => {
                write!(f, "the catalog is of another folder ({root})")
            }
        }
    }
}

impl Catalog {
    /// Reads the catalog of the content folder `root` from `path`.
    pub fn read(path: &Path, root: &Path) -> Result<Catalog, CatalogError> {
        let bytes = fs::read(path).map_err(|error| match error.kind() {
            io::ErrorKind::NotFound => CatalogError::Missing,
            _ => CatalogError::Unreadable(error),
        })?;
        let body = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or_else(|| CatalogError::Damaged("not a catalog file".into()))?;
        let (version, body) = body
            .split_first_chunk::<4>()
            .ok_or_else(|| CatalogError::Damaged("cut short".into()))?;
        let version = u32::from_le_bytes(*version);
        if version != CATALOG_VERSION {
            return Err(CatalogError::OtherVersion(version));
        }
        let (body, rest) = postcard::take_from_bytes::<Body>(body)
            .map_err(|error| CatalogError::Damaged(error.to_string()))?;
        if !rest.is_empty() {
            return Err(CatalogError::Damaged("bytes after the end".into()));
        }
        if body.root != root_key(root) {
            return Err(CatalogError::OtherFolder(body.root));
        }
        Ok(Catalog {
            entries: body.entries,
            checked: body.checked,
        })
    }

    /// Writes `entries` as the catalog of `root` at `path`, atomically.
    pub fn write(
        path: &Path,
        root: &Path,
        entries: &[ReportEntry],
        checked: i64,
    ) -> io::Result<()> {
        #[derive(Serialize)]
        struct Borrowed<'a> {
            root: String,
            checked: i64,
            entries: &'a [ReportEntry],
        }
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&CATALOG_VERSION.to_le_bytes());
        let body = postcard::to_stdvec(&Borrowed {
            root: root_key(root),
            checked,
            entries,
        })
        .map_err(io::Error::other)?;
        bytes.extend_from_slice(&body);
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the catalog path names no file",
            ));
        };
        let name = name.to_string_lossy();
        storage::remove_leftovers(dir, &name);
        // A cache: a catalog cut short by a crash reads as damaged and is made again.
        storage::replace_cache(dir, &name, &bytes)
    }
}

fn root_key(root: &Path) -> String {
    root.to_string_lossy().into_owned()
}
