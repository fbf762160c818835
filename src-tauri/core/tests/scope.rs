//! A search scoped to one report finds what a search of every report finds in it, in the
//! same order, and nothing elsewhere.

use std::fs;

use report_core::content::Library;
use report_core::search::{Scope, SearchIndex};

fn two_reports() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("_posts");
    fs::create_dir_all(&posts).unwrap();
    for (name, title) in [("2020-01-01-a", "First"), ("2021-01-01-b", "Second")] {
        fs::write(
            posts.join(format!("{name}.md")),
            format!(
                "---\ntitle: {title}\n---\n\n{title} overview: コンテナ運用.\n\n\
                 # {title} talk\n\n- Speaker\n\n## コンテナ\n\nコンテナの話とGKE.\n\n\
                 ## 運用\n\n運用とコンテナ.\n"
            ),
        )
        .unwrap();
    }
    let library = Library::load(dir.path()).unwrap();
    (dir, library)
}

type Place = (String, Option<String>, Option<String>);

fn places(hits: Vec<report_core::search::Hit>) -> Vec<Place> {
    hits.into_iter()
        .map(|hit| (hit.report, hit.session_id, hit.anchor))
        .collect()
}

#[test]
fn a_scoped_search_is_the_whole_search_within_the_report() {
    let (_dir, library) = two_reports();
    let index = SearchIndex::build_in_ram(&library).unwrap();
    for query in ["コンテナ", "運用", "GKE", "talk", "ｇｋｅ"] {
        let all = places(index.search(query, 50).unwrap());
        assert!(
            all.iter().any(|p| p.0 == "2020-01-01-a") && all.iter().any(|p| p.0 == "2021-01-01-b"),
            "{query}: {all:?}"
        );
        for report in ["2020-01-01-a", "2021-01-01-b"] {
            let scoped = places(
                index
                    .search_in(query, 50, &Scope::Report(report.into()))
                    .unwrap(),
            );
            let expected: Vec<Place> = all.iter().filter(|p| p.0 == report).cloned().collect();
            assert_eq!(scoped, expected, "{query} in {report}");
        }
    }
    let nowhere = index
        .search_in("コンテナ", 50, &Scope::Report("no-such-report".into()))
        .unwrap();
    assert!(nowhere.is_empty());
}
