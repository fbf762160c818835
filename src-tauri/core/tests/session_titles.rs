//! A session's title is indexed once, in its first section, and found with every section
//! of the session: in an index built on several threads (several segments), after updates
//! that add, change and remove reports, and after the merges many updates lead to.

#[path = "../../../tests/support/mod.rs"]
mod support;

use report_core::content::Library;
use report_core::search::SearchIndex;
use support::TempContent;

/// Sections after each session's byline section.
const PARTS: usize = 4;
/// Sessions per report.
const SESSIONS: usize = 3;

/// The word only the title of session `session` of report `report`, at `version`, holds.
fn title_word(report: usize, session: usize, version: usize) -> String {
    format!("title{report}x{session}v{version}")
}

/// A report whose sessions have titles of their own words and sections numbered alike in
/// every session, so a section is found only by its session's title and its own word.
fn report_text(report: usize, version: usize) -> String {
    let mut text = format!(
        "---\ntitle: \"Event {report}\"\ndate: 2019-03-27\n---\nOverview of event {report}.\n"
    );
    for session in 0..SESSIONS {
        let title = title_word(report, session, version);
        text.push_str(&format!("\n# Talk {title}\n\nSpeaker {report}-{session}\n"));
        for part in 0..PARTS {
            text.push_str(&format!("\n## Part {part}\n\nWords partword{part} here.\n"));
        }
    }
    text
}

fn write(content: &TempContent, report: usize, version: usize) {
    content.write(
        &format!("_posts/2019-03-27-event-{report}.md"),
        report_text(report, version).as_bytes(),
    );
}

fn remove(content: &TempContent, report: usize) {
    std::fs::remove_file(
        content
            .path()
            .join(format!("_posts/2019-03-27-event-{report}.md")),
    )
    .unwrap();
}

/// Checks every session of `reports` (each at its version): its title word finds exactly
/// its sections, and with a section's own word, exactly that section.
fn check(index: &SearchIndex, reports: &[(usize, usize)]) {
    for &(report, version) in reports {
        for session in 0..SESSIONS {
            let word = title_word(report, session, version);
            let hits = index.search(&word, 1000).unwrap();
            assert_eq!(hits.len(), PARTS + 1, "{word}: {hits:#?}");
            let mut anchors: Vec<Option<String>> = hits.iter().map(|h| h.anchor.clone()).collect();
            anchors.sort();
            anchors.dedup();
            assert_eq!(anchors.len(), PARTS + 1, "{word}: one hit per section");
            for hit in &hits {
                assert!(
                    hit.session.as_deref().is_some_and(|s| s.contains(&word)),
                    "{word} found a section of {:?}",
                    hit.session
                );
            }
            let part = (report + session) % PARTS;
            let query = format!("{word} partword{part}");
            let hits = index.search(&query, 1000).unwrap();
            assert_eq!(hits.len(), 1, "{query}: {hits:#?}");
            assert_eq!(
                hits[0].heading.as_deref(),
                Some(format!("Part {part}").as_str())
            );
            assert!(hits[0].session.as_deref().unwrap().contains(&word));
        }
    }
}

#[test]
fn a_title_finds_every_section_of_its_session_through_builds_updates_and_merges() {
    let content = TempContent::new();
    let mut reports: Vec<(usize, usize)> = (0..60).map(|report| (report, 0)).collect();
    for &(report, version) in &reports {
        write(&content, report, version);
    }
    let data = tempfile::tempdir().unwrap();
    let library = Library::load(content.path()).unwrap();
    let index = SearchIndex::build_in_dir(data.path(), &library, &|_, _| {}).unwrap();
    check(&index, &reports);

    // Each update writes a segment; past a number of them they are merged.
    let first_new = reports.len();
    for (round, next) in (1..=20).zip(first_new..) {
        let changed = (round * 7) % reports.len();
        reports[changed].1 += 1;
        write(&content, reports[changed].0, reports[changed].1);
        let (gone, _) = reports.remove((changed + 1 + round) % reports.len());
        remove(&content, gone);
        reports.push((next, 0));
        write(&content, next, 0);
        let library = Library::load(content.path()).unwrap();
        let changes = index.update(&library).unwrap().unwrap();
        assert_eq!((changes.updated, changes.removed), (2, 1), "round {round}");
        check(&index, &reports);
    }
    // A title that is gone finds nothing.
    assert!(index.search(&title_word(7, 0, 0), 10).unwrap().is_empty());
}
