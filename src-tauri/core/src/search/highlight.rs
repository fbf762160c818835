//! Locating the reader's needles in original text, for `<mark>` and snippets.
//!
//! tantivy's own snippet generator marks whatever tokens matched, which for bigrams means
//! stray halves of words (`マイクロ<b>サー</b>`). Instead each needle is found again in the
//! folded text with exactly the rule the index applies (its runs against the text's runs,
//! outer runs allowed to be parts of runs) and mapped back through the folding, so a mark
//! covers exactly what the reader typed, and `ｋ８ｓ` in the text is marked whole.
//!
//! A needle with symbols is found by its pieces against the text's pieces (runs and symbol
//! runs, see [`crate::text::pieces`]): `C++` where a word ending in `c` is followed by
//! symbols starting with `++`. This is also the check the index's matches of such a needle
//! go through.

use std::collections::HashMap;
use std::ops::Range;

use super::needle::{Needle, NeedleRun};
use crate::markdown::Highlighter;
use crate::text::html::push_escaped;
use crate::text::{
    fold_change, fold_with_offsets, pieces, runs, FoldChange, FoldedChar, Run, RunKind,
};

/// A match in a text: the needle's number among the query's, and the byte range it covers.
pub type Match = (usize, Range<usize>);

/// Finds the needles of one query in text.
#[derive(Debug, Clone)]
pub struct Matcher {
    needles: Vec<Needle>,
    /// For each needle, the text of each of its runs (of its pieces, if it has symbols).
    run_texts: Vec<Vec<String>>,
    /// Whether every needle is one Japanese run.
    all_japanese: bool,
}

impl Matcher {
    pub fn new(needles: Vec<Needle>) -> Self {
        let run_texts = needles
            .iter()
            .map(|needle| {
                matched(needle)
                    .iter()
                    .map(|run| run.chars.iter().collect())
                    .collect()
            })
            .collect();
        let all_japanese = needles
            .iter()
            .all(|needle| matches!(matched(needle), [run] if run.kind == RunKind::Japanese));
        Matcher {
            needles,
            run_texts,
            all_japanese,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// Byte ranges of every occurrence of every needle in `text`, sorted and merged.
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        let mut found: Vec<Range<usize>> = self.matches(text).into_iter().map(|m| m.1).collect();
        merge(&mut found);
        found
    }

    /// Every occurrence in `text` as (needle number, byte range), unmerged.
    pub fn matches(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let found = match fold_change(text) {
            FoldChange::AsciiCase => self.plain_matches(&text.to_ascii_lowercase()),
            // Only ASCII changes, so Japanese needles are found in the text as it is.
            FoldChange::AsciiAndWidth if self.all_japanese => self.plain_matches(text),
            _ => None,
        };
        found.unwrap_or_else(|| self.matches_through_folding(text))
    }

    /// [`Matcher::matches`] by substring search in `folded`, the text folded with every
    /// needle's characters where they are in the text (see [`FoldChange`]): several times
    /// faster than folding with offsets and splitting into runs, and a snippet is made for
    /// every hit.
    ///
    /// A needle occurs only where each of its runs does, so one with a run missing has no
    /// match; every occurrence of a one-run needle is a match (its characters are all of its
    /// run's kind, so it lies inside one run of the text). `None` when a needle of several
    /// runs has all of them in the text: only the runs can tell where it occurs.
    fn plain_matches(&self, folded: &str) -> Option<Vec<(usize, Range<usize>)>> {
        let mut found = Vec::new();
        for (n, runs) in self.run_texts.iter().enumerate() {
            if !runs.iter().all(|run| folded.contains(run.as_str())) {
                continue;
            }
            let [run] = runs.as_slice() else {
                return None;
            };
            let mut from = 0;
            while let Some(at) = folded[from..].find(run.as_str()).map(|i| from + i) {
                found.push((n, at..at + run.len()));
                // Overlapping occurrences too, as the runs would find them.
                from = at + folded[at..].chars().next().map_or(1, char::len_utf8);
            }
        }
        Some(found)
    }

    fn matches_through_folding(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let folded = fold_with_offsets(text);
        let split = Split::new(&folded);
        self.needles
            .iter()
            .enumerate()
            .flat_map(|(n, needle)| {
                occurrences(matched(needle), split.of(needle))
                    .into_iter()
                    .map(move |range| (n, range))
            })
            .collect()
    }

    /// Whether `found`, the needles of some matches, holds every needle: what the index's
    /// matches of needles it cannot match exactly (cut words, symbols) are checked by.
    pub fn all_among(&self, found: impl IntoIterator<Item = usize>) -> bool {
        let mut seen = vec![false; self.needles.len()];
        for needle in found {
            if let Some(seen) = seen.get_mut(needle) {
                *seen = true;
            }
        }
        seen.into_iter().all(|seen| seen)
    }
}

/// What of `needle` is matched: its runs, or its pieces if it has symbols.
fn matched(needle: &Needle) -> &[NeedleRun] {
    if needle.has_symbols() {
        &needle.pieces
    } else {
        &needle.runs
    }
}

/// Folded text split into its runs, and into its pieces.
struct Split<'a> {
    runs: Vec<&'a [FoldedChar]>,
    pieces: Vec<&'a [FoldedChar]>,
}

