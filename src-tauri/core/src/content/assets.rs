//! The content folder as the only place files are served from.
//!
//! Reports come from anywhere, and the window asks for images by URL. Every path that comes
//! from a report or a URL goes through [`ContentRoot::locate`], which refuses anything that
//! would leave the folder: `..` segments (also percent-encoded), absolute and drive paths,
//! backslashes, NUL bytes, and symbolic links that point outside.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

use super::files::{self, Refusal, MAX_IMAGE_BYTES};

/// Image file types the viewer serves, with their MIME types.
const IMAGE_TYPES: &[(&str, &str)] = &[
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("avif", "image/avif"),
    ("bmp", "image/bmp"),
    ("svg", "image/svg+xml"),
    ("ico", "image/x-icon"),
];

/// Why a requested asset is not served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetError {
    /// The path tries to leave the content folder, or is not a plain relative path.
    Forbidden(String),
    /// The path is fine but no such file exists.
    NotFound(String),
    /// The file exists but is not an image type the viewer serves.
    UnsupportedType(String),
    /// The image is larger than [`MAX_IMAGE_BYTES`].
    TooLarge(String),
}

impl fmt::Display for AssetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssetError::Forbidden(why) => write!(f, "refused: {why}"),
            AssetError::NotFound(path) => write!(f, "not found: {path}"),
            AssetError::UnsupportedType(path) => write!(f, "not an image type: {path}"),
            AssetError::TooLarge(why) => write!(f, "too large: {why}"),
        }
    }
}

impl std::error::Error for AssetError {}

/// A located asset, ready to be served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Canonical path, inside the content folder.
    pub path: PathBuf,
    pub mime: &'static str,
}

/// The folder reports and their images are read from.
#[derive(Debug, Clone)]
pub struct ContentRoot {
    /// Canonical (symlink-free, absolute) path of the folder.
    root: PathBuf,
}

impl ContentRoot {
    /// Opens `dir` as a content root. Fails if it does not exist or is not a folder.
    pub fn new(dir: &Path) -> io::Result<Self> {
        let root = dir.canonicalize()?;
        if !root.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{} is not a folder", dir.display()),
            ));
        }
        Ok(ContentRoot { root })
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// Finds the image at `url_path` (percent-encoded, `/`-separated, relative to the root;
    /// a leading `/` is allowed), refusing anything that leaves the folder.
    pub fn locate_url_path(&self, url_path: &str) -> Result<Asset, AssetError> {
        let decoded = percent_decode_str(url_path)
            .decode_utf8()
            .map_err(|_| AssetError::Forbidden("path is not valid UTF-8".into()))?;
        self.locate(&decoded)
    }

    /// Finds the image at `relative` (already decoded, `/`-separated, relative to the root).
    pub fn locate(&self, relative: &str) -> Result<Asset, AssetError> {
        let relative = checked_relative_path(relative)?;
        let candidate = self.root.join(&relative);
        let shown = relative.to_string_lossy().into_owned();
        // Symbolic links are followed; where they lead must still be inside.
        let resolved = match files::contained(&self.root, &candidate) {
            Ok(resolved) => resolved,
            Err(Refusal::OutsideRoot { .. }) => {
                return Err(AssetError::Forbidden(format!(
                    "{shown} points outside the content folder"
                )))
            }
            Err(Refusal::Io(_) | Refusal::BrokenLink) if !candidate.exists() => {
                return Err(AssetError::NotFound(shown))
            }
            Err(refusal) => return Err(AssetError::Forbidden(format!("{shown}: {refusal}"))),
        };
        // Only regular files: a FIFO or device named `x.png` would block or never end.
        match fs::metadata(&resolved) {
            Ok(metadata) if metadata.is_file() && metadata.len() > MAX_IMAGE_BYTES => {
                return Err(AssetError::TooLarge(format!(
                    "{shown}: {}",
                    Refusal::TooLarge {
                        bytes: metadata.len(),
                        cap: MAX_IMAGE_BYTES
                    }
                )))
            }
            Ok(metadata) if metadata.is_file() => {}
            _ => return Err(AssetError::NotFound(shown)),
        }
        let mime = mime_for(&resolved).ok_or(AssetError::UnsupportedType(shown))?;
        Ok(Asset {
            path: resolved,
            mime,
        })
    }
}

