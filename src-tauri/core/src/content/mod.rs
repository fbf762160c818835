//! Reports on disk: the content folder, front matter, sessions, bylines and images.

pub mod assets;
pub mod byline;
pub mod catalog;
pub mod digest;
pub mod discovery;
pub mod files;
pub mod from_path;
pub mod front_matter;
pub mod images;
pub mod library;
pub mod report;
pub mod watch;

pub use assets::{Asset, AssetError, ContentRoot};
pub use catalog::{ReportEntry, SessionEntry};
pub use images::{Image, ImageLocator, ReportImages};
pub use library::{Folder, FolderSource, Library, LibraryError, LoadProblem, Reading};
pub use report::{Page, Report, Session};
