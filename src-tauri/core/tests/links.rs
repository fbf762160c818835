//! Links into the app (`report-viewer://page/…`) lead to the place they name, in the
//! bundled report and in a folder of nested reports; a link to something missing leads as
//! far as it can and names what is missing.

#[path = "../../../tests/support/mod.rs"]
mod support;

use std::fs;

use report_core::content::Library;
use report_core::link::Link;
use report_core::search::SearchIndex;
use report_core::view::{self, Destination};
use support::*;

const REPORT: &str = "2019-03-27-google-cloud-kubernetes-day";

fn bundled() -> Library {
    Library::load(&bundled_content()).expect("bundled content loads")
}

/// Event notes in `YEAR/MMDD-name/README.md` folders: ids with slashes and Japanese.
fn nested() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let event = dir.path().join("2024/0615-クラウド勉強会");
    fs::create_dir_all(&event).unwrap();
    fs::write(
        event.join("README.md"),
        "# クラウド勉強会\n\n## 基調講演\n\n### 質疑応答\n\n答え。\n\n## LT: k8s 運用\n\n本文。\n",
    )
    .unwrap();
    let library = Library::load(dir.path()).unwrap();
    assert!(library.problems.is_empty(), "{:?}", library.problems);
    (dir, library)
}

fn follow(library: &Library, link: &str) -> Destination {
    view::destination(library, link)
}

fn arrives(destination: &Destination, page: &str, anchor: Option<&str>) {
    assert_eq!(
        (destination.page.as_deref(), destination.anchor.as_deref()),
        (Some(page), anchor),
        "{destination:?}"
    );
    assert_eq!(destination.problem, None);
}

#[test]
fn a_page_link_with_a_place_leads_there() {
    let library = bundled();
    let session = format!("{REPORT}/1");
    let page = view::page(&library, &session, "x:", None).unwrap();
    assert_eq!(page.link, format!("report-viewer://page/{REPORT}/1"));
    let heading = &page.toc[2];
    let link = Link::new(session.as_str(), Some(heading.anchor.clone())).to_url();
    // Japanese anchors travel percent-encoded.
    assert!(link.is_ascii(), "{link}");
    arrives(
        &follow(&library, &link),
        &session,
        Some(heading.anchor.as_str()),
    );
    arrives(&follow(&library, &page.link), &session, None);
    arrives(
        &follow(&library, &format!("report-viewer://page/{REPORT}/overview")),
        &format!("{REPORT}/overview"),
        None,
    );
}

#[test]
fn a_report_link_leads_to_the_reports_first_page() {
    let library = bundled();
    arrives(
        &follow(&library, &format!("report-viewer://page/{REPORT}")),
        &format!("{REPORT}/overview"),
        None,
    );
    // A report of one title heading has no overview: its first session.
    let (_dir, library) = nested();
    let id = "2024/0615-クラウド勉強会";
    let link = Link::new(id, None).to_url();
    arrives(&follow(&library, &link), &format!("{id}/1"), None);
    let place = Link::new(format!("{id}/1"), Some("質疑応答".into())).to_url();
    arrives(
        &follow(&library, &place),
        &format!("{id}/1"),
        Some("質疑応答"),
    );
}

#[test]
fn every_search_result_is_a_place_a_link_leads_back_to() {
    let library = bundled();
    let index = SearchIndex::build_in_ram(&library).unwrap();
    let mut places = 0;
    for query in ["Kubernetes", "コンテナ", "GKE", "マイクロサービス", "Istio"] {
        for hit in index.search(query, 50).unwrap() {
            let page = hit
                .session_id
                .clone()
                .unwrap_or_else(|| format!("{}/overview", hit.report));
            let link = Link::new(page.as_str(), hit.anchor.clone()).to_url();
            arrives(&follow(&library, &link), &page, hit.anchor.as_deref());
            places += 1;
        }
    }
    assert!(places > 20, "only {places} results");
}

#[test]
fn a_link_to_what_is_not_there_says_what_is_missing() {
    let library = bundled();
    let cases = [
        (
            "report-viewer://page/no-such-report/1",
            "no_report",
            "no-such-report",
        ),
        (
            "report-viewer://page/no-such-report",
            "no_report",
            "no-such-report",
        ),
        (
            &format!("report-viewer://page/{REPORT}/99") as &str,
            "no_page",
            &format!("{REPORT}/99") as &str,
        ),
        (
            "https://example.com/",
            "invalid",
            "not a report-viewer:// link",
        ),
        (
            "report-viewer://page/a/%FF",
            "invalid",
            "the link has an escape that is not UTF-8 text",
        ),
    ];
    for (link, kind, detail) in cases {
        let destination = follow(&library, link);
        assert_eq!(destination.page, None, "{link}");
        let problem = destination.problem.expect(link);
        assert_eq!((problem.kind, problem.detail.as_str()), (kind, detail));
        assert_eq!(problem.link, link);
        assert!(problem.message().starts_with(link), "{}", problem.message());
    }

    // A place the page does not have: the page, at its top, and the place named.
    let link = format!("report-viewer://page/{REPORT}/2#no-such-heading");
    let destination = follow(&library, &link);
    assert_eq!(destination.page, Some(format!("{REPORT}/2")));
    assert_eq!(destination.anchor, None);
    let problem = destination.problem.unwrap();
    assert_eq!(
        (problem.kind, problem.detail.as_str()),
        ("no_place", "no-such-heading")
    );
}
