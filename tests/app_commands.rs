//! The window's commands, through Tauri's mock runtime with the app's real configuration
//! and capability (so a command the capability does not grant would fail here too).

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use report_cli::library::Sources;
use report_core::content::Library;
use report_viewer::app::{self, AppConfig, AppState, StartLibrary, MAIN_WINDOW};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow};

struct TestApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    _dirs: tempfile::TempDir,
}

fn start(content: &std::path::Path, settings: Option<std::path::PathBuf>) -> TestApp {
    let library = Library::load(content).unwrap();
    start_with(
        library,
        Sources::remembered(content.to_owned(), &[]),
        settings,
    )
}

fn start_with(library: Library, sources: Sources, settings: Option<std::path::PathBuf>) -> TestApp {
    start_app(StartLibrary::Read(Arc::new(library)), sources, settings)
}

fn start_app(
    library: StartLibrary,
    sources: Sources,
    settings: Option<std::path::PathBuf>,
) -> TestApp {
    start_at(library, sources, settings, None)
}

/// An app started as by `report-viewer open LINK` when `link` is given.
fn start_at(
    library: StartLibrary,
    sources: Sources,
    settings: Option<std::path::PathBuf>,
    link: Option<&str>,
) -> TestApp {
    let dirs = tempfile::tempdir().unwrap();
    let config = AppConfig {
        library,
        sources,
        index_dir: Some(dirs.path().join("index")),
        settings_dir: settings.or_else(|| Some(dirs.path().join("settings"))),
        link: link.map(str::to_owned),
        started: Instant::now(),
    };
    let app = app::setup(mock_builder(), config)
        .build(app::context())
        .unwrap();
    app::open_main_window(app.handle()).unwrap();
    let window = app
        .get_webview_window(MAIN_WINDOW)
        .expect("the reading window is opened");
    TestApp {
        _app: app,
        window,
        _dirs: dirs,
    }
}

fn invoke(window: &WebviewWindow<MockRuntime>, command: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: command.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: if cfg!(windows) {
                "http://tauri.localhost"
            } else {
                "tauri://localhost"
            }
            .parse()
            .unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn library_lists_the_five_sessions() {
    let test = start(&support::bundled_content(), None);
    let library = invoke(&test.window, "library", json!({})).unwrap();
    let sessions = library["reports"][0]["sessions"].as_array().unwrap();
    let titles: Vec<&str> = sessions
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, support::BUNDLED_TITLES);
    assert_eq!(sessions[0]["images"], 2);
    assert_eq!(
        library["reports"][0]["overview"],
        "2019-03-27-google-cloud-kubernetes-day/overview"
    );
    assert!(library["problems"].as_array().unwrap().is_empty());
}

#[test]
fn page_shows_a_session_with_byline_contents_and_images() {
    let test = start(&support::bundled_content(), None);
    let page = invoke(
        &test.window,
        "page",
        json!({"id": "2019-03-27-google-cloud-kubernetes-day/1", "query": null}),
    )
    .unwrap();
    assert_eq!(page["title"], support::BUNDLED_TITLES[0]);
    assert_eq!(page["speakers"][1], "@amsy810");
    assert!(page["byline_html"]
        .as_str()
        .unwrap()
        .contains("href=\"https://twitter.com/amsy810\""));
    assert_eq!(page["toc"][2]["anchor"], "cloud-nativeの難しさ");
    assert_eq!(page["images"][0]["available"], true);
    assert_eq!(
        page["images"][0]["url"],
        "report-asset://localhost/images/20190327_gc_k8sday/cncf-trail-map.png"
    );
    assert_eq!(page["images"][1]["available"], false);
    assert_eq!(
        page["images"][1]["missing_label"],
        "Image not included in this report"
    );
    assert_eq!(
        page["previous"]["id"],
        "2019-03-27-google-cloud-kubernetes-day/overview"
    );
    assert_eq!(
        page["next"]["id"],
        "2019-03-27-google-cloud-kubernetes-day/2"
    );
    let html = page["html"].as_str().unwrap();
    assert_eq!(html.matches("class=\"image-missing\"").count(), 1);
    assert_eq!(html.matches("<img").count(), 1, "{html}");
}

#[test]
fn page_marks_the_query_in_the_text() {
    let test = start(&support::bundled_content(), None);
    let page = invoke(
        &test.window,
        "page",
        json!({"id": "2019-03-27-google-cloud-kubernetes-day/1", "query": "障害"}),
    )
    .unwrap();
    let html = page["html"].as_str().unwrap();
    assert_eq!(html.matches("<mark>障害</mark>").count(), 2, "{html}");
}