impl<'a> Split<'a> {
    fn new(folded: &'a [FoldedChar]) -> Self {
        let slices = |found: Vec<Run>| found.into_iter().map(|r| &folded[r.chars]).collect();
        Split {
            runs: slices(runs(folded)),
            pieces: slices(pieces(folded)),
        }
    }

    /// What `needle` is matched against (see [`matched`]).
    fn of(&self, needle: &Needle) -> &[&'a [FoldedChar]] {
        if needle.has_symbols() {
            &self.pieces
        } else {
            &self.runs
        }
    }
}

impl Highlighter for Matcher {
    fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        Matcher::ranges(self, text)
    }
}

/// Original byte ranges where the needle `runs` match the text runs.
fn occurrences(needle: &[NeedleRun], text: &[&[FoldedChar]]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let n = needle.len();
    if n == 0 || text.len() < n {
        return out;
    }
    for start in 0..=text.len() - n {
        let window = &text[start..start + n];
        if n == 1 {
            // One run: anywhere inside one text run.
            for at in find_all(window[0], &needle[0].chars) {
                out.push(span(window[0], at, at + needle[0].chars.len()));
            }
            continue;
        }
        let first = &needle[0].chars;
        let last = &needle[n - 1].chars;
        let kinds_match = window
            .iter()
            .zip(needle)
            .all(|(run, wanted)| kind_of(run) == Some(wanted.kind));
        if !kinds_match
            || !ends_with(window[0], first)
            || !starts_with(window[n - 1], last)
            || !window[1..n - 1]
                .iter()
                .zip(&needle[1..n - 1])
                .all(|(run, wanted)| equals(run, &wanted.chars))
        {
            continue;
        }
        let from = window[0][window[0].len() - first.len()].source().start;
        let to = window[n - 1][last.len() - 1].source().end;
        out.push(from..to);
    }
    out
}

fn kind_of(run: &[FoldedChar]) -> Option<RunKind> {
    use crate::text::class::{classify, CharClass};
    match classify(run.first()?.ch) {
        CharClass::Word => Some(RunKind::Word),
        CharClass::Japanese => Some(RunKind::Japanese),
        CharClass::Symbol => Some(RunKind::Symbol),
        CharClass::Separator => None,
    }
}

fn find_all(run: &[FoldedChar], wanted: &[char]) -> Vec<usize> {
    if wanted.len() > run.len() {
        return Vec::new();
    }
    (0..=run.len() - wanted.len())
        .filter(|&at| {
            run[at..at + wanted.len()]
                .iter()
                .zip(wanted)
                .all(|(c, w)| c.ch == *w)
        })
        .collect()
}

