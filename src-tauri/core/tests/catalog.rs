//! The catalog: a start reads only the reports whose files changed, and a catalog that
//! cannot be used costs a full reading, never a report.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use report_core::content::catalog::{ReportEntry, Stamp, CATALOG_VERSION, RACY_NANOS};
use report_core::content::{FolderSource, Library, Reading};

/// A content folder with a catalog file beside it, in a data folder of its own.
struct Folder {
    _dir: tempfile::TempDir,
    content: PathBuf,
    catalog: PathBuf,
}

impl Folder {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("reports");
        fs::create_dir_all(content.join("_posts")).unwrap();
        let catalog = dir.path().join("data/catalog.json");
        Folder {
            _dir: dir,
            content,
            catalog,
        }
    }

    /// Writes a report dated `day` with `sessions` sessions, its file modified an hour ago
    /// (a file modified just now is hashed again at every reading: see `RACY_NANOS`).
    fn report(&self, name: &str, title: &str, sessions: usize) -> PathBuf {
        let mut text =
            format!("---\ntitle: {title}\ndate: 2024-01-02\n---\n\nOverview of {title}.\n");
        for n in 1..=sessions {
            text.push_str(&format!(
                "\n# Talk {n}\n\n- Speaker {n}\n\n## Notes\n\nWords {n}.\n"
            ));
        }
        let path = self.content.join("_posts").join(name);
        fs::write(&path, text).unwrap();
        age(&path, 3600);
        path
    }

    fn load(&self) -> Library {
        Library::load_cataloged(&self.content, &self.catalog).unwrap()
    }
}

/// Sets the modification time of `path` to `seconds` ago.
fn age(path: &Path, seconds: u64) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(seconds))
        .unwrap();
}

fn reading(unchanged: usize, hashed: usize, parsed: usize) -> Reading {
    Reading {
        unchanged,
        hashed,
        parsed,
    }
}

fn titles(library: &Library) -> Vec<&str> {
    library.reports.iter().map(|r| r.title.as_str()).collect()
}

#[test]
fn unchanged_files_are_taken_from_the_catalog_unread() {
    let folder = Folder::new();
    folder.report("a.md", "Alpha", 2);
    folder.report("b.md", "Beta", 3);
    let first = folder.load();
    assert_eq!(first.reading, reading(0, 0, 2));
    let second = folder.load();
    assert_eq!(second.reading, reading(2, 0, 0));
    assert_eq!(second.reports, first.reports);
    assert!(second.problems.is_empty());
}

#[test]
fn the_catalog_lists_what_a_full_parse_lists() {
    let folder = Folder::new();
    folder.report("a.md", "Alpha", 2);
    folder.report("b.md", "Beta", 3);
    drop(folder.load());
    let cataloged = folder.load();
    assert_eq!(cataloged.reading.unchanged, 2);
    let parsed = Library::load(&folder.content).unwrap();
    let without_stamps = |library: &Library| -> Vec<ReportEntry> {
        let mut entries = library.reports.clone();
        for entry in &mut entries {
            entry.stamp = None;
        }
        entries
    };
    assert_eq!(without_stamps(&cataloged), without_stamps(&parsed));
    // And a page opened from it is the report as the file holds it.
    let entry = &cataloged.reports[0];
    let report = cataloged.parse(entry).unwrap();
    assert_eq!(report.sessions.len(), entry.sessions.len());
    assert_eq!(report.digest, entry.digest);
}

#[test]
fn a_touched_file_is_hashed_again_but_not_parsed() {
    let folder = Folder::new();
    let a = folder.report("a.md", "Alpha", 2);
    folder.report("b.md", "Beta", 1);
    drop(folder.load());
    age(&a, 1800);
    let library = folder.load();
    assert_eq!(library.reading, reading(1, 1, 0));
    // The new stamp is kept: the next reading reads nothing.
    assert_eq!(folder.load().reading, reading(2, 0, 0));
}

