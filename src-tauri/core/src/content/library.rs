//! A library: every report of a content folder.
//!
//! The folder follows the Jekyll/Octopress layout (`_posts/*.md`, `images/…`), so a real blog
//! folder reads as is; a plain folder of Markdown files works too. A file that cannot be read
//! is reported with its name and line and skipped, and the other reports still load.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::assets::ContentRoot;
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
        let mut problems = Vec::new();
        for path in files {
            match load_report(&root, &path, &reports) {
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

fn load_report(root: &ContentRoot, path: &Path, loaded: &[Report]) -> Result<Report, LoadProblem> {
    let problem = |line, message: String| LoadProblem {
        path: path.to_owned(),
        line,
        message,
    };
    let bytes = fs::read(path).map_err(|e| problem(None, format!("cannot read: {e}")))?;
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
    let id = unique_id(stem, loaded);
    let report_dir = file.rsplit_once('/').map_or("", |(dir, _)| dir).to_owned();
    let locator = ImageLocator {
        root,
        report_dir: &report_dir,
    };
    Report::parse(id, file, &source, locator).map_err(|e| problem(Some(e.line), e.message))
}

/// Report ids are file stems; `a.md` and `sub/a.md` get `a` and `a-2`.
fn unique_id(stem: String, loaded: &[Report]) -> String {
    if !loaded.iter().any(|r| r.id == stem) {
        return stem;
    }
    (2..)
        .map(|n| format!("{stem}-{n}"))
        .find(|candidate| !loaded.iter().any(|r| &r.id == candidate))
        .unwrap_or(stem)
}

/// Report files in `dir`, sorted, descending at most `depth` folders. Symbolic links to
/// folders are not followed, so a link cannot make the walk loop or leave the folder.
fn report_files(dir: &Path, depth: usize) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dir)?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if depth > 0 {
                files.extend(report_files(&path, depth - 1).unwrap_or_default());
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            files.push(path);
        }
    }
    Ok(files)
}
