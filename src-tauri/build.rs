//! Generates the Tauri context, and a permission for each of the app's own commands so the
//! window's capability can grant exactly those.

/// Must match `app::commands::handler`.
const COMMANDS: &[&str] = &[
    "library",
    "page",
    "initial_page",
    "watch_links",
    "follow_link",
    "remember_page",
    "reading_state",
    "set_font_scale",
    "remember_position",
    "set_locale",
    "search",
    "watch_search_status",
    "watch_library",
    "check_library",
    "folders",
    "add_folders",
    "remove_folder",
    "about",
    "frontend_ready",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
