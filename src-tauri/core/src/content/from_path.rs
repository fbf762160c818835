//! What a report's path says about it when its text does not: a name and a date.
//!
//! Blogs name posts `2019-03-27-title.md`; collections of event notes keep each event in
//! `2019/0327-event-name/README.md` or `2019/03/27/index.md`. Both carry the date a reader
//! sorts by, and the file (or, for a `README.md`, its folder) names the report.

use std::path::Path;

use super::discovery::stands_for_its_folder;

/// The name of the report at `file` (`/`-separated, relative): the file's name without its
/// extension, or its folder's name for a `README.md` / `index.md`.
pub fn name(file: &str, root_name: &str) -> String {
    let path = Path::new(file);
    let named = if stands_for_its_folder(path) {
        path.parent().and_then(Path::file_name)
    } else {
        path.file_stem()
    };
    named
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| root_name.to_owned())
}

/// The date `file` (`/`-separated, relative) is named with, as `YYYY-MM-DD`: from a file name
/// starting `YYYY-MM-DD-`, else from folders `YYYY/MMDD…` or `YYYY/MM/DD`.
pub fn date(file: &str) -> Option<String> {
    let segments: Vec<&str> = file.split('/').collect();
    let (last, folders) = segments.split_last()?;
    if let Some(date) = leading_date(last) {
        return Some(date);
    }
    for (i, year) in folders.iter().enumerate() {
        if !is_year(year) {
            continue;
        }
        let rest = &segments[i + 1..];
        // `YYYY/MMDD-event` or `YYYY/MMDD`.
        if let Some(next) = rest.first() {
            let digits: String = next.chars().take_while(char::is_ascii_digit).collect();
            if digits.len() == 4 && (next.len() == 4 || next[4..].starts_with(['-', '_'])) {
                if let Some(date) = checked(year, &digits[..2], &digits[2..]) {
                    return Some(date);
                }
            }
        }
        // `YYYY/MM/DD/…`.
        if let [month, day, ..] = rest {
            if let Some(date) = checked(year, month, day) {
                return Some(date);
            }
        }
    }
    None
}

/// `YYYY-MM-DD` at the start of a file name, followed by `-` or the extension.
fn leading_date(name: &str) -> Option<String> {
    let head = name.get(..10)?;
    let rest = &name[10..];
    if !(rest.starts_with('-') || rest.starts_with('.')) {
        return None;
    }
    let mut parts = head.split('-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(year), Some(month), Some(day)) if is_year(year) => checked(year, month, day),
        _ => None,
    }
}

fn is_year(text: &str) -> bool {
    text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) && ("1900".."2999").contains(&text)
}

fn checked(year: &str, month: &str, day: &str) -> Option<String> {
    let number = |text: &str| {
        (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<u32>().ok())
            .flatten()
    };
    let (m, d) = (number(month)?, number(day)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{year}-{month}-{day}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_file_or_its_folder() {
        assert_eq!(name("_posts/2019-03-27-day.md", "top"), "2019-03-27-day");
        assert_eq!(
            name("2019/0327-gc-k8sday/README.md", "top"),
            "0327-gc-k8sday"
        );
        assert_eq!(name("notes/index.markdown", "top"), "notes");
        assert_eq!(name("README.md", "top"), "top");
    }

    #[test]
    fn dates_come_from_the_file_name_then_the_folders() {
        assert_eq!(
            date("_posts/2019-03-27-google-cloud-kubernetes-day.md").as_deref(),
            Some("2019-03-27")
        );
        assert_eq!(date("2019-03-27.md").as_deref(), Some("2019-03-27"));
        assert_eq!(
            date("2019/0327-gc-k8sday/README.md").as_deref(),
            Some("2019-03-27")
        );
        assert_eq!(
            date("events/2018/1201/README.md").as_deref(),
            Some("2018-12-01")
        );
        assert_eq!(date("2020/05/06/index.md").as_deref(), Some("2020-05-06"));
        assert_eq!(date("2020/05/06.md").as_deref(), None);
        for undated in [
            "notes/a.md",
            "2019/1399-bad/README.md",
            "2019/0327x/README.md",
            "1234/0327-x/README.md",
            "2019-13-01-x.md",
            "2019-03-27x.md",
            "README.md",
        ] {
            assert_eq!(date(undated), None, "{undated}");
        }
    }
}
