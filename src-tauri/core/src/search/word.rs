//! Needles of one word (`nat`, `driver`, `g`), of one Japanese token (`障害`, `コンテナ`) or
//! of one Japanese character (`の`): recall and every ranking signal in one pass.
//!
//! Such a needle matches wherever a word contains it, and ranks by how it matches: whole
//! (BM25 of the word), at the start of a word (a constant), anywhere (a smaller constant),
//! per searched field, plus a constant where it is a whole session title or heading. Built
//! from tantivy's own queries that is a dozen scorers (three automaton walks of the term
//! dictionary for one set of terms) merged doc by doc; the first letters a reader types
//! (`g`) match most of a library, where merging costs more than everything else.
//!
//! Here each field's dictionary is walked once: every term holding the needle marks its
//! documents in a bit set of partial matches, and a term starting with it (no suffix mark)
//! also in one of prefix matches. The scorer visits the union of the partial sets once and
//! reads every signal of a document from the sets and from a term scorer for the whole word;
//! when tantivy wants only the best hits, whole runs of documents that cannot be among them
//! are skipped from the sets alone (see [`WordScorer::for_each_above`]).
//!
//! A session title is indexed in the session's first section only (see [`super::spread`]):
//! the title field's sets are spread over each session's sections before scoring, and its
//! whole word scores every section of the session alike.

use std::sync::Arc;

use tantivy::postings::TermInfo;
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use super::affix::Affix;
use super::schema::{Fields, Searched};
use super::spread::{with_title_statistics, Spans, SpreadWeight};
use super::terms::SUFFIX_MARK;

/// What each way of matching adds to a document's score, before the field's weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Multiplies the BM25 score of the whole word.
    pub whole: f32,
    /// Added when the needle starts a word.
    pub prefix: f32,
    /// Added for any match.
    pub partial: f32,
    /// Added per key field whose value is the needle.
    pub key: f32,
}

/// A one-word needle over the searched fields (each with its weight), plus the key terms
/// that mark a whole title or heading.
///
/// The same pass serves Japanese needles whose matches are a few known terms: one the
/// index holds as one token (a bigram or a gram), or a single character.
#[derive(Debug, Clone)]
pub struct WordQuery {
    /// The term of a whole match.
    word: String,
    terms: Terms,
    fields: Fields,
    keys: Vec<Term>,
    scores: Scores,
}

/// The terms of partial matches.
#[derive(Debug, Clone)]
enum Terms {
    /// Every term holding the word, from a walk of the term dictionary: those with the
    /// suffix mark hold it inside a word, the others start with it.
    Affix(Arc<Affix>),
    /// The terms listed: those that start a word or run, and those inside one.
    Listed {
        starting: Vec<String>,
        inside: Vec<String>,
    },
}

impl WordQuery {
    /// `word` is folded and shorter than the longest token the index keeps whole.
    pub fn new(word: &str, fields: &Fields, keys: Vec<Term>, scores: Scores) -> Self {
        WordQuery {
            word: word.to_owned(),
            terms: Terms::Affix(Arc::new(Affix::new(word, true, true))),
            fields: *fields,
            keys,
            scores,
        }
    }

    /// A needle whose whole matches are the term `whole`, and whose partial matches are the
    /// terms `starting` (which also count as prefix matches) and `inside`.
    pub fn listed(
        whole: &str,
        starting: Vec<String>,
        inside: Vec<String>,
        fields: &Fields,
        keys: Vec<Term>,
        scores: Scores,
    ) -> Self {
        WordQuery {
            terms: Terms::Listed { starting, inside },
            ..WordQuery::new(whole, fields, keys, scores)
        }
    }
}

impl Query for WordQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let wholes = self
            .fields
            .searched()
            .iter()
            .map(|searched| {
                if searched.spreads {
                    with_title_statistics(scoring, &self.fields, |scoring| {
                        let whole = self.whole(searched, scoring)?;
                        Ok(Whole {
                            weight: Box::new(SpreadWeight {
                                titles: whole.weight,
                            }),
                            ..whole
                        })
                    })
                } else {
                    self.whole(searched, scoring)
                }
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        let keys = self
            .keys
            .iter()
            .map(|term| TermQuery::new(term.clone(), IndexRecordOption::Basic).weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(WordWeight {
            terms: self.terms.clone(),
            fields: self.fields.searched().to_vec(),
            wholes,
            keys,
            scores: self.scores,
        }))
    }
}

