//! Where the app reads content from and keeps its data.

use std::path::PathBuf;

use crate::{IDENTIFIER, PRODUCT_NAME};

/// The bundled content folder: `content/` among the app's resources (installed by the
/// package in `/usr/lib/Report Viewer`, copied into `target/<profile>` by the build),
/// found by Tauri's own rule so that the window and the commands agree.
pub fn bundled_content() -> Option<PathBuf> {
    let package = tauri_utils::PackageInfo {
        name: PRODUCT_NAME.to_owned(),
        version: semver::Version::parse(env!("CARGO_PKG_VERSION"))
            .unwrap_or(semver::Version::new(0, 0, 0)),
        authors: env!("CARGO_PKG_AUTHORS"),
        description: env!("CARGO_PKG_DESCRIPTION"),
        crate_name: "report-viewer-window",
    };
    let resources =
        tauri_utils::platform::resource_dir(&package, &tauri_utils::Env::default()).ok()?;
    let content = resources.join("content");
    content.is_dir().then_some(content)
}

/// The bundled content folder, or why it is missing.
pub fn content_dir() -> Result<PathBuf, String> {
    bundled_content().ok_or_else(|| {
        "the bundled reports are missing; reinstall the app or pass --content DIR".to_owned()
    })
}

/// The per-user folder for the search index (`<data dir>/<identifier>/index`), as Tauri's
/// `app_data_dir` would give it, so the window and the command line share one index.
pub fn index_dir() -> Option<PathBuf> {
    Some(dirs::data_dir()?.join(IDENTIFIER).join("index"))
}

/// The per-user folder for settings (`<config dir>/<identifier>`).
pub fn config_dir() -> Option<PathBuf> {
    Some(dirs::config_dir()?.join(IDENTIFIER))
}
