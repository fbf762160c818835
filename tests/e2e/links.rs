//! Links into the app: "copy link" puts a place on the clipboard; a start with a link opens
//! there; a second start hands its link to the running window, which goes there; a link to
//! nothing says so.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::driver::{click, eval, open_session, wait_for_title, wait_until, Driver};
use crate::support::BUNDLED_TITLES;

const REPORT: &str = "2019-03-27-google-cloud-kubernetes-day";

/// Where the top of the heading `anchor` is, in pixels below the top of the reading pane
/// (about 12 when it is scrolled to; `null` when the page has no such heading).
fn heading_offset(anchor: &str) -> String {
    format!(
        "const h = document.getElementById({anchor:?}); if (!h) return null; \
         const m = document.querySelector('#page'); \
         return Math.round(h.getBoundingClientRect().top - m.getBoundingClientRect().top)"
    )
}

/// Waits until the heading `anchor` is at the top of the reading pane.
async fn wait_at_heading(client: &Client, anchor: &str) {
    let script = format!(
        "const y = (() => {{ {} }})(); return y !== null && y >= 0 && y < 40",
        heading_offset(anchor)
    );
    wait_until(client, &script, json!(true)).await;
}

/// The text of the window's notice, once it shows.
async fn notice(client: &Client) -> String {
    wait_until(
        client,
        "return !document.querySelector('#notice').hidden",
        json!(true),
    )
    .await;
    eval(
        client,
        "return document.querySelector('#notice .notice-text').textContent",
    )
    .await
    .as_str()
    .unwrap()
    .to_owned()
}