fn ends_with(run: &[FoldedChar], wanted: &[char]) -> bool {
    run.len() >= wanted.len() && equals(&run[run.len() - wanted.len()..], wanted)
}

fn starts_with(run: &[FoldedChar], wanted: &[char]) -> bool {
    run.len() >= wanted.len() && equals(&run[..wanted.len()], wanted)
}

fn equals(run: &[FoldedChar], wanted: &[char]) -> bool {
    run.len() == wanted.len() && run.iter().zip(wanted).all(|(c, w)| c.ch == *w)
}

fn span(run: &[FoldedChar], from: usize, to: usize) -> Range<usize> {
    run[from].source().start..run[to - 1].source().end
}

fn merge(ranges: &mut Vec<Range<usize>>) {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges.drain(..) {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    *ranges = merged;
}

/// Characters of context shown before the first match of a snippet.
const LEAD_CHARS: usize = 24;

/// Places of each needle tried as the start of a snippet: the first ones in the text. A
/// section that holds a word 100,000 times must not try 100,000 windows.
const SNIPPET_STARTS_PER_NEEDLE: usize = 64;

/// A stretch of a section's text with its matches: plain text and the byte ranges of the
/// matches in it. Each front end marks it up its own way: the window with `<mark>`
/// elements, the terminal with brackets, `search --json` as HTML ([`Snippet::html`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges of `text`, in order, apart.
    pub marks: Vec<Range<usize>>,
}

impl Snippet {
    /// Escaped text with every match wrapped in `<mark>`.
    pub fn html(&self) -> String {
        self.wrapped("<mark>", "</mark>", true)
    }

    /// The text with every match between `open` and `close` (`[`, `]` in a terminal).
    pub fn marked(&self, open: &str, close: &str) -> String {
        self.wrapped(open, close, false)
    }

    fn wrapped(&self, open: &str, close: &str, escape: bool) -> String {
        let push = |out: &mut String, text: &str| {
            if escape {
                push_escaped(out, text)
            } else {
                out.push_str(text)
            }
        };
        let mut out = String::with_capacity(self.text.len() + self.marks.len() * 13);
        let mut at = 0;
        for mark in &self.marks {
            push(&mut out, &self.text[at..mark.start]);
            out.push_str(open);
            push(&mut out, &self.text[mark.clone()]);
            out.push_str(close);
            at = mark.end;
        }
        push(&mut out, &self.text[at..]);
        out
    }
}

/// The window counts string positions in UTF-16 code units, as JavaScript does: the marks
/// are sent that way, as `[start, end]` pairs.
impl serde::Serialize for Snippet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let utf16 = |byte: usize| self.text[..byte].encode_utf16().count();
        let marks: Vec<[usize; 2]> = self
            .marks
            .iter()
            .map(|mark| [utf16(mark.start), utf16(mark.end)])
            .collect();
        let mut out = serializer.serialize_struct("Snippet", 2)?;
        out.serialize_field("text", &self.text)?;
        out.serialize_field("marks", &marks)?;
        out.end()
    }
}

