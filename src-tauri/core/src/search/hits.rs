//! From ranked sections to hits: each section's texts are matched once, for the check of
//! needles the index cannot match exactly (cut words, symbols) and for its snippet, and the
//! hit carries plain text with the places of its matches (HTML is made at the edge).

use std::collections::HashMap;

use serde::Serialize;
use tantivy::schema::{Field, TantivyDocument, Value};
use tantivy::DocAddress;

use super::error::IndexResult;
use super::highlight::{snippet, Match, Matcher, Snippet};
use super::schema::Fields;

/// Characters in a snippet.
const SNIPPET_CHARS: usize = 120;

/// One matching section, best first in a result list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Report id.
    pub report: String,
    pub report_title: String,
    /// Session title; `None` for the report's overview.
    pub session: Option<String>,
    pub session_id: Option<String>,
    /// Heading of the section (a heading, or an outline item: a place); `None` for the text
    /// before a session's first heading.
    pub heading: Option<String>,
    pub anchor: Option<String>,
    /// The text around the matches, with the matches' places.
    pub snippet: Snippet,
    pub score: f32,
}

/// Sections already checked by a search, with their hit (`None`: turned down). A search
/// whose checks turned many candidates down looks again at a larger pool, in which the
/// sections seen before come again: they are neither loaded nor matched twice.
pub(super) type Seen = HashMap<DocAddress, Option<Hit>>;

/// The first `limit` of the `ranked` candidates as hits; with `verify`, only those in
/// whose text every needle is found.
pub(super) fn collect(
    fields: &Fields,
    searcher: &tantivy::Searcher,
    ranked: Vec<(f32, DocAddress)>,
    matcher: &Matcher,
    verify: bool,
    limit: usize,
    seen: &mut Seen,
) -> IndexResult<Vec<Hit>> {
    let mut hits = Vec::with_capacity(limit.min(ranked.len()));
    for (score, address) in ranked {
        if hits.len() == limit {
            break;
        }
        if let Some(known) = seen.get(&address) {
            // Its score may differ in the larger pool (its session's share); its text not.
            hits.extend(known.clone().map(|hit| Hit { score, ..hit }));
            continue;
        }
        let found = matched(fields, searcher, address, matcher, verify, score)?;
        // Only a checked search looks again (see `Seen`).
        if verify {
            seen.insert(address, found.clone());
        }
        hits.extend(found);
    }
    Ok(hits)
}

/// The hit for the section at `address`; `None` when `verify` finds a needle missing.
fn matched(
    fields: &Fields,
    searcher: &tantivy::Searcher,
    address: DocAddress,
    matcher: &Matcher,
    verify: bool,
    score: f32,
) -> IndexResult<Option<Hit>> {
    let document: TantivyDocument = searcher.doc(address)?;
    // Each text is matched once: for the check of every needle, and the snippet.
    let mut found = snippet_texts(fields, &document).map(|shown| (shown, matcher.matches(shown)));
    let shown = if verify {
        let found: Vec<_> = found.collect();
        let needles = found.iter().flat_map(|(_, matches)| matches);
        if !matcher.all_among(needles.map(|(needle, _)| *needle)) {
            return Ok(None);
        }
        found.into_iter().find(|(_, matches)| !matches.is_empty())
    } else {
        found.find(|(_, matches)| !matches.is_empty())
    };
    Ok(Some(hit(fields, &document, score, shown)))
}

/// The searched texts of a section in the order its snippet is taken from: the body; a
/// section found only by its heading or its session's title shows that, marked, rather
/// than body text with nothing marked.
fn snippet_texts<'d>(
    fields: &Fields,
    document: &'d TantivyDocument,
) -> impl Iterator<Item = &'d str> {
    let f = *fields;
    [f.body, f.heading, f.session_title]
        .into_iter()
        .filter_map(move |field| text(document, field))
}

/// The hit for a section, its snippet from `shown` (a text and its matches), or from the
/// start of its body when nothing was matched.
fn hit(
    fields: &Fields,
    document: &TantivyDocument,
    score: f32,
    shown: Option<(&str, Vec<Match>)>,
) -> Hit {
    let f = *fields;
    let owned = |field| text(document, field).map(str::to_owned);
    let body = text(document, f.body).unwrap_or_default();
    let (shown, matches) = shown.unwrap_or((body, Vec::new()));
    let session_id = owned(f.session_id);
    Hit {
        report: owned(f.report_id).unwrap_or_default(),
        report_title: owned(f.report_title).unwrap_or_default(),
        // An overview's title field holds the report's title, not a session's.
        session: session_id.as_ref().and(owned(f.session_title)),
        session_id,
        heading: owned(f.heading),
        anchor: owned(f.anchor),
        snippet: snippet(shown, &matches, SNIPPET_CHARS),
        score,
    }
}

fn text(document: &TantivyDocument, field: Field) -> Option<&str> {
    document.get_first(field).and_then(|v| v.as_str())
}
