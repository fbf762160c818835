//! The little the app remembers between runs: the page last read, where each page was
//! left, the size of the reading text, and the report folders added in the window.
//!
//! Window size and position are the window-state plugin's; this file holds the rest. A
//! missing or unreadable file means defaults, never an error: losing the last page read is
//! better than refusing to start.
//!
//! The file is replaced, never rewritten in place ([`report_core::storage`]): a process
//! killed at any moment leaves either the old settings or the new ones.

use std::fs;
use std::io;
use std::path::PathBuf;

use report_core::storage;
use serde::{Deserialize, Serialize};

const FILE_NAME: &str = "reading-state.json";

/// Pages whose reading position is kept, the most recently read: enough for every page of
/// a long evening, bounded for a library of thousands.
const KEPT_POSITIONS: usize = 500;

/// The reading text's size, in percent of the normal size.
pub const FONT_SCALE_DEFAULT: u16 = 100;
pub const FONT_SCALE_MIN: u16 = 70;
pub const FONT_SCALE_MAX: u16 = 200;

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Stored {
    last_page: Option<String>,
    font_scale: Option<u16>,
    /// Where each page was left, as a fraction of its scrollable height, the most recently
    /// read last.
    positions: Vec<(String, f32)>,
    /// Report folders added in the window, read with the bundled reports.
    folders: Vec<PathBuf>,
    /// The interface's language chosen in the window (`en`, `ja`); `None` follows the
    /// system's.
    locale: Option<String>,
}

/// The interface's languages.
pub const LOCALES: &[&str] = &["en", "ja"];

/// The system's language as far as the interface has it: Japanese when the locale
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first set) is Japanese, else English.
pub fn system_locale() -> &'static str {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default();
    if locale.starts_with("ja") {
        "ja"
    } else {
        "en"
    }
}

/// What the window restores at start.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadingState {
    pub font_scale: u16,
    pub positions: std::collections::HashMap<String, f32>,
    /// The interface's language to show (`en`, `ja`).
    pub locale: String,
    /// What the reader chose: `system`, `en` or `ja`.
    pub locale_choice: String,
}

/// Settings, loaded from and saved to a folder (or kept in memory when there is none).
#[derive(Debug)]
pub struct Settings {
    dir: Option<PathBuf>,
    stored: Stored,
}

impl Settings {
    pub fn load(dir: Option<PathBuf>) -> Self {
        if let Some(dir) = &dir {
            storage::remove_leftovers(dir, FILE_NAME);
        }
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
        self.save();
    }

    /// Report folders added in the window, in the order they were added.
    pub fn folders(&self) -> &[PathBuf] {
        &self.stored.folders
    }

    /// Remembers `folders` as the added report folders.
    pub fn set_folders(&mut self, folders: Vec<PathBuf>) {
        if self.stored.folders != folders {
            self.stored.folders = folders;
            self.save();
        }
    }

    /// The font scale and the reading positions, for the window.
    pub fn reading_state(&self) -> ReadingState {
        ReadingState {
            font_scale: self.font_scale(),
            positions: self.stored.positions.iter().cloned().collect(),
            locale: self.locale().to_owned(),
            locale_choice: self
                .stored
                .locale
                .clone()
                .unwrap_or_else(|| "system".into()),
        }
    }

    /// The interface's language: the one chosen, else the system's.
    pub fn locale(&self) -> &str {
        match self.stored.locale.as_deref() {
            Some(code) if LOCALES.contains(&code) => code,
            _ => system_locale(),
        }
    }

    /// Remembers `choice` (`en`, `ja`, or `system` to follow the system) and returns the
    /// language to show.
    pub fn set_locale(&mut self, choice: &str) -> &str {
        let chosen = LOCALES.contains(&choice).then(|| choice.to_owned());
        if self.stored.locale != chosen {
            self.stored.locale = chosen;
            self.save();
        }
        self.locale()
    }

    pub fn font_scale(&self) -> u16 {
        self.stored.font_scale.map_or(FONT_SCALE_DEFAULT, |scale| {
            scale.clamp(FONT_SCALE_MIN, FONT_SCALE_MAX)
        })
    }

