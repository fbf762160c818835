//! What gets indexed: one document per section (the text under one heading).
//!
//! A section knows its session and heading, so a hit can open the session scrolled to the
//! right place. The report's title is searched with its overview only, so a word of the
//! title finds the report, not every section of it. A session's first document holds its byline and the text before its first
//! heading, so every session can be found by its speakers and by its title even if it has
//! no text of its own.

use std::borrow::Cow;

use crate::content::{Report, Session};
use crate::markdown::Section;
use crate::text::fold;

/// One section, ready to be indexed.
#[derive(Debug, Clone)]
pub struct SectionDoc<'a> {
    pub report: &'a Report,
    pub session: Option<&'a Session>,
    pub heading: Option<&'a str>,
    pub anchor: Option<&'a str>,
    pub body: Cow<'a, str>,
    /// In the section that holds the searched title, how many sections the title stands
    /// for, this one first (see [`super::spread`]); 0 in every other. A session's title is
    /// held by its first section; the report's title by the first of its overview (one made
    /// for the title alone when the report has no overview text), for that section alone.
    pub title_span: u64,
}

impl SectionDoc<'_> {
    /// The title a section is found by: its session's, or for the overview's first
    /// section, its report's.
    pub fn title(&self) -> Option<&str> {
        match self.session {
            Some(session) => Some(&session.title),
            None => (self.title_span > 0).then_some(&self.report.title),
        }
    }
}

/// Every section of `reports`, in reading order.
pub fn section_docs(reports: &[Report]) -> Vec<SectionDoc<'_>> {
    reports.iter().flat_map(report_docs).collect()
}

/// Every section of one report, in reading order.
pub fn report_docs(report: &Report) -> Vec<SectionDoc<'_>> {
    let mut docs = Vec::new();
    for section in &report.overview.outline.sections {
        docs.push(doc(report, None, section, ""));
    }
    match docs.first_mut() {
        Some(first) => first.title_span = 1,
        // A report with no text before its first session is still found by its title; the
        // window opens its first page for it.
        None if !report.sessions.is_empty() => docs.push(SectionDoc {
            report,
            session: None,
            heading: None,
            anchor: None,
            body: Cow::Borrowed(""),
            title_span: 1,
        }),
        None => {}
    }
    for session in &report.sessions {
        let first = docs.len();
        let sections = &session.body.outline.sections;
        let has_intro = sections.first().is_some_and(|s| s.heading.is_none());
        let byline = session.speakers.join("\n");
        if !has_intro {
            docs.push(SectionDoc {
                report,
                session: Some(session),
                heading: None,
                anchor: None,
                body: Cow::Owned(byline.clone()),
                title_span: 0,
            });
        }
        for (i, section) in sections.iter().enumerate() {
            let lead = if i == 0 && has_intro {
                byline.as_str()
            } else {
                ""
            };
            docs.push(doc(report, Some(session), section, lead));
        }
        // Never empty: the byline's section is there when there is no other.
        docs[first].title_span = (docs.len() - first) as u64;
    }
    docs
}

fn doc<'a>(
    report: &'a Report,
    session: Option<&'a Session>,
    section: &'a Section,
    lead: &str,
) -> SectionDoc<'a> {
    let body = match (lead.is_empty(), section.text.is_empty()) {
        (true, _) => Cow::Borrowed(section.text.as_str()),
        (false, true) => Cow::Owned(lead.to_owned()),
        (false, false) => Cow::Owned(format!("{lead}\n{}", section.text)),
    };
    SectionDoc {
        report,
        session,
        heading: section.heading.as_ref().map(|h| h.text.as_str()),
        anchor: section.heading.as_ref().map(|h| h.anchor.as_str()),
        body,
        title_span: 0,
    }
}

/// The key a whole title or heading is matched on: folded, with runs of spaces collapsed.
pub fn whole_text_key(text: &str) -> String {
    fold(text).split_whitespace().collect::<Vec<_>>().join(" ")
}