#[test]
fn a_changed_file_is_parsed_and_listed_anew() {
    let folder = Folder::new();
    folder.report("a.md", "Alpha", 2);
    folder.report("b.md", "Beta", 1);
    drop(folder.load());
    // Same length, other bytes: only the stamp's times and the digest tell.
    folder.report("a.md", "Gamma", 2);
    let library = folder.load();
    assert_eq!(library.reading, reading(1, 0, 1));
    let mut listed = titles(&library);
    listed.sort();
    assert_eq!(listed, ["Beta", "Gamma"]);
}

#[test]
fn added_and_removed_files_come_and_go() {
    let folder = Folder::new();
    let a = folder.report("a.md", "Alpha", 1);
    folder.report("b.md", "Beta", 1);
    drop(folder.load());
    fs::remove_file(a).unwrap();
    folder.report("c.md", "Gamma", 4);
    let library = folder.load();
    assert_eq!(library.reading, reading(1, 0, 1));
    let mut listed = titles(&library);
    listed.sort();
    assert_eq!(listed, ["Beta", "Gamma"]);
    assert_eq!(library.report("c").unwrap().sessions.len(), 4);
    assert_eq!(folder.load().reading, reading(2, 0, 0));
}

#[test]
fn a_damaged_catalog_is_rebuilt_and_nothing_is_lost() {
    let folder = Folder::new();
    folder.report("a.md", "Alpha", 1);
    folder.report("b.md", "Beta", 2);
    drop(folder.load());
    let whole = fs::read(&folder.catalog).unwrap();
    for damaged in [
        whole[..whole.len() / 2].to_vec(),
        b"\0\0\0 not a catalog".to_vec(),
        Vec::new(),
    ] {
        fs::write(&folder.catalog, damaged).unwrap();
        let library = folder.load();
        assert_eq!(library.reading, reading(0, 0, 2));
        assert_eq!(library.reports.len(), 2);
        assert!(library.problems.is_empty());
        // Written anew: the next start reads nothing.
        assert_eq!(folder.load().reading, reading(2, 0, 0));
    }
}

#[test]
fn a_catalog_of_another_version_or_folder_is_not_used() {
    let folder = Folder::new();
    folder.report("a.md", "Alpha", 1);
    drop(folder.load());
    // The file says its version after an 8-byte magic.
    let mut bytes = fs::read(&folder.catalog).unwrap();
    assert_eq!(bytes[8..12], CATALOG_VERSION.to_le_bytes());
    bytes[8..12].copy_from_slice(&(CATALOG_VERSION + 1).to_le_bytes());
    fs::write(&folder.catalog, bytes).unwrap();
    assert_eq!(folder.load().reading, reading(0, 0, 1));

    // Another folder's catalog, at the same path, is not taken for this one's.
    let other = Folder::new();
    other.report("a.md", "Other", 1);
    fs::create_dir_all(other.catalog.parent().unwrap()).unwrap();
    fs::copy(&folder.catalog, &other.catalog).unwrap();
    let library = other.load();
    assert_eq!(library.reading, reading(0, 0, 1));
    assert_eq!(titles(&library), ["Other"]);
}

#[cfg(unix)]
#[test]
fn a_cataloged_file_replaced_by_a_link_outside_is_refused() {
    let folder = Folder::new();
    let a = folder.report("a.md", "Alpha", 1);
    folder.report("b.md", "Beta", 1);
    drop(folder.load());
    let outside = folder.content.parent().unwrap().join("secret.md");
    fs::write(&outside, "---\ntitle: Secret\n---\n# s\n").unwrap();
    fs::remove_file(&a).unwrap();
    std::os::unix::fs::symlink(&outside, &a).unwrap();
    let library = folder.load();
    assert_eq!(titles(&library), ["Beta"]);
    assert_eq!(library.problems.len(), 1);
    assert!(
        library.problems[0]
            .message
            .contains("outside the content folder"),
        "{}",
        library.problems[0]
    );
}

#[test]
fn a_report_that_breaks_is_reported_and_the_rest_stays() {
    let folder = Folder::new();
    let a = folder.report("a.md", "Alpha", 1);
    folder.report("b.md", "Beta", 1);
    drop(folder.load());
    fs::write(&a, "---\ntitle: [unclosed\n---\n# s\n").unwrap();
    let library = folder.load();
    assert_eq!(titles(&library), ["Beta"]);
    assert_eq!(library.problems.len(), 1);
    // Mended, it is back.
    folder.report("a.md", "Alpha", 1);
    let mut listed = titles(&folder.load())
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    listed.sort();
    assert_eq!(listed, ["Alpha", "Beta"]);
}

