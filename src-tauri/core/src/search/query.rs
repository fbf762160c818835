//! From needles (see [`super::needle`]) to a tantivy query.
//!
//! Every needle must match in the same section (AND). A needle matches where its folded text
//! occurs, as Ctrl-F would find it, with only spaces and punctuation allowed to differ.
//!
//! A needle is a sequence of runs (see [`crate::text::runs`]); it becomes a phrase over the
//! index's positions. Inner runs must match whole tokens; the outer runs may be parts of
//! tokens: the first run may be the end of a word (or the last character of a bigram), the
//! last run the start of one. A partial position is a literal, optionally after the suffix
//! mark, optionally followed by anything: a single one is searched with an [`Affix`]
//! automaton, in a phrase as a regular expression; either way tantivy walks only the part of
//! the term dictionary that starts with the literal instead of scanning it.
//!
//! A Japanese run of the needle is spelled with the fewest index tokens that cover it
//! (four-character grams, bigrams for shorter runs), and a needle of a word and one Japanese
//! character with the joint tokens: see [`super::tokenizer`] for why.
//!
//! A needle with symbols (`C++`, `#gc_k8sday`, `→`) must also have its symbol runs in the
//! section (each a term of its own, as [`super::tokenizer`] indexes them), and its matches
//! are checked against the text, pieces in order: `C++` is found as written, not as every
//! `c`. A needle of symbols alone searches for those symbols.
//!
//! Queries are built from tantivy's query types, never from its query-language parser: a
//! reader's `:`, `*` or `AND` are text.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    RegexPhraseQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Score, Term};
use tantivy_fst::Regex;

use super::affix::{Affix, AffixQuery};
use super::any::AnyQuery;
use super::bounded::{BoundedQuery, PhraseBoundQuery};
use super::documents::whole_text_key;
use super::needle::{Needle, NeedleRun};
use super::ranking::{PARTIAL_SCORE, PREFIX_SCORE, WHOLE_TITLE_SCORE, WHOLE_WEIGHT};
use super::schema::{Fields, Searched};
use super::spread::SpreadQuery;
use super::terms::{self, SUFFIX_MARK};
use super::tokenizer::{GRAM_CHARS, MAX_WORD_CHARS};
use super::word::{self, WordQuery};
use crate::text::RunKind;

/// Upper bound on dictionary terms one partial position may expand to. High: a miss would
/// break the promise that every occurrence is found.
const MAX_EXPANSIONS: u32 = 1 << 20;

/// How strictly the outer runs of a needle must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Every run matches whole tokens.
    Whole,
    /// The needle starts a token but may end inside one (`nat` in `native`).
    Prefix,
    /// The needle may start and end inside tokens (`driver` in `stackdriver`).
    Partial,
}

/// What one phrase position must match.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pattern {
    Exact(String),
    /// Any of a few exact terms.
    AnyOf(Vec<String>),
    /// `text`, possibly as the end of a token (`after_mark`: a suffix token) and/or the
    /// start of one (`open_end`).
    Partial {
        text: String,
        after_mark: bool,
        open_end: bool,
    },
}

impl Pattern {
    /// The position as a regular expression over terms.
    fn regex(&self) -> String {
        match self {
            Pattern::Exact(text) => escape_regex(text),
            Pattern::AnyOf(terms) => format!(
                "(?:{})",
                terms
                    .iter()
                    .map(|t| escape_regex(t))
                    .collect::<Vec<_>>()
                    .join("|")
            ),
            Pattern::Partial {
                text,
                after_mark,
                open_end,
            } => format!(
                "{}{}{}",
                if *after_mark {
                    format!("\\x{:02x}?", SUFFIX_MARK as u32)
                } else {
                    String::new()
                },
                escape_regex(text),
                if *open_end { ".*" } else { "" }
            ),
        }
    }
}

/// A pattern at a position of a phrase, counted in index positions from the needle's first.
type Placed = (usize, Pattern);

