//! The on-disk index: fresh, stale, damaged, unwritable, and the async service over it.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use report_core::content::Library;
use report_core::search::{IndexStore, Origin, SearchIndex, SearchService, SearchStatus, Verify};
use support::TempContent;

fn bundled() -> Library {
    Library::load(&support::bundled_content()).unwrap()
}

/// Index files (not the marker or tantivy's own metadata), largest first.
fn segment_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !name.starts_with('.') && name != "complete" && name != "meta.json"
        })
        .collect();
    files.sort_by_key(|p| std::cmp::Reverse(fs::metadata(p).unwrap().len()));
    files
}

/// A store in a temporary folder holding a built index of the bundled report.
fn store_with_bundled_index() -> (tempfile::TempDir, IndexStore, Library) {
    let data = tempfile::tempdir().unwrap();
    let store = IndexStore::new(data.path());
    let library = bundled();
    drop(store.open_or_build(&library, Verify::Full).unwrap());
    (data, store, library)
}

#[test]
fn an_index_is_built_once_then_opened() {
    let data = tempfile::tempdir().unwrap();
    let store = IndexStore::new(data.path().join("index"));
    let library = bundled();
    let (index, origin) = store.open_or_build(&library, Verify::Full).unwrap();
    assert!(matches!(origin, Origin::Built(_)), "{origin:?}");
    assert!(!index.search("障害", 10).unwrap().is_empty());
    drop(index);
    let (index, origin) = store.open_or_build(&library, Verify::Full).unwrap();
    assert_eq!(origin, Origin::Opened);
    assert!(!index.search("障害", 10).unwrap().is_empty());
}

#[test]
fn a_truncated_index_file_is_rebuilt() {
    let (_data, store, library) = store_with_bundled_index();
    let dir = store.index_dir(&library);
    for file in segment_files(&dir) {
        let len = fs::metadata(&file).unwrap().len();
        let file = fs::OpenOptions::new().write(true).open(&file).unwrap();
        file.set_len(len / 2).unwrap();
    }
    let (index, origin) = store.open_or_build(&library, Verify::Quick).unwrap();
    assert!(
        matches!(origin, Origin::Built(ref why) if why.contains("damaged")),
        "{origin:?}"
    );
    assert_eq!(index.search("障害", 10).unwrap().len(), 3);
}

#[test]
fn garbled_bytes_are_caught_by_the_full_check_and_rebuilt() {
    let (_data, store, library) = store_with_bundled_index();
    let dir = store.index_dir(&library);
    for file in segment_files(&dir) {
        let mut bytes = fs::read(&file).unwrap();
        let middle = bytes.len() / 2;
        let end = (middle + 8).min(bytes.len());
        for byte in &mut bytes[middle..end] {
            *byte ^= 0xa5;
        }
        fs::write(&file, bytes).unwrap();
    }
    let (index, origin) = store.open_or_build(&library, Verify::Full).unwrap();
    assert!(matches!(origin, Origin::Built(_)), "{origin:?}");
    assert_eq!(index.search("障害", 10).unwrap().len(), 3);
    index.verify().unwrap();
}

#[test]
fn garbage_metadata_is_rebuilt() {
    let (_data, store, library) = store_with_bundled_index();
    fs::write(store.index_dir(&library).join("meta.json"), b"{ not json").unwrap();
    let (index, origin) = store.open_or_build(&library, Verify::Quick).unwrap();
    assert!(matches!(origin, Origin::Built(_)), "{origin:?}");
    assert!(!index.search("GKE", 5).unwrap().is_empty());
}

#[test]
fn changed_content_gets_a_new_index_and_the_old_one_goes() {
    let content = TempContent::with_bundled_report();
    let data = tempfile::tempdir().unwrap();
    let store = IndexStore::new(data.path());
    let before = Library::load(content.path()).unwrap();
    drop(store.open_or_build(&before, Verify::Quick).unwrap());
    let old_dir = store.index_dir(&before);
    content.write(
        "_posts/2020-02-02-new.md",
        "# 新しいセッション\n\n独自の語彙\n".as_bytes(),
    );
    let after = Library::load(content.path()).unwrap();
    assert_ne!(store.index_dir(&after), old_dir);
    let (index, origin) = store.open_or_build(&after, Verify::Quick).unwrap();
    assert!(matches!(origin, Origin::Built(_)));
    assert_eq!(index.search("独自の語彙", 5).unwrap().len(), 1);
    assert!(!old_dir.exists());
}

