//! The sidebar for thousands of reports: listed at once with a screenful of rows, newest
//! first, collapsed beyond the report being read, filtered by category, and walked with
//! the keyboard across collapsed reports.

use fantoccini::key::Key;
use serde_json::json;

use crate::driver::{eval, press, wait_for_title, wait_until, Driver};
use crate::support::TempContent;

/// Reports in the library: far more rows than any window shows.
const REPORTS: usize = 2_000;

/// A library of [`REPORTS`] small reports, numbered from the oldest; every third is in
/// the category `gamma`, the others in `delta`. Report `n` is dated `n` days after
/// 2000-01-01 and has two sessions.
fn library() -> TempContent {
    let content = TempContent::new();
    for n in 0..REPORTS {
        let category = if n % 3 == 0 { "gamma" } else { "delta" };
        let text = format!(
            "---\ntitle: Report {n}\ncategories: [{category}]\n---\n\nOverview {n}.\n\n\
             # Talk A of {n}\n\n- Speaker {n}\n\nText.\n\n# Talk B of {n}\n\n- Speaker\n\nText.\n"
        );
        let day = chrono_day(n);
        content.write(&format!("_posts/{day}-report-{n}.md"), text.as_bytes());
    }
    content
}

/// A date for report `n`, later for a larger `n`: 28 days a month is enough here, the
/// names only need to be dates that sort as the numbers do.
fn chrono_day(n: usize) -> String {
    let (year, rest) = (2000 + n / 336, n % 336);
    format!("{year}-{:02}-{:02}", rest / 28 + 1, rest % 28 + 1)
}

/// Report titles in the rows on the page, top to bottom.
const ROW_REPORTS: &str = "return [...document.querySelectorAll('#session-list .row-report')]\
    .sort((a, b) => a.offsetTop - b.offsetTop)\
    .map(r => r.querySelector('.report-title').textContent)";

/// Checks that the sidebar made only about a screenful of rows.
async fn assert_few_rows(client: &fantoccini::Client) {
    let rows = eval(
        client,
        "return document.querySelectorAll('#session-list .row').length",
    )
    .await;
    assert!(rows.as_u64().unwrap() < 60, "{rows} rows made");
}

#[tokio::test]
async fn thousands_of_reports_list_at_once_newest_first_with_a_screenful_of_rows() {
    let content = library();
    let driver = Driver::start();
    let client = driver
        .launch(&["--content", content.path().to_str().unwrap()])
        .await;
    // The newest report is read first, and only it shows its sessions.
    wait_for_title(&client, "Overview").await;
    let newest = format!("Report {}", REPORTS - 1);
    let titles = eval(&client, ROW_REPORTS).await;
    assert_eq!(titles[0], json!(newest));
    assert_eq!(titles[1], json!(format!("Report {}", REPORTS - 2)));
    let sessions = eval(
        &client,
        "return [...document.querySelectorAll('#session-list .session-title')].map(t => t.textContent)",
    )
    .await;
    assert_eq!(
        sessions,
        json!([
            "Overview",
            format!("Talk A of {}", REPORTS - 1),
            format!("Talk B of {}", REPORTS - 1)
        ])
    );
    assert_few_rows(&client).await;

    // Scrolled to the end, the oldest report is there.
    eval(
        &client,
        "const list = document.querySelector('#session-list'); \
         list.scrollTop = list.scrollHeight; return true",
    )
    .await;
    wait_until(
        &client,
        "return [...document.querySelectorAll('#session-list .report-title')]\
         .some(t => t.textContent === 'Report 0')",
        json!(true),
    )
    .await;
    assert_few_rows(&client).await;

    // Filtered by a category, only its reports are listed.
    eval(
        &client,
        "const list = document.querySelector('#session-list'); list.scrollTop = 0; \
         const filter = document.querySelector('#category-filter'); filter.value = 'gamma'; \
         filter.dispatchEvent(new Event('change')); return true",
    )
    .await;
    let expected: Vec<String> = (0..REPORTS)
        .rev()
        .filter(|n| n % 3 == 0)
        .take(3)
        .map(|n| format!("Report {n}"))
        .collect();
    wait_until(
        &client,
        &format!("{ROW_REPORTS}.slice(0, 3)"),
        json!(expected),
    )
    .await;
    let options = eval(
        &client,
        "return [...document.querySelectorAll('#category-filter option')].map(o => o.textContent)",
    )
    .await;
    assert_eq!(
        options,
        json!([
            "All categories",
            format!("delta ({})", REPORTS - REPORTS.div_ceil(3)),
            format!("gamma ({})", REPORTS.div_ceil(3))
        ])
    );
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_keyboard_walks_across_collapsed_reports() {
    let content = library();
    let driver = Driver::start();
    let client = driver
        .launch(&["--content", content.path().to_str().unwrap()])
        .await;
    wait_for_title(&client, "Overview").await;
    let newest = REPORTS - 1;
    let focused = "const a = document.activeElement; \
         return a.dataset.page || a.dataset.report || null";

    // `s` focuses the page being read; the arrows go on past its last session to the next
    // report, which opens with the right arrow.
    eval(&client, "document.activeElement.blur(); return true").await;
    client
        .active_element()
        .await
        .unwrap()
        .send_keys("s")
        .await
        .unwrap();
    let report_id = |n: usize| format!("{}-report-{n}", chrono_day(n));
    wait_until(
        &client,
        focused,
        json!(format!("{}/overview", report_id(newest))),
    )
    .await;
    for _ in 0..3 {
        press(&client, Key::Down).await;
    }
    wait_until(&client, focused, json!(report_id(newest - 1))).await;
    let expanded = format!(
        "return document.querySelector('[data-report=\"{}\"]').getAttribute('aria-expanded')",
        report_id(newest - 1)
    );
    wait_until(&client, &expanded, json!("false")).await;
    press(&client, Key::Right).await;
    wait_until(&client, &expanded, json!("true")).await;
    press(&client, Key::Down).await;
    press(&client, Key::Down).await;
    wait_until(
        &client,
        focused,
        json!(format!("{}/1", report_id(newest - 1))),
    )
    .await;
    press(&client, Key::Enter).await;
    wait_for_title(&client, &format!("Talk A of {}", newest - 1)).await;

    // `j` from a report's last page opens the next report's first, collapsed or not, and
    // the report left folds back.
    eval(&client, "document.activeElement.blur(); return true").await;
    let next = || async {
        client
            .active_element()
            .await
            .unwrap()
            .send_keys("j")
            .await
            .unwrap()
    };
    next().await;
    wait_for_title(&client, &format!("Talk B of {}", newest - 1)).await;
    next().await;
    wait_for_title(&client, "Overview").await;
    let report = eval(
        &client,
        "return document.querySelector('#page-report').textContent",
    )
    .await;
    assert!(
        report
            .as_str()
            .unwrap()
            .starts_with(&format!("Report {}", newest - 2)),
        "{report}"
    );
    let open_reports = eval(
        &client,
        "return [...document.querySelectorAll('#session-list [aria-expanded=true] .report-title')]\
         .map(t => t.textContent)",
    )
    .await;
    // The report opened by hand stays open; the newest, left behind, folded back.
    assert_eq!(
        open_reports,
        json!([
            format!("Report {}", newest - 1),
            format!("Report {}", newest - 2)
        ])
    );
    client.close().await.unwrap();
}
