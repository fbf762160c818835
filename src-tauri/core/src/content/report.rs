//! A report and its sessions, read from one Markdown file.
//!
//! Reports come in two shapes. A blog post (the bundled report) names itself in its front
//! matter and gives each talk a `# ` heading. Event notes name the event in their only `# `
//! heading and give each talk a `## `. So in a file whose front matter has no title, a `# `
//! heading that is the only one of the file is the report's title heading, and the sessions
//! are the headings of the shallowest level left: several `# ` headings, or the `## ` under a
//! title heading, or the `## ` of a file that has no `# ` at all. Each session (one talk) runs to the next; the text before the first is the
//! report's overview.
//!
//! The title is the front matter's `title`, else the title heading, else the file's name (a
//! `README.md`'s folder's); the date is the front matter's, else the one in the path.
//!
//! Headings are found by the Markdown parser, not by looking for `#` at line starts, so a `#`
//! inside a code block never starts a session, and only headings at the top level of the
//! document count: a heading inside a list item, a quote or a footnote does not cut the
//! page in two.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::byline::split_byline;
use super::images::{Image, ImageLocator};
use super::{from_path, front_matter};
use crate::markdown::options::options;
use crate::markdown::{outline, Outline};

/// A page of Markdown with its outline: the overview, or a session's body.
#[derive(Debug, Clone)]
pub struct Page {
    pub markdown: String,
    pub outline: Outline,
}

impl Page {
    fn new(markdown: String) -> Self {
        let outline = outline(&markdown);
        Page { markdown, outline }
    }
}

/// One talk of a report.
#[derive(Debug, Clone)]
pub struct Session {
    /// `<report id>/<number>`: stable as long as the report keeps its order.
    pub id: String,
    /// 1-based position in the report.
    pub number: usize,
    pub title: String,
    /// 1-based line of the session's heading in the report file.
    pub line: usize,
    /// The byline items as plain text (names, affiliations, handles).
    pub speakers: Vec<String>,
    pub byline_markdown: String,
    pub body: Page,
    pub images: Vec<Image>,
}

/// A report: front matter, overview and sessions.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file name without extension, unique within a library.
    pub id: String,
    /// Path of the report file relative to the content folder, `/`-separated.
    pub file: String,
    pub title: String,
    pub date: Option<String>,
    pub categories: Vec<String>,
    pub overview: Page,
    pub sessions: Vec<Session>,
    /// Digest of the file's bytes: what the search index checks to know it is up to date.
    pub digest: u64,
}

/// A report that cannot be read. `line` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl Report {
    /// Parses the report file `file` (content-relative) with text `source`.
    pub fn parse(
        id: String,
        file: String,
        source: &str,
        locator: ImageLocator<'_>,
    ) -> Result<Report, ParseError> {
        let split = front_matter::split(source).map_err(|e| ParseError {
            line: e.line,
            message: e.message,
        })?;
        let body = split.body;
        let titled = split
            .front_matter
            .title
            .as_ref()
            .is_some_and(|t| !t.trim().is_empty());
        let Shape {
            title_heading,
            sessions: headings,
        } = shape(top_level_headings(body), titled);

        let overview_end = headings.first().map_or(body.len(), |h| h.start);
        let overview = match &title_heading {
            // The title heading is the report's title, not text of its overview.
            Some(title) if title.end <= overview_end => {
                format!("{}{}", &body[..title.start], &body[title.end..overview_end])
            }
            _ => body[..overview_end].to_owned(),
        };
        let mut sessions = Vec::with_capacity(headings.len());
        let mut lines = LineCounter::new(body);
        for (index, heading) in headings.iter().enumerate() {
            let end = headings
                .get(index + 1)
                .map_or(body.len(), |next| next.start);
            let number = index + 1;
            let byline = split_byline(&body[heading.end..end]);
            let page = Page::new(byline.body_markdown);
            let images = page
                .outline
                .images
                .iter()
                .map(|image| locator.image(&image.src, &image.alt, &image.title))
                .collect();
            sessions.push(Session {
                id: format!("{id}/{number}"),
                number,
                title: heading.title.clone(),
                line: split.body_line_offset + lines.line_at(heading.start),
                speakers: byline.speakers,
                byline_markdown: byline.byline_markdown,
                body: page,
                images,
            });
        }

        let nonempty = |text: &String| !text.trim().is_empty();
        let title = split
            .front_matter
            .title
            .filter(nonempty)
            .or_else(|| title_heading.map(|h| h.title).filter(nonempty))
            .unwrap_or_else(|| from_path::name(&file, &id));
        Ok(Report {
            title,
            date: split.front_matter.date.or_else(|| from_path::date(&file)),
            categories: split.front_matter.categories,
            overview: Page::new(overview),
            sessions,
            digest: super::digest::digest(source.as_bytes()),
            id,
            file,
        })
    }

    pub fn session(&self, id: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }
}

