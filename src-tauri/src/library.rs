//! Reading the library the window and the commands show, with its catalog kept beside the
//! search index in the user's data folder: a start reads only the reports that changed.

use std::path::Path;

use report_core::content::{ContentRoot, Library};
use report_core::search::IndexStore;

use crate::locations;

/// Loads the reports of `dir`, through its catalog when there is a data folder to keep one
/// in (the app's `identifier` names it).
pub fn load(dir: &Path, identifier: &str) -> Result<Library, String> {
    let catalog = locations::index_dir(identifier).and_then(|index_dir| {
        let root = ContentRoot::new(dir).ok()?;
        Some(IndexStore::new(index_dir).catalog_file(root.path()))
    });
    let library = match catalog {
        Some(catalog) => Library::load_cataloged(dir, &catalog),
        None => Library::load(dir),
    }
    .map_err(|e| e.to_string())?;
    log::info!(
        "{} reports in {}: {}",
        library.reports.len(),
        library.root.path().display(),
        library.reading
    );
    Ok(library)
}
