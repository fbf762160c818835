//! The outline of a page: its sections (the text under each heading) and its images.
//!
//! One pass over the parser events, so section text, heading anchors and image order are
//! exactly those the HTML renderer produces from the same Markdown.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use super::anchors::Slugger;
use super::options::options;
use super::text::{TextStyle, TextWriter};

/// A heading of a page with its anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub anchor: String,
}

/// The text under one heading (or before the first heading, where `heading` is `None`).
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
    pub fn headings(&self) -> impl Iterator<Item = &Heading> {
        self.sections.iter().filter_map(|s| s.heading.as_ref())
    }
}

/// Reads the outline of `markdown`. A leading section without a heading is kept only when it
/// has text.
pub fn outline(markdown: &str) -> Outline {
    let mut slugger = Slugger::default();
    let mut sections = Vec::new();
    let mut images = Vec::new();
    let mut current_heading: Option<Heading> = None;
    let mut body = TextWriter::new(TextStyle::Compact);
    let mut heading_text: Option<(HeadingLevel, String)> = None;
    let mut image: Option<ImageRef> = None;

    for event in Parser::new_ext(markdown, options()) {
        match &event {
            Event::Start(Tag::Heading { level, .. }) => {
                let finished = std::mem::replace(&mut body, TextWriter::new(TextStyle::Compact));
                push_section(&mut sections, current_heading.take(), finished.finish());
                heading_text = Some((*level, String::new()));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading_text.take() {
                    let text = text.trim().to_owned();
                    current_heading = Some(Heading {
                        level: level as u8,
                        anchor: slugger.anchor(&text),
                        text,
                    });
                }
                continue;
            }
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
        match (&mut heading_text, &event) {
            (Some((_, text)), Event::Text(t) | Event::Code(t)) => text.push_str(t),
            (Some(_), _) => {}
            (None, event) => body.event(event),
        }
    }
    push_section(&mut sections, current_heading, body.finish());
    Outline { sections, images }
}

fn push_section(sections: &mut Vec<Section>, heading: Option<Heading>, text: String) {
    if heading.is_none() && text.is_empty() {
        return;
    }
    sections.push(Section { heading, text });
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

    #[test]
    fn empty_lead_is_not_a_section() {
        let page = outline("## Only\n\ntext\n");
        assert_eq!(page.sections.len(), 1);
    }
}
