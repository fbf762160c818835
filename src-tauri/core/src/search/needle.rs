//! What the reader typed, as needles: the one query language of the search box and the
//! command line.
//!
//! The input is split into needles: space-separated terms, or `"quoted phrases"` kept whole.
//! Each needle is folded (width, case) and split into its runs of words and Japanese, and its
//! pieces (the runs and the runs of symbols between them): [`super::query`] makes the index's
//! query of them, [`super::highlight`] finds them again in the text.

use super::tokenizer::MAX_WORD_CHARS;
use crate::text::{fold, fold_with_offsets, pieces, RunKind};

/// One run of a needle: folded characters of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedleRun {
    pub kind: RunKind,
    pub chars: Vec<char>,
}

/// One thing the reader is looking for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needle {
    /// The folded needle as typed.
    pub text: String,
    /// Its runs of words and Japanese, symbols left out: what the index's phrases match.
    pub runs: Vec<NeedleRun>,
    /// Its runs and its runs of symbols, in order: what a needle with symbols must match.
    pub pieces: Vec<NeedleRun>,
}

impl Needle {
    fn new(text: &str) -> Option<Needle> {
        let folded = fold_with_offsets(text);
        let pieces: Vec<NeedleRun> = pieces(&folded)
            .into_iter()
            .map(|run| NeedleRun {
                kind: run.kind,
                chars: folded[run.chars].iter().map(|c| c.ch).collect(),
            })
            .collect();
        let runs = pieces
            .iter()
            .filter(|piece| piece.kind != RunKind::Symbol)
            .cloned()
            .collect();
        (!pieces.is_empty()).then(|| Needle {
            text: fold(text).trim().to_owned(),
            runs,
            pieces,
        })
    }

    /// Whether the needle has symbols, which its matches must have too.
    pub fn has_symbols(&self) -> bool {
        self.pieces.len() != self.runs.len()
    }

    /// Whether the matches the index finds must be checked against the text: the index
    /// cuts long words, and finds a needle's runs and its symbols apart.
    pub fn needs_checking(&self) -> bool {
        self.is_cut() || self.has_symbols()
    }

    /// Whether a word of this needle is as long as the index keeps whole or longer, so
    /// matches found through the index must be checked against the text: a token of that
    /// length may be the cut start of a longer word.
    pub fn is_cut(&self) -> bool {
        self.runs
            .iter()
            .any(|r| r.kind == RunKind::Word && r.chars.len() >= MAX_WORD_CHARS)
    }
}

/// Characters of input a query reads; the window's search box holds no more.
pub const MAX_INPUT_CHARS: usize = 500;
/// Needles a query keeps. Each costs a query over three fields; a pasted page must not
/// stall the window, and dropping needles beyond this only ever finds more, never less.
pub const MAX_NEEDLES: usize = 16;

/// Splits the reader's input into needles. Quotes (`"…"` or `“…”`) keep a phrase together;
/// an unclosed quote runs to the end. Terms of nothing but spaces and punctuation that
/// separates (`、`, `・`) are dropped.
/// Input past [`MAX_INPUT_CHARS`] and needles past [`MAX_NEEDLES`] are ignored.
pub fn parse(input: &str) -> Vec<Needle> {
    let input: String = input.chars().take(MAX_INPUT_CHARS).collect();
    let mut needles = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut flush = |current: &mut String| {
        needles.extend(Needle::new(current));
        current.clear();
    };
    for ch in input.chars() {
        match ch {
            '"' | '“' | '”' | '＂' => {
                flush(&mut current);
                quoted = !quoted;
            }
            _ if !quoted && (ch.is_whitespace()) => flush(&mut current),
            _ => current.push(ch),
        }
    }
    flush(&mut current);
    needles.truncate(MAX_NEEDLES);
    needles
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<String> {
        parse(input).into_iter().map(|n| n.text).collect()
    }

    #[test]
    fn terms_and_quoted_phrases() {
        assert_eq!(texts("GKE  障害"), ["gke", "障害"]);
        assert_eq!(texts("\"Cloud NAT\" k8s"), ["cloud nat", "k8s"]);
        assert_eq!(texts("ＧＫＥ　ｋ８ｓ"), ["gke", "k8s"]);
        // A term of symbols alone searches for them; separators alone are nothing.
        assert_eq!(
            texts("“open source” - * AND"),
            ["open source", "-", "*", "and"]
        );
        assert_eq!(texts("\"unclosed phrase"), ["unclosed phrase"]);
        assert!(texts("  ・ 、 「」").is_empty());
    }
}
