//! A library: every report of a content folder.
//!
//! Which files are reports, and their ids, is [`super::discovery`]'s to say: every Markdown
//! file at any depth, or a Jekyll site's `_posts/`. Images resolve against the folder
//! (`/images/x.png` in a post is `DIR/images/x.png`). A file that cannot be read is reported
//! with its name and line and skipped, and the other reports still load: that includes
//! anything that only looks like a report (a FIFO, a folder or a link to a file outside the
//! folder named `*.md`, a file over [`MAX_REPORT_BYTES`]) and a file that makes the parser
//! fail in any way.
//!
//! With a catalog ([`super::catalog`]), only files that changed since are read.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::SystemTime;

use super::assets::ContentRoot;
use super::catalog::{unix_nanos, Catalog, CatalogError, ReportEntry, SessionEntry, Stamp};
use super::discovery::{discover_among, Found};
use super::files::{self, MAX_REPORT_BYTES};
use super::images::{Image, ImageLocator};
use super::report::Report;
use crate::markdown::ImageRef;

/// A report file that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoadProblem {
    pub path: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for LoadProblem {}

/// The content folder itself cannot be read.
#[derive(Debug)]
pub struct LibraryError {
    pub path: PathBuf,
    pub source: io::Error,
}

impl fmt::Display for LibraryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read the content folder {}: {}",
            self.path.display(),
            self.source
        )
    }
}

impl std::error::Error for LibraryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Every report of one or more content folders, newest first, and the files that failed.
///
/// The reports are held as catalog entries ([`ReportEntry`]): what listing them needs. A
/// report's text is read and parsed when it is asked for ([`Library::parse`]), for a page,
/// `show` or the search index. Ids are unique across the folders: the first folder's keep
/// their own, a later folder's id that is taken gets a number (`notes-2`).
#[derive(Debug, Clone)]
pub struct Library {
    /// The folders, in the order they were given; [`ReportEntry::folder`] indexes them.
    pub folders: Vec<Folder>,
    pub reports: Vec<ReportEntry>,
    pub problems: Vec<LoadProblem>,
    /// What this reading took from the catalogs and what it read.
    pub reading: Reading,
    /// Every folder asked for, in order, including any that could not be read (a drive
    /// not mounted): [`Library::reload`] tries those again.
    sources: Vec<FolderSource>,
}

/// One content folder of a library.
#[derive(Debug, Clone)]
pub struct Folder {
    pub root: ContentRoot,
    /// Where its catalog is kept, when it is.
    catalog: Option<PathBuf>,
    /// When the files' stamps were taken (see [`ReportEntry::is_racy`]).
    checked: i64,
    /// Its place among the folders asked for.
    source: usize,
}

/// A folder to read, and where its catalog is kept (`None`: none is kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderSource {
    pub dir: PathBuf,
    pub catalog: Option<PathBuf>,
}

/// How the reports of a reading came to be.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Taken from the catalog: the file's stamp had not changed.
    pub unchanged: usize,
    /// Read and hashed again, and found unchanged (a file touched, or saved as it was).
    pub hashed: usize,
    /// Read and parsed: new or changed.
    pub parsed: usize,
}

impl Reading {
    fn add(&mut self, other: Reading) {
        self.unchanged += other.unchanged;
        self.hashed += other.hashed;
        self.parsed += other.parsed;
    }
}

impl fmt::Display for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} report(s) unchanged, {} read again and found unchanged, {} parsed",
            self.unchanged, self.hashed, self.parsed
        )
    }
}

impl Library {
    /// A library of no folders: what stands for one still being read.
    pub fn empty() -> Library {
        Library {
            folders: Vec::new(),
            reports: Vec::new(),
            problems: Vec::new(),
            reading: Reading::default(),
            sources: Vec::new(),
        }
    }

    /// Loads every report below `dir`, parsing each one.
    pub fn load(dir: &Path) -> Result<Library, LibraryError> {
        Self::load_all(&[FolderSource {
            dir: dir.to_owned(),
            catalog: None,
        }])
    }

