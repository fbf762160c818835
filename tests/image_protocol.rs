//! The image protocol serves images of the content folder and refuses everything else.

mod support;

use report_core::content::{ContentRoot, FolderSource, Library};
use report_viewer::app::protocol::respond;
use tauri::http::{Method, Request, StatusCode};

fn get(root: &ContentRoot, path: &str) -> (StatusCode, Option<String>, Vec<u8>) {
    get_from(&Library::load(root.path()).unwrap(), path)
}

fn get_from(library: &Library, path: &str) -> (StatusCode, Option<String>, Vec<u8>) {
    let request = Request::builder()
        .method(Method::GET)
        .uri(format!("report-asset://localhost{path}"))
        .body(Vec::new())
        .unwrap();
    let response = respond(library, &request);
    let mime = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    (response.status(), mime, response.body().clone())
}

#[test]
fn serves_a_real_image_with_its_type() {
    let content = support::TempContent::with_bundled_report();
    let png = support::png_bytes(32, 16);
    content.write("images/20190327_gc_k8sday/cncf-trail-map.png", &png);
    let root = ContentRoot::new(content.path()).unwrap();
    let (status, mime, body) = get(&root, "/images/20190327_gc_k8sday/cncf-trail-map.png");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mime.as_deref(), Some("image/png"));
    assert_eq!(body, png);
}

#[test]
fn refuses_paths_that_leave_the_content_folder() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("secret.png"), b"secret").unwrap();
    let content = outer.path().join("content");
    std::fs::create_dir_all(content.join("images")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outer.path().join("secret.png"),
        content.join("images/link.png"),
    )
    .unwrap();
    let root = ContentRoot::new(&content).unwrap();
    for path in [
        "/../secret.png",
        "/images/../../secret.png",
        "/%2e%2e/secret.png",
        "/images/%2E%2E/%2E%2E/secret.png",
        "/..%2fsecret.png",
        "/%2Fetc%2Fpasswd",
        "/images/link.png",
    ] {
        let (status, _, body) = get(&root, path);
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert_ne!(body, b"secret", "{path}");
    }
}

#[test]
fn missing_images_and_other_files_are_not_served() {
    let content = support::TempContent::with_bundled_report();
    let root = ContentRoot::new(content.path()).unwrap();
    let (status, _, _) = get(&root, "/images/20190327_gc_k8sday/cncf-landscape.png");
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get(&root, &format!("/_posts/{}", support::BUNDLED_REPORT));
    assert_eq!(status, StatusCode::FORBIDDEN);
}

// Regression: an image was read whole for every request, whatever it was and its size. A
// FIFO named like an image is never opened for reading (it would block), a file over the
// cap is refused without being read, and its placeholder says why.
#[test]
fn special_files_and_oversized_images_are_refused_without_reading() {
    let content = support::TempContent::new();
    content.write(
        "_posts/2020-01-01-images.md",
        b"---\ntitle: Pictures\n---\n# Pictures\n\n![big](/images/big.png)\n\n![pipe](/images/pipe.png)\n",
    );
    let big = content.path().join("images/big.png");
    std::fs::create_dir_all(big.parent().unwrap()).unwrap();
    // Sparse: only its size matters.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(report_core::content::files::MAX_IMAGE_BYTES + 1)
        .unwrap();
    #[cfg(unix)]
    assert!(std::process::Command::new("mkfifo")
        .arg(content.path().join("images/pipe.png"))
        .status()
        .unwrap()
        .success());
    let root = ContentRoot::new(content.path()).unwrap();

    let (status, _, body) = get(&root, "/images/big.png");
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body.len() < 1024);
    #[cfg(unix)]
    {
        let (status, _, _) = get(&root, "/images/pipe.png");
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    let library = report_core::content::Library::load(content.path()).unwrap();
    let entry = &library.reports[0];
    let images = library.images(entry, &entry.sessions[0].images);
    assert_eq!(
        images[0].missing,
        Some(report_core::markdown::MissingReason::TooLarge)
    );
    #[cfg(unix)]
    assert_eq!(
        images[1].missing,
        Some(report_core::markdown::MissingReason::NotIncluded)
    );
}

// A library of several folders serves each folder's images below a base of its own
// (`~N/`), and nothing from a folder it does not have or from outside any of them.
#[test]
fn each_folder_of_a_library_serves_its_own_images() {
    let first = support::TempContent::with_bundled_report();
    let second = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(second.path().join("pics")).unwrap();
    std::fs::write(
        second.path().join("notes.md"),
        "---\ntitle: Notes\n---\n# Talk\n\n![x](pics/x.png)\n",
    )
    .unwrap();
    let png = support::png_bytes(8, 8);
    std::fs::write(second.path().join("pics/x.png"), &png).unwrap();
    std::fs::write(second.path().join("secret.png"), b"secret").unwrap();
    let library = Library::load_all(&[
        FolderSource {
            dir: first.path().to_owned(),
            catalog: None,
        },
        FolderSource {
            dir: second.path().to_owned(),
            catalog: None,
        },
    ])
    .unwrap();
    // The page of the second folder's report points at its image there.
    let page =
        report_core::view::page(&library, "notes/1", "report-asset://localhost/", None).unwrap();
    assert_eq!(
        page.images[0].url.as_deref(),
        Some("report-asset://localhost/~1/pics/x.png")
    );
    let (status, _, body) = get_from(&library, "/~1/pics/x.png");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, png);
    // The same path is not the first folder's.
    assert_eq!(get_from(&library, "/pics/x.png").0, StatusCode::NOT_FOUND);
    for path in [
        "/~2/pics/x.png",
        "/~x/pics/x.png",
        "/~1/../secret.png",
        "/~1/%2e%2e/x",
    ] {
        let (status, _, body) = get_from(&library, path);
        assert_ne!(status, StatusCode::OK, "{path}");
        assert_ne!(body, b"secret", "{path}");
    }
    // A file whose name starts with `~` is served as itself, its `~` encoded.
    std::fs::create_dir_all(first.path().join("images")).unwrap();
    std::fs::write(first.path().join("images/~1.png"), &png).unwrap();
    assert_eq!(
        report_core::content::assets::encode_url_path("images/~1.png"),
        "images/%7E1.png"
    );
    assert_eq!(get_from(&library, "/images/%7E1.png").0, StatusCode::OK);
}