impl WordQuery {
    /// The whole word as a term of one field, scored by BM25 from `scoring`'s statistics.
    fn whole(&self, searched: &Searched, scoring: EnableScoring<'_>) -> tantivy::Result<Whole> {
        let term = Term::from_field_text(searched.field, &self.word);
        let boost = searched.weight * self.scores.whole;
        // The BM25 weight tantivy gives the term, from the same statistics: no score of it
        // exceeds its maximum.
        let most = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(&term))?
                .boost_by(boost)
                .max_score(),
            EnableScoring::Disabled { .. } => boost,
        };
        let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
        Ok(Whole {
            weight: query.weight(scoring)?,
            boost,
            most,
        })
    }
}

struct WordWeight {
    terms: Terms,
    fields: Vec<Searched>,
    /// Per field, the whole word's term.
    wholes: Vec<Whole>,
    keys: Vec<Box<dyn Weight>>,
    scores: Scores,
}

/// The whole word as a term of one field.
struct Whole {
    weight: Box<dyn Weight>,
    /// What its BM25 score is multiplied by.
    boost: f32,
    /// The most its score can be, boost included.
    most: f32,
}

impl WordWeight {
    fn word_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<WordScorer> {
        let max_doc = reader.max_doc();
        let mut fields = Vec::with_capacity(self.fields.len());
        let mut spans = None;
        for (searched, whole) in self.fields.iter().zip(&self.wholes) {
            let (field, weight) = (searched.field, searched.weight);
            // Terms starting with the word, and the suffix tokens holding it further in.
            let mut prefix = Bits::new(max_doc);
            let mut inside = Bits::new(max_doc);
            let inverted = reader.inverted_index(field)?;
            let mark = |set: &mut Bits, info: &TermInfo| -> tantivy::Result<()> {
                let mut postings =
                    inverted.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
                loop {
                    let docs = postings.docs();
                    if docs.is_empty() {
                        return Ok(());
                    }
                    for &doc in docs {
                        set.insert(doc);
                    }
                    postings.advance();
                }
            };
            match &self.terms {
                Terms::Affix(affix) => {
                    let mut terms = inverted.terms().search(affix.as_ref()).into_stream()?;
                    while terms.advance() {
                        if terms.key().first() == Some(&(SUFFIX_MARK as u8)) {
                            mark(&mut inside, terms.value())?;
                        } else {
                            mark(&mut prefix, terms.value())?;
                        }
                    }
                }
                Terms::Listed {
                    starting,
                    inside: within,
                } => {
                    for (texts, set) in [(starting, &mut prefix), (within, &mut inside)] {
                        for text in texts {
                            let term = Term::from_field_text(field, text);
                            if let Some(info) = inverted.get_term_info(&term)? {
                                mark(set, &info)?;
                            }
                        }
                    }
                }
            }
            if searched.spreads {
                // Marked in title documents: each stands for its session's sections.
                let spans = match &mut spans {
                    Some(spans) => spans,
                    None => spans.insert(Spans::of(reader)?),
                };
                prefix = prefix.spread(spans);
                inside = inside.spread(spans);
            }
            let scorer = Ahead::new(whole.weight.scorer(reader, whole.boost)?);
            fields.push(FieldMatches {
                partial: prefix.union(&inside),
                prefix,
                partial_score: weight * self.scores.partial,
                prefix_score: weight * self.scores.prefix,
                whole: (!scorer.is_done()).then_some(scorer),
                whole_most: whole.most,
            });
        }
        // A whole title or heading is rare: its few sections are read into a set at once.
        let mut keys = Vec::with_capacity(self.keys.len());
        for weight in &self.keys {
            let mut scorer = weight.scorer(reader, 1.0)?;
            let mut docs = Bits::new(max_doc);
            while scorer.doc() != TERMINATED {
                docs.insert(scorer.doc());
                scorer.advance();
            }
            // A key in no section of the segment adds nothing to any bound.
            if docs.len() > 0 {
                keys.push(docs);
            }
        }
        let mut any = Bits::new(max_doc);
        for field in &fields {
            any = any.union(&field.partial);
        }
        let mut any_key = Bits::new(max_doc);
        for key in &keys {
            any_key = any_key.union(key);
        }
        Ok(WordScorer {
            doc: any.first_from(0),
            size: any.len(),
            any,
            fields,
            keys_most: keys.len() as f32 * self.scores.key,
            keys,
            any_key,
            key_score: self.scores.key,
            boost,
        })
    }
}

impl Weight for WordWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.word_scorer(reader, boost)?))
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.word_scorer(reader, 1.0)?
            .for_each_above(threshold, callback);
        Ok(())
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.word_scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not contain the word"
            )));
        }
        Ok(Explanation::new("word needle", scorer.score()))
    }
}

