//! End-to-end: the real window, driven through WebDriver as a reader would use it.

mod driver;
#[path = "../support/mod.rs"]
mod support;

use std::time::Duration;

use driver::{
    close_viewer, eval, open_session, press, text, wait_for, wait_for_title, wait_until, Driver,
    SESSIONS,
};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::json;
use support::{TempContent, BUNDLED_TITLES};

#[tokio::test]
async fn the_sidebar_lists_the_five_sessions() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    let items = client.find_all(Locator::Css(SESSIONS)).await.unwrap();
    let mut titles = Vec::new();
    for item in &items {
        titles.push(
            item.find(Locator::Css(".session-title"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
    }
    assert_eq!(titles, BUNDLED_TITLES);
    let report = text(&client, "#session-list .report-title").await;
    assert_eq!(report, "[参加レポート]Google Cloud Kubernetes Day");
    client.close().await.unwrap();
}

#[tokio::test]
async fn opening_the_third_session_shows_its_title_and_byline() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    open_session(&client, 3, BUNDLED_TITLES[2]).await;
    assert_eq!(
        text(&client, "#page-byline").await,
        "富士フイルム株式会社　小林 大助 氏"
    );
    let toc = text(&client, "#toc").await;
    assert!(toc.contains("プロジェクト概要"), "{toc}");
    assert_eq!(
        eval(
            &client,
            "return document.querySelector('[aria-current=page] .session-title').textContent"
        )
        .await,
        json!(BUNDLED_TITLES[2])
    );
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_first_sessions_image_panel_shows_two_placeholders() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    open_session(&client, 1, BUNDLED_TITLES[0]).await;
    let cards = client
        .find_all(Locator::Css("#image-panel .image-card.missing"))
        .await
        .unwrap();
    assert_eq!(cards.len(), 2);
    for (card, alt) in cards.iter().zip(["CNCF trail map", "CNCF landscape"]) {
        let shown = card.text().await.unwrap();
        assert!(
            shown.contains("Image not included in this report"),
            "{shown}"
        );
        assert!(shown.contains(alt), "{shown}");
        assert!(shown.contains("/images/20190327_gc_k8sday/"), "{shown}");
    }
    assert_eq!(
        eval(
            &client,
            "return document.querySelectorAll('#image-panel img, #page-content img').length"
        )
        .await,
        json!(0)
    );
    assert_eq!(
        eval(
            &client,
            "return document.querySelectorAll('#page-content .image-missing').length"
        )
        .await,
        json!(2)
    );
    // The viewer opens on a placeholder too, and Esc closes it.
    cards[0].click().await.unwrap();
    wait_for(&client, "#lightbox:not([hidden]) .image-placeholder").await;
    close_viewer(&client).await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_real_image_is_shown_and_can_be_zoomed() {
    let content = TempContent::with_bundled_report();
    content.write_png("images/20190327_gc_k8sday/cncf-trail-map.png", 64, 48);
    let driver = Driver::start();
    let client = driver
        .launch(&["--content", content.path().to_str().unwrap()])
        .await;
    open_session(&client, 1, BUNDLED_TITLES[0]).await;
    wait_until(
        &client,
        "const img = document.querySelector('#image-panel img'); return img ? img.complete && img.naturalWidth : null",
        json!(64),
    )
    .await;
    assert_eq!(
        eval(
            &client,
            "return document.querySelectorAll('#image-panel .image-card.missing').length"
        )
        .await,
        json!(1)
    );
    wait_until(
        &client,
        "const img = document.querySelector('#page-content img.report-image'); return img ? img.naturalHeight : null",
        json!(48),
    )
    .await;
    client
        .find(Locator::Css("#image-panel .image-card:not(.missing)"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&client, "#lightbox:not([hidden]) img").await;
    client
        .find(Locator::Css("#lightbox [data-action=zoom-in]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        &client,
        "return document.querySelector('#lightbox').dataset.scale",
        json!("1.25"),
    )
    .await;
    close_viewer(&client).await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn an_external_link_does_not_navigate_the_window() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    open_session(&client, 1, BUNDLED_TITLES[0]).await;
    let before = client.current_url().await.unwrap();
    client
        .find(Locator::Css(
            "#page-content a[href='https://github.com/cncf/landscape']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(client.current_url().await.unwrap(), before);
    assert_eq!(text(&client, "#page-title").await, BUNDLED_TITLES[0]);
    client.close().await.unwrap();
}

#[tokio::test]
async fn searching_in_japanese_opens_the_section_with_matches_marked() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    let input = wait_for(&client, "#search-input").await;
    input.send_keys("障害").await.unwrap();
    wait_until(
        &client,
        "return document.querySelectorAll('#search-results .result').length",
        json!(3),
    )
    .await;
    assert_eq!(
        eval(
            &client,
            "return document.querySelectorAll('#search-results .result-group').length"
        )
        .await,
        json!(2)
    );
    assert!(text(&client, "#search-status")
        .await
        .starts_with("3 sections"));
    press(&client, Key::Enter).await;
    wait_for_title(&client, BUNDLED_TITLES[0]).await;
    wait_until(
        &client,
        "return [...document.querySelectorAll('#page-content mark')].map(m => m.textContent)",
        json!(["障害", "障害"]),
    )
    .await;
    // Esc clears the search and brings the session list back.
    press(&client, Key::Escape).await;
    wait_until(
        &client,
        "return document.querySelector('#session-list').hidden",
        json!(false),
    )
    .await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn keys_move_between_sessions_and_the_last_one_comes_back() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    open_session(&client, 2, BUNDLED_TITLES[1]).await;
    let body = client.find(Locator::Css("body")).await.unwrap();
    body.send_keys("]").await.unwrap();
    wait_for_title(&client, BUNDLED_TITLES[2]).await;
    body.send_keys("]").await.unwrap();
    wait_for_title(&client, BUNDLED_TITLES[3]).await;
    body.send_keys("k").await.unwrap();
    wait_for_title(&client, BUNDLED_TITLES[2]).await;
    client.close().await.unwrap();

    // A new start of the app opens where the reader left off.
    let client = driver.launch(&[]).await;
    assert_eq!(text(&client, "#page-title").await, BUNDLED_TITLES[2]);
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_window_size_comes_back_after_a_restart() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    client.set_window_size(900, 640).await.unwrap();
    let (width, height) = client.get_window_size().await.unwrap();
    assert_eq!((width, height), (900, 640));
    // The size is saved a moment after the last change.
    tokio::time::sleep(Duration::from_secs(1)).await;
    client.close().await.unwrap();

    let client = driver.launch(&[]).await;
    let size = client.get_window_size().await.unwrap();
    assert_eq!(size, (900, 640));
    client.close().await.unwrap();
}
