//! An empty Tauri window (a page with one heading, no app code): the floor the app's memory
//! figure is measured against, on the same machine and with the same Tauri build.
//!
//! `scripts/figures.sh` builds and runs it; it is not part of the app. The page is served by
//! a protocol of its own, because WebKit runs no web process at all for `about:blank`, which
//! would make the floor lower than any window showing anything.

const PAGE: &str =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Empty window</title></head>\
                    <body><h1>Empty window</h1></body></html>";

fn main() {
    let context = tauri::generate_context!("tauri.conf.json");
    tauri::Builder::default()
        .register_uri_scheme_protocol("empty", |_context, _request| {
            tauri::http::Response::builder()
                .header(
                    tauri::http::header::CONTENT_TYPE,
                    "text/html; charset=utf-8",
                )
                .body(PAGE.as_bytes().to_vec())
                .unwrap_or_default()
        })
        .setup(|app| {
            let page = "empty://localhost/".parse().expect("a valid URL");
            tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::CustomProtocol(page))
                .title("Empty window")
                .inner_size(1200.0, 800.0)
                .build()?;
            Ok(())
        })
        .run(context)
        .expect("the empty window runs");
}
