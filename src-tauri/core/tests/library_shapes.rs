//! What counts as a report, on fixture folders of each shape: a collection of event notes
//! (one `README.md` per event folder, no front matter), a Jekyll site, and a plain folder of
//! notes at several depths.

use std::path::PathBuf;

use report_core::content::Library;

#[path = "../../../tests/support/mod.rs"]
mod support;

fn fixture(name: &str) -> PathBuf {
    support::repository()
        .join("tests/fixtures/library")
        .join(name)
}

fn load(name: &str) -> Library {
    let library = Library::load(&fixture(name)).unwrap();
    assert!(library.problems.is_empty(), "{:?}", library.problems);
    library
}

/// (id, title, date, session titles) of every report, in the sidebar's order.
fn listed(library: &Library) -> Vec<(&str, &str, Option<&str>, Vec<&str>)> {
    library
        .reports
        .iter()
        .map(|report| {
            (
                report.id.as_str(),
                report.title.as_str(),
                report.date.as_deref(),
                report.sessions.iter().map(|s| s.title.as_str()).collect(),
            )
        })
        .collect()
}

#[test]
fn event_notes_list_one_report_per_event_with_its_talks_as_sessions() {
    let library = load("event-notes");
    assert_eq!(
        listed(&library),
        vec![
            (
                "2019/0327-gc-k8sday",
                "Cloud Conference Day",
                Some("2019-03-27"),
                vec!["Opening keynote", "Running databases on clusters"]
            ),
            (
                "2018/1201-cloud-meetup",
                "Cloud Meetup",
                Some("2018-12-01"),
                vec!["Lightning talks"]
            ),
            ("event-notes", "Event notes", None, vec![]),
        ]
    );
    let entry = library.report("2019/0327-gc-k8sday").unwrap();
    assert_eq!(entry.file, "2019/0327-gc-k8sday/README.md");
    let event = library.parse(entry).unwrap();
    // The title heading is the title, not overview text.
    assert_eq!(
        event.overview.outline.sections[0].text,
        "A day of talks about running containers."
    );
    let keynote = &event.sessions[0];
    assert_eq!(keynote.id, "2019/0327-gc-k8sday/1");
    assert_eq!(keynote.speakers, ["Speaker A (Example Corp)"]);
    assert!(keynote.body.markdown.contains("Containers everywhere"));
    assert!(
        !keynote.images[0].available,
        "hot-linked images are not loaded"
    );
    assert_eq!(keynote.line, 5);
}

#[test]
fn a_jekyll_site_contributes_its_posts_only() {
    let library = load("jekyll");
    assert_eq!(
        listed(&library),
        vec![(
            "2020-02-02-meetup-report",
            "Meetup report",
            Some("2020-02-02 19:00"),
            vec!["First talk", "Second talk"]
        )]
    );
    assert_eq!(library.reports[0].categories, ["meetup"]);
}

#[test]
fn plain_folders_at_any_depth_with_titles_and_dates_from_names() {
    let library = load("plain");
    assert_eq!(
        listed(&library),
        vec![
            (
                "2022/03/04",
                "Spring event",
                Some("2022-03-04"),
                vec!["Talk one", "Talk two"]
            ),
            (
                "notes/2021-07-08-summer-event",
                "Summer event",
                Some("2021-07-08"),
                vec!["Only talk"]
            ),
            ("no-headings", "no-headings", None, vec![]),
            (
                "only-sections",
                "only-sections",
                None,
                vec!["Morning talk", "Afternoon talk"]
            ),
        ]
    );
    let sections = library
        .parse(library.report("only-sections").unwrap())
        .unwrap();
    assert_eq!(
        sections.overview.outline.sections[0].text,
        "Talks of the day, without a title heading."
    );
    assert_eq!(sections.sessions[0].speakers, ["Speaker F"]);
}

#[test]
fn the_bundled_report_keeps_its_id_and_sessions() {
    let library = Library::load(&support::bundled_content()).unwrap();
    assert_eq!(library.reports.len(), 1);
    assert_eq!(
        library.reports[0].id,
        "2019-03-27-google-cloud-kubernetes-day"
    );
    assert_eq!(library.reports[0].sessions.len(), 5);
}
