//! A library: every report of a content folder.
//!
//! Which files are reports, and their ids, is [`super::discovery`]'s to say: every Markdown
//! file at any depth, or a Jekyll site's `_posts/`. Images resolve against the folder
//! (`/images/x.png` in a post is `DIR/images/x.png`). A file that cannot be read is reported
//! with its name and line and skipped, and the other reports still load: that includes
//! anything that only looks like a report (a FIFO, a folder or a link to a file outside the
//! folder named `*.md`, a file over [`MAX_REPORT_BYTES`]) and a file that makes the parser
//! fail in any way.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::assets::ContentRoot;
use super::discovery::{discover, Found};
use super::files::{self, MAX_REPORT_BYTES};
use super::images::ImageLocator;
use super::report::{Report, Session};

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

/// Every report of one content folder, newest first, and the files that failed.
#[derive(Debug, Clone)]
pub struct Library {
    pub root: ContentRoot,
    pub reports: Vec<Report>,
    pub problems: Vec<LoadProblem>,
}

impl Library {
    /// Loads every report below `dir`.
    pub fn load(dir: &Path) -> Result<Library, LibraryError> {
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
        let found = discover(root.path(), &root_name);

        let mut reports: Vec<Report> = Vec::new();
        let mut problems = found.skipped;
        for loaded in load_all(&root, found.reports) {
            match loaded {
                Ok(report) => reports.push(report),
                Err(problem) => problems.push(problem),
            }
        }
        reports.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
        Ok(Library {
            root,
            reports,
            problems,
        })
    }

    pub fn report(&self, id: &str) -> Option<&Report> {
        self.reports.iter().find(|r| r.id == id)
    }

    /// Finds a session by id, with its report.
    pub fn session(&self, id: &str) -> Option<(&Report, &Session)> {
        let (report_id, _) = id.rsplit_once('/')?;
        let report = self.report(report_id)?;
        Some((report, report.session(id)?))
    }

    /// Every session of every report, in display order.
    pub fn sessions(&self) -> impl Iterator<Item = (&Report, &Session)> {
        self.reports
            .iter()
            .flat_map(|report| report.sessions.iter().map(move |s| (report, s)))
    }
}

/// Loads `files` on every core, each worker taking the next file as it finishes one;
/// results come back in the order of `files`, so problems are listed in a stable order.
fn load_all(root: &ContentRoot, files: Vec<Found>) -> Vec<Result<Report, LoadProblem>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    if workers <= 1 {
        return files.iter().map(|file| load_report(root, file)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut finished: Vec<(usize, Result<Report, LoadProblem>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let at = next.fetch_add(1, Ordering::Relaxed);
                        let Some(file) = files.get(at) else {
                            return done;
                        };
                        done.push((at, load_report(root, file)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_default())
            .collect()
    });
    finished.sort_by_key(|(at, _)| *at);
    let mut results = finished.into_iter().peekable();
    // A file whose worker died with it is reported, never silently missing.
    (0..files.len())
        .map(|at| match results.next_if(|(done, _)| *done == at) {
            Some((_, loaded)) => loaded,
            None => Err(LoadProblem {
                path: files[at].path.clone(),
                line: None,
                message: "this file could not be read as a report".into(),
            }),
        })
        .collect()
}

fn load_report(root: &ContentRoot, found: &Found) -> Result<Report, LoadProblem> {
    let Found { path, id } = found;
    let problem = |line, message: String| LoadProblem {
        path: path.clone(),
        line,
        message,
    };
    let bytes = files::contained(root.path(), path)
        .and_then(|resolved| files::read_regular(&resolved, MAX_REPORT_BYTES))
        .map_err(|refusal| problem(None, refusal.to_string()))?;
    let source = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        problem(Some(line), "not valid UTF-8 text".into())
    })?;
    let file = path
        .strip_prefix(root.path())
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let report_dir = file.rsplit_once('/').map_or("", |(dir, _)| dir).to_owned();
    let locator = ImageLocator {
        root,
        report_dir: &report_dir,
    };
    // The parser and the renderer are trusted not to panic, but one report that makes them
    // fail must cost only itself, never the library.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Report::parse(id.clone(), file, &source, locator)
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
