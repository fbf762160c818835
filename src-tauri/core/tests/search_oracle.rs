//! Recall and precision of search against a brute-force scan of the bundled report.
//!
//! For each query, the sections returned must include every section a Ctrl-F style scan
//! finds (folded text contains each term), and nothing a scan with spaces and punctuation
//! removed from both sides would not find. The scan here is written independently of the
//! index: whole-string NFKC and lower-casing, `str::contains`.

#[path = "../../../tests/support/mod.rs"]
mod support;

use std::collections::BTreeSet;

use report_core::content::Library;
use report_core::search::documents::section_docs;
use report_core::search::SearchIndex;
use unicode_normalization::UnicodeNormalization;

/// A section as the oracle sees it: its searched fields, folded.
struct Section {
    key: String,
    fields: Vec<String>,
}

fn nfkc_lower(text: &str) -> String {
    text.nfkc().flat_map(char::to_lowercase).collect()
}

fn compact(text: &str) -> String {
    nfkc_lower(text)
        .chars()
        .filter(|c| c.is_alphanumeric() && *c != '・')
        .collect()
}

fn key(report: &str, session: Option<&str>, anchor: Option<&str>) -> String {
    format!(
        "{report}|{}|{}",
        session.unwrap_or("-"),
        anchor.unwrap_or("-")
    )
}

struct Oracle {
    sections: Vec<Section>,
    index: SearchIndex,
}

impl Oracle {
    fn new() -> Self {
        let library = Library::load(&support::bundled_content()).unwrap();
        let reports = library.parse_all().unwrap();
        let sections = section_docs(&reports)
            .into_iter()
            .map(|doc| Section {
                key: key(
                    &doc.report.id,
                    doc.session.map(|s| s.id.as_str()),
                    doc.anchor,
                ),
                fields: [
                    // An overview is searched with its report's title.
                    doc.title().unwrap_or_default().to_owned(),
                    doc.heading.unwrap_or_default().to_owned(),
                    doc.body.to_string(),
                ]
                .to_vec(),
            })
            .collect();
        let index = SearchIndex::build_in_ram(&library).unwrap();
        Oracle { sections, index }
    }

    fn found(&self, query: &str) -> BTreeSet<String> {
        self.index
            .search(query, 10_000)
            .unwrap()
            .into_iter()
            .map(|hit| {
                key(
                    &hit.report,
                    hit.session_id.as_deref(),
                    hit.anchor.as_deref(),
                )
            })
            .collect()
    }

    /// Sections where every term is a substring of some field (the least search must find).
    fn at_least(&self, terms: &[&str]) -> BTreeSet<String> {
        self.scan(terms, nfkc_lower)
    }

    /// Sections where every term is a substring with separators removed (the most allowed).
    fn at_most(&self, terms: &[&str]) -> BTreeSet<String> {
        self.scan(terms, compact)
    }

    fn scan(&self, terms: &[&str], norm: fn(&str) -> String) -> BTreeSet<String> {
        let terms: Vec<String> = terms.iter().map(|t| norm(t)).collect();
        self.sections
            .iter()
            .filter(|section| {
                let fields: Vec<String> = section.fields.iter().map(|f| norm(f)).collect();
                terms
                    .iter()
                    .all(|t| fields.iter().any(|f| f.contains(t.as_str())))
            })
            .map(|section| section.key.clone())
            .collect()
    }