fn patterns(needle: &Needle, mode: Mode) -> Vec<Placed> {
    if let Some(joint) = joint(needle) {
        match mode {
            Mode::Partial => {
                return vec![(
                    0,
                    Pattern::Partial {
                        text: joint,
                        after_mark: false,
                        open_end: true,
                    },
                )]
            }
            // The word whole, next to a run that starts or ends with the character: Japanese
            // has no word ends, so where that run stops says nothing.
            Mode::Whole => return vec![(0, Pattern::Exact(joint))],
            Mode::Prefix => {}
        }
    }
    let last = needle.runs.len() - 1;
    let mut out = Vec::new();
    let mut position = 0;
    for (i, run) in needle.runs.iter().enumerate() {
        let open_start = mode == Mode::Partial && i == 0;
        let open_end = mode != Mode::Whole && i == last;
        let chars = &run.chars;
        match run.kind {
            RunKind::Japanese if chars.len() >= 2 => {
                // Either end may fall inside a longer run of the text: a gram or bigram is
                // indexed at every position of a run, so the same terms match there.
                for (start, width) in japanese_grams(chars.len()) {
                    let gram = chars[start..start + width].iter().collect();
                    out.push((position + start, Pattern::Exact(gram)));
                }
                position += chars.len() - 1;
            }
            RunKind::Japanese => {
                out.push((position, japanese_character(chars[0], open_start, open_end)));
                position += 1;
            }
            RunKind::Word => {
                let cut = chars.len() > MAX_WORD_CHARS;
                let text: String = chars.iter().take(MAX_WORD_CHARS).collect();
                out.push((position, word(&text, open_start, open_end || cut)));
                position += 1;
            }
            // Not among a needle's runs: its symbols are asked for apart, and take no
            // position in the index.
            RunKind::Symbol => {}
        }
    }
    out
}

/// For a needle of a word and one Japanese character (`k8sの`, `上GKE`), its joint token
/// (see [`JOINT_AFTER_WORD`]) with the word whole. The word may also be part of a longer one,
/// at the open end of that token. `None` for other needles, and for words the index cuts.
fn joint(needle: &Needle) -> Option<String> {
    let [first, second] = needle.runs.as_slice() else {
        return None;
    };
    let (word, japanese, word_first) = match (first.kind, second.kind) {
        (RunKind::Word, RunKind::Japanese) => (first, second, true),
        (RunKind::Japanese, RunKind::Word) => (second, first, false),
        _ => return None,
    };
    if japanese.chars.len() != 1 || word.chars.len() >= MAX_WORD_CHARS {
        return None;
    }
    let letters = word.chars.iter().copied();
    Some(if word_first {
        terms::joint_after_word(japanese.chars[0], letters)
    } else {
        terms::joint_before_word(japanese.chars[0], letters)
    })
}

/// The tokens (start, width in characters) that together spell a Japanese run of `len`
/// characters: the fewest [`GRAM_CHARS`]-grams covering it, the last one overlapping the
/// one before if need be, or bigrams for a run too short for a gram. The index holds both
/// at the position of their first character, so either phrase matches exactly where the
/// run occurs.
fn japanese_grams(len: usize) -> Vec<(usize, usize)> {
    if len < GRAM_CHARS {
        return (0..len - 1).map(|start| (start, 2)).collect();
    }
    let mut grams: Vec<(usize, usize)> = (0..=len - GRAM_CHARS)
        .step_by(GRAM_CHARS)
        .map(|start| (start, GRAM_CHARS))
        .collect();
    if grams
        .last()
        .is_some_and(|&(start, _)| start + GRAM_CHARS < len)
    {
        grams.push((len - GRAM_CHARS, GRAM_CHARS));
    }
    grams
}

/// A position matching the word `text` whole, or as the end (`open_start`) and/or the start
/// (`open_end`) of a word.
fn word(text: &str, open_start: bool, open_end: bool) -> Pattern {
    match (open_start, open_end) {
        (false, false) => Pattern::Exact(text.to_owned()),
        // The word itself, or one of its suffix tokens.
        (true, false) => Pattern::AnyOf(vec![text.to_owned(), terms::suffix(text.chars())]),
        _ => Pattern::Partial {
            text: text.to_owned(),
            after_mark: open_start,
            open_end,
        },
    }
}

