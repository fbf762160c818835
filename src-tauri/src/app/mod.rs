//! The reading window: a thin Tauri layer over `report-core`.
//!
//! [`setup`] wires state, commands, the image protocol and the search service into any
//! `tauri::Builder`, so tests drive it with Tauri's mock runtime; [`run`] adds the real
//! window and plugins and runs the event loop.

pub mod commands;
pub mod folders;
pub mod links;
pub mod live;
pub mod navigation;
pub mod protocol;
mod startup;
mod state;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use report_cli::library::Sources;
use report_cli::settings;
use report_cli::{asset_url, locations};
use report_core::content::Library;
use report_core::search::{IndexStore, SearchService};
use tauri::{Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

pub use startup::{receive_library, StartLibrary};
pub use state::{AppState, LibraryVersion};

/// Label of the reading window.
pub const MAIN_WINDOW: &str = "main";

/// The app's compile-time context (configuration, embedded `ui/`, icons, capabilities).
/// Generic over the runtime so tests run the real configuration on the mock runtime.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!("tauri.conf.json")
}

/// What the app is started with.
pub struct AppConfig {
    pub library: StartLibrary,
    /// The folders `library` was read from.
    pub sources: Sources,
    /// Where the search index is kept; `None` keeps it in memory.
    pub index_dir: Option<PathBuf>,
    /// Where settings (the last page read) are kept; `None` keeps nothing.
    pub settings_dir: Option<PathBuf>,
    /// The link (`report-viewer://…`) to open at, when the app was started with one.
    pub link: Option<String>,
    /// When the process started, for the start-up figure.
    pub started: Instant,
}

/// Adds the app's state, commands and image protocol to `builder`, starts preparing the
/// search index, and opens the reading window once the app runs.
pub fn setup<R: Runtime>(builder: tauri::Builder<R>, config: AppConfig) -> tauri::Builder<R> {
    let runtime = tauri::async_runtime::handle().inner().clone();
    let folders = folders::FolderState::new(config.sources, config.index_dir.clone());
    let store = config.index_dir.map(IndexStore::new);
    let (library, search, to_come) = match config.library {
        StartLibrary::Read(library) => {
            let search = SearchService::start(Arc::clone(&library), store, runtime);
            (library, search, None)
        }
        StartLibrary::Reading(to_come) => (
            Arc::new(Library::empty()),
            SearchService::awaiting(store, runtime),
            Some(to_come),
        ),
    };
    let state = AppState::new(
        library,
        to_come.is_some(),
        search,
        settings::Settings::load(config.settings_dir),
        config.started,
    );
    builder
        .manage(state)
        .manage(folders)
        .manage(startup::LibraryToCome::new(to_come))
        .manage(links::Links::new(config.link))
        // Images are read off the window's thread: a large one never freezes scrolling.
        .register_asynchronous_uri_scheme_protocol(
            asset_url::SCHEME,
            move |context, request, responder| {
                // From the library as it is now: folders come and go.
                let library = context.app_handle().state::<AppState>().library();
                tauri::async_runtime::spawn_blocking(move || {
                    responder.respond(protocol::respond(&library, &request))
                });
            },
        )
        .invoke_handler(commands::handler())
        .setup(move |app| {
            receive_library(app.handle());
            links::follow_opened_urls(app.handle());
            open_main_window(app.handle())?;
            Ok(())
        })
}

/// Opens the reading window (at `link`, when given) and runs until it is closed; or, when
/// a window on the same library runs already, hands it the arguments and ends.
pub fn run(content: Vec<PathBuf>, link: Option<String>, started: Instant) -> Result<(), String> {
    check_display()?;
    let context = context::<tauri::Wry>();
    let sources = Sources::of_run(&content)?;
    let mut single_instance = tauri_plugin_single_instance::Builder::new()
        .callback(|app, args, _cwd| links::second_start(app, args));
    #[cfg(target_os = "linux")]
    if let Some(id) = links::instance_id(&sources) {
        single_instance = single_instance.dbus_id(id);
    }
    let library = startup::read_library(&sources)?;
    let config = AppConfig {
        library,
        sources,
        index_dir: locations::index_dir(),
        settings_dir: locations::config_dir(),
        link,
        started,
    };
    let builder = tauri::Builder::default()
        // First: a second start must hand over before anything else is set up.
        .plugin(single_instance.build())
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_opener::init())
        // The system's folder dialog, opened by the app (never by the page: see `folders`).
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(save_geometry_as_it_changes());
    setup(builder, config)
        .run(context)
        .map_err(|e| e.to_string())
}

/// Fails with a clear message when there is no graphical session to open a window in
/// (GTK would otherwise abort with a panic).
fn check_display() -> Result<(), String> {
    let has = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if cfg!(target_os = "linux") && !has("DISPLAY") && !has("WAYLAND_DISPLAY") {
        return Err(
            "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); \
             the subcommands (sessions, show, search) work without one"
                .into(),
        );
    }
    Ok(())
}

/// Opens the reading window: the app's only window, which may not navigate away.
pub fn open_main_window<R: Runtime>(app: &tauri::AppHandle<R>) -> tauri::Result<()> {
    let window = WebviewWindowBuilder::new(app, MAIN_WINDOW, WebviewUrl::App("index.html".into()))
        .title("Report Viewer")
        .inner_size(1200.0, 800.0)
        .min_inner_size(640.0, 420.0)
        .on_navigation(navigation::handle)
        .build()?;
    render_in_software(&window)
}

/// Turns off WebKitGTK's accelerated compositing for the reading window.
///
/// A report is text and still images: compositing layers buy it nothing, but every tall
/// page scrolled cost their backing stores (measured: about 40 MB more of the web process
/// after reading the five sessions, 100 MB over the whole app without GPU), and GPU
/// compositing is what leaves WebKitGTK windows blank on some drivers.
fn render_in_software<R: Runtime>(window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    window.with_webview(|webview| {
        #[cfg(target_os = "linux")]
        {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = webview;
    })
}

/// Saves the window's size and position shortly after each move or resize, not only when
/// the app exits cleanly: a session ended by logging out or a killed process keeps them too.
/// A window-event handler for [`run`], which registers the window-state plugin it needs.
fn save_geometry_as_it_changes() -> impl Fn(&tauri::Window, &tauri::WindowEvent) + Send + Sync {
    use std::sync::atomic::{AtomicU64, Ordering};
    use tauri::Manager;
    use tauri_plugin_window_state::{AppHandleExt, StateFlags};

    let changes = Arc::new(AtomicU64::new(0));
    move |window, event| {
        if window.label() != MAIN_WINDOW
            || !matches!(
                event,
                tauri::WindowEvent::Resized(_) | tauri::WindowEvent::Moved(_)
            )
        {
            return;
        }
        let change = changes.fetch_add(1, Ordering::SeqCst) + 1;
        let (changes, handle) = (Arc::clone(&changes), window.app_handle().clone());
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(400)).await;
            // Only the last change of a burst (a drag) writes the file.
            if changes.load(Ordering::SeqCst) == change {
                if let Err(error) = handle.save_window_state(StateFlags::all()) {
                    log::warn!("could not save the window's size and position: {error}");
                }
            }
        });
    }
}
