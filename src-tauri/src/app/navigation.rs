//! Where the window may go: nowhere but the app itself.
//!
//! A report's links must never turn the reading window into a browser. Web and mail links
//! open in the system's browser or mail client; anything else that would navigate away
//! (relative links of a blog post, `file:` URLs, other schemes) is refused. The app's page
//! is allowed only at this platform's own origin: `tauri://localhost` on Linux and macOS,
//! `http://tauri.localhost` on Windows and Android; the other one is a foreign origin there.
//!
//! A mail link goes to the mail client with its address, subject and body only: a report
//! must not be able to have the client attach a file (`?attach=/home/…/.ssh/id_rsa`), add
//! recipients in hidden headers or set any other header.

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

/// How this platform serves the app's own page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppOrigin {
    /// `tauri://localhost` (Linux, macOS).
    CustomScheme,
    /// `http://tauri.localhost` or `https://tauri.localhost` (Windows, Android).
    LocalHost,
}

impl AppOrigin {
    /// The origin of the platform this is built for.
    pub const CURRENT: AppOrigin = if cfg!(any(windows, target_os = "android")) {
        AppOrigin::LocalHost
    } else {
        AppOrigin::CustomScheme
    };
}

/// Decides about a navigation to `url` on this platform.
pub fn decide(url: &Url) -> Decision {
    decide_for(AppOrigin::CURRENT, url)
}

/// Decides about a navigation to `url` for an app served at `origin`.
pub fn decide_for(origin: AppOrigin, url: &Url) -> Decision {
    let host = url.host_str().unwrap_or_default();
    // `tauri://localhost` has an empty path (a non-special scheme), `/` after a reload.
    let app_page = matches!(url.path(), "" | "/" | "/index.html");
    match (url.scheme(), origin) {
        // The app's page. Any other path there is a report's relative link (`/blog/…/`):
        // Tauri would answer it with the app's page at the wrong base, and the window would
        // break, so it is refused.
        ("tauri", AppOrigin::CustomScheme) if host == "localhost" => allow_if(app_page),
        ("http" | "https", AppOrigin::LocalHost) if host == "tauri.localhost" => allow_if(app_page),
        // The other platform's app origin: nothing of this app is there.
        ("tauri", _) => Decision::Deny,
        ("http" | "https", _) if host == "tauri.localhost" => Decision::Deny,
        ("http" | "https" | "mailto", _) => Decision::OpenExternally,
        _ => Decision::Deny,
    }
}

/// The link handed to the system for `url`: a mail link keeps its address and its subject
/// and body, nothing else; a web link is passed as it is.
pub fn external_link(url: &Url) -> String {
    if url.scheme() != "mailto" {
        return url.as_str().to_owned();
    }
    let mut link = format!("mailto:{}", url.path());
    let kept: Vec<String> = url
        .query_pairs()
        .filter(|(key, _)| key.eq_ignore_ascii_case("subject") || key.eq_ignore_ascii_case("body"))
        .map(|(key, value)| {
            format!(
                "{}={}",
                key.to_ascii_lowercase(),
                percent_encoding::utf8_percent_encode(&value, percent_encoding::NON_ALPHANUMERIC)
            )
        })
        .collect();
    if !kept.is_empty() {
        link.push('?');
        link.push_str(&kept.join("&"));
    }
    link
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
            let link = external_link(url);
            if let Err(error) = tauri_plugin_opener::open_url(&link, None::<&str>) {
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
        decide_for(AppOrigin::CustomScheme, &Url::parse(url).unwrap())
    }

    fn windows_decision(url: &str) -> Decision {
        decide_for(AppOrigin::LocalHost, &Url::parse(url).unwrap())
    }

    // Regression: `http://tauri.localhost` was allowed on Linux too, where the app lives at
    // `tauri://localhost`.
    #[test]
    fn only_this_platforms_app_origin_is_allowed() {
        assert_eq!(
            decision("http://tauri.localhost/index.html"),
            Decision::Deny
        );
        assert_eq!(decision("https://tauri.localhost/"), Decision::Deny);
        assert_eq!(
            windows_decision("http://tauri.localhost/index.html"),
            Decision::Allow
        );
        assert_eq!(
            windows_decision("https://tauri.localhost/"),
            Decision::Allow
        );
        assert_eq!(windows_decision("tauri://localhost/"), Decision::Deny);
        assert_eq!(
            windows_decision("http://tauri.localhost/images/x.png"),
            Decision::Deny
        );
        assert_eq!(
            decide(&Url::parse("tauri://localhost/").unwrap()),
            if cfg!(any(windows, target_os = "android")) {
                Decision::Deny
            } else {
                Decision::Allow
            }
        );
    }

    // Regression: `mailto:` links went to the mail client with `?attach=` and any header.
    #[test]
    fn mail_links_keep_only_address_subject_and_body() {
        let link = |url: &str| external_link(&Url::parse(url).unwrap());
        assert_eq!(
            link("mailto:someone@example.com?attach=/etc/passwd&subject=Hi%20there&cc=x@y.z&Body=a%26b"),
            "mailto:someone@example.com?subject=Hi%20there&body=a%26b"
        );
        assert_eq!(
            link("mailto:someone@example.com?ATTACHMENT=~/.ssh/id_rsa"),
            "mailto:someone@example.com"
        );
        assert_eq!(
            link("https://example.com/a?attach=x"),
            "https://example.com/a?attach=x"
        );
    }

    #[test]
    fn only_the_app_itself_is_allowed() {
        assert_eq!(decision("tauri://localhost/index.html"), Decision::Allow);
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
        assert_eq!(decision("file:///etc/passwd"), Decision::Deny);
        assert_eq!(decision("tauri://evil/index.html"), Decision::Deny);
        assert_eq!(decision("javascript:alert(1)"), Decision::Deny);
        assert_eq!(
            decision("report-asset://localhost/images/x.png"),
            Decision::Deny
        );
    }
}
