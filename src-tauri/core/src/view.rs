//! What the window and the command line show: serializable views of the library.
//!
//! Both front ends read these, so the window and `report-viewer show --html` always show
//! the same sanitized HTML, and `sessions --json` lists what the sidebar lists.

use serde::Serialize;

use crate::content::assets::encode_url_path;
use crate::content::{Image, Library, ReportEntry, ReportImages, SessionEntry};
use crate::link::Link;
use crate::markdown::{render_html, Heading, Highlighter, RenderContext};
use crate::search::{needle, Matcher};

/// Suffix of the page id of a report's overview (`<report id>/overview`).
const OVERVIEW: &str = "overview";

/// The library as the sidebar lists it.
#[derive(Debug, Clone, Serialize)]
pub struct LibraryView {
    pub reports: Vec<ReportView>,
    /// Files that could not be loaded, for a banner.
    pub problems: Vec<ProblemView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub categories: Vec<String>,
    /// Page id of the overview, when the report has one.
    pub overview: Option<String>,
    pub sessions: Vec<SessionRow>,
}

/// A session as the sidebar lists it: what its row shows, no more (the sidebar of 10,000
/// reports is one message).
#[derive(Debug, Clone, Serialize)]
pub struct SessionRow {
    pub id: String,
    pub title: String,
    pub speakers: Vec<String>,
    /// How many images the session has.
    pub images: usize,
}

/// A report in a listing, serialized as `reports --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ReportListing {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub categories: Vec<String>,
    /// The report file.
    pub path: String,
    /// How many sessions it has.
    pub sessions: usize,
}

/// A session in a listing, serialized as `sessions --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct SessionSummary {
    /// Report id.
    pub report: String,
    pub id: String,
    pub title: String,
    pub speakers: Vec<String>,
    pub images: Vec<ImageSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImageSummary {
    pub src: String,
    pub alt: String,
    pub available: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemView {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

/// One page: a report's overview or a session.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub id: String,
    /// The page's link into the app (`report-viewer://page/…`); a place on it adds `#` and
    /// the place's anchor, percent-encoded.
    pub link: String,
    pub kind: PageKind,
    pub report_id: String,
    pub report_title: String,
    pub report_date: Option<String>,
    pub report_categories: Vec<String>,
    pub title: String,
    pub speakers: Vec<String>,
    /// Sanitized HTML of the byline (speaker lines with their links).
    pub byline_html: String,
    /// Sanitized HTML of the page body.
    pub html: String,
    /// Headings of the body, for the table of contents.
    pub toc: Vec<Heading>,
    /// The places of its outline (list items with items of their own), which links and
    /// search results lead to as they do to headings.
    pub places: Vec<Heading>,
    pub images: Vec<ImageView>,
    pub previous: Option<PageLink>,
    pub next: Option<PageLink>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    Overview,
    Session,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub id: String,
    pub title: String,
}

/// An image of a page for the image panel.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// Position among the page's images (matches `data-image-index` in the HTML).
    pub index: usize,
    pub src: String,
    pub alt: String,
    pub title: String,
    pub available: bool,
    /// Where it is served from, when available.
    pub url: Option<String>,
    /// The placeholder's sentence, when not (in English).
    pub missing_label: Option<&'static str>,
    /// Why not, as a stable name the window words in the reader's language.
    pub missing: Option<&'static str>,
}

/// The library for the sidebar.
pub fn library_view(library: &Library) -> LibraryView {
    LibraryView {
        reports: library
            .reports
            .iter()
            .map(|report| ReportView {
                id: report.id.clone(),
                title: report.title.clone(),
                date: report.date.clone(),
                categories: report.categories.clone(),
                overview: has_overview(report).then(|| overview_id(report)),
                sessions: report
                    .sessions
                    .iter()
                    .map(|session| SessionRow {
                        id: session.id.clone(),
                        title: session.title.clone(),
                        speakers: session.speakers.clone(),
                        images: session.images.len(),
                    })
                    .collect(),
            })
            .collect(),
        problems: library
            .problems
            .iter()
            .map(|p| ProblemView {
                file: p.path.display().to_string(),
                line: p.line,
                message: p.message.clone(),
            })
            .collect(),
    }
}

/// Every report of the library, newest first, for `reports`.
pub fn report_listings(library: &Library) -> Vec<ReportListing> {
    library
        .reports
        .iter()
        .map(|report| ReportListing {
            id: report.id.clone(),
            title: report.title.clone(),
            date: report.date.clone(),
            categories: report.categories.clone(),
            path: library.path_of(report).display().to_string(),
            sessions: report.sessions.len(),
        })
        .collect()
}

