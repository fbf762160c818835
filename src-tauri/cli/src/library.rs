//! Which folders the window and the commands read, and reading them with their catalogs
//! kept beside the search index in the user's data folder: a start reads only the reports
//! that changed.
//!
//! Without `--content`, the library is the bundled reports and the folders added in the
//! window (remembered in the settings), the same for the window and the command line.
//! `--content DIR` (repeatable) reads those folders instead, for one run.

use std::path::{Path, PathBuf};

use report_core::content::{ContentRoot, FolderSource, Library};
use report_core::search::IndexStore;

use crate::locations;
use crate::settings::Settings;

/// The folders a run reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    /// In order: the bundled reports first, then the added folders; or the `--content`
    /// folders.
    pub dirs: Vec<PathBuf>,
    /// Whether these are the remembered folders, which the window may add to and remove
    /// from (not when `--content` chose them).
    pub remembered: bool,
}

impl Sources {
    /// `--content` folders when given; else the bundled reports and the added folders.
    pub fn of_run(content: &[PathBuf]) -> Result<Sources, String> {
        if !content.is_empty() {
            return Ok(Sources {
                dirs: content.to_vec(),
                remembered: false,
            });
        }
        let bundled = locations::content_dir()?;
        let settings = Settings::load(locations::config_dir());
        Ok(Sources::remembered(bundled, settings.folders()))
    }

    /// The bundled reports and the folders `added` (each once, the bundled folder not again).
    pub fn remembered(bundled: PathBuf, added: &[PathBuf]) -> Sources {
        let mut dirs = vec![bundled];
        for dir in added {
            if !dirs.iter().any(|known| same_folder(known, dir)) {
                dirs.push(dir.clone());
            }
        }
        Sources {
            dirs,
            remembered: true,
        }
    }
}

/// Whether two paths name the same folder (once links are resolved, when they can be).
pub fn same_folder(a: &Path, b: &Path) -> bool {
    let canonical = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_owned());
    a == b || canonical(a) == canonical(b)
}

/// Loads the reports of `dirs`, each through its catalog when there is a data folder to
/// keep one in.
pub fn load(dirs: &[PathBuf]) -> Result<Library, String> {
    load_in(dirs, locations::index_dir().as_deref())
}

/// Loads the reports of `dirs`, their catalogs kept in `index_dir` (none when `None`).
pub fn load_in(dirs: &[PathBuf], index_dir: Option<&Path>) -> Result<Library, String> {
    let store = index_dir.map(IndexStore::new);
    let sources: Vec<FolderSource> = dirs
        .iter()
        .map(|dir| FolderSource {
            dir: dir.clone(),
            catalog: store.as_ref().and_then(|store| {
                let root = ContentRoot::new(dir).ok()?;
                Some(store.catalog_file(root.path()))
            }),
        })
        .collect();
    let library = Library::load_all(&sources).map_err(|e| e.to_string())?;
    log::info!(
        "{} reports in {} folder(s): {}",
        library.reports.len(),
        library.folders.len(),
        library.reading
    );
    Ok(library)
}
