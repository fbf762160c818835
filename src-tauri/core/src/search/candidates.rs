//! What ranking needs of each candidate section, read from the index: its session and its
//! place in reading order (fast fields, no stored document loaded), and how many of the
//! needles it holds whole. [`super::ranking`] then orders them.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocSet};

use super::columns;
use super::error::IndexResult;
use super::needle::Needle;
use super::query;
use super::ranking::{self, Candidate};
use super::schema::{Fields, NO_SESSION};

/// Orders the candidates as [`ranking::order`] does, with what it needs of each: its
/// session and reading order (fast fields), and the needles it holds whole.
pub(super) fn rank(
    fields: &Fields,
    searcher: &tantivy::Searcher,
    needles: &[Needle],
    candidates: Vec<(f32, DocAddress)>,
) -> IndexResult<Vec<(f32, DocAddress)>> {
    let mut columns = HashMap::new();
    let mut sessions = Vec::with_capacity(candidates.len());
    let mut orders = Vec::with_capacity(candidates.len());
    for (_, address) in &candidates {
        let (session, order) = match columns.entry(address.segment_ord) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                let reader = searcher.segment_reader(address.segment_ord);
                entry.insert((
                    columns::u64_column(reader, "session_ord")?,
                    columns::u64_column(reader, "order")?,
                ))
            }
        };
        sessions.push(session.first(address.doc_id).unwrap_or(NO_SESSION));
        orders.push(order.first(address.doc_id).unwrap_or(u64::MAX));
    }
    let wholes = whole_counts(fields, searcher, needles, &candidates)?;
    let ranked: Vec<Candidate> = candidates
        .iter()
        .enumerate()
        .map(|(i, (score, _))| Candidate {
            score: *score,
            wholes: wholes[i],
            session: (sessions[i] != NO_SESSION).then_some(sessions[i]),
            order: orders[i],
        })
        .collect();
    Ok(ranking::order(&ranked)
        .into_iter()
        .map(|(at, score)| (score, candidates[at].1))
        .collect())
}

/// For each candidate, how many of the needles it contains whole.
fn whole_counts(
    fields: &Fields,
    searcher: &tantivy::Searcher,
    needles: &[Needle],
    candidates: &[(f32, DocAddress)],
) -> IndexResult<Vec<usize>> {
    let mut counts = vec![0; candidates.len()];
    // Candidates of each segment in document order, as tantivy's doc sets advance.
    let mut by_segment: HashMap<u32, Vec<(u32, usize)>> = HashMap::new();
    for (i, (_, address)) in candidates.iter().enumerate() {
        by_segment
            .entry(address.segment_ord)
            .or_default()
            .push((address.doc_id, i));
    }
    for docs in by_segment.values_mut() {
        docs.sort_unstable();
    }
    for needle in needles {
        let Some(wholes) = query::whole_queries(needle, fields) else {
            counts.iter_mut().for_each(|count| *count += 1);
            continue;
        };
        let mut holds = vec![false; candidates.len()];
        for whole in wholes {
            let weight = whole.weight(EnableScoring::disabled_from_searcher(searcher))?;
            for (segment, docs) in &by_segment {
                let mut scorer = weight.scorer(searcher.segment_reader(*segment), 1.0)?;
                for &(doc, i) in docs {
                    if scorer.doc() < doc {
                        scorer.seek(doc);
                    }
                    holds[i] |= scorer.doc() == doc;
                }
            }
        }
        for (count, held) in counts.iter_mut().zip(holds) {
            *count += usize::from(held);
        }
    }
    Ok(counts)
}