#[test]
fn an_unknown_page_is_an_error_not_a_panic() {
    let test = start(&support::bundled_content(), None);
    let error = invoke(
        &test.window,
        "page",
        json!({"id": "../../etc/passwd", "query": null}),
    )
    .unwrap_err();
    assert!(error.as_str().unwrap().contains("no page"), "{error}");
}

#[test]
fn search_answers_once_the_index_is_ready() {
    let test = start(&support::bundled_content(), None);
    let deadline = Instant::now() + Duration::from_secs(60);
    let response = loop {
        let response = invoke(&test.window, "search", json!({"query": "障害"})).unwrap();
        if response["status"]["state"] == "ready" || Instant::now() > deadline {
            break response;
        }
        let state = response["status"]["state"].as_str().unwrap();
        assert!(matches!(state, "preparing" | "indexing"), "{response}");
        if state == "indexing" {
            let (done, total) = (&response["status"]["done"], &response["status"]["total"]);
            assert!(done.as_u64() <= total.as_u64(), "{response}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(response["status"]["state"], "ready", "{response}");
    let hits = response["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    // Plain text and the places of the matches (UTF-16 offsets, as the page counts).
    let text: Vec<u16> = hits[0]["snippet"]["text"]
        .as_str()
        .unwrap()
        .encode_utf16()
        .collect();
    let marks = hits[0]["snippet"]["marks"].as_array().unwrap();
    assert!(!marks.is_empty());
    for mark in marks {
        let (start, end) = (
            mark[0].as_u64().unwrap() as usize,
            mark[1].as_u64().unwrap() as usize,
        );
        assert_eq!(String::from_utf16(&text[start..end]).unwrap(), "障害");
    }
    assert!(response["error"].is_null());
}

#[test]
fn the_last_page_read_opens_after_a_restart() {
    let settings = tempfile::tempdir().unwrap();
    let first = start(
        &support::bundled_content(),
        Some(settings.path().to_owned()),
    );
    assert_eq!(
        invoke(&first.window, "initial_page", json!({})).unwrap()["page"],
        "2019-03-27-google-cloud-kubernetes-day/overview"
    );
    invoke(
        &first.window,
        "remember_page",
        json!({"id": "2019-03-27-google-cloud-kubernetes-day/4"}),
    )
    .unwrap();
    drop(first);
    let second = start(
        &support::bundled_content(),
        Some(settings.path().to_owned()),
    );
    assert_eq!(
        invoke(&second.window, "initial_page", json!({})).unwrap(),
        json!({"page": "2019-03-27-google-cloud-kubernetes-day/4", "anchor": null, "problem": null})
    );
}

#[test]
fn broken_reports_are_listed_and_the_others_load() {
    let content = support::TempContent::with_bundled_report();
    content.write(
        "_posts/2020-01-01-broken.md",
        b"---\ntitle: [unclosed\n---\n# x\n",
    );
    let test = start(content.path(), None);
    let library = invoke(&test.window, "library", json!({})).unwrap();
    assert_eq!(
        library["reports"][0]["sessions"].as_array().unwrap().len(),
        5
    );
    let problems = library["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1);
    assert!(problems[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("2020-01-01-broken.md"));
    assert!(problems[0]["line"].as_u64().is_some());
}

#[test]
fn the_capability_grants_the_commands_to_the_reading_window_only() {
    let test = start(&support::bundled_content(), None);
    assert!(invoke(&test.window, "library", json!({})).is_ok());
    let other = tauri::WebviewWindowBuilder::new(
        test.window.app_handle(),
        "other",
        tauri::WebviewUrl::App("index.html".into()),
    )
    .build()
    .unwrap();
    let refused = invoke(&other, "library", json!({}));
    assert!(refused.is_err(), "{refused:?}");
}

#[test]
fn the_reading_window_gets_the_search_status_without_event_permissions() {
    let test = start(&support::bundled_content(), None);
    assert!(invoke(
        &test.window,
        "watch_search_status",
        json!({"onStatus": "__CHANNEL__:7"})
    )
    .is_ok());
    // Nothing beyond the app's own commands: not events, not the opener, not windows.
    for (command, args) in [
        (
            "plugin:event|listen",
            json!({"event": "x", "target": {"kind": "Any"}, "handler": 3}),
        ),
        ("plugin:event|emit", json!({"event": "x", "payload": null})),
        (
            "plugin:opener|open_url",
            json!({"url": "https://example.com"}),
        ),
        ("plugin:window|close", json!({})),
    ] {
        let refused = invoke(&test.window, command, args);
        assert!(refused.is_err(), "{command}: {refused:?}");
    }
}

/// The window's hits for `query` once its index is ready, as (report, session, anchor,
/// snippet).
fn window_hits(test: &TestApp, query: &str) -> Vec<(Value, Value, Value, Value)> {
    scoped_hits(test, query, None)
}

/// Like [`window_hits`], in the report `report` only when it is given.
fn scoped_hits(
    test: &TestApp,
    query: &str,
    report: Option<&str>,
) -> Vec<(Value, Value, Value, Value)> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let response = invoke(
            &test.window,
            "search",
            json!({"query": query, "limit": 200, "report": report}),
        )
        .unwrap();
        if response["status"]["state"] == "ready" {
            return places(&response["hits"]);
        }
        assert!(
            Instant::now() < deadline,
            "the index never got ready: {response}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn places(hits: &Value) -> Vec<(Value, Value, Value, Value)> {
    hits.as_array()
        .unwrap()
        .iter()
        .map(|hit| {
            (
                hit["report"].clone(),
                hit["session_id"].clone(),
                hit["anchor"].clone(),
                Value::String(snippet_html(&hit["snippet"])),
            )
        })
        .collect()
}

/// A snippet as `search --json` prints it: HTML, from the command line; from the window's
/// plain text and UTF-16 mark offsets, made the same way.
fn snippet_html(snippet: &Value) -> String {
    if let Some(html) = snippet.as_str() {
        return html.to_owned();
    }
    let text: Vec<u16> = snippet["text"].as_str().unwrap().encode_utf16().collect();
    let piece = |from: usize, to: usize| {
        report_core::text::html::escape(&String::from_utf16(&text[from..to]).unwrap())
    };
    let mut html = String::new();
    let mut at = 0;
    for mark in snippet["marks"].as_array().unwrap() {
        let (start, end) = (
            mark[0].as_u64().unwrap() as usize,
            mark[1].as_u64().unwrap() as usize,
        );
        html.push_str(&piece(at, start));
        html.push_str(&format!("<mark>{}</mark>", piece(start, end)));
        at = end;
    }
    html.push_str(&piece(at, text.len()));
    html
}

// One query language: the command line joins its arguments with spaces and reads them as
// the search box reads what is typed, so every query finds the same hits, in the same order,
// in both, whether the shell passed it as one argument or split at its spaces.
#[test]
fn the_command_line_and_the_window_read_a_query_alike() {
    let test = start(&support::bundled_content(), None);
    let data = tempfile::tempdir().unwrap();
    let cli = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_report-viewer"))
            .args(["search", "--json", "--limit", "200"])
            .args(args)
            .env("XDG_DATA_HOME", data.path().join("data"))
            .env("XDG_CONFIG_HOME", data.path().join("config"))
            .env_remove("RUST_LOG")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        places(&serde_json::from_slice(&output.stdout).unwrap())
    };
    for query in [
        "Cloud NAT",
        "\"Cloud NAT\"",
        "ｋ８ｓ 障害",
        "GKE",
        "サービスメッシュ",
        "driver",
        "\"マネージド k8s\"",
        "CVE-2019-5736",
        "k8sの 学習",
        "GKE \"Cloud Console\"",
        "@amsy810",
        "Pub/Sub →",
        "#gc_k8sday",
    ] {
        let window = window_hits(&test, query);
        assert!(!window.is_empty(), "{query} finds nothing");
        assert_eq!(cli(&[query]), window, "{query} as one argument");
        let split: Vec<&str> = query.split(' ').collect();
        assert_eq!(cli(&split), window, "{query} as {} arguments", split.len());
    }
}

#[test]
fn the_search_command_looks_in_one_report_when_asked() {
    let content = support::TempContent::with_bundled_report();
    content.write(
        "_posts/2024-01-01-other.md",
        "---\ntitle: Other\n---\n\n# GKE の話\n\n- 話者\n\nGKE と障害対応.\n".as_bytes(),
    );
    let test = start(content.path(), None);
    let all = window_hits(&test, "GKE");
    let reports = |hits: &[(Value, Value, Value, Value)]| -> Vec<String> {
        let mut reports: Vec<String> = hits
            .iter()
            .map(|hit| hit.0.as_str().unwrap().to_owned())
            .collect();
        reports.dedup();
        reports.sort();
        reports.dedup();
        reports
    };
    assert_eq!(
        reports(&all),
        ["2019-03-27-google-cloud-kubernetes-day", "2024-01-01-other"]
    );
    let scoped = scoped_hits(&test, "GKE", Some("2024-01-01-other"));
    let expected: Vec<_> = all
        .iter()
        .filter(|hit| hit.0 == "2024-01-01-other")
        .cloned()
        .collect();
    assert!(!scoped.is_empty());
    assert_eq!(scoped, expected);
}

// Folders added in the window: their reports are listed, shown and searched, the choice is
// remembered, and a removed folder's reports go. The native dialog itself cannot be driven
// here: `add_folders` says so, and the adding behind it is called directly.
/// The ids of the reports the window lists, in its order.
fn listed(test: &TestApp) -> Vec<String> {
    let library = invoke(&test.window, "library", json!({})).unwrap();
    library["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn folders_are_added_removed_and_remembered() {
    let settings = tempfile::tempdir().unwrap();
    let bundled = support::bundled_content();
    let test = start(&bundled, Some(settings.path().to_owned()));
    let extra = support::TempContent::new();
    extra.write(
        "_posts/2030-01-01-extra.md",
        "---\ntitle: Extra\n---\n\n# Added talk\n\n- Someone\n\nWords about zanzibarword.\n"
            .as_bytes(),
    );
    let folders = invoke(&test.window, "folders", json!({})).unwrap();
    assert_eq!(folders["editable"], true);
    assert_eq!(folders["folders"].as_array().unwrap().len(), 1);
    assert_eq!(folders["folders"][0]["bundled"], true);
    assert!(invoke(&test.window, "add_folders", json!({})).is_err());

    app::folders::add(test.window.app_handle(), vec![extra.path().to_owned()]).unwrap();
    // Added twice, kept once.
    app::folders::add(test.window.app_handle(), vec![extra.path().to_owned()]).unwrap();
    assert_eq!(
        listed(&test),
        ["2030-01-01-extra", "2019-03-27-google-cloud-kubernetes-day"]
    );
    let folders = invoke(&test.window, "folders", json!({})).unwrap();
    assert_eq!(folders["folders"].as_array().unwrap().len(), 2);
    assert_eq!(folders["folders"][1]["reports"], 1);
    assert_eq!(folders["folders"][1]["bundled"], false);
    let page = invoke(
        &test.window,
        "page",
        json!({"id": "2030-01-01-extra/1", "query": null}),
    )
    .unwrap();
    assert_eq!(page["title"], "Added talk");
    // The index follows: the new folder's words are found.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let hits = window_hits(&test, "zanzibarword");
        if hits.len() == 1 {
            assert_eq!(hits[0].0, "2030-01-01-extra");
            break;
        }
        assert!(Instant::now() < deadline, "never found: {hits:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Remembered for the next start.
    let remembered = report_cli::settings::Settings::load(Some(settings.path().to_owned()));
    assert_eq!(remembered.folders(), [extra.path().to_owned()]);

    // The bundled reports cannot be removed; the added folder can.
    let bundled_path = bundled.display().to_string();
    assert!(invoke(&test.window, "remove_folder", json!({"path": bundled_path})).is_err());
    let extra_path = extra.path().display().to_string();
    invoke(&test.window, "remove_folder", json!({"path": extra_path})).unwrap();
    assert_eq!(listed(&test), ["2019-03-27-google-cloud-kubernetes-day"]);
    let remembered = report_cli::settings::Settings::load(Some(settings.path().to_owned()));
    assert!(remembered.folders().is_empty());
    // Something that is not a folder is refused.
    let not_a_folder = extra.path().join("_posts/2030-01-01-extra.md");
    assert!(app::folders::add(test.window.app_handle(), vec![not_a_folder]).is_err());
}

// A remembered folder on a drive not mounted at start is named, and read once it is there:
// the window checks when it gets the focus, since a missing folder cannot be watched.
#[test]
fn a_folder_missing_at_start_is_read_when_the_window_checks_again() {
    let bundled = support::bundled_content();
    let extra = support::TempContent::new();
    let later = extra.path().join("drive");
    let sources = Sources::remembered(bundled.clone(), std::slice::from_ref(&later));
    let library = report_cli::library::load_in(&sources.dirs, None).unwrap();
    assert_eq!(library.unread_folders().count(), 1);
    let test = start_with(library, sources, None);
    assert_eq!(listed(&test), ["2019-03-27-google-cloud-kubernetes-day"]);
    assert_eq!(
        invoke(&test.window, "check_library", json!({})),
        Ok(json!(false))
    );

    std::fs::create_dir_all(later.join("notes")).unwrap();
    std::fs::write(
        later.join("notes/README.md"),
        "# Mounted notes

## A talk

Words.
",
    )
    .unwrap();
    assert_eq!(
        invoke(&test.window, "check_library", json!({})),
        Ok(json!(true))
    );
    assert_eq!(
        listed(&test),
        ["2019-03-27-google-cloud-kubernetes-day", "notes"]
    );
}

// A first start reads every report, seconds at thousands: the window opens meanwhile, says
// it is reading them, and shows them when they come; search waits for them rather than
// indexing the empty stand-in (which would empty a good index on disk).
#[test]
fn the_window_opens_before_a_slow_library_is_read_and_shows_it_when_it_comes() {
    let bundled = support::bundled_content();
    let (sender, receiver) = std::sync::mpsc::channel();
    let test = start_app(
        StartLibrary::Reading(receiver),
        Sources::remembered(bundled.clone(), &[]),
        None,
    );
    app::receive_library(test.window.app_handle());
    let state = test.window.app_handle().state::<AppState>();
    assert!(state.versions().borrow().reading);
    assert!(listed(&test).is_empty());
    assert_eq!(
        invoke(&test.window, "initial_page", json!({})).unwrap()["page"],
        Value::Null
    );
    let waiting = invoke(&test.window, "search", json!({"query": "障害"})).unwrap();
    assert_eq!(waiting["status"]["state"], "preparing", "{waiting}");

    sender.send(Ok(Library::load(&bundled).unwrap())).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while listed(&test).is_empty() {
        assert!(Instant::now() < deadline, "the library never came");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(listed(&test), ["2019-03-27-google-cloud-kubernetes-day"]);
    let version = *state.versions().borrow();
    assert!(!version.reading && version.version == 1, "{version:?}");
    assert_eq!(window_hits(&test, "障害").len(), 3);
}

// A library that could not be read after the window opened is said in the window, where
// a start that failed at once would have said it on the terminal.
#[test]
fn a_library_that_fails_after_the_window_opened_is_named_in_it() {
    let (sender, receiver) = std::sync::mpsc::channel();
    let test = start_app(
        StartLibrary::Reading(receiver),
        Sources::remembered(support::bundled_content(), &[]),
        None,
    );
    app::receive_library(test.window.app_handle());
    sender
        .send(Err("cannot read the content folder /gone".into()))
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let library = invoke(&test.window, "library", json!({})).unwrap();
        if let Some(problem) = library["problems"].as_array().unwrap().first() {
            assert!(problem.to_string().contains("/gone"), "{problem}");
            break;
        }
        assert!(Instant::now() < deadline, "the failure was never shown");
        std::thread::sleep(Duration::from_millis(20));
    }
}

// The command line does not link Tauri, so it names the app's folders and its window's
// binary from constants: they must be what the configuration says, or the command line
// would read another index, or fail to open the window.
#[test]
fn the_command_line_names_the_app_as_its_configuration_does() {
    let context = app::context::<MockRuntime>();
    assert_eq!(context.config().identifier, report_cli::IDENTIFIER);
    assert_eq!(context.package_info().name, report_cli::PRODUCT_NAME);
    assert_eq!(
        context.config().main_binary_name.as_deref(),
        Some(report_cli::window::WINDOW_BINARY)
    );
    // The scheme the system hands to the app is the one its links are written in.
    let deep_link = &context.config().plugins.0["deep-link"];
    assert_eq!(
        deep_link["desktop"]["schemes"],
        json!([report_core::link::SCHEME])
    );
    let desktop_entry = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src-tauri/packaging/linux/report-viewer.desktop"),
    )
    .unwrap();
    assert!(
        desktop_entry.contains(&format!(
            "MimeType=x-scheme-handler/{};",
            report_core::link::SCHEME
        )),
        "{desktop_entry}"
    );
}

const REPORT: &str = "2019-03-27-google-cloud-kubernetes-day";

fn bundled_library() -> StartLibrary {
    StartLibrary::Read(Arc::new(
        Library::load(&support::bundled_content()).unwrap(),
    ))
}

fn bundled_sources() -> Sources {
    Sources::remembered(support::bundled_content(), &[])
}

#[test]
fn a_start_with_a_link_opens_at_its_place_before_the_page_last_read() {
    let settings = tempfile::tempdir().unwrap();
    let first = start(
        &support::bundled_content(),
        Some(settings.path().to_owned()),
    );
    invoke(
        &first.window,
        "remember_page",
        json!({"id": format!("{REPORT}/4")}),
    )
    .unwrap();
    drop(first);
    let link =
        format!("report-viewer://page/{REPORT}/1#cloud-native%E3%81%AE%E9%9B%A3%E3%81%97%E3%81%95");
    let test = start_at(
        bundled_library(),
        bundled_sources(),
        Some(settings.path().to_owned()),
        Some(&link),
    );
    assert_eq!(
        invoke(&test.window, "initial_page", json!({})).unwrap(),
        json!({"page": format!("{REPORT}/1"), "anchor": "cloud-nativeの難しさ", "problem": null})
    );
    // Followed once: a reload of the page opens where the reader is, not at the link again.
    invoke(
        &test.window,
        "remember_page",
        json!({"id": format!("{REPORT}/2")}),
    )
    .unwrap();
    assert_eq!(
        invoke(&test.window, "initial_page", json!({})).unwrap()["page"],
        format!("{REPORT}/2")
    );
}

#[test]
fn a_start_with_a_link_to_nothing_opens_the_usual_page_and_says_why() {
    for (link, kind) in [
        ("report-viewer://page/gone-report/2", "no_report"),
        (
            "report-viewer://page/2019-03-27-google-cloud-kubernetes-day/9",
            "no_page",
        ),
        ("report-viewr://page/x", "invalid"),
    ] {
        let test = start_at(bundled_library(), bundled_sources(), None, Some(link));
        let start = invoke(&test.window, "initial_page", json!({})).unwrap();
        assert_eq!(
            start["page"],
            format!("{REPORT}/overview"),
            "{link}: {start}"
        );
        assert_eq!(start["problem"]["kind"], kind, "{link}: {start}");
        assert_eq!(start["problem"]["link"], link);
    }
}

#[test]
fn a_second_start_hands_its_link_to_the_running_window() {
    let test = start_at(bundled_library(), bundled_sources(), None, None);
    let app = test.window.app_handle();
    assert_eq!(
        invoke(&test.window, "follow_link", json!({})).unwrap(),
        Value::Null
    );
    // As the single-instance plugin hands them over: the program first.
    for args in [
        vec![
            "report-viewer-window",
            "report-viewer://page/2019-03-27-google-cloud-kubernetes-day/3",
        ],
        vec![
            "report-viewer-window",
            "open",
            "report-viewer://page/2019-03-27-google-cloud-kubernetes-day/3",
        ],
    ] {
        app::links::second_start(app, args.iter().map(|a| a.to_string()).collect());
        assert_eq!(
            invoke(&test.window, "follow_link", json!({})).unwrap(),
            json!({"page": format!("{REPORT}/3"), "anchor": null, "problem": null}),
            "{args:?}"
        );
        // Taken: asking again finds none.
        assert_eq!(
            invoke(&test.window, "follow_link", json!({})).unwrap(),
            Value::Null
        );
    }
    // A second start without a link only brings the window forward.
    app::links::second_start(app, vec!["report-viewer-window".into()]);
    assert_eq!(
        invoke(&test.window, "follow_link", json!({})).unwrap(),
        Value::Null
    );
}

#[test]
fn a_link_given_while_the_reports_are_read_is_followed_when_they_come() {
    let (sender, receiver) = std::sync::mpsc::channel();
    let link = format!("report-viewer://page/{REPORT}/5");
    let test = start_at(
        StartLibrary::Reading(receiver),
        bundled_sources(),
        None,
        Some(&link),
    );
    app::receive_library(test.window.app_handle());
    // Nothing to lead to yet: the link waits.
    assert_eq!(
        invoke(&test.window, "initial_page", json!({})).unwrap()["page"],
        Value::Null
    );
    assert_eq!(
        invoke(&test.window, "follow_link", json!({})).unwrap(),
        Value::Null
    );
    sender
        .send(Ok(Library::load(&support::bundled_content()).unwrap()))
        .unwrap();
    let state = test.window.app_handle().state::<AppState>();
    let deadline = Instant::now() + Duration::from_secs(60);
    while state.reading() {
        assert!(Instant::now() < deadline, "the library never came");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        invoke(&test.window, "initial_page", json!({})).unwrap()["page"],
        format!("{REPORT}/5")
    );
}