/// Every session of the library, for `sessions`.
pub fn session_summaries(library: &Library) -> Vec<SessionSummary> {
    library
        .sessions()
        .map(|(report, session)| session_summary(library, report, session))
        .collect()
}

fn session_summary(
    library: &Library,
    report: &ReportEntry,
    session: &SessionEntry,
) -> SessionSummary {
    SessionSummary {
        report: report.id.clone(),
        id: session.id.clone(),
        title: session.title.clone(),
        speakers: session.speakers.clone(),
        images: library
            .images(report, &session.images)
            .iter()
            .map(|image| ImageSummary {
                src: image.src.clone(),
                alt: image.alt.clone(),
                available: image.available,
            })
            .collect(),
    }
}

fn has_overview(report: &ReportEntry) -> bool {
    report.has_overview
}

fn overview_id(report: &ReportEntry) -> String {
    format!("{}/{OVERVIEW}", report.id)
}

/// The ids of every page in reading order, with their titles.
fn page_order(library: &Library) -> Vec<PageLink> {
    let mut pages = Vec::new();
    for report in &library.reports {
        if has_overview(report) {
            pages.push(PageLink {
                id: overview_id(report),
                title: report.title.clone(),
            });
        }
        for session in &report.sessions {
            pages.push(PageLink {
                id: session.id.clone(),
                title: session.title.clone(),
            });
        }
    }
    pages
}

/// Whether `id` names a page of the library (without rendering it).
pub fn has_page(library: &Library, id: &str) -> bool {
    page_order(library).iter().any(|page| page.id == id)
}

/// The first page of the library (the first report's overview, or its first session).
pub fn first_page(library: &Library) -> Option<String> {
    page_order(library).into_iter().next().map(|p| p.id)
}

/// Renders the page `id` (a session id or `<report id>/overview`). When `query` is given,
/// its matches are marked in the text. `asset_base` is the URL prefix images are served at.
pub fn page(
    library: &Library,
    id: &str,
    asset_base: &str,
    query: Option<&str>,
) -> Option<PageView> {
    let matcher = query
        .map(|q| Matcher::new(needle::parse(q)))
        .filter(|m| !m.is_empty());
    let highlight = matcher.as_ref().map(|m| m as &dyn Highlighter);

    let (entry, session_id) = locate(library, id)?;
    if session_id.is_none() && !entry.has_overview {
        // A report with no overview (found by its title) opens at its first page.
        let first = entry.sessions.first()?;
        return page(library, &first.id, asset_base, query);
    }
    // Each folder's images are served below a base of their own.
    let asset_base = &library.asset_base(entry, asset_base);
    // The page is rendered from the file as it is now.
    let report = match library.parse(entry) {
        Ok(report) => report,
        Err(problem) => {
            log::warn!("{problem}");
            return None;
        }
    };
    let session = match session_id {
        Some(id) => Some(report.session(id)?),
        None => None,
    };
    let images = ReportImages {
        locator: library.locator(entry),
        asset_base,
    };
    let context = RenderContext {
        images: &images,
        highlight,
        asset_base,
    };
    let (title, speakers, byline_html, body, page_images) = match session {
        Some(session) => (
            session.title.clone(),
            session.speakers.clone(),
            render_html(&session.byline_markdown, &context),
            &session.body,
            session.images.clone(),
        ),
        None => (
            report.title.clone(),
            Vec::new(),
            String::new(),
            &report.overview,
            library.images(entry, &report.overview.outline.images),
        ),
    };

    let order = page_order(library);
    let position = order.iter().position(|p| p.id == id)?;
    Some(PageView {
        id: id.to_owned(),
        link: Link::new(id, None).to_url(),
        kind: if session.is_some() {
            PageKind::Session
        } else {
            PageKind::Overview
        },
        report_id: report.id.clone(),
        report_title: report.title.clone(),
        report_date: report.date.clone(),
        report_categories: report.categories.clone(),
        title,
        speakers,
        byline_html,
        html: render_html(&body.markdown, &context),
        toc: body
            .outline
            .headings()
            .filter(|h| !h.place)
            .cloned()
            .collect(),
        places: body
            .outline
            .headings()
            .filter(|h| h.place)
            .cloned()
            .collect(),
        images: page_images
            .iter()
            .enumerate()
            .map(|(index, image)| image_view(index, image, asset_base))
            .collect(),
        previous: position.checked_sub(1).map(|i| order[i].clone()),
        next: order.get(position + 1).cloned(),
    })
}

