//! What comes back after a restart: the last session read, where each page was left, the
//! text size, the window's size and place.

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::json;

use crate::driver::{eval, open_session, text, wait_for_title, wait_until, Driver};
use crate::support::BUNDLED_TITLES;

#[tokio::test]
async fn the_last_session_read_comes_back() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    open_session(&client, 2, BUNDLED_TITLES[1]).await;
    let body = client.find(Locator::Css("body")).await.unwrap();
    body.send_keys("]").await.unwrap();
    wait_for_title(&client, BUNDLED_TITLES[2]).await;
    client.close().await.unwrap();

    let client = driver.launch(&[]).await;
    assert_eq!(text(&client, "#page-title").await, BUNDLED_TITLES[2]);
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_window_size_and_position_come_back() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    client.set_window_rect(70, 50, 900, 640).await.unwrap();
    let placed = client.get_window_rect().await.unwrap();
    assert_eq!(placed, (70, 50, 900, 640));
    // Saved a moment after the last change, not only on a clean exit.
    tokio::time::sleep(Duration::from_secs(1)).await;
    client.close().await.unwrap();

    let client = driver.launch(&[]).await;
    assert_eq!(client.get_window_rect().await.unwrap(), placed);
    client.close().await.unwrap();
}

/// How far down the page is scrolled, from 0 to 1.
const POSITION: &str = "const m = document.querySelector('#page'); \
    return Math.round(100 * m.scrollTop / (m.scrollHeight - m.clientHeight))";

#[tokio::test]
async fn each_page_reopens_where_it_was_left_and_the_text_size_comes_back() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    open_session(&client, 1, BUNDLED_TITLES[0]).await;
    eval(
        &client,
        "const m = document.querySelector('#page'); \
         m.scrollTop = 0.6 * (m.scrollHeight - m.clientHeight); return true",
    )
    .await;
    wait_until(&client, POSITION, json!(60)).await;
    // Remembered a moment after scrolling stops.
    tokio::time::sleep(Duration::from_millis(900)).await;

    // Larger text, from the keyboard.
    let body = client.find(Locator::Css("body")).await.unwrap();
    for _ in 0..2 {
        body.send_keys(&format!(
            "{}={}",
            char::from(Key::Control),
            char::from(Key::Null)
        ))
        .await
        .unwrap();
    }
    wait_until(
        &client,
        "return document.body.dataset.fontScale",
        json!("120"),
    )
    .await;
    let size = "return getComputedStyle(document.querySelector('#page-content')).fontSize";
    assert_eq!(eval(&client, size).await, json!("18px"));

    // Another page opens at its top; the first, opened again, where it was left.
    open_session(&client, 2, BUNDLED_TITLES[1]).await;
    wait_until(&client, POSITION, json!(0)).await;
    open_session(&client, 1, BUNDLED_TITLES[0]).await;
    wait_until(&client, POSITION, json!(60)).await;
    client.close().await.unwrap();

    // After a restart: the same page, the same place, the same size.
    let client = driver.launch(&[]).await;
    wait_for_title(&client, BUNDLED_TITLES[0]).await;
    wait_until(
        &client,
        "return document.body.dataset.fontScale",
        json!("120"),
    )
    .await;
    wait_until(&client, POSITION, json!(60)).await;
    assert_eq!(eval(&client, size).await, json!("18px"));
    // Ctrl+0: the normal size, kept.
    let body = client.find(Locator::Css("body")).await.unwrap();
    body.send_keys(&format!(
        "{}0{}",
        char::from(Key::Control),
        char::from(Key::Null)
    ))
    .await
    .unwrap();
    wait_until(
        &client,
        "return document.body.dataset.fontScale",
        json!("100"),
    )
    .await;
    client.close().await.unwrap();
}
