//! Sections any of several queries match, scored by the sum of the scores of those that do.
//!
//! tantivy's own union buffers the next 4,096 documents of all its queries at once: quick
//! to walk whole, but a seek past that window clears it and fills it again, walking every
//! query through the next 4,096 documents. A union that another query drives by seeking
//! paid that at every step: the symbol of `CVE-2019-5736`, in any of three fields, was
//! filled a window at a time for each section holding its words, and a hyphen is in most
//! windows. This union keeps only each query's current document, so a seek costs what the
//! queries' own seeks cost, and walking it whole costs a comparison per query per document.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, TantivyError, TERMINATED};

/// Matches where any of its queries matches; scores the sum of theirs.
#[derive(Debug)]
pub(super) struct AnyQuery {
    queries: Vec<Box<dyn Query>>,
}

impl AnyQuery {
    pub(super) fn new(queries: Vec<Box<dyn Query>>) -> Self {
        AnyQuery { queries }
    }
}

impl Clone for AnyQuery {
    fn clone(&self) -> Self {
        AnyQuery {
            queries: self.queries.iter().map(|query| query.box_clone()).collect(),
        }
    }
}

impl Query for AnyQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .queries
            .iter()
            .map(|query| query.weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(AnyWeight { weights }))
    }
}

struct AnyWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl AnyWeight {
    fn any_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<AnyScorer> {
        let scorers = self
            .weights
            .iter()
            .map(|weight| weight.scorer(reader, boost))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(AnyScorer::new(scorers, reader.max_doc()))
    }
}

impl Weight for AnyWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.any_scorer(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.any_scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} matches none of the queries"
            )));
        }
        Ok(Explanation::new(
            "sum of the matching queries",
            scorer.score(),
        ))
    }
}

pub(super) struct AnyScorer {
    scorers: Vec<Box<dyn Scorer>>,
    /// Each query's current document, kept here: asking each through its trait object at
    /// every step cost more than the steps. For a query left unsettled by
    /// [`DocSet::seek_danger`], the least document it may still match.
    docs: Vec<DocId>,
    /// Queries whose last [`DocSet::seek_danger`] missed: their scorer is in no state to
    /// be stepped, and `docs` holds a lower bound for them.
    unsettled: Vec<bool>,
    doc: DocId,
    size: u32,
}

impl AnyScorer {
    fn new(scorers: Vec<Box<dyn Scorer>>, max_doc: DocId) -> Self {
        let docs: Vec<DocId> = scorers.iter().map(|scorer| scorer.doc()).collect();
        // An estimate for tantivy's choice of which query of an intersection leads: the
        // union is at most the sum of its parts.
        let size = scorers
            .iter()
            .map(|scorer| scorer.size_hint())
            .fold(0u32, u32::saturating_add)
            .min(max_doc);
        let doc = docs.iter().copied().min().unwrap_or(TERMINATED);
        AnyScorer {
            unsettled: vec![false; scorers.len()],
            scorers,
            docs,
            doc,
            size,
        }
    }

    /// Moves to the least current document of the queries (a query that is done is at
    /// [`TERMINATED`], above every document).
    fn settle(&mut self) -> DocId {
        self.doc = self.docs.iter().copied().min().unwrap_or(TERMINATED);
        self.doc
    }

    /// Brings every query a missed [`DocSet::seek_danger`] left unsettled to its next
    /// match, as tantivy allows: by more of those seeks, until one finds.
    fn settle_queries(&mut self) {
        for ((scorer, doc), unsettled) in self
            .scorers
            .iter_mut()
            .zip(&mut self.docs)
            .zip(&mut self.unsettled)
        {
            while *unsettled && *doc != TERMINATED {
                match scorer.seek_danger(*doc) {
                    SeekDangerResult::Found => *unsettled = false,
                    SeekDangerResult::SeekLowerBound(next) => *doc = next,
                }
            }
        }
    }
}

impl DocSet for AnyScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.settle_queries();
        for (scorer, doc) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *doc == self.doc {
                *doc = scorer.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.settle_queries();
        for (scorer, doc) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *doc < target {
                *doc = scorer.seek(target);
            }
        }
        self.settle()
    }

    /// Asks each query by its own [`DocSet::seek_danger`], which for a phrase stops at the
    /// target instead of reading positions on to its next match.
    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        let mut found = false;
        for ((scorer, doc), unsettled) in self
            .scorers
            .iter_mut()
            .zip(&mut self.docs)
            .zip(&mut self.unsettled)
        {
            if *doc < target || (*doc == target && *unsettled) {
                match scorer.seek_danger(target) {
                    SeekDangerResult::Found => (*doc, *unsettled) = (target, false),
                    SeekDangerResult::SeekLowerBound(next) => (*doc, *unsettled) = (next, true),
                }
            }
            found |= *doc == target && !*unsettled;
        }
        if found {
            self.doc = target;
            SeekDangerResult::Found
        } else {
            SeekDangerResult::SeekLowerBound(self.settle())
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.size
    }
}