/// A set of the documents of one segment, a bit each, read 64 documents at a time.
struct Bits(Vec<u64>);

impl Bits {
    fn new(max_doc: DocId) -> Self {
        Bits(vec![0; (max_doc as usize).div_ceil(64)])
    }

    fn insert(&mut self, doc: DocId) {
        self.0[doc as usize / 64] |= 1 << (doc % 64);
    }

    fn contains(&self, doc: DocId) -> bool {
        self.0[doc as usize / 64] >> (doc % 64) & 1 == 1
    }

    /// Inserts the documents from `start` to `end` (exclusive).
    fn insert_run(&mut self, start: DocId, end: DocId) {
        let end = end.min(self.0.len() as DocId * 64);
        let mut doc = start;
        while doc < end {
            let (word, bit) = (doc as usize / 64, doc % 64);
            let width = (end - doc).min(64 - bit);
            let mask = if width == 64 {
                !0
            } else {
                ((1u64 << width) - 1) << bit
            };
            self.0[word] |= mask;
            doc += width;
        }
    }

    /// The set with each title document's run of sections in place of it.
    fn spread(&self, spans: &Spans) -> Bits {
        let mut spread = Bits(vec![0; self.0.len()]);
        let mut doc = self.first_from(0);
        while doc != TERMINATED {
            let end = spans.end(doc);
            spread.insert_run(doc, end);
            doc = self.first_from(end);
        }
        spread
    }

    fn union(&self, other: &Bits) -> Bits {
        Bits(self.0.iter().zip(&other.0).map(|(a, b)| a | b).collect())
    }

    fn len(&self) -> u32 {
        self.0.iter().map(|word| word.count_ones()).sum()
    }

    /// The first document of the set at or after `from`, or [`TERMINATED`].
    fn first_from(&self, from: DocId) -> DocId {
        let mut index = from as usize / 64;
        let Some(&word) = self.0.get(index) else {
            return TERMINATED;
        };
        let mut word = word & (!0u64 << (from % 64));
        loop {
            if word != 0 {
                return (index * 64) as DocId + word.trailing_zeros();
            }
            index += 1;
            match self.0.get(index) {
                Some(&next) => word = next,
                None => return TERMINATED,
            }
        }
    }
}

/// Where the word matches in one field, and what each match adds there.
struct FieldMatches {
    partial: Bits,
    prefix: Bits,
    partial_score: f32,
    prefix_score: f32,
    /// The whole word's scorer; `None` if the field never holds it.
    whole: Option<Ahead>,
    whole_most: f32,
}

impl FieldMatches {
    /// The most this field adds to a document with no match (0), a partial match only (1)
    /// or a match at the start of a word (2): the whole word can only be where a partial
    /// match is, and its BM25 score is at most `whole_most`.
    fn most(&self, state: usize) -> f32 {
        let whole = if self.whole.is_some() {
            self.whole_most
        } else {
            0.0
        };
        match state {
            0 => 0.0,
            1 => self.partial_score + whole,
            _ => self.partial_score + self.prefix_score + whole,
        }
    }

    /// The documents of the 64 from `word` in each state (see [`FieldMatches::most`]).
    fn states(&self, word: usize) -> [u64; 3] {
        let (partial, prefix) = (self.partial.0[word], self.prefix.0[word]);
        [!partial, partial & !prefix, prefix]
    }
}

struct WordScorer {
    /// Documents with a partial match in any field.
    any: Bits,
    /// The current document.
    doc: DocId,
    size: u32,
    fields: Vec<FieldMatches>,
    /// Per key term, the sections it is in.
    keys: Vec<Bits>,
    /// The sections with any key term.
    any_key: Bits,
    key_score: f32,
    /// The most the keys can add.
    keys_most: f32,
    boost: Score,
}

impl WordScorer {
    fn score_of(&mut self, doc: DocId) -> Score {
        let mut score = 0.0;
        for field in &mut self.fields {
            if field.partial.contains(doc) {
                score += field.partial_score;
                if field.prefix.contains(doc) {
                    score += field.prefix_score;
                }
                if let Some(whole) = &mut field.whole {
                    if whole.reaches(doc) {
                        score += whole.scorer.score();
                    }
                }
            }
        }
        for key in &self.keys {
            if key.contains(doc) {
                score += self.key_score;
            }
        }
        score * self.boost
    }

