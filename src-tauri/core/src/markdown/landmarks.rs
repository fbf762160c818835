//! The places of a page a reader can be sent to: its headings, and the outline items that
//! are headings in all but syntax.
//!
//! Most event reports are written as bullet outlines: `- ログ基盤` over `  - Fluentd で集約`
//! and `  - BigQuery に保存`. A list item with items of its own is such a **place**: search
//! treats it as a section with the item's own text as its heading, a result points at it,
//! and the page gives its `<li>` an anchor. An item that holds a heading (`- # Title`) is
//! not one: the heading is the place there.
//!
//! The outline (what is indexed, listed and linked to) and the HTML (what is shown) both
//! take their anchors from here, over the same events, so a search hit or a link always
//! finds its element. Headings are numbered first, as they always were, so a page's heading
//! anchors do not change when places are added; a place's anchor never takes one of them.

use std::collections::HashMap;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::anchors::Slugger;

/// What a landmark is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LandmarkKind {
    /// A heading of this level (1–6).
    Heading(u8),
    /// An outline item with items of its own, this many lists deep (1 for a top-level list).
    Place(u8),
}

/// A heading or a place, with its text and anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Landmark {
    pub kind: LandmarkKind,
    /// The heading's text, or the item's own text (before its nested list).
    pub text: String,
    pub anchor: String,
    /// Where its text ends: the event after the last one of it (a heading's `End(Heading)`;
    /// for a place, the event that ended its title, such as its nested list's `Start(List)`).
    pub end: usize,
}

/// The landmarks of one page, by the position of the event that starts each (a heading's
/// `Start(Heading)`, a place's `Start(Item)`).
#[derive(Debug, Default)]
pub struct Landmarks {
    at: HashMap<usize, Landmark>,
}

impl Landmarks {
    /// Finds the landmarks of a page from its events, as the parser gives them.
    pub fn find(events: &[Event<'_>]) -> Landmarks {
        let mut headings: Vec<(usize, LandmarkKind, String, usize)> = Vec::new();
        let mut places: Vec<(usize, LandmarkKind, String, usize)> = Vec::new();
        let mut heading: Option<(usize, u8, String)> = None;
        let mut items: Vec<OpenItem> = Vec::new();
        for (at, event) in events.iter().enumerate() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some((at, *level as u8, String::new()));
                    for item in &mut items {
                        item.holds_heading = true;
                    }
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((start, level, text)) = heading.take() {
                        let text = text.trim().to_owned();
                        headings.push((start, LandmarkKind::Heading(level), text, at));
                    }
                }
                Event::Start(Tag::Item) => items.push(OpenItem {
                    at,
                    title: String::new(),
                    title_end: None,
                    has_items: false,
                    holds_heading: false,
                }),
                Event::Start(Tag::List(_)) => {
                    if let Some(item) = items.last_mut() {
                        item.has_items = true;
                        item.title_end.get_or_insert(at);
                    }
                }
                Event::End(TagEnd::Item) => {
                    if let Some(item) = items.pop() {
                        let title = squeeze(&item.title);
                        if item.has_items && !item.holds_heading && !title.is_empty() {
                            let depth = (items.len() + 1).min(255) as u8;
                            let end = item.title_end.unwrap_or(at);
                            places.push((item.at, LandmarkKind::Place(depth), title, end));
                        }
                    }
                }
                Event::Text(text) | Event::Code(text) => {
                    if let Some((_, _, heading_text)) = heading.as_mut() {
                        heading_text.push_str(text);
                    } else if let Some(item) = items.last_mut().filter(|i| i.title_end.is_none()) {
                        item.title.push_str(text);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(item) = items.last_mut().filter(|i| i.title_end.is_none()) {
                        item.title.push(' ');
                    }
                }
                // The end of the item's first paragraph ends its title: a loose item's later
                // paragraphs are its text, not its name.
                Event::End(TagEnd::Paragraph) => {
                    if let Some(item) = items
                        .last_mut()
                        .filter(|i| i.title_end.is_none() && !i.title.trim().is_empty())
                    {
                        item.title_end = Some(at);
                    }
                }
                _ => {}
            }
        }

        // Places are named after every heading is: in document order among themselves,
        // never taking a heading's anchor.
        places.sort_by_key(|(start, ..)| *start);
        let mut slugger = Slugger::default();
        let at = headings
            .into_iter()
            .chain(places)
            .map(|(start, kind, text, end)| {
                let anchor = slugger.anchor(&text);
                (
                    start,
                    Landmark {
                        kind,
                        text,
                        anchor,
                        end,
                    },
                )
            })
            .collect();
        Landmarks { at }
    }

    /// The landmark the event at `at` starts, if it starts one.
    pub fn at(&self, at: usize) -> Option<&Landmark> {
        self.at.get(&at)
    }
}

struct OpenItem {
    /// Where its `Start(Item)` is.
    at: usize,
    /// Its own text, before its nested list or the end of its first paragraph.
    title: String,
    /// Where its title ended, once it has.
    title_end: Option<usize>,
    has_items: bool,
    holds_heading: bool,
}

/// `text` with each run of white space made one space, trimmed.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::options::options;
    use pulldown_cmark::Parser;

    fn landmarks(markdown: &str) -> Vec<(LandmarkKind, String, String)> {
        let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
        let found = Landmarks::find(&events);
        (0..events.len())
            .filter_map(|i| found.at(i))
            .map(|l| (l.kind, l.text.clone(), l.anchor.clone()))
            .collect()
    }

    fn place(depth: u8, text: &str, anchor: &str) -> (LandmarkKind, String, String) {
        (LandmarkKind::Place(depth), text.into(), anchor.into())
    }

    fn heading(level: u8, text: &str, anchor: &str) -> (LandmarkKind, String, String) {
        (LandmarkKind::Heading(level), text.into(), anchor.into())
    }

    #[test]
    fn items_with_items_of_their_own_are_places() {
        let found = landmarks(
            "## ログ基盤\n\n- Fluentd で集約\n  - BigQuery に保存\n  - **Cloud** `NAT`\n    - 深い\n- 子なし\n\n\
             1. 番号付き\n   1. 子\n",
        );
        assert_eq!(
            found,
            vec![
                heading(2, "ログ基盤", "ログ基盤"),
                place(1, "Fluentd で集約", "fluentd-で集約"),
                place(2, "Cloud NAT", "cloud-nat"),
                place(1, "番号付き", "番号付き"),
            ]
        );
    }

    #[test]
    fn heading_anchors_stay_as_they_were_and_places_never_take_one() {
        // The place comes first in the page but is named after the heading.
        let found = landmarks("- Network\n  - x\n\n## Network\n\n- Network\n  - y\n");
        assert_eq!(
            found,
            vec![
                place(1, "Network", "network-1"),
                heading(2, "Network", "network"),
                place(1, "Network", "network-2"),
            ]
        );
    }

    #[test]
    fn a_loose_item_is_named_by_its_first_paragraph_and_an_item_with_a_heading_is_not_a_place() {
        let found = landmarks(
            "- First line\n  goes on\n\n  Later paragraph.\n\n  - child\n\n- # Title in an item\n  - child\n",
        );
        assert_eq!(
            found,
            vec![
                place(1, "First line goes on", "first-line-goes-on"),
                heading(1, "Title in an item", "title-in-an-item"),
            ]
        );
    }
}