    /// Remembers the reading text's size (clamped to what the window offers); returns it.
    pub fn set_font_scale(&mut self, scale: u16) -> u16 {
        let scale = scale.clamp(FONT_SCALE_MIN, FONT_SCALE_MAX);
        if self.stored.font_scale != Some(scale) {
            self.stored.font_scale = Some(scale);
            self.save();
        }
        scale
    }

    /// Remembers where `page` was left: `fraction` of the way down (clamped to 0..=1).
    pub fn set_position(&mut self, page: &str, fraction: f32) {
        let fraction = if fraction.is_finite() {
            fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let positions = &mut self.stored.positions;
        if positions
            .last()
            .is_some_and(|(p, f)| p == page && *f == fraction)
        {
            return;
        }
        positions.retain(|(p, _)| p != page);
        positions.push((page.to_owned(), fraction));
        if positions.len() > KEPT_POSITIONS {
            positions.drain(..positions.len() - KEPT_POSITIONS);
        }
        self.save();
    }

    fn save(&self) {
        if let Some(dir) = &self.dir {
            let written = serde_json::to_vec(&self.stored)
                .map_err(io::Error::from)
                .and_then(|bytes| storage::replace_file(dir, FILE_NAME, &bytes));
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

    /// Where [`writer_until_killed`] writes, set by the test that runs it.
    const WRITER_DIR: &str = "REPORT_VIEWER_SETTINGS_WRITER_DIR";

    /// Not a test: run by `settings_survive_a_kill_during_their_write` in a child process,
    /// it saves settings as fast as it can until it is killed.
    #[test]
    #[ignore = "run in a child process by settings_survive_a_kill_during_their_write"]
    fn writer_until_killed() {
        let dir = PathBuf::from(std::env::var_os(WRITER_DIR).expect("the writer's folder"));
        let mut settings = Settings::load(Some(dir));
        for n in 0u64.. {
            settings.set_last_page(&format!("report/{n}-{}", "x".repeat((n % 4096) as usize)));
        }
    }

    // Killed at any moment during a write, the settings file holds a complete page id.
    #[cfg(unix)]
    #[test]
    fn settings_survive_a_kill_during_their_write() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = Settings::load(Some(dir.path().to_owned()));
        first.set_last_page("report/first");
        for round in 0..8u64 {
            let mut child = std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "settings::tests::writer_until_killed",
                    "--ignored",
                    "--nocapture",
                ])
                .env(WRITER_DIR, dir.path())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(std::time::Duration::from_millis(30 + round * 17));
            child.kill().unwrap();
            child.wait().unwrap();
            let bytes = fs::read(dir.path().join(FILE_NAME)).unwrap();
            let stored: Stored = serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("round {round}: {e}: {bytes:?}"));
            let page = stored.last_page.unwrap();
            assert!(page.starts_with("report/"), "{page}");
        }
        // Every temporary file is either renamed or left by a killed writer; none is read.
        let again = Settings::load(Some(dir.path().to_owned()));
        assert!(again.last_page().unwrap().starts_with("report/"));
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

    #[test]
    fn font_scale_and_positions_survive_a_restart_within_bounds() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings::load(Some(dir.path().to_owned()));
        assert_eq!(settings.font_scale(), FONT_SCALE_DEFAULT);
        assert_eq!(settings.set_font_scale(130), 130);
        assert_eq!(settings.set_font_scale(900), FONT_SCALE_MAX);
        settings.set_position("r/1", 0.5);
        settings.set_position("r/2", 7.0);
        settings.set_position("r/1", 0.25);
        let again = Settings::load(Some(dir.path().to_owned()));
        let state = again.reading_state();
        assert_eq!(state.font_scale, FONT_SCALE_MAX);
        assert_eq!(state.positions.get("r/1"), Some(&0.25));
        assert_eq!(state.positions.get("r/2"), Some(&1.0));
        assert_eq!(state.positions.len(), 2);

        // Only the most recently read pages are kept.
        let mut settings = again;
        for n in 0..KEPT_POSITIONS + 10 {
            settings.dir = None;
            settings.set_position(&format!("p/{n}"), 0.1);
        }
        let positions = settings.reading_state().positions;
        assert_eq!(positions.len(), KEPT_POSITIONS);
        assert!(positions.contains_key(&format!("p/{}", KEPT_POSITIONS + 9)));
        assert!(!positions.contains_key("r/1"));
    }
}
