//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

/// The repository's root: the app's package, or two folders above the core's (these
/// helpers serve the tests of both).
pub fn repository() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .find(|dir| dir.join("content/_posts").is_dir())
        .unwrap_or(manifest)
        .to_owned()
}

/// The bundled content folder.
pub fn bundled_content() -> PathBuf {
    repository().join("content")
}

/// The bundled report's file name.
pub const BUNDLED_REPORT: &str = "2019-03-27-google-cloud-kubernetes-day.md";

/// The five session titles of the bundled report, in order.
pub const BUNDLED_TITLES: [&str; 5] = [
    "「Kubernetes/Container による開発」の導入難易度とメリット",
    "コンテナ開発プラットフォームに GKE を選択すべき 7 つの理由",
    "GKE を用いたレガシー システムからのリプレース事例",
    "コンテナによる開発と運用の進化",
    "事例セッション： FreakOut の広告プロダクトでの GKE 活用事例と GKE 新機能の導入について",
];

/// A content folder in a temporary directory, laid out like the bundled one.
pub struct TempContent {
    pub dir: tempfile::TempDir,
}

impl TempContent {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join("_posts")).unwrap();
        TempContent { dir }
    }

    /// A copy of the bundled report.
    pub fn with_bundled_report() -> Self {
        let content = TempContent::new();
        content.write(
            &format!("_posts/{BUNDLED_REPORT}"),
            &fs::read(bundled_content().join("_posts").join(BUNDLED_REPORT)).unwrap(),
        );
        content
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path
    }

    /// Writes a real PNG image (a small gradient) at `relative`.
    pub fn write_png(&self, relative: &str, width: u32, height: u32) -> PathBuf {
        self.write(relative, &png_bytes(width, height))
    }
}

/// Encodes a `width`×`height` RGB gradient as PNG.
pub fn png_bytes(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let mut pixels = Vec::with_capacity((width * height * 3) as usize);
        for y in 0..height {
            for x in 0..width {
                pixels.extend([
                    (x * 255 / width.max(1)) as u8,
                    (y * 255 / height.max(1)) as u8,
                    160,
                ]);
            }
        }
        writer.write_image_data(&pixels).unwrap();
    }
    bytes
}
