//! Watching a content folder, so a saved, added, removed or renamed report shows without
//! the reader doing anything.
//!
//! The system's watcher (inotify, FSEvents, ReadDirectoryChangesW) reports every write;
//! an editor's save is a burst of them (a temporary file, a rename, a metadata change), so
//! events are debounced into one change. Only what can change what the app shows counts:
//! files and folders created, written, renamed or removed, outside hidden folders (`.git`)
//! and editors' swap files. Reading is not a change: the watcher also reports files being
//! opened and read, and the app reads the whole folder on every change, so counting reads
//! would make every reload start the next one. A watcher that cannot start (too many watches, a network mount) is an error the
//! caller reports and works around.

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// How long a burst of events is gathered before it is one change.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// Watches one folder until dropped.
pub struct FolderWatcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// The watcher could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {path} for changes: {source}")]
pub struct WatchError {
    pub path: PathBuf,
    #[source]
    pub source: notify_debouncer_full::notify::Error,
}

impl FolderWatcher {
    /// Watches `root` (and every folder below it) and calls `on_change` on the watcher's
    /// thread with the paths of each debounced change that concerns reports or images.
    pub fn start(
        root: &Path,
        mut on_change: impl FnMut(Vec<PathBuf>) + Send + 'static,
    ) -> Result<FolderWatcher, WatchError> {
        let error = |source| WatchError {
            path: root.to_owned(),
            source,
        };
        let base = root.to_owned();
        let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let events = match result {
                Ok(events) => events,
                Err(errors) => {
                    for problem in errors {
                        log::warn!("watching {}: {problem}", base.display());
                    }
                    return;
                }
            };
            let mut paths: Vec<PathBuf> = events
                .iter()
                .filter(|event| is_a_change(&event.kind))
                .flat_map(|event| event.paths.iter())
                .filter(|path| concerns_the_reader(&base, path))
                .cloned()
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                on_change(paths);
            }
        })
        .map_err(error)?;
        debouncer
            .watch(root, RecursiveMode::Recursive)
            .map_err(error)?;
        Ok(FolderWatcher {
            _debouncer: debouncer,
        })
    }
}

/// Whether an event changes a file's content or place, not only its access or metadata.
fn is_a_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(modify) => !matches!(modify, ModifyKind::Metadata(_)),
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// Whether a change to `path` can change what the app shows: anything not in a hidden
/// folder or named as a hidden file (editors' swap and backup files are).
fn concerns_the_reader(root: &Path, path: &Path) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    !relative.components().any(|part| match part {
        Component::Normal(name) => {
            let name = name.to_string_lossy();
            name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp")
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn hidden_files_and_folders_do_not_concern_the_reader() {
        let root = Path::new("/r");
        assert!(concerns_the_reader(root, Path::new("/r/_posts/a.md")));
        assert!(concerns_the_reader(root, Path::new("/r/images/x.png")));
        assert!(!concerns_the_reader(root, Path::new("/r/.git/index")));
        assert!(!concerns_the_reader(root, Path::new("/r/_posts/.a.md.swp")));
        assert!(!concerns_the_reader(root, Path::new("/r/_posts/a.md~")));
    }

    // Each kind of change arrives, once debounced: a new file, an edit, a rename, a removal.
    #[test]
    fn adds_edits_renames_and_removals_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("_posts")).unwrap();
        let (sender, changes) = mpsc::channel();
        let _watcher = FolderWatcher::start(&root, move |paths| {
            let _ = sender.send(paths);
        })
        .unwrap();
        let wait_for = |wanted: &Path| {
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
                if let Ok(paths) = changes.recv_timeout(left) {
                    if paths.iter().any(|p| p == wanted) {
                        return;
                    }
                }
            }
            panic!("no change reported for {}", wanted.display());
        };
        let report = root.join("_posts/a.md");
        std::fs::write(&report, "# a\n").unwrap();
        wait_for(&report);
        std::fs::write(&report, "# a, edited\n").unwrap();
        wait_for(&report);
        let renamed = root.join("_posts/b.md");
        std::fs::rename(&report, &renamed).unwrap();
        wait_for(&renamed);
        std::fs::remove_file(&renamed).unwrap();
        wait_for(&renamed);
        // Hidden files never do.
        std::fs::write(root.join("_posts/.b.md.swp"), "x").unwrap();
        std::fs::write(root.join("_posts/c.md"), "# c\n").unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let mut seen = Vec::new();
        while !seen.contains(&root.join("_posts/c.md")) {
            let left = deadline
                .checked_duration_since(std::time::Instant::now())
                .expect("c.md reported");
            seen.extend(changes.recv_timeout(left).unwrap_or_default());
        }
        assert!(!seen.iter().any(|p| p.ends_with(".b.md.swp")), "{seen:?}");

        // Regression: reading the folder (as every reload does) was reported as a change,
        // so each reload started the next, without end.
        while changes.recv_timeout(DEBOUNCE * 4).is_ok() {}
        for _ in 0..3 {
            for entry in std::fs::read_dir(root.join("_posts")).unwrap() {
                let _ = std::fs::read(entry.unwrap().path());
            }
        }
        assert!(
            changes.recv_timeout(DEBOUNCE * 6).is_err(),
            "reading the folder was reported as a change"
        );
    }
}
