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
//! is also indexed as its second character (`SUFFIX_MARK` + `b`), and a Japanese run as its
//! first character (`a` + [`START_MARK`]) and its last ([`END_MARK`] + `z`), so a single
//! Japanese character is a choice between two or three exact terms, never an expansion over
//! every bigram it starts: anywhere, it is a one-character run, the second or later
//! character of a run, or the first. Right after a word (`k8sの`) it can only start a run,
//! and right before one (`上GKE`) only end one: the run marks say exactly that, and are far
//! rarer than the character itself.
//!
//! A phrase of bigrams is exact but slow on a large library: every bigram of a common word
//! is common, and tantivy must read their positions in every document holding all of them.
//! So every [`GRAM_CHARS`] characters of a Japanese run are also indexed as one token, at
//! the position of the bigram they start: a needle of that length is a single term, a
//! longer one a phrase of a few such tokens, each far rarer than a bigram.
//!
//! Where a word and a Japanese run meet (`GKEの`, `上GKE`), one joint token holds the word and
//! the neighbouring Japanese character (see [`terms::JOINT_AFTER_WORD`]), so a reader who has typed
//! a word and one character is answered from the term dictionary alone.
//!
//! A run of symbols (`++` in `C++`, `#` in `#gc_k8sday`, `→`) is indexed like a word,
//! behind [`terms::SYMBOL_MARK`]: whole and as its suffixes. Its tokens take no position of their
//! own (they sit at the next run's), so phrases of words and Japanese match across symbols
//! as they always did; a term with symbols asks for its symbol runs besides, and its
//! matches are checked against the text (see [`super::query`]).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::terms;
#[cfg(test)]
use super::terms::{
    END_MARK, JOINT_AFTER_WORD, JOINT_BEFORE_WORD, START_MARK, SUFFIX_MARK, SYMBOL_MARK,
};
use crate::text::{fold_with_offsets, runs, symbol_runs, FoldedChar, Run, RunKind};

/// Longest stretch of a word kept in one token. Longer words (hashes, identifiers) are cut:
/// a suffix token holds at most this many characters, and queries cut their words the same way.
pub const MAX_WORD_CHARS: usize = 40;

/// Characters in the longer grams of Japanese runs (see the module documentation). Four
/// covers the common katakana words (`コンテナ`, `サービス`) and two-kanji pairs.
pub const GRAM_CHARS: usize = 4;

/// The name the tokenizer is registered under in the index.
pub const TOKENIZER_NAME: &str = "report_text";

/// Tokenizer for every searched field. Stateless; see the module documentation.
#[derive(Clone, Default)]
pub struct ReportTokenizer;

impl Tokenizer for ReportTokenizer {
    type TokenStream<'a> = ReportTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReportTokenStream {
        ReportTokenStream::new(text)
    }
}

/// The tokens of one text value, made a few at a time as the indexer asks for them.
///
/// A word of n characters has n suffix tokens and a Japanese character about four tokens of
/// its own: made all at once, a large report would hold some hundred bytes of tokens for
/// every character it has. Made one step (one position of a run) at a time, only the folded
/// text and the handful of tokens of the current step are held.
pub struct ReportTokenStream {
    folded: Vec<FoldedChar>,
    runs: Vec<Run>,
    /// The runs of symbols, and the next one to tokenize.
    symbols: Vec<Run>,
    symbol: usize,
    /// The run being tokenized, and the step within it (see [`ReportTokenStream::fill`]).
    run: usize,
    step: usize,
    position: usize,
    /// Tokens of the current step not yet handed out, in reverse order.
    pending: Vec<Token>,
    current: Token,
}

impl ReportTokenStream {
    fn new(text: &str) -> Self {
        let folded = fold_with_offsets(text);
        let runs = runs(&folded);
        let symbols = symbol_runs(&folded);
        ReportTokenStream {
            folded,
            runs,
            symbols,
            symbol: 0,
            run: 0,
            step: 0,
            position: 0,
            pending: Vec::new(),
            current: Token::default(),
        }
    }