/// The clipboard's text on the test's display, read as another program would.
fn clipboard(driver: &Driver) -> String {
    let output = driver
        .command(Path::new("xclip"))
        .args(["-o", "-selection", "clipboard"])
        .output()
        .expect("xclip is not installed (apt-get install xclip); run scripts/setup.sh");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// Clicks the copy-link button `button` and checks that `link` went to the clipboard and
/// the window said so.
async fn copy_link(client: &Client, driver: &Driver, button: &str, link: &str) {
    client
        .find(Locator::Css(button))
        .await
        .unwrap_or_else(|e| panic!("no copy-link button `{button}`: {e}"))
        .click()
        .await
        .unwrap();
    wait_until(
        client,
        "return document.querySelector('#notice .notice-text').textContent",
        json!(format!("Link copied: {link}")),
    )
    .await;
    assert_eq!(clipboard(driver), link);
}

/// Runs `report-viewer open LINK` as a second start on the driver's desktop; returns once
/// it ended, which it must do at once, having handed the link over.
fn open_from_a_shell(driver: &Driver, link: &str) {
    start_again(driver, env!("CARGO_BIN_EXE_report-viewer"), &["open", link]);
}

/// Starts `program` with `args` on the driver's desktop and waits for it to end with
/// success: a second start hands over to the running window and ends.
fn start_again(driver: &Driver, program: &str, args: &[&str]) {
    let started = Instant::now();
    let mut child = driver
        .command(Path::new(program))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("the second start did not end: it opened a window of its own");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
}

#[tokio::test]
async fn copy_link_gives_a_link_that_a_second_start_opens_in_the_running_window() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    open_session(&client, 1, BUNDLED_TITLES[0]).await;

    // The page's own link, from the header.
    click(&client, ".page-header > .copy-link").await;
    let page_link = format!("report-viewer://page/{REPORT}/1");
    assert!(notice(&client).await.contains(&page_link));
    assert_eq!(clipboard(&driver), page_link);

    // A heading's link: Japanese anchors travel percent-encoded.
    let anchor = "cloud-nativeの難しさ";
    client
        .execute(
            "document.getElementById(arguments[0]).scrollIntoView({block: 'center'}); return true",
            vec![json!(anchor)],
        )
        .await
        .unwrap();
    let heading_link = format!("{page_link}#cloud-native%E3%81%AE%E9%9B%A3%E3%81%97%E3%81%95");
    copy_link(
        &client,
        &driver,
        &format!("h2[id='{anchor}'] > .copy-link"),
        &heading_link,
    )
    .await;
    // The heading's text is its own: the button adds none.
    assert_eq!(
        eval(
            &client,
            &format!("return document.getElementById({anchor:?}).textContent")
        )
        .await,
        json!("Cloud Nativeの難しさ")
    );

    // Read elsewhere, then open the copied link from a shell: the running window goes there.
    open_session(&client, 3, BUNDLED_TITLES[2]).await;
    open_from_a_shell(&driver, &heading_link);
    wait_for_title(&client, BUNDLED_TITLES[0]).await;
    wait_at_heading(&client, anchor).await;

    // A link to what the library does not have: the window stays and says what is missing.
    open_from_a_shell(&driver, &format!("report-viewer://page/{REPORT}/9"));
    let said = notice(&client).await;
    assert!(
        said.contains("leads nowhere") && said.contains(&format!("{REPORT}/9")),
        "{said}"
    );
    assert_eq!(
        eval(
            &client,
            "return document.querySelector('#page-title').textContent"
        )
        .await,
        json!(BUNDLED_TITLES[0])
    );
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_start_with_a_link_opens_at_its_place_and_one_to_nothing_says_so() {
    let driver = Driver::start();
    let link = format!("report-viewer://page/{REPORT}/2#observability");
    let client = driver.launch(&[&link]).await;
    wait_for_title(&client, BUNDLED_TITLES[1]).await;
    wait_at_heading(&client, "observability").await;
    assert_eq!(
        eval(&client, "return document.querySelector('#notice').hidden").await,
        json!(true)
    );
    client.close().await.unwrap();

    // As the desktop would hand over a link gone stale: the app opens, and says why it is
    // not at the link's place.
    let client = driver
        .launch(&["report-viewer://page/an-event-since-removed/2"])
        .await;
    let said = notice(&client).await;
    assert!(
        said.contains("there is no report “an-event-since-removed”"),
        "{said}"
    );
    // The page last read is shown.
    wait_for_title(&client, BUNDLED_TITLES[1]).await;
    client.close().await.unwrap();
}

/// A second start without a link (the desktop icon again) starts no second window.
#[tokio::test]
async fn a_second_start_without_a_link_ends_and_leaves_the_window_as_it_was() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    open_session(&client, 4, BUNDLED_TITLES[3]).await;
    start_again(&driver, env!("CARGO_BIN_EXE_report-viewer-window"), &[]);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        eval(
            &client,
            "return document.querySelector('#page-title').textContent"
        )
        .await,
        json!(BUNDLED_TITLES[3])
    );
    client.close().await.unwrap();
}

/// An outline item with items of its own (`- Cloud Nativeとは` in session 1) is a place: the
/// search result that finds it names it and opens at it, and it has a link of its own.
#[tokio::test]
async fn an_outline_place_is_found_opened_and_linked_like_a_heading() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    crate::driver::search_for(&client, "Cloud Nativeとは").await;
    assert_eq!(
        eval(
            &client,
            "return document.querySelector('#search-results .result .result-heading').textContent"
        )
        .await,
        json!("Cloud Nativeとは")
    );
    click(&client, "#search-results .result").await;
    wait_for_title(&client, BUNDLED_TITLES[0]).await;
    let anchor = "cloud-nativeとは";
    wait_at_heading(&client, anchor).await;
    assert_eq!(
        eval(
            &client,
            &format!("return document.getElementById({anchor:?}).tagName")
        )
        .await,
        json!("LI")
    );

    let link = format!("report-viewer://page/{REPORT}/1#cloud-native%E3%81%A8%E3%81%AF");
    copy_link(
        &client,
        &driver,
        &format!("li[id='{anchor}'] .copy-link"),
        &link,
    )
    .await;
    client.close().await.unwrap();
}
