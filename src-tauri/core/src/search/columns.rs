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
type Kept = Vec<(Key, Column<u64>)>;
type Memos = Vec<(Key, Arc<[AtomicU32]>)>;

/// A poisoned lock only means a thread panicked while it held the list: it is whole.
fn lock<T: Default>(list: &'static OnceLock<Mutex<T>>) -> MutexGuard<'static, T> {
    list.get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

fn opened() -> MutexGuard<'static, Kept> {
    static OPENED: OnceLock<Mutex<Kept>> = OnceLock::new();
    lock(&OPENED)
}

fn memos() -> MutexGuard<'static, Memos> {
    static MEMOS: OnceLock<Mutex<Memos>> = OnceLock::new();
    lock(&MEMOS)
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

/// A memo of one value per document of the segment `reader` reads, kept under `name`;
/// 0 where nothing is noted yet. Searches on several threads share it: a value noted twice
/// is the same value.
pub(super) fn memo(reader: &SegmentReader, name: &'static str) -> Arc<[AtomicU32]> {
    let key = (reader.segment_id(), name);
    if let Some((_, memo)) = memos().iter().find(|(kept, _)| *kept == key) {
        return Arc::clone(memo);
    }
    let memo: Arc<[AtomicU32]> = (0..reader.max_doc()).map(|_| AtomicU32::new(0)).collect();
    let mut memos = memos();
    if memos.len() >= KEPT {
        memos.remove(0);
    }
    memos.push((key, Arc::clone(&memo)));
    memo
}

/// Forgets the columns of every segment but `segments`.
pub(super) fn keep_only(segments: &[SegmentId]) {
    opened().retain(|((segment, _), _)| segments.contains(segment));
    memos().retain(|((segment, _), _)| segments.contains(segment));
}

/// Forgets the columns of `segments`.
pub(super) fn forget(segments: &[SegmentId]) {
    opened().retain(|((segment, _), _)| !segments.contains(segment));
    memos().retain(|((segment, _), _)| !segments.contains(segment));
}

/// How many columns are kept of `segment`.
#[cfg(test)]
pub(super) fn kept(segment: SegmentId) -> usize {
    let opened = opened()
        .iter()
        .filter(|((kept, _), _)| *kept == segment)
        .count();
    opened
        + memos()
            .iter()
            .filter(|((kept, _), _)| *kept == segment)
            .count()
}