    /// Makes the tokens of the next step, in the order the index has always had them: a
    /// run's first step holds its joint token with the run before it, then a word's whole
    /// (cut) form, a one-character run's unigram, or a longer Japanese run's first bigram
    /// with its marks and gram; each further step holds one suffix of the word, or the
    /// tokens of the next bigram. A run of symbols before the next run (or after the last)
    /// is a step of its own. Returns false when every run is done.
    fn fill(&mut self) -> bool {
        let next_run = self
            .runs
            .get(self.run)
            .map_or(usize::MAX, |run| run.chars.start);
        if self.step == 0 {
            if let Some(symbols) = self
                .symbols
                .get(self.symbol)
                .filter(|symbols| symbols.chars.start < next_run)
            {
                let chars = &self.folded[symbols.chars.clone()];
                let mut out = Vec::with_capacity(chars.len());
                push_symbols(&mut out, chars, self.position);
                self.symbol += 1;
                out.reverse();
                self.pending = out;
                return true;
            }
        }
        let Some(run) = self.runs.get(self.run) else {
            return false;
        };
        let chars = &self.folded[run.chars.clone()];
        let mut out = Vec::with_capacity(5);
        let position = self.position;
        let step = self.step;
        if step == 0 && self.run > 0 {
            let before = &self.runs[self.run - 1];
            push_joint(
                &mut out,
                (before.kind, &self.folded[before.chars.clone()]),
                (run.kind, chars),
                position,
            );
        }
        let steps = match run.kind {
            RunKind::Word => {
                if step == 0 {
                    push(
                        &mut out,
                        &chars[..chars.len().min(MAX_WORD_CHARS)],
                        position,
                        false,
                    );
                } else {
                    let end = chars.len().min(step + MAX_WORD_CHARS);
                    push(&mut out, &chars[step..end], position, true);
                }
                // A word is one position, whatever its length.
                if step + 1 == chars.len() {
                    self.position += 1;
                }
                chars.len()
            }
            RunKind::Japanese if chars.len() == 1 => {
                push(&mut out, chars, position, false);
                self.position += 1;
                1
            }
            // Runs are never symbols: those come from `symbols`.
            RunKind::Symbol => 1,
            RunKind::Japanese => {
                let pair = &chars[step..step + 2];
                push(&mut out, pair, position, false);
                push(&mut out, &pair[1..], position, true);
                if step == 0 {
                    push_mark(&mut out, &pair[0], Mark::Start, position);
                }
                if step == chars.len() - 2 {
                    push_mark(&mut out, &pair[1], Mark::End, position);
                }
                if let Some(gram) = chars.get(step..step + GRAM_CHARS) {
                    push(&mut out, gram, position, false);
                }
                self.position += 1;
                chars.len() - 1
            }
        };
        self.step += 1;
        if self.step == steps {
            self.run += 1;
            self.step = 0;
        }
        out.reverse();
        self.pending = out;
        true
    }
}

