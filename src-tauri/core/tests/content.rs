//! The content model against the bundled report and against hand-made content folders.

#[path = "../../../tests/support/mod.rs"]
mod support;

use report_core::content::{Library, Report};
use report_core::markdown::{plain_text, MissingReason, TextStyle};
use report_core::view;
use support::*;

fn bundled() -> Library {
    let library = Library::load(&bundled_content()).expect("bundled content loads");
    assert!(library.problems.is_empty(), "{:?}", library.problems);
    library
}

/// The bundled report, parsed in full.
fn bundled_report() -> Report {
    let library = bundled();
    library.parse(&library.reports[0]).unwrap()
}

#[test]
fn bundled_report_has_its_five_sessions_in_order() {
    let library = bundled();
    assert_eq!(library.reports.len(), 1);
    let report = &library.reports[0];
    let titles: Vec<&str> = report.sessions.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, BUNDLED_TITLES);
    let ids: Vec<&str> = report.sessions.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids[0], "2019-03-27-google-cloud-kubernetes-day/1");
    assert_eq!(ids[4], "2019-03-27-google-cloud-kubernetes-day/5");
}

#[test]
fn bundled_front_matter() {
    let library = bundled();
    let report = &library.reports[0];
    assert_eq!(report.title, "[参加レポート]Google Cloud Kubernetes Day");
    assert_eq!(report.date.as_deref(), Some("2019-03-27 13:42"));
    assert_eq!(report.categories, ["kubernetes", "google", "gcp"]);
    assert_eq!(report.file, format!("_posts/{BUNDLED_REPORT}"));
}

#[test]
fn bundled_bylines_name_the_speakers_only() {
    let library = bundled();
    let speakers: Vec<Vec<&str>> = library.reports[0]
        .sessions
        .iter()
        .map(|s| s.speakers.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        speakers,
        vec![
            vec!["株式会社サイバーエージェント　青山 真也 氏", "@amsy810"],
            vec!["Google Cloud Japan　田中 宏樹氏、岩成 祐樹氏"],
            vec!["富士フイルム株式会社　小林 大助 氏"],
            vec!["Google Cloud Japan　篠原 一徳氏、村上 大河氏"],
            vec!["株式会社フリークアウト　西口 次郎 氏"],
        ]
    );
    // The talk's own bullets stay in the body.
    let report = bundled_report();
    let first = &report.sessions[0];
    assert!(first.body.markdown.contains("- サイバーエージェントとk8s"));
    assert!(!first.body.markdown.contains("amsy810"));
    let last = &report.sessions[4];
    assert!(last.body.markdown.contains("- RED: Freakout DSP"));
}

#[test]
fn bundled_overview_is_the_text_before_the_first_session() {
    let overview = plain_text(&bundled_report().overview.markdown, TextStyle::Compact);
    assert!(overview.starts_with(
        "2019/03/26(火)、渋谷で行われた Google Cloud Kubernetes Day への参加レポート。"
    ));
    assert!(overview.contains("資料が公開されたらリンクを張ったりアップデートする予定。"));
    assert!(!overview.contains("more"), "{overview}");
    assert!(!overview.contains("導入難易度"), "{overview}");
}

#[test]
fn bundled_first_session_has_the_trail_map_and_the_landscapes_placeholder() {
    let report = bundled_report();
    let images = &report.sessions[0].images;
    let summary: Vec<_> = images
        .iter()
        .map(|i| (i.src.as_str(), i.alt.as_str(), i.available, i.missing))
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "/images/20190327_gc_k8sday/cncf-trail-map.png",
                "CNCF trail map",
                true,
                None
            ),
            (
                "/images/20190327_gc_k8sday/cncf-landscape.png",
                "CNCF landscape",
                false,
                Some(MissingReason::NotIncluded)
            ),
        ]
    );
    assert_eq!(
        images[0].file.as_deref(),
        Some("images/20190327_gc_k8sday/cncf-trail-map.png")
    );
    for session in &report.sessions[1..] {
        assert!(session.images.is_empty(), "{}", session.title);
    }
    // The listing knows the same images without parsing the report.
    let library = bundled();
    let listed = library.images(&library.reports[0], &library.reports[0].sessions[0].images);
    assert_eq!(&listed, images);
}

