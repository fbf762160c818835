//! The allow-list every rendered page passes through.
//!
//! Reports are files a reader may get from anywhere, and Markdown allows raw HTML. Only
//! harmless structure survives: no scripts, no event handlers, no styles, no forms, no
//! frames; links keep `http`, `https` and `mailto` targets, in-page anchors and relative
//! targets (which the window shows but never follows); an image source survives only if it
//! points at the app's own asset URL, so nothing remote is ever loaded.

use std::borrow::Cow;

use super::html::MissingReason;

/// Sanitizes rendered `html`. `asset_base` is the URL prefix of images served from the
/// content folder.
pub fn sanitize(html: &str, asset_base: &str) -> String {
    let scheme = asset_base.split(':').next().unwrap_or_default();
    let allowed_image_prefix = asset_base.to_owned();
    ammonia::Builder::default()
        .add_tags(["mark", "input"])
        .url_schemes(["http", "https", "mailto", scheme].into_iter().collect())
        .add_tag_attributes("img", ["data-image-index", "loading"])
        .add_tag_attributes(
            "span",
            ["role", "aria-label", "data-image-index", "data-missing"],
        )
        .add_tag_attributes("input", ["checked"])
        // Task-list boxes only: whatever a report's raw HTML says, an input is a disabled
        // checkbox, never a text field.
        .set_tag_attribute_value("input", "type", "checkbox")
        .set_tag_attribute_value("input", "disabled", "")
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("h1", ["id"])
        .add_tag_attributes("h2", ["id"])
        .add_tag_attributes("h3", ["id"])
        .add_tag_attributes("h4", ["id"])
        .add_tag_attributes("h5", ["id"])
        .add_tag_attributes("h6", ["id"])
        // A place of the outline (see `landmarks`).
        .add_tag_attributes("li", ["id"])
        .add_allowed_classes("img", ["report-image"])
        .add_allowed_classes(
            "span",
            ["image-missing", "image-missing-label", "image-missing-alt"],
        )
        .add_allowed_classes("code", ["image-missing-path"])
        .add_allowed_classes("div", ["footnote-definition"])
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .attribute_filter(
            move |element, attribute, value| match (element, attribute) {
                ("img", "src") if !value.starts_with(&allowed_image_prefix) => None,
                // Asset URLs are for images; as a link they would lead nowhere.
                ("a", "href") if value.starts_with(&allowed_image_prefix) => None,
                // The window opens the image viewer at this position: only a number.
                (_, "data-image-index")
                    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    None
                }
                // The window words a placeholder by why the image is missing: a known reason.
                (_, "data-missing") if MissingReason::from_code(value).is_none() => None,
                _ => Some(Cow::Borrowed(value)),
            },
        )
        .clean(html)
        .to_string()
}
