//! Live reload: a report saved, added or removed on disk shows in the sidebar, the open page
//! and search, with nothing done in the window.

use serde_json::json;

use crate::driver::{eval, open_session, type_keys, wait_for, wait_for_title, wait_until, Driver};
use crate::support::TempContent;

fn notes(title: &str, text: &str) -> String {
    format!(
        "---\ntitle: Notes\n---\n\n# {title}\n\n- Speaker\n\n{text}\n\n# Second talk\n\n- Other\n\nMore.\n"
    )
}

#[tokio::test]
async fn a_saved_added_and_removed_report_shows_with_no_action() {
    let content = TempContent::with_bundled_report();
    let file = "_posts/2024-01-01-notes.md";
    content.write(file, notes("First talk", "Original text.").as_bytes());
    let driver = Driver::start();
    let client = driver
        .launch(&["--content", content.path().to_str().unwrap()])
        .await;
    open_session(&client, 1, "First talk").await;
    eval(
        &client,
        "document.querySelector('#page').scrollTop = 0; return true",
    )
    .await;

    // Saved: the sidebar, the open page and search follow.
    content.write(
        file,
        notes("First talk, revised", "Revised text with livewordx.").as_bytes(),
    );
    wait_for_title(&client, "First talk, revised").await;
    wait_until(
        &client,
        "return document.querySelector('#page-content').textContent.includes('livewordx')",
        json!(true),
    )
    .await;
    wait_until(
        &client,
        "return [...document.querySelectorAll('#session-list .session-title')]\
         .some(t => t.textContent === 'First talk, revised')",
        json!(true),
    )
    .await;
    let input = wait_for(&client, "#search-input").await;
    input.click().await.unwrap();
    type_keys(&client, "livewordx").await;
    wait_until(
        &client,
        "return document.querySelectorAll('#search-results .result').length > 0",
        json!(true),
    )
    .await;
    type_keys(
        &client,
        &char::from(fantoccini::key::Key::Escape).to_string(),
    )
    .await;

    // Added, then removed.
    content.write(
        "_posts/2024-02-02-added.md",
        "---\ntitle: Added\n---\n\n# Added talk\n\n- Someone\n\nText.\n".as_bytes(),
    );
    let listed = |title: &str| {
        format!(
            "return [...document.querySelectorAll('#session-list .session-title')]\
             .some(t => t.textContent === '{title}')"
        )
    };
    // Another report than the one being read is listed collapsed, by its title.
    wait_until(
        &client,
        "return [...document.querySelectorAll('#session-list .report-title')]\
         .some(t => t.textContent === 'Added')",
        json!(true),
    )
    .await;
    std::fs::remove_file(content.path().join(file)).unwrap();
    wait_until(&client, &listed("First talk, revised"), json!(false)).await;
    // The page that was open is gone: the window shows another, not an error.
    wait_until(
        &client,
        "return document.querySelector('#problems').hidden",
        json!(true),
    )
    .await;
    client.close().await.unwrap();
}
