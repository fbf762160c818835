//! Ranking, snippets and query syntax of search.

#[path = "../../../tests/support/mod.rs"]
mod support;

use report_core::content::Library;
use report_core::search::{Hit, SearchIndex};
use support::TempContent;

fn bundled_index() -> SearchIndex {
    SearchIndex::build_in_ram(&Library::load(&support::bundled_content()).unwrap()).unwrap()
}

fn search(index: &SearchIndex, query: &str) -> Vec<Hit> {
    index.search(query, 100).unwrap()
}

#[test]
fn whole_words_rank_above_prefixes() {
    let index = bundled_index();
    let hits = search(&index, "nat");
    // The outline item `- Cloud NAT` (with items of its own) is the place that treats it.
    assert_eq!(
        (hits[0].heading.as_deref(), hits[0].anchor.as_deref()),
        (Some("Cloud NAT"), Some("cloud-nat")),
        "{hits:#?}"
    );
    assert!(
        hits[0]
            .snippet
            .html()
            .contains("マネージド<mark>NAT</mark>サービス"),
        "{}",
        hits[0].snippet.html()
    );
    let native = hits
        .iter()
        .position(|h| h.heading.as_deref() == Some("Cloud Nativeの難しさ"))
        .expect("Cloud Native is found by its prefix");
    assert!(native > 0);
}

#[test]
fn every_whole_word_hit_comes_before_every_partial_one() {
    // A session that says `native` and `alternative` in many sections would, by the
    // session share alone, outrank the one section that says `NAT`.
    let content = TempContent::new();
    let mut talk = String::from("---\ntitle: Day\n---\n\n# Native everything\n\n- A\n\n");
    for n in 0..8 {
        talk.push_str(&format!(
            "## Part {n}\n\nCloud native, native apps, native images, an alternative native stack.\n\n"
        ));
    }
    talk.push_str("# Networking\n\n- B\n\n## Egress\n\nTraffic leaves through a NAT gateway, among many other things that happen in a long paragraph about networks.\n");
    content.write("_posts/2024-02-02-day.md", talk.as_bytes());
    let index = SearchIndex::build_in_ram(&Library::load(content.path()).unwrap()).unwrap();
    let hits = search(&index, "nat");
    // Eight parts and the session itself (its title), and the one section with `NAT`.
    assert_eq!(hits.len(), 10, "{hits:#?}");
    assert_eq!(hits[0].heading.as_deref(), Some("Egress"), "{hits:#?}");
    assert!(hits[0]
        .snippet
        .html()
        .contains("a <mark>NAT</mark> gateway"));
    let scores: Vec<f32> = hits.iter().map(|h| h.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    // And in the bundled report: no section with the word `NAT` after one without.
    let index = bundled_index();
    let hits = search(&index, "nat");
    let whole: Vec<bool> = hits
        .iter()
        .map(|h| {
            h.snippet.html().to_lowercase().contains("<mark>nat</mark>")
                && !h
                    .snippet
                    .html()
                    .to_lowercase()
                    .contains("<mark>nat</mark>i")
        })
        .collect();
    let first_partial = whole.iter().position(|w| !w).unwrap();
    assert!(whole[first_partial..].iter().all(|w| !w), "{hits:#?}");
}

#[test]
fn a_word_and_a_japanese_character_rank_by_the_word_being_whole() {
    // Japanese has no word ends: for `k8sの` what counts is that `k8s` is a whole word, not
    // where the run starting with `の` stops. The section with the whole word must come
    // first, though the other comes first in the report and says `k8s` more often.
    let content = TempContent::new();
    content.write(
        "_posts/2024-03-03-day.md",
        "---\ntitle: Day\n---\n\n# Talk\n\n- A\n\n## Tools\n\nminik8sの導入、minik8sの設定、minik8sの運用。\n\n\
         ## Choosing\n\nマネージドk8sの選定基準。\n"
            .as_bytes(),
    );
    let index = SearchIndex::build_in_ram(&Library::load(content.path()).unwrap()).unwrap();
    let hits = search(&index, "k8sの");
    let headings: Vec<Option<&str>> = hits.iter().map(|h| h.heading.as_deref()).collect();
    assert_eq!(headings, [Some("Choosing"), Some("Tools")], "{hits:#?}");
}

#[test]
fn the_order_of_hits_does_not_depend_on_the_limit() {
    let index = bundled_index();
    for query in ["k8s", "サービス", "gke", "nat", "cloud"] {
        let all = index.search(query, 1000).unwrap();
        for limit in [1, 3, 10] {
            let some = index.search(query, limit).unwrap();
            assert_eq!(some[..], all[..some.len()], "{query} --limit {limit}");
        }
    }
}

#[test]
fn a_report_title_finds_the_overview_only_and_date_and_categories_are_not_searched() {
    let content = TempContent::new();
    content.write(
        "_posts/2024-03-03-zebra.md",
        "---\ntitle: Zebra summit\ndate: 2024-03-03\ncategories: [quokka]\n---\n\nAn overview.\n\n# A talk\n\n- Someone\n\n## Notes\n\nPlain words.\n"
            .as_bytes(),
    );
    let library = Library::load(content.path()).unwrap();
    let index = SearchIndex::build_in_ram(&library).unwrap();
    for query in ["zebra", "summit", "Zebra summit", "ｚｅｂｒａ"] {
        let hits = search(&index, query);
        assert_eq!(hits.len(), 1, "{query}: {hits:#?}");
        assert_eq!(hits[0].session_id, None, "{query}");
        assert_eq!(hits[0].session, None, "{query}");
        assert!(
            hits[0].snippet.html().contains("<mark>"),
            "{query}: {}",
            hits[0].snippet.html()
        );
    }
    // The title's words are not in the other sections: with a word of a session, nothing.
    assert!(search(&index, "zebra plain").is_empty());
    for query in ["quokka", "2024"] {
        assert!(search(&index, query).is_empty(), "{query}");
    }
    let hits = search(&index, "plain");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].report_title, "Zebra summit");
}

