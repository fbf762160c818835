//! Markdown to plain text: for the terminal (`show`) and for the search index.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::bounds::MAX_NESTING;
use super::options::options;

/// How plain text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextStyle {
    /// For people: list markers, indentation, `#` before headings, blank lines between blocks.
    Readable,
    /// For the index and snippets: the words only, one block per line.
    Compact,
}

/// Renders `markdown` as plain text. Raw HTML (such as `<!-- more -->`) is dropped; image
/// alt text is kept, because it is text of the report a reader may search for.
pub fn plain_text(markdown: &str, style: TextStyle) -> String {
    let mut writer = TextWriter::new(style);
    for event in Parser::new_ext(markdown, options()) {
        writer.event(&event);
    }
    writer.finish()
}

/// Accumulates plain text from parser events; shared with the outline pass.
pub(crate) struct TextWriter {
    style: TextStyle,
    out: String,
    /// One entry per open list: the next number for ordered lists.
    lists: Vec<Option<u64>>,
}

impl TextWriter {
    pub(crate) fn new(style: TextStyle) -> Self {
        TextWriter {
            style,
            out: String::new(),
            lists: Vec::new(),
        }
    }

    fn readable(&self) -> bool {
        self.style == TextStyle::Readable
    }

    fn newline(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn blank_line(&mut self) {
        self.newline();
        if self.readable()
            && self.lists.is_empty()
            && !self.out.is_empty()
            && !self.out.ends_with("\n\n")
        {
            self.out.push('\n');
        }
    }

    pub(crate) fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(text) | Event::Code(text) => self.out.push_str(text),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.out.push_str(text),
            Event::SoftBreak | Event::HardBreak => self.out.push('\n'),
            Event::Rule => {
                self.blank_line();
                if self.readable() {
                    self.out.push_str("---");
                }
                self.blank_line();
            }
            Event::TaskListMarker(done) if self.readable() => {
                self.out.push_str(if *done { "[x] " } else { "[ ] " })
            }
            Event::FootnoteReference(label) if self.readable() => {
                self.out.push('[');
                self.out.push_str(label);
                self.out.push(']');
            }
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            _ => {}
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.blank_line();
                if self.readable() {
                    self.out.push_str(&"#".repeat(*level as usize));
                    self.out.push(' ');
                }
            }
            Tag::Paragraph | Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::Table(_) => {
                self.newline()
            }
            Tag::List(first) => {
                self.newline();
                self.lists.push(*first);
            }
            Tag::Item => {
                self.newline();
                if self.readable() {
                    // Indented as deep as a rendered page nests; deeper items line up with
                    // the deepest, or 50,000 nested items would print billions of spaces.
                    let depth = self.lists.len().saturating_sub(1).min(MAX_NESTING);
                    self.out.push_str(&"  ".repeat(depth));
                    match self.lists.last_mut() {
                        Some(Some(number)) => {
                            self.out.push_str(&format!("{number}. "));
                            *number += 1;
                        }
                        _ => self.out.push_str("- "),
                    }
                }
            }
            Tag::Image { .. } if self.readable() => self.out.push_str("[image: "),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::BlockQuote(_) => {
                self.blank_line()
            }
            TagEnd::Table => self.blank_line(),
            TagEnd::List(_) => {
                self.lists.pop();
                self.blank_line();
            }
            TagEnd::Item | TagEnd::TableHead | TagEnd::TableRow => self.newline(),
            TagEnd::TableCell => self.out.push_str(if self.readable() { " | " } else { " " }),
            TagEnd::Image if self.readable() => self.out.push(']'),
            _ => {}
        }
    }

    pub(crate) fn finish(self) -> String {
        let mut out = self.out;
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Intro with `code`.\n\n<!-- more -->\n\n## Heading\n\n- one\n  - nested\n- two ![alt text](/x.png)\n\n1. first\n2. second\n";

    #[test]
    fn readable_text_keeps_structure() {
        assert_eq!(
            plain_text(SAMPLE, TextStyle::Readable),
            "Intro with code.\n\n## Heading\n\n- one\n  - nested\n- two [image: alt text]\n\n1. first\n2. second"
        );
    }

    // Regression: each of 50,000 nested items was indented by its depth, quadratic output.
    #[test]
    fn deep_lists_are_indented_no_deeper_than_pages_nest() {
        let text = plain_text(&"- ".repeat(10_000), TextStyle::Readable);
        let widest = text.lines().map(str::len).max().unwrap_or(0);
        assert!(widest <= 2 * MAX_NESTING + 2, "{widest}");
    }

    #[test]
    fn compact_text_has_words_only() {
        assert_eq!(
            plain_text(SAMPLE, TextStyle::Compact),
            "Intro with code.\nHeading\none\nnested\ntwo alt text\nfirst\nsecond"
        );
    }
}
