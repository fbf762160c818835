//! Splitting folded text into runs: maximal stretches of word or Japanese characters.
//!
//! Runs are the unit both the index and the query builder reason about: a query term
//! such as `GKE上` is the runs `gke` (word) and `上` (Japanese), and it can only match where
//! a word run ending in `gke` is directly followed by a Japanese run starting with `上`.
//!
//! Symbols (`+`, `#`, `→`) separate runs as spaces do. A term that has symbols is matched
//! by its pieces ([`pieces`]): its runs and its symbol runs in order, so `C++` occurs only
//! where a word ending in `c` is followed by symbols starting with `++`.

use std::ops::Range;

use super::class::{classify, CharClass};
use super::fold::FoldedChar;

/// The kind of characters a run is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    Word,
    Japanese,
    /// Only from [`pieces`]: never a run of [`runs`].
    Symbol,
}

/// A run, as a range of indices into the folded characters it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub kind: RunKind,
    pub chars: Range<usize>,
}

/// Finds the runs of `folded`, in order. Separators and symbols end a run and are dropped.
pub fn runs(folded: &[FoldedChar]) -> Vec<Run> {
    split(folded, false)
}

/// Finds the pieces of `folded`, in order: its runs and its symbol runs (maximal stretches
/// of symbols). Separators end a piece and are dropped.
pub fn pieces(folded: &[FoldedChar]) -> Vec<Run> {
    split(folded, true)
}

/// The symbol runs of `folded` alone, in order.
pub fn symbol_runs(folded: &[FoldedChar]) -> Vec<Run> {
    let mut out = pieces(folded);
    out.retain(|piece| piece.kind == RunKind::Symbol);
    out
}

fn split(folded: &[FoldedChar], with_symbols: bool) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for (index, c) in folded.iter().enumerate() {
        let kind = match classify(c.ch) {
            CharClass::Word => RunKind::Word,
            CharClass::Japanese => RunKind::Japanese,
            CharClass::Symbol if with_symbols => RunKind::Symbol,
            CharClass::Symbol | CharClass::Separator => continue,
        };
        match out.last_mut() {
            Some(run) if run.kind == kind && run.chars.end == index => run.chars.end = index + 1,
            _ => out.push(Run {
                kind,
                chars: index..index + 1,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold::fold_with_offsets;

    /// The runs (or, with `split` = [`pieces`], the pieces) of `text`, with their text.
    fn described_by(split: fn(&[FoldedChar]) -> Vec<Run>, text: &str) -> Vec<(RunKind, String)> {
        let folded = fold_with_offsets(text);
        split(&folded)
            .into_iter()
            .map(|run| {
                let s = folded[run.chars].iter().map(|c| c.ch).collect();
                (run.kind, s)
            })
            .collect()
    }

    fn described(text: &str) -> Vec<(RunKind, String)> {
        described_by(runs, text)
    }

    #[test]
    fn mixed_script_text_splits_at_script_changes_and_separators() {
        use RunKind::*;
        assert_eq!(
            described("GKE上でk8s・認証、CVE-2019-5736"),
            vec![
                (Word, "gke".into()),
                (Japanese, "上で".into()),
                (Word, "k8s".into()),
                (Japanese, "認証".into()),
                (Word, "cve".into()),
                (Word, "2019".into()),
                (Word, "5736".into()),
            ]
        );
    }

    #[test]
    fn pieces_keep_symbols_between_runs() {
        use RunKind::*;
        assert_eq!(
            described_by(pieces, "C++と#gc_k8sday、A → B"),
            vec![
                (Word, "c".into()),
                (Symbol, "++".into()),
                (Japanese, "と".into()),
                (Symbol, "#".into()),
                (Word, "gc".into()),
                (Symbol, "_".into()),
                (Word, "k8sday".into()),
                (Word, "a".into()),
                (Symbol, "→".into()),
                (Word, "b".into()),
            ]
        );
    }
}
