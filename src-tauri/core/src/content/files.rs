//! Reading files of a folder the reader did not write.
//!
//! A content folder may come from anywhere (a blog checked out from git, an archive someone
//! sent), so a name ending in `.md` or `.png` says nothing about what is behind it: a FIFO
//! would block the reader forever, a device would never end, a symbolic link may lead to
//! the system's password file, and a file may be too large to hold. Every file the app reads
//! from a content folder is opened here: only a regular file, found inside the folder once
//! every link is resolved, no larger than a cap, is read, and anything else is refused with
//! a reason a person can act on.

use std::fmt;
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Largest report file read, in bytes. Real posts are a few hundred kilobytes; a larger file
/// is a generated dump, not a report, and would cost seconds and hundreds of megabytes.
pub const MAX_REPORT_BYTES: u64 = 16 * 1024 * 1024;

/// Largest image served, in bytes. Photos and diagrams of a talk are a few megabytes; an
/// image is read whole for every request, so a larger one is shown as a placeholder.
pub const MAX_IMAGE_BYTES: u64 = 32 * 1024 * 1024;

/// Why a file of the content folder is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Once links are resolved, the file lies outside the content folder.
    OutsideRoot { target: PathBuf },
    /// A link whose target does not exist.
    BrokenLink,
    /// A FIFO, socket, device or folder: not a file that can be read as a whole.
    NotRegular { kind: &'static str },
    /// Larger than the cap for its kind of file.
    TooLarge { bytes: u64, cap: u64 },
    /// The file system said no.
    Io(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::OutsideRoot { target } => write!(
                f,
                "skipped: it links to {}, outside the content folder",
                target.display()
            ),
            Refusal::BrokenLink => write!(f, "skipped: a link to a file that does not exist"),
            Refusal::NotRegular { kind } => {
                write!(f, "skipped: a {kind}, not a regular file")
            }
            Refusal::TooLarge { bytes, cap } => write!(
                f,
                "skipped: {} is over the {} limit",
                size(*bytes),
                size(*cap)
            ),
            Refusal::Io(error) => write!(f, "cannot read: {error}"),
        }
    }
}

impl std::error::Error for Refusal {}

/// A size for messages: `16 MiB`, `700 KiB`, `12 bytes`.
fn size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64).replace(".0 ", " ")
    } else if bytes >= 1024 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// Where `path` leads once every link is resolved, if that is inside `root` (canonical).
pub fn contained(root: &Path, path: &Path) -> Result<PathBuf, Refusal> {
    let resolved = match fs::canonicalize(path) {
        Ok(resolved) => resolved,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(
                if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                    Refusal::BrokenLink
                } else {
                    Refusal::Io(error.to_string())
                },
            )
        }
        Err(error) => return Err(Refusal::Io(error.to_string())),
    };
    if !resolved.starts_with(root) {
        return Err(Refusal::OutsideRoot { target: resolved });
    }
    Ok(resolved)
}

/// Opens `path` (already resolved by [`contained`]) if it is a regular file of at most `cap`
/// bytes, without ever blocking: a FIFO is opened non-blocking and refused, never read.
/// Returns the open file and its length.
pub fn open_regular(path: &Path, cap: u64) -> Result<(File, u64), Refusal> {
    let file = open_nonblocking(path).map_err(|error| match error.raw_os_error() {
        // `O_NOFOLLOW` on a path that became a link after it was resolved.
        #[cfg(unix)]
        Some(libc::ELOOP) => Refusal::NotRegular {
            kind: "symbolic link",
        },
        // A device or socket may refuse the open itself.
        #[cfg(unix)]
        Some(libc::ENXIO) | Some(libc::ENODEV) => Refusal::NotRegular {
            kind: "device or socket",
        },
        _ => Refusal::Io(error.to_string()),
    })?;
    let metadata = file.metadata().map_err(|e| Refusal::Io(e.to_string()))?;
    if !metadata.is_file() {
        return Err(Refusal::NotRegular {
            kind: kind_of(&metadata),
        });
    }
    if metadata.len() > cap {
        return Err(Refusal::TooLarge {
            bytes: metadata.len(),
            cap,
        });
    }
    Ok((file, metadata.len()))
}

/// Reads the regular file at `path` (already resolved), at most `cap` bytes: a file that
/// grows past the cap while it is read is refused too, never read on and on.
pub fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, Refusal> {
    let (file, len) = open_regular(path, cap)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Refusal::Io(e.to_string()))?;
    if bytes.len() as u64 > cap {
        return Err(Refusal::TooLarge {
            bytes: bytes.len() as u64,
            cap,
        });
    }
    Ok(bytes)
}

/// What kind of thing a directory entry is, for messages.
pub fn kind_of(metadata: &Metadata) -> &'static str {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return "folder";
    }
    if kind.is_symlink() {
        return "symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "device";
        }
    }
    if kind.is_file() {
        "file"
    } else {
        "special file"
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    // Named pipes and devices are not reachable through plain paths on Windows.
    File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(16 * 1024 * 1024), "16 MiB");
        assert_eq!(size(17_301_504), "16.5 MiB");
        assert_eq!(size(700 * 1024), "700 KiB");
        assert_eq!(size(12), "12 bytes");
    }

    #[test]
    fn a_regular_file_is_read_and_a_larger_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, b"hello").unwrap();
        assert_eq!(read_regular(&path, 5).unwrap(), b"hello");
        assert_eq!(
            read_regular(&path, 4),
            Err(Refusal::TooLarge { bytes: 5, cap: 4 })
        );
        assert_eq!(
            read_regular(dir.path(), 4),
            Err(Refusal::NotRegular { kind: "folder" })
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        let name = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        assert_eq!(
            read_regular(&path, 100),
            Err(Refusal::NotRegular {
                kind: "FIFO (named pipe)"
            })
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_that_leave_the_root_or_lead_nowhere_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        let root_path = root.path().canonicalize().unwrap();
        fs::write(outside.path().join("secret"), b"s").unwrap();
        fs::write(root.path().join("inside.md"), b"i").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), root.path().join("p.md"))
            .unwrap();
        std::os::unix::fs::symlink(root.path().join("inside.md"), root.path().join("q.md"))
            .unwrap();
        std::os::unix::fs::symlink(root.path().join("none"), root.path().join("r.md")).unwrap();
        assert!(matches!(
            contained(&root_path, &root.path().join("p.md")),
            Err(Refusal::OutsideRoot { .. })
        ));
        assert_eq!(
            contained(&root_path, &root.path().join("q.md")).unwrap(),
            root_path.join("inside.md")
        );
        assert_eq!(
            contained(&root_path, &root.path().join("r.md")),
            Err(Refusal::BrokenLink)
        );
    }
}
