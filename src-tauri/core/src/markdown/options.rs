//! The one place that decides which Markdown extensions reports may use.

use pulldown_cmark::Options;

/// Parser options for every report: GitHub-style tables, strikethrough, task lists and
/// footnotes. Smart punctuation stays off, so text is searched and shown exactly as written.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}
