//! Search: a local tantivy index of every section, excellent in Japanese.
//!
//! - [`tokenizer`]: bigrams for Japanese, words for Latin, plus suffix tokens.
//! - [`terms`]: how each kind of index term is spelled, for the tokenizer and the queries.
//! - [`needle`]: the reader's input as needles, the one query language of every front end.
//! - [`query`]: needles as tantivy queries; `any`: a union that is cheap to seek;
//!   `bounded`: phrases checked only in the sections that could rank.
//! - [`ranking`]: every weight and tier that orders the hits.
//! - [`highlight`]: needles found again in the original text, for marks and snippets.
//! - [`hits`]: ranked sections as hits, checked where the index cannot be exact.
//! - `candidates`: what ranking needs of each candidate, read from the index; `columns`:
//!   its fast fields, opened once per segment.
//! - `spread`: a title indexed once, standing for every section of its session.
//! - [`index`]: building, opening and searching an index; `queue`: reports sent to its
//!   writer a bounded number at a time.
//! - [`store`]: the index on disk, kept fresh, rebuilt when stale or corrupt.
//! - [`service`]: the index behind an async handle, usable while it builds.

mod affix;
mod any;
mod bounded;
mod candidates;
mod columns;
pub mod documents;
pub mod error;
pub mod highlight;
pub mod hits;
pub mod index;
pub mod needle;
pub mod query;
mod queue;
pub mod ranking;
pub mod schema;
pub mod service;
mod spread;
pub mod store;
pub mod terms;
pub mod tokenizer;
mod word;

pub use error::{IndexError, IndexResult};
pub use highlight::{Matcher, Snippet};
pub use hits::Hit;
pub use index::{Scope, SearchIndex};
pub use service::{SearchError, SearchService, SearchStatus};
pub use store::{IndexStore, Origin, Verify};
