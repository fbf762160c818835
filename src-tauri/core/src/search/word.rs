//! Needles of one word (`nat`, `driver`, `g`): recall and every ranking signal in one pass.
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
//! reads every signal of a document from the sets and from a term scorer for the whole word.

use std::sync::Arc;

use tantivy::query::{
    BitSetDocSet, Bm25Weight, EnableScoring, Explanation, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use super::affix::Affix;
use super::tokenizer::SUFFIX_MARK;

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
#[derive(Debug, Clone)]
pub struct WordQuery {
    word: String,
    fields: Vec<(Field, f32)>,
    keys: Vec<Term>,
    scores: Scores,
}

impl WordQuery {
    /// `word` is folded and shorter than the longest token the index keeps whole.
    pub fn new(word: &str, fields: Vec<(Field, f32)>, keys: Vec<Term>, scores: Scores) -> Self {
        WordQuery {
            word: word.to_owned(),
            fields,
            keys,
            scores,
        }
    }
}

impl Query for WordQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let wholes = self
            .fields
            .iter()
            .map(|&(field, weight)| {
                let term = Term::from_field_text(field, &self.word);
                let boost = weight * self.scores.whole;
                // The BM25 weight tantivy gives the term, from the same statistics: no
                // score of it exceeds its maximum.
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
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        let keys = self
            .keys
            .iter()
            .map(|term| TermQuery::new(term.clone(), IndexRecordOption::Basic).weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(WordWeight {
            affix: Arc::new(Affix::new(&self.word, true, true)),
            fields: self.fields.clone(),
            wholes,
            keys,
            scores: self.scores,
        }))
    }
}

struct WordWeight {
    /// Every term holding the word: the word, its continuations, and suffix tokens.
    affix: Arc<Affix>,
    fields: Vec<(Field, f32)>,
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
        let mut any = BitSet::with_max_value(max_doc);
        let mut fields = Vec::with_capacity(self.fields.len());
        for (&(field, weight), whole) in self.fields.iter().zip(&self.wholes) {
            let mut partial = BitSet::with_max_value(max_doc);
            let mut prefix = BitSet::with_max_value(max_doc);
            let inverted = reader.inverted_index(field)?;
            let mut terms = inverted.terms().search(self.affix.as_ref()).into_stream()?;
            while terms.advance() {
                let starts_word = terms.key().first() != Some(&(SUFFIX_MARK as u8));
                let mut postings = inverted
                    .read_block_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
                loop {
                    let docs = postings.docs();
                    if docs.is_empty() {
                        break;
                    }
                    for &doc in docs {
                        any.insert(doc);
                        partial.insert(doc);
                        if starts_word {
                            prefix.insert(doc);
                        }
                    }
                    postings.advance();
                }
            }
            let scorer = Ahead::new(whole.weight.scorer(reader, whole.boost)?);
            fields.push(FieldMatches {
                partial,
                prefix,
                partial_score: weight * self.scores.partial,
                prefix_score: weight * self.scores.prefix,
                whole: (!scorer.is_done()).then_some(scorer),
                whole_most: whole.most,
            });
        }
        let keys = self
            .keys
            .iter()
            .map(|weight| weight.scorer(reader, 1.0).map(Ahead::new))
            .filter(|scorer| scorer.as_ref().map_or(true, |s| !s.is_done()))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let keys_most = keys.len() as f32 * self.scores.key;
        Ok(WordScorer {
            docs: BitSetDocSet::from(any),
            fields,
            keys,
            key_score: self.scores.key,
            keys_most,
            boost,
        })
    }
}

impl Weight for WordWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.word_scorer(reader, boost)?))
    }

    /// Skips the documents that cannot beat the worst of the best hits so far, seen from
    /// the bit sets alone: for the first letters of a word, most of a library.
    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let mut scorer = self.word_scorer(reader, 1.0)?;
        let mut threshold = threshold;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if scorer.most() > threshold {
                let score = scorer.score();
                if score > threshold {
                    threshold = callback(doc, score);
                }
            }
            doc = scorer.advance();
        }
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

/// Where the word matches in one field, and what each match adds there.
struct FieldMatches {
    partial: BitSet,
    prefix: BitSet,
    partial_score: f32,
    prefix_score: f32,
    /// The whole word's scorer; `None` if the field never holds it.
    whole: Option<Ahead>,
    whole_most: f32,
}

struct WordScorer {
    /// Documents with a partial match in any field.
    docs: BitSetDocSet,
    fields: Vec<FieldMatches>,
    keys: Vec<Ahead>,
    key_score: f32,
    /// The most the keys can add.
    keys_most: f32,
    boost: Score,
}

impl WordScorer {
    /// The most the current document can score, from the bit sets alone: the whole word
    /// can only be where a partial match is.
    fn most(&self) -> Score {
        let doc = self.docs.doc();
        let mut most = self.keys_most;
        for field in &self.fields {
            if field.partial.contains(doc) {
                most += field.partial_score;
                if field.prefix.contains(doc) {
                    most += field.prefix_score;
                }
                if field.whole.is_some() {
                    most += field.whole_most;
                }
            }
        }
        most * self.boost
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
        self.docs.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.docs.seek(target)
    }

    fn doc(&self) -> DocId {
        self.docs.doc()
    }

    fn size_hint(&self) -> u32 {
        self.docs.size_hint()
    }
}

impl Scorer for WordScorer {
    fn score(&mut self) -> Score {
        let doc = self.docs.doc();
        if doc == TERMINATED {
            return 0.0;
        }
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
        for key in &mut self.keys {
            if key.reaches(doc) {
                score += self.key_score;
            }
        }
        score * self.boost
    }
}