    /// Loads every report below `dir` with the catalog kept at `catalog`: only reports whose
    /// files changed since are read, and the catalog is written back if anything changed.
    /// A catalog that cannot be used is logged and rebuilt.
    pub fn load_cataloged(dir: &Path, catalog: &Path) -> Result<Library, LibraryError> {
        Self::load_all(&[FolderSource {
            dir: dir.to_owned(),
            catalog: Some(catalog.to_owned()),
        }])
    }

    /// Loads the reports of every folder of `sources`, each through its catalog. The first
    /// folder must be readable; a later one that is not (a drive not mounted) is named
    /// among the problems, and the others load.
    pub fn load_all(sources: &[FolderSource]) -> Result<Library, LibraryError> {
        let previous = sources
            .iter()
            .map(|source| (read_catalog(source), source.catalog.clone()))
            .collect();
        Self::read_all(sources, previous)
    }

    /// Reads the same folders again, the reports held now standing for their catalogs: what
    /// a change seen by the watcher costs is one `stat` per file and the changed files. A
    /// folder that could not be read before is tried again, through its catalog.
    pub fn reload(&self) -> Result<Library, LibraryError> {
        let previous = self
            .sources
            .iter()
            .enumerate()
            .map(|(at, source)| {
                let Some((number, folder)) = self
                    .folders
                    .iter()
                    .enumerate()
                    .find(|(_, folder)| folder.source == at)
                else {
                    return (read_catalog(source), source.catalog.clone());
                };
                let entries = self
                    .reports
                    .iter()
                    .filter(|entry| entry.folder == number)
                    .cloned()
                    .collect();
                let catalog = Catalog {
                    entries,
                    checked: folder.checked,
                };
                (catalog, folder.catalog.clone())
            })
            .collect();
        Self::read_all(&self.sources, previous)
    }

    /// The folders asked for that could not be read, as they were given.
    pub fn unread_folders(&self) -> impl Iterator<Item = &Path> {
        self.sources
            .iter()
            .enumerate()
            .filter(|(at, _)| !self.folders.iter().any(|folder| folder.source == *at))
            .map(|(_, source)| source.dir.as_path())
    }

    fn read_all(
        sources: &[FolderSource],
        previous: Vec<(Catalog, Option<PathBuf>)>,
    ) -> Result<Library, LibraryError> {
        let mut library = Library {
            sources: sources.to_vec(),
            ..Library::empty()
        };
        let mut ids = HashSet::new();
        for (at, (source, (catalog, catalog_file))) in sources.iter().zip(previous).enumerate() {
            let dir = &source.dir;
            let number = library.folders.len();
            match read_folder(dir, catalog, catalog_file, number, &mut ids) {
                Ok((mut folder, read)) => {
                    folder.source = at;
                    library.folders.push(folder);
                    library.reports.extend(read.reports);
                    library.problems.extend(read.problems);
                    library.reading.add(read.reading);
                }
                Err(error) if at == 0 => return Err(error),
                Err(error) => library.problems.push(LoadProblem {
                    path: dir.clone(),
                    line: None,
                    message: format!("this folder cannot be read: {}", error.source),
                }),
            }
        }
        library
            .reports
            .sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
        Ok(library)
    }

    /// The content folder of `entry`.
    pub fn root_of(&self, entry: &ReportEntry) -> &ContentRoot {
        &self.folders[entry.folder].root
    }

    /// The report file of `entry`.
    pub fn path_of(&self, entry: &ReportEntry) -> PathBuf {
        self.root_of(entry).path().join(&entry.file)
    }

    /// The URL prefix the images of `entry`'s folder are served at, below `base` (the app's
    /// image protocol): the first folder's at `base` itself, another's at `base~N/`. Real
    /// paths never hold a raw `~` (it is percent-encoded), so the prefix is never a path.
    pub fn asset_base(&self, entry: &ReportEntry, base: &str) -> String {
        match entry.folder {
            0 => base.to_owned(),
            n => format!("{base}~{n}/"),
        }
    }