/// A position matching the Japanese character `ch`: a run of that one character, or (if
/// `open_end`) the first character of a longer run, or (if `open_start`) its last. When
/// both are open the needle is that one character, which may be anywhere in a run: the
/// first character, or the second of some bigram.
///
/// With one end open, the character is next to a word run of the needle (`k8sの`, `上GKE`),
/// so in the text it can only start or end its run: the run marks, far rarer than the
/// character, say so.
fn japanese_character(ch: char, open_start: bool, open_end: bool) -> Pattern {
    let mut spellings = vec![ch.to_string()];
    if open_end {
        spellings.push(terms::run_start(ch));
    }
    match (open_start, open_end) {
        (true, true) => spellings.push(terms::suffix([ch])),
        (true, false) => spellings.push(terms::run_end(ch)),
        _ => {}
    }
    if spellings.len() == 1 {
        Pattern::Exact(ch.to_string())
    } else {
        Pattern::AnyOf(spellings)
    }
}

fn escape_regex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_control() {
            out.push_str(&format!("\\x{:02x}", ch as u32));
            continue;
        }
        if "\\.+*?()|[]{}^$".contains(ch) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// How a phrase of exact terms is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phrases {
    /// Where it occurs, by its terms' positions.
    Checked,
    /// Wherever all its terms are, scored with an upper bound of its score (see
    /// [`super::bounded`]).
    Bounded,
}

impl Phrases {
    fn query(self, terms: Vec<(usize, Term)>) -> Box<dyn Query> {
        match self {
            Phrases::Checked => Box::new(PhraseQuery::new_with_offset(terms)),
            Phrases::Bounded => Box::new(PhraseBoundQuery::new(terms)),
        }
    }
}

fn phrase_query(field: Field, patterns: &[Placed], phrases: Phrases) -> Box<dyn Query> {
    let term = |text: &str| Term::from_field_text(field, text);
    let all_exact = patterns.iter().all(|(_, p)| matches!(p, Pattern::Exact(_)));
    match (patterns, all_exact) {
        ([(_, Pattern::Exact(text))], _) => Box::new(TermQuery::new(
            term(text),
            IndexRecordOption::WithFreqsAndPositions,
        )),
        ([(_, Pattern::AnyOf(terms))], _) => Box::new(BooleanQuery::new(
            terms
                .iter()
                .map(|text| {
                    let query: Box<dyn Query> =
                        Box::new(TermQuery::new(term(text), IndexRecordOption::WithFreqs));
                    (Occur::Should, query)
                })
                .collect(),
        )),
        (
            [(
                _,
                Pattern::Partial {
                    text,
                    after_mark,
                    open_end,
                },
            )],
            _,
        ) => Box::new(AffixQuery::new(
            field,
            Affix::new(text, *after_mark, *open_end),
        )),
        (_, true) => phrases.query(
            patterns
                .iter()
                .filter_map(|(offset, p)| match p {
                    Pattern::Exact(text) => Some((*offset, term(text))),
                    _ => None,
                })
                .collect(),
        ),
        (_, false) if alternatives(patterns) <= MAX_ALTERNATIVE_PHRASES => {
            // A few exact phrases, one per choice at each position: each is driven by its
            // rarest term, where a regex phrase would first merge the postings of every
            // term of every position (`の` or `の` starting a run, for `k8sの`).
            let mut spelled: Vec<Vec<(usize, Term)>> = vec![Vec::new()];
            for (offset, pattern) in patterns {
                let choices: Vec<&String> = match pattern {
                    Pattern::Exact(text) => vec![text],
                    Pattern::AnyOf(terms) => terms.iter().collect(),
                    Pattern::Partial { .. } => unreachable!("counted as no alternatives"),
                };
                spelled = spelled
                    .into_iter()
                    .flat_map(|phrase| {
                        choices.iter().map(move |choice| {
                            let mut longer = phrase.clone();
                            longer.push((*offset, term(choice)));
                            longer
                        })
                    })
                    .collect();
            }
            Box::new(BooleanQuery::new(
                spelled
                    .into_iter()
                    .map(|terms| (Occur::Should, phrases.query(terms)))
                    .collect(),
            ))
        }
        (_, false) => {
            let mut terms = Vec::with_capacity(patterns.len());
            for (offset, pattern) in patterns {
                let source = pattern.regex();
                match compiled(&source) {
                    Some(regex) => terms.push((*offset, source, regex)),
                    None => return Box::new(EmptyQuery),
                }
            }
            let mut query = RegexPhraseQuery::from_regexes(field, terms, 0);
            query.set_max_expansions(MAX_EXPANSIONS);
            Box::new(query)
        }
    }
}

