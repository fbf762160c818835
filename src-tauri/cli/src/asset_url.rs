//! The URL images of the content folder are served at.
//!
//! A custom scheme rather than a file URL: the webview never touches the file system, and
//! every request goes through the content folder's path check. Windows' webview only
//! accepts custom schemes in the `http://<scheme>.localhost` form.

/// Scheme of the image protocol.
pub const SCHEME: &str = "report-asset";

/// Prefix of every image URL; a content-relative, percent-encoded path follows it.
#[cfg(not(any(windows, target_os = "android")))]
pub const BASE: &str = "report-asset://localhost/";
#[cfg(any(windows, target_os = "android"))]
pub const BASE: &str = "http://report-asset.localhost/";
