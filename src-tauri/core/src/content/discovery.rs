//! Which files of a folder are reports, and the id each one gets.
//!
//! Real folders are not all Jekyll blogs: a collection of event notes keeps one `README.md`
//! per event in `YEAR/MMDD-event-name/` folders, a notes folder nests Markdown anywhere. So:
//!
//! - every `*.md` / `*.markdown` below the folder, at any depth, is a report; hidden folders
//!   and folders of tools (`node_modules`, `vendor`, a site's built `_site`, …) are skipped;
//! - a Jekyll site (a folder with `_posts/`) contributes its `_posts/` only, so its pages,
//!   notices and layouts stay out;
//! - a report's id is its path relative to the folder it was found in (the `_posts/` of a
//!   Jekyll site), without the extension: stable across runs and readable in links. A
//!   `README.md` or `index.md` stands for its folder and takes the folder's path.
//!
//! Symbolic links to folders are not followed, so a link can neither make the walk loop nor
//! lead it out of the folder; links to files are kept, and where they lead is checked when
//! the file is read (see [`super::files`]).

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::library::LoadProblem;

/// Report file extensions.
const EXTENSIONS: &[&str] = &["md", "markdown"];

/// Folders that hold tools' files, never reports.
const SKIPPED_FOLDERS: &[&str] = &[
    "node_modules",
    "bower_components",
    "vendor",
    "target",
    "_site",
];

/// Names of a file that stands for its folder.
const FOLDER_FILES: &[&str] = &["readme", "index"];

/// Deepest folder searched: far deeper than any real collection, and a bound on a crafted one.
const MAX_DEPTH: usize = 32;

/// A report file found in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// Unique among the files found (see the module documentation).
    pub id: String,
}

/// What a walk found: report files in a stable order, and entries named like reports that
/// cannot be ones.
#[derive(Debug, Default)]
pub struct Discovery {
    pub reports: Vec<Found>,
    pub skipped: Vec<LoadProblem>,
}

/// Finds the reports below `root`. `root_name` is the id of a `README.md` at the top.
pub fn discover(root: &Path, root_name: &str) -> Discovery {
    discover_among(root, root_name, &mut HashSet::new())
}

/// Like [`discover`], with ids unique among `taken` too (the ids of other folders of the
/// same library), which it adds the new ones to.
pub fn discover_among(root: &Path, root_name: &str, taken: &mut HashSet<String>) -> Discovery {
    let mut walk = Walk {
        root_name,
        found: Discovery::default(),
        ids: std::mem::take(taken),
    };
    let base = IdBase {
        dir: root.to_owned(),
        prefix: String::new(),
    };
    walk.folder(root, &base, false, MAX_DEPTH);
    *taken = walk.ids;
    walk.found
}

/// What ids are made relative to: a folder, and the path the ids below it start with (the
/// site's own path, for the posts of a Jekyll site that is not at the top).
struct IdBase {
    dir: PathBuf,
    prefix: String,
}

struct Walk<'a> {
    root_name: &'a str,
    found: Discovery,
    ids: HashSet<String>,
}

impl Walk<'_> {
    /// Walks `dir`; `in_posts` inside a Jekyll site's `_posts/`, where every folder is posts.
    fn folder(&mut self, dir: &Path, base: &IdBase, in_posts: bool, depth: usize) {
        let posts = dir.join("_posts");
        if !in_posts && fs::symlink_metadata(&posts).is_ok_and(|m| m.is_dir()) {
            // A Jekyll site: its posts are its reports, and nothing else of it is.
            let site = IdBase {
                prefix: id_of(dir, base, ""),
                dir: posts.clone(),
            };
            self.folder(&posts, &site, true, depth);
            return;
        }
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if kind.is_dir() && is_report_name(&path) {
                self.found.skipped.push(LoadProblem {
                    path,
                    line: None,
                    message: "skipped: a folder, not a report file".into(),
                });
            } else if kind.is_dir() {
                let skipped = name.starts_with('.')
                    || (!in_posts && SKIPPED_FOLDERS.contains(&name.as_str()));
                if !skipped && depth > 0 {
                    self.folder(&path, base, in_posts, depth - 1);
                }
            } else if is_report_name(&path) {
                let id = unique(report_id(&path, base, self.root_name), &mut self.ids);
                self.found.reports.push(Found { path, id });
            }
        }
    }
}