    /// Checks one query (terms joined by spaces, each quoted if it has a space).
    fn check(&self, terms: &[&str]) -> Result<usize, String> {
        let query = terms
            .iter()
            .map(|t| {
                if t.contains(' ') {
                    format!("\"{t}\"")
                } else {
                    t.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let found = self.found(&query);
        let least = self.at_least(terms);
        let most = self.at_most(terms);
        let missed: Vec<_> = least.difference(&found).collect();
        let extra: Vec<_> = found.difference(&most).collect();
        if missed.is_empty() && extra.is_empty() {
            Ok(found.len())
        } else {
            Err(format!("{query:?}: missed {missed:?}, extra {extra:?}"))
        }
    }
}

fn check_all(oracle: &Oracle, queries: &[Vec<&str>]) -> usize {
    let failures: Vec<String> = queries
        .iter()
        .filter_map(|terms| oracle.check(terms).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} queries wrong:\n{}",
        failures.len(),
        queries.len(),
        failures.join("\n")
    );
    queries.len()
}

/// The bundled report's Markdown, as the queries are drawn from it.
fn report_source() -> String {
    std::fs::read_to_string(
        support::bundled_content()
            .join("_posts")
            .join(support::BUNDLED_REPORT),
    )
    .unwrap()
}

/// Deterministic pseudo-random numbers (64-bit LCG), so the drawn queries never change.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % bound as u64) as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Script {
    Hiragana,
    Katakana,
    Kanji,
    Mixed,
}

fn script_of(text: &str) -> Script {
    let is = |range: std::ops::RangeInclusive<char>| text.chars().all(|c| range.contains(&c));
    if is('\u{3041}'..='\u{309f}') {
        Script::Hiragana
    } else if is('\u{30a0}'..='\u{30ff}') {
        Script::Katakana
    } else if is('\u{4e00}'..='\u{9fff}') {
        Script::Kanji
    } else {
        Script::Mixed
    }
}

fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}')
}

/// Japanese substrings of the report text, 1–6 characters, at least `per_script` of each
/// script class, drawn deterministically.
fn japanese_samples(per_script: usize) -> Vec<String> {
    let source = report_source();
    let body: Vec<char> = source.splitn(3, "---").nth(2).unwrap().chars().collect();
    let starts: Vec<usize> = (0..body.len()).filter(|&i| is_japanese(body[i])).collect();
    let mut rng = Lcg(0x5eed);
    let mut seen = BTreeSet::new();
    let mut counts = std::collections::BTreeMap::new();
    let mut out = Vec::new();
    for _ in 0..200_000 {
        let start = starts[rng.next(starts.len())];
        let len = 1 + rng.next(6);
        let sample: String = body[start..(start + len).min(body.len())].iter().collect();
        if sample.chars().any(|c| c.is_whitespace() || c == '"') || !seen.insert(sample.clone()) {
            continue;
        }
        let count = counts.entry(script_of(&sample)).or_insert(0);
        if *count >= per_script {
            continue;
        }
        *count += 1;
        out.push(sample);
        if counts.len() == 4 && counts.values().all(|&c| c >= per_script) {
            break;
        }
    }
    assert!(
        counts.values().all(|&c| c >= per_script),
        "not enough samples: {counts:?}"
    );
    out
}

