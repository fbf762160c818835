//! The on-disk index: fresh, stale, damaged, unwritable, and the async service over it.

#[path = "../../../tests/support/mod.rs"]
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
    // The files found sound are recorded, so the next full check reads only new ones.
    let dir = store.index_dir(&library);
    let checked: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("checked.json")).unwrap()).unwrap();
    let recorded = checked.as_object().unwrap();
    for file in segment_files(&dir) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if name != "checked.json" && !name.ends_with(".lock") {
            assert!(recorded.contains_key(&name), "{name} not recorded");
        }
    }
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

/// The places (session, anchor) `query` finds, sorted.
fn places(index: &SearchIndex, query: &str) -> Vec<(Option<String>, Option<String>)> {
    let mut places: Vec<_> = index
        .search(query, 500)
        .unwrap()
        .into_iter()
        .map(|hit| (hit.session_id, hit.anchor))
        .collect();
    places.sort();
    places
}

// One changed report is indexed again, not the library: its old words go, its new ones
// come, a removed report's go, an added one's come, in the same index folder.
#[test]
fn a_changed_report_updates_only_its_own_documents() {
    let content = TempContent::with_bundled_report();
    let talk = |word: &str| format!("---\ntitle: Notes\n---\n# 講演\n\n- 話者\n\n{word} の話\n");
    content.write("_posts/2020-01-01-a.md", talk("oldword").as_bytes());
    content.write("_posts/2020-01-02-b.md", talk("goneword").as_bytes());
    let data = tempfile::tempdir().unwrap();
    let store = IndexStore::new(data.path());
    let library = Library::load(content.path()).unwrap();
    let (_, origin) = store.open_or_build(&library, Verify::Quick).unwrap();
    assert!(matches!(origin, Origin::Built(_)), "{origin:?}");
    let dir = store.index_dir(&library);

    content.write("_posts/2020-01-01-a.md", talk("newword").as_bytes());
    fs::remove_file(content.path().join("_posts/2020-01-02-b.md")).unwrap();
    content.write("_posts/2020-01-03-c.md", talk("addedword").as_bytes());
    let library = Library::load(content.path()).unwrap();
    let (index, origin) = store.open_or_build(&library, Verify::Full).unwrap();
    assert_eq!(
        origin,
        Origin::Updated("2 reports added or changed, 1 removed".into())
    );
    assert_eq!(store.index_dir(&library), dir);
    for (word, found) in [
        ("newword", true),
        ("addedword", true),
        ("oldword", false),
        ("goneword", false),
    ] {
        assert_eq!(!index.search(word, 10).unwrap().is_empty(), found, "{word}");
    }
    // What the updated index finds is what a full build finds.
    let full = SearchIndex::build_in_ram(&library).unwrap();
    for query in ["障害", "コンテナ", "講演", "話者", "GKE", "newword"] {
        assert_eq!(places(&index, query), places(&full, query), "{query}");
    }
    drop(index);
    let (_, origin) = store.open_or_build(&library, Verify::Quick).unwrap();
    assert_eq!(origin, Origin::Opened);
}

// Each content folder keeps its index; four are kept, and the one used longest ago goes.
#[test]
fn each_folder_keeps_its_index_and_only_the_least_recently_used_go() {
    let data = tempfile::tempdir().unwrap();
    let store = IndexStore::new(data.path());
    let folders: Vec<TempContent> = (0..5).map(|_| TempContent::with_bundled_report()).collect();
    let open = |folder: &TempContent, expect_built: bool| {
        // Apart in time, so "recently used" has an order even on coarse clocks.
        std::thread::sleep(std::time::Duration::from_millis(30));
        let library = Library::load(folder.path()).unwrap();
        let (_, origin) = store.open_or_build(&library, Verify::Quick).unwrap();
        assert_eq!(
            matches!(origin, Origin::Built(_)),
            expect_built,
            "{origin:?}"
        );
        store.index_dir(&library)
    };
    let mut dirs: Vec<PathBuf> = folders[..4].iter().map(|f| open(f, true)).collect();
    // The first folder again: its index is still there, and now the most recently used.
    assert_eq!(open(&folders[0], false), dirs[0]);
    dirs.push(open(&folders[4], true));
    let kept: Vec<bool> = dirs.iter().map(|d| d.exists()).collect();
    assert_eq!(kept, [true, false, true, true, true]);
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

// A damaged index may be opened (the quick check reads little of it) and used while the
// full check runs: a search on it must fail or answer, never crash, and the index must end
// up rebuilt.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_index_is_rebuilt_and_searching_it_meanwhile_never_crashes() {
    let (_data, store, library) = store_with_bundled_index();
    let dir = store.index_dir(&library);
    garble_every_file(&dir);
    let service = SearchService::start(
        Arc::new(library),
        Some(store.clone()),
        tokio::runtime::Handle::current(),
    );
    let mut status = service.watch();
    let rebuilt = async {
        loop {
            let _ = service.search("障害", 10);
            let _ = service.search("driver", 10);
            let done = matches!(
                &*status.borrow_and_update(),
                SearchStatus::Ready { detail } if detail.contains("damaged")
            );
            if done {
                break;
            }
            let _ =
                tokio::time::timeout(std::time::Duration::from_millis(5), status.changed()).await;
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), rebuilt)
        .await
        .expect("the damaged index is rebuilt");
    assert_eq!(service.search("障害", 10).unwrap().len(), 3);
    SearchIndex::open_in_dir(&dir, true).unwrap();
}