#[test]
fn a_report_without_an_overview_is_found_by_its_title_and_opens_at_its_first_page() {
    let content = TempContent::new();
    content.write(
        "_posts/notes.md",
        "# Kestrel meetup\n\n## First talk\n\n- Someone\n\nWords.\n\n## Second talk\n\nMore.\n"
            .as_bytes(),
    );
    let library = Library::load(content.path()).unwrap();
    assert!(!library.reports[0].has_overview);
    let index = SearchIndex::build_in_ram(&library).unwrap();
    let hits = search(&index, "kestrel");
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].report, "notes");
    assert_eq!(hits[0].session_id, None);
    let page = report_core::view::page(&library, "notes/overview", "asset://", None).unwrap();
    assert_eq!(page.id, "notes/1");
    assert_eq!(page.title, "First talk");
}

#[test]
fn a_section_found_by_its_heading_shows_the_heading_marked() {
    let index = bundled_index();
    let hits = search(&index, "Observability");
    assert_eq!(hits[0].heading.as_deref(), Some("Observability"));
    assert!(
        hits.iter().all(|h| h.snippet.html().contains("<mark>")),
        "{hits:#?}"
    );
}

#[test]
fn a_whole_heading_ranks_first() {
    let index = bundled_index();
    let hits = search(&index, "observability");
    assert_eq!(hits[0].heading.as_deref(), Some("Observability"));
    assert_eq!(hits[0].anchor.as_deref(), Some("observability"));
    assert_eq!(hits[0].session.as_deref(), Some(support::BUNDLED_TITLES[1]));
}

#[test]
fn a_session_about_a_term_ranks_above_a_passing_mention() {
    let content = TempContent::new();
    content.write(
        "_posts/2024-01-01-mesh.md",
        concat!(
            "---\ntitle: Mesh day\n---\n\n# Talk about meshes\n\n- Speaker A\n\n",
            "## Overview\n\nIstio is a service mesh. It runs sidecars next to each workload and ",
            "handles traffic, security and telemetry for the whole cluster.\n\n",
            "## Upgrades\n\nWe upgraded Istio twice this year and tuned its proxies for latency ",
            "and memory, then measured the results across every cluster we run.\n\n",
            "## Security\n\nMutual TLS in Istio is on by default for every service in the mesh, ",
            "and policies decide which workloads may talk to each other.\n\n",
            "# Another talk\n\n- Speaker B\n\n## Aside\n\nWe looked at Istio.\n",
        )
        .as_bytes(),
    );
    let library = Library::load(content.path()).unwrap();
    let index = SearchIndex::build_in_ram(&library).unwrap();
    let hits = search(&index, "istio");
    assert_eq!(hits.len(), 4);
    assert_eq!(
        hits[3].session.as_deref(),
        Some("Another talk"),
        "{hits:#?}"
    );
    for hit in &hits[..3] {
        assert_eq!(hit.session.as_deref(), Some("Talk about meshes"));
    }
}

