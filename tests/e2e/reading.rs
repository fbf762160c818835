//! Reading: the sidebar, sessions, keys, light and dark.

use fantoccini::Locator;
use serde_json::json;

use crate::driver::{
    click, eval, open_session, text, wait_for, wait_for_title, wait_until, Driver, SESSIONS,
};
use crate::support::BUNDLED_TITLES;

#[tokio::test]
async fn the_sidebar_lists_the_report_and_its_five_sessions() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    wait_for(&client, SESSIONS).await;
    let titles: Vec<String> = serde_json::from_value(
        eval(
            &client,
            &format!(
                "return [...document.querySelectorAll('{SESSIONS}')]\
                 .map(item => item.querySelector('.session-title').textContent)"
            ),
        )
        .await,
    )
    .unwrap();
    assert_eq!(titles, BUNDLED_TITLES);
    // Read from the page as it is now: the list is made anew when the first page opens.
    let report = eval(
        &client,
        "return document.querySelector('#session-list .report-title').textContent",
    )
    .await;
    assert_eq!(report, "[参加レポート]Google Cloud Kubernetes Day");
    let meta = eval(
        &client,
        "return document.querySelector('#session-list .report-meta').textContent",
    )
    .await;
    let meta = meta.as_str().unwrap();
    for part in ["2019-03-27", "kubernetes", "google", "gcp"] {
        assert!(meta.contains(part), "{part} in {meta}");
    }
    // A fresh start opens the report's overview first.
    assert_eq!(text(&client, "#page-title").await, "Overview");
    let overview = text(&client, "#page-content").await;
    assert!(overview.contains("ハッシュタグ"), "{overview}");
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
async fn keys_move_between_sessions_and_focus_the_session_list() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    open_session(&client, 2, BUNDLED_TITLES[1]).await;
    let body = client.find(Locator::Css("body")).await.unwrap();
    body.send_keys("]").await.unwrap();
    wait_for_title(&client, BUNDLED_TITLES[2]).await;
    body.send_keys("j").await.unwrap();
    wait_for_title(&client, BUNDLED_TITLES[3]).await;
    body.send_keys("k").await.unwrap();
    wait_for_title(&client, BUNDLED_TITLES[2]).await;
    body.send_keys("[").await.unwrap();
    wait_for_title(&client, BUNDLED_TITLES[1]).await;
    // `s` puts the focus on the current session in the list.
    body.send_keys("s").await.unwrap();
    wait_until(
        &client,
        "const a = document.activeElement; return !!a.closest('#session-list') && a.getAttribute('aria-current')",
        json!("page"),
    )
    .await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn light_and_dark_follow_the_system() {
    let background = "return getComputedStyle(document.body).backgroundColor";
    let luminance = |color: &serde_json::Value| -> u32 {
        let digits: Vec<u32> = color
            .as_str()
            .unwrap()
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|d| d.parse().ok())
            .collect();
        digits.iter().take(3).sum()
    };
    let light = Driver::start_with_env(&[("GTK_THEME", "Adwaita")]);
    let client = light.launch(&[]).await;
    let light_color = eval(&client, background).await;
    client.close().await.unwrap();
    drop(light);

    let dark = Driver::start_with_env(&[("GTK_THEME", "Adwaita:dark")]);
    let client = dark.launch(&[]).await;
    assert_eq!(
        eval(
            &client,
            "return matchMedia('(prefers-color-scheme: dark)').matches"
        )
        .await,
        json!(true)
    );
    let dark_color = eval(&client, background).await;
    client.close().await.unwrap();
    assert!(
        luminance(&light_color) > 600 && luminance(&dark_color) < 150,
        "light {light_color}, dark {dark_color}"
    );
}

// The print stylesheet, applied on screen by copying its rules out of `@media print`
// (WebDriver cannot switch WebKit to print media): the page alone, its images at the
// page's width, its web links followed by their targets.
#[tokio::test]
async fn the_print_stylesheet_prints_the_page_alone_with_link_targets() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    open_session(&client, 1, BUNDLED_TITLES[0]).await;
    let copied = eval(
        &client,
        "const rules = [];
         for (const sheet of document.styleSheets) {
           for (const rule of sheet.cssRules) {
             if (rule.media && rule.media.mediaText === 'print') {
               for (const inner of rule.cssRules) rules.push(inner.cssText);
             }
           }
         }
         // Through the CSSOM: the page's CSP refuses a new <style> element.
         const sheet = document.styleSheets[0];
         for (const rule of rules) sheet.insertRule(rule, sheet.cssRules.length);
         return rules.length",
    )
    .await;
    assert!(copied.as_u64().unwrap() > 5, "{copied}");
    let shown =
        |css: &str| format!("return getComputedStyle(document.querySelector('{css}')).display");
    for hidden in ["#sidebar", "#page-side", ".pager"] {
        assert_eq!(
            eval(&client, &shown(hidden)).await,
            json!("none"),
            "{hidden}"
        );
    }
    assert_eq!(eval(&client, &shown(".page-body")).await, json!("block"));
    // Images at the page's width, in the text.
    let widths = eval(
        &client,
        "const image = document.querySelector('#page-content img.report-image'); \
         return [Math.round(image.getBoundingClientRect().width), \
                 Math.round(document.querySelector('#page-content').getBoundingClientRect().width)]",
    )
    .await;
    assert_eq!(widths[0], widths[1], "{widths}");
    // A web link prints its target after it.
    let after = eval(
        &client,
        "const link = [...document.querySelectorAll('#page-content a[href^=\"http\"]')][0]; \
         return [link.getAttribute('href'), getComputedStyle(link, '::after').content]",
    )
    .await;
    let (href, content) = (after[0].as_str().unwrap(), after[1].as_str().unwrap());
    // WebKit gives the parts of the content as strings: ` (`, the target, `)`.
    assert!(
        content.contains(&format!("\"{href}\"")) && content.contains(" ("),
        "{after}"
    );
    client.close().await.unwrap();
}

#[tokio::test]
async fn about_shows_the_version_and_the_bundled_contents_sources_and_licences() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    click(&client, "#about-button").await;
    wait_until(
        &client,
        "return document.querySelector('#about-version').textContent",
        json!(format!("Version {}", env!("CARGO_PKG_VERSION"))),
    )
    .await;
    let notices = text(&client, "#about-notices").await;
    assert!(notices.contains("CNCF Cloud Native Trail Map"), "{notices}");
    let licences = eval(
        &client,
        "return [...document.querySelectorAll('#about-licences summary')].map(s => s.textContent)",
    )
    .await;
    assert_eq!(licences, json!(["Apache-2.0.txt"]));
    client.close().await.unwrap();
}
