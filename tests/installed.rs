//! The installed package, driven through WebDriver with no network.
//!
//! Run by `scripts/package-test.sh` inside a network namespace that has only loopback, with
//! `REPORT_VIEWER_APP=/usr/bin/report-viewer`. Ignored in a plain `cargo test`, which has no
//! package installed: these tests fail rather than pass when that variable is missing.

#[path = "e2e/driver.rs"]
mod driver;
#[path = "support/mod.rs"]
mod support;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use driver::{
    eval, open_session, search_for, text, wait_for, wait_for_title, wait_until, Driver, SESSIONS,
};
use fantoccini::Locator;
use report_core::content::Library;
use report_core::search::documents::section_docs;
use report_core::text::fold;
use serde_json::json;
use support::{TempContent, BUNDLED_TITLES};

fn installed_app() -> PathBuf {
    let app = std::env::var_os("REPORT_VIEWER_APP")
        .map(PathBuf::from)
        .expect(
            "REPORT_VIEWER_APP must name the installed binary (scripts/package-test.sh sets it)",
        );
    assert!(app.is_file(), "{} is not installed", app.display());
    app
}

/// The bundled content as the package installed it.
fn installed_content() -> PathBuf {
    let dir = Path::new("/usr/lib/Report Viewer/content");
    assert!(
        dir.is_dir(),
        "the package installed no content at {}",
        dir.display()
    );
    dir.to_owned()
}

#[tokio::test]
#[ignore = "run by scripts/package-test.sh against the installed package"]
async fn the_installed_app_lists_sessions_and_shows_images() {
    installed_app();
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    assert_eq!(
        client.find_all(Locator::Css(SESSIONS)).await.unwrap().len(),
        5
    );
    open_session(&client, 1, BUNDLED_TITLES[0]).await;
    assert_eq!(
        eval(
            &client,
            "return document.querySelectorAll('#image-panel .image-card.missing').length"
        )
        .await,
        json!(1)
    );
    // The trail map is installed with the app and served from its content folder.
    wait_until(
        &client,
        "const img = document.querySelector('#image-panel img'); \
         return img && img.complete ? [img.naturalWidth, img.naturalHeight] : null",
        json!([2000, 2319]),
    )
    .await;
    assert!(text(&client, "#image-panel")
        .await
        .contains("Image not included in this report"));
    client.close().await.unwrap();
}

/// As the desktop opens a `report-viewer://` link (the desktop entry's `Exec=… %u`): with
/// the app open, the link's start hands it over and ends, and the window goes there.
#[tokio::test]
#[ignore = "run by scripts/package-test.sh against the installed package"]
async fn the_installed_app_takes_a_link_the_desktop_opens() {
    installed_app();
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    open_session(&client, 2, BUNDLED_TITLES[1]).await;
    let link = "report-viewer://page/2019-03-27-google-cloud-kubernetes-day/4";
    let mut second = driver
        .command(Path::new("/usr/bin/report-viewer-window"))
        .arg(link)
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = second.kill();
            panic!("the link's start opened a window of its own");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    wait_for_title(&client, BUNDLED_TITLES[3]).await;
    client.close().await.unwrap();
}

#[tokio::test]
#[ignore = "run by scripts/package-test.sh against the installed package"]
async fn the_installed_app_finds_every_session_containing_a_japanese_word() {
    installed_app();
    // What a scan of the installed report text says contains 障害.
    let library = Library::load(&installed_content()).unwrap();
    let reports = library.parse_all().unwrap();
    let expected: BTreeSet<String> = section_docs(&reports)
        .into_iter()
        .filter(|doc| fold(&doc.body).contains("障害"))
        .filter_map(|doc| doc.session.map(|s| s.title.clone()))
        .collect();
    assert_eq!(expected.len(), 2);

    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    wait_for(&client, "#search-input")
        .await
        .send_keys("障害")
        .await
        .unwrap();
    wait_until(
        &client,
        "return document.querySelectorAll('#search-results .result').length > 0",
        json!(true),
    )
    .await;
    let shown = eval(
        &client,
        "return [...document.querySelectorAll('#search-results .result-group-title')].map(e => e.textContent)",
    )
    .await;
    let shown: BTreeSet<String> = serde_json::from_value(shown).unwrap();
    assert_eq!(shown, expected);
    client.close().await.unwrap();
}

