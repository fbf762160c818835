//! Text folding and segmentation shared by the index, the query builder and the highlighter.

pub mod class;
pub mod fold;
pub mod runs;

pub use fold::{fold, fold_change, fold_with_offsets, FoldChange, FoldedChar};
pub use runs::{pieces, runs, symbol_runs, Run, RunKind};
pub mod html;
