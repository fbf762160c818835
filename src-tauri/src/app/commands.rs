//! The commands the window calls. Each is a few lines over `report-core`.
//!
//! A command that reads the library runs on a blocking thread of the async runtime: Tauri
//! runs plain commands on the window's own thread, where rendering a heavy page would
//! freeze scrolling, typing and every other call until it is done.

use report_core::search::{Hit, Scope, SearchError, SearchStatus};
use report_core::view::{self, Destination, LibraryView, PageView};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

use super::folders::FoldersView;
use super::links::Links;

use super::state::LibraryVersion;
use super::AppState;
use report_cli::asset_url;
use report_cli::settings::ReadingState;

/// Most hits a search in the window lists.
const MAX_HITS: usize = 200;

/// Every command, for `invoke_handler`. The names are also listed in `build.rs`, which
/// makes a permission for each, and `capabilities/main-window.json` grants them.
pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        library,
        page,
        initial_page,
        watch_links,
        follow_link,
        remember_page,
        reading_state,
        set_font_scale,
        remember_position,
        set_locale,
        search,
        watch_search_status,
        watch_library,
        check_library,
        folders,
        add_folders,
        remove_folder,
        about,
        frontend_ready
    ]
}

/// Runs `work` on a blocking thread, off the window's thread and the async workers.
async fn off_the_window_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|error| format!("the app failed to answer: {error}"))
}

/// The reports and their sessions, for the sidebar.
#[tauri::command]
pub async fn library(state: State<'_, AppState>) -> Result<LibraryView, String> {
    let library = state.library();
    off_the_window_thread(move || view::library_view(&library)).await
}

/// One page (session or overview), its matches of `query` marked.
#[tauri::command]
pub async fn page(
    state: State<'_, AppState>,
    id: String,
    query: Option<String>,
) -> Result<PageView, String> {
    let library = state.library();
    off_the_window_thread(move || {
        let query = query.as_deref().filter(|q| !q.trim().is_empty());
        view::page(&library, &id, asset_url::BASE, query).ok_or_else(|| format!("no page `{id}`"))
    })
    .await?
}

/// The page to open at start: where the link the app was started with leads, else the page
/// last read if it still exists, else the first. A link that leads nowhere says why.
#[tauri::command]
pub async fn initial_page<R: Runtime>(app: AppHandle<R>) -> Result<Destination, String> {
    off_the_window_thread(move || {
        let state = app.state::<AppState>();
        let link = app.state::<Links>().follow(&state);
        let library = state.library();
        let last = state
            .settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .last_page()
            .map(str::to_owned);
        let mut start = link.unwrap_or(Destination {
            page: None,
            anchor: None,
            problem: None,
        });
        if start.page.is_none() {
            start.page = last
                .filter(|id| view::has_page(&library, id))
                .or_else(|| view::first_page(&library));
        }
        start
    })
    .await
}

/// Tells `on_link` each time a link is handed over by a second start: the window then
/// asks [`follow_link`] where it leads. A channel, as for the library's changes.
#[tauri::command]
pub fn watch_links(links: State<'_, Links>, on_link: Channel<u64>) {
    let mut arrivals = links.arrivals();
    tauri::async_runtime::spawn(async move {
        while arrivals.changed().await.is_ok() {
            let count = *arrivals.borrow_and_update();
            if on_link.send(count).is_err() {
                break;
            }
        }
    });
}

/// Where the link handed over last leads, taking it (`None` when it was taken already, or
/// while the library is still being read: the first page shown then follows it).
#[tauri::command]
pub async fn follow_link<R: Runtime>(app: AppHandle<R>) -> Result<Option<Destination>, String> {
    off_the_window_thread(move || app.state::<Links>().follow(&app.state::<AppState>())).await
}

/// Remembers the page being read, for the next start.
#[tauri::command]
pub fn remember_page(state: State<'_, AppState>, id: String) {
    state
        .settings
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .set_last_page(&id);
}

/// The reading text's size and where each page was left, restored at start.
#[tauri::command]
pub fn reading_state(state: State<'_, AppState>) -> ReadingState {
    state
        .settings
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .reading_state()
}

/// Remembers the reading text's size, in percent; returns the size kept (within bounds).
#[tauri::command]
pub fn set_font_scale(state: State<'_, AppState>, scale: u16) -> u16 {
    state
        .settings
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .set_font_scale(scale)
}

/// Remembers where the page `id` was left: `fraction` of the way down.
#[tauri::command]
pub fn remember_position(state: State<'_, AppState>, id: String, fraction: f32) {
    state
        .settings
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .set_position(&id, fraction);
}

/// Remembers the interface's language (`en`, `ja`, or `system`); returns the one to show.
#[tauri::command]
pub fn set_locale(state: State<'_, AppState>, choice: String) -> String {
    state
        .settings
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .set_locale(&choice)
        .to_owned()
}

/// What a search returns to the window.
#[derive(Debug, Serialize)]
pub struct SearchResponse {
    pub status: SearchStatus,
    pub hits: Vec<Hit>,
    pub error: Option<String>,
}

