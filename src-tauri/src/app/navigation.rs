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
    // `tauri://localhost` has an empty path (a non-special scheme), `/` after a reload.
    let app_page = matches!(url.path(), "" | "/" | "/index.html");
    match url.scheme() {
        // The app's page: `tauri://localhost` (Linux, macOS), `http://tauri.localhost`
        // (Windows). Any other path there is a report's relative link (`/blog/…/`): Tauri
        // would answer it with the app's page at the wrong base, and the window would
        // break, so it is refused.
        "tauri" if host == "localhost" => allow_if(app_page),
        "http" | "https" if host == "tauri.localhost" => allow_if(app_page),
        "http" | "https" | "mailto" => Decision::OpenExternally,
        _ => Decision::Deny,
    }
}

fn allow_if(app_page: bool) -> Decision {
    if app_page {
        Decision::Allow
    } else {
        Decision::Deny
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
        assert_eq!(decision("tauri://localhost"), Decision::Allow);
        assert_eq!(decision("tauri://localhost/"), Decision::Allow);
        assert_eq!(decision("tauri://localhost/blog/2019/x/"), Decision::Deny);
        assert_eq!(decision("tauri://localhost/js/main.js"), Decision::Deny);
        assert_eq!(
            decision("http://tauri.localhost/images/x.png"),
            Decision::Deny
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
