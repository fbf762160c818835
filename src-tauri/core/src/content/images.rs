//! Where the images a report refers to are, and whether they can be shown.
//!
//! A site-root path (`/images/…`, as blog engines write them) resolves against the content
//! folder; a relative path against the report's own folder. Remote images are never loaded:
//! reports are read offline, and a request to the web would tell someone what is being read.

use percent_encoding::percent_decode_str;
use serde::Serialize;

use super::assets::{encode_url_path, AssetError, ContentRoot};
use crate::markdown::{ImageResolver, ImageTarget, MissingReason};

/// An image of a session, as the image panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Image {
    /// As written in the report.
    pub src: String,
    pub alt: String,
    pub title: String,
    /// Path relative to the content folder, `/`-separated, when the source is a local path.
    pub file: Option<String>,
    pub available: bool,
    /// Why the image is not shown, when it is not.
    pub missing: Option<MissingReason>,
}

/// Resolves image sources of one report.
#[derive(Debug, Clone, Copy)]
pub struct ImageLocator<'a> {
    pub root: &'a ContentRoot,
    /// Folder of the report file, relative to the content root, `/`-separated (`_posts`).
    pub report_dir: &'a str,
}

impl ImageLocator<'_> {
    /// Locates `src`. `alt` and `title` are carried along for display.
    pub fn image(&self, src: &str, alt: &str, title: &str) -> Image {
        let (file, missing) = match self.relative_path(src) {
            Err(reason) => (None, Some(reason)),
            Ok(path) => {
                let missing = match self.root.locate(&path) {
                    Ok(_) => None,
                    Err(AssetError::NotFound(_)) => Some(MissingReason::NotIncluded),
                    Err(AssetError::TooLarge(_)) => Some(MissingReason::TooLarge),
                    Err(_) => Some(MissingReason::Refused),
                };
                (Some(path), missing)
            }
        };
        Image {
            src: src.to_owned(),
            alt: alt.to_owned(),
            title: title.to_owned(),
            file,
            available: missing.is_none(),
            missing,
        }
    }

    /// The content-relative path `src` names, or why it names none.
    fn relative_path(&self, src: &str) -> Result<String, MissingReason> {
        let src = src.trim();
        let lower = src.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || src.starts_with("//") {
            return Err(MissingReason::Remote);
        }
        if has_scheme(src) {
            return Err(MissingReason::Refused);
        }
        let path = src.split(['?', '#']).next().unwrap_or_default();
        let decoded = percent_decode_str(path)
            .decode_utf8()
            .map_err(|_| MissingReason::Refused)?;
        let mut parts: Vec<&str> = match decoded.strip_prefix('/') {
            Some(_) => Vec::new(),
            None => self
                .report_dir
                .split('/')
                .filter(|p| !p.is_empty())
                .collect(),
        };
        for segment in decoded.split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    parts.pop().ok_or(MissingReason::Refused)?;
                }
                other => parts.push(other),
            }
        }
        if parts.is_empty() {
            return Err(MissingReason::Refused);
        }
        Ok(parts.join("/"))
    }
}

fn has_scheme(src: &str) -> bool {
    match src.find(':') {
        Some(colon) => {
            let scheme = &src[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !src[..colon].contains('/')
        }
        None => false,
    }
}

/// Renders images of one report: available ones from the asset URL, the rest as placeholders.
pub struct ReportImages<'a> {
    pub locator: ImageLocator<'a>,
    pub asset_base: &'a str,
}

impl ImageResolver for ReportImages<'_> {
    fn resolve(&self, src: &str) -> ImageTarget {
        let image = self.locator.image(src, "", "");
        match (image.file, image.missing) {
            (Some(file), None) => ImageTarget::Available {
                url: format!("{}{}", self.asset_base, encode_url_path(&file)),
            },
            (_, reason) => ImageTarget::Missing {
                expected: src.to_owned(),
                reason: reason.unwrap_or(MissingReason::Refused),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn site_root_relative_remote_and_hostile_sources() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("images/day")).unwrap();
        fs::create_dir_all(dir.path().join("_posts/pics")).unwrap();
        fs::write(dir.path().join("images/day/a.png"), b"x").unwrap();
        fs::write(dir.path().join("_posts/pics/b.png"), b"x").unwrap();
        let root = ContentRoot::new(dir.path()).unwrap();
        let locator = ImageLocator {
            root: &root,
            report_dir: "_posts",
        };
        let found = |src: &str| {
            let image = locator.image(src, "", "");
            (image.file, image.missing)
        };
        assert_eq!(
            found("/images/day/a.png"),
            (Some("images/day/a.png".into()), None)
        );
        assert_eq!(
            found("/images/day/a.png?v=2"),
            (Some("images/day/a.png".into()), None)
        );
        assert_eq!(
            found("pics/b.png"),
            (Some("_posts/pics/b.png".into()), None)
        );
        assert_eq!(
            found("../images/day/a.png"),
            (Some("images/day/a.png".into()), None)
        );
        assert_eq!(
            found("/images/day/none.png"),
            (
                Some("images/day/none.png".into()),
                Some(MissingReason::NotIncluded)
            )
        );
        assert_eq!(
            found("https://example.com/a.png"),
            (None, Some(MissingReason::Remote))
        );
        assert_eq!(
            found("//example.com/a.png"),
            (None, Some(MissingReason::Remote))
        );
        assert_eq!(
            found("../../etc/passwd"),
            (None, Some(MissingReason::Refused))
        );
        assert_eq!(
            found("file:///etc/passwd"),
            (None, Some(MissingReason::Refused))
        );
        assert_eq!(
            found("data:image/png;base64,AAAA"),
            (None, Some(MissingReason::Refused))
        );
    }
}