/// [`phrase_query`] in a searched field; in the title field, matching every section the
/// matching title stands for (see [`super::spread`]).
fn phrase_in(
    searched: Searched,
    fields: &Fields,
    patterns: &[Placed],
    phrases: Phrases,
) -> Box<dyn Query> {
    in_field(
        searched,
        fields,
        phrase_query(searched.field, patterns, phrases),
    )
}

/// `query`, over a searched field, as a query over sections: in the title field, matching
/// every section the matching title stands for (see [`super::spread`]).
fn in_field(searched: Searched, fields: &Fields, query: Box<dyn Query>) -> Box<dyn Query> {
    if searched.spreads {
        Box::new(SpreadQuery::new(query, fields))
    } else {
        query
    }
}

/// A phrase in a searched field whose every match scores `score`.
///
/// Bounded, it is the sections holding a term of each of its positions, in any place (see
/// [`anywhere`]): a constant score needs no count of occurrences, so positions are read
/// only where the exact query is asked. An open position (`5736` starting a longer word)
/// has no BM25 weight to bound, which is why only a constant score is bounded this way.
fn const_phrase_in(
    searched: Searched,
    fields: &Fields,
    patterns: &[Placed],
    phrases: Phrases,
    score: Score,
) -> Box<dyn Query> {
    let query = match phrases {
        Phrases::Checked => phrase_in(searched, fields, patterns, phrases),
        Phrases::Bounded => in_field(searched, fields, anywhere(searched.field, patterns)),
    };
    Box::new(ConstScoreQuery::new(query, score))
}

/// The documents with a term of each of `patterns`' positions, wherever they are: each
/// position searched alone, as [`phrase_query`] searches a phrase of one position.
fn anywhere(field: Field, patterns: &[Placed]) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        patterns
            .iter()
            .map(|(_, pattern)| {
                let alone = [(0, pattern.clone())];
                (Occur::Must, phrase_query(field, &alone, Phrases::Checked))
            })
            .collect(),
    ))
}

/// Most exact phrases a phrase with alternatives is spelled out into (see [`phrase_query`]).
const MAX_ALTERNATIVE_PHRASES: usize = 16;

/// How many exact phrases `patterns` stand for; [`usize::MAX`] when a position is open
/// (matches any term with a given start or end), which only a regex phrase can search.
fn alternatives(patterns: &[Placed]) -> usize {
    patterns
        .iter()
        .try_fold(1usize, |count, (_, pattern)| match pattern {
            Pattern::Exact(_) => Some(count),
            Pattern::AnyOf(terms) => count.checked_mul(terms.len()),
            Pattern::Partial { .. } => None,
        })
        .unwrap_or(usize::MAX)
}

/// Compiled regular expressions, kept across queries: compiling one costs hundreds of
/// microseconds, and the same needle is searched in three fields and often again.
fn compiled(source: &str) -> Option<Arc<Regex>> {
    const CAPACITY: usize = 512;
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(regex) = cache.lock().ok()?.get(source) {
        return Some(Arc::clone(regex));
    }
    let regex = match Regex::new(source) {
        Ok(regex) => Arc::new(regex),
        Err(error) => {
            log::error!("cannot compile the term pattern {source:?}: {error}");
            return None;
        }
    };
    let mut cache = cache.lock().ok()?;
    if cache.len() >= CAPACITY {
        cache.clear();
    }
    cache.insert(source.to_owned(), Arc::clone(&regex));
    Some(regex)
}

