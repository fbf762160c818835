//! What comes back after a restart: the last session read, the window's size and place.

use std::time::Duration;

use fantoccini::Locator;

use crate::driver::{open_session, text, wait_for_title, Driver};
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
