//! The index's tokenizer: Japanese bigrams and whole words, plus suffix tokens.
//!
//! Japanese is written without spaces, so no word list can promise to find every substring a
//! reader types: morphological segmenters miss `サービス` inside `マネージドサービス`. Instead a
//! Japanese run becomes overlapping bigrams at increasing positions (`サービス` → `サー` `ービ`
//! `ビス`), so that any Japanese query of two or more characters is an exact phrase of bigrams.
//! Word runs (Latin, digits) stay whole words.
//!
//! To find a word by any part of it (`driver` in `Stackdriver`) without scanning the whole
//! term dictionary, each word is also indexed as its suffixes, marked with
//! [`SUFFIX_MARK`] and placed at the word's own position: an infix becomes a prefix of
//! some suffix, which the term dictionary answers with a bounded range walk. A bigram `ab`
//! is also indexed as its second character (`SUFFIX_MARK` + `b`) and its first (`a` +
//! [`START_MARK`]), so a single Japanese character at either end of a query is a choice
//! between two or three exact terms, never an expansion over every bigram it starts.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::text::{fold_with_offsets, runs, FoldedChar, RunKind};

/// Marks a suffix token. A control character: folding never lets one through into a run.
pub const SUFFIX_MARK: char = '\u{1}';

/// Marks the first character of a bigram, indexed on its own (`の` + mark for `の学`).
pub const START_MARK: char = '\u{2}';

/// Longest stretch of a word kept in one token. Longer words (hashes, identifiers) are cut:
/// a suffix token holds at most this many characters, and queries cut their words the same way.
pub const MAX_WORD_CHARS: usize = 40;

/// The name the tokenizer is registered under in the index.
pub const TOKENIZER_NAME: &str = "report_text";

/// Tokenizer for every searched field. Stateless; see the module documentation.
#[derive(Clone, Default)]
pub struct ReportTokenizer;

impl Tokenizer for ReportTokenizer {
    type TokenStream<'a> = ReportTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReportTokenStream {
        ReportTokenStream {
            tokens: tokens(text),
            next: 0,
        }
    }
}

/// Pre-computed tokens of one text value.
pub struct ReportTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for ReportTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Tokenizes `text` as the index does. Offsets are byte ranges of the original `text`.
pub fn tokens(text: &str) -> Vec<Token> {
    let folded = fold_with_offsets(text);
    let mut out = Vec::new();
    let mut position = 0;
    for run in runs(&folded) {
        let chars = &folded[run.chars];
        match run.kind {
            RunKind::Word => {
                let cut = chars.len().min(MAX_WORD_CHARS);
                push(&mut out, &chars[..cut], position, false);
                for start in 1..chars.len() {
                    let end = chars.len().min(start + MAX_WORD_CHARS);
                    push(&mut out, &chars[start..end], position, true);
                }
                position += 1;
            }
            RunKind::Japanese if chars.len() == 1 => {
                push(&mut out, chars, position, false);
                position += 1;
            }
            RunKind::Japanese => {
                for pair in chars.windows(2) {
                    push(&mut out, pair, position, false);
                    push(&mut out, &pair[1..], position, true);
                    push_start(&mut out, &pair[0], position);
                    position += 1;
                }
            }
        }
    }
    out
}

fn push(out: &mut Vec<Token>, chars: &[FoldedChar], position: usize, suffix: bool) {
    let mut text = String::with_capacity(chars.len() * 3 + 1);
    if suffix {
        text.push(SUFFIX_MARK);
    }
    text.extend(chars.iter().map(|c| c.ch));
    out.push(Token {
        offset_from: chars[0].source.start,
        offset_to: chars[chars.len() - 1].source.end,
        position,
        text,
        position_length: 1,
    });
}

fn push_start(out: &mut Vec<Token>, first: &FoldedChar, position: usize) {
    let mut text = String::with_capacity(5);
    text.push(first.ch);
    text.push(START_MARK);
    out.push(Token {
        offset_from: first.source.start,
        offset_to: first.source.end,
        position,
        text,
        position_length: 1,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(text: &str) -> Vec<(usize, String, &str)> {
        tokens(text)
            .into_iter()
            .map(|t| {
                let shown = t.text.replace(SUFFIX_MARK, "~").replace(START_MARK, "^");
                (t.position, shown, &text[t.offset_from..t.offset_to])
            })
            .collect()
    }

    #[test]
    fn japanese_runs_become_bigrams_with_suffix_tokens() {
        assert_eq!(
            described("サービス"),
            vec![
                (0, "サー".into(), "サー"),
                (0, "~ー".into(), "ー"),
                (0, "サ^".into(), "サ"),
                (1, "ービ".into(), "ービ"),
                (1, "~ビ".into(), "ビ"),
                (1, "ー^".into(), "ー"),
                (2, "ビス".into(), "ビス"),
                (2, "~ス".into(), "ス"),
                (2, "ビ^".into(), "ビ"),
            ]
        );
    }

    #[test]
    fn one_character_run_is_a_unigram() {
        assert_eq!(
            described("GKE上 k8s"),
            vec![
                (0, "gke".into(), "GKE"),
                (0, "~ke".into(), "KE"),
                (0, "~e".into(), "E"),
                (1, "上".into(), "上"),
                (2, "k8s".into(), "k8s"),
                (2, "~8s".into(), "8s"),
                (2, "~s".into(), "s"),
            ]
        );
    }

    #[test]
    fn offsets_point_at_the_unfolded_text() {
        let text = "ｋ８ｓのＧＫＥ";
        let described = described(text);
        assert_eq!(described[0], (0, "k8s".into(), "ｋ８ｓ"));
        assert!(described.contains(&(1, "の".into(), "の")));
        assert!(described.contains(&(2, "gke".into(), "ＧＫＥ")));
    }

    #[test]
    fn long_words_are_cut_in_every_token() {
        let word = "a".repeat(MAX_WORD_CHARS + 10);
        let all = tokens(&word);
        assert!(all
            .iter()
            .all(|t| t.text.trim_start_matches(SUFFIX_MARK).chars().count() <= MAX_WORD_CHARS));
        assert_eq!(all.len(), MAX_WORD_CHARS + 10);
    }
}