/// The query for one needle: it must match in some searched field (the recall part), and
/// whole, prefix and whole-title matches add to its score (the ranking part). A needle of
/// one word or one Japanese token gets the same scores as [`composed_query`] gives it from
/// a [`WordQuery`], in one pass.
///
/// `walked`: the needle is the whole query, and walked, not asked about one section at a
/// time.
fn needle_query(
    needle: &Needle,
    fields: &Fields,
    walked: bool,
    phrases: Phrases,
) -> Box<dyn Query> {
    let visit = if walked && !needle.has_symbols() {
        Visit::Walked
    } else {
        Visit::Seeked
    };
    let runs_query = || -> Box<dyn Query> {
        match word_query(needle, fields) {
            Some(query) => Box::new(query),
            None => composed_query(needle, fields, visit, phrases),
        }
    };
    if !needle.has_symbols() {
        return runs_query();
    }
    let mut clauses = Vec::new();
    if !needle.runs.is_empty() {
        clauses.push((Occur::Must, runs_query()));
    }
    let last = needle.pieces.len() - 1;
    let mut asked = Vec::new();
    for (at, piece) in needle.pieces.iter().enumerate() {
        let wanted = (&piece.chars, at == 0, at == last);
        // The same symbols twice (the hyphens of `CVE-2019-5736`) are one clause.
        if piece.kind == RunKind::Symbol && !asked.contains(&wanted) {
            clauses.push((
                Occur::Must,
                symbols_query(piece, wanted.1, wanted.2, fields),
            ));
            asked.push(wanted);
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Sections with the symbol run `piece` of a needle in some searched field: whole, or (at
/// the needle's start) the end of a run, or (at its end) the start of one. Scored as a
/// partial match: the needle's runs, if it has any, rank it.
fn symbols_query(
    piece: &NeedleRun,
    open_start: bool,
    open_end: bool,
    fields: &Fields,
) -> Box<dyn Query> {
    let cut = piece.chars.len() > MAX_WORD_CHARS;
    let text = terms::symbols(piece.chars.iter().copied().take(MAX_WORD_CHARS), false);
    // Spelled as a word is, behind the mark: whole, or a suffix behind the suffix mark.
    let pattern = word(&text, open_start, open_end || cut);
    Box::new(AnyQuery::new(
        fields
            .searched()
            .into_iter()
            .map(|searched| {
                Box::new(ConstScoreQuery::new(
                    phrase_in(searched, fields, &[(0, pattern.clone())], Phrases::Checked),
                    searched.weight * PARTIAL_SCORE,
                )) as Box<dyn Query>
            })
            .collect(),
    ))
}

/// The [`WordQuery`] for a needle of one word the index keeps whole, of one Japanese
/// token, or of one Japanese character.
pub(super) fn word_query(needle: &Needle, fields: &Fields) -> Option<WordQuery> {
    let [run] = needle.runs.as_slice() else {
        return None;
    };
    let text: String = run.chars.iter().collect();
    let keys = whole_title_terms(needle, fields).collect();
    match run.kind {
        RunKind::Word if run.chars.len() < MAX_WORD_CHARS => Some(WordQuery::new(
            &text,
            fields,
            keys,
            word::Scores {
                whole: WHOLE_WEIGHT,
                prefix: PREFIX_SCORE,
                partial: PARTIAL_SCORE,
                key: WHOLE_TITLE_SCORE,
            },
        )),
        // A Japanese needle the index holds as one token (`障害`, `コンテナ`): every match
        // is whole.
        RunKind::Japanese if japanese_grams(run.chars.len()) == [(0, run.chars.len())] => {
            Some(WordQuery::listed(
                &text,
                Vec::new(),
                vec![text.clone()],
                fields,
                keys,
                word::Scores {
                    whole: WHOLE_WEIGHT,
                    prefix: 0.0,
                    partial: 0.0,
                    key: WHOLE_TITLE_SCORE,
                },
            ))
        }
        // One Japanese character: a run of its own (the whole match), the start of a longer
        // run, or further in one, as [`japanese_character`] spells it.
        RunKind::Japanese if run.chars.len() == 1 => {
            let ch = run.chars[0];
            Some(WordQuery::listed(
                &text,
                vec![text.clone(), terms::run_start(ch)],
                vec![terms::suffix([ch])],
                fields,
                keys,
                word::Scores {
                    whole: WHOLE_WEIGHT,
                    prefix: PREFIX_SCORE,
                    partial: PARTIAL_SCORE,
                    key: WHOLE_TITLE_SCORE,
                },
            ))
        }
        _ => None,
    }
}

/// The needle's query built from tantivy's query types, one per field and way of matching.
pub(super) fn composed_query(
    needle: &Needle,
    fields: &Fields,
    visit: Visit,
    phrases: Phrases,
) -> Box<dyn Query> {
    let whole = patterns(needle, Mode::Whole);
    let prefix = patterns(needle, Mode::Prefix);
    let partial = patterns(needle, Mode::Partial);

    let mut recall: Vec<Box<dyn Query>> = Vec::new();
    let mut ranking: Vec<Box<dyn Query>> = Vec::new();
    for searched in fields.searched() {
        let weight = searched.weight;
        let phrase = |patterns: &[Placed]| phrase_in(searched, fields, patterns, phrases);
        if partial == whole {
            // A Japanese needle of two or more characters: the phrase is exact, BM25 applies.
            recall.push(Box::new(BoostQuery::new(
                phrase(&whole),
                weight * WHOLE_WEIGHT,
            )));
            continue;
        }
        recall.push(const_phrase_in(
            searched,
            fields,
            &partial,
            phrases,
            weight * PARTIAL_SCORE,
        ));
        ranking.push(Box::new(BoostQuery::new(
            phrase(&whole),
            weight * WHOLE_WEIGHT,
        )));
        // Only for one-run needles: for longer ones it would be one more phrase to check
        // in every candidate for little gain over whole and partial.
        if needle.runs.len() == 1 && prefix != whole && prefix != partial {
            ranking.push(const_phrase_in(
                searched,
                fields,
                &prefix,
                phrases,
                weight * PREFIX_SCORE,
            ));
        }
    }
    for title in whole_title_queries(needle, fields) {
        ranking.push(Box::new(ConstScoreQuery::new(title, WHOLE_TITLE_SCORE)));
    }
    // The ranking part is asked only about the sections recall finds.
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, union(recall, visit)),
        (Occur::Should, union(ranking, visit)),
    ]))
}

