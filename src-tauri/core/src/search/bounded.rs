//! Phrases checked only in the sections that could rank.
//!
//! Whether a phrase occurs in a section only the positions of its terms tell, and tantivy's
//! phrase scorer reads them in every section holding all its terms. At 10,000 reports
//! `マイクロサービス` (the grams `マイクロ` then `サービス`) is in 54,000 sections, and
//! reading their positions was most of its search; yet a search keeps only the hundred best.
//!
//! A phrase occurs in a section at most as often as the least frequent of its terms, and
//! BM25 only grows with the count: the score with that count is an upper bound, read from
//! term frequencies alone ([`PhraseBoundQuery`]). [`BoundedQuery`] walks a query built with
//! such bounds in place of phrases, and asks the exact query only about the sections whose
//! bound beats the score the hundredth best has so far. Both are built from the same needles,
//! so the bound query matches every section the exact one does, and scores each at least as
//! high; the hits are those of the exact query alone.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term, TERMINATED};

/// How much a bound is raised before it is compared: the bound and the exact query add the
/// same scores, but not always in the same order, and a sum in another order may round a
/// float's last bit the other way.
const ROUNDING: Score = 1.0 + 1e-5;

/// An exact query, searched for the best sections through `bound`: a query matching every
/// section `exact` matches, each with a score at least as high.
#[derive(Debug)]
pub(super) struct BoundedQuery {
    exact: Box<dyn Query>,
    bound: Box<dyn Query>,
}

impl BoundedQuery {
    pub(super) fn new(exact: Box<dyn Query>, bound: Box<dyn Query>) -> Self {
        BoundedQuery { exact, bound }
    }
}

impl Clone for BoundedQuery {
    fn clone(&self) -> Self {
        BoundedQuery {
            exact: self.exact.box_clone(),
            bound: self.bound.box_clone(),
        }
    }
}

impl Query for BoundedQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(BoundedWeight {
            exact: self.exact.weight(scoring)?,
            bound: self.bound.weight(scoring)?,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.exact.query_terms(visitor);
    }
}

struct BoundedWeight {
    exact: Box<dyn Weight>,
    bound: Box<dyn Weight>,
}

impl Weight for BoundedWeight {
    /// The exact query's: every use but the search for the best sections walks it.
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.exact.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.exact.explain(reader, doc)
    }

    fn for_each_pruning(
        &self,
        mut threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let mut bound = self.bound.scorer(reader, 1.0)?;
        let mut exact = Exact::new(self.exact.scorer(reader, 1.0)?);
        let mut doc = bound.doc();
        while doc != TERMINATED {
            if bound.score() * ROUNDING > threshold {
                match exact.find(doc) {
                    Found::Here => {
                        let score = exact.scorer.score();
                        if score > threshold {
                            threshold = callback(doc, score);
                        }
                    }
                    // No exact match is left.
                    Found::NotBefore(TERMINATED) => break,
                    // None before `next` either: the bound need not stop on the way.
                    Found::NotBefore(next) if next > doc + 1 => {
                        doc = bound.seek(next);
                        continue;
                    }
                    Found::NotBefore(_) => {}
                }
            }
            doc = bound.advance();
        }
        Ok(())
    }
}

/// What [`Exact::find`] learnt.
enum Found {
    Here,
    /// Not at the document asked about, nor before this one.
    NotBefore(DocId),
}

/// The exact query's scorer, asked about documents in increasing order only, each by
/// [`DocSet::seek_danger`]: a phrase scorer that misses at the document asked about stops
/// there instead of reading positions on to its next match.
struct Exact {
    scorer: Box<dyn Scorer>,
    /// The scorer's document if `valid`; else the least document it may still match.
    floor: DocId,
    valid: bool,
}

impl Exact {
    fn new(scorer: Box<dyn Scorer>) -> Self {
        Exact {
            floor: scorer.doc(),
            scorer,
            valid: true,
        }
    }

