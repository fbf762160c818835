//! Files the app writes for itself (settings, the report catalog): replaced, never
//! rewritten in place.
//!
//! New content goes to a temporary file of a name no other writer uses (two windows, or a
//! window and a command, may save at once), reaches the disk, and is renamed over the old
//! file. A process killed at any moment leaves either the old file or the new one.

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A temporary file this old was left by a killed writer: a live one renames its file within
/// milliseconds.
const LEFTOVER_AGE: Duration = Duration::from_secs(60);

/// Replaces `dir/name` with `bytes` atomically (see the module documentation).
pub fn replace_file(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    replace(dir, name, bytes, true)
}

/// Replaces the cache file `dir/name` with `bytes`, renamed into place like
/// [`replace_file`] but not waited onto the disk: a cache lost or cut short by a crash is
/// found damaged by its reader and made again, and a start does not wait on the disk.
pub fn replace_cache(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    replace(dir, name, bytes, false)
}

fn replace(dir: &Path, name: &str, bytes: &[u8], durable: bool) -> io::Result<()> {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    fs::create_dir_all(dir)?;
    let temporary = dir.join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        WRITES.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        if durable {
            file.sync_all()?;
        }
        fs::rename(&temporary, dir.join(name))
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written?;
    // The rename itself reaches the disk with the folder.
    #[cfg(unix)]
    if durable {
        if let Ok(folder) = fs::File::open(dir) {
            let _ = folder.sync_all();
        }
    }
    Ok(())
}

/// Removes the temporary files of `dir/name` that killed writers left behind.
pub fn remove_leftovers(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > LEFTOVER_AGE);
        if file_name.starts_with(&prefix) && file_name.ends_with(".tmp") && old {
            let _ = fs::remove_file(entry.path());
        }
    }
}
