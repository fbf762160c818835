//! Report folders added and removed in the window, remembered across starts.
//!
//! The folder dialog is the system's, opened by the app itself: the page can ask for it
//! and can remove a folder from the list, but can never name a folder to read, so nothing
//! shown in the window can make the app read a folder the reader did not choose.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};

use super::{live, AppState};
use report_cli::library::{self, same_folder, Sources};

/// The folders the window reads, and where their catalogs are kept.
pub struct FolderState {
    sources: Mutex<Sources>,
    index_dir: Option<PathBuf>,
}

impl FolderState {
    pub fn new(sources: Sources, index_dir: Option<PathBuf>) -> Self {
        FolderState {
            sources: Mutex::new(sources),
            index_dir,
        }
    }

    fn sources(&self) -> Sources {
        self.sources
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// The folders as the window lists them.
#[derive(Debug, Clone, Serialize)]
pub struct FoldersView {
    pub folders: Vec<FolderView>,
    /// Whether folders can be added and removed (not when `--content` chose them).
    pub editable: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FolderView {
    pub path: String,
    /// Reports found in it.
    pub reports: usize,
    /// The app's own reports, which stay.
    pub bundled: bool,
}

/// The folders read now.
pub fn view<R: Runtime>(app: &AppHandle<R>) -> FoldersView {
    let sources = app.state::<FolderState>().sources();
    let library = app.state::<AppState>().library();
    let folders = sources
        .dirs
        .iter()
        .enumerate()
        .map(|(at, dir)| FolderView {
            path: dir.display().to_string(),
            reports: library
                .folders
                .iter()
                .position(|folder| same_folder(folder.root.path(), dir))
                .map_or(0, |number| {
                    library
                        .reports
                        .iter()
                        .filter(|r| r.folder == number)
                        .count()
                }),
            bundled: sources.remembered && at == 0,
        })
        .collect();
    FoldersView {
        folders,
        editable: sources.remembered,
    }
}

/// Adds `dirs` to the remembered folders and reads them. A folder already there is not
/// added twice; one that is not a readable folder is refused with the reason.
pub fn add<R: Runtime>(app: &AppHandle<R>, dirs: Vec<PathBuf>) -> Result<(), String> {
    let state = app.state::<FolderState>();
    let sources = state.sources();
    if !sources.remembered {
        return Err("folders given with --content cannot be changed in the window".into());
    }
    if let Some(not_a_folder) = dirs.iter().find(|dir| !dir.is_dir()) {
        return Err(format!("{} is not a folder", not_a_folder.display()));
    }
    // Each folder once: the same rule as for the folders remembered at start.
    let (bundled, added) = sources
        .dirs
        .split_first()
        .expect("the bundled folder is first");
    let added: Vec<PathBuf> = added.iter().cloned().chain(dirs).collect();
    apply(app, Sources::remembered(bundled.clone(), &added))
}

/// Removes `dir` from the remembered folders (the bundled reports stay).
pub fn remove<R: Runtime>(app: &AppHandle<R>, dir: &Path) -> Result<(), String> {
    let state = app.state::<FolderState>();
    let mut sources = state.sources();
    if !sources.remembered {
        return Err("folders given with --content cannot be changed in the window".into());
    }
    let before = sources.dirs.len();
    let bundled = sources.dirs[0].clone();
    sources
        .dirs
        .retain(|known| same_folder(known, &bundled) || !same_folder(known, dir));
    if sources.dirs.len() == before {
        return Err(format!("{} is not among the added folders", dir.display()));
    }
    apply(app, sources)
}

/// Reads the library of `sources`, makes it the one shown and searched, remembers the
/// folders and watches them.
fn apply<R: Runtime>(app: &AppHandle<R>, sources: Sources) -> Result<(), String> {
    let folders = app.state::<FolderState>();
    let library = library::load_in(&sources.dirs, folders.index_dir.as_deref())?;
    *folders.sources.lock().unwrap_or_else(|p| p.into_inner()) = sources.clone();
    let state = app.state::<AppState>();
    state
        .settings
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .set_folders(sources.dirs[1..].to_vec());
    state.replace_library(Arc::new(library));
    live::watch(app);
    Ok(())
}