    /// Calls `callback` with each document scoring above `threshold`, which the callback
    /// raises as better hits come in; skips the rest 64 documents at a time, from the bit
    /// sets alone.
    ///
    /// Which fields hold a match and where, and whether a key term is there, is a pattern
    /// of one state per field and one for the keys; each pattern bounds what its documents
    /// can score. For the first letters of a word most of a library matches, and once the
    /// best hits are in, few patterns can beat them: only their documents are scored, found
    /// with a few word operations per 64 documents. The keys have a state of their own
    /// because their score, added to every pattern, kept most of them above the best hits.
    fn for_each_above(
        &mut self,
        mut threshold: Score,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) {
        let field_patterns = 3usize.pow(self.fields.len() as u32);
        let bounds: Vec<Score> = (0..field_patterns * 2)
            .map(|pattern| {
                let mut states = pattern;
                let mut most = 0.0;
                for field in &self.fields {
                    most += field.most(states % 3);
                    states /= 3;
                }
                if states == 1 {
                    if self.keys.is_empty() {
                        // No section of the segment has a key: no section has the pattern.
                        return Score::NEG_INFINITY;
                    }
                    most += self.keys_most;
                }
                // A hair above the sum: the score adds the same parts in another order,
                // and rounding must not put it above its bound.
                most * self.boost * (1.0 + 1e-5)
            })
            .collect();
        let mut passing = Passing::new(&bounds, self.fields.len(), threshold);
        let mut states = vec![[0u64; 3]; self.fields.len()];
        for word in 0..self.any.0.len() {
            let any = self.any.0[word];
            if !passing.any() {
                break;
            }
            if any == 0 {
                continue;
            }
            for (field, states) in self.fields.iter().zip(states.iter_mut()) {
                *states = field.states(word);
            }
            let mut candidates = passing.docs(&states, any, self.any_key.0[word]);
            while candidates != 0 {
                let doc = (word * 64) as DocId + candidates.trailing_zeros();
                candidates &= candidates - 1;
                let score = self.score_of(doc);
                if score > threshold {
                    threshold = callback(doc, score);
                    passing = Passing::new(&bounds, self.fields.len(), threshold);
                }
            }
        }
    }
}

/// The patterns (see [`WordScorer::for_each_above`]) whose bound is above the threshold,
/// and the beginnings of patterns that lead to one: the documents of a word are sorted
/// into patterns field by field, and a field's state is looked into only if some pattern
/// through it could rank. Looping over the passing patterns instead cost as much as the
/// scoring, for each of the thousands of words of a segment.
///
/// Sets of patterns are bit masks: three fields of three states make 27 patterns.
struct Passing {
    /// Per key state (none, some), the patterns of field states that could rank.
    full: [u64; 2],
    /// Per number of fields decided, the patterns of their states some pattern beginning
    /// so could rank.
    open: Vec<u64>,
}

impl Passing {
    /// `bounds`: per pattern of field states, then the same with a key.
    fn new(bounds: &[Score], fields: usize, threshold: Score) -> Self {
        assert_eq!(fields, 3, "three searched fields: see Fields::searched");
        let patterns = 3usize.pow(fields as u32);
        let mask = |passes: &dyn Fn(usize) -> bool| {
            (0..patterns)
                .filter(|&p| passes(p))
                .fold(0u64, |m, p| m | 1 << p)
        };
        // A section with no match in any field (pattern 0) is no candidate, key or not.
        let full = [0, 1].map(|key| {
            mask(&|pattern| pattern != 0 && bounds[pattern + key * patterns] > threshold)
        });
        let mut open = vec![0; fields + 1];
        open[fields] = full[0] | full[1];
        for decided in (0..fields).rev() {
            let place = 3usize.pow(decided as u32);
            let next = open[decided + 1];
            open[decided] = (0..place)
                .filter(|p| (0..3).any(|state| next >> (p + state * place) & 1 == 1))
                .fold(0, |m, p| m | 1 << p);
        }
        Passing { full, open }
    }

    fn any(&self) -> bool {
        self.open[0] != 0
    }

    /// Of the 64 documents `docs`, in the field states `states` (three fields: see
    /// [`Fields::searched`]), those whose pattern could rank; `keyed`: those with a key.
    fn docs(&self, states: &[[u64; 3]], docs: u64, keyed: u64) -> u64 {
        let [first, second, third] = states else {
            unreachable!("three searched fields");
        };
        let mut found = 0;
        for (a, in_a) in first.iter().enumerate() {
            let docs = docs & in_a;
            if docs == 0 || self.open[1] >> a & 1 == 0 {
                continue;
            }
            for (b, in_b) in second.iter().enumerate() {
                let docs = docs & in_b;
                let pattern = a + 3 * b;
                if docs == 0 || self.open[2] >> pattern & 1 == 0 {
                    continue;
                }
                for (c, in_c) in third.iter().enumerate() {
                    let docs = docs & in_c;
                    let pattern = pattern + 9 * c;
                    if docs == 0 {
                        continue;
                    }
                    let plain = (self.full[0] >> pattern & 1).wrapping_neg();
                    let with_key = (self.full[1] >> pattern & 1).wrapping_neg();
                    found |= docs & ((!keyed & plain) | (keyed & with_key));
                }
            }
        }
        found
    }
}

