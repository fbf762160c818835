//! Live reload: the content folder is watched, and a saved, added, removed or renamed report
//! shows in the sidebar, the open page and search without the reader doing anything.
//!
//! On each change the library is read again off the window's thread and replaces the one
//! the commands read; the search index follows it report by report. A report caught
//! half-written (it loaded before and fails now) is read again a few times before the
//! failure is believed, and meanwhile the window keeps what it had: never a broken page.
//! When the folder cannot be watched (too many watches, a network mount), or could not be
//! read at all (a drive not mounted yet), the log says so and the window asks for a check
//! whenever it gets the focus; a folder that comes back is then read and watched.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use report_core::content::watch::FolderWatcher;
use report_core::content::Library;
use tauri::{AppHandle, Manager, Runtime};

use super::AppState;

/// Times a report that stopped loading is read again before its failure is shown.
const RETRIES: u32 = 4;
/// Time given to an editor to finish writing before a report is read again.
const RETRY_AFTER: Duration = Duration::from_millis(250);

/// Keeps the watchers of the library's folders alive with the app.
#[derive(Default)]
pub struct Watching(Mutex<Vec<FolderWatcher>>);

/// Starts watching the library's folders (see [`watch`]).
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    watch(app);
}

/// Watches every folder of the library as it is now, in place of the folders watched
/// before; a folder that cannot be watched is logged, and the window then checks on focus.
pub fn watch<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let library = state.library();
    // One reload at a time; a change during a reload is followed by another.
    let busy = Arc::new(Mutex::new(()));
    let mut watchers = Vec::new();
    let mut all_watched = true;
    for folder in &library.folders {
        let root = folder.root.path().to_owned();
        let (handle, busy) = (app.clone(), Arc::clone(&busy));
        let watcher = FolderWatcher::start(&root, move |paths| {
            log::debug!("changed: {paths:?}");
            let (handle, busy) = (handle.clone(), Arc::clone(&busy));
            tauri::async_runtime::spawn_blocking(move || {
                let _one_at_a_time = busy.lock().unwrap_or_else(|p| p.into_inner());
                reload(&handle);
            });
        });
        match watcher {
            Ok(watcher) => {
                log::info!("watching {} for changes", root.display());
                watchers.push(watcher);
            }
            Err(error) => {
                log::warn!("{error}; changes are looked for when the window gets the focus");
                all_watched = false;
            }
        }
    }
    for unread in library.unread_folders() {
        log::warn!(
            "{} cannot be read; it is looked for again when the window gets the focus",
            unread.display()
        );
        all_watched = false;
    }
    state.set_watching(all_watched);
    if app.try_state::<Watching>().is_none() {
        app.manage(Watching::default());
    }
    *app.state::<Watching>()
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = watchers;
}

/// Reads the library again and, if anything changed, makes it the one the app shows.
/// Returns whether it changed.
pub fn reload<R: Runtime>(app: &AppHandle<R>) -> bool {
    let state = app.state::<AppState>();
    let current = state.library();
    let mut fresh = None;
    for attempt in 0..=RETRIES {
        // Only files whose stamps changed are read again.
        let library = match current.reload() {
            Ok(library) => library,
            Err(error) => {
                log::warn!("cannot read the content folder again: {error}");
                return false;
            }
        };
        if attempt == RETRIES || newly_failing(&current, &library).is_empty() {
            fresh = Some(library);
            break;
        }
        std::thread::sleep(RETRY_AFTER);
    }
    let Some(fresh) = fresh else {
        return false;
    };
    if same_content(&current, &fresh) {
        return false;
    }
    for problem in &fresh.problems {
        log::warn!("{}", report_cli::terminal::clean(&problem.to_string()));
    }
    let folders_changed = fresh.folders.len() != current.folders.len();
    state.replace_library(Arc::new(fresh));
    if folders_changed {
        // A folder came back (or went): watch the folders as they are now.
        watch(app);
    }
    true
}

/// Files that loaded as reports in `before` and fail in `after`: likely caught half-written.
fn newly_failing(before: &Library, after: &Library) -> Vec<PathBuf> {
    let loaded: HashSet<PathBuf> = before
        .reports
        .iter()
        .map(|report| before.path_of(report))
        .collect();
    after
        .problems
        .iter()
        .filter(|problem| loaded.contains(&problem.path))
        .map(|problem| problem.path.clone())
        .collect()
}

/// Whether two readings of a folder hold the same reports, byte for byte, with the same
/// images available, and the same problems.
fn same_content(a: &Library, b: &Library) -> bool {
    let reports = |library: &Library| -> Vec<(PathBuf, u64, Vec<bool>)> {
        let mut reports: Vec<_> = library
            .reports
            .iter()
            .map(|report| {
                let images = report
                    .sessions
                    .iter()
                    .flat_map(|session| library.images(report, &session.images))
                    .map(|image| image.available)
                    .collect();
                (library.path_of(report), report.digest, images)
            })
            .collect();
        reports.sort();
        reports
    };
    let problems = |library: &Library| -> Vec<String> {
        let mut problems: Vec<_> = library.problems.iter().map(|p| p.to_string()).collect();
        problems.sort();
        problems
    };
    reports(a) == reports(b) && problems(a) == problems(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    // A report that loaded and now fails is likely being written: it is read again before
    // its failure is shown. One that failed before and still fails is not waited for.
    #[test]
    fn a_report_that_stops_loading_is_newly_failing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("_posts")).unwrap();
        let good = "---\ntitle: t\n---\n# a\n";
        std::fs::write(dir.path().join("_posts/a.md"), good).unwrap();
        std::fs::write(dir.path().join("_posts/b.md"), "---\ntitle: [\n---\n").unwrap();
        let before = Library::load(dir.path()).unwrap();
        std::fs::write(dir.path().join("_posts/a.md"), "---\ntitle: t\n").unwrap();
        let after = Library::load(dir.path()).unwrap();
        let failing = newly_failing(&before, &after);
        assert_eq!(failing, [before.folders[0].root.path().join("_posts/a.md")]);
        assert!(!same_content(&before, &after));

        std::fs::write(dir.path().join("_posts/a.md"), good).unwrap();
        let again = Library::load(dir.path()).unwrap();
        assert!(newly_failing(&before, &again).is_empty());
        assert!(same_content(&before, &again));
    }
}