/// The `/`-separated path of the folder `dir` below `base`, as ids spell it.
fn id_of(dir: &Path, base: &IdBase, root_name: &str) -> String {
    let relative = dir.strip_prefix(&base.dir).unwrap_or(dir);
    let parts: Vec<String> = std::iter::once(base.prefix.clone())
        .chain(
            relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned()),
        )
        .filter(|part| !part.is_empty())
        .collect();
    if parts.is_empty() {
        root_name.to_owned()
    } else {
        parts.join("/")
    }
}

fn is_report_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Whether `path` is a `README.md` or `index.md` (any case, either extension).
pub fn stands_for_its_folder(path: &Path) -> bool {
    path.file_stem()
        .and_then(|stem| stem.to_str())
        .is_some_and(|stem| FOLDER_FILES.contains(&stem.to_ascii_lowercase().as_str()))
}

/// The id of the report at `path`: its path below the base without the extension; a
/// `README.md` or `index.md` takes its folder's path (`root_name` at the top).
fn report_id(path: &Path, base: &IdBase, root_name: &str) -> String {
    let folder = path.parent().unwrap_or(path);
    if stands_for_its_folder(path) {
        return id_of(folder, base, root_name);
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder_id = id_of(folder, base, "");
    if folder_id.is_empty() {
        stem
    } else {
        format!("{folder_id}/{stem}")
    }
}

/// `id`, or `id-2`, `id-3`, … when taken; claims it in `ids`.
fn unique(id: String, ids: &mut HashSet<String>) -> String {
    if ids.insert(id.clone()) {
        return id;
    }
    let unique = (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| !ids.contains(candidate))
        .unwrap_or_default();
    ids.insert(unique.clone());
    unique
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(root: &Path) -> Vec<String> {
        discover(root, "top")
            .reports
            .into_iter()
            .map(|f| f.id)
            .collect()
    }

    fn touch(root: &Path, relative: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "# x\n").unwrap();
    }

    #[test]
    fn every_markdown_file_at_any_depth_with_readable_ids() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "README.md",
            "a.md",
            "notes/b.markdown",
            "2019/0327-gc-k8sday/README.md",
            "2019/0327-gc-k8sday/images/x.png",
            "2020/05/06/index.md",
            "deep/1/2/3/4/5/c.md",
            ".git/d.md",
            "node_modules/pkg/README.md",
            "notes/.hidden/e.md",
            "plain.txt",
        ] {
            touch(dir.path(), file);
        }
        assert_eq!(
            ids(dir.path()),
            [
                "2019/0327-gc-k8sday",
                "2020/05/06",
                "top",
                "a",
                "deep/1/2/3/4/5/c",
                "notes/b"
            ]
        );
    }

    #[test]
    fn a_jekyll_site_contributes_its_posts_only() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "blog/_posts/2019-03-27-day.md",
            "blog/_posts/2020/2020-01-01-new.markdown",
            "blog/about.md",
            "blog/_layouts/post.md",
            "blog/README.md",
            "notes/x.md",
        ] {
            touch(dir.path(), file);
        }
        assert_eq!(
            ids(dir.path()),
            ["blog/2019-03-27-day", "blog/2020/2020-01-01-new", "notes/x"]
        );
        // A site at the top: ids as its posts' own paths.
        let site = tempfile::tempdir().unwrap();
        touch(site.path(), "_posts/2019-03-27-day.md");
        touch(site.path(), "about.md");
        assert_eq!(ids(site.path()), ["2019-03-27-day"]);
    }

    #[test]
    fn ids_stay_unique() {
        let dir = tempfile::tempdir().unwrap();
        for file in ["a.md", "a.markdown", "a/README.md", "a/index.md"] {
            touch(dir.path(), file);
        }
        assert_eq!(ids(dir.path()), ["a", "a-2", "a-3", "a-4"]);
    }
}
