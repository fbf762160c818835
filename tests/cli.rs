//! The command-line tool, run as a user would run it.

mod support;

use std::process::{Command, Output};

use serde_json::{json, Value};

struct Cli {
    data: tempfile::TempDir,
}

impl Cli {
    fn new() -> Self {
        Cli {
            data: tempfile::tempdir().unwrap(),
        }
    }

    /// Starts `args` with its output and errors piped, for a test to close them early.
    fn spawn(&self, args: &[&str]) -> std::process::Child {
        Command::new(env!("CARGO_BIN_EXE_report-viewer"))
            .args(args)
            .env("XDG_DATA_HOME", self.data.path().join("data"))
            .env("XDG_CONFIG_HOME", self.data.path().join("config"))
            .env_remove("RUST_LOG")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_report-viewer"))
            .args(args)
            .env("XDG_DATA_HOME", self.data.path().join("data"))
            .env("XDG_CONFIG_HOME", self.data.path().join("config"))
            .env_remove("RUST_LOG")
            // The command line needs no display.
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .expect("the binary runs")
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The keys of a JSON object, sorted.
fn keys(object: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = object
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

const FIRST: &str = "2019-03-27-google-cloud-kubernetes-day/1";

#[test]
fn sessions_json_lists_the_bundled_sessions() {
    let output = Cli::new().run(&["sessions", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let sessions: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
    let titles: Vec<&str> = sessions
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, support::BUNDLED_TITLES);
    for session in &sessions {
        assert_eq!(
            keys(session),
            ["id", "images", "report", "speakers", "title"],
            "{session}"
        );
    }
    let first = &sessions[0];
    assert_eq!(first["report"], "2019-03-27-google-cloud-kubernetes-day");
    assert_eq!(first["id"], FIRST);
    assert_eq!(
        first["speakers"],
        serde_json::json!(["株式会社サイバーエージェント　青山 真也 氏", "@amsy810"])
    );
    assert_eq!(
        first["images"],
        serde_json::json!([
            {"src": "/images/20190327_gc_k8sday/cncf-trail-map.png", "alt": "CNCF trail map", "available": true},
            {"src": "/images/20190327_gc_k8sday/cncf-landscape.png", "alt": "CNCF landscape", "available": false}
        ])
    );
}

#[test]
fn sessions_text_has_one_line_per_session() {
    let output = Cli::new().run(&["sessions"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for title in support::BUNDLED_TITLES {
        assert!(text.contains(title), "{text}");
    }
}

#[test]
fn show_prints_plain_text() {
    let output = Cli::new().run(&["show", "2019-03-27-google-cloud-kubernetes-day/3"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("# GKE を用いたレガシー システムからのリプレース事例\n"),
        "{text}"
    );
    assert!(
        text.contains("- 富士フイルム株式会社　小林 大助 氏"),
        "{text}"
    );
    assert!(text.contains("## プロジェクト概要"), "{text}");
    assert!(text.contains("ランニングコスト 3/5"), "{text}");
    assert!(!text.contains('<'), "{text}");
}

#[test]
fn show_html_is_the_sanitized_page() {
    let output = Cli::new().run(&["show", FIRST, "--html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = stdout(&output);
    assert!(
        html.contains("<h2 id=\"containerization\">Containerization</h2>"),
        "{html}"
    );
    assert_eq!(html.matches("class=\"image-missing\"").count(), 1);
    assert!(html.contains(
        "<img class=\"report-image\" src=\"report-asset://localhost/images/20190327_gc_k8sday/cncf-trail-map.png\""
    ));
    assert!(html.contains("href=\"https://twitter.com/amsy810\""));
    assert!(!html.contains("<script"));
}

#[test]
fn show_an_unknown_session_fails_with_a_hint() {
    let output = Cli::new().run(&["show", "nope/9"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no session `nope/9`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn search_json_lists_matching_sections_best_first() {
    let cli = Cli::new();
    let output = cli.run(&["search", "障害", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let hits: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(hits.len(), 3);
    for hit in &hits {
        assert_eq!(
            keys(hit),
            [
                "anchor",
                "heading",
                "report",
                "score",
                "session",
                "session_id",
                "snippet"
            ],
            "{hit}"
        );
        assert!(hit["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>障害</mark>"));
        assert!(hit["score"].is_f64());
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // The index is kept in the data folder and reused.
    assert!(cli
        .data
        .path()
        .join("data/org.reportviewer.desktop/index")
        .is_dir());
    let again = cli.run(&["search", "障害", "--json"]);
    assert_eq!(stdout(&again), stdout(&output));
}

#[test]
fn search_limit_and_overview_hits() {
    let cli = Cli::new();
    let one: Vec<Value> = serde_json::from_str(&stdout(
        &cli.run(&["search", "k8s", "--json", "--limit", "1"]),
    ))
    .unwrap();
    assert_eq!(one.len(), 1);
    let all: Vec<Value> = serde_json::from_str(&stdout(&cli.run(&[
        "search",
        "ハッシュタグ",
        "--json",
        "--limit",
        "1000",
    ])))
    .unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0]["session"].is_null());
    assert!(all[0]["session_id"].is_null());
}

#[test]
fn the_arguments_are_one_query_as_in_the_box_and_a_huge_limit_is_fine() {
    let cli = Cli::new();
    let hits = |args: &[&str]| -> Vec<Value> {
        let output = cli.run(args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        serde_json::from_str(&stdout(&output)).unwrap()
    };
    // The arguments are joined with spaces and read as the search box reads them: one
    // argument `Cloud Build` is the two words, as two arguments are; a phrase is quoted
    // inside the query. The words also match a section where they stand apart.
    let argument = hits(&["search", "Cloud Build", "--json"]);
    let words = hits(&["search", "Cloud", "Build", "--json"]);
    let phrase = hits(&["search", "\"Cloud Build\"", "--json"]);
    assert_eq!(argument, words);
    assert!(words.len() > phrase.len(), "{words:#?}");
    assert!(phrase[0]["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>Cloud Build</mark>"));
    let all = hits(&["search", "k8s", "--json", "--limit", "18446744073709551615"]);
    let some = hits(&["search", "k8s", "--json", "--limit", "1000"]);
    assert_eq!(all, some);
}

#[test]
fn search_text_output() {
    let output = Cli::new().run(&["search", "ｋ８ｓ", "障害"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    // The outline item that holds both, under its session's title.
    assert!(text.contains("› 洗練された自動化 by k8s"), "{text}");
    assert!(text.contains("[障害]"), "{text}");
}

#[test]
fn usage_errors_exit_with_2() {
    let cli = Cli::new();
    assert_eq!(cli.run(&["search"]).status.code(), Some(2));
    assert_eq!(cli.run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        cli.run(&["search", "x", "--limit", "many"]).status.code(),
        Some(2)
    );
    assert_eq!(cli.run(&["--help"]).status.code(), Some(0));
}

#[test]
fn a_broken_report_is_named_and_the_others_still_load() {
    let content = support::TempContent::with_bundled_report();
    content.write(
        "_posts/2021-05-05-broken.md",
        b"---\ntitle: ok\ncategories: [a\n---\n# S\n",
    );
    let output = Cli::new().run(&[
        "--content",
        content.path().to_str().unwrap(),
        "sessions",
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let sessions: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(sessions.len(), 5);
    let message = stderr(&output);
    assert!(message.contains("2021-05-05-broken.md:"), "{message}");
    assert!(message.contains("YAML"), "{message}");
}

#[test]
fn content_option_reads_another_folder() {
    let content = tempfile::tempdir().unwrap();
    std::fs::write(
        content.path().join("talks.md"),
        "---\ntitle: Talks\n---\n# 最初の講演\n\n- 話者 一郎\n\n本文です。\n",
    )
    .unwrap();
    let cli = Cli::new();
    let dir = content.path().to_str().unwrap();
    let sessions: Vec<Value> =
        serde_json::from_str(&stdout(&cli.run(&["--content", dir, "sessions", "--json"]))).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["id"], "talks/1");
    assert_eq!(sessions[0]["speakers"][0], "話者 一郎");
    let hits: Vec<Value> = serde_json::from_str(&stdout(&cli.run(&[
        "search",
        "本文",
        "--json",
        "--content",
        dir,
    ])))
    .unwrap();
    assert_eq!(hits.len(), 1);
}

#[test]
fn search_report_looks_in_one_report_only() {
    let content = tempfile::tempdir().unwrap();
    for (name, title) in [("a", "Alpha"), ("b", "Beta")] {
        std::fs::write(
            content.path().join(format!("{name}.md")),
            format!("---\ntitle: {title}\n---\n# {title} の講演\n\n- 話者\n\n共通の本文です。\n"),
        )
        .unwrap();
    }
    let cli = Cli::new();
    let dir = content.path().to_str().unwrap();
    let reports = |args: &[&str]| -> Vec<String> {
        let output = cli.run(&[&["--content", dir, "search", "本文", "--json"], args].concat());
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let hits: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
        hits.iter()
            .map(|h| h["report"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut all = reports(&[]);
    all.sort();
    assert_eq!(all, ["a", "b"]);
    assert_eq!(reports(&["--report", "b"]), ["b"]);
    let unknown = cli.run(&["--content", dir, "search", "本文", "--report", "c"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("no report `c`"),
        "{}",
        stderr(&unknown)
    );
}

// Without --content the command line reads the library the window shows: the bundled
// reports and the folders added in the window. --content, given again, reads several
// folders instead, their ids unique across them.
#[test]
fn the_command_line_reads_the_windows_folders_or_several_content_folders() {
    let cli = Cli::new();
    let added = tempfile::tempdir().unwrap();
    std::fs::write(
        added.path().join("talks.md"),
        "---\ntitle: Added talks\n---\n# 講演\n\n- 話者\n\n本文。\n",
    )
    .unwrap();
    let settings = cli.data.path().join("config/org.reportviewer.desktop");
    std::fs::create_dir_all(&settings).unwrap();
    std::fs::write(
        settings.join("reading-state.json"),
        serde_json::to_vec(&json!({ "folders": [added.path()] })).unwrap(),
    )
    .unwrap();
    let ids = |output: Output| -> Vec<String> {
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let reports: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
        let mut ids: Vec<String> = reports
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        ids(cli.run(&["reports", "--json"])),
        ["2019-03-27-google-cloud-kubernetes-day", "talks"]
    );
    let hits: Vec<Value> =
        serde_json::from_str(&stdout(&cli.run(&["search", "本文", "--json"]))).unwrap();
    assert_eq!(hits[0]["report"], "talks");

    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join("talks.md"),
        "---\ntitle: Other talks\n---\n# Talk\n\nText.\n",
    )
    .unwrap();
    let (a, b) = (
        added.path().to_str().unwrap(),
        other.path().to_str().unwrap(),
    );
    assert_eq!(
        ids(cli.run(&["--content", a, "--content", b, "reports", "--json"])),
        ["talks", "talks-2"]
    );
}

// `report-viewer search x | head`: output cut short by a closed pipe is not an error.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let cli = Cli::new();
    let mut child = cli.spawn(&["search", "k8s", "--limit", "200"]);
    // The reader goes away before anything is written.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

// Regression: `report-viewer … 2>&1 | head` closed stderr too, and the warning about a
// broken report then panicked (exit 101) instead of ending as the problem says (exit 1).
#[test]
fn a_closed_stderr_is_no_panic() {
    let content = support::TempContent::with_bundled_report();
    content.write(
        "_posts/2020-01-01-broken.md",
        b"---\ntitle: [unclosed\n---\n# x\n",
    );
    let cli = Cli::new();
    let mut child = cli.spawn(&["--content", content.path().to_str().unwrap(), "sessions"]);
    drop(child.stdout.take());
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

#[test]
fn a_missing_content_folder_is_a_clear_error() {
    let output = Cli::new().run(&["--content", "/no/such/folder", "sessions"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("/no/such/folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn without_a_display_the_window_explains_instead_of_crashing() {
    let output = Command::new(env!("CARGO_BIN_EXE_report-viewer"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("no display"), "{message}");
    assert!(!message.contains("panicked"), "{message}");
}

// What made every command 40 ms slower than its work: loading the window's libraries.
#[cfg(target_os = "linux")]
#[test]
fn the_command_line_links_none_of_the_window_libraries() {
    let output = Command::new("ldd")
        .arg(env!("CARGO_BIN_EXE_report-viewer"))
        .output()
        .unwrap();
    let libraries = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{libraries}");
    for window_library in ["libwebkit2gtk", "libgtk-3", "libjavascriptcore", "libsoup"] {
        assert!(!libraries.contains(window_library), "{libraries}");
    }
    // The window's binary does link them: the check above looks at the right names.
    let window = Command::new("ldd")
        .arg(env!("CARGO_BIN_EXE_report-viewer-window"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&window.stdout).contains("libwebkit2gtk"));
}

#[test]
fn reports_lists_the_library_as_the_sidebar_does() {
    let notes =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library/event-notes");
    let cli = Cli::new();
    let output = cli.run(&["--content", notes.to_str().unwrap(), "reports", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let reports: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
    for report in &reports {
        assert_eq!(
            keys(report),
            ["categories", "date", "id", "path", "sessions", "title"],
            "{report}"
        );
    }
    let listed: Vec<(&str, &str, Value, u64)> = reports
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["title"].as_str().unwrap(),
                r["date"].clone(),
                r["sessions"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (
                "2019/0327-gc-k8sday",
                "Cloud Conference Day",
                json!("2019-03-27"),
                2
            ),
            (
                "2018/1201-cloud-meetup",
                "Cloud Meetup",
                json!("2018-12-01"),
                1
            ),
            ("event-notes", "Event notes", Value::Null, 0),
        ]
    );
    let path = std::path::Path::new(reports[0]["path"].as_str().unwrap());
    assert!(path.is_absolute() && path.ends_with("2019/0327-gc-k8sday/README.md"));

    let text = stdout(&cli.run(&["reports"]));
    assert_eq!(
        text.lines().next(),
        Some("2019-03-27-google-cloud-kubernetes-day\t2019-03-27 13:42\t[参加レポート]Google Cloud Kubernetes Day\t5 sessions")
    );
}

// From a shell, what is neither a command nor a link into the app is said there, not
// handed to a window that would say it.
#[test]
fn a_text_that_is_no_link_is_a_usage_error() {
    let cli = Cli::new();
    for args in [
        &["open", "https://example.com/"][..],
        &["open", "report-viewer://settings/x"],
        &["--content", "/tmp", "open", "report-viewer:page"],
    ] {
        let output = cli.run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        let said = stderr(&output);
        assert!(
            said.starts_with(&format!("report-viewer: {}: ", args[args.len() - 1])),
            "{said}"
        );
        assert!(stdout(&output).is_empty());
    }
    // A mistyped command is one, not a link.
    let output = cli.run(&["serch", "x"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(stderr(&output).contains("unrecognized subcommand 'serch'"));
    // A link is passed on to the window, which needs a display.
    let output = cli.run(&["open", "report-viewer://page/x/1"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(
        stderr(&output).contains("no display"),
        "{}",
        stderr(&output)
    );
}