/// A content folder holding a copy of the report the package installed (the source tree's
/// copy is hidden from these tests, which prove the app needs none of it).
fn content_with_installed_report() -> TempContent {
    let content = TempContent::new();
    let report = format!("_posts/{}", support::BUNDLED_REPORT);
    content.write(
        &report,
        &fs::read(installed_content().join(&report)).unwrap(),
    );
    content
}

/// A launcher that runs the installed app under `strace`, logging every call that names a
/// network address.
fn traced_launcher(dir: &Path, log: &Path) -> PathBuf {
    let launcher = dir.join("traced-report-viewer");
    fs::write(
        &launcher,
        format!(
            "#!/bin/sh\nexec strace -f -qq -e trace=connect,sendto,sendmsg -o '{}' '{}' \"$@\"\n",
            log.display(),
            installed_app().display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&launcher, fs::Permissions::from_mode(0o755)).unwrap();
    }
    launcher
}

/// Whether one line of `strace` output stays on this machine. A name lookup (port 53)
/// counts as leaving it even when it goes to a resolver on loopback (`127.0.0.53`): it is
/// the first step of a request to somewhere else.
fn is_local(line: &str) -> bool {
    let Some(at) = line.find("sa_family=") else {
        // sendto/sendmsg on an already connected socket: no address of its own.
        return true;
    };
    let address = &line[at..];
    if address.contains("sin_port=htons(53)") || address.contains("sin6_port=htons(53)") {
        return false;
    }
    address.starts_with("sa_family=AF_UNIX")
        || address.starts_with("sa_family=AF_NETLINK")
        || (address.starts_with("sa_family=AF_INET,") && address.contains("inet_addr(\"127."))
        || (address.starts_with("sa_family=AF_INET6") && address.contains("\"::1\""))
}

/// The traced calls of `trace` that name an address, and those of them that leave the
/// machine.
fn addressed_calls(trace: &str) -> (Vec<&str>, Vec<&str>) {
    let addressed: Vec<&str> = trace.lines().filter(|l| l.contains("sa_family=")).collect();
    let outside = addressed.iter().copied().filter(|l| !is_local(l)).collect();
    (addressed, outside)
}

#[test]
fn the_network_check_tells_local_from_remote() {
    let (all, outside) = addressed_calls(concat!(
        "12 connect(5, {sa_family=AF_UNIX, sun_path=\"/tmp/.X11-unix/X5\"}, 110) = 0\n",
        "12 connect(6, {sa_family=AF_INET, sin_port=htons(4444), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0\n",
        "12 connect(7, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"127.0.0.53\")}, 16) = 0\n",
        "12 sendto(8, \"x\", 1, 0, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"93.184.215.14\")}, 16) = 1\n",
        "12 sendmsg(9, {msg_name=NULL, msg_iov=[]}, 0) = 0\n",
    ));
    assert_eq!(all.len(), 4);
    assert_eq!(outside.len(), 2, "{outside:?}");
    assert!(outside[0].contains("htons(53)") && outside[1].contains("93.184"));
}

