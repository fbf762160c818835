//! End-to-end: the real window, driven through WebDriver as a reader would use it.
//!
//! One module per feature; every test starts the app it drives (with its own data and
//! settings folders) and fails, never skips, when something it needs is missing.

mod driver;
#[path = "../support/mod.rs"]
mod support;

mod folders;
mod images;
mod links;
mod live;
mod locale;
mod reading;
mod restart;
mod safety;
mod search;
mod sidebar;
mod untrusted;