impl TokenStream for ReportTokenStream {
    fn advance(&mut self) -> bool {
        loop {
            if let Some(token) = self.pending.pop() {
                self.current = token;
                return true;
            }
            if !self.fill() {
                return false;
            }
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

/// Tokenizes `text` as the index does. Offsets are byte ranges of the original `text`.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut stream = ReportTokenStream::new(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(std::mem::take(&mut stream.current));
    }
    out
}

/// A token of `text` at `position`, covering the original text from `from` to `to`.
fn token(text: String, from: &FoldedChar, to: &FoldedChar, position: usize) -> Token {
    Token {
        offset_from: from.source().start,
        offset_to: to.source().end,
        position,
        text,
        position_length: 1,
    }
}

fn push(out: &mut Vec<Token>, chars: &[FoldedChar], position: usize, suffix: bool) {
    let letters = chars.iter().map(|c| c.ch);
    let text = if suffix {
        terms::suffix(letters)
    } else {
        terms::plain(letters)
    };
    out.push(token(text, &chars[0], &chars[chars.len() - 1], position));
}

/// The tokens of a run of symbols at `position`: whole, then each suffix, each cut to
/// [`MAX_WORD_CHARS`] like a word's.
fn push_symbols(out: &mut Vec<Token>, chars: &[FoldedChar], position: usize) {
    for start in 0..chars.len() {
        let kept = &chars[start..chars.len().min(start + MAX_WORD_CHARS)];
        let text = terms::symbols(kept.iter().map(|c| c.ch), start > 0);
        out.push(token(text, &kept[0], &kept[kept.len() - 1], position));
    }
}

/// The joint token of two neighbouring runs, a word and a Japanese one (see
/// [`JOINT_AFTER_WORD`]), placed at the second run's first position.
fn push_joint(
    out: &mut Vec<Token>,
    before: (RunKind, &[FoldedChar]),
    after: (RunKind, &[FoldedChar]),
    position: usize,
) {
    let (text, from, to) = match (before, after) {
        ((RunKind::Word, word), (RunKind::Japanese, japanese)) => {
            let kept = &word[word.len().saturating_sub(MAX_WORD_CHARS)..];
            let text = terms::joint_after_word(japanese[0].ch, kept.iter().map(|c| c.ch));
            (text, &kept[0], &japanese[0])
        }
        ((RunKind::Japanese, japanese), (RunKind::Word, word)) => {
            let kept = &word[..word.len().min(MAX_WORD_CHARS)];
            let last = &japanese[japanese.len() - 1];
            let text = terms::joint_before_word(last.ch, kept.iter().map(|c| c.ch));
            (text, last, &kept[kept.len() - 1])
        }
        _ => return,
    };
    out.push(token(text, from, to, position));
}

/// Which end of a Japanese run a mark token stands for.
enum Mark {
    Start,
    End,
}

fn push_mark(out: &mut Vec<Token>, ch: &FoldedChar, mark: Mark, position: usize) {
    let text = match mark {
        Mark::Start => terms::run_start(ch.ch),
        Mark::End => terms::run_end(ch.ch),
    };
    out.push(token(text, ch, ch, position));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(text: &str) -> Vec<(usize, String, &str)> {
        tokens(text)
            .into_iter()
            .map(|t| {
                let shown = t
                    .text
                    .replace(SUFFIX_MARK, "~")
                    .replace(START_MARK, "^")
                    .replace(END_MARK, "$")
                    .replace(JOINT_AFTER_WORD, "<")
                    .replace(JOINT_BEFORE_WORD, ">")
                    .replace(SYMBOL_MARK, "!");
                (t.position, shown, &text[t.offset_from..t.offset_to])
            })
            .collect()
    }

    #[test]
    fn japanese_runs_become_bigrams_grams_and_marks() {
        assert_eq!(
            described("サービス"),
            vec![
                (0, "サー".into(), "サー"),
                (0, "~ー".into(), "ー"),
                (0, "サ^".into(), "サ"),
                (0, "サービス".into(), "サービス"),
                (1, "ービ".into(), "ービ"),
                (1, "~ビ".into(), "ビ"),
                (2, "ビス".into(), "ビス"),
                (2, "~ス".into(), "ス"),
                (2, "$ス".into(), "ス"),
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
                (1, "<上ekg".into(), "GKE上"),
                (1, "上".into(), "上"),
                (2, ">上k8s".into(), "上 k8s"),
                (2, "k8s".into(), "k8s"),
                (2, "~8s".into(), "8s"),
                (2, "~s".into(), "s"),
            ]
        );
    }

    // Symbols take no position: the words around them stay next to each other, as the
    // phrases of every term without symbols need.
    #[test]
    fn symbol_runs_are_tokens_at_the_next_position() {
        assert_eq!(
            described("C++ → #k8s"),
            vec![
                (0, "c".into(), "C"),
                (1, "!++".into(), "++"),
                (1, "~!+".into(), "+"),
                (1, "!→".into(), "→"),
                (1, "!#".into(), "#"),
                (1, "k8s".into(), "k8s"),
                (1, "~8s".into(), "8s"),
                (1, "~s".into(), "s"),
            ]
        );
        // After the last run too.
        assert_eq!(described("a!")[1], (1, "!!".into(), "!"));
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
