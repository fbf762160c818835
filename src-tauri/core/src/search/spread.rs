//! A title indexed once, matching for every section it is the title of.
//!
//! A word of a session's title and a word of one of its sections are found together, so a
//! title belongs to every section of its session. Indexing it in each of them made a
//! session title's words the most common terms of a library: `GKE` in a talk's title
//! matched every place of the talk, half of all sections at 10,000 reports, and every
//! search for it walked those postings; indexing spelled each title out once per section.
//!
//! Instead the title is indexed in the session's first section only, which records in
//! `title_span` how many sections follow it in the session (the first included). A
//! report's documents are added in one batch, which tantivy keeps together in one segment,
//! and merges keep their order, so a session's sections are always that run of documents.
//! A match in a title document then stands for the whole run: [`SpreadQuery`] turns a
//! query over titles into one over sections, and [`Spans`] lets the word scorer do the same
//! with its bit sets.
//!
//! A title's BM25 is taken over titles (see [`TitleStatistics`]): a title is as long as
//! titles are, and a word in one of fifty titles is as rare as that, however many sections
//! the other sessions have.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use tantivy::columnar::Column;
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::Field;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use super::columns;
use super::schema::{Fields, TITLE_DOC_MARK, TITLE_SPAN};

/// Where the runs of sections a title stands for end, in one segment.
pub(super) struct Spans {
    spans: Column<u64>,
    /// Per document, its span plus one once read (see [`columns::memo`]): the same titles
    /// are asked for again by every search of their words.
    known: Arc<[AtomicU32]>,
    max_doc: DocId,
}

impl Spans {
    pub(super) fn of(reader: &SegmentReader) -> tantivy::Result<Spans> {
        Ok(Spans {
            spans: columns::u64_column(reader, TITLE_SPAN)?,
            known: columns::memo(reader, TITLE_SPAN)?,
            max_doc: reader.max_doc(),
        })
    }

    /// The end (exclusive) of the run of sections the title in `doc` stands for: `doc`
    /// alone if `doc` holds no title, and never past the segment, which only a damaged
    /// index would ask.
    pub(super) fn end(&self, doc: DocId) -> DocId {
        let span = match self.known.get(doc as usize) {
            Some(known) => match known.load(Ordering::Relaxed) {
                0 => {
                    let span = self.span(doc);
                    known.store(span.saturating_add(1), Ordering::Relaxed);
                    span
                }
                noted => noted - 1,
            },
            None => self.span(doc),
        };
        doc.saturating_add(span.max(1))
            .min(self.max_doc)
            .max(doc + 1)
    }

    fn span(&self, doc: DocId) -> u32 {
        u32::try_from(self.spans.first(doc).unwrap_or(1)).unwrap_or(u32::MAX)
    }
}

/// BM25 statistics in which the documents are the title documents: the title field's
/// average length and a term's rarity are measured among titles, not among all sections,
/// most of which hold no title.
struct TitleStatistics<'a> {
    all: &'a dyn Bm25StatisticsProvider,
    titles: u64,
}

impl Bm25StatisticsProvider for TitleStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.all.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.titles)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.all.doc_freq(term)
    }
}

/// Runs `make` with scoring over titles (see [`TitleStatistics`]) if `scoring` is enabled.
pub(super) fn with_title_statistics<T>(
    scoring: EnableScoring<'_>,
    fields: &Fields,
    make: impl FnOnce(EnableScoring<'_>) -> tantivy::Result<T>,
) -> tantivy::Result<T> {
    match scoring {
        EnableScoring::Enabled {
            searcher,
            statistics_provider,
        } => {
            let marker = Term::from_field_text(fields.title_doc, TITLE_DOC_MARK);
            let titles = TitleStatistics {
                all: statistics_provider,
                // At least one, as BM25 divides by it.
                titles: statistics_provider.doc_freq(&marker)?.max(1),
            };
            make(EnableScoring::enabled_from_statistics_provider(
                &titles, searcher,
            ))
        }
        disabled => make(disabled),
    }
}

/// A query over the title field, matching every section of each title it matches, with
/// that title's score.
#[derive(Debug)]
pub(super) struct SpreadQuery {
    titles: Box<dyn Query>,
    fields: Fields,
}

impl Clone for SpreadQuery {
    fn clone(&self) -> Self {
        SpreadQuery {
            titles: self.titles.box_clone(),
            fields: self.fields,
        }
    }
}

impl SpreadQuery {
    pub(super) fn new(titles: Box<dyn Query>, fields: &Fields) -> Self {
        SpreadQuery {
            titles,
            fields: *fields,
        }
    }
}

impl Query for SpreadQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let titles =
            with_title_statistics(scoring, &self.fields, |scoring| self.titles.weight(scoring))?;
        Ok(Box::new(SpreadWeight { titles }))
    }
}

