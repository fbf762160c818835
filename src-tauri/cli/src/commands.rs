//! What each command prints.

use std::io::{self, Write};
use std::path::PathBuf;

use report_core::content::Library;
use report_core::markdown::{plain_text, TextStyle};
use report_core::search::{Hit, IndexError, IndexStore, Origin, Scope, SearchIndex, Verify};
use report_core::view;

use crate::error::CliError;
use crate::library::Sources;
use crate::terminal::{clean, clean_json};
use crate::{asset_url, locations, Command};

/// How a command that printed its output went.
pub enum Outcome {
    Clean,
    /// Some report files could not be loaded (already reported on stderr).
    WithProblems,
}

pub fn run(command: Command, content: &[PathBuf]) -> Result<Outcome, CliError> {
    // The library the window shows, unless --content names others.
    let sources = Sources::of_run(content).map_err(CliError::Library)?;
    let library = crate::library::load(&sources.dirs).map_err(CliError::Library)?;
    for problem in &library.problems {
        crate::terminal::say(&format!(
            "report-viewer: warning: {}",
            clean(&problem.to_string())
        ));
    }
    let mut out = io::stdout().lock();
    let printed = match command {
        Command::Reports { json } => reports(&mut out, &library, json),
        Command::Sessions { json } => sessions(&mut out, &library, json),
        Command::Show { session_id, html } => show(&mut out, &library, &session_id, html),
        Command::Open { .. } => return Err(CliError::NeedsWindow),
        Command::Search {
            query,
            json,
            limit,
            report,
        } => {
            let scope = match report {
                Some(id) if library.report(&id).is_none() => return Err(CliError::NoReport(id)),
                Some(id) => Scope::Report(id),
                None => Scope::All,
            };
            search(&mut out, &library, &query_text(&query), json, limit, &scope)
        }
    };
    match printed {
        // A closed pipe (`| head`) cut the output short: what was read was all that was
        // wanted.
        Ok(()) | Err(CliError::ClosedOutput) => {}
        Err(error) => return Err(error),
    }
    let outcome = if library.problems.is_empty() {
        Outcome::Clean
    } else {
        Outcome::WithProblems
    };
    // The process ends with the command: freeing a library of 10,000 entries one by one
    // would take longer than the search did.
    std::mem::forget(library);
    Ok(outcome)
}

fn reports(out: &mut impl Write, library: &Library, json: bool) -> Result<(), CliError> {
    let reports = view::report_listings(library);
    if json {
        return write_json(out, &reports);
    }
    for report in reports {
        let date = report.date.as_deref().unwrap_or("undated");
        writeln!(
            out,
            "{}\t{}\t{}\t{} session{}",
            clean(&report.id),
            clean(date),
            clean(&report.title),
            report.sessions,
            if report.sessions == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}

fn sessions(out: &mut impl Write, library: &Library, json: bool) -> Result<(), CliError> {
    let sessions = view::session_summaries(library);
    if json {
        return write_json(out, &sessions);
    }
    for session in sessions {
        writeln!(out, "{}\t{}", clean(&session.id), clean(&session.title))?;
        if !session.speakers.is_empty() {
            writeln!(out, "\t{}", clean(&session.speakers.join(" / ")))?;
        }
    }
    Ok(())
}

fn show(out: &mut impl Write, library: &Library, id: &str, html: bool) -> Result<(), CliError> {
    let Some((entry, _)) = library.session(id) else {
        return Err(CliError::NoSession(id.to_owned()));
    };
    // The report is read now, as its file is.
    let report = library.parse(entry)?;
    let gone = || CliError::SessionGone {
        id: id.to_owned(),
        file: entry.file.clone(),
    };
    let Some(session) = report.session(id) else {
        return Err(gone());
    };
    if html {
        let page = view::page(library, id, asset_url::BASE, None).ok_or_else(gone)?;
        let article = format!(
            "<article>\n<h1>{}</h1>\n{}\n{}</article>",
            report_core::text::html::escape(&page.title),
            page.byline_html.trim_end(),
            page.html
        );
        writeln!(out, "{}", clean(&article))?;
        return Ok(());
    }
    let mut text = format!("# {}\n\n", session.title);
    for speaker in &session.speakers {
        text.push_str(&format!("- {speaker}\n"));
    }
    if !session.speakers.is_empty() {
        text.push('\n');
    }
    text.push_str(&plain_text(&session.body.markdown, TextStyle::Readable));
    writeln!(out, "{}", clean(&text))?;
    Ok(())
}

fn search(
    out: &mut impl Write,
    library: &Library,
    query: &str,
    json: bool,
    limit: usize,
    scope: &Scope,
) -> Result<(), CliError> {
    let index = open_index(library).map_err(CliError::Index)?;
    let hits = index
        .search_in(query, limit, scope)
        .map_err(CliError::Search)?;
    if json {
        let hits: Vec<HitJson<'_>> = hits.iter().map(HitJson::from).collect();
        return write_json(out, &hits);
    }
    if hits.is_empty() {
        writeln!(out, "no sections match")?;
    }
    for hit in &hits {
        let place = match (&hit.session, &hit.heading) {
            (Some(session), Some(heading)) => format!("{session} › {heading}"),
            (Some(session), None) => session.clone(),
            (None, Some(heading)) => format!("{} › {heading}", hit.report_title),
            (None, None) => hit.report_title.clone(),
        };
        writeln!(
            out,
            "{}\n  {}",
            clean(&place),
            clean(&hit.snippet.marked("[", "]"))
        )?;
    }
    Ok(())
}

/// Prints `value` as pretty JSON, with no control character left raw (see [`clean_json`]).
fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> Result<(), CliError> {
    let json = serde_json::to_string_pretty(value).map_err(io::Error::from)?;
    writeln!(out, "{}", clean_json(json))?;
    Ok(())
}

/// One hit as `search --json` prints it: exactly these fields, whatever else the window uses.
#[derive(serde::Serialize)]
struct HitJson<'a> {
    report: &'a str,
    session: Option<&'a str>,
    session_id: Option<&'a str>,
    heading: Option<&'a str>,
    anchor: Option<&'a str>,
    /// Escaped text with each match in `<mark>`.
    snippet: String,
    score: f32,
}

impl<'a> From<&'a Hit> for HitJson<'a> {
    fn from(hit: &'a Hit) -> Self {
        HitJson {
            report: &hit.report,
            session: hit.session.as_deref(),
            session_id: hit.session_id.as_deref(),
            heading: hit.heading.as_deref(),
            anchor: hit.anchor.as_deref(),
            snippet: hit.snippet.html(),
            score: hit.score,
        }
    }
}

/// The query the arguments spell: joined with spaces and read exactly as the search box
/// reads what is typed into it, so the same text means the same everywhere. Words are all
/// to be found; a phrase is written in double quotes inside the query
/// (`search '"Cloud NAT"'`).
fn query_text(arguments: &[String]) -> String {
    arguments.join(" ")
}

/// The index of `library` from the per-user data folder, checked in full since a command
/// runs once; in memory if there is no data folder.
fn open_index(library: &Library) -> Result<SearchIndex, IndexError> {
    let Some(dir) = locations::index_dir() else {
        return SearchIndex::build_in_ram(library);
    };
    let (index, origin) = IndexStore::new(dir).open_or_build(library, Verify::Full)?;
    if let Origin::InMemory(_) = origin {
        log::warn!("{origin}");
    } else {
        log::info!("{origin}");
    }
    Ok(index)
}
