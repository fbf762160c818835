//! Links into the app (`report-viewer://page/…`): the one the app was started with, and
//! those handed over by a second start while it runs.
//!
//! One window per library: a second start on the same library (a link opened from a
//! browser, `report-viewer open LINK`, the desktop icon again) hands its arguments to the
//! running app and ends; the running window brings itself forward and goes to the link.
//! A start with `--content` reads other folders, so it is an app of its own, and links
//! started with the same `--content` go to it.
//!
//! A link waits here until the window takes it: at start, once the library is read (the
//! window asks for its first page); while running, when the window is told one arrived.
//! Whoever takes it first follows it, so a link is followed exactly once.

use std::sync::Mutex;

use report_cli::library::Sources;
use report_core::content::digest::Digest;
use report_core::view::{self, Destination};
use tauri::{AppHandle, Manager, Runtime};
use tokio::sync::watch;

use super::{AppState, MAIN_WINDOW};

/// The link waiting for the window, and how the window hears of new ones.
pub struct Links {
    waiting: Mutex<Option<String>>,
    arrivals: watch::Sender<u64>,
}

impl Links {
    /// `start`: the link the app was started with.
    pub fn new(start: Option<String>) -> Links {
        Links {
            waiting: Mutex::new(start),
            arrivals: watch::channel(0).0,
        }
    }

    /// A link handed over while the app runs: it replaces any the window has not taken yet
    /// (the last one opened is the one the reader wants), and the window is told.
    pub fn arrive(&self, link: String) {
        *self.waiting.lock().unwrap_or_else(|p| p.into_inner()) = Some(link);
        self.arrivals.send_modify(|count| *count += 1);
    }

    /// Counts the links handed over, now and at every new one.
    pub fn arrivals(&self) -> watch::Receiver<u64> {
        self.arrivals.subscribe()
    }

    /// Where the waiting link leads, taking it; `None` when no link waits, or while the
    /// library is still being read (the link waits for it).
    pub fn follow(&self, state: &AppState) -> Option<Destination> {
        if state.reading() {
            return None;
        }
        let link = self
            .waiting
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()?;
        let destination = view::destination(&state.library(), &link);
        match &destination.problem {
            Some(problem) => log::warn!("{}", problem.message()),
            None => log::info!("following {link}"),
        }
        Some(destination)
    }
}

/// The name the single-instance lock takes for `sources`: the app's identifier for the
/// library the window keeps (`None`), one of its own for `--content` folders.
pub fn instance_id(sources: &Sources) -> Option<String> {
    if sources.remembered {
        return None;
    }
    let digest = sources
        .dirs
        .iter()
        .map(|dir| dir.canonicalize().unwrap_or_else(|_| dir.clone()))
        .fold(Digest::new(), |digest, dir| {
            digest.field(dir.to_string_lossy().as_bytes())
        })
        .finish();
    // A D-Bus name's parts are letters, digits, `_` and `-`, and do not start with a digit.
    Some(format!("{}.library_{digest:016x}", report_cli::IDENTIFIER))
}

/// What a second start hands over (its arguments): its link, if it has one, is followed,
/// and the window comes forward either way.
pub fn second_start<R: Runtime>(app: &AppHandle<R>, args: Vec<String>) {
    match report_cli::Args::try_from_args(args) {
        Ok(args) => {
            if let Some(link) = args.window_link() {
                app.state::<Links>().arrive(link.to_owned());
            }
        }
        Err(error) => log::warn!("a second start's arguments were not understood: {error}"),
    }
    bring_forward(app);
}

/// Follows the links the system delivers as events rather than arguments (macOS), through
/// the deep-link plugin when it is there. On Linux and Windows a link is an argument, of
/// the first start or of a second one ([`second_start`]).
pub fn follow_opened_urls<R: Runtime>(app: &AppHandle<R>) {
    use tauri_plugin_deep_link::DeepLinkExt;
    if app
        .try_state::<tauri_plugin_deep_link::DeepLink<R>>()
        .is_none()
    {
        return;
    }
    let handle = app.clone();
    app.deep_link().on_open_url(move |event| {
        if let Some(url) = event.urls().pop() {
            handle.state::<Links>().arrive(url.to_string());
            bring_forward(&handle);
        }
    });
}

fn bring_forward<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        if let Err(error) = window.set_focus() {
            log::warn!("could not bring the window forward: {error}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn content_folders_have_an_instance_of_their_own() {
        let remembered = Sources::remembered(PathBuf::from("/usr/lib/x/content"), &[]);
        assert_eq!(instance_id(&remembered), None);
        let run = |dirs: &[&str]| Sources {
            dirs: dirs.iter().map(PathBuf::from).collect(),
            remembered: false,
        };
        let a = instance_id(&run(&["/no/such/a"])).unwrap();
        assert!(a.starts_with("org.reportviewer.desktop.library_"), "{a}");
        assert_eq!(instance_id(&run(&["/no/such/a"])), Some(a.clone()));
        assert_ne!(instance_id(&run(&["/no/such/b"])), Some(a.clone()));
        assert_ne!(instance_id(&run(&["/no/such/a", "/no/such/b"])), Some(a));
    }
}