/// A snippet of `text` of about `max_chars` characters, placed where it shows the most
/// different needles (then the most matches), with every match in it marked. Line breaks
/// become spaces.
///
/// Costs time linear in the matches (n log n to sort them), whatever their number: only
/// the first [`SNIPPET_STARTS_PER_NEEDLE`] places of each needle are tried as a start, and
/// each window counts only the matches inside it.
pub fn snippet(text: &str, matches: &[(usize, Range<usize>)], max_chars: usize) -> Snippet {
    let window = |first: usize| {
        let mut start = back_chars(text, first, LEAD_CHARS);
        // Do not open the snippet in the middle of a word.
        if text[..start].ends_with(|c: char| c.is_alphanumeric() && c.is_ascii()) {
            if let Some(boundary) = text[start..first].find(|c: char| !c.is_ascii_alphanumeric()) {
                start += boundary;
            }
        }
        start += text[start..first].len() - text[start..first].trim_start().len();
        let end = text[start..]
            .char_indices()
            .nth(max_chars)
            .map_or(text.len(), |(i, _)| start + i);
        (start, end)
    };
    let mut by_start: Vec<(usize, usize, usize)> =
        matches.iter().map(|(n, r)| (r.start, r.end, *n)).collect();
    by_start.sort_unstable();
    let shown = |(start, end): (usize, usize)| {
        let from = by_start.partition_point(|m| m.0 < start);
        let mut needles: Vec<usize> = by_start[from..]
            .iter()
            .take_while(|m| m.0 < end)
            .filter(|m| m.1 <= end)
            .map(|m| m.2)
            .collect();
        let inside = needles.len();
        needles.sort_unstable();
        needles.dedup();
        (needles.len(), inside)
    };
    let mut tried: HashMap<usize, usize> = HashMap::new();
    let starts = by_start.iter().filter(|(_, _, n)| {
        let count = tried.entry(*n).or_default();
        *count += 1;
        *count <= SNIPPET_STARTS_PER_NEEDLE
    });
    let mut best = window(0);
    let mut best_shown = shown(best);
    for &(first, _, _) in starts {
        let candidate = window(first);
        let candidate_shown = shown(candidate);
        if candidate_shown > best_shown {
            best = candidate;
            best_shown = candidate_shown;
        }
    }
    let (start, end) = best;

    let mut ranges: Vec<Range<usize>> = matches.iter().map(|(_, r)| r.clone()).collect();
    merge(&mut ranges);
    let mut out = Snippet::default();
    if start > 0 {
        out.text.push('…');
    }
    let mut at = start;
    let from = ranges.partition_point(|r| r.end <= start);
    for range in ranges[from..].iter().take_while(|r| r.start < end) {
        let from = range.start.max(at);
        push_text(&mut out.text, &text[at..from]);
        let mark_start = out.text.len();
        push_text(&mut out.text, &text[from..range.end]);
        out.marks.push(mark_start..out.text.len());
        at = range.end;
    }
    if at < end {
        push_text(&mut out.text, &text[at..end]);
    }
    if end < text.len() {
        out.text.push('…');
    }
    out
}

/// Appends `text` with its line breaks as spaces.
fn push_text(out: &mut String, text: &str) {
    let mut pending_space = false;
    for part in text.split('\n') {
        if pending_space {
            out.push(' ');
        }
        out.push_str(part);
        pending_space = true;
    }
}

