//! Search in the window: results as you type, keys, opening a result with its marks.

use fantoccini::key::Key;
use serde_json::json;

use crate::driver::{
    eval, press, search_for, text, type_keys, wait_for, wait_for_title, wait_until, Driver,
};
use crate::support::BUNDLED_TITLES;

const RESULTS: &str = "return document.querySelectorAll('#search-results .result').length";

#[tokio::test]
async fn searching_in_japanese_opens_the_section_with_matches_marked() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    // `/` puts the cursor in the search box.
    type_keys(&client, "/").await;
    wait_until(
        &client,
        "return document.activeElement.id",
        json!("search-input"),
    )
    .await;
    type_keys(&client, "障害").await;
    wait_until(&client, RESULTS, json!(3)).await;
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
async fn arrow_keys_walk_the_results_in_the_order_shown() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    search_for(&client, "gke").await;
    let count = eval(&client, RESULTS).await.as_u64().unwrap();
    assert!(count > 3, "{count} results for gke");
    let selected = "return [...document.querySelectorAll('#search-results .result')].findIndex(b => b.getAttribute('aria-selected') === 'true')";
    assert_eq!(eval(&client, selected).await, json!(0));
    for expected in 1..count.min(6) {
        press(&client, Key::Down).await;
        assert_eq!(eval(&client, selected).await, json!(expected));
    }
    press(&client, Key::Up).await;
    assert_eq!(eval(&client, selected).await, json!(count.min(6) - 2));
    // The selected result opens at its section.
    let heading = eval(
        &client,
        "return document.querySelector('#search-results .result[aria-selected=true] .result-heading').textContent",
    )
    .await;
    press(&client, Key::Enter).await;
    if heading != json!("Introduction") && heading != json!("Overview") {
        wait_until(
            &client,
            "const page = document.querySelector('#page').getBoundingClientRect(); \
             const marks = [...document.querySelectorAll('#page-content mark')]; \
             return marks.length > 0 && marks.some(m => { const r = m.getBoundingClientRect(); return r.top >= page.top && r.bottom <= page.bottom; })",
            json!(true),
        )
        .await;
    }
    client.close().await.unwrap();
}

#[tokio::test]
async fn ctrl_k_searches_enter_right_away_opens_and_no_match_says_so() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    // Ctrl+K from the page body.
    type_keys(
        &client,
        &format!("{}k{}", char::from(Key::Control), char::from(Key::Null)),
    )
    .await;
    wait_until(
        &client,
        "return document.activeElement.id",
        json!("search-input"),
    )
    .await;
    // Enter typed straight after the query, before results could appear, opens the result
    // for that query (not a stale one).
    type_keys(&client, &format!("ハッシュタグ{}", char::from(Key::Enter))).await;
    wait_for_title(&client, "Overview").await;
    wait_until(
        &client,
        "return [...document.querySelectorAll('#page-content mark')].map(m => m.textContent)",
        json!(["ハッシュタグ"]),
    )
    .await;
    // Nothing matches: the list says so.
    let input = wait_for(&client, "#search-input").await;
    input.clear().await.unwrap();
    input.send_keys("存在しない語句").await.unwrap();
    wait_until(
        &client,
        "return document.querySelector('#search-status').textContent",
        json!("No sections match “存在しない語句”."),
    )
    .await;
    assert_eq!(eval(&client, RESULTS).await, json!(0));
    // Emptied: back to the session list, no status line.
    input.clear().await.unwrap();
    input.send_keys(" ").await.unwrap();
    wait_until(
        &client,
        "return [document.querySelector('#session-list').hidden, document.querySelector('#search-status').hidden]",
        json!([false, true]),
    )
    .await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn an_input_method_composing_is_left_alone_until_it_commits() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    search_for(&client, "障害").await;
    assert_eq!(eval(&client, RESULTS).await, json!(3));
    let title = text(&client, "#page-title").await;
    // Typing コンテナ through an input method: the box holds kana while it composes, and
    // Enter confirms the conversion. Neither searches nor opens the selected result.
    eval(
        &client,
        "const box = document.querySelector('#search-input'); box.focus(); \
         box.value = 'こんてな'; \
         box.dispatchEvent(new InputEvent('input', { isComposing: true, data: 'こんてな' })); \
         box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true })); \
         box.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', isComposing: true, bubbles: true }));",
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(text(&client, "#page-title").await, title);
    assert_eq!(
        eval(
            &client,
            "return document.querySelector('#search-results').dataset.query"
        )
        .await,
        json!("障害")
    );
    assert_eq!(
        eval(
            &client,
            "return [...document.querySelectorAll('#search-results .result')].findIndex(b => b.getAttribute('aria-selected') === 'true')"
        )
        .await,
        json!(0)
    );
    // The committed text is searched.
    eval(
        &client,
        "const box = document.querySelector('#search-input'); box.value = 'コンテナ'; \
         box.dispatchEvent(new CompositionEvent('compositionend', { data: 'コンテナ' }));",
    )
    .await;
    wait_until(
        &client,
        "const r = document.querySelector('#search-results'); return [r.dataset.query, r.dataset.state]",
        json!(["コンテナ", "ready"]),
    )
    .await;
    assert!(eval(&client, RESULTS).await.as_u64().unwrap() > 0);
    client.close().await.unwrap();
}