/// A query problem is not damage: searching on is fine and nothing is rebuilt.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_queries_neither_fail_nor_rebuild() {
    let (_data, store, library) = store_with_bundled_index();
    let service = SearchService::start(
        Arc::new(library),
        Some(store),
        tokio::runtime::Handle::current(),
    );
    let status = service.ready().await;
    assert!(matches!(status, SearchStatus::Ready { .. }), "{status:?}");
    let long = "サービス ".repeat(400);
    let word = "x".repeat(300);
    for query in [
        "\"", "\"\"\"", "🙂", "e\u{301}", "\u{301}", &long, &word, "a", "***", "-",
    ] {
        assert!(service.search(query, 200).is_ok(), "{query:?}");
    }
    assert_eq!(service.status(), status, "nothing was rebuilt");
}

/// A library of `copies` copies of the bundled report: an index that takes a while to build.
fn bundled_copies(copies: usize) -> (TempContent, Library) {
    let content = TempContent::new();
    let report = fs::read(
        support::bundled_content()
            .join("_posts")
            .join(support::BUNDLED_REPORT),
    )
    .unwrap();
    for copy in 0..copies {
        content.write(&format!("_posts/2019-03-27-copy-{copy}.md"), &report);
    }
    let library = Library::load(content.path()).unwrap();
    (content, library)
}

/// A search service for `copies` copies of the bundled report, on a runtime of its own, with
/// an index folder in `data`.
fn service_of_copies(
    copies: usize,
    data: &Path,
) -> (tokio::runtime::Runtime, TempContent, SearchService) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (content, library) = bundled_copies(copies);
    let service = SearchService::start(
        Arc::new(library),
        Some(IndexStore::new(data)),
        runtime.handle().clone(),
    );
    (runtime, content, service)
}

// While a rebuild runs, searches answer from the index being replaced: each of 1,000
// searches gets the complete answer, none an empty or partial one.
#[test]
fn searches_during_a_rebuild_answer_from_a_complete_index() {
    let data = tempfile::tempdir().unwrap();
    let (runtime, _content, service) = service_of_copies(40, data.path());
    assert!(matches!(
        runtime.block_on(service.ready()),
        SearchStatus::Ready { .. }
    ));
    // Queries with fewer hits than the limit, compared as sets of places: identical copies
    // tie in score, and which of them another build ranks first may differ.
    let queries = ["障害", "driver", "Cloud NAT", "k8s 障害", "Istio"];
    let places = |hits: Vec<report_core::search::Hit>| {
        let mut places: Vec<_> = hits
            .into_iter()
            .map(|hit| (hit.session_id, hit.anchor, hit.snippet.html()))
            .collect();
        places.sort();
        places
    };
    let expected: Vec<_> = queries
        .iter()
        .map(|query| places(service.search(query, 200).unwrap()))
        .collect();
    assert!(expected
        .iter()
        .all(|hits| !hits.is_empty() && hits.len() < 200));

    service.rebuild("a test asked for it");
    let mut during_rebuild = 0;
    for n in 0..1_000 {
        let rebuilding = !service.status().is_settled();
        let query = n % queries.len();
        let hits = places(
            service
                .search(queries[query], 200)
                .unwrap_or_else(|error| panic!("search {n} during the rebuild: {error}")),
        );
        assert!(
            hits == expected[query],
            "search {n} ({}) differs",
            queries[query]
        );
        during_rebuild += usize::from(rebuilding && !service.status().is_settled());
    }
    assert!(
        during_rebuild > 0,
        "no search ran while the index was rebuilt"
    );
    let status = runtime.block_on(service.ready());
    assert!(
        matches!(&status, SearchStatus::Ready { detail } if detail.contains("a test asked")),
        "{status:?}"
    );
    for (query, hits) in queries.iter().zip(&expected) {
        assert!(
            &places(service.search(query, 200).unwrap()) == hits,
            "{query} after the rebuild"
        );
    }
}

// A build tells how far it is: the status goes through `indexing` with a count that only
// grows, up to every report, before it is ready.
#[test]
fn a_build_reports_its_progress() {
    let data = tempfile::tempdir().unwrap();
    let (runtime, _content, service) = service_of_copies(120, data.path());
    let mut statuses = service.watch();
    let seen = runtime.block_on(async {
        let mut seen = Vec::new();
        loop {
            let status = statuses.borrow_and_update().clone();
            if let SearchStatus::Indexing { done, total } = status {
                seen.push((done, total));
            }
            if status.is_settled() {
                return (seen, status);
            }
            statuses.changed().await.unwrap();
        }
    });
    let (progress, last) = seen;
    assert!(matches!(last, SearchStatus::Ready { .. }), "{last:?}");
    assert!(!progress.is_empty(), "no progress reported");
    assert!(
        progress.windows(2).all(|w| w[0].0 <= w[1].0),
        "{progress:?}"
    );
    assert!(progress
        .iter()
        .all(|&(done, total)| total == 120 && done <= total));
}
