//! Untrusted folders: every case of the hostile corpus (`tests/hostile/corpus.rs`) through
//! the core and through the command line.
//!
//! Each case is a content folder holding the bundled report and one odd file. Whatever the
//! odd file is, the bundled report must load and be searchable, the odd file must be named
//! with its reason or loaded, nothing outside the folder may show, and every step must end
//! well within a generous limit: the sizes here took minutes, or never ended, before the
//! steps were bounded.

#[path = "hostile/corpus.rs"]
mod corpus;
mod support;

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use corpus::{Case, Expect, Scale};
use report_core::content::Library;
use report_core::search::SearchIndex;
use report_core::view;

/// Far above what any case takes after the fix (debug build, shared machine), far below
/// "never ends".
const LIMIT: Duration = Duration::from_secs(90);

const BUNDLED: &str = "2019-03-27-google-cloud-kubernetes-day";

/// Runs `work` on its own thread and fails if it takes longer than [`LIMIT`].
fn within_limit<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || done.send(work()).ok())
        .unwrap();
    result
        .recv_timeout(LIMIT)
        .unwrap_or_else(|_| panic!("{what}: not done within {LIMIT:?}"))
}

fn case(name: &str) -> Case {
    corpus::all()
        .into_iter()
        .find(|case| case.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

/// Loads, lists, renders and searches one case in the core.
fn through_the_core(name: &'static str) {
    let case = case(name);
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join(case.name);
    case.write(&content, Scale::Test);

    within_limit(name, move || {
        let library = Library::load(&content).unwrap();
        let odd = content.join(case.file);
        let problem = library
            .problems
            .iter()
            .find(|p| p.path.ends_with(Path::new(case.file)));
        match case.expect {
            Expect::Reported(reason) => {
                let problem = problem.unwrap_or_else(|| {
                    panic!(
                        "{name}: {} not reported: {:?}",
                        odd.display(),
                        library.problems
                    )
                });
                assert!(
                    problem.message.contains(reason),
                    "{name}: {problem} does not say `{reason}`"
                );
                assert_eq!(library.reports.len(), 1, "{name}");
            }
            Expect::Loads => {
                assert!(problem.is_none(), "{name}: {problem:?}");
                assert_eq!(library.reports.len(), 2, "{name}");
            }
        }
        let bundled = library.report(BUNDLED).expect("the bundled report loads");
        assert_eq!(bundled.sessions.len(), 5, "{name}");

        // The sidebar, and the first and last pages of every report, with the query marked.
        let sidebar = view::library_view(&library);
        assert_eq!(sidebar.problems.len(), library.problems.len());
        for report in &library.reports {
            let mut pages: Vec<String> = vec![format!("{}/overview", report.id)];
            let sessions = &report.sessions;
            pages.extend(sessions.iter().take(2).map(|s| s.id.clone()));
            pages.extend(sessions.iter().rev().take(2).map(|s| s.id.clone()));
            for id in pages {
                let Some(page) =
                    view::page(&library, &id, "report-asset://localhost/", Some(case.query))
                else {
                    continue;
                };
                let marks = page.html.matches("<mark>").count();
                assert!(
                    marks <= report_core::markdown::html::MAX_PAGE_MARKS,
                    "{name} {id}: {marks} marks"
                );
                assert!(!page.html.contains("<script"), "{name} {id}");
                assert!(!page.html.contains("outsidesecret"), "{name} {id}");
            }
        }

        // Search still finds the bundled report, and the odd file's word where it loads.
        let index = SearchIndex::build_in_ram(&library).unwrap();
        let hits = index.search("コンテナ", 50).unwrap();
        assert!(hits.iter().any(|hit| hit.report == BUNDLED), "{name}");
        // All hits: the bundled report alone has more than a page of sections with コンテナ.
        let hits = index.search(case.query, 1000).unwrap();
        assert!(
            hits.iter()
                .all(|hit| !hit.snippet.text.contains("outsidesecret")),
            "{name}: a file outside the folder was searched"
        );
        if case.expect == Expect::Loads && case.query != "コンテナ" {
            assert!(
                hits.iter().any(|hit| hit.report != BUNDLED),
                "{name}: `{}` not found in the odd report",
                case.query
            );
        }
        for hit in &hits {
            assert!(
                hit.snippet.marks.len() <= 60,
                "{name}: {}",
                hit.snippet.text
            );
        }
    });
}

/// Runs the command line on one case: `sessions`, `show --html` of the odd report's first
/// session, and `search`; each within the limit, with clean output.
fn through_the_command_line(name: &'static str) {
    let case = case(name);
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join(case.name);
    case.write(&content, Scale::Test);
    let data = dir.path().join("data");
    let run = |args: &[&str]| -> (Option<i32>, String, String) {
        // Output goes to files, so a child that prints a lot never blocks on a full pipe
        // while this waits for it.
        let out = tempfile::tempfile().unwrap();
        let err = tempfile::tempfile().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_report-viewer"))
            .arg("--content")
            .arg(&content)
            .args(args)
            .env("XDG_DATA_HOME", &data)
            .env("XDG_CONFIG_HOME", &data)
            .env_remove("RUST_LOG")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(err.try_clone().unwrap())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{name}: `{}` not done within {LIMIT:?}", args.join(" "));
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let read = |mut file: std::fs::File| {
            let mut bytes = Vec::new();
            file.seek(SeekFrom::Start(0)).unwrap();
            file.read_to_end(&mut bytes).unwrap();
            String::from_utf8_lossy(&bytes).into_owned()
        };
        (status.code(), read(out), read(err))
    };
    let clean = |text: &str| {
        !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    };

    let (code, sessions, errors) = run(&["sessions"]);
    assert!(
        clean(&sessions) && clean(&errors),
        "{name}: control characters in output"
    );
    assert!(
        sessions.contains(&format!("{BUNDLED}/5")),
        "{name}: {sessions}"
    );
    match case.expect {
        Expect::Reported(reason) => {
            assert_eq!(code, Some(1), "{name}: {errors}");
            let file_name = Path::new(case.file).file_name().unwrap().to_string_lossy();
            assert!(
                errors
                    .lines()
                    .any(|line| line.contains(&*file_name) && line.contains(reason)),
                "{name}: stderr does not name {file_name} with `{reason}`: {errors}"
            );
        }
        Expect::Loads => assert_eq!(code, Some(0), "{name}: {errors}"),
    }

    let odd_session = sessions
        .lines()
        .filter(|line| !line.starts_with('\t') && !line.starts_with(BUNDLED))
        .find_map(|line| line.split('\t').next())
        .map(str::to_owned);
    if let Some(id) = odd_session {
        let (code, html, errors) = run(&["show", &id, "--html"]);
        assert_eq!(code, Some(0), "{name}: {errors}");
        assert!(clean(&html), "{name}: control characters in show --html");
        let (code, text, errors) = run(&["show", &id]);
        assert_eq!(code, Some(0), "{name}: {errors}");
        assert!(clean(&text), "{name}: control characters in show");
    }

    let (_, found, errors) = run(&["search", case.query]);
    assert!(
        clean(&found) && clean(&errors),
        "{name}: control characters in search"
    );
    assert!(
        !found.contains("outsidesecret"),
        "{name}: a file outside the folder was searched"
    );
    let (_, json, _) = run(&["search", "--json", case.query]);
    let hits: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(hits.is_array(), "{name}");
    assert!(
        !json.chars().any(|c| c.is_control() && c != '\n'),
        "{name}: raw controls in JSON"
    );
}

macro_rules! hostile_cases {
    ($($test:ident => $name:literal,)*) => {
        mod core {
            $(#[test] fn $test() { super::through_the_core($name) })*
        }
        mod command_line {
            $(#[test] fn $test() { super::through_the_command_line($name) })*
        }
    };
}

hostile_cases! {
    yaml_alias_bomb => "yaml-alias-bomb",
    yaml_deep => "yaml-deep",
    repeated_headings => "repeated-headings",
    many_sessions => "many-sessions",
    deep_quote => "deep-quote",
    deep_list => "deep-list",
    raw_html_storm => "raw-html-storm",
    many_matches => "many-matches",
    one_huge_line => "one-huge-line",
    huge_japanese_run => "huge-japanese-run",
    emphasis_storm => "emphasis-storm",
    link_bracket_storm => "link-bracket-storm",
    reference_definitions => "reference-definitions",
    table_storm => "table-storm",
    nul_bytes => "nul-bytes",
    bom_crlf => "bom-crlf",
    empty_file => "empty-file",
    control_characters => "control-characters",
    invalid_utf8 => "invalid-utf8",
    too_large => "too-large",
    folder_named_md => "folder-named-md",
    fifo => "fifo",
    socket => "socket",
    symlink_outside => "symlink-outside",
    symlink_to_device => "symlink-to-device",
    symlink_broken => "symlink-broken",
    symlink_inside => "symlink-inside",
}

/// Every case of the corpus has its two tests above.
#[test]
fn every_case_is_tested() {
    let source = include_str!("hostile.rs");
    for case in corpus::all() {
        assert!(
            source.contains(&format!("=> \"{}\",", case.name)),
            "{} has no test",
            case.name
        );
    }
}

/// What the corpus's own cases promise beyond loading: the BOM and CRLF report keeps its
/// title, the control characters stay in the data (the window shows them as text) and only
/// the terminal output loses them.
#[test]
fn bom_crlf_and_control_characters_keep_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let bom = dir.path().join("bom");
    case("bom-crlf").write(&bom, Scale::Test);
    let library = Library::load(&bom).unwrap();
    let report = library.report("bom").unwrap();
    assert_eq!(report.title, "BOM and CRLF");
    assert_eq!(report.sessions[0].title, "bom session");

    let controls = dir.path().join("controls");
    case("control-characters").write(&controls, Scale::Test);
    let library = Library::load(&controls).unwrap();
    let report = library.report("controls").unwrap();
    assert_eq!(report.title, "t\u{1b}]0;owned\u{7}");
    assert!(report.sessions[0].title.contains('\u{1b}'));
}
