//! Fast-field columns of a segment, opened once.
//!
//! Opening a column reads its block index: for the spans of session titles at 10,000
//! reports that cost more than the rest of a two-word search, and every search opened it
//! again for each needle, each segment and each way of matching. A segment never changes
//! once written, so its columns are kept by segment id.
//!
//! Values read for thousands of documents in every search (the spans of session titles,
//! for each title a search matches) are also noted in a memo, one per document, as they
//! are read: reading a value from a column costs forty instructions, from an array one
//! load. Decoding the whole column at once cost five milliseconds at 10,000 reports, in
//! the first search of every command.
//!
//! A kept column maps its segment's file, and a mapped file cannot be deleted on Windows
//! (elsewhere its disk space stays taken). So a search forgets the columns of segments
//! its index no longer has ([`keep_only`]), and an index dropped forgets its own
//! ([`forget`]).

use std::sync::atomic::AtomicU32;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::SegmentReader;

/// Columns kept: a few per segment of the few indexes a process has open.
const KEPT: usize = 64;

type Key = (SegmentId, &'static str);
/// Values kept per segment and name, oldest first.
type List<T> = OnceLock<Mutex<Vec<(Key, T)>>>;

static OPENED: List<Column<u64>> = OnceLock::new();
static MEMOS: List<Arc<[AtomicU32]>> = OnceLock::new();

/// A poisoned lock only means a thread panicked while it held the list: it is whole.
fn lock<T>(list: &'static List<T>) -> MutexGuard<'static, Vec<(Key, T)>> {
    list.get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// The value `list` keeps under `key`, or the one `make` makes, kept from now on (the
/// oldest let go beyond [`KEPT`]).
fn kept_or_made<T: Clone>(
    list: &'static List<T>,
    key: Key,
    make: impl FnOnce() -> tantivy::Result<T>,
) -> tantivy::Result<T> {
    if let Some((_, value)) = lock(list).iter().find(|(kept, _)| *kept == key) {
        return Ok(value.clone());
    }
    let value = make()?;
    let mut kept = lock(list);
    if kept.len() >= KEPT {
        kept.remove(0);
    }
    kept.push((key, value.clone()));
    Ok(value)
}

/// The u64 column `name` of the segment `reader` reads.
pub(super) fn u64_column(
    reader: &SegmentReader,
    name: &'static str,
) -> tantivy::Result<Column<u64>> {
    kept_or_made(&OPENED, (reader.segment_id(), name), || {
        reader.fast_fields().u64(name)
    })
}

/// A memo of one value per document of the segment `reader` reads, kept under `name`;
/// 0 where nothing is noted yet. Searches on several threads share it: a value noted twice
/// is the same value.
pub(super) fn memo(
    reader: &SegmentReader,
    name: &'static str,
) -> tantivy::Result<Arc<[AtomicU32]>> {
    kept_or_made(&MEMOS, (reader.segment_id(), name), || {
        Ok((0..reader.max_doc()).map(|_| AtomicU32::new(0)).collect())
    })
}

/// Forgets the columns of every segment but `segments`.
pub(super) fn keep_only(segments: &[SegmentId]) {
    lock(&OPENED).retain(|((segment, _), _)| segments.contains(segment));
    lock(&MEMOS).retain(|((segment, _), _)| segments.contains(segment));
}

/// Forgets the columns of `segments`.
pub(super) fn forget(segments: &[SegmentId]) {
    lock(&OPENED).retain(|((segment, _), _)| !segments.contains(segment));
    lock(&MEMOS).retain(|((segment, _), _)| !segments.contains(segment));
}

/// How many columns are kept of `segment`.
#[cfg(test)]
pub(super) fn kept(segment: SegmentId) -> usize {
    let opened = lock(&OPENED)
        .iter()
        .filter(|((kept, _), _)| *kept == segment)
        .count();
    opened
        + lock(&MEMOS)
            .iter()
            .filter(|((kept, _), _)| *kept == segment)
            .count()
}
