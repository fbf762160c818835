//! A library: every report of a content folder.
//!
//! The folder follows the Jekyll/Octopress layout (`_posts/*.md`, `images/…`), so a real blog
//! folder reads as is; a plain folder of Markdown files works too. A file that cannot be read
//! is reported with its name and line and skipped, and the other reports still load: that
//! includes anything that only looks like a report (a FIFO, a folder or a link to a file
//! outside the folder named `*.md`, a file over [`MAX_REPORT_BYTES`]) and a file that makes
//! the parser fail in any way.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::assets::ContentRoot;
use super::files::{self, MAX_REPORT_BYTES};
use super::images::ImageLocator;
use super::report::{Report, Session};

/// Report file extensions.
const EXTENSIONS: &[&str] = &["md", "markdown"];

/// How deep report folders are searched below `_posts`.
const MAX_DEPTH: usize = 8;

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
        let posts = root.path().join("_posts");
        let files = if posts.is_dir() {
            report_files(&posts, MAX_DEPTH)
        } else {
            report_files(root.path(), 0)
        }
        .map_err(error)?;

        let mut reports: Vec<Report> = Vec::new();
        let mut problems = files.skipped;
        let mut ids = HashSet::new();
        for path in files.reports {
            match load_report(&root, &path, &mut ids) {
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

fn load_report(
    root: &ContentRoot,
    path: &Path,
    ids: &mut HashSet<String>,
) -> Result<Report, LoadProblem> {
    let problem = |line, message: String| LoadProblem {
        path: path.to_owned(),
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
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let report_dir = file.rsplit_once('/').map_or("", |(dir, _)| dir).to_owned();
    let locator = ImageLocator {
        root,
        report_dir: &report_dir,
    };
    let id = unique_id(stem, ids);
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
    .inspect_err(|_| {
        ids.remove(&id);
    })
}

/// Report ids are file stems; `a.md` and `sub/a.md` get `a` and `a-2`. Claims the id in `ids`.
fn unique_id(stem: String, ids: &mut HashSet<String>) -> String {
    if ids.insert(stem.clone()) {
        return stem;
    }
    let id = (2..)
        .map(|n| format!("{stem}-{n}"))
        .find(|candidate| !ids.contains(candidate))
        .unwrap_or_default();
    ids.insert(id.clone());
    id
}

/// The report files of a folder, and the entries named like reports that are not.
#[derive(Debug, Default)]
struct ReportFiles {
    reports: Vec<PathBuf>,
    skipped: Vec<LoadProblem>,
}

/// Report files in `dir`, sorted, descending at most `depth` folders. Symbolic links to
/// folders are not followed, so a link cannot make the walk loop or leave the folder; a
/// folder named like a report is reported, not read. Links to files are kept: where they
/// lead is checked when the file is read.
fn report_files(dir: &Path, depth: usize) -> io::Result<ReportFiles> {
    let mut found = ReportFiles::default();
    let mut entries: Vec<_> = fs::read_dir(dir)?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let named_like_a_report = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if kind.is_dir() && named_like_a_report {
            found.skipped.push(LoadProblem {
                path,
                line: None,
                message: "skipped: a folder, not a report file".into(),
            });
        } else if kind.is_dir() {
            if depth > 0 {
                let below = report_files(&path, depth - 1).unwrap_or_default();
                found.reports.extend(below.reports);
                found.skipped.extend(below.skipped);
            }
        } else if named_like_a_report {
            found.reports.push(path);
        }
    }
    Ok(found)
}
