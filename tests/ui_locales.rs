//! The window's words: every language file has the same keys, and every key the window
//! asks for is in them.

use std::collections::BTreeSet;
use std::path::Path;

fn ui() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/ui"))
}

/// The keys of `ui/locales/<code>.js`: comment lines, then `export default` and a JSON
/// object.
fn keys(code: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(ui().join(format!("locales/{code}.js"))).unwrap();
    let body: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let json = body
        .trim()
        .strip_prefix("export default")
        .expect("the file is `export default {…};`")
        .trim()
        .trim_end_matches(';');
    let table: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(json).expect("the table is JSON");
    for (key, value) in &table {
        assert!(
            value.as_str().is_some_and(|v| !v.is_empty()),
            "{code}: {key} has no words"
        );
    }
    table.keys().cloned().collect()
}

#[test]
fn every_language_has_the_same_keys() {
    let english = keys("en");
    let japanese = keys("ja");
    let missing_in_japanese: Vec<_> = english.difference(&japanese).collect();
    let missing_in_english: Vec<_> = japanese.difference(&english).collect();
    assert!(
        missing_in_japanese.is_empty() && missing_in_english.is_empty(),
        "missing in ja: {missing_in_japanese:?}; missing in en: {missing_in_english:?}"
    );
}

#[test]
fn every_key_the_window_uses_is_in_the_files() {
    let english = keys("en");
    let mut used = BTreeSet::new();
    let direct = regex::Regex::new(r#"\bt\("([a-z_.]+)""#).unwrap();
    let plural = regex::Regex::new(r#"\bplural\("([a-z_.]+)""#).unwrap();
    let marked = regex::Regex::new(r#"data-i18n(?:-[a-z]+)?="([a-z_.]+)""#).unwrap();
    for entry in std::fs::read_dir(ui().join("js")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        used.extend(direct.captures_iter(&text).map(|c| c[1].to_owned()));
        for c in plural.captures_iter(&text) {
            used.insert(format!("{}.one", &c[1]));
            used.insert(format!("{}.other", &c[1]));
        }
    }
    let html = std::fs::read_to_string(ui().join("index.html")).unwrap();
    used.extend(marked.captures_iter(&html).map(|c| c[1].to_owned()));
    // Keys made from a reason the core names.
    for reason in ["not_included", "remote", "refused", "too_large"] {
        used.insert(format!("image.missing.{reason}"));
    }
    for kind in ["invalid", "no_report", "no_page", "no_place"] {
        used.insert(format!("link.problem.{kind}"));
    }
    assert!(used.len() > 40, "{used:?}");
    let unknown: Vec<_> = used.difference(&english).collect();
    assert!(unknown.is_empty(), "used but not in the files: {unknown:?}");
}
