//! The outline of a page: its sections (the text under each heading or place) and its
//! images.
//!
//! A section is the text under a heading, or under an outline item with items of its own
//! (a place, see [`super::landmarks`]): a session written as one long bullet outline is
//! then many sections, each found and opened on its own. A place's section holds the text
//! of its items; the text around it stays its heading's.
//!
//! One pass over the parser events, with the anchors of [`super::landmarks`], so section
//! text, anchors and image order are exactly those the HTML renderer produces from the
//! same Markdown.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use super::bounds::bounded;
use super::landmarks::{LandmarkKind, Landmarks};
use super::options::options;
use super::text::{TextStyle, TextWriter};

/// A heading of a page, or a place of its outline, with its anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// A heading's level (1–6); a place's depth in its lists (1 for a top-level item).
    pub level: u8,
    pub text: String,
    pub anchor: String,
    /// Whether this is an outline item rather than a heading.
    pub place: bool,
}

/// The text under one heading or place (or before the first heading, where `heading` is
/// `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: Option<Heading>,
    /// Compact plain text of the section body, heading excluded.
    pub text: String,
}

/// An image as written in the Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRef {
    pub src: String,
    pub alt: String,
    pub title: String,
}

/// Sections and images of one page.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub sections: Vec<Section>,
    pub images: Vec<ImageRef>,
}

impl Outline {
    /// The headings and places of the page, in reading order.
    pub fn headings(&self) -> impl Iterator<Item = &Heading> {
        self.sections.iter().filter_map(|s| s.heading.as_ref())
    }
}

/// A section being written: where it goes, its text so far, and for a place, how deep in
/// list items its item is (its `End(Item)` closes it).
struct Open {
    section: usize,
    text: TextWriter,
    item_depth: Option<usize>,
}

/// Reads the outline of `markdown`. A leading section without a heading is kept only when it
/// has text.
pub fn outline(markdown: &str) -> Outline {
    let events: Vec<Event<'_>> = bounded(Parser::new_ext(markdown, options())).collect();
    let landmarks = Landmarks::find(&events);
    let mut sections = vec![Section {
        heading: None,
        text: String::new(),
    }];
    let mut open = vec![Open {
        section: 0,
        text: TextWriter::new(TextStyle::Compact),
        item_depth: None,
    }];
    let mut images = Vec::new();
    let mut image: Option<ImageRef> = None;
    let mut item_depth = 0usize;
    // Events up to here are a heading's or a place's own text, not a section's.
    let mut skip_until = 0usize;

    for (at, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                image = Some(ImageRef {
                    src: dest_url.to_string(),
                    alt: String::new(),
                    title: title.to_string(),
                });
            }
            Event::End(TagEnd::Image) => images.extend(image.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(image) = image.as_mut() {
                    image.alt.push_str(text);
                }
            }
            _ => {}
        }
        let landmark = landmarks.at(at);
        match event {
            Event::Start(Tag::Item) => item_depth += 1,
            Event::End(TagEnd::Item) => {
                item_depth -= 1;
                if open.last().and_then(|o| o.item_depth) == Some(item_depth + 1) {
                    close(&mut sections, open.pop());
                    continue;
                }
            }
            _ => {}
        }
        if let Some(landmark) = landmark {
            let heading = Heading {
                level: match landmark.kind {
                    LandmarkKind::Heading(level) | LandmarkKind::Place(level) => level,
                },
                text: landmark.text.clone(),
                anchor: landmark.anchor.clone(),
                place: matches!(landmark.kind, LandmarkKind::Place(_)),
            };
            if !heading.place {
                // A heading ends every section open before it (no place holds a heading).
                while let Some(finished) = open.pop() {
                    close(&mut sections, Some(finished));
                }
            }
            sections.push(Section {
                heading: Some(heading),
                text: String::new(),
            });
            open.push(Open {
                section: sections.len() - 1,
                text: TextWriter::new(TextStyle::Compact),
                item_depth: matches!(landmark.kind, LandmarkKind::Place(_)).then_some(item_depth),
            });
            skip_until = landmark.end + 1;
            continue;
        }
        if at < skip_until {
            continue;
        }
        if let Some(current) = open.last_mut() {
            current.text.event(event);
        }
    }
    while let Some(finished) = open.pop() {
        close(&mut sections, Some(finished));
    }
    sections.retain(|s| s.heading.is_some() || !s.text.is_empty());
    Outline { sections, images }
}

fn close(sections: &mut [Section], finished: Option<Open>) {
    if let Some(finished) = finished {
        sections[finished.section].text = finished.text.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_follow_headings_with_unique_anchors() {
        let page = outline(
            "lead ![first](/a.png)\n\n## Network\n\nbody *one*\n\n### CIのフロー\n\n- x\n\n## Network\n\n![second](b.png \"t\")\n",
        );
        let summary: Vec<_> = page
            .sections
            .iter()
            .map(|s| {
                (
                    s.heading
                        .as_ref()
                        .map(|h| (h.level, h.text.as_str(), h.anchor.as_str())),
                    s.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (None, "lead first"),
                (Some((2, "Network", "network")), "body one"),
                (Some((3, "CIのフロー", "ciのフロー")), "x"),
                (Some((2, "Network", "network-1")), "second"),
            ]
        );
        assert_eq!(
            page.images,
            vec![
                ImageRef {
                    src: "/a.png".into(),
                    alt: "first".into(),
                    title: String::new()
                },
                ImageRef {
                    src: "b.png".into(),
                    alt: "second".into(),
                    title: "t".into()
                },
            ]
        );
    }

    fn summary(page: &Outline) -> Vec<(Option<(&str, bool)>, &str)> {
        page.sections
            .iter()
            .map(|s| {
                (
                    s.heading.as_ref().map(|h| (h.anchor.as_str(), h.place)),
                    s.text.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn an_outline_item_with_items_is_a_section_of_its_own() {
        let page = outline(
            "## ログ基盤

前置き

- Fluentd で集約
  - BigQuery に保存
  - 監視
    - アラート
    - ダッシュボード
  - 保持期間
- 子なし

後書き
",
        );
        assert_eq!(
            summary(&page),
            vec![
                // The text around the places stays the heading's.
                (
                    Some(("ログ基盤", false)),
                    "前置き
子なし
後書き"
                ),
                // A place holds its items, not its own name (that is its heading).
                (
                    Some(("fluentd-で集約", true)),
                    "BigQuery に保存
保持期間"
                ),
                (
                    Some(("監視", true)),
                    "アラート
ダッシュボード"
                ),
            ]
        );
        // Every word of the page is in exactly one section, or a heading.
        let all: String = page.sections.iter().map(|s| s.text.as_str()).collect();
        for word in ["前置き", "BigQuery", "アラート", "保持期間", "後書き"] {
            assert_eq!(all.matches(word).count(), 1, "{word}");
        }
    }

    #[test]
    fn a_page_that_is_one_outline_has_no_empty_lead() {
        let page = outline(
            "- A
  - a1
- B
  - b1
",
        );
        assert_eq!(
            summary(&page),
            vec![(Some(("a", true)), "a1"), (Some(("b", true)), "b1")]
        );
    }

    #[test]
    fn empty_lead_is_not_a_section() {
        let page = outline("## Only\n\ntext\n");
        assert_eq!(page.sections.len(), 1);
    }
}