    /// The folder, and the URL path within it, that an image URL path names (see
    /// [`Library::asset_base`]).
    pub fn asset_folder<'a>(&self, url_path: &'a str) -> Option<(&ContentRoot, &'a str)> {
        match url_path.strip_prefix("/~") {
            Some(rest) => {
                // The path within the folder keeps its leading `/`, as a URL path has it.
                let slash = rest.find('/')?;
                let folder = self.folders.get(rest[..slash].parse::<usize>().ok()?)?;
                Some((&folder.root, &rest[slash..]))
            }
            None => Some((&self.folders.first()?.root, url_path)),
        }
    }

    pub fn report(&self, id: &str) -> Option<&ReportEntry> {
        self.reports.iter().find(|r| r.id == id)
    }

    /// Finds a session by id, with its report.
    pub fn session(&self, id: &str) -> Option<(&ReportEntry, &SessionEntry)> {
        let (report_id, _) = id.rsplit_once('/')?;
        let report = self.report(report_id)?;
        Some((report, report.session(id)?))
    }

    /// Every session of every report, in display order.
    pub fn sessions(&self) -> impl Iterator<Item = (&ReportEntry, &SessionEntry)> {
        self.reports
            .iter()
            .flat_map(|report| report.sessions.iter().map(move |s| (report, s)))
    }

    /// Reads and parses the report of `entry` now. Its file may have changed since the
    /// library was read: the report is what the file holds now.
    pub fn parse(&self, entry: &ReportEntry) -> Result<Report, LoadProblem> {
        let found = self.found(entry);
        let root = self.root_of(entry);
        let source = read_source(root, &found.path)?;
        parse_source(root, &found, &entry.file, &source)
    }

    /// Parses the reports of `entries` on every core and hands each to `each` on the
    /// calling thread, in the order they finish, until `each` fails. Only a few parsed
    /// reports wait at a time, whatever the size of the library.
    pub fn parse_each<E>(
        &self,
        entries: &[&ReportEntry],
        mut each: impl FnMut(Result<Report, LoadProblem>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut outcome = Ok(());
        let mut done = vec![false; entries.len()];
        on_all_cores(
            entries,
            |entry| self.parse(entry),
            |at, parsed| {
                done[at] = true;
                if outcome.is_ok() {
                    outcome = each(parsed);
                }
            },
        );
        outcome?;
        for (entry, _) in entries.iter().zip(done).filter(|(_, done)| !done) {
            each(Err(unreadable(&self.path_of(entry))))?;
        }
        Ok(())
    }

    /// Every report parsed, in the library's order; fails with the first that cannot be.
    pub fn parse_all(&self) -> Result<Vec<Report>, LoadProblem> {
        self.reports.iter().map(|entry| self.parse(entry)).collect()
    }

    /// Resolves `images` of the report of `entry`: whether each file is there, now.
    pub fn images(&self, entry: &ReportEntry, images: &[ImageRef]) -> Vec<Image> {
        let locator = self.locator(entry);
        images
            .iter()
            .map(|image| locator.image(&image.src, &image.alt, &image.title))
            .collect()
    }

    /// Resolves the image sources of the report of `entry`.
    pub fn locator<'a>(&'a self, entry: &'a ReportEntry) -> ImageLocator<'a> {
        ImageLocator {
            root: self.root_of(entry),
            report_dir: entry.dir(),
        }
    }

    fn found(&self, entry: &ReportEntry) -> Found {
        Found {
            path: self.path_of(entry),
            id: entry.id.clone(),
        }
    }
}

/// The catalog of `source`, or an empty one (every report is read) when it has none, or
/// its catalog is missing or cannot be used.
fn read_catalog(source: &FolderSource) -> Catalog {
    let Some(catalog) = source.catalog.as_deref() else {
        return Catalog::default();
    };
    let Ok(root) = ContentRoot::new(&source.dir) else {
        return Catalog::default();
    };
    Catalog::read(catalog, root.path()).unwrap_or_else(|why| {
        match why {
            CatalogError::Missing => log::info!("{why}: every report is read"),
            _ => log::warn!("{why}: every report is read again"),
        }
        Catalog::default()
    })
}

/// What one folder holds.
struct FolderReading {
    reports: Vec<ReportEntry>,
    problems: Vec<LoadProblem>,
    reading: Reading,
}