/// A heading at the top level of the document.
struct TopHeading {
    level: HeadingLevel,
    /// Byte range of the heading line(s) in the body.
    start: usize,
    end: usize,
    title: String,
}

/// How a report's headings divide it (see the module documentation).
struct Shape {
    title_heading: Option<TopHeading>,
    sessions: Vec<TopHeading>,
}

/// `titled`: the front matter names the report, so no heading is its title.
fn shape(mut headings: Vec<TopHeading>, titled: bool) -> Shape {
    let mut first_level = headings.iter().filter(|h| h.level == HeadingLevel::H1);
    let title_heading = match (first_level.next(), first_level.next()) {
        (Some(_), None) if !titled => headings
            .iter()
            .position(|h| h.level == HeadingLevel::H1)
            .map(|at| headings.remove(at)),
        _ => None,
    };
    let session_level = headings.iter().map(|h| h.level).min();
    headings.retain(|h| Some(h.level) == session_level);
    Shape {
        title_heading,
        sessions: headings,
    }
}

/// The headings at the top level of the document: not one inside a list item, a quote or a
/// footnote, which must not cut the page in two.
fn top_level_headings(body: &str) -> Vec<TopHeading> {
    let mut out = Vec::new();
    let mut open: Option<TopHeading> = None;
    let mut containers = 0usize;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                containers += 1
            }
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                containers = containers.saturating_sub(1)
            }
            Event::Start(Tag::Heading { level, .. }) if containers == 0 => {
                open = Some(TopHeading {
                    level,
                    start: range.start,
                    end: range.end,
                    title: String::new(),
                })
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut heading) = open.take() {
                    heading.title = heading.title.trim().to_owned();
                    out.push(heading);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = open.as_mut() {
                    heading.title.push_str(&text);
                }
            }
            _ => {}
        }
    }
    out
}

/// 1-based line numbers of increasing offsets in one text, counted once from the last offset
/// asked for: a report of 200,000 sessions is counted through once, not once per session.
struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line of `offset`, which is at or after every offset asked for before.
    fn line_at(&mut self, offset: usize) -> usize {
        debug_assert!(offset >= self.offset);
        let offset = offset.max(self.offset);
        self.line += self.text.as_bytes()[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::ContentRoot;

    // Regression: each session's line was counted from the top of the file, so 200,000
    // sessions never finished listing.
    #[test]
    fn session_lines_are_counted_in_one_pass() {
        let dir = tempfile::tempdir().unwrap();
        let root = ContentRoot::new(dir.path()).unwrap();
        let locator = ImageLocator {
            root: &root,
            report_dir: "",
        };
        let source = format!(
            "---\ntitle: t\n---\nlead\n\n{}",
            "# a\n\ntext\n".repeat(100_000)
        );
        let report = Report::parse("r".into(), "r.md".into(), &source, locator).unwrap();
        assert_eq!(report.sessions.len(), 100_000);
        for (n, session) in report.sessions.iter().enumerate() {
            assert_eq!(session.line, 6 + 3 * n, "session {}", n + 1);
        }
    }
}