#[tokio::test]
#[ignore = "run by scripts/package-test.sh against the installed package"]
async fn the_installed_app_makes_no_network_request() {
    let work = tempfile::tempdir().unwrap();
    let log = work.path().join("connect.log");
    let launcher = traced_launcher(work.path(), &log);

    let content = content_with_installed_report();
    content.write(
        "_posts/2020-02-02-remote.md",
        concat!(
            "---\ntitle: Remote images\n---\n\n# リモート画像\n\n- Speaker\n\n",
            "![remote](https://example.com/remote.png)\n\n",
            "<img src=\"https://example.com/raw.png\" alt=\"raw\">\n",
        )
        .as_bytes(),
    );

    let driver = Driver::start();
    let client = driver
        .launch_app(&launcher, &["--content", content.path().to_str().unwrap()])
        .await;

    // The remote image is a placeholder, and the raw <img> lost its remote source. Its
    // report is the newest, so it is open in the sidebar.
    client
        .find(Locator::XPath(
            "//button[contains(@class,'session-item')][.//span[text()='リモート画像']]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_title(&client, "リモート画像").await;
    let panel = text(&client, "#image-panel").await;
    assert!(panel.contains("Remote image not loaded"), "{panel}");
    assert_eq!(
        eval(
            &client,
            "return [...document.images].filter(i => /^https?:/.test(i.src)).length"
        )
        .await,
        json!(0)
    );
    // The page itself may not reach out either: the CSP refuses it (a violation report,
    // not merely a failure for want of a network).
    let refused = client
        .execute_async(
            "const done = arguments[0]; \
             document.addEventListener('securitypolicyviolation', (e) => done(e.violatedDirective)); \
             fetch('https://example.com/').catch(() => {}); \
             setTimeout(() => done('no violation'), 2000);",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        refused.as_str().unwrap().starts_with("connect-src"),
        "{refused}"
    );

    // Read every page and search, as a reader would: `j` walks every page in list order,
    // into reports listed collapsed too.
    eval(&client, "document.activeElement.blur(); return true").await;
    let body = client.find(Locator::Css("body")).await.unwrap();
    for _ in 0..8 {
        body.send_keys("j").await.unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    wait_for(&client, "#search-input")
        .await
        .send_keys("k8s")
        .await
        .unwrap();
    wait_until(
        &client,
        "return document.querySelectorAll('#search-results .result').length > 0",
        json!(true),
    )
    .await;
    client.close().await.unwrap();

    // And a plain start, on the bundled reports and the index in the data folder.
    let client = driver.launch_app(&launcher, &[]).await;
    open_session(&client, 1, BUNDLED_TITLES[0]).await;
    search_for(&client, "障害").await;
    client.close().await.unwrap();
    drop(driver);

    let trace = fs::read_to_string(&log).expect("strace wrote its log");
    let (addressed, outside) = addressed_calls(&trace);
    assert!(
        addressed.iter().any(|l| l.contains("connect(")),
        "strace saw no connect at all: is it tracing?\n{trace}"
    );
    assert!(
        outside.is_empty(),
        "calls reaching beyond the machine:\n{outside:#?}"
    );
    println!(
        "network check: {} calls naming an address over two launches, all local",
        addressed.len()
    );
}

/// Proportional set size (shared pages counted once) of a process, in KiB.
fn pss_kib(pid: u32) -> u64 {
    fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|rollup| {
            rollup
                .lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

/// Every process, as (pid, parent pid, command name).
fn processes() -> Vec<(u32, u32, String)> {
    fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let name = stat[stat.find('(')? + 1..stat.rfind(')')?].to_owned();
            let parent = stat[stat.rfind(')')? + 2..]
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            Some((pid, parent, name))
        })
        .collect()
}

#[tokio::test]
#[ignore = "run by scripts/package-test.sh against the installed package"]
async fn figures_memory_after_reading_and_searching() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    // Each found anew: the sidebar makes its rows again when the page changes.
    for (n, title) in BUNDLED_TITLES.iter().enumerate() {
        open_session(&client, n + 1, title).await;
    }
    let queries = [
        "障害",
        "k8s",
        "GKE",
        "サービスメッシュ",
        "nat",
        "driver",
        "コンテナ",
        "CVE-2019-5736",
        "運用",
        "レガシー",
        "イメージ",
        "API",
        "クラスタ",
        "Prometheus",
        "マイクロサービス",
        "学習コスト",
        "GKE上",
        "k8sの",
        "ｋ８ｓ",
        "Istio",
    ];
    for query in queries {
        search_for(&client, query).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;

    let all = processes();
    // `report-viewer` becomes the window's binary (exec): the process has its name, cut
    // to the 15 characters the kernel keeps.
    let app_name: String = report_cli::window::WINDOW_BINARY.chars().take(15).collect();
    // The newest process of that name is the one this test launched.
    let root = all
        .iter()
        .filter(|(_, _, name)| *name == app_name)
        .map(|(pid, _, _)| *pid)
        .max()
        .expect("the app process");
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            all.iter()
                .filter(|(_, ppid, _)| *ppid == parent)
                .map(|(pid, _, _)| *pid),
        );
        i += 1;
    }
    let mut total = 0;
    println!(
        "memory after opening every session and {} searches (PSS):",
        queries.len()
    );
    for pid in &tree {
        let name = &all.iter().find(|(p, _, _)| p == pid).unwrap().2;
        let kib = pss_kib(*pid);
        total += kib;
        println!("  {name:<22} {:>7.1} MB", kib as f64 / 1024.0);
    }
    println!("  {:<22} {:>7.1} MB", "total", total as f64 / 1024.0);
    // scripts/figures.sh sets it against an empty Tauri window measured the same way.
    if let Some(dir) = std::env::var_os("REPORT_VIEWER_FIGURES") {
        fs::write(Path::new(&dir).join("app-pss-kib"), total.to_string()).unwrap();
    }
    let startup = eval(&client, "return document.body.dataset.startupMs ?? null").await;
    println!("first page shown {startup} ms after main() (this launch, through WebDriver)");
    client.close().await.unwrap();
}