/// Reads the folder `dir` as folder number `number` of a library, with `previous` standing
/// for its catalog (written to `catalog` if anything changed); ids already in `ids` are not
/// given again.
fn read_folder(
    dir: &Path,
    previous: Catalog,
    catalog: Option<PathBuf>,
    number: usize,
    ids: &mut HashSet<String>,
) -> Result<(Folder, FolderReading), LibraryError> {
    let error = |source| LibraryError {
        path: dir.to_owned(),
        source,
    };
    let root = ContentRoot::new(dir).map_err(error)?;
    // A folder that cannot be listed is an error of its own; one below it is skipped.
    fs::read_dir(root.path()).map_err(error)?;
    let root_name = root
        .path()
        .file_name()
        .map_or("reports".to_owned(), |n| n.to_string_lossy().into_owned());
    // Stamps are taken before any file is read: a file written meanwhile then has a
    // newer stamp than its entry, and is read again next time.
    let checked = unix_nanos(SystemTime::now());
    let found = discover_among(root.path(), &root_name, ids);
    let previous_count = previous.entries.len();
    let mut known: HashMap<String, ReportEntry> = previous
        .entries
        .into_iter()
        .map(|entry| (entry.file.clone(), entry))
        .collect();

    let mut reading = Reading::default();
    let mut kept: Vec<Option<ReportEntry>> = Vec::with_capacity(found.reports.len());
    let mut to_read: Vec<ToRead> = Vec::new();
    let stamps = stamps_of(&found.reports);
    for (file, stamp) in found.reports.into_iter().zip(stamps) {
        let relative = relative_file(&root, &file.path);
        let entry = known.remove(&relative).filter(|entry| entry.id == file.id);
        match entry {
            Some(entry)
                if stamp.is_some() && entry.stamp == stamp && !entry.is_racy(previous.checked) =>
            {
                reading.unchanged += 1;
                kept.push(Some(entry));
            }
            known_entry => {
                kept.push(None);
                to_read.push(ToRead {
                    at: kept.len() - 1,
                    found: file,
                    file: relative,
                    stamp,
                    known: known_entry,
                });
            }
        }
    }

    let mut problems = found.skipped;
    let mut results: Vec<Option<Result<(ReportEntry, bool), LoadProblem>>> =
        (0..to_read.len()).map(|_| None).collect();
    on_all_cores(
        &to_read,
        |item| read_entry(&root, item),
        |at, result| results[at] = Some(result),
    );
    for (item, result) in to_read.iter().zip(results) {
        // A file whose worker died with it is reported, never silently missing.
        let result = result.unwrap_or_else(|| Err(unreadable(&item.found.path)));
        match result {
            Ok((entry, parsed)) => {
                if parsed {
                    reading.parsed += 1;
                } else {
                    reading.hashed += 1;
                }
                kept[item.at] = Some(entry);
            }
            Err(problem) => problems.push(problem),
        }
    }
    let mut reports: Vec<ReportEntry> = kept.into_iter().flatten().collect();
    reports.sort_by(|a, b| a.file.cmp(&b.file));

    let changed = reading.hashed + reading.parsed > 0 || reports.len() != previous_count;
    if let (Some(path), true) = (&catalog, changed) {
        if let Err(error) = Catalog::write(path, root.path(), &reports, checked) {
            log::warn!("cannot write the catalog {}: {error}", path.display());
        }
    }
    for entry in &mut reports {
        entry.folder = number;
    }
    let folder = Folder {
        root,
        catalog,
        checked,
        source: number,
    };
    Ok((
        folder,
        FolderReading {
            reports,
            problems,
            reading,
        },
    ))
}

/// A report file to read: new, or changed since its catalog entry (`known`).
struct ToRead {
    /// Its place among the files found.
    at: usize,
    found: Found,
    file: String,
    stamp: Option<Stamp>,
    known: Option<ReportEntry>,
}