impl Scorer for AnyScorer {
    fn score(&mut self) -> Score {
        let current = self.doc;
        self.scorers
            .iter_mut()
            .zip(self.docs.iter().zip(&self.unsettled))
            .filter(|(_, (doc, unsettled))| **doc == current && !**unsettled)
            .map(|(scorer, _)| scorer.score())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scorer over listed documents, each scoring `score`.
    struct Listed {
        docs: Vec<DocId>,
        at: usize,
        score: Score,
    }

    impl DocSet for Listed {
        fn advance(&mut self) -> DocId {
            self.at += 1;
            self.doc()
        }

        fn doc(&self) -> DocId {
            self.docs.get(self.at).copied().unwrap_or(TERMINATED)
        }

        fn size_hint(&self) -> u32 {
            self.docs.len() as u32
        }
    }

    impl Scorer for Listed {
        fn score(&mut self) -> Score {
            self.score
        }
    }

    /// A scorer whose `seek_danger` stops at the target, as a phrase scorer's does: on a
    /// miss it answers the next document as a bound, and is left where it was.
    struct Lazy(Listed);

    impl DocSet for Lazy {
        fn advance(&mut self) -> DocId {
            self.0.advance()
        }

        fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
            match self.0.docs.iter().position(|&doc| doc == target) {
                Some(at) => {
                    self.0.at = at;
                    SeekDangerResult::Found
                }
                None => SeekDangerResult::SeekLowerBound(target + 1),
            }
        }

        fn doc(&self) -> DocId {
            self.0.doc()
        }

        fn size_hint(&self) -> u32 {
            self.0.size_hint()
        }
    }

    impl Scorer for Lazy {
        fn score(&mut self) -> Score {
            self.0.score
        }
    }

    fn scorer(docs: &[DocId], score: Score) -> Box<dyn Scorer> {
        Box::new(Listed {
            docs: docs.to_vec(),
            at: 0,
            score,
        })
    }

    fn walk(mut any: AnyScorer) -> Vec<(DocId, Score)> {
        let mut seen = Vec::new();
        while any.doc() != TERMINATED {
            seen.push((any.doc(), any.score()));
            any.advance();
        }
        seen
    }

    #[test]
    fn the_union_visits_each_document_once_with_the_sum_of_scores() {
        let any = AnyScorer::new(
            vec![
                scorer(&[1, 5, 9], 1.0),
                scorer(&[5, 6], 2.0),
                scorer(&[], 4.0),
            ],
            10,
        );
        assert_eq!(any.size_hint(), 5);
        assert_eq!(walk(any), [(1, 1.0), (5, 3.0), (6, 2.0), (9, 1.0)]);
    }

    #[test]
    fn a_dangerous_seek_asks_each_query_and_a_step_after_it_settles_them() {
        let lazy = Box::new(Lazy(Listed {
            docs: vec![1, 5, 9],
            at: 0,
            score: 1.0,
        }));
        let mut any = AnyScorer::new(vec![lazy, scorer(&[6, 8], 2.0)], 10);
        assert_eq!(any.seek_danger(3), SeekDangerResult::SeekLowerBound(4));
        assert_eq!(any.seek_danger(5), SeekDangerResult::Found);
        assert_eq!((any.doc(), any.score()), (5, 1.0));
        assert_eq!(any.seek_danger(7), SeekDangerResult::SeekLowerBound(8));
        assert_eq!(any.seek_danger(8), SeekDangerResult::Found);
        // The lazy query missed at 7 and 8 and was left behind: a step brings it to 9.
        assert_eq!((any.doc(), any.score()), (8, 2.0));
        assert_eq!(any.advance(), 9);
        assert_eq!(any.score(), 1.0);
        assert_eq!(any.advance(), TERMINATED);
    }

    #[test]
    fn a_seek_lands_on_the_first_match_at_or_after_the_target() {
        let mut any = AnyScorer::new(vec![scorer(&[1, 5, 9], 1.0), scorer(&[6], 2.0)], 10);
        assert_eq!(any.seek(2), 5);
        assert_eq!(any.seek(5), 5);
        assert_eq!(any.seek(7), 9);
        assert_eq!(any.score(), 1.0);
        assert_eq!(any.seek(10), TERMINATED);
        assert_eq!(any.advance(), TERMINATED);
    }
}