/// A scorer consulted only on the documents of another doc set, in order, with its
/// current document kept at hand: asking it through its trait object, twice for each of a
/// hundred thousand documents, cost more than the scoring.
struct Ahead {
    scorer: Box<dyn Scorer>,
    doc: DocId,
}

impl Ahead {
    fn new(scorer: Box<dyn Scorer>) -> Self {
        let doc = scorer.doc();
        Ahead { scorer, doc }
    }

    fn is_done(&self) -> bool {
        self.doc == TERMINATED
    }

    /// Whether the scorer matches `doc`; moves it up to `doc` if it is behind.
    fn reaches(&mut self, doc: DocId) -> bool {
        if self.doc < doc {
            self.doc = self.scorer.seek(doc);
        }
        self.doc == doc
    }
}

impl DocSet for WordScorer {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.doc = self.any.first_from(self.doc + 1);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc != TERMINATED && self.doc < target {
            self.doc = self.any.first_from(target);
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.size
    }
}

impl Scorer for WordScorer {
    fn score(&mut self) -> Score {
        if self.doc == TERMINATED {
            return 0.0;
        }
        self.score_of(self.doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_find_the_next_document_across_words() {
        let mut bits = Bits::new(200);
        for doc in [0, 63, 64, 130, 199] {
            bits.insert(doc);
        }
        assert_eq!(bits.len(), 5);
        let found: Vec<DocId> = [0, 1, 63, 64, 65, 131, 199, 200]
            .into_iter()
            .map(|from| bits.first_from(from))
            .collect();
        assert_eq!(found, [0, 63, 63, 64, 130, 199, 199, TERMINATED]);
        assert!(bits.contains(130) && !bits.contains(129));
        assert_eq!(Bits::new(200).first_from(0), TERMINATED);
        let union = Bits::new(200).union(&bits);
        assert_eq!(union.len(), 5);
    }

    // Sorting a word's documents field by field must keep exactly those whose pattern of
    // states (and key) passes: checked against each document's pattern worked out alone.
    #[test]
    fn passing_keeps_the_documents_whose_pattern_passes() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut random = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..200 {
            let bounds: Vec<Score> = (0..54).map(|_| (random() % 10) as Score).collect();
            let threshold = (random() % 10) as Score;
            let passing = Passing::new(&bounds, 3, threshold);
            // Each field: a partial match, and a start of word within it.
            let fields: Vec<(u64, u64)> = (0..3)
                .map(|_| {
                    let partial = random() & random();
                    (partial, partial & random())
                })
                .collect();
            let states: Vec<[u64; 3]> = fields
                .iter()
                .map(|&(partial, prefix)| [!partial, partial & !prefix, prefix])
                .collect();
            let (docs, keyed) = (random() | random(), random() & random());
            let expected = (0..64).fold(0u64, |found, bit| {
                let state = |(partial, prefix): (u64, u64)| {
                    usize::from(partial >> bit & 1 == 1) + usize::from(prefix >> bit & 1 == 1)
                };
                let pattern = fields
                    .iter()
                    .rev()
                    .fold(0, |pattern, &field| pattern * 3 + state(field));
                let key = usize::from(keyed >> bit & 1 == 1);
                let passes =
                    docs >> bit & 1 == 1 && pattern != 0 && bounds[pattern + key * 27] > threshold;
                found | u64::from(passes) << bit
            });
            assert_eq!(passing.docs(&states, docs, keyed), expected);
            assert_eq!(
                passing.any(),
                (1..27).any(|p| bounds[p] > threshold || bounds[p + 27] > threshold)
            );
        }
    }

    #[test]
    fn a_run_of_documents_is_inserted_across_words() {
        let mut bits = Bits::new(300);
        bits.insert_run(60, 200);
        bits.insert_run(256, 300);
        let inserted: Vec<DocId> = (0..300).filter(|&doc| bits.contains(doc)).collect();
        let expected: Vec<DocId> = (60..200).chain(256..300).collect();
        assert_eq!(inserted, expected);
        bits.insert_run(5, 5);
        assert_eq!(bits.len(), 140 + 44);
    }
}