fn image_view(index: usize, image: &Image, asset_base: &str) -> ImageView {
    ImageView {
        index,
        src: image.src.clone(),
        alt: image.alt.clone(),
        title: image.title.clone(),
        available: image.available,
        url: image
            .file
            .as_deref()
            .filter(|_| image.available)
            .map(|file| format!("{asset_base}{}", encode_url_path(file))),
        missing_label: image.missing.map(|reason| reason.label()),
        missing: image.missing.map(|reason| reason.code()),
    }
}

/// Where a link into the app leads in `library`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Destination {
    /// The page to open; `None` when the link leads to no page of the library.
    pub page: Option<String>,
    /// The place on the page, when the page has it.
    pub anchor: Option<String>,
    /// Why the link was not followed as written, when it was not.
    pub problem: Option<LinkProblem>,
}

/// A link that leads nowhere, or not all the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkProblem {
    /// `invalid`, `no_report`, `no_page` or `no_place`: a stable name the window words in
    /// the reader's language.
    pub kind: &'static str,
    /// The link as it was given.
    pub link: String,
    /// What was not found (a report id, a page id, an anchor), or why the text is no link.
    pub detail: String,
}

impl LinkProblem {
    /// The problem in English, for the log.
    pub fn message(&self) -> String {
        let what = match self.kind {
            "invalid" => "is not a link into Report Viewer",
            "no_report" => "names a report that is not in the library",
            "no_page" => "names a page its report does not have",
            _ => "names a place its page does not have",
        };
        format!("{} {what}: {}", self.link, self.detail)
    }
}

/// Follows the link `text` in `library`: its page (a report id alone leads to the report's
/// first page) and the place on it. A link to something the library does not have leads as
/// far as it can, and says what is missing.
pub fn destination(library: &Library, text: &str) -> Destination {
    let nowhere = |kind, detail: String| Destination {
        page: None,
        anchor: None,
        problem: Some(LinkProblem {
            kind,
            link: text.trim().to_owned(),
            detail,
        }),
    };
    let link = match Link::parse(text) {
        Ok(link) => link,
        Err(error) => return nowhere("invalid", error.to_string()),
    };
    let page = if has_page(library, &link.page) {
        link.page.clone()
    } else if let Some(report) = library.report(&link.page) {
        match report_first_page(report) {
            Some(page) => page,
            None => return nowhere("no_page", link.page),
        }
    } else {
        return match link.page.rsplit_once('/') {
            Some((report, _)) if library.report(report).is_some() => nowhere("no_page", link.page),
            Some((report, _)) => nowhere("no_report", report.to_owned()),
            None => nowhere("no_report", link.page),
        };
    };
    let (anchor, problem) = match link.anchor {
        Some(anchor) if !page_anchors(library, &page).contains(&anchor) => (
            None,
            Some(LinkProblem {
                kind: "no_place",
                link: text.trim().to_owned(),
                detail: anchor,
            }),
        ),
        anchor => (anchor, None),
    };
    Destination {
        page: Some(page),
        anchor,
        problem,
    }
}

/// The first page of `report`: its overview, else its first session.
fn report_first_page(report: &ReportEntry) -> Option<String> {
    if has_overview(report) {
        return Some(overview_id(report));
    }
    report.sessions.first().map(|session| session.id.clone())
}

/// The anchors of the headings of the page `id` (read from its file as it is now).
fn page_anchors(library: &Library, id: &str) -> Vec<String> {
    let Some((entry, session)) = locate(library, id) else {
        return Vec::new();
    };
    let Ok(report) = library.parse(entry) else {
        return Vec::new();
    };
    let body = match session {
        Some(id) => match report.session(id) {
            Some(session) => &session.body,
            None => return Vec::new(),
        },
        None => &report.overview,
    };
    body.outline.headings().map(|h| h.anchor.clone()).collect()
}

/// The report of the page `id` and, for a session's page, the session's id (`None` for
/// the report's overview).
fn locate<'a>(library: &'a Library, id: &str) -> Option<(&'a ReportEntry, Option<&'a str>)> {
    match id.rsplit_once('/') {
        Some((report_id, OVERVIEW)) => Some((library.report(report_id)?, None)),
        _ => {
            let (report, session) = library.session(id)?;
            Some((report, Some(session.id.as_str())))
        }
    }
}
