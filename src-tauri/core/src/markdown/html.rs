//! Markdown to the sanitized HTML the window shows.
//!
//! Images are not left to the browser: each becomes either an `<img>` pointing at the asset
//! URL of a file that exists in the content folder, or a placeholder card saying what is
//! missing and where it was expected, so a reader never sees a broken-image icon and no
//! remote image is ever fetched. Headings get the anchors of [`super::outline`], and search
//! matches can be wrapped in `<mark>`.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd, TextMergeStream};

use super::bounds::{bounded, is_inline_container, is_inline_container_end};
use super::landmarks::Landmarks;
use super::options::options;
use super::sanitize::sanitize;
use crate::text::html::{escape, push_escaped};

/// Where an image of a report can be shown from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageTarget {
    /// The file exists in the content folder and is served at `url`.
    Available { url: String },
    /// The image cannot be shown; the placeholder says why.
    Missing {
        expected: String,
        reason: MissingReason,
    },
}

/// Why an image shows as a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingReason {
    /// The report refers to a file that is not in the content folder.
    NotIncluded,
    /// The image is on the web; reports are read offline and nothing remote is loaded.
    Remote,
    /// The path tries to leave the content folder or is not a file path at all.
    Refused,
    /// The file is larger than the viewer serves (see `content::files::MAX_IMAGE_BYTES`).
    TooLarge,
}

impl MissingReason {
    /// A stable name of the reason, for the window to word it in the reader's language.
    pub fn code(self) -> &'static str {
        match self {
            MissingReason::NotIncluded => "not_included",
            MissingReason::Remote => "remote",
            MissingReason::Refused => "refused",
            MissingReason::TooLarge => "too_large",
        }
    }

    /// The reason of `code` (see [`MissingReason::code`]).
    pub fn from_code(code: &str) -> Option<MissingReason> {
        [
            MissingReason::NotIncluded,
            MissingReason::Remote,
            MissingReason::Refused,
            MissingReason::TooLarge,
        ]
        .into_iter()
        .find(|reason| reason.code() == code)
    }

    /// The sentence shown on the placeholder card (in English; the window words it in the
    /// reader's language by its [`MissingReason::code`]).
    pub fn label(self) -> &'static str {
        match self {
            MissingReason::NotIncluded => "Image not included in this report",
            MissingReason::Remote => "Remote image not loaded: reports are read offline",
            MissingReason::Refused => "Image path refused: it points outside the report",
            MissingReason::TooLarge => "Image too large to show (over 32 MiB)",
        }
    }
}

/// Decides where each image `src` of a page is shown from.
pub trait ImageResolver {
    fn resolve(&self, src: &str) -> ImageTarget;
}

/// Finds the byte ranges of search matches in a piece of text, for `<mark>`.
pub trait Highlighter {
    /// The matches in `text`, sorted and not overlapping.
    fn ranges(&self, text: &str) -> Vec<Range<usize>>;
}

/// What a page is rendered with.
pub struct RenderContext<'a> {
    pub images: &'a dyn ImageResolver,
    pub highlight: Option<&'a dyn Highlighter>,
    /// URL prefix of served assets; the sanitizer lets image sources through only under it.
    pub asset_base: &'a str,
}

/// Renders `markdown` to sanitized HTML.
pub fn render_html(markdown: &str, context: &RenderContext<'_>) -> String {
    let source: Vec<Event<'_>> =
        TextMergeStream::new(bounded(Parser::new_ext(markdown, options()))).collect();
    let landmarks = Landmarks::find(&source);
    let mut image_index = 0;
    let mut events: Vec<Event<'_>> = Vec::with_capacity(source.len());
    let mut pending_image: Option<(String, String, String)> = None;

    for (at, event) in source.into_iter().enumerate() {
        if let Some((_, _, alt)) = pending_image.as_mut() {
            match event {
                Event::End(TagEnd::Image) => {
                    let (src, title, alt) = pending_image.take().unwrap_or_default();
                    let target = context.images.resolve(&src);
                    events.push(Event::InlineHtml(
                        image_html(&target, &alt, &title, image_index).into(),
                    ));
                    image_index += 1;
                }
                Event::Text(text) | Event::Code(text) => alt.push_str(&text),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                pending_image = Some((dest_url.to_string(), title.to_string(), String::new()));
            }
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = landmarks.at(at).map(|l| CowStr::from(l.anchor.clone()));
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            // A place of the outline: its item carries its anchor, for links and results.
            Event::Start(Tag::Item) => match landmarks.at(at) {
                Some(place) => events.push(Event::Html(
                    format!("<li id=\"{}\">", escape(&place.anchor)).into(),
                )),
                None => events.push(Event::Start(Tag::Item)),
            },
            other => events.push(other),
        }
    }
    if let Some(highlight) = context.highlight {
        mark_matches(&mut events, highlight);
    }

    let mut html = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    sanitize(&html, context.asset_base)
}