#[test]
fn snippets_mark_exactly_what_was_typed() {
    let index = bundled_index();
    let hits = search(&index, "サービス");
    assert!(hits
        .iter()
        .any(|h| h.snippet.html().contains("マイクロ<mark>サービス</mark>")));
    for hit in &hits {
        for marked in hit.snippet.html().split("<mark>").skip(1) {
            let marked = marked.split("</mark>").next().unwrap();
            assert_eq!(marked, "サービス", "{}", hit.snippet.html());
        }
    }
    let hits = search(&index, "ｋ８ｓ");
    assert!(
        hits[0].snippet.html().contains("<mark>k8s</mark>"),
        "{}",
        hits[0].snippet.html()
    );
}

#[test]
fn snippets_are_escaped_html() {
    let content = TempContent::new();
    content.write(
        "_posts/x.md",
        "# T\n\nUse `<script>alert(1)</script>` & <b>bold</b> tags & k8s.\n".as_bytes(),
    );
    let index = SearchIndex::build_in_ram(&Library::load(content.path()).unwrap()).unwrap();
    let hits = search(&index, "alert");
    assert_eq!(hits.len(), 1);
    let snippet = &hits[0].snippet.html();
    assert!(
        snippet.contains("&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;"),
        "{snippet}"
    );
    assert!(!snippet.contains("<script"), "{snippet}");
    assert!(!snippet.contains("<b>"), "{snippet}");
}

#[test]
fn query_syntax_characters_are_plain_text() {
    let index = bundled_index();
    let hits = search(&index, "re:dash");
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0].snippet.html().contains("<mark>re:dash</mark>"),
        "{}",
        hits[0].snippet.html()
    );
    assert!(search(&index, "*").is_empty());
    assert!(search(&index, "AND")
        .iter()
        .any(|h| h.snippet.html().contains("l<mark>and</mark>scape")));
    assert!(search(&index, "k8s AND 障害").len() <= search(&index, "k8s 障害").len());
    assert!(search(&index, "").is_empty());
    assert!(search(&index, "\"\"").is_empty());
}

#[test]
fn overview_hits_have_no_session() {
    let index = bundled_index();
    let hits = search(&index, "ハッシュタグ");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].session, None);
    assert_eq!(hits[0].session_id, None);
    assert_eq!(hits[0].heading, None);
    assert_eq!(hits[0].report, "2019-03-27-google-cloud-kubernetes-day");
}

#[test]
fn speakers_are_searchable() {
    let index = bundled_index();
    let hits = search(&index, "西口");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].session.as_deref(), Some(support::BUNDLED_TITLES[4]));
    assert_eq!(hits[0].heading, None);
}

#[test]
fn limit_bounds_the_hits() {
    let index = bundled_index();
    let all = index.search("k8s", 1000).unwrap();
    assert!(all.len() > 5);
    let two = index.search("k8s", 2).unwrap();
    assert_eq!(two.len(), 2);
    assert_eq!(two[0], all[0]);
}

// A needle with symbols is matched by the index a piece at a time and checked against the
// text. When more candidates than the first pool are turned down (the word `c` here, `++`
// elsewhere in the section, scoring above the one real `C++`), the hits further down are
// still found.
#[test]
fn checked_needles_find_hits_beyond_the_candidates_turned_down() {
    let content = TempContent::new();
    let mut talk = String::from("---\ntitle: Loops\n---\n\n");
    for n in 0..150 {
        talk.push_str(&format!(
            "# Loop {n}\n\n- A\n\n## Code\n\nc, c and c: i++.\n\n"
        ));
    }
    talk.push_str("# Languages\n\n- B\n\n## Systems\n\nWritten in C++ for speed.\n");
    content.write("_posts/2024-03-03-loops.md", talk.as_bytes());
    let index = SearchIndex::build_in_ram(&Library::load(content.path()).unwrap()).unwrap();
    let hits = index.search("C++", 10).unwrap();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].heading.as_deref(), Some("Systems"));
    assert!(hits[0].snippet.html().contains("in <mark>C++</mark> for"));
}
