//! Where the app reads content from and keeps its data.

use std::path::PathBuf;

/// The bundled content folder: `content/` among the app's resources (installed next to the
/// binary's libraries by the package, copied into `target/<profile>` by the build).
pub fn bundled_content(package_info: &tauri::PackageInfo) -> Option<PathBuf> {
    let resources =
        tauri::utils::platform::resource_dir(package_info, &tauri::Env::default()).ok()?;
    let content = resources.join("content");
    content.is_dir().then_some(content)
}

/// The bundled content folder, or why it is missing.
pub fn content_dir(package_info: &tauri::PackageInfo) -> Result<PathBuf, String> {
    bundled_content(package_info).ok_or_else(|| {
        "the bundled reports are missing; reinstall the app or pass --content DIR".to_owned()
    })
}

/// The per-user folder for the search index (`<data dir>/<identifier>/index`), as Tauri's
/// `app_data_dir` would give it, so the window and the command line share one index.
pub fn index_dir(identifier: &str) -> Option<PathBuf> {
    Some(dirs::data_dir()?.join(identifier).join("index"))
}

/// The per-user folder for settings (`<config dir>/<identifier>`).
pub fn config_dir(identifier: &str) -> Option<PathBuf> {
    Some(dirs::config_dir()?.join(identifier))
}