    fn find(&mut self, doc: DocId) -> Found {
        if doc < self.floor {
            return Found::NotBefore(self.floor);
        }
        if doc == self.floor && self.valid {
            return Found::Here;
        }
        match self.scorer.seek_danger(doc) {
            SeekDangerResult::Found => {
                (self.floor, self.valid) = (doc, true);
                Found::Here
            }
            SeekDangerResult::SeekLowerBound(next) => {
                (self.floor, self.valid) = (next, false);
                Found::NotBefore(next)
            }
        }
    }
}

/// An upper bound of a phrase's BM25 score, in every section holding all its terms: the
/// score the phrase would have if it occurred as often as its least frequent term.
#[derive(Debug, Clone)]
pub(super) struct PhraseBoundQuery {
    /// The terms, by their offset in the phrase, as tantivy's phrase query orders them: its
    /// BM25 weight sums their rarities in this order.
    terms: Vec<Term>,
}

impl PhraseBoundQuery {
    pub(super) fn new(mut terms: Vec<(usize, Term)>) -> Self {
        terms.sort_by_key(|&(offset, _)| offset);
        PhraseBoundQuery {
            terms: terms.into_iter().map(|(_, term)| term).collect(),
        }
    }
}

impl Query for PhraseBoundQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // The phrase query's own weight, from the same statistics.
        let bm25 = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(Bm25Weight::for_terms(statistics_provider, &self.terms)?),
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(PhraseBoundWeight {
            terms: self.terms.clone(),
            bm25,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in &self.terms {
            visitor(term, false);
        }
    }
}

struct PhraseBoundWeight {
    terms: Vec<Term>,
    bm25: Option<Bm25Weight>,
}

impl PhraseBoundWeight {
    fn bound_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<PhraseBoundScorer>> {
        let Some(field) = self.terms.first().map(Term::field) else {
            return Ok(None);
        };
        let inverted = reader.inverted_index(field)?;
        let mut postings = Vec::with_capacity(self.terms.len());
        for term in &self.terms {
            match inverted.read_postings(term, IndexRecordOption::WithFreqs)? {
                Some(term_postings) => postings.push(term_postings),
                None => return Ok(None),
            }
        }
        let fieldnorms = match &self.bm25 {
            Some(_) => reader.fieldnorms_readers().get_field(field)?,
            None => None,
        };
        let mut scorer = PhraseBoundScorer {
            postings,
            fieldnorms: fieldnorms
                .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1)),
            bm25: self.bm25.as_ref().map(|bm25| bm25.boost_by(boost)),
            doc: 0,
        };
        scorer.doc = scorer.align(scorer.postings[0].doc());
        Ok(Some(scorer))
    }
}

impl Weight for PhraseBoundWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.bound_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} lacks a term of the phrase"
            )));
        }
        Ok(Explanation::new("phrase score bound", scorer.score()))
    }
}

/// The sections holding every term of a phrase, each scored by [`PhraseBoundQuery`]'s
/// bound.
struct PhraseBoundScorer {
    postings: Vec<SegmentPostings>,
    fieldnorms: FieldNormReader,
    bm25: Option<Bm25Weight>,
    doc: DocId,
}

impl PhraseBoundScorer {
    /// The first document at or after `target` that holds every term, with every postings
    /// list on it.
    fn align(&mut self, mut target: DocId) -> DocId {
        'search: loop {
            if target == TERMINATED {
                return TERMINATED;
            }
            for postings in &mut self.postings {
                // A postings list may already be past the target: seeking backwards is not
                // allowed.
                let doc = match postings.doc() {
                    doc if doc < target => postings.seek(target),
                    doc => doc,
                };
                if doc != target {
                    target = doc;
                    continue 'search;
                }
            }
            return target;
        }
    }
}

impl DocSet for PhraseBoundScorer {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            let next = self.postings[0].advance();
            self.doc = self.align(next);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc < target {
            self.doc = self.align(target);
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.postings
            .iter()
            .map(DocSet::size_hint)
            .min()
            .unwrap_or(0)
    }
}

impl Scorer for PhraseBoundScorer {
    fn score(&mut self) -> Score {
        let Some(bm25) = &self.bm25 else {
            return 1.0;
        };
        let count = self
            .postings
            .iter()
            .map(Postings::term_freq)
            .min()
            .unwrap_or(0);
        bm25.score(self.fieldnorms.fieldnorm_id(self.doc), count)
    }
}
