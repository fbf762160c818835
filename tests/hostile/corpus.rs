//! The hostile corpus: one generator per kind of file that has hung, exhausted or fooled the
//! app, or could. Each writes a content folder holding a copy of the bundled report and
//! one odd file, so a case shows both that the odd file is handled and that the good report
//! still loads.
//!
//! Used by `tests/hostile.rs` (at [`Scale::Test`], sizes that take minutes with a quadratic
//! step and a fraction of a second without) and by `examples/hostile_corpus.rs` for
//! `scripts/figures.sh --hostile` (at [`Scale::Full`], the sizes the problems were found at).
#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// How large the generated files are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Test,
    Full,
}

impl Scale {
    fn pick(self, test: usize, full: usize) -> usize {
        match self {
            Scale::Test => test,
            Scale::Full => full,
        }
    }
}

/// What the app must make of a case's odd file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Named among the problems, with a message containing this text.
    Reported(&'static str),
    /// Loaded as a report.
    Loads,
}

/// One kind of hostile file.
pub struct Case {
    pub name: &'static str,
    /// The odd entry, relative to the content folder.
    pub file: &'static str,
    pub expect: Expect,
    /// A word to search for; it occurs in the odd file where the file loads.
    pub query: &'static str,
    write: fn(&Path, Scale),
}

impl Case {
    /// Writes the case's content folder at `dir` (created): the bundled report and the odd file.
    pub fn write(&self, dir: &Path, scale: Scale) {
        let posts = dir.join("_posts");
        fs::create_dir_all(&posts).unwrap();
        let report = "2019-03-27-google-cloud-kubernetes-day.md";
        fs::copy(bundled_posts().join(report), posts.join(report)).unwrap();
        (self.write)(&dir.join(self.file), scale);
    }
}

fn bundled_posts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content/_posts")
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut file = fs::File::create(path).unwrap();
    file.write_all(bytes.as_ref()).unwrap();
}

const FRONT: &str = "---\ntitle: odd\ndate: 2020-01-01\n---\n";

