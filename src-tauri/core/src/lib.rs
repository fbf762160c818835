//! The core of Report Viewer: reports, Markdown and search, with no window attached.
//!
//! Everything a reader sees is decided here and tested here; the desktop app and the
//! command-line tool are thin layers over it.

pub mod content;
pub mod link;
pub mod markdown;
pub mod search;
pub mod storage;
pub mod text;
pub mod view;
