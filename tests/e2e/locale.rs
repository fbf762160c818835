//! The interface in Japanese and English: following the system's language, switched in the
//! window, and the choice remembered.

use serde_json::json;

use crate::driver::{click, eval, search_for, wait_until, Driver, SESSIONS};

const PLACEHOLDER: &str = "return document.querySelector('#search-input').placeholder";
const TITLE: &str = "return document.querySelector('#page-title').textContent";

/// Chooses `value` in the language switch.
async fn choose_language(client: &fantoccini::Client, value: &str) {
    eval(
        client,
        &format!(
            "const language = document.querySelector('#language'); language.value = '{value}'; \
             language.dispatchEvent(new Event('change')); return true"
        ),
    )
    .await;
}

#[tokio::test]
async fn a_japanese_system_gets_a_japanese_interface_and_the_switch_is_remembered() {
    let driver = Driver::start_with_env(&[("LANG", "ja_JP.UTF-8")]);
    let client = driver.launch(&[]).await;
    wait_until(&client, PLACEHOLDER, json!("セッションを検索")).await;
    assert_eq!(eval(&client, TITLE).await, json!("概要"));
    assert_eq!(
        eval(
            &client,
            "return document.querySelector('#help-title').textContent"
        )
        .await,
        json!("キーボードショートカット")
    );
    // Placeholders, in the image panel and in the text.
    let placeholder =
        "return document.querySelector('#image-panel .placeholder-label')?.textContent ?? null";
    click(&client, SESSIONS).await;
    wait_until(
        &client,
        placeholder,
        json!("このレポートに含まれていない画像です"),
    )
    .await;
    wait_until(
        &client,
        "return document.querySelector('#page-content .image-missing-label').textContent",
        json!("このレポートに含まれていない画像です"),
    )
    .await;
    // Statuses.
    search_for(&client, "存在しない語句").await;
    assert_eq!(
        eval(
            &client,
            "return document.querySelector('#search-status').textContent"
        )
        .await,
        json!("「存在しない語句」に一致するセクションはありません。")
    );

    // Switched to English: at once, and after a restart, whatever the system says.
    choose_language(&client, "en").await;
    wait_until(&client, PLACEHOLDER, json!("Search sessions")).await;
    wait_until(
        &client,
        placeholder,
        json!("Image not included in this report"),
    )
    .await;
    client.close().await.unwrap();
    let client = driver.launch(&[]).await;
    wait_until(&client, PLACEHOLDER, json!("Search sessions")).await;
    assert_eq!(
        eval(&client, "return document.querySelector('#language').value").await,
        json!("en")
    );
    // Back to the system's language.
    choose_language(&client, "system").await;
    wait_until(&client, PLACEHOLDER, json!("セッションを検索")).await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn an_english_system_gets_english_and_can_switch_to_japanese() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    wait_until(&client, PLACEHOLDER, json!("Search sessions")).await;
    assert_eq!(eval(&client, TITLE).await, json!("Overview"));
    choose_language(&client, "ja").await;
    wait_until(&client, PLACEHOLDER, json!("セッションを検索")).await;
    wait_until(&client, TITLE, json!("概要")).await;
    wait_until(
        &client,
        "return document.querySelector('#session-list .overview-item .session-title').textContent",
        json!("概要"),
    )
    .await;
    client.close().await.unwrap();
}