/// How a needle's query is visited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Visit {
    /// Document by document: it is the whole query.
    Walked,
    /// By seeks from the query of another needle, or of the needle's symbols.
    Seeked,
}

/// Sections any of `queries` match: tantivy's union, which walks fastest, or one that is
/// cheap to seek (see [`AnyQuery`]).
fn union(queries: Vec<Box<dyn Query>>, visit: Visit) -> Box<dyn Query> {
    match visit {
        Visit::Walked => Box::new(BooleanQuery::new(
            queries
                .into_iter()
                .map(|query| (Occur::Should, query))
                .collect(),
        )),
        Visit::Seeked => Box::new(AnyQuery::new(queries)),
    }
}

/// Queries matching, together, the sections where `needle` occurs whole: as whole words in
/// some field, or as a whole session title or heading. `None` when every match of the
/// needle is whole anyway (a Japanese needle of two or more characters), so there is
/// nothing to tell apart.
///
/// Apart, not as one union: they are asked about a hundred candidates, and a union walks
/// every match on the way to each (all the sections of every session with the needle in
/// its title).
pub fn whole_queries(needle: &Needle, fields: &Fields) -> Option<Vec<Box<dyn Query>>> {
    if needle.runs.is_empty() {
        return None;
    }
    let whole = patterns(needle, Mode::Whole);
    if patterns(needle, Mode::Partial) == whole {
        return None;
    }
    let mut queries: Vec<Box<dyn Query>> = fields
        .searched()
        .into_iter()
        .map(|searched| phrase_in(searched, fields, &whole, Phrases::Checked))
        .collect();
    queries.extend(whole_title_queries(needle, fields));
    Some(queries)
}

/// Queries matching the sections whose session title, or heading, is the needle itself.
fn whole_title_queries(needle: &Needle, fields: &Fields) -> impl Iterator<Item = Box<dyn Query>> {
    whole_title_terms(needle, fields)
        .map(|term| Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>)
}

/// The key terms of a session title and of a heading that are the needle itself.
fn whole_title_terms(needle: &Needle, fields: &Fields) -> impl Iterator<Item = Term> {
    let key = whole_text_key(&needle.text);
    [fields.title_key, fields.heading_key]
        .into_iter()
        .map(move |field| Term::from_field_text(field, &key))
}

/// The query for all needles: each must match.
///
/// Where a needle is a phrase, the best sections are searched through the bound of its
/// score, and its positions are read only where that bound could rank (see
/// [`super::bounded`]). The hits are those of [`exact`].
pub fn build(needles: &[Needle], fields: &Fields) -> Box<dyn Query> {
    if !needles.iter().any(|needle| is_phrase(needle, fields)) {
        return every_needle(needles, fields, true, Phrases::Checked);
    }
    Box::new(BoundedQuery::new(
        exact(needles, fields),
        every_needle(needles, fields, true, Phrases::Bounded),
    ))
}

/// The query for all needles with every phrase checked, built to be asked about one
/// section at a time: its unions seek cheaply.
pub(super) fn exact(needles: &[Needle], fields: &Fields) -> Box<dyn Query> {
    every_needle(needles, fields, false, Phrases::Checked)
}

