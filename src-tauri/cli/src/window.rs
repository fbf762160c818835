//! Opening the window from the command line: `report-viewer` with no command becomes the
//! window's binary, installed beside it, with the same arguments.

use std::ffi::OsString;
use std::io;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

/// The window's binary (`mainBinaryName` in `tauri.conf.json`).
pub const WINDOW_BINARY: &str = "report-viewer-window";

/// Where the window's binary is: beside this process's own (links resolved), as the package
/// installs them and as `cargo build` leaves them.
pub fn window_binary() -> io::Result<PathBuf> {
    let name = format!("{WINDOW_BINARY}{}", std::env::consts::EXE_SUFFIX);
    Ok(std::env::current_exe()?.with_file_name(name))
}

/// Runs the window with `args`: in place of this process where the system can (the same
/// process, so whoever started it, a desktop launcher or a WebDriver, keeps it), else as a
/// child whose exit code becomes this one's.
pub fn open(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let binary = match window_binary() {
        Ok(binary) => binary,
        Err(error) => return fail(&format!("cannot find the window's program: {error}")),
    };
    let mut command = Command::new(&binary);
    command.args(args);
    #[cfg(unix)]
    let error = {
        use std::os::unix::process::CommandExt;
        // Returns only when it failed.
        command.exec()
    };
    #[cfg(not(unix))]
    let error = match command.status() {
        Ok(status) => return ExitCode::from(u8::try_from(status.code().unwrap_or(1)).unwrap_or(1)),
        Err(error) => error,
    };
    fail(&format!(
        "cannot start the window ({}): {error}; reinstall the app, or build it with `cargo build`",
        binary.display()
    ))
}

fn fail(message: &str) -> ExitCode {
    crate::terminal::say(&format!("report-viewer: {message}"));
    ExitCode::FAILURE
}
