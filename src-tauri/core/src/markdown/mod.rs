//! Markdown: parser options, outline, plain text and sanitized HTML.

pub mod anchors;
pub mod bounds;
pub mod html;
pub mod landmarks;
pub mod options;
pub mod outline;
mod sanitize;
pub mod text;

pub use html::{
    render_html, Highlighter, ImageResolver, ImageTarget, MissingReason, RenderContext,
};
pub use outline::{outline, Heading, ImageRef, Outline, Section};
pub use text::{plain_text, TextStyle};
