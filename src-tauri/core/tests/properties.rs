//! Properties that must hold for any input, checked on generated reports and text.
//!
//! - Markdown → report → sections → HTML never panics; the sanitized HTML never holds an
//!   element or attribute that can run script or load anything, and every heading of the
//!   contents list has its anchor in the page.
//! - Folding and tokenizing keep offsets on character boundaries of the original text,
//!   in order.
//! - Highlights land on character boundaries, and a word taken from a text is found there.

use std::fs;

use proptest::prelude::*;
use report_core::content::Library;
use report_core::search::needle::parse;
use report_core::search::tokenizer::tokens;
use report_core::search::Matcher;
use report_core::text::{fold, fold_with_offsets};
use report_core::view;

/// Pieces Markdown is made of, hostile ones included: containers, emphasis and link
/// brackets, raw HTML with scripts and handlers, script URLs, images, tables, footnotes,
/// Japanese, full-width, half-width kana with voiced marks, control characters.
fn markdown_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "# ",
        "## ",
        "### ",
        "\n",
        "\n\n",
        "> ",
        "- ",
        "1. ",
        "  ",
        "* ",
        "_",
        "**",
        "`",
        "```\n",
        "[",
        "]",
        "(",
        ")",
        "![",
        "](",
        "<",
        ">",
        "|",
        "|-|",
        "---\n",
        "[^1]",
        "[^1]: ",
        "text",
        "k8s",
        "GKE",
        "ＧＫＥ",
        "ｶﾞｲﾄﾞ",
        "コンテナ",
        "運用",
        "の",
        "㍿",
        "e\u{301}",
        "\u{1b}[2J",
        "\0",
        "\u{9b}",
        "\r\n",
        "\u{feff}",
        "#anchor",
        "%E0%A4%A",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[link](javascript:alert(1))",
        "[mail](mailto:a@b.c?attach=/etc/passwd)",
        "![img](/images/x.png)",
        "![remote](https://example.com/a.png)",
        "![up](../../etc/passwd)",
        "<div style=\"color:red\" onclick=\"x()\">",
        "</div>",
        "<iframe src=x></iframe>",
        "<svg onload=alert(1)>",
        "<style>*{}</style>",
        "<form><input type=text></form>",
        "<span data-image-index=\"x\">",
        "<img data-image-index=\"0\" src=\"report-asset://localhost/a.png\">",
        "<object data=x></object>",
        "<math><mi>x</mi></math>",
        "<!-- c -->",
        "&amp;",
        "&#0;",
    ])
}

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(markdown_piece(), 0..80).prop_map(|pieces| pieces.concat())
}

/// Elements that can run script, load a document or style the page.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "object", "embed", "style", "link", "meta", "base", "form", "svg",
    "math", "template", "audio", "video", "source",
];

/// Checks every tag of sanitized `html`: text is escaped there, so every `<` opens a tag.
fn assert_script_free(html: &str) -> Result<(), TestCaseError> {
    for tag in html.split('<').skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let tag = tag.trim_start_matches('/');
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        prop_assert!(
            !FORBIDDEN_ELEMENTS.contains(&name.as_str()),
            "element <{name}> in {html}"
        );
        for attribute in attributes(&tag[name.len()..]) {
            let (key, value) = attribute;
            prop_assert!(!key.starts_with("on"), "handler {key} in {html}");
            prop_assert!(key != "style" && key != "srcdoc", "{key} in {html}");
            let value = value.trim().to_ascii_lowercase();
            if matches!(
                key.as_str(),
                "href" | "src" | "action" | "formaction" | "data"
            ) {
                prop_assert!(
                    value.starts_with("http://")
                        || value.starts_with("https://")
                        || value.starts_with("mailto:")
                        || value.starts_with("report-asset://localhost/")
                        || value.starts_with('#')
                        || !has_scheme(&value),
                    "{key}={value} in {html}"
                );
            }
            if key == "data-image-index" {
                prop_assert!(value.bytes().all(|b| b.is_ascii_digit()) && !value.is_empty());
            }
        }
    }
    Ok(())
}