#[test]
fn a_crashed_build_leaves_the_existing_index_usable() {
    let (data, store, library) = store_with_bundled_index();
    // What a build killed halfway leaves behind: a scratch folder with partial files.
    let scratch = data.path().join(".building-99999-1");
    fs::create_dir(&scratch).unwrap();
    fs::write(scratch.join("meta.json"), b"{").unwrap();
    let (index, origin) = store.open_or_build(&library, Verify::Full).unwrap();
    assert_eq!(origin, Origin::Opened);
    assert!(!index.search("障害", 5).unwrap().is_empty());
}

#[test]
fn an_incomplete_index_folder_is_rebuilt() {
    let data = tempfile::tempdir().unwrap();
    let store = IndexStore::new(data.path());
    let library = bundled();
    fs::create_dir_all(store.index_dir(&library)).unwrap();
    fs::write(store.index_dir(&library).join("meta.json"), b"{}").unwrap();
    let (_, origin) = store.open_or_build(&library, Verify::Quick).unwrap();
    assert!(
        matches!(origin, Origin::Built(ref why) if why.contains("incomplete")),
        "{origin:?}"
    );
}

#[test]
fn an_unwritable_data_folder_falls_back_to_memory() {
    let data = tempfile::tempdir().unwrap();
    // A file where the folder should be: nothing can be created below it, even as root.
    let blocker = data.path().join("blocked");
    fs::write(&blocker, b"").unwrap();
    let store = IndexStore::new(blocker.join("index"));
    let (index, origin) = store.open_or_build(&bundled(), Verify::Quick).unwrap();
    assert!(
        matches!(origin, Origin::InMemory(ref why) if why.contains("cannot write")),
        "{origin:?}"
    );
    assert!(!index.search("障害", 5).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_answers_not_ready_then_finds() {
    let data = tempfile::tempdir().unwrap();
    let service = SearchService::start(
        Arc::new(bundled()),
        Some(IndexStore::new(data.path())),
        tokio::runtime::Handle::current(),
    );
    let status = tokio::time::timeout(std::time::Duration::from_secs(60), service.ready())
        .await
        .expect("the index becomes ready");
    assert!(matches!(status, SearchStatus::Ready { .. }), "{status:?}");
    assert_eq!(service.search("障害", 10).unwrap().len(), 3);
}

/// Garbles one byte in the middle of every index file, leaving sizes and metadata intact.
fn garble_every_file(dir: &Path) {
    for file in segment_files(dir) {
        let mut bytes = fs::read(&file).unwrap();
        let at = bytes.len() / 3;
        bytes[at] ^= 0xff;
        fs::write(&file, bytes).unwrap();
    }
}

// Regression: tantivy panicked ("mid > len") opening a segment whose fast-field bytes were
// garbled; the panic killed the task preparing the index and search never became ready.
#[test]
fn damaged_files_that_make_tantivy_panic_are_rebuilt_not_a_crash() {
    let (_data, store, library) = store_with_bundled_index();
    let dir = store.index_dir(&library);
    // Find a one-byte change to a fast-field file that makes tantivy panic on opening (the
    // index reports a caught panic as "failed on damaged data"), and keep it.
    let fast = segment_files(&dir)
        .into_iter()
        .find(|f| f.extension().is_some_and(|e| e == "fast"))
        .expect("a fast-field file");
    let original = fs::read(&fast).unwrap();
    let panicking = (0..original.len()).find(|&at| {
        let mut bytes = original.clone();
        bytes[at] ^= 0xff;
        fs::write(&fast, &bytes).unwrap();
        matches!(SearchIndex::open_in_dir(&dir, false), Err(e) if e.to_string().contains("damaged data"))
    });
    assert!(
        panicking.is_some(),
        "no change to {} makes tantivy panic any more",
        fast.display()
    );

    let (index, origin) = store.open_or_build(&library, Verify::Quick).unwrap();
    assert!(
        matches!(origin, Origin::Built(ref why) if why.contains("damaged")),
        "{origin:?}"
    );
    assert_eq!(index.search("障害", 10).unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_never_searches_a_damaged_index() {
    let (_data, store, library) = store_with_bundled_index();
    let dir = store.index_dir(&library);
    garble_every_file(&dir);
    let service = SearchService::start(
        Arc::new(library),
        Some(store.clone()),
        tokio::runtime::Handle::current(),
    );
    let status = tokio::time::timeout(std::time::Duration::from_secs(60), service.ready())
        .await
        .expect("the index becomes ready");
    assert!(
        matches!(status, SearchStatus::Ready { ref detail } if detail.contains("damaged")),
        "{status:?}"
    );
    assert_eq!(service.search("障害", 10).unwrap().len(), 3);
    SearchIndex::open_in_dir(&dir, true).unwrap();
}
