//! Report folders in the window: an added folder's reports are listed with the bundled
//! ones, and a folder removed in the window is gone, also after a restart.

use serde_json::json;

use crate::driver::{click, eval, wait_until, Driver};
use crate::support::TempContent;

const REPORT_TITLES: &str =
    "return [...document.querySelectorAll('#session-list .report-title')].map(t => t.textContent)";

#[tokio::test]
async fn an_added_folder_is_listed_and_removed_in_the_window() {
    let extra = TempContent::new();
    extra.write(
        "_posts/2030-01-01-extra.md",
        "---\ntitle: Extra notes\n---\n\n# A talk\n\n- Someone\n\nWords.\n".as_bytes(),
    );
    let driver = Driver::start();
    // Added in an earlier run: remembered in the settings.
    std::fs::create_dir_all(driver.settings_dir()).unwrap();
    std::fs::write(
        driver.settings_dir().join("reading-state.json"),
        serde_json::to_vec(&json!({ "folders": [extra.path()] })).unwrap(),
    )
    .unwrap();
    let client = driver.launch(&[]).await;
    wait_until(
        &client,
        REPORT_TITLES,
        json!(["Extra notes", "[参加レポート]Google Cloud Kubernetes Day"]),
    )
    .await;

    click(&client, "#folders-button").await;
    let rows = "return [...document.querySelectorAll('#folders .folder')]\
                .map(f => f.querySelector('.folder-count').textContent)";
    wait_until(&client, rows, json!(["bundled", "1 report"])).await;
    assert_eq!(
        eval(
            &client,
            "return document.querySelector('#folders-add').hidden"
        )
        .await,
        json!(false)
    );
    click(&client, "#folders .folder-remove").await;
    wait_until(&client, rows, json!(["bundled"])).await;
    wait_until(
        &client,
        REPORT_TITLES,
        json!(["[参加レポート]Google Cloud Kubernetes Day"]),
    )
    .await;
    client.close().await.unwrap();

    // Removed for good.
    let client = driver.launch(&[]).await;
    wait_until(
        &client,
        REPORT_TITLES,
        json!(["[参加レポート]Google Cloud Kubernetes Day"]),
    )
    .await;
    client.close().await.unwrap();
}
