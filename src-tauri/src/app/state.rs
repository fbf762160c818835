//! What the commands share.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use report_core::content::Library;
use report_core::search::SearchService;

use super::settings::Settings;

/// State managed by the app, read by every command.
pub struct AppState {
    pub library: Arc<Library>,
    pub search: SearchService,
    pub settings: Mutex<Settings>,
    pub started: Instant,
}

impl AppState {
    pub fn new(
        library: Arc<Library>,
        search: SearchService,
        settings: Settings,
        started: Instant,
    ) -> Self {
        AppState {
            library,
            search,
            settings: Mutex::new(settings),
            started,
        }
    }
}
