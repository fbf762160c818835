//! Folding: the one normalisation applied to indexed text and to queries alike.
//!
//! A reader who types `gke` expects to find `ＧＫＥ`, and one who types `ガ` expects to find the
//! half-width `ｶﾞ`. Folding is Unicode NFKC followed by full case folding
//! (`STRASSE` finds `straße`, `ς` finds `σ`), not only lower-casing. NFKC changes lengths
//! (`㍿` becomes `株式会社`, `ｶﾞ` becomes `ガ`), so offsets must never be computed on the folded
//! string: every folded character remembers the byte range of the original text it came from,
//! which is what lets highlights land on the characters the reader actually sees.

use std::ops::Range;

use icu_casemap::{CaseMapper, CaseMapperBorrowed};
use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
use unicode_normalization::UnicodeNormalization;

/// Unicode's full case folding, from the data compiled into `icu_casemap`.
const CASE: CaseMapperBorrowed<'static> = CaseMapper::new();

/// One character of folded text and the original bytes it stands for.
///
/// Twelve bytes: a large report is folded whole while it is indexed, one of these for every
/// character, so offsets are kept as `u32` (reports are capped far below 4 GiB).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldedChar {
    pub ch: char,
    start: u32,
    end: u32,
}

impl FoldedChar {
    fn new(ch: char, source: Range<usize>) -> Self {
        let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        FoldedChar {
            ch,
            start: offset(source.start),
            end: offset(source.end),
        }
    }

    /// Byte range in the original text. Several folded characters may share one range
    /// (`㍿` folds to four characters), and one folded character may cover several original
    /// ones (`ｶﾞ` folds to one).
    pub fn source(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Folds `text`, keeping for each folded character the original byte range it came from.
pub fn fold_with_offsets(text: &str) -> Vec<FoldedChar> {
    // One folded character for most characters: sized by characters, not bytes, which for
    // Japanese text would reserve three times what is used.
    let mut out = Vec::with_capacity(text.chars().count());
    let mut scratch = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        if let Some(folded) = fold_simple(ch) {
            // Fast path: most characters of a report (ASCII, kana, common kanji) fold to
            // one known character and cannot combine with what follows.
            if !starts_combining(chars.peek().map(|&(_, c)| c)) {
                out.push(FoldedChar::new(folded, start..start + ch.len_utf8()));
                continue;
            }
        }
        // A chunk is a base character plus the following characters whose compatibility
        // decomposition starts with a combining mark (the half-width voiced mark `ﾞ` included),
        // so NFKC can compose them and the result maps back to the whole chunk.
        let mut end = start + ch.len_utf8();
        while let Some(&(next_start, next)) = chars.peek() {
            if !starts_combining(Some(next)) {
                break;
            }
            end = next_start + next.len_utf8();
            chars.next();
        }
        scratch.clear();
        scratch.extend(text[start..end].nfkc());
        for folded in CASE.fold_string(&scratch).chars() {
            out.push(FoldedChar::new(folded, start..end));
        }
    }
    out
}

/// Folds `text` to a plain string, for queries and for comparisons that need no offsets.
pub fn fold(text: &str) -> String {
    fold_with_offsets(text).into_iter().map(|c| c.ch).collect()
}

/// How folding changes a text, for searches that need no offsets kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldChange {
    /// Only ASCII letters are lower-cased, as in nearly every report text: the folded text
    /// is `text.to_ascii_lowercase()`, every character at the same byte offset.
    AsciiCase,
    /// Also full-width ASCII (`：`, `（`) and ideographic spaces become ASCII, as in most
    /// Japanese text: every other character, kana and kanji above all, stays as it is.
    AsciiAndWidth,
    /// Anything else: only [`fold_with_offsets`] says where characters go.
    Other,
}

/// How folding changes `text` (see [`FoldChange`]).
pub fn fold_change(text: &str) -> FoldChange {
    let mut change = FoldChange::AsciiCase;
    for ch in text.chars() {
        if ch.is_ascii() || folds_to_itself(ch) {
            continue;
        }
        if matches!(ch, '\u{3000}' | '\u{ff01}'..='\u{ff5e}') {
            change = FoldChange::AsciiAndWidth;
        } else {
            return FoldChange::Other;
        }
    }
    change
}

/// Common characters other than ASCII that folding leaves as they are and that never
/// combine with a mark after them.
fn folds_to_itself(ch: char) -> bool {
    matches!(ch,
        // Curly quotes and arrows.
        '\u{2018}'..='\u{201d}' | '\u{2190}'..='\u{2199}'
        // Japanese punctuation and brackets (、。「」【】〜), iteration marks (々).
        | '\u{3001}'..='\u{3011}' | '\u{3014}'..='\u{301f}'
        // Hiragana and full-width katakana with `・` and `ー` (the voiced marks U+309B/U+309C
        // fold to spaced forms under NFKC).
        | '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fc}'
        // CJK unified ideographs: no compatibility mapping, no case.
        | '\u{4e00}'..='\u{9fff}')
}

/// The folded form of the characters that fold alone to one known character: nearly every
/// character of a Japanese or English report. Checked against NFKC for every character it
/// answers for, in the tests.
fn fold_simple(ch: char) -> Option<char> {
    match ch {
        'A'..='Z' => Some(ch.to_ascii_lowercase()),
        '\0'..='\u{7f}' => Some(ch),
        // The ideographic space is a space.
        '\u{3000}' => Some(' '),
        // Full-width ASCII (`ＧＫＥ`, `（`, `：`) is ASCII.
        '\u{ff01}'..='\u{ff5e}' => {
            char::from_u32(ch as u32 - 0xfee0).map(|ascii| ascii.to_ascii_lowercase())
        }
        _ if folds_to_itself(ch) => Some(ch),
        _ => None,
    }
}