/// The weight of a [`SpreadQuery`]; also spreads the matches of a weight made elsewhere.
pub(super) struct SpreadWeight {
    pub(super) titles: Box<dyn Weight>,
}

impl SpreadWeight {
    pub(super) fn spread_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<SpreadScorer> {
        let spans = Spans::of(reader)?;
        let mut titles = self.titles.scorer(reader, boost)?;
        // Titles are one document in about twenty: reading them all at once costs little,
        // and makes seeking a section's title a step back a scorer cannot take.
        let mut runs = Vec::new();
        while titles.doc() != TERMINATED {
            let start = titles.doc();
            let end = spans.end(start);
            runs.push(Run {
                start,
                end,
                score: titles.score(),
            });
            // The next title starts after this run: a damaged span must not overlap it.
            titles.seek(end);
        }
        Ok(SpreadScorer::new(runs))
    }
}

impl Weight for SpreadWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.spread_scorer(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.spread_scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} is in no section of a matching title"
            )));
        }
        Ok(Explanation::new(
            "title of the section's session",
            scorer.score(),
        ))
    }
}

/// The sections a title stands for, with its score.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: DocId,
    end: DocId,
    score: Score,
}

/// The sections of the matching titles, in order.
pub(super) struct SpreadScorer {
    runs: Vec<Run>,
    /// The run of the current document.
    at: usize,
    doc: DocId,
}

impl SpreadScorer {
    fn new(runs: Vec<Run>) -> Self {
        let doc = runs.first().map_or(TERMINATED, |run| run.start);
        SpreadScorer { runs, at: 0, doc }
    }
}

impl DocSet for SpreadScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        if self.doc + 1 < self.runs[self.at].end {
            self.doc += 1;
        } else {
            self.at += 1;
            self.doc = self.runs.get(self.at).map_or(TERMINATED, |run| run.start);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        // Most seeks land in the current run or the next: look there before searching.
        while self.runs.get(self.at).is_some_and(|run| run.end <= target) {
            self.at += 1;
            if self
                .runs
                .get(self.at + 8)
                .is_some_and(|run| run.end <= target)
            {
                self.at += self.runs[self.at..].partition_point(|run| run.end <= target);
                break;
            }
        }
        self.doc = self
            .runs
            .get(self.at)
            .map_or(TERMINATED, |run| run.start.max(target));
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.runs.iter().map(|run| run.end - run.start).sum()
    }
}

impl Scorer for SpreadScorer {
    fn score(&mut self) -> Score {
        self.runs.get(self.at).map_or(0.0, |run| run.score)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(start: DocId, end: DocId, score: Score) -> Run {
        Run { start, end, score }
    }

    #[test]
    fn a_spread_scorer_visits_every_section_of_each_run() {
        let mut scorer = SpreadScorer::new(vec![run(2, 4, 1.0), run(4, 5, 2.0), run(9, 12, 3.0)]);
        let mut seen = Vec::new();
        while scorer.doc() != TERMINATED {
            seen.push((scorer.doc(), scorer.score()));
            scorer.advance();
        }
        assert_eq!(
            seen,
            [(2, 1.0), (3, 1.0), (4, 2.0), (9, 3.0), (10, 3.0), (11, 3.0)]
        );
        assert_eq!(scorer.advance(), TERMINATED);
    }

    #[test]
    fn a_spread_scorer_seeks_into_a_run_and_past_the_last() {
        let runs = vec![run(2, 4, 1.0), run(9, 12, 3.0)];
        let mut scorer = SpreadScorer::new(runs.clone());
        assert_eq!(scorer.size_hint(), 5);
        assert_eq!(scorer.seek(0), 2);
        assert_eq!(scorer.seek(3), 3);
        assert_eq!(scorer.seek(3), 3, "a seek backwards stays");
        assert_eq!(scorer.seek(4), 9);
        assert_eq!(scorer.seek(10), 10);
        assert_eq!(scorer.score(), 3.0);
        assert_eq!(scorer.seek(12), TERMINATED);
        assert_eq!(SpreadScorer::new(runs).seek(11), 11);
        assert_eq!(SpreadScorer::new(Vec::new()).doc(), TERMINATED);
    }
}
