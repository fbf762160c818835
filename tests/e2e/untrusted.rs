//! Untrusted folders in the window: odd files are named and skipped, the good reports show
//! and search, report markup cannot make the page throw, and a heavy page never holds up
//! the window.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;

use crate::driver::{eval, open_session, search_for, text, wait_until, Driver, SESSIONS};
use crate::support::{TempContent, BUNDLED_TITLES};

#[cfg(unix)]
#[tokio::test]
async fn odd_files_are_named_and_the_good_report_shows_and_searches() {
    let content = TempContent::with_bundled_report();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "# outsidesecret\n\nroot:x:0:0:outsidesecret\n").unwrap();
    std::os::unix::fs::symlink(&secret, content.path().join("_posts/p.md")).unwrap();
    let fifo = content.path().join("_posts/x.md");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let mut bomb = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let list = vec![format!("*a{}", level - 1); 9].join(", ");
        bomb.push_str(&format!("a{level}: &a{level} [{list}]\n"));
    }
    bomb.push_str("---\n# s\n");
    content.write("_posts/bomb.md", bomb.as_bytes());

    let driver = Driver::start();
    let client = driver
        .launch(&["--content", content.path().to_str().unwrap()])
        .await;
    let banner = text(&client, "#problems").await;
    for (file, reason) in [
        ("p.md", "outside the content folder"),
        ("x.md", "FIFO"),
        ("bomb.md", "expands to more than"),
    ] {
        assert!(
            banner
                .lines()
                .any(|line| line.contains(file) && line.contains(reason)),
            "{file} ({reason}) not in the banner: {banner}"
        );
    }
    wait_until(
        &client,
        &format!("return document.querySelectorAll('{SESSIONS}').length"),
        json!(5),
    )
    .await;
    open_session(&client, 2, BUNDLED_TITLES[1]).await;
    search_for(&client, "outsidesecret").await;
    assert_eq!(
        eval(
            &client,
            "return document.querySelectorAll('#search-results .result').length"
        )
        .await,
        json!(0)
    );
    search_for(&client, "コンテナ").await;
    let found = eval(
        &client,
        "return document.querySelectorAll('#search-results .result').length",
    )
    .await;
    assert!(found.as_u64().unwrap() > 0, "{found}");
    client.close().await.unwrap();
}

// Regression: a `data-image-index` that named no image opened an empty viewer and threw,
// and a malformed fragment (`#%E0%A4%A`) threw in decodeURIComponent.
#[tokio::test]
async fn odd_image_indexes_and_fragments_throw_nothing() {
    let content = TempContent::new();
    content.write_png("images/a.png", 40, 30);
    content.write(
        "_posts/2024-05-05-odd.md",
        "---\ntitle: Odd\n---\n\n# Odd markup\n\n- Speaker\n\n\
         <img data-image-index=\"7\" src=\"report-asset://localhost/images/a.png\" alt=\"seven\">\n\n\
         <span data-image-index=\"x\">x</span>\n\n\
         [bad fragment](#%E0%A4%A) and [good](#odd-heading)\n\n## Odd heading\n\ntext\n"
            .as_bytes(),
    );
    let driver = Driver::start();
    let client = driver
        .launch(&["--content", content.path().to_str().unwrap()])
        .await;
    open_session(&client, 1, "Odd markup").await;
    eval(
        &client,
        "window.pageErrors = [];\
         window.addEventListener('error', (e) => window.pageErrors.push(String(e.message)));\
         window.addEventListener('unhandledrejection', (e) => window.pageErrors.push(String(e.reason)));\
         return true",
    )
    .await;
    for css in [
        "#page-content img[alt='seven']",
        "#page-content a[href='#%E0%A4%A']",
        "#page-content a[href='#odd-heading']",
    ] {
        client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .unwrap();
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(eval(&client, "return window.pageErrors").await, json!([]));
    assert_eq!(
        eval(&client, "return document.querySelector('#lightbox').hidden").await,
        json!(true),
        "the viewer opened on an image the page does not have"
    );
    // The span's index was not a number: the sanitizer dropped it.
    assert_eq!(
        eval(
            &client,
            "return document.querySelectorAll('#page-content span[data-image-index]').length"
        )
        .await,
        json!(0)
    );
    assert_eq!(text(&client, "#page-title").await, "Odd markup");
    client.close().await.unwrap();
}

// Regression: pages were rendered on the window's thread, so a heavy page held up every
// other call until it was done. A call made while a heavy page renders answers first.
#[tokio::test]
async fn a_heavy_page_renders_off_the_window_thread() {
    let content = TempContent::with_bundled_report();
    let section = format!(
        "\n## part\n\n{}\n",
        "hotword and some more text ".repeat(500)
    );
    content.write(
        "_posts/2024-06-06-heavy.md",
        format!("---\ntitle: Heavy\n---\n\n# Heavy\n{}", section.repeat(120)).as_bytes(),
    );
    let driver = Driver::start();
    let client = driver
        .launch(&["--content", content.path().to_str().unwrap()])
        .await;
    wait_until(
        &client,
        "return document.body.dataset.ready === 'true'",
        json!(true),
    )
    .await;
    let order = client
        .execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            const core = window.__TAURI__.core;
            const order = [];
            const heavy = core.invoke("page", { id: "2024-06-06-heavy/1", query: "hotword" })
              .then((page) => order.push(["heavy", page.html.length]));
            const light = core.invoke("frontend_ready").then(() => order.push(["light", 0]));
            Promise.all([heavy, light]).then(() => done(order), (e) => done(String(e)));
            "#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(order[0][0], json!("light"), "{order}");
    assert_eq!(order[1][0], json!("heavy"), "{order}");
    assert!(order[1][1].as_u64().unwrap() > 1_000_000, "{order}");
    client.close().await.unwrap();
}
