//! Fast-field columns of a segment, opened once.
//!
//! Opening a column reads its block index: for the spans of session titles at 10,000
//! reports that cost more than the rest of a two-word search, and every search opened it
//! again for each needle, each segment and each way of matching. A segment never changes
//! once written, so its columns are kept by segment id.

use std::sync::{Mutex, OnceLock};

use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::SegmentReader;

/// Columns kept: a few per segment of the few indexes a process has open.
const KEPT: usize = 64;

/// The u64 column `name` of the segment `reader` reads.
pub(super) fn u64_column(
    reader: &SegmentReader,
    name: &'static str,
) -> tantivy::Result<Column<u64>> {
    type Kept = Vec<((SegmentId, &'static str), Column<u64>)>;
    static OPENED: OnceLock<Mutex<Kept>> = OnceLock::new();
    let key = (reader.segment_id(), name);
    let opened = OPENED.get_or_init(Default::default);
    if let Some((_, column)) = opened
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|(kept, _)| *kept == key)
    {
        return Ok(column.clone());
    }
    let column = reader.fast_fields().u64(name)?;
    let mut opened = opened.lock().unwrap_or_else(|e| e.into_inner());
    if opened.len() >= KEPT {
        opened.remove(0);
    }
    opened.push((key, column.clone()));
    Ok(column)
}
