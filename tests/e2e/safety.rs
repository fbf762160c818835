//! Untrusted content stays in its place: links, remote loads, navigation.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;

use crate::driver::{eval, open_session, text, wait_for_title, wait_until, Driver};
use crate::support::{TempContent, BUNDLED_TITLES};

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

// Regression: a blog post's relative link (`/blog/…/`) navigated the window to that path;
// Tauri answered with the app's page at the wrong base and the window went dead.
#[tokio::test]
async fn a_relative_link_leaves_the_window_working() {
    let content = TempContent::new();
    content.write(
        "_posts/2024-04-04-links.md",
        "---\ntitle: Links\n---\n\n# First\n\n- Speaker\n\nSee [the previous post](/blog/2019/03/01/earlier/) and [a page](other.html).\n\n# Second\n\n- Other\n\nMore.\n"
            .as_bytes(),
    );
    let driver = Driver::start();
    let client = driver
        .launch(&["--content", content.path().to_str().unwrap()])
        .await;
    open_session(&client, 1, "First").await;
    let before = client.current_url().await.unwrap();
    for href in ["/blog/2019/03/01/earlier/", "other.html"] {
        client
            .find(Locator::Css(&format!("#page-content a[href='{href}']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        // Even a navigation the page did not stop would be refused by the window.
        eval(&client, &format!("location.href = '{href}'; return true")).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(client.current_url().await.unwrap(), before);
    assert_eq!(text(&client, "#page-title").await, "First");
    // Still the working app: the next session opens.
    open_session(&client, 2, "Second").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_content_security_policy_refuses_remote_loads() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    // Each attempt must be stopped by the policy itself (a violation report), not merely
    // fail for want of a network.
    let violations = client
        .execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            const seen = [];
            document.addEventListener("securitypolicyviolation", (e) => seen.push(e.violatedDirective));
            fetch("https://example.com/data.json").catch(() => {});
            const img = new Image();
            img.src = "https://example.com/x.png";
            document.body.append(img);
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.append(script);
            setTimeout(() => done({ seen, inlineRan: window.inlineRan === true }), 1500);
            "#,
            vec![],
        )
        .await
        .unwrap();
    let seen: Vec<String> = violations["seen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    for directive in ["connect-src", "img-src", "script-src"] {
        assert!(
            seen.iter().any(|d| d.starts_with(directive)),
            "{directive} not enforced: {seen:?}"
        );
    }
    assert_eq!(violations["inlineRan"], json!(false));
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_damaged_report_is_named_and_the_others_still_show() {
    let content = TempContent::with_bundled_report();
    content.write(
        "_posts/2020-01-01-broken.md",
        b"---\ntitle: ok\ncategories: [a\n---\n# S\n",
    );
    let driver = Driver::start();
    let client = driver
        .launch(&["--content", content.path().to_str().unwrap()])
        .await;
    let banner = text(&client, "#problems").await;
    assert!(banner.contains("2020-01-01-broken.md:4"), "{banner}");
    open_session(&client, 5, BUNDLED_TITLES[4]).await;
    wait_for_title(&client, BUNDLED_TITLES[4]).await;
    wait_until(
        &client,
        "return document.querySelectorAll('#session-list .session-item:not(.overview-item)').length",
        json!(5),
    )
    .await;
    client.close().await.unwrap();
}
