//! Where the window may go: nowhere but the app itself.
//!
//! A report's links must never turn the reading window into a browser. Web and mail links
//! open in the system's browser or mail client; anything else that would navigate away
//! (relative links of a blog post, `file:` URLs, other schemes) is refused.

use tauri::Url;

/// What to do with a navigation request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The app's own pages.
    Allow,
    /// Open with the system's handler, keep the window where it is.
    OpenExternally,
    Deny,
}

/// Decides about a navigation to `url`.
pub fn decide(url: &Url) -> Decision {
    let host = url.host_str().unwrap_or_default();
    match url.scheme() {
        // The app's pages: `tauri://localhost` (Linux, macOS), `http://tauri.localhost` (Windows).
        "tauri" if host == "localhost" => Decision::Allow,
        "http" | "https" if host == "tauri.localhost" => Decision::Allow,
        "http" | "https" | "mailto" => Decision::OpenExternally,
        _ => Decision::Deny,
    }
}

/// The window's navigation handler: returns whether the window may navigate.
pub fn handle(url: &Url) -> bool {
    match decide(url) {
        Decision::Allow => true,
        Decision::OpenExternally => {
            if let Err(error) = tauri_plugin_opener::open_url(url.as_str(), None::<&str>) {
                log::warn!("could not open {url}: {error}");
            }
            false
        }
        Decision::Deny => {
            log::warn!("refused to navigate to {url}");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(url: &str) -> Decision {
        decide(&Url::parse(url).unwrap())
    }

    #[test]
    fn only_the_app_itself_is_allowed() {
        assert_eq!(decision("tauri://localhost/index.html"), Decision::Allow);
        assert_eq!(
            decision("http://tauri.localhost/index.html"),
            Decision::Allow
        );
        assert_eq!(
            decision("https://github.com/cncf/landscape"),
            Decision::OpenExternally
        );
        assert_eq!(
            decision("http://tauri.localhost.example.com/"),
            Decision::OpenExternally
        );
        assert_eq!(
            decision("mailto:someone@example.com"),
            Decision::OpenExternally
        );
        assert_eq!(decision("file:///etc/passwd"), Decision::Deny);
        assert_eq!(decision("tauri://evil/index.html"), Decision::Deny);
        assert_eq!(decision("javascript:alert(1)"), Decision::Deny);
        assert_eq!(
            decision("report-asset://localhost/images/x.png"),
            Decision::Deny
        );
    }
}
