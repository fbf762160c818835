//! Links into the app: `report-viewer://page/<page id>#<anchor>`.
//!
//! A link names a page by its id (`<report id>/<session number>` or `<report id>/overview`,
//! as `report-viewer sessions` lists them; a report id alone opens that report) and, after
//! `#`, a place on it (a heading's anchor). Each `/`-separated part of the id and the anchor
//! are percent-encoded, so a link is plain ASCII that survives a chat message, a shell and
//! the desktop's URL handler, while report ids and anchors may be Japanese.
//!
//! A link comes from outside the app (another program, a web page, a shell), so parsing it
//! is strict and its length bounded; what it names is only looked up in the library
//! ([`crate::view::destination`]), never used as a path.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use thiserror::Error;

/// The URL scheme the app is registered for (`plugins.deep-link` in `tauri.conf.json`, the
/// desktop entry's `MimeType`).
pub const SCHEME: &str = "report-viewer";

/// What follows the scheme for a page: `report-viewer://page/…`.
const PAGE: &str = "page";

/// Longer links are refused unread: no page id or anchor comes near it.
const MAX_LENGTH: usize = 8 * 1024;

/// Characters escaped in a part of a page id or an anchor: everything but the unreserved
/// ones of RFC 3986 (non-ASCII is always escaped).
const ESCAPED: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'!')
    .add(b'"')
    .add(b'#')
    .add(b'$')
    .add(b'%')
    .add(b'&')
    .add(b'\'')
    .add(b'(')
    .add(b')')
    .add(b'*')
    .add(b'+')
    .add(b',')
    .add(b'/')
    .add(b':')
    .add(b';')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'?')
    .add(b'@')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A place in the library a link names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// A page id, or a report id.
    pub page: String,
    /// An anchor on the page (without `#`).
    pub anchor: Option<String>,
}

/// Why a text is not a link into the app.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LinkError {
    #[error("not a {SCHEME}:// link")]
    OtherScheme,
    #[error("the link is longer than {MAX_LENGTH} characters")]
    TooLong,
    #[error("the link names no page (expected {SCHEME}://{PAGE}/<page id>)")]
    NoPage,
    #[error("`{0}` is not something a link can open (expected {SCHEME}://{PAGE}/<page id>)")]
    UnknownKind(String),
    #[error("the link's page id has an empty part")]
    EmptyPart,
    #[error("the link has an escape that is not UTF-8 text")]
    BadEscape,
}

impl Link {
    pub fn new(page: impl Into<String>, anchor: Option<String>) -> Link {
        Link {
            page: page.into(),
            anchor: anchor.filter(|a| !a.is_empty()),
        }
    }

    /// Reads a link as another program hands it over. Surrounding spaces are dropped, the
    /// scheme is case-insensitive, a query (`?…`) is ignored.
    pub fn parse(text: &str) -> Result<Link, LinkError> {
        let text = text.trim();
        if text.len() > MAX_LENGTH {
            return Err(LinkError::TooLong);
        }
        let rest = text
            .split_once("://")
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case(SCHEME))
            .map(|(_, rest)| rest)
            .ok_or(LinkError::OtherScheme)?;
        let (rest, anchor) = match rest.split_once('#') {
            Some((rest, anchor)) => (rest, Some(decode(anchor)?)),
            None => (rest, None),
        };
        let rest = rest.split_once('?').map_or(rest, |(rest, _query)| rest);
        let (kind, path) = rest.split_once('/').unwrap_or((rest, ""));
        if !kind.eq_ignore_ascii_case(PAGE) {
            return Err(if kind.is_empty() {
                LinkError::NoPage
            } else {
                LinkError::UnknownKind(decode(kind).unwrap_or_else(|_| kind.to_owned()))
            });
        }
        // A trailing slash, as some programs add, is no part of an id.
        let path = path.strip_suffix('/').unwrap_or(path);
        if path.is_empty() {
            return Err(LinkError::NoPage);
        }
        let parts = path
            .split('/')
            .map(|part| match decode(part)? {
                part if part.is_empty() => Err(LinkError::EmptyPart),
                part => Ok(part),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Link::new(parts.join("/"), anchor))
    }

    /// The link as text: `report-viewer://page/<page id>[#<anchor>]`.
    pub fn to_url(&self) -> String {
        let path: Vec<String> = self
            .page
            .split('/')
            .map(|part| utf8_percent_encode(part, ESCAPED).to_string())
            .collect();
        let mut url = format!("{SCHEME}://{PAGE}/{}", path.join("/"));
        if let Some(anchor) = &self.anchor {
            url.push('#');
            url.extend(utf8_percent_encode(anchor, ESCAPED).map(str::to_owned));
        }
        url
    }
}

fn decode(part: &str) -> Result<String, LinkError> {
    percent_decode_str(part)
        .decode_utf8()
        .map(|text| text.into_owned())
        .map_err(|_| LinkError::BadEscape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_ascii_and_reads_back_as_written() {
        let link = Link::new(
            "2019/0327-k8s day/1",
            Some("cloud-nativeとは (#1)".to_owned()),
        );
        let url = link.to_url();
        assert_eq!(
            url,
            "report-viewer://page/2019/0327-k8s%20day/1#cloud-native%E3%81%A8%E3%81%AF%20%28%231%29"
        );
        assert!(url.is_ascii());
        assert_eq!(Link::parse(&url), Ok(link));
    }

    #[test]
    fn what_programs_add_or_change_is_taken_in_stride() {
        let expected = Link::new("report/2", Some("a".to_owned()));
        for text in [
            "report-viewer://page/report/2#a",
            "  REPORT-VIEWER://Page/report/2#a\n",
            "report-viewer://page/report/2/#a",
            "report-viewer://page/report/2?from=chat#a",
            "report-viewer://page/report/%32#%61",
        ] {
            assert_eq!(Link::parse(text), Ok(expected.clone()), "{text}");
        }
        assert_eq!(
            Link::parse("report-viewer://page/report/2#"),
            Ok(Link::new("report/2", None))
        );
    }

    #[test]
    fn texts_that_are_not_links_into_the_app_say_why() {
        let cases: [(&str, LinkError); 8] = [
            ("https://example.com/page/x", LinkError::OtherScheme),
            ("report-viewer:page/x", LinkError::OtherScheme),
            ("report-viewer://", LinkError::NoPage),
            ("report-viewer://page", LinkError::NoPage),
            ("report-viewer://page/", LinkError::NoPage),
            (
                "report-viewer://settings/x",
                LinkError::UnknownKind("settings".into()),
            ),
            ("report-viewer://page/a//1", LinkError::EmptyPart),
            ("report-viewer://page/a/%FF", LinkError::BadEscape),
        ];
        for (text, error) in cases {
            assert_eq!(Link::parse(text), Err(error), "{text}");
        }
        let long = format!("report-viewer://page/{}", "a".repeat(MAX_LENGTH));
        assert_eq!(Link::parse(&long), Err(LinkError::TooLong));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // Whatever a report's path and headings are made of, its links lead back to them.
        #[test]
        fn every_link_reads_back_as_the_place_it_names(
            parts in proptest::collection::vec("[^/]{1,12}", 1..4),
            anchor in proptest::option::of(".{1,20}"),
        ) {
            let link = Link::new(parts.join("/"), anchor);
            let url = link.to_url();
            prop_assert!(url.is_ascii());
            prop_assert_eq!(Link::parse(&url), Ok(link));
        }
    }
}
