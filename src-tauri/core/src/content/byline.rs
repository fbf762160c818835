//! The byline of a session: the list items right under its title that name the speakers.
//!
//! Reports write the speakers as the first bullets of a session (`- 株式会社… 青山 真也 氏`,
//! `- [@amsy810](…)`), and often go straight on with the talk's own bullets in the *same*
//! Markdown list after a blank line. So the byline is the leading run of one-line items up to
//! the first blank line; an item with nested content, or one after a blank line, is the talk.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::markdown::options::options;

/// Longest item still read as a speaker line; longer ones are prose.
const MAX_SPEAKER_CHARS: usize = 120;

/// A session's Markdown split into byline and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BylineSplit {
    /// Plain text of each byline item, in order.
    pub speakers: Vec<String>,
    /// The byline items' Markdown, for rendering links in the byline.
    pub byline_markdown: String,
    /// The session's Markdown without the byline.
    pub body_markdown: String,
}

struct Item {
    range: Range<usize>,
    text: String,
    simple: bool,
}

/// Splits the Markdown that follows a session's title.
pub fn split_byline(markdown: &str) -> BylineSplit {
    let items = leading_list_items(markdown);
    let mut taken = 0;
    for (i, item) in items.iter().enumerate() {
        let separated =
            i > 0 && has_blank_line(&markdown[items[i - 1].range.start..item.range.start]);
        if separated
            || !item.simple
            || item.text.is_empty()
            || item.text.chars().count() > MAX_SPEAKER_CHARS
        {
            break;
        }
        taken = i + 1;
    }
    if taken == 0 {
        return BylineSplit {
            speakers: Vec::new(),
            byline_markdown: String::new(),
            body_markdown: markdown.to_owned(),
        };
    }
    let start = items[0].range.start;
    let end = items[taken - 1].range.end;
    BylineSplit {
        speakers: items[..taken]
            .iter()
            .map(|item| item.text.clone())
            .collect(),
        byline_markdown: markdown[start..end].trim_end().to_owned(),
        body_markdown: format!("{}{}", &markdown[..start], &markdown[end..]),
    }
}

/// The top-level items of the list the Markdown starts with (nothing if it starts otherwise).
fn leading_list_items(markdown: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<(usize, String, usize)> = None; // (start, text, paragraphs)
    let mut simple = true;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::List(_)) => {
                if depth == 0 && !items.is_empty() {
                    break;
                }
                if depth >= 1 {
                    simple = false;
                }
                depth += 1;
            }
            Event::End(TagEnd::List(_)) => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Event::Start(Tag::Item) if depth == 1 => {
                current = Some((range.start, String::new(), 0));
                simple = true;
            }
            Event::End(TagEnd::Item) if depth == 1 => {
                if let Some((start, text, paragraphs)) = current.take() {
                    items.push(Item {
                        range: start..range.end,
                        text: text.trim().to_owned(),
                        simple: simple && paragraphs <= 1,
                    });
                }
            }
            _ if depth == 0 => break,
            Event::Start(Tag::Paragraph) => {
                if let Some((_, _, paragraphs)) = current.as_mut() {
                    *paragraphs += 1;
                }
            }
            Event::Start(
                Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::Table(_) | Tag::Image { .. },
            ) => simple = false,
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, item_text, _)) = current.as_mut() {
                    item_text.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, item_text, _)) = current.as_mut() {
                    item_text.push(' ');
                }
            }
            _ => {}
        }
    }
    items
}

/// Whether a blank line separates two consecutive items, given the text from the start of the
/// first to the start of the second.
fn has_blank_line(between: &str) -> bool {
    let lines: Vec<&str> = between.split('\n').collect();
    // The first line is the item itself; the last is the indentation before the next item.
    lines.len() > 2
        && lines[1..lines.len() - 1]
            .iter()
            .any(|line| line.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_stop_at_the_blank_line_that_starts_the_talk() {
        let session = "\n- 株式会社サイバーエージェント　青山 真也 氏\n- [@amsy810](https://twitter.com/amsy810)\n\n- サイバーエージェントとk8s\n  - 2016年頃からk8sを採用\n- k8s\n";
        let split = split_byline(session);
        assert_eq!(
            split.speakers,
            vec!["株式会社サイバーエージェント　青山 真也 氏", "@amsy810"]
        );
        assert!(split.byline_markdown.starts_with("- 株式会社"));
        assert!(split
            .byline_markdown
            .ends_with("(https://twitter.com/amsy810)"));
        assert!(!split.body_markdown.contains("amsy810"));
        assert!(split.body_markdown.contains("- サイバーエージェントとk8s"));
        assert!(split.body_markdown.contains("- k8s"));
    }

    #[test]
    fn flat_talk_bullets_after_a_blank_line_are_not_speakers() {
        let session = "\n- 株式会社フリークアウト　西口 次郎 氏\n\n- RED: Freakout DSP\n- ASE: 位置情報マーケティングプラットフォーム\n\n\n## Next\n";
        let split = split_byline(session);
        assert_eq!(split.speakers, vec!["株式会社フリークアウト　西口 次郎 氏"]);
        assert!(split.body_markdown.contains("- RED: Freakout DSP"));
    }

    #[test]
    fn single_speaker_list_followed_by_a_heading() {
        let split = split_byline(
            "\n- Google Cloud Japan　田中 宏樹氏、岩成 祐樹氏\n\n## Security\n\n- x\n",
        );
        assert_eq!(
            split.speakers,
            vec!["Google Cloud Japan　田中 宏樹氏、岩成 祐樹氏"]
        );
        assert_eq!(split.body_markdown.trim(), "## Security\n\n- x");
    }

    #[test]
    fn a_session_that_starts_with_prose_or_nested_bullets_has_no_byline() {
        assert!(split_byline("\nSome prose.\n\n- a\n").speakers.is_empty());
        assert!(split_byline("\n- topic\n  - detail\n").speakers.is_empty());
        let unchanged = "\n## Heading\n\n- a\n";
        assert_eq!(split_byline(unchanged).body_markdown, unchanged);
    }
}