/// Most search matches marked on one page. A reader scrolls through a few dozen; a page that
/// holds the word 100,000 times would otherwise carry 100,000 elements more.
pub const MAX_PAGE_MARKS: usize = 1_000;

/// Wraps the highlighter's matches in `<mark>`, the first [`MAX_PAGE_MARKS`] of them.
/// Matches are looked for in the text of each block as a whole, as the index sees it, so a
/// match that runs across a link, emphasis or inline code (`Kubernetes Day への` with a
/// linked `Kubernetes Day`) is marked too, in pieces, one per element it touches.
fn mark_matches(events: &mut [Event<'_>], highlight: &dyn Highlighter) {
    let mut budget = MAX_PAGE_MARKS;
    // The text events of the current block, with where each starts in `joined`.
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut joined = String::new();
    for i in 0..events.len() {
        match &events[i] {
            Event::Text(text) | Event::Code(text) => {
                pieces.push((i, joined.len()));
                joined.push_str(text);
            }
            // Inside a block: the text goes on around these.
            Event::Start(tag) if is_inline_container(tag) => {}
            Event::End(tag) if is_inline_container_end(*tag) => {}
            // Inline, but no text of the block: it separates the text around it.
            Event::SoftBreak | Event::HardBreak | Event::InlineHtml(_) => joined.push('\n'),
            _ => {
                mark_block(events, &pieces, &joined, highlight, &mut budget);
                pieces.clear();
                joined.clear();
            }
        }
    }
    mark_block(events, &pieces, &joined, highlight, &mut budget);
}

/// Marks the matches in `joined` (the text of one block) in the events it came from, taking
/// them from `budget`. The matches are sorted and apart, and so are the pieces: one walk
/// through both, not every match tried against every piece.
fn mark_block(
    events: &mut [Event<'_>],
    pieces: &[(usize, usize)],
    joined: &str,
    highlight: &dyn Highlighter,
    budget: &mut usize,
) {
    if pieces.is_empty() || *budget == 0 {
        return;
    }
    let mut ranges = highlight.ranges(joined);
    ranges.truncate(*budget);
    *budget -= ranges.len();
    if ranges.is_empty() {
        return;
    }
    let mut first = 0;
    for &(index, start) in pieces {
        let (text, code) = match &events[index] {
            Event::Text(text) => (text, false),
            Event::Code(text) => (text, true),
            _ => continue,
        };
        let end = start + text.len();
        while ranges.get(first).is_some_and(|r| r.end <= start) {
            first += 1;
        }
        let local: Vec<Range<usize>> = ranges[first..]
            .iter()
            .take_while(|r| r.start < end)
            .map(|r| r.start.max(start) - start..r.end.min(end) - start)
            .collect();
        if local.is_empty() {
            continue;
        }
        let mut html = String::with_capacity(text.len() + local.len() * 13 + 13);
        if code {
            html.push_str("<code>");
        }
        let mut at = 0;
        for range in local {
            push_escaped(&mut html, &text[at..range.start]);
            html.push_str("<mark>");
            push_escaped(&mut html, &text[range.clone()]);
            html.push_str("</mark>");
            at = range.end;
        }
        push_escaped(&mut html, &text[at..]);
        if code {
            html.push_str("</code>");
        }
        events[index] = Event::InlineHtml(html.into());
    }
}

fn image_html(target: &ImageTarget, alt: &str, title: &str, index: usize) -> String {
    match target {
        ImageTarget::Available { url } => {
            let title_attr = if title.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", escape(title))
            };
            format!(
                "<img class=\"report-image\" src=\"{}\" alt=\"{}\"{} data-image-index=\"{}\">",
                escape(url),
                escape(alt),
                title_attr,
                index
            )
        }
        ImageTarget::Missing { expected, reason } => format!(
            "<span class=\"image-missing\" role=\"img\" aria-label=\"{alt_attr}\" data-image-index=\"{index}\" data-missing=\"{code}\">\
             <span class=\"image-missing-label\">{label}</span>\
             <span class=\"image-missing-alt\">{alt_text}</span>\
             <code class=\"image-missing-path\">{path}</code></span>",
            alt_attr = escape(&format!("{}: {alt}", reason.label())),
            label = escape(reason.label()),
            code = reason.code(),
            alt_text = escape(alt),
            path = escape(expected),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed;
    impl ImageResolver for Fixed {
        fn resolve(&self, src: &str) -> ImageTarget {
            if src == "/here.png" {
                ImageTarget::Available {
                    url: "asset://localhost/here.png".into(),
                }
            } else {
                ImageTarget::Missing {
                    expected: src.into(),
                    reason: MissingReason::NotIncluded,
                }
            }
        }
    }

    struct Word(&'static str);
    impl Highlighter for Word {
        fn ranges(&self, text: &str) -> Vec<Range<usize>> {
            text.match_indices(self.0)
                .map(|(i, m)| i..i + m.len())
                .collect()
        }
    }

    fn render(markdown: &str, highlight: Option<&dyn Highlighter>) -> String {
        render_html(
            markdown,
            &RenderContext {
                images: &Fixed,
                highlight,
                asset_base: "asset://localhost/",
            },
        )
    }

    #[test]
    fn available_and_missing_images() {
        let html = render(r#"![here](/here.png) ![gone "q" & x](/gone.png)"#, None);
        assert!(
            html.contains(r#"<img class="report-image" src="asset://localhost/here.png" alt="here" data-image-index="0">"#),
            "{html}"
        );
        assert!(html.contains(r#"data-image-index="1""#), "{html}");
        assert!(html.contains("Image not included in this report"), "{html}");
        assert!(
            html.contains("<code class=\"image-missing-path\">/gone.png</code>"),
            "{html}"
        );
        assert!(html.contains("gone &quot;q&quot; &amp; x"), "{html}");
    }

    #[test]
    fn headings_get_outline_anchors() {
        let html = render("## Cloud Nativeの難しさ\n\n## Cloud Nativeの難しさ\n", None);
        assert!(html.contains(r#"<h2 id="cloud-nativeの難しさ">"#), "{html}");
        assert!(
            html.contains(r#"<h2 id="cloud-nativeの難しさ-1">"#),
            "{html}"
        );
    }

    #[test]
    fn matches_are_marked_and_text_stays_escaped() {
        let html = render("a < k8s & k8s>", Some(&Word("k8s")));
        assert_eq!(
            html.trim(),
            "<p>a &lt; <mark>k8s</mark> &amp; <mark>k8s</mark>&gt;</p>"
        );
    }

    #[test]
    fn matches_across_links_and_code_are_marked_in_pieces() {
        let html = render(
            "[Kubernetes Day](https://example.com) への参加\n\nrun `k8s` now",
            Some(&Word("Day への")),
        );
        assert!(
            html.contains(r#"<a href="https://example.com" rel="noopener noreferrer">Kubernetes <mark>Day</mark></a><mark> への</mark>参加"#),
            "{html}"
        );
        let html = render("run `k8s` now", Some(&Word("k8s")));
        assert!(html.contains("<code><mark>k8s</mark></code>"), "{html}");
        // Text of different blocks is never joined.
        let html = render("- Day\n- への", Some(&Word("Day への")));
        assert!(!html.contains("<mark>"), "{html}");
    }

    #[test]
    fn a_heading_with_an_image_gets_the_outline_anchor() {
        let markdown = "## ![logo](/here.png) Istio\n";
        let anchor = &crate::markdown::outline(markdown).sections[0]
            .heading
            .clone()
            .unwrap()
            .anchor;
        let html = render(markdown, None);
        assert!(html.contains(&format!(r#"<h2 id="{anchor}">"#)), "{html}");
    }

    #[test]
    fn scripts_and_remote_sources_are_removed() {
        let html = render(
            "<script>alert(1)</script>\n\n<img src=\"https://example.com/x.png\" onerror=\"alert(1)\">\n\n[x](javascript:alert(1)) <a href=\"https://example.com\" onclick=\"x()\">ok</a>",
            None,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("alert"), "{html}");
        assert!(!html.contains("example.com/x.png"), "{html}");
        assert!(html.contains(r#"href="https://example.com""#), "{html}");
        assert!(!html.contains("onclick"), "{html}");
    }

    #[test]
    fn links_keep_only_web_and_mail_schemes_and_inputs_are_checkboxes() {
        let html = render(
            "[a](tel:123) [b](ssh://host) [c](https://x.org) [d](mailto:a@b.c) [e](asset://localhost/here.png) [f](/blog/post/) [g](#top)\n\n<input value=\"typed\"> <input type=\"text\">\n",
            None,
        );
        assert!(!html.contains("tel:"), "{html}");
        assert!(!html.contains("ssh:"), "{html}");
        assert!(!html.contains("href=\"asset:"), "{html}");
        for kept in ["https://x.org", "mailto:a@b.c", "/blog/post/", "#top"] {
            assert!(html.contains(&format!("href=\"{kept}\"")), "{kept}: {html}");
        }
        assert_eq!(html.matches("<input").count(), 2, "{html}");
        assert_eq!(html.matches(r#"type="checkbox""#).count(), 2, "{html}");
        assert_eq!(html.matches("disabled").count(), 2, "{html}");
        assert!(!html.contains("type=\"text\""), "{html}");
    }

    #[test]
    fn extensions_are_enabled() {
        let html = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n\nnote[^1]\n\n[^1]: the note\n",
            None,
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains(r#"type="checkbox""#), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
    }
}