// Session 1 is a bullet outline: `- Cloud Nativeとは` and its items are a place of their
// own, found, linked and shown by its anchor.
#[test]
fn bundled_outline_items_with_items_are_places() {
    let library = bundled();
    let report = library.parse(&library.reports[0]).unwrap();
    let places: Vec<(String, String)> = report.sessions[0]
        .body
        .outline
        .headings()
        .filter(|h| h.place)
        .map(|h| (h.text.clone(), h.anchor.clone()))
        .collect();
    let cloud_native = ("Cloud Nativeとは".to_owned(), "cloud-nativeとは".to_owned());
    assert!(places.contains(&cloud_native), "{places:?}");
    let section = report.sessions[0]
        .body
        .outline
        .sections
        .iter()
        .find(|s| {
            s.heading
                .as_ref()
                .is_some_and(|h| h.anchor == cloud_native.1)
        })
        .unwrap();
    assert_eq!(
        section.text,
        "疎結合なシステム\n復元力がある\n管理しやすい\n可観測である\n\
         堅牢な自動化により、頻繁かつ期待通りに最小限の労力で大きな変更が可能"
    );
    // The page shows the item with that anchor; the contents list only headings.
    let page = view::page(&library, &report.sessions[0].id, "x:", None).unwrap();
    assert!(
        page.html.contains("<li id=\"cloud-nativeとは\">"),
        "{}",
        page.html
    );
    assert!(page.places.iter().any(|p| p.anchor == cloud_native.1));
    assert!(page.toc.iter().all(|h| !h.place));
}

#[test]
fn bundled_subsections_have_stable_unique_anchors() {
    let report = bundled_report();
    let sessions = &report.sessions;
    let anchors = |n: usize| -> Vec<(u8, String, String)> {
        sessions[n]
            .body
            .outline
            .headings()
            .filter(|h| !h.place)
            .map(|h| (h.level, h.text.clone(), h.anchor.clone()))
            .collect()
    };
    assert_eq!(
        anchors(0),
        vec![
            (2, "Containerization".into(), "containerization".into()),
            (2, "Orchestration".into(), "orchestration".into()),
            (
                2,
                "Cloud Nativeの難しさ".into(),
                "cloud-nativeの難しさ".into()
            ),
            (
                2,
                "マネージドk8sの選定基準".into(),
                "マネージドk8sの選定基準".into()
            ),
        ]
    );
    let last: Vec<String> = anchors(4).into_iter().map(|(_, _, a)| a).collect();
    assert_eq!(
        last,
        [
            "プロダクション環境でのgke運用",
            "gkeでのci-cd",
            "ciのフロー",
            "cdのフロー",
            "gke-新機能の利用"
        ]
    );
    for session in sessions {
        let mut seen = std::collections::HashSet::new();
        for heading in session.body.outline.headings() {
            assert!(seen.insert(&heading.anchor), "duplicate {}", heading.anchor);
        }
    }
    // Parsing again gives the same anchors.
    let again = bundled_report();
    assert_eq!(
        again.sessions[2]
            .body
            .outline
            .headings()
            .map(|h| h.anchor.clone())
            .collect::<Vec<_>>(),
        sessions[2]
            .body
            .outline
            .headings()
            .map(|h| h.anchor.clone())
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_real_image_in_the_content_folder_is_available() {
    let content = TempContent::with_bundled_report();
    content.write_png("images/20190327_gc_k8sday/cncf-trail-map.png", 64, 32);
    let library = Library::load(content.path()).unwrap();
    let entry = &library.reports[0];
    let images = library.images(entry, &entry.sessions[0].images);
    assert!(images[0].available);
    assert_eq!(images[0].missing, None);
    assert!(!images[1].available);
}

#[test]
fn a_broken_report_is_reported_with_file_and_line_and_the_others_still_load() {
    let content = TempContent::with_bundled_report();
    content.write(
        "_posts/2020-01-01-unclosed.md",
        b"---\ntitle: x\n\n# Session\n",
    );
    content.write(
        "_posts/2020-01-02-bad-yaml.md",
        b"---\ntitle: ok\ncategories: [a, b\n---\n# S\n",
    );
    content.write("_posts/2020-01-03-binary.md", b"# ok\nline two\n\xff\xfe\n");
    let library = Library::load(content.path()).unwrap();
    assert_eq!(library.reports.len(), 1);
    assert_eq!(library.reports[0].sessions.len(), 5);
    let problems: Vec<String> = library.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems[0].contains("2020-01-01-unclosed.md:1: "),
        "{}",
        problems[0]
    );
    // The flow sequence opened on line 3 is found unclosed where the front matter ends.
    assert!(
        problems[1].contains("2020-01-02-bad-yaml.md:4: "),
        "{}",
        problems[1]
    );
    assert!(problems[1].contains("YAML"), "{}", problems[1]);
    assert!(
        problems[2].contains("2020-01-03-binary.md:3: not valid UTF-8"),
        "{}",
        problems[2]
    );
}

#[test]
fn a_plain_folder_of_markdown_and_toml_front_matter() {
    let content = tempfile::tempdir().unwrap();
    std::fs::write(
        content.path().join("notes.md"),
        "+++\ntitle = \"Notes\"\ncategories = [\"x\"]\n+++\nIntro\n\n# First talk\n\n- Speaker\n\nBody\n",
    )
    .unwrap();
    let library = Library::load(content.path()).unwrap();
    let report = &library.reports[0];
    assert_eq!(report.id, "notes");
    assert_eq!(report.title, "Notes");
    assert_eq!(report.sessions[0].title, "First talk");
    assert_eq!(report.sessions[0].speakers, ["Speaker"]);
    assert_eq!(report.sessions[0].line, 7);
}

#[test]
fn a_missing_content_folder_is_an_error_naming_it() {
    let error = Library::load(std::path::Path::new("/nonexistent/reports")).unwrap_err();
    assert!(
        error.to_string().contains("/nonexistent/reports"),
        "{error}"
    );
}

#[test]
fn front_matter_errors_name_the_line_they_are_on() {
    let content = TempContent::new();
    content.write("_posts/a.md", b"---\ntitle: ok\nfoo: : :\n---\n# S\n");
    content.write("_posts/b.md", b"+++\ntitle = \"x\"\n\nbad line\n+++\n# S\n");
    let library = Library::load(content.path()).unwrap();
    let problems: Vec<String> = library.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("a.md:3: invalid YAML"),
        "{}",
        problems[0]
    );
    assert!(
        problems[1].contains("b.md:4: invalid TOML"),
        "{}",
        problems[1]
    );
}