/// Every case.
pub fn all() -> Vec<Case> {
    vec![
        Case {
            name: "yaml-alias-bomb",
            file: "_posts/bomb.md",
            expect: Expect::Reported("expands to more than"),
            query: "コンテナ",
            write: |path, _| {
                let mut yaml =
                    String::from("---\ntitle: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
                for level in 1..10 {
                    let list = vec![format!("*a{}", level - 1); 9].join(", ");
                    yaml.push_str(&format!("a{level}: &a{level} [{list}]\n"));
                }
                yaml.push_str("---\n# s\n");
                write(path, yaml);
            },
        },
        Case {
            name: "yaml-deep",
            file: "_posts/deep.md",
            expect: Expect::Reported("nests deeper"),
            query: "コンテナ",
            write: |path, scale| {
                let n = scale.pick(50_000, 500_000);
                write(
                    path,
                    format!("---\nt: {}{}\n---\n# s\n", "[".repeat(n), "]".repeat(n)),
                );
            },
        },
        Case {
            name: "repeated-headings",
            file: "_posts/repeats.md",
            expect: Expect::Loads,
            query: "repeatword",
            write: |path, scale| {
                let n = scale.pick(30_000, 30_000);
                write(
                    path,
                    format!("{FRONT}# s\n\n{}", "## a\n\nrepeatword\n\n".repeat(n)),
                );
            },
        },
        Case {
            name: "many-sessions",
            file: "_posts/sessions.md",
            expect: Expect::Loads,
            query: "コンテナ",
            write: |path, scale| {
                let n = scale.pick(50_000, 200_000);
                write(path, format!("{FRONT}{}", "# a\n".repeat(n)));
            },
        },
        Case {
            name: "deep-quote",
            file: "_posts/quote.md",
            expect: Expect::Loads,
            query: "quoteword",
            write: |path, scale| {
                let n = scale.pick(100_000, 100_000);
                write(path, format!("{FRONT}# s\n\n{} quoteword\n", ">".repeat(n)));
            },
        },
        Case {
            name: "deep-list",
            file: "_posts/list.md",
            expect: Expect::Loads,
            query: "listword",
            write: |path, scale| {
                let n = scale.pick(50_000, 100_000);
                write(path, format!("{FRONT}# s\n\n{}listword\n", "- ".repeat(n)));
            },
        },
        Case {
            name: "raw-html-storm",
            file: "_posts/divs.md",
            expect: Expect::Loads,
            query: "divword",
            write: |path, scale| {
                let n = scale.pick(50_000, 100_000);
                write(
                    path,
                    format!(
                        "{FRONT}# s\n\ndivword\n\n<div>{}inside{}\n",
                        "<div>".repeat(n),
                        "</div>".repeat(n)
                    ),
                );
            },
        },
        Case {
            name: "many-matches",
            file: "_posts/matches.md",
            expect: Expect::Loads,
            query: "hotword",
            write: |path, scale| {
                // Sections each holding the word 2,000 times: a few MB at test scale, the
                // largest report under the size cap at full scale.
                let sections = scale.pick(60, 900);
                let section = format!("\n## part\n\n{}\n", "hotword ".repeat(2_000));
                write(path, format!("{FRONT}# s\n{}", section.repeat(sections)));
            },
        },
        Case {
            name: "one-huge-line",
            file: "_posts/line.md",
            expect: Expect::Loads,
            query: "needle",
            write: |path, scale| {
                let n = scale.pick(2_000_000, 12_000_000);
                let mut text = format!("{FRONT}# s\n\n");
                text.push_str(&"x".repeat(n / 2));
                text.push_str("needle");
                text.push_str(&"x".repeat(n / 2));
                text.push('\n');
                write(path, text);
            },
        },
        Case {
            name: "huge-japanese-run",
            file: "_posts/kana.md",
            expect: Expect::Loads,
            query: "ンテナ",
            write: |path, scale| {
                let n = scale.pick(300_000, 1_500_000);
                write(
                    path,
                    format!("{FRONT}# s\n\n{}\n", "コンテナ".repeat(n / 4)),
                );
            },
        },
        Case {
            name: "emphasis-storm",
            file: "_posts/emphasis.md",
            expect: Expect::Loads,
            query: "emword",
            write: |path, scale| {
                let n = scale.pick(30_000, 100_000);
                write(
                    path,
                    format!(
                        "{FRONT}# s\n\n{}emword{}\n\n{}\n",
                        "*_".repeat(n),
                        "_*".repeat(n),
                        "**a ".repeat(n)
                    ),
                );
            },
        },
        Case {
            name: "link-bracket-storm",
            file: "_posts/links.md",
            expect: Expect::Loads,
            query: "linkword",
            write: |path, scale| {
                let n = scale.pick(30_000, 100_000);
                write(
                    path,
                    format!(
                        "{FRONT}# s\n\nlinkword {}\n\n{}\n\n{}\n",
                        "[".repeat(n),
                        "[a](".repeat(n),
                        "![".repeat(n)
                    ),
                );
            },
        },
        Case {
            name: "reference-definitions",
            file: "_posts/references.md",
            expect: Expect::Loads,
            query: "refword",
            write: |path, scale| {
                let n = scale.pick(20_000, 100_000);
                let mut text = format!("{FRONT}# s\n\nrefword\n\n");
                for i in 0..n {
                    text.push_str(&format!("[r{i}] [r{i}][] "));
                }
                text.push_str("\n\n");
                for i in 0..n {
                    text.push_str(&format!("[r{i}]: https://example.com/{i}\n"));
                }
                write(path, text);
            },
        },
        Case {
            name: "table-storm",
            file: "_posts/table.md",
            expect: Expect::Loads,
            query: "tableword",
            write: |path, scale| {
                let columns = scale.pick(2_000, 5_000);
                let rows = scale.pick(500, 2_000);
                let mut text = format!("{FRONT}# s\n\ntableword\n\n");
                text.push_str(&"|h".repeat(columns));
                text.push_str("|\n");
                text.push_str(&"|-".repeat(columns));
                text.push_str("|\n");
                text.push_str(&"|\n".repeat(rows));
                write(path, text);
            },
        },
        Case {
            name: "nul-bytes",
            file: "_posts/nul.md",
            expect: Expect::Loads,
            query: "nulword",
            write: |path, _| write(path, format!("{FRONT}# s\0x\n\nnulword \0\0 text\0\n")),
        },
        Case {
            name: "bom-crlf",
            file: "_posts/bom.md",
            expect: Expect::Loads,
            query: "bomword",
            write: |path, _| {
                write(
                    path,
                    "\u{feff}---\r\ntitle: BOM and CRLF\r\n---\r\n# bom session\r\n\r\nbomword\r\n",
                )
            },
        },
        Case {
            name: "empty-file",
            file: "_posts/empty.md",
            expect: Expect::Loads,
            query: "コンテナ",
            write: |path, _| write(path, ""),
        },
        Case {
            name: "control-characters",
            file: "_posts/controls.md",
            expect: Expect::Loads,
            query: "ctlword",
            write: |path, _| {
                write(
                    path,
                    "---\ntitle: \"t\\e]0;owned\\a\"\n---\n# \u{1b}]52;c;aGk=\u{7}title\u{9b}2J\n\n## \u{1b}[31mred\n\nctlword \u{1b}[2J\u{7f} text\n",
                )
            },
        },
        Case {
            name: "invalid-utf8",
            file: "_posts/latin1.md",
            expect: Expect::Reported("UTF-8"),
            query: "コンテナ",
            write: |path, _| write(path, b"# caf\xe9\n"),
        },
        Case {
            name: "too-large",
            file: "_posts/large.md",
            expect: Expect::Reported("over the 16 MiB limit"),
            query: "コンテナ",
            write: |path, _| {
                // Sparse: the size is what matters, and the app must not read it.
                let file = fs::File::create(path).unwrap();
                file.set_len(17 * 1024 * 1024).unwrap();
            },
        },
        Case {
            name: "folder-named-md",
            file: "_posts/folder.md",
            expect: Expect::Reported("a folder"),
            query: "コンテナ",
            write: |path, _| {
                fs::create_dir_all(path).unwrap();
                write(&path.join("inner.txt"), "x");
            },
        },
        #[cfg(unix)]
        Case {
            name: "fifo",
            file: "_posts/x.md",
            expect: Expect::Reported("FIFO"),
            query: "コンテナ",
            write: |path, _| {
                let status = std::process::Command::new("mkfifo")
                    .arg(path)
                    .status()
                    .unwrap();
                assert!(status.success());
            },
        },
        #[cfg(unix)]
        Case {
            name: "socket",
            file: "_posts/s.md",
            expect: Expect::Reported("socket"),
            query: "コンテナ",
            write: |path, _| {
                // The socket stays on disk after the listener is dropped.
                std::os::unix::net::UnixListener::bind(path).unwrap();
            },
        },
        #[cfg(unix)]
        Case {
            name: "symlink-outside",
            file: "_posts/p.md",
            expect: Expect::Reported("outside the content folder"),
            query: "outsidesecret",
            write: |path, _| {
                // A file beside the content folder, with a word that must never be found.
                let outside = path
                    .parent()
                    .unwrap()
                    .parent()
                    .unwrap()
                    .with_extension("secret");
                fs::write(&outside, "# outsidesecret\n\nroot:x:0:0:outsidesecret\n").unwrap();
                std::os::unix::fs::symlink(&outside, path).unwrap();
            },
        },
        #[cfg(unix)]
        Case {
            name: "symlink-to-device",
            file: "_posts/zero.md",
            expect: Expect::Reported("outside the content folder"),
            query: "コンテナ",
            write: |path, _| std::os::unix::fs::symlink("/dev/zero", path).unwrap(),
        },
        #[cfg(unix)]
        Case {
            name: "symlink-broken",
            file: "_posts/broken.md",
            expect: Expect::Reported("does not exist"),
            query: "コンテナ",
            write: |path, _| std::os::unix::fs::symlink("nowhere.md", path).unwrap(),
        },
        #[cfg(unix)]
        Case {
            name: "symlink-inside",
            file: "_posts/alias.md",
            expect: Expect::Loads,
            query: "aliasword",
            write: |path, _| {
                let target = path
                    .parent()
                    .unwrap()
                    .parent()
                    .unwrap()
                    .join("notes/real.md");
                write(&target, format!("{FRONT}# aliased\n\naliasword\n"));
                std::os::unix::fs::symlink(&target, path).unwrap();
            },
        },
    ]
}