fn latin_words() -> Vec<String> {
    let source = report_source();
    let words: BTreeSet<String> = regex::Regex::new(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*")
        .unwrap()
        .find_iter(&source)
        .map(|m| m.as_str().to_owned())
        .collect();
    words.into_iter().collect()
}

#[test]
fn japanese_substrings_are_found_exactly() {
    let oracle = Oracle::new();
    let samples = japanese_samples(130);
    assert!(samples.len() >= 500, "{}", samples.len());
    let queries: Vec<Vec<&str>> = samples.iter().map(|s| vec![s.as_str()]).collect();
    check_all(&oracle, &queries);
}

#[test]
fn every_latin_word_is_found_exactly() {
    let oracle = Oracle::new();
    let words = latin_words();
    assert!(words.len() > 200, "{}", words.len());
    let queries: Vec<Vec<&str>> = words.iter().map(|w| vec![w.as_str()]).collect();
    check_all(&oracle, &queries);
    // Infixes of words too: every 3-letter slice of every word.
    let slices: BTreeSet<String> = words
        .iter()
        .flat_map(|w| {
            let chars: Vec<char> = w.chars().collect();
            (0..chars.len().saturating_sub(2))
                .map(move |i| chars[i..i + 3].iter().collect::<String>())
        })
        .collect();
    let queries: Vec<Vec<&str>> = slices.iter().map(|w| vec![w.as_str()]).collect();
    check_all(&oracle, &queries);
}

#[test]
fn width_and_case_variants_find_the_same_sections() {
    let oracle = Oracle::new();
    for (variant, plain) in [
        ("ＧＫＥ", "GKE"),
        ("ｋ８ｓ", "k8s"),
        ("Ｋ８Ｓ", "k8s"),
        ("kubernetes", "Kubernetes"),
        ("KUBERNETES", "Kubernetes"),
        ("ｓｔａｃｋｄｒｉｖｅｒ", "Stackdriver"),
        ("ｺﾝﾃﾅ", "コンテナ"),
        ("ｻｰﾋﾞｽ", "サービス"),
        ("ﾃﾞｰﾀ", "データ"),
        ("ｸﾗｽﾀ", "クラスタ"),
        ("ｲﾒｰｼﾞ", "イメージ"),
        ("ＣＩ／ＣＤ", "CI/CD"),
    ] {
        let found = oracle.found(variant);
        assert!(!found.is_empty(), "{variant} finds nothing");
        assert_eq!(found, oracle.found(plain), "{variant} vs {plain}");
        oracle.check(&[variant]).unwrap();
    }
}

#[test]
fn mixed_script_terms() {
    let oracle = Oracle::new();
    let queries: Vec<Vec<&str>> = [
        "k8sの",
        "GKE上",
        "CVE-2019-5736",
        "k8sを採用",
        "GKEと",
        "VMイメージ",
        "Podへ",
        "by k8s",
        "API設計",
        "Istioの監視",
        "3つのポイント",
        "re:dash",
        "Pub/Sub",
        "runcの脆弱性",
        "CI/CD",
        "HTTP2.0",
        "Cloud SQL",
        "2018年1月",
        "k8s/Container",
        "10年超え",
        "S→T→P",
        "(HTTP1.1)",
        "GKEを",
    ]
    .iter()
    .map(|q| vec![*q])
    .collect();
    check_all(&oracle, &queries);
    for must_find in ["k8sの", "GKE上", "CVE-2019-5736", "re:dash"] {
        assert!(!oracle.found(must_find).is_empty(), "{must_find}");
    }
}

/// Every place where a word touches a Japanese character in the report (`k8sの`, `上GKE`),
/// as written and with the word cut to its last or first two letters: the single character
/// must then start or end a Japanese run in the text.
fn word_and_character_terms() -> BTreeSet<String> {
    let source = report_source();
    let japanese = "\\p{Hiragana}\\p{Katakana}\\p{Han}ー";
    let after = regex::Regex::new(&format!("([A-Za-z0-9]+)([{japanese}])")).unwrap();
    let before = regex::Regex::new(&format!("([{japanese}])([A-Za-z0-9]+)")).unwrap();
    let mut terms = BTreeSet::new();
    for found in after.captures_iter(&source) {
        let (word, ch) = (&found[1], &found[2]);
        terms.insert(format!("{word}{ch}"));
        terms.insert(format!("{}{ch}", &word[word.len().saturating_sub(2)..]));
    }
    for found in before.captures_iter(&source) {
        let (ch, word) = (&found[1], &found[2]);
        terms.insert(format!("{ch}{word}"));
        terms.insert(format!("{ch}{}", &word[..word.len().min(2)]));
    }
    terms
}

#[test]
fn a_character_next_to_a_word_starts_or_ends_its_run() {
    let oracle = Oracle::new();
    let terms = word_and_character_terms();
    assert!(terms.len() > 50, "{}", terms.len());
    let queries: Vec<Vec<&str>> = terms.iter().map(|t| vec![t.as_str()]).collect();
    check_all(&oracle, &queries);
}

#[test]
fn several_terms_must_all_match_in_one_section() {
    let oracle = Oracle::new();
    let samples = japanese_samples(40);
    let words = latin_words();
    let mut rng = Lcg(42);
    let mut owned: Vec<Vec<String>> = vec![
        vec!["k8s".into(), "障害".into()],
        vec!["GKE".into(), "Stackdriver".into()],
        vec!["サービス".into(), "メッシュ".into()],
        vec!["Cloud".into(), "NAT".into()],
        vec!["コンテナ".into(), "Docker".into(), "軽量".into()],
    ];
    for _ in 0..120 {
        let a = &samples[rng.next(samples.len())];
        let b = if rng.next(2) == 0 {
            &samples[rng.next(samples.len())]
        } else {
            &words[rng.next(words.len())]
        };
        owned.push(vec![a.clone(), b.clone()]);
    }
    let queries: Vec<Vec<&str>> = owned
        .iter()
        .map(|terms| terms.iter().map(String::as_str).collect())
        .collect();
    check_all(&oracle, &queries);
    assert!(!oracle.found("k8s 障害").is_empty());
    assert!(oracle.found("k8s 存在しない語").is_empty());
}

#[test]
fn quoted_phrases_must_occur_as_written() {
    let oracle = Oracle::new();
    oracle.check(&["Cloud NAT"]).unwrap();
    oracle.check(&["Container Native Load Balancing"]).unwrap();
    // As separate terms both words are found in more sections than the phrase. (`Cloud NAT`
    // no longer shows it: with outline items as sections, its words no longer meet apart.)
    oracle.check(&["\"Cloud Build\""]).unwrap();
    let phrase = oracle.found("\"Cloud Build\"");
    let terms = oracle.found("Cloud Build");
    assert!(!phrase.is_empty());
    assert!(phrase.is_subset(&terms));
    assert!(phrase.len() < terms.len(), "{phrase:?} vs {terms:?}");
}

/// Folded, with everything but letters, digits and the signs the terms below are made of
/// removed: what a term with symbols may at most differ by from the text (spaces and
/// separating punctuation; any further sign removed too only allows more).
fn compact_keeping_symbols(text: &str) -> String {
    nfkc_lower(text)
        .chars()
        .filter(|c| (c.is_alphanumeric() && *c != '・') || c.is_ascii_punctuation() || *c == '→')
        .collect()
}

/// Terms with symbols are found as written, Ctrl-F complete: every section whose text
/// holds the term, and none where its letters are without its symbols.
#[test]
fn terms_with_symbols_are_found_as_written() {
    let oracle = Oracle::new();
    let present = [
        "#gc_k8sday",
        "→",
        "CI/CD",
        "re:dash",
        "@amsy810",
        "#",
        "/",
        ":",
    ];
    let absent = [
        "C++",
        "C#",
        ".NET",
        "Node.js",
        "++",
        "#gc_k8sday#",
        "CI//CD",
        "re::dash",
    ];
    for term in present.iter().chain(&absent) {
        let found = oracle.found(term);
        let least = oracle.at_least(&[term]);
        let most = oracle.scan(&[term], compact_keeping_symbols);
        let missed: Vec<_> = least.difference(&found).collect();
        let extra: Vec<_> = found.difference(&most).collect();
        assert!(
            missed.is_empty() && extra.is_empty(),
            "{term:?}: missed {missed:?}, extra {extra:?}"
        );
        assert_eq!(
            found.is_empty(),
            absent.contains(term),
            "{term:?}: {found:?}"
        );
    }
    // `C#` is not every `c`: the word alone is everywhere.
    assert!(!oracle.found("C").is_empty());

    // The mark covers the symbols too.
    let hits = oracle.index.search("@amsy810", 5).unwrap();
    let snippet = &hits[0].snippet;
    let marked: Vec<&str> = snippet
        .marks
        .iter()
        .map(|m| &snippet.text[m.clone()])
        .collect();
    assert_eq!(marked, ["@amsy810"]);
}