#[tokio::test]
async fn width_and_case_variants_find_the_same_sections() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    let mut counts = Vec::new();
    for query in ["GKE", "ＧＫＥ", "gke"] {
        search_for(&client, query).await;
        counts.push(eval(&client, RESULTS).await);
    }
    assert!(counts[0].as_u64().unwrap() > 0);
    assert!(counts.iter().all(|c| *c == counts[0]), "{counts:?}");
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_long_result_list_comes_fifty_at_a_time() {
    let content = crate::support::TempContent::new();
    let mut report = String::from("---\ntitle: Many\n---\n\n# One long talk\n\n- Speaker\n\n");
    for n in 0..60 {
        report.push_str(&format!("## Part {n}\n\nThe zebra number {n}.\n\n"));
    }
    content.write("_posts/2024-05-05-many.md", report.as_bytes());
    let driver = Driver::start();
    let client = driver
        .launch(&["--content", content.path().to_str().unwrap()])
        .await;
    let input = wait_for(&client, "#search-input").await;
    input.send_keys("zebra").await.unwrap();
    wait_until(&client, RESULTS, json!(50)).await;
    assert_eq!(
        text(&client, "#search-status").await,
        "50+ sections in 1 place"
    );
    wait_for(&client, "#search-results .more-results")
        .await
        .click()
        .await
        .unwrap();
    wait_until(&client, RESULTS, json!(60)).await;
    assert_eq!(
        text(&client, "#search-status").await,
        "60 sections in 1 place"
    );
    assert_eq!(
        eval(
            &client,
            "return document.querySelectorAll('#search-results .more-results').length"
        )
        .await,
        json!(0)
    );
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_search_scope_narrows_results_to_the_report_being_read() {
    let content = crate::support::TempContent::with_bundled_report();
    content.write(
        "_posts/2024-01-01-other.md",
        "---\ntitle: Other\n---\n\n# GKE の話\n\n- 話者\n\nGKE と障害対応.\n".as_bytes(),
    );
    let driver = Driver::start();
    let client = driver
        .launch(&["--content", content.path().to_str().unwrap()])
        .await;
    // The newest report is read first.
    wait_for_title(&client, "GKE の話").await;
    let groups = "return [...document.querySelectorAll('#search-results .result-group-title')]\
                  .map(g => g.textContent)";
    search_for(&client, "GKE").await;
    let all = eval(&client, groups).await;
    assert!(all.as_array().unwrap().len() > 1, "{all}");
    assert!(
        all.as_array().unwrap().contains(&json!(BUNDLED_TITLES[1])),
        "{all}"
    );
    eval(
        &client,
        "const scope = document.querySelector('#search-scope'); scope.value = 'current'; \
         scope.dispatchEvent(new Event('change')); return true",
    )
    .await;
    wait_until(&client, groups, json!(["GKE の話"])).await;
    client.close().await.unwrap();
}
