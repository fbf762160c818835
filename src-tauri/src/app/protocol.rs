//! The `report-asset` protocol: images of the library's content folders, and nothing else.
//!
//! Each answer is read from disk, never more than the image cap: only a regular file inside
//! the content folder is opened, without blocking, and read no further than the cap even if
//! it grows meanwhile.

use report_core::content::files::{self, MAX_IMAGE_BYTES};
use report_core::content::{AssetError, Library};
use tauri::http::{header, Request, Response, StatusCode};

/// Answers one image request from the folders of `library` (see
/// [`Library::asset_folder`]). Every path goes through
/// [`report_core::content::ContentRoot::locate_url_path`],
/// which refuses anything that would leave its content folder.
pub fn respond(library: &Library, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    if request.method() != tauri::http::Method::GET {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET is served".into());
    }
    let Some((root, path)) = library.asset_folder(request.uri().path()) else {
        return plain(StatusCode::NOT_FOUND, "no such folder".into());
    };
    let asset = match root.locate_url_path(path) {
        Ok(asset) => asset,
        Err(error) => {
            let status = match error {
                AssetError::NotFound(_) => StatusCode::NOT_FOUND,
                AssetError::Forbidden(_) | AssetError::UnsupportedType(_) => StatusCode::FORBIDDEN,
                AssetError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            };
            log::debug!("image request {} refused: {error}", request.uri());
            return plain(status, error.to_string());
        }
    };
    match files::read_regular(&asset.path, MAX_IMAGE_BYTES) {
        Ok(bytes) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, asset.mime)
            .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
            // An SVG opened on its own must not run scripts or load anything.
            .header(
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'",
            )
            .header(header::CACHE_CONTROL, "no-cache")
            .body(bytes)
            .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, String::new())),
        Err(refusal) => plain(StatusCode::NOT_FOUND, refusal.to_string()),
    }
}

fn plain(status: StatusCode, message: String) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(message.into_bytes())
        .unwrap_or_default()
}