/// Reads one file; parses it only if its bytes are not those of its catalog entry. Returns
/// the entry and whether it was parsed.
fn read_entry(root: &ContentRoot, item: &ToRead) -> Result<(ReportEntry, bool), LoadProblem> {
    let source = read_source(root, &item.found.path)?;
    if let Some(known) = &item.known {
        if known.digest == super::digest::digest(source.as_bytes()) {
            let mut entry = known.clone();
            entry.stamp = item.stamp;
            return Ok((entry, false));
        }
    }
    let report = parse_source(root, &item.found, &item.file, &source)?;
    Ok((ReportEntry::of(&report, item.stamp), true))
}

/// The stamp of each of `files`: one `stat` each, which is all a start costs when nothing
/// changed. On every core, in one contiguous share per core: handing each result over
/// alone, as [`on_all_cores`] does, cost more than the `stat` (a third of a search's time
/// at 10,000 reports went to waking threads). A file that cannot be stat'ed, or whose
/// share's thread died, has no stamp, and is read.
fn stamps_of(files: &[Found]) -> Vec<Option<Stamp>> {
    let stamp = |file: &Found| {
        fs::symlink_metadata(&file.path)
            .ok()
            .and_then(|metadata| Stamp::of(&metadata))
    };
    // Below a few hundred files a thread costs more than it saves.
    const SHARE_AT_LEAST: usize = 512;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().div_ceil(SHARE_AT_LEAST));
    if workers <= 1 {
        return files.iter().map(stamp).collect();
    }
    let share = files.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let stamp = &stamp;
        let workers: Vec<_> = files
            .chunks(share)
            .map(|chunk| {
                (
                    chunk.len(),
                    scope.spawn(move || chunk.iter().map(stamp).collect()),
                )
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|(len, worker)| worker.join().unwrap_or_else(|_| vec![None; len]))
            .collect()
    })
}

/// Runs `work` on each of `items` on every core, each worker taking the next item as it
/// finishes one, and hands each result with its item's position to `each` on the calling
/// thread. A bounded channel keeps only a few results waiting. An item whose worker died
/// with it gets no result.
fn on_all_cores<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut each: impl FnMut(usize, R),
) {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if workers <= 1 {
        for (at, item) in items.iter().enumerate() {
            each(at, work(item));
        }
        return;
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel(workers * 4);
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || loop {
                let at = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(at) else {
                    return;
                };
                if sender.send((at, work(item))).is_err() {
                    return;
                }
            });
        }
        drop(sender);
        for (at, result) in receiver {
            each(at, result);
        }
    });
}

fn unreadable(path: &Path) -> LoadProblem {
    LoadProblem {
        path: path.to_owned(),
        line: None,
        message: "this file could not be read as a report".into(),
    }
}

/// `path` relative to the content folder, `/`-separated.
fn relative_file(root: &ContentRoot, path: &Path) -> String {
    path.strip_prefix(root.path())
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads a report file as text, through the checks of [`files`].
fn read_source(root: &ContentRoot, path: &Path) -> Result<String, LoadProblem> {
    let problem = |line, message: String| LoadProblem {
        path: path.to_owned(),
        line,
        message,
    };
    let bytes = files::contained(root.path(), path)
        .and_then(|resolved| files::read_regular(&resolved, MAX_REPORT_BYTES))
        .map_err(|refusal| problem(None, refusal.to_string()))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        problem(Some(line), "not valid UTF-8 text".into())
    })
}

/// Parses the text of the report `found`, whose file is `file` (content-relative).
fn parse_source(
    root: &ContentRoot,
    found: &Found,
    file: &str,
    source: &str,
) -> Result<Report, LoadProblem> {
    let problem = |line, message: String| LoadProblem {
        path: found.path.clone(),
        line,
        message,
    };
    let report_dir = file.rsplit_once('/').map_or("", |(dir, _)| dir);
    let locator = ImageLocator { root, report_dir };
    // The parser and the renderer are trusted not to panic, but one report that makes them
    // fail must cost only itself, never the library.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Report::parse(found.id.clone(), file.to_owned(), source, locator)
    }));
    match parsed {
        Ok(Ok(report)) => Ok(report),
        Ok(Err(error)) => Err(problem(Some(error.line), error.message)),
        Err(_) => Err(problem(
            None,
            "this file could not be read as a report".into(),
        )),
    }
}