fn starts_combining(next: Option<char>) -> bool {
    let Some(next) = next else { return false };
    // The characters of the fast path are base characters, and so is the first character
    // of their decompositions (`が` is `か` and a mark): checked first, as this runs on
    // every character of every text folded.
    if fold_simple(next).is_some() {
        return false;
    }
    let mut first = None;
    decompose_compatible(next, |c| {
        if first.is_none() {
            first = Some(c);
        }
    });
    first.is_some_and(|c| canonical_combining_class(c) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source_of<'a>(text: &'a str, folded: &[FoldedChar]) -> Vec<&'a str> {
        folded.iter().map(|c| &text[c.source()]).collect()
    }

    // The fast path must agree with the slow one: for every character it answers for, NFKC
    // and case folding give that one character, and it cannot start a composition.
    #[test]
    fn the_fast_path_folds_as_nfkc_does() {
        let mut checked = 0;
        for ch in (0..0x3_0000).filter_map(char::from_u32) {
            let Some(fast) = fold_simple(ch) else {
                continue;
            };
            let nfkc: String = ch.to_string().nfkc().collect();
            let slow = CASE.fold_string(&nfkc);
            assert_eq!(slow, fast.to_string(), "U+{:04X}", ch as u32);
            let mut first = None;
            decompose_compatible(ch, |c| {
                first.get_or_insert(c);
            });
            assert_eq!(canonical_combining_class(first.unwrap()), 0, "{ch}");
            checked += 1;
        }
        assert!(checked > 20_000, "{checked}");
    }

    #[test]
    fn how_folding_changes_common_text() {
        for text in ["GKEの障害 k8s", "Cloud NATとサービスメッシュ、「運用」→。"]
        {
            assert_eq!(fold_change(text), FoldChange::AsciiCase, "{text}");
            assert_eq!(fold(text), text.to_ascii_lowercase());
        }
        for text in ["ｋ８ｓ（ＧＫＥ）", "全角\u{3000}空白"] {
            assert_eq!(fold_change(text), FoldChange::AsciiAndWidth, "{text}");
        }
        for text in ["ｶﾞ", "か\u{3099}", "Straße", "㍿"] {
            assert_eq!(fold_change(text), FoldChange::Other, "{text}");
        }
        for ch in (0..0x3_0000)
            .filter_map(char::from_u32)
            .filter(|&c| folds_to_itself(c))
        {
            assert_eq!(fold(&ch.to_string()), ch.to_string(), "U+{:04X}", ch as u32);
        }
    }

    #[test]
    fn full_width_latin_folds_to_lower_ascii() {
        assert_eq!(fold("ＧＫＥ と Ｋ８Ｓ"), "gke と k8s");
        assert_eq!(fold("ｋ８ｓ"), "k8s");
        assert_eq!(fold("Kubernetes"), "kubernetes");
    }

    #[test]
    fn half_width_katakana_with_voiced_mark_becomes_one_character() {
        let text = "ｶﾞｲﾄﾞ";
        let folded = fold_with_offsets(text);
        assert_eq!(folded.iter().map(|c| c.ch).collect::<String>(), "ガイド");
        assert_eq!(source_of(text, &folded), vec!["ｶﾞ", "ｲ", "ﾄﾞ"]);
    }

    #[test]
    fn expansion_maps_every_output_character_to_the_whole_source() {
        let text = "a㍿b";
        let folded = fold_with_offsets(text);
        assert_eq!(
            folded.iter().map(|c| c.ch).collect::<String>(),
            "a株式会社b"
        );
        assert_eq!(
            source_of(text, &folded),
            vec!["a", "㍿", "㍿", "㍿", "㍿", "b"]
        );
    }

    #[test]
    fn a_folded_character_is_small() {
        assert_eq!(std::mem::size_of::<FoldedChar>(), 12);
    }

    #[test]
    fn ideographic_space_folds_to_space() {
        assert_eq!(fold("青山　真也"), "青山 真也");
    }

    #[test]
    fn combining_marks_compose_with_their_base() {
        let text = "Cafe\u{301}";
        let folded = fold_with_offsets(text);
        assert_eq!(folded.iter().map(|c| c.ch).collect::<String>(), "café");
        assert_eq!(folded.last().unwrap().source(), 3..6);
    }

    #[test]
    fn fast_path_agrees_with_full_normalisation() {
        let sample = "サイバーエージェントとk8s、GKEとオンプレの採用が多い（半々くらい）ｱｲｳ！？";
        let nfkc: String = sample.nfkc().collect();
        assert_eq!(fold(sample), CASE.fold_string(&nfkc));
    }

    // Full case folding, not lower-casing: characters whose folded form is longer or other
    // than their lower case.
    #[test]
    fn case_is_folded_in_full() {
        for (a, b) in [
            ("STRASSE", "straße"),
            ("STRASSE", "STRAẞE"),
            ("ﬁle", "FILE"),
            ("ΣΊΣΥΦΟΣ", "σίσυφος"),
            ("ᾳ", "αι"),
            ("K", "k"),
        ] {
            assert_eq!(fold(a), fold(b), "{a} {b}");
        }
        // Each folded character still points at the character it came from.
        let folded = fold_with_offsets("Maße");
        let sources: Vec<&str> = folded.iter().map(|c| &"Maße"[c.source()]).collect();
        assert_eq!(sources, ["M", "a", "ß", "ß", "e"]);
    }
}