#[test]
fn a_file_modified_just_before_its_reading_is_hashed_again() {
    let folder = Folder::new();
    let a = folder.report("a.md", "Alpha", 1);
    let stamp = Stamp::of(&fs::symlink_metadata(&a).unwrap()).unwrap();
    let entry = |modified_nanos| ReportEntry {
        stamp: Some(Stamp {
            modified_nanos,
            ..stamp
        }),
        ..folder.load().reports[0].clone()
    };
    let checked = 100 * RACY_NANOS;
    assert!(entry(checked - RACY_NANOS / 2).is_racy(checked));
    assert!(entry(checked + 1).is_racy(checked));
    assert!(!entry(checked - 2 * RACY_NANOS).is_racy(checked));

    // A file written moments ago is read again at the next reading, not trusted by stamp.
    fs::write(&a, "---\ntitle: Fresh\n---\n# s\n").unwrap();
    drop(folder.load());
    let again = folder.load();
    assert_eq!(again.reading, reading(0, 1, 0));
}

#[test]
fn reload_reads_only_what_changed_since() {
    let folder = Folder::new();
    folder.report("a.md", "Alpha", 1);
    let b = folder.report("b.md", "Beta", 1);
    let library = folder.load();
    fs::write(&b, "---\ntitle: Beta two\n---\n# s\n").unwrap();
    age(&b, 60);
    let reloaded = library.reload().unwrap();
    assert_eq!(reloaded.reading, reading(1, 0, 1));
    let mut listed = titles(&reloaded);
    listed.sort();
    assert_eq!(listed, ["Alpha", "Beta two"]);
    // The reload wrote the catalog too.
    assert_eq!(folder.load().reading, reading(2, 0, 0));
}

// An added folder on a drive not mounted at start is named among the problems; once it is
// there, a reload (what a change or the window's focus triggers) reads it, with the others
// still read only where they changed.
#[test]
fn a_folder_missing_at_start_is_read_once_it_is_there() {
    let first = Folder::new();
    first.report("a.md", "Alpha", 1);
    let second = Folder::new();
    let later = second.content.with_file_name("mounted-later");
    let sources = [
        FolderSource {
            dir: first.content.clone(),
            catalog: Some(first.catalog.clone()),
        },
        FolderSource {
            dir: later.clone(),
            catalog: Some(second.catalog.clone()),
        },
    ];
    let library = Library::load_all(&sources).unwrap();
    assert_eq!(titles(&library), ["Alpha"]);
    assert_eq!(
        library.unread_folders().collect::<Vec<_>>(),
        [later.as_path()]
    );
    assert!(
        library.problems.iter().any(|p| p.path == later),
        "{:?}",
        library.problems
    );

    // Still missing: still named, nothing else read.
    let again = library.reload().unwrap();
    assert_eq!(again.unread_folders().count(), 1);
    assert_eq!(again.reading, reading(1, 0, 0));

    fs::rename(&second.content, &later).unwrap();
    second_report(&later, "Beta");
    let mounted = again.reload().unwrap();
    let mut listed = titles(&mounted);
    listed.sort();
    assert_eq!(listed, ["Alpha", "Beta"]);
    assert_eq!(mounted.unread_folders().count(), 0);
    assert!(mounted.problems.is_empty(), "{:?}", mounted.problems);
    assert_eq!(mounted.reading, reading(1, 0, 1));
    // Its reports are its own: served from its folder, not the first one's.
    let beta = mounted.reports.iter().find(|r| r.title == "Beta").unwrap();
    assert_eq!(mounted.root_of(beta).path(), later.canonicalize().unwrap());
}

fn second_report(content: &Path, title: &str) {
    let path = content.join("_posts/b.md");
    fs::write(&path, format!("---\ntitle: {title}\n---\n# Talk\n")).unwrap();
    age(&path, 3600);
}