/// `walked`: the query is walked, not asked about sections one by one.
fn every_needle(
    needles: &[Needle],
    fields: &Fields,
    walked: bool,
    phrases: Phrases,
) -> Box<dyn Query> {
    if let [needle] = needles {
        // As it is, so that tantivy asks the needle's own weight to skip what cannot rank.
        return needle_query(needle, fields, walked, phrases);
    }
    Box::new(BooleanQuery::new(
        needles
            .iter()
            .map(|needle| (Occur::Must, needle_query(needle, fields, false, phrases)))
            .collect(),
    ))
}

/// Whether the needle is found by phrases, which a bound can stand for.
pub(super) fn is_phrase(needle: &Needle, fields: &Fields) -> bool {
    if needle.runs.is_empty() || word_query(needle, fields).is_some() {
        return false;
    }
    patterns(needle, Mode::Partial).len() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::needle::parse;

    fn shown(input: &str, mode: Mode) -> Vec<String> {
        let needle = &parse(input)[0];
        patterns(needle, mode)
            .into_iter()
            .map(|(offset, p)| match p {
                Pattern::Exact(t) => format!("{offset}={t}"),
                partial => format!("{offset}~{}", partial.regex()),
            })
            .collect()
    }

    #[test]
    fn outer_runs_are_open_inner_runs_exact() {
        assert_eq!(shown("driver", Mode::Partial), ["0~\\x01?driver.*"]);
        assert_eq!(shown("driver", Mode::Prefix), ["0~driver.*"]);
        assert_eq!(shown("driver", Mode::Whole), ["0=driver"]);
        assert_eq!(shown("障", Mode::Partial), ["0~(?:障|障\\x02|\\x01障)"]);
        assert_eq!(shown("障", Mode::Prefix), ["0~(?:障|障\\x02)"]);
        assert_eq!(shown("障", Mode::Whole), ["0=障"]);
        assert_eq!(
            shown("GKE上で", Mode::Partial),
            ["0~(?:gke|\\x01gke)", "1=上で"]
        );
        assert_eq!(shown("k8sの", Mode::Prefix), ["0=k8s", "1~(?:の|の\\x02)"]);
        assert_eq!(
            shown("GKE上k8s", Mode::Partial),
            ["0~(?:gke|\\x01gke)", "1=上", "2~k8s.*"]
        );
        assert_eq!(
            shown("CVE-2019-5736", Mode::Partial),
            ["0~(?:cve|\\x01cve)", "1=2019", "2~5736.*"]
        );
        assert_eq!(
            shown("上GKEの", Mode::Partial),
            ["0~(?:上|\\x03上)", "1=gke", "2~(?:の|の\\x02)"]
        );
    }

    #[test]
    fn a_word_and_one_character_are_one_joint_token() {
        assert_eq!(shown("k8sの", Mode::Partial), ["0~\\x04のs8k.*"]);
        assert_eq!(shown("k8sの", Mode::Whole), ["0=\u{4}のs8k"]);
        assert_eq!(shown("上GKE", Mode::Partial), ["0~\\x05上gke.*"]);
        assert_eq!(shown("上GKE", Mode::Whole), ["0=\u{5}上gke"]);
    }

    #[test]
    fn japanese_runs_are_spelled_with_the_fewest_tokens() {
        assert_eq!(shown("障害", Mode::Partial), ["0=障害"]);
        assert_eq!(shown("コスト", Mode::Partial), ["0=コス", "1=スト"]);
        assert_eq!(shown("メッシュ", Mode::Partial), ["0=メッシュ"]);
        assert_eq!(
            shown("学習コスト", Mode::Partial),
            ["0=学習コス", "1=習コスト"]
        );
        assert_eq!(
            shown("サービスメッシュ", Mode::Partial),
            ["0=サービス", "4=メッシュ"]
        );
        assert_eq!(
            shown("マイクロサービス化", Mode::Whole),
            ["0=マイクロ", "4=サービス", "5=ービス化"]
        );
        // A run of five characters takes four positions: the word after it is at the fifth.
        assert_eq!(
            shown("のクラスタk8s", Mode::Partial),
            ["0=のクラス", "1=クラスタ", "4~k8s.*"]
        );
    }
}
