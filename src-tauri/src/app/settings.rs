//! The little the app remembers between runs: the page last read.
//!
//! Window size and position are the window-state plugin's; this file holds the rest. A
//! missing or unreadable file means defaults, never an error: losing the last page read is
//! better than refusing to start.

use std::fs;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

const FILE_NAME: &str = "reading-state.json";

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stored {
    last_page: Option<String>,
}

/// Settings, loaded from and saved to a folder (or kept in memory when there is none).
#[derive(Debug)]
pub struct Settings {
    dir: Option<PathBuf>,
    stored: Stored,
}

impl Settings {
    pub fn load(dir: Option<PathBuf>) -> Self {
        let stored = dir
            .as_ref()
            .and_then(|dir| fs::read(dir.join(FILE_NAME)).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Settings { dir, stored }
    }

    pub fn last_page(&self) -> Option<&str> {
        self.stored.last_page.as_deref()
    }

    /// Remembers `page` and writes the file (atomically, through a temporary file).
    pub fn set_last_page(&mut self, page: &str) {
        if self.stored.last_page.as_deref() == Some(page) {
            return;
        }
        self.stored.last_page = Some(page.to_owned());
        if let Some(dir) = &self.dir {
            let written = fs::create_dir_all(dir).and_then(|()| {
                let temporary = dir.join(format!("{FILE_NAME}.tmp"));
                fs::write(&temporary, serde_json::to_vec(&self.stored)?)?;
                fs::rename(&temporary, dir.join(FILE_NAME))
            });
            if let Err(error) = written {
                log::warn!(
                    "could not save the reading state in {}: {error}",
                    dir.display()
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_page_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings::load(Some(dir.path().to_owned()));
        assert_eq!(settings.last_page(), None);
        settings.set_last_page("report/3");
        let again = Settings::load(Some(dir.path().to_owned()));
        assert_eq!(again.last_page(), Some("report/3"));
    }

    #[test]
    fn a_corrupt_file_means_defaults() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE_NAME), b"{not json").unwrap();
        assert_eq!(
            Settings::load(Some(dir.path().to_owned())).last_page(),
            None
        );
    }
}
