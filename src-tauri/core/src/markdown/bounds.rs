//! Nesting bounds for rendered pages.
//!
//! The HTML sanitizer parses what the renderer writes, and an HTML parser does work in
//! proportion to how deep the open elements are for every element it opens: a line of
//! 100,000 `>` (quotes within quotes) took 48 seconds to sanitize. No report nests that
//! deep on purpose, so before rendering, container elements (quotes, lists, emphasis,
//! links) deeper than [`MAX_NESTING`] are flattened: their text stays, in the deepest
//! container kept. Raw HTML nested deeper than [`MAX_RAW_HTML_DEPTH`] is shown as text.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Deepest nesting of Markdown containers rendered as elements.
pub const MAX_NESTING: usize = 32;

/// Deepest nesting of elements opened by a page's raw HTML.
pub const MAX_RAW_HTML_DEPTH: usize = 32;

/// Wraps parser events so that every container deeper than [`MAX_NESTING`] is flattened
/// and raw HTML that would nest deeper than [`MAX_RAW_HTML_DEPTH`] becomes text.
pub fn bounded<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut kept: Vec<bool> = Vec::new();
    let mut depth = 0usize;
    let mut raw_depth = 0usize;
    events.filter_map(move |event| match event {
        Event::Start(ref tag) if is_container(tag) => {
            let keep = depth < MAX_NESTING;
            kept.push(keep);
            depth += usize::from(keep);
            keep.then_some(event)
        }
        Event::End(tag) if is_container_end(tag) => {
            let keep = kept.pop().unwrap_or(true);
            depth -= usize::from(keep && depth > 0);
            keep.then_some(event)
        }
        Event::Html(html) => Some(raw_html(html, &mut raw_depth, Event::Html, Event::Text)),
        Event::InlineHtml(html) => Some(raw_html(
            html,
            &mut raw_depth,
            Event::InlineHtml,
            Event::Text,
        )),
        other => Some(other),
    })
}

/// Passes `html` on as HTML when the elements it opens stay within the depth bound, else
/// as text (which the renderer escapes).
fn raw_html<'a>(
    html: CowStr<'a>,
    depth: &mut usize,
    as_html: fn(CowStr<'a>) -> Event<'a>,
    as_text: fn(CowStr<'a>) -> Event<'a>,
) -> Event<'a> {
    let after = depth_after(&html, *depth);
    match after {
        Some(after) => {
            *depth = after;
            as_html(html)
        }
        None => as_text(html),
    }
}

/// The raw-HTML depth after `html`, counting start tags of elements that take content and
/// end tags; `None` if it goes past [`MAX_RAW_HTML_DEPTH`] on the way. A rough count (no
/// attributes with `>` in quotes, no comments), which only has to bound, not to parse.
fn depth_after(html: &str, mut depth: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        at += offset + 1;
        let closing = bytes.get(at) == Some(&b'/');
        let name_start = at + usize::from(closing);
        let name_end = bytes[name_start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |n| name_start + n);
        if name_end == name_start || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = &html[name_start..name_end];
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let tag_end = memchr(b'>', &bytes[name_end..]).map_or(bytes.len(), |n| name_end + n);
        let self_closing = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
        if !self_closing && !is_void(name) {
            depth += 1;
            if depth > MAX_RAW_HTML_DEPTH {
                return None;
            }
        }
    }
    Some(depth)
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// Elements that never take content.
fn is_void(name: &str) -> bool {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    VOID.iter().any(|void| void.eq_ignore_ascii_case(name))
}

/// Containers that can nest without end. Leaf blocks (paragraphs, headings, code, tables)
/// and images are always kept: they cannot nest in themselves, and the renderer pairs an
/// image's start with its end.
fn is_container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)
    ) || is_inline_container(tag)
}

fn is_container_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition
    ) || is_inline_container_end(tag)
}

/// Elements inside a block that hold text of it: the text of a block runs on through them.
pub(crate) fn is_inline_container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
    )
}

pub(crate) fn is_inline_container_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::options::options;
    use pulldown_cmark::Parser;

    fn max_depth(markdown: &str) -> (usize, String) {
        let mut depth = 0usize;
        let mut deepest = 0;
        let mut text = String::new();
        for event in bounded(Parser::new_ext(markdown, options())) {
            match event {
                Event::Start(_) => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                Event::End(_) => depth -= 1,
                Event::Text(t) => text.push_str(&t),
                _ => {}
            }
        }
        assert_eq!(depth, 0, "starts and ends stay paired");
        (deepest, text)
    }

    #[test]
    fn deep_quotes_and_lists_are_flattened_not_dropped() {
        let (deepest, text) = max_depth(&format!("{} deep text", ">".repeat(10_000)));
        assert!(deepest <= MAX_NESTING + 1, "{deepest}");
        assert_eq!(text, "deep text");

        let list: String = (0..200)
            .map(|level| format!("{}- item{level}\n", "  ".repeat(level)))
            .collect();
        let (deepest, text) = max_depth(&list);
        assert!(deepest <= MAX_NESTING + 2, "{deepest}");
        assert!(text.contains("item0") && text.contains("item199"), "{text}");
    }

    #[test]
    fn shallow_pages_are_untouched() {
        let markdown =
            "> quote\n>\n> - a\n>   - *b* [c](http://x)\n\n<div><span>raw</span></div>\n";
        let all: Vec<_> = Parser::new_ext(markdown, options()).collect();
        let kept: Vec<_> = bounded(Parser::new_ext(markdown, options())).collect();
        assert_eq!(all, kept);
    }

    #[test]
    fn deep_raw_html_becomes_text() {
        assert_eq!(depth_after("<div><br><img src=x><p/>", 0), Some(1));
        assert_eq!(depth_after("</div></div>", 1), Some(0));
        assert_eq!(depth_after("a < b and <3", 0), Some(0));
        assert_eq!(
            depth_after(&"<div>".repeat(MAX_RAW_HTML_DEPTH + 1), 0),
            None
        );
        let markdown = "<div>".repeat(1_000);
        let events: Vec<_> = bounded(Parser::new_ext(&markdown, options())).collect();
        assert!(
            events.iter().all(|e| !matches!(e, Event::Html(_))),
            "{events:?}"
        );
    }
}