#[test]
fn a_top_level_heading_inside_a_list_or_quote_is_not_a_session() {
    let content = TempContent::new();
    content.write(
        "_posts/nested.md",
        "# Talk one\n\n- Speaker\n\n- a list item\n\n  # not a session\n\n> # nor this\n\n# Talk two\n\n- Other\n"
            .as_bytes(),
    );
    let library = Library::load(content.path()).unwrap();
    let titles: Vec<&str> = library.reports[0]
        .sessions
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(titles, ["Talk one", "Talk two"]);
}

#[test]
fn bundled_pages_render_with_anchors_matching_their_contents() {
    let library = bundled();
    let mut pages = vec![view::first_page(&library).unwrap()];
    pages.extend(library.reports[0].sessions.iter().map(|s| s.id.clone()));
    assert_eq!(pages[0], "2019-03-27-google-cloud-kubernetes-day/overview");
    for id in &pages {
        let page = view::page(&library, id, "report-asset://localhost/", None).unwrap();
        for heading in &page.toc {
            let id_attr = format!(" id=\"{}\"", heading.anchor);
            assert_eq!(
                page.html.matches(&id_attr).count(),
                1,
                "{id}: {}",
                heading.anchor
            );
        }
        assert!(!page.html.contains("<script"), "{id}");
        assert!(!page.html.contains("more -->"), "{id}");
    }
    let first = view::page(&library, &pages[1], "report-asset://localhost/", None).unwrap();
    assert_eq!(first.title, support::BUNDLED_TITLES[0]);
    assert!(first
        .byline_html
        .contains(r#"href="https://twitter.com/amsy810""#));
    assert_eq!(first.html.matches(r#"class="image-missing""#).count(), 1);
    assert!(first.html.contains("Image not included in this report"));
    assert!(first.html.contains(
        r#"<img class="report-image" src="report-asset://localhost/images/20190327_gc_k8sday/cncf-trail-map.png""#
    ));
    assert!(first
        .html
        .contains("/images/20190327_gc_k8sday/cncf-landscape.png"));
    assert!(first
        .html
        .contains("<h2 id=\"cloud-nativeの難しさ\">Cloud Nativeの難しさ</h2>"));
    let overview = view::page(&library, &pages[0], "report-asset://localhost/", None).unwrap();
    assert!(
        overview
            .html
            .contains(r#"<a href="https://cloudplatformonline.com/"#),
        "{}",
        overview.html
    );
    // A search match across the linked event name and the text after it is marked.
    let marked = view::page(
        &library,
        &pages[0],
        "report-asset://localhost/",
        Some("Dayへの"),
    )
    .unwrap();
    assert!(
        marked
            .html
            .contains("<mark>Day</mark></a><mark> への</mark>"),
        "{}",
        marked.html
    );
}