/// The byte offset `count` characters before `at` (or 0).
fn back_chars(text: &str, at: usize, count: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(count.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::needle::parse;

    fn marked(query: &str, text: &str) -> Vec<String> {
        Matcher::new(parse(query))
            .ranges(text)
            .into_iter()
            .map(|r| text[r].to_owned())
            .collect()
    }

    // The substring search for plain text is a shortcut: on every line of the report it must
    // find exactly what folding with offsets finds.
    #[test]
    fn plain_text_shortcut_finds_what_folding_finds() {
        let report = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../content/_posts/2019-03-27-google-cloud-kubernetes-day.md"),
        )
        .unwrap();
        let mut shortcut = 0;
        for query in [
            "サービス",
            "GKE",
            "k8s",
            "の",
            "ー",
            "ku",
            "e",
            "k8sの",
            "GKE上",
            "CVE-2019-5736",
            "サービス GKE",
            "ース",
            "Cloud NAT",
            "ｋ８ｓ",
            "コンテナ 運用",
            "istio",
            "→",
            "と",
            "する",
            "（",
            "ハンズオン",
        ] {
            let matcher = Matcher::new(parse(query));
            for line in report.lines() {
                if fold_change(line) != FoldChange::Other {
                    shortcut += 1;
                }
                assert_eq!(
                    matcher.matches(line),
                    matcher.matches_through_folding(line),
                    "{query} in {line}"
                );
            }
        }
        assert!(shortcut > 1000, "{shortcut}");
    }

    #[test]
    fn marks_cover_exactly_what_was_typed() {
        assert_eq!(
            marked("サービス", "マイクロサービスとサービスメッシュ"),
            ["サービス", "サービス"]
        );
        assert_eq!(
            marked("driver", "Stackdriver: Stackdriver Kubernetes"),
            ["driver", "driver"]
        );
        assert_eq!(marked("k8s", "ｋ８ｓとK8s"), ["ｋ８ｓ", "K8s"]);
        assert_eq!(marked("ＧＫＥ", "GKE上"), ["GKE"]);
        assert_eq!(marked("GKE上", "GKE上にデプロイ"), ["GKE上"]);
        assert_eq!(marked("GKEを", "GKE を選択"), ["GKE を"]);
        assert_eq!(marked("ｶﾞ", "ガイド"), ["ガ"]);
        assert_eq!(marked("ガイド", "ｶﾞｲﾄﾞ"), ["ｶﾞｲﾄﾞ"]);
        assert_eq!(
            marked("CVE-2019-5736", "runcの脆弱性 CVE-2019-5736の影響"),
            ["CVE-2019-5736"]
        );
    }

    #[test]
    fn inner_runs_must_match_whole_runs() {
        // `gke上` needs `上` to start the Japanese run right after a word ending in `gke`.
        assert!(marked("GKE上", "GKE の上").is_empty());
        assert!(marked("k8sの", "k8s運用の").is_empty());
        assert!(marked("a上b", "xa上bx").len() == 1);
        assert!(marked("a上b", "xa上下bx").is_empty());
    }

    #[test]
    fn snippet_marks_escapes_and_trims() {
        let text = "<intro>\n".to_owned() + &"あ".repeat(40) + "障害時の復旧 & 障害";
        let matches = Matcher::new(parse("障害")).matches(&text);
        let html = snippet(&text, &matches, 40).html();
        assert!(html.starts_with('…'), "{html}");
        assert!(
            html.contains("<mark>障害</mark>時の復旧 &amp; <mark>障害</mark>"),
            "{html}"
        );
        let short = snippet(
            "<b>k8s</b>\nline",
            &Matcher::new(parse("k8s")).matches("<b>k8s</b>\nline"),
            80,
        );
        assert_eq!(short.html(), "&lt;b&gt;<mark>k8s</mark>&lt;/b&gt; line");
        // The plain text and the places of its matches, as the window and terminal get them.
        assert_eq!(short.text, "<b>k8s</b> line");
        assert_eq!(short.marks, vec![Range { start: 3, end: 6 }]);
        assert_eq!(short.marked("[", "]"), "<b>[k8s]</b> line");
        let json = serde_json::to_value(snippet(
            "𠮷野家の障害",
            &Matcher::new(parse("障害")).matches("𠮷野家の障害"),
            80,
        ))
        .unwrap();
        // Offsets in UTF-16 code units: `𠮷` counts two.
        assert_eq!(
            json,
            serde_json::json!({"text": "𠮷野家の障害", "marks": [[5, 7]]})
        );
    }

    // Regression: every match was tried as a window and every window counted every match,
    // so a section holding the word 200,000 times never finished.
    #[test]
    fn snippet_of_a_text_with_very_many_matches() {
        let text = "k8s ".repeat(200_000) + "障害 k8s";
        let matches = Matcher::new(parse("k8s 障害")).matches(&text);
        assert_eq!(matches.len(), 200_002);
        let html = snippet(&text, &matches, 40).html();
        assert!(html.contains("<mark>障害</mark>"), "{html}");
        assert!(html.matches("<mark>").count() <= 40, "{html}");
    }

    #[test]
    fn snippet_shows_the_place_with_the_most_needles() {
        let text = format!("k8s {} k8s と障害", "あ".repeat(200));
        let matches = Matcher::new(parse("k8s 障害")).matches(&text);
        let html = snippet(&text, &matches, 40).html();
        assert!(
            html.contains("<mark>k8s</mark> と<mark>障害</mark>"),
            "{html}"
        );
    }
}