/// Whether a URL names a scheme, as a browser reads it: letters, digits, `+`, `-` or `.`
/// from the start (a letter) up to a `:`. `%5Blink%5D(javascript:alert(1))` names none: it
/// is a relative path, however it ends. Tabs and line breaks are dropped first, as a
/// browser drops them (`java&#9;script:` is `javascript:`).
fn has_scheme(url: &str) -> bool {
    let url: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The attributes of a tag's inside (after its name), as (lower-case name, value).
fn attributes(mut rest: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..end].to_ascii_lowercase();
        rest = &rest[end..];
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            if let Some(quoted) = after.strip_prefix('"') {
                let close = quoted.find('"').unwrap_or(quoted.len());
                value = quoted[..close].to_owned();
                rest = quoted.get(close + 1..).unwrap_or("");
            } else {
                let close = after.find(char::is_whitespace).unwrap_or(after.len());
                value = after[..close].to_owned();
                rest = &after[close..];
            }
        }
        out.push((key, value));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn any_report_renders_to_script_free_html(body in markdown(), query in markdown()) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("_posts")).unwrap();
        fs::create_dir_all(dir.path().join("images")).unwrap();
        fs::write(dir.path().join("images/x.png"), b"png").unwrap();
        fs::write(dir.path().join("_posts/r.md"), format!("---\ntitle: t\n---\n{body}")).unwrap();
        let library = Library::load(dir.path()).unwrap();
        for report in &library.reports {
            let pages = std::iter::once(format!("{}/overview", report.id))
                .chain(report.sessions.iter().map(|s| s.id.clone()));
            for id in pages {
                let Some(page) = view::page(&library, &id, "report-asset://localhost/", Some(&query)) else {
                    continue;
                };
                assert_script_free(&page.html)?;
                assert_script_free(&page.byline_html)?;
                for heading in &page.toc {
                    if heading.anchor.chars().all(|c| c.is_alphanumeric() || c == '-') {
                        prop_assert!(
                            page.html.contains(&format!("id=\"{}\"", heading.anchor)),
                            "{} not in {}", heading.anchor, page.html
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn folding_and_tokens_keep_offsets_on_character_boundaries(text in "\\PC{0,60}|[a-zＡ-Ｚｦ-ﾟ゛゜ァ-ヶー一-龥 \u{301}\u{3099}㍿ﬁß.-]{0,60}") {
        let mut last = 0;
        for folded in fold_with_offsets(&text) {
            let source = folded.source();
            prop_assert!(text.is_char_boundary(source.start));
            prop_assert!(text.is_char_boundary(source.end));
            prop_assert!(source.start < source.end);
            prop_assert!(source.start >= last, "offsets go back in {text:?}");
            last = source.start;
        }
        for token in tokens(&text) {
            prop_assert!(token.offset_from < token.offset_to, "{token:?} in {text:?}");
            prop_assert!(token.offset_to <= text.len());
            prop_assert!(text.is_char_boundary(token.offset_from));
            prop_assert!(text.is_char_boundary(token.offset_to));
        }
    }

    #[test]
    fn highlights_land_on_what_was_typed(
        text in "[a-zA-Z0-9ＡＢＣａｂｃ０-９ァ-ヶー一-龥ぁ-ゖ .,・、。-]{1,80}",
        from in 0usize..80,
        len in 1usize..8,
    ) {
        let chars: Vec<char> = text.chars().collect();
        let from = from % chars.len();
        let typed: String = chars[from..(from + len).min(chars.len())].iter().collect();
        let matcher = Matcher::new(parse(&typed));
        let ranges = matcher.ranges(&text);
        for range in &ranges {
            prop_assert!(range.start < range.end && range.end <= text.len());
            prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        }
        if !matcher.is_empty() {
            // Each needle of what was typed is marked somewhere, and a one-needle query's
            // marks fold to that needle.
            prop_assert!(!ranges.is_empty(), "{typed:?} not found in {text:?}");
            let needles = parse(&typed);
            if let [needle] = needles.as_slice() {
                if needle.runs.len() == 1 {
                    let wanted: String = needle.runs[0].chars.iter().collect();
                    prop_assert!(
                        ranges.iter().all(|r| fold(&text[r.clone()]).contains(&wanted)),
                        "{typed:?} in {text:?}: {ranges:?}"
                    );
                }
            }
        }
    }
}

/// The checker itself must catch what it looks for, or the property above proves nothing.
#[test]
fn the_script_checker_catches_what_it_looks_for() {
    for bad in [
        "<p>x</p><script>alert(1)</script>",
        "<img src=\"x\" onerror=\"alert(1)\">",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" JavaScript:alert(1)\">x</a>",
        "<div style=\"x\">",
        "<span data-image-index=\"x\">",
        "<svg><circle/></svg>",
    ] {
        assert!(assert_script_free(bad).is_err(), "{bad}");
    }
    for good in [
        "<p>javascript:alert(1) &lt;script&gt;</p>",
        "<a href=\"https://example.com/?a=b\" rel=\"noopener\">x</a>",
        "<img class=\"report-image\" src=\"report-asset://localhost/a.png\" data-image-index=\"0\">",
        "<h2 id=\"a-b\">t</h2>",
    ] {
        assert!(assert_script_free(good).is_ok(), "{good}");
    }
}
