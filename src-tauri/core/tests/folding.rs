//! Full Unicode case folding in search: a query finds every spelling that folds alike, and
//! the marks land on the characters as written.

use std::fs;

use report_core::content::Library;
use report_core::search::SearchIndex;

#[test]
fn case_variants_beyond_lower_case_find_each_other() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("notes.md"),
        "---\ntitle: Notes\n---\n\n# Eine Straße\n\n- Sprecher\n\n\
         Die Straße war lang. Das ﬁle lag im Ordner. ΣΊΣΥΦΟΣ rollte.\n",
    )
    .unwrap();
    let library = Library::load(dir.path()).unwrap();
    let index = SearchIndex::build_in_ram(&library).unwrap();
    for (query, marked) in [
        ("STRASSE", "Straße"),
        ("strasse", "Straße"),
        ("STRAẞE", "Straße"),
        ("file", "ﬁle"),
        ("σίσυφος", "ΣΊΣΥΦΟΣ"),
    ] {
        let hits = index.search(query, 10).unwrap();
        assert!(!hits.is_empty(), "{query}");
        assert!(
            hits.iter().any(|hit| hit
                .snippet
                .html()
                .contains(&format!("<mark>{marked}</mark>"))),
            "{query}: {hits:#?}"
        );
    }
}