/// Searches the sections, of every report or of the report `report` only. While the index
/// is being prepared, answers with that status and no hits; the window searches again when [`watch_search_status`] says it is ready.
///
/// Runs on a blocking thread, not the one that carries the window's other calls, so a
/// slow query never holds up opening a page.
#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    limit: Option<usize>,
    report: Option<String>,
) -> Result<SearchResponse, String> {
    let limit = limit.unwrap_or(MAX_HITS).min(MAX_HITS);
    let scope = report.map_or(Scope::All, Scope::Report);
    let service = state.search.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let (hits, error) = match service.search_in(&query, limit, &scope) {
            Ok(hits) => (hits, None),
            Err(SearchError::NotReady) => (Vec::new(), None),
            Err(error) => (Vec::new(), Some(error.to_string())),
        };
        SearchResponse {
            status: service.status(),
            hits,
            error,
        }
    })
    .await
    .map_err(|error| format!("search failed: {error}"))
}

/// Sends the search index's status to `on_status` now and at every change: it is
/// prepared after the window opens, and rebuilt if found damaged. A channel rather than
/// an event, so the window needs no permission beyond the app's own commands.
#[tauri::command]
pub fn watch_search_status(state: State<'_, AppState>, on_status: Channel<SearchStatus>) {
    let mut statuses = state.search.watch();
    tauri::async_runtime::spawn(async move {
        loop {
            let status = statuses.borrow_and_update().clone();
            // The page went away (closed or reloaded): nobody is listening any more.
            if on_status.send(status).is_err() || statuses.changed().await.is_err() {
                break;
            }
        }
    });
}

/// Sends the library's version to `on_change` now and at every change of the content
/// folder, and whether the folder is watched: the window then lists the library again and
/// shows the open page as it is now.
#[tauri::command]
pub fn watch_library(state: State<'_, AppState>, on_change: Channel<LibraryVersion>) {
    let mut versions = state.versions();
    tauri::async_runtime::spawn(async move {
        loop {
            let version = *versions.borrow_and_update();
            if on_change.send(version).is_err() || versions.changed().await.is_err() {
                break;
            }
        }
    });
}

/// Reads the content folder again and takes up any change: what the window asks for when
/// it gets the focus and the folder cannot be watched. Returns whether anything changed.
#[tauri::command]
pub async fn check_library<R: Runtime>(app: tauri::AppHandle<R>) -> Result<bool, String> {
    off_the_window_thread(move || super::live::reload(&app)).await
}

/// The folders the window reads, and whether they can be changed.
#[tauri::command]
pub fn folders<R: Runtime>(app: AppHandle<R>) -> FoldersView {
    super::folders::view(&app)
}

/// Opens the system's folder dialog and adds the folders chosen (none when it is
/// cancelled). Returns whether any were chosen.
#[tauri::command]
pub async fn add_folders<R: Runtime>(app: AppHandle<R>) -> Result<bool, String> {
    use tauri_plugin_dialog::DialogExt;
    if app.try_state::<tauri_plugin_dialog::Dialog<R>>().is_none() {
        return Err("there is no folder dialog here".into());
    }
    let handle = app.clone();
    let chosen = off_the_window_thread(move || {
        handle
            .dialog()
            .file()
            .set_title("Add report folders")
            .blocking_pick_folders()
    })
    .await?;
    let Some(chosen) = chosen else {
        return Ok(false);
    };
    let dirs = chosen
        .into_iter()
        .map(|path| path.into_path().map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    off_the_window_thread(move || super::folders::add(&app, dirs))
        .await?
        .map(|()| true)
}

/// Stops reading the added folder `path` (the bundled reports stay).
#[tauri::command]
pub async fn remove_folder<R: Runtime>(app: AppHandle<R>, path: String) -> Result<(), String> {
    off_the_window_thread(move || super::folders::remove(&app, std::path::Path::new(&path))).await?
}

/// What the About dialog shows.
#[derive(Debug, Serialize)]
pub struct AboutView {
    pub name: String,
    pub version: String,
    /// Where the bundled content comes from and under which licences (the bundled
    /// `THIRD-PARTY-NOTICES.md`), when the bundled content is there.
    pub notices: Option<String>,
    /// The licences' texts, by file name.
    pub licences: Vec<(String, String)>,
}

/// The app's name and version, and the sources and licences of its bundled content.
#[tauri::command]
pub async fn about<R: Runtime>(app: AppHandle<R>) -> Result<AboutView, String> {
    let info = app.package_info().clone();
    off_the_window_thread(move || {
        let bundled = report_cli::locations::bundled_content();
        let read = |path: std::path::PathBuf| std::fs::read_to_string(path).ok();
        let notices = bundled
            .as_ref()
            .and_then(|dir| read(dir.join("THIRD-PARTY-NOTICES.md")));
        let mut licences: Vec<(String, String)> = bundled
            .and_then(|dir| std::fs::read_dir(dir.join("licenses")).ok())
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                Some((name, read(entry.path())?))
            })
            .collect();
        licences.sort();
        AboutView {
            name: info.name.clone(),
            version: info.version.to_string(),
            notices,
            licences,
        }
    })
    .await
}

/// Called once by the window when its first page is on screen: logs the start-up time
/// (from `main()`) and returns it in milliseconds.
#[tauri::command]
pub fn frontend_ready(state: State<'_, AppState>) -> u64 {
    let elapsed = state.started.elapsed().as_millis() as u64;
    log::info!("ready: first page shown {elapsed} ms after start");
    elapsed
}