/// Validates a decoded, `/`-separated path and turns it into a relative [`PathBuf`] made only
/// of normal components.
fn checked_relative_path(path: &str) -> Result<PathBuf, AssetError> {
    if path.contains('\0') {
        return Err(AssetError::Forbidden("path contains a NUL byte".into()));
    }
    if path.contains('\\') {
        return Err(AssetError::Forbidden("path contains a backslash".into()));
    }
    let trimmed = path.strip_prefix('/').unwrap_or(path);
    if trimmed.starts_with('/') {
        return Err(AssetError::Forbidden("absolute path".into()));
    }
    let mut out = PathBuf::new();
    for segment in trimmed.split('/') {
        match segment {
            "" | "." => continue,
            ".." => {
                return Err(AssetError::Forbidden(
                    "path leaves its folder (`..`)".into(),
                ))
            }
            _ => {}
        }
        // A segment such as `C:` is a drive on Windows; `Path` decides what is special here.
        let mut components = Path::new(segment).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(part)), None) => out.push(part),
            _ => {
                return Err(AssetError::Forbidden(format!(
                    "`{segment}` is not a plain name"
                )))
            }
        }
    }
    if out.as_os_str().is_empty() {
        return Err(AssetError::Forbidden("empty path".into()));
    }
    Ok(out)
}

fn mime_for(path: &Path) -> Option<&'static str> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    IMAGE_TYPES
        .iter()
        .find(|(known, _)| *known == extension)
        .map(|(_, mime)| *mime)
}

/// Characters escaped in a path segment of an asset URL.
/// `~` too: the app's image URLs mark a library's other folders with it (`~1/`), so a
/// real path must never hold one raw.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b'~')
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'\\');

/// Percent-encodes a `/`-separated relative path for use after an asset URL base.
pub fn encode_url_path(relative: &str) -> String {
    relative
        .split('/')
        .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn root_with_image() -> (tempfile::TempDir, ContentRoot) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content/images/a b")).unwrap();
        fs::write(dir.path().join("content/images/a b/x.png"), b"png").unwrap();
        fs::write(dir.path().join("content/notes.txt"), b"text").unwrap();
        fs::write(dir.path().join("secret.png"), b"secret").unwrap();
        let root = ContentRoot::new(&dir.path().join("content")).unwrap();
        (dir, root)
    }

    #[test]
    fn serves_an_image_inside_the_root() {
        let (_dir, root) = root_with_image();
        let asset = root.locate_url_path("/images/a%20b/x.png").unwrap();
        assert_eq!(asset.mime, "image/png");
        assert_eq!(fs::read(asset.path).unwrap(), b"png");
    }

    #[test]
    fn refuses_every_way_out_of_the_root() {
        let (_dir, root) = root_with_image();
        for attempt in [
            "../secret.png",
            "/../secret.png",
            "images/../../secret.png",
            "%2e%2e/secret.png",
            "%2E%2E%2Fsecret.png",
            "images/%2e%2e/%2e%2e/secret.png",
            "//etc/passwd",
            "..%5csecret.png",
            "images\\..\\..\\secret.png",
            "images/x.png%00.png",
        ] {
            let result = root.locate_url_path(attempt);
            assert!(
                matches!(result, Err(AssetError::Forbidden(_))),
                "{attempt}: {result:?}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_symlink_that_points_outside() {
        let (dir, root) = root_with_image();
        std::os::unix::fs::symlink(
            dir.path().join("secret.png"),
            dir.path().join("content/images/link.png"),
        )
        .unwrap();
        assert!(matches!(
            root.locate("images/link.png"),
            Err(AssetError::Forbidden(_))
        ));
    }

    #[test]
    fn missing_files_and_non_images_are_told_apart() {
        let (_dir, root) = root_with_image();
        assert!(matches!(
            root.locate("images/none.png"),
            Err(AssetError::NotFound(_))
        ));
        assert!(matches!(
            root.locate("notes.txt"),
            Err(AssetError::UnsupportedType(_))
        ));
        assert!(matches!(
            root.locate("images"),
            Err(AssetError::NotFound(_))
        ));
    }

    #[test]
    fn url_paths_are_encoded_per_segment() {
        assert_eq!(
            encode_url_path("images/a b/画像#1.png"),
            "images/a%20b/%E7%94%BB%E5%83%8F%231.png"
        );
    }
}
