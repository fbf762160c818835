//! Fast-field columns of a segment, opened once.
//!
//! Opening a column reads its block index: for the spans of session titles at 10,000
//! reports that cost more than the rest of a two-word search, and every search opened it
//! again for each needle, each segment and each way of matching. A segment never changes
//! once written, so its columns are kept by segment id.
//!
//! A kept column maps its segment's file, and a mapped file cannot be deleted on Windows
//! (elsewhere its disk space stays taken). So a search forgets the columns of segments
//! its index no longer has ([`keep_only`]), and an index dropped forgets its own
//! ([`forget`]).

use std::sync::{Mutex, MutexGuard, OnceLock};

use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::SegmentReader;

/// Columns kept: a few per segment of the few indexes a process has open.
const KEPT: usize = 64;

type Kept = Vec<((SegmentId, &'static str), Column<u64>)>;

fn opened() -> MutexGuard<'static, Kept> {
    static OPENED: OnceLock<Mutex<Kept>> = OnceLock::new();
    // A poisoned lock only means a thread panicked while it held the list: it is whole.
    OPENED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// The u64 column `name` of the segment `reader` reads.
pub(super) fn u64_column(
    reader: &SegmentReader,
    name: &'static str,
) -> tantivy::Result<Column<u64>> {
    let key = (reader.segment_id(), name);
    if let Some((_, column)) = opened().iter().find(|(kept, _)| *kept == key) {
        return Ok(column.clone());
    }
    let column = reader.fast_fields().u64(name)?;
    let mut opened = opened();
    if opened.len() >= KEPT {
        opened.remove(0);
    }
    opened.push((key, column.clone()));
    Ok(column)
}

/// Forgets the columns of every segment but `segments`.
pub(super) fn keep_only(segments: &[SegmentId]) {
    opened().retain(|((segment, _), _)| segments.contains(segment));
}

/// Forgets the columns of `segments`.
pub(super) fn forget(segments: &[SegmentId]) {
    opened().retain(|((segment, _), _)| !segments.contains(segment));
}

/// How many columns are kept of `segment`.
#[cfg(test)]
pub(super) fn kept(segment: SegmentId) -> usize {
    opened()
        .iter()
        .filter(|((kept, _), _)| *kept == segment)
        .count()
}
